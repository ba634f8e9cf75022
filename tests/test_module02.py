"""Module 2 (adoption life cycle and the chasm): the functions added to valuekit.adoption,
the charts, the three interactives driven from Python, the exercise questions, and the
facts about the sample data that the teaching notebook states."""

from __future__ import annotations

import math

import ipywidgets as w
import numpy as np
import pandas as pd
import pytest
from decision_track import decision_contract_tests

import valuekit.charts as vc
from valuekit import adoption as ad
from valuekit import data
from valuekit import exercises as ex
from valuekit.charts import adoption as ca
from valuekit.exercises import m02_adoption as m2
from valuekit.widgets import adoption as wa
from valuekit.widgets import builders


@pytest.fixture(scope="module")
def tables(sample) -> dict[str, pd.DataFrame]:
    return {name: sample[name] for name in ("accounts", "products", "product_sales")}


def _months(n: int, start: str = "2020-01-01") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="MS")


def _monthly_bass(p: float, q: float, m: float, years: int, start: str = "2010-01-01"):
    """Expected monthly adopters of a Bass curve with yearly p, q (no noise)."""
    t = np.arange(years * 12 + 1) / 12
    cum = ad.bass_cumulative(t, p, q, m)
    return pd.Series(np.diff(cum), index=_months(years * 12, start))


# --------------------------------------------------------------------------- adopter mix


def test_adopter_mix_hand_computed():
    groups = pd.Series(["innovator", "early_adopter", "early_adopter", "early_majority",
                        "early_majority", "late_majority", "late_majority", "late_majority",
                        "laggard", "laggard"])
    mix = ad.adopter_mix(groups)
    assert list(mix.index) == list(ad.ADOPTER_GROUPS)
    assert mix["count"].tolist() == [1, 2, 2, 3, 2]
    assert mix["share"].tolist() == pytest.approx([0.1, 0.2, 0.2, 0.3, 0.2])
    assert mix["rogers_share"].tolist() == [0.025, 0.135, 0.34, 0.34, 0.16]
    assert mix["difference"].tolist() == pytest.approx([0.075, 0.065, -0.14, -0.04, 0.04])
    assert mix["exact_share"].sum() == pytest.approx(1.0)


def test_adopter_mix_by_period():
    groups = pd.Series(["innovator", "early_majority", "early_adopter", "laggard", "laggard"])
    year = pd.Series([2020, 2020, 2021, 2021, 2021], name="year")
    out = ad.adopter_mix(groups, by=year)
    assert list(out.index) == [2020, 2021] and out.index.name == "year"
    assert out.loc[2020, "innovator"] == 0.5 and out.loc[2020, "early_majority"] == 0.5
    assert out.loc[2020, "early_market"] == 0.5
    assert out.loc[2021, "early_market"] == pytest.approx(1 / 3)
    assert out.loc[2021, "laggard"] == pytest.approx(2 / 3)
    assert out["count"].tolist() == [2, 3]


@pytest.mark.parametrize("groups, by, match", [
    (["innovator", "pioneer"], None, "unknown adopter groups \\['pioneer'\\]"),
    (["innovator", None], None, "missing values"),
    ([], None, "empty"),
    (["innovator", "laggard"], [2020], "one value per organisation"),
    (["innovator", "laggard"], [2020, None], "by has missing values"),
])
def test_adopter_mix_rejects_bad_input(groups, by, match):
    with pytest.raises(ValueError, match=match):
        ad.adopter_mix(pd.Series(groups, dtype=object),
                       by=None if by is None else pd.Series(by, dtype=object))


# --------------------------------------------------------------------------- yearly totals


def test_period_totals_counts_back_from_the_end():
    s = pd.Series(np.arange(1.0, 31.0), index=_months(30))  # 1..30
    years = ad.period_totals(s)
    # Blocks (from the end): months 19-30, 7-18, and the first six months.
    assert years.tolist() == [21.0, sum(range(7, 19)), sum(range(19, 31))]
    assert list(years.index) == [s.index[5], s.index[17], s.index[29]]
    cut = ad.period_totals(s, end="2021-06-01")  # 18 months
    assert cut.tolist() == [21.0, sum(range(7, 19))]
    assert ad.period_totals(s, months=10).tolist() == [55.0, 155.0, 255.0]
    assert ad.period_totals([1, 2, 3], months=2).tolist() == [1.0, 5.0]


