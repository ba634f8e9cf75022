"""Money in modules 4 and 6 in Chinese (issue 15): module 6's ROI table (cv.FORMATS), its
budget allocator (the chart's axis and bar texts, the slider) and module 4's dollar slider
write amounts as valuekit.i18n.money does (万, US$), and the English is what it was. Each
Chinese figure below is worked out by hand from the amount the test reads (e.g. $1,073,027
= 107.3027万 -> US$107.3万); each English one is the "${:,.0f}" it always was."""

from __future__ import annotations

import re

import pytest

import valuekit.charts as vc
from valuekit import i18n
from valuekit import value_creation as vcr
from valuekit.charts import customer_value as ch
from valuekit.widgets import clv as wc
from valuekit.widgets import customer_value as cv


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language("en")


def _cells(styler) -> str:
    html = re.sub(r"<style.*?</style>", " ", styler.to_html(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _svg_texts(chart) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", vc.to_svg(chart))


def test_module_6s_roi_table_writes_dollars_in_english_and_wan_in_chinese():
    roi = cv.channel_roi_table()
    email = roi.loc["email"]
    assert round(email["cost"]) == 1_073_027 and round(email["cost_per_response"]) == 8
    english = _cells(cv.shown(roi.style.format(cv.FORMATS)))
    assert "$1,073,027" in english and "$8 " in english  # as "${:,.0f}" wrote them
    i18n.set_language("zh")
    chinese = _cells(cv.shown(roi.style.format(cv.FORMATS)))
    # 1,073,027 = 107.3027万 -> US$107.3万; 9,389,310 = 938.931万 -> US$938.9万; 7.54 -> US$8
    assert "US$107.3万" in chinese and "US$938.9万" in chinese and "US$8 " in chinese
    assert re.findall(r"(?<![A-Z])\$\d", chinese) == []
    assert "电子邮件" in chinese and "email" not in chinese


def test_the_formats_are_the_strings_they_were():
    assert cv.FORMATS["cost"] == "${:,.0f}" and cv.FORMATS["cost"].format(1234.5) == "$1,234"
    i18n.set_language("zh")
    assert cv.FORMATS["cost"].format(1234.5) == "US$1,234"  # under 万: whole dollars
    assert cv.FORMATS["budget"].format(230_000) == "US$23万"
    assert cv.FORMATS["cost"].format(float("nan")) == "$nan"  # what pandas would have shown
    assert wc.MoneyFormat().format(950.4) == "US$950"  # whole units, as "${:,.0f}"


def test_the_budget_chart_writes_wan_in_chinese():
    split = vcr.tier_budget(cv.tiers(), 500_000, 0.5)
    assert list(split["budget"].round()) == [230_000, 130_000, 140_000]  # high, medium, low
    english = _svg_texts(ch.tier_budget_chart(split))
    assert {"$230,000", "$130,000", "$140,000", "$100,000"} <= set(english)
    i18n.set_language("zh")
    chinese = _svg_texts(ch.tier_budget_chart(split))
    # the bars: 23万, 13万, 14万; the kit's money axis every 20,000 = 2万, its title 美元
    assert {"US$23万", "US$13万", "US$14万", "2万", "10万", "预算（美元）"} <= set(chinese)
    assert not [t for t in chinese if re.search(r"(?<![A-Z])\$\d", t)]


def test_the_allocator_widget_in_chinese():
    i18n.set_language("zh")
    ix = cv.budget_allocator_widget()
    budget = ix.controls["budget"]
    assert (budget.description, budget.readout_format) == ("营销预算（美元）", ",d")
    out = cv.budget_allocator(500_000, 0.5, tier_table=cv.tiers())
    assert out.formatted()["High tier"] == "US$23万"
    # the chart the widget draws: the same texts as the chart function's
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", vc.to_svg(out.chart))
    assert "US$23万" in texts and not [t for t in texts if re.search(r"(?<![A-Z])\$\d", t)]
    i18n.set_language("en")
    budget = cv.budget_allocator_widget().controls["budget"]
    assert (budget.description, budget.readout_format) == ("Marketing budget", "$,d")


def test_module_4s_margin_slider_in_chinese():
    i18n.set_language("zh")
    margin = wc.clv_calculator_widget().controls["margin"]
    assert (margin.description, margin.readout_format) == ("每年毛利（美元）", ",.0f")
    i18n.set_language("en")
    margin = wc.clv_calculator_widget().controls["margin"]
    assert (margin.description, margin.readout_format) == ("Margin per year", "$,.0f")


def test_a_module_4_table_keeps_its_chinese_words_after_format():
    """``values.head(5).style.format(wc.FORMATS)`` (the lesson's cell): the money in 万 and
    the value tier still in Chinese (a dict of formats must not reset the other columns)."""
    values = wc.account_values().head(5)
    assert list(values["tier"]) == ["high"] * 5
    i18n.set_language("zh")
    cells = _cells(wc.account_values().head(5).style.format(wc.FORMATS))
    assert cells.count("高") == 5 and "high" not in cells
    # the first account's margin per year, by hand: 1,816,xxx -> US$181.6万
    margin = values["margin"].iloc[0]
    assert f"US${round(margin / 1e4, 1):g}万" in cells
