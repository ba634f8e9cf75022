"""The three recommended actions: the rule table and how it ranks (Module 5).

Every rule reads one figure of the team against the company
(:func:`team_and_company`); a figure whose tables are absent from the data
(:data:`.definitions.FIGURE_NEEDS`) is never read, so no action is recommended
or cited from it (issue 18).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from valuekit.team_report.calc import _clean
from valuekit.team_report.definitions import FIGURE_NEEDS, HIGHER_IS_BETTER, MATERIALITY
from valuekit.team_report.differences import difference
from valuekit.team_report.labels import category, format_value, labels


def available(figures: Mapping[str, Any], metric: str) -> bool:
    """Whether the tables behind ``metric`` were present when ``figures`` were computed
    (figures that do not list their tables are taken to come from all of them).

    Args:
        figures: a report's figures (:func:`~valuekit.team_report.compute`).
        metric: a figure name (a key of :data:`.definitions.FIGURE_NEEDS`).

    Returns:
        True when every table the metric reads was there.
    """
    tables = figures.get("tables")
    return tables is None or set(FIGURE_NEEDS[metric]) <= set(tables)


@dataclass(frozen=True)
class Rule:
    """A rule of the action table: when ``metric`` is worse than the company, act.

    ``score`` is how far the team is from the company on that metric, as a
    share of the company's value (0.25 = 25% worse); the three largest scores
    win. ``label`` is the key of the action's text in :data:`LABELS`.
    """

    key: str
    metric: str
    kind: str
    label: str


#: The rule table, in the order ties are broken.
RULES: tuple[Rule, ...] = (
    Rule("bottleneck", "bottleneck", "pct", "action_bottleneck"),
    Rule("churn", "churn_rate", "pct", "action_churn"),
    Rule("win_rate", "win_rate", "pct", "action_win_rate"),
    Rule("coverage", "pipeline_coverage", "pct", "action_coverage"),
    Rule("concentration", "top20_share", "pct", "action_concentration"),
    Rule("cycle", "cycle_days", "days", "action_cycle"),
    Rule("early_market", "early_market_share", "pct", "action_early_market"),
)

#: Figures a "keep what works" action may cite when fewer than three rules fire.
_KEEP = (
    ("win_rate", "pct"),
    ("churn_rate", "pct"),
    ("cycle_days", "days"),
    ("revenue_12m", "money"),
    ("clv", "money"),
    ("weighted_pipeline", "money"),
    ("open_pipeline", "money"),
)


def team_and_company(figures: Mapping[str, Any], metric: str) -> tuple[float | None, float | None]:
    """The team's and the company's value of a metric that a rule reads (the recommendation
    rules and the capstone's team picker read figures through this one look-up).

    Args:
        figures: a report's figures (:func:`~valuekit.team_report.compute`).
        metric: a figure name (a key of :data:`.definitions.FIGURE_NEEDS`).

    Returns:
        ``(team, company)``; None for a value the figures do not hold.
    """
    if metric in figures.get("headline", {}):
        h = figures["headline"][metric]
        return h.get("team"), h.get("company")
    if metric == "pipeline_coverage":
        c = figures.get("coverage") or {}
        return c.get("team"), c.get("company")
    if metric == "top20_share":
        c = figures.get("customers") or {}
        return c.get("top20_share"), c.get("top20_share_company")
    if metric == "early_market_share":
        e = (figures.get("adopters") or {}).get("early_market") or {}
        return e.get("team"), e.get("company")
    if metric == "bottleneck":
        b = figures.get("bottleneck") or {}
        return b.get("rate"), b.get("company_rate")
    raise KeyError(metric)


def gap_score(team: float | None, company: float | None, higher_is_better: bool) -> float | None:
    """How much worse the team is than the company, relative to the company's value.

    Args:
        team: the team's value.
        company: the company's value.
        higher_is_better: whether a larger value is the better one (a win rate) or the
            worse one (a sales cycle).

    Returns:
        ``(company - team) / company`` when higher is better, ``(team - company) /
        company`` when lower is better; positive means worse. None when either value is
        missing or the company's is 0 (no scale to compare on).
    """
    if team is None or company is None or not company:
        return None
    if not (math.isfinite(team) and math.isfinite(company)):
        return None
    gap = (company - team) if higher_is_better else (team - company)
    return gap / abs(company)


def recommend(figures: Mapping[str, Any], language: str = "en") -> list[dict[str, Any]]:
    """Exactly three actions, each citing the number behind it.

    Every rule of :data:`RULES` whose metric is worse for the team than for
    the company by at least :data:`MATERIALITY` fires, scored by
    :func:`gap_score` (the bottleneck: its step conversion against the
    company's at that step, with the strategy the funnel module names for
    it). The three highest scores are kept (ties: rule order). When fewer
    than three fire, "keep what works" actions fill the list, citing the
    figures on which the team is furthest *ahead* of the company (and, when
    even those are missing, "watch" actions naming a figure), so that the
    report always ends with three concrete items. Only figures whose tables
    were present (``figures["tables"]``, :func:`available`) are read: with
    opportunities alone, four figures remain to fill the three.

    Args:
        figures: a report's figures (:func:`~valuekit.team_report.compute`).
        language: the language of the actions' words (``"en"``, ``"zh"``).

    Returns:
        Three actions, each a dict: ``rule``, ``metric``, the ``team`` and ``company``
        values it cites, ``score``, ``text`` (its words), ``kind`` and ``difference``.
    """
    words = labels(language)
    fired: list[tuple[float, int, dict[str, Any]]] = []
    for order, rule in enumerate(RULES):
        if not available(figures, rule.metric):
            continue
        team, company = team_and_company(figures, rule.metric)
        higher = True if rule.metric == "bottleneck" else HIGHER_IS_BETTER[rule.metric]
        score = gap_score(team, company, higher)
        if score is None or score < MATERIALITY:
            continue
        fill = {
            "team": format_value(rule.kind, team, language),
            "company": format_value(rule.kind, company, language),
        }
        if rule.key == "bottleneck":
            b = figures["bottleneck"]
            fill.update(
                strategy=b["strategy_name"].lower() if language == "en" else b["strategy_name"],
                from_stage=words[f"stage_{b['from_stage']}"],
                to_stage=words[f"stage_{b['to_stage']}"],
                first_action=b["first_action"],
            )
        if rule.key == "win_rate":
            reasons = figures.get("loss_reasons") or []
            top = reasons[0] if reasons else None
            fill.update(
                reason=category(words, "reason", (top or {}).get("reason", words["na"])),
                reason_share=format_value("pct", (top or {}).get("share"), language),
            )
        fired.append(
            (
                score,
                order,
                {
                    "rule": rule.key,
                    "metric": rule.metric,
                    "team": team,
                    "company": company,
                    "score": score,
                    "text": words[rule.label].format(**fill),
                },
            )
        )
    # rounded so that equal gaps computed in different ways tie, and ties keep rule order
    fired.sort(key=lambda item: (-round(item[0], 9), item[1]))
    actions = [a for _, _, a in fired[:3]]
    actions += _keep_or_watch(figures, {a["metric"] for a in actions}, 3 - len(actions),
                              language)
    kinds = {**{r.metric: r.kind for r in RULES}, **dict(_KEEP)}
    for a in actions:  # the gap by the one rule for differences (points or percent)
        a["kind"] = kinds[a["metric"]]
        a["difference"] = difference(a["kind"], a["team"], a["company"])
    return _clean(actions)


def _keep_or_watch(
    figures: Mapping[str, Any], cited: set[str], n: int, language: str
) -> list[dict[str, Any]]:
    """Up to ``n`` "keep what works" actions on the figures where the team is furthest
    ahead of the company, then "watch" actions naming a figure that is level or unknown;
    only figures whose tables are present, none already ``cited``."""
    words = labels(language)
    actions: list[dict[str, Any]] = []
    if n <= 0:
        return actions
    # where the team is furthest ahead of the company first (most negative gap)
    ahead = []
    keep = [(m, k) if available(figures, m) else (None, k) for m, k in _KEEP]
    for order, (metric, kind) in enumerate(keep):
        if metric is None:
            continue
        team, company = team_and_company(figures, metric)
        score = gap_score(team, company, HIGHER_IS_BETTER[metric])
        if score is not None and score < 0 and metric not in cited:
            ahead.append((round(score, 9), order, metric, kind, score))
    ahead.sort()
    # last resort (figures missing or level with the company): name the figure to watch
    rest = [(None, o, m, k, None) for o, (m, k) in enumerate(keep)
            if m is not None and m not in cited and m not in {x[2] for x in ahead}]
    for _rounded, _order, metric, kind, score in [*ahead, *rest][:n]:
        team, company = team_and_company(figures, metric)
        figure = words[metric]
        if language == "en":
            figure = figure[0].lower() + figure[1:]
        actions.append(
            {
                "rule": "keep" if score is not None else "watch",
                "metric": metric,
                "team": team,
                "company": company,
                "score": score,
                "text": words["action_keep" if score is not None else "action_watch"].format(
                    figure=figure,
                    team=format_value(kind, team, language),
                    company=format_value(kind, company, language),
                ),
            }
        )
    return actions