@pytest.mark.parametrize("sales, kwargs, match", [
    (pd.Series([1.0, 2.0], index=pd.to_datetime(["2020-01-01", "2020-03-01"])), {},
     "no gaps"),
    (pd.Series([1.0, -2.0]), {}, "negative"),
    (pd.Series([1.0, 2.0]), {"months": 0}, "whole number"),
    (pd.Series([1.0, 2.0], index=_months(2)), {"end": "2019-01-01"}, "no sales up to"),
])
def test_period_totals_rejects_bad_input(sales, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ad.period_totals(sales, **kwargs)


# --------------------------------------------------------------------------- life-cycle history


def test_life_cycle_history_moves_through_the_stages_on_a_bass_curve():
    s = _monthly_bass(0.01, 0.45, 10_000, 20)
    path = ad.life_cycle_history(s)
    codes = path.cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()  # a clean curve never goes back
    assert set(path) == set(ad.LIFE_CYCLE_STAGES)
    assert path.iloc[0] == "introduction" and path.iloc[-1] == "decline"
    # Maturity starts around the peak (ln(q/p)/(p+q) = 8.3 years), not long before it.
    first_maturity = int(np.argmax(codes == 2)) / 12
    assert 6.5 < first_maturity < 10


def test_life_cycle_history_uses_only_the_past():
    rng = np.random.default_rng(3)
    s = pd.Series(rng.poisson(_monthly_bass(0.01, 0.5, 3000, 12).to_numpy()),
                  index=_months(144, "2012-01-01"))
    path = ad.life_cycle_history(s)
    for cut in (30, 61, 100, 143):
        assert ad.life_cycle_history(s.iloc[: cut + 1]).iloc[-1] == path.iloc[cut]
        assert ad.life_cycle_at(s, as_of=s.index[cut]) == path.iloc[cut]
    # Introduction happens once.
    left = int(np.argmax(path.to_numpy() != "introduction"))
    assert "introduction" not in set(path.iloc[left:])


def test_life_cycle_at_matches_the_stage_rule_on_yearly_totals():
    s = _monthly_bass(0.02, 0.4, 5000, 9)
    # Without the introduction-once adjustment this is life_cycle_stage on yearly totals.
    assert ad.life_cycle_at(s) == ad.life_cycle_stage(ad.period_totals(s), window=1)
    with pytest.raises(ValueError, match="not launched yet"):
        ad.life_cycle_at(s, as_of="2000-01-01")
    with pytest.raises(ValueError, match="all zero"):
        ad.life_cycle_history(pd.Series([0.0, 0.0, 0.0]))


def test_product_stages_finds_the_stage_each_sample_product_was_built_in(tables):
    stages = ad.product_stages(tables["product_sales"])
    assert stages["stage"].astype(str).to_dict() == data.LIFE_CYCLE_STAGES
    row = stages.loc["P01"]
    p01 = tables["product_sales"].query("product_id == 'P01'")["units"].to_numpy()
    assert row["units_to_date"] == p01.sum()
    assert row["last_year"] == p01[-12:].sum() and row["previous_year"] == p01[-24:-12].sum()
    assert row["growth"] == pytest.approx(p01[-12:].sum() / p01[-24:-12].sum() - 1)


def test_product_stages_as_of_leaves_out_products_not_yet_launched(tables):
    ps = tables["product_sales"]
    launches = ps.groupby("product_id")["month"].min()
    as_of = launches.sort_values().iloc[2]
    stages = ad.product_stages(ps, as_of=as_of)
    assert set(stages.index) == set(launches.index[launches <= as_of])
    assert (stages["months_on_market"] >= 1).all()


# --------------------------------------------------------------------------- saddles


def test_find_saddles_hand_made_products():
    # Yearly sales 10, 100, 70, 60, 120, 150 (each year's units spread over 12 months).
    yearly = [10, 100, 70, 60, 120, 150]
    saddle = np.repeat(np.array(yearly, dtype=float) / 12, 12)
    smooth = _monthly_bass(0.02, 0.5, 2000, 6).to_numpy()
    frame = pd.DataFrame({
        "product_id": ["S"] * 72 + ["B"] * 72,
        "month": list(_months(72)) * 2,
        "units": np.concatenate([saddle, smooth]),
    })
    out = ad.find_saddles(frame)
    assert list(out.index) == ["S"]
    row = out.loc["S"]
    assert row["depth"] == pytest.approx(0.4)  # (100 - 60) / 100
    assert row["years_below"] == 3.0  # from the peak year until 120 > 100
    assert row["peak"] == pd.Timestamp("2021-12-01")
    assert row["trough"] == pd.Timestamp("2023-12-01")
    assert row["years_to_peak"] == 2.0
    assert row["share_sold_by_peak"] == pytest.approx(110 / 510)
    assert ad.find_saddles(frame[frame["product_id"] == "B"]).empty


def test_find_saddles_on_the_sample_finds_the_dual_market_product(tables):
    found = ad.find_saddles(tables["product_sales"])
    assert list(found.index) == [data.SADDLE_PRODUCT]
    assert 0.1 <= found["depth"].iloc[0] < 1



def test_dip_elsewhere_hand_made():
    # A falls 100 -> 60 in the second year, B rises 50 -> 55, C launches in year 2.
    months = list(_months(36))
    frame = pd.DataFrame({
        "product_id": ["A"] * 36 + ["B"] * 36 + ["C"] * 24,
        "month": months * 2 + months[12:],
        "units": np.concatenate([np.repeat([100 / 12, 60 / 12, 90 / 12], 12),
                                 np.repeat([50 / 12, 55 / 12, 60 / 12], 12),
                                 np.repeat([10 / 12, 20 / 12], 12)]),
    })
    out = ad.dip_elsewhere(frame, months[11], months[23])
    assert list(out.index) == ["A", "B"]  # C was not on the market for the whole peak year
    assert out.loc["A", "change"] == pytest.approx(-0.4)
    assert out.loc["B", "change"] == pytest.approx(0.1)
    with pytest.raises(ValueError, match="must come after peak"):
        ad.dip_elsewhere(frame, months[23], months[11])


def test_dip_elsewhere_on_the_sample_matches_the_lesson(tables):
    # Module 2: only the saddle product fell sharply; P01 (mature then, in decline today) fell
    # a little;
    # every other product on the market grew in the same year.
    ps = tables["product_sales"]
    saddle = ad.find_saddles(ps).iloc[0]
    out = ad.dip_elsewhere(ps, saddle["peak"], saddle["trough"])
    assert out.index[0] == data.SADDLE_PRODUCT and out["change"].iloc[0] < -0.2
    assert -0.1 < out.loc["P01", "change"] < 0
    assert ad.product_stages(ps, as_of=saddle["trough"]).loc["P01", "stage"] == "maturity"
    assert ad.product_stages(ps).loc["P01", "stage"] == "decline"
    others = out.drop([data.SADDLE_PRODUCT, "P01"])
    assert len(others) >= 3 and (others["change"] > 0).all()

def test_find_saddles_on_a_simulated_dual_market():
    # The dual-market model (annual periods) spread over months shows its saddle.
    yearly = ad.dual_market(25, cross=0.0)["total"].to_numpy() * 100
    frame = pd.DataFrame({"product_id": "D", "month": _months(300),
                          "units": np.repeat(yearly / 12, 12)})
    row = ad.find_saddles(frame).loc["D"]
    direct = ad.detect_saddle(yearly)
    assert row["depth"] == pytest.approx(direct.depth)
    assert row["years_below"] == direct.duration


# --------------------------------------------------------------------------- economics


def test_life_cycle_economics_hand_computed():
    econ = ad.life_cycle_economics([1, 2, 3], price=10, unit_cost=2, spend=5,
                                   price_erosion=0.5)
    # Penetration 1/6, 1/2, 1 of the 6 units: price 10 * (1 - 0.5 * pen).
    assert econ["penetration"].tolist() == pytest.approx([1 / 6, 0.5, 1.0])
    assert econ["price"].tolist() == pytest.approx([55 / 6, 7.5, 5.0])
    assert econ["revenue"].tolist() == pytest.approx([55 / 6, 15.0, 15.0])
    assert econ["cost_per_customer"].tolist() == pytest.approx([7.0, 4.5, 2 + 5 / 3])
    assert econ["profit"].tolist() == pytest.approx([55 / 6 - 7, 6.0, 4.0])
    assert econ["cumulative_profit"].iloc[-1] == pytest.approx(55 / 6 - 7 + 10)


def test_life_cycle_economics_spend_per_period_and_milestones():
    units = pd.Series([1, 4, 10, 12, 8, 3], index=range(2010, 2016))
    econ = ad.life_cycle_economics(units, price=10, unit_cost=4, spend=30)
    # profit = 6 * units - 30: -24, -6, 30, 42, 18, -12
    assert econ["profit"].tolist() == [-24.0, -6.0, 30.0, 42.0, 18.0, -12.0]
    assert econ.loc[2010, "cost_per_customer"] == 34.0
    ms = ad.profit_milestones(econ)
    assert (ms.break_even, ms.payback, ms.profit_peak, ms.sales_peak) == (2012, 2012, 2013, 2013)
    assert ms.to_series().tolist() == [2012, 2012, 2013, 2013]
    eroded = ad.life_cycle_economics(units, price=10, unit_cost=4, spend=30, price_erosion=0.5)
    assert ad.profit_milestones(eroded).profit_peak <= ad.profit_milestones(eroded).sales_peak
    flat = ad.life_cycle_economics(units, price=10, unit_cost=4, spend=[0, 0, 0, 0, 0, 100])
    assert flat["profit"].iloc[-1] == 18 - 100
    never = ad.profit_milestones(ad.life_cycle_economics(units, price=5, unit_cost=4, spend=50))
    assert never.break_even is None and never.payback is None


@pytest.mark.parametrize("kwargs, match", [
    ({"units": [1, -1]}, "negative"),
    ({"price": -1}, "price must be"),
    ({"price_erosion": 1.0}, "price_erosion"),
    ({"spend": [1, 2, 3]}, "one number or 2"),
    ({"spend": -5}, "spend must be"),
    ({"market_potential": 0}, "market_potential"),
])
def test_life_cycle_economics_rejects_bad_input(kwargs, match):
    args = {"units": [1, 2], "price": 10, "unit_cost": 2, "spend": 1, **kwargs}
    with pytest.raises(ValueError, match=match):
        ad.life_cycle_economics(**args)


# --------------------------------------------------------------------------- segments


def test_segment_facts_hand_computed():
    accounts = pd.DataFrame({
        "industry": ["retail", "retail", "retail", "media"],
        "first_purchase_date": pd.to_datetime(["2020-01-01", None, "2021-05-01", None]),
        "annual_budget": [100.0, 300.0, 200.0, 50.0],
        "adopter_group": ["innovator", "laggard", "early_majority", "early_adopter"],
    })
    facts = ad.segment_facts(accounts)
    assert facts.loc["retail", ["accounts", "customers"]].tolist() == [3, 2]
    assert facts.loc["retail", "reference_share"] == pytest.approx(2 / 3)
    assert facts.loc["retail", "median_budget"] == 200.0
    assert facts.loc["retail", "early_market_share"] == pytest.approx(1 / 3)
    assert facts.loc["media"].tolist() == [1, 0, 0.0, 50.0, 1.0]
    with pytest.raises(ValueError, match="annual_budget"):
        ad.segment_facts(accounts.drop(columns="annual_budget"))


def test_beachhead_candidates_are_sample_industries_scored_with_reasons(tables):
    cands = wa.beachhead_candidates(tables["accounts"])
    assert list(cands.columns[:6]) == list(wa.BEACHHEAD_CRITERIA_USED)
    assert set(cands.index) <= set(tables["accounts"]["industry"])
    facts = ad.segment_facts(tables["accounts"])
    assert cands["accounts"].to_dict() == facts.loc[cands.index, "accounts"].to_dict()
    reasons = wa.beachhead_reasons("retail")
    used = list(wa.BEACHHEAD_CRITERIA_USED)
    assert reasons["score"].tolist() == cands.loc["retail", used].tolist()
    assert reasons["reason"].str.len().gt(10).all()
    with pytest.raises(ValueError, match="unknown segment"):
        wa.beachhead_reasons("mining")


# --------------------------------------------------------------------------- charts


def _layer_data(spec: dict, layer: int) -> list[dict]:
    """The rows a layer of a Vega-Lite spec draws (inline or via the top-level datasets)."""
    d = spec["layer"][layer].get("data", spec.get("data"))  # Altair hoists shared data
    return spec["datasets"][d["name"]] if "name" in d else d["values"]


def test_static_charts_build_valid_specs_with_the_expected_data(tables):
    acc, ps = tables["accounts"], tables["product_sales"]
    mix = ad.adopter_mix(acc["adopter_group"])
    spec = vc.spec_of(ca.adopter_mix_chart(mix))  # to_dict validates against the schema
    rows = _layer_data(spec, 0)
    ours = {r["group"]: r["share"] for r in rows if r["source"] == "Our accounts"}
    assert ours["Visionaries"] == pytest.approx(mix.loc["early_adopter", "share"])
    assert len(rows) == 10

    curve = vc.spec_of(ca.adopter_curve_chart(ad.rogers_shares(), moore=True))
    labels = [r["text"] for r in _layer_data(curve, 1)]
    assert labels == ["2.5%", "13.5%", "34%", "34%", "16%"]

    customers = acc[acc["first_purchase_date"].notna()]
    by = ad.adopter_mix(customers["adopter_group"],
                        by=customers["first_purchase_date"].dt.year.rename("year"))
    early = _layer_data(vc.spec_of(ca.early_market_chart(by)), 0)
    assert [r["share"] for r in early] == pytest.approx(by["early_market"].tolist())

    overview = wa.stage_overview(ps)
    spec = vc.spec_of(ca.product_overview_chart(overview))
    assert len(spec["datasets"][spec["data"]["name"]]) == len(overview)

    seg = ad.score_segments(wa.beachhead_candidates()[list(wa.BEACHHEAD_CRITERIA_USED)],
                            weights={c: ad.BEACHHEAD_CRITERIA[c]["weight"]
                                     for c in wa.BEACHHEAD_CRITERIA_USED})
    rows = _layer_data(vc.spec_of(ca.segment_score_chart(seg)), 0)
    assert [r["segment"] for r in rows] == list(seg.index)
    assert [r["verdict"] == "passes every showstopper" for r in rows] == seg[
        "showstoppers_ok"].tolist()


def test_life_cycle_and_saddle_charts(tables):
    ps = tables["product_sales"]
    p01 = ps[ps["product_id"] == "P01"].set_index("month")["units"]
    yearly = ad.period_totals(p01)
    econ = ad.life_cycle_economics(yearly, 100.0, 20.0, 0.25 * yearly.max() * 100,
                                   price_erosion=0.3)
    spec = vc.spec_of(ca.life_cycle_chart(econ, ad.profit_milestones(econ),
                                          ad.life_cycle_history(p01).reindex(yearly.index)))
    lines = next(_layer_data(spec, i) for i, layer in enumerate(spec["layer"])
                 if layer["mark"].get("type") == "line")
    sales = [r["value"] for r in lines if r["curve"] == "sales"]
    assert max(sales) == 1.0 and len(sales) == len(yearly)
    found = ad.find_saddles(ps)
    pid = found.index[0]
    s = ps[ps["product_id"] == pid].set_index("month")["units"]
    bars = _layer_data(vc.spec_of(ca.saddle_chart(ad.period_totals(s), found.iloc[0])), 0)
    parts = {r["part"]: r["units"] for r in bars if r["part"] != "other years"}
    assert parts["early peak"] == found["peak_units"].iloc[0]
    assert parts["trough"] == found["trough_units"].iloc[0]


def test_template_is_filled_without_being_changed():
    tpl = ca.template(ca.dual_market_layers(None))
    assert "datasets" not in tpl
    frame = ad.dual_market(20)
    saddle = ad.detect_saddle(frame["total"])
    spec = ca.with_data(tpl, ca.dual_market_frames(frame, saddle), title="New title")
    assert "datasets" not in tpl and spec["title"]["text"] == "New title"
    assert len(spec["datasets"]["lines"]) == 60
    assert spec["datasets"]["points"][1]["adopters"] == pytest.approx(saddle.trough_sales)
    # The filled template draws the same data as the chart built directly.
    direct = vc.spec_of(ca.dual_market_chart(frame, saddle))
    assert _layer_data(direct, 1) == spec["datasets"]["lines"]
    assert vc.to_svg(spec).startswith("<svg")


def test_chart_builders_name_missing_columns():
    with pytest.raises(ValueError, match="missing the column"):
        ca.adopter_mix_chart(pd.DataFrame({"share": [0.1]}))
    with pytest.raises(ValueError, match="missing the column"):
        ca.bass_frames(pd.DataFrame({"t": [1.0]}), ad.bass_adopter_periods(0.03, 0.4))


def test_bass_fit_frames_and_the_cumulative_chart(tables):
    ps = tables["product_sales"]
    p01 = ps[ps["product_id"] == "P01"].set_index("month")["units"]
    fit = ad.fit_bass(p01.to_numpy())
    frames = wa.bass_fit_frames(p01, fit)
    n = len(p01)
    cum, act = frames["cumulative"], frames["actual_cumulative"]
    assert len(cum) == len(act) == n and cum["t"].iloc[-1] == pytest.approx(n / 12)
    assert cum["adopted"].iloc[-1] == pytest.approx(fit.cumulative(n))
    assert act["adopted"].iloc[-1] == p01.sum() and act["adopted"].is_monotonic_increasing
    # The fitted running total is the running total of the fitted months (discrete Bass).
    assert cum["adopted"].to_numpy() == pytest.approx(np.cumsum(frames["curve"]["adopters"]))

    chart = ca.bass_cumulative_chart(cum, frames["groups"], act, m=fit.m, title="S")
    spec = vc.spec_of(chart)
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
             for layer in spec["layer"]]
    assert marks == ["rect", "text", "rule", "circle", "line"]
    assert [r["adopters"] for r in _layer_data(spec, 4)] == pytest.approx(
        cum["adopted"].tolist())
    assert [r["adopters"] for r in _layer_data(spec, 3)] == pytest.approx(
        act["adopted"].tolist())
    assert _layer_data(spec, 2) == [{"m": pytest.approx(fit.m)}]
    bands = _layer_data(spec, 0)
    assert [b["short"] for b in bands] == ["Enthusiasts", "Visionaries", "Pragmatists",
                                          "Conservatives", "Skeptics"]
    assert bands[1]["end"] == pytest.approx(frames["groups"].loc["early_adopter", "end"])
    assert all(b["y"] >= fit.m for b in bands)  # the labels sit above the line at m
    assert f"m = {fit.m:,.0f}" in spec["title"]["subtitle"]
    assert vc.to_svg(chart).startswith("<svg")
    # Without actual data or m: the curve and the bands only.
    bare = vc.spec_of(ca.bass_cumulative_chart(cum, frames["groups"]))
    assert len(bare["layer"]) == 3
    with pytest.raises(ValueError, match="missing the column"):
        ca.bass_cumulative_chart(frames["curve"], frames["groups"])


