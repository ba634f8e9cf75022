"""Value marketing in numbers (Module 1).

- Customer delivered value: total customer value minus total customer cost
  (Kotler, Marketing Management), for one respondent or a survey, ours vs a competitor.
- Concentration of value across customers: the Pareto curve, the share of the top
  k customers or top p %, how many customers make 80 %, the Gini coefficient, and
  profit tiers (high / medium / low / none), with loss-making customers handled.
- Share of wallet vs market share.
- Economic value to the customer and a value-based price range vs cost-plus
  (Nagle & Holden, The Strategy and Tactics of Pricing).

Pure functions over pandas/numpy; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from valuekit.checks import date_value, label_list, number_series, require_columns
from valuekit.schema import COST_COMPONENTS, VALUE_COMPONENTS, VENDORS

__all__ = [
    "delivered_value",
    "compare_delivered_value",
    "concentration_curve",
    "top_share",
    "customers_for_share",
    "gini",
    "PROFIT_TIERS",
    "profit_tiers",
    "share_of_wallet",
    "market_share",
    "wallet_vs_market",
    "economic_value",
    "PriceRange",
    "value_based_price_range",
    "cost_plus_price",
]

# Tolerance for comparing cumulative shares with a target share: sums of floats
# such as 0.5 + 0.3 land a hair below 0.8.
_EPS = 1e-9


# --------------------------------------------------------------------------- helpers


def _number(x, name: str, *, minimum: float | None = None, strict: bool = False) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {x!r}")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {x!r}")
    if minimum is not None and (x <= minimum if strict else x < minimum):
        raise ValueError(f"{name} must be {'>' if strict else '>='} {minimum:g}, got {x:g}")
    return x


# --------------------------------------------------------------------------- delivered value


def _weights(weights, cols: list[str]) -> pd.Series:
    w = pd.Series(1.0, index=cols)
    if weights is None:
        return w
    unknown = [k for k in weights if k not in cols]
    if unknown:
        raise ValueError(
            f"weights names unknown components: {', '.join(map(str, unknown))} "
            f"(components are {', '.join(cols)})"
        )
    for k, v in weights.items():
        w[k] = _number(v, f"weight of {k}", minimum=0)
    return w


def _columns(value_cols, cost_cols) -> tuple[list[str], list[str]]:
    value_cols, cost_cols = list(value_cols), list(cost_cols)
    if not value_cols or not cost_cols:
        raise ValueError("value_cols and cost_cols need at least one component each")
    overlap = set(value_cols) & set(cost_cols)
    if overlap:
        raise ValueError(f"components cannot be both value and cost: {', '.join(sorted(overlap))}")
    return value_cols, cost_cols


def _score_matrix(frame: pd.DataFrame, cols: list[str], single: bool) -> np.ndarray:
    """The component scores as a float array; names missing, empty or non-numeric cells."""
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"scores is missing components: {', '.join(missing)}")
    sub = frame[cols]
    try:
        arr = sub.to_numpy(dtype=float)
    except (TypeError, ValueError):  # text somewhere: find it below
        arr = sub.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(arr)
    if bad.any():
        rows = sub.index[bad.any(axis=1)]
        bad_cols = [c for c, b in zip(cols, bad.any(axis=0), strict=True) if b]
        where = "" if single else f" in rows {label_list(rows)}"
        raise ValueError(f"scores has missing or non-numeric {', '.join(bad_cols)}{where}")
    return arr


def _totals(arr: np.ndarray, w: np.ndarray, n_value: int) -> np.ndarray:
    """Columns total_value, total_cost, delivered_value, value_cost_ratio."""
    total_value = arr[:, :n_value] @ w[:n_value]
    total_cost = arr[:, n_value:] @ w[n_value:]
    ratio = total_value / np.where(total_cost != 0, total_cost, np.nan)  # NaN if cost is 0
    return np.column_stack([total_value, total_cost, total_value - total_cost, ratio])


_TOTALS = ["total_value", "total_cost", "delivered_value", "value_cost_ratio"]


def delivered_value(
    scores,
    value_cols: Iterable[str] = VALUE_COMPONENTS,
    cost_cols: Iterable[str] = COST_COMPONENTS,
    weights: Mapping[str, float] | None = None,
):
    """Customer delivered value = total customer value - total customer cost (Kotler).

    Kotler (Marketing Management, "customer delivered value"): total customer value
    is the sum of product, service, personnel and image value; total customer cost
    the sum of money, time, energy and psychic cost. ``weights`` (component -> weight
    >= 0, default 1 each) turns either sum into a weighted sum. The ratio form
    value / cost is returned as value_cost_ratio (NaN when the total cost is 0).

    Args:
        scores: a dict or Series for one respondent, or a DataFrame with one row per
            respondent, holding the components.
        value_cols: the value components.
        cost_cols: the cost components.
        weights: component -> weight >= 0; None: 1 each.

    Returns:
        For one respondent a Series, for a DataFrame a DataFrame with the same index; either
        way the fields are total_value, total_cost, delivered_value, value_cost_ratio.
    """
    value_cols, cost_cols = _columns(value_cols, cost_cols)
    cols = value_cols + cost_cols
    w = _weights(weights, cols).to_numpy()
    single = not isinstance(scores, pd.DataFrame)
    if single:
        if not isinstance(scores, Mapping | pd.Series):
            raise ValueError("scores must be a dict/Series (one respondent) or a DataFrame")
        frame = pd.DataFrame([dict(scores)])
    else:
        frame = scores
    totals = _totals(_score_matrix(frame, cols, single), w, len(value_cols))
    if single:
        return pd.Series(totals[0], index=_TOTALS)
    return pd.DataFrame(totals, index=frame.index, columns=_TOTALS)


def compare_delivered_value(
    survey: pd.DataFrame,
    value_cols: Iterable[str] = VALUE_COMPONENTS,
    cost_cols: Iterable[str] = COST_COMPONENTS,
    weights: Mapping[str, float] | None = None,
    vendors: tuple[str, str] = VENDORS,
) -> pd.DataFrame:
    """Where we win and where we lose: mean component scores per vendor and the gap.

    ``survey``: the value_survey table (column ``vendor`` in {us, competitor} plus the
    eight components). For each vendor the mean of every component; from those means
    total value, total cost, delivered value and the value/cost ratio (the ratio of
    the mean totals), as in :func:`delivered_value` (Kotler).

    Args:
        survey: the value_survey table.
        value_cols: the value components.
        cost_cols: the cost components.
        weights: component -> weight >= 0; None: 1 each.
        vendors: the names of our vendor and the competitor in ``vendor``.

    Returns:
        One row per component then total_value, total_cost, delivered_value,
        value_cost_ratio; columns kind (value / cost / total), us, competitor,
        gap = us - competitor, and advantage = the gap signed so that positive means we
        win (for a cost, lower is better, so advantage = -gap). ``attrs["responses"]``
        holds the number of responses per vendor.
    """
    # Not require_frame: this message ("non-empty") is the one tests and users know.
    if not isinstance(survey, pd.DataFrame) or survey.empty:
        raise ValueError("survey must be a non-empty table (the value_survey table)")
    if "vendor" not in survey.columns:
        raise ValueError("survey is missing the column 'vendor'")
    ours, theirs = vendors
    vendor = survey["vendor"]
    unknown = sorted(set(vendor.dropna().astype(str)) - {ours, theirs})
    if unknown or vendor.isna().any():
        raise ValueError(
            f"survey.vendor must be {ours!r} or {theirs!r}; found {unknown or ['missing']}"
        )
    value_cols, cost_cols = _columns(value_cols, cost_cols)
    cols = value_cols + cost_cols
    w = _weights(weights, cols).to_numpy()
    arr = _score_matrix(survey, cols, single=False)
    who = vendor.to_numpy()
    counts = {v: int(np.sum(who == v)) for v in vendors}
    for v in vendors:
        if counts[v] == 0:
            raise ValueError(f"survey has no responses for vendor {v!r}: both are needed")
    means = np.vstack([arr[who == v].mean(axis=0) for v in vendors])
    body = np.hstack([means, _totals(means, w, len(value_cols))]).T
    n_value, n_cost = len(value_cols), len(cost_cols)
    kind = ["value"] * n_value + ["cost"] * n_cost + ["total"] * len(_TOTALS)
    gap = body[:, 0] - body[:, 1]
    # Lower cost is better: flip the sign for the cost rows and total cost.
    sign = np.array([-1.0 if k == "cost" else 1.0 for k in kind])
    sign[n_value + n_cost + 1] = -1.0
    table = pd.DataFrame(
        {"kind": kind, ours: body[:, 0], theirs: body[:, 1], "gap": gap, "advantage": sign * gap},
        index=pd.Index(cols + _TOTALS, name="component"),
    )
    table.attrs["responses"] = counts
    return table


# --------------------------------------------------------------------------- concentration


def _total(v: pd.Series, name: str) -> float:
    total = float(v.sum())
    if total <= 0:
        raise ValueError(
            f"{name} add up to {total:g}: shares of the total need a positive total"
        )
    return total


def _sorted_desc(v: pd.Series) -> pd.Series:
    # Stable sort: ties keep their input order, so results are reproducible.
    return v.sort_values(ascending=False, kind="stable")


def concentration_curve(values) -> pd.DataFrame:
    """Pareto (concentration) curve: customers ranked by value, biggest first.

    Columns customer, value, rank (1 = biggest), share_of_customers (rank / n),
    cumulative_value and cumulative_share (cumulative value / total). With
    non-negative values cumulative_share rises to 1. With losses (negative profit)
    it is the "whale curve" (Kaplan & Cooper, Cost & Effect, 1998): it climbs above
    1 (the profitable customers make more than the total profit) and falls back to
    1 as the loss-makers are added. The total must be positive.
    """
    v = number_series(values, "values")
    total = _total(v, "values")
    s = _sorted_desc(v)
    n = len(s)
    cum = s.cumsum().to_numpy()
    return pd.DataFrame(
        {
            "customer": s.index.to_numpy(),
            "value": s.to_numpy(),
            "rank": np.arange(1, n + 1),
            "share_of_customers": np.arange(1, n + 1) / n,
            "cumulative_value": cum,
            "cumulative_share": cum / total,
        }
    )


def _top_count(n: int, top_k, top_pct) -> int:
    if (top_k is None) == (top_pct is None):
        raise ValueError("give exactly one of top_k (a number of customers) or top_pct")
    if top_k is not None:
        if isinstance(top_k, bool) or not isinstance(top_k, int | np.integer) or top_k < 0:
            raise ValueError(f"top_k must be a whole number >= 0, got {top_k!r}")
        if top_k > n:
            raise ValueError(f"top_k={top_k} is more than the {n} customers given")
        return int(top_k)
    pct = _number(top_pct, "top_pct", minimum=0)
    if pct > 1:
        raise ValueError(f"top_pct is a fraction between 0 and 1 (0.2 for 20 %), got {pct:g}")
    # ceil, with a guard so that 0.2 * 2000 = 400.00000000000006 stays 400.
    return min(n, math.ceil(round(pct * n, 9)))


def top_share(values, top_k: int | None = None, top_pct: float | None = None) -> float:
    """Share of the total from the top k customers or the top fraction of customers.

    ``top_pct`` is a fraction (0.2 = the top 20 % of customers); the number of
    customers is ceil(top_pct * n), so 0.2 of 2000 customers is 400 and 0.2 of 7 is
    2 (nothing is interpolated).

    Args:
        values: one value per customer (revenue, profit).
        top_k: how many top customers; give this or ``top_pct``.
        top_pct: the top fraction of customers.

    Returns:
        The share, in [0, 1] for non-negative values; with losses (profit) the top
        customers can make more than 100 % of the total profit.
    """
    v = number_series(values, "values")
    total = _total(v, "values")
    k = _top_count(len(v), top_k, top_pct)
    return float(_sorted_desc(v).iloc[:k].sum() / total)


def customers_for_share(values, share: float = 0.8) -> int:
    """The fewest top customers whose value reaches ``share`` of the total (0 < share <= 1).

    The classic "how many customers make 80 % of revenue". With losses the answer
    can be smaller than with the same revenue alone, because the total is smaller.

    Args:
        values: one value per customer.
        share: the share of the total to reach.

    Returns:
        The number of customers.
    """
    v = number_series(values, "values")
    total = _total(v, "values")
    sh = _number(share, "share", minimum=0, strict=True)
    if sh > 1:
        raise ValueError(f"share is a fraction between 0 and 1 (0.8 for 80 %), got {sh:g}")
    cum = _sorted_desc(v).cumsum().to_numpy() / total
    return int(np.argmax(cum >= sh - _EPS)) + 1


def gini(values) -> float:
    """Gini coefficient of non-negative values: 0 = all equal, (n-1)/n = one has all.

    G = sum_i (2i - n - 1) x_(i) / (n sum x), with x sorted ascending (i = 1..n);
    twice the area between the concentration (Lorenz) curve and the diagonal.
    Negative values are refused: the Gini of a profit mix with losses is not defined.
    """
    v = number_series(values, "values")
    neg = v.index[v < 0]
    if len(neg):
        raise ValueError(f"gini needs values >= 0; negative for {label_list(neg)}")
    total = _total(v, "values")
    x = np.sort(v.to_numpy())
    n = len(x)
    i = np.arange(1, n + 1)
    # The sum is >= 0 for sorted x; with equal values rounding can leave -1e-17.
    return max(0.0, float(np.sum((2 * i - n - 1) * x) / (n * total)))


#: Profit tiers, best first (common B2B training material: high / medium / low / none).
PROFIT_TIERS: tuple[str, ...] = ("high", "medium", "low", "none")


def profit_tiers(profit, cuts: tuple[float, float] = (0.5, 0.8)) -> pd.Series:
    """Tier of each customer by its place in the cumulative share of positive profit.

    Rule: customers with profit <= 0 are "none". The others are ranked by profit,
    biggest first (ties keep input order), and each is placed by the share of
    positive profit made by the customers ranked above it: below cuts[0] (50 %) ->
    "high", below cuts[1] (80 %) -> "medium", else "low". So the high tier is the
    fewest customers that together make at least 50 % of the positive profit, and
    high + medium the fewest that make at least 80 %.

    Example: profits 50, 20, 15, 10, 5, 0, -10 -> high, medium, medium, low, low,
    none, none.

    Args:
        profit: one profit per customer.
        cuts: the two cumulative shares between the tiers.

    Returns:
        An ordered categorical Series with the input's index.
    """
    v = number_series(profit, "profit")
    c1, c2 = (_number(c, "cuts", minimum=0, strict=True) for c in cuts)
    if not c1 < c2 <= 1:
        raise ValueError(f"cuts must be two fractions 0 < first < second <= 1, got {cuts!r}")
    codes = pd.Series(3, index=v.index)
    pos = _sorted_desc(v[v > 0])
    if len(pos):
        before = (pos.cumsum() - pos).to_numpy() / float(pos.sum())
        tier = np.where(before < c1 - _EPS, 0, np.where(before < c2 - _EPS, 1, 2))
        codes.loc[pos.index] = tier
    return pd.Series(
        pd.Categorical.from_codes(codes.to_numpy(), categories=list(PROFIT_TIERS), ordered=True),
        index=v.index,
        name="profit_tier",
    )


# --------------------------------------------------------------------------- wallet and market


def _pair(a, b, name_a: str, name_b: str) -> tuple[pd.Series, pd.Series, bool]:
    """Two aligned Series (by index) or two scalars; returns (a, b, scalar)."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return (pd.Series([_number(a, name_a)]), pd.Series([_number(b, name_b)]), True)
    sa, sb = number_series(a, name_a), number_series(b, name_b)
    only_a = sa.index.difference(sb.index)
    only_b = sb.index.difference(sa.index)
    if len(only_a) or len(only_b):
        parts = []
        if len(only_a):
            parts.append(f"in {name_a} only: {label_list(only_a)}")
        if len(only_b):
            parts.append(f"in {name_b} only: {label_list(only_b)}")
        raise ValueError(f"{name_a} and {name_b} must cover the same accounts ({'; '.join(parts)})")
    return sa, sb.loc[sa.index], False


