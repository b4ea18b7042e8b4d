"""Build the demo site into a temporary folder and check what a visitor gets."""

from __future__ import annotations

import json
import math
import posixpath
import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from markupsafe import escape

from conftest import PRODUCER, PRODUCT, REPO, Site, listing_once_discarded, tree_digest
from generator.cli import main as cli
from generator.site.search_data import browser_slug
from generator.project.assemble import load
from generator.site.catalog import PRODUCERS_INLINE, PRODUCERS_PAGE_SIZE
from generator.devtools.sitecheck import check_site
from sitecheck import text_of


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def test_demo_meets_the_content_brief(demo):
    assert len(demo.products) >= 60
    assert len(demo.producers) >= 15
    assert len(demo.provinces) >= 6
    assert {p.group.code for p in demo.products} == {g.code for g in demo.rules.groups}
    assert {p.stars for p in demo.products} == {3, 4, 5}
    statuses = Counter(p.certificate.status(demo.today) for p in demo.products)
    assert statuses["expired"] and statuses["expiring"] and statuses["valid"]
    assert any(p.producer is None for p in demo.products)
    assert any(p.place.former for p in demo.products)


def test_every_product_has_its_page(built, demo):
    for product in demo.products:
        body = page(built, f"san-pham/{product.slug}")
        assert f"<h1>{escape(product.name)}</h1>" in body
        text = text_of(body)
        assert f"{product.stars} sao" in text
        assert f"Số {product.certificate.number}" in text
        if product.producer:
            assert product.producer.name in text
        else:
            assert "Chưa ghi chủ thể" in text


def test_certificate_status_and_former_address_are_shown(built, demo):
    labels = {"valid": "Còn hiệu lực", "expiring": "Sắp hết hạn", "expired": "Hết hạn"}
    for product in demo.products:
        body = page(built, f"san-pham/{product.slug}")
        status = product.certificate.status(demo.today)
        assert f'ocop-status--{status}">{labels[status]}' in body
        if product.place.former:
            assert "Địa chỉ cũ: " + escape(product.place.former) in body
            assert product.province.name in text_of(body)


def test_home_counts_match_the_records(built, demo):
    text = text_of(page(built, ""))
    assert f"{len(demo.products)} sản phẩm OCOP của {len(demo.provinces)} tỉnh, thành phố" in text
    for n in (3, 4, 5):
        count = sum(1 for p in demo.products if p.stars == n)
        assert f"{n} sao {count} sản phẩm" in text
    for group in demo.rules.groups:
        count = sum(1 for p in demo.products if p.group is group)
        assert f"{group.name} {count} sản phẩm" in text


def product_links(html: str, path: str, section: str = "san-pham") -> list[str]:
    """Slugs of the product pages (or the pages of another ``section``, "chu-the") linked from
    ``html`` (the page at ``path``)."""
    slugs = []
    for href in re.findall(r'href="([^"#?]+)"', html):
        target = posixpath.normpath(posixpath.join(path, href))
        match = re.fullmatch(rf"{section}/([a-z0-9-]+)", target)
        if match and match.group(1) not in ("du-lieu.json",) and not match.group(1).startswith("trang-"):
            slugs.append(match.group(1))
    return slugs


def pages_of(site: Path, base: str) -> list[tuple[str, str]]:
    """(path, HTML) of a paginated listing's pages, followed by their 'next' links."""
    found, path = [], base
    while path:
        body = page(site, path)
        found.append((path, body))
        following = re.search(r'<a rel="next" href="([^"]+)"', body)
        path = posixpath.normpath(posixpath.join(path, following.group(1))) + "/" if following else ""
    return found


def listed_slugs(site: Path, base: str) -> list[str]:
    """Product slugs on a listing and all its following pages."""
    return [slug for path, body in pages_of(site, base)
            for slug in product_links(body.split("data-ocop-grid", 1)[1].split("</ul>", 1)[0], path)]


