"""The calculations behind the team report's figures: pure functions of the tables.

Nothing here knows a language or a report section: :mod:`.sections` puts these
together into the figures of each section. Sources are cited where each figure
is computed (see the package docstring for the definitions).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from valuekit import clv, funnel, value
from valuekit.schema import FIRST_CONTRACT_DAYS
from valuekit.team_report.definitions import (
    DISCOUNT_RATE,
    FORECAST_HORIZON,
    FORECAST_PAST_MONTHS,
    LOOKBACK_MONTHS,
    TOP_PCT,
)


def _clean(x: Any) -> Any:
    """JSON-ready copy: numpy scalars to Python, NaN/inf to None, keys to str."""
    if isinstance(x, Mapping):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.bool_ | bool):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating | float):
        f = float(x)
        return f if math.isfinite(f) else None
    if isinstance(x, pd.Timestamp):
        return None if pd.isna(x) else x.date().isoformat()
    if isinstance(x, pd.Period):
        return str(x)
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, str | int):
        return x
    return str(x)


def opportunities_as_of(opps: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The opportunities as they stood on ``as_of``: later ones dropped, later closings open.

    Same rule as the ``as_of`` of :func:`valuekit.funnel.pipeline_velocity`:
    open on a date = created on or before it and not closed by then. A deal won
    later was still being compared then (open at 'possible'); a win whose first
    contract year had not ended by ``as_of`` was not yet effective (it is at
    'target': ``schema.EFFECTIVE_DEFINITION``).

    Args:
        opps: the opportunities table.
        as_of: the report date.

    Returns:
        A copy of the opportunities created by ``as_of``, with stage and status as they
        stood then.
    """
    out = opps[opps["created_date"] <= as_of].copy()
    later = (out["closed_date"] > as_of).to_numpy()
    if later.any():
        won_later = later & (out["status"] == "W").to_numpy()
        out.loc[won_later, "stage"] = "possible"
        out.loc[later, "status"] = "C"
        out.loc[later, "closed_date"] = pd.NaT
        out.loc[later, "loss_reason"] = pd.NA
    first_year_running = (
        (out["stage"] == "effective")
        & (out["closed_date"] + pd.Timedelta(days=FIRST_CONTRACT_DAYS) > as_of)
    ).to_numpy()
    if first_year_running.any():
        out.loc[first_year_running, "stage"] = "target"
    return out


