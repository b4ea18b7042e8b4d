"""Record text: new records written out, existing ones edited in place, all written at once.

An existing record is edited with ruamel.yaml's round-trip mode: the fields a row sets are
replaced, every other field, its order, its style and every comment stay as the officer wrote
them. A new record is written line by line (a YAML emitter, ruamel's pure-Python one above all,
costs several times more, which matters for a first import of 15,000 rows); both give the same
layout. Comments marking guesses are added to the line of the field they concern.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ...domain import parse
from ...domain.text import nfc
from ...records.products import PRODUCER_FIELDS, PRODUCT_FIELDS
from ...records.yamlfile import scalar
from .rows import CONFIRM


def _round_trip() -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


_RT = _round_trip()


def _scalar(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return scalar(str(value))


def new_text(data: dict, kind: str, comments: dict[str, str]) -> str:
    """A new record's YAML, fields in record order, a comment at the end of each line named in ``comments``.

    Import records hold text, numbers, dates and one nested mapping (the certificate): written
    line by line with :func:`generator.records.yamlfile.scalar`, which quotes whatever a YAML reader
    would not read back as the same text.
    """
    lines = []
    for key in PRODUCT_FIELDS if kind == "products" else PRODUCER_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {sub}: {_scalar(v)}" for sub, v in value.items())
        else:
            lines.append(f"{key}: {_scalar(value)}" + (f"  # {comments[key]}" if key in comments else ""))
    return "\n".join(lines) + "\n"


_READERS = {"stars": parse.stars, "date": parse.date, "expires": parse.date, "price": parse.price}


def _same(key: str, old: object, new: object, readers: dict[str, Callable] | None = None) -> bool:
    """Do two values of a field mean the same? ("4 sao" is 4; "20/05/2024" is 2024-05-20)."""
    reader = (readers or {}).get(key) or _READERS.get(key)
    if reader is not None:
        try:
            return reader(old) == reader(new)
        except (ValueError, TypeError):
            return False
    if isinstance(old, str) and isinstance(new, str):
        return " ".join(nfc(old).split()) == " ".join(new.split())
    return old == new


def changes(existing: dict, wanted: dict, fill_only: set[str], readers: dict[str, Callable] | None = None
            ) -> dict[str, object]:
    """The fields of ``wanted`` that differ from ``existing`` (a certificate compares field by field).

    Fields in ``fill_only`` (guesses) are only set when the record has none; ``readers`` say when
    two differently written values mean the same (a group's code and its name).
    """
    changed = {}
    for key, value in wanted.items():
        old = existing.get(key)
        if key in fill_only and old not in (None, ""):
            continue
        if isinstance(value, dict):
            old_map = old if isinstance(old, dict) else {}
            if any(not _same(k, old_map.get(k), v, readers) for k, v in value.items()):
                changed[key] = value
        elif old is None or not _same(key, old, value, readers):
            changed[key] = value
    return changed


def _set(record: CommentedMap, key: str, value: object, order: tuple[str, ...]) -> None:
    if key in record:
        record[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = sum(1 for k in record if k in order and order.index(k) < rank)
    record.insert(position, key, value)


def _drop_guess_comment(record: CommentedMap, key: str) -> None:
    comment = record.ca.items.get(key)
    if comment and any(token is not None and CONFIRM in getattr(token, "value", "") for token in comment):
        del record.ca.items[key]


def same_certificate(old: object, new: dict) -> bool:
    """Is ``new`` the certificate ``old`` records (same decision number), perhaps with other details?"""
    return isinstance(old, dict) and _same("number", old.get("number"), new.get("number"))


def updated_text(source: str, changed: dict[str, object], kind: str, comments: dict[str, str]) -> str:
    """``source`` with ``changed`` applied, every field and comment it does not touch kept.

    A nested mapping (the certificate) is edited field by field when it records the same
    decision; a new decision replaces it whole, so an old level or expiry cannot outlive it.
    """
    order = PRODUCT_FIELDS if kind == "products" else PRODUCER_FIELDS
    record = _RT.load(source)
    for key, value in changed.items():
        if isinstance(value, dict) and isinstance(record.get(key), CommentedMap) and same_certificate(record[key], value):
            nested = record[key]
            for sub, sub_value in value.items():
                if sub not in nested or not _same(sub, nested[sub], sub_value):
                    _set(nested, sub, sub_value, tuple(value))
        else:
            _drop_guess_comment(record, key)
            _set(record, key, value, order)
        if key in comments:
            record.yaml_add_eol_comment(comments[key], key)
    out = io.StringIO()
    _RT.dump(record, out)
    return out.getvalue()


def temporary(path: Path) -> Path:
    """Where a record is written before it takes its place (a dot file: the loader skips it)."""
    return path.with_name(f".{path.name}.importing")


def write_all(files: dict[Path, str]) -> None:
    """Write every file or none: all are written beside their target first, then renamed into place."""
    written = []
    try:
        for folder in {path.parent for path in files}:
            folder.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            staging = temporary(path)
            with open(staging, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            written.append((staging, path))
    except BaseException:
        for staging, _ in written:
            staging.unlink(missing_ok=True)
        raise
    for staging, path in written:
        os.replace(staging, path)
