"""The figures of a team report, checked against direct pandas computations on the sample,
and the rule table of recommended actions, checked on hand-made figures."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from valuekit import team_report as tr
from valuekit.schema import DEFAULT_STAGE_PROBABILITY, STAGES

AS_OF = pd.Timestamp("2025-12-31")
YEAR_START = pd.Timestamp("2025-01-01")


@pytest.fixture(scope="module")
def tables():
    return tr.load_tables()


@pytest.fixture(scope="module")
def t06(tables):
    return tr.build(tables, "T06")


def _team_accounts(tables, team_id):
    a = tables["accounts"]
    return set(a.loc[a["team_id"] == team_id, "account_id"])


# ---------------------------------------------------------------------------------------
# Inputs


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match=r"language 'xx'.*available: en, zh"):
        tr.labels("xx")


def test_every_language_has_every_label():
    keys = set(tr.LABELS["en"])
    for language, words in tr.LABELS.items():
        assert set(words) == keys, language


@pytest.mark.parametrize(
    "kind, value, text",
    [
        ("money", 1234567.4, "$1,234,567"),
        ("money", -950.0, "-$950"),
        ("pct", 0.12345, "12.3%"),
        ("days", 131.4, "131"),
        ("ratio", 1.254, "1.25x"),
        ("count", 1234, "1,234"),
        ("pct", None, "n/a"),
        ("money", float("nan"), "n/a"),
    ],
)
def test_format_value(kind, value, text):
    assert tr.format_value(kind, value) == text


def test_period_end_parsing():
    assert tr.parse_period_end(None) == AS_OF
    assert tr.parse_period_end("2025-06-30") == pd.Timestamp("2025-06-30")
    for bad in ("2025-13-01", "31/12/2025", "2025-12-31T10:00", "yesterday", "2025-6-3"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            tr.parse_period_end(bad)


def test_find_team_by_id_name_or_loose_name(tables):
    teams = tr.team_list(tables)
    assert tr.find_team_id(teams, "T06") == "T06"
    assert tr.find_team_id(teams, "East Public Sector") == "T06"
    assert tr.find_team_id(teams, "  east   public sector ") == "T06"
    with pytest.raises(ValueError) as err:
        tr.find_team_id(teams, "Atlantis")
    message = str(err.value)
    assert "unknown team 'Atlantis'" in message
    assert all(tid in message and name in message for tid, name in teams)


def test_shared_team_name_asks_for_the_id():
    teams = [("A", "Sales"), ("B", "Sales")]
    with pytest.raises(ValueError, match="shared by several teams; use the team id"):
        tr.find_team_id(teams, "Sales")


# ---------------------------------------------------------------------------------------
# Headline figures of one team, recomputed here directly from the tables


def test_revenue_and_pipeline_by_hand(tables, t06):
    accounts = _team_accounts(tables, "T06")
    inv = tables["invoices"]
    in_2025 = inv["month"].between(YEAR_START, pd.Timestamp("2025-12-01"))
    team_revenue = inv.loc[in_2025 & inv["account_id"].isin(accounts), "revenue"].sum()
    h = t06.figures["headline"]
    assert h["revenue_12m"]["team"] == pytest.approx(team_revenue, rel=1e-12)
    assert h["revenue_12m"]["company"] == pytest.approx(inv.loc[in_2025, "revenue"].sum() / 12)

    o = tables["opportunities"]
    open_ = o[(o["team_id"] == "T06") & o["status"].isin(["C", "D"])]
    assert h["open_pipeline"]["team"] == pytest.approx(open_["amount"].sum())
    weights = open_["stage"].map(DEFAULT_STAGE_PROBABILITY)
    assert h["weighted_pipeline"]["team"] == pytest.approx((open_["amount"] * weights).sum())


def test_win_rate_cycle_and_churn_by_hand(tables, t06):
    o = tables["opportunities"]
    team = o[o["team_id"] == "T06"]
    closed = team[team["closed_date"].between(YEAR_START, AS_OF)]
    won, lost = (closed["status"] == "W").sum(), (closed["status"] == "L").sum()
    h = t06.figures["headline"]
    assert h["win_rate"]["team"] == pytest.approx(won / (won + lost))
    wins = closed[closed["status"] == "W"]
    cycle = (wins["closed_date"] - wins["created_date"]).dt.days.mean()
    assert h["cycle_days"]["team"] == pytest.approx(cycle)

    c = tables["contracts"]
    ended = c[c["end_date"].between(YEAR_START, AS_OF) & c["account_id"].isin(
        _team_accounts(tables, "T06"))]
    churned, renewed = (ended["outcome"] == "churned").sum(), (ended["outcome"] == "renewed").sum()
    assert h["churn_rate"]["team"] == pytest.approx(churned / (churned + renewed))
    all_ended = c[c["end_date"].between(YEAR_START, AS_OF)]
    assert h["churn_rate"]["company"] == pytest.approx(
        (all_ended["outcome"] == "churned").sum()
        / all_ended["outcome"].isin(["churned", "renewed"]).sum()
    )


def test_funnel_counts_and_win_loss_by_hand(tables, t06):
    o = tables["opportunities"]
    team = o[o["team_id"] == "T06"]
    rank = team["stage"].map({s: i for i, s in enumerate(STAGES)})
    f = t06.figures["funnel"]
    assert f["opportunities"] == len(team)
    for i, stage in enumerate(STAGES):
        assert f["stages"][stage] == int((rank >= i).sum())
    # win/loss: closed in the window or still open
    book = team[team["closed_date"].between(YEAR_START, AS_OF) | team["status"].isin(["C", "D"])]
    total = t06.figures["win_loss_total"]
    for status in "WLCD":
        assert total[status] == int((book["status"] == status).sum())
        assert sum(r[status] for r in t06.figures["win_loss"]) == total[status]
    assert total["win_rate"] == t06.figures["headline"]["win_rate"]["team"]


def test_loss_reasons_are_a_pareto_of_this_years_losses(tables, t06):
    o = tables["opportunities"]
    lost = o[(o["team_id"] == "T06") & (o["status"] == "L")
             & o["closed_date"].between(YEAR_START, AS_OF)]
    reasons = t06.figures["loss_reasons"]
    counts = lost["loss_reason"].value_counts()
    assert [r["count"] for r in reasons] == sorted(counts.to_list(), reverse=True)
    assert reasons[0]["reason"] == counts.idxmax()
    assert reasons[-1]["cumulative_share"] == pytest.approx(1.0)


def test_customers_adopters_and_top_accounts(tables, t06):
    accounts = _team_accounts(tables, "T06")
    c = tables["contracts"]
    running = c[(c["start_date"] <= AS_OF) & (c["end_date"] >= AS_OF) & c["account_id"].isin(
        accounts)]
    cust = t06.figures["customers"]
    assert cust["customers"] == running["account_id"].nunique()
    top = cust["top_accounts"]
    assert len(top) == tr.TOP_ACCOUNTS
    assert [a["clv"] for a in top] == sorted((a["clv"] for a in top), reverse=True)
    assert {a["account_id"] for a in top} <= set(running["account_id"])
    assert t06.figures["headline"]["clv"]["team"] >= sum(a["clv"] for a in top)

    a = tables["accounts"]
    groups = a.loc[a["team_id"] == "T06", "adopter_group"].value_counts()
    mix = t06.figures["adopters"]["mix"]
    for group, n in groups.items():
        assert mix[group]["accounts"] == n
        assert mix[group]["team"] == pytest.approx(n / len(accounts))
    assert sum(m["company"] for m in mix.values()) == pytest.approx(1.0)


def test_top20_share_matches_a_direct_sort(tables, t06):
    accounts = _team_accounts(tables, "T06")
    inv = tables["invoices"]
    rev = inv[inv["month"].between(YEAR_START, pd.Timestamp("2025-12-01"))
              & inv["account_id"].isin(accounts)].groupby("account_id")["revenue"].sum()
    rev = rev[rev > 0].sort_values(ascending=False)
    k = math.ceil(0.2 * len(rev))
    assert t06.figures["customers"]["top20_share"] == pytest.approx(rev.iloc[:k].sum() / rev.sum())


def test_simple_retention_clv_is_gupta_lehmann():
    # m r / (1 + d - r): margin 100, retention 0.8, discount 0.1 -> 100 * 0.8 / 0.3
    values, model = tr._account_clv(pd.Series([100.0]), pd.Series([0]), None, 0.8)
    assert model == "simple"
    assert values.iloc[0] == pytest.approx(100 * 0.8 / 0.3)


# ---------------------------------------------------------------------------------------
# The stories of the sample data show up where they should


def test_bottleneck_team_gets_the_advantage_strategy(t06):
    b = t06.figures["bottleneck"]
    assert (b["transition"], b["strategy"]) == ("possible->target", "advantage")
    assert b["rate"] < b["company_rate"]
    assert "bottleneck" in [a["rule"] for a in t06.figures["actions"]]


def test_credibility_team_gets_the_credibility_strategy(tables):
    """South Commercial's wins do not become effective customers: the funnel deck sends
    that (target -> effective) to support's credibility strategy, not to sales."""
    report = tr.build(tables, "South Commercial")
    b = report.figures["bottleneck"]
    assert (b["transition"], b["strategy"], b["led_by"]) == (
        "target->effective", "credibility", "support")
    assert b["rate"] < 0.8 * b["company_rate"]  # 59.6% against 81.0%
    bottleneck = [a for a in report.figures["actions"] if a["rule"] == "bottleneck"]
    assert bottleneck and "credibility strategy" in bottleneck[0]["text"]