def test_bass_fit_summary_reads_the_fit(tables):
    ps = tables["product_sales"]
    p01 = ps[ps["product_id"] == "P01"]["units"].to_numpy()
    fit = ad.fit_bass(p01)
    table = wa.bass_fit_summary(fit, periods=len(p01))
    num = table["number"]
    assert num["m (customers in the end)"] == fit.m
    assert num["p per year"] == pytest.approx(12 * fit.p)
    assert num["q per year"] == pytest.approx(12 * fit.q)
    assert num["peak (years after launch)"] == pytest.approx(fit.peak_time / 12)
    assert num["R squared"] == fit.r_squared
    adopted = ad.bass_cumulative(len(p01), fit.p, fit.q)
    assert num["adopted by the end of the data"] == pytest.approx(adopted)
    assert table.loc["m (customers in the end)", "value"] == f"{fit.m:,.0f}"
    assert table.loc["adopted by the end of the data", "value"] == f"{adopted:.1%}"
    # P01 is past the 84 % cut: the group buying now is the skeptics. Just past the time
    # half the market has adopted (Bass's F inverted), it is the conservatives.
    assert "skeptics are buying now" in table.loc["adopted by the end of the data", "meaning"]
    t50 = float(ad.bass_time_to_share(0.5, 0.03, 0.38))
    half = wa.bass_fit_summary(ad.BassFit(1000.0, 0.03, 0.38, "nls", "discrete", 10, 7,
                                          0.0, 0.0, 1.0, True), periods=t50 + 0.1, per_year=1)
    assert "conservatives are buying now" in half.loc["adopted by the end of the data",
                                                      "meaning"]


