"""The plan archive in the built demo site: pages, links between documents, targets, validation."""

from __future__ import annotations

import re
from collections import Counter

from markupsafe import escape

from conftest import Site
from generator.domain.plans import measure
from sitecheck import link_targets, text_of


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def test_demo_archive_meets_the_brief(archive):
    assert len(archive) >= 8
    assert len({p.year for p in archive}) >= 3
    assert len({p.level for p in archive}) >= 3
    assert len({p.province.code for p in archive if p.province}) >= 3
    assert sum(1 for p in archive if any(t for _, t in p.cites)) >= 3
    assert sum(1 for p in archive if p.targets) >= 3


def test_archive_index_lists_every_plan_newest_first(built, archive):
    body = page(built, "ke-hoach")
    years = [int(y) for y in re.findall(r'<h2 id="nam-(\d{4})"', body)]
    assert years == sorted({p.year for p in archive}, reverse=True)
    targets = link_targets(body, "ke-hoach/")
    for plan in archive:
        assert f"ke-hoach/{plan.slug}" in targets
        assert escape(plan.title) in body


def test_facet_pages_hold_their_plans(built, archive):
    provinces = Counter(p.province.slug for p in archive if p.province)
    for slug, count in provinces.items():
        body = page(built, f"ke-hoach/tinh/{slug}")
        assert len(re.findall(r'<li class="ocop-doc"', body)) == count


def test_plan_page_reads_like_the_document(built, archive):
    for plan in archive:
        body = page(built, f"ke-hoach/{plan.slug}")
        text = text_of(body)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert f"Số: {plan.number}" in text
        assert f"ngày {plan.signed.day} tháng {plan.signed.month} năm {plan.signed.year}" in text
        assert plan.type.upper() in text and escape(plan.title) in body
        for level, ident, label in plan.toc:
            assert f'id="{ident}"' in body and f'href="#{ident}"' in body
        if plan.signer:
            assert plan.signer in text
        for recipient in plan.recipients:
            assert str(escape(recipient)) in body


def test_citations_link_both_ways(built, archive):
    linked = [(p, t) for p in archive for _, t in p.cites if t is not None]
    assert linked
    for plan, target in linked:
        body = page(built, f"ke-hoach/{plan.slug}")
        assert f"ke-hoach/{target.slug}" in link_targets(body, f"ke-hoach/{plan.slug}/")
        cited = page(built, f"ke-hoach/{target.slug}").split('id="van-ban-lien-quan"', 1)[1]
        assert f"ke-hoach/{plan.slug}" in link_targets(cited, f"ke-hoach/{target.slug}/")


def test_targets_show_the_measured_figure(built, archive, demo):
    for plan in archive:
        if not plan.targets:
            continue
        text = text_of(page(built, f"ke-hoach/{plan.slug}"))
        for target in plan.targets:
            expected = sum(1 for p in demo.products if p.province is target.province
                           and p.certificate.date.year == target.year and p.stars in target.stars
                           and (not target.group or p.group.code == target.group))
            assert measure(target, demo.products) == expected
            percent = min(100, round(100 * expected / target.count))
            assert f"{target.label}: {expected}/{target.count} ({percent}%)" in text
        if plan.province and any(x.province is plan.province for x in demo.products):
            assert plan.slug in page(built, f"tinh/{plan.province.slug}")


def test_plan_problems_are_reported_with_their_lines(tmp_path):
    site = Site(tmp_path / "site")
    site.write("content/plans/a.md", (
        "---\nnumber: 1/KH-UBND\ntype: Kế hoạch\ntitle: Thử\nissuer: UBND tỉnh Cà Mau\nlevel: tỉnh\n"
        "province: Cà Mau\nsigned: 31/02/2024\nsignd: 2024-01-01\ntargets:\n  - label: Sản phẩm\n    count: -3\n"
        "    year: 2024\n    stars: [6]\n---\n\nNội dung.\n"))
    site.write("content/plans/b.md", "Không có front matter.\n")
    site.write("content/plans/c.md", "---\nnumber: 2/KH-UBND\ntype: Kế hoạch\n---\n")
    problems = site.problems()
    assert "content/plans/a.md:8: signed: '31/02/2024' is not a real date" in problems
    assert "content/plans/a.md:9: signd: unknown field; did you mean 'signed'?" in problems
    assert "content/plans/a.md:12: targets[1].count: must be a whole number above 0" in problems
    assert "content/plans/a.md:14: targets[1].stars: 6 stars is outside the OCOP scale; write 3, 4 or 5" in problems
    assert any(p.startswith("content/plans/b.md:1: a plan starts with front matter") for p in problems)
    assert "content/plans/c.md:2: title: is required" in problems or any(p.startswith("content/plans/c.md") and "title" in p for p in problems)


PLAN = """\
---
number: 5/KH-UBND
type: Kế hoạch
title: Phát triển sản phẩm OCOP năm 2024
issuer: Ủy ban nhân dân xã Đầm Dơi
level: commune
province: Cà Mau
place: Đầm Dơi
signed: 2024-02-01
recipients:
  - UBND huyện;
  - Lưu: VT.
attachments:
  - file: files/5-KH-UBND.pdf
    title: Bản gốc (PDF)
{extra}---

## I. MỤC TIÊU

Nội dung.
"""


def test_attachments_are_published_and_bad_paths_refused(tmp_path):
    from generator.cli import main as cli

    site = Site(tmp_path / "site")
    site.write("content/plans/files/5-KH-UBND.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 3000)
    site.write("content/plans/xa-dam-doi-2024.md", PLAN.format(extra=""))
    assert cli.main(["build", str(site.root)]) == 0
    out = site.root / "site"
    body = (out / "ke-hoach" / "xa-dam-doi-2024" / "index.html").read_text("utf-8")
    assert "plans/files/5-KH-UBND.pdf" in link_targets(body, "ke-hoach/xa-dam-doi-2024/")
    assert (out / "plans" / "files" / "5-KH-UBND.pdf").is_file()
    assert "Bản gốc (PDF)" in body and "(3 KB)" in body
    assert "Lưu: VT." in text_of(body)  # an unquoted "Lưu: VT." line is read as text
    assert not (out / "plans" / "xa-dam-doi-2024").exists(), "the plan text must not be published twice"
    site.write("content/plans/xa-dam-doi-2024.md", PLAN.format(extra="").replace("files/5-KH-UBND.pdf", "../../secret.pdf"))
    assert "content/plans/xa-dam-doi-2024.md:14: attachments[1]: '../../secret.pdf' must be a path inside plans/, such as files/van-ban.pdf" in site.problems()
