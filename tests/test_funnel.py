"""Tests of valuekit.funnel against small tables computed by hand.

The main fixture is ten opportunities. Every expected number below is worked
out by hand in the comments from this table (cycle = closed - created, days).
As the funnel deck (001) defines the stages, the sale is won at *target*; a won
deal is *effective* once its first contract year (365 days from closed_date)
ended and was renewed. The frame's latest date is 2025-07-15 (o10 created),
the default as_of of the credibility step:

    id   team prod created     closed      stage      status amount reason    cycle
    o1   T1   P1   2024-01-10  2024-03-10  effective  W      100               60
    o2   T1   P1   2024-02-01  2024-05-31  target     W      200              120
    o3   T1   P2   2025-03-01  2025-03-31  target     W      300               30
    o4   T1   P2   2025-01-15  2025-02-14  possible   L      400    price      30
    o5   T2   P1   2025-02-10  2025-03-12  possible   L       50    price      30
    o6   T2   P1   2025-04-01  2025-04-21  potential  L       20    no_budget  20
    o7   T2   P2   2025-05-01  -           target     D      500   (contract being signed)
    o8   T2   P2   2025-06-01  -           possible   D      150
    o9   T1   P1   2025-07-01  -           potential  C       80
    o10  T2   P2   2025-07-15  -           possible   C     1000

o1 renewed after its first year (effective); o2's first year ended on
2025-05-31 without a renewal (it stopped at target: a credibility failure);
o3's first year runs until 2026-03-31, so its credibility step is not decided.
Furthest stage: effective 1 (o1), target 3 (o2 o3 o7), possible 4 (o4 o5 o8
o10), potential 2 (o6 o9). Reached: potential 10, possible 8, target 4,
effective 1.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valuekit import funnel
from valuekit.schema import DEFAULT_STAGE_PROBABILITY, STAGES

COLUMNS = [
    "opportunity_id",
    "team_id",
    "product_id",
    "created_date",
    "closed_date",
    "stage",
    "status",
    "amount",
    "loss_reason",
    "lead_source",
]
ROWS = [
    ("o1", "T1", "P1", "2024-01-10", "2024-03-10", "effective", "W", 100.0, None, "seminar"),
    ("o2", "T1", "P1", "2024-02-01", "2024-05-31", "target", "W", 200.0, None, "email"),
    ("o3", "T1", "P2", "2025-03-01", "2025-03-31", "target", "W", 300.0, None, "phone"),
    ("o4", "T1", "P2", "2025-01-15", "2025-02-14", "possible", "L", 400.0, "price", "phone"),
    ("o5", "T2", "P1", "2025-02-10", "2025-03-12", "possible", "L", 50.0, "price", "email"),
    ("o6", "T2", "P1", "2025-04-01", "2025-04-21", "potential", "L", 20.0, "no_budget", "email"),
    ("o7", "T2", "P2", "2025-05-01", None, "target", "D", 500.0, None, "seminar"),
    ("o8", "T2", "P2", "2025-06-01", None, "possible", "D", 150.0, None, "one_to_one"),
    ("o9", "T1", "P1", "2025-07-01", None, "potential", "C", 80.0, None, "mass_media"),
    ("o10", "T2", "P2", "2025-07-15", None, "possible", "C", 1000.0, None, "one_to_one"),
]


def make(rows=ROWS) -> pd.DataFrame:
    """A frame as the loader returns it: dates as datetime64, codes as strings."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["created_date"] = pd.to_datetime(df["created_date"])
    df["closed_date"] = pd.to_datetime(df["closed_date"])
    return df


@pytest.fixture
def opps() -> pd.DataFrame:
    return make()


# --------------------------------------------------------------------------
# stage counts and conversion


def test_stage_counts_count_every_stage_passed(opps):
    counts = funnel.stage_counts(opps)
    assert list(counts.index) == list(STAGES)
    assert counts.tolist() == [10, 8, 4, 1]


def test_stage_counts_accept_categorical_stage(opps):
    opps["stage"] = pd.Categorical(opps["stage"], categories=list(STAGES)[::-1])
    assert funnel.stage_counts(opps).tolist() == [10, 8, 4, 1]


def test_stage_conversion_all_is_the_snapshot_funnel(opps):
    # 8/10, 4/8, 1/4; overall 0.8 * 0.5 * 0.25 = 0.1 = 1/10
    table = funnel.stage_conversion(opps, method="all")
    assert list(table.index) == [*funnel.TRANSITIONS, "overall"]
    assert table["from_count"].tolist() == [10, 8, 4, 10]
    assert table["to_count"].tolist() == [8, 4, 1, 1]
    np.testing.assert_allclose(table["rate"], [0.8, 0.5, 0.25, 0.1])


def test_stage_conversion_closed_uses_decided_deals_only(opps):
    # decided: o1 o2 (first year over), o4 o5 o6; o3's first year still runs.
    # reached 5, 4 (o1 o2 o4 o5), 2 (o1 o2), 1 (o1) -> 4/5, 2/4, 1/2, overall 1/5
    table = funnel.stage_conversion(opps, method="closed")
    assert table["from_count"].tolist() == [5, 4, 2, 5]
    np.testing.assert_allclose(table["rate"], [4 / 5, 2 / 4, 1 / 2, 0.2])


def test_stage_conversion_resolved_censors_open_at_their_stage(opps):
    # default: the open opportunities sitting at each from-stage leave that
    # step's denominator only: o9 at potential -> 8/(10-1); o8 o10 at possible
    # -> 4/(8-2); at target o7 (being signed) and o3 (won, first year running)
    # -> 1/(4-2). Overall = 8/9 * 2/3 * 1/2 = 8/27
    table = funnel.stage_conversion(opps)
    assert table["from_count"].tolist() == [9, 6, 2, 9]
    assert table["to_count"].tolist() == [8, 4, 1, 1]
    np.testing.assert_allclose(table["rate"], [8 / 9, 2 / 3, 1 / 2, 8 / 27])
    assert table.loc["possible->target", "from_stage"] == "possible"
    assert table.loc["possible->target", "to_stage"] == "target"


