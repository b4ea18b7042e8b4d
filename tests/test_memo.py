"""The memo: a warm load parses, renders and decodes only what changed, and gives the same catalog
and the same problems as a load without it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import pytest
from PIL import Image

from conftest import BUILD_DATE, PRODUCT
from generator.records import photos as images
from generator.records import markup
from generator.records import walk as loader
from generator.records import memo
from generator.records import yamlfile
from generator.project.assemble import load

STORY = "story: |\n  Ủ chượp **12 tháng**.\n\n  ![ảnh](https://example.org/a.jpg)\n"


def load_with_memo(site):
    catalog, _, problems = load(site.root, date=BUILD_DATE, cache_dir=site.root / ".cache")
    return catalog, [str(p) for p in problems.sorted()]


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (10, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def facts(catalog) -> list[dict]:
    """Every loaded field of every product, producers as ids (their back-links make a cycle)."""
    return [{f.name: getattr(p, f.name) for f in dataclasses.fields(p) if f.name not in ("producer", "events", "showrooms")}
            | {"producer": p.producer.id if p.producer else None} for p in catalog.products]


@pytest.fixture
def filled(site, monkeypatch):
    """A site with a photo and a Markdown story (one of its pictures is a problem), loaded once."""
    site.producer("htx-dam-doi")
    site.write("catalog/images/nuoc-mam.jpg", jpeg())
    site.product("nuoc-mam-dam-doi", PRODUCT + "images:\n  - images/nuoc-mam.jpg\n" + STORY)
    site.product("mam-ca-loc", PRODUCT.replace("nuoc-mam-dam-doi", "mam-ca-loc").replace("Nước mắm", "Mắm cá lóc"))
    return site


def test_a_warm_load_repeats_no_work_and_gives_the_same_catalog_and_problems(filled, monkeypatch):
    cold_catalog, cold_problems = load_with_memo(filled)
    assert any("the picture '![ảnh]" in p for p in cold_problems)  # a problem found while rendering Markdown
    cached = sorted(p.name for p in (filled.root / ".cache" / "memo").iterdir())
    assert cached == ["MANIFEST", "images.json", "markdown.json", "yaml.json"]

    def never(*args, **kwargs):
        raise AssertionError("work the memo holds was done again")

    monkeypatch.setattr(loader, "parse_mapping", never)
    real_render = markup.render
    monkeypatch.setattr(markup, "render", lambda text, **kw: never() if text.strip() else real_render(text, **kw))
    monkeypatch.setattr(images, "_decode", never)
    warm_catalog, warm_problems = load_with_memo(filled)
    assert warm_problems == cold_problems
    assert facts(warm_catalog) == facts(cold_catalog)
    assert warm_catalog.products[1].images[0].digest == cold_catalog.products[1].images[0].digest


def test_only_what_changed_is_done_again(filled, monkeypatch):
    load_with_memo(filled)
    parsed, decoded = [], []
    monkeypatch.setattr(loader, "parse_mapping", lambda text: parsed.append(text) or yamlfile.parse_mapping(text))
    real_decode = images._decode
    monkeypatch.setattr(images, "_decode", lambda path, data: decoded.append(path.name) or real_decode(path, data))
    edited = filled.root / "catalog" / "products" / "mam-ca-loc.yaml"
    edited.write_text(edited.read_text("utf-8").replace("stars: 4", "stars: 5"), "utf-8")
    catalog, _ = load_with_memo(filled)
    assert len(parsed) == 1 and "Mắm cá lóc" in parsed[0]
    assert [p.stars for p in catalog.products if p.id == "mam-ca-loc"] == [5]
    assert decoded == []
    filled.write("catalog/images/nuoc-mam.jpg", jpeg()[:-200])  # the photo itself changed (cut short)
    _, problems = load_with_memo(filled)
    assert decoded == ["nuoc-mam.jpg"]
    assert any("images[1]: images/nuoc-mam.jpg: the image is damaged or truncated" in p for p in problems), problems


def test_the_memo_keeps_only_what_the_last_build_used(filled):
    load_with_memo(filled)
    (filled.root / "catalog" / "products" / "mam-ca-loc.yaml").unlink()
    load_with_memo(filled)
    kept = json.loads((filled.root / ".cache" / "memo" / "yaml.json").read_text("utf-8"))["entries"]
    assert len(kept) == 2  # the producer and the remaining product


@pytest.mark.parametrize("content", ["{not json", json.dumps({"version": "older code", "entries": {}}), "[]"])
def test_a_memo_from_other_code_or_cut_short_is_ignored(filled, content):
    cold = load_with_memo(filled)
    for path in (filled.root / ".cache" / "memo").glob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        if content.startswith("{\"version\""):  # right shape, other code: entries that would be wrong
            data["version"] = "older code"
            data["entries"] = {key: None for key in data["entries"]}
            path.write_text(json.dumps(data), "utf-8")
        else:
            path.write_text(content, "utf-8")
    assert load_with_memo(filled)[1] == cold[1]
    assert facts(load_with_memo(filled)[0]) == facts(cold[0])


def test_an_edited_memo_is_not_trusted(filled):
    """A name edited in the memo, the file keeping its length: the catalog says what the records say."""
    cold = load_with_memo(filled)
    path = filled.root / ".cache" / "memo" / "yaml.json"
    text = path.read_text("utf-8")
    edited = text.replace("Mắm cá lóc", "Mắm cá LÓC")
    assert edited != text and len(edited.encode("utf-8")) == len(text.encode("utf-8"))
    path.write_text(edited, "utf-8")
    warm = load_with_memo(filled)
    assert "Mắm cá lóc Đầm Dơi" in [p.name for p in warm[0].products]
    assert facts(warm[0]) == facts(cold[0]) and warm[1] == cold[1]


def test_parsed_records_survive_json_with_their_lines_and_types():
    text = ("id: x\nname: Tên\nstars: 4\nratio: !!float 0.5\nok: true\nnothing:\nsigned: 2024-05-20\n"
            "at: 2024-05-20 08:30:00+07:00\nimages:\n  - a.jpg\n  - file: b.jpg\n    alt: Ảnh\n")
    parsed = yamlfile.parse_mapping(text)
    again = yamlfile.from_plain(json.loads(json.dumps(yamlfile.to_plain(parsed))))
    assert again == parsed
    assert [type(again[k]) for k in ("stars", "ratio", "ok", "signed", "at")] == [int, float, bool, dt.date, dt.datetime]
    assert again["at"] == parsed["at"] and again["nothing"] is None
    assert [again.line_of(k) for k in again] == [parsed.line_of(k) for k in parsed]
    assert again["images"].lines == [10, 11] and again["images"][1].line_of("alt") == 12


def test_the_memo_version_follows_the_code(tmp_path):
    """A copy of the code that computes a kind's results has the same version; a change to it, another,
    and only for the kinds it computes."""
    for name in {name for sources, _ in memo.KINDS.values() for name in sources} | {"records/memo.py"}:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes((memo.Path(memo.__file__).parent.parent / name).read_bytes())
    versions = {kind: memo._version(*code, here=tmp_path) for kind, code in memo.KINDS.items()}
    assert versions == memo.VERSIONS
    with (tmp_path / "records" / "markup.py").open("a") as source:
        source.write("\nMAX_CHARS = 10\n")
    changed = {kind for kind, code in memo.KINDS.items() if memo._version(*code, here=tmp_path) != memo.VERSIONS[kind]}
    assert changed == {"markdown"}
