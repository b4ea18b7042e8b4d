"""``ocop synth``: a synthetic national site that validates, with realistic shares, byte for byte reproducible."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from conftest import tree_digest
from generator.cli import main as cli
from generator.domain.places import registry
from generator.project.assemble import load
from generator.devtools.synth import BUILD_DATE, SITE_URL, synthesize
from generator.records.yamlfile import load_mapping

N = 300


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "site"
    assert cli.main(["synth", "--products", str(N), str(root)]) == 0
    return root


@pytest.fixture(scope="module")
def catalog(synthetic):
    catalog, _, problems = load(synthetic, date=BUILD_DATE)
    assert not problems, problems.report()
    return catalog


def test_validates_with_the_options_it_writes(synthetic, capsys):
    assert cli.main(["validate", str(synthetic)]) == 0
    assert f"OK: {N} products" in capsys.readouterr().out
    config = (synthetic / "mkdocs.yml").read_text("utf-8")
    assert f"build_date: {BUILD_DATE.isoformat()}" in config
    assert f"site_url: {SITE_URL}" in config


def test_stars_groups_and_provinces(catalog):
    products = catalog.products
    stars = Counter(p.stars for p in products)
    for level, share in ((3, 0.70), (4, 0.29), (5, 0.01)):
        assert abs(stars[level] / N - share) <= 0.02, stars
    assert {p.group.code for p in products} == {g.code for g in catalog.rules.groups}
    assert {p.subgroup.code for p in products} == {s.code for g in catalog.rules.groups for s in g.subgroups}
    groups = Counter(p.group.code for p in products)
    assert groups.most_common(1)[0][0] == "thuc-pham" and groups["thuc-pham"] / N > 0.5
    provinces = Counter(p.province.code for p in products)
    assert set(provinces) == {p.code for p in registry().provinces.values()}
    assert provinces.most_common(1)[0][0] == "01"  # Hà Nội has by far the most


def test_addresses_are_real_communes_of_their_province(catalog):
    for record in [*catalog.products, *catalog.producers]:
        assert record.place.commune is not None, record.id
        assert record.place.commune.province_code == record.place.province.code


def test_certificates_match_the_star_level(catalog):
    earliest = BUILD_DATE.replace(year=BUILD_DATE.year - 5)
    for product in catalog.products:
        cert = product.certificate
        assert cert.level == catalog.rules.certifying_level[product.stars]
        assert earliest <= cert.date <= BUILD_DATE
        if cert.level == "district":  # before districts were abolished on 1 July 2025
            assert cert.date < dt.date(2025, 7, 1)
            assert cert.issuer.startswith(tuple(f"Ủy ban nhân dân {kind} " for kind in ("huyện", "quận", "thị xã", "thành phố")))
        elif cert.level == "province":  # today's province, or the former one it absorbed
            assert cert.issuer.endswith((product.province.short, *product.province.former)), cert.issuer
        else:
            assert cert.issuer.startswith("Bộ Nông nghiệp") and "/QĐ-BNN" in cert.number
    statuses = Counter(p.certificate.status(catalog.today) for p in catalog.products)
    assert statuses["expired"] and statuses["expiring"] and statuses["valid"] > statuses["expired"]


def test_producers(catalog):
    without = sum(p.producer is None for p in catalog.products)
    assert 0.05 <= without / N <= 0.16
    assert 0.4 * N <= len(catalog.producers) <= 0.6 * N
    assert {p.kind for p in catalog.producers} == {"cooperative", "enterprise", "household", "cooperative-group"}
    assert all(p.products for p in catalog.producers)
    for product in catalog.products:
        if product.producer:
            assert product.producer.place.province == product.province


def test_names_descriptions_and_letters(synthetic, catalog):
    assert len({p.name for p in catalog.products}) == N
    bold = 0
    for path in sorted((synthetic / "catalog" / "products").glob("*.yaml")):
        record = load_mapping(path)
        assert record["id"] == path.stem
        sentences = record["description"].strip().split("\n")
        assert 2 <= len(sentences) <= 4, path
        bold += "**" in record["description"]
    assert 0.1 * N < bold < 0.9 * N
    text = "".join(p.read_text("utf-8") for p in sorted((synthetic / "catalog").rglob("*.yaml")))
    letters = {unicodedata.normalize("NFC", vowel + tone)
               for vowel in "aăâeêioôơuưy" for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")}
    assert not (letters | {"đ", "Đ"}) - set(text)


def test_images(synthetic, catalog):
    with_images = [p for p in catalog.products if p.images]
    assert 0.04 * N <= len(with_images) <= 0.18 * N
    digests = {p.images[0].digest for p in with_images}
    assert len(digests) == len(with_images)  # every photo is distinct
    first = with_images[0].images[0].path
    with Image.open(first) as img:
        assert (img.format, img.size) == ("JPEG", (800, 600))
    assert sorted(p.name for p in (synthetic / "catalog" / "images").glob("*.jpg")) == \
        sorted(p.images[0].path.name for p in with_images)


def test_events_and_showrooms(catalog):
    assert len(catalog.events) >= 3 and len(catalog.showrooms) >= 2
    assert all(e.participants and all(t.booth for t in e.participants) for e in catalog.events)
    assert any(e.start <= catalog.today <= e.end for e in catalog.events)
    assert all(s.products for s in catalog.showrooms)


def inputs(site: Path) -> dict[str, str]:
    """The site's files, without the cache that validating it keeps (.cache/)."""
    return {path: digest for path, digest in tree_digest(site).items() if not path.startswith(".cache/")}


def test_same_options_same_bytes(synthetic, tmp_path):
    again = tmp_path / "again"
    synthesize(again, N)
    assert inputs(again) == inputs(synthetic)
    other = tmp_path / "other"
    synthesize(other, N, seed=2)
    assert inputs(other) != inputs(synthetic)


def test_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("giữ nguyên")
    assert cli.main(["synth", "--products", "10", str(target)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    with pytest.raises(FileExistsError):
        synthesize(target, 10)


def test_bad_options_are_refused(tmp_path, capsys):
    assert cli.main(["synth", "--products", "0", str(tmp_path / "a")]) == 1
    assert cli.main(["synth", "--products", "5", "--images", "1.5", str(tmp_path / "b")]) == 1
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