def test_credibility_step_waits_for_the_first_contract_year(opps):
    # on 2026-04-01 o3's first year (from 2025-03-31) is over and not renewed:
    # target -> effective = 1 of 3 decided wins (o1 yes; o2, o3 no)
    later = funnel.stage_conversion(opps, as_of="2026-04-01")
    assert later.loc["target->effective", ["from_count", "to_count"]].tolist() == [3, 1]
    # without dates every won deal at target counts as decided
    undated = funnel.stage_conversion(opps.drop(columns=["closed_date", "created_date"]))
    assert undated.loc["target->effective", "from_count"] == 3


def test_stage_probabilities_chain_the_step_rates_up_to_the_win(opps):
    # the sale is won at target: resolved rates 8/9, 2/3; every decided deal at
    # target was signed (3 won, none lost there) -> target 1, possible 2/3,
    # potential 8/9 * 2/3 = 16/27, effective 1
    p = funnel.stage_probabilities(opps)
    assert list(p) == list(STAGES)
    np.testing.assert_allclose(list(p.values()), [16 / 27, 2 / 3, 1.0, 1.0])
    # usable as weights: o7 500*1 + o8 150*2/3 + o9 80*16/27 + o10 1000*2/3
    expected = 500 + 100 + 80 * 16 / 27 + 1000 * 2 / 3
    assert funnel.weighted_pipeline(opps, p) == pytest.approx(expected)


def test_stage_conversion_empty_step_is_nan_not_zero():
    # two potential opportunities, one lost, one open: nobody reached possible,
    # so the later steps have no evidence at all
    rows = [
        ("a", "T1", "P1", "2025-01-01", "2025-02-01", "potential", "L", 1.0, "price", "email"),
        ("b", "T1", "P1", "2025-01-01", None, "potential", "C", 1.0, None, "email"),
    ]
    table = funnel.stage_conversion(make(rows))
    assert table.loc["potential->possible", "rate"] == 0.0  # 0 of 1 decided
    assert math.isnan(table.loc["possible->target", "rate"])
    assert math.isnan(table.loc["overall", "rate"])


# --------------------------------------------------------------------------
# bottleneck and strategies


def test_bottleneck_without_benchmark_is_lowest_rate(opps):
    # resolved rates 0.889, 0.667, 0.5 -> target->effective: wins that did not
    # become effective customers call for the credibility strategy (support)
    b = funnel.bottleneck(opps)
    assert b.transition == "target->effective"
    assert b.rate == pytest.approx(0.5)
    assert math.isnan(b.benchmark_rate) and math.isnan(b.gap)
    assert b.strategy.key == "credibility"
    assert b.strategy.chinese == "信誉策略"
    assert b.strategy.led_by == "support"


def test_bottleneck_with_benchmark_is_furthest_below_by_ratio(opps):
    # ratios (8/9)/0.9 = 0.988, (2/3)/0.95 = 0.702, 0.5/0.5 = 1.0
    bench = {"potential->possible": 0.9, "possible->target": 0.95, "target->effective": 0.5}
    b = funnel.bottleneck(opps, benchmark=bench)
    assert b.transition == "possible->target"
    assert b.ratio == pytest.approx((2 / 3) / 0.95)
    assert b.gap == pytest.approx(2 / 3 - 0.95)
    assert b.strategy.key == "advantage"
    assert b.strategy.led_by == "sales"


def test_bottleneck_accepts_tables_from_stage_conversion(opps):
    company = pd.DataFrame(
        {"rate": [0.99, 0.5, 0.5]}, index=pd.Index(funnel.TRANSITIONS, name="transition")
    )
    # ratios 0.898, 1.333, 1.0 -> potential->possible, tendency strategy
    b = funnel.bottleneck(funnel.stage_conversion(opps), benchmark=company)
    assert b.transition == "potential->possible"
    assert b.strategy.key == "tendency"
    assert b.strategy.chinese == "倾向策略"
    assert b.strategy.led_by_chinese == "市场开发"


def test_bottleneck_of_a_team_against_the_company(opps):
    # company (all 10) resolved: 8/9, 2/3, 1/2. Team T2 (o5..o8, o10):
    # potential reached 5, none open there -> 4/5; possible: 4 reached, o8 and
    # o10 open there -> from 2, to 1 (o7) -> 1/2; target: o7 only, still being
    # signed -> no evidence (NaN). Ratios 0.9, 0.75, NaN -> possible->target
    b = funnel.bottleneck(opps[opps["team_id"] == "T2"], benchmark=opps)
    assert b.transition == "possible->target"
    assert b.rate == pytest.approx(1 / 2)
    assert b.benchmark_rate == pytest.approx(2 / 3)


def test_bottleneck_tie_goes_to_earlier_step():
    table = pd.DataFrame({"rate": [0.5, 0.5, 0.9]}, index=list(funnel.TRANSITIONS))
    assert funnel.bottleneck(table).transition == "potential->possible"


def test_strategy_per_transition_is_the_decks():
    """Deck 001: market development leads the tendency strategy (potential ->
    possible), sales the advantage strategy up to the win (possible -> target, "the
    90% concept"), support the credibility strategy (target -> effective)."""
    expected = {
        "potential->possible": ("tendency", "倾向策略", "market development", "市场开发"),
        "possible->target": ("advantage", "优势策略", "sales", "目标销售"),
        "target->effective": ("credibility", "信誉策略", "support", "业务支持"),
    }
    for transition, (key, chinese, led_by, led_by_chinese) in expected.items():
        s = funnel.STRATEGIES[funnel.STRATEGY_FOR_TRANSITION[transition]]
        assert (s.key, s.chinese, s.led_by, s.led_by_chinese) == (
            key, chinese, led_by, led_by_chinese)
    assert "sign" in funnel.STRATEGIES["advantage"].goal
    assert "commit again" in funnel.STRATEGIES["credibility"].goal


