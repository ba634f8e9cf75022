"""No English prose in a Chinese notebook as a learner sees it (tests/i18n_text.py): every
generated Chinese notebook is run and its Markdown, outputs, chart SVG text and widget state
read; and the check is shown to bite on an English sentence, chart title and widget label."""

from __future__ import annotations

import base64
import copy
import json
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from i18n_text import english_prose, english_words, rendered_text

import valuekit.charts as vc

ROOT = Path(__file__).resolve().parents[1]
#: every generated Chinese notebook: teaching notebooks, and the solutions and exercises
#: of the modules translated so far (a module's appear here once its PO files are built)
ZH_NOTEBOOKS = sorted(p for kind in ("notebooks", "solutions", "exercises")
                      for p in (ROOT / kind / "zh").glob("*.ipynb"))


@pytest.fixture(scope="module")
def setup_check_run() -> dict:
    return _executed(ROOT / "notebooks/zh/00_setup_check.ipynb")


def _executed(path: Path) -> dict:
    """``path`` run top to bottom, with its widget state, as a learner's kernel runs it.

    Each notebook runs in its own process: run one after another from this process, a
    kernel sometimes hung with both sides idle after a dozen notebooks (seen three times
    on a loaded machine, never when the same notebook ran alone), which would cost a CI
    run its whole time; a separate process bounds it and fails with the notebook's name.
    The same hang was seen again in one process per notebook (solutions/zh/04_clv, 3 runs in
    4 on a loaded machine, 0 in 3 on a quiet one; every cell finishes in under 5 s when run
    one by one): a cell that has not finished in 180 s (the slowest takes ~30 s) is such a
    hang, and the notebook is run once more in a fresh kernel; a second hang, or any other
    failure, fails the test."""
    script = ("import json, sys, nbformat\n"
              "from nbclient import NotebookClient\n"
              "nb = nbformat.read(sys.argv[1], as_version=4)\n"
              "NotebookClient(nb, timeout=180, kernel_name='python3', store_widget_state=True,\n"
              "               resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
              "sys.stdout.write(nbformat.writes(nb))\n")
    name = path.relative_to(ROOT)
    for attempt in (1, 2):
        try:
            done = subprocess.run([sys.executable, "-c", script, str(path), str(path.parent)],
                                  capture_output=True, text=True, timeout=1200, check=False)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{name} did not finish running in 20 minutes")
        hung = done.returncode != 0 and "CellTimeoutError" in done.stderr
        if not hung or attempt == 2:
            break
        print(f"{name}: a cell hung for 180 s (both sides idle); running it again")
    assert done.returncode == 0, f"{name} failed to run:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout)


