"""Module 5 (the capstone: your team's value plan): the team picker and the lesson's tables.

Nothing here computes a figure: every number comes from
:func:`valuekit.team_report.build` (the same function as ``valuekit report``), and the
three actions from :func:`valuekit.team_report.recommend` and its rule table
:data:`valuekit.team_report.RULES`. This module only lays them out:

- :func:`team_compare` / ``m05.team_compare``: pick one of the sample's teams; its headline
  figures against the company, its bottleneck, its three actions (rule and numbers), and a
  chart of how far the team is from the company on every figure a rule reads.
- :func:`headline_table`, :func:`actions_table`, :func:`rule_table`: the lesson's tables,
  formatted for a projector.
"""

from __future__ import annotations

import functools
from typing import Any

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

import valuekit.charts as vc
from valuekit import data
from valuekit import team_report as tr
from valuekit.widgets import Dropdown, Interactive, Outcome, register_builder

__all__ = [
    "COMPARED",
    "DEFAULT_TEAM",
    "actions_table",
    "gap_frame",
    "headline_table",
    "report_for",
    "rule_table",
    "team_compare",
    "team_compare_widget",
    "team_names",
]

DEFAULT_TEAM = "East Public Sector"

#: The figures the picker's chart compares (metric, kind, short label): the ones a rule of
#: :data:`valuekit.team_report.RULES` reads, and revenue and CLV.
COMPARED: tuple[tuple[str, str, str], ...] = (
    ("revenue_12m", "money", "Revenue"),
    ("clv", "money", "CLV"),
    ("win_rate", "pct", "Win rate"),
    ("bottleneck", "pct", "Bottleneck step"),
    ("cycle_days", "days", "Sales cycle"),
    ("churn_rate", "pct", "Churn"),
    ("pipeline_coverage", "pct", "Pipeline ÷ quota"),
    ("top20_share", "pct", "Top-20% share"),
    ("early_market_share", "pct", "Early market"),
)

_PY_FORMATS = {"money": "${:,.0f}", "pct": "{:.1%}", "days": "{:,.0f} days"}

#: What a manager reads for each figure a card or table names (never a variable name
#: such as ``churn_rate``).
FIGURE_WORDS: dict[str, str] = {
    **{metric: label for metric, _kind, label in COMPARED},
    "open_pipeline": "Open pipeline",
    "weighted_pipeline": "Weighted pipeline",
}

#: What each rule of :data:`valuekit.team_report.RULES` (and the fill-ins) is about, in
#: a manager's words.
RULE_WORDS: dict[str, str] = {
    "bottleneck": "fix the funnel's bottleneck",
    "churn": "retention",
    "win_rate": "win more of what you work",
    "coverage": "prospecting",
    "concentration": "diversify",
    "cycle": "shorten the sales cycle",
    "early_market": "cross the chasm",
    "keep": "keep what works",
    "watch": "watch a figure",
}


def figure_words(metric: str) -> str:
    """The manager's words for a figure (:data:`FIGURE_WORDS`), never its variable name."""
    return FIGURE_WORDS.get(metric, metric.replace("_", " ").capitalize())


def rule_words(rule: str) -> str:
    """The manager's words for a rule (:data:`RULE_WORDS`)."""
    return RULE_WORDS.get(rule, rule.replace("_", " "))


def _tables() -> dict[str, pd.DataFrame]:
    return data.sample(tr.REPORT_TABLES)


@functools.cache
def team_names() -> dict[str, str]:
    """team_id -> team name of the sample (12 teams)."""
    return dict(tr.team_list(_tables()))


@functools.cache
def report_for(team: str) -> tr.TeamReport:
    """``team_report.build`` on the sample for one team (id or name), computed once."""
    return tr.build(_tables(), team)


def _higher(metric: str) -> bool:
    return True if metric == "bottleneck" else tr.HIGHER_IS_BETTER[metric]


def gap_frame(report: tr.TeamReport) -> pd.DataFrame:
    """One row per :data:`COMPARED` figure: team, company, and ``vs_company`` = how much
    better (+) or worse (-) the team is, as a share of the company's value (minus
    :func:`valuekit.team_report.gap_score`, the score the rules rank by)."""
    rows = []
    for metric, kind, label in COMPARED:
        # the look-up the rule table uses, so the numbers agree
        team, company = tr.team_and_company(report.figures, metric)
        score = tr.gap_score(team, company, _higher(metric))
        rows.append({
            "metric": metric, "figure": label, "kind": kind, "team": team,
            "company": company, "vs_company": None if score is None else -score,
            "verdict": "n/a" if score is None else ("worse" if score > 0 else "better"),
        })
    return pd.DataFrame(rows)


def _gap_chart(frame: pd.DataFrame, title: str) -> alt.LayerChart | alt.Chart:
    data = frame.dropna(subset=["vs_company"])[["figure", "vs_company", "verdict"]]
    return vc.bar(data, "figure", "vs_company", color="verdict", horizontal=True,
                  value_format="+.0%", title=title, category_title="",
                  value_title="team vs company (+ = better)")


