"""PDF copies of the HTML reports, printed by the machine's own Chromium.

The report pages are print-ready (print styles, no page furniture from the
lab template), so a browser's "Save as PDF" is the faithful PDF. This module
does the same without a window: ``chromium --headless --print-to-pdf``, with
networking features switched off (the page needs nothing from the network
anyway). It uses a Chromium that is already installed (Debian's ``chromium``,
or the one ``VALUEKIT_CHROMIUM`` names) and never downloads one; LaTeX is not
needed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

#: Names tried on PATH when VALUEKIT_CHROMIUM is not set.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pdf-header-footer",
)


def find_chromium() -> str | None:
    """The Chromium to print with: ``$VALUEKIT_CHROMIUM`` or the first candidate on PATH."""
    named = os.environ.get("VALUEKIT_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The Chromium path, or ValueError saying how to get PDFs without one."""
    found = find_chromium()
    if found is None:
        raise ValueError(
            "--format pdf needs Chromium (Debian: apt-get install chromium; or set "
            "VALUEKIT_CHROMIUM to a Chrome/Chromium binary). Without it, open a report in a "
            "browser and use Print > Save as PDF."
        )
    return found


#: Paper sizes :func:`html_to_pdf` can force (CSS ``@page { size }``); None: Chromium's
#: default for the machine's locale (A4, or US Letter in the US).
PAPERS = {"a4": "A4", "letter": "letter"}


def html_to_pdf(
    html_path: Path, pdf_path: Path, chromium: str, timeout: float = 120,
    paper: str | None = None,
) -> Path:
    """Print ``html_path`` to ``pdf_path`` (A4/Letter by locale, or ``paper``), atomically.

    The PDF gets the HTML file's permissions. Raises RuntimeError with Chromium's last
    message when it fails.
    """
    fd, tmp = tempfile.mkstemp(dir=pdf_path.parent, prefix=f".{pdf_path.name}.", suffix=".tmp")
    os.close(fd)
    profile = tempfile.mkdtemp(prefix=".chromium-", dir=pdf_path.parent)
    source = html_path
    if paper is not None:  # a copy of the page that names its paper (next to it: same links)
        size = PAPERS[paper.lower()]
        page = html_path.read_text(encoding="utf-8").replace(
            "</body>", f"<style>@page {{ size: {size}; }}</style></body>", 1)
        source = Path(profile).with_suffix(".html")
        source.write_text(page, encoding="utf-8")
    flags = list(FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    try:
        done = subprocess.run(
            [chromium, *flags, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
             source.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        size = os.path.getsize(tmp)
        if done.returncode != 0 or size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"Chromium could not print {html_path.name} to PDF: {last}")
        # the HTML's permissions (atomic_write_text gives 0644 under the usual umask), not
        # mkstemp's 0600: a folder shared by a web server must serve both
        os.chmod(tmp, stat.S_IMODE(os.stat(html_path).st_mode))
        os.replace(tmp, pdf_path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        if source != html_path:
            with contextlib.suppress(FileNotFoundError):
                source.unlink()
    return pdf_path
