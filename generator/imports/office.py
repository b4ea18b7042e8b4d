"""Office documents (.xlsx, .docx) are zip packages: each is checked before a reader opens it.

The readers (openpyxl, python-docx) unpack parts whole and parse their XML, so a small file that
unpacks to gigabytes (a zip bomb) would take that much memory. The check reads only the zip's
directory: Python's zipfile never unpacks more than a part's size as the directory gives it (a
part that holds more fails its checksum), so these sizes bound what the readers can allocate.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_DIRECTORY_BYTES = 2 * 1024 * 1024  # the zip's list of parts: an Office file has dozens, not tens of thousands
_END = b"PK\x05\x06"  # the record that closes a zip file and gives the size of its directory
_END_SEARCH = 22 + 65_535  # the record and the longest comment that may follow it


class NotReadable(ValueError):
    """The file is no Office document a reader may open."""


def check_package(path: Path, kind: str, max_bytes: int) -> None:
    """Refuse ``path`` unless it is a zip package that unpacks to at most ``max_bytes``.

    ``kind`` names the format in messages (".xlsx workbook").
    """
    directory = _directory_bytes(path)
    if directory is not None and directory > MAX_DIRECTORY_BYTES:
        raise NotReadable(f"not a readable {kind}: its list of parts takes {directory:,} bytes, more than an "
                          "Office document has")
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(part.file_size for part in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotReadable(f"not a readable {kind}: it is not a zip package as Office saves them ({exc})") from None
    if unpacked > max_bytes:
        raise NotReadable(f"this {kind} unpacks to {unpacked / 1e6:,.0f} MB, more than the {max_bytes / 1e6:,.0f} MB "
                          "it may hold here; split it into smaller files")


def _directory_bytes(path: Path) -> int | None:
    """The size of the zip's directory as its end record gives it (None without one: then no zip),
    read before :mod:`zipfile` reads the directory whole."""
    try:
        with open(path, "rb") as file:
            file.seek(0, 2)
            file.seek(max(0, file.tell() - _END_SEARCH))
            tail = file.read()
    except OSError:
        return None  # zipfile reports it
    at = tail.rfind(_END)
    if at < 0 or len(tail) < at + 22:
        return None
    return int.from_bytes(tail[at + 12:at + 16], "little")
