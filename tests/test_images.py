"""Renditions: EXIF orientation applied, metadata (GPS included) dropped, cache by content hash."""

import io

from PIL import Image

from generator import images
from generator.cache_store import Store


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
    checked = images.check(source)
    assert (checked.width, checked.height) == (1000, 1600)  # shown upright: portrait
    renditions = images.plan(checked.digest, checked.width, checked.height)
    assert [r.width for r in renditions] == [320, 640, 1000]  # never upscaled past the source
    cache = tmp_path / "cache"
    assert images.render_all({checked.digest: (source, renditions)}, Store(cache), workers=1) == 1
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
        checked = images.check(path)
        jobs.setdefault(checked.digest, (path, images.plan(checked.digest, checked.width, checked.height)))
    assert len(jobs) == 1
    assert images.render_all(jobs, Store(cache), workers=1) == 1
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert images.render_all(jobs, Store(cache), workers=1) == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before


def test_renditions_are_reproducible(tmp_path):
    source = tmp_path / "a.png"
    Image.new("RGB", (900, 700), (10, 90, 200)).save(source)
    checked = images.check(source)
    jobs = {checked.digest: (source, images.plan(checked.digest, checked.width, checked.height))}
    images.render_all(jobs, Store(tmp_path / "one"), workers=1)
    images.render_all(jobs, Store(tmp_path / "two"), workers=1)
    for path in (tmp_path / "one").glob("*.*"):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()