def _part_of_whole(part, whole, part_name: str, whole_name: str, result: str, over: str):
    """part / whole for numbers or aligned Series: part >= 0, whole > 0 and part <= whole,
    each broken rule naming the accounts at fault (``over`` words the last one)."""
    ours, total, scalar = _pair(part, whole, part_name, whole_name)
    neg = ours.index[ours < 0]
    if len(neg):
        raise ValueError(f"{part_name} must be >= 0; negative for {label_list(neg)}")
    zero = total.index[total <= 0]
    if len(zero):
        raise ValueError(f"{whole_name} must be > 0; not so for {label_list(zero)}")
    above = ours.index[ours > total * (1 + 1e-12)]
    if len(above):
        raise ValueError(f"{over} for {label_list(above)}")
    share = (ours / total).rename(result)
    return float(share.iloc[0]) if scalar else share


def share_of_wallet(our_spend, total_budget):
    """Share of wallet = what the account spends with us / its total spend in the category.

    Per account (two Series aligned by account id) or for one account (two numbers).
    The total budget (the wallet) must be > 0 and at least our spend; the accounts at
    fault are named. Share of wallet looks inside each customer; market share
    (:func:`market_share`) looks across the market (common B2B training material).

    Args:
        our_spend: what the account spends with us (a number or a Series).
        total_budget: its total spend in the category, aligned with ``our_spend``.

    Returns:
        The share (a number, or a Series by account).
    """
    return _part_of_whole(
        our_spend, total_budget, "our_spend", "total_budget", "share_of_wallet",
        "total_budget is smaller than our_spend (the wallet must include what they "
        "spend with us)",
    )


