"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright.

Playwright cannot download its own browser here; ``executable_path`` points at
the system Chromium. Background networking is off so the browser makes no
request of its own.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("OCOP_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser asks, as static hosts do (GitHub
    Pages, GitLab Pages): transfer sizes and throttled timings then match a real host."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".csv")

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirects to the folder's URL
            path = path / "index.html"
        if (path.suffix not in self.COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def watched_page(browser, base: str, **context_options):
    """A page of a fresh context whose every request to another host is blocked and recorded.

    On leaving, JavaScript errors, attempted third-party requests and anything the page's
    Content-Security-Policy refused fail the test: the site must work offline from its own files,
    within its own policy.
    """
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_options})
    page = context.new_page()
    errors, foreign, refused = [], [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    host = urlsplit(base).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc != host and not route.request.url.startswith(("data:", "blob:")):
            foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    try:
        yield page
    finally:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert foreign == [], f"third-party requests: {foreign}"
    assert refused == [], f"refused by the Content-Security-Policy: {refused}"
