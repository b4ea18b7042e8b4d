"""Cache files are written whole or not at all, readable like any other file."""

from __future__ import annotations

import os
import stat

import pytest

from generator import atomic


def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "entry.json"
    target.write_bytes(b"old")
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["entry.json"]


def test_a_write_that_fails_keeps_the_old_file(tmp_path):
    target = tmp_path / "card.jpg"
    target.write_bytes(b"complete")
    with pytest.raises(RuntimeError), atomic.replacing(target) as temporary:
        with open(temporary, "wb") as file:
            file.write(b"half")
        raise RuntimeError("the encoder failed")
    assert target.read_bytes() == b"complete"
    assert [p.name for p in tmp_path.iterdir()] == ["card.jpg"]


def test_temporary_files_are_hidden_unique_and_recognised():
    name = atomic.temporary_name("abc.webp")
    assert name.startswith(".abc.webp.") and str(os.getpid()) in name
    assert atomic.is_temporary(name)
    assert not atomic.is_temporary("abc.webp") and not atomic.is_temporary(".gitignore")


def test_written_files_follow_the_umask_not_a_private_mode(tmp_path):
    """Renditions and cards are hard-linked into the site: a web server running as another user reads them."""
    previous = os.umask(0o022)
    try:
        atomic.write_bytes(tmp_path / "photo.jpg", b"x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "photo.jpg").stat().st_mode) == 0o644