def test_win_loss_book_by_the_decks_progress_marks(tables, t06):
    rows = t06.figures["win_loss_progress"]
    marks = {(r["stage"], r["won"]): r["progress"] for r in rows}
    assert marks[("possible", False)] == 0.2
    assert marks[("target", False)] == 0.6  # a contract being signed
    assert marks[("target", True)] == 0.9  # won: "contract out"
    total = t06.figures["win_loss_total"]
    for status in "WLCD":
        assert sum(r[status] for r in rows) == total[status]
    # only won deals sit at 90%; nothing is lost at target (the sale is won there)
    won_row = next(r for r in rows if r["won"])
    assert won_row["L"] == won_row["C"] == won_row["D"] == 0
    assert all(r["L"] == 0 for r in rows if r["stage"] in ("target", "effective"))


def test_as_of_a_past_date_no_customer_is_effective_before_its_renewal(tables):
    when = pd.Timestamp("2024-06-30")
    opps = tr.opportunities_as_of(tables["opportunities"], when)
    eff = opps[opps["stage"] == "effective"]
    assert (eff["closed_date"] + pd.Timedelta(days=365) <= when).all()
    # a deal won after that date was still open then, and not at target or beyond
    later = tables["opportunities"]
    later = later[(later["created_date"] <= when) & (later["closed_date"] > when)
                  & (later["status"] == "W")]
    assert (opps.loc[later.index, "stage"] == "possible").all()
    assert (opps.loc[later.index, "status"] == "C").all()


