"""Outcomes of the funnel: win rate, why deals are lost, the win/loss report.

Source: the win/loss report (输赢报告) of common B2B marketing training
material (the funnel deck, 001): for each customer and product, how far the deal
has progressed and its status W (won), L (lost), C (continuing) or D (delayed),
with the reason. The deck's example rows mark progress 20% for a possible
customer (continuing, or lost on price to a competitor), 60% for a target
customer whose contract is delayed and 90% for a target customer won ("contract
out"): :data:`PROGRESS_MARKS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from valuekit.schema import STAGES, STATUSES

from ._checks import amounts, check_by, check_frame, stage_and_status, status_codes

#: Label for lost opportunities whose loss reason was not recorded.
UNRECORDED = "unrecorded"

#: Progress marks of the win/loss report, by stage reached and whether the deal is won.
#: possible 20%, target 60% (contract not yet signed) and target won 90% are the funnel
#: deck's; potential 10% and effective 100% are the kit's extension (the deck's example
#: has no row there).
PROGRESS_MARKS: dict[tuple[str, bool], float] = {
    ("potential", False): 0.10,
    ("possible", False): 0.20,
    ("target", False): 0.60,
    ("target", True): 0.90,
    ("effective", True): 1.00,
}
#: The marks that come from the deck itself (the others are the kit's).
DECK_PROGRESS_MARKS: tuple[tuple[str, bool], ...] = (
    ("possible", False),
    ("target", False),
    ("target", True),
)


def progress_marks(opps: pd.DataFrame) -> pd.Series:
    """The win/loss report's progress mark (a fraction) of each opportunity.

    From the stage reached and whether the deal is won (:data:`PROGRESS_MARKS`):
    a lost or open deal keeps the mark of the stage it reached (the deck's lost
    possible customer shows 20%). Returns a float Series named ``progress`` on
    ``opps``' index. Source: the win/loss report of the funnel deck (001).
    """
    check_frame(opps, ["stage", "status"])
    stage, status = stage_and_status(opps)
    table = np.array(
        [[PROGRESS_MARKS.get((s, w), np.nan) for w in (False, True)] for s in STAGES]
    )
    return pd.Series(table[stage, (status == 0).astype(int)], index=opps.index,
                     name="progress")


def win_rate(opps: pd.DataFrame, weighted: bool = False) -> float:
    """Won / (won + lost): the share of decided opportunities that were won.

    Open opportunities (C, D) are left out: they are not decided yet. With
    ``weighted=True`` the rate is by amount (won amount / decided amount).
    Source: win/loss report of common B2B marketing training material; the usual
    sales-pipeline definition of win rate (closed-won / all closed).

    Args:
        opps: the opportunities table.
        weighted: by amount instead of by count.

    Returns:
        The rate in [0, 1]; NaN when no opportunity is decided yet (nothing to measure).

    Raises:
        ValueError: an empty frame, or a column missing or invalid.
    """
    check_frame(opps, ["status", "amount"] if weighted else ["status"])
    status = status_codes(opps)
    if weighted:
        amt = amounts(opps)
        won, decided = amt[status == 0].sum(), amt[status <= 1].sum()
    else:
        won, decided = np.count_nonzero(status == 0), np.count_nonzero(status <= 1)
    return float(won / decided) if decided > 0 else float("nan")


def loss_reason_pareto(
    opps: pd.DataFrame, weight: Literal["count", "amount"] = "count"
) -> pd.DataFrame:
    """Loss reasons of lost opportunities, most important first (a Pareto table).

    Counts lost (L) opportunities per ``loss_reason`` (a missing reason is
    shown as ``"unrecorded"``) and sums their amounts. ``weight`` chooses
    what the shares are of: the number of lost deals or the amount lost.
    Rows are sorted by that weight, largest first (ties by reason name). Source: Pareto
    analysis (Juran's "vital few") applied to the reasons column of the win/loss report in
    common B2B marketing training material.

    Args:
        opps: the opportunities table.
        weight: ``"count"`` or ``"amount"``.

    Returns:
        A DataFrame with columns ``reason``, ``count``, ``amount``, ``share`` and
        ``cumulative_share`` (shares in [0, 1]); it has no rows when nothing was lost.
    """
    if weight not in ("count", "amount"):
        raise ValueError(f"weight must be 'count' or 'amount', got {weight!r}")
    check_frame(opps, ["status", "loss_reason", "amount"])
    status = status_codes(opps)
    amt = amounts(opps)
    lost = status == 1
    columns = ["reason", "count", "amount", "share", "cumulative_share"]
    if not lost.any():
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c == "reason" else float) for c in columns}
        )
    reasons = opps["loss_reason"][lost].astype(object).fillna(UNRECORDED).astype(str)
    table = (
        pd.DataFrame({"reason": reasons.to_numpy(), "amount": amt[lost]})
        .groupby("reason", sort=True)["amount"]
        .agg(["size", "sum"])
        .rename(columns={"size": "count", "sum": "amount"})
        .reset_index()
    )
    table = table.sort_values([weight, "reason"], ascending=[False, True], kind="stable")
    total = table[weight].sum()
    table["share"] = table[weight] / total if total > 0 else np.nan
    table["cumulative_share"] = table["share"].cumsum()
    return table.reset_index(drop=True)[columns]


def win_loss_report(
    opps: pd.DataFrame,
    by: str | Sequence[str] | None = ("team_id", "product_id"),
    loss_reason: bool = True,
) -> pd.DataFrame:
    """The win/loss report (输赢报告): W, L, C, D counts and amounts per group.

    For each group of ``by`` (one or more columns; ``None`` or ``()`` gives a
    single row labelled ``"all"``) the report gives the number of
    opportunities won ``W``, lost ``L``, continuing ``C`` and delayed ``D``,
    their ``total``, the ``win_rate`` won / (won + lost) (NaN with nothing
    decided), ``won_amount``, ``lost_amount``, ``open_amount`` (C and D) and,
    with ``loss_reason=True``, ``main_loss_reason``: the commonest reason among
    the group's lost deals (ties: alphabetical; empty with no losses; a
    missing reason counts as "unrecorded"). Source: win/loss report of common B2B
    marketing training material.

    Args:
        opps: the opportunities table.
        by: the grouping column(s); None or ``()`` for one row ``"all"``.
        loss_reason: add ``main_loss_reason``.

    Returns:
        A DataFrame indexed by the group columns.
    """
    needed = ["status", "amount"] + (["loss_reason"] if loss_reason else [])
    check_frame(opps, needed)
    keys = check_by(opps, by)
    status = status_codes(opps)
    amt = amounts(opps)

    if keys:
        # dropna=False: an opportunity with no team or product still counts
        grouped = opps.groupby(keys, sort=True, dropna=False, observed=True)
        codes = grouped.ngroup().to_numpy()
        index = grouped.size().index
    else:
        codes = np.zeros(len(opps), dtype=np.int64)
        index = pd.Index(["all"], name="group")
    k = len(index)
    cell = codes * len(STATUSES) + status
    counts = np.bincount(cell, minlength=k * 4).reshape(k, 4)
    money = np.bincount(cell, weights=amt, minlength=k * 4).reshape(k, 4)

    out = pd.DataFrame(counts, columns=list(STATUSES), index=index)
    out["total"] = counts.sum(axis=1)
    decided = counts[:, 0] + counts[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["win_rate"] = np.where(decided > 0, counts[:, 0] / np.maximum(decided, 1), np.nan)
    out["won_amount"] = money[:, 0]
    out["lost_amount"] = money[:, 1]
    out["open_amount"] = money[:, 2] + money[:, 3]
    if loss_reason:
        lost = status == 1
        main = np.full(k, None, dtype=object)
        if lost.any():
            reasons = opps["loss_reason"].astype(object).fillna(UNRECORDED).astype(str)
            tally = (
                pd.DataFrame({"g": codes[lost], "reason": reasons.to_numpy()[lost]})
                .value_counts()
                .reset_index(name="n")
                .sort_values(["g", "n", "reason"], ascending=[True, False, True])
                .drop_duplicates("g")
            )
            main[tally["g"].to_numpy()] = tally["reason"].to_numpy()
        out["main_loss_reason"] = main
    return out


__all__ = [
    "DECK_PROGRESS_MARKS",
    "PROGRESS_MARKS",
    "UNRECORDED",
    "loss_reason_pareto",
    "progress_marks",
    "win_loss_report",
    "win_rate",
]
