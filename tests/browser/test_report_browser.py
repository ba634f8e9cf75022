"""A generated team report and the index, opened in headless Chromium with the network blocked.

Uses the shared ``browser`` fixture and helpers of tests/browser/conftest.py (Debian's
/usr/bin/chromium, never a downloaded browser). Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import pytest

from valuekit.reports import runner

from .helpers import IN_CI, chart_images, guard_network, missing_browser, screenshot


def test_chromium_is_there_when_ci_requires_it():
    """Not marked ``browser`` on purpose: with CI=true a missing browser fails here even if
    the browser tests themselves are only reported as expected failures."""
    reason = missing_browser()
    if reason and IN_CI:
        pytest.fail(f"CI=true and the report browser test cannot run: {reason}")
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser-reports")
    batch = runner.run_reports(["East Public Sector"], out, progress=False)
    assert not batch.failed, batch.failed
    return out, batch.results[0]


@pytest.fixture
def offline_page(browser):
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    guard_network(context, blocked)
    page = context.new_page()
    yield page, blocked
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_report_renders_offline(reports, offline_page):
    out, result = reports
    page, blocked = offline_page
    page.goto(result.html.as_uri(), wait_until="load")
    assert page.locator("h1").first.inner_text().startswith("Team report: East Public Sector")
    headings = page.locator(".vk-report h2").all_inner_texts()
    assert "Three recommended actions" in headings and "Funnel and bottleneck" in headings
    assert page.locator("ol.vk-actions li").count() == 3
    assert chart_images(page) >= 5  # every chart drawn (an SVG image with a size)
    broken = page.evaluate(
        "() => Array.from(document.images).filter(i => !i.complete || !i.naturalWidth).length"
    )
    assert broken == 0
    assert page.locator(".jp-InputArea").count() == 0  # no code on the page
    assert blocked == []  # nothing tried to leave the machine
    screenshot(page, "team_report")


@pytest.mark.browser
@pytest.mark.slow
def test_index_renders_offline_and_links_the_report(reports, offline_page):
    out, result = reports
    page, blocked = offline_page
    page.goto((out / "index.html").as_uri(), wait_until="load")
    assert page.locator("h1").inner_text() == "Team reports"
    link = page.locator("a", has_text="East Public Sector").first
    screenshot(page, "team_report_index")
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(result.html.name)
    assert blocked == []


@pytest.fixture(scope="module")
def crm_only_report(tmp_path_factory):
    """The report of a folder with only teams.csv and opportunities.csv (issue 18)."""
    import shutil
    from pathlib import Path

    data = tmp_path_factory.mktemp("crm-only")
    for name in ("teams.csv", "opportunities.csv"):
        shutil.copy(Path(__file__).resolve().parents[2] / "datasets" / name, data)
    out = tmp_path_factory.mktemp("crm-only-reports")
    batch = runner.run_reports(["East Public Sector"], out, data_dir=data, progress=False,
                               jobs=1)
    assert not batch.failed, batch.failed
    return out, batch.results[0]


@pytest.mark.browser
@pytest.mark.slow
def test_opportunities_only_report_renders_offline(crm_only_report, offline_page):
    out, result = crm_only_report
    page, blocked = offline_page
    page.goto(result.html.as_uri(), wait_until="load")
    headings = page.locator(".vk-report h2").all_inner_texts()
    for shown in ("Headline figures", "Three recommended actions", "Funnel and bottleneck",
                  "Win/loss report", "Rolling forecast"):
        assert shown in headings
    assert not any(h.startswith(("Customers", "Adopter groups")) for h in headings)
    lines = page.locator(".vk-left-out").all_inner_texts()
    assert lines == [
        "Customers: concentration and lifetime value: add accounts.csv, products.csv, "
        "contracts.csv and invoices.csv",
        "Adopter groups of the team's accounts: add accounts.csv",
    ]
    figures = page.locator(".vk-report table").first.locator("tbody tr td:first-child")
    assert figures.all_inner_texts() == [
        "Open pipeline", "Weighted pipeline", "Win rate (deals closed in the window)",
        "Average sales cycle of won deals"]
    assert page.locator("ol.vk-actions li").count() == 3
    assert chart_images(page) >= 3  # funnel, loss reasons, forecast
    assert blocked == []
    screenshot(page, "team_report_opportunities_only")
    page.goto((out / "index.html").as_uri(), wait_until="load")
    assert page.locator("a", has_text="East Public Sector").count() >= 1
    assert blocked == []