def contracts_as_of(contracts: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Contract years started by ``as_of``; one still running then counts as active.

    Args:
        contracts: the contracts table.
        as_of: the report date.

    Returns:
        The contract years that had started by ``as_of``, outcomes as they stood then.
    """
    out = contracts[contracts["start_date"] <= as_of].copy()
    running = (out["end_date"] > as_of).to_numpy()
    out.loc[running, "outcome"] = "active"
    return out


def _safe_div(a: float, b: float) -> float:
    return float(a / b) if b else float("nan")


def _in_window(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    return np.asarray((dates > start) & (dates <= end), dtype=bool)


@dataclass
class _Window:
    as_of: pd.Timestamp
    start: pd.Timestamp  # exclusive
    first_month: pd.Timestamp
    last_month: pd.Timestamp


def _window(as_of: pd.Timestamp) -> _Window:
    last = funnel.last_complete_month(as_of)
    first = last - (LOOKBACK_MONTHS - 1)
    return _Window(
        as_of=as_of,
        start=as_of - pd.DateOffset(months=LOOKBACK_MONTHS),
        first_month=first.start_time,
        last_month=last.start_time,
    )


def _flows(opps: pd.DataFrame, w: _Window) -> pd.DataFrame:
    """Opportunities closed in the window or open on its last day (the win/loss book)."""
    closed_in = _in_window(opps["closed_date"], w.start, w.as_of)
    is_open = opps["status"].isin(funnel.OPEN_STATUSES).to_numpy()
    return opps[closed_in | is_open]


def _win_rate(opps: pd.DataFrame, w: _Window) -> float:
    decided = opps[_in_window(opps["closed_date"], w.start, w.as_of)]
    return funnel.win_rate(decided) if len(decided) else float("nan")


def _cycle_days(opps: pd.DataFrame, w: _Window) -> float:
    won = opps[_in_window(opps["closed_date"], w.start, w.as_of) & (opps["status"] == "W")]
    return float(funnel.sales_cycle_days(won)["mean"]) if len(won) else float("nan")


def _churn(contracts: pd.DataFrame, w: _Window) -> float:
    """Non-renewal rate of the contract years that ended in the window.

    churned / (churned + renewed): the contractual churn rate of Fader &
    Hardie (2007) per contract year, pooled over accounts and products.
    """
    ended = contracts[_in_window(contracts["end_date"], w.start, w.as_of)]
    churned = int((ended["outcome"] == "churned").sum())
    renewed = int((ended["outcome"] == "renewed").sum())
    return _safe_div(churned, churned + renewed)


def _pipeline(opps: pd.DataFrame) -> tuple[float, float]:
    is_open = opps["status"].isin(funnel.OPEN_STATUSES)
    if not is_open.any():
        return 0.0, 0.0
    return float(opps.loc[is_open, "amount"].sum()), float(funnel.weighted_pipeline(opps))


def _revenue_by_account(invoices: pd.DataFrame, w: _Window, column: str) -> pd.Series:
    month = invoices["month"]
    inside = (month >= w.first_month) & (month <= w.last_month)
    return invoices.loc[inside].groupby("account_id")[column].sum()


@dataclass
class _Retention:
    alpha: float
    beta: float
    model: str  # "team" | "company" | "simple"


def _fit_retention(contracts: pd.DataFrame, as_of: pd.Timestamp) -> _Retention | None:
    """sBG fit (Fader & Hardie 2007) to the yearly account cohorts of these contracts."""
    if contracts.empty:
        return None
    try:
        counts = clv.survival_counts(contracts, as_of=as_of)
        counts = counts[counts.notna().sum(axis=1) >= 2]  # a cohort seen once has no churn yet
        if counts.empty:
            return None
        fit = clv.fit_sbg(counts)
    except ValueError:  # FitError is a ValueError: no interior maximum, too little data
        return None
    return _Retention(fit.alpha, fit.beta, "")


def _tenure_years(contracts: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Whole years each account has been a customer on ``as_of`` (its renewals so far)."""
    first = contracts.groupby("account_id")["start_date"].min()
    years = as_of.year - first.dt.year
    before_anniversary = (as_of.month < first.dt.month) | (
        (as_of.month == first.dt.month) & (as_of.day < first.dt.day)
    )
    return (years - before_anniversary.astype(int)).clip(lower=0)


def _account_clv(
    margin: pd.Series,
    tenure: pd.Series,
    retention: _Retention | None,
    simple_retention: float,
) -> tuple[pd.Series, str]:
    """Residual CLV of each customer: 12-month margin x DERL (Fader & Hardie 2010).

    Without a usable sBG fit, the simple retention CLV ``m r / (1 + d - r)``
    of Gupta & Lehmann (2003) with the team's renewal rate ``r``.
    """
    if margin.empty:  # no customer with a running contract: nothing to value
        return pd.Series(dtype=float), retention.model if retention is not None else "simple"
    if retention is not None:
        derl = clv.sbg_derl(retention.alpha, retention.beta, DISCOUNT_RATE, tenure.to_numpy())
        return pd.Series(margin.to_numpy() * np.asarray(derl), index=margin.index), retention.model
    r = simple_retention if math.isfinite(simple_retention) else 0.0
    r = min(max(r, 0.0), 1.0)
    values = clv.retention_clv(margin.to_numpy(), r, DISCOUNT_RATE)
    return pd.Series(np.asarray(values, dtype=float), index=margin.index), "simple"


def _top20(revenue: pd.Series) -> tuple[float, int]:
    positive = revenue[revenue > 0]
    if positive.empty:
        return float("nan"), 0
    return (
        value.top_share(positive, top_pct=TOP_PCT),
        value.customers_for_share(positive, 0.8),
    )


def _team_opps(opps: pd.DataFrame, team_id: str) -> pd.DataFrame:
    return opps[opps["team_id"] == team_id]



def progress_rows(book: pd.DataFrame) -> list[dict[str, Any]]:
    """The win/loss book by progress mark (:data:`valuekit.funnel.PROGRESS_MARKS`): one row
    per mark present, with its W / L / C / D counts, least progress first (the row's
    label is added per language by :func:`valuekit.team_report.report.localize`)."""
    marks = funnel.progress_marks(book)
    won = (book["status"] == "W").to_numpy()
    rows = []
    for (stage, is_won), mark in funnel.PROGRESS_MARKS.items():
        here = ((book["stage"] == stage).to_numpy()) & (won == is_won)
        if not here.any():
            continue
        status = book["status"][here]
        rows.append({
            "stage": stage,
            "won": is_won,
            "progress": float(mark),
            "from_deck": (stage, is_won) in funnel.DECK_PROGRESS_MARKS,
            **{s: int((status == s).sum()) for s in ("W", "L", "C", "D")},
        })
    assert sum(r["W"] + r["L"] + r["C"] + r["D"] for r in rows) == len(marks)
    return rows


def winloss_row(product_id: str, product_name: str, r: pd.Series) -> dict[str, Any]:
    """One product's row of the win/loss table, in JSON types.

    Args:
        product_id: the product's id.
        product_name: its name.
        r: its row of :func:`valuekit.funnel.win_loss_report`.

    Returns:
        Counts by status, win rate, amounts and the main loss reason (None when none).
    """
    return {
        "product_id": product_id,
        "product_name": product_name,
        "W": int(r["W"]),
        "L": int(r["L"]),
        "C": int(r["C"]),
        "D": int(r["D"]),
        "total": int(r["total"]),
        "win_rate": float(r["win_rate"]),
        "won_amount": float(r["won_amount"]),
        "lost_amount": float(r["lost_amount"]),
        "open_amount": float(r["open_amount"]),
        "main_loss_reason": r["main_loss_reason"] if isinstance(r["main_loss_reason"], str)
        else None,
    }


def rolling(
    opps: pd.DataFrame, opps_all: pd.DataFrame, as_of: pd.Timestamp
) -> tuple[pd.DataFrame, float, float]:
    """Monthly bookings of all products: actuals for the last months, then the forecast.

    The rolling plan of :func:`valuekit.funnel.rolling_forecast`: won deals by
    closing month replace the forecast once a month is over; later months hold
    :func:`valuekit.funnel.pipeline_forecast` (weighted open pipeline placed one
    median sales cycle after each opportunity was opened). A team that has not
    won a deal yet uses the company's median cycle. Also returns the cycle used
    and the run-rate baseline: :func:`valuekit.funnel.naive_forecast` (mean of
    the last 3 months) summed over the horizon.

    Args:
        opps: the team's opportunities as of the report date.
        opps_all: the whole company's, for the median cycle of a team without a win.
        as_of: the report date.

    Returns:
        ``(plan, cycle_days, baseline)``: the monthly plan, the sales cycle used and the
        run-rate baseline.
    """
    last = funnel.last_complete_month(as_of)

    def median_cycle(frame: pd.DataFrame) -> float:
        won = frame[(frame["status"] == "W") & (frame["closed_date"] <= as_of)]
        if won.empty:
            return float("nan")
        return float(((won["closed_date"] - won["created_date"]).dt.days).median())

    cycle = median_cycle(opps)
    if not math.isfinite(cycle):
        cycle = median_cycle(opps_all)
    if not math.isfinite(cycle):
        cycle = 0.0
    actuals = funnel.monthly_actuals(opps, source="opportunities")
    forecasts = funnel.pipeline_forecast(opps, as_of, horizon=FORECAST_HORIZON, cycle_days=cycle)
    first_product = str(opps["product_id"].iloc[0])
    if actuals.empty:  # nothing won yet: an explicit zero keeps the plan's months
        actuals = pd.DataFrame(
            {"product_id": [first_product], "month": [last.start_time], "amount": [0.0]}
        )
    baseline = funnel.naive_forecast(actuals, as_of, horizon=FORECAST_HORIZON, window=3)
    run_rate = float(baseline["amount"].sum())
    if forecasts.empty:
        forecasts = pd.DataFrame(
            {"product_id": [first_product], "month": [(last + 1).start_time], "amount": [0.0]}
        )
    plan = funnel.rolling_forecast(actuals, forecasts, as_of)
    plan = plan[plan["product_id"] == funnel.TOTAL]
    months = pd.period_range(
        last - (FORECAST_PAST_MONTHS - 1), last + FORECAST_HORIZON, freq="M"
    ).to_timestamp()
    plan = plan.set_index("month").reindex(months)
    plan["source"] = np.where(plan.index <= last.start_time, "actual", "forecast")
    plan["amount"] = plan["amount"].fillna(0.0)
    out = plan.reset_index(names="month")[["month", "source", "amount"]]
    return out, cycle, run_rate
