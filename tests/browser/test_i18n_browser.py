"""The Chinese edition in a real JupyterLab, started by `make lab LANG=zh` itself: Chinese
menus (English without LANG=zh); its file browser reaches exercises/zh/ (the Lab's root is
the kit's folder); the Chinese setup check runs, reacts to its slider and sets
its Chinese text in a CJK font; the Chinese module 1 runs every cell, its Pareto explorer
redraws its Chinese readout and chart SVG when its slider moves by keyboard, in a CJK font.
Screenshots in tests/artifacts/."""

from __future__ import annotations

import re

import pytest

from .helpers import (
    ROOT,
    assert_module_ran,
    error_outputs,
    guard_network,
    move_slider,
    press_and_wait_for_redraw,
    run_all_cells,
    screenshot,
    scroll_to_top_of,
    start_jupyter_lab,
    stop_jupyter_lab,
)
from .test_module01_browser import INTERACTIVES, STATIC_CHARTS  # code cells are shared

NOTEBOOK = "notebooks/zh/00_setup_check.ipynb"
MODULE01 = "notebooks/zh/01_value_marketing.ipynb"
pytestmark = pytest.mark.browser
CJK_FONT = re.compile(r"CJK|Hei|Song|Kai|Ming|WenQuanYi|Droid Sans Fallback")


def _menu_labels(page) -> list[str]:
    page.wait_for_selector(".lm-MenuBar-itemLabel")
    return page.locator(".lm-MenuBar-itemLabel").all_inner_texts()


@pytest.fixture(scope="module")
def chinese_lab(_browser_available, tmp_path_factory):
    """`make lab LANG=zh` itself (its settings folder moved to the test's, where the tests'
    settings are written first: autosave off ...), with the tests' options in LAB_ARGS."""
    workdir = tmp_path_factory.mktemp("jupyterlab-zh")
    server = start_jupyter_lab(ROOT, workdir,
                               make=["LANG=zh", f"LAB_ZH_SETTINGS={workdir / 'settings'}"])
    yield server
    stop_jupyter_lab(server)


@pytest.fixture
def chinese_page(browser, chinese_lab, blocked_requests):
    context = browser.new_context(base_url=chinese_lab.url,
                                  viewport={"width": 1280, "height": 1000})
    guard_network(context, blocked_requests)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"/api/status?token={chinese_lab.token}")
    yield page
    context.close()


def test_menus_are_english_by_default(browser_page):
    browser_page.goto("/lab?reset")
    labels = _menu_labels(browser_page)
    assert "File" in labels and "文件" not in labels, labels


def _fonts_of(page, selector: str) -> list[str]:
    """The fonts Chromium really drew an element's text with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in fonts]


def test_chinese_setup_check_runs_with_chinese_menus_and_a_cjk_font(chinese_page,
                                                                     blocked_requests):
    page = chinese_page
    committed = (ROOT / NOTEBOOK).read_bytes()
    run_all_cells(page, NOTEBOOK)
    labels = _menu_labels(page)
    assert "文件" in labels and "File" not in labels, labels
    assert error_outputs(page) == []
    verdict = page.locator(".valuekit-verdict").inner_text()
    assert verdict.startswith("一切就绪"), verdict

    readout = ".valuekit-interactive .valuekit-readout"
    before = page.locator(readout).first.inner_text()
    assert "5 年后剩余" in before, before
    move_slider(page, index=0, key="ArrowRight")  # retention 80% -> 85%
    page.wait_for_function("(t) => document.querySelector("
                           "'.valuekit-interactive .valuekit-readout').innerText !== t",
                           arg=before)
    after = page.locator(readout).first.inner_text()
    assert "44.4" in after, after  # 100 * 0.85**5

    fonts = _fonts_of(page, ".valuekit-verdict")
    assert any(CJK_FONT.search(f) for f in fonts), fonts
    page.locator(".valuekit-interactive").scroll_into_view_if_needed()
    screenshot(page, "setup_check_zh_jupyterlab", full_page=False)
    assert blocked_requests == []
    assert (ROOT / NOTEBOOK).read_bytes() == committed, "the test must not save the notebook"


def _open_folder(page, name: str) -> None:
    """Double-click a folder in JupyterLab's file browser, as a trainer does."""
    item = page.locator(".jp-DirListing-content .jp-DirListing-itemText", has_text=name)
    item.filter(has_text=re.compile(rf"^{re.escape(name)}$")).first.dblclick()


