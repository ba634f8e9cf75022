"""Per-customer value without contracts, and the holdout check of Fader, Hardie & Lee (2005).

Given the customer summary of a transaction log (:mod:`valuekit.clv.transactions`) and
fitted BG/NBD and Gamma-Gamma models (:func:`~valuekit.clv.fit_bgnbd`,
:func:`~valuekit.clv.fit_gamma_gamma`):

- :func:`customer_values`: expected purchases over a horizon (FHL 2005, eq. 10), P(alive)
  (FHL 2007, note 021), expected spend per purchase (Fader & Hardie 2013, note 025) and the
  discounted CLV (:func:`~valuekit.clv.bgnbd_gg_clv`), with value tiers
  (:func:`~valuekit.clv.clv_tiers`).
- :func:`holdout_by_frequency`: the mean number of repeat transactions in the holdout
  period, actual against predicted, for customers grouped by their number of repeat
  purchases in the calibration period (FHL 2005, Marketing Science 24(2), Figure 4:
  "0, 1, ..., 7+").
- :func:`cumulative_repeat_transactions`: cumulative repeat transactions of the whole
  customer base over time, actual against the model's expectation (FHL 2005, Figure 2): each
  customer contributes ``E[X(t - s_i)]`` (eq. 9) from her first purchase at ``s_i`` on.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from valuekit.checks import date_value

from .basic import clv_tiers
from .bgnbd import bgnbd_conditional_expected, bgnbd_expected_purchases, bgnbd_p_alive
from .gamma_gamma import bgnbd_gg_clv, gamma_gamma_expected_spend
from .transactions import _check_freq, _day_numbers, _periods, validate_transactions

__all__ = ["cumulative_repeat_transactions", "customer_values", "holdout_by_frequency"]

#: Stands in for T = 0 (a customer whose first purchase is in the last period): the
#: formulas need T > 0, and their limit as T -> 0 is that of a brand-new customer.
_NEW = 1e-9


def _age(values: np.ndarray) -> np.ndarray:
    return np.where(values > 0, values, _NEW)


#: The columns :func:`customer_values` adds to a summary, in order.
VALUE_COLUMNS = ("expected_purchases", "p_alive", "expected_spend", "clv", "tier")


def customer_values(
    summary: pd.DataFrame,
    bg: Any,
    gg: Any = None,
    *,
    horizon: float,
    periods: int = 12,
    margin: float = 1.0,
    discount_per_period: float = 0.0,
) -> pd.DataFrame:
    """The summary with ``expected_purchases`` (repeat purchases in the next ``horizon``
    time units), ``p_alive`` and, with a Gamma-Gamma fit ``gg``, ``expected_spend`` (per
    purchase), ``clv`` (``margin`` x spend over the horizon cut into ``periods`` equal
    periods, each discounted by ``discount_per_period``) and ``tier`` (top 20% by CLV
    "high", next 30% "medium", rest "low").

    A customer with T = 0 (first purchase in the last period) gets the values of a
    brand-new customer (the limit T -> 0).

    Args:
        summary: ``frequency``, ``recency``, ``T`` (and ``monetary_value`` for the spend),
            in the time unit of the fit.
        bg: a BG/NBD fit.
        gg: a Gamma-Gamma fit, or None.
        horizon: time units ahead.
        periods: equal periods the horizon is cut into for discounting.
        margin: the margin on spend.
        discount_per_period: the discount rate per period.

    Returns:
        The summary with the columns above.
    """
    x, tx, tt = (summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    tt = _age(tt)
    out = summary.copy()
    out["expected_purchases"] = bgnbd_conditional_expected(bg, horizon, x, tx, tt)
    out["p_alive"] = bgnbd_p_alive(bg, x, tx, tt)
    if gg is not None:
        if "monetary_value" not in summary:
            raise ValueError("the summary has no monetary_value column: summarise the log "
                             "with a value column to value customers")
        m = summary["monetary_value"].to_numpy(dtype=float)
        # a repeat buyer whose repeat purchases were all free has no spend to weight:
        # treat her like a customer without repeat purchases (the population mean)
        xs = np.where(m > 0, x, 0.0)
        out["expected_spend"] = gamma_gamma_expected_spend(gg, xs, m)
        out["clv"] = bgnbd_gg_clv(bg, gg, x, tx, tt, np.where(m > 0, m, 0.0), periods, margin,
                                  discount_per_period, period_length=horizon / periods)
        out["tier"] = clv_tiers(out["clv"].to_numpy()).array  # categorical: high, medium, low
    return out


def holdout_by_frequency(cal_holdout: pd.DataFrame, bg: Any, *, max_frequency: int = 7
                         ) -> pd.DataFrame:
    """Actual and predicted mean repeat transactions in the holdout, by calibration frequency.

    Prediction per customer: ``E[Y(duration_holdout) | x, t_x, T]`` (FHL 2005, eq. 10).

    Args:
        cal_holdout: :func:`~valuekit.clv.transactions.calibration_holdout` output.
        bg: a BG/NBD fitted on its calibration columns.
        max_frequency: customers with this many calibration repeat purchases or more are
            pooled ("7+").

    Returns:
        Columns ``frequency_cal`` (label), ``customers``, ``actual``, ``predicted`` (means
        per customer).
    """
    x = cal_holdout["frequency_cal"].to_numpy(dtype=float)
    duration, tx, tt = (cal_holdout[c].to_numpy(dtype=float)
                        for c in ("duration_holdout", "recency_cal", "T_cal"))
    pred = bgnbd_conditional_expected(bg, duration, x, tx, _age(tt))
    group = np.minimum(x, max_frequency).astype(int)
    frame = pd.DataFrame({"group": group, "actual": cal_holdout["frequency_holdout"].to_numpy(),
                          "predicted": pred})
    table = frame.groupby("group").agg(customers=("actual", "size"), actual=("actual", "mean"),
                                       predicted=("predicted", "mean"))
    labels = [f"{g}+" if g == max_frequency else str(g) for g in table.index]
    table.insert(0, "frequency_cal", labels)
    return table.reset_index(drop=True)


def cumulative_repeat_transactions(
    transactions: pd.DataFrame,
    customer: str,
    date: str,
    bg: Any,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    freq: str = "D",
    freq_multiplier: float = 1,
    step: float = 1.0,
    source: str = "transactions",
) -> pd.DataFrame:
    """Cumulative repeat transactions over time, actual and expected (FHL 2005, Figure 2).

    The customers are those whose first purchase is on or before ``calibration_end`` (the
    ones the model was fitted on); a repeat transaction is a period with purchases after a
    customer's first, as in the summary. Time ``t`` runs in the fit's unit (periods of
    ``freq`` / ``freq_multiplier``) from the first purchase in the log, in steps of
    ``step`` plus the calibration end and the observation end themselves; ``actual``
    counts repeat transactions up to ``t``; ``predicted`` is
    ``sum_i E[X(t - s_i)]`` over customers with first purchase at ``s_i`` (FHL 2005, eq. 9).

    Args:
        transactions: the purchase log.
        customer: its customer column.
        date: its date column.
        bg: the BG/NBD fit.
        calibration_end: the last day of the calibration period.
        observation_end: the last day observed; None: the log's last.
        freq: the time unit (pandas frequency code).
        freq_multiplier: units of ``freq`` per fit unit.
        step: the step of ``t``.
        source: the log's name, for messages.

    Returns:
        Columns ``t``, ``actual``, ``predicted`` and ``part`` (calibration or holdout).
    """
    _check_freq(freq, freq_multiplier)
    clean = validate_transactions(transactions, customer, date, source=source,
                                  observation_end=observation_end)
    cal_end = date_value(calibration_end, "calibration_end")
    end = (clean[date].max() if observation_end is None
           else date_value(observation_end, "observation_end"))
    period = _periods(_day_numbers(clean[date]), freq)
    codes, _ = pd.factorize(clean[customer])
    codes = codes.astype(np.int64)
    origin = int(period.min())
    span = int(period.max()) - origin + 1
    distinct = np.sort(pd.unique(codes * span + (period - origin)))
    cust, per = np.divmod(distinct, span)
    is_first = np.r_[True, cust[1:] != cust[:-1]]
    first_per = per[is_first]  # per customer, in customer order
    cal_per = int(_periods(_day_numbers([cal_end.normalize()]), freq)[0]) - origin
    end_per = int(_periods(_day_numbers([end.normalize()]), freq)[0]) - origin
    in_cohort = first_per <= cal_per
    cohort_of_row = np.repeat(in_cohort, np.bincount(cust))
    repeat_times = np.sort(per[~is_first & cohort_of_row]) / freq_multiplier
    starts = first_per[in_cohort] / freq_multiplier
    cal_t, end_t = cal_per / freq_multiplier, end_per / freq_multiplier
    grid = np.union1d(np.arange(step, end_t, step), [cal_t, end_t])  # both ends exactly
    actual = np.searchsorted(repeat_times, grid, side="right")
    s_vals, s_counts = np.unique(starts, return_counts=True)
    elapsed = np.clip(grid[:, None] - s_vals[None, :], 0.0, None)
    expected = np.asarray(bgnbd_expected_purchases(bg, elapsed), dtype=float)
    predicted = expected @ s_counts
    part = np.where(grid <= cal_t, "calibration", "holdout")
    return pd.DataFrame({"t": grid, "actual": actual.astype(float), "predicted": predicted,
                         "part": part})
