"""Module 2's decision track in a real JupyterLab (headless Chromium, network blocked), as a
learner who does not code does it: run every cell of the generated exercises, set the
lesson's widgets (the locator, the Bass explorer, the chasm simulator) with the keyboard, read
their readouts, and answer all eight questions in their answer widgets. A wrong pick gets its
named mistake; each answer read off the page is "Correct"."""

from __future__ import annotations

import re

import pytest

from .helpers import ROOT, error_outputs, model_outputs, run_all_cells, scroll_to_top_of

EXERCISES = "exercises/02_adoption_chasm.ipynb"
pytestmark = pytest.mark.browser

NB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
LOCATOR, BASS, CHASM = (f"{NB} .vk-m02-{n}" for n in
                        ("life-cycle-locator", "bass-explorer", "chasm-simulator"))


def _readout(page, widget: str) -> str:
    return page.locator(f"{widget} .valuekit-readout").first.inner_text()


def _settled(page, widget: str) -> str:
    """The readout once it has stopped changing (each key press redraws it)."""
    last, same = None, 0
    while same < 3:
        page.wait_for_timeout(400)
        now = _readout(page, widget)
        same, last = (same + 1 if now == last else 0), now
    return last


def _press(page, widget: str, slider: int, key: str, times: int) -> str:
    handle = page.locator(f"{widget} .widget-slider .noUi-handle").nth(slider)
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        page.keyboard.press(key)
    return _settled(page, widget)


def _answer(page, dq: str, picks: tuple[str, ...] = (), text: str | None = None) -> str:
    """Pick (or type) in dq's answer widget, press Check; the new feedback's text."""
    box = page.locator(f"{NB} .vk-answer-{dq}")
    box.scroll_into_view_if_needed()
    for i, label in enumerate(picks):
        box.locator("select").nth(i).select_option(label=label)
    if text is not None:
        box.locator("input").first.fill(text)
    before = box.locator(".valuekit-check").all_inner_texts()
    box.get_by_role("button", name="Check").click()
    page.wait_for_function(
        """([sel, before]) => {
             const el = document.querySelector(sel);
             return el && el.innerText !== before;
           }""",
        arg=[f"{NB} .vk-answer-{dq} .valuekit-check", before[0] if before else ""])
    return box.locator(".valuekit-check").inner_text()


def _read(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return found.group(1)


def test_module02_decision_track_answered_through_the_widgets(browser_page, blocked_requests):
    page = browser_page
    committed = (ROOT / EXERCISES).read_bytes()
    run_all_cells(page, EXERCISES)
    assert model_outputs(page)["errors"] == []
    assert page.locator(f"{NB} .vk-answer").count() == 8
    assert page.locator(f"{NB} .vk-answer .valuekit-check").count() == 0  # none answered

    assert "Correct" in _answer(page, "dq1", ("visionaries", "pragmatists", "visionaries",
                                              "pragmatists"))
    assert "early_market column" in _answer(page, "dq2", text="2019")
    assert "Correct" in _answer(page, "dq2", text="2017")

    # dq3: P04 in the locator, 'As of' from the last month (2025-12) back to 2022-06.
    scroll_to_top_of(page, LOCATOR)
    page.locator(f"{LOCATOR} select").select_option(label="P04 Customer Data Platform")
    _settled(page, LOCATOR)
    shown = _press(page, LOCATOR, 0, "ArrowLeft", 42)
    assert page.locator(f"{LOCATOR} .widget-readout").first.inner_text() == "2022-06"
    stage = _read(r"Stage\s*:?\s*(\w+)", shown)
    assert "Correct" in _answer(page, "dq3", (stage,))

    assert "Correct" in _answer(page, "dq4", (
        "harvest: cut spending, milk the product", "defend share and cut cost",
        "grow market share", "create awareness and trial"))

    # dq5: the Bass explorer's q from 0.38 to 0.80, 42 steps of 0.01.
    shown = _press(page, BASS, 1, "ArrowRight", 42)
    year = _read(r"Chasm reached \(16% adopted\), year\s*:?\s*([\d.]+)", shown)
    assert "Correct" in _answer(page, "dq5", text=year)

    # dq6: raise the influence one step at a time until the saddle is gone.
    steps = 0
    while "none" not in _settled(page, CHASM):
        _press(page, CHASM, 0, "ArrowRight", 1)
        steps += 1
        assert steps <= 30, "the saddle never disappeared on the slider"
    setting = page.locator(f"{CHASM} .widget-readout").first.inner_text()
    assert "Correct" in _answer(page, "dq6", text=setting)

    assert "Correct" in _answer(page, "dq7", ("a business cycle",))
    assert "fails a showstopper" in _answer(page, "dq8", ("finance",))
    assert "Correct" in _answer(page, "dq8", ("telecom",))

    assert error_outputs(page) == []
    assert blocked_requests == [], blocked_requests
    assert (ROOT / EXERCISES).read_bytes() == committed, "the test must not save the notebook"
