"""Charts of Module 3 (funnel strategy, 漏斗思维的营销策略), in the kit theme.

Pure builders: what a :mod:`valuekit.funnel` function returned in, an Altair chart out (no
calculation beyond arranging the numbers for drawing). Draw them with
``import valuekit.charts as vc; vc.enable()``.

- :func:`funnel_chart`        the four-stage funnel (counts reached, or needed) on
                              :func:`valuekit.charts.funnel_bars`
- :func:`conversion_chart`    each step's conversion rate, a team against a benchmark
- :func:`win_rate_chart`      win rate per group (team, product), from ``win_loss_report``
- :func:`status_chart`        W / L / C / D counts per group, stacked
- :func:`pareto_chart`        loss reasons, most important first, with the cumulative share
- :func:`rolling_plan_chart`  the rolling plan's monthly totals, actual vs forecast
- :func:`cohort_chart`        share of each quarter's opportunities won, and still open
- :func:`response_chart`      response rate per channel against its band
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

import valuekit.charts as vc
from valuekit.charts import PALETTE, value_axis
from valuekit.checks import require_columns
from valuekit.i18n import N_, _, language, localize
from valuekit.schema import STATUSES

__all__ = [
    "CONVERSION_LABEL",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "STEP_LABELS",
    "cohort_chart",
    "conversion_chart",
    "funnel_chart",
    "pareto_chart",
    "response_chart",
    "rolling_plan_chart",
    "status_chart",
    "win_rate_chart",
]

#: Short labels of the three narrowings, as the charts show them.
STEP_LABELS: dict[str, str] = {
    "potential->possible": N_("potential → possible"),
    "possible->target": N_("possible → target"),
    "target->effective": N_("target → effective"),
}
#: What W, L, C and D stand for in the win/loss report (输赢报告).
STATUS_LABELS: dict[str, str] = {"W": N_("won"), "L": N_("lost"), "C": N_("continuing"),
                                 "D": N_("delayed")}
#: The kit's own categories these charts show as data (loss reasons, channels, the rolling
#: plan's sources, the cohort lines): English in the data, shown through the catalogs
#: (:func:`_shown`), so a Chinese notebook shows them in Chinese.
CATEGORY_WORDS = (N_("price"), N_("competitor_features"), N_("no_budget"), N_("no_decision"),
                  N_("relationship"), N_("timing"),
                  N_("mass_media"), N_("direct_mail"), N_("seminar"), N_("email"), N_("phone"),
                  N_("one_to_one"), N_("actual"), N_("forecast"), N_("still open"),
                  N_("potential->possible"), N_("possible->target"), N_("target->effective"),
                  N_("Tendency strategy"), N_("Advantage strategy"), N_("Credibility strategy"),
                  N_("market development"), N_("sales"), N_("support"), N_("company"))


#: Words that mean something else in another module's catalog entry ("sales" is the sales
#: function here, a measure in module 2; "count" counts deals here, new customers there):
#: their own msgids, so each module's Chinese is right.
OWN_WORDS = {"sales": N_("sales (the function)"), "count": N_("count (of deals)")}


def _shown(values):
    """Each value of a column of the kit's categories as the reader's language shows it
    (unchanged in English; a name from the data, not in the catalogs, stays as it is)."""
    if language() == "en":
        return [str(v) for v in values]
    return [localize(OWN_WORDS.get(str(v), str(v))) for v in values]
#: One colour per status: won blue, lost vermilion, open ones in lighter tones.
STATUS_COLOURS: dict[str, str] = {"W": PALETTE[0], "L": PALETTE[3], "C": PALETTE[5],
                                  "D": PALETTE[6]}


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams | str:
    """A chart's title (and subtitle) in the language shown: a title passed in English (a
    default below, or ``translate``'s in a notebook) is looked up in the catalogs."""
    text, subtitle = localize(text), localize(subtitle) if subtitle else subtitle
    return alt.TitleParams(text=text, subtitle=subtitle) if subtitle else text


#: The bar label of a funnel drawn with its step conversion rates (one definition with the
#: conversion table: :func:`valuekit.funnel.stage_conversion`).
CONVERSION_LABEL = N_("{count}  ({share} step conversion)")


