"""Measure a PDF as printed: page count and how far down each page the content reaches.

Rasterises with poppler's ``pdftoppm`` (grey PGM, parsed with numpy: no imaging library
needed). A page's *fill* is the share of the body (the page minus the printed margins,
where the running header and the page number sit) down to its lowest non-white pixel.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

MM = 1 / 25.4  # inches


def _read_pgm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    parts, pos = [], 0
    while len(parts) < 4:  # magic, width, height, maxval (no comments from pdftoppm)
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    assert parts[0] == b"P5", parts[0]
    width, height = int(parts[1]), int(parts[2])
    return np.frombuffer(data[pos + 1:pos + 1 + width * height], np.uint8).reshape(height,
                                                                                      width)


def page_fills(pdf: Path, top_mm: float = 16, bottom_mm: float = 14, dpi: int = 40
               ) -> list[float]:
    """The fill of every page of ``pdf`` (0 = empty body, 1 = content to the bottom)."""
    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm not found (Debian: apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), f"{tmp}/p"],
                       check=True, capture_output=True)
        fills = []
        for page in sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
            img = _read_pgm(page)
            top, bottom = round(top_mm * MM * dpi), img.shape[0] - round(bottom_mm * MM * dpi)
            body = img[top:bottom]
            inked = np.nonzero((body < 200).any(axis=1))[0]
            fills.append(0.0 if len(inked) == 0 else (inked[-1] + 1) / body.shape[0])
        return fills