def test_churn_team_is_told_to_retain(tables):
    report = tr.build(tables, "South Commercial")
    first = report.figures["actions"][0]
    assert first["rule"] == "churn"
    assert tr.format_value("pct", first["team"]) in first["text"]


def test_star_team_beats_the_company_win_rate(tables):
    h = tr.build(tables, "West Enterprise").figures["headline"]
    assert h["win_rate"]["team"] > 1.5 * h["win_rate"]["company"]


def test_every_team_has_json_figures_and_three_actions(tables):
    for team_id, _name in tr.team_list(tables):
        figures = tr.build(tables, team_id).figures
        json.dumps(figures, allow_nan=False)  # no NaN, no numpy types
        assert len(figures["actions"]) == 3
        assert len({a["metric"] for a in figures["actions"]}) == 3


# ---------------------------------------------------------------------------------------
# A report as of a past date sees only what was known then


def test_report_as_of_a_past_date(tables):
    when = pd.Timestamp("2025-06-30")
    report = tr.build(tables, "T06", period_end="2025-06-30")
    o = tables["opportunities"]
    team = o[(o["team_id"] == "T06") & (o["created_date"] <= when)]
    assert report.figures["funnel"]["opportunities"] == len(team)
    open_then = team[team["status"].isin(["C", "D"]) | (team["closed_date"] > when)]
    assert report.figures["headline"]["open_pipeline"]["team"] == pytest.approx(
        open_then["amount"].sum()
    )
    assert report.figures["window"] == {
        "start": "2024-07-01", "end": "2025-06-30", "first_month": "2024-07",
        "last_month": "2025-06",
    }


