"""Module 6 in a real JupyterLab (headless Chromium, network blocked): the teaching notebook
runs without an error, draws its chart and interactives, and the budget allocator redraws on
a key press; in the generated exercises a decision question is answered through its answer
widget, as a learner who does not code would: a wrong pick gets its named mistake, the right
one "Correct"."""

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

LESSON = "notebooks/06_customer_value.ipynb"
EXERCISES = "exercises/06_customer_value.ipynb"
pytestmark = pytest.mark.browser

NB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
BUDGET = f"{NB} .vk-m06-budget-allocator"
DQ1 = f"{NB} .vk-answer-dq1"

#: Static charts: the head-to-head bars.
STATIC_CHARTS = 1
#: Interactives with sliders (the value-advantage one has a drop-down: checked on its own).
INTERACTIVES = (".vk-m06-budget-allocator", ".vk-m06-channel-roi")


def _feedback(page) -> str:
    return page.locator(f"{DQ1} .valuekit-check").inner_text()


def test_module06_runs_and_a_decision_question_is_answered_in_its_widget(
        browser_page, blocked_requests):
    page = browser_page
    committed = {p: (ROOT / p).read_bytes() for p in (LESSON, EXERCISES)}

    run_all_cells(page, LESSON)
    assert_module_ran(page, NB, STATIC_CHARTS, INTERACTIVES)
    assert chart_images(page, f"{NB} .vk-m06-value-advantage") == 1
    scroll_to_top_of(page, BUDGET)
    before, after = press_and_wait_for_redraw(page, BUDGET)
    assert "High tier" in after and after != before
    screenshot(page, "module06_budget_allocator", full_page=False)

    # The exercises, untouched: every widget shows up empty, nothing fails.
    run_all_cells(page, EXERCISES)
    assert model_outputs(page)["errors"] == []
    scroll_to_top_of(page, DQ1)
    widget = page.locator(DQ1)
    assert widget.locator(".valuekit-check").count() == 0  # not answered yet

    widget.locator("select").select_option(label="leadership")
    widget.get_by_role("button", name="Check").click()
    page.wait_for_selector(f"{DQ1} .valuekit-incorrect")
    assert "being first beats being better" in _feedback(page)

    widget.locator("select").select_option(label="opposite")
    widget.get_by_role("button", name="Check").click()
    page.wait_for_selector(f"{DQ1} .valuekit-correct")
    assert "Correct" in _feedback(page)
    screenshot(page, "module06_answer_widget", full_page=False)

    assert error_outputs(page) == []
    assert blocked_requests == [], blocked_requests
    for path, text in committed.items():
        assert (ROOT / path).read_bytes() == text, f"the test must not save {path}"
