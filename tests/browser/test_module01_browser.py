"""Module 1's teaching notebook in a real JupyterLab (headless Chromium, network blocked):
every cell runs without an error, every chart draws, and the Pareto explorer redraws its
numbers and chart when its slider moves."""

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

NOTEBOOK = "notebooks/01_value_marketing.ipynb"
pytestmark = pytest.mark.browser

NB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
PARETO = f"{NB} .vk-m01-pareto"



#: Static charts in the notebook (bridge, cross-sell, concentration, tiers, wallet, component
#: gaps, delivered value, process, price); each of the three interactives adds its own.
STATIC_CHARTS = 9
INTERACTIVES = (".vk-m01-delivered-value", ".vk-m01-pareto", ".vk-m01-value-price")


def test_module01_runs_draws_and_reacts(browser_page, blocked_requests):
    page = browser_page
    committed = (ROOT / NOTEBOOK).read_bytes()

    run_all_cells(page, NOTEBOOK)

    assert_module_ran(page, NB, STATIC_CHARTS, INTERACTIVES)

    # The Pareto explorer: top 20 % -> 21 % with one key press.
    scroll_to_top_of(page, PARETO)
    page.wait_for_function(
        "(sel) => (document.querySelector(sel + ' .widget-readout') || {}).textContent"
        " === '20%'", arg=PARETO)
    before_text, after_text = press_and_wait_for_redraw(page, PARETO)
    slider = page.locator(f"{PARETO} .widget-readout").first.text_content() or ""
    assert slider == "21%"
    assert after_text != before_text
    assert "Their share of profit" in after_text

    scroll_to_top_of(page, PARETO)
    screenshot(page, "module01", full_page=False)
    # The other two interactives, for a look at their layout (tests/artifacts/).
    for ix, name in ((".vk-m01-delivered-value", "module01_delivered_value"),
                     (".vk-m01-value-price", "module01_value_price")):
        scroll_to_top_of(page, f"{NB} {ix}")
        screenshot(page, name, full_page=False)
    assert error_outputs(page) == []
    assert blocked_requests == [], blocked_requests
    assert (ROOT / NOTEBOOK).read_bytes() == committed, "the test must not save the notebook"