def market_share(our_revenue, market_revenue):
    """Market share = our revenue / the whole market's revenue.

    Args:
        our_revenue: a number or a Series.
        market_revenue: the same shape, aligned.

    Returns:
        The share (a number, or a Series).
    """
    return _part_of_whole(
        our_revenue, market_revenue, "our_revenue", "market_revenue", "market_share",
        "our_revenue exceeds market_revenue",
    )


def wallet_vs_market(our_spend, total_budget, market_revenue: float | None = None) -> pd.Series:
    """Market share next to share of wallet, the Module 1 contrast in four numbers.

    Over the accounts given (customers and prospects, aligned by account id):
    - market_share: our total / the market's total sales (``market_revenue``). The
      default, the sum of every given account's wallet, is the market we can see: it
      equals the true market only if the accounts are every buyer in the market;
    - share_of_wallet: our total / the wallets of our customers (accounts with
      spend > 0), i.e. how much of our customers' spending we capture;
    - mean_share_of_wallet: the unweighted mean over customers;
    - customers, accounts: how many buy from us, how many were given.
    A vendor can hold a small market share and a large share of wallet (deep with
    few customers) or the reverse (broad and shallow).

    Args:
        our_spend: each account's spend with us (a Series by account id).
        total_budget: each account's wallet, aligned.
        market_revenue: the market's total sales; None: the sum of the wallets given.

    Returns:
        A Series with market_share, share_of_wallet, mean_share_of_wallet, customers and
        accounts.
    """
    spend, budget, _ = _pair(our_spend, total_budget, "our_spend", "total_budget")
    sow = share_of_wallet(spend, budget)  # validates spend <= budget, budget > 0
    market = float(budget.sum()) if market_revenue is None else _number(
        market_revenue, "market_revenue", minimum=0, strict=True)
    if spend.sum() > market * (1 + 1e-12):
        raise ValueError("market_revenue is smaller than our total spend across the accounts")
    cust = spend > 0
    return pd.Series(
        {
            "market_share": float(spend.sum() / market),
            "share_of_wallet": float(spend[cust].sum() / budget[cust].sum()) if cust.any() else 0.0,
            "mean_share_of_wallet": float(sow[cust].mean()) if cust.any() else 0.0,
            "customers": int(cust.sum()),
            "accounts": len(spend),
        },
        dtype=object,
    )