def test_stage_definitions_follow_the_deck():
    from valuekit import schema

    assert list(schema.STAGE_DEFINITIONS) == list(STAGES)
    assert "signing, executing or having completed a contract" in (
        schema.STAGE_DEFINITIONS["target"])
    assert "sale is won here" in schema.STAGE_DEFINITIONS["target"]
    assert "renewed" in schema.STAGE_DEFINITIONS["effective"]
    assert "first contract year" in schema.EFFECTIVE_DEFINITION
    assert schema.FIRST_CONTRACT_DAYS == 365


def test_progress_marks_are_the_decks(opps):
    # deck 001's win/loss example: possible 20% (continuing, or lost on price),
    # target 60% (delayed), target won 90% ("contract out")
    marks = funnel.progress_marks(opps)
    assert marks.name == "progress"
    assert marks.tolist() == [1.0, 0.9, 0.9, 0.2, 0.2, 0.1, 0.6, 0.2, 0.1, 0.2]
    assert {k: funnel.PROGRESS_MARKS[k] for k in funnel.DECK_PROGRESS_MARKS} == {
        ("possible", False): 0.2, ("target", False): 0.6, ("target", True): 0.9}


def test_strategies_cover_each_transition_once():
    assert set(funnel.STRATEGY_FOR_TRANSITION) == set(funnel.TRANSITIONS)
    assert {s.chinese for s in funnel.STRATEGIES.values()} == {"倾向策略", "优势策略", "信誉策略"}
    for s in funnel.STRATEGIES.values():
        assert s.actions and s.goal and s.led_by and s.led_by_chinese


# --------------------------------------------------------------------------
# win rate, loss reasons, win/loss report


def test_win_rate_ignores_open(opps):
    # 3 won, 3 lost, 4 open -> 3/6; by amount 600 / (600 + 470)
    assert funnel.win_rate(opps) == 0.5
    assert funnel.win_rate(opps, weighted=True) == pytest.approx(600 / 1070)


def test_win_rate_is_nan_with_nothing_decided(opps):
    assert math.isnan(funnel.win_rate(opps[opps["status"].isin(["C", "D"])]))


def test_loss_reason_pareto_by_count_and_amount(opps):
    # price: o4 400 + o5 50 = 2 deals, 450; no_budget: o6, 1 deal, 20
    by_count = funnel.loss_reason_pareto(opps)
    assert by_count["reason"].tolist() == ["price", "no_budget"]
    assert by_count["count"].tolist() == [2, 1]
    np.testing.assert_allclose(by_count["share"], [2 / 3, 1 / 3])
    np.testing.assert_allclose(by_count["cumulative_share"], [2 / 3, 1.0])
    by_amount = funnel.loss_reason_pareto(opps, weight="amount")
    np.testing.assert_allclose(by_amount["amount"], [450, 20])
    np.testing.assert_allclose(by_amount["share"], [450 / 470, 20 / 470])


def test_loss_reason_pareto_orders_by_weight_and_labels_missing(opps):
    # three more losses: 2 x timing (5 each), 1 without a reason (1000)
    extra = [
        ("x1", "T1", "P1", "2025-01-01", "2025-02-01", "potential", "L", 5.0, "timing", "email"),
        ("x2", "T1", "P1", "2025-01-01", "2025-02-01", "potential", "L", 5.0, "timing", "email"),
        ("x3", "T1", "P1", "2025-01-01", "2025-02-01", "potential", "L", 1000.0, None, "email"),
    ]
    df = make(ROWS + extra)
    # by count: price 2, timing 2 (tie, alphabetical), then no_budget 1, unrecorded 1
    assert funnel.loss_reason_pareto(df)["reason"].tolist() == [
        "price",
        "timing",
        "no_budget",
        "unrecorded",
    ]
    by_amount = funnel.loss_reason_pareto(df, weight="amount")
    assert by_amount["reason"].tolist() == ["unrecorded", "price", "no_budget", "timing"]


def test_loss_reason_pareto_without_losses_is_empty(opps):
    out = funnel.loss_reason_pareto(opps[opps["status"] != "L"])
    assert out.empty and list(out.columns) == [
        "reason",
        "count",
        "amount",
        "share",
        "cumulative_share",
    ]


def test_win_loss_report_by_team(opps):
    # T1: o1 o2 o3 W, o4 L, o9 C; won 600, lost 400, open 80, win rate 3/4
    # T2: o5 o6 L, o10 C, o7 o8 D; won 0, lost 70, open 1650, win rate 0/2;
    #     main loss reason: price 1 vs no_budget 1 -> alphabetical no_budget
    r = funnel.win_loss_report(opps, by="team_id")
    assert r[["W", "L", "C", "D", "total"]].loc["T1"].tolist() == [3, 1, 1, 0, 5]
    assert r[["W", "L", "C", "D", "total"]].loc["T2"].tolist() == [0, 2, 1, 2, 5]
    assert r.loc["T1", "win_rate"] == 0.75 and r.loc["T2", "win_rate"] == 0.0
    assert r.loc["T1", ["won_amount", "lost_amount", "open_amount"]].tolist() == [600, 400, 80]
    assert r.loc["T2", ["won_amount", "lost_amount", "open_amount"]].tolist() == [0, 70, 1650]
    assert r.loc["T1", "main_loss_reason"] == "price"
    assert r.loc["T2", "main_loss_reason"] == "no_budget"


def test_win_loss_report_by_team_and_product(opps):
    # (T1,P1): o1 o2 W, o9 C; (T1,P2): o3 W, o4 L; (T2,P1): o5 o6 L;
    # (T2,P2): o10 C, o7 o8 D -> no decided deal, win rate NaN
    r = funnel.win_loss_report(opps)
    assert list(r.index) == [("T1", "P1"), ("T1", "P2"), ("T2", "P1"), ("T2", "P2")]
    assert r["W"].tolist() == [2, 1, 0, 0]
    assert r["L"].tolist() == [0, 1, 2, 0]
    np.testing.assert_allclose(r["win_rate"], [1.0, 0.5, 0.0, np.nan])
    assert pd.isna(r.loc[("T1", "P1"), "main_loss_reason"])
    assert r.loc[("T1", "P2"), "main_loss_reason"] == "price"


