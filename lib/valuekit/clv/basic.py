"""Closed-form customer value: retention CLV, discounted CLV, CAC, payback, tiers.

These are the back-of-the-envelope formulas a marketer uses with one margin,
one retention rate and one discount rate for a whole segment. The models in
:mod:`valuekit.clv.sbg` and :mod:`valuekit.clv.bgnbd` replace the single
retention rate with heterogeneous customers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from valuekit.checks import as_array, check, fraction, nonnegative, positive, whole, wrap

TIMINGS = ("end", "start")


def _retention_and_discount(
    retention: Any, discount: Any, *, infinite: bool
) -> tuple[np.ndarray, np.ndarray]:
    r = fraction("retention", retention)
    d = nonnegative("discount", discount)
    if not infinite:
        return r, d  # a finite sum is finite even with r = 1 and d = 0
    r_b, d_b = np.broadcast_arrays(r, d)
    check(
        r_b >= 1 + d_b,
        "retention must be below 1 + discount: a customer who is never lost and whose "
        "future margin is not discounted has an infinite lifetime value",
    )
    return r, d


def retention_clv(margin: Any, retention: Any, discount: Any) -> Any:
    """Lifetime value of a customer with a constant retention rate, infinite horizon.

    ``CLV = m * r / (1 + d - r)``: the present value of a margin ``m`` received
    at the end of every period the customer is retained, ``sum_{t>=1} m r^t /
    (1+d)^t``. The customer has just been acquired; the acquisition cost is not
    subtracted. Source: Gupta & Lehmann (2003), "Customers as assets", Journal
    of Interactive Marketing 17(1); Gupta & Lehmann (2005), *Managing Customers
    as Investments*, ch. 2.

    All three arguments broadcast against each other.

    Args:
        margin: the margin per period (it may be negative: a loss-making customer has a
            negative value).
        retention: a share in [0, 1] per period.
        discount: the discount rate per period (>= 0).

    Returns:
        The CLV: a float for scalars, else an array (a Series for a Series input).
    """
    m = as_array("margin", margin)
    r, d = _retention_and_discount(retention, discount, infinite=True)
    return wrap(m * r / (1 + d - r), margin, retention, discount)


def _geometric_sum(q: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``sum_{t=0}^{n-1} q^t`` for q >= 0, computed without cancellation near q = 1."""
    q, n = np.broadcast_arrays(np.asarray(q, float), np.asarray(n, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        logq = np.log(np.where(q > 0, q, 1.0))
        general = -np.expm1(n * logq) / (1 - q)
    at_zero = np.where(n >= 1, 1.0, 0.0)  # 0**0 = 1 contributes only the t = 0 term
    return np.where(q == 1, n, np.where(q == 0, at_zero, general))


def discounted_clv(
    margin: Any,
    retention: Any,
    discount: Any,
    years: Any,
    *,
    acquisition_cost: Any = 0.0,
    timing: str = "end",
) -> Any:
    """Discounted lifetime value over a finite horizon of ``years`` periods.

    Timing convention (choose with ``timing``):

    - ``"end"`` (default, Gupta & Lehmann 2005): the margin of period t is
      received at the end of the period, if the customer is still retained:
      ``sum_{t=1}^{years} m r^t / (1+d)^t``. As ``years`` grows this tends to
      :func:`retention_clv`.
    - ``"start"``: the margin is paid in advance at the start of each period;
      the first payment is certain (the customer has just signed) and is not
      discounted: ``sum_{t=0}^{years-1} m r^t / (1+d)^t``, which tends to
      ``m (1+d) / (1+d-r)``. This is how annual B2B subscriptions are billed.

    ``acquisition_cost`` is subtracted once, at time 0. Geometric sums are
    evaluated in closed form so every argument broadcasts. Source: Gupta &
    Lehmann (2005), *Managing Customers as Investments*; Berger & Nasr (1998),
    "Customer lifetime value: marketing models and applications", Journal of
    Interactive Marketing 12(1).

    Args:
        margin: the margin per period.
        retention: a share in [0, 1] per period.
        discount: the discount rate per period (>= 0).
        years: the horizon, whole periods.
        acquisition_cost: subtracted once, at time 0.
        timing: ``"end"`` or ``"start"``.

    Returns:
        The CLV: a float for scalars, else an array (a Series for a Series input).
    """
    if timing not in TIMINGS:
        raise ValueError(f"timing must be 'end' or 'start', got {timing!r}")
    m = as_array("margin", margin)
    r, d = _retention_and_discount(retention, discount, infinite=False)
    n = whole("years", years)
    cost = nonnegative("acquisition_cost", acquisition_cost)
    q = r / (1 + d)
    total = _geometric_sum(q, n)
    if timing == "end":
        total = q * total
    return wrap(m * total - cost, margin, retention, discount, years)


def cac(marketing_spend: Any, new_customers: Any) -> Any:
    """Customer acquisition cost: sales and marketing spend divided by customers won.

    Source: standard definition, e.g. Farris et al. (2010), *Marketing Metrics*,
    2nd ed., ch. 5 ("average acquisition cost").

    Args:
        marketing_spend: sales and marketing spend.
        new_customers: customers won with it.

    Returns:
        The cost per customer (float, array or Series, like the inputs).
    """
    spend = nonnegative("marketing_spend", marketing_spend)
    won = as_array("new_customers", new_customers)
    check(won <= 0, "new_customers must be greater than zero: with no customers won the "
          "cost per customer is undefined")
    return wrap(spend / won, marketing_spend, new_customers)


def ltv_to_cac(ltv: Any, cac: Any) -> Any:
    """Ratio of lifetime value to acquisition cost (a common rule of thumb asks for 3 or more).

    Source: Farris et al. (2010), *Marketing Metrics*, ch. 5; the 3:1 guide is
    industry folklore from SaaS investors, not a theorem.

    Args:
        ltv: the lifetime value.
        cac: the acquisition cost.

    Returns:
        ``ltv / cac`` (float, array or Series, like the inputs).
    """
    value = as_array("ltv", ltv)
    cost = positive("cac", cac)
    return wrap(value / cost, ltv, cac)


def payback_months(cac: Any, monthly_margin: Any, monthly_retention: Any = 1.0) -> Any:
    """Whole months until the cumulative margin of an acquired customer covers its CAC.

    Month k (k = 1, 2, ...) brings ``monthly_margin * monthly_retention**(k-1)``:
    the first month is certain, each later month only if the customer stayed.
    The answer is the smallest n with ``sum_{k=1}^{n} m r^(k-1) >= cac``
    (undiscounted, as payback is usually quoted). With retention below 1 the
    cumulative margin never exceeds ``m / (1 - r)``; when ``cac`` is at or
    above that limit the customer never pays back and the result is ``inf``.
    ``cac = 0`` pays back at once (0 months). Source: payback period as in
    Farris et al. (2010), *Marketing Metrics*, ch. 10, applied per customer.

    Args:
        cac: the acquisition cost.
        monthly_margin: the margin per month.
        monthly_retention: the share of customers kept each month.

    Returns:
        Whole months (``inf`` when it never pays back).
    """
    cost = nonnegative("cac", cac)
    m = as_array("monthly_margin", monthly_margin)
    check(m <= 0, "monthly_margin must be greater than zero: a customer who earns no "
          "margin never pays back the acquisition cost")
    r = fraction("monthly_retention", monthly_retention)
    cost, m, r = np.broadcast_arrays(cost, m, r)
    need = cost / m  # months of full margin needed
    with np.errstate(divide="ignore", invalid="ignore"):
        # 1 - r^n >= need (1 - r)  <=>  n >= log(1 - need (1 - r)) / log r
        target = 1 - need * (1 - r)
        n_geo = np.log(np.where(target > 0, target, 1.0)) / np.log(np.where(r > 0, r, 0.5))
    months = np.maximum(np.where(r == 1, np.ceil(need), np.ceil(n_geo)), 1.0)
    # the logarithms carry rounding noise (3.0000000001 months, or worse when
    # 1 - need (1 - r) cancels): settle the boundary with the cumulative margin itself
    finite = np.isfinite(months) & (months >= 1)
    safe = np.where(finite, months, 1.0)
    covered = 1 + 1e-12  # relative tolerance for "cumulative margin >= cac"
    earlier = finite & (m * _geometric_sum(r, safe - 1) * covered >= cost)
    months = np.where(earlier, months - 1, months)
    later = finite & ~earlier & (m * _geometric_sum(r, safe) * covered < cost)
    months = np.where(later, months + 1, months)
    months = np.where((r < 1) & (target <= 0), np.inf, months)
    months = np.where((r == 0) & (need > 1), np.inf, months)
    # the first month's margin is certain: whatever the retention, it covers cac <= margin
    months = np.where((cost > 0) & (cost <= m), 1.0, months)
    months = np.where(cost == 0, 0.0, months)
    return wrap(months, cac, monthly_margin, monthly_retention)


def clv_tiers(
    values: Any,
    cuts: Sequence[float] = (0.2, 0.5),
    labels: Sequence[str] = ("high", "medium", "low"),
) -> pd.Series:
    """Tier customers by value: the top ``cuts[0]`` share is ``labels[0]``, and so on.

    Rule: rank customers from the highest value down; a customer whose share of
    customers with a strictly higher value is below ``cuts[0]`` gets
    ``labels[0]`` ("high", the top 20% by default), below ``cuts[1]`` gets
    ``labels[1]`` ("medium", the next 30%), otherwise the last label ("low",
    the remaining 50%). Equal values always share a tier, so with ties a tier
    can hold slightly more than its share. This is the profit-tier idea of
    Zeithaml, Rust & Lemon (2001), "The customer pyramid", California
    Management Review 43(4).

    Args:
        values: one value per customer.
        cuts: the top shares of customers between the tiers.
        labels: one label per tier, best first.

    Returns:
        A categorical Series (index of ``values`` when it is a Series).
    """
    v = as_array("values", values).ravel()
    c = as_array("cuts", cuts).ravel()
    check((c <= 0) | (c >= 1), "cuts must be shares strictly between 0 and 1")
    if np.any(np.diff(c) <= 0):
        raise ValueError("cuts must be strictly increasing, e.g. (0.2, 0.5)")
    labels = list(labels)
    if len(labels) != len(c) + 1 or len(set(labels)) != len(labels):
        raise ValueError(f"labels must be {len(c) + 1} distinct names for {len(c)} cuts")
    ordered = np.sort(v)
    higher = v.size - np.searchsorted(ordered, v, side="right")
    tier = np.searchsorted(c, higher / v.size, side="right")
    index = values.index if isinstance(values, pd.Series) else None
    cat = pd.Categorical.from_codes(tier, categories=labels)
    return pd.Series(cat, index=index, name="tier")