def test_listings_hold_exactly_their_products(built, demo):
    all_slugs = listed_slugs(built, "san-pham/")
    assert sorted(all_slugs) == sorted(p.slug for p in demo.products)
    for n in (3, 4, 5):
        assert sorted(listed_slugs(built, f"sao/{n}/")) == sorted(p.slug for p in demo.products if p.stars == n)
    for province in demo.provinces:
        expected = sorted(p.slug for p in demo.products if p.province is province)
        assert sorted(listed_slugs(built, f"tinh/{province.slug}/")) == expected
    for group in demo.rules.groups:
        expected = sorted(p.slug for p in demo.products if p.group is group)
        assert sorted(listed_slugs(built, f"nhom/{group.code}/")) == expected
    for producer in demo.producers:
        body = page(built, f"chu-the/{producer.slug}").split('id="san-pham"')[1]
        assert sorted(product_links(body, f"chu-the/{producer.slug}/")) == sorted(p.slug for p in producer.products)


def test_producer_directories_list_every_producer_once_on_bounded_pages(large_site):
    """The directory of a national catalog's producers, and each province's, is paginated; a
    province's product pages link to its directory instead of naming thousands of producers on each."""
    source, out = large_site
    catalog, _, _ = load(source)
    provinces = {p.place.province for p in catalog.producers if p.place}

    def directory(base: str) -> list[str]:
        pages = pages_of(out, base)
        rows = [product_links(body.split("<tbody>", 1)[1].split("</tbody>", 1)[0], path, "chu-the")
                for path, body in pages]
        assert len(pages) == math.ceil(sum(map(len, rows)) / PRODUCERS_PAGE_SIZE)
        assert all(len(r) <= PRODUCERS_PAGE_SIZE for r in rows)
        return [slug for r in rows for slug in r]

    assert sorted(directory("chu-the/")) == sorted(p.slug for p in catalog.producers)
    assert len(catalog.producers) > PRODUCERS_PAGE_SIZE and any(
        sum(1 for x in catalog.producers if x.place and x.place.province is p) > PRODUCERS_INLINE for p in provinces)
    for province in provinces:
        own = sorted(x.slug for x in catalog.producers if x.place and x.place.province is province)
        assert sorted(directory(f"tinh/{province.slug}/chu-the/")) == own
        current = re.findall(r'<strong aria-current="page">([^<]+)</strong>', page(out, f"tinh/{province.slug}/chu-the"))
        assert current == [str(escape(province.short))]
        for path, body in pages_of(out, f"tinh/{province.slug}/"):
            named = product_links(body, path, "chu-the")
            if len(own) > PRODUCERS_INLINE:
                assert named == [], path
                targets = {posixpath.normpath(posixpath.join(path, h)) for h in re.findall(r'href="([^"#?]+)"', body)}
                assert f"tinh/{province.slug}/chu-the" in targets, path
            else:
                assert sorted(named) == own, path


def test_a_province_with_few_producers_names_them_on_its_pages(built, demo):
    provinces = {p.place.province for p in demo.producers if p.place}
    for province in provinces:
        own = sorted(x.slug for x in demo.producers if x.place and x.place.province is province)
        assert len(own) <= PRODUCERS_INLINE
        for path, body in pages_of(built, f"tinh/{province.slug}/"):
            assert sorted(product_links(body, path, "chu-the")) == own, path


