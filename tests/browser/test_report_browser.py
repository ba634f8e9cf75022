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


# ---------------------------------------------------------------------------------------
# The index as the company view (issue 17): two periods, three teams, sorting offline

INDEX_TEAMS = ["East Public Sector", "T01", "T02"]


@pytest.fixture(scope="module")
def company_view(tmp_path_factory):
    out = tmp_path_factory.mktemp("company-view")
    for day in ("2025-11-30", "2025-12-31"):
        batch = runner.run_reports(INDEX_TEAMS, out, period_end=day, progress=False)
        assert not batch.failed, batch.failed
    return out, batch


def _column(page, i: int) -> list[str]:
    return page.eval_on_selector_all(
        "#teams tbody tr", f"rows => rows.map(r => r.cells[{i}].getAttribute('data-sort'))")


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
def test_index_is_the_company_view_and_sorts_offline(company_view, offline_page):
    from valuekit import team_report as tr

    out, batch = company_view
    page, blocked = offline_page
    page.goto((out / "index.html").as_uri(), wait_until="load")
    assert "3 teams · as of 2025-12-31 · none failed" in page.locator("p.note").first.inner_text()
    heads = page.locator("#teams thead th").all_inner_texts()
    win = heads.index("Win rate")
    # the change since last period, in points for a rate, under each team's win rate
    for r in batch.results:
        ch = r.figures["changes"]["headline"]["win_rate"]
        row = page.locator("#teams tbody tr", has_text=r.team.team_name)
        assert tr.difference_text("pct", ch["current"], ch["previous"]) in row.inner_text()
    # best and worst marked
    rates = {r.team.team_id: r.figures["headline"]["win_rate"]["team"] for r in batch.results}
    best = page.locator(f"#teams tbody td.best:nth-child({win + 1})")
    assert best.count() == 1 and tr.format_value("pct", max(rates.values())) in best.inner_text()
    assert "best" in best.inner_text()
    assert page.locator("#teams tfoot tr.company").inner_text().startswith("Company")
    # sorting by clicking a heading, both directions, numbers compared as numbers
    page.locator("#teams thead th").nth(win).click()
    asc = [float(x) for x in _column(page, win)]
    assert asc == sorted(rates.values())
    page.locator("#teams thead th").nth(win).click()
    assert [float(x) for x in _column(page, win)] == sorted(rates.values(), reverse=True)
    page.locator("#teams thead th").nth(0).click()
    names = _column(page, 0)
    assert names == sorted(names)
    assert chart_images(page) >= 1  # the win-rate chart, an offline SVG
    screenshot(page, "team_report_company_view")
    assert blocked == []


def test_team_count_in_words():
    from valuekit.reports.render import teams_in_words

    assert teams_in_words(1, "en") == "1 team"
    assert teams_in_words(12, "en") == "12 teams"
    assert teams_in_words(1, "zh") == "1 个团队"


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
