"""The open pipeline: what it is worth, how long deals take, how fast it pays.

Sources: the weighted (probability-adjusted) pipeline and the sales-velocity
formula of standard sales-pipeline practice (as published in the Salesforce
and HubSpot sales-pipeline guides: velocity = opportunities x win rate x
average deal size / sales-cycle length); stage probabilities from
``schema.DEFAULT_STAGE_PROBABILITY``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from valuekit.schema import DEFAULT_STAGE_PROBABILITY

from ._checks import (
    amounts,
    check_by,
    check_closed_dates,
    check_frame,
    dates,
    open_closed_at,
    stage_and_status,
    status_codes,
    timestamp,
)
from ._checks import probabilities as check_probabilities

#: Days in an average month, used to turn a daily velocity into a monthly one.
DAYS_PER_MONTH = 30.4


def weighted_pipeline(
    opps: pd.DataFrame,
    probabilities: Mapping[str, float] = DEFAULT_STAGE_PROBABILITY,
    by: str | Sequence[str] | None = None,
) -> float | pd.DataFrame:
    """Open pipeline weighted by the probability of its stage.

    Sum over open opportunities (status C or D) of amount x probability of
    the stage reached. ``probabilities`` maps every stage in
    ``schema.STAGES`` to a number in [0, 1]. Closed deals are not pipeline.
    Source: the weighted pipeline of standard sales-pipeline practice.

    Args:
        opps: the opportunities table.
        probabilities: stage -> probability, for every stage.
        by: the grouping column(s); None for one total.

    Returns:
        The total as a float when ``by`` is None; otherwise a DataFrame indexed by the
        ``by`` columns with ``open_count``, ``open_amount`` and ``weighted_amount`` (groups
        with no open opportunities have zeros).
    """
    check_frame(opps, ["stage", "status", "amount"])
    p = check_probabilities(probabilities)
    keys = check_by(opps, by)
    stage, status = stage_and_status(opps)
    amt = amounts(opps)
    is_open = status >= 2
    weighted = np.where(is_open, amt * p[stage], 0.0)
    if not keys:
        return float(weighted.sum())
    frame = pd.DataFrame(
        {
            "open_count": is_open.astype(int),
            "open_amount": np.where(is_open, amt, 0.0),
            "weighted_amount": weighted,
        },
        index=opps.index,
    )
    groups = [opps[k] for k in keys]
    return frame.groupby(groups, sort=True, dropna=False, observed=True).sum()


def _cycle(opps: pd.DataFrame, status: np.ndarray) -> np.ndarray:
    """Sales-cycle length in days (closed - created) of every row; NaN if open."""
    created = dates(opps, "created_date")
    closed = dates(opps, "closed_date", allow_missing=True)
    check_closed_dates(opps, status, created, closed)
    days = ((closed - created) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)
    return np.where(status <= 1, days, np.nan)


def sales_cycle_days(
    opps: pd.DataFrame,
    outcome: Literal["won", "closed"] = "won",
    by: str | Sequence[str] | None = None,
) -> pd.Series | pd.DataFrame:
    """Average and median sales-cycle length in days (closed_date - created_date).

    ``outcome="won"`` measures won deals only (the usual sales-cycle length
    of the velocity formula); ``"closed"`` also counts lost ones. Open
    opportunities have no cycle yet and are left out. Source: sales-cycle length as
    defined in standard sales-pipeline texts.

    Args:
        opps: the opportunities table.
        outcome: ``"won"`` or ``"closed"``.
        by: the grouping column(s); None for the whole table.

    Returns:
        A Series with ``count``, ``mean`` and ``median`` (NaN when no deal qualifies), or
        with ``by`` a DataFrame of those columns per group.
    """
    if outcome not in ("won", "closed"):
        raise ValueError(f"outcome must be 'won' or 'closed', got {outcome!r}")
    check_frame(opps, ["status", "created_date", "closed_date"])
    keys = check_by(opps, by)
    status = status_codes(opps)
    days = _cycle(opps, status)
    keep = status == 0 if outcome == "won" else status <= 1
    days = np.where(keep, days, np.nan)
    if not keys:
        d = days[~np.isnan(days)]
        return pd.Series(
            {
                "count": float(d.size),
                "mean": float(d.mean()) if d.size else np.nan,
                "median": float(np.median(d)) if d.size else np.nan,
            },
            name="cycle_days",
        )
    frame = pd.Series(days, index=opps.index, name="cycle_days")
    out = frame.groupby([opps[k] for k in keys], sort=True, dropna=False, observed=True).agg(
        ["count", "mean", "median"]
    )
    return out


@dataclass(frozen=True)
class Velocity:
    """Pipeline velocity and the four numbers it is made of."""

    as_of: pd.Timestamp | None
    open_count: int
    won_count: int
    lost_count: int
    win_rate: float
    average_deal: float
    cycle_days: float
    per_day: float
    per_month: float


def pipeline_velocity(opps: pd.DataFrame, as_of: object | None = None) -> Velocity:
    """Sales (pipeline) velocity: expected revenue the pipeline yields per day.

        velocity = open opportunities x win rate x average won deal / mean cycle days

    where win rate = won / (won + lost), the average deal is the mean amount
    of won deals and the cycle is the mean (closed - created) of won deals in
    days; ``per_month`` = ``per_day`` x 30.4 (365 / 12, rounded).

    With ``as_of`` (a date) the figures are those that could be known on that
    day: open = created on or before it and not closed by then; won, lost,
    deal size and cycle from deals closed on or before it. Without it, the
    statuses are taken as recorded. Velocity is NaN when no deal has been won
    yet (no deal size or cycle to use), when none has been decided (no win
    rate), or when the mean cycle is 0 days.

    Source: the sales-velocity formula (opportunities x win rate x average deal size /
    sales-cycle length) of standard sales-pipeline practice (Salesforce and HubSpot
    sales-pipeline guides).

    Args:
        opps: the opportunities table.
        as_of: the day the figures are for; None: statuses as recorded.

    Returns:
        A :class:`Velocity` with the components.
    """
    check_frame(opps, ["status", "amount", "created_date", "closed_date"])
    status = status_codes(opps)
    amt = amounts(opps)
    days = _cycle(opps, status)
    is_open, won, lost = open_closed_at(opps, status, as_of)
    n_won, n_lost = int(won.sum()), int(lost.sum())
    rate = n_won / (n_won + n_lost) if n_won + n_lost else float("nan")
    deal = float(amt[won].mean()) if n_won else float("nan")
    cycle = float(days[won].mean()) if n_won else float("nan")
    n_open = int(is_open.sum())
    per_day = n_open * rate * deal / cycle if cycle > 0 else float("nan")
    return Velocity(
        as_of=None if as_of is None else timestamp(as_of),
        open_count=n_open,
        won_count=n_won,
        lost_count=n_lost,
        win_rate=float(rate),
        average_deal=deal,
        cycle_days=cycle,
        per_day=float(per_day),
        per_month=float(per_day * DAYS_PER_MONTH),
    )


__all__ = [
    "DAYS_PER_MONTH",
    "Velocity",
    "pipeline_velocity",
    "sales_cycle_days",
    "weighted_pipeline",
]
