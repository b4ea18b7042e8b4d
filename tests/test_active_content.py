"""Nothing published runs script on the site's own address.

Plans saved with any Markdown extension are plans (sanitised, in the archive), never pages MkDocs
renders with their raw HTML; files beside the plans are documents; HTML, XML and scripted SVG
files in content/ are refused; every page carries a Content-Security-Policy.
"""

from __future__ import annotations

import os
import re

import pytest

from generator.cli import main as cli

PLAN = """\
---
number: 47/KH-UBND
type: Kế hoạch
title: Thực hiện Chương trình OCOP năm 2024
issuer: Ủy ban nhân dân tỉnh Cà Mau
level: province
province: Cà Mau
signed: 2024-03-29
---
Nội dung <script>window.__ocopxss = 1</script><img src=x onerror="window.__ocopxss=1">
"""
SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.fixture
def records(site):
    site.producer("htx-dam-doi")
    site.product("nuoc-mam-dam-doi")
    return site


def build(site, capsys) -> tuple[int, str]:
    status = cli.main(["build", str(site.root), "--site-dir", str(site.root / "site")])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".markdown", ".mdown", ".mkdn", ".mkd"])
def test_a_plan_with_another_markdown_extension_is_a_sanitised_plan(records, capsys, suffix):
    records.write(f"content/plans/ke-hoach-47{suffix}", PLAN)
    status, err = build(records, capsys)
    assert status == 0, err
    out = records.root / "site"
    page = (out / "ke-hoach" / "ke-hoach-47" / "index.html").read_text("utf-8")
    assert "Thực hiện Chương trình OCOP năm 2024" in page
    published = "\n".join(p.read_text("utf-8", "replace") for p in out.rglob("*.html"))
    assert "__ocopxss" not in published and "onerror" not in published
    assert not (out / "plans").exists(), "MkDocs published the plan as a page of its own, raw HTML and all"


@pytest.mark.parametrize("name, text", [("files/trang.html", "<script>alert(1)</script>"),
                                        ("files/hinh.svg", CLEAN_SVG), ("files/du-lieu.xml", "<a/>"),
                                        ("files/tien-ich.js", "alert(1)"), ("ghi-chu", "x")])
def test_only_documents_are_published_beside_the_plans(records, name, text):
    records.write("content/plans/ke-hoach-47.md", PLAN)
    records.write(f"content/plans/{name}", text)
    [problem] = records.problems()
    assert problem.startswith(f"content/plans/{name}: ")


def test_an_html_attachment_is_refused_by_validate_and_build(records, capsys):
    records.write("content/plans/ke-hoach-47.md", PLAN.replace("signed: 2024-03-29\n", "signed: 2024-03-29\n"
                                                               "attachments:\n  - files/phu-luc.html\n"))
    records.write("content/plans/files/phu-luc.html", "<script>alert(1)</script>")
    assert cli.main(["validate", str(records.root)]) == 1
    assert "content/plans/files/phu-luc.html: a .html file is published as it is" in capsys.readouterr().err
    status, _ = build(records, capsys)
    assert status == 1 and not (records.root / "site").exists()


def test_documents_beside_a_plan_are_published(records, capsys):
    records.write("content/plans/ke-hoach-47.md", PLAN.replace("signed: 2024-03-29\n", "signed: 2024-03-29\n"
                                                               "attachments:\n  - files/phu-luc.pdf\n"))
    records.write("content/plans/files/phu-luc.pdf", b"%PDF-1.4\n")
    status, err = build(records, capsys)
    assert status == 0, err
    assert (records.root / "site" / "plans" / "files" / "phu-luc.pdf").read_bytes() == b"%PDF-1.4\n"


@pytest.mark.parametrize("name, text, refused", [
    ("trang.html", "<p>x</p>", True), ("a/b.xhtml", "<p/>", True), ("logo.svg", CLEAN_SVG, False),
    ("hinh.svg", SCRIPTED_SVG, True), ("nut.svg", CLEAN_SVG.replace("<rect", '<rect onclick="x()"'), True),
    ("lien-ket.svg", CLEAN_SVG.replace("<rect", '<a href=" JavaScript:x()"><rect').replace("</svg>", "</a></svg>"), True),
    ("anh.png", b"\x89PNG", False), (".an/trang.html", "<p/>", False),
])
def test_active_files_in_content_are_refused(records, name, text, refused):
    records.write(f"content/{name}", text)
    problems = records.problems()
    assert bool(problems) == refused, problems
    if refused:
        assert problems[0].startswith(f"content/{name}: ")


def test_a_fifo_or_a_folder_named_like_a_plan_is_reported_not_read(records):
    """Reading a FIFO blocks forever; a folder named x.md was read as a file and crashed."""
    plans = records.root / "content" / "plans"
    plans.mkdir(parents=True)
    os.mkfifo(plans / "ong.md")
    (plans / "thu-muc.md").mkdir()
    (plans / "thu-muc.md" / "ghi-chu.txt").write_text("x")
    records.write("content/plans/cu/ke-hoach-cu.md", PLAN)
    assert records.problems() == [
        "content/plans/cu/ke-hoach-cu.md: plans are published only from plans/ itself; "
        "move this file up, next to the other plans",
        "content/plans/ong.md: not a plain file; a plan or document must be a file",
        "content/plans/thu-muc.md: a folder named like a plan: a plan is a file; rename the folder"]


def test_every_page_has_a_content_security_policy(built):
    """A policy as a meta element (static hosts cannot all send headers): scripts and everything
    else only from the site itself; the theme's own inline scripts by their hashes."""
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text("utf-8")
        head = html[:html.index("</head>")]
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert len(policies) == 1, page
        policy = dict(part.strip().split(" ", 1) for part in policies[0].split(";"))
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
        allowed = set(policy["script-src"].split())
        assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed
        # the policy comes before any script, and every inline script of the page is allowed by hash
        first_script = head.find("<script")
        assert first_script < 0 or head.index("Content-Security-Policy") < first_script
        for script in re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>",
                                 html, re.S):
            assert sha256_source(script) in allowed, (page, script[:80])


def sha256_source(script: str) -> str:
    import base64
    import hashlib
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