def test_team_without_opportunities_is_a_clear_error(tables):
    extra = dict(tables)
    extra["teams"] = pd.concat(
        [tables["teams"], pd.DataFrame({"team_id": ["T99"], "team_name": ["New Team"],
                                        "region": ["north"], "quota": [1.0]})],
        ignore_index=True,
    )
    with pytest.raises(ValueError, match="T99 .New Team. has no opportunity"):
        tr.build(extra, "T99")


def test_missing_required_table_is_a_clear_error(tables):
    # issue 18: only teams and opportunities are required; without contracts the report
    # leaves its customers section out (tests/test_report_partial.py)
    for name in tr.REQUIRED_TABLES:
        partial = {k: v for k, v in tables.items() if k != name}
        with pytest.raises(ValueError, match=name):
            tr.build(partial, "T01")


# ---------------------------------------------------------------------------------------
# Recommended actions: the rule table on hand-made figures


def _figures(**overrides):
    """Figures where the team equals the company everywhere; override (team, company) pairs."""
    pairs = {
        "revenue_12m": (1e6, 1e6), "open_pipeline": (5e5, 5e5), "weighted_pipeline": (1e5, 1e5),
        "win_rate": (0.2, 0.2), "cycle_days": (100.0, 100.0), "churn_rate": (0.1, 0.1),
        "clv": (3e6, 3e6), "coverage": (0.7, 0.7), "top20": (0.6, 0.6), "early": (0.16, 0.16),
        "bottleneck": (0.5, 0.5),
    }
    pairs.update(overrides)
    headline = {k: {"team": pairs[k][0], "company": pairs[k][1]}
                for k, _kind in tr.HEADLINE}
    return {
        "headline": headline,
        "coverage": {"team": pairs["coverage"][0], "company": pairs["coverage"][1]},
        "customers": {"top20_share": pairs["top20"][0], "top20_share_company": pairs["top20"][1]},
        "adopters": {"early_market": {"team": pairs["early"][0], "company": pairs["early"][1]}},
        "bottleneck": {
            "rate": pairs["bottleneck"][0], "company_rate": pairs["bottleneck"][1],
            "from_stage": "possible", "to_stage": "target", "strategy_name": "Advantage strategy",
            "first_action": "Pin down the key problem.",
        },
        "loss_reasons": [{"reason": "no_budget", "share": 0.41}],
    }


def test_three_worst_gaps_win_and_each_cites_its_numbers():
    figures = _figures(
        churn_rate=(0.30, 0.10),  # 200% worse
        win_rate=(0.10, 0.20),  # 50% worse
        cycle_days=(130.0, 100.0),  # 30% worse
        top20=(0.66, 0.60),  # 10% worse
        bottleneck=(0.40, 0.50),  # 20% worse
    )
    actions = tr.recommend(figures)
    assert [a["rule"] for a in actions] == ["churn", "win_rate", "cycle"]
    assert [a["score"] for a in actions] == pytest.approx([2.0, 0.5, 0.3])
    assert "30.0%" in actions[0]["text"] and "10.0%" in actions[0]["text"]
    assert "10.0%" in actions[1]["text"] and "20.0%" in actions[1]["text"]
    assert "no budget, 41.0% of losses" in actions[1]["text"]
    assert "130 days" in actions[2]["text"] and "100" in actions[2]["text"]


