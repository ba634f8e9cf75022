"""Modules 2 and 3 in Chinese: money reads in 万/亿 (issue 15) in every place a learner meets
it (widget readouts, lesson tables, the rolling plan's axis, the exercises' prompts and
answers, the lesson's printed lines), the currency named where the figure no longer carries
it (an axis title, a slider's label); and the English edition shows exactly what it showed.

Each Chinese figure is written here by hand from the English one with the rule of
valuekit.i18n.money (CLDR's compact format for zh_CN: one decimal, no thousands separator
before 万; whole dollars under 10,000), e.g. $118,721,600 = 1.187216 亿 -> ``US$1.2亿``.
The English figures are what the notebooks printed before the change.
"""

from __future__ import annotations

import html
import re

import altair as alt
import pandas as pd

import valuekit.charts as vc
from valuekit import data
from valuekit import funnel as fn
from valuekit.charts import funnel as cf
from valuekit.exercises import m03_funnel as m3
from valuekit.i18n import Amount, localize, set_language, translate
from valuekit.widgets import adoption as wa
from valuekit.widgets import funnel as wf
from valuekit.widgets import readout_html

#: a dollar figure written the English way (``$5,245``, ``$4M``) rather than by money()'s
#: Chinese ``US$5,245`` / ``US$12万``
BARE_DOLLAR = re.compile(r"(?<!US)\$\s?\d")
#: an English money abbreviation (``$4M``, ``4.5M``, ``$120k``)
ABBREVIATED = re.compile(r"\d(?:\.\d+)?\s?[MkB]\b")


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def _svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]


def _no_english_money(text: str) -> None:
    assert not BARE_DOLLAR.search(text), BARE_DOLLAR.search(text).group()
    assert not ABBREVIATED.search(text), ABBREVIATED.search(text).group()


def _tables() -> dict[str, pd.DataFrame]:
    return data.sample()


# --------------------------------------------------------------------------- readouts


def test_the_simulators_revenue_in_chinese_and_english(zh):
    # 1,000 leads x 50 % x 40 % = 200 won deals x $120,000 = $24,000,000 = 2,400 万
    out = wf.funnel_simulator(1000, 0.5, 0.4, 0.25, 120_000.0)
    text = _text(readout_html(out))
    assert "收入 US$2400万" in text
    _no_english_money(text)
    set_language("en")
    assert "Revenue $24,000,000" in _text(readout_html(out))


def test_the_win_loss_explorers_amount_lost_in_chinese_and_english(zh):
    opps = _tables()["opportunities"]
    lost = opps.loc[(opps["team_id"] == "T06") & (opps["status"] == "L"), "amount"].sum()
    assert lost == 118_721_600  # East Public Sector's lost deals in the sample
    text = _text(readout_html(wf.win_loss_view("T06", "product")))
    assert "输单金额 US$1.2亿" in text  # 1.187216 亿
    _no_english_money(text)
    set_language("en")
    assert "Amount lost $118,721,600" in _text(readout_html(wf.win_loss_view("T06", "product")))


def _actual_and_forecast() -> tuple[float, float]:
    """The rolling plan re-issued at 2025-09-30, all products: won amounts closed April to
    September 2025, and six months of the average of the last three (July-September)."""
    opps = _tables()["opportunities"]
    won = opps[opps["status"] == "W"]
    month = won["closed_date"].dt.to_period("M")
    by_month = won.groupby(month)["amount"].sum()
    actual = by_month[pd.Period("2025-04", "M"):pd.Period("2025-09", "M")].sum()
    forecast = 6 * by_month[pd.Period("2025-07", "M"):pd.Period("2025-09", "M")].mean()
    return float(actual), float(forecast)


def test_the_rolling_plan_readouts_in_chinese_and_english(zh):
    actual, forecast = _actual_and_forecast()
    assert round(actual) == 19_233_300 and round(forecast) == 19_700_800
    text = _text(readout_html(wf.rolling_plan_view("total", "2025-09-30")))
    # 19,233,300 = 1,923.33 万; 19,700,800 = 1,970.08 万
    assert "US$1923.3万" in text and "US$1970.1万" in text
    _no_english_money(text)
    set_language("en")
    text = _text(readout_html(wf.rolling_plan_view("total", "2025-09-30")))
    assert "$19,233,300" in text and "$19,700,800" in text


