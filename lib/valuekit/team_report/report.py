"""A team's report: its figures computed once (:func:`compute`), then put in a language
(:func:`localize`); :func:`build` does both.

The figures of :func:`compute` hold no word of any language, so a batch that
writes the same report in English and Chinese computes them once and calls
:meth:`TeamFigures.in_language` for each language.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from valuekit.team_report import calc
from valuekit.team_report.actions import recommend
from valuekit.team_report.definitions import (
    REPORT_TABLES,
    REQUIRED_TABLES,
    SECTION_NEEDS,
    missing_files,
)
from valuekit.team_report.inputs import find_team_id, parse_period_end, team_list
from valuekit.team_report.labels import labels
from valuekit.team_report.sections import SECTIONS, Context


@dataclass
class TeamReport:
    """A team's report: the printed figures (JSON-ready) and the frames behind the charts."""

    team_id: str
    team_name: str
    language: str
    figures: dict[str, Any]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def labels(self) -> dict[str, str]:
        return labels(self.language)

    def shows(self, section: str) -> bool:
        """Whether the report has ``section`` (its tables were present)."""
        return section in self.figures.get("sections", SECTION_NEEDS)


@dataclass
class TeamFigures:
    """A team's figures in no language (and the frames behind the charts)."""

    team_id: str
    team_name: str
    figures: dict[str, Any]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def in_language(self, language: str = "en") -> TeamReport:
        """The report in ``language`` (ValueError naming the available ones)."""
        return TeamReport(self.team_id, self.team_name, language,
                          localize(self.figures, language), self.frames)


def _context(tables: Mapping[str, pd.DataFrame], team: str, as_of: pd.Timestamp) -> Context:
    """The team and its opportunities as of ``as_of``; ValueError when there is nothing to
    report (a missing table, an unknown team, no opportunity yet)."""
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise ValueError(f"tables lacks the table(s) {', '.join(missing)} the report needs")
    teams = team_list(tables)
    team_id = find_team_id(teams, team)
    team_name = dict(teams)[team_id]
    opps_all = calc.opportunities_as_of(tables["opportunities"], as_of)
    if opps_all.empty:
        raise ValueError(f"no opportunity was opened on or before {as_of.date()}")
    opps = calc._team_opps(opps_all, team_id)
    if opps.empty:
        raise ValueError(
            f"team {team_id} ({team_name}) has no opportunity opened on or before "
            f"{as_of.date()}: there is nothing to report"
        )
    present = {t: tables[t] for t in REPORT_TABLES if t in tables}
    return Context(present, teams, team_id, team_name, as_of, opps_all, opps)


def compute(
    tables: Mapping[str, pd.DataFrame], team: str, period_end: object | None = None
) -> TeamFigures:
    """Every figure of ``team``'s report as of ``period_end``, in no language.

    Args:
        tables: needs :data:`.definitions.REQUIRED_TABLES`; each section whose tables
            (:data:`.definitions.SECTION_NEEDS`) are all there is computed, the others are
            listed under ``left_out`` with the files that would add them.
        team: a team id or name (:func:`.inputs.find_team_id`).
        period_end: the report date (:func:`.inputs.parse_period_end`; None: the sample's).

    Returns:
        The figures, in JSON types and no language.
    """
    ctx = _context(tables, team, parse_period_end(period_end))
    present = sorted(ctx.present, key=REPORT_TABLES.index)
    figures: dict[str, Any] = {}
    frames: dict[str, pd.DataFrame] = {}
    shown, left_out = [], []
    for section, needs in SECTION_NEEDS.items():
        files = missing_files(needs, present)
        if files:
            left_out.append({"section": section, "files": list(files)})
            continue
        shown.append(section)
        if section in SECTIONS:
            found, drawn = SECTIONS[section](ctx)
            figures.update(found)
            frames.update(drawn)
    figures.update(tables=present, sections=shown, left_out=left_out)
    return TeamFigures(ctx.team_id, ctx.team_name, calc._clean(figures), frames)


def localize(figures: Mapping[str, Any], language: str = "en") -> dict[str, Any]:
    """``figures`` with the words of ``language``.

    Args:
        figures: from :func:`compute`.
        language: ``"en"`` or ``"zh"``.

    Returns:
        A copy of ``figures`` with the title, the bottleneck's strategy, the total and
        progress rows' labels and the three actions in ``language``.
    """
    words = labels(language)
    rest = copy.deepcopy(dict(figures))
    out: dict[str, Any] = {
        "title": words["title"].format(team=rest["team"]["team_name"]),
        "team": rest.pop("team"),
        "period_end": rest.pop("period_end"),
        "window": rest.pop("window"),
        "language": language,
        **rest,
    }
    b = out.get("bottleneck")
    if b:
        key = b["strategy"]
        b.update(
            strategy_name=words[f"strategy_name_{key}"],
            led_by=words[f"strategy_led_by_{key}"],
            goal=words[f"strategy_goal_{key}"],
            first_action=words[f"strategy_first_action_{key}"],
        )
    if out.get("win_loss_total"):
        out["win_loss_total"]["product_name"] = words["total"]
    for row in out.get("win_loss_progress") or []:
        label = words[f"stage_{row['stage']}"]
        row["label"] = words["progress_won"].format(stage=label) if row["won"] else label
    if "actions" in out.get("sections", ("actions",)):
        out["actions"] = recommend(out, language)
    return out


def build(
    tables: Mapping[str, pd.DataFrame],
    team: str,
    period_end: object | None = None,
    language: str = "en",
) -> TeamReport:
    """Compute every figure of ``team``'s report as of ``period_end`` (see the package doc).

    Args:
        tables: the report's tables (:func:`load_tables`).
        team: a team id or name (:func:`find_team_id`).
        period_end: the report date (None: the sample's 2025-12-31).
        language: ``"en"`` or ``"zh"``.

    Returns:
        A :class:`TeamReport`; its ``figures`` hold only JSON types (None for a figure that
        cannot be computed, e.g. a win rate with nothing decided).
    """
    labels(language)  # an unknown language fails before any work
    return compute(tables, team, period_end).in_language(language)