# --------------------------------------------------------------------------- pricing


def _differentiation(x, name: str) -> float:
    """A number or a mapping of named value drivers (each >= 0) -> their sum."""
    if isinstance(x, Mapping):
        if not x:
            return 0.0
        return float(sum(_number(v, f"{name}[{k!r}]", minimum=0) for k, v in x.items()))
    return _number(x, name, minimum=0)


def economic_value(
    reference_price: float,
    positive_differentiation: float | Mapping[str, float],
    negative_differentiation: float | Mapping[str, float] = 0.0,
) -> float:
    """Economic value to the customer (EVC; Nagle & Holden, The Strategy and Tactics of Pricing).

    EVC = reference value (the price of the customer's next-best alternative)
          + positive differentiation value (what our product saves or earns them more)
          - negative differentiation value (what it costs them more or does worse).
    The differentiation values may be numbers or mappings of named drivers
    (e.g. {"less downtime": 20000, "faster reporting": 5000}), which are summed.

    Args:
        reference_price: the price of the next-best alternative.
        positive_differentiation: a number or a mapping of named drivers.
        negative_differentiation: a number or a mapping of named drivers.

    Returns:
        The EVC.
    """
    ref = _number(reference_price, "reference_price", minimum=0)
    pos = _differentiation(positive_differentiation, "positive_differentiation")
    neg = _differentiation(negative_differentiation, "negative_differentiation")
    return ref + pos - neg


@dataclass(frozen=True)
class PriceRange:
    """A value-based price range (Nagle & Holden)."""

    floor: float  # cost floor if given, else the reference price
    ceiling: float  # the economic value to the customer (EVC)
    suggested: float  # reference price + (1 - share_to_customer) * net differentiation
    reference_price: float
    net_differentiation: float
    customer_incentive: float  # ceiling - suggested: the value left to the customer
    covers_cost: bool  # suggested >= cost floor (True when no cost floor is given)


def value_based_price_range(
    reference_price: float,
    positive_differentiation: float | Mapping[str, float],
    negative_differentiation: float | Mapping[str, float] = 0.0,
    share_to_customer: float = 0.5,
    cost_floor: float | None = None,
) -> PriceRange:
    """Value-based price range: floor, ceiling (EVC) and a suggested price.

    After Nagle & Holden (The Strategy and Tactics of Pricing): the ceiling is the
    economic value to the customer; pricing there leaves the customer no reason to
    switch, so the suggested price keeps ``share_to_customer`` (0-1) of the net
    differentiation value with the customer as an incentive:
    suggested = reference price + (1 - share_to_customer) * net differentiation.
    The floor is ``cost_floor`` (our unit cost, the lowest acceptable price) when
    given, else the reference price (below it we give away more than our whole
    advantage).

    Args:
        reference_price: the price of the next-best alternative.
        positive_differentiation: a number or a mapping of named drivers.
        negative_differentiation: a number or a mapping of named drivers.
        share_to_customer: the part of the net differentiation left to the customer (0-1).
        cost_floor: our unit cost; None: the floor is the reference price.

    Returns:
        A :class:`PriceRange`: floor, ceiling, suggested price and the parts behind them.

    Raises:
        ValueError: the product is worth no more than the alternative (net
            differentiation <= 0: there is no premium to share), or the cost floor is above
            the EVC (no price both covers cost and is worth buying).
    """
    ref = _number(reference_price, "reference_price", minimum=0)
    evc = economic_value(ref, positive_differentiation, negative_differentiation)
    net = evc - ref
    s = _number(share_to_customer, "share_to_customer", minimum=0)
    if s > 1:
        raise ValueError(f"share_to_customer is a fraction between 0 and 1, got {s:g}")
    if net <= 0:
        raise ValueError(
            f"net differentiation is {net:g}: the product is worth no more than the "
            "alternative, so there is no value premium to price; add positive value "
            "drivers or price at or below the economic value "
            f"{evc:g}"
        )
    suggested = ref + (1.0 - s) * net
    if cost_floor is None:
        floor, covers = ref, True
    else:
        floor = _number(cost_floor, "cost_floor", minimum=0)
        if floor > evc:
            raise ValueError(
                f"cost_floor {floor:g} is above the customer's economic value {evc:g}: no "
                "price covers cost and is still worth buying; cut cost or add value"
            )
        covers = suggested >= floor
    return PriceRange(
        floor=floor,
        ceiling=evc,
        suggested=suggested,
        reference_price=ref,
        net_differentiation=net,
        customer_incentive=evc - suggested,
        covers_cost=covers,
    )


