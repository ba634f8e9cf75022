"""Module 4's closing section, "when customers do not sign contracts": lesson helpers on the
UCI Online Retail data (a UK wholesaler's invoices, datasets/real/) and one interactive.

- :func:`retail_cleaning`, :func:`retail_purchases`: the invoice lines cleaned as a user
  must (:func:`valuekit.clv.invoice_lines.clean_invoice_lines`), one purchase per invoice.
- :func:`retail_concentration`: the 80/20 view.
- :func:`retail_summary`, :func:`retail_models`, :func:`retail_values`: the customer
  summary in weeks of the **December 2010 cohort** (the customers who bought in the data's
  first month), the BG/NBD and Gamma-Gamma fitted on its whole year, and each customer's
  expected purchases, P(alive), expected spend, 12-month CLV and tier.
- :func:`retail_holdout`: the holdout check of Fader, Hardie & Lee (2005) on that cohort,
  calibrated to :data:`CALIBRATION_END`.

Why one cohort: the BG/NBD learns how customers stop buying from customers it has watched
long enough to have stopped. On all 4,325 customers (most first seen in 2011) the fit runs
off to "nobody ever stops" (a -> 0) and does not converge; on the 884 customers already
buying in December 2010 it converges, on the whole year and on the calibration period
alike. Fader, Hardie & Lee (2005) also follow one cohort (CDNOW's first-quarter 1997
buyers).
- :func:`p_alive_history` and the interactive :func:`customer_history` /
  ``m04.customer_history``: pick a customer, see her purchases and her P(alive) day by day.

The models are fitted once per session (cached): a widget step only evaluates formulas.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from valuekit import clv
from valuekit.charts import repeat_buying as cr
from valuekit.clv.invoice_lines import (
    CleanLog,
    clean_invoice_lines,
    concentration,
    read_invoice_lines,
)
from valuekit.i18n import N_, _
from valuekit.widgets import Dropdown, Interactive, Outcome, register_builder
from valuekit.widgets.clv import _table, local_format

__all__ = [
    "CALIBRATION_END",
    "COHORT_END",
    "END",
    "FORMATS",
    "HORIZON_WEEKS",
    "big_customers",
    "cohort_purchases",
    "customer_history",
    "customer_history_widget",
    "p_alive_history",
    "retail_cleaning",
    "retail_concentration",
    "retail_holdout",
    "retail_models",
    "retail_purchases",
    "retail_summary",
    "retail_values",
    "tier_table",
]

#: The last day of the data set, and the split of the holdout check.
END = pd.Timestamp("2011-12-09")
CALIBRATION_END = pd.Timestamp("2011-08-31")
#: The holdout check follows the customers whose first purchase is before this day (the
#: data start on 2010-12-01): customers the model can follow for nine months first.
COHORT_END = pd.Timestamp("2011-01-01")
WEEK = 7
HORIZON_WEEKS = 365.25 / WEEK  # 12 months
ANNUAL_DISCOUNT = 0.10

FORMATS = {"value": "£{:,.0f}", "revenue": "£{:,.0f}", "clv": "£{:,.0f}",
           "mean_clv": "£{:,.0f}", "expected_spend": "£{:,.0f}", "monetary_value": "£{:,.0f}",
           "p_alive": "{:.0%}", "share": "{:.0%}", "share_of_clv": "{:.0%}",
           "expected_purchases": "{:.1f}", "recency": "{:.1f}", "T": "{:.1f}",
           "frequency": "{:.0f}", "lines": "{:,.0f}", "customers": "{:,.0f}",
           "actual": "{:.2f}", "predicted": "{:.2f}"}


#: The cleaning steps' names (:func:`valuekit.clv.invoice_lines.clean_invoice_lines`), which
#: the lesson's table shows in the reader's language (code reads the English).
CLEANING_STEPS = (N_("no customer id"), N_("order line cancelled in full"),
                  N_("its cancellation"),
                  N_("partial cancellation (invoice number starts with 'C')"),
                  N_("return or correction (negative quantity)"),
                  N_("free line (price 0 or less)"), N_("kept"))


@functools.cache
def _cleaned() -> CleanLog:
    return clean_invoice_lines(read_invoice_lines())


def retail_cleaning() -> pd.DataFrame:
    """What each cleaning step removed from the 541,909 invoice lines (lines, value in £)."""
    return _table(_cleaned().steps.set_index("step"))


def retail_purchases() -> pd.DataFrame:
    """One row per invoice after cleaning: customer, invoice, date, value (£)."""
    return _table(_cleaned().purchases.copy())


def retail_concentration() -> pd.DataFrame:
    """Revenue share against customer share, biggest customers first (all customers)."""
    p = _cleaned().purchases
    return concentration(p.groupby("customer")["value"].sum())


@functools.cache
def _cohort() -> pd.DataFrame:
    p = _cleaned().purchases
    first = p.groupby("customer")["date"].transform("min")
    return p[(first < COHORT_END).to_numpy()]


def cohort_purchases() -> pd.DataFrame:
    """The purchases of the December 2010 cohort (customers whose first purchase is before
    :data:`COHORT_END`)."""
    return _cohort().copy()


@functools.cache
def _summary() -> pd.DataFrame:
    return clv.customer_summary(_cohort(), "customer", "date", "value", freq="D",
                                freq_multiplier=WEEK, observation_end=END)


def retail_summary() -> pd.DataFrame:
    """Per customer of the cohort, in weeks up to 2011-12-09: frequency, recency, T,
    monetary_value."""
    return _table(_summary().copy())


@functools.cache
def retail_models() -> tuple[clv.BGNBDFit, clv.GammaGammaFit]:
    """BG/NBD and Gamma-Gamma fitted on the cohort's whole year."""
    s = _summary()
    bg = clv.fit_bgnbd(s["frequency"], s["recency"], s["T"])
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    gg = clv.fit_gamma_gamma(rep["frequency"], rep["monetary_value"])
    return bg, gg


