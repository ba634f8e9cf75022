"""The rolling plan (滚动作业计划): monthly sales per product, actuals replacing forecasts.

Source: the rolling plan of common B2B marketing training material: a
monthly sales forecast per product, re-issued every month, in which each
month that has passed shows what was actually sold and later months keep
their forecast; months with a tender (招标) are marked.

All frames here are "long": one row per product and month, with columns
``<by>`` (``product_id`` by default), ``month`` (datetime64, first day of
the month), ``amount`` and optionally ``tender`` (bool).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from valuekit.schema import DEFAULT_STAGE_PROBABILITY

from ._checks import (
    amounts,
    check_frame,
    dates,
    rows_text,
    stage_and_status,
    status_codes,
    timestamp,
)
from ._checks import probabilities as check_probabilities

#: Label of the rows that hold the total of all products.
TOTAL = "total"


def last_complete_month(as_of: object) -> pd.Period:
    """The latest month whose last day is on or before ``as_of``.

    A month counts as actual only once it is over: with as_of 2025-12-31
    December is actual; with as_of 2025-12-15 November is the last actual
    month and December is still forecast.
    """
    day = timestamp(as_of).normalize()
    month = day.to_period("M")
    return month if day == month.end_time.normalize() else month - 1


def _months(values: pd.Series) -> np.ndarray:
    """Month of each date as a whole number: months since 1970-01.

    The same number as ``pd.Period(..., "M").ordinal``; plain integers keep
    grouping and comparing fast (Period objects are boxed one by one).
    NaT gives the smallest int64.
    """
    return values.to_numpy(dtype="datetime64[us]").astype("datetime64[M]").astype(np.int64)


def _stamps(months: np.ndarray) -> np.ndarray:
    """Months since 1970-01 back to first-of-month datetime64 values."""
    return np.asarray(months, dtype=np.int64).astype("datetime64[M]").astype("datetime64[us]")


def _positive_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a whole number of months, 1 or more, got {value!r}")
    return int(value)


def _monthly(df: pd.DataFrame, name: str, by: str, allow_empty: bool = False) -> pd.DataFrame:
    """A long monthly frame checked and summed to one row per (by, month)."""
    if allow_empty and isinstance(df, pd.DataFrame) and len(df) == 0:
        index = pd.MultiIndex.from_arrays([[], np.array([], dtype=np.int64)], names=[by, "month"])
        return pd.DataFrame({"amount": [], "tender": np.array([], dtype=bool)}, index=index)
    check_frame(df, [by, "month", "amount"], name=name)
    keys = df[by]
    missing = np.asarray(keys.isna())
    if missing.any():
        raise ValueError(f"{name} has no {by} in {rows_text(df.index, missing)}")
    if (keys.astype(str) == TOTAL).any():
        raise ValueError(f"{name} uses {TOTAL!r} as a {by}; that label is kept for the totals")
    tender = df["tender"] if "tender" in df.columns else pd.Series(False, index=df.index)
    bad = ~np.asarray(tender.isin([True, False]))
    if bad.any():
        raise ValueError(
            f"column 'tender' of {name} must hold True or False; see {rows_text(df.index, bad)}"
        )
    frame = pd.DataFrame(
        {
            by: keys.to_numpy(),
            "month": _months(dates(df, "month")),
            "amount": amounts(df),
            "tender": tender.astype(bool).to_numpy(),
        }
    )
    return frame.groupby([by, "month"], sort=True).agg(
        amount=("amount", "sum"), tender=("tender", "any")
    )


def _flag(values: pd.Series) -> pd.Series:
    return values.astype(object).fillna(False).astype(bool)


def _long(values: pd.DataFrame, by: str) -> pd.DataFrame:
    out = values.reset_index()
    out["month"] = _stamps(out["month"].to_numpy())
    return out


def _empty(by: str, tender: bool = False) -> pd.DataFrame:
    cols = {
        by: pd.Series(dtype=object),
        "month": pd.Series(dtype="datetime64[us]"),
        "amount": pd.Series(dtype=float),
    }
    if tender:
        cols["tender"] = pd.Series(dtype=bool)
    return pd.DataFrame(cols)


def monthly_actuals(
    table: pd.DataFrame, source: str | None = None, by: str = "product_id"
) -> pd.DataFrame:
    """Actual sales per product and month, from invoices or won opportunities.

    ``source="invoices"`` sums ``revenue`` by ``month`` (recurring revenue
    invoiced); ``source="opportunities"`` sums the ``amount`` of won (W)
    opportunities by the month of ``closed_date`` (new business booked).
    Without ``source`` it is inferred: a table with ``month`` and ``revenue``
    is invoices, one with ``status``, ``closed_date`` and ``amount`` is
    opportunities.

    The result is dense: every product that sold at all has a row for every
    month from its first sale to the last month of the data, 0 where nothing
    was sold (a month without sales is a real zero for averaging). Source: actuals of the
    rolling plan of common B2B marketing training material.

    Args:
        table: the invoices or the opportunities table.
        source: ``"invoices"``, ``"opportunities"`` or None (inferred).
        by: the product column.

    Returns:
        A long frame ``<by>, month, amount`` sorted by product and month; it has no rows
        when nothing was sold.
    """
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    if source is None:
        if {"month", "revenue"} <= set(table.columns):
            source = "invoices"
        elif {"status", "closed_date", "amount"} <= set(table.columns):
            source = "opportunities"
        else:
            raise ValueError(
                "table is neither invoices (columns 'month', 'revenue') nor opportunities "
                "(columns 'status', 'closed_date', 'amount'); pass source= to say which"
            )
    if source == "invoices":
        check_frame(table, [by, "month", "revenue"], name="invoices")
        keep = np.ones(len(table), dtype=bool)
        month = _months(dates(table, "month"))
        value = amounts(table, "revenue")
    elif source == "opportunities":
        check_frame(table, [by, "status", "closed_date", "amount"], name="opportunities")
        keep = status_codes(table) == 0
        closed = dates(table, "closed_date", allow_missing=True)
        month = _months(closed)
        value = amounts(table)
        no_date = keep & np.asarray(closed.isna())
        if no_date.any():
            raise ValueError(
                f"won opportunities need a closed_date; it is empty in "
                f"{rows_text(table.index, no_date)}"
            )
    else:
        raise ValueError(f"source must be 'invoices' or 'opportunities', got {source!r}")
    if not keep.any():
        return _empty(by)
    frame = pd.DataFrame(
        {by: table[by].to_numpy()[keep], "month": month[keep], "amount": value[keep]}
    )
    sums = frame.groupby([by, "month"], sort=True)["amount"].sum()
    months = np.arange(month[keep].min(), month[keep].max() + 1)
    products = sums.index.get_level_values(by).unique()
    grid = pd.MultiIndex.from_product([products, months], names=[by, "month"])
    dense = sums.reindex(grid, fill_value=0.0)
    # before a product's first sale there is no history, not a zero
    first = frame.groupby(by)["month"].min().reindex(dense.index.get_level_values(by))
    started = np.asarray(dense.index.get_level_values("month") >= first.to_numpy())
    return _long(dense[started].to_frame(), by)


def naive_forecast(
    actuals: pd.DataFrame,
    as_of: object,
    horizon: int = 6,
    window: int = 3,
    by: str = "product_id",
) -> pd.DataFrame:
    """Forecast each product's next months as the average of its last months.

    For every product, the forecast for each of the ``horizon`` months after
    the last complete month (see :func:`last_complete_month`) is the mean of
    its actual sales over the last ``window`` complete months. Months with no
    actual row count as 0 once the product has sold at all; a product with
    fewer months of history is averaged over the months it has. Actuals
    after ``as_of`` are ignored. A flat forecast is a deliberate baseline: it
    is what the rolling plan's forecasts should beat. Source: the average
    (moving-average) method of Hyndman & Athanasopoulos, *Forecasting: Principles and
    Practice*, 3rd ed. (2021), section 5.2 "Some simple forecasting methods".

    Args:
        actuals: :func:`monthly_actuals`.
        as_of: the date of the forecast; later actuals are ignored.
        horizon: months to forecast.
        window: complete months averaged.
        by: the product column.

    Returns:
        A long frame ``<by>, month, amount`` (``horizon`` rows per product).
    """
    horizon = _positive_int(horizon, "horizon")
    window = _positive_int(window, "window")
    last_period = last_complete_month(as_of)
    last = last_period.ordinal
    monthly = _monthly(actuals, "actuals", by)["amount"]
    monthly = monthly[monthly.index.get_level_values("month") <= last]
    if monthly.empty:
        raise ValueError(f"actuals has no month on or before {last_period} to forecast from")
    wide = monthly.unstack("month")
    wide = wide.reindex(columns=np.arange(wide.columns.min(), last + 1))
    # zeros after a product's first sale are real; before it there is no history
    started = wide.notna().cumsum(axis=1) > 0
    values = wide.fillna(0.0).where(started)
    level = values.iloc[:, -window:].mean(axis=1, skipna=True)
    months = np.arange(last + 1, last + 1 + horizon)
    grid = pd.MultiIndex.from_product([level.index, months], names=[by, "month"])
    out = pd.Series(np.repeat(level.to_numpy(), horizon), index=grid, name="amount")
    return _long(out.to_frame(), by)


def _residual_days(
    created: pd.Series, closed: pd.Series, won: np.ndarray, when: pd.Timestamp
) -> np.ndarray:
    """Median remaining days to close of each row, given its age on ``when``.

    With the won cycles sorted, those longer than age ``a`` are ``C[k:]``
    (``k`` from a binary search); their median minus ``a`` is the median
    residual life. Rows older than every won cycle get 0 (due now).
    """
    cycles = np.sort(((closed - created) / pd.Timedelta(days=1)).to_numpy(dtype=float)[won])
    age = ((when - created) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    n = cycles.size
    k = np.searchsorted(cycles, age, side="right")
    left = n - k  # won deals that took longer than this age
    lo = np.minimum(k + (left - 1) // 2, n - 1)
    hi = np.minimum(k + left // 2, n - 1)
    median = (cycles[lo] + cycles[hi]) / 2
    return np.where(left > 0, median - age, 0.0)


def pipeline_forecast(
    opps: pd.DataFrame,
    as_of: object,
    horizon: int = 6,
    probabilities: Mapping[str, float] = DEFAULT_STAGE_PROBABILITY,
    cycle_days: float | None = None,
    by: str = "product_id",
) -> pd.DataFrame:
    """Forecast bookings per product and month from the open pipeline.

    Each open opportunity (status C or D as recorded; give ``as_of`` = the
    date the data were extracted) created on or before ``as_of`` contributes
    amount x the probability of its stage to the month it is expected to
    close in. When it is expected to close:

    - default (``cycle_days=None``): from the cycles of the deals won by
      ``as_of``, conditional on its age. An opportunity open for ``a`` days
      is expected to close after the median cycle of the won deals that took
      longer than ``a`` days, i.e. on ``as_of`` + (that median - ``a``): the
      median residual life of survival analysis. A young opportunity thus
      gets the plain median cycle, and an old one is not piled into next
      month just because it outlived the typical deal. One older than every
      won deal has no such evidence and is put into the first forecast
      month.
    - ``cycle_days`` given: a fixed cycle, ``created_date`` + ``cycle_days``;
      an opportunity past that date is put into the first forecast month.

    Expected months after the horizon are left out. Only the pipeline open
    on ``as_of`` is forecast: deals not created yet are not in it, so the
    later months fall towards zero; :func:`naive_forecast` gives the run-rate
    view instead. With a boolean ``tender``
    column in ``opps``, a month holding a tender opportunity is marked. Sources: the
    weighted pipeline of standard sales-pipeline practice; the median residual life (e.g.
    Klein & Moeschberger, *Survival Analysis*, 2nd ed. 2003, section 2.4); the rolling plan
    of common B2B marketing training material.

    Args:
        opps: the opportunities table.
        as_of: the date the data were extracted.
        horizon: months to forecast.
        probabilities: stage -> probability, for every stage.
        cycle_days: a fixed sales cycle; None: from the won deals, by age (above).
        by: the product column.

    Returns:
        A long frame ``<by>, month, amount, tender`` with ``horizon`` rows for every
        product that has open opportunities.
    """
    horizon = _positive_int(horizon, "horizon")
    check_frame(opps, [by, "stage", "status", "amount", "created_date", "closed_date"])
    p = check_probabilities(probabilities)
    stage, status = stage_and_status(opps)
    amt = amounts(opps)
    created = dates(opps, "created_date")
    when = timestamp(as_of)
    first = last_complete_month(when).ordinal + 1
    is_open = (status >= 2) & np.asarray(created <= when)
    tender = _flag(opps["tender"]).to_numpy() if "tender" in opps.columns else None
    if cycle_days is None:
        closed = dates(opps, "closed_date", allow_missing=True)
        won = (status == 0) & np.asarray((closed <= when).fillna(False), dtype=bool)
        if not won.any():
            raise ValueError(
                f"no deal was won by {when.date()}, so there is no sales cycle to place "
                f"open opportunities in time; pass cycle_days="
            )
        expected = _months(
            when + pd.to_timedelta(_residual_days(created, closed, won, when), unit="D")
        )
    elif isinstance(cycle_days, int | float) and np.isfinite(cycle_days) and cycle_days >= 0:
        expected = _months(created + pd.to_timedelta(cycle_days, unit="D"))
    else:
        raise ValueError(f"cycle_days must be a number of days, 0 or more, got {cycle_days!r}")
    if not is_open.any():
        return _empty(by, tender=True)
    # an overdue deal can still close: expect it in the first forecast month
    frame = pd.DataFrame(
        {
            by: opps[by].to_numpy()[is_open],
            "month": np.maximum(expected[is_open], first),
            "amount": (amt * p[stage])[is_open],
            "tender": tender[is_open] if tender is not None else False,
        }
    )
    months = np.arange(first, first + horizon)
    sums = (
        frame[frame["month"] <= months[-1]]
        .groupby([by, "month"])
        .agg(amount=("amount", "sum"), tender=("tender", "any"))
    )
    products = pd.Index(pd.unique(frame[by])).sort_values()
    grid = pd.MultiIndex.from_product([products, months], names=[by, "month"])
    out = sums.reindex(grid)
    out["amount"] = out["amount"].fillna(0.0)
    out["tender"] = out["tender"].fillna(False).astype(bool)
    return _long(out, by)


def rolling_forecast(
    actuals: pd.DataFrame,
    forecasts: pd.DataFrame,
    as_of: object,
    by: str = "product_id",
    totals: bool = True,
) -> pd.DataFrame:
    """The rolling plan: forecasts with every finished month replaced by its actual.

    ``actuals`` and ``forecasts`` are long monthly frames (``<by>, month,
    amount``, optional bool ``tender``; several rows for one product and
    month are summed). A month is actual once it is over on ``as_of`` (see
    :func:`last_complete_month`); for such months the plan shows the actual
    (0 when nothing was recorded) and for later months the forecast (0 when
    none was given). Actuals for months after ``as_of`` are ignored: they
    were not known then. The plan covers every product and every month that
    appears in either frame; one of the two may be empty (a team that has
    sold nothing yet), not both.

    Source: the rolling plan (滚动作业计划) of common B2B marketing training material.

    Args:
        actuals: long monthly actuals (:func:`monthly_actuals`).
        forecasts: long monthly forecasts (:func:`naive_forecast`,
            :func:`pipeline_forecast`).
        as_of: the plan's date: months over by then show actuals.
        by: the product column.
        totals: add rows labelled ``"total"`` that add up all products for each month.

    Returns:
        A long frame with columns ``<by>``, ``month``, ``source`` ("actual" or
        "forecast"), ``amount`` (the plan's figure), ``actual`` and ``forecast`` (the raw
        figures, NaN where there are none, so the forecast error of past months can be
        read), and ``tender`` (True when either frame marks that product and month);
        sorted by product (totals last) and month.
    """
    last = last_complete_month(as_of).ordinal
    act = _monthly(actuals, "actuals", by, allow_empty=True)
    act = act[act.index.get_level_values("month") <= last]
    fc = _monthly(forecasts, "forecasts", by, allow_empty=True)
    if act.empty and fc.empty:
        raise ValueError(
            f"neither actuals (up to {last_complete_month(as_of)}) nor forecasts have any row"
        )
    products = act.index.get_level_values(0).unique().union(fc.index.get_level_values(0).unique())
    months = act.index.get_level_values(1).unique().union(fc.index.get_level_values(1).unique())
    grid = pd.MultiIndex.from_product([products, months], names=[by, "month"])
    a = act.reindex(grid)
    f = fc.reindex(grid)
    past = np.asarray(grid.get_level_values("month") <= last)
    out = pd.DataFrame(
        {
            "source": np.where(past, "actual", "forecast"),
            "amount": np.where(past, a["amount"].fillna(0.0), f["amount"].fillna(0.0)),
            "actual": a["amount"].to_numpy(),
            "forecast": f["amount"].to_numpy(),
            "tender": (_flag(a["tender"]) | _flag(f["tender"])).to_numpy(),
        },
        index=grid,
    )
    if totals:
        per_month = out.groupby(level="month")
        # min_count=1: a month with no forecast at all totals NaN, not 0
        total = per_month[["amount", "actual", "forecast"]].sum(min_count=1)
        total["tender"] = per_month["tender"].any()
        total["source"] = np.where(total.index <= last, "actual", "forecast")
        total.index = pd.MultiIndex.from_product([[TOTAL], total.index], names=[by, "month"])
        out = pd.concat([out, total[out.columns]])
    out = _long(out, by)
    return out[[by, "month", "source", "amount", "actual", "forecast", "tender"]]


__all__ = [
    "TOTAL",
    "last_complete_month",
    "monthly_actuals",
    "naive_forecast",
    "pipeline_forecast",
    "rolling_forecast",
]
