"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Everything the kit writes for a user (sample CSVs, reports, exported notebooks, mapped CRM
exports) goes through here, so an interrupted run (Ctrl-C, a full disk, a crash) leaves the
previous file in place and no stray temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from valuekit.i18n import N_

__all__ = ["atomic_open", "atomic_write_text", "writable_folder"]


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike, *, encoding: str = "utf-8", newline: str | None = "\n"
) -> Iterator[TextIO]:
    """Open a temporary file beside ``path`` for writing text; when the block ends without an
    error it is flushed to disk and renamed over ``path`` (same folder, same file system, so
    ``os.replace`` is atomic). On any error, ``KeyboardInterrupt`` included, the temporary
    file is removed and ``path`` is left as it was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; what the kit writes is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_open`); return the path."""
    with atomic_open(path, encoding=encoding) as handle:
        handle.write(text)
    return Path(path)


def writable_folder(path: str | os.PathLike, option: str = "--out") -> Path:
    """``path`` made absolute, created if missing and known writable; ValueError otherwise.

    For an output folder given on the command line, checked before any work starts, so
    that a path through a file (``NotADirectoryError``) or a read-only folder
    (``PermissionError``) is one clear line naming ``option`` and the folder, not a
    traceback after minutes of work. The probe file it writes is removed at once.
    """
    folder = Path(path).resolve()
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                where = (N_("is a file") if parent == folder
                         else N_("is inside the file {file}", file=str(parent)))
                raise ValueError(N_("{option} must be a folder; {path} {where}",
                                    option=option, path=str(path), where=where))
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ValueError(N_("cannot create the output folder {folder}: {error}",
                            folder=str(folder), error=str(err.strerror or err))) from None
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".valuekit-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise ValueError(N_("cannot write to the output folder {folder}: {error}",
                            folder=str(folder), error=str(err.strerror or err))) from None
    return folder
