"""Cases of the site batch (:mod:`corpus_site`): plans saved oddly, attachments of every kind, and
product photos of every mode and format.

A photo is refused with its ``images[1]`` line, or published as renditions that look like it (the
colours of its middle and its corners, its orientation). An attachment that a browser would run
(HTML, SVG, XML...) is refused, or not published as a file that runs on the site's origin.
"""

from __future__ import annotations

import io
import os
import struct
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw

from corpus_harness import PLAN, Case, parse_html, product, quoted
from corpus_site import SiteBatch, published, reported

P, K = "catalog/products", "content/plans"
SCRIPT = "<script>window.__ocopxss{n}=1</script>"


# -- photos ---------------------------------------------------------------------------------------

def _photo(mode: str, fmt: str = "PNG", size=(400, 300), **save) -> bytes:
    """A photo in ``mode``: a mid-grey frame around a middle block (red where the mode has colour)."""
    rgb = Image.new("RGB", size, (128, 128, 128))
    ImageDraw.Draw(rgb).rectangle([size[0] // 3, size[1] // 3, 2 * size[0] // 3, 2 * size[1] // 3], fill=(200, 40, 40))
    if mode == "I;16":  # 16 bits a pixel: grey 128 and 60 of 255, scaled
        image = Image.new(mode, size)
        image.paste(128 * 257, (0, 0, *size))
        image.paste(60 * 257, (size[0] // 3, size[1] // 3, 2 * size[0] // 3, 2 * size[1] // 3))
    else:
        image = rgb.convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def _transparent() -> bytes:
    """A transparent PNG with an opaque mid-grey block in the middle (a cut-out product photo)."""
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle([133, 100, 266, 200], fill=(128, 128, 128, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _palette_transparent() -> bytes:
    image = Image.open(io.BytesIO(_transparent())).convert("RGBA").quantize(colors=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)
    return buffer.getvalue()


def _oriented(orientation: int) -> bytes:
    """A 400×300 JPEG whose EXIF says to rotate it (orientation 6 or 8: shown 300×400)."""
    image = Image.open(io.BytesIO(_photo("RGB", "JPEG")))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {2: (10.0, 30.0, 0.0)}  # GPS latitude: must not be published
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def _polyglot() -> bytes:
    return _photo("RGB", "JPEG") + b"<html><script>window.__ocopxsspolyglot=1</script></html>"


def _animated_webp() -> bytes:
    frames = [Image.new("RGB", (400, 300), c) for c in ((128, 128, 128), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def _huge_text_chunk() -> bytes:
    """A small PNG with a 20 MB zTXt chunk that compresses to almost nothing (a metadata bomb)."""
    import zlib
    png = _photo("RGB")
    data = b"Comment\0\0" + zlib.compress(b"a" * 20_000_000, 9)
    chunk = struct.pack(">I", len(data)) + b"zTXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"zTXt" + data) & 0xFFFFFFFF)
    return png[:33] + chunk + png[33:]


def _svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" onload="window.__ocopxsssvgpng=1"/>'


PHOTOS = {
    # label: (file name, bytes, expected middle and corner grey levels after rendering, or None: refuse)
    "mode-1": ("m1.png", lambda: _photo("1"), "refuse-or-still"),
    "mode-l": ("ml.png", lambda: _photo("L"), ("grey", "grey")),
    "mode-la": ("mla.png", lambda: _photo("LA"), ("grey", "grey")),
    "mode-p": ("mp.png", lambda: _photo("P"), ("red", "grey")),
    "mode-rgb": ("mrgb.png", lambda: _photo("RGB"), ("red", "grey")),
    "mode-rgba": ("mrgba.png", lambda: _photo("RGBA"), ("red", "grey")),
    "mode-i16": ("mi16.png", lambda: _photo("I;16"), ("dark", "grey")),
    "jpeg-l": ("jl.jpg", lambda: _photo("L", "JPEG"), ("grey", "grey")),
    "jpeg-cmyk": ("jcmyk.jpg", lambda: _photo("CMYK", "JPEG"), ("red", "grey")),
    "jpeg-progressive": ("jprog.jpg", lambda: _photo("RGB", "JPEG", progressive=True), ("red", "grey")),
    "jpeg-rotated-6": ("jrot6.jpg", lambda: _oriented(6), ("red", "grey")),
    "jpeg-rotated-8": ("jrot8.jpg", lambda: _oriented(8), ("red", "grey")),
    "png-interlaced": ("pint.png", lambda: _photo("RGB", "PNG", interlace=1), ("red", "grey")),
    "png-transparent": ("ptrans.png", _transparent, ("grey", "light")),
    "png-palette-transparent": ("pptrans.png", _palette_transparent, ("grey", "light")),
    "webp-lossless": ("wll.webp", lambda: _photo("RGB", "WEBP", lossless=True), ("red", "grey")),
    "webp-alpha": ("wa.webp", lambda: _photo("RGBA", "WEBP"), ("red", "grey")),
    "webp-animated": ("wanim.webp", _animated_webp, "refuse-or-still"),
    "gif-as-jpg": ("gif.jpg", lambda: _photo("P", "GIF"), None),
    "tiff-as-jpg": ("tiff.jpg", lambda: _photo("RGB", "TIFF"), None),
    "bmp-as-png": ("bmp.png", lambda: _photo("RGB", "BMP"), None),
    "ico-as-png": ("ico.png", lambda: _photo("RGB", "ICO", sizes=[(64, 64)]), None),
    "svg-as-png": ("svg.png", _svg, None),
    "empty-file": ("rong.jpg", lambda: b"", None),
    "jpeg-html-polyglot": ("poly.jpg", _polyglot, ("red", "grey")),
    "png-text-bomb": ("ztxt.png", _huge_text_chunk, "refuse-or-still"),
    "tiny-1px": ("tiny.png", lambda: _photo("RGB", size=(1, 1)), "refuse-or-still"),
    "ratio-at-limit": ("ratio8.png", lambda: _photo("RGB", size=(800, 100)), "refuse-or-still"),
}
LEVELS = {"grey": lambda c: all(80 <= v <= 175 for v in c) and max(c) - min(c) < 30,
          "red": lambda c: c[0] > 150 and c[1] < 100 and c[2] < 100,
          "dark": lambda c: all(v < 100 for v in c),
          "light": lambda c: all(v > 200 for v in c)}


def _rendition(batch: SiteBatch, page: str) -> tuple[Image.Image, Path]:
    root = parse_html(batch.page(page).read_bytes())
    links = root.xpath("//a[picture]/@href")
    assert links, f"{page}: no photo published (the photo was lost)"
    path = (batch.page(page).parent / links[0]).resolve()
    return Image.open(path), path


def _looks_like(page: str, middle: str, corner: str, portrait: bool):
    def check(batch: SiteBatch) -> None:
        image, path = _rendition(batch, page)
        assert b"<script" not in path.read_bytes()
        assert "exif" not in image.info or b"GPS" not in image.info.get("exif", b"")
        rgb = image.convert("RGB")
        w, h = rgb.size
        assert (h > w) == portrait, f"{path.name}: {w}×{h}, the EXIF orientation was not applied"
        found = {"middle": rgb.getpixel((w // 2, h // 2)), "corner": rgb.getpixel((3, 3))}
        assert LEVELS[middle](found["middle"]) and LEVELS[corner](found["corner"]), \
            f"{path.name}: middle {found['middle']} (want {middle}), corner {found['corner']} (want {corner})"
        for other in sorted(path.parent.glob(path.name.rsplit("-", 1)[0] + "-*")):
            Image.open(other).load()  # every width and format decodes whole
    return check


def _still(page: str):
    def check(batch: SiteBatch) -> None:
        image, path = _rendition(batch, page)
        image.load()
        assert getattr(image, "n_frames", 1) == 1
    return check


def photo_cases() -> list[Case]:
    cases = []
    for label, (name, make, expected) in PHOTOS.items():
        id = f"anh-{label}"
        path = f"{P}/{id}.yaml"
        text = product(id, f"Ảnh {label}", f"images:\n  - file: images/{name}\n    alt: Ảnh {label}\n")
        page = f"san-pham/{id}"
        if expected is None:
            check, holds = reported(path, "images[1]"), "refused with its images[1] line"
        elif expected == "refuse-or-still":
            check, holds = published(path, _still(page), "images"), "refused, or published as one still photo"
        else:
            check = published(path, _looks_like(page, *expected, portrait="rotated" in label), "images")
            holds = f"refused, or published looking like it (middle {expected[0]}, corners {expected[1]}), no EXIF"
        kind = "active content" if label in ("jpeg-html-polyglot", "svg-as-png") else (
            "resource cost" if label == "png-text-bomb" else "broken output")
        cases.append(Case(f"photo-{label}", kind, "images", holds, {path: text, f"catalog/images/{name}": lambda p, m=make: p.write_bytes(m())},
                          check))
    return cases


PHOTO_NAMES = {  # label: the file name an officer's camera or phone gives (all must publish, or be refused by name)
    "upper-extension": "IMG_0001.JPG", "jpeg-extension": "anh.jpeg", "space": "ảnh sản phẩm 1.jpg", "hash": "anh#1.jpg",
    "question": "anh?1.jpg", "percent": "anh%201.jpg", "nfd": unicodedata.normalize("NFD", "ảnh-nước-mắm.jpg"),
    "no-extension": "anh-khong-duoi", "leading-dot": ".anh-an.jpg", "emoji": "anh-🐟.jpg",
}


def photo_name_cases() -> list[Case]:
    cases = []
    for label, name in PHOTO_NAMES.items():
        id = f"ten-anh-{label}"
        path = f"{P}/{id}.yaml"
        text = product(id, f"Tên ảnh {label}", f"images:\n  - file: {quoted('images/' + name)}\n    alt: Ảnh\n")
        check = published(path, _looks_like(f"san-pham/{id}", "red", "grey", False), "images")
        cases.append(Case(f"photo-name-{label}", "data loss", "images",
                          f"a photo named '{name}' is published with its product, or refused by its images line",
                          {path: text, f"catalog/images/{name}": lambda p: p.write_bytes(_photo("RGB", "JPEG"))}, check))
    return cases


# -- plans and their attachments -----------------------------------------------------------------

def _plan(number: str, title: str, body: str = "Nội dung.", extra: str = "") -> str:
    text = PLAN.format(number=number, title=title, body=body)
    return text.replace("signed: 12/3/2024\n", "signed: 12/3/2024\n" + extra, 1)


def _not_live(rel: str, published_as: str, token: str):
    """``rel`` refused, or its file not published as something that runs (no file at ``published_as``
    with an active suffix, nothing with ``token`` live anywhere)."""
    def check(batch: SiteBatch) -> None:
        if batch.lines(rel):
            return
        batch.build.assert_sane()
        assert batch.build.returncode == 0, batch.build.stderr[-2000:]
        assert batch.scan.about(token) == []
        out = batch.out / published_as
        assert not out.exists() or out.suffix.lower() not in (".html", ".htm", ".xhtml", ".svg", ".xml", ".shtml", ".js", ".mjs"), \
            f"{published_as} is published as active content on the site's origin"
    return check


ACTIVE_ATTACHMENTS = {
    "html": b"<html><body><script>window.__ocopxss{n}=1</script></body></html>",
    "htm": b"<html><body><img src=x onerror=window.__ocopxss{n}=1></body></html>",
    "xhtml": b'<html xmlns="http://www.w3.org/1999/xhtml"><body><script>window.__ocopxss{n}=1</script></body></html>',
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.__ocopxss{n}=1</script></svg>',
    "xml": b'<?xml-stylesheet type="text/xsl" href="#"?><x xmlns:h="http://www.w3.org/1999/xhtml"><h:script>window.__ocopxss{n}=1</h:script></x>',
    "shtml": b"<script>window.__ocopxss{n}=1</script>",
    "js": b"window.__ocopxss{n}=1",
}


def plan_cases() -> list[Case]:
    cases = []
    for n, suffix in enumerate(("markdown", "mdown", "mkd", "mkdn"), 1):
        token = f"ocopxssext{suffix}"
        rel = f"{K}/ke-hoach-luu-{suffix}.{suffix}"
        cases.append(Case(
            f"plan-extension-{suffix}", "active content", "plans",
            f"a plan saved as .{suffix} is refused or published inert, never as a raw MkDocs page",
            {rel: _plan(f"{600 + n}/KH-UBND", f"Kế hoạch lưu .{suffix}", f"<script>window.__{token}=1</script>")},
            _not_live(rel, f"plans/ke-hoach-luu-{suffix}/index.html", token)))
    for n, (suffix, data) in enumerate(ACTIVE_ATTACHMENTS.items(), 1):
        token = f"ocopxssattach{suffix}"
        rel = f"{K}/dinh-kem-{suffix}.md"
        cases.append(Case(
            f"attachment-{suffix}", "active content", "attachments",
            f"a .{suffix} attachment is refused, or not published as a file that runs on the site's origin",
            {rel: _plan(f"{700 + n}/KH-UBND", f"Kế hoạch đính kèm {suffix}",
                        extra=f"attachments:\n  - file: files/phu-luc.{suffix}\n    title: Phụ lục\n"),
             f"{K}/files/phu-luc.{suffix}": data.replace(b"{n}", f"attach{suffix}".encode())},
            _not_live(rel, f"plans/files/phu-luc.{suffix}", token)))
    for rel, published_as, token, what in (
            (f"{K}/files/mo-coi.html", "plans/files/mo-coi.html", "ocopxssorphanhtml", "an HTML file no plan names"),
            (f"{K}/files/mo-coi.svg", "plans/files/mo-coi.svg", "ocopxssorphansvg", "an SVG file no plan names"),
):
        suffix = rel.rsplit(".", 1)[1]
        data = ACTIVE_ATTACHMENTS[suffix].replace(b"window.__ocopxss{n}", f"window.__{token}".encode())
        cases.append(Case(
            f"stray-{rel.split('/')[-2]}-{rel.rsplit('/', 1)[1].replace('.', '-')}", "active content", "attachments",
            f"{what} is refused or not published as active content", {rel: data},
            _not_live(rel, published_as, token)))
    for label, name in (("device", "CON.md"), ("upper-lower", "KH-5.md"), ("dots", "a..b.md"), ("spaces", "kế hoạch số 5.md"),
                        ("long", "k" * 200 + ".md")):
        rel = f"{K}/{name}"
        extra = {f"{K}/kh-5.md": _plan("806/KH-UBND", "Kế hoạch năm thường")} if label == "upper-lower" else {}
        cases.append(Case(f"plan-file-name-{label}", "data loss", "plans",
                          f"a plan file named '{name[:40]}' is published, or refused by name (never lost in silence)",
                          {rel: _plan(f"{810 + len(cases)}/KH-UBND", f"Kế hoạch tên {label}"), **extra},
                          _plan_published_or_reported([rel, *extra], f"Kế hoạch tên {label}")))
    for label, encode in (("crlf", lambda t: t.replace("\n", "\r\n").encode()), ("bom", lambda t: b"\xef\xbb\xbf" + t.encode()),
                          ("utf16", lambda t: t.encode("utf-16")), ("cr-only", lambda t: t.replace("\n", "\r").encode())):
        rel = f"{K}/ma-hoa-{label}.md"
        title = f"Kế hoạch mã hóa {label}"
        cases.append(Case(f"plan-encoding-{label}", "data loss", "plans",
                          f"a plan saved with {label} is published, or refused by name (never lost in silence)",
                          {rel: encode(_plan(f"{830 + len(cases)}/KH-UBND", title))}, _plan_published_or_reported([rel], title)))
    rel = f"{K}/no-closing.md"
    cases.append(Case("plan-front-matter-unclosed", "broken output", "plans", "front matter that is never closed is reported",
                      {rel: "---\nnumber: 5/KH\ntitle: Không đóng\n\n## I. Nội dung\n"}, reported(rel)))
    rel = f"{K}/dinh-kem-thu-muc.md"
    cases.append(Case("attachment-is-folder", "crash/hang", "attachments", "an attachment that is a folder is reported, no traceback",
                      {rel: _plan("820/KH-UBND", "Kế hoạch thư mục", extra="attachments:\n  - files/thu-muc\n"),
                       f"{K}/files/thu-muc/a.txt": "a\n"}, reported(rel, "attachments[1]")))
    rel = f"{K}/dinh-kem-lien-ket.md"

    def outside_link(path: Path) -> None:
        os.symlink("/etc/hostname", path)
    cases.append(Case("attachment-link-outside", "data loss", "attachments",
                      "an attachment that links outside the site is reported, never published",
                      {rel: _plan("821/KH-UBND", "Kế hoạch liên kết", extra="attachments:\n  - files/lien-ket.pdf\n"),
                       f"{K}/files/lien-ket.pdf": outside_link}, reported(rel, "attachments[1]")))
    return cases


def csp_of(page: Path) -> dict[str, list[str]]:
    """The directives of the Content-Security-Policy meta element of ``page`` (none: empty)."""
    root = parse_html(page.read_bytes())
    policies = root.xpath("//head/meta[translate(@http-equiv,'CONTENSUMYPLI','contensumypli')='content-security-policy']/@content")
    directives = {}
    for policy in policies:
        for part in policy.split(";"):
            if part.strip():
                name, *values = part.split()
                directives[name.lower()] = values
    return directives


def _plan_published_or_reported(rels: list[str], title: str):
    """One of ``rels`` is refused by name, or the plan titled ``title`` has a page of its own."""
    def check(batch: SiteBatch) -> None:
        if any(batch.lines(rel) for rel in rels):
            return
        batch.build.assert_sane()
        found = [p for p in (batch.out / "ke-hoach").glob("*/index.html")
                 if title in "".join(parse_html(p.read_bytes()).xpath("//h1//text()"))]
        assert found, f"{rels[0]}: accepted but published nowhere (lost)"
    return check


# -- the site batch as a whole ---------------------------------------------------------------------

def _every_page_has_csp(batch: SiteBatch) -> None:
    batch.build.assert_sane()
    assert batch.scan.pages_without_csp == [], f"{len(batch.scan.pages_without_csp)} pages without a CSP, such as {batch.scan.pages_without_csp[:3]}"


def _nothing_live_unclaimed(batch: SiteBatch) -> None:
    """What is live in the site comes only from payloads of the corpus (each traced to its case)."""
    batch.build.assert_sane()
    stray = [f"{rel}: {f}" for rel, found in batch.scan.findings.items() for f in found if "ocopxss" not in f]
    assert stray == []


def _site_checks_out(batch: SiteBatch) -> None:
    from corpus_harness import ocop
    batch.build.assert_sane()
    run = ocop("check", batch.accepted, "--site-dir", batch.out)
    run.assert_sane()
    assert run.returncode == 0, run.stderr[-3000:]


def whole_site_cases() -> list[Case]:
    return [
        Case("site-csp-every-page", "active content", "records", "every page of the hostile site carries a Content-Security-Policy",
             {}, _every_page_has_csp),
        Case("site-nothing-live-unclaimed", "active content", "records",
             "nothing is live in the hostile site but what a case names (frames, objects, handlers with no payload)", {},
             _nothing_live_unclaimed),
        Case("site-check-passes", "broken output", "records",
             "ocop check finds no broken link, missing file or duplicate id in the hostile site", {}, _site_checks_out),
    ]
