"""Planning the funnel backwards: how many leads a revenue target needs.

Sources: the reverse funnel (work a revenue target back through the stage
conversion rates) of standard sales-pipeline planning, and the "6/3/1" of
common B2B marketing training material (漏斗营销), whose reading as pool sizes
is the kit's interpretation (the deck gives only the numbers).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from valuekit.i18n import N_
from valuekit.schema import STAGES

from ._checks import TRANSITIONS, check_frame
from .stages import _rates, stage_counts


def _ceil(x: float) -> int:
    """Round up, but treat a hair above a whole number as float noise.

    3 / 0.3 is 10.000000000000002 in floating point and must give 10, not
    11; one division is off by at most a few units in the last place, so a
    relative tolerance of 1e-14 is ample and never swallows a real fraction
    of an opportunity at realistic sizes.
    """
    whole = math.floor(x)
    return int(whole) if x - whole <= 1e-14 * abs(x) else int(whole) + 1


def _number(value: object, name: str, positive: bool) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v < 0 or (positive and v == 0):
        need = "greater than 0" if positive else "0 or more"
        raise ValueError(f"{name} must be a finite number {need}, got {value!r}")
    return v


_SALE_STEPS = TRANSITIONS[:2]  # potential->possible, possible->target: up to the win


def _sale_rates(conversions: object) -> np.ndarray:
    """The two step rates up to the win, from any of the forms :func:`reverse_funnel`
    accepts (a third, target->effective rate may be given and is not needed)."""
    if isinstance(conversions, Mapping | pd.Series) and not isinstance(
        conversions, pd.DataFrame
    ) and TRANSITIONS[2] not in conversions:
        conversions = {**dict(conversions.items()), TRANSITIONS[2]: None}
    if isinstance(conversions, list | tuple | np.ndarray) and len(conversions) == 2:
        conversions = [*conversions, None]
    return _rates(conversions, "conversions")[:2]


def reverse_funnel(
    revenue_target: float,
    average_deal: float,
    conversions: pd.DataFrame | Mapping[str, float] | Sequence[float],
) -> pd.Series:
    """Opportunities needed at each stage up to the win to reach a revenue target.

    Deals needed = ceil(revenue_target / average_deal); in the funnel deck a deal
    is won at the *target* stage (a signed contract), so these are the target
    customers needed. Then, going up the funnel, each stage needs
    ceil(next stage / conversion rate of the step between them). Rounding up
    at every stage (rather than once at the top) keeps a whole number of
    opportunities at each stage that is enough, at the given rates, for the
    stage below; it can ask for a few more leads than ceil(deals / overall
    rate) would. Effective customers come after the win (the credibility step),
    so they are not needed to book the revenue and are not part of the plan.

    ``conversions`` gives the rates of potential->possible and possible->target:
    a table from :func:`stage_conversion`, a mapping transition -> rate, or the
    rates in funnel order (two, or three with target->effective, which is not
    used). A rate of 0 raises ValueError: no number of leads then reaches the
    target.

    Floating-point noise is not rounded up (3 / 0.3 gives 10, not 11). Source:
    reverse-funnel (pipeline) planning of standard sales practice on the four-stage funnel
    of common B2B marketing training material.

    Args:
        revenue_target: the revenue to book.
        average_deal: the average won deal.
        conversions: the step rates, as above.

    Returns:
        A Series of int indexed by potential, possible, target (name ``needed``).

    Raises:
        ValueError: a rate missing or 0, a negative target or a deal that is not above 0.
    """
    target = _number(revenue_target, "revenue_target", positive=False)
    deal = _number(average_deal, "average_deal", positive=True)
    rates = _sale_rates(conversions)
    for t, r in zip(_SALE_STEPS, rates, strict=True):
        if np.isnan(r):
            raise ValueError(f"conversions has no rate for {t}")
        if r == 0:
            raise ValueError(
                f"the conversion rate for {t} is 0: no number of leads reaches the target; "
                f"use a rate above 0"
            )
    needed = [_ceil(target / deal)]
    for r in rates[::-1]:
        needed.append(_ceil(needed[-1] / r))
    return pd.Series(needed[::-1], index=pd.Index(STAGES[:3], name="stage"), name="needed")


#: The 6/3/1 rule: pool sizes per customer won (potential, possible, final).
SIX_THREE_ONE: tuple[int, int, int] = (6, 3, 1)


def _final(final_stage: str) -> str:
    if final_stage not in ("target", "effective"):
        raise ValueError(f"final_stage must be 'target' or 'effective', got {final_stage!r}")
    return final_stage


#: The kit's reading of 6/3/1, in one sentence: the deck gives only the numbers.
SIX_THREE_ONE_READING = (
    N_("The deck gives only the numbers \"6/3/1\" beside market development's task of "
    "widening the pool of potential customers; the kit reads them, as an interpretation, "
    "as pools: about six potential and three possible customers in play for every "
    "customer won (a target customer, where the deck wins the sale).")
)


def six_three_one(customers: int = 1, final_stage: str = "target") -> pd.Series:
    """Pool sizes the 6/3/1 rule, as the kit reads it, asks for to end up with ``customers``.

    The funnel deck of common B2B marketing training material writes only
    "(6/3/1)" beside market development's job of widening the pool of potential
    customers; what the numbers count is the kit's interpretation
    (:data:`SIX_THREE_ONE_READING`): for every customer you mean to win, keep
    about six potential customers in play, of whom about three should become
    possible customers. In conversion terms that is 1/2 from potential to
    possible and 1/3 from possible to the final stage. The deck wins the sale
    at *target*, so the "1" is a target customer by default; ``final_stage=
    "effective"`` reads it as an effective customer instead.

    Args:
        customers: the customers to end up with.
        final_stage: ``"target"`` or ``"effective"``.

    Returns:
        A Series of int indexed by ``potential``, ``possible`` and the final stage: 6, 3
        and 1 times ``customers``.
    """
    final = _final(final_stage)
    if isinstance(customers, bool) or not isinstance(customers, int | np.integer):
        raise ValueError(f"customers must be a whole number, got {customers!r}")
    if customers < 0:
        raise ValueError(f"customers must be 0 or more, got {customers}")
    return pd.Series(
        [n * int(customers) for n in SIX_THREE_ONE],
        index=pd.Index(["potential", "possible", final], name="stage"),
        name="needed",
    )


def six_three_one_check(opps: pd.DataFrame, final_stage: str = "target") -> pd.DataFrame:
    """Compare a funnel's pools with the 6/3/1 rule (the kit's reading of it).

    Takes the number of opportunities that reached ``potential``,
    ``possible`` and the final stage (see :func:`stage_counts`) and sets
    beside each the pool the rule would have had behind the same number of
    final-stage customers (6x, 3x and 1x it). ``ratio`` is each pool per
    final-stage customer, to read against ``rule_ratio`` (6, 3, 1): a
    potential ratio above 6 means more development effort per customer than
    the rule, below 6 a better-converting (or thinner) pool. Ratios are NaN
    when no opportunity reached the final stage. Source: the 6/3/1 numbers of common B2B
    marketing training material, read as :data:`SIX_THREE_ONE_READING` says (see
    :func:`six_three_one`).

    Args:
        opps: the opportunities table.
        final_stage: ``"target"`` or ``"effective"``.

    Returns:
        A DataFrame indexed by those three stages with columns ``reached``, ``rule``,
        ``ratio`` and ``rule_ratio``.
    """
    final = _final(final_stage)
    check_frame(opps, ["stage"])
    counts = stage_counts(opps)[["potential", "possible", final]].to_numpy()
    rule_ratio = np.array(SIX_THREE_ONE)
    ratio = counts / counts[-1] if counts[-1] else np.full(3, np.nan)
    return pd.DataFrame(
        {
            "reached": counts,
            "rule": rule_ratio * counts[-1],
            "ratio": ratio,
            "rule_ratio": rule_ratio,
        },
        index=pd.Index(["potential", "possible", final], name="stage"),
    )


__all__ = [
    "SIX_THREE_ONE",
    "SIX_THREE_ONE_READING",
    "reverse_funnel",
    "six_three_one",
    "six_three_one_check",
]