def test_the_money_sliders_name_the_currency_in_chinese_and_show_dollars_in_english(zh):
    sliders = {name: (c.description, c.readout_format)
               for ix in (wf.funnel_simulator_widget(), wf.reverse_funnel_widget())
               for name, c in ix.controls.items() if name in ("average_deal", "revenue_target")}
    assert sliders == {"average_deal": ("平均单子金额（美元）", ",.0f"),
                       "revenue_target": ("收入目标（美元）", ",.0f")}
    set_language("en")
    sliders = {name: (c.description, c.readout_format)
               for ix in (wf.funnel_simulator_widget(), wf.reverse_funnel_widget())
               for name, c in ix.controls.items() if name in ("average_deal", "revenue_target")}
    assert sliders == {"average_deal": ("Average deal", "$,.0f"),
                       "revenue_target": ("Revenue target", "$,.0f")}


# --------------------------------------------------------------------------- charts

#: the rolling plan's amount axis: ticks every $500,000 up to $4,500,000 (its largest month,
#: July 2025, booked about $4.4M)
EN_TICKS = [f"${n * 500_000:,}" for n in range(10)]
ZH_TICKS = ["0"] + [f"{n * 50}万" for n in range(1, 10)]


def test_the_rolling_plan_chart_axis_in_wan_in_chinese_and_dollars_in_english(zh):
    plan = wf._rolling("2025-09-30")
    texts = _svg_texts(vc.to_svg(cf.rolling_plan_chart(plan)))
    assert [t for t in texts if t in ZH_TICKS] == ZH_TICKS
    assert "订单金额（美元）" in texts  # the currency, now that the ticks carry none
    _no_english_money(" ".join(texts))
    set_language("en")
    texts = _svg_texts(vc.to_svg(cf.rolling_plan_chart(plan)))
    assert [t for t in texts if t.startswith("$")] == EN_TICKS and "bookings" in texts


def test_the_rolling_plan_widgets_chart_in_wan_in_chinese_and_short_dollars_in_english(zh):
    svg, _ = vc.quick_svg(wf.rolling_plan_view("total", "2025-09-30").chart)
    texts = _svg_texts(svg)
    assert [t for t in texts if t in ZH_TICKS] == ZH_TICKS and "订单金额（美元）" in texts
    _no_english_money(" ".join(texts))
    set_language("en")
    svg, _ = vc.quick_svg(wf.rolling_plan_view("total", "2025-09-30").chart)
    assert [t for t in _svg_texts(svg) if t.startswith("$")] == [
        "$0M", "$0.5M", "$1M", "$1.5M", "$2M", "$2.5M", "$3M", "$3.5M", "$4M", "$4.5M"]


def test_the_money_axis_writes_yi_and_wan_with_separators(zh):
    frame = pd.DataFrame({"x": ["a", "b"], "y": [0.0, 1.2e8]})
    chart = alt.Chart(frame).mark_bar().encode(x="x:N", y=alt.Y("y:Q", axis=vc.money_axis()))
    texts = _svg_texts(vc.to_svg(chart))
    # ticks every 20,000,000 = 2,000 万; 100,000,000 = 1 亿; 120,000,000 = 1.2 亿
    assert [t for t in texts if t[:1].isdigit()] == [
        "0", "2,000万", "4,000万", "6,000万", "8,000万", "1亿", "1.2亿"]
    set_language("en")
    texts = _svg_texts(vc.to_svg(chart.encode(y=alt.Y("y:Q", axis=vc.money_axis()))))
    assert "$120,000,000" in texts and "$20,000,000" in texts


# --------------------------------------------------------------------------- tables


