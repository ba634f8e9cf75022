"""Module 1 in Chinese writes money the way a Chinese reader expects (万 / 亿, the currency as
in the data: US$), and the English edition writes exactly what it wrote before.

Each figure below is worked out by hand from the stated inputs (issue 15). In Chinese,
:func:`valuekit.i18n.money` writes an amount from 万 up with one digit after 万 (module 1's
prices with two: they are whole hundreds of dollars) and two after 亿, whole dollars under
万; a chart axis writes its ticks in 万/亿 without the currency, which the axis title names.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
from i18n_text import svg_texts

import valuekit.charts as vc
from valuekit.charts import value as cv
from valuekit.exercises import m01_value as m1
from valuekit.i18n import N_, Amount, localize, translate, using
from valuekit.widgets import readout_html
from valuekit.widgets import value as wv

#: a dollar sign followed by a digit: English money (US$ is the Chinese currency sign)
DOLLAR = re.compile(r"(?<!US)\$\s*\d")

#: the pricing example (wv.PRICE_EXAMPLE) with the unit cost the calculator starts at:
#: EVC = 80,000 + 60,000 + 15,000 + 10,000 - 5,000 = 160,000; premium = 160,000 - 80,000 =
#: 80,000; suggested = 80,000 + (1 - 0.3) * 80,000 = 136,000; cost-plus = 52,200 * 1.4 =
#: 73,080; suggested - cost-plus = 62,920.
PRICE_INPUTS = {"reference_price": 80_000.0, "budget_gain": 60_000.0, "speed_gain": 15_000.0,
                "risk_gain": 10_000.0, "customer_effort": 5_000.0, "share_to_customer": 0.3,
                "unit_cost": 52_200.0, "markup": 0.4}


def _texts(chart) -> list[str]:
    return [t.strip() for t in svg_texts(vc.to_svg(chart))]


# --------------------------------------------------------------------------- Amount


def test_an_amount_keeps_the_english_format_and_is_money_in_chinese(en):
    price = Amount(52_200, decimals=2)
    assert f"Floor (our cost):              ${price:>9,.0f}" == (
        "Floor (our cost):              $   52,200")
    assert f"{price}" == "$52,200"
    with using("zh"):
        assert f"下限（我们的成本）：{price:>9,.0f}" == "下限（我们的成本）：US$5.22万"
        assert f"{Amount(150_000)}" == "US$15万"
        assert f"{Amount(227_347_400, decimals=2)}" == "US$2.27亿"
        assert f"{Amount(950)}" == "US$950"  # under 万: whole dollars, as in English


def test_a_message_with_an_amount_is_english_even_when_made_in_chinese():
    with using("zh"):
        text = N_("Move it to ${x:,.0f} first.", x=Amount(150_000))
        assert localize(text) == "Move it to $US$15万 first."  # no translation: the msgid
    assert str(text) == "Move it to $150,000 first."


def test_the_printed_price_lines_of_the_lesson(en):
    """notebooks/01_value_marketing.ipynb, the pricing section: floor 52,200, ceiling
    160,000, list price 90,000 (P03), cost-plus 73,080."""
    floor = Amount(52_200, decimals=2)
    line = "Floor (our cost):              ${price:>9,.0f}"
    prices = "List price today: ${list_price:,.0f}; cost-plus: ${cost_plus:,.0f}"
    fields = {"list_price": Amount(90_000, decimals=2), "cost_plus": Amount(73_080, decimals=2)}
    assert translate(line).format(price=floor) == "Floor (our cost):              $   52,200"
    assert translate(prices).format(**fields) == "List price today: $90,000; cost-plus: $73,080"
    with using("zh"):
        assert translate(line).format(price=floor) == "下限（我们的成本）：US$5.22万"
        assert translate(prices).format(**fields) == "今天的目录价：US$9万；成本加成价格：US$7.31万"
        cost = translate("Acquisition cost: ${cost:,.0f} per new customer; customers lost: "
                         "{lost}").format(cost=Amount(82_506.3), lost=80)
        assert cost == "获客成本：每个新客户 US$8.3万；流失客户数：80"


# --------------------------------------------------------------------------- chart axes

#: the tick values drawn, and what each language writes (d3-format "$,.3~s" in English)
TICKS = [0, 300, 12_000, 50_000_000, 120_000_000, 250_000_000]
EN_TICKS = ["$0", "$300", "$12k", "$50M", "$120M", "$250M"]
ZH_TICKS = ["0", "300", "1.2万", "5,000万", "1.2亿", "2.5亿"]


def _axis_chart() -> alt.Chart:
    frame = pd.DataFrame({"x": [0.0, 250_000_000.0], "y": ["a", "b"]})
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("x:Q", title=None, axis=cv.money_axis("$,.3~s", values=TICKS)),
        y=alt.Y("y:N", title=None))


def test_a_money_axis_in_english_is_the_d3_dollar_format(en):
    assert cv.money_axis("$,.3~s", values=TICKS).to_dict() == {"format": "$,.3~s",
                                                                "values": TICKS}
    texts = _texts(_axis_chart())
    assert [t for t in texts if t.startswith("$")] == EN_TICKS


def test_a_money_axis_in_chinese_writes_wan_and_yi(zh):
    texts = _texts(_axis_chart())
    assert [t for t in texts if t not in ("a", "b")] == ZH_TICKS
    assert not any(DOLLAR.search(t) for t in texts)


#: a small revenue bridge: 120,000,000 last year, +30,000,000 from new customers,
#: -10,000,000 lost, 140,000,000 this year
BRIDGE = pd.DataFrame({"revenue": [120e6, 30e6, -10e6, 140e6]},
                      index=["before", "new_customers", "lost_customers", "after"])


def test_the_bridge_chart_in_chinese(zh):
    texts = _texts(cv.bridge_chart(BRIDGE))
    for label in ("US$1.2亿", "+US$3000万", "−US$1000万", "US$1.4亿", "收入，美元", "1亿"):
        assert label in texts, label
    assert not any(DOLLAR.search(t) or re.search(r"\d[kM]$", t) for t in texts)


def test_the_bridge_chart_in_english(en):
    texts = _texts(cv.bridge_chart(BRIDGE))
    for label in ("$120.0M", "+$30.0M", "−$10.0M", "$140.0M", "revenue, USD", "$100M"):
        assert label in texts, label


def test_the_cross_sell_and_wallet_axes_in_chinese(zh):
    profile = pd.DataFrame({"accounts": [10, 5], "revenue_per_account": [200_000.0, 1.2e6]},
                           index=[1, 2])
    texts = _texts(cv.cross_sell_chart(profile))
    assert {"20万", "120万", "每个客户的收入，美元"} <= set(texts)
    wallet = pd.DataFrame({"annual_budget": [30_000.0, 3e7], "revenue": [3_000.0, 3e6]})
    texts = _texts(cv.wallet_chart(wallet))
    assert {"3,000", "1万", "3万", "100万", "3,000万", "客户的年度预算（钱包），美元"} <= set(texts)
    assert not any(DOLLAR.search(t) or re.search(r"\d[kM]$", t) for t in texts)


# --------------------------------------------------------------------------- the calculator


def test_the_price_calculator_in_chinese(zh):
    outcome = wv.value_price_outcome(**PRICE_INPUTS)
    assert outcome.formatted() == {
        "Floor (our cost)": "US$5.22万", "Ceiling (customer's value)": "US$16万",
        "Suggested value price": "US$13.6万", "Cost-plus price": "US$7.31万",
        "Value price − cost-plus": "+US$6.29万"}
    assert outcome.numbers["Suggested value price"] == 136_000  # the numbers stay numbers
    texts = _texts(outcome.chart)
    for label in ("价值 US$16万", "价格 US$13.6万", "价格 US$7.31万", "美元/年", "2万", "22万"):
        assert label in texts, label
    assert not any(DOLLAR.search(t) or re.search(r"\d[kM]$", t) for t in texts)
    assert not DOLLAR.search(readout_html(outcome))


def test_the_price_calculator_in_english(en):
    outcome = wv.value_price_outcome(**PRICE_INPUTS)
    assert outcome.formatted() == {
        "Floor (our cost)": "$52,200", "Ceiling (customer's value)": "$160,000",
        "Suggested value price": "$136,000", "Cost-plus price": "$73,080",
        "Value price − cost-plus": "+62,920"}
    texts = _texts(outcome.chart)
    for label in ("value $160,000", "price $136,000", "price $73,080", "$20k", "$220k"):
        assert label in texts, label


def test_the_calculators_dollar_sliders_say_the_unit(zh):
    ix = wv.value_price_calculator()
    ref = ix.controls["reference_price"]
    assert (ref.description, ref.readout_format) == ("替代选择的价格（美元）", ",.0f")
    assert ix.controls["share_to_customer"].readout_format == ".0%"
    assert not any(c.readout_format.startswith("$") for c in ix.controls.values())


def test_the_calculators_sliders_in_english(en):
    ref = wv.value_price_calculator().controls["reference_price"]
    assert (ref.description, ref.readout_format) == ("Alternative's price", "$,.0f")


# --------------------------------------------------------------------------- tables

ACCOUNTS = pd.DataFrame({"revenue": [1_360_000.0], "profit": [255_000.0],
                         "annual_budget": [227_347_400.0], "share_of_wallet": [0.25],
                         "tier": ["high"], "customer": [True]},
                        index=pd.Index(["A00001"], name="account_id"))
FORMATS = {"revenue": "${:,.0f}", "profit": "${:,.0f}", "annual_budget": "${:,.0f}",
           "share_of_wallet": "{:.0%}"}


def test_a_lesson_table_in_chinese(zh):
    html = cv.table(ACCOUNTS, FORMATS).to_html()
    for text in (">US$136万<", ">US$25.5万<", ">US$2.27亿<", ">25%<", ">高<", ">是<",
                 ">收入<", ">利润<", ">钱包份额<", ">A00001<"):
        assert text in html, text
    assert not DOLLAR.search(html)
    assert ACCOUNTS["tier"].iloc[0] == "high"  # the data are not changed


def test_a_lesson_table_in_english(en):
    html = cv.table(ACCOUNTS, FORMATS).to_html()
    for text in (">$1,360,000<", ">$255,000<", ">$227,347,400<", ">25%<", ">high<",
                 ">True<", ">revenue<"):
        assert text in html, text


def test_the_bridge_table_and_a_series_in_chinese(zh):
    """The bridge's revenue has a number format without $ ("{:,.0f}"): it is money all the
    same (a MONEY_COLUMNS column); a Series in "${:,.0f}" becomes a one-column table."""
    html = cv.table(BRIDGE, {"revenue": "{:,.0f}"}).to_html()
    for text in (">US$1.2亿<", ">US$3000万<", ">-US$1000万<", ">新客户<", ">去年<"):
        assert text in html, text
    series = pd.Series({"replace_cost": 6_600_484.0, "saving": 5_280_387.0})
    html = cv.table(series, "${:,.0f}").to_html()
    assert ">US$660万<" in html and ">US$528万<" in html and ">节省<" in html
    assert not DOLLAR.search(html)


def test_the_bridge_table_and_a_series_in_english(en):
    html = cv.table(BRIDGE, {"revenue": "{:,.0f}"}).to_html()
    assert ">120,000,000<" in html and ">-10,000,000<" in html and ">new_customers<" in html
    series = pd.Series({"replace_cost": 6_600_484.0, "saving": 5_280_387.0})
    assert list(cv.table(series, "${:,.0f}")) == ["$6,600,484", "$5,280,387"]


# --------------------------------------------------------------------------- exercises


def test_dq5_in_chinese_names_the_price_in_wan(zh):
    prompt = localize(m1.dq5.prompt, "m01_value")
    assert "US$15万" in prompt and not DOLLAR.search(prompt)
    default = m1.calculator(m1.wv_default_reference())["Suggested value price"]
    shown = localize(m1.dq5.check(default).message, "m01_value")
    assert shown == "这是默认的替代选择价格下的结果：先把它移到 US$15万。"


def test_dq5_in_english(en):
    assert str(m1.dq5.prompt).startswith(
        "In the value-price calculator set 'Alternative's price' to $150,000 (a premium")
    default = m1.calculator(m1.wv_default_reference())["Suggested value price"]
    assert str(m1.dq5.check(default).message) == (
        "That is at the default alternative's price: move it to $150,000 first.")