def test_win_loss_report_without_groups_is_one_row(opps):
    r = funnel.win_loss_report(opps, by=None, loss_reason=False)
    assert list(r.index) == ["all"]
    assert r.loc["all", ["W", "L", "C", "D"]].tolist() == [3, 3, 2, 2]
    assert "main_loss_reason" not in r.columns


# --------------------------------------------------------------------------
# pipeline, cycle, velocity


def test_weighted_pipeline_default_probabilities(opps):
    # the deck's progress marks: possible 20%, target 60% (the kit: potential 5%)
    # open: o7 target 500*0.6 + o8 possible 150*0.2 + o9 potential 80*0.05
    #       + o10 possible 1000*0.2 = 300 + 30 + 4 + 200
    assert DEFAULT_STAGE_PROBABILITY == {
        "potential": 0.05, "possible": 0.2, "target": 0.6, "effective": 1.0}
    assert funnel.weighted_pipeline(opps) == pytest.approx(534)


def test_weighted_pipeline_by_team_and_custom_probabilities(opps):
    probs = {"potential": 0.1, "possible": 0.2, "target": 0.5, "effective": 0.9}
    r = funnel.weighted_pipeline(opps, probabilities=probs, by="team_id")
    # T1: o9 80*0.1 = 8; T2: 500*0.5 + 150*0.2 + 1000*0.2 = 480
    assert r.loc["T1"].tolist() == [1, 80, 8]
    assert r.loc["T2"].tolist() == [3, 1650, 480]


def test_sales_cycle_days(opps):
    # won cycles 60, 120, 30: mean 70, median 60
    won = funnel.sales_cycle_days(opps)
    assert won.tolist() == [3, 70, 60]
    # closed also o4 30, o5 30, o6 20: mean 290/6, median of 20 30 30 30 60 120 = 30
    closed = funnel.sales_cycle_days(opps, outcome="closed")
    assert closed["mean"] == pytest.approx(290 / 6) and closed["median"] == 30
    by_team = funnel.sales_cycle_days(opps, outcome="closed", by="team_id")
    # T1: 60 120 30 30 -> mean 60, median 45; T2: 30 20 -> 25
    assert by_team.loc["T1", ["count", "mean", "median"]].tolist() == [4, 60, 45]
    assert by_team.loc["T2", "mean"] == 25


def test_pipeline_velocity_hand_computed(opps):
    # 4 open x win rate 3/6 x average won deal 600/3 / mean won cycle 70 days
    v = funnel.pipeline_velocity(opps)
    assert (v.open_count, v.won_count, v.lost_count) == (4, 3, 3)
    assert v.win_rate == 0.5 and v.average_deal == 200 and v.cycle_days == 70
    assert v.per_day == pytest.approx(4 * 0.5 * 200 / 70)
    assert v.per_month == pytest.approx(4 * 0.5 * 200 / 70 * 30.4)


def test_pipeline_velocity_as_of_a_past_date(opps):
    # on 2025-04-01: created by then o1..o6; decided by then o1 o2 o3 W, o4 o5 L;
    # open o6 (created that day) -> 1 open;
    # win rate 3/5, deal 600/3 = 200, cycle (60+120+30)/3 = 70 -> 1*0.6*200/70
    v = funnel.pipeline_velocity(opps, as_of="2025-04-01")
    assert (v.open_count, v.won_count, v.lost_count) == (1, 3, 2)
    assert v.cycle_days == 70
    assert v.per_day == pytest.approx(120 / 70)
    assert v.as_of == pd.Timestamp("2025-04-01")


def test_pipeline_velocity_nan_without_won_deals(opps):
    v = funnel.pipeline_velocity(opps[opps["status"] != "W"])
    assert v.win_rate == 0 and math.isnan(v.average_deal) and math.isnan(v.per_day)


# --------------------------------------------------------------------------
# reverse funnel and 6/3/1


def test_reverse_funnel_rounds_up_at_each_stage():
    # deals are won at target: 10500 / 1000 = 10.5 -> 11 target customers;
    # 11/0.4 = 27.5 -> 28 possible; 28/0.5 = 56 potential (the third rate,
    # target->effective, comes after the win and is not needed)
    out = funnel.reverse_funnel(10_500, 1_000, [0.5, 0.4, 0.3])
    assert list(out.index) == ["potential", "possible", "target"]
    assert out.tolist() == [56, 28, 11]
    assert funnel.reverse_funnel(10_500, 1_000, [0.5, 0.4]).tolist() == [56, 28, 11]


def test_reverse_funnel_ignores_float_noise():
    # 3 / 0.3 is 10.000000000000002 in floating point; the answer is 10, not 11
    out = funnel.reverse_funnel(3_000, 1_000, [0.5, 0.3, 0.9])
    assert out.tolist() == [20, 10, 3]


def test_reverse_funnel_takes_mapping_and_conversion_table(opps):
    rates = {"potential->possible": 0.5, "possible->target": 0.5, "target->effective": 0.5}
    assert funnel.reverse_funnel(4_000, 1_000, rates).tolist() == [16, 8, 4]
    two = {"potential->possible": 0.5, "possible->target": 0.5}
    assert funnel.reverse_funnel(4_000, 1_000, two).tolist() == [16, 8, 4]
    # resolved rates 8/9, 2/3: 2 deals -> 3 possible -> 3.375 -> 4 potential
    table = funnel.stage_conversion(opps)
    assert funnel.reverse_funnel(2_000, 1_000, table).tolist() == [4, 3, 2]


def test_reverse_funnel_zero_target_needs_nothing():
    assert funnel.reverse_funnel(0, 1_000, [0.5, 0.5, 0.5]).tolist() == [0, 0, 0]


def test_six_three_one_is_labelled_an_interpretation():
    assert funnel.six_three_one(2).tolist() == [12, 6, 2]
    assert list(funnel.six_three_one(1).index) == ["potential", "possible", "target"]
    assert list(funnel.six_three_one(1, final_stage="effective").index)[-1] == "effective"
    assert "interpretation" in funnel.SIX_THREE_ONE_READING
    assert "only the numbers" in funnel.SIX_THREE_ONE_READING


