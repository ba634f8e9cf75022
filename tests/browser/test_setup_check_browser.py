"""The setup check in a real JupyterLab and as exported HTML, with the network blocked."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from .helpers import (
    ARTIFACTS,
    ROOT,
    chart_images,
    error_outputs,
    guard_network,
    move_slider,
    open_notebook,
    run_all_cells,
    screenshot,
)

NOTEBOOK = "notebooks/00_setup_check.ipynb"
pytestmark = pytest.mark.browser


def _readout(page) -> str:
    return page.locator(".valuekit-interactive .valuekit-readout").first.inner_text()


def _widget_chart_src(page) -> str:
    return page.locator(".valuekit-interactive img.valuekit-chart").first.get_attribute("src")


def test_setup_check_runs_draws_and_reacts_in_jupyterlab(browser_page, blocked_requests):
    page = browser_page
    committed = (ROOT / NOTEBOOK).read_bytes()

    run_all_cells(page, NOTEBOOK)

    assert error_outputs(page) == []
    notebook = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
    # The funnel chart, the widget's chart (and no broken image among them).
    assert chart_images(page, notebook) >= 2
    verdict = page.locator(".valuekit-verdict").inner_text()
    assert "You are ready" in verdict, verdict

    before_text, before_src = _readout(page), _widget_chart_src(page)
    assert "80%" in page.locator(".valuekit-interactive .widget-readout").first.inner_text()
    move_slider(page, index=0, key="ArrowRight")  # retention 80% -> 85%
    # The readout and the chart arrive as two widget updates: wait for both.
    page.wait_for_function(
        """([text, src]) => {
            const ix = document.querySelector('.valuekit-interactive');
            const img = ix.querySelector('img.valuekit-chart');
            return ix.querySelector('.valuekit-readout').innerText !== text
                && img && img.getAttribute('src') !== src;
        }""",
        arg=[before_text, before_src],
    )
    after_text, after_src = _readout(page), _widget_chart_src(page)
    assert "85%" in page.locator(".valuekit-interactive .widget-readout").first.inner_text()
    # 100 * 0.85**5 = 44.4 customers left; average lifetime 1 / 0.15 = 6.7 years.
    assert "44.4" in after_text and "6.7" in after_text, after_text
    assert after_src != before_src

    page.locator(".valuekit-interactive").scroll_into_view_if_needed()
    screenshot(page, "setup_check_jupyterlab", full_page=False)
    assert blocked_requests == []
    assert (ROOT / NOTEBOOK).read_bytes() == committed, "the test must not save the notebook"


@pytest.fixture(scope="module")
def executed_setup_check() -> nbformat.NotebookNode:
    nb = nbformat.read(ROOT / NOTEBOOK, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    ).execute()
    return nb


def _open_offline(browser, path, blocked):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    guard_network(context, blocked)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page


def test_exported_html_renders_offline(browser, executed_setup_check):
    from valuekit.export import write_offline_html

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = write_offline_html(executed_setup_check, ARTIFACTS / "setup_check_offline.html")
    blocked: list[str] = []
    context, page = _open_offline(browser, out, blocked)
    try:
        # The funnel, and the widget's snapshot chart (widgets cannot run in a static page).
        assert chart_images(page) >= 2
        assert page.locator(".valuekit-snapshot").count() == 1
        assert "You are ready" in page.locator(".valuekit-verdict").inner_text()
        screenshot(page, "setup_check_offline_html")
    finally:
        context.close()
    assert blocked == []


def test_network_guard_catches_nbconverts_default_cdn_scripts(browser, executed_setup_check):
    """The control experiment: the stock lab export asks CDNs for require.js, MathJax and the
    widget manager, and the guard sees those requests; so an empty list above means
    something."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(executed_setup_check)
    out = ARTIFACTS / "setup_check_stock_export.html"
    out.write_text(body, encoding="utf-8")
    blocked: list[str] = []
    context, page = _open_offline(browser, out, blocked)
    page.wait_for_timeout(500)
    context.close()
    assert any("cdnjs.cloudflare.com" in url for url in blocked), blocked


def test_prerun_notebook_opened_in_jupyterlab_shows_its_charts(browser_page, blocked_requests,
                                                               executed_setup_check):
    """A notebook run elsewhere (nbclient, papermill) is not trusted when opened: JupyterLab
    then refuses image/svg+xml and strips inline <svg>; the kit's <img> charts and the
    widget's snapshot still show."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "setup_check_executed.ipynb"
    nbformat.write(executed_setup_check, path)
    try:
        open_notebook(browser_page, path.relative_to(ROOT).as_posix())
        panel = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
        browser_page.locator(f"{panel} img.valuekit-chart").first.wait_for()
        assert chart_images(browser_page, panel) >= 2  # the funnel, the widget's snapshot
        assert browser_page.locator(f"{panel} .valuekit-snapshot").count() == 1
        screenshot(browser_page, "setup_check_untrusted", full_page=False)
    finally:
        path.unlink(missing_ok=True)
    assert blocked_requests == []
