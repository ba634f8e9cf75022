"""Charts of repeat buying without contracts: the holdout check of Fader, Hardie & Lee
(2005, Marketing Science 24(2), Figures 2 and 4), customer concentration, and one customer's
purchases with her P(alive) over time.

Each chart takes what a :mod:`valuekit.clv.repeat_buying` function returned and computes
nothing new.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from valuekit.charts import PALETTE, value_axis
from valuekit.charts.adoption import _title
from valuekit.i18n import N_, _, language

#: The time units a chart names (``unit``), for the catalogs.
UNITS = (N_("weeks"), N_("days"))

__all__ = ["concentration_chart", "cumulative_chart", "holdout_frequency_chart",
           "p_alive_history_chart"]

_SERIES = ["actual", "model"]
#: The two lines as another language names them (the msgid says which, for the translator).
SERIES_LABELS = {"actual": N_("actual (what customers did)"),
                 "model": N_("model (what the BG/NBD predicted)")}


def _series(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str], alt.Scale]:
    """The frame's series, their order and colours, named in the language shown now."""
    if language() == "en":
        return frame, _SERIES, alt.Scale(domain=_SERIES, range=[PALETTE[7], PALETTE[0]])
    names = {k: _(v) for k, v in SERIES_LABELS.items()}
    order = [names[k] for k in _SERIES]
    return (frame.assign(series=frame["series"].map(names)), order,
            alt.Scale(domain=order, range=[PALETTE[7], PALETTE[0]]))


def _titled(title: str, subtitle: str | None) -> alt.TitleParams:
    return _title(_(title), _(subtitle) if subtitle else subtitle)


