"""Cohort survival and retention tables from the ``contracts`` table.

The unit of analysis is the account by default: a marketer's "customer" is
the organisation, not one of its subscriptions. ``unit="account_product"``
treats every account-product subscription as a customer instead.

Definitions (the contract years are annual, see :mod:`valuekit.schema`):

- An account's cohort is the year (or quarter) of its first contract start.
- It counts as a customer from that first start to the end of its last
  contract year. A gap between contracts is not counted as churn (a
  win-back is still the same relationship), so survival never increases.
- It is lost once every product chain has ended with ``outcome == "churned"``;
  otherwise (an ``active`` year, or a ``renewed`` year whose successor is not
  in the table yet) it is still a customer on ``as_of`` and right-censored.
- "Alive at the start of year k" means still a customer on the k-th
  anniversary of the first start.

A cell (cohort, k) is known only when the status of every account of the
cohort on its k-th anniversary is known: an account lost before that date is
known to be gone, one still active is known only if the anniversary is not
after ``as_of``. Unknown cells are NaN, never zero, because "not observed
yet" is not "lost". This is the cohort table of Fader & Hardie (2007), "How to
project customer retention", Journal of Interactive Marketing 21(1), Table 1,
built from contract records.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from valuekit.checks import date_value
from valuekit.schema import CONTRACT_OUTCOMES

REQUIRED = ("account_id", "product_id", "start_date", "end_date", "outcome")
UNITS = {"account": ["account_id"], "account_product": ["account_id", "product_id"]}
BY = ("year", "quarter")
MAX_YEARS = 100  # safety stop for the anniversary loop


def _dates(df: pd.DataFrame, column: str) -> pd.Series:
    try:
        out = pd.to_datetime(df[column], errors="raise", format="ISO8601")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"contracts column {column!r} has a value that is not a date "
                         "(expected YYYY-MM-DD)") from exc
    if out.isna().any():
        row = out.index[out.isna()][0]
        raise ValueError(f"contracts column {column!r} is empty in row {row!r}")
    return out


def _prepare(contracts: pd.DataFrame, as_of: Any) -> tuple[pd.DataFrame, pd.Timestamp]:
    if not isinstance(contracts, pd.DataFrame):
        raise ValueError("contracts must be a pandas DataFrame (the contracts table)")
    missing = [c for c in REQUIRED if c not in contracts.columns]
    if missing:
        raise ValueError(f"contracts is missing column(s): {', '.join(missing)}")
    if contracts.empty:
        raise ValueError("contracts is empty: there are no contract years to build cohorts from")
    df = contracts[list(REQUIRED)].copy()
    for col in ("account_id", "product_id"):
        if df[col].isna().any():
            row = df.index[df[col].isna()][0]
            raise ValueError(f"contracts column {col!r} is empty in row {row!r}")
    df["start_date"] = _dates(df, "start_date")
    df["end_date"] = _dates(df, "end_date")
    bad = df["end_date"] < df["start_date"]
    if bad.any():
        raise ValueError(f"contracts row {df.index[bad][0]!r} ends before it starts "
                         "(end_date < start_date)")
    bad = ~df["outcome"].isin(CONTRACT_OUTCOMES)
    if bad.any():
        row = df.index[bad][0]
        raise ValueError(f"contracts column 'outcome' has {df.loc[row, 'outcome']!r} in row "
                         f"{row!r}; expected one of {', '.join(CONTRACT_OUTCOMES)}")
    if as_of is None:
        # the latest date the table proves has passed
        as_of = df["start_date"].max()
        finished = df.loc[df["outcome"] != "active", "end_date"]
        if len(finished):
            as_of = max(as_of, finished.max())
    else:
        as_of = date_value(as_of, "as_of")
        late = df["start_date"] > as_of
        if late.any():
            raise ValueError(f"contracts row {df.index[late][0]!r} starts after as_of "
                             f"({as_of.date()}): pass the date the data were extracted")
    return df, as_of


def _customers(df: pd.DataFrame, unit: str, by: str) -> pd.DataFrame:
    """One row per customer: cohort, first start, last end and whether still active."""
    keys = UNITS[unit]
    # the latest contract year of each product chain tells whether the chain is still open
    last = df.sort_values("start_date").groupby(["account_id", "product_id"]).tail(1)
    last = last.assign(open=last["outcome"] != "churned")
    per = last.groupby(keys).agg(last_end=("end_date", "max"), censored=("open", "any"))
    per["first_start"] = df.groupby(keys)["start_date"].min()
    if by == "year":
        per["cohort"] = per["first_start"].dt.year.astype("int64")
    else:
        per["cohort"] = per["first_start"].dt.to_period("Q").astype(str)
    return per


def survival_counts(
    contracts: pd.DataFrame,
    cohort: Any = None,
    *,
    by: str = "year",
    unit: str = "account",
    as_of: Any = None,
) -> pd.DataFrame | pd.Series:
    """Number of customers of each cohort still active at the start of year 0, 1, 2, ...

    NaN where not yet observable (see the module docstring for the rules).

    Args:
        contracts: the contracts table.
        cohort: one cohort's label; None: all cohorts.
        by: ``"year"`` or ``"quarter"`` of the first start.
        unit: ``"account"`` or ``"account_product"`` (a subscription).
        as_of: the date the data were extracted (the sample's is
            ``valuekit.schema.SAMPLE_AS_OF``); None: the latest date the table proves has
            passed (the last start date or the last end date of a finished contract year).

    Returns:
        A DataFrame: index ``cohort`` (first-start year as an int, or quarter as text like
        ``"2024Q1"``), columns ``year`` = whole years since the first start, values the
        number still a customer on that anniversary. With ``cohort`` given, that cohort's
        row as a Series with the unobserved tail dropped, ready for
        :func:`valuekit.clv.fit_sbg`.
    """
    if by not in BY:
        raise ValueError(f"by must be 'year' or 'quarter', got {by!r}")
    if unit not in UNITS:
        raise ValueError(f"unit must be 'account' or 'account_product', got {unit!r}")
    df, as_of = _prepare(contracts, as_of)
    per = _customers(df, unit, by)
    codes, cohorts = pd.factorize(per["cohort"], sort=True)
    n_cohorts = len(cohorts)
    censored = per["censored"].to_numpy(dtype=bool)
    last_end = per["last_end"].to_numpy()
    limit = np.datetime64(as_of)
    columns = {}
    for k in range(MAX_YEARS + 1):
        anniversary = (per["first_start"] + pd.DateOffset(years=k)).to_numpy()
        after = anniversary > limit
        alive = np.where(censored, ~after, last_end >= anniversary)
        unknown = np.bincount(codes, censored & after, minlength=n_cohorts) > 0
        count = np.bincount(codes, alive, minlength=n_cohorts).astype(float)
        col = np.where(unknown, np.nan, count)
        if np.isnan(col).all():
            break
        columns[k] = col
        if np.nan_to_num(col).max() == 0:
            break  # every observable cohort is fully lost: later years add only zeros
    table = pd.DataFrame(columns, index=pd.Index(cohorts, name="cohort"))
    table.columns.name = "year"
    if cohort is None:
        return table
    if cohort not in table.index:
        raise ValueError(f"cohort {cohort!r} is not in the contracts; cohorts are "
                         f"{', '.join(map(str, table.index))}")
    row = table.loc[cohort]
    return row.iloc[: int(row.notna().cumprod().sum())].rename(f"alive_{cohort}")


def cohort_retention(
    contracts: pd.DataFrame,
    by: str = "year",
    *,
    unit: str = "account",
    as_of: Any = None,
) -> pd.DataFrame:
    """Share of each cohort still a customer at the start of year 0, 1, 2, ... since first start.

    :func:`survival_counts` divided by each cohort's size (year 0 is 1.0).
    Cells not yet observable are NaN, not zero. Source: the survival table of
    Fader & Hardie (2007), Journal of Interactive Marketing 21(1), Table 1.

    Args:
        contracts: the contracts table.
        by: as in :func:`survival_counts`.
        unit: as in :func:`survival_counts`.
        as_of: as in :func:`survival_counts`.

    Returns:
        Shares, one row per cohort, one column per year since the first start.
    """
    counts = survival_counts(contracts, by=by, unit=unit, as_of=as_of)
    return counts.div(counts[0], axis=0)