def cost_plus_price(unit_cost: float, markup: float) -> float:
    """Cost-plus price = unit cost * (1 + markup), markup a fraction (0.25 = 25 %).

    The comparison Nagle & Holden argue against: it ignores what the customer
    would pay.

    Args:
        unit_cost: our cost per unit.
        markup: a fraction (0.25 = 25 %).

    Returns:
        The price.
    """
    cost = _number(unit_cost, "unit_cost", minimum=0, strict=True)
    mk = _number(markup, "markup", minimum=0)
    return cost * (1.0 + mk)


# =========================================================================== Module 1 lessons
# Added for the Module 1 notebook: the per-account table behind the 80/20, tier and wallet
# analyses, the sources of revenue growth, cross-selling, satisfaction, the cost of
# replacing lost customers and the unit cost behind a cost-plus price.

__all__ += [  # extended rather than rebuilt, so the list above stays as it was
    "account_value",
    "revenue_bridge",
    "BRIDGE_PARTS",
    "cross_sell_profile",
    "tier_summary",
    "SATISFACTION_LEVELS",
    "satisfaction",
    "retention_economics",
    "unit_cost",
]


def _invoice_months(invoices: pd.DataFrame) -> pd.Series:
    month = pd.to_datetime(invoices["month"], errors="coerce")
    bad = invoices.index[month.isna()]
    if len(bad):
        raise ValueError(f"invoices.month has missing or unreadable dates in rows "
                         f"{label_list(bad)}")
    return month


def _in_period(invoices: pd.DataFrame, start, end, name: str = "period") -> pd.DataFrame:
    """The invoice lines of months from ``start`` to ``end`` (both included)."""
    month = _invoice_months(invoices)
    lo = month.min() if start is None else date_value(start, f"{name} start")
    hi = month.max() if end is None else date_value(end, f"{name} end")
    if lo > hi:
        raise ValueError(f"{name} starts ({lo.date()}) after it ends ({hi.date()})")
    return invoices[(month >= lo) & (month <= hi)]


def _money(invoices: pd.DataFrame, col: str) -> pd.Series:
    out = pd.to_numeric(invoices[col], errors="coerce")
    bad = invoices.index[out.isna()]
    if len(bad):
        raise ValueError(f"invoices.{col} has missing or non-numeric values in rows "
                         f"{label_list(bad)}")
    return out.astype(float)


def _months_between(lo: pd.Timestamp, hi: pd.Timestamp) -> int:
    """Calendar months from lo's month to hi's month, both included."""
    return (hi.year - lo.year) * 12 + hi.month - lo.month + 1


def account_value(invoices: pd.DataFrame, accounts: pd.DataFrame | None = None,
                  start=None, end=None) -> pd.DataFrame:
    """Revenue and profit per account over a period: the table behind the 80/20 analyses.

    Sums the ``invoices`` lines (columns account_id, month, revenue, margin) whose month
    lies from ``start`` to ``end`` (dates, both included; default: every month invoiced).
    Profit is the gross margin invoiced (revenue minus the cost of delivering it), the
    customer profitability of Kaplan & Cooper (Cost & Effect, 1998) before cost-to-serve.

    Without ``accounts``: one row per account invoiced in the period, columns revenue and
    profit. With the accounts table (account_id, annual_budget, first_purchase_date): one
    row for EVERY account of the table (zero where nothing was invoiced), plus
    - annual_budget: the account's yearly spend with all vendors (its wallet);
    - share_of_wallet: our revenue per year / annual_budget, the revenue annualised as
      revenue * 12 / months in the period (so a quarter is compared with a quarter of the
      wallet); see :func:`share_of_wallet`;
    - customer: True when the account had bought from us by the end of the period
      (first_purchase_date on or before it): the customer base, lapsed customers included.

    Args:
        invoices: the invoices table.
        accounts: the accounts table, or None.
        start: the first month (a date); None: the first invoiced.
        end: the last month (a date); None: the last invoiced.

    Returns:
        One row per account, as above, in the accounts table's order (else by account id).
    """
    inv = require_columns(invoices, "invoices", ["account_id", "month", "revenue", "margin"])
    months = _invoice_months(inv)
    if inv.empty:
        raise ValueError("invoices is empty")
    lo = months.min() if start is None else date_value(start, "start")
    hi = months.max() if end is None else date_value(end, "end")
    period = _in_period(inv, lo, hi)
    sums = pd.DataFrame(
        {"revenue": _money(period, "revenue"), "profit": _money(period, "margin")}
    ).groupby(period["account_id"].astype(str)).sum()
    sums.index.name = "account_id"
    if accounts is None:
        return sums.sort_index()
    acc = require_columns(accounts, "accounts", ["account_id", "annual_budget",
                                             "first_purchase_date"])
    ids = acc["account_id"].astype(str)
    if ids.duplicated().any():
        repeated = ids[ids.duplicated()].unique()
        raise ValueError(f"accounts.account_id repeats {label_list(repeated)}")
    unknown = sums.index.difference(pd.Index(ids))
    if len(unknown):
        raise ValueError(f"invoices name accounts missing from the accounts table: "
                         f"{label_list(unknown)}")
    out = sums.reindex(pd.Index(ids, name="account_id"), fill_value=0.0)
    budget = number_series(pd.Series(acc["annual_budget"].to_numpy(), index=out.index),
                     "accounts.annual_budget")
    yearly = out["revenue"] * 12.0 / _months_between(lo, hi)
    out["annual_budget"] = budget
    out["share_of_wallet"] = share_of_wallet(yearly, budget)
    first = pd.to_datetime(pd.Series(acc["first_purchase_date"].to_numpy(), index=out.index),
                           errors="coerce")
    out["customer"] = (first <= hi).to_numpy()
    return out