def test_catalog_data_matches_the_records(built, demo):
    data = json.loads((built / "san-pham" / "du-lieu.json").read_text("utf-8"))
    rows = {row[0] or browser_slug(row[1]): row for row in data["products"]}
    assert sorted(rows) == sorted(p.slug for p in demo.products)
    for product in demo.products:
        slug, name, stars, group, province, producer, status, image, words = rows[product.slug]
        assert (name, stars, group, province) == (product.name, product.stars, product.group.code, product.province.slug)
        assert (data["producers"][producer] if producer >= 0 else None) == (product.producer.name if product.producer else None)
        assert data["statuses"][status] == product.certificate.status(demo.today)
        if product.images:  # the card's rendition, by name: both formats are published
            assert (built / (data["images"] + image + ".jpg")).is_file() and (built / (data["images"] + image + ".webp")).is_file()
    search = json.loads((built / "tim-kiem" / "du-lieu.json").read_text("utf-8"))
    kinds = Counter(row[0] for row in search["items"])
    assert kinds == {"chu-the": len(demo.producers), "hoi-cho": len(demo.events), "diem-ban": len(demo.showrooms),
                     "ke-hoach": len(list((REPO / "content" / "plans").glob("*.md")))}
    assert all((built / row[1] / "index.html").is_file() for row in search["items"])


def test_no_broken_link_missing_file_duplicate_id_or_third_party_load(built):
    report = check_site(built, "https://ocop.example.vn/")
    assert report.problems == []
    assert report.pages == len(list(built.rglob("*.html"))) > 250
    assert report.references > 10_000


def test_no_markup_escaped_into_text(built):
    """Template fragments joined as strings must stay markup: no "<span" shown to readers (code samples aside)."""
    leaked = {path.relative_to(built).as_posix(): m.group(0)
              for path in built.rglob("*.html")
              for text in [re.sub(r"<(pre|code)\b.*?</\1>", "", path.read_text("utf-8"), flags=re.S)]
              for m in [re.search(r"&lt;/?(?:span|div|a|p|li|ul|img|strong|section)\b", text)] if m}
    assert leaked == {}


def test_products_stay_out_of_the_navigation(built, demo):
    for path in ("", f"san-pham/{demo.products[0].slug}/"):
        body = page(built, path)
        nav = body.split('<nav class="md-nav md-nav--primary', 1)[1].split('<div class="md-content"', 1)[0]
        targets = {posixpath.normpath(posixpath.join(path, href)) for href in re.findall(r'href="([^"#?]+)"', nav)}
        assert "san-pham" in targets  # the catalog itself is in the navigation
        assert product_links(nav, path) == [], f"products in the navigation of /{path}"


def test_images_are_responsive_and_stripped(built, demo):
    from PIL import Image

    product = next(p for p in demo.products if p.images)
    body = page(built, f"san-pham/{product.slug}")
    assert '<source type="image/webp" srcset="' in body and " 320w" in body
    for path in (built / "anh").iterdir():
        with Image.open(path) as img:
            assert not img.getexif(), f"{path.name} keeps EXIF metadata"


