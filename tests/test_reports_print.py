"""The printed report (issue 17): page count and fill on A4 and US Letter, measured on the
PDF rasterised by poppler's pdftoppm (not by print emulation), and the PDF's permissions."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess

import pytest
from pdf_pages import page_fills

from valuekit.reports import pdf, runner

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _need(tool_ok: bool, what: str) -> None:
    if not tool_ok:
        if CI:
            pytest.fail(f"CI=true and {what} is missing")
        pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    _need(pdf.find_chromium() is not None, "Chromium")
    _need(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    out = tmp_path_factory.mktemp("print")
    batch = runner.run_reports(["East Public Sector"], out, formats=["html", "pdf"],
                               progress=False)
    assert not batch.failed, batch.failed
    return batch.results[0]


@pytest.mark.slow
def test_pdf_has_the_permissions_of_the_html(printed):
    mode = stat.S_IMODE(printed.html.stat().st_mode)
    assert stat.S_IMODE(printed.pdf.stat().st_mode) == mode
    assert mode & stat.S_IROTH  # readable by a web server's user under the usual umask


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_print_layout(printed, paper, tmp_path):
    target = tmp_path / f"{paper}.pdf"
    pdf.html_to_pdf(printed.html, target, pdf.find_chromium(), paper=paper)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert ("A4" if paper == "a4" else "letter") in info
    fills = page_fills(target)
    assert 3 <= len(fills) <= 4, fills  # 8 pages before issue 17
    # no page more than half empty, except the last
    assert all(f >= 0.5 for f in fills[:-1]), fills
    assert fills[-1] > 0.05, fills  # the last page is not blank


@pytest.mark.slow
def test_running_header_and_page_numbers(printed, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing")
    text = subprocess.run(["pdftotext", "-layout", str(printed.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    assert len(pages) >= 2
    for i, page in enumerate(pages, start=1):
        assert "Team report: East Public Sector · as of 2025-12-31" in page
        assert f"Page {i} of {len(pages)}" in page
