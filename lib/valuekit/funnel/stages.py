"""The four-stage funnel: how many reach each stage, where it narrows most.

Source of the model: common B2B marketing training material ("funnel-thinking
marketing strategy", 漏斗思维的营销策略, the kit's deck 001), in which customers move
from potential (潜在客户) to possible (可能客户) to target (目标客户) to effective
customers (有效客户), and one strategy belongs to each narrowing. In the deck the sale
is won at *target* (sales "turns possible customers into target customers: the 90%
concept"; target customers are signing, executing or have completed a contract); the
credibility strategy then keeps every promise so that the target customer becomes an
*effective* customer who trusts us and commits again. The kit measures that last step
as :data:`valuekit.schema.EFFECTIVE_DEFINITION` (renewal after the first contract year).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from valuekit.i18n import N_, _, language
from valuekit.schema import STAGES

from ._checks import (
    TRANSITIONS,
    check_frame,
    credibility_pending,
    dates,
    keys_cover,
    stage_and_status,
    stage_codes,
    unit_rate,
)

ConversionMethod = Literal["resolved", "all", "closed"]
_METHODS = ("resolved", "all", "closed")
_N = len(STAGES)


@dataclass(frozen=True)
class Strategy:
    """One of the three funnel strategies and the function that leads it."""

    key: str
    name: str
    chinese: str
    transition: str
    customers: str
    goal: str
    actions: tuple[str, ...]
    led_by: str
    led_by_chinese: str

    def summary(self) -> str:
        """The strategy and the function that leads it, in the language shown: in English the
        deck's name next to the kit's ("Strategy: Advantage strategy (优势策略), led by
        sales"); in Chinese the deck's words once ("策略：优势型策略，由目标销售牵头": the
        deck's name for the function, which the kit keeps in :attr:`led_by_chinese`)."""
        if language() == "en":
            return f"Strategy: {self.name} ({self.chinese}), led by {self.led_by}"
        return _("Strategy: {name}, led by {led_by}").format(name=_(self.name),
                                                             led_by=self.led_by_chinese)


#: The three strategies of the funnel, one per narrowing, in the kit's own
#: words after common B2B marketing training material (漏斗营销).
STRATEGIES: dict[str, Strategy] = {
    "tendency": Strategy(
        key="tendency",
        name="Tendency strategy",
        chinese="倾向策略",
        transition="potential->possible",
        customers=N_("potential customers (潜在客户)"),
        goal=(
            N_("Make potential customers lean towards us: understand what they need, "
            "segment, and position the offer so the key groups take an interest.")
        ),
        actions=(
            N_("Find out which problems potential customers have and what they need "
            "(function, quality, service, price, channel)."),
            N_("Segment the market, the customers, the needs and the competition; "
            "choose the key industries and accounts."),
            N_("Position the offer: the main attraction and the competitive edge for each key "
               "group."),
            N_("Keep research and dialogue going: surveys, visits, seminars, a "
            "customer and competitor database."),
        ),
        led_by="market development",
        led_by_chinese="市场开发",
    ),
    "advantage": Strategy(
        key="advantage",
        name="Advantage strategy",
        chinese="优势策略",
        transition="possible->target",
        customers=N_("possible customers (可能客户)"),
        goal=(
            N_("Win the comparison and the contract: show possible customers, who have a plan "
            "to buy and are weighing suppliers, what only we offer and solve their key "
            "problem, so that they choose us and sign (the sale is won at target).")
        ),
        actions=(
            N_("Pin down the customer's key problem together (technical, price, training)."),
            N_("Show the strengths that set us apart in a solution to that problem; "
            "record what is agreed (memo, letter of intent)."),
            N_("Keep regular expert contact, report progress and clear the customer's doubts."),
            N_("Use SWOT and the product/market matrix, in line with the product's "
            "life-cycle stage; give every key account one owner."),
        ),
        led_by="sales",
        led_by_chinese="目标销售",
    ),
    "credibility": Strategy(
        key="credibility",
        name="Credibility strategy",
        chinese="信誉策略",
        transition="target->effective",
        customers=N_("target customers (目标客户)"),
        goal=(
            N_("Turn target customers, who have signed and are executing their contract, into "
            "effective customers who trust us and commit again, by keeping every commitment.")
        ),
        actions=(
            N_("Detail the contract with the customer (training, supplies, maintenance) "
            "and honour every term of it."),
            N_("Deliver the whole product: the core product, the tangible product and "
            "the augmented services around it."),
            N_("Track the key steps, review regularly and tell the customer how things stand."),
            N_("Respond fast when something goes wrong; line up technical and delivery "
            "resources behind the account."),
        ),
        led_by="support",
        led_by_chinese="业务支持",
    ),
}

#: Which strategy answers a narrowing at each transition: tendency (market development)
#: for potential -> possible, advantage (sales) for possible -> target, credibility
#: (support) for target -> effective.
STRATEGY_FOR_TRANSITION: dict[str, str] = {s.transition: k for k, s in STRATEGIES.items()}


def stage_counts(opps: pd.DataFrame) -> pd.Series:
    """Number of opportunities that reached each stage.

    ``stage`` holds the furthest stage an opportunity reached, so one at
    'target' also passed 'potential' and 'possible' and counts for all three.
    The counts therefore never increase down the funnel (four-stage funnel of
    common B2B marketing training material).

    Returns a Series of int indexed by ``schema.STAGES`` (index name
    ``stage``, series name ``reached``).
    """
    check_frame(opps, ["stage"])
    codes = stage_codes(opps)
    at = np.bincount(codes, minlength=_N)
    reached = at[::-1].cumsum()[::-1]
    return pd.Series(reached, index=pd.Index(STAGES, name="stage"), name="reached")


def _conversion_counts(stage: np.ndarray, status: np.ndarray, method: str):
    # status codes: 0 W, 1 L, 2 C, 3 D; won deals still in their first contract year
    # come in as 2 (open) from stage_conversion: their credibility step is undecided.
    closed = status <= 1
    at_all = np.bincount(stage, minlength=_N)
    at_closed = np.bincount(stage[closed], minlength=_N)
    reached_all = at_all[::-1].cumsum()[::-1]
    if method == "all":
        return reached_all[:-1], reached_all[1:]
    if method == "closed":
        reached_closed = at_closed[::-1].cumsum()[::-1]
        return reached_closed[:-1], reached_closed[1:]
    # resolved: open opportunities still sitting at the from-stage have not
    # failed the step yet (right-censored), so they leave its denominator only.
    at_open = at_all - at_closed
    return reached_all[:-1] - at_open[:-1], reached_all[1:]


def stage_conversion(
    opps: pd.DataFrame, method: ConversionMethod = "resolved", as_of: object | None = None
) -> pd.DataFrame:
    """Conversion rate at each narrowing of the funnel, and overall.

    The rate of a transition is to-count / from-count, where the to-count is
    the number of opportunities that reached the next stage. Which
    opportunities enter the from-count is ``method``:

    - ``"resolved"`` (default): those whose fate at this step is known: closed
      (won or lost), or already past the from-stage. An open (C or D)
      opportunity sitting at the from-stage has not failed to move on yet: it
      is right-censored, and is left out of that step only, as survival
      analysis does with censored cases. Uses every decided step.
    - ``"all"``: every opportunity that reached the from-stage (the snapshot
      funnel of :func:`stage_counts`). Understates conversion while young
      opportunities are still moving.
    - ``"closed"``: only won or lost opportunities (the "mature" view). Free of
      censoring but ignores the progress of everything open.

    A won deal reaches 'target' (the sale is won there) and 'effective' once its
    first contract year was renewed (:data:`valuekit.schema.EFFECTIVE_DEFINITION`).
    Under "resolved" and "closed", a won deal at 'target' whose first contract
    year (from ``closed_date``) has not ended by ``as_of`` counts as still open for
    the target -> effective step: it cannot have renewed yet. ``as_of`` defaults to
    the latest date in the frame; without a ``closed_date`` column every won deal
    at 'target' counts as decided.

    When the from-count is 0 the rate is NaN: there is no evidence, which is
    not the same as a rate of 0.

    The ``overall`` row's rate is the product of the three step rates (the chance of going
    all the way); its counts are the first step's from-count and the last step's to-count.
    Under "all" and "closed" the product equals to_count / from_count; under "resolved" it
    differs because each step has its own denominator. Source: four-stage funnel of common
    B2B marketing training material; censoring as in Kaplan & Meier (1958), JASA 53(282).

    Args:
        opps: the opportunities table.
        method: ``"resolved"``, ``"all"`` or ``"closed"`` (above).
        as_of: the date for the first-contract-year rule; None: the latest in the frame.

    Returns:
        A DataFrame indexed by transition (``potential->possible``, ``possible->target``,
        ``target->effective``, then ``overall``) with columns ``from_stage``,
        ``to_stage``, ``from_count``, ``to_count``, ``rate``.
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(_METHODS)}, got {method!r}")
    check_frame(opps, ["stage", "status"])
    stage, status = stage_and_status(opps)
    if method != "all":
        status = np.where(credibility_pending(opps, stage, status, as_of), 2, status)
    frm, to = _conversion_counts(stage, status, method)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(frm > 0, to / np.where(frm > 0, frm, 1), np.nan)
    overall = float(np.prod(rate))
    return pd.DataFrame(
        {
            "from_stage": [*STAGES[:-1], STAGES[0]],
            "to_stage": [*STAGES[1:], STAGES[-1]],
            "from_count": np.append(frm, frm[0]).astype(int),
            "to_count": np.append(to, to[-1]).astype(int),
            "rate": np.append(rate, overall),
        },
        index=pd.Index([*TRANSITIONS, "overall"], name="transition"),
    )


def stage_probabilities(
    opps: pd.DataFrame, method: ConversionMethod = "resolved", as_of: object | None = None
) -> dict[str, float]:
    """Chance, from this history, that an open opportunity at each stage is won.

    The sale is won at 'target', so the chance at 'potential' is the product of
    the potential -> possible and possible -> target rates of
    :func:`stage_conversion` times the chance that a deal at 'target' is signed;
    at 'possible' the last two; at 'target' won / (won + lost at 'target') (NaN
    with no decided deal there); 'effective' deals are won (1). With the default
    ``method="resolved"`` this is the product-limit (Kaplan-Meier) estimate, in
    which open opportunities count only for the steps they have already passed.
    The result has the shape of ``schema.DEFAULT_STAGE_PROBABILITY`` and can be
    passed to :func:`weighted_pipeline` to weight a pipeline by a team's own
    record instead of the deck's progress marks. Sources: four-stage funnel of
    common B2B marketing training material; Kaplan & Meier (1958), JASA 53(282).

    Args:
        opps: the opportunities table.
        method: as in :func:`stage_conversion`.
        as_of: as in :func:`stage_conversion`.

    Returns:
        Stage -> chance of being won, for every stage.
    """
    rates = stage_conversion(opps, method, as_of)["rate"].to_numpy()[: len(TRANSITIONS)]
    stage, status = stage_and_status(opps)
    target = STAGES.index("target")
    won = int(np.count_nonzero(status == 0))
    lost_at_target = int(np.count_nonzero((status == 1) & (stage >= target)))
    signed = won / (won + lost_at_target) if won + lost_at_target else float("nan")
    return {
        "potential": float(rates[0] * rates[1] * signed),
        "possible": float(rates[1] * signed),
        "target": float(signed),
        "effective": 1.0,
    }


@dataclass(frozen=True)
class Bottleneck:
    """The narrowing that most needs work, and the strategy that addresses it."""

    transition: str
    from_stage: str
    to_stage: str
    rate: float
    benchmark_rate: float  # NaN when no benchmark was given
    gap: float  # rate - benchmark_rate (NaN without a benchmark)
    ratio: float  # rate / benchmark_rate (NaN without a benchmark)
    strategy: Strategy


def _rates(table: object, name: str) -> np.ndarray:
    """Step rates (3) from a conversion table, a mapping or a sequence."""
    if isinstance(table, pd.DataFrame):
        if "rate" not in table.columns:
            raise ValueError(f"{name} must have a 'rate' column (as stage_conversion returns)")
        missing = [t for t in TRANSITIONS if t not in table.index]
        if missing:
            raise ValueError(f"{name} has no row for transition(s) {', '.join(missing)}")
        values = [table.at[t, "rate"] for t in TRANSITIONS]
    elif isinstance(table, Mapping | pd.Series):
        # .keys(): a Series iterates over values, not keys
        keys_cover(table.keys(), TRANSITIONS, name, noun="transition", value="rate",
                   also=["overall"])
        values = [table[t] for t in TRANSITIONS]
    elif isinstance(table, list | tuple | np.ndarray):
        if len(table) != len(TRANSITIONS):
            raise ValueError(
                f"{name} must give {len(TRANSITIONS)} rates, for {', '.join(TRANSITIONS)}; "
                f"got {len(table)}"
            )
        values = list(table)
    else:
        raise ValueError(
            f"{name} must be a conversion table, a mapping of transition to rate or a "
            f"list of {len(TRANSITIONS)} rates, got {type(table).__name__}"
        )
    out = np.empty(len(TRANSITIONS))
    for i, (t, v) in enumerate(zip(TRANSITIONS, values, strict=True)):
        out[i] = np.nan if v is None or pd.isna(v) else unit_rate(v, f"{name}[{t!r}]")
    return out


def bottleneck(
    opps: pd.DataFrame,
    benchmark: pd.DataFrame | Mapping[str, float] | None = None,
    method: ConversionMethod = "resolved",
    as_of: object | None = None,
) -> Bottleneck:
    """The funnel step that narrows most, and the strategy it calls for.

    ``opps`` is an opportunities frame (its conversions are computed with
    ``method``, see :func:`stage_conversion`) or a conversion table already
    computed (a frame with a ``rate`` column indexed by transition).

    Without a benchmark the bottleneck is the step with the lowest rate. With
    a benchmark (a conversion table, a mapping transition -> rate, or an
    opportunities frame such as the whole company's, converted with the same
    ``method``) it is the step furthest below the benchmark as a
    ratio rate / benchmark, so that a step that is naturally narrow is not
    blamed for being narrow. Steps with no rate (NaN), or whose benchmark is
    NaN or 0, cannot be compared and are skipped; ties go to the earlier step.

    The strategy follows the funnel deck of common B2B marketing training
    material: a narrow potential->possible step calls for the tendency strategy
    (倾向策略, led by market development), possible->target (deals not won) for
    the advantage strategy (优势策略, led by sales), target->effective (wins that
    do not become effective customers) for the credibility strategy (信誉策略,
    led by support). See :data:`STRATEGIES`.

    Args:
        opps: an opportunities frame or a conversion table (above).
        benchmark: a conversion table, a mapping transition -> rate, an opportunities
            frame, or None (the lowest rate wins).
        method: as in :func:`stage_conversion`.
        as_of: as in :func:`stage_conversion`.

    Returns:
        A :class:`Bottleneck`: the step, its rate, the benchmark's rate, their gap and
        ratio, and the strategy.
    """
    if isinstance(opps, pd.DataFrame) and "stage" not in opps.columns and "rate" in opps.columns:
        rates = _rates(opps, "the conversion table")
    else:
        rates = stage_conversion(opps, method, as_of)["rate"].to_numpy()[: len(TRANSITIONS)]
    if benchmark is None:
        bench = np.full(len(TRANSITIONS), np.nan)
        score = rates
    else:
        if isinstance(benchmark, pd.DataFrame) and "stage" in benchmark.columns:
            # the benchmark's own opportunities, e.g. the whole company's
            benchmark = stage_conversion(benchmark, method, as_of)
        bench = _rates(benchmark, "benchmark")
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(bench > 0, rates / np.where(bench > 0, bench, 1), np.nan)
    if np.isnan(score).all():
        raise ValueError(
            "no funnel step can be compared: every step has no opportunities to "
            "convert" + ("" if benchmark is None else " or no usable benchmark rate")
        )
    i = int(np.nanargmin(score))
    t = TRANSITIONS[i]
    return Bottleneck(
        transition=t,
        from_stage=STAGES[i],
        to_stage=STAGES[i + 1],
        rate=float(rates[i]),
        benchmark_rate=float(bench[i]),
        gap=float(rates[i] - bench[i]),
        ratio=float(score[i]) if benchmark is not None else float("nan"),
        strategy=STRATEGIES[STRATEGY_FOR_TRANSITION[t]],
    )


def cohort_funnel(opps: pd.DataFrame, freq: str = "Q") -> pd.DataFrame:
    """Share of each cohort of opportunities that reached each stage.

    Opportunities are grouped by the period of their ``created_date``
    (``freq`` is a pandas period code: "M", "Q" or "Y"). For each cohort the
    result gives ``n`` (opportunities created), the share reaching each stage
    (``potential`` is always 1), the share ``won`` and the share still
    ``open`` (C or D). Young cohorts have a large open share: their later
    stages will still fill in, which is why the open share is shown beside
    them. Periods in which no opportunity was created have no row. Source: cohort analysis
    of the four-stage funnel of common B2B marketing training material.

    Args:
        opps: the opportunities table.
        freq: the cohort period, ``"M"``, ``"Q"`` or ``"Y"``.

    Returns:
        A DataFrame indexed by a PeriodIndex named ``cohort``.
    """
    check_frame(opps, ["created_date", "stage", "status"])
    stage, status = stage_and_status(opps)
    created = dates(opps, "created_date")
    try:
        periods = created.dt.to_period(freq)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValueError(f"freq must be a period code such as 'M', 'Q' or 'Y' ({exc})") from None
    cohort, labels = pd.factorize(periods, sort=True)
    k = len(labels)
    at = np.bincount(cohort * _N + stage, minlength=k * _N).reshape(k, _N)
    reached = at[:, ::-1].cumsum(axis=1)[:, ::-1]
    n = reached[:, 0]
    out = pd.DataFrame(reached / n[:, None], columns=list(STAGES))
    out.insert(0, "n", n)
    out["won"] = np.bincount(cohort[status == 0], minlength=k) / n
    out["open"] = np.bincount(cohort[status >= 2], minlength=k) / n
    out.index = pd.PeriodIndex(labels, name="cohort")
    return out


__all__ = [
    "STRATEGIES",
    "STRATEGY_FOR_TRANSITION",
    "Bottleneck",
    "Strategy",
    "bottleneck",
    "cohort_funnel",
    "stage_conversion",
    "stage_counts",
    "stage_probabilities",
]
