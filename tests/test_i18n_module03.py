"""Module 3 in Chinese: what the learner picks and reads comes from the catalogs, and the
English edition is left as it was (the language is switched back after each test)."""

from __future__ import annotations

import pandas as pd
import pytest

import valuekit.charts as vc
from valuekit import funnel as fn
from valuekit.charts import funnel as cf
from valuekit.exercises import m03_funnel as m3
from valuekit.exercises.decision import Match
from valuekit.i18n import localize, set_language
from valuekit.schema import STAGES
from valuekit.widgets import funnel as wf

DOMAINS = ("m03_funnel", "valuekit")


def _options(q) -> list[str]:
    return [*getattr(q, "items", []), *[str(o) for o in getattr(q, "options", [])]]


def test_strategy_labels_marked_for_the_catalog_are_the_options_dq3_shows():
    assert list(m3.STRATEGY_LABELS) == [m3.strategy_label(k) for k in fn.STRATEGIES]
    assert list(m3.dq3.options) == list(m3.STRATEGY_LABELS)


@pytest.mark.parametrize("name", ["dq1", "dq3", "dq6", "dq7"])
def test_every_option_a_decision_question_offers_has_a_chinese_label(name, zh):
    q = getattr(m3, name)
    untranslated = [o for o in _options(q) if localize(o, *DOMAINS) == o]
    assert untranslated == []
    if isinstance(q, Match):  # the items too, and the stage names the options are
        assert localize("potential", *DOMAINS) == "潜在客户"


def test_product_ids_stay_as_they_are(zh):
    assert [localize(o, *DOMAINS) for o in m3.dq4.options] == list(m3.dq4.options)


def test_shown_is_the_table_itself_in_english():
    frame = fn.loss_reason_pareto(m3._opps(None))
    styler = frame.style.format(wf.FORMATS)
    assert wf.shown(frame) is frame and wf.shown(styler) is styler


def test_shown_relabels_a_table_in_chinese_and_keeps_data_and_formats(zh):
    frame = fn.loss_reason_pareto(m3._opps(None))
    html = wf.shown(frame.style.format(wf.FORMATS)).to_html()
    for word in ("原因", "次数", "金额", "占比", "累计占比", "价格"):
        assert word in html, word
    assert ">price<" not in html and ">cumulative_share<" not in html
    assert f"{frame['share'].iloc[0]:.1%}" in html  # the number format kept
    assert list(frame.columns) == ["reason", "count", "amount", "share", "cumulative_share"]
    assert frame["reason"].iloc[0] == "price"  # the data itself is not changed


def test_strategy_table_in_chinese_names_each_strategy_once(zh):
    table = wf.strategy_table()
    assert list(table.index) == ["倾向型策略", "优势型策略", "信誉型策略"]
    assert list(table["led by"]) == ["市场开发", "目标销售", "业务支持"]


def test_strategy_table_in_english_is_unchanged():
    table = wf.strategy_table()
    assert table.index[0] == "Tendency strategy (倾向策略)"
    assert table["led by"].iloc[2] == "support (业务支持)"


def test_chart_words_in_chinese_and_english(zh):
    report = fn.win_loss_report(m3._opps("T06"), by="product_id")
    svg = vc.to_svg(cf.status_chart(report, title="East Public Sector: opportunities by "
                                                   "product"))
    for word in ("赢", "输", "继续", "延迟", "商机数", "East Public Sector：各产品商机"):
        assert word in svg, word
    set_language("en")
    svg = vc.to_svg(cf.status_chart(report))
    assert "continuing" in svg and "继续" not in svg


def test_the_simulators_funnel_rows_follow_the_language(zh):
    rows = cf.funnel_rows(pd.Series([1000.0, 600.0, 300.0, 100.0], index=list(STAGES)))
    assert [r["stage"] for r in rows] == ["潜在客户", "可能客户", "目标客户", "有效客户"]
    assert "上一阶段" in rows[1]["_label"]


def test_readout_keys_stay_english_for_the_code(zh):
    out = wf.funnel_simulator(1000, 0.6, 0.5, 0.8, 100_000.0)
    assert set(out.numbers) == {"Won deals (target)", "Revenue", "Effective customers",
                                "Lead-to-win conversion"}
    assert localize("Revenue") == "收入"


def test_a_strategy_line_names_the_deck_words_once_in_chinese():
    from valuekit import funnel, i18n

    advantage = funnel.STRATEGIES["advantage"]
    with i18n.using("en"):
        assert advantage.summary() == "Strategy: Advantage strategy (优势策略), led by sales"
    with i18n.using("zh"):
        assert advantage.summary() == "策略：优势型策略，由目标销售牵头"
        assert funnel.STRATEGIES["credibility"].summary() == "策略：信誉型策略，由业务支持牵头"