def test_the_loss_pareto_by_amount_in_chinese_and_english(zh):
    pareto = fn.loss_reason_pareto(_tables()["opportunities"], weight="amount")
    assert list(pareto["amount"][:2]) == [339_175_200, 214_931_400]
    text = _text(wf.shown(pareto.style.format(wf.FORMATS)).to_html())
    # 3.391752 亿, 2.149314 亿; the relationship reason's 87,142,200 = 8,714.22 万
    assert "US$3.4亿" in text and "US$2.1亿" in text and "US$8714.2万" in text
    assert "价格" in text  # the table is still shown through shown_table
    _no_english_money(text)
    set_language("en")
    text = _text(wf.shown(pareto.style.format(wf.FORMATS)).to_html())
    assert "$339,175,200" in text and "$87,142,200" in text


def test_cost_per_response_under_wan_stays_whole_dollars(zh):
    responses = fn.response_rates(_tables()["campaign_touches"])
    assert round(responses.loc["seminar", "cost_per_response"]) == 5_245
    text = _text(wf.shown(responses.style.format(wf.FORMATS)).to_html())
    assert "US$5,245" in text and "US$5,245.00" not in text
    _no_english_money(text)
    set_language("en")
    assert "$5,245" in _text(responses.style.format(wf.FORMATS).to_html())


def test_the_pipeline_velocity_table_in_chinese_and_english(zh):
    opps = _tables()["opportunities"]
    velocity = pd.DataFrame({"company": vars(fn.pipeline_velocity(opps))}).drop("as_of").T
    # average won deal $106,169 = 10.6 万; per month $3,607,129 = 360.7 万; per day
    # $118,656 = 11.9 万
    text = _text(wf.shown(velocity.style.format(wf.FORMATS)).to_html())
    assert "US$10.6万" in text and "US$360.7万" in text and "US$11.9万" in text
    _no_english_money(text)
    set_language("en")
    text = _text(velocity.style.format(wf.FORMATS).to_html())
    for shown in ("1,295", "1,108", "8,953", "11.0%", "$106,169", "128", "$118,656",
                  "$3,607,129"):
        assert f" {shown} " in text, shown


def test_the_beachhead_table_in_chinese_and_english(zh):
    candidates = wa.beachhead_candidates(_tables()["accounts"])
    assert candidates.loc["retail", "median_budget"] == 145_000
    for shown in (wa.table(candidates, wa.FORMATS), wa.table(candidates)):
        text = _text(shown.to_html())
        assert "US$14.5万" in text and "预算中位数" in text and "零售业" in text
        assert "145000.000000" not in text  # no six-decimal default either
        _no_english_money(text)
    set_language("en")
    assert "$145,000" in _text(wa.table(candidates, wa.FORMATS).to_html())
    assert wa.table(candidates) is candidates


def test_the_folded_table_keeps_module_2s_words(zh):
    """wa.table on i18n.shown_table: a column named like a category gets its own header
    ("growth" the column vs the stage), True/False read yes/no in Chinese."""
    frame = pd.DataFrame({"stage": ["growth"], "growth": [0.25], "showstoppers_ok": [True]},
                         index=pd.Index(["P01"], name="product_id"))
    text = _text(wa.table(frame, wa.FORMATS).to_html())
    assert localize("growth") in text and localize("growth on the year before") in text
    assert "+25%" in text and localize("yes") in text and "True" not in text
    assert localize("growth") != "growth" and localize("yes") != "yes"


# --------------------------------------------------------------------------- printed lines


def test_the_lessons_printed_money_lines_in_chinese_and_english(zh):
    """The lines notebooks/03_funnel.ipynb prints (its code cells: weighted pipeline, quota),
    their amounts as i18n.Amount fields."""
    opps = _tables()["opportunities"]
    eps = opps[opps["team_id"] == "T06"]
    company, team = Amount(fn.weighted_pipeline(opps)), Amount(fn.weighted_pipeline(eps))
    pipeline = "Company: ${company:,.0f}   East Public Sector: ${team:,.0f}"
    # $34,897,995 = 3,489.7995 万; $3,316,415 = 331.6415 万
    assert translate(pipeline).format(company=company, team=team) == (
        "公司：US$3489.8万   East Public Sector：US$331.6万")
    quota = Amount(_tables()["teams"].set_index("team_id").loc["T06", "quota"])
    deal = Amount(eps.loc[eps["status"] == "W", "amount"].mean())
    line = translate("Quota ${quota:,.0f}, average won deal ${deal:,.0f}").format(
        quota=quota, deal=deal)
    assert line == "销售指标 US$348万，平均赢单金额 US$10.6万"  # $3,480,000; $105,987
    set_language("en")
    assert translate(pipeline).format(company=company, team=team) == (
        "Company: $34,897,995   East Public Sector: $3,316,415")
    assert translate("Quota ${quota:,.0f}, average won deal ${deal:,.0f}").format(
        quota=quota, deal=deal) == "Quota $3,480,000, average won deal $105,987"


