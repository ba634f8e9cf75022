"""Module 2's teaching notebook in a real JupyterLab (headless Chromium, network blocked):
every cell runs without an error, every chart draws, and the chasm simulator redraws its
verdict and chart when its influence slider moves."""

from __future__ import annotations

import pytest

from .helpers import (
    ROOT,
    assert_module_ran,
    error_outputs,
    press_and_wait_for_redraw,
    run_all_cells,
    screenshot,
    scroll_to_top_of,
)

NOTEBOOK = "notebooks/02_adoption_chasm.ipynb"
pytestmark = pytest.mark.browser

NB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
CHASM = f"{NB} .vk-m02-chasm-simulator"

#: Static charts in the notebook (adopter curves, mix, life cycle, stages, Bass per period
#: and cumulative, saddle, beachhead scores ...); each of the three interactives adds its own.
STATIC_CHARTS = 10
INTERACTIVES = (".vk-m02-bass-explorer", ".vk-m02-chasm-simulator",
                ".vk-m02-life-cycle-locator")


def test_module02_runs_draws_and_reacts(browser_page, blocked_requests):
    page = browser_page
    committed = (ROOT / NOTEBOOK).read_bytes()

    run_all_cells(page, NOTEBOOK)

    assert_module_ran(page, NB, STATIC_CHARTS, INTERACTIVES)

    # The chasm simulator: influence 0 (a deep saddle) -> one step up, in the page.
    scroll_to_top_of(page, CHASM)
    before_text = page.locator(f"{CHASM} .valuekit-readout").text_content() or ""
    assert "early peak in year" in before_text  # the saddle is there at influence 0
    press_and_wait_for_redraw(page, CHASM)
    slider = page.locator(f"{CHASM} .widget-readout").first.text_content() or ""
    assert slider == "0.0005"
    # The chart's title is HTML above the image (valuekit.charts.quick_svg).
    assert page.locator(f"{CHASM} .valuekit-chart-title").count() == 1

    scroll_to_top_of(page, CHASM)
    screenshot(page, "module02_chasm_simulator", full_page=False)
    assert error_outputs(page) == []
    assert blocked_requests == [], blocked_requests
    assert (ROOT / NOTEBOOK).read_bytes() == committed, "the test must not save the notebook"