@functools.cache
def _view(
    team: str,
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any], tuple[str, ...]]:
    """Everything the picker shows for one team (numbers, formats, chart spec, the three
    actions' texts)."""
    report = report_for(team)
    f = report.figures
    numbers: dict[str, Any] = {}
    formats: dict[str, str] = {}
    for metric, kind in (("revenue_12m", "money"), ("win_rate", "pct"),
                         ("churn_rate", "pct"), ("clv", "money")):
        h = f["headline"][metric]
        label = f"{tr.labels()[f'short_{metric}']}: team / company"
        numbers[label] = (f"{tr.format_value(kind, h['team'])} / "
                          f"{tr.format_value(kind, h['company'])}")
    b = f["bottleneck"]
    numbers["Bottleneck"] = ("n/a" if b is None else
                             f"{b['from_stage']} → {b['to_stage']}: "
                             f"{tr.format_value('pct', b['rate'])} / "
                             f"{tr.format_value('pct', b['company_rate'])}")
    kinds = {m: k for m, k, _ in COMPARED}
    for i, a in enumerate(f["actions"], 1):
        kind = kinds.get(a["metric"], "pct")
        numbers[f"Action {i}: {rule_words(a['rule'])}"] = (
            f"{figure_words(a['metric'])} {tr.format_value(kind, a['team'])} "
            f"vs {tr.format_value(kind, a['company'])}")
    chart = _gap_chart(gap_frame(report), f"{report.team_name} against the company")
    items = tuple(a["text"] for a in f["actions"])
    return numbers, formats, vc.spec_of(chart, validate=False), items


def team_compare(team: str) -> Outcome:
    """One team's report at a glance: headline figures (team / company), bottleneck, the
    three recommended actions with the rule that produced each, and a chart of how far the
    team is from the company on every figure a rule reads. All from ``team_report.build``."""
    if team not in team_names():
        raise ValueError(f"unknown team {team!r}; teams are {', '.join(team_names())}")
    numbers, formats, spec, items = _view(team)
    return Outcome(dict(numbers), chart=spec, formats=dict(formats),
                   note="The three recommended actions:", items=items)


class _TeamPicker(Interactive):
    """An :class:`Interactive` that draws each team once: a team's report never changes
    within a kernel, so a pick shows the numbers and SVG drawn the first time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._drawn: dict[str, tuple[Outcome, str, str, str]] = {}
        super().__init__(*args, **kwargs)

    def refresh(self) -> None:
        team = self.controls["team"].value
        if team not in self._drawn:
            super().refresh()
            if self.error is not None:
                return
            self._drawn[team] = (self.result, self.readout.value, self.chart_svg,
                                 self.chart_view.value)
            return
        self.error = None
        self.result, self.readout.value, self.chart_svg, self.chart_view.value = (
            self._drawn[team])


@register_builder("m05.team_compare")
def team_compare_widget() -> Interactive:
    """The team picker over the sample's twelve teams, starting with East Public Sector.

    Every team's report is built and drawn here, once (its cost: benchmarks/widgets.md), so
    a pick only swaps in what was drawn."""
    names = team_names()
    default = tr.find_team_id(list(names.items()), DEFAULT_TEAM)
    ix = _TeamPicker(
        team_compare,
        {"team": Dropdown({n: t for t, n in names.items()}, default, "Team")},
        title="Team picker: the report's figures and actions, team by team",
    )
    for team in names:  # draw every team once now, then come back to the default
        ix.controls["team"].value = team
    ix.controls["team"].value = default
    ix.add_class("vk-m05-team-compare")
    return ix


# --------------------------------------------------------------------------- lesson tables


def headline_table(report: tr.TeamReport) -> Styler:
    """The report's seven headline figures, team against company, for a projector."""
    w, h = report.labels, report.figures["headline"]
    rows = []
    for key, kind in tr.HEADLINE:
        team, company = h[key]["team"], h[key]["company"]
        score = tr.gap_score(team, company, tr.HIGHER_IS_BETTER[key])
        rows.append({"Figure": w[key], "Team": tr.format_value(kind, team),
                     "Company": tr.format_value(kind, company),
                     "Team vs company": None if score is None else -score})
    frame = pd.DataFrame(rows).set_index("Figure")
    return frame.style.format({"Team vs company": "{:+.0%}"}, na_rep="n/a").set_caption(
        f"{report.team_name}: + = better than the company, - = worse")


def actions_table(report: tr.TeamReport) -> Styler:
    """The three recommended actions: the rule that fired, its numbers, its text."""
    kinds = {m: k for m, k, _ in COMPARED}
    rows = []
    for i, a in enumerate(report.figures["actions"], 1):
        kind = kinds.get(a["metric"], "pct")
        rows.append({"#": i, "Rule": rule_words(a["rule"]), "Figure": figure_words(a["metric"]),
                     "Team": tr.format_value(kind, a["team"]),
                     "Company": tr.format_value(kind, a["company"]),
                     "Gap (rank score)": a["score"], "Action": a["text"]})
    frame = pd.DataFrame(rows).set_index("#")
    return frame.style.format({"Gap (rank score)": "{:+.0%}"}, na_rep="n/a").set_properties(
        subset=["Action"], **{"text-align": "left", "white-space": "normal"})


def rule_table() -> Styler:
    """:data:`valuekit.team_report.RULES`: each rule, the figure it reads and when it fires."""
    rows = []
    for order, rule in enumerate(tr.RULES, 1):
        higher = _higher(rule.metric)
        rows.append({"Tie order": order, "Rule": rule_words(rule.key),
                     "Reads": figure_words(rule.metric),
                     "Worse when the team's is": "lower" if higher else "higher",
                     "Fires when the gap is at least": tr.MATERIALITY})
    frame = pd.DataFrame(rows).set_index("Tie order")
    return frame.style.format({"Fires when the gap is at least": "{:.0%}"})