def test_six_three_one_check(opps):
    # 4 target customers -> the rule would have 24 potential and 12 possible
    # behind them; the table has 10 and 8: 2.5 and 2 per customer against 6 and 3
    r = funnel.six_three_one_check(opps)
    assert r["reached"].tolist() == [10, 8, 4]
    assert r["rule"].tolist() == [24, 12, 4]
    assert r["ratio"].tolist() == [2.5, 2.0, 1.0]
    # final stage effective: 1 reached -> rule 6, 3, 1
    assert funnel.six_three_one_check(opps, final_stage="effective")["rule"].tolist() == [6, 3, 1]


# --------------------------------------------------------------------------
# cohort funnel


def test_cohort_funnel_by_quarter(opps):
    # 2024Q1 o1 o2: eff, tgt -> reached 2 2 2 1 of 2; won 2; open 0
    # 2025Q1 o3 o4 o5: tgt pos pos -> 3 3 1 0 of 3; won 1; open 0
    # 2025Q2 o6 o7 o8: pot tgt pos -> 3 2 1 0 of 3; won 0; open 2 (o7, o8)
    # 2025Q3 o9 o10: pot pos -> 2 1 0 0 of 2; won 0; open 2
    c = funnel.cohort_funnel(opps)
    assert [str(p) for p in c.index] == ["2024Q1", "2025Q1", "2025Q2", "2025Q3"]
    assert c["n"].tolist() == [2, 3, 3, 2]
    np.testing.assert_allclose(c.loc[:, list(STAGES)].iloc[0], [1, 1, 1, 0.5])
    np.testing.assert_allclose(c.loc[:, list(STAGES)].iloc[1], [1, 1, 1 / 3, 0])
    np.testing.assert_allclose(c.loc[:, list(STAGES)].iloc[2], [1, 2 / 3, 1 / 3, 0])
    np.testing.assert_allclose(c.loc[:, list(STAGES)].iloc[3], [1, 0.5, 0, 0])
    np.testing.assert_allclose(c["won"], [1, 1 / 3, 0, 0])
    np.testing.assert_allclose(c["open"], [0, 0, 2 / 3, 1])


def test_cohort_funnel_monthly(opps):
    c = funnel.cohort_funnel(opps, freq="M")
    # 2024: Jan o1, Feb o2; 2025: Jan o4, Feb o5, Mar o3, Apr o6, May o7, Jun o8, Jul o9 o10
    assert c["n"].tolist() == [1, 1, 1, 1, 1, 1, 1, 1, 2]


# --------------------------------------------------------------------------
# rolling plan


def monthly(rows, tender=None):
    df = pd.DataFrame(rows, columns=["product_id", "month", "amount"])
    df["month"] = pd.to_datetime(df["month"])
    if tender is not None:
        df["tender"] = tender
    return df


FORECASTS = monthly(
    [
        ("P1", "2025-05-01", 10.0),
        ("P1", "2025-06-01", 20.0),
        ("P1", "2025-07-01", 30.0),
        ("P2", "2025-06-01", 5.0),
        ("P2", "2025-07-01", 15.0),
    ],
    tender=[False, False, False, True, False],
)
ACTUALS = monthly(
    [
        ("P1", "2025-05-01", 12.0),
        ("P1", "2025-06-01", 18.0),
        ("P2", "2025-05-01", 3.0),
        ("P1", "2025-07-01", 25.0),  # after as_of: not known yet, ignored
    ]
)


def test_rolling_forecast_replaces_finished_months_with_actuals():
    # as_of 2025-06-30: May and June are over
    # P1: May 12 (fc 10), Jun 18 (fc 20), Jul forecast 30
    # P2: May 3 (no fc), Jun 0 actual (fc 5, tender), Jul forecast 15
    # totals: May 15, Jun 18 (tender), Jul 45
    plan = funnel.rolling_forecast(ACTUALS, FORECASTS, "2025-06-30")
    assert plan["product_id"].tolist() == ["P1"] * 3 + ["P2"] * 3 + ["total"] * 3
    assert plan["source"].tolist() == ["actual", "actual", "forecast"] * 3
    assert plan["amount"].tolist() == [12, 18, 30, 3, 0, 15, 15, 18, 45]
    np.testing.assert_array_equal(plan["forecast"], [10, 20, 30, np.nan, 5, 15, 10, 25, 45])
    np.testing.assert_array_equal(
        plan["actual"], [12, 18, np.nan, 3, np.nan, np.nan, 15, 18, np.nan]
    )
    assert plan["tender"].tolist() == [False] * 4 + [True, False, False, True, False]
    assert plan["month"].dtype.kind == "M"


def test_rolling_forecast_month_in_progress_stays_forecast():
    # as_of 2025-06-15: June is not over, so its forecast stays (P1 20, P2 5)
    plan = funnel.rolling_forecast(ACTUALS, FORECASTS, "2025-06-15", totals=False)
    assert plan["source"].tolist() == ["actual", "forecast", "forecast"] * 2
    assert plan["amount"].tolist() == [12, 20, 30, 3, 5, 15]


def test_rolling_forecast_with_no_actuals_yet_and_late_products():
    # nothing sold yet: the plan is the forecast; a product seen only in an
    # actual after as_of (P9, August) is not known on as_of and is left out
    late = monthly([("P9", "2025-08-01", 7.0)])
    plan = funnel.rolling_forecast(late, FORECASTS, "2025-06-30", totals=False)
    assert plan["product_id"].unique().tolist() == ["P1", "P2"]
    assert plan["amount"].tolist() == [0, 0, 30, 0, 0, 15]
    empty = funnel.monthly_actuals(make(ROWS[3:]))  # no won deal
    assert empty.empty
    plan = funnel.rolling_forecast(empty, FORECASTS, "2025-04-30", totals=False)
    assert plan["source"].unique().tolist() == ["forecast"]
    assert plan["amount"].tolist() == [10, 20, 30, 0, 5, 15]
    with pytest.raises(ValueError, match="neither actuals"):
        funnel.rolling_forecast(empty, FORECASTS.iloc[0:0], "2025-04-30")