def test_bottleneck_action_names_the_strategy():
    actions = tr.recommend(_figures(bottleneck=(0.25, 0.5)))
    assert actions[0]["rule"] == "bottleneck"
    text = actions[0]["text"]
    assert "advantage strategy" in text and "25.0%" in text and "50.0%" in text
    assert "Possible customers → Target customers" in text


def test_small_gaps_do_not_fire():
    # 3% worse on churn is below the materiality threshold
    actions = tr.recommend(_figures(churn_rate=(0.103, 0.100)))
    assert "churn" not in [a["rule"] for a in actions if a["rule"] != "keep"]
    assert tr.MATERIALITY > 0.03


def test_ties_follow_the_rule_order():
    # churn and win rate both 50% worse: churn comes first in RULES
    actions = tr.recommend(_figures(churn_rate=(0.15, 0.10), win_rate=(0.10, 0.20)))
    assert [a["rule"] for a in actions[:2]] == ["churn", "win_rate"]


def test_a_strong_team_gets_keep_actions_ranked_by_lead():
    figures = _figures(
        win_rate=(0.30, 0.20),  # 50% ahead
        churn_rate=(0.05, 0.10),  # 50% ahead (lower is better)
        revenue_12m=(3e6, 1e6),  # 200% ahead
        clv=(3.3e6, 3e6),  # 10% ahead
    )
    actions = tr.recommend(figures)
    assert [a["rule"] for a in actions] == ["keep", "keep", "keep"]
    assert [a["metric"] for a in actions] == ["revenue_12m", "win_rate", "churn_rate"]
    assert "$3,000,000" in actions[0]["text"] and "$1,000,000" in actions[0]["text"]


def test_always_three_even_when_figures_are_missing():
    figures = _figures(churn_rate=(0.3, 0.1))
    for key in figures["headline"]:
        if key != "churn_rate":
            figures["headline"][key] = {"team": None, "company": None}
    figures["coverage"] = {"team": None, "company": None}
    actions = tr.recommend(figures)
    assert len(actions) == 3
    assert actions[0]["rule"] == "churn"
    assert [a["rule"] for a in actions[1:]] == ["watch", "watch"]
    assert all("n/a" in a["text"] for a in actions[1:])


def test_gap_score_direction():
    assert tr.gap_score(0.1, 0.2, higher_is_better=True) == pytest.approx(0.5)
    assert tr.gap_score(0.3, 0.2, higher_is_better=False) == pytest.approx(0.5)
    assert tr.gap_score(0.3, 0.2, higher_is_better=True) == pytest.approx(-0.5)
    assert tr.gap_score(None, 0.2, True) is None
    assert tr.gap_score(0.1, 0.0, True) is None
    assert tr.gap_score(np.nan, 0.2, True) is None


def test_small_data_sets_give_a_report_or_a_clear_error():
    """On a tiny generated data set some teams have almost nothing: every team still gets
    its figures (None where a figure cannot be computed) or a plain ValueError."""
    from valuekit import data

    tables = {k: v for k, v in data.generate(n_accounts=60).items() if k in tr.REPORT_TABLES}
    built = 0
    for team_id, _name in tr.team_list(tables):
        try:
            figures = tr.build(tables, team_id).figures
        except ValueError as err:
            assert "has no opportunity" in str(err)
            continue
        built += 1
        json.dumps(figures, allow_nan=False)
        assert len(figures["actions"]) == 3
    assert built > 0


def test_the_early_market_action_gives_moores_advice():
    # Moore: pragmatists buy on other pragmatists' references; the advice is to win the first
    # pragmatists of one beachhead segment, not to turn early adopters into references.
    for language in ("en", "zh"):
        text = tr.LABELS[language]["action_early_market"]
        assert "{team}" in text and "{company}" in text
    en = tr.LABELS["en"]["action_early_market"]
    assert "beachhead" in en and "first pragmatist" in en
    assert "Turn them into references" not in en
    assert "滩头" in tr.LABELS["zh"]["action_early_market"]
