"""CSV files as Excel opens them, for every CSV the generator writes (open data, statistics, import reports).

UTF-8 with a byte order mark (Excel then reads the accents), CRLF line ends and quotes where
needed (RFC 4180), and no text cell that Excel would run as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A cell Excel shows as written: text that would start a formula gets a leading apostrophe.

    ("+84 290 ..." would otherwise become a formula, and a hostile "=HYPERLINK(...)" a live one.)
    Numbers stay numbers; None is an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def lines(rows: Iterable[Iterable[Any]]) -> str:
    """CSV lines of ``rows`` (CRLF, quoted where needed), every cell through :func:`cell`."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(
        [cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def document(header: Iterable[Any], rows: str | Iterable[Iterable[Any]]) -> bytes:
    """A CSV file: the byte order mark, the header line, then ``rows`` (or lines already made by :func:`lines`)."""
    body = rows if isinstance(rows, str) else lines(rows)
    return "\ufeff".encode("utf-8") + (lines([header]) + body).encode("utf-8")
