"""Relationship marketing on the kit's tables: loyalty ladder, CRM indicators, segment
economics, account values and the renewal watchlist (Module 4's lesson figures).

Pure functions over the ``accounts``, ``teams``, ``contracts``, ``invoices`` and
``campaign_touches`` frames (:func:`valuekit.data.sample` or a user's own export); nothing
reads files. The unit of the segment figures is the *subscription* (one account's contract
for one product, renewed year after year), the unit of the ``contracts`` table. Its yearly
**renewal rate** is renewed contract years / contract years that ended (renewed or churned),
as in docs/data_guide.md. The widgets in :mod:`valuekit.widgets.clv` show these; the
exercises of Module 4 take their expected answers from here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from valuekit.i18n import N_
from valuekit.schema import SAMPLE_AS_OF

from .basic import cac, clv_tiers, discounted_clv
from .cohorts import survival_counts
from .sbg import fit_sbg, sbg_retention

__all__ = [
    "PUBLISHED_LTV",
    "YEAR",
    "account_values",
    "active_on",
    "crm_indicators",
    "life_cycle_stages",
    "loyalty_ladder",
    "published_ltv",
    "renewal_by_tenure",
    "renewal_watchlist",
    "sbg_fit_frame",
    "segment_economics",
    "segments",
    "value_tiers",
]

#: The last full year of the sample (the year of ``SAMPLE_AS_OF``).
YEAR = pd.Timestamp(SAMPLE_AS_OF).year

#: Published lifetime values used in training (common B2B marketing training material):
#: example -> (lifetime value in USD, years).
PUBLISHED_LTV: dict[str, tuple[float, int]] = {
    N_("SAS business traveller"): (480_000.0, 20),
    N_("Cadillac buyer"): (332_000.0, 30),
    N_("Ritz-Carlton guest"): (144_000.0, 20),
    N_("AT&T customer"): (72_000.0, 30),
    N_("Marlboro smoker"): (25_000.0, 30),
    N_("Coca-Cola drinker"): (11_000.0, 50),
}

def published_ltv() -> pd.DataFrame:
    """:data:`PUBLISHED_LTV` as a table with the value per year of the relationship."""
    frame = pd.DataFrame(PUBLISHED_LTV, index=["lifetime_value", "years"]).T
    frame.index.name = "example"
    frame["per_year"] = frame["lifetime_value"] / frame["years"]
    return frame


def life_cycle_stages() -> pd.DataFrame:
    """The four stages of the customer life cycle: what the customer does, what we do, and
    the early-warning signs that the relationship is slipping."""
    rows = [
        (N_("acquisition (获取期)"), N_("explores: tries one product, compares suppliers"),
         N_("win the first contract, deliver the first result quickly"),
         N_("slow onboarding, little use of the product")),
        (N_("enhancement (提升期)"), N_("grows fast: more users, more products"),
         N_("cross-sell and up-sell, build contacts beyond the buyer"),
         N_("no second product, a single contact person")),
        (N_("maturity (稳定期)"), N_("buys steadily, at a high share of its need"),
         N_("serve, build structural ties, defend against competitors"),
         N_("falling usage or share of wallet, competitor visits")),
        (N_("decline (退化期)"), N_("buys less, tells us less, prepares to leave"),
         N_("diagnose, win back, or serve at lower cost"),
         N_("complaints, price pressure, a renewal left open")),
    ]
    return pd.DataFrame(rows, columns=["stage", "the customer", "we", "early warning"]
                        ).set_index("stage")


def active_on(contracts: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """Account ids with a contract year covering ``day``.

    Args:
        contracts: the contracts table.
        day: the day.

    Returns:
        The account ids.
    """
    on = contracts[(contracts["start_date"] <= day) & (contracts["end_date"] >= day)]
    return pd.Series(on["account_id"].unique())


def loyalty_ladder(accounts: pd.DataFrame, contracts: pd.DataFrame,
                   as_of: str = SAMPLE_AS_OF) -> pd.DataFrame:
    """Accounts on each rung of the loyalty ladder on ``as_of``, from the contracts.

    Rules (the kit's reading of the ladder on subscription data): *prospect*: never bought;
    *customer*: a customer now, longest subscription in its first year (renewal 0);
    *supporter*: renewed once; *regular*: renewed two to four times; *loyal customer*:
    renewed five times or more; *lost*: bought once and is no longer a customer.

    Args:
        accounts: the accounts table.
        contracts: the contracts table.
        as_of: the day.

    Returns:
        One row per rung (index ``rung``): ``accounts`` on it and their ``share``.
    """
    day = pd.Timestamp(as_of)
    active = contracts[(contracts["start_date"] <= day) & (contracts["end_date"] >= day)]
    tenure = active.groupby("account_id")["renewal_number"].max()
    buyers = set(contracts["account_id"])
    rung = pd.cut(tenure, [-1, 0, 1, 4, np.inf],
                  labels=["customer", "supporter", "regular", "loyal customer"])
    counts = {"prospect": int((~accounts["account_id"].isin(buyers)).sum())}
    counts |= {str(k): int(v) for k, v in rung.value_counts().items()}
    counts["lost"] = len(buyers) - len(tenure)
    order = ["prospect", "customer", "supporter", "regular", "loyal customer", "lost"]
    frame = pd.DataFrame({"accounts": [counts.get(r, 0) for r in order]},
                         index=pd.Index(order, name="rung"))
    frame["share"] = frame["accounts"] / len(accounts)
    return frame


def crm_indicators(contracts: pd.DataFrame, invoices: pd.DataFrame, accounts: pd.DataFrame,
                   year: int = YEAR, by: str = "team_name",
                   teams: pd.DataFrame | None = None) -> pd.DataFrame:
    """The CRM key indicators of ``year`` per segment (``by``: an accounts column, or
    "team_name").

    Base: accounts that were customers on 1 January. new_rate: accounts whose first contract
    started in the year / base; lost_rate: base accounts that were no longer customers on
    31 December / base; upgraded_rate: base accounts that started a subscription of a product
    they did not have before / base; margin_per_account: the year's invoiced margin per
    account invoiced that year.

    Args:
        contracts: the contracts table.
        invoices: the invoices table.
        accounts: the accounts table.
        year: the calendar year.
        by: an accounts column, or "team_name".
        teams: the teams table (needed for "team_name").

    Returns:
        One row per segment.
    """
    start, end = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-12-31")
    seg = segments(accounts, by, teams)
    base = set(active_on(contracts, start))
    at_end = set(active_on(contracts, end))
    first = contracts.groupby("account_id")["start_date"].min()
    new = set(first[(first >= start) & (first <= end)].index)
    firsts = contracts[contracts["renewal_number"] == 0]
    upgraded = set(firsts[(firsts["start_date"] > start) & (firsts["start_date"] <= end)
                          & firsts["account_id"].isin(base)]["account_id"])
    inv = invoices[invoices["month"].dt.year == year]
    margin = inv.groupby("account_id")["margin"].sum()
    rows = {}
    for name, ids in seg.groupby(seg).groups.items():
        ids = set(ids)
        b = len(ids & base)
        m = margin[margin.index.isin(ids)]
        rows[name] = {"accounts": b, "new_rate": len(ids & new) / b,
                      "lost_rate": len((ids & base) - at_end) / b,
                      "upgraded_rate": len(ids & upgraded) / b,
                      "margin_per_account": float(m.mean())}
    out = pd.DataFrame(rows).T
    out.index.name = by
    return out


def segments(accounts: pd.DataFrame, by: str, teams: pd.DataFrame | None = None) -> pd.Series:
    """Each account's segment.

    Args:
        accounts: the accounts table.
        by: an accounts column, or "team_name", which needs ``teams``.
        teams: the teams table.

    Returns:
        account_id -> segment name.
    """
    acc = accounts.set_index("account_id")
    if by == "team_name":
        if teams is None:
            raise ValueError("by='team_name' needs the teams table (teams=...)")
        names = teams.set_index("team_id")["team_name"]
        return acc["team_id"].map(names).rename("team_name")
    if by not in acc.columns:
        raise ValueError(f"by must be 'team_name' or a column of accounts, got {by!r}")
    return acc[by]


def renewal_by_tenure(contracts: pd.DataFrame, max_renewal: int = 6) -> pd.DataFrame:
    """Renewal rate of the contract years that ended, by ``renewal_number``.

    Args:
        contracts: the contracts table.
        max_renewal: later years are pooled into this one.

    Returns:
        One row per renewal number (0 = the first year, so its rate is the first
        renewal's).
    """
    done = contracts[contracts["outcome"] != "active"]
    n = done["renewal_number"].clip(upper=max_renewal)
    out = done.groupby(n)["outcome"].agg(
        contract_years="size", renewal_rate=lambda s: float((s == "renewed").mean()))
    out.index.name = "renewal_number"
    return out


def segment_economics(tables: Mapping[str, pd.DataFrame], by: str = "team_name",
                      year: int = YEAR) -> pd.DataFrame:
    """Per segment: the subscriptions' renewal rate (all years), the mean margin per
    subscription invoiced in ``year``, the subscriptions won in ``year`` and active now;
    with ``by="team_name"`` also the year's campaign spend and the CAC per new
    subscription (:func:`valuekit.clv.cac`).

    Args:
        tables: accounts, teams, contracts, invoices and campaign_touches.
        by: an accounts column (``"size_band"``, ``"industry"``) or ``"team_name"``.
        year: the calendar year of the margins, new subscriptions and spend.

    Returns:
        One row per segment: renewal_rate, subscriptions, new_subscriptions, margin (and
        spend, cac by team).

    Raises:
        ValueError: ``by`` is neither "team_name" nor a column of accounts.
    """
    s = tables
    seg = segments(s["accounts"], by, s.get("teams"))
    con = s["contracts"].assign(segment=lambda d: d["account_id"].map(seg))
    done = con[con["outcome"] != "active"]
    out = pd.DataFrame({
        "renewal_rate": done.groupby("segment")["outcome"].agg(
            lambda o: float((o == "renewed").mean())),
        "subscriptions": con[con["outcome"] == "active"].groupby("segment").size(),
        "new_subscriptions": con[(con["renewal_number"] == 0)
                                 & (con["start_date"].dt.year == year)].groupby("segment").size(),
    })
    inv = s["invoices"][s["invoices"]["month"].dt.year == year]
    per_sub = inv.groupby(["account_id", "product_id"])["margin"].sum().reset_index()
    per_sub["segment"] = per_sub["account_id"].map(seg)
    out["margin"] = per_sub.groupby("segment")["margin"].mean()
    if by == "team_name":
        teams = s["teams"].set_index("team_id")["team_name"]
        touches = s["campaign_touches"]
        touches = touches[touches["date"].dt.year == year]
        out["spend"] = touches.groupby(touches["team_id"].map(teams))["cost"].sum()
        out["cac"] = cac(out["spend"], out["new_subscriptions"])
    out.index.name = by
    return out


def account_values(tables: Mapping[str, pd.DataFrame], discount: float = 0.1, years: int = 5,
                   year: int = YEAR, by: str = "team_name",
                   as_of: str = SAMPLE_AS_OF) -> pd.DataFrame:
    """Lifetime value of every account that is a customer on ``as_of``: its margin
    invoiced in ``year`` as the margin per year, its segment's renewal rate
    (:func:`segment_economics`), :func:`valuekit.clv.discounted_clv` over ``years`` with the
    margin at the start of each year, and its value tier (:func:`valuekit.clv.clv_tiers`:
    top 20 % "high", next 30 % "medium").

    Args:
        tables: as for :func:`segment_economics`.
        discount: the yearly discount rate.
        years: the horizon of the lifetime value.
        year: the year whose invoiced margin is the margin per year.
        by: the segment whose renewal rate each account gets.
        as_of: the day an account must be a customer on.

    Returns:
        One row per account (index account_id): segment, margin, renewal_rate, clv, tier;
        highest value first.
    """
    s = tables
    seg = segments(s["accounts"], by, s.get("teams"))
    active = active_on(s["contracts"], pd.Timestamp(as_of))
    inv = s["invoices"][s["invoices"]["month"].dt.year == year]
    margin = inv.groupby("account_id")["margin"].sum().reindex(active, fill_value=0.0)
    out = pd.DataFrame({by: margin.index.map(seg), "margin": margin.to_numpy()},
                       index=pd.Index(margin.index, name="account_id"))
    out["renewal_rate"] = out[by].map(segment_economics(tables, by)["renewal_rate"])
    out["clv"] = discounted_clv(out["margin"], out["renewal_rate"], discount, years,
                                    timing="start")
    out["tier"] = clv_tiers(out["clv"])
    return out.sort_values("clv", ascending=False)


def value_tiers(values: pd.DataFrame) -> pd.DataFrame:
    """Accounts and lifetime value per tier of :func:`account_values`, with each tier's share
    of the total value."""
    out = values.groupby("tier", observed=True)["clv"].agg(accounts="size", clv="sum")
    out["share_of_value"] = out["clv"] / out["clv"].sum()
    return out


def renewal_watchlist(tables: Mapping[str, pd.DataFrame], start: str, end: str,
                      by: str = "team_name") -> pd.DataFrame:
    """Active subscriptions whose contract year ends between ``start`` and ``end`` (their
    renewal is due), with the segment's renewal rate and the expected loss: annual value x
    (1 - renewal rate).

    Args:
        tables: as for :func:`segment_economics`.
        start: first day of the window (``"2026-01-01"``).
        end: last day of the window.
        by: the segment whose renewal rate each subscription gets.

    Returns:
        One row per subscription due, largest expected loss first.
    """
    s = tables
    seg = segments(s["accounts"], by, s.get("teams"))
    rates = segment_economics(tables, by)["renewal_rate"]
    con = s["contracts"]
    due = con[(con["outcome"] == "active") & (con["end_date"] >= pd.Timestamp(start))
              & (con["end_date"] <= pd.Timestamp(end))].copy()
    due[by] = due["account_id"].map(seg)
    due["renewal_rate"] = due[by].map(rates)
    due["expected_loss"] = due["annual_value"] * (1 - due["renewal_rate"])
    cols = ["account_id", "product_id", by, "end_date", "renewal_number", "annual_value",
            "renewal_rate", "expected_loss"]
    return due[cols].sort_values("expected_loss", ascending=False).reset_index(drop=True)


def sbg_fit_frame(contracts: pd.DataFrame, years: int = 6) -> pd.DataFrame:
    """Actual renewal rate by tenure (:func:`renewal_by_tenure`, first ``years`` renewals)
    and the sBG model's (:func:`valuekit.clv.sbg_retention`), fitted on the subscriptions'
    cohorts (:func:`valuekit.clv.survival_counts` with ``unit="account_product"``).

    Args:
        contracts: the contracts table.
        years: how many renewals.

    Returns:
        A long frame for :func:`valuekit.charts.clv.sbg_fit_chart`.
    """
    fit = fit_sbg(survival_counts(contracts, unit="account_product"))
    actual = renewal_by_tenure(contracts, max_renewal=years)["renewal_rate"].iloc[:years]
    k = np.arange(1, years + 1)
    return pd.concat([
        pd.DataFrame({"year": k, "series": N_("actual (renewed / ended)"),
                      "rate": actual.to_numpy()}),
        pd.DataFrame({"year": k, "series": N_("sBG model"), "rate": sbg_retention(
            fit.alpha, fit.beta, k)}),
    ], ignore_index=True)
