"""The Content-Security-Policy of every page, as a meta element (static hosts cannot all send headers).

The site loads everything from itself: scripts, styles, fonts, photos, data. The policy says so,
so that a hole anywhere else (a sanitiser bug, a file published by mistake) cannot run a script
from elsewhere, or an inline one: inline scripts run only if they are the theme's own, allowed by
their SHA-256 hash. Inline style attributes stay allowed (charts set bar widths with them; a
style cannot run code, and with every load limited to the site it cannot send anything away).
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)([^>]*)>(.*?)</script\s*>", re.S | re.I)
_DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json\b""", re.I)  # JSON, never run
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta charset=[^>]*>)?", re.I)


def script_hash(script: str) -> str:
    """How a policy allows the inline script ``script``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The code of the scripts written in ``html`` itself (not loaded from a file, not JSON data)."""
    return [code for attributes, code in _INLINE_SCRIPT.findall(html) if not _DATA_BLOCK.search(attributes)]


def runs(script_type: str) -> bool:
    """Whether a script element of this ``type`` attribute is run (JSON data blocks are not)."""
    return not _DATA_BLOCK.search(f'type="{script_type}"')


def policy(trusted_scripts: list[str]) -> str:
    hashes = "".join(f" {h}" for h in sorted({script_hash(code) for code in trusted_scripts}))
    return ("default-src 'self'; "
            f"script-src 'self'{hashes}; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; "
            "object-src 'none'; "
            "base-uri 'self'; "
            "form-action 'self'")


def with_policy(html: str, untrusted: str = "") -> str:
    """``html`` with its policy first in its head (before any script): the page's inline scripts are
    allowed, but those of ``untrusted`` (text written by the site's editors, for instance)."""
    refused = set(inline_scripts(untrusted))
    meta = (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{policy([s for s in inline_scripts(html) if s not in refused])}">')
    found = _HEAD.search(html)
    if found is None:
        raise ValueError("the page has no <head>: its Content-Security-Policy has nowhere to go")
    return html[:found.end()] + meta + html[found.end():]