def test_a_money_format_is_the_english_string_and_writes_wan_in_chinese(zh):
    fmt = wf.FORMATS["amount"]
    assert fmt == "${:,.0f}" and wa.FORMATS["median_budget"] == "${:,.0f}"
    assert fmt.format(1_360_000) == "US$136万" and fmt.format(950) == "US$950"
    assert fmt.format(float("nan")) == "$nan"  # as pandas' own "${:,.0f}" writes it
    set_language("en")
    assert fmt.format(1_360_000) == "$1,360,000" and fmt.format(950) == "$950"


# --------------------------------------------------------------------------- exercises


def _shown(text: str) -> str:
    return localize(text, "m03_funnel", "valuekit")


def test_the_decision_tracks_money_in_chinese_and_english(zh):
    dq5, dq6, dq7 = (_shown(m3.dq5.prompt), _shown(m3.dq6.prompt),
                     _shown(m3.dq7.solution_code))
    assert "每单 US$12万" in dq5  # $120,000
    assert "目标设为 US$350万，单子设为 US$10万" in dq6  # $3,500,000 and $100,000
    assert "约为 US$5,000；" in dq7
    for text in (dq5, dq6, dq7):
        _no_english_money(text)
    set_language("en")
    assert str(m3.dq5.prompt).endswith(
        "every other slider as it starts (1,000 leads, a $120,000 deal). What revenue do the "
        "won deals bring, in dollars?")
    assert str(m3.dq6.prompt) == (
        "In the reverse-funnel planner set a target of $3,500,000 and a deal of $100,000. "
        "Which rate, raised by ten points, cuts the leads needed most?")
    assert _shown(m3.dq7.solution_code) == (
        "Seminars: they answer like mass media (2–5 %, traditional) but cost about $5,000 "
        "per response; they earn their place by moving possible customers on.")


def test_dq7s_rounded_cost_is_the_lessons_table():
    responses = fn.response_rates(_tables()["campaign_touches"])
    assert round(responses.loc["seminar", "cost_per_response"], -3) == m3.DQ7_COST


def test_q5s_hint_names_the_step_where_every_funnel_narrows_most(zh):
    """The hint said "its last step"; the lesson (section 4) and the data say the win,
    possible -> target, and q5's answer is the last step (South Commercial's renewals)."""
    company = fn.stage_conversion(m3._opps(None))["rate"].drop("overall")
    team = fn.stage_conversion(m3._opps(m3.TEAM))["rate"].drop("overall")
    assert company.idxmin() == team.idxmin() == "possible->target"
    assert m3.q5.expected == "target->effective"
    hint = _shown(m3.q5.hints[0])
    assert "同一步" in hint and "可能 → 目标" in hint and "最后" not in hint
    set_language("en")
    assert str(m3.q5.hints[0]).startswith(
        "Every funnel narrows most at the same step (the win, possible → target), so the "
        "team's lowest rate is not the answer")


def test_the_life_cycle_table_in_chinese_does_not_repeat_each_stage_in_a_chinese_column():
    from valuekit import adoption as ad
    from valuekit import i18n
    from valuekit.widgets import adoption as wa

    table = ad.life_cycle_table()
    assert "term_zh" in table.columns
    with i18n.using("zh"):
        shown = wa.table(table).to_html()
    assert "中文术语" not in shown and shown.count("导入期") == 1
    with i18n.using("en"):
        assert wa.table(table) is table  # English: the frame itself, its Chinese column too
