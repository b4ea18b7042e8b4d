"""Renditions: EXIF orientation applied, metadata (GPS included) dropped, cache by content hash."""


import pytest
from PIL import Image

from generator.records import photos as checks
from generator.render import photos as images
from generator.site.photos import plan
from generator.support.cache_store import Store


def photo_with_exif(path, size=(1600, 1000), orientation=6):
    exif = Image.Exif()
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (9.0, 10.0, 30.0)  # GPSLatitudeRef, GPSLatitude
    exif[0x010F] = "Camera maker"
    Image.new("RGB", size, (30, 120, 60)).save(path, "JPEG", exif=exif.tobytes())


def test_orientation_applied_and_metadata_dropped(tmp_path):
    source = tmp_path / "photo.jpg"
    photo_with_exif(source)
    checked = checks.check(source)
    assert (checked.width, checked.height) == (1000, 1600)  # shown upright: portrait
    renditions = plan(checked.digest, checked.width, checked.height)
    assert [r.width for r in renditions] == [320, 640, 1000]  # never upscaled past the source
    cache = tmp_path / "cache"
    assert images.render_all({checked.digest: (source, renditions)}, Store(cache)) == 1
    for r in renditions:
        for name in (r.jpeg, r.webp):
            with Image.open(cache / name) as out:
                assert out.size == (r.width, r.height)
                assert out.height > out.width
                assert not out.getexif(), f"{name} still carries EXIF"
                assert "exif" not in out.info and "xmp" not in out.info


def test_unchanged_images_are_never_processed_twice(tmp_path):
    source = tmp_path / "a.jpg"
    Image.new("RGB", (700, 500), (200, 10, 10)).save(source)
    copy = tmp_path / "same-bytes-other-name.jpg"
    copy.write_bytes(source.read_bytes())
    cache = tmp_path / "cache"
    jobs = {}
    for path in (source, copy):
        checked = checks.check(path)
        jobs.setdefault(checked.digest, (path, plan(checked.digest, checked.width, checked.height)))
    assert len(jobs) == 1
    assert images.render_all(jobs, Store(cache)) == 1
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert images.render_all(jobs, Store(cache)) == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before


def test_renditions_are_reproducible(tmp_path):
    source = tmp_path / "a.png"
    Image.new("RGB", (900, 700), (10, 90, 200)).save(source)
    checked = checks.check(source)
    jobs = {checked.digest: (source, plan(checked.digest, checked.width, checked.height))}
    images.render_all(jobs, Store(tmp_path / "one"))
    images.render_all(jobs, Store(tmp_path / "two"))
    for path in (tmp_path / "one").glob("*.*"):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def rendition_colour(tmp_path, source) -> tuple[int, int, int]:
    """The colour at the centre of the largest JPEG and WebP renditions of ``source`` (they agree)."""
    checked = checks.check(source)
    renditions = plan(checked.digest, checked.width, checked.height)
    cache = tmp_path / "cache"
    images.render_all({checked.digest: (source, renditions)}, Store(cache))
    colours = []
    for name in (renditions[-1].jpeg, renditions[-1].webp):
        with Image.open(cache / name) as out:
            assert out.mode == "RGB"
            colours.append(out.getpixel((out.width // 2, out.height // 2)))
    assert all(abs(a - b) <= 3 for a, b in zip(*colours)), colours
    return colours[0]


def palette_with_transparent_colour() -> Image.Image:
    img = Image.new("P", (400, 300), 1)
    img.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    img.info["transparency"] = 1  # the colour every pixel has
    return img


@pytest.mark.parametrize("name, make, expected", [
    ("16-bit grey", lambda: Image.new("I;16", (400, 300), 128 * 257), (128, 128, 128)),
    ("16-bit white", lambda: Image.new("I;16", (400, 300), 65535), (255, 255, 255)),
    ("16-bit dark grey", lambda: Image.new("I;16", (400, 300), 40 * 257), (40, 40, 40)),
    ("transparent RGBA", lambda: Image.new("RGBA", (400, 300), (0, 0, 0, 0)), (255, 255, 255)),
    ("half transparent RGBA", lambda: Image.new("RGBA", (400, 300), (200, 0, 0, 128)), (227, 127, 127)),
    ("transparent grey with alpha", lambda: Image.new("LA", (400, 300), (0, 0)), (255, 255, 255)),
    ("transparent palette colour", palette_with_transparent_colour, (255, 255, 255)),
    ("transparent RGB colour (tRNS)", lambda: Image.new("RGB", (400, 300), (0, 0, 0)), (255, 255, 255)),
    ("opaque RGB", lambda: Image.new("RGB", (400, 300), (10, 90, 200)), (10, 90, 200)),
    ("bilevel", lambda: Image.new("1", (400, 300), 1), (255, 255, 255)),
])
def test_every_png_mode_gives_the_colours_a_browser_shows_on_white(tmp_path, name, make, expected):
    source = tmp_path / "photo.png"
    options = {"transparency": (0, 0, 0)} if name.endswith("(tRNS)") else {}
    make().save(source, "PNG", **options)
    assert all(abs(a - b) <= 3 for a, b in zip(rendition_colour(tmp_path, source), expected)), name


def test_a_cmyk_jpeg_gives_its_rgb_colours(tmp_path):
    source = tmp_path / "print.jpg"
    Image.new("CMYK", (400, 300), (255, 0, 0, 0)).save(source, "JPEG", quality=95)  # pure cyan
    with Image.open(source) as img:
        assert img.mode == "CMYK"
    assert all(abs(a - b) <= 3 for a, b in zip(rendition_colour(tmp_path, source), (0, 255, 255)))