def test_saddle_comparison_puts_both_on_the_same_basis():
    found = pd.Series({"years_to_peak": 2.5, "share_sold_by_peak": 0.234, "depth": 0.2534,
                       "years_below": 3.0})
    table = wa.saddle_comparison(found)
    assert list(table.columns) == ["published average", "our product"]
    start = table.loc["saddle starts (years after take-off)"]
    assert start["published average"] == "about 9" and start["our product"].startswith(
        "at most 2.5")
    pen = table.loc["penetration when it starts"]
    assert pen["published average"] == "about 30%" and pen["our product"].startswith(
        "at most 23%")
    assert table.loc["depth"].tolist() == ["29%", "25%"]
    assert table.loc["length"].tolist() == ["about 8 years", "3 years"]


def test_formats_make_the_lesson_tables_readable(tables):
    html = ad.rogers_shares().style.format(wa.FORMATS).to_html()
    for text in ("−∞", "+∞", "−2", ">0<", "+1", "2.3%", "13.6%", "84.1%"):
        assert text in html
    assert "inf" not in html and "0.0228" not in html
    stages = ad.product_stages(tables["product_sales"])
    html = stages.style.format(wa.FORMATS, na_rep="–").to_html()
    assert "-25%" in html and "2,767" in html and "603.0" not in html and "nan" not in html
    saddles = ad.find_saddles(tables["product_sales"]).style.format(wa.FORMATS).to_html()
    assert "25%" in saddles and "2020-12" in saddles and "0.253" not in saddles
    # Every formatted column is one the lesson's tables have.
    known = set(ad.rogers_shares().columns) | set(ad.adopter_mix(["innovator"]).columns) | set(
        stages.columns) | set(ad.find_saddles(tables["product_sales"]).columns) | set(
        wa.beachhead_candidates(tables["accounts"]).columns) | {"score"} | set(
        ad.rogers_shares()["moore_name"]) | set(ad.EARLY_MARKET) | {
        "early_majority", "late_majority", "laggard", "early_market"}
    assert set(wa.FORMATS) <= known


# --------------------------------------------------------------------------- interactives


def test_the_three_interactives_are_registered():
    names = set(builders())
    assert {"m02.bass_explorer", "m02.chasm_simulator", "m02.life_cycle_locator"} <= names


def test_bass_explorer_follows_the_sliders():
    ix = wa.bass_explorer_widget()
    assert ix.inputs == {"p": 0.03, "q": 0.38, "m": 10000}
    assert ix.result.numbers["Peak (years after launch)"] == pytest.approx(
        math.log(0.38 / 0.03) / 0.41)
    before = ix.chart_svg
    ix.controls["q"].value = 0.8
    expected = wa.bass_explorer(0.03, 0.8, 10000)
    assert ix.result.numbers == expected.numbers
    assert ix.result.chart["datasets"] == expected.chart["datasets"]
    assert ix.result.numbers["Peak (years after launch)"] == pytest.approx(
        math.log(0.8 / 0.03) / 0.83)
    assert ix.result.numbers["Customers per year at the peak"] == pytest.approx(
        10000 * 0.83**2 / (4 * 0.8))
    assert ix.result.numbers["Chasm reached (16% adopted), year"] == pytest.approx(
        ad.bass_time_to_share(0.16, 0.03, 0.8))
    peak_rule = ix.result.chart["datasets"]["peak"][0]["t"]
    assert peak_rule == pytest.approx(ix.result.numbers["Peak (years after launch)"])
    assert ix.chart_svg != before and "6.6" not in ix.readout.value
    # Bands: each group's span where bass_adopter_periods puts it.
    bands = ix.result.chart["datasets"]["bands"]
    groups = ad.bass_adopter_periods(0.03, 0.8)
    assert bands[1]["start"] == pytest.approx(groups.loc["early_adopter", "start"])
    assert bands[1]["end"] == pytest.approx(groups.loc["early_adopter", "end"])
    ix.controls["m"].value = 5000
    curve = ix.result.chart["datasets"]["curve"]
    assert max(r["adopters"] for r in curve) == pytest.approx(
        max(r["adopters"] for r in expected.chart["datasets"]["curve"]) / 2)
    # q below p: no peak after launch.
    ix.controls["q"].value = 0.0
    assert ix.error is None and ix.result.numbers["Peak (years after launch)"] == 0.0
    assert ix.result.chart["datasets"]["peak"] == []


def test_chasm_simulator_shows_the_saddle_appear_and_go():
    ix = wa.chasm_widget()
    frame = ad.dual_market(wa.CHASM_YEARS, cross=0.0)
    saddle = ad.detect_saddle(frame["total"])
    assert ix.result.numbers["Depth"] == pytest.approx(saddle.depth)
    assert ix.result.numbers["Years below the early peak"] == saddle.duration
    assert "76%" in ix.readout.value or f"{saddle.depth:.0%}" in ix.readout.value
    ix.controls["cross"].value = 0.005
    expected = wa.chasm_simulator(0.005, 0.45)
    assert ix.result.numbers == expected.numbers
    assert ix.result.chart["datasets"] == expected.chart["datasets"]
    assert ix.result.numbers["Depth"] < saddle.depth
    ix.controls["cross"].value = 0.015
    assert ix.result.numbers["Saddle"].startswith("none")
    assert ix.result.chart["datasets"]["points"] == []
    ix.controls["q_main"].value = 0.9
    assert ix.result.numbers == wa.chasm_simulator(0.015, 0.9).numbers


def test_chasm_slider_covers_the_switch_from_saddle_to_none():
    """0-0.015: a deep saddle at 0, about the published 29 % near 0.005, gone well before the
    end (the saddle vanishes at about 0.009 with the default word of mouth)."""
    ix = wa.chasm_widget()
    cross = ix.controls["cross"]
    assert (cross.min, cross.max, cross.value) == (0.0, 0.015, 0.0)
    assert cross.step == pytest.approx(0.0005)
    assert 0.2 <= wa.chasm_simulator(0.005).numbers["Depth"] <= 0.4
    gone = [c for c in np.arange(0.0, 0.01501, 0.0005)
            if wa.chasm_verdict(f := ad.dual_market(wa.CHASM_YEARS, cross=float(c)),
                                ad.detect_saddle(f["total"])) != "saddle"]
    assert gone and 0.006 <= gone[0] <= 0.012  # the switch is inside the range, not at its end


