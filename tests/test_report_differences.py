"""The one rule for differences (issue 17): rates in percentage points, amounts relative."""

from __future__ import annotations

import pytest

from valuekit import team_report as tr
from valuekit.reports import render


@pytest.mark.parametrize(
    ("kind", "new", "old", "text"),
    [
        ("pct", 0.140, 0.138, "+0.2 points"),  # the example: not "+1.4%"
        ("pct", 0.13, 0.14, "−1.0 point"),
        ("pct", 0.25, 0.25, "no change"),
        ("money", 110.0, 100.0, "+10.0%"),
        ("money", 75.0, 100.0, "−25.0%"),
        ("days", 90.0, 120.0, "−25.0%"),
        ("money", 5.0, 0.0, "n/a"),  # no scale to compare an amount with
        ("pct", None, 0.1, "n/a"),
    ],
)
def test_difference_text(kind, new, old, text):
    assert tr.difference_text(kind, new, old) == text


def test_difference_in_chinese_uses_points():
    assert tr.difference_text("pct", 0.15, 0.14, "zh") == "+1.0 个百分点"


def test_verdict_follows_the_direction_of_the_figure():
    assert tr.difference_verdict("churn_rate", "pct", 0.15, 0.14) == "worse"
    assert tr.difference_verdict("win_rate", "pct", 0.15, 0.14) == "better"
    assert tr.difference_verdict("cycle_days", "days", 80, 100) == "better"
    assert tr.difference_verdict("win_rate", "pct", 0.1401, 0.14) == "same"


def test_headline_table_and_actions_use_the_rule():
    figures = {
        "headline": {k: {"team": None, "company": None} for k, _ in tr.HEADLINE},
        "coverage": {"team": 0.5, "company": 0.5},
    }
    figures["headline"]["churn_rate"] = {"team": 0.20, "company": 0.14}
    figures["headline"]["revenue_12m"] = {"team": 1_100_000.0, "company": 1_000_000.0}
    report = tr.TeamReport("T", "T", "en", dict(figures, actions=tr.recommend(figures)))
    table = str(render.headline(report))
    assert "+6.0 points (worse)" in table  # churn 20.0% vs 14.0%
    assert "+10.0% (better)" in table  # revenue
    churn = next(a for a in report.figures["actions"] if a["metric"] == "churn_rate")
    assert round(churn["difference"], 9) == 6.0  # points, in the figures (no words)
    assert "+6.0 points against the company" in str(render.actions(report))