def test_last_complete_month():
    assert str(funnel.last_complete_month("2025-12-31")) == "2025-12"
    assert str(funnel.last_complete_month("2025-12-30")) == "2025-11"
    assert str(funnel.last_complete_month(pd.Timestamp("2024-02-29 18:00"))) == "2024-02"


INVOICES = pd.DataFrame(
    {
        "invoice_id": ["i1", "i2", "i3", "i4", "i5"],
        "product_id": ["P1", "P1", "P1", "P2", "P3"],
        "month": pd.to_datetime(
            ["2025-01-01", "2025-01-01", "2025-03-01", "2025-02-01", "2025-03-01"]
        ),
        "revenue": [100.0, 50.0, 30.0, 70.0, 60.0],
    }
)


def test_monthly_actuals_from_invoices_is_dense_from_first_sale():
    # P1: Jan 100+50, Feb 0, Mar 30; P2 starts Feb: 70, Mar 0; P3 starts Mar: 60
    m = funnel.monthly_actuals(INVOICES)
    assert m["product_id"].tolist() == ["P1", "P1", "P1", "P2", "P2", "P3"]
    assert m["month"].dt.strftime("%Y-%m").tolist() == [
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-02",
        "2025-03",
        "2025-03",
    ]
    assert m["amount"].tolist() == [150, 0, 30, 70, 0, 60]


def test_monthly_actuals_from_won_opportunities(opps):
    # won: o1 P1 2024-03 100, o2 P1 2024-05 200, o3 P2 2025-03 300; dense from
    # each product's first sale to the data's last month (2025-03)
    m = funnel.monthly_actuals(opps)
    assert m["amount"].tolist() == [100, 0, 200] + [0] * 10 + [300]
    assert m["product_id"].tolist() == ["P1"] * 13 + ["P2"]


def test_naive_forecast_trailing_average():
    # as_of 2025-03-31, window 2: P1 (0 + 30)/2 = 15, P2 (70 + 0)/2 = 35,
    # P3 has only March: 60; forecast April to June
    f = funnel.naive_forecast(funnel.monthly_actuals(INVOICES), "2025-03-31", horizon=3, window=2)
    assert f["amount"].tolist() == [15] * 3 + [35] * 3 + [60] * 3
    assert f["month"].dt.strftime("%Y-%m").tolist()[:3] == ["2025-04", "2025-05", "2025-06"]
    # as_of mid-March: last full month Feb; P1 (150 + 0)/2, P2 70 (Feb only); P3 not yet sold
    f = funnel.naive_forecast(funnel.monthly_actuals(INVOICES), "2025-03-15", horizon=1, window=2)
    assert f["product_id"].tolist() == ["P1", "P2"]
    assert f["amount"].tolist() == [75, 70]
    assert f["month"].dt.strftime("%Y-%m").tolist() == ["2025-03", "2025-03"]


def test_pipeline_forecast_places_open_deals_by_median_residual_cycle(opps):
    # as_of 2025-07-31 -> forecast Aug, Sep, Oct. Won cycles sorted: 30, 60, 120.
    # age on Jul 31 -> median of the won cycles longer than that age - age:
    # o7  May 1, age 91: {120} -> 29 more days -> Aug 29 (Aug)  P2 500*0.6 = 300
    # o8  Jun 1, age 60: {120} -> 60 more -> Sep 29 (Sep)       P2 150*0.2 = 30
    # o9  Jul 1, age 30: {60, 120} median 90 -> 60 -> Sep 29    P1 80*0.05 = 4
    # o10 Jul 15, age 16: {30, 60, 120} median 60 -> 44 -> Sep 13, a tender
    #                                                           P2 1000*0.2 = 200
    opps["tender"] = opps["opportunity_id"] == "o10"
    f = funnel.pipeline_forecast(opps, "2025-07-31", horizon=3)
    assert f["product_id"].tolist() == ["P1"] * 3 + ["P2"] * 3
    assert f["month"].dt.strftime("%Y-%m").tolist()[:3] == ["2025-08", "2025-09", "2025-10"]
    assert f["amount"].tolist() == [0, 4, 0, 300, 230, 0]
    assert f["tender"].tolist() == [False] * 4 + [True, False]
    # on 2025-12-31 every open deal (ages 244, 213, 183, 169) is older than every
    # won cycle: no evidence left, all due in the first forecast month (Jan 2026)
    f = funnel.pipeline_forecast(opps, "2025-12-31", horizon=2)
    assert f["amount"].tolist() == [4, 0, 530, 0]


def test_pipeline_forecast_with_a_fixed_cycle(opps):
    # created + 90 days: o7 Jul 30 (overdue -> Aug), o8 Aug 30, o9 Sep 29, o10 Oct 13
    f = funnel.pipeline_forecast(opps, "2025-07-31", horizon=3, cycle_days=90)
    assert f["amount"].tolist() == [0, 4, 0, 330, 0, 200]
    # a one-month horizon keeps August only
    f = funnel.pipeline_forecast(opps, "2025-07-31", horizon=1, cycle_days=90)
    assert f["amount"].tolist() == [0, 330]


def test_rolling_plan_from_sample_style_tables(opps):
    # the whole chain a report runs: actuals from won deals, forecast from pipeline
    actuals = funnel.monthly_actuals(opps)
    forecast = funnel.pipeline_forecast(opps, "2025-07-31", horizon=3)
    plan = funnel.rolling_forecast(actuals, forecast, "2025-07-31")
    total = plan[plan["product_id"] == funnel.TOTAL].set_index("month")["amount"]
    # actuals 2024-03 100, 2024-04 0, 2024-05 200, nine empty months, 2025-03 300;
    # then the forecast Aug 300, Sep 234, Oct 0 (no rows for April to July 2025:
    # neither a sale nor a forecast falls in them)
    assert total.tolist() == [100, 0, 200] + [0] * 9 + [300, 300, 234, 0]