def test_chasm_simulator_says_when_the_main_market_has_not_crossed():
    # Weak word of mouth and no bridge: after 30 years the main market is still climbing and
    # total sales have not come back to the early peak. That is no merger of the markets.
    out = wa.chasm_simulator(0.0, q_main=0.2)
    assert out.numbers["Saddle"].startswith(f"not crossed within {wa.CHASM_YEARS} years")
    assert out.numbers["Main-market peak, year"] == f"after year {wa.CHASM_YEARS}"
    frame = ad.dual_market(wa.CHASM_YEARS, q_main=0.2, cross=0.0)
    assert frame["main"].idxmax() == wa.CHASM_YEARS
    assert frame["total"].iloc[4:].max() < frame["total"].max()
    ix = wa.chasm_widget()
    ix.controls["q_main"].value = 0.2
    assert "not crossed" in ix.readout.value
    # The three other verdicts, one each.
    cases = {(0.0, 0.45): "saddle", (0.01, 0.45): "small dip", (0.014, 0.5): "one peak"}
    for (cross, q), verdict in cases.items():
        f = ad.dual_market(wa.CHASM_YEARS, q_main=q, cross=cross)
        assert wa.chasm_verdict(f, ad.detect_saddle(f["total"])) == verdict
    assert wa.chasm_simulator(0.014, 0.5).numbers["Saddle"] == (
        "none: the two markets merge into one peak")
    assert wa.chasm_simulator(0.01, 0.45).numbers["Saddle"].startswith("none: only a small dip")


def test_chasm_verdict_on_hand_made_series():
    def frame(early, main):
        e, m = np.array(early, float), np.array(main, float)
        return pd.DataFrame({"early": e, "main": m, "total": e + m},
                            index=pd.RangeIndex(1, len(e) + 1))

    still_climbing = frame([5, 9, 4, 1, 0, 0], [0, 0, 1, 2, 3, 4])
    assert wa.chasm_verdict(still_climbing, None) == "not crossed"
    small = frame([5, 9, 4, 1, 0, 0], [0, 0, 4, 9, 6, 3])
    assert wa.chasm_verdict(small, None) == "small dip"
    merged = frame([5, 9, 6, 3, 1, 0], [0, 1, 3, 2, 1, 0])
    assert wa.chasm_verdict(merged, None) == "one peak"


def test_life_cycle_locator_follows_product_and_month(tables):
    ix = wa.life_cycle_locator_widget(tables["product_sales"], tables["products"])
    assert isinstance(ix.controls["as_of"], w.SelectionSlider)
    assert isinstance(ix.controls["product"], w.Dropdown)
    ps = tables["product_sales"]
    ix.controls["product"].value = "P01"
    ix.controls["as_of"].value = "2013-06"
    p01 = ps[ps["product_id"] == "P01"].set_index("month")["units"]
    assert ix.result.numbers["Stage"] == ad.life_cycle_at(p01, as_of="2013-06-01")
    assert ix.result.numbers["New customers, last 12 months"] == p01.loc[
        "2012-07-01":"2013-06-01"].sum()
    expected = wa.life_cycle_locator("P01", "2013-06", data=ix.fixed["data"],
                                     names=ix.fixed["names"])
    assert ix.result.numbers == expected.numbers
    assert ix.result.chart["datasets"] == expected.chart["datasets"]
    assert ix.result.chart["datasets"]["as_of"][0]["month"].startswith("2013-06-01")
    assert ix.result.note.endswith(
        ad.life_cycle_table().loc[ix.result.numbers["Stage"], "objective"] + ".")
    # Before its launch a product is "not launched yet", not an error.
    ix.controls["product"].value = "P07"
    assert ix.error is None and ix.result.numbers["Stage"] == "not launched yet"
    ix.controls["as_of"].value = ix.controls["as_of"].options[-1]
    assert ix.result.numbers["Stage"] == data.LIFE_CYCLE_STAGES["P07"]
    assert "as of" in ix.snapshot_html()


def test_locator_rejects_an_unknown_product(tables):
    d = wa.locator_data(tables["product_sales"])
    with pytest.raises(ValueError, match="unknown product"):
        wa.life_cycle_locator("P99", "2020-01", data=d)


# --------------------------------------------------------------------------- questions


@pytest.fixture(autouse=True)
def _fresh_log():
    ex.reset()
    yield
    ex.reset()


def _status(q, answer):
    return q.check(answer)


def test_every_question_accepts_its_expected_answer_and_says_unanswered_kindly():
    qs = ex.questions("m02_adoption")
    assert len(qs) >= 6
    for name, q in qs.items():
        assert _status(q, q.expected).correct, name
        r = _status(q, ...)
        assert r.status == "unanswered" and "Replace the ..." in r.message
    assert ex.all_correct("m02_adoption") is False  # the last checks were unanswered


def _fires(q, answer, phrase):
    """The answer is wrong and the message names the mistake (by a phrase of it)."""
    r = _status(q, answer)
    return not r.correct and phrase in r.message


def test_q1_asks_for_another_cut_than_the_lesson_prints():
    from scipy.stats import norm

    e = m2.q1.expected
    assert e == pytest.approx(100 * norm.cdf(m2.EARLY_LINE))
    # Hand-checkable: the share before -1.5 sd lies between those before -2 and -1 sd, and
    # the lesson's cumulative share before -1 sd is Rogers' early market.
    lesson = 100 * ad.rogers_shares().loc["early_adopter", "cumulative_share"]
    assert 100 * norm.cdf(-2) < e < lesson
    assert lesson == pytest.approx(15.87, abs=0.005)
    assert _status(m2.q1, round(e, 2)).correct
    assert not _fires(m2.q1, round(e, 2), "notebook")
    # The lesson's number, as the table prints it (15.9 %) or to two decimals.
    for printed in (round(lesson, 1), round(lesson, 2)):
        assert _fires(m2.q1, printed, "the teaching notebook's table prints")
    assert _fires(m2.q1, 16.0, "textbook's early market")
    assert _fires(m2.q1, round(50 * (norm.cdf(-2) + norm.cdf(-1)), 2), "halfway")
    assert _fires(m2.q1, round(100 * norm.pdf(-1.5), 2), "height of the bell curve")
    assert _fires(m2.q1, round(100 * (norm.cdf(-1.5) - norm.cdf(-2)), 2), "between -2")
    assert _fires(m2.q1, round(100 - e, 2), "everyone after the line")
    assert _fires(m2.q1, e / 100, "fraction")


def test_q2_asks_for_another_q_than_the_lesson_prints():
    e = m2.q2.expected
    assert e == pytest.approx(math.log(0.6 / 0.03) / 0.63)
    assert m2.Q_STRONG > m2.Q_TYPICAL and e < ad.bass_peak_time(m2.P_TYPICAL, m2.Q_TYPICAL)
    assert _status(m2.q2, round(e, 1)).correct
    assert not _fires(m2.q2, round(e, 1), "notebook")
    lesson = round(ad.bass_peak_time(0.03, 0.38), 1)  # the lesson prints 6.2
    assert lesson == 6.2
    assert _fires(m2.q2, lesson, "the teaching notebook prints")
    assert _fires(m2.q2, math.log10(0.6 / 0.03) / 0.63, "log10")
    assert _fires(m2.q2, math.log(0.6 / 0.03) / 0.57, "q - p")
    assert _fires(m2.q2, math.log(0.6 / 0.03), "divide it by")
    assert _fires(m2.q2, -round(e, 1), "sign")


def test_q3_names_the_wrong_denominator(tables):
    acc = tables["accounts"]
    all_share = 100 * ad.adopter_mix(acc["adopter_group"]).loc[
        ["innovator", "early_adopter"], "share"].sum()
    assert "prospects included" in _status(m2.q3, round(all_share, 1)).message
    assert _status(m2.q3, round(m2.q3.expected, 1)).correct
    assert m2.q3.expected > all_share  # the early market bought first


def test_q4_names_the_lessons_product_months_calendar_years_and_the_raw_peak(tables):
    e = m2.q4.expected
    assert _status(m2q4 := m2.q4, e * 1.02).correct  # a fit by another method is close
    assert not _fires(m2q4, round(e, 1), "teaching notebook")
    assert "months" in _status(m2q4, e * 12).message
    assert "calendar year" in _status(m2q4, 2025.0).message
    ps = tables["product_sales"]
    lesson = ad.fit_bass(ps[ps["product_id"] == "P01"]["units"].to_numpy()).peak_time / 12
    assert abs(lesson - e) > 0.03 * e + 0.05  # the lesson's P01 peak is not an accepted answer
    for printed in (round(lesson, 1), lesson):  # the fit table prints one decimal
        assert _fires(m2q4, printed, "P01's fitted peak")
    units = ps[ps["product_id"] == m2.FIT_PRODUCT]["units"].to_numpy()
    raw = (int(np.argmax(units)) + 1) / 12
    if abs(raw - e) > 0.03 * e:
        assert "raw data" in _status(m2q4, raw).message


