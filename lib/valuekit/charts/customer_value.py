"""Charts of module 6 (creating customer value). Each takes what a
:mod:`valuekit.value_creation` function returned and computes nothing new."""

from __future__ import annotations

import altair as alt
import pandas as pd

import valuekit.charts as vc


def head_to_head_chart(h2h: pd.DataFrame, names: pd.Series | None = None) -> alt.TopLevelMixin:
    """Bars of the win rate against the competitor per product (``h2h`` from
    :func:`valuekit.value_creation.head_to_head`); ``names``: product_id -> name."""
    frame = h2h.reset_index()
    key = frame.columns[0]
    if names is not None:
        frame[key] = frame[key].map(names).fillna(frame[key])
    return vc.bar(frame, key, "win_rate_vs_competitor", horizontal=True, labels=True,
                  value_format=".0%", title="Who wins when it is us or the competitor?",
                  subtitle="won / (won + lost to the competitor), 2023-2025",
                  category_title="", value_title="win rate against the competitor")


def advantage_chart(advantage: pd.DataFrame, segment: str) -> alt.TopLevelMixin:
    """Our advantage on each value and cost component for one segment (a row of
    :func:`valuekit.value_creation.value_advantage`); positive = we are ahead."""
    row = advantage.loc[segment].drop("responses")
    frame = pd.DataFrame({"component": row.index.str.replace("_", " "),
                          "advantage": row.to_numpy(dtype=float)})
    frame["who"] = frame["advantage"].map(lambda a: "us" if a >= 0 else "competitor")
    return vc.bar(frame, "component", "advantage", color="who", horizontal=True, labels=True,
                  value_format="+.2f", title=f"Where we are ahead: {segment}",
                  subtitle="score points, 1-10 scale; for costs, lower is better",
                  category_title="", value_title="our advantage (points)")


def tier_budget_chart(split: pd.DataFrame) -> alt.TopLevelMixin:
    """Budget per tier (``split`` from :func:`valuekit.value_creation.tier_budget`)."""
    frame = split.reset_index()
    return vc.bar(frame, frame.columns[0], "budget", labels=True, value_format="$,.0f",
                  title="The budget by value tier", category_title="tier",
                  value_title="budget")


def channel_roi_chart(roi: pd.DataFrame) -> alt.TopLevelMixin:
    """ROI per channel (``roi`` from :func:`valuekit.value_creation.channel_roi`)."""
    frame = roi.reset_index()[["channel", "roi"]]
    frame["verdict"] = frame["roi"].map(lambda r: "pays back" if r >= 0 else "loses money")
    return vc.bar(frame, "channel", "roi", color="verdict", horizontal=True, labels=True,
                  value_format="+.0%", title="Marketing ROI per channel",
                  subtitle="(first-year margin of won deals - cost) / cost",
                  category_title="", value_title="ROI")
