"""valuekit._files: atomic writes (every file the kit writes for a user goes through them)."""

from __future__ import annotations

import os

import pytest

from valuekit import _files
from valuekit._files import atomic_write_text


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "report.html"
    atomic_write_text(target, "old")
    atomic_write_text(target, "new " * 1000)
    assert target.read_text() == "new " * 1000
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError])
def test_interrupted_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch, error):
    target = tmp_path / "report.html"
    atomic_write_text(target, "complete old report")

    def interrupted(src, dst):
        raise error("interrupted while renaming")

    monkeypatch.setattr(_files.os, "replace", interrupted)
    with pytest.raises(error):
        atomic_write_text(target, "half-written new report")
    assert target.read_text() == "complete old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_interrupted_first_write_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    real_fsync = os.fsync

    def interrupted(fd):
        real_fsync(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(_files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "<html>" + "x" * 100_000)
    assert list(tmp_path.iterdir()) == []