def test_q5_asks_as_of_a_past_month_and_names_the_lessons_stages(tables):
    ps = tables["product_sales"]
    right = m2.q5.expected
    assert right.to_dict() == ad.product_stages(ps, as_of=m2.AS_OF)["stage"].astype(
        str).to_dict()
    # Hand-checkable: only the products launched by then, each judged on its own cut data.
    launches = ps.groupby("product_id")["month"].min()
    assert set(right.index) == set(launches.index[launches <= pd.Timestamp(m2.AS_OF)])
    for pid in right.index:
        units = ps[ps["product_id"] == pid].set_index("month")["units"]
        assert right[pid] == ad.life_cycle_at(units, as_of=m2.AS_OF)
    assert _status(m2.q5, right.to_dict()).correct  # a dict works too
    assert _status(m2.q5, right.str.upper()).correct
    assert not _fires(m2.q5, right, "teaching notebook")
    wrong = right.copy()
    wrong.iloc[0] = "growth" if right.iloc[0] != "growth" else "decline"
    r = _status(m2.q5, wrong)
    assert not r.correct and right.index[0] in r.message
    # The lesson's table (the data's end), with or without the product launched later.
    lesson = ad.product_stages(ps)["stage"].astype(str)
    assert not lesson.reindex(right.index).equals(right)
    assert _fires(m2.q5, lesson, "the table the teaching notebook prints")
    assert _fires(m2.q5, lesson.reindex(right.index), "the table the teaching notebook prints")
    late = right.copy()
    for pid in lesson.index.difference(right.index):
        late[pid] = "introduction"
    assert _fires(m2.q5, late, "not launched by")
    monthly = m2._monthly_stages()
    assert not monthly.equals(right)
    assert _fires(m2.q5, monthly, "monthly counts")
    start_of_year = ad.product_stages(ps, as_of=m2.AS_OF[:4])["stage"].astype(str)
    assert _fires(m2.q5, start_of_year, "means 1 January")
    assert "one name" in _status(m2.q5, "growth").message


def test_q6_q7_saddle_on_half_years():
    ps = m2.sample()["product_sales"]
    yearly = ad.find_saddles(ps)
    half = ad.find_saddles(ps, months=6, min_periods_below=1)
    assert list(yearly.index) == [data.SADDLE_PRODUCT]
    other = m2.q6.expected
    assert other != data.SADDLE_PRODUCT and set(half.index) == {data.SADDLE_PRODUCT, other}
    assert _status(m2.q6, other.lower()).correct
    assert not _fires(m2.q6, other, "teaching notebook")
    assert _fires(m2.q6, data.SADDLE_PRODUCT, "the saddle the teaching notebook shows")
    decline = [p for p, s in data.LIFE_CYCLE_STAGES.items() if s == "decline"]
    assert _fires(m2.q6, decline[0], "declining")
    quarterly_only = set(ad.find_saddles(ps, months=3, min_periods_below=1).index) - set(
        half.index) - set(decline)
    assert quarterly_only
    for pid in quarterly_only:
        assert _fires(m2.q6, pid, "quarterly")

    depth = m2.q7.expected
    row = half.loc[data.SADDLE_PRODUCT]
    # Hand-checkable: (peak - trough) / peak of the half-year totals.
    assert depth == pytest.approx(100 * (row["peak_units"] - row["trough_units"])
                                  / row["peak_units"])
    lesson = 100 * yearly["depth"].iloc[0]
    assert depth > lesson  # the shorter period shows the deeper dip
    assert _status(m2.q7, round(depth, 1)).correct
    assert not _fires(m2.q7, round(depth, 1), "teaching notebook")
    for printed in (round(lesson), round(lesson, 1)):  # the lesson's table shows 25 %
        assert _fires(m2.q7, printed, "the number the teaching notebook prints")
    quarterly = ad.find_saddles(ps, months=3, min_periods_below=1).loc[data.SADDLE_PRODUCT]
    assert _fires(m2.q7, round(100 * quarterly["depth"], 1), "quarterly")
    assert _fires(m2.q7, round(100 * half.loc[other, "depth"], 1), "other product's dip")
    assert _fires(m2.q7, round(100 - depth, 1), "how much of the peak was left")
    assert _fires(m2.q7, round(100 * (row["peak_units"] / row["trough_units"] - 1), 1),
                  "divides by the trough")
    assert _fires(m2.q7, 29.0, "published average")
    assert _fires(m2.q7, depth / 100, "fraction")


def test_q8_beachhead_after_the_changed_score():
    lesson = m2.candidate_scores()
    changed = m2.candidate_scores(m2.changed_candidates())
    assert m2.q8.expected == changed[changed["showstoppers_ok"]].index[0]
    # Hand-checkable: one criterion up by one point moves the segment's score by its weight
    # over the sum of the weights; the other segments do not move.
    weights = {c: ad.BEACHHEAD_CRITERIA[c]["weight"] for c in wa.BEACHHEAD_CRITERIA_USED}
    seg, crit = m2.CHANGED_SEGMENT, m2.CHANGED_CRITERION
    before = wa.beachhead_candidates().loc[seg, crit]
    assert changed.loc[seg, "score"] - lesson.loc[seg, "score"] == pytest.approx(
        weights[crit] * (m2.CHANGED_SCORE - before) / sum(weights.values()))
    others = lesson.index.drop(seg)
    assert changed.loc[others, "score"].tolist() == pytest.approx(
        lesson.loc[others, "score"].tolist())
    lesson_beachhead = lesson[lesson["showstoppers_ok"]].index[0]
    assert lesson_beachhead != m2.q8.expected
    assert _status(m2.q8, m2.q8.expected.title()).correct
    assert not _fires(m2.q8, m2.q8.expected, "teaching notebook")
    assert _fires(m2.q8, lesson_beachhead, "as the teaching notebook says")
    largest = wa.beachhead_candidates(m2.sample()["accounts"])["accounts"].idxmax()
    if largest != m2.q8.expected:
        assert _fires(m2.q8, largest, "largest segment")
    failing = [s for s in changed.index[~changed["showstoppers_ok"]] if s != largest]
    assert failing
    for s in failing:
        assert _fires(m2.q8, s, "fails a showstopper")
    assert "not one of the options" in _status(m2.q8, "mining").message


def test_what_the_explanations_and_trainer_notes_say_about_the_answers_holds():
    ps = m2.sample()["product_sales"]
    # q1: "well under half of Rogers' 15.87 %".
    assert m2.q1.expected < 0.5 * 100 * ad.rogers_shares().loc["early_adopter",
                                                                "cumulative_share"]
    # q2: "brings the peak more than a year earlier".
    assert ad.bass_peak_time(m2.P_TYPICAL, m2.Q_TYPICAL) - m2.q2.expected > 1
    # q5: "the saddle product reads as decline [as of 2021-12] ... the recovery two years
    # later"; it is mature at the data's end.
    assert m2.q5.expected[data.SADDLE_PRODUCT] == "decline"
    recovery = ad.find_saddles(ps).loc[data.SADDLE_PRODUCT, "recovery"]
    assert recovery.year - pd.Timestamp(m2.AS_OF).year == 2
    assert data.LIFE_CYCLE_STAGES[data.SADDLE_PRODUCT] == "maturity"
    # q6: "one half-year about a tenth below its peak, a mature product; gone on yearly
    # totals or with two periods below required".
    other = m2.q6.expected
    row = m2.half_year_saddles().loc[other]
    assert 0.1 <= row["depth"] < 0.15 and row["years_below"] == 1.0
    assert data.LIFE_CYCLE_STAGES[other] == "maturity"
    assert other not in ad.find_saddles(ps, months=6).index
    # q7: "about a third rather than a quarter".
    assert 30 < m2.q7.expected < 36
    assert 22 < 100 * ad.find_saddles(ps)["depth"].iloc[0] < 28
    # q8: "passes every showstopper and has the best total".
    changed = m2.candidate_scores(m2.changed_candidates())
    assert changed.index[0] == m2.q8.expected and changed["showstoppers_ok"].iloc[0]
    # The answer table of docs/trainer_notes_02.md.
    assert round(m2.q1.expected, 2) == 6.68 and round(m2.q2.expected, 1) == 4.8
    assert round(m2.q3.expected, 1) == 20.5 and round(m2.q4.expected, 1) == 8.9
    assert m2.q5.expected.to_dict() == {"P01": "maturity", "P02": "growth", "P03": "growth",
                                        "P04": "decline", "P05": "growth",
                                        "P06": "introduction"}
    assert (m2.q6.expected, round(m2.q7.expected, 1), m2.q8.expected) == ("P02", 32.9,
                                                                          "finance")
    quarterly = ad.find_saddles(ps, months=3, min_periods_below=1)
    assert round(100 * quarterly.loc[data.SADDLE_PRODUCT, "depth"], 1) == 41.1


