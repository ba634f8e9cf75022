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

Languages: every word here is a gettext msgid of the library's ``valuekit`` domain (``N_``
for the module-level words, ``_`` at display time), shown in the kit's language
(:mod:`valuekit.i18n`); the report is built in that language too, so the actions' texts,
the figures' names and the money come from the report's own catalog. The funnel stages (the
kit's categories) are shown by the report's short stage names in Chinese, and as the data
writes them in English. English output is unchanged.
"""

from __future__ import annotations

import functools
from typing import Any

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

import valuekit.charts as vc
from valuekit import data, i18n
from valuekit import team_report as tr
from valuekit.i18n import N_, _
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
    ("revenue_12m", "money", N_("Revenue")),
    ("clv", "money", N_("CLV")),
    ("win_rate", "pct", N_("Win rate")),
    ("bottleneck", "pct", N_("Bottleneck step")),
    ("cycle_days", "days", N_("Sales cycle")),
    ("churn_rate", "pct", N_("Churn")),
    ("pipeline_coverage", "pct", N_("Pipeline ÷ quota")),
    ("top20_share", "pct", N_("Top-20% share")),
    ("early_market_share", "pct", N_("Early market")),
)

_PY_FORMATS = {"money": "${:,.0f}", "pct": "{:.1%}", "days": "{:,.0f} days"}

#: What a manager reads for each figure a card or table names (never a variable name
#: such as ``churn_rate``).
FIGURE_WORDS: dict[str, str] = {
    **{metric: label for metric, _kind, label in COMPARED},
    "open_pipeline": N_("Open pipeline"),
    "weighted_pipeline": N_("Weighted pipeline"),
}

#: What each rule of :data:`valuekit.team_report.RULES` (and the fill-ins) is about, in
#: a manager's words.
RULE_WORDS: dict[str, str] = {
    "bottleneck": N_("fix the funnel's bottleneck"),
    "churn": N_("retention"),
    "win_rate": N_("win more of what you work"),
    "coverage": N_("prospecting"),
    "concentration": N_("diversify"),
    "cycle": N_("shorten the sales cycle"),
    "early_market": N_("cross the chasm"),
    "keep": N_("keep what works"),
    "watch": N_("watch a figure"),
}


def figure_words(metric: str) -> str:
    """The manager's words for a figure (:data:`FIGURE_WORDS`), never its variable name, in
    the kit's language."""
    if metric in FIGURE_WORDS:
        return _(FIGURE_WORDS[metric])
    return metric.replace("_", " ").capitalize()


def rule_words(rule: str) -> str:
    """The manager's words for a rule (:data:`RULE_WORDS`), in the kit's language."""
    if rule in RULE_WORDS:
        return _(RULE_WORDS[rule])
    return rule.replace("_", " ")


def _stage(stage: str, words: dict[str, str]) -> str:
    """A funnel stage (a kit category): as the data writes it in English (``possible``), by
    the report's short stage name in another language (``可能``)."""
    if i18n.language() == "en":
        return stage
    return words.get(f"short_stage_{stage}", stage)


def _tables() -> dict[str, pd.DataFrame]:
    return data.sample(tr.REPORT_TABLES)


@functools.cache
def team_names() -> dict[str, str]:
    """team_id -> team name of the sample (12 teams)."""
    return dict(tr.team_list(_tables()))


@functools.cache
def report_for(team: str, language: str = "en") -> tr.TeamReport:
    """``team_report.build`` on the sample for one team (id or name) in ``language``,
    computed once."""
    return tr.build(_tables(), team, language=language)


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


#: The verdicts of :func:`gap_frame` (the chart's colours), in the kit's words.
VERDICT_WORDS = {"better": N_("better"), "worse": N_("worse"), "n/a": N_("n/a")}


def _gap_chart(frame: pd.DataFrame, title: str) -> alt.LayerChart | alt.Chart:
    data = frame.dropna(subset=["vs_company"])[["figure", "vs_company", "verdict"]]
    if i18n.language() != "en":  # the figures and verdicts drawn in the reader's language
        data = data.assign(figure=[_(f) for f in data["figure"]],
                           verdict=[_(VERDICT_WORDS.get(v, v)) for v in data["verdict"]])
    return vc.bar(data, "figure", "vs_company", color="verdict", horizontal=True,
                  value_format="+.0%", title=title, category_title="",
                  value_title=_("team vs company (+ = better)"))


@functools.cache
def _view(
    team: str, language: str = "en",
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any], tuple[str, ...]]:
    """Everything the picker shows for one team in ``language`` (the kit's: the words
    below come from its catalogs) (numbers, formats, chart spec, the three actions' texts)."""
    report = report_for(team, language)
    f, words = report.figures, report.labels

    def value(kind: str, x: Any) -> str:
        return tr.format_value(kind, x, language)

    numbers: dict[str, Any] = {}
    formats: dict[str, str] = {}
    for metric, kind in (("revenue_12m", "money"), ("win_rate", "pct"),
                         ("churn_rate", "pct"), ("clv", "money")):
        h = f["headline"][metric]
        label = _("{figure}: team / company").format(figure=words[f"short_{metric}"])
        numbers[label] = f"{value(kind, h['team'])} / {value(kind, h['company'])}"
    b = f["bottleneck"]
    numbers[_("Bottleneck")] = (
        _("n/a") if b is None else
        _("{from_stage} → {to_stage}: {rate} / {company_rate}").format(
            from_stage=_stage(b["from_stage"], words), to_stage=_stage(b["to_stage"], words),
            rate=value("pct", b["rate"]), company_rate=value("pct", b["company_rate"])))
    kinds = {m: k for m, k, _label in COMPARED}
    for i, a in enumerate(f["actions"], 1):
        kind = kinds.get(a["metric"], "pct")
        numbers[_("Action {i}: {rule}").format(i=i, rule=rule_words(a["rule"]))] = (
            _("{figure} {team} vs {company}").format(
                figure=figure_words(a["metric"]), team=value(kind, a["team"]),
                company=value(kind, a["company"])))
    chart = _gap_chart(gap_frame(report),
                       _("{team} against the company").format(team=report.team_name))
    items = tuple(a["text"] for a in f["actions"])
    return numbers, formats, vc.spec_of(chart, validate=False), items


