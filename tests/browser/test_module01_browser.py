"""Module 1's teaching notebook in a real JupyterLab (headless Chromium, network blocked):
every cell runs without an error, every chart draws, and the Pareto explorer redraws its
numbers and chart when its slider moves."""

from __future__ import annotations

import pytest

from .helpers import (
    ROOT,
    chart_images,
    error_outputs,
    model_outputs,
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


def _pareto_state(page) -> tuple[str, str, str]:
    """The slider's own readout, the numbers and the chart's source, as text in the DOM
    (``textContent``: a cell just scrolled to may not be laid out yet)."""
    slider = page.locator(f"{PARETO} .widget-readout").first.text_content() or ""
    readout = page.locator(f"{PARETO} .valuekit-readout").text_content() or ""
    src = page.locator(f"{PARETO} img.valuekit-chart").get_attribute("src") or ""
    return slider, readout, src


def test_module01_runs_draws_and_reacts(browser_page, blocked_requests):
    page = browser_page
    committed = (ROOT / NOTEBOOK).read_bytes()

    run_all_cells(page, NOTEBOOK)

    assert error_outputs(page) == []
    model = model_outputs(page)
    assert model["errors"] == [], model["errors"]
    assert model["charts"] >= STATIC_CHARTS, model
    # Every interactive is on the page with its sliders and a drawn chart.
    for ix in INTERACTIVES:
        widget = page.locator(f"{NB} {ix}")
        widget.scroll_into_view_if_needed()
        assert widget.locator(".widget-slider").count() >= 1, ix
        assert chart_images(page, f"{NB} {ix}") == 1, ix
    # The charts drawn in the page, static ones included (no broken image among them).
    drawn = chart_images(page, NB)
    assert drawn >= STATIC_CHARTS + len(INTERACTIVES), drawn

    # The Pareto explorer: top 20 % -> 21 % with one key press.
    scroll_to_top_of(page, PARETO)
    page.wait_for_function(
        "(sel) => (document.querySelector(sel + ' .widget-readout') || {}).textContent"
        " === '20%'", arg=PARETO)
    _, before_text, before_src = _pareto_state(page)
    handle = page.locator(f"{PARETO} .widget-slider .noUi-handle").first
    handle.focus()
    page.keyboard.press("ArrowRight")
    # The readout and the chart arrive as two widget updates: wait for both.
    page.wait_for_function(
        """([sel, text, src]) => {
            const ix = document.querySelector(sel);
            const img = ix && ix.querySelector('img.valuekit-chart');
            return ix.querySelector('.valuekit-readout').textContent !== text
                && img && img.getAttribute('src') !== src && img.complete
                && img.naturalWidth > 0;
        }""",
        arg=[PARETO, before_text, before_src],
    )
    slider, after_text, after_src = _pareto_state(page)
    assert slider == "21%"
    assert after_src != before_src and after_text != before_text
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