def test_discussion_has_a_trainer_guide(capsys):
    assert m2.d1.minutes and len(m2.d1.prompt) > 50
    m2.d1.guide()
    assert "Trainer guide" in capsys.readouterr().out


# --------------------------------------------------------------------------- notebook facts


def test_what_the_teaching_notebook_says_about_the_sample_holds(tables):
    acc, ps = tables["accounts"], tables["product_sales"]
    # "Our accounts follow Rogers closely."
    assert ad.adopter_mix(acc["adopter_group"])["difference"].abs().max() < 0.02
    # "In our first years most new customers were enthusiasts and visionaries; then pragmatists
    # were the largest group for several years. In the last year conservatives and skeptics
    # made up most new customers, pragmatists were a minority and the early market a few
    # per cent."
    cust = acc[acc["first_purchase_date"].notna()]
    by = ad.adopter_mix(cust["adopter_group"], by=cust["first_purchase_date"].dt.year)
    assert by["early_market"].iloc[0] > 0.5 and by["early_market"].iloc[-1] < 0.1
    largest = by[["innovator", "early_adopter", "early_majority", "late_majority",
                  "laggard"]].idxmax(axis=1)
    assert (largest == "early_majority").sum() >= 3
    last = by.iloc[-1]
    assert last["late_majority"] + last["laggard"] > 0.5
    assert last["early_majority"] < 0.5 and last["early_majority"] < last["late_majority"]
    # "product_sales counts the whole market": the fitted m is far above our accounts.
    assert ad.fit_bass(ps[ps["product_id"] == "P01"]["units"].to_numpy()).m > 2 * len(acc)
    # "One product in introduction, two in growth, three in maturity, one in decline."
    counts = ad.product_stages(ps)["stage"].astype(str).value_counts().to_dict()
    assert counts == {"introduction": 1, "growth": 2, "maturity": 3, "decline": 1}
    # "P01's fitted peak is in its tenth year"; "past the 84 % cut: only skeptics are left"
    # (and the trainer notes' "m about 18,000").
    p01 = ps[ps["product_id"] == "P01"]["units"].to_numpy()
    fit = ad.fit_bass(p01)
    assert 9 <= fit.peak_time / 12 < 10
    assert 0.84 < ad.bass_cumulative(len(p01), fit.p, fit.q) < 1
    assert 15_000 < fit.m < 21_000
    # P01: losses first, profit turns positive, profit peaks no later than sales.
    yearly = ad.period_totals(ps[ps["product_id"] == "P01"].set_index("month")["units"])
    price, margin = tables["products"].set_index("product_id").loc[
        "P01", ["list_price", "gross_margin"]]
    econ = ad.life_cycle_economics(yearly, price, price * (1 - margin),
                                   0.25 * yearly.max() * price, price_erosion=0.3)
    ms = ad.profit_milestones(econ)
    assert econ["profit"].iloc[0] < 0 and ms.break_even is not None
    assert ms.profit_peak < ms.sales_peak
    # "About as deep as the published average (29 %), but much sooner, at a lower
    # penetration (published about 30 %), and shorter."
    saddle = ad.find_saddles(ps).iloc[0]
    assert 0.2 <= saddle["depth"] <= 0.4
    assert saddle["years_to_peak"] < 9 and saddle["years_below"] < 8
    assert saddle["share_sold_by_peak"] < wa.PUBLISHED_SADDLE["penetration"]
    # "Finance has the best total but fails a showstopper; retail is the beachhead."
    scores = m2.candidate_scores()
    assert scores.index[0] == "finance" and not scores.loc["finance", "showstoppers_ok"]
    assert scores[scores["showstoppers_ok"]].index[0] == "retail"


# --------------------------------------------------------------------------- decision track

from valuekit.exercises.answer_widget import answer_widget  # noqa: E402
from valuekit.exercises.decision import (  # noqa: E402
    analyst_questions,
    decision_questions,
)

_dq1 = list(m2.CHASM_ITEMS)
_OBJ = ad.life_cycle_table()["objective"]  # the life-cycle table's objective per stage
DECISION_RIGHT = {
    "dq1": dict(m2.CHASM_ITEMS),
    "dq2": "2017",
    "dq3": "decline",
    "dq4": {"P01": "harvest: cut spending, milk the product", "P03": "defend share and cut cost",
            "P05": "grow market share", "P07": "create awareness and trial"},
    "dq5": 2.2,  # hand: F(t) = 0.16 with p = 0.03, q = 0.8 (below)
    "dq6": 0.009,
    "dq7": "a business cycle",
    "dq8": "telecom",
}
# question -> [(an exact wrong answer, a phrase of the message it must get)]
DECISION_WRONG = {
    "dq1": [({**m2.CHASM_ITEMS, _dq1[0]: "pragmatists", _dq1[1]: "visionaries"},
             "What they buy is swapped"),
            ({**m2.CHASM_ITEMS, _dq1[2]: "pragmatists", _dq1[3]: "visionaries"},
             "Whom they listen to is swapped")],
    "dq2": [("2019", "outnumber the early_market column"), ("2021", "share was highest"),
            ("2016", "visionaries were the largest group")],
    "dq3": [("maturity", "stage today"), ("growth", "a year earlier")],
    "dq4": [({**DECISION_RIGHT["dq4"], "P01": "defend share and cut cost"},
             "P01 is our oldest"),
            ({**DECISION_RIGHT["dq4"], "P07": "grow market share"}, "P07's sales are rising"),
            ({**DECISION_RIGHT["dq4"], "P03": "grow market share",
              "P05": "defend share and cut cost"}, "P03 and P05 are swapped")],
    "dq5": [(3.1, "default q = 0.38"), (4.0, "the peak of new customers")],
    "dq6": [(0.0085, "still a (shallow) saddle"), (0.005, "about 29 % deep"),
            (0.015, "the slider's end")],
    "dq7": [("the chasm", "A chasm hits one product"),
            ("a technology cycle", "not from three different ones")],
    "dq8": [("retail", "the question sets aside"), ("finance", "best total"),
            ("manufacturing", "fails a showstopper"), ("healthcare", "fails a showstopper")],
}


def test_the_two_tracks():
    decision, analyst = decision_questions("m02_adoption"), analyst_questions("m02_adoption")
    assert 5 <= len(decision) <= 8 and set(decision) == set(DECISION_RIGHT)
    assert set(analyst) == {f"q{i}" for i in range(1, 9)}


(test_decision_question_has_check_hint_solution_and_two_named_mistakes,
 test_decision_named_mistake_fires_on_its_exact_wrong_answer,
 test_decision_right_answer_passes_and_fires_no_named_mistake,
 ) = decision_contract_tests(m2, DECISION_RIGHT, DECISION_WRONG)


