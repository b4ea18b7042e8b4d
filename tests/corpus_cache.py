"""Cases of the cache batch: the build cache (``.cache/ocop``) edited, cut short, swapped or linked.

A small site with photos and Markdown is built twice from scratch (``clean``: the reference) and
once more onto the same cache (``warm``); every poisoning of this batch is then applied to that one
warm cache and the site rebuilt (``poisoned``). Each case checks that what it poisoned publishes
exactly the bytes of the clean build, as a regular file, with nothing active. Poisonings that may
crash the build (an entry of the wrong shape, a folder or a link where a file belongs) run alone.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from corpus_harness import Case, Run, base_site, copy_site, ocop, parse_html, scan_site, tree_digest, write_files, product

COLOURS = [(200, 40, 40), (40, 160, 40), (40, 40, 200), (200, 160, 40), (120, 40, 160)]
NAMES = [f"Sản phẩm độc nhất {i}" for i in range(len(COLOURS))]


def make_source(root: Path) -> Path:
    base_site(root)
    for i, colour in enumerate(COLOURS):
        Image.new("RGB", (480, 360), colour).save(root / f"catalog/images/anh-{i}.jpg", quality=90)
        write_files(root, {f"catalog/products/sp-{i}.yaml": product(
            f"sp-{i}", NAMES[i], f"images:\n  - file: images/anh-{i}.jpg\n    alt: Ảnh {i}\n"
                                 f"description: |\n  Mô tả **độc nhất {i}**.\n")})
    return root


@dataclass
class CacheBatch:
    clean: Path  # the reference build
    source: Path  # the site whose cache was poisoned
    poisoned: Path  # the build onto the poisoned cache
    run: Run

    @property
    def cache(self) -> Path:
        return self.source / ".cache" / "ocop"


def rendition(site: Path, product: int, suffix: str = "jpg") -> str:
    """The path (relative to the site) of the largest rendition of product ``product``'s photo."""
    page = site / f"san-pham/sp-{product}/index.html"
    href = parse_html(page.read_bytes()).xpath("//a[picture]/@href")[0]
    rel = (page.parent / href).resolve().relative_to(site.resolve()).as_posix()
    return rel[: -len("jpg")] + suffix


def card(site: Path, product: int) -> str:
    content = parse_html((site / f"san-pham/sp-{product}/index.html").read_bytes()).xpath("//meta[@property='og:image']/@content")[0]
    return content.split("/", 3)[3]  # https://host/anh/chia-se-….jpg


def cache_entry(batch_or_cache: Path, folder: str, same_as: Path) -> Path:
    """The file of cache ``folder`` with the bytes of ``same_as`` (the published copy of an entry)."""
    data = same_as.read_bytes()
    for path in sorted((batch_or_cache / folder).iterdir()):
        if path.is_file() and path.read_bytes() == data:
            return path
    raise AssertionError(f"no entry of {folder} holds {same_as.name}")


# -- poisonings applied together to one warm cache -----------------------------------------------------

def _edit_json(cache: Path, kind: str, old: str, new: str) -> None:
    path = cache / "memo" / f"{kind}.json"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _poison_memo_text(cache, clean):
    _edit_json(cache, "yaml", NAMES[0], "Tên giả mạo")


def _poison_memo_html(cache, clean):
    _edit_json(cache, "markdown", "<strong>độc nhất 1</strong>", "<img src=x onerror=window.__ocopxssmemo=1>")


def _poison_memo_size(cache, clean):
    path = cache / "memo" / "images.json"
    data = json.loads(path.read_text("utf-8"))
    key = sorted(data["entries"])[0]
    data["entries"][key][1] *= 7
    path.write_text(json.dumps(data), "utf-8")


def _poison_rendition_truncated(cache, clean):
    _truncate(cache_entry(cache, "images", clean / rendition(clean, 0)))


def _poison_rendition_swapped(cache, clean):
    cache_entry(cache, "images", clean / rendition(clean, 1)).write_bytes((clean / rendition(clean, 2)).read_bytes())


def _poison_rendition_link(cache, clean):
    entry = cache_entry(cache, "images", clean / rendition(clean, 3, "webp"))
    entry.unlink()
    os.symlink("/etc/hostname", entry)


def _poison_card_truncated(cache, clean):
    _truncate(cache_entry(cache, "share", clean / card(clean, 0)))


def _poison_card_swapped(cache, clean):
    cache_entry(cache, "share", clean / card(clean, 1)).write_bytes((clean / card(clean, 2)).read_bytes())


