"""A strict YAML reader for records written by hand.

PyYAML's default loaders silently keep the last of two duplicate keys, expand
anchors and aliases (the "billion laughs" blow-up) and report no line numbers
once a document is turned into Python objects. Records are edited by provincial
officers in plain editors, so this reader:

* decodes UTF-8 (with or without BOM) and UTF-16 with a BOM, and refuses any
  other encoding with a hint instead of producing mojibake;
* normalises the text to NFC before parsing;
* refuses duplicate keys, aliases, several documents, empty files, a root that is
  not a mapping, control characters, values nested deeper than a record needs,
  and files over a size limit;
* returns mappings and lists that remember the line of every key and item, so
  that validation can say ``file:line: field: message``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import yaml

from ..domain import parse
from ..domain.text import nfc

try:  # the C composer is several times faster; the pure one gives the same nodes
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - libyaml is bundled with PyYAML wheels
    from yaml import SafeLoader as _SafeLoader


class _Loader(_SafeLoader):
    """PyYAML's safe loader reading plain values by the rules an officer expects, not YAML 1.1's.

    YAML 1.1 reads ``7:30`` as the number 450 (base 60), ``yes``/``no``/``on``/``off`` as true and
    false, ``010`` as 8, and ``25.000`` (25,000 đồng, written the Vietnamese way) as 25.0. Here a
    plain value is a number only when it is written as a whole number without leading zeros,
    true/false/null as in YAML 1.2, a date or a time stamp; everything else stays the text it
    reads as, and the fields that want numbers (prices, coordinates) parse that text themselves.
    """

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("int", r"[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
    ("merge", r"<<", "<"),  # refused by _Builder with its own message
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first))
for _first, _resolvers in _SafeLoader.yaml_implicit_resolvers.items():  # YAML's own date and time stamp
    for _tag, _pattern in _resolvers:
        if _tag == "tag:yaml.org,2002:timestamp":
            _Loader.add_implicit_resolver(_tag, _pattern, [_first])

MAX_BYTES = 1024 * 1024
"""A record is a page of text; anything over 1 MiB is a mistake or an attack."""
MAX_DEPTH = 16
"""Records nest two or three levels; deeper nesting is a mistake or an attack on the parser."""
_SCALARS = (str, int, float, bool, type(None), dt.date)
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[^\W_][\w ,./()'+%&×–-]*")
_RESOLVER = yaml.resolver.Resolver()


def scalar(text: str) -> str:
    """``text`` written as a YAML scalar that reads back as the same string: plain when that is safe
    (not a number, date or boolean to any YAML reader), double-quoted otherwise."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS \
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str":
        return text
    return json.dumps(text, ensure_ascii=False)


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class Mapping(dict):
    """A dict that knows the line of each of its keys."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class Sequence(list):
    """A list that knows the line of each of its items."""

    line: int = 0

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


def line_of(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


def decode(data: bytes) -> str:
    """Decode a text file as office editors save it; raise YamlError otherwise."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, "utf-16")
    elif b"\x00" in data[:2]:  # UTF-16 saved without a byte order mark: "i\x00d\x00" or "\x00i\x00d"
        return _utf16(data, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(
            line,
            "the file is not UTF-8 text (it looks like an older encoding such as "
            "Windows-1258 or TCVN3); open it and save it again as UTF-8",
        ) from None
    return nfc(text).replace("\r\n", "\n")


def _utf16(data: bytes, codec: str) -> str:
    try:
        return nfc(data.decode(codec)).replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise YamlError(0, f"broken UTF-16 text ({exc.reason}); save the file again as UTF-8") from None


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlError(0, f"the file is {size:,} bytes; a record may be at most {max_bytes:,} bytes")
    return path.read_bytes()


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    return decode(read_bytes(path, max_bytes))


def load_mapping(path: Path, max_bytes: int = MAX_BYTES) -> Mapping:
    """Read one record file: a single YAML document whose root is a mapping."""
    return parse_mapping(read_text(path, max_bytes))


def to_plain(value: Any) -> Any:
    """A parsed record as JSON values, lines included (see :mod:`generator.records.memo`); :func:`from_plain` reverses it."""
    if isinstance(value, Mapping):
        return {"m": value.line, "k": [[k, value.line_of(k), to_plain(v)] for k, v in value.items()]}
    if isinstance(value, Sequence):
        return {"s": value.line, "i": [[value.line_of(i), to_plain(v)] for i, v in enumerate(value)]}
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def from_plain(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "m" in value:
        result = Mapping()
        result.line = value["m"]
        for k, line, v in value["k"]:
            result[k] = from_plain(v)
            result.lines[k] = line
        return result
    if "s" in value:
        seq = Sequence(from_plain(v) for _, v in value["i"])
        seq.line = value["s"]
        seq.lines = [line for line, _ in value["i"]]
        return seq
    if "t" in value:
        return dt.datetime.fromisoformat(value["t"])
    return dt.date.fromisoformat(value["d"])


def as_mapping(data: dict) -> Mapping:
    """A record built in code (an importer's) as the loader's Mapping, nested mappings included.

    It has no lines to report: problems found in it are about the data, not a file.
    """
    result = Mapping({k: as_mapping(v) if isinstance(v, dict) else v for k, v in data.items()})
    result.line = 0
    return result


def parse_mapping(text: str) -> Mapping:
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise YamlError(0, "the file is empty")
    try:
        _check_depth(text)
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise _friendly(exc, text) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(line, f"the text holds a control character (U+{exc.character:04X}) that has no place in a record; "
                              "delete it or retype the line") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, f"not valid YAML: {exc}") from None

    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise YamlError(0, "the file is empty")
    if len(nodes) > 1:
        raise YamlError(nodes[1].start_mark.line + 1, "the file holds several YAML documents ('---'); put one record in each file")
    root = nodes[0]
    if not isinstance(root, yaml.MappingNode):
        raise YamlError(root.start_mark.line + 1, "a record must be a list of 'field: value' lines, not a single value or a list")
    try:
        return _Builder().build(root)
    except _AliasUsed:
        line = next(e.start_mark.line + 1 for e in yaml.parse(text, Loader=_Loader) if isinstance(e, yaml.AliasEvent))
        raise YamlError(line, "anchors and aliases ('&' and '*') are not allowed in records; write the value out") from None


def _check_depth(text: str) -> None:
    """Refuse deep nesting from the event stream before composing: the C composer recurses
    without limit and a megabyte of '[' would crash the interpreter."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(event.start_mark.line + 1, f"values are nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


class _AliasUsed(Exception):
    """A node reached twice: an alias. Its line is found from the event stream."""


def _friendly(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    lines = text.split("\n")
    if mark and 0 <= mark.line < len(lines) and "\t" in lines[mark.line]:
        return YamlError(line, "a tab character is used for indentation; YAML only allows spaces")
    problem = exc.problem or "syntax error"
    context = f" ({exc.context})" if exc.context else ""
    return YamlError(line, f"not valid YAML: {problem}{context}")


class _Builder:
    """Turns a composed node tree into Mapping/Sequence/scalars, strictly."""

    def __init__(self) -> None:
        self._constructor = yaml.constructor.SafeConstructor()
        self._seen: set[int] = set()

    def build(self, node: yaml.Node) -> Any:
        if id(node) in self._seen:
            raise _AliasUsed
        self._seen.add(id(node))
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.ScalarNode) and node.tag not in (_MAP, _SEQ):
            raise YamlError(line, f"the tag '{node.tag.removeprefix('tag:yaml.org,2002:')}' is not allowed in records")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line)
        if isinstance(node, yaml.SequenceNode):
            seq = Sequence()
            seq.line = line
            for item in node.value:
                seq.append(self.build(item))
                seq.lines.append(item.start_mark.line + 1)
            return seq
        if node.tag == "tag:yaml.org,2002:merge":
            raise YamlError(line, "merge keys ('<<') are not allowed in records")
        try:
            value = self._constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlError(line, f"unreadable value: {exc.problem}") from None
        except (ValueError, OverflowError):  # a timestamp such as 2024-13-45
            raise YamlError(line, f"'{node.value}' looks like a date but is not a real one") from None
        if not isinstance(value, _SCALARS):
            raise YamlError(line, "binary data and other special values ('!!') are not allowed in records")
        if isinstance(value, dt.date):
            try:
                parse.date(value)  # within the years a record may hold
            except ValueError as exc:
                raise YamlError(line, str(exc)) from None
        return nfc(value) if isinstance(value, str) else value

    def _mapping(self, node: yaml.MappingNode, line: int) -> Mapping:
        result = Mapping()
        result.line = line
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(key_line, "a field name must be plain text")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(key_line, "merge keys ('<<') are not allowed in records")
            key = nfc(str(key_node.value))
            if key in result:
                raise YamlError(key_line, f"the field '{key}' is given twice (first on line {result.lines[key]}); keep one")
            result[key] = self.build(value_node)
            result.lines[key] = key_line
        return result