@functools.cache
def _values() -> pd.DataFrame:
    bg, gg = retail_models()
    monthly = (1 + ANNUAL_DISCOUNT) ** (1 / 12) - 1
    values = clv.customer_values(_summary(), bg, gg, horizon=HORIZON_WEEKS, periods=12,
                                 discount_per_period=monthly)
    revenue = _cohort().groupby("customer")["value"].sum()
    values.insert(0, "revenue", revenue.reindex(values.index))
    return values


def retail_values() -> pd.DataFrame:
    """Every customer of the cohort: revenue so far, summary, expected purchases in the next
    12 months, P(alive), expected spend per purchase, 12-month CLV of revenue (10% a year)
    and tier."""
    return _values().copy()


def tier_table() -> pd.DataFrame:
    """Customers, total and mean CLV, mean P(alive) and share of CLV per tier."""
    v = _values()
    t = v.groupby("tier", observed=False).agg(customers=("clv", "size"), clv=("clv", "sum"),
                                              mean_clv=("clv", "mean"),
                                              p_alive=("p_alive", "mean"))
    t["share_of_clv"] = t["clv"] / t["clv"].sum()
    return _table(t)


def big_customers(n: int = 10) -> pd.DataFrame:
    """The ``n`` customers with the most revenue so far, with what the model says of them."""
    cols = ["revenue", "frequency", "recency", "T", "p_alive", "expected_purchases", "clv",
            "tier"]
    return _table(_values().nlargest(n, "revenue")[cols])


@functools.cache
def retail_holdout() -> tuple[pd.DataFrame, clv.BGNBDFit, pd.DataFrame, pd.DataFrame]:
    """The holdout check on the customers who first bought before :data:`COHORT_END`:
    (calibration/holdout table, BG/NBD fitted to :data:`CALIBRATION_END`, holdout by
    calibration frequency, cumulative repeat transactions)."""
    cohort = _cohort()
    ch = clv.calibration_holdout(cohort, "customer", "date", calibration_end=CALIBRATION_END,
                                 observation_end=END, freq="D", freq_multiplier=WEEK)
    bg = clv.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    by_frequency = clv.holdout_by_frequency(ch, bg)
    curve = clv.cumulative_repeat_transactions(cohort, "customer", "date", bg,
                                               calibration_end=CALIBRATION_END,
                                               observation_end=END, freq="D",
                                               freq_multiplier=WEEK)
    return ch, bg, by_frequency, curve


def p_alive_history(customer: str, bg: clv.BGNBDFit | None = None) -> pd.DataFrame:
    """P(alive) of one customer of the cohort at the end of every day from her first
    purchase to :data:`END`, from what was known that day (x, t_x and T up to it, in
    weeks; FHL 2007, note 021)."""
    bg = bg or retail_models()[0]
    p = _cohort()
    own = p.loc[p["customer"] == str(customer), "date"]
    if own.empty:
        raise ValueError(f"no customer {customer!r} in the Online Retail purchases")
    days = np.unique(own.to_numpy().astype("datetime64[D]"))
    grid = np.arange(days[0], np.datetime64(END.date()) + 1, dtype="datetime64[D]")
    seen = np.searchsorted(days, grid, side="right")  # purchase days up to each day
    x = seen - 1
    tx = (days[seen - 1] - days[0]).astype(float) / WEEK
    T = np.maximum((grid - days[0]).astype(float) / WEEK, 1e-9)
    return pd.DataFrame({"date": pd.to_datetime(grid), "p_alive": clv.bgnbd_p_alive(bg, x, tx, T),
                         "purchases": x + 1})


def customer_history(customer: str) -> Outcome:
    """The interactive's pure function: a customer's purchases and P(alive) over time."""
    v = _values()
    if customer not in v.index:
        raise ValueError(f"no customer {customer!r} in the Online Retail purchases")
    row = v.loc[customer]
    history = p_alive_history(customer)
    p = _cohort()
    own = p.loc[p["customer"] == customer, ["date", "value"]]
    chart = cr.p_alive_history_chart(history, own,
                                     title=_("Customer {customer}").format(customer=customer))
    return Outcome(
        {N_("Purchases (invoices)"): len(own), N_("Revenue so far"): float(own["value"].sum()),
         N_("P(alive) today"): float(row["p_alive"]),
         N_("Expected purchases, 12 months"): float(row["expected_purchases"]),
         N_("CLV, 12 months"): float(row["clv"])},
        chart=chart,
        formats={"Revenue so far": local_format("£{:,.0f}"), "P(alive) today": "{:.0%}",
                 "Expected purchases, 12 months": "{:.1f}",
                 "CLV, 12 months": local_format("£{:,.0f}")},
        note=_("tier: {tier}; last purchase {date}").format(
            tier=_(str(row["tier"])), date=own["date"].max().date()),
    )


def _picker_options() -> list[str]:
    """The 20 biggest customers by revenue and, for contrast, the 10 biggest who have gone
    quiet (P(alive) below 50%)."""
    v = _values()
    top = list(v.nlargest(20, "revenue").index)
    quiet = list(v[v["p_alive"] < 0.5].nlargest(10, "revenue").index)
    return top + [c for c in quiet if c not in top]


@register_builder("m04.customer_history")
def customer_history_widget() -> Interactive:
    options = _picker_options()
    return Interactive(customer_history,
                       {"customer": Dropdown(options, options[0], _("Customer"))},
                       title=_("Pick a customer: purchases and P(alive) over time"))
