"""Module 4's teaching notebook in a real JupyterLab (headless Chromium, network blocked):
every cell runs without an error, every chart draws, and the CLV calculator redraws its
numbers and chart when a slider moves."""

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

NOTEBOOK = "notebooks/04_clv.ipynb"
pytestmark = pytest.mark.browser

NB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
CALC = f"{NB} .vk-m04-clv-calculator"

#: Static charts: published values, ladder, cohorts, sBG fit.
STATIC_CHARTS = 4
INTERACTIVES = (".vk-m04-clv-calculator", ".vk-m04-retention-worth", ".vk-m04-sbg-fitter",
                ".vk-m04-ltv-cac")


def test_module04_runs_draws_and_reacts(browser_page, blocked_requests):
    page = browser_page
    committed = (ROOT / NOTEBOOK).read_bytes()

    run_all_cells(page, NOTEBOOK)
    assert_module_ran(page, NB, STATIC_CHARTS, INTERACTIVES)

    scroll_to_top_of(page, CALC)
    before, after = press_and_wait_for_redraw(page, CALC)
    assert "Lifetime value over the horizon" in after and after != before
    assert page.locator(f"{CALC} .valuekit-chart-title").count() == 1

    screenshot(page, "module04_clv_calculator", full_page=False)
    assert error_outputs(page) == []
    assert blocked_requests == [], blocked_requests
    assert (ROOT / NOTEBOOK).read_bytes() == committed, "the test must not save the notebook"