# --------------------------------------------------------------------------
# response rates


def test_response_rates_against_bands():
    touches = pd.DataFrame(
        {
            "channel": ["mass_media", "email", "one_to_one", "seminar", "seminar", "phone"],
            "contacts": [1000, 2000, 50, 100, 100, 100],
            "responses": [30, 10, 20, 5, 7, 6],
            "cost": [500.0, 100.0, 1000.0, 200.0, 200.0, 50.0],
        }
    )
    # mass_media 3% in 2-5%; email 0.5% below 1-3%; one_to_one 40% above 18-30%;
    # seminar (traditional, 2-5%) 12/200 = 6% above; phone 6% at the bottom edge of 6-15%
    r = funnel.response_rates(touches)
    assert r.loc["mass_media", "rate"] == pytest.approx(0.03)
    assert r.loc["seminar", ["contacts", "responses"]].tolist() == [200, 12]
    assert r["position"].to_dict() == {
        "email": "below",
        "mass_media": "within",
        "one_to_one": "above",
        "phone": "within",
        "seminar": "above",
    }
    assert r.loc["mass_media", "cost_per_response"] == pytest.approx(500 / 30)
    assert funnel.RESPONSE_BANDS["relationship"].chinese == "关系营销"


# --------------------------------------------------------------------------
# bad input


def test_inputs_are_not_modified(opps):
    before = opps.copy()
    funnel.stage_conversion(opps)
    funnel.win_loss_report(opps)
    funnel.pipeline_velocity(opps, as_of="2025-05-01")
    funnel.pipeline_forecast(opps, "2025-07-31")
    pd.testing.assert_frame_equal(opps, before)


@pytest.mark.parametrize(
    "func",
    [
        funnel.stage_counts,
        funnel.stage_conversion,
        funnel.bottleneck,
        funnel.win_rate,
        funnel.loss_reason_pareto,
        funnel.win_loss_report,
        funnel.weighted_pipeline,
        funnel.pipeline_velocity,
        funnel.sales_cycle_days,
        funnel.cohort_funnel,
    ],
)
def test_empty_frame_is_refused(opps, func):
    with pytest.raises(ValueError, match="empty"):
        func(opps.iloc[0:0])


def test_missing_columns_are_named(opps):
    with pytest.raises(ValueError, match="'stage'"):
        funnel.stage_counts(opps.drop(columns="stage"))
    with pytest.raises(ValueError, match="'closed_date'"):
        funnel.pipeline_velocity(opps.drop(columns="closed_date"))
    with pytest.raises(ValueError, match="'loss_reason'"):
        funnel.loss_reason_pareto(opps.drop(columns="loss_reason"))
    with pytest.raises(ValueError, match="region"):
        funnel.win_loss_report(opps, by="region")
    with pytest.raises(ValueError, match="must be a pandas DataFrame"):
        funnel.stage_counts([1, 2, 3])


def test_nan_and_negative_amounts_name_rows(opps):
    opps.loc[3, "amount"] = np.nan
    with pytest.raises(ValueError, match=r"'amount'.*missing.*row 3"):
        funnel.weighted_pipeline(opps)
    opps.loc[3, "amount"] = -5.0
    with pytest.raises(ValueError, match=r"negative.*row 3"):
        funnel.win_loss_report(opps)


def test_unknown_stage_and_status_names(opps):
    bad = opps.copy()
    bad.loc[2, "stage"] = "qualified"
    with pytest.raises(ValueError, match=r"'qualified'.*potential, possible, target, effective"):
        funnel.stage_counts(bad)
    bad = opps.copy()
    bad.loc[5, "status"] = "X"
    with pytest.raises(ValueError, match=r"unknown status.*'X'.*row 5.*W, L, C, D"):
        funnel.win_rate(bad)
    bad = opps.copy()
    bad.loc[4, "stage"] = None
    with pytest.raises(ValueError, match=r"'stage' is empty in row 4"):
        funnel.stage_counts(bad)


def test_won_must_be_at_target_or_beyond_and_dated(opps):
    bad = opps.copy()
    bad.loc[0, "stage"] = "possible"
    with pytest.raises(ValueError, match=r"won .* 'target'.*row 0"):
        funnel.stage_conversion(bad)
    bad = opps.copy()
    bad.loc[6, "stage"] = "effective"  # o7 is still being signed
    with pytest.raises(ValueError, match=r"only won .* 'effective'.*row 6"):
        funnel.stage_conversion(bad)
    bad = opps.copy()
    bad.loc[1, "closed_date"] = pd.NaT
    with pytest.raises(ValueError, match=r"closed_date.*row 1"):
        funnel.pipeline_velocity(bad)
    bad = opps.copy()
    bad.loc[2, "closed_date"] = pd.Timestamp("2024-01-01")
    with pytest.raises(ValueError, match=r"before created_date in row 2"):
        funnel.sales_cycle_days(bad)


def test_probabilities_are_checked(opps):
    with pytest.raises(ValueError, match=r"between 0 and 1"):
        funnel.weighted_pipeline(opps, {**DEFAULT_STAGE_PROBABILITY, "target": 1.5})
    with pytest.raises(ValueError, match=r"between 0 and 1"):
        funnel.weighted_pipeline(opps, {**DEFAULT_STAGE_PROBABILITY, "possible": -0.1})
    with pytest.raises(ValueError, match=r"no probability for stage\(s\) effective"):
        funnel.weighted_pipeline(opps, {"potential": 0.1, "possible": 0.2, "target": 0.5})
    with pytest.raises(ValueError, match=r"unknown stage.*'won'"):
        funnel.weighted_pipeline(opps, {**DEFAULT_STAGE_PROBABILITY, "won": 1.0})