def test_a_failed_build_leaves_the_previous_site(tmp_path, capsys):
    site = Site(tmp_path / "province")
    site.producer("htx-dam-doi", PRODUCER)
    site.product("nuoc-mam-dam-doi", PRODUCT)
    out = tmp_path / "public"
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    before = tree_digest(out)
    assert "san-pham/nuoc-mam-dam-doi/index.html" in before
    site.product("broken", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: broken").replace("stars: 4", "stars: 7"))
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 1
    assert "catalog/products/broken.yaml:5: stars: 7 stars is outside the OCOP scale" in capsys.readouterr().err
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["province", "public"], "a staging folder was left behind"


def test_a_rebuild_replaces_the_site_and_discards_the_old_one(tmp_path):
    site = Site(tmp_path / "province")
    site.producer("htx-dam-doi", PRODUCER)
    site.product("nuoc-mam-dam-doi", PRODUCT)
    out = tmp_path / "public"
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    site.product("nuoc-mam-dam-doi", PRODUCT.replace("stars: 4", "stars: 5"))
    assert cli.main(["build", str(site.root), "--site-dir", str(out)]) == 0
    assert "5 sao" in (out / "san-pham/nuoc-mam-dam-doi/index.html").read_text(encoding="utf-8")
    assert listing_once_discarded(tmp_path) == ["province", "public"], "the old site was not deleted"


def test_validate_reports_every_problem_and_exits_1(tmp_path, capsys):
    site = Site(tmp_path / "province")
    site.product("a", PRODUCT.replace("stars: 4", "stars: 2"))
    site.product("b", PRODUCT.replace("id: nuoc-mam-dam-doi", "id: b").replace("group: thuc-pham", "group: x"))
    assert cli.main(["validate", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert "catalog/products/a.yaml:5: stars: 2 stars is outside the OCOP scale; write 3, 4 or 5" in err
    assert "catalog/products/a.yaml:10: producer: no producer with id 'htx-dam-doi'" in err
    assert "catalog/products/b.yaml:3: group: unknown product group 'x'" in err
    assert cli.main(["validate", str(REPO)]) == 0


def test_new_site_builds_empty(tmp_path):
    assert cli.main(["new-site", str(tmp_path / "moi")]) == 0
    assert cli.main(["build", str(tmp_path / "moi")]) == 0
    home = (tmp_path / "moi" / "site" / "index.html").read_text("utf-8")
    assert "0 sản phẩm OCOP" in text_of(home)
    assert cli.main(["new-site", str(tmp_path / "moi")]) == 1


@pytest.mark.parametrize("name", ['OCOP: Cà Mau # tỉnh', 'Trang "OCOP" \'Sóc Trăng\'', "</title><script>alert(1)</script> *đậm* [x](y) &amp; <OCOP>",
                                  "- yes", "Sản phẩm\tOCOP\u00a0Huế"])
def test_new_site_keeps_its_name_as_written(tmp_path, name):
    """The name used to be pasted into mkdocs.yml and the home page as it was: a ':' or '#' broke
    the YAML, markup became markup (a newline, which added a setting, is refused below)."""
    root = tmp_path / "moi"
    assert cli.main(["new-site", str(root), "--name", name]) == 0
    assert cli.main(["build", str(root)]) == 0
    home = (root / "site" / "index.html").read_text("utf-8")
    page = lxml.html.fromstring(home)
    shown = " ".join(name.split())
    assert page.findtext(".//title").endswith(shown)
    assert page.find(".//h1").text_content().strip() == shown
    assert not [s for s in page.iter("script") if "alert" in (s.text or "") and s.get("type") != "application/ld+json"]


@pytest.mark.parametrize("name", ["", "   ", "Tên\x00", "OCOP\nsite_url: https://evil.example/"])
def test_new_site_refuses_a_name_it_cannot_write(tmp_path, name, capsys):
    assert cli.main(["new-site", str(tmp_path / "moi"), "--name", name]) == 1
    assert capsys.readouterr().err.startswith("ocop: --name ")
    assert not (tmp_path / "moi").exists()


def test_each_page_loads_only_the_scripts_of_its_features(built):
    """site.js everywhere; the catalog, search, list and embed features only where they are."""
    def scripts(path: str) -> list[str]:
        html = (built / path / "index.html").read_text("utf-8")
        return [src.rsplit("/", 1)[-1] for src in re.findall(r'<script src="[^"]*assets/ocop/([^"]+)"', html)]

    product = next(p.name for p in (built / "san-pham").iterdir() if (p / "qr.svg").exists())
    assert scripts(f"san-pham/{product}") == ["site.js"]
    assert scripts("san-pham") == ["ranking.js", "products.js", "catalog.js", "site.js"]
    assert scripts("tim-kiem") == ["ranking.js", "products.js", "search.js", "site.js"]
    assert scripts("ke-hoach") == scripts("hoi-cho") == ["ranking.js", "lists.js", "site.js"]
    assert scripts("nhung") == ["site.js", "ranking.js", "products.js", "embed-page.js"]
    assert scripts("nhung-danh-muc") == ["embed-builder.js", "site.js"]
    assert sorted(p.name for p in (built / "assets" / "ocop").glob("*.js")) == sorted(
        ["site.js", "ranking.js", "products.js", "catalog.js", "search.js", "lists.js", "embed-page.js",
         "embed-builder.js"])