def team_compare(team: str) -> Outcome:
    """One team's report at a glance: headline figures (team / company), bottleneck, the
    three recommended actions with the rule that produced each, and a chart of how far the
    team is from the company on every figure a rule reads. All from ``team_report.build``."""
    if team not in team_names():
        raise ValueError(_("unknown team {team}; teams are {teams}").format(
            team=repr(team), teams=", ".join(team_names())))
    numbers, formats, spec, items = _view(team, i18n.language())
    return Outcome(dict(numbers), chart=spec, formats=dict(formats),
                   note=_("The three recommended actions:"), items=items)


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
        {"team": Dropdown({n: t for t, n in names.items()}, default, _("Team"))},
        title=_("Team picker: the report's figures and actions, team by team"),
    )
    for team in names:  # draw every team once now, then come back to the default
        ix.controls["team"].value = team
    ix.controls["team"].value = default
    ix.add_class("vk-m05-team-compare")
    return ix


# --------------------------------------------------------------------------- lesson tables


def headline_table(report: tr.TeamReport) -> Styler:
    """The report's seven headline figures, team against company, for a projector (the
    figures' names and values as the report writes them, the columns in the kit's words)."""
    w, h = report.labels, report.figures["headline"]
    figure, team_col, company_col, vs = _("Figure"), _("Team"), _("Company"), _("Team vs company")
    rows = []
    for key, kind in tr.HEADLINE:
        team, company = h[key]["team"], h[key]["company"]
        score = tr.gap_score(team, company, tr.HIGHER_IS_BETTER[key])
        rows.append({figure: w[key], team_col: tr.format_value(kind, team, report.language),
                     company_col: tr.format_value(kind, company, report.language),
                     vs: None if score is None else -score})
    frame = pd.DataFrame(rows).set_index(figure)
    return frame.style.format({vs: "{:+.0%}"}, na_rep=_("n/a")).set_caption(
        _("{team}: + = better than the company, - = worse").format(team=report.team_name))


def actions_table(report: tr.TeamReport) -> Styler:
    """The three recommended actions: the rule that fired, its numbers, its text."""
    kinds = {m: k for m, k, _label in COMPARED}
    gap, action = _("Gap (rank score)"), _("Action")
    rows = []
    for i, a in enumerate(report.figures["actions"], 1):
        kind = kinds.get(a["metric"], "pct")
        rows.append({"#": i, _("Rule"): rule_words(a["rule"]),
                     _("Figure"): figure_words(a["metric"]),
                     _("Team"): tr.format_value(kind, a["team"], report.language),
                     _("Company"): tr.format_value(kind, a["company"], report.language),
                     gap: a["score"], action: a["text"]})
    frame = pd.DataFrame(rows).set_index("#")
    return frame.style.format({gap: "{:+.0%}"}, na_rep=_("n/a")).set_properties(
        subset=[action], **{"text-align": "left", "white-space": "normal"})


def rule_table() -> Styler:
    """:data:`valuekit.team_report.RULES`: each rule, the figure it reads and when it fires."""
    order_col, fires = _("Tie order"), _("Fires when the gap is at least")
    rows = []
    for order, rule in enumerate(tr.RULES, 1):
        higher = _higher(rule.metric)
        rows.append({order_col: order, _("Rule"): rule_words(rule.key),
                     _("Reads"): figure_words(rule.metric),
                     _("Worse when the team's is"): _("lower") if higher else _("higher"),
                     fires: tr.MATERIALITY})
    frame = pd.DataFrame(rows).set_index(order_col)
    return frame.style.format({fires: "{:.0%}"})