def test_reverse_funnel_refuses_bad_rates_and_targets():
    with pytest.raises(ValueError, match=r"possible->target is 0"):
        funnel.reverse_funnel(1_000, 100, [0.5, 0.0, 0.5])
    with pytest.raises(ValueError, match=r"between 0 and 1"):
        funnel.reverse_funnel(1_000, 100, [0.5, 1.2, 0.5])
    with pytest.raises(ValueError, match=r"rates"):
        funnel.reverse_funnel(1_000, 100, [0.5])
    with pytest.raises(ValueError, match=r"average_deal.*greater than 0"):
        funnel.reverse_funnel(1_000, 0, [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match=r"revenue_target"):
        funnel.reverse_funnel(-1, 100, [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match=r"unknown transition"):
        funnel.reverse_funnel(1_000, 100, {"lead->deal": 0.5})
    with pytest.raises(ValueError, match=r"no rate for transition\(s\) possible->target"):
        funnel.reverse_funnel(1_000, 100, {"potential->possible": 0.5, "overall": 0.1})


def test_other_bad_options(opps):
    with pytest.raises(ValueError, match="method"):
        funnel.stage_conversion(opps, method="mature")
    with pytest.raises(ValueError, match="freq"):
        funnel.cohort_funnel(opps, freq="fortnight")
    with pytest.raises(ValueError, match="weight"):
        funnel.loss_reason_pareto(opps, weight="value")
    with pytest.raises(ValueError, match="as_of"):
        funnel.pipeline_velocity(opps, as_of="not a date")
    with pytest.raises(ValueError, match="final_stage"):
        funnel.six_three_one(1, final_stage="possible")
    with pytest.raises(ValueError, match="customers"):
        funnel.six_three_one(1.5)
    with pytest.raises(ValueError, match="no deal was won"):
        funnel.pipeline_forecast(opps, "2024-02-01")
    with pytest.raises(ValueError, match="horizon"):
        funnel.naive_forecast(ACTUALS, "2025-06-30", horizon=0)


def test_rolling_plan_bad_input():
    with pytest.raises(ValueError, match=r"'tender'.*row 0"):
        funnel.rolling_forecast(
            ACTUALS, FORECASTS.assign(tender=["yes"] + [False] * 4), "2025-06-30"
        )
    with pytest.raises(ValueError, match="'total'"):
        funnel.rolling_forecast(ACTUALS, FORECASTS.assign(product_id="total"), "2025-06-30")
    with pytest.raises(ValueError, match=r"forecasts.*'amount'"):
        funnel.rolling_forecast(ACTUALS, FORECASTS.drop(columns="amount"), "2025-06-30")
    with pytest.raises(ValueError, match=r"neither invoices .* nor opportunities"):
        funnel.monthly_actuals(FORECASTS)


def test_response_rates_unknown_channel_and_no_contacts():
    touches = pd.DataFrame({"channel": ["email", "fax"], "contacts": [0, 10], "responses": [0, 1]})
    r = funnel.response_rates(touches)
    assert math.isnan(r.loc["email", "rate"]) and pd.isna(r.loc["email", "position"])
    assert r.loc["fax", "rate"] == 0.1 and pd.isna(r.loc["fax", "approach"])


def test_response_rates_refuse_more_responses_than_contacts():
    touches = pd.DataFrame({"channel": ["email"], "contacts": [10], "responses": [11]})
    with pytest.raises(ValueError, match=r"responses exceed contacts in row 0"):
        funnel.response_rates(touches)


def test_bottleneck_with_no_comparable_step():
    table = pd.DataFrame({"rate": [np.nan, np.nan, np.nan]}, index=list(funnel.TRANSITIONS))
    with pytest.raises(ValueError, match="no funnel step can be compared"):
        funnel.bottleneck(table)


# --------------------------------------------------------------------------
# properties on random funnels

opportunity = st.tuples(
    st.integers(0, 3),  # stage
    st.sampled_from("WLCD"),
    st.floats(0, 1e6, allow_nan=False),
)


def random_frame(rows) -> pd.DataFrame:
    # the deck's rules: a won deal is at target or effective; only won deals are effective
    stage = [STAGES[max(s, 2)] if status == "W" else STAGES[min(s, 2)]
             for s, status, _ in rows]
    return pd.DataFrame(
        {
            "stage": stage,
            "status": [r[1] for r in rows],
            "amount": [r[2] for r in rows],
        }
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(opportunity, min_size=1, max_size=60), st.sampled_from(["resolved", "all", "closed"])
)
def test_conversions_lie_in_unit_interval(rows, method):
    table = funnel.stage_conversion(random_frame(rows), method=method)
    rates = table["rate"].dropna()
    assert ((rates >= 0) & (rates <= 1)).all()
    assert (table["to_count"] <= table["from_count"]).all()


@settings(max_examples=150, deadline=None)
@given(st.lists(opportunity, min_size=1, max_size=60))
def test_stage_counts_never_increase_down_the_funnel(rows):
    counts = funnel.stage_counts(random_frame(rows)).to_numpy()
    assert counts[0] == len(rows)
    assert (np.diff(counts) <= 0).all()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(opportunity, min_size=1, max_size=60),
    st.lists(st.floats(0, 1), min_size=4, max_size=4),
)
def test_weighted_pipeline_never_exceeds_open_pipeline(rows, probs):
    df = random_frame(rows)
    weighted = funnel.weighted_pipeline(df, dict(zip(STAGES, probs, strict=True)))
    open_amount = df.loc[df["status"].isin(["C", "D"]), "amount"].sum()
    assert 0 <= weighted <= open_amount * (1 + 1e-12)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(st.just(0.0), st.floats(1e-6, 1e7)),  # money below a millionth is noise
    st.floats(1, 1e5),
    st.lists(st.floats(0.01, 1), min_size=3, max_size=3),
)
def test_reverse_funnel_is_enough_at_every_stage(target, deal, rates):
    needed = funnel.reverse_funnel(target, deal, rates).to_numpy()
    assert len(needed) == 3  # up to the win at target
    assert needed[-1] * deal >= target * (1 - 1e-9)
    # each stage, converted at its rate, covers the stage below
    for i, r in enumerate(rates[:2]):
        assert needed[i] * r >= needed[i + 1] * (1 - 1e-6)
    assert (np.diff(needed) <= 0).all()
