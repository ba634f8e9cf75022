"""Month after month: the figures each run saved, and what changed since the last period.

Each run writes, next to a team's report, ``<stem>.figures.json`` (the figures it
reported, the same JSON the tests compare with :func:`valuekit.team_report.build`) and a
copy in ``history/<period_end>/<stem>.figures.json`` of the output folder: the history a
monthly routine accumulates (docs/reports.md). Next month's comparison, other tools and
the kit's tests read those numbers, never the HTML.

:func:`add_changes` gives a report its "change since" block: for every headline figure
the value at the comparison date (``compare_to``, default one month before
``period_end``), the current value and their difference by the one rule
(:func:`valuekit.team_report.difference`: rates in percentage points, amounts relative),
and the recommended actions flagged new, repeated or resolved. The earlier figures are
the ones that run saved, when the history holds them (what the team was shown, even if
the data have moved on since: corrected records, a new export); otherwise they are
computed from the same data as of ``compare_to``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from valuekit import team_report as tr
from valuekit._files import atomic_write_text

#: The folder of the output folder that keeps every run's figures, one folder per period.
HISTORY = "history"
#: Suffix of a report's figures file (``<stem>.figures.json``).
FIGURES_SUFFIX = ".figures.json"
#: Format of the figures files (bumped when the layout changes incompatibly).
FIGURES_FORMAT = 1


def default_compare_to(period_end: object | None) -> pd.Timestamp:
    """One month before ``period_end`` (month ends stay month ends: 2025-12-31 gives
    2025-11-30, 2025-03-31 gives 2025-02-28)."""
    end = tr.parse_period_end(period_end)
    try:
        return (end - pd.DateOffset(months=1)).normalize()
    except (OverflowError, ValueError) as err:  # pandas' OutOfBoundsDatetime is a ValueError
        raise ValueError(f"no month before --period-end {end.date()}") from err


def parse_compare_to(value: object | None, period_end: object | None) -> pd.Timestamp:
    """The comparison date: ``value`` (YYYY-MM-DD) or the default; ValueError naming
    ``--compare-to`` when it is not a date before ``period_end``."""
    end = tr.parse_period_end(period_end)
    if value is None or value == "":
        return default_compare_to(end)
    try:
        when = tr.parse_period_end(value)
    except ValueError as err:
        raise ValueError(f"--compare-to must be a date written YYYY-MM-DD, got {value!r}") \
            from err
    if when >= end:
        raise ValueError(
            f"--compare-to {when.date()} must be before --period-end {end.date()}"
        )
    return when


def figures_path(out_dir: Path, stem: str) -> Path:
    return Path(out_dir) / f"{stem}{FIGURES_SUFFIX}"


def history_path(out_dir: Path, period_end: str, stem: str) -> Path:
    return Path(out_dir) / HISTORY / str(period_end) / f"{stem}{FIGURES_SUFFIX}"


def save_figures(out_dir: Path, stem: str, figures: Mapping[str, Any], period_end: str) -> Path:
    """Write the figures next to the report and into the history of ``period_end``
    (atomically)."""
    text = json.dumps({"format": FIGURES_FORMAT, "figures": figures}, ensure_ascii=False,
                      indent=1, sort_keys=True)
    path = atomic_write_text(figures_path(out_dir, stem), text)
    past = history_path(out_dir, period_end, stem)
    past.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(past, text)
    return path


def load_figures(path: str | Path) -> dict[str, Any]:
    """The figures of a figures file; ValueError naming the file when it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FIGURES_FORMAT or not isinstance(data["figures"], dict):
            raise ValueError("not a valuekit figures file")
        return data["figures"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"{path}: cannot read the saved figures ({err})") from err


def _action_key(action: Mapping[str, Any]) -> str:
    return f"{action.get('rule')}:{action.get('metric')}"


def changes(current: Mapping[str, Any], previous: Mapping[str, Any] | None, *,
            compare_to: str, source: str) -> dict[str, Any]:
    """The "change since" block of ``current`` against ``previous`` figures (None: the
    team had no report then, e.g. no opportunity yet; every difference is then None)."""
    prev_head = (previous or {}).get("headline") or {}
    headline = {}
    for key, kind in tr.HEADLINE:
        if key not in current["headline"]:  # partial data: the figure is not reported
            continue
        now = current["headline"][key]["team"]
        then = (prev_head.get(key) or {}).get("team")
        headline[key] = {
            "current": now, "previous": then, "kind": kind,
            "difference": tr.difference(kind, now, then),
        }
    before = {_action_key(a): a for a in (previous or {}).get("actions") or []}
    now_keys = [_action_key(a) for a in current.get("actions") or []]
    flags = {k: ("repeated" if k in before else "new") for k in now_keys}
    resolved = [
        {"rule": a.get("rule"), "metric": a.get("metric"), "text": a.get("text")}
        for k, a in before.items()
        if k not in flags and a.get("rule") not in ("keep", "watch")  # a problem that went away
    ]
    return {
        "compare_to": compare_to,
        "source": source if previous is not None else None,
        "previous_period_end": (previous or {}).get("period_end"),
        "headline": headline,
        "actions": flags,
        "resolved": resolved if previous is not None else [],
    }


def add_changes(
    report: tr.TeamReport,
    tables: Mapping[str, pd.DataFrame],
    compare_to: object | None = None,
    saved: str | Path | None = None,
) -> tr.TeamReport:
    """Add ``figures["changes"]`` to ``report`` (see the module doc). ``saved``: the
    figures file the previous run wrote for this team at ``compare_to``, if any."""
    f = report.figures
    when = parse_compare_to(compare_to, f["period_end"])
    day = when.date().isoformat()
    previous, source = None, None
    if saved is not None and Path(saved).is_file():
        old = load_figures(saved)
        if old.get("period_end") == day and old["team"]["team_id"] == report.team_id:
            previous, source = old, "saved"
    if previous is None:
        try:
            previous = tr.build(tables, report.team_id, period_end=day,
                                language=report.language).figures
            source = "data"
        except ValueError:  # the team had nothing to report then
            previous = None
    f["changes"] = tr._clean(changes(f, previous, compare_to=day, source=source))
    return report