def test_every_named_mistake_of_the_decision_track_is_tested():
    """Each named mistake (not the built-in ones) fires on at least one tested wrong answer."""
    for name, cases in DECISION_WRONG.items():
        q = getattr(m2, name)
        for mistake in q.mistakes:
            assert any(mistake.matches(wrong, q.expected) for wrong, _ in cases), (
                name, mistake.message)


def test_dq2_dq3_answers_are_what_the_lesson_shows(tables):
    """dq2: the lesson's 'who bought first' table, built as the teaching notebook builds it;
    dq3: the life-cycle locator's 'Stage' with P04 and 2022-06 set, as a learner sets them."""
    accounts = tables["accounts"]
    customers = accounts[accounts["first_purchase_date"].notna()]
    by_year = ad.adopter_mix(customers["adopter_group"],
                             by=customers["first_purchase_date"].dt.year.rename("year"))
    pd.testing.assert_frame_equal(by_year, m2.new_customers_by_year())
    moore = by_year.rename(columns=ad.rogers_shares()["moore_name"])
    groups = list(ad.rogers_shares()["moore_name"])
    assert moore.loc[2016, groups].idxmax() == "visionaries"
    assert moore.loc[2017, groups].idxmax() == "pragmatists" == moore.loc[2018, groups].idxmax()
    assert moore.loc[2017, "early_market"] > moore.loc[2017, "pragmatists"]  # dq2's slip
    # dq2's solution and the trainer notes: "40 % against the visionaries' 37 %".
    assert f"{moore.loc[2017, 'pragmatists']:.0%}, {moore.loc[2017, 'visionaries']:.0%}" == (
        "40%, 37%")
    assert m2.dq2.expected == "2017"

    ix = wa.life_cycle_locator_widget(tables["product_sales"], tables["products"])
    assert ix.result.numbers["Stage"] == "decline"  # P01 today: the default product
    ix.controls["product"].value = m2.DQ3_PRODUCT
    assert ix.result.numbers["Stage"] == m2.locator_stage(m2.DQ3_PRODUCT) == "maturity"
    ix.controls["as_of"].value = m2.DQ3_AS_OF
    assert ix.result.numbers["Stage"] == m2.dq3.expected == "decline"
    ix.controls["as_of"].value = "2021-06"
    assert ix.result.numbers["Stage"] == "growth"  # dq3's "a year earlier"


def test_dq4_answers_are_what_the_lesson_tables_show(tables):
    stages = ad.product_stages(tables["product_sales"])["stage"].astype(str)
    assert stages[list(m2.DQ4_PRODUCTS)].to_dict() == {
        "P01": "decline", "P03": "maturity", "P05": "growth", "P07": "introduction"}
    assert m2.dq4.expected == {p: _OBJ[stages[p]] for p in m2.DQ4_PRODUCTS}
    assert m2.dq4.expected == DECISION_RIGHT["dq4"]
    assert sorted(m2.dq4.options) == sorted(_OBJ)


def test_dq5_is_what_the_bass_explorer_shows():
    ix = wa.bass_explorer_widget()
    assert ix.inputs["p"] == m2.P_TYPICAL and ix.inputs["q"] == m2.Q_TYPICAL
    assert round(ix.result.numbers["Chasm reached (16% adopted), year"], 1) == 3.1
    ix.controls["q"].value = m2.DQ5_Q
    shown = ix.result.numbers["Chasm reached (16% adopted), year"]
    assert shown == pytest.approx(m2.dq5.expected)
    assert f"{shown:.1f}" == "2.2" and f"{shown:.1f}" in ix.readout.value
    # Hand check: the Bass share adopted F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})
    # reaches 16 % at t = ln((1 + 0.16 q/p) / (1 - 0.16)) / (p + q).
    p, q = 0.03, 0.8
    assert math.log((1 + 0.16 * q / p) / 0.84) / (p + q) == pytest.approx(m2.dq5.expected)
    assert round(ix.result.numbers["Peak (years after launch)"], 1) == 4.0
    # dq5's solution: "about a year sooner than with q = 0.38".
    assert 0.8 < m2.bass_readouts(q=m2.Q_TYPICAL)["chasm"] - m2.dq5.expected < 1.2


def test_dq6_is_what_the_chasm_simulator_shows():
    """The question's copy of the slider matches the widget's; stepping the slider as a
    learner would, the saddle is there at 0.0085 and gone at 0.009."""
    ix = wa.chasm_widget()
    cross = ix.controls["cross"]
    assert (cross.min, cross.max) == (0.0, m2.INFLUENCE_MAX)
    assert cross.step == pytest.approx(m2.INFLUENCE_STEP)
    assert ix.controls["q_main"].value == m2.DQ6_Q_MAIN and wa.CHASM_YEARS == m2.CHASM_YEARS
    first_none = None
    for setting in m2.influence_settings():
        cross.value = setting
        if ix.result.numbers["Saddle"].startswith("none"):
            first_none = setting
            break
        assert ix.result.numbers["Depth"] > 0.1
    assert first_none == m2.dq6.expected == 0.009
    cross.value = 0.005
    assert round(ix.result.numbers["Depth"], 2) == 0.29  # dq6's "about 29 % deep"
    cross.value = 0.009
    assert "none" in ix.readout.value


def test_dq7_options_are_the_lessons_three_explanations(root):
    import json

    cells = json.loads((root / "notebooks" / "02_adoption_chasm.ipynb").read_text("utf-8"))
    text = "\n".join("".join(c["source"]) for c in cells["cells"])
    for named in ("**the chasm**", "**business cycles**", "**technology cycles**",
                  "a downturn hits **every** product"):
        assert named in text
    assert m2.dq7.expected in m2.SADDLE_EXPLANATIONS


def test_dq8_is_what_the_scores_table_shows():
    scores = m2.candidate_scores()
    assert scores.index[0] == "finance" and not scores.loc["finance", "showstoppers_ok"]
    passing = list(scores.index[scores["showstoppers_ok"]])
    assert passing[:2] == ["retail", "telecom"] and m2.dq8.expected == passing[1]
    # dq8's solution: "and so do manufacturing and healthcare".
    assert set(scores.index) - set(passing) == {"finance", "manufacturing", "healthcare"}


@pytest.mark.parametrize("name", sorted(DECISION_RIGHT))
def test_decision_questions_answered_through_the_widget(name):
    """What a learner who does not code does: pick or type in the answer widget and press
    Check. Right answers pass; the first tested wrong answer gets its named mistake."""
    q = getattr(m2, name)
    right = DECISION_RIGHT[name]
    box = answer_widget(q)
    box.press_check()
    assert box.result is None and "First" in box.feedback.value  # nothing picked yet
    box.fill(right)
    assert box.press_check().correct, box.feedback.value
    wrong, phrase = DECISION_WRONG[name][0]
    box = answer_widget(q)
    box.fill(wrong)
    result = box.press_check()
    assert not result.correct and phrase in result.message
    box.press_hint()
    assert "Hint 1 of" in box.feedback.value
    box.press_answer()
    assert "Answer:" in box.feedback.value


def test_the_solution_notebook_answers_every_decision_question_right(root):
    """The solution notebook's ask(dqN, answer) cells (before the analyst track) hold right
    answers: nbval runs them, but a wrong answer there would only show a red verdict."""
    import json
    import re

    cells = json.loads((root / "solutions" / "02_adoption_chasm.ipynb").read_text("utf-8"))
    sources = ["".join(c["source"]) for c in cells["cells"]]
    analyst = next(i for i, s in enumerate(sources) if s.startswith("## Analyst track"))
    decision = next(i for i, s in enumerate(sources) if s.startswith("## Decision track"))
    assert "Choose your track" in sources[0] and decision < analyst
    asked = {}
    for i, s in enumerate(sources):
        found = re.search(r"\bask\((dq\d+), answer\)", s)
        if found:
            assert decision < i < analyst, found.group(1)
            block = s.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            env: dict = {}
            exec(block, env)
            asked[found.group(1)] = env["answer"]
    assert set(asked) == set(DECISION_RIGHT)
    for name, answer in asked.items():
        assert getattr(m2, name)._evaluate(answer).correct, name
