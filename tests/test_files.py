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


# ---------------------------------------------------------------------------------------
# writable_folder: output folders checked before any work (issue 9)


def test_writable_folder_is_made_absolute_and_created(tmp_path, monkeypatch):
    from valuekit._files import writable_folder

    monkeypatch.chdir(tmp_path)
    folder = writable_folder("out/reports")
    assert folder == tmp_path / "out" / "reports" and folder.is_dir()
    assert list(folder.iterdir()) == []  # the probe is gone


def test_writable_folder_refuses_a_file_and_a_path_through_a_file(tmp_path):
    from valuekit._files import writable_folder

    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    with pytest.raises(ValueError, match=r"^--out must be a folder; .*notes.txt is a file$"):
        writable_folder(blocker)
    with pytest.raises(ValueError, match=r"is inside the file .*notes.txt$"):
        writable_folder(blocker / "a" / "b")


def test_writable_folder_refuses_a_read_only_folder(tmp_path, monkeypatch):
    """As root (this machine) permissions do not stop writes, so the kernel's refusal is
    injected at the probe; as another user the folder really is read-only."""
    import os
    import tempfile

    from valuekit._files import writable_folder

    ro = tmp_path / "shared"
    ro.mkdir()
    ro.chmod(0o555)
    if os.geteuid() == 0:
        real = tempfile.mkstemp

        def refuse(*args, dir=None, **kwargs):
            if dir is not None and os.fspath(dir) == os.fspath(ro):
                raise PermissionError(13, "Permission denied", os.fspath(dir))
            return real(*args, dir=dir, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    try:
        with pytest.raises(ValueError, match="cannot write to the output folder .*shared: "
                                             "Permission denied"):
            writable_folder(ro)
    finally:
        ro.chmod(0o755)