def _poison_qr_script(cache, clean):
    entry = cache_entry(cache, "qr", clean / "san-pham/sp-3/qr.svg")
    entry.write_text(entry.read_text("utf-8").replace("</svg>", "<script>window.__ocopxssqr=1</script></svg>"), "utf-8")


def _poison_qr_link(cache, clean):
    entry = cache_entry(cache, "qr", clean / "san-pham/sp-4/qr.svg")
    entry.unlink()
    os.symlink("/etc/hostname", entry)


def _poison_template(cache, clean):
    entry = sorted(p for p in (cache / "templates").rglob("*") if p.is_file())[0]
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x20
    entry.write_bytes(bytes(data))


def _poison_leftovers(cache, clean):
    for folder in ("images", "share", "qr"):
        (cache / folder / f".x-1.{os.getpid()}-1.tmp").write_bytes(b"<script>window.__ocopxsstmp=1</script>")


def _same(*paths):
    """Each of ``paths`` (or a callable giving one from the clean site) is published with the clean build's bytes."""
    def check(batch: CacheBatch) -> None:
        batch.run.assert_sane()
        assert batch.run.returncode == 0, batch.run.stderr[-2000:]
        for path in paths:
            rel = path(batch.clean) if callable(path) else path
            out = batch.poisoned / rel
            assert not out.is_symlink(), f"{rel} is published as a link"
            assert out.is_file(), f"{rel} is missing"
            assert out.read_bytes() == (batch.clean / rel).read_bytes(), f"{rel} differs from a clean build's"
    return check


def _photo_sizes_same(batch: CacheBatch) -> None:
    """Every product page gives each photo the width and height of the clean build's."""
    batch.run.assert_sane()
    for i in range(len(COLOURS)):
        sizes = [[(img.get("width"), img.get("height")) for img in parse_html((site / f"san-pham/sp-{i}/index.html").read_bytes()).xpath("//img")]
                 for site in (batch.clean, batch.poisoned)]
        assert sizes[0] == sizes[1], f"sp-{i}: {sizes}"


def _inert(token: str):
    def check(batch: CacheBatch) -> None:
        batch.run.assert_sane()
        assert scan_site(batch.poisoned).about(token) == []
    return check


def _both(*checks):
    def check(batch):
        for one in checks:
            one(batch)
    return check


def _no_leftovers(batch: CacheBatch) -> None:
    batch.run.assert_sane()
    assert [p for p in batch.poisoned.rglob("*.tmp")] == []
    assert scan_site(batch.poisoned).about("ocopxsstmp") == []


POISONINGS = [
    # id, what must hold, poison, check
    ("memo-record-edited", "an edited record in the memo publishes what the record says",
     _poison_memo_text, _same("san-pham/sp-0/index.html", "san-pham/du-lieu.json")),
    ("memo-markdown-script", "script put into the memo's rendered Markdown is not published",
     _poison_memo_html, _both(_inert("ocopxssmemo"), _same("san-pham/sp-1/index.html"))),
    ("memo-photo-size", "a photo size edited in the memo does not reach the pages",
     _poison_memo_size, lambda batch: _photo_sizes_same(batch)),
    ("rendition-truncated", "a rendition cut short in the cache is made again", _poison_rendition_truncated,
     _same(lambda clean: rendition(clean, 0))),
    ("rendition-swapped", "a rendition replaced by another photo in the cache is made again", _poison_rendition_swapped,
     _same(lambda clean: rendition(clean, 1))),
    ("rendition-link", "a link in the image cache never becomes a link in the site", _poison_rendition_link,
     _same(lambda clean: rendition(clean, 3, "webp"))),
    ("card-truncated", "a social card cut short in the cache is drawn again", _poison_card_truncated,
     _same(lambda clean: card(clean, 0))),
    ("card-swapped", "a social card replaced in the cache is drawn again", _poison_card_swapped,
     _same(lambda clean: card(clean, 1))),
    ("qr-script", "script put into a cached QR code is not published", _poison_qr_script,
     _both(_inert("ocopxssqr"), _same("san-pham/sp-3/qr.svg"))),
    ("qr-link", "a link in the QR cache never becomes a link or a leak in the site", _poison_qr_link,
     _same("san-pham/sp-4/qr.svg")),
    ("template-edited", "an edited compiled template is compiled again from source", _poison_template,
     _same("404.html", "ke-hoach/index.html", "du-lieu-mo/index.html")),
    ("leftover-temporaries", "temporary files a killed build left in the cache are never published", _poison_leftovers,
     _no_leftovers),
]


