"""Module 3's teaching notebook in a real JupyterLab (headless Chromium, network blocked):
every cell runs without an error, every chart draws, and the reverse-funnel planner redraws
its numbers and chart when its first slider moves."""

from __future__ import annotations

import pytest

from .helpers import (
    ROOT,
    assert_module_ran,
    chart_images,
    error_outputs,
    model_outputs,
    press_and_wait_for_redraw,
    run_all_cells,
    screenshot,
    scroll_to_top_of,
)

NOTEBOOK = "notebooks/03_funnel.ipynb"
pytestmark = pytest.mark.browser

NB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
PLANNER = f"{NB} .vk-m03-reverse-funnel"

#: Static charts in the notebook (funnel, conversion, win rate by team, statuses, Pareto,
#: reverse funnel, rolling plan, cohorts, response rates); each interactive adds its own.
STATIC_CHARTS = 9
INTERACTIVES = (".vk-m03-funnel-simulator", ".vk-m03-reverse-funnel")
#: The win/loss explorer and the rolling plan have two drop-downs each and no slider.
EXPLORER = f"{NB} .vk-m03-win-loss"
ROLLING = f"{NB} .vk-m03-rolling-plan"


def test_module03_runs_draws_and_reacts(browser_page, blocked_requests):
    page = browser_page
    committed = (ROOT / NOTEBOOK).read_bytes()

    run_all_cells(page, NOTEBOOK)

    assert_module_ran(page, NB, STATIC_CHARTS, INTERACTIVES)
    page.locator(EXPLORER).scroll_into_view_if_needed()
    assert page.locator(f"{EXPLORER} select").count() == 2
    assert chart_images(page, EXPLORER) == 1
    page.locator(ROLLING).scroll_into_view_if_needed()
    assert page.locator(f"{ROLLING} select").count() == 2
    assert chart_images(page, ROLLING) == 1

    # The planner: one step up of the revenue target asks for more leads.
    scroll_to_top_of(page, PLANNER)
    before, after = press_and_wait_for_redraw(page, PLANNER)
    assert "Leads needed" in after and after != before
    slider = page.locator(f"{PLANNER} .widget-readout").first.text_content() or ""
    assert slider == "$5,100,000"
    assert page.locator(f"{PLANNER} .valuekit-chart-title").count() == 1

    scroll_to_top_of(page, PLANNER)
    screenshot(page, "module03_reverse_funnel", full_page=False)
    assert error_outputs(page) == []
    assert blocked_requests == [], blocked_requests
    assert (ROOT / NOTEBOOK).read_bytes() == committed, "the test must not save the notebook"


EXERCISES = "exercises/03_funnel.ipynb"
DQ5 = f"{NB} .vk-answer-dq5"
DQ7 = f"{NB} .vk-answer-dq7"


def _feedback(page, widget: str) -> str:
    return page.locator(f"{widget} .valuekit-check").inner_text()


def test_module03_exercises_decision_questions_answered_in_their_widgets(
        browser_page, blocked_requests):
    """The generated exercises, as a learner who does not code: every cell runs, the answer
    widgets show up empty; a drop-down (dq7) and a number box (dq5, typed as the simulator
    shows it) get the named mistake for a tempting wrong answer, then "Correct"."""
    page = browser_page
    committed = (ROOT / EXERCISES).read_bytes()

    run_all_cells(page, EXERCISES)
    assert model_outputs(page)["errors"] == []
    scroll_to_top_of(page, DQ7)
    widget = page.locator(DQ7)
    assert widget.locator(".valuekit-check").count() == 0  # not answered yet
    widget.locator("select").select_option(label="one_to_one")
    widget.get_by_role("button", name="Check").click()
    page.wait_for_selector(f"{DQ7} .valuekit-incorrect")
    assert "per response it is not the dearest" in _feedback(page, DQ7)
    widget.locator("select").select_option(label="seminar")
    widget.get_by_role("button", name="Check").click()
    page.wait_for_selector(f"{DQ7} .valuekit-correct")
    assert "Correct" in _feedback(page, DQ7)

    scroll_to_top_of(page, DQ5)
    box = page.locator(f"{DQ5} input[type=text]")
    box.fill("$17,388,000")  # the simulator as it starts: the slider not moved
    page.locator(DQ5).get_by_role("button", name="Check").click()
    page.wait_for_selector(f"{DQ5} .valuekit-incorrect")
    assert "where the slider starts" in _feedback(page, DQ5)
    box.fill("$9,072,000")
    page.locator(DQ5).get_by_role("button", name="Check").click()
    page.wait_for_selector(f"{DQ5} .valuekit-correct")
    assert "Correct" in _feedback(page, DQ5)
    screenshot(page, "module03_answer_widget", full_page=False)

    assert error_outputs(page) == []
    assert blocked_requests == [], blocked_requests
    assert (ROOT / EXERCISES).read_bytes() == committed, "the test must not save the notebook"
