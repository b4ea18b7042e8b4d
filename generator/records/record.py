"""One record file as its readers see it: each field read by the one rule of text or parsed, each
problem reported with the file, the field's line and the field, never only the first."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable

from ..domain.text import text_block, text_line
from ..support.suggest import Names
from . import markup
from .memo import Memo, digest
from .problems import Problems
from .yamlfile import Mapping, Sequence


def contained(base: Path, rel: str, example: str = "images/photo.jpg") -> Path:
    """The file ``rel`` names inside ``base``; ValueError when it is missing or leads outside."""
    where = f"{base.name}/"
    if not rel:
        raise ValueError("names no file")
    if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel) or ".." in Path(rel).parts:
        raise ValueError(f"'{rel}' must be a path inside {where}, such as {example}")
    try:
        resolved = (base / rel).resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        raise ValueError(f"no file {where}{rel}") from None
    if not resolved.is_relative_to(base.resolve()) or not resolved.is_file():
        raise ValueError(f"'{rel}' leads outside {where} (a link?) or is not a file")
    return resolved


def _markdown(text: str, memo: Memo | None) -> markup.Rendered:
    if memo is None or not text:
        return markup.render(text)
    return memo.through("markdown", digest(text.encode("utf-8")), lambda: markup.render(text),
                        lambda r: [r.html, [list(p) for p in r.problems]],
                        lambda kept: markup.Rendered(kept[0], tuple((line, message) for line, message in kept[1])))


class Record:
    """One record file: reports problems with its path and the field's line."""

    def __init__(self, path: Path, data: Mapping, problems: Problems, memo: Memo | None = None):
        self.path = path
        self.data = data
        self.problems = problems
        self.memo = memo
        self.ok = True

    def problem(self, field: str, message: str, line: int | None = None) -> None:
        """Record a problem; ``line`` defaults to the line of the top-level field."""
        self.ok = False
        if line is None:
            line = self.data.line_of(re.split(r"[.\[]", field)[0])
        self.problems.add(self.path, line, field, message)

    def check_fields(self, mapping: Mapping, allowed: tuple[str, ...], prefix: str = "") -> None:
        for name in mapping:
            if name not in allowed:
                close = Names(allowed).closest(name)
                hint = f"; did you mean '{close}'?" if close else f"; allowed fields: {', '.join(allowed)}"
                self.problem(prefix + name, f"unknown field{hint}", mapping.line_of(name))

    def text(self, name: str, *, required: bool | str = False, within: Mapping | None = None, prefix: str = "",
             multiline: bool = False) -> str:
        """A text field by the one rule of text (:func:`text_line`, or :func:`text_block` for
        ``multiline`` Markdown); "" when it is absent, empty or not text (reported).

        A ``required`` field that is absent, empty or blank is reported too (a text ``required`` says what it holds).
        """
        mapping = self.data if within is None else within
        line = mapping.line_of(name) if name in mapping else mapping.line
        value = self.value_text(prefix + name, mapping.get(name), line, multiline=multiline)
        if value == "" and required:
            blank = mapping.get(name) not in (None, "")
            hint = f": {required}" if isinstance(required, str) else ""
            self.problem(prefix + name, "holds only blank space; write it out" if blank else f"is required{hint}", line)
        return value or ""

    def value_text(self, field: str, value: Any, line: int, *, multiline: bool = False) -> str | None:
        """A field's or list item's value as text; None (reported) when it is not text or holds
        characters no text may hold."""
        if value is None:
            return ""
        if isinstance(value, (Mapping, Sequence, bool)) or not isinstance(value, (str, int, dt.date)):
            self.problem(field, "must be text", line)
            return None
        try:
            return (text_block if multiline else text_line)(str(value))
        except ValueError as exc:
            self.problem(field, str(exc), line)
            return None

    def markdown(self, name: str) -> str:
        """A Markdown field as safe HTML; what in it cannot be published is reported on the field."""
        rendered = _markdown(self.text(name, multiline=True), self.memo)
        for _, message in rendered.problems:
            self.problem(name, message)
        return rendered.html

    def parsed(self, name: str, parser: Callable[[Any], Any], *, within: Mapping | None = None, prefix: str = "") -> Any:
        mapping = self.data if within is None else within
        try:
            return parser(mapping[name])
        except ValueError as exc:
            self.problem(prefix + name, str(exc), mapping.line_of(name))
            return None

    def mapping(self, name: str) -> Mapping | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.problem(name, "must be a group of 'field: value' lines", self.data.line_of(name))
            return None
        return value

    def items(self, name: str) -> list[tuple[int, Any, int]]:
        """(index, item, line) of a list field; a single value counts as a list of one."""
        value = self.data.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, Sequence):
            return [(i, item, value.line_of(i)) for i, item in enumerate(value)]
        if isinstance(value, Mapping):
            self.problem(name, "must be a list ('- ' lines)")
            return []
        return [(0, value, self.data.line_of(name))]