def test_the_file_browser_of_make_lab_lang_zh_reaches_the_exercises(chinese_page,
                                                                      blocked_requests):
    """The two-day agenda's exercise slots: from the Lab that `make lab LANG=zh` opens, the
    file browser goes to exercises/zh/ (its root is the kit's folder, not notebooks/zh/)."""
    page = chinese_page
    page.goto("/lab?reset")
    listing = ".jp-DirListing-content .jp-DirListing-itemText"
    page.wait_for_selector(listing)
    names = page.locator(listing).all_inner_texts()
    assert {"notebooks", "exercises", "solutions"} <= set(names), names
    _open_folder(page, "exercises")
    page.wait_for_function("() => [...document.querySelectorAll("
                           "'.jp-DirListing-content .jp-DirListing-itemText')]"
                           ".some(e => e.innerText === 'zh')")
    _open_folder(page, "zh")
    page.wait_for_function("() => [...document.querySelectorAll("
                           "'.jp-DirListing-content .jp-DirListing-itemText')]"
                           ".some(e => e.innerText === '01_value_marketing.ipynb')")
    names = set(page.locator(listing).all_inner_texts())
    expected = {p.name for p in (ROOT / "exercises" / "zh").glob("0*.ipynb")}
    assert expected and expected <= names, names
    assert "文件" in _menu_labels(page)
    screenshot(page, "make_lab_zh_file_browser_exercises", full_page=False)
    assert blocked_requests == []


NB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
PARETO = f"{NB} .vk-m01-pareto"


def _chart_svg(page, interactive: str) -> str:
    """The SVG text of the interactive's chart (the kit draws it as an SVG data URI)."""
    return page.evaluate(
        """(sel) => {
            const src = document.querySelector(sel + ' img.valuekit-chart').getAttribute('src');
            const data = src.slice(src.indexOf(',') + 1);
            return src.includes(';base64,') ? new TextDecoder().decode(
                Uint8Array.from(atob(data), c => c.charCodeAt(0))) : decodeURIComponent(data);
        }""", interactive)


def test_chinese_module01_runs_and_its_pareto_explorer_reacts_in_chinese(chinese_page,
                                                                        blocked_requests):
    """Issue 15 "Quality": a Chinese teaching module in the Chinese JupyterLab, run, a slider
    moved with the keyboard, the chart redrawn, the text in a CJK font, nothing fetched."""
    page = chinese_page
    committed = (ROOT / MODULE01).read_bytes()
    run_all_cells(page, MODULE01)
    labels = _menu_labels(page)
    assert "文件" in labels and "File" not in labels, labels
    assert_module_ran(page, NB, STATIC_CHARTS, INTERACTIVES)

    scroll_to_top_of(page, PARETO)
    page.wait_for_function(
        "(sel) => (document.querySelector(sel + ' .widget-readout') || {}).textContent"
        " === '20%'", arg=PARETO)
    svg_before = _chart_svg(page, PARETO)
    before, after = press_and_wait_for_redraw(page, PARETO)  # ArrowRight: top 20 % -> 21 %
    assert page.locator(f"{PARETO} .widget-readout").first.text_content() == "21%"
    assert after != before and "他们贡献的利润占比" in after, after
    svg_after = _chart_svg(page, PARETO)
    assert "<svg" in svg_after, svg_after[:200]
    assert svg_after != svg_before
    # the chart's own words are Chinese too (its title or axes), not only the readout
    assert re.search(r"<text[^>]*>[^<]*[\u4e00-\u9fff]", svg_after), svg_after[:400]

    # the element that holds the readout's Chinese words itself (DevTools reports the fonts
    # of a node's own text, not of its children's)
    found = page.evaluate("""(sel) => {
        const walker = document.createTreeWalker(document.querySelector(sel),
                                                 NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (/[\\u4e00-\\u9fff]/.test(n.nodeValue)) {
                n.parentElement.setAttribute('data-vk-cjk-probe', '');
                return n.nodeValue;
            }
        }
        return null;
    }""", f"{PARETO} .valuekit-readout")
    assert found, "no Chinese text in the Pareto explorer's readout"
    fonts = _fonts_of(page, "[data-vk-cjk-probe]")
    assert any(CJK_FONT.search(f) for f in fonts), fonts
    scroll_to_top_of(page, PARETO)
    screenshot(page, "module01_zh_jupyterlab", full_page=False)
    assert error_outputs(page) == []
    assert blocked_requests == [], blocked_requests
    assert (ROOT / MODULE01).read_bytes() == committed, "the test must not save the notebook"
