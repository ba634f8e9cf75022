"""Handouts in Chinese: `valuekit export notebooks/zh/01_value_marketing.ipynb` gives a
Chinese page, with no English prose beyond what the notebook itself shows (its code, as
the handout prints it) and titled by its own first heading (an English handout by its
English one); `make handouts LANG=zh` exports the Chinese teaching notebooks to
out/handouts/zh/ and `make handouts` stays as it was. (The page root's lang attribute is
tested with the export itself.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import bs4
import nbformat
import pytest
from i18n_text import english_words, html_text

from valuekit import export

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/zh/01_value_marketing.ipynb"


def shown_english(page: str) -> list[str]:
    """The English words a reader sees in a handout page, leaving out what is code in the
    notebook: code cells' input, code spans and keys (``<code>``, ``<kbd>``), prompts."""
    soup = bs4.BeautifulSoup(page, "html.parser")
    for tag in soup(["style", "script", "title", "code", "kbd"]):
        tag.decompose()
    for tag in soup.select(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt"):
        tag.decompose()
    body = soup.body or soup
    return english_words(html_text(str(body)))


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("handouts")
    # as docs/offline_charts.md shows it, from the repository root (--out in a temporary
    # folder instead of out/handouts, which the test leaves alone)
    subprocess.run([sys.executable, "-m", "valuekit", "export", NOTEBOOK, "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True, text=True, timeout=900)
    return (out / "01_value_marketing.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_chinese_handout_shows_chinese_and_no_english_prose(handout):
    text = html_text(str(bs4.BeautifulSoup(handout, "html.parser").body))
    assert "帕累托探索器" in text and "在有大鱼的地方撒网" in text  # Markdown, widget, chart
    assert "他们贡献的利润占比" in text  # the Pareto explorer's readout, run and saved
    assert shown_english(handout) == []


@pytest.mark.slow
def test_english_prose_in_a_handout_is_caught(handout):
    """The check bites: one English sentence in a Markdown cell, an output and a chart."""
    markdown = '<div class="jp-RenderedMarkdown"><p>Run every cell first</p></div>'
    output = '<div class="jp-OutputArea-output"><pre>Share of profit</pre></div>'
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="1">Cumulative share'
           '</text></svg>')
    for extra, words in ((markdown, ["Run", "every", "cell", "first"]),
                         (output, ["Share", "of", "profit"]), (svg, ["Cumulative", "share"])):
        page = handout.replace("</body>", extra + "</body>")
        assert shown_english(page) == words


@pytest.mark.slow
def test_a_chinese_handouts_title_is_its_own_heading(handout):
    """The page title (browser tab, bookmark, printed header) is the notebook's first
    heading, not nbconvert's "Notebook"."""
    title = bs4.BeautifulSoup(handout, "html.parser").title.get_text()
    assert title == "模块 1 — 产品营销与价值营销"
    assert english_words(title) == [], title


def _title(page: str) -> str:
    return bs4.BeautifulSoup(page, "html.parser").title.get_text()


def test_an_english_handouts_title_is_its_own_heading(tmp_path):
    """`valuekit export` on the English notebook (its Markdown needs no kernel: --no-execute)
    titles the page with the heading as the notebook writes it."""
    subprocess.run([sys.executable, "-m", "valuekit", "export",
                    "notebooks/01_value_marketing.ipynb", "--out", str(tmp_path),
                    "--no-execute"], cwd=ROOT, check=True, capture_output=True, text=True,
                   timeout=600)
    page = (tmp_path / "01_value_marketing.html").read_text(encoding="utf-8")
    assert _title(page) == "Module 1 — Product marketing vs value marketing (产品营销 vs 价值营销)"


@pytest.mark.parametrize(("cells", "title"), [
    # emphasis, code marks, a link and a closing "#" run are not part of the title
    (["# Module 1 — **Product** marketing vs `value` [marketing](guide.md) #"],
     "Module 1 — Product marketing vs value marketing"),
    # the first heading of the first Markdown cell that has one; a "#" line in a fence or
    # without a space is no heading
    (["Intro text, no heading", "```python\n# a comment\n```\n#tag\n\n## 模块 *1*"],
     "模块 1"),
    # no heading at all: nbconvert's own default, as before
    (["just text"], "Notebook"),
])
def test_the_title_is_the_first_headings_text(cells, title):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                         *map(nbformat.v4.new_markdown_cell, cells)])
    assert _title(export.offline_html(nb)) == title


def test_a_title_the_notebook_names_is_kept():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Heading")],
                                  metadata={"title": "Its own <title> & name"})
    assert _title(export.offline_html(nb)) == "Its own <title> & name"


def _recipe(*args: str) -> list[str]:
    out = subprocess.run(["make", "-n", "handouts", *args], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return [ln for ln in out.splitlines() if "valuekit export" in ln]


def test_make_handouts_lang_zh_exports_the_chinese_notebooks_to_their_own_folder():
    (zh,) = _recipe("LANG=zh")
    assert re.search(r"valuekit export notebooks/zh/0\*\.ipynb --out out/handouts/zh$", zh)
    (en,) = _recipe()
    assert re.search(r"valuekit export notebooks/0\*\.ipynb --out out/handouts$", en)
    (system,) = _recipe("LANG=en_US.UTF-8")  # the system's LANG leaves the English kit
    assert system == en
    assert sorted(ROOT.glob("notebooks/zh/0*.ipynb")), "no Chinese teaching notebook yet"
