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

__all__ = ["atomic_open", "atomic_write_text"]


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
