"""The built-site checker (``ocop check``): each kind of defect is found, and a large site has none."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.cli import main as cli
from generator.devtools import sitecheck
from generator.support.csp import script_hash
from generator.devtools.sitecheck import check_site

SITE_URL = "https://ocop.example.vn/tinh/"
POLICY = ('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' '
          f'{script_hash("allowed()")}">')


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), "utf-8")


@pytest.fixture
def damaged(tmp_path) -> Path:
    """A small built site with one defect of each kind, beside references that are right."""
    root = tmp_path / "site"
    write(root, "index.html", """\
        <!doctype html><html><head>
        POLICY<script>allowed()</script><script type="application/ld+json">{}</script>
        <link rel="stylesheet" href="assets/site.css">
        <link rel="canonical" href="https://ocop.example.vn/tinh/">
        <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
        <script src="https://cdn.example.com/x.js"></script>
        </head><body>
        <h1 id="top">Trang chủ</h1><p id="top">again</p>
        <a href="san-pham/">ok</a> <a href="san-pham/#gia">ok fragment</a> <a href="#top">ok here</a>
        <a href="san-pham/#khong-co">missing fragment</a> <a href="chu-the/">missing page</a>
        <a href="https://example.vn/">a link away is fine</a> <a href="mailto:a@example.vn">mail</a>
        <a href="JavaScript:alert(1)">script</a>
        <a href="/tinh/san-pham/">absolute under the site's path</a> <a href="/khac/">absolute elsewhere</a>
        <img src="anh/a.jpg" srcset="anh/a.jpg 320w, anh/b.jpg 640w" alt="">
        <img src="https://tracker.example/p.gif" alt="">
        <div data-source="san-pham/du-lieu.json"></div>
        <script>refused()</script>
        </body></html>
        """.replace("POLICY", POLICY))
    write(root, "san-pham/index.html", f'<html><head>{POLICY}</head><body><h2 id="gia">Giá</h2><a href="../">home</a></body></html>')
    write(root, "p/x/index.html", f'<html><head>{POLICY}<meta http-equiv="refresh" content="0; url=../../san-pham/y/"></head></html>')
    write(root, "plans/files/phu-luc.html", '<html><head><script>steal()</script>' + POLICY + '</head></html>')
    write(root, "plans/files/trang.htm", "<p>x</p>")
    write(root, "anh/ve.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect onload="steal()"/></svg>')
    write(root, "anh/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>')
    write(root, "tin.xml", '<html xmlns="http://www.w3.org/1999/xhtml"><script>steal()</script></html>')
    write(root, "assets/site.css", """\
        @font-face { src: url("../fonts/roboto.woff2") format("woff2"); }
        @font-face { src: url(../fonts/missing.woff2); }
        @import "https://fonts.googleapis.com/css2?family=Inter";
        .x { background: url("data:image/svg+xml;utf8,<svg/>"); } /* url(commented-out.png) */
        """)
    write(root, "fonts/roboto.woff2", "font")
    write(root, "anh/a.jpg", "jpeg")
    write(root, "san-pham/du-lieu.json", json.dumps({
        "images": "anh/", "products": [["", "Sản phẩm", 3, "", "", -1, 0, "a", ""]]}))
    write(root, "sitemap.xml", """\
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://ocop.example.vn/tinh/san-pham/</loc></url>
        <url><loc>https://ocop.example.vn/tinh/chu-the/</loc></url>
        </urlset>
        """)
    return root


def test_every_kind_of_defect_is_found(damaged):
    report = check_site(damaged, SITE_URL)
    assert sorted(report.problems) == sorted([
        'index.html: the id "top" is used 2 times',
        'index.html: <link href="https://fonts.googleapis.com/css?family=Roboto">: loads from another site; '
        'every file a page needs must be part of the site',
        'index.html: <script src="https://cdn.example.com/x.js">: loads from another site; '
        'every file a page needs must be part of the site',
        'index.html: <img src="https://tracker.example/p.gif">: loads from another site; '
        'every file a page needs must be part of the site',
        'index.html: <a href="san-pham/#khong-co">: san-pham/index.html has no id "khong-co"',
        'index.html: <a href="chu-the/">: no such file in the site',
        'index.html: <a href="JavaScript:alert(1)">: a script address; the site runs no script from its links',
        'index.html: <a href="/khac/">: no such file in the site',
        'index.html: <img srcset="anh/b.jpg">: no such file in the site',
        'p/x/index.html: <meta content="../../san-pham/y/">: no such file in the site',
        'assets/site.css: url(../fonts/missing.woff2): no such file in the site',
        'assets/site.css: url(https://fonts.googleapis.com/css2?family=Inter): loads from another site; '
        'every file a page needs must be part of the site',
        "san-pham/du-lieu.json: product 'Sản phẩm' links to san-pham/san-pham/, which is not a page",
        "san-pham/du-lieu.json: product 'Sản phẩm' shows anh/a.webp, which is missing",
        "sitemap.xml: https://ocop.example.vn/tinh/chu-the/: no such page in the site",
        "index.html: the Content-Security-Policy refuses the page's own inline script 'refused()'",
        "plans/files/phu-luc.html: a script comes before the page's Content-Security-Policy, which does not cover it",
        "plans/files/trang.htm: a .htm file is published as it is, and its scripts would run on the site's own address; "
        "write the page in Markdown (.md) or attach the document as PDF",
        "anh/ve.svg: this SVG picture holds a script, an event handler, an embedded page or a javascript:/data: link, "
        "which would run on the site's own address; export it again as a plain picture (or PNG)",
        "tin.xml: an XML file that holds a page, a script or a style sheet would run on the site's address",
    ])


def test_ocop_check_reports_and_fails(damaged, tmp_path, capsys):
    root = tmp_path / "project"
    assert cli.main(["new-site", str(root)]) == 0
    capsys.readouterr()
    assert cli.main(["check", str(root), "--site-dir", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert "site/index.html: <a href=\"chu-the/\">: no such file in the site" in err
    assert "problem(s) in the built site" in err
    assert cli.main(["check", str(root)]) == 1  # nothing built yet
    assert "holds no built site; run 'ocop build' first" in capsys.readouterr().err


def test_large_generated_site_is_clean(large_site, capsys, monkeypatch):
    source, out = large_site
    assert cli.main(["check", str(source), "--site-dir", str(out)]) == 0
    captured = capsys.readouterr()
    pages = int(captured.out.split(" pages")[0].split()[-1].replace(",", ""))
    assert pages > 5000, captured.out
    files = [p for p in out.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    assert f"; {len(files):,} files, {size / 2**20:,.1f} MB." in captured.out
    assert "warning" not in captured.err
    # The same site on a host that takes less: a warning each, and the check still passes.
    monkeypatch.setattr(sitecheck, "HOSTED_BYTES", size - 1)
    monkeypatch.setattr(sitecheck, "HOSTED_FILES", len(files) - 1)
    assert cli.main(["check", str(source), "--site-dir", str(out)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"ocop: warning: the site takes {size / 2**30:.2f} GB: GitHub Pages and GitLab.com Pages publish at most 1 GB",
        f"ocop: warning: the site has {len(files):,} files: GitLab.com Pages serves at most {len(files) - 1:,}",
    ]
