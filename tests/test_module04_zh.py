"""Module 4 in Chinese: the lesson's tables, readouts and charts show the kit's words through
the catalogs while the data, its column names and every English output stay as they were
(valuekit.widgets.clv.shown_style, MoneyFormat; charts/clv.py RUNG_LABELS)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import valuekit.charts as vc
from valuekit import clv, i18n
from valuekit.charts import clv as cc
from valuekit.clv import relationship as rel
from valuekit.exercises import m04_clv as m
from valuekit.widgets import clv as wc

ROOT = Path(__file__).resolve().parents[1]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _crm() -> pd.DataFrame:
    s = wc.sample_tables()
    return wc.crm_indicators(s["contracts"], s["invoices"], s["accounts"])


def test_english_tables_are_the_plain_frames_as_before():
    t = _crm()
    assert type(t) is pd.DataFrame and type(wc.life_cycle_stages()) is pd.DataFrame
    html = t.style.format(wc.FORMATS).to_html()
    assert "lost_rate" in html and "$25,660" in html  # South Commercial's margin per account


def test_a_chinese_table_shows_chinese_labels_and_money_but_keeps_its_data(zh):
    t = _crm()
    worst = t["lost_rate"].idxmax()  # code reads the English column names
    assert worst == "South Commercial"
    shown = _text(t.sort_values("lost_rate", ascending=False).style.format(wc.FORMATS)
                  .to_html())
    assert "流失客户率" in shown and "lost_rate" not in shown
    assert "US$2.6万" in shown  # 25,660 written with 万, by hand 2.566万 -> 2.6万
    assert "South Commercial" in shown  # a name from the data stays
    assert list(t.columns) == list(rel.crm_indicators(
        wc.sample_tables()["contracts"], wc.sample_tables()["invoices"],
        wc.sample_tables()["accounts"], teams=wc.sample_tables()["teams"]).columns)


def test_a_chinese_table_translates_the_kits_words_in_rows_and_cells(zh):
    shown = _text(wc.life_cycle_stages().style.to_html())
    assert "获取期" in shown and "预警信号" in shown and "上手慢，产品用得少" in shown
    assert "acquisition" not in shown and "early warning" not in shown
    tiers = _text(wc.value_tiers(wc.account_values()).style.format(wc.FORMATS).to_html())
    assert all(word in tiers for word in ("高", "中", "低")) and "medium" not in tiers


def test_readout_money_with_wan_in_chinese_and_dollars_in_english(zh):
    out = wc.clv_calculator(50_000, 0.84, 0.10, 10).formatted()
    assert out["Lifetime value over the horizon"] == "US$19.7万"  # 197,274
    i18n.set_language("en")
    out = wc.clv_calculator(50_000, 0.84, 0.10, 10).formatted()
    assert out["Lifetime value over the horizon"] == "$197,274"


def test_the_ladder_chart_names_the_rungs_in_chinese(zh):
    ladder = wc.loyalty_ladder(wc.sample_tables()["accounts"], wc.sample_tables()["contracts"])
    svg = vc.to_svg(cc.ladder_chart(ladder))
    assert "顾客" in svg and "忠实客户" in svg and "loyal customer" not in svg


def test_decision_answers_stay_english_values_in_chinese(zh):
    """The drop-downs show Chinese; the answer a learner picks is still the English value
    the question checks (the solution notebook's dict)."""
    right = m.warning_stages()
    assert m.dq2.check(right).correct
    assert m.dq3.check(dict(m.TIES_ITEMS)).correct


def test_money_axes_with_wan_in_chinese_dollars_in_english(zh):
    svg = vc.to_svg(cc.published_ltv_chart(wc.published_ltv()))
    assert ">US$5万<" in svg and ">US$65万<" in svg and "$50,000" not in svg  # 50,000 = 5万
    i18n.set_language("en")
    svg = vc.to_svg(cc.published_ltv_chart(wc.published_ltv()))
    assert ">$50,000<" in svg and "万" not in svg


def test_the_ladder_subtitle_says_deeper_is_further_down():
    """The chart draws prospects at the top and the deeper rungs below them (the y axis is
    sorted bottom rung first), and its subtitle says so in both languages."""
    ladder = wc.loyalty_ladder(wc.sample_tables()["accounts"], wc.sample_tables()["contracts"])
    spec = cc.ladder_chart(ladder).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"][0] == "prospect"
    assert "each rung further down is a deeper relationship" in str(spec["title"])
    with i18n.using("zh"):
        assert "越往下，关系越深" in str(cc.ladder_chart(ladder).to_dict()["title"])


def _payback_cell() -> str:
    nb = json.loads((ROOT / "notebooks/04_clv.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"]
             if c["cell_type"] == "code" and "payback_months" in "".join(c["source"])]
    assert len(cells) == 1
    return cells[0]


@pytest.mark.parametrize(("language", "west", "south"), [
    ("en", "West Enterprise: full CAC (campaigns × 2) paid back after",
     "South Commercial: full CAC (campaigns × 2) never paid back"),
    ("zh", "West Enterprise：完整 CAC（营销活动支出 × 2）在",
     "South Commercial：完整 CAC（营销活动支出 × 2）永远收不回"),
])
def test_section7_says_never_where_a_payback_never_comes(language, west, south, capsys):
    """Section 7's cell as the notebook has it: South Commercial's payback is infinite and the
    cell says it never pays back, in words, not 'after inf months'."""
    with i18n.using(language):
        exec(_payback_cell(), {"clv": clv, "econ": wc.segment_economics(),
                               "translate": i18n.translate})
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith(west) and lines[1] == south
    assert "inf" not in lines[1]