def funnel_chart(counts: pd.Series, title: str = N_("The funnel"), subtitle: str | None = None,
                 value_format: str = ",.0f", conversion: pd.DataFrame | None = None,
                 ) -> alt.LayerChart:
    """The funnel of ``counts`` (a Series indexed by stage: :func:`valuekit.funnel.stage_counts`
    or :func:`valuekit.funnel.reverse_funnel`), each bar labelled with its count and the share
    of the stage above.

    With ``conversion`` (a :func:`valuekit.funnel.stage_conversion` table) the label shows
    that table's step rate instead, one decimal, worded "step conversion"
    (:data:`CONVERSION_LABEL`): the chart and the table then name one definition, whose base
    leaves open deals out. Without it the share is count ÷ count of the stage above
    ("of previous").

    Args:
        counts: a Series indexed by stage.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        value_format: d3-format of the values in labels and axis (``",.0f"``, ``".0%"``).
        conversion: a :func:`valuekit.funnel.stage_conversion` table whose step rates label the
            bars, or None.

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: counts is not a Series, or conversion has no step into one of its stages.
    """
    if not isinstance(counts, pd.Series):
        raise ValueError(f"counts must be a pandas Series indexed by stage, not "
                         f"{type(counts).__name__}")
    if conversion is None:
        return vc.funnel_bars(counts.rename("count"), title=title, subtitle=subtitle,
                              value_format=value_format)
    require_columns(conversion, "conversion", ["to_stage", "rate"])
    steps = conversion.drop("overall", errors="ignore").set_index("to_stage")["rate"]
    stages = [str(s) for s in counts.index]
    missing = [s for s in stages[1:] if s not in steps.index]
    if missing:
        raise ValueError(f"conversion has no step into stage(s) {', '.join(missing)}")
    return vc.funnel_bars(counts.rename("count"), title=title, subtitle=subtitle,
                          value_format=value_format, order=stages,
                          shares=[steps[s] for s in stages[1:]], share_format=".1%",
                          label=CONVERSION_LABEL)


