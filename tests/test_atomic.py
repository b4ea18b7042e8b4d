"""Cache files are written whole or not at all, readable like any other file."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from generator.support import atomic


def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "entry.json"
    target.write_bytes(b"old")
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["entry.json"]


def test_short_writes_are_continued(tmp_path, monkeypatch):
    """write() may take fewer bytes than it was given (a signal, a file system near full)."""
    real = os.write
    monkeypatch.setattr(atomic.os, "write", lambda fd, data: real(fd, data[:7]))
    atomic.write_bytes(tmp_path / "card.jpg", bytes(range(256)) * 10)
    monkeypatch.undo()
    assert (tmp_path / "card.jpg").read_bytes() == bytes(range(256)) * 10


def test_a_write_that_fails_midway_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "card.jpg"
    target.write_bytes(b"complete")
    real = os.write

    def disk_full(fd, data):
        if os.fstat(fd).st_size:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data[:len(data) // 2])

    monkeypatch.setattr(atomic.os, "write", disk_full)
    with pytest.raises(OSError, match="No space left"):
        atomic.write_bytes(target, b"the new content")
    monkeypatch.undo()
    assert target.read_bytes() == b"complete"
    assert [p.name for p in tmp_path.iterdir()] == ["card.jpg"]


def test_a_link_planted_at_the_temporary_name_is_not_written_through(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"the user's own file")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / atomic.temporary_name("card.jpg")).symlink_to(outside)
    atomic.write_bytes(cache / "card.jpg", b"card")
    assert outside.read_bytes() == b"the user's own file"
    assert (cache / "card.jpg").read_bytes() == b"card" and not (cache / "card.jpg").is_symlink()
    assert [p.name for p in cache.iterdir()] == ["card.jpg"]


def test_a_folder_in_the_way_is_replaced(tmp_path):
    (tmp_path / "card.jpg").mkdir()
    (tmp_path / "card.jpg" / "inside").write_bytes(b"x")
    atomic.write_bytes(tmp_path / "card.jpg", b"card")
    assert (tmp_path / "card.jpg").read_bytes() == b"card"


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