#: The parts of a revenue bridge, in order (common B2B training material's sources of
#: business, as far as invoices can tell them apart).
BRIDGE_PARTS: tuple[str, ...] = (
    "before",
    "new_customers",
    "cross_sell",
    "more_use",
    "less_use",
    "dropped_products",
    "lost_customers",
    "after",
)


def revenue_bridge(invoices: pd.DataFrame, before: tuple, after: tuple) -> pd.DataFrame:
    """Where the revenue change between two periods came from: the sources of business.

    ``before`` and ``after`` are (start, end) date pairs, e.g. the two calendar years
    ("2024-01-01", "2024-12-31") and ("2025-01-01", "2025-12-31"). Revenue is summed per
    account and product in each period; every account-product pair falls in one part:
    - new_customers: accounts with no revenue before (new category users and brand
      switchers; invoices cannot tell the two apart);
    - cross_sell: an existing account buys a product it did not buy before ("one
      customer buying five products"; not the same as new usage, a new use of a product
      the account already has, which invoices show as more_use);
    - more_use / less_use: the same account and product, more or less revenue;
    - dropped_products: an account still buying stops one product;
    - lost_customers: accounts with revenue before and none after.
    before + the five changes = after. The parts are the revenue bridge of subscription
    businesses (new, expansion, contraction, churn; e.g. Skok, "SaaS Metrics 2.0", 2013)
    split along the sources of business of common B2B training material (new category
    users, competitive users, existing users using more, new usage).

    Args:
        invoices: the invoices table.
        before: the earlier period, (start, end) dates.
        after: the later period, (start, end) dates.

    Returns:
        A table indexed by :data:`BRIDGE_PARTS` with columns revenue (the level for
        before/after, the change for the parts) and accounts (accounts in each part; an
        account appears in every part one of its products falls in).
    """
    inv = require_columns(invoices, "invoices", ["account_id", "product_id", "month", "revenue"])
    if inv.empty:
        raise ValueError("invoices is empty")
    for name, pair in (("before", before), ("after", after)):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise ValueError(f"{name} must be a (start, end) pair of dates, got {pair!r}")

    def per_pair(pair, name):
        part = _in_period(inv, pair[0], pair[1], name)
        rev = _money(part, "revenue")
        return rev.groupby([part["account_id"].astype(str), part["product_id"].astype(str)]).sum()

    b, a = per_pair(before, "before"), per_pair(after, "after")
    if date_value(before[1], "before end") >= date_value(after[0], "after start"):
        raise ValueError("before must end before after starts")
    both = pd.concat({"b": b, "a": a}, axis=1).fillna(0.0)
    if both.empty:
        raise ValueError("no invoices fall in either period")
    acct = both.index.get_level_values(0)
    acct_b = both["b"].groupby(acct).transform("sum").to_numpy()
    acct_a = both["a"].groupby(acct).transform("sum").to_numpy()
    pb, pa = both["b"].to_numpy(), both["a"].to_numpy()
    change = pa - pb
    existing = (acct_b > 0) & (acct_a > 0)
    parts = {
        "new_customers": acct_b <= 0,
        "cross_sell": existing & (pb <= 0),
        "more_use": existing & (pb > 0) & (pa > 0) & (change > 0),
        "less_use": existing & (pb > 0) & (pa > 0) & (change < 0),
        "dropped_products": existing & (pb > 0) & (pa <= 0),
        "lost_customers": acct_a <= 0,
    }
    rows = {"before": (float(pb.sum()), int(np.unique(acct[acct_b > 0]).size))}
    for part, mask in parts.items():
        rows[part] = (float(change[mask].sum()), int(np.unique(acct[mask]).size))
    rows["after"] = (float(pa.sum()), int(np.unique(acct[acct_a > 0]).size))
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["revenue", "accounts"])
    return out.rename_axis("part")