def conversion_chart(rates: pd.DataFrame, title: str = N_("Conversion at each step"),
                     subtitle: str | None = None, order: Sequence[str] | None = None,
                     ) -> alt.LayerChart:
    """Grouped bars of each step's conversion rate, one bar per column of ``rates``.

    ``rates``: a frame indexed by transition (``potential->possible`` ...; an ``overall`` row
    is left out) with one column per funnel to compare, e.g. ``{"East Public Sector": ...,
    "company": ...}`` built from :func:`valuekit.funnel.stage_conversion`'s ``rate``. The first
    column (in ``order``) gets the kit's blue.

    Args:
        rates: a frame indexed by transition, one column per funnel.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        order: the columns in palette order (None: the frame's order).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: rates is not a DataFrame or has no row for a funnel step.
    """
    if not isinstance(rates, pd.DataFrame):
        raise ValueError("rates must be a DataFrame: one column per funnel, rows by transition")
    steps = [t for t in STEP_LABELS if t in rates.index]
    if not steps:
        raise ValueError(f"rates has no row for a funnel step ({', '.join(STEP_LABELS)})")
    names = list(order) if order is not None else [str(c) for c in rates.columns]
    step_labels = {t: localize(label) for t, label in STEP_LABELS.items()}
    frame = rates.loc[steps].rename(columns=str).rename(index=step_labels)
    long = frame.reset_index(names="step").melt("step", var_name="funnel", value_name="rate")
    base = alt.Chart(long).encode(
        x=alt.X("step:N", sort=[step_labels[s] for s in steps], title=None,
                axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("funnel:N", sort=names),
        y=alt.Y("rate:Q", title=_("conversion rate"), axis=value_axis(".0%"),
                scale=alt.Scale(domain=[0, 1])),
    )
    bars = base.mark_bar().encode(color=alt.Color("funnel:N", sort=names, title=None,
                                                  legend=alt.Legend(orient="bottom")))
    text = base.mark_text(baseline="bottom", dy=-3).encode(text=alt.Text("rate:Q", format=".0%"))
    return alt.layer(bars, text, title=_title(title, subtitle)).properties(width=560)


def win_rate_chart(report: pd.DataFrame, label: str | None = None, highlight: str | None = None,
                   title: str = N_("Win rate"), subtitle: str | None = None) -> alt.LayerChart:
    """Horizontal bars of ``win_rate`` per row of a :func:`valuekit.funnel.win_loss_report`
    (indexed by team, product ...), best first, labelled with the rate.

    ``label``: a column holding display names (e.g. ``team_name`` joined in); default the
    index. ``highlight``: one label drawn in the comparison colour (the team under discussion).

    Args:
        report: :func:`valuekit.funnel.win_loss_report`.
        label: the column of display names (None: the index).
        highlight: one label drawn in the comparison colour (None: none).
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: report is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(report, "report", ["win_rate"] + ([label] if label else []))
    frame = report.reset_index()
    name = label or str(frame.columns[0])
    frame = frame.assign(_name=frame[name].astype(str)).sort_values("win_rate", ascending=False)
    frame["_mark"] = [("highlight" if n == highlight else "other") for n in frame["_name"]]
    base = alt.Chart(frame).encode(
        y=alt.Y("_name:N", sort=list(frame["_name"]), title=None),
        x=alt.X("win_rate:Q", title=_("win rate: won / (won + lost)"),
                axis=value_axis(".0%")),
    )
    bars = base.mark_bar().encode(color=alt.Color(
        "_mark:N", legend=None,
        scale=alt.Scale(domain=["other", "highlight"], range=[PALETTE[0], PALETTE[1]])))
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("win_rate:Q", format=".0%"))
    return alt.layer(bars, text, title=_title(title, subtitle)).properties(height=alt.Step(30))


def status_chart(report: pd.DataFrame, title: str = N_("Won, lost, continuing, delayed"),
                 subtitle: str | None = None) -> alt.Chart:
    """Stacked horizontal bars of the W / L / C / D counts per row of a
    :func:`valuekit.funnel.win_loss_report` (one level of index).

    Args:
        report: :func:`valuekit.funnel.win_loss_report`, one index level.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart.

    Raises:
        ValueError: report is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(report, "report", list(STATUSES))
    frame = report[list(STATUSES)].copy()
    frame.index = frame.index.astype(str)
    status_labels = {k: localize(v) for k, v in STATUS_LABELS.items()}
    long = frame.rename(columns=status_labels).reset_index(names="group").melt(
        "group", var_name="status", value_name="opportunities")
    labels = [status_labels[s] for s in STATUSES]
    return alt.Chart(long, title=_title(title, subtitle)).mark_bar().encode(
        y=alt.Y("group:N", sort=list(frame.index), title=None),
        x=alt.X("opportunities:Q", title=_("opportunities"), axis=value_axis(",.0f")),
        color=alt.Color("status:N", sort=labels, title=None,
                        scale=alt.Scale(domain=labels,
                                        range=[STATUS_COLOURS[s] for s in STATUSES]),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("_order:Q"),
    ).transform_calculate(
        _order=f"indexof({labels!r}, datum.status)"
    ).properties(height=alt.Step(30))


def pareto_chart(pareto: pd.DataFrame, weight: str = "count", title: str = N_("Why we lose"),
                 subtitle: str | None = None) -> alt.LayerChart:
    """Loss reasons as bars of their share, largest first, with the cumulative share as a line
    (``pareto`` from :func:`valuekit.funnel.loss_reason_pareto`; ``weight`` says what the
    shares are of, for the axis title).

    Args:
        pareto: :func:`valuekit.funnel.loss_reason_pareto`.
        weight: what the shares are of, for the axis title.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: pareto is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(pareto, "pareto", ["reason", "share", "cumulative_share"])
    frame = pareto[["reason", "share", "cumulative_share"]].copy()
    frame["reason"] = _shown(frame["reason"])
    order = list(frame["reason"])
    what = N_("lost deals") if weight == "count" else N_("amount lost")
    x = alt.X("reason:N", sort=order, title=None, axis=alt.Axis(labelAngle=0))
    y_scale = alt.Scale(domain=[0, 1])
    bars = alt.Chart(frame).mark_bar().encode(
        x=x, y=alt.Y("share:Q", title=localize(N_("share of {what}", what=what)),
                     axis=value_axis(".0%"), scale=y_scale))
    text = alt.Chart(frame).mark_text(baseline="bottom", dy=-3).encode(
        x=x, y=alt.Y("share:Q", scale=y_scale), text=alt.Text("share:Q", format=".0%"))
    cum = alt.Chart(frame).mark_line(point=True, color=PALETTE[1]).encode(
        x=x, y=alt.Y("cumulative_share:Q", scale=y_scale))
    return alt.layer(bars, text, cum, title=_title(title, subtitle)).properties(width=620)


def rolling_plan_chart(plan: pd.DataFrame, product: str = "total",
                       title: str = N_("The rolling plan"), subtitle: str | None = None,
                       ) -> alt.Chart:
    """Monthly bars of one product's rows (default the ``total`` rows) of a
    :func:`valuekit.funnel.rolling_forecast`, coloured actual vs forecast. The amounts axis
    is in dollars (``$1,000,000``); in Chinese in 万/亿 (``100万``) with the currency in its
    title (:func:`valuekit.charts.money_axis`).

    Args:
        plan: :func:`valuekit.funnel.rolling_forecast`.
        product: the product whose rows to draw (None: the ``total`` rows).
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart.

    Raises:
        ValueError: plan is not a DataFrame or lacks a column the chart draws. Also when it has
            no rows for product.
    """
    require_columns(plan, "plan", ["month", "source", "amount"])
    key = plan.columns[0]
    frame = plan[plan[key].astype(str) == product][["month", "source", "amount"]].copy()
    if frame.empty:
        raise ValueError(f"the plan has no rows for {product!r}")
    frame["label"] = frame["month"].dt.strftime("%Y-%m")
    frame["source"] = _shown(frame["source"])
    sources = _shown(["actual", "forecast"])
    return alt.Chart(frame, title=_title(title, subtitle)).mark_bar().encode(
        x=alt.X("label:O", title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("amount:Q", title=_("bookings") if language() == "en" else _("bookings (USD)"),
                axis=vc.money_axis("$,.0f")),
        color=alt.Color("source:N", title=None, sort=sources,
                        scale=alt.Scale(domain=sources,
                                        range=[PALETTE[0], PALETTE[1]]),
                        legend=alt.Legend(orient="bottom")),
    ).properties(width=560)


def cohort_chart(cohorts: pd.DataFrame, title: str = N_("Cohorts: what became of each "
                 "quarter's opportunities"), subtitle: str | None = None) -> alt.Chart:
    """Lines of the share ``won`` and the share still ``open`` of each cohort of
    :func:`valuekit.funnel.cohort_funnel`.

    Args:
        cohorts: :func:`valuekit.funnel.cohort_funnel`.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart.

    Raises:
        ValueError: cohorts is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(cohorts, "cohorts", ["won", "open"])
    won, still_open = _shown(["won", "still open"])
    frame = cohorts[["won", "open"]].rename(columns={"won": won, "open": still_open})
    frame = frame.assign(cohort=cohorts.index.astype(str)).melt(
        "cohort", var_name="share of", value_name="share")
    return vc.line(frame, "cohort", "share", color="share of", color_order=[won, still_open],
                   x_type="O", y_format=".0%", x_title=_("quarter created"),
                   y_title=_("share of the cohort"), title=localize(title),
                   subtitle=localize(subtitle) if subtitle else subtitle, points=True)


def response_chart(rates: pd.DataFrame, title: str = N_("Response rate by channel"),
                   subtitle: str | None = None) -> alt.LayerChart:
    """Bars of each channel's response rate (:func:`valuekit.funnel.response_rates`) with the
    band of its approach drawn as a grey range behind it.

    Args:
        rates: :func:`valuekit.funnel.response_rates`.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: rates is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(rates, "rates", ["rate", "band_low", "band_high"])
    frame = rates[["rate", "band_low", "band_high"]].reset_index(names="channel")
    frame["channel"] = _shown(frame["channel"])
    order = list(frame.sort_values("rate", ascending=False)["channel"])
    y = alt.Y("channel:N", sort=order, title=None)
    band = alt.Chart(frame).mark_bar(color=PALETTE[7], opacity=0.3, size=26).encode(
        y=y, x=alt.X("band_low:Q", title=_("response rate (grey: the band of its approach)"),
                     axis=value_axis(".0%")),
        x2=alt.X2("band_high:Q"))
    bars = alt.Chart(frame).mark_bar(size=12).encode(y=y, x=alt.X("rate:Q"))
    text = alt.Chart(frame).mark_text(align="left", dx=4).encode(
        y=y, x=alt.X("rate:Q"), text=alt.Text("rate:Q", format=".1%"))
    return alt.layer(band, bars, text, title=_title(title, subtitle)).properties(
        height=alt.Step(36))


def funnel_rows(counts: pd.Series, value_format: str = ",.0f") -> list[dict]:
    """The rows :func:`valuekit.charts.funnel_bars` draws for ``counts``
    (:func:`valuekit.charts.funnel_frame`, in the data's order), as records for an
    interactive that swaps them into a :func:`funnel_template` instead of building the chart
    again. The first stage's missing share becomes null (JSON has no NaN).

    Args:
        counts: a Series indexed by stage.
        value_format: d3-format of the values in labels and axis (``",.0f"``, ``".0%"``).

    Returns:
        The rows as records, a null share for the first stage.
    """
    # the label and the stage names as funnel_bars draws them (the reader's language)
    frame = vc.funnel_frame(counts, "stage", "count", order=list(counts.index.astype(str)),
                            value_format=value_format,
                            label=localize("{count}  ({share} of previous)"))
    frame["stage"] = _shown(frame["stage"])
    frame = frame.astype({"count": float}).astype(object)
    return frame.where(frame.notna(), None).to_dict("records")


def funnel_template(counts: pd.Series, **kwargs) -> dict:
    """The themed Vega-Lite spec of :func:`funnel_chart` (built and validated once); fill it
    with :func:`with_funnel_rows`."""
    return vc.spec_of(funnel_chart(counts, **kwargs))


def with_funnel_rows(template: dict, counts: pd.Series, value_format: str = ",.0f") -> dict:
    """A copy of a :func:`funnel_template` spec drawing ``counts`` instead.

    Args:
        template: a :func:`funnel_template` spec.
        counts: a Series indexed by stage.
        value_format: d3-format of the values in labels and axis (``",.0f"``, ``".0%"``).

    Returns:
        The filled copy of the spec.
    """
    (name,) = template["datasets"]
    return {**template, "datasets": {name: funnel_rows(counts, value_format)}}