def holdout_frequency_chart(table: pd.DataFrame, unit: str = "weeks",
                            title: str = N_("Holdout check: does the model predict who "
                                            "buys again?"),
                            subtitle: str | None = None) -> alt.Chart:
    """Mean repeat transactions in the holdout, actual and model, by calibration repeat
    purchases (``table``: :func:`~valuekit.clv.repeat_buying.holdout_by_frequency`).

    Args:
        table: :func:`~valuekit.clv.repeat_buying.holdout_by_frequency`.
        unit: the period's name, plural, for the axis ("weeks").
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart.
    """
    frame = table.melt(id_vars=["frequency_cal", "customers"], value_vars=["actual", "predicted"],
                       var_name="series", value_name="mean")
    frame["series"] = frame["series"].replace({"predicted": "model"})
    frame, series, colours = _series(frame)
    order = list(table["frequency_cal"])
    return alt.Chart(frame, title=_titled(title, subtitle or N_(
        "mean repeat transactions per customer in the holdout period, by repeat purchases "
        "in the calibration period"))).mark_line(point=True).encode(
        x=alt.X("frequency_cal:O", sort=order, title=_("repeat purchases in calibration"),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("mean:Q", title=_("holdout repeat transactions"), axis=value_axis(",.1f")),
        color=alt.Color("series:N", scale=colours, title=None),
        strokeDash=alt.StrokeDash("series:N", sort=series, title=None, legend=None),
    ).properties(width=520, height=300)


def cumulative_chart(curve: pd.DataFrame, unit: str = "weeks",
                     title: str = N_("Holdout check: cumulative repeat transactions"),
                     subtitle: str | None = None) -> alt.LayerChart:
    """Cumulative repeat transactions, actual and model, with the end of the calibration
    period marked (``curve``: :func:`~valuekit.clv.cumulative_repeat_transactions`).

    Args:
        curve: :func:`~valuekit.clv.cumulative_repeat_transactions`.
        unit: the period's name, plural, for the axis ("weeks").
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    frame = curve.melt(id_vars=["t", "part"], value_vars=["actual", "predicted"],
                       var_name="series", value_name="transactions")
    frame["series"] = frame["series"].replace({"predicted": "model"})
    frame, series, colours = _series(frame)
    cal_end = float(curve.loc[curve["part"] == "calibration", "t"].max())
    lines = alt.Chart(frame).mark_line().encode(
        x=alt.X("t:Q", title=_("{unit} since the first purchase").format(unit=_(unit)),
                axis=value_axis(",.0f")),
        y=alt.Y("transactions:Q", title=_("repeat transactions"), axis=value_axis(",.0f")),
        color=alt.Color("series:N", scale=colours, title=None),
        strokeDash=alt.StrokeDash("series:N", sort=series, title=None, legend=None),
    )
    rule = alt.Chart(pd.DataFrame({"t": [cal_end], "label": [_("end of calibration")]}))
    marks = rule.mark_rule(color=PALETTE[3], strokeDash=[4, 3]).encode(
        x=alt.X("t:Q")) + rule.mark_text(align="left", dx=4, dy=-120, color=PALETTE[3]).encode(
        x=alt.X("t:Q"), text=alt.Text("label:N"))
    return alt.layer(lines, marks, title=_titled(title, subtitle or N_(
        "the model is fitted left of the line; right of it, it predicts purchases it never "
        "saw"))).properties(width=520, height=300)


def concentration_chart(curve: pd.DataFrame,
                        title: str = N_("A few customers bring most of the revenue"),
                        subtitle: str | None = None) -> alt.LayerChart:
    """Share of revenue against share of customers, biggest first (``curve``: columns
    ``customers_share`` and ``revenue_share``), with the 20% mark.

    Args:
        curve: columns customers_share and revenue_share.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    line = alt.Chart(curve).mark_line(color=PALETTE[0]).encode(
        x=alt.X("customers_share:Q", title=_("share of customers, biggest first"),
                axis=value_axis(".0%")),
        y=alt.Y("revenue_share:Q", title=_("share of revenue"), axis=value_axis(".0%")))
    at20 = curve.iloc[(curve["customers_share"] - 0.2).abs().argsort()[:1]]
    dot = alt.Chart(at20).mark_point(color=PALETTE[3], size=80, filled=True).encode(
        x=alt.X("customers_share:Q"), y=alt.Y("revenue_share:Q"))
    text = alt.Chart(at20.assign(label=[_("top 20%: {share:.0%} of revenue").format(
        share=at20["revenue_share"].iloc[0])])).mark_text(
        align="left", dx=8, dy=12, color=PALETTE[3]).encode(
        x=alt.X("customers_share:Q"), y=alt.Y("revenue_share:Q"), text=alt.Text("label:N"))
    return alt.layer(line, dot, text, title=_titled(title, subtitle)).properties(
        width=480, height=300)


def p_alive_history_chart(history: pd.DataFrame, purchases: pd.DataFrame,
                          title: str = N_("P(alive) between purchases"),
                          subtitle: str | None = None) -> alt.LayerChart:
    """P(alive) over time (``history``: columns date, p_alive) with the customer's purchases
    as ticks (``purchases``: columns date, value).

    Args:
        history: columns date, p_alive.
        purchases: columns date, value.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    # month names come from the renderer's English time locale: elsewhere, numbers only
    months = {} if language() == "en" else {"axis": alt.Axis(format="%Y-%m")}
    line = alt.Chart(history).mark_line(color=PALETTE[0], interpolate="step-after").encode(
        x=alt.X("date:T", title=None, **months),
        y=alt.Y("p_alive:Q", title="P(alive)", axis=value_axis(".0%"),
                scale=alt.Scale(domain=[0, 1])))
    ticks = alt.Chart(purchases).mark_tick(color=PALETTE[1], thickness=2, size=18).encode(
        x=alt.X("date:T"), y=alt.YValue(290))
    return alt.layer(line, ticks, title=_titled(title, subtitle or N_(
        "orange ticks: purchases; each one lifts P(alive), silence lowers it"))).properties(
        width=520, height=300)