def cross_sell_profile(invoices: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Accounts by the number of products they buy: how much more a broad customer is worth.

    Over the invoices from ``start`` to ``end``, counts each account's products with
    positive revenue and groups the accounts by that count. Columns: accounts, revenue,
    profit (totals), revenue_per_account, profit_per_account, share_of_revenue. The
    cross-selling lens of Kamakura, Wedel, de Rosa & Mazzon (2003), "Cross-selling through
    database marketing", IJRM 20(1): one customer buying five products rather than five
    customers buying one (common B2B training material).

    Args:
        invoices: the invoices table.
        start: the first month (a date); None: the first invoiced.
        end: the last month (a date); None: the last invoiced.

    Returns:
        One row per number of products bought.
    """
    inv = require_columns(invoices, "invoices", ["account_id", "product_id", "month", "revenue",
                                             "margin"])
    if inv.empty:
        raise ValueError("invoices is empty")
    part = _in_period(inv, start, end)
    frame = pd.DataFrame({
        "account_id": part["account_id"].astype(str),
        "product_id": part["product_id"].astype(str),
        "revenue": _money(part, "revenue"),
        "profit": _money(part, "margin"),
    })
    per_product = frame.groupby(["account_id", "product_id"])[["revenue", "profit"]].sum()
    per_product = per_product[per_product["revenue"] > 0]
    if per_product.empty:
        raise ValueError("no account has positive revenue in the period")
    per_account = per_product.groupby(level=0).agg(
        products=("revenue", "size"), revenue=("revenue", "sum"), profit=("profit", "sum"))
    out = per_account.groupby("products").agg(
        accounts=("revenue", "size"), revenue=("revenue", "sum"), profit=("profit", "sum"))
    out["revenue_per_account"] = out["revenue"] / out["accounts"]
    out["profit_per_account"] = out["profit"] / out["accounts"]
    out["share_of_revenue"] = out["revenue"] / out["revenue"].sum()
    return out


def tier_summary(profit, revenue=None, cuts: tuple[float, float] = (0.5, 0.8)) -> pd.DataFrame:
    """The profit tiers of :func:`profit_tiers` side by side: how few accounts carry the profit.

    One row per tier (high, medium, low, none): accounts, share_of_accounts, profit,
    share_of_profit (of the total profit) and, when ``revenue`` (aligned with ``profit``
    by account) is given, revenue and share_of_revenue. Tiers with no account show 0.
    Common B2B training material: "fish where the big fish are".

    Args:
        profit: one profit per account.
        revenue: one revenue per account, aligned with ``profit``, or None.
        cuts: as in :func:`profit_tiers`.

    Returns:
        One row per tier.
    """
    p = number_series(profit, "profit")
    tiers = profit_tiers(p, cuts)
    total = _total(p, "profit")
    frame = pd.DataFrame({"tier": tiers, "profit": p})
    if revenue is not None:
        r, _, _ = _pair(revenue, p, "revenue", "profit")
        frame["revenue"] = r.loc[p.index]
    grouped = frame.groupby("tier", observed=False)
    out = pd.DataFrame({"accounts": grouped.size()})
    out["share_of_accounts"] = out["accounts"] / len(p)
    out["profit"] = grouped["profit"].sum()
    out["share_of_profit"] = out["profit"] / total
    if revenue is not None:
        out["revenue"] = grouped["revenue"].sum()
        out["share_of_revenue"] = out["revenue"] / _total(frame["revenue"], "revenue")
    out.index = pd.Index([str(t) for t in out.index], name="tier")
    return out.reindex(list(PROFIT_TIERS))


#: Satisfaction levels, worst first (Kotler: performance below, at or above expectation).
SATISFACTION_LEVELS: tuple[str, ...] = ("disappointed", "satisfied", "delighted")


def satisfaction(perceived, expected, tolerance: float = 0.5, lower_is_better: bool = False):
    """Satisfaction = perceived performance against expectation (Kotler, Marketing Management).

    gap = perceived - expected (expected - perceived when ``lower_is_better``, as for a
    cost: paying less than expected pleases). A gap below -``tolerance`` -> "disappointed",
    above +``tolerance`` -> "delighted", else "satisfied".

    Args:
        perceived: a number or a Series of scores.
        expected: a number, or a Series aligned by label.
        tolerance: the gap still counted as "satisfied".
        lower_is_better: for a cost: a lower perceived value pleases.

    Returns:
        For numbers a string; for a Series an ordered categorical Series (levels
        :data:`SATISFACTION_LEVELS`).
    """
    tol = _number(tolerance, "tolerance", minimum=0)
    if np.ndim(perceived) == 0 and np.ndim(expected) == 0:
        p, e = _number(perceived, "perceived"), _number(expected, "expected")
        gap = (e - p) if lower_is_better else (p - e)
        return SATISFACTION_LEVELS[0 if gap < -tol else 2 if gap > tol else 1]
    if np.ndim(expected) == 0:
        p = number_series(perceived, "perceived")
        e = pd.Series(_number(expected, "expected"), index=p.index)
    else:
        p, e, _ = _pair(perceived, expected, "perceived", "expected")
    gap = (e - p) if lower_is_better else (p - e)
    codes = np.where(gap < -tol, 0, np.where(gap > tol, 2, 1))
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(SATISFACTION_LEVELS), ordered=True),
        index=p.index, name="satisfaction",
    )


def retention_economics(customers_lost, acquisition_cost, acquisition_to_retention=5.0
                        ) -> pd.Series:
    """What replacing lost customers costs against what keeping them would have cost.

    replace_cost = customers_lost * acquisition_cost (winning the same number anew);
    retain_cost = replace_cost / acquisition_to_retention, the rule of thumb that winning
    a customer costs about five times keeping one (the figure usually quoted from Kotler,
    *Marketing Management*; the course's deck 003 says "often five times", deck 000 gives
    no figure; Reichheld & Sasser, "Zero Defections", HBR 1990, measured something else:
    5 % fewer defections, 25-85 % more profit); saving = replace_cost - retain_cost.

    Args:
        customers_lost: customers lost in the period.
        acquisition_cost: the cost of winning one customer.
        acquisition_to_retention: how many times keeping one is cheaper.

    Returns:
        A Series with replace_cost, retain_cost and saving.
    """
    lost = _number(customers_lost, "customers_lost", minimum=0)
    cac = _number(acquisition_cost, "acquisition_cost", minimum=0)
    ratio = _number(acquisition_to_retention, "acquisition_to_retention", minimum=0,
                    strict=True)
    replace = lost * cac
    retain = replace / ratio
    return pd.Series({"replace_cost": replace, "retain_cost": retain,
                      "saving": replace - retain})


def unit_cost(price: float, gross_margin: float) -> float:
    """Unit cost implied by a price and its gross margin: price * (1 - gross margin).

    Gross margin = (price - cost) / price (Farris et al., Marketing Metrics, 2010, ch. 3),
    so cost = price * (1 - margin): the starting point of a cost-plus price.

    Args:
        price: the list price.
        gross_margin: a fraction (0.6 = 60 %).

    Returns:
        The unit cost.
    """
    p = _number(price, "price", minimum=0)
    m = _number(gross_margin, "gross_margin", minimum=0)
    if m >= 1:
        raise ValueError(f"gross_margin is a fraction below 1 (0.78 for 78 %), got {m:g}")
    return p * (1.0 - m)


__all__ += ["top_count"]


def top_count(n_customers: int, top_pct: float) -> int:
    """How many customers "the top ``top_pct``" is, as :func:`top_share` counts them.

    Args:
        n_customers: the number of customers.
        top_pct: the top fraction.

    Returns:
        ceil(top_pct * n) (0.2 of 1357 customers is 272).
    """
    if isinstance(n_customers, bool) or not isinstance(n_customers, int | np.integer) or (
            n_customers < 1):
        raise ValueError(f"n_customers must be a whole number >= 1, got {n_customers!r}")
    return _top_count(int(n_customers), None, top_pct)


__all__ += ["wallet_opportunities"]


def wallet_opportunities(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The paying customers with the most of their wallet still spent elsewhere.

    ``table``: the output of :func:`account_value` with accounts (columns revenue,
    annual_budget, share_of_wallet). For each account with revenue > 0, headroom =
    annual_budget * (1 - share_of_wallet): the yearly spend that goes to other vendors, the
    room to grow by share of wallet rather than by new customers (common B2B training
    material: existing users, more use and new usage).

    Args:
        table: the output of :func:`account_value` with accounts.
        n: how many accounts.

    Returns:
        The ``n`` largest, biggest first, with the table's other columns kept.
    """
    t = require_columns(table, "table", ["revenue", "annual_budget", "share_of_wallet"])
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a whole number >= 1, got {n!r}")
    paying = t[t["revenue"] > 0].copy()
    paying["headroom"] = paying["annual_budget"] * (1.0 - paying["share_of_wallet"])
    return paying.sort_values("headroom", ascending=False, kind="stable").head(int(n))


__all__ += ["acquisition_cost"]


def acquisition_cost(campaign_touches: pd.DataFrame, accounts: pd.DataFrame,
                     start, end) -> float:
    """Marketing spend per new customer over a period (the average acquisition cost).

    = the cost of the campaign touches dated from ``start`` to ``end`` / the accounts
    whose first purchase falls in that period (Farris et al., Marketing Metrics, 2010,
    ch. 5, "average acquisition cost"). Campaign costs only: sales time is not in the
    data, so the true cost of winning a customer is higher.

    Args:
        campaign_touches: the campaign_touches table.
        accounts: the accounts table.
        start: the first day of the period.
        end: the last day.

    Returns:
        The cost per new customer.
    """
    touches = require_columns(campaign_touches, "campaign_touches", ["date", "cost"])
    acc = require_columns(accounts, "accounts", ["first_purchase_date"])
    lo, hi = date_value(start, "start"), date_value(end, "end")
    if lo > hi:
        raise ValueError(f"the period starts ({lo.date()}) after it ends ({hi.date()})")
    when = pd.to_datetime(touches["date"], errors="coerce")
    bad = touches.index[when.isna()]
    if len(bad):
        raise ValueError(f"campaign_touches.date has missing or unreadable dates in rows "
                         f"{label_list(bad)}")
    cost = pd.to_numeric(touches["cost"], errors="coerce")
    if cost.isna().any() or (cost < 0).any():
        raise ValueError("campaign_touches.cost must be numbers >= 0")
    spend = float(cost[(when >= lo) & (when <= hi)].sum())
    first = pd.to_datetime(acc["first_purchase_date"], errors="coerce")
    won = int(((first >= lo) & (first <= hi)).sum())
    if won == 0:
        raise ValueError(f"no account made its first purchase between {lo.date()} and "
                         f"{hi.date()}: the cost per new customer is undefined")
    return spend / won


# --------------------------------------------------------------------------- worked example

#: The worked example of the value-price calculator: Marketing Mix Modelling (P03), a
#: service, priced for one customer for a year. The product's list price and gross margin
#: come from the sample; the alternative's price and the value drivers are workshop
#: assumptions for a mid-size advertiser (change them with the sliders).
PRICE_EXAMPLE: dict[str, object] = {
    "product_id": "P03",
    "reference_price": 80_000.0,  # the competitor's MMM project: the next-best alternative
    "budget_gain": 60_000.0,  # better media allocation: 1 % of a $6M budget
    "speed_gain": 15_000.0,  # answers weeks earlier, in time for the planning round
    "risk_gain": 10_000.0,  # fewer wrong calls thanks to our consultants' validation
    "customer_effort": 5_000.0,  # more of the client's analysts' time than the alternative
    "share_to_customer": 0.3,
    "markup": 0.4,
}


@dataclass(frozen=True)
class PriceExample:
    """The worked example of the notebook's pricing section, priced both ways."""

    product_id: str
    product_name: str
    list_price: float  # today's list price, from the products table
    unit_cost: float  # list price * (1 - gross margin): the floor
    cost_plus: float  # unit cost * (1 + markup)
    price: PriceRange  # floor, ceiling (EVC) and the suggested value-based price


def price_example(products: pd.DataFrame,
                  example: Mapping[str, object] = PRICE_EXAMPLE) -> PriceExample:
    """:data:`PRICE_EXAMPLE` priced on value and on cost, for the notebook to print.

    The unit cost is the product's list price * (1 - gross margin) (Farris et al., Marketing
    Metrics, 2010, ch. 3; :func:`unit_cost`); the value-based range takes the
    alternative's price, the three gains and the customer's extra effort, leaves
    ``share_to_customer`` of the premium to the customer and has the unit cost as its floor
    (Nagle & Holden, The Strategy and Tactics of Pricing;
    :func:`value_based_price_range`); cost-plus = unit cost * (1 + markup)
    (:func:`cost_plus_price`). Unlike the calculator's slider, the unit cost is not
    rounded.

    Args:
        products: the products table.
        example: the example's inputs (:data:`PRICE_EXAMPLE`).

    Returns:
        A :class:`PriceExample`.
    """
    pid = str(example["product_id"])
    products = products.set_index("product_id")
    if pid not in products.index:
        raise ValueError(f"product_id {pid!r} is not in the products table")
    product = products.loc[pid]
    cost = unit_cost(product["list_price"], product["gross_margin"])
    price = value_based_price_range(
        example["reference_price"],
        {"budget": example["budget_gain"], "speed": example["speed_gain"],
         "risk": example["risk_gain"]},
        {"effort": example["customer_effort"]},
        share_to_customer=example["share_to_customer"], cost_floor=cost)
    return PriceExample(pid, str(product["product_name"]), float(product["list_price"]), cost,
                        cost_plus_price(cost, example["markup"]), price)


__all__ += ["PRICE_EXAMPLE", "PriceExample", "price_example"]
