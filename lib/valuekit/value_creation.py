"""Creating customer value, in numbers: module 6's calculations.

Pure functions over pandas objects (no I/O, no printing):

- :func:`allocate_budget` / :func:`tier_budget`: a fixed marketing budget split across
  value tiers (deck 004's "customer portfolio and resource allocation", on the half of its
  "segmentation by customer value" that looks at what customers are worth to us: common
  B2B marketing training material).
- :func:`channel_roi` (and :func:`rescale_roi`): marketing ROI per channel (deck 004's
  "marketing visibility and ROI").
- :func:`head_to_head`: win rates against the competitor per product or segment (where
  features decided the loss, and with the price losses too): the kit's proxy for a position
  on Ries & Trout's ladder (*The 22 Immutable Laws of Marketing*, 1993).
- :func:`value_advantage`: our advantage over the competitor on each value and cost
  component of customer delivered value (Kotler), per customer segment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from valuekit.checks import label_list, require_columns
from valuekit.schema import COST_COMPONENTS, VALUE_COMPONENTS

__all__ = [
    "COMPETITOR_LOSS",
    "PRICE_LOSS",
    "allocate_budget",
    "channel_roi",
    "head_to_head",
    "rescale_roi",
    "tier_budget",
    "value_advantage",
]

#: The loss reason that names the competitor in the sample's opportunities (its features).
COMPETITOR_LOSS = "competitor_features"
#: The loss reason "price": the competitor is the cheaper one in the value survey.
PRICE_LOSS = "price"


def _positive_number(x: object, name: str, *, allow_zero: bool = True) -> float:
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {x!r}") from None
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be a {'non-negative' if allow_zero else 'positive'} "
                         f"finite number, got {x!r}")
    return value


def _years(years: object) -> tuple[int, ...] | None:
    """``years`` as a tuple of whole years: None, one year or several."""
    if years is None:
        return None
    items = [years] if isinstance(years, int | np.integer | float | str) else years
    try:
        out = tuple(items)  # type: ignore[arg-type]
    except TypeError:
        out = ()
    ok = bool(out) and all(isinstance(y, int | np.integer) and not isinstance(y, bool)
                           and 1900 <= y <= 2100 for y in out)
    if not ok:
        raise ValueError(f"years must be a year such as 2025 or a tuple of years such as "
                         f"(2024, 2025), got {years!r}")
    return tuple(int(y) for y in out)


def allocate_budget(weights: pd.Series, budget: float, step: float = 1_000.0) -> pd.Series:
    """Split ``budget`` in proportion to ``weights`` (one per tier, segment or channel), in
    whole multiples of ``step``, so that the parts add up to the budget exactly.

    Each part is first rounded down to a multiple of ``step``; the steps left over go, one
    each, to the largest remainders (Hamilton's largest-remainder method; ties to the
    earlier label). ``budget`` must itself be a multiple of ``step``.

    >>> allocate_budget(pd.Series({"high": 5, "medium": 3, "low": 2}), 100_000)
    high      50000.0
    medium    30000.0
    low       20000.0
    dtype: float64
    """
    budget = _positive_number(budget, "budget")
    step = _positive_number(step, "step", allow_zero=False)
    w = pd.Series(weights, dtype=float)
    if w.empty:
        raise ValueError("weights is empty: give one weight per tier")
    bad = w.index[~np.isfinite(w.to_numpy()) | (w.to_numpy() < 0)]
    if len(bad):
        raise ValueError(f"weights must be finite and >= 0; not so for {list(bad)}")
    if w.sum() <= 0:
        raise ValueError("weights add up to 0: nothing to allocate by")
    units = budget / step
    if not np.isclose(units, round(units)):
        raise ValueError(f"budget {budget:,.0f} is not a multiple of step {step:,.0f}")
    units = int(round(units))
    exact = w / w.sum() * units
    floor = np.floor(exact + 1e-9)
    left = units - int(floor.sum())
    remainder = (exact - floor).to_numpy()
    order = np.argsort(-remainder, kind="stable")[:left]
    floor.iloc[order] += 1
    return (floor * step).rename(weights.name if isinstance(weights, pd.Series) else None)


def tier_budget(tiers: pd.DataFrame, budget: float, value_weight: float,
                step: float = 1_000.0) -> pd.DataFrame:
    """A fixed budget split across value tiers: how much per tier and per account.

    ``tiers``: one row per tier with the columns ``accounts`` and ``clv`` (their total
    lifetime value), e.g. :func:`valuekit.widgets.clv.value_tiers`. Each tier's weight is
    ``value_weight`` x its share of the value + (1 - ``value_weight``) x its share of the
    accounts: 1 allocates by what each tier is worth to us, 0 gives every account the same.
    The split is :func:`allocate_budget`'s (whole ``step``s).

    This is one half of deck 004's segmentation by customer value: the deck warns against
    segmenting only by what customers are worth to the company and asks for as much
    attention to the value the company gives them (in module 6, the value-advantage table
    by segment, :func:`value_advantage`).

    Returns the tiers with ``share_of_value``, ``share_of_accounts``, ``budget`` and
    ``budget_per_account``.
    """
    vw = _positive_number(value_weight, "value_weight")
    if vw > 1:
        raise ValueError(f"value_weight must be between 0 and 1, got {value_weight!r}")
    require_columns(tiers, "tiers", ["accounts", "clv"])
    out = tiers[["accounts", "clv"]].astype(float).copy()
    out["share_of_value"] = out["clv"] / out["clv"].sum()
    out["share_of_accounts"] = out["accounts"] / out["accounts"].sum()
    weight = vw * out["share_of_value"] + (1 - vw) * out["share_of_accounts"]
    out["budget"] = allocate_budget(weight, budget, step)
    out["budget_per_account"] = out["budget"] / out["accounts"]
    return out


def channel_roi(touches: pd.DataFrame, opportunities: pd.DataFrame, products: pd.DataFrame,
                cost_scale: float = 1.0, years: tuple[int, ...] | None = None,
                ) -> pd.DataFrame:
    """Marketing ROI per channel: the first-year gross margin of the deals won from the
    channel's leads against what the channel cost.

    cost = campaign spend on the channel x ``cost_scale`` (campaigns are part of the cost of
    a channel: sales time, travel); margin = won deals' ``amount`` (first-year contract value)
    x the product's ``gross_margin``; ROI = (margin - cost) / cost. Also the response rate
    (responses / contacts), the cost per response and the won deals. ``years``: only
    touches dated, and deals closed, in these years: a year (2025) or several ((2024, 2025));
    default all. Highest ROI first.

    Attribution is single-touch, by the lead's ``lead_source``: the simplest rule, and the
    one a CRM export supports (a deal touched by several channels counts for its source).
    """
    scale = _positive_number(cost_scale, "cost_scale", allow_zero=False)
    for name, frame, cols in (("touches", touches, ("channel", "contacts", "responses", "cost",
                                                    "date")),
                              ("opportunities", opportunities, ("lead_source", "status",
                                                                "amount", "product_id",
                                                                "closed_date")),
                              ("products", products, ("product_id", "gross_margin"))):
        require_columns(frame, name, cols)
    years = _years(years)
    won = opportunities[opportunities["status"] == "W"]
    if years is not None:
        touches = touches[touches["date"].dt.year.isin(years)]
        won = won[won["closed_date"].dt.year.isin(years)]
    margin_rate = products.set_index("product_id")["gross_margin"]
    won = won.assign(margin=won["amount"] * won["product_id"].map(margin_rate))
    out = touches.groupby("channel")[["contacts", "responses", "cost"]].sum()
    out.index.name = "channel"
    out["cost"] = out["cost"] * scale
    grouped = won.groupby("lead_source")
    out["won_deals"] = grouped.size().reindex(out.index, fill_value=0)
    out["margin"] = grouped["margin"].sum().reindex(out.index, fill_value=0.0)
    out["response_rate"] = out["responses"] / out["contacts"]
    out["cost_per_response"] = out["cost"] / out["responses"]
    out["roi"] = (out["margin"] - out["cost"]) / out["cost"]
    return out.sort_values("roi", ascending=False)


def rescale_roi(roi: pd.DataFrame, cost_scale: float) -> pd.DataFrame:
    """A :func:`channel_roi` table (made at ``cost_scale=1``) at another ``cost_scale``,
    without going back to the raw tables: what an interactive recomputes on each slider
    step. Equal to ``channel_roi(..., cost_scale)``."""
    scale = _positive_number(cost_scale, "cost_scale", allow_zero=False)
    out = roi.copy()
    out["cost"] = roi["cost"] * scale
    out["cost_per_response"] = out["cost"] / out["responses"]
    out["roi"] = (out["margin"] - out["cost"]) / out["cost"]
    return out.sort_values("roi", ascending=False)


def head_to_head(opportunities: pd.DataFrame, by: str | pd.Series = "product_id",
                 competitor_reason: str = COMPETITOR_LOSS,
                 price_reason: str = PRICE_LOSS) -> pd.DataFrame:
    """Won and lost deals per ``by`` (a column of ``opportunities``, or a Series aligned with
    it), and two win rates against the competitor.

    The sample tags a loss with one reason. Only ``competitor_reason`` (the competitor's
    features) names the competitor, but price, the most frequent reason, is a loss to a
    cheaper rival too, so neither rate alone is "the" head-to-head rate:

    - ``win_rate_on_features`` = won / (won + ``lost_on_features``): the win rate where
      features decided the loss (the kit's proxy for a rung on Ries & Trout's ladder);
    - ``win_rate_with_price`` = won / (won + ``lost_on_features`` + ``lost_on_price``): the
      same with the price losses counted as losses to the competitor.

    Also ``win_rate`` = won / (won + lost) and ``top_loss_reason`` (the most frequent).
    Open deals (C, D) are left out. Highest ``win_rate_on_features`` first.
    """
    for col in ("status", "loss_reason"):
        if col not in opportunities.columns:
            raise ValueError(f"opportunities lacks the column {col!r}")
    if isinstance(by, str):
        if by not in opportunities.columns:
            raise ValueError(f"by={by!r} is not a column of opportunities; give a column "
                             f"name ({', '.join(map(str, opportunities.columns))}) or a Series "
                             "aligned with opportunities, e.g. "
                             "opps['account_id'].map(accounts.set_index('account_id')"
                             "['size_band'])")
        key = opportunities[by]
    elif isinstance(by, pd.Series):
        if not by.index.equals(opportunities.index):
            raise ValueError("by: the Series must have the same index as opportunities "
                             "(one value per opportunity)")
        key = by
    else:
        raise ValueError(f"by must be a column name of opportunities or a Series aligned "
                         f"with it, got {type(by).__name__}")
    closed = opportunities["status"].isin(["W", "L"])
    d = pd.DataFrame({"key": key[closed], "status": opportunities.loc[closed, "status"],
                      "reason": opportunities.loc[closed, "loss_reason"]})
    g = d.groupby("key")
    out = pd.DataFrame({
        "won": g["status"].agg(lambda s: int((s == "W").sum())),
        "lost": g["status"].agg(lambda s: int((s == "L").sum())),
        "lost_on_features": g["reason"].agg(lambda s: int((s == competitor_reason).sum())),
        "lost_on_price": g["reason"].agg(lambda s: int((s == price_reason).sum())),
    })
    out.index.name = key.name if isinstance(by, str) or key.name else "segment"
    out["win_rate"] = out["won"] / (out["won"] + out["lost"])
    out["win_rate_on_features"] = out["won"] / (out["won"] + out["lost_on_features"])
    out["win_rate_with_price"] = out["won"] / (out["won"] + out["lost_on_features"]
                                               + out["lost_on_price"])
    out["top_loss_reason"] = g["reason"].agg(
        lambda s: s.dropna().value_counts().index[0] if s.notna().any() else "")
    return out.sort_values("win_rate_on_features", ascending=False)


def value_advantage(survey: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    """Our advantage over the competitor on each component of delivered value, per segment.

    ``survey``: one row per account and vendor (``vendor`` "us" or "competitor") with the
    component scores (1-10) of :data:`valuekit.value.VALUE_COMPONENTS` and
    :data:`valuekit.value.COST_COMPONENTS`; ``segments``: account_id -> segment (a size
    band, an industry). A value component's advantage is our mean score minus the
    competitor's; a cost component's is the competitor's minus ours (a lower cost is our
    advantage). Positive = we are ahead. One row per segment, plus ``responses`` (accounts
    that rated both vendors).
    """
    cols = [*VALUE_COMPONENTS, *COST_COMPONENTS]
    require_columns(survey, "survey", ["account_id", "vendor", *cols])
    d = survey.assign(segment=survey["account_id"].map(segments))
    if d["segment"].isna().any():
        ids = d.loc[d["segment"].isna(), "account_id"].unique()
        raise ValueError(f"no segment for the account(s) {label_list(ids, fmt=repr)}")
    mean = d.groupby(["segment", "vendor"])[cols].mean()
    us, them = mean.xs("us", level="vendor"), mean.xs("competitor", level="vendor")
    out = pd.concat([us[list(VALUE_COMPONENTS)] - them[list(VALUE_COMPONENTS)],
                     them[list(COST_COMPONENTS)] - us[list(COST_COMPONENTS)]], axis=1)
    both = d.groupby(["segment", "account_id"])["vendor"].nunique()
    out["responses"] = (both == 2).groupby(level="segment").sum().reindex(out.index)
    out.index.name = segments.name or "segment"
    return out