def cache_cases() -> list[Case]:
    return [Case(f"cache-{id}", "cache trust", "caches", holds, {}, check, data={"poison": poison})
            for id, holds, poison, check in POISONINGS] + [
        Case("cache-whole-site", "cache trust", "caches",
             "after every poisoning at once, the whole site is byte-identical to a clean build", {}, _whole_site)]


def _whole_site(batch: CacheBatch) -> None:
    batch.run.assert_sane()
    clean, poisoned = tree_digest(batch.clean), tree_digest(batch.poisoned)
    assert [k for k in clean.keys() | poisoned.keys() if clean.get(k) != poisoned.get(k)] == []


def cache_batch(base: Path) -> CacheBatch:
    source = make_source(base / "source")
    clean_source = copy_site(source, base / "clean-source")
    assert ocop("build", clean_source, "--site-dir", base / "clean").returncode == 0
    warm = ocop("build", source, "--site-dir", base / "warm")
    assert warm.returncode == 0, warm.stderr
    cache = source / ".cache" / "ocop"
    for _, _, poison, _ in POISONINGS:
        poison(cache, base / "clean")
    run = ocop("build", source, "--site-dir", base / "poisoned")
    return CacheBatch(base / "clean", source, base / "poisoned", run)


# -- poisonings that may crash the build, each alone ---------------------------------------------------

def warm_templates(base: Path) -> tuple[Path, Path]:
    """(a source with a warm cache, its clean build): what the poisonings run alone start from."""
    source = make_source(base / "source")
    clean = base / "clean"
    assert ocop("build", copy_site(source, base / "clean-source"), "--site-dir", clean).returncode == 0
    assert ocop("build", source, "--site-dir", base / "warm").returncode == 0
    return source, clean


def _alone(poison):
    """Poison a copy of a warm source, rebuild: no traceback, and the site the clean build's."""
    def check(solo) -> None:
        template, clean = solo.warm
        source = copy_site(template, solo.tmp / "source")
        poison(source / ".cache" / "ocop", clean)
        run = ocop("build", source, "--site-dir", solo.tmp / "out")
        run.assert_sane()
        assert run.returncode == 0, run.stderr[-2000:]
        first, second = tree_digest(clean), tree_digest(solo.tmp / "out")
        assert [k for k in first.keys() | second.keys() if first.get(k) != second.get(k)] == []
    return check


def _json_shape(kind: str, value):
    def poison(cache, clean):
        path = cache / "memo" / f"{kind}.json"
        data = json.loads(path.read_text("utf-8"))
        for key in data["entries"]:
            data["entries"][key] = value
        path.write_text(json.dumps(data), "utf-8")
    return poison


def _memo_truncated(cache, clean):
    for kind in ("yaml", "markdown", "images"):
        _truncate(cache / "memo" / f"{kind}.json")


def _folder_for_file(cache, clean):
    entry = cache_entry(cache, "images", clean / rendition(clean, 0))
    entry.unlink()
    entry.mkdir()


def _cache_is_link(cache, clean):
    elsewhere = cache.parent / "elsewhere"
    shutil.move(cache, elsewhere)
    os.symlink(elsewhere, cache)


def _memo_is_link(cache, clean):
    path = cache / "memo" / "yaml.json"
    path.unlink()
    os.symlink("/dev/zero", path)


def _entries_emptied(cache, clean):
    for folder in ("images", "share", "qr"):
        for path in (cache / folder).iterdir():
            path.write_bytes(b"")


SHAPES = [
    ("memo-truncated", "memo files cut short (a full disk) are ignored", _memo_truncated),
    ("memo-yaml-wrong-shape", "memo record entries of the wrong shape are ignored", _json_shape("yaml", 5)),
    ("memo-markdown-wrong-shape", "memo Markdown entries of the wrong shape are ignored", _json_shape("markdown", {"a": 1})),
    ("memo-images-wrong-shape", "memo photo entries of the wrong shape are ignored", _json_shape("images", ["x", "y", None])),
    ("memo-is-device-link", "a memo file that links to /dev/zero is not read (it never ends)", _memo_is_link),
    ("rendition-is-folder", "a folder where a rendition belongs is replaced, no traceback", _folder_for_file),
    ("cache-folder-is-link", "a cache folder that is a link is rebuilt or used without publishing a link", _cache_is_link),
    ("entries-emptied", "cache entries emptied (a disk that filled) are made again", _entries_emptied),
]


def cache_solo_cases() -> list[Case]:
    return [Case(f"cache-{id}", "cache trust", "caches", holds, {}, _alone(poison)) for id, holds, poison in SHAPES]