#: Per module (a notebook's stem, in all three folders): the Latin-letter words its lesson
#: cites or uses as symbols, which a Chinese text writes as they are: authors and sources
#: cited (as Chinese business and academic texts cite them), brand names of published
#: examples, the formulas' symbols and a model's parameter names in a printed fit.
CITED: dict[str, set[str]] = {
    "02_adoption_chasm": {
        # sources: Everett Rogers; Geoffrey Moore; Frank Bass 1969; Sultan, Farley & Lehmann
        # 1990; Goldenberg, Libai & Muller 2002; Chandrasekaran & Tellis 2011 (its title is
        # given in Chinese)
        "Everett", "Rogers", "Geoffrey", "Moore", "Frank", "Bass", "Sultan", "Farley",
        "Lehmann", "Goldenberg", "Libai", "Muller", "Chandrasekaran", "Tellis",
        # the Bass model's symbols (p, q, m), its peak time t*, the S-curve (S 曲线), R squared
        # (R 平方) and q5's answer type (a pandas Series)
        "p", "q", "m", "t", "S", "R", "Series",
    },
    "04_clv": {
        # sources: Christopher, Payne & Ballantyne 1991; Reichheld & Sasser, "Zero
        # Defections"; Gupta & Lehmann 2005; Fader & Hardie 2007/2010; Fader, Hardie & Lee
        # 2005; UCI "Online Retail" (Chen, Sain & Guo 2012, CC BY 4.0)
        "Christopher", "Payne", "Ballantyne", "Reichheld", "Sasser", "Zero", "Defections",
        "Gupta", "Lehmann", "Fader", "Hardie", "Lee", "UCI", "Online", "Retail", "Chen",
        "Sain", "Guo", "CC", "BY",
        # the published lifetime values' brands (SAS, AT&T)
        "SAS", "AT", "T",
        # the lesson's symbols (m, r, d; the BG/NBD's T) and the printed fits' parameters
        "m", "r", "d", "alpha", "a", "b", "q", "gamma",
    },
    "05_capstone": {
        # section 9's how-to names what JupyterLab's Chinese UI shows (the zh-CN language
        # pack keeps the cell type "Markdown": "更改为 Markdown 类型") and the keys to press
        "Markdown", "Esc", "M", "Shift", "Enter",
    },
    "06_customer_value": {
        # sources: Ries & Trout 1993; Porter 1985; Webster & Wind 1972; Berry & Parasuraman
        # 1991; TARP's complaint studies; the Bass model (module 2)
        "Ries", "Trout", "Porter", "Webster", "Wind", "Berry", "Parasuraman", "TARP", "Bass",
        # the command a table cell quotes, as the learner types it: valuekit report --team all
        "report", "team", "all",
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("path", ZH_NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_chinese_notebook_shows_no_english_prose(path, setup_check_run):
    setup_check = path == ROOT / "notebooks/zh/00_setup_check.ipynb"
    nb = setup_check_run if setup_check else _executed(path)
    where = {w for w, _ in rendered_text(nb)}
    assert "widget state" in where and any("(output)" in w for w in where)  # it read them
    found = english_prose(nb, CITED.get(path.stem, set()))
    assert not found, f"{path.name} shows English:\n  " + "\n  ".join(found)


def _with_markdown(nb: dict, text: str) -> dict:
    nb = copy.deepcopy(nb)
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [text]})
    return nb


@pytest.mark.slow
def test_an_english_sentence_in_a_markdown_cell_is_caught(setup_check_run):
    nb = _with_markdown(setup_check_run, "## 结论\n\nRun every cell, then read the verdict.")
    found = english_prose(nb)
    assert len(found) == 1 and "Markdown" in found[0] and "verdict" in found[0]


@pytest.mark.slow
def test_an_english_widget_label_is_caught(setup_check_run):
    nb = copy.deepcopy(setup_check_run)
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    slider = next(m for m in state.values() if m["state"].get("description") == "客户保留率")
    slider["state"]["description"] = "Retention rate"
    found = english_prose(nb)
    assert found == ["widget state: Retention, rate in 'Retention rate'"]


def test_an_english_chart_title_is_caught():
    chart = alt.Chart(pd.DataFrame({"月份": [1, 2], "收入": [3, 4]})).mark_line().encode(
        x="月份:Q", y="收入:Q").properties(title="Monthly revenue")
    svg = vc.to_svg(chart)
    img = f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}">'
    nb = {"cells": [{"cell_type": "code", "source": "", "metadata": {}, "outputs": [
        {"output_type": "display_data", "metadata": {}, "data": {"text/html": img}}]}],
        "metadata": {}}
    found = english_prose(nb)
    assert len(found) == 1 and "Monthly, revenue" in found[0]


@pytest.mark.parametrize(("text", "english"), [
    ("客户终身价值（CLV）与获客成本（CAC）之比", []),
    ("运行 `make lab`，或 valuekit.i18n.set_language(\"zh\")，版本 3.11.7", []),
    ("本套件需要 Python 和 JupyterLab", []),
    ("漏斗 Funnel", ["Funnel"]),
    ("Not yet：还不对", ["Not", "yet"]),
])
def test_code_abbreviations_and_names_are_not_prose(text, english):
    assert english_words(text) == english


def test_names_from_the_data_are_not_prose():
    teams = pd.read_csv(ROOT / "datasets" / "teams.csv")["team_name"]
    assert english_words(f"{teams.iloc[0]} 团队的报告") == []


def test_a_modules_cited_names_pass_in_that_module_only():
    cited = "（Fader & Hardie 2007）"
    assert english_words(cited) == ["Fader", "Hardie"]
    assert english_words(cited, CITED["04_clv"]) == []
    assert english_words("Retention rate（Fader）", CITED["04_clv"]) == ["Retention", "rate"]
