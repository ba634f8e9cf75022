"""Charts of Module 2 (the technology adoption life cycle and the chasm), in the kit theme.

Pure builders: numbers from :mod:`valuekit.adoption` in, an Altair chart out (no I/O, no
calculation beyond arranging the numbers for drawing). Draw them with
``import valuekit.charts as vc; vc.enable()``.

- :func:`adopter_curve_chart`   Rogers' bell curve: five groups, the chasm, Moore's stages
- :func:`adopter_mix_chart`     a customer base's adopter mix next to Rogers' shares
- :func:`early_market_chart`    share of new customers from the early market, year by year
- :func:`bass_chart`            a Bass adoption curve (and actual sales), groups shaded
- :func:`bass_cumulative_chart` the cumulative Bass curve (the S-curve), groups shaded
- :func:`life_cycle_chart`      sales and profit curves, the break-even point
- :func:`product_overview_chart` yearly sales of every product, coloured by stage
- :func:`stage_locator_chart`   one product's monthly sales, stage bands, the as-of month
- :func:`dual_market_chart`     early, main and total adoptions: the saddle
- :func:`saddle_chart`          a product's yearly sales with its saddle marked
- :func:`segment_score_chart`   beachhead scores of candidate segments

The three charts behind the interactives (Bass, locator, dual market) come in three parts:
``*_frames`` arranges the data (one frame per layer), ``*_layers`` builds the chart on those
frames or, given None, on named data sources, and :func:`template` / :func:`with_data` turn
the latter into a Vega-Lite spec built once and filled with new data on every slider move
(building and validating an Altair chart costs more than drawing it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from valuekit.adoption import normal_pdf
from valuekit.charts import PALETTE, value_axis
from valuekit.charts import spec_of as vc_spec_of
from valuekit.checks import require_columns
from valuekit.i18n import N_, _, localize
from valuekit.schema import ADOPTER_GROUPS

__all__ = [
    "GROUP_COLOURS",
    "GROUP_LABELS",
    "STAGE_COLOURS",
    "adopter_curve_chart",
    "adopter_mix_chart",
    "bass_chart",
    "bass_cumulative_chart",
    "bass_frames",
    "bass_layers",
    "dual_market_chart",
    "dual_market_frames",
    "dual_market_layers",
    "early_market_chart",
    "life_cycle_chart",
    "product_overview_chart",
    "saddle_chart",
    "segment_score_chart",
    "locator_frames",
    "locator_layers",
    "stage_locator_chart",
    "template",
    "with_data",
]

#: Moore's name for each Rogers group, as the charts label them (marked for the catalog:
#: the charts show them in the language shown).
GROUP_LABELS: dict[str, str] = {
    "innovator": N_("Enthusiasts (innovators)"),
    "early_adopter": N_("Visionaries (early adopters)"),
    "early_majority": N_("Pragmatists (early majority)"),
    "late_majority": N_("Conservatives (late majority)"),
    "laggard": N_("Skeptics (laggards)"),
}
_SHORT = {
    "innovator": N_("Enthusiasts"),
    "early_adopter": N_("Visionaries"),
    "early_majority": N_("Pragmatists"),
    "late_majority": N_("Conservatives"),
    "laggard": N_("Skeptics"),
}
#: One colour per adopter group, early market in warm colours, mainstream in cool ones.
GROUP_COLOURS: dict[str, str] = {
    "innovator": PALETTE[4],
    "early_adopter": PALETTE[1],
    "early_majority": PALETTE[0],
    "late_majority": PALETTE[2],
    "laggard": PALETTE[7],
}
#: One colour per life-cycle stage.
STAGE_COLOURS: dict[str, str] = {
    "introduction": PALETTE[5],
    "growth": PALETTE[2],
    "maturity": PALETTE[0],
    "decline": PALETTE[1],
}
_STAGES = tuple(STAGE_COLOURS)
#: The kit's categories these charts show as data (life-cycle stages, the beachhead's
#: candidate segments and criteria, written with spaces as the score chart shows them):
#: marked for the catalog, translated where a chart shows them; the data keep the English.
CATEGORY_WORDS = (
    N_("introduction"), N_("growth"), N_("maturity"), N_("decline"),
    N_("retail"), N_("finance"), N_("manufacturing"), N_("healthcare"), N_("telecom"),
    N_("target customer"), N_("compelling reason"), N_("whole product"), N_("competition"),
    N_("partners"), N_("distribution"), N_("pricing"), N_("positioning"), N_("next target"),
)


def _title(text: str, subtitle: str | Sequence[str] | None = None) -> alt.TitleParams:
    """A title with a subtitle (a list of strings gives several subtitle lines), in the
    language shown (a text without a translation stays as it is)."""
    lines = [_(line) for line in subtitle] if isinstance(subtitle, list | tuple) else (
        _(subtitle) if subtitle else "")
    return alt.TitleParams(text=_(text), subtitle=lines)


def _group_scale(groups: Sequence[str] = ADOPTER_GROUPS, labels=GROUP_LABELS) -> alt.Scale:
    return alt.Scale(domain=[_(labels[g]) for g in groups],
                     range=[GROUP_COLOURS[g] for g in groups])


def _stage_scale() -> alt.Scale:
    return alt.Scale(domain=[_(s) for s in _STAGES], range=[STAGE_COLOURS[s] for s in _STAGES])


# --------------------------------------------------------------------------- Rogers and Moore


def adopter_curve_chart(shares: pd.DataFrame, chasm: bool = True, moore: bool = False,
                        title: str = N_("The technology adoption life cycle"),
                        subtitle: str | None = None) -> alt.LayerChart:
    """Rogers' bell curve of adoption time, the five groups shaded and labelled with their share.

    ``shares``: :func:`valuekit.adoption.rogers_shares` (columns lower_sd, upper_sd,
    textbook_share; indexed by group). ``chasm`` draws the gap between visionaries and
    pragmatists; ``moore`` adds Moore's stages after it (bowling alley, tornado, main street).

    Args:
        shares: :func:`valuekit.adoption.rogers_shares`.
        chasm: whether to draw the chasm.
        moore: whether to add Moore's stages after the chasm.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart.

    Raises:
        ValueError: shares is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(shares, "shares", ["lower_sd", "upper_sd", "textbook_share"])
    z = np.round(np.linspace(-3.2, 3.2, 161), 4)
    lower = shares["lower_sd"].to_numpy(dtype=float)
    codes = np.searchsorted(lower, z, side="right") - 1
    groups = list(shares.index)
    frame = pd.DataFrame({"z": z, "density": normal_pdf(z),
                          "group": [_(GROUP_LABELS[groups[c]]) for c in codes]})
    # Repeat each boundary point in the next group so the areas touch.
    edges = []
    for g, lo in zip(groups[1:], lower[1:], strict=True):
        edges.append({"z": lo, "density": float(normal_pdf(lo)), "group": _(GROUP_LABELS[g])})
        edges.append({"z": lo, "density": float(normal_pdf(lo)),
                      "group": _(GROUP_LABELS[groups[groups.index(g) - 1]])})
    frame = pd.concat([frame, pd.DataFrame(edges)]).sort_values(["group", "z"])
    area = alt.Chart(frame).mark_area(opacity=0.85).encode(
        x=alt.X("z:Q", title=_("time of adoption (standard deviations from the mean)"),
                scale=alt.Scale(domain=[-3.2, 3.2]), axis=alt.Axis(values=[-2, -1, 0, 1, 2])),
        y=alt.Y("density:Q", title=None, axis=None, stack=None,
                scale=alt.Scale(domain=[0, 0.5])),
        color=alt.Color("group:N", title=None, scale=_group_scale(groups),
                        legend=alt.Legend(orient="bottom", columns=3)),
    )
    mids = {"innovator": -2.55, "early_adopter": -1.5, "early_majority": -0.5,
            "late_majority": 0.5, "laggard": 1.6}
    labels = pd.DataFrame([
        {"z": mids[g], "y": float(normal_pdf(mids[g])) + 0.03,
         "text": f"{shares.loc[g, 'textbook_share']:.1%}".replace(".0%", "%")}
        for g in groups
    ])
    layers: list[alt.Chart] = [area, alt.Chart(labels).mark_text(
        fontSize=15, fontWeight=600).encode(
            x=alt.X("z:Q"), y=alt.Y("y:Q"), text=alt.Text("text:N"))]
    markets = pd.DataFrame([{"z": -2.1, "y": 0.47, "text": _("early market 早期市场")},
                            {"z": 0.9, "y": 0.47, "text": _("mainstream market 主流市场")}])
    layers.append(alt.Chart(markets).mark_text(fontSize=14, color="#555").encode(
        x=alt.X("z:Q"), y=alt.Y("y:Q"), text=alt.Text("text:N")))
    if chasm:
        gap = pd.DataFrame({"x": [-1.06], "x2": [-0.94]})
        layers.append(
            alt.Chart(gap).mark_rect(color="white").encode(x=alt.X("x:Q"), x2=alt.X2("x2:Q")))
        layers.append(alt.Chart(pd.DataFrame({"z": [-1.0], "y": [0.43], "text": [_("the chasm")]}))
                      .mark_text(fontSize=15, fontWeight=700, color=PALETTE[3])
                      .encode(x=alt.X("z:Q"), y=alt.Y("y:Q"), text=alt.Text("text:N")))
    if moore:
        stages = pd.DataFrame([
            {"z": -0.5, "y": 0.08, "text": _("bowling alley")},
            {"z": -0.45, "y": 0.2, "text": _("tornado")},
            {"z": 0.5, "y": 0.14, "text": _("main street")},
        ])
        layers.append(alt.Chart(stages).mark_text(fontSize=13, fontWeight=600, color="white",
                                                  angle=0).encode(x=alt.X("z:Q"), y=alt.Y("y:Q"),
                                                                  text=alt.Text("text:N")))
    return alt.layer(*layers, title=_title(
        title, subtitle or N_("Rogers' adopter groups (Moore's names); shares of all adopters")),
    ).properties(width=620, height=300)


def adopter_mix_chart(mix: pd.DataFrame, name: str = N_("Our accounts"),
                      title: str = N_("Our accounts' adopter mix vs Rogers"),
                      subtitle: str | None = None) -> alt.LayerChart:
    """Grouped bars: each group's share in a customer base next to Rogers' share.

    ``mix``: :func:`valuekit.adoption.adopter_mix` without ``by`` (columns share,
    rogers_share; indexed by group).

    Args:
        mix: :func:`valuekit.adoption.adopter_mix` without ``by``.
        name: the customer base's name, for the legend.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart.

    Raises:
        ValueError: mix is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(mix, "mix", ["share", "rogers_share"])
    name, rogers = _(name), _("Rogers")
    order = [_(_SHORT[g]) for g in mix.index]
    frame = pd.DataFrame([
        {"group": _(_SHORT[g]), "source": src, "share": float(mix.loc[g, col]),
         "label": f"{float(mix.loc[g, col]):.1%}"}
        for g in mix.index for src, col in ((name, "share"), (rogers, "rogers_share"))
    ])
    base = alt.Chart(frame).encode(
        x=alt.X("group:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("source:N", sort=[name, rogers]),
    )
    colour = alt.Color("source:N", title=None, sort=[name, rogers],
                       scale=alt.Scale(domain=[name, rogers], range=[PALETTE[0], PALETTE[7]]))
    bars = base.mark_bar().encode(
        y=alt.Y("share:Q", title=_("share of organisations"), axis=value_axis(".0%")),
        color=colour)
    text = base.mark_text(baseline="bottom", dy=-3, fontSize=12).encode(
        y=alt.Y("share:Q"), text=alt.Text("label:N"))
    return alt.layer(bars, text, title=_title(
        title, subtitle or N_("Rogers: 2.5 / 13.5 / 34 / 34 / 16 %"))).properties(width=560,
                                                                                   height=280)


def early_market_chart(mix_by: pd.DataFrame, title: str = N_("Who bought first?"),
                       subtitle: str | None = None, x_title: str = N_("year of first purchase"),
                       reference: float = 0.16) -> alt.LayerChart:
    """Share of each period's new customers who are enthusiasts or visionaries (early market).

    ``mix_by``: :func:`valuekit.adoption.adopter_mix` with ``by`` (column early_market,
    indexed by period). ``reference`` draws the early market's share of all adopters
    (Rogers: 16 %).

    Args:
        mix_by: :func:`valuekit.adoption.adopter_mix` with ``by``.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        x_title: the x axis title.
        reference: the early market's share of all adopters, drawn as a dashed rule (Rogers:
            0.16).

    Returns:
        The Altair chart.

    Raises:
        ValueError: mix_by is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(mix_by, "mix_by", ["early_market"])
    frame = pd.DataFrame({"period": [str(i) for i in mix_by.index],
                          "share": mix_by["early_market"].to_numpy(dtype=float)})
    frame["label"] = [f"{s:.0%}" for s in frame["share"]]
    base = alt.Chart(frame).encode(x=alt.X("period:O", title=_(x_title),
                                           axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(color=PALETTE[1]).encode(
        y=alt.Y("share:Q", title=_("new customers from the early market"),
                axis=value_axis(".0%"), scale=alt.Scale(domain=[0, 1])))
    text = base.mark_text(baseline="bottom", dy=-3).encode(
        y=alt.Y("share:Q"), text=alt.Text("label:N"))
    rule = alt.Chart(pd.DataFrame({"y": [reference]})).mark_rule(strokeDash=[6, 4]).encode(
        y=alt.Y("y:Q"))
    return alt.layer(bars, rule, text, title=_title(
        title, subtitle or localize(N_("share of new customers who are enthusiasts or "
                                       "visionaries; dashed: {reference:.0%}, their share of "
                                       "all adopters (Rogers)", reference=reference))),
    ).properties(width=560, height=280)


# --------------------------------------------------------------------------- Bass


def bass_frames(curve: pd.DataFrame, groups: pd.DataFrame, peak_time: float | None = None,
                actual: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The data of :func:`bass_chart`, arranged for drawing (one frame per layer).

    ``curve``: columns t (time since launch) and adopters; ``groups``:
    :func:`valuekit.adoption.bass_adopter_periods` in the same time unit; ``actual``:
    columns t and adopters, or None. Returns frames curve, actual, bands, peak.

    Args:
        curve: columns t and adopters.
        groups: :func:`valuekit.adoption.bass_adopter_periods`, in the curve's time unit.
        peak_time: the time of the peak (None: no peak rule).
        actual: columns t and adopters, or None.

    Returns:
        Frames curve, actual, bands and peak.

    Raises:
        ValueError: curve, groups or actual is not a DataFrame or lacks a column the chart
            draws.
    """
    require_columns(curve, "curve", ["t", "adopters"])
    require_columns(groups, "groups", ["start", "end"])
    x_max = float(curve["t"].max())
    tops = [float(curve["adopters"].max())]
    if actual is not None:
        require_columns(actual, "actual", ["t", "adopters"])
        x_max = max(x_max, float(actual["t"].max()))
        tops.append(float(actual["adopters"].max()))
    y_top = max(tops) * 1.12 or 1.0
    rows = []
    for g, r in groups.iterrows():
        start, end = float(r["start"]), min(float(r["end"]), x_max)
        if start >= x_max:
            continue
        # Narrow bands get their label written upwards.
        wide = end - start > x_max / 7
        rows.append({"group": _(GROUP_LABELS[g]), "short": _(_SHORT[g]), "start": start, "end": end,
                     "mid": (start + end) / 2, "y": y_top, "angle": 0 if wide else 270,
                     "align": "center" if wide else "right"})
    bands = pd.DataFrame(rows, columns=["group", "short", "start", "end", "mid", "y", "angle",
                                        "align"])
    peak = pd.DataFrame(columns=["t", "y", "text"])
    if peak_time is not None and 0 < peak_time <= x_max:
        peak = pd.DataFrame({"t": [float(peak_time)], "y": [y_top * 0.88],
                             "text": [localize(N_("peak at {peak_time:.1f}",
                                                    peak_time=peak_time))]})
    return {
        "curve": curve[["t", "adopters"]].astype(float),
        "actual": (actual[["t", "adopters"]].astype(float) if actual is not None
                   else pd.DataFrame(columns=["t", "adopters"])),
        "bands": bands,
        "peak": peak,
    }


def bass_layers(frames: Mapping[str, pd.DataFrame] | None, title: str = N_("Bass adoption curve"),
                subtitle: str | None = None, x_title: str = N_("years since launch"),
                y_title: str = N_("new customers per year"), x_format: str = "d",
                with_actual: bool = True, legend: bool = True) -> alt.LayerChart:
    """The layers of :func:`bass_chart` on ``frames`` (from :func:`bass_frames`), or on named
    data sources when ``frames`` is None (a template for :func:`with_data`). ``legend=False``
    leaves the groups to their labels on the bands: a legend is the slowest part to draw.

    Args:
        frames: :func:`bass_frames`, or None for a template.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        x_title: the x axis title.
        y_title: the y axis title.
        x_format: d3-format of the x axis.
        with_actual: whether to draw the actual-sales layer.
        legend: whether to draw the colour legend (False is faster to draw; the labels or the
            subtitle then carry the key).

    Returns:
        The Altair layer chart.
    """
    def src(name: str) -> Any:
        return alt.Data(name=name) if frames is None else frames[name]

    x = alt.X("t:Q", title=_(x_title), scale=alt.Scale(nice=False, zero=True),
              axis=value_axis(x_format))
    y = alt.Y("adopters:Q", title=_(y_title), axis=value_axis(",.0f"))
    layers: list[alt.Chart] = [
        alt.Chart(src("bands")).mark_rect(opacity=0.16).encode(
            x=alt.X("start:Q"), x2=alt.X2("end:Q"),
            color=alt.Color("group:N", title=None, scale=_group_scale(),
                            legend=alt.Legend(orient="bottom", columns=3) if legend else None)),
        alt.Chart(src("bands")).mark_text(
            baseline=alt.ExprRef("datum.angle ? 'middle' : 'top'"), dy=2, fontSize=12,
            color="#444", align=alt.ExprRef("datum.align"),
        ).encode(x=alt.X("mid:Q"), y=alt.Y("y:Q"), text=alt.Text("short:N"),
                 angle=alt.Angle("angle:Q",
                                                                            scale=None)),
    ]
    if with_actual:
        layers.append(alt.Chart(src("actual")).mark_circle(size=22, color="#333", opacity=0.55)
                      .encode(x=x, y=y))
    layers.append(alt.Chart(src("curve")).mark_line(
        color=PALETTE[3] if with_actual else PALETTE[0]).encode(x=x, y=y))
    layers.append(alt.Chart(src("peak")).mark_rule(strokeDash=[5, 4]).encode(x=alt.X("t:Q")))
    layers.append(alt.Chart(src("peak")).mark_text(align="left", dx=5, fontWeight=600).encode(
        x=alt.X("t:Q"), y=alt.Y("y:Q"), text=alt.Text("text:N")))
    return alt.layer(*layers, title=_title(title, subtitle)).properties(width=600, height=300)


def bass_chart(curve: pd.DataFrame, groups: pd.DataFrame, peak_time: float | None = None,
               actual: pd.DataFrame | None = None, title: str = N_("Bass adoption curve"),
               subtitle: str | None = None, x_title: str = N_("years since launch"),
               y_title: str = N_("new customers per year")) -> alt.LayerChart:
    """A Bass curve (line) with the adopter groups shaded; optionally actual sales (points).

    ``curve``: columns t (time since launch) and adopters (model adoptions per period or
    rate). ``groups``: :func:`valuekit.adoption.bass_adopter_periods` in the same time unit.
    ``peak_time`` draws a rule at the peak. ``actual``: columns t and adopters.

    Args:
        curve: columns t and adopters.
        groups: :func:`valuekit.adoption.bass_adopter_periods`, in the curve's time unit.
        peak_time: the time of the peak (None: no rule).
        actual: columns t and adopters, or None.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        x_title: the x axis title.
        y_title: the y axis title.

    Returns:
        The Altair layer chart.
    """
    frames = bass_frames(curve, groups, peak_time, actual)
    x_max = float(frames["curve"]["t"].max())
    return bass_layers(frames, title, subtitle, x_title, y_title,
                       "d" if x_max >= 5 else ".1f", with_actual=actual is not None)


def bass_cumulative_chart(curve: pd.DataFrame, groups: pd.DataFrame,
                          actual: pd.DataFrame | None = None, m: float | None = None,
                          title: str = N_("Bass curve, cumulative: the S-curve"),
                          subtitle: str | None = None, x_title: str = N_("years since launch"),
                          y_title: str = N_("customers so far")) -> alt.LayerChart:
    """The cumulative Bass curve m F(t) (Bass 1969), the S-curve, with the adopter groups
    shaded; optionally the actual running total (points) and the market potential m
    (a dashed rule the curve approaches).

    ``curve`` and ``actual``: columns t (time since launch) and adopted (customers so
    far), e.g. ``cumulative`` and ``actual_cumulative`` of
    :func:`valuekit.widgets.adoption.bass_fit_frames`; ``groups``:
    :func:`valuekit.adoption.bass_adopter_periods` in the same time unit.

    Args:
        curve: columns t and adopted.
        groups: :func:`valuekit.adoption.bass_adopter_periods`, in the curve's time unit.
        actual: columns t and adopted, or None.
        m: the market potential (None: no rule).
        title: the chart's title.
        subtitle: a line under the title (None: none).
        x_title: the x axis title.
        y_title: the y axis title.

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: curve, groups or actual is not a DataFrame or lacks a column the chart
            draws.
    """
    require_columns(curve, "curve", ["t", "adopted"])
    if actual is not None:
        require_columns(actual, "actual", ["t", "adopted"])
    rename = {"adopted": "adopters"}
    frames = bass_frames(curve.rename(columns=rename), groups, None,
                         None if actual is None else actual.rename(columns=rename))
    if m is not None:  # the labels of the bands go above the line at m
        frames["bands"]["y"] = max(float(frames["bands"]["y"].max()), 1.12 * float(m))
    x_max = float(frames["curve"]["t"].max())
    x = alt.X("t:Q", title=_(x_title), scale=alt.Scale(nice=False, zero=True),
              axis=value_axis("d" if x_max >= 5 else ".1f"))
    y = alt.Y("adopters:Q", title=_(y_title), axis=value_axis(",.0f"))
    layers: list[alt.Chart] = [
        alt.Chart(frames["bands"]).mark_rect(opacity=0.16).encode(
            x=alt.X("start:Q"), x2=alt.X2("end:Q"),
            color=alt.Color("group:N", title=None, scale=_group_scale(), legend=None)),
        alt.Chart(frames["bands"]).mark_text(
            baseline=alt.ExprRef("datum.angle ? 'middle' : 'top'"), dy=2, fontSize=12,
            color="#444", align=alt.ExprRef("datum.align"),
        ).encode(x=alt.X("mid:Q"), y=alt.Y("y:Q"), text=alt.Text("short:N"),
                 angle=alt.Angle("angle:Q", scale=None)),
    ]
    if m is not None:
        layers.append(alt.Chart(pd.DataFrame({"m": [float(m)]})).mark_rule(
            strokeDash=[5, 4], color="#555").encode(y=alt.Y("m:Q")))
    if actual is not None:
        layers.append(alt.Chart(frames["actual"]).mark_circle(
            size=18, color="#333", opacity=0.55).encode(x=x, y=y))
    layers.append(alt.Chart(frames["curve"]).mark_line(
        color=PALETTE[3] if actual is not None else PALETTE[0], strokeWidth=2).encode(x=x, y=y))
    if subtitle is None:
        subtitle = (_("shaded: when each adopter group buys")
                    + (localize(N_("; dashed: market potential m = {m:,.0f}", m=m))
                       if m is not None else ""))
    return alt.layer(*layers, title=_title(title, subtitle)).properties(width=600, height=300)


# --------------------------------------------------------------------------- templates


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: numbers as floats, dates as ISO text, missing values as None."""
    cols = {}
    for c in frame.columns:
        v = frame[c]
        if pd.api.types.is_datetime64_any_dtype(v):
            cols[c] = [None if pd.isna(x) else x.isoformat() for x in v]
        elif pd.api.types.is_bool_dtype(v):
            cols[c] = [bool(x) for x in v]
        elif pd.api.types.is_numeric_dtype(v):
            arr = v.to_numpy(dtype=float)
            cols[c] = [None if x != x else x for x in arr.tolist()]
        else:
            cols[c] = [None if (x is None or x != x) else str(x) for x in v.tolist()]
    names = list(cols)
    return [dict(zip(names, row, strict=True)) for row in zip(*cols.values(), strict=True)]


def template(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """A chart built on named data sources (``alt.Data(name=...)``) as a themed Vega-Lite
    spec, to be filled with :func:`with_data`. Building the Altair chart and its spec is the
    slow part of drawing (Altair validates every channel), so an interactive does it once."""
    spec = vc_spec_of(chart)
    spec.pop("datasets", None)
    return spec


def with_data(spec: Mapping[str, Any], frames: Mapping[str, pd.DataFrame],
              title: str | None = None) -> dict[str, Any]:
    """A copy of a :func:`template` spec with its named data sources filled from ``frames``
    (and, optionally, a new title text). The template itself is not changed.

    Args:
        spec: a template spec.
        frames: the data of each named source.
        title: a new title text (None: keep the template's).

    Returns:
        The filled copy of the spec.
    """
    out = dict(spec)
    out["datasets"] = {name: _records(frame) for name, frame in frames.items()}
    if title is not None:
        old = out.get("title")
        out["title"] = {**old, "text": title} if isinstance(old, Mapping) else title
    return out


# --------------------------------------------------------------------------- life cycle


def life_cycle_chart(economics: pd.DataFrame, milestones: Any = None,
                     stages: pd.Series | None = None,
                     title: str = N_("Sales curve and profit curve"),
                     subtitle: str | None = None, x_title: str = N_("year")) -> alt.LayerChart:
    """Sales and profit per period, each as a share of its own peak, on one time axis.

    ``economics``: :func:`valuekit.adoption.life_cycle_economics` (columns units, profit;
    the index is the time). ``milestones``: :func:`valuekit.adoption.profit_milestones`
    (marks the break-even point and both peaks). ``stages``: the stage of each
    period (same index) to shade behind the curves.

    Args:
        economics: :func:`valuekit.adoption.life_cycle_economics`.
        milestones: :func:`valuekit.adoption.profit_milestones`, or None.
        stages: the stage of each period (same index), or None.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        x_title: the x axis title.

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: economics or milestones is not a DataFrame or lacks a column the chart
            draws.
    """
    require_columns(economics, "economics", ["units", "profit"])
    t = economics.index
    x_vals = t.year if isinstance(t, pd.DatetimeIndex) else np.asarray(t)
    units = economics["units"].to_numpy(dtype=float)
    profit = economics["profit"].to_numpy(dtype=float)
    sales, profit_word = _("sales"), _("profit")
    scale_u = units.max() or 1.0
    scale_p = np.abs(profit).max() or 1.0
    frame = pd.concat([
        pd.DataFrame({"x": x_vals, "value": units / scale_u, "curve": sales}),
        pd.DataFrame({"x": x_vals, "value": profit / scale_p, "curve": profit_word}),
    ])
    lo = min(-0.2, float(frame["value"].min()) - 0.05)
    x_scale = alt.Scale(domain=[float(x_vals.min()) - 0.5, float(x_vals.max()) + 0.5],
                        nice=False, zero=False)
    x = alt.X("x:Q", title=_(x_title), axis=value_axis("d"), scale=x_scale)
    y = alt.Y("value:Q", title=_("share of its peak"), axis=value_axis(".0%"),
              scale=alt.Scale(domain=[lo, 1.12]))
    layers: list[alt.Chart] = []
    if stages is not None:
        st = pd.Series(np.asarray(stages).astype(str), index=range(len(x_vals)))
        runs = (st != st.shift()).cumsum()
        spans = pd.DataFrame([
            {"stage": _(g.iloc[0]), "start": float(x_vals[g.index[0]]) - 0.5,
             "end": float(x_vals[g.index[-1]]) + 0.5}
            for _key, g in st.groupby(runs)])
        spans["mid"] = (spans["start"] + spans["end"]) / 2
        layers.append(alt.Chart(spans).mark_rect(opacity=0.14).encode(
            x=alt.X("start:Q", scale=x_scale), x2=alt.X2("end:Q"),
            color=alt.Color("stage:N", title=_("stage"), scale=_stage_scale(), legend=None)))
        layers.append(alt.Chart(spans.assign(y=1.08)).mark_text(fontSize=13, color="#444")
                      .encode(x=alt.X("mid:Q", scale=x_scale), y=alt.Y("y:Q"),
                              text=alt.Text("stage:N")))
    layers.append(alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#999").encode(
        y=alt.Y("y:Q", scale=alt.Scale(domain=[lo, 1.12]))))
    layers.append(alt.Chart(frame).mark_line(point=True).encode(
        x=x, y=y, strokeDash=alt.StrokeDash("curve:N", title=None, sort=[sales, profit_word],
                                            legend=None),
        color=alt.Color("curve:N", title=None, sort=[sales, profit_word],
                        scale=alt.Scale(domain=[sales, profit_word],
                                        range=[PALETTE[0], PALETTE[3]]))))
    if milestones is not None:
        marks = []
        for name, label in (("break_even", N_("profit turns positive")),
                            ("profit_peak", N_("profit peak")), ("sales_peak", N_("sales peak"))):
            when = getattr(milestones, name)
            if when is None:
                continue
            xv = when.year if isinstance(when, pd.Timestamp) else when
            marks.append({"x": float(xv), "text": _(label)})
        if marks:
            mf = pd.DataFrame(marks)
            mf["y"] = lo + 0.03 + 0.1 * np.arange(len(mf))
            layers.append(alt.Chart(mf).mark_rule(strokeDash=[4, 4], color="#555")
                          .encode(x=alt.X("x:Q", scale=x_scale)))
            # The profit peak usually comes just before the sales peak: label it leftwards.
            for align, dx, rows in (("left", 4, mf[mf["text"] != _("profit peak")]),
                                    ("right", -4, mf[mf["text"] == _("profit peak")])):
                layers.append(alt.Chart(rows).mark_text(
                    align=align, dx=dx, baseline="bottom", fontWeight=600).encode(
                    x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q"), text=alt.Text("text:N")))
    return alt.layer(*layers, title=_title(
        title, subtitle or N_("each curve as a share of its own best year; shading: the stage")),
    ).resolve_scale(color="independent").properties(width=620, height=320)


def product_overview_chart(yearly: pd.DataFrame, names: Mapping[str, str] | None = None,
                           title: str = N_("Our products' new customers per year"),
                           subtitle: str | None = None, columns: int = 4) -> alt.FacetChart:
    """Small multiples: each product's yearly new customers, bars coloured by the stage.

    ``yearly``: long table with columns product_id, year, units, stage (the stage judged at
    the end of that year).

    Args:
        yearly: columns product_id, year, units, stage.
        names: product_id -> name, added to the facet titles (None: the ids alone).
        title: the chart's title.
        subtitle: a line under the title (None: none).
        columns: facets per row.

    Returns:
        The Altair facet chart.

    Raises:
        ValueError: yearly is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(yearly, "yearly", ["product_id", "year", "units", "stage"])
    frame = yearly.copy()
    frame["stage"] = frame["stage"].astype(str).map(_)
    frame["product"] = [f"{p} {names.get(p, '')}".strip() if names else p
                        for p in frame["product_id"]]
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-90, labelFontSize=10,
                                                    values=list(range(2010, 2031, 5)))),
        y=alt.Y("units:Q", title=_("new customers"), axis=value_axis(",.0f", labelFontSize=11)),
        color=alt.Color("stage:N", title=_("stage"), scale=_stage_scale(),
                        legend=alt.Legend(orient="bottom")),
    ).properties(width=170, height=120)
    return chart.facet(
        facet=alt.Facet("product:N", title=None, header=alt.Header(labelFontSize=13)),
        columns=columns,
    ).resolve_scale(y="independent").properties(title=_title(
        title, subtitle or N_("stage judged from the yearly totals known at each year end")))


def _runs(labels: pd.Series, starts: pd.Series, ends: pd.Series) -> pd.DataFrame:
    """Consecutive runs of equal labels as spans (stage, start, end), the stage in the
    language shown."""
    lab = labels.astype(str).reset_index(drop=True)
    starts, ends = starts.reset_index(drop=True), ends.reset_index(drop=True)
    runs = (lab != lab.shift()).cumsum()
    return pd.DataFrame([
        {"stage": _(g.iloc[0]), "start": starts[g.index[0]], "end": ends[g.index[-1]]}
        for _key, g in lab.groupby(runs)], columns=["stage", "start", "end"])


def locator_frames(monthly: pd.DataFrame, as_of: pd.Timestamp | None) -> dict[str, pd.DataFrame]:
    """The data of :func:`stage_locator_chart`: known and later months, trend, spans, as-of.

    ``monthly``: columns month, units, trend (e.g. a 12-month average) and stage (the
    stage judged at each month). Months after ``as_of`` are marked "later".

    Args:
        monthly: columns month, units, trend, stage.
        as_of: the last month known.

    Returns:
        Frames of the known and later months, trend, spans and as-of.

    Raises:
        ValueError: monthly is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(monthly, "monthly", ["month", "units", "trend", "stage"])
    known = (monthly["month"] <= as_of).to_numpy() if as_of is not None else np.ones(
        len(monthly), dtype=bool)
    units = pd.DataFrame({"month": monthly["month"].to_numpy(),
                          "units": monthly["units"].to_numpy(dtype=float)})
    # The later months start at the as-of month, so the two areas join up.
    n_known = int(known.sum())
    later = units.iloc[max(n_known - 1, 0):] if n_known < len(units) else units.iloc[0:0]
    past = monthly[known]
    spans = _runs(past["stage"], past["month"],
                  past["month"] + pd.offsets.MonthBegin(1)) if len(past) else pd.DataFrame(
        columns=["stage", "start", "end"])
    return {
        "known": units.iloc[:n_known],
        "later": later,
        "trend": pd.DataFrame({"month": past["month"].to_numpy(),
                               "trend": past["trend"].to_numpy(dtype=float)}),
        "spans": spans,
        "as_of": pd.DataFrame({"month": [as_of] if as_of is not None else []},
                              dtype="datetime64[ns]"),
    }


def locator_layers(frames: Mapping[str, pd.DataFrame] | None,
                   title: str = N_("Where is the product in its life cycle?"),
                   subtitle: str | None = None, legend: bool = True) -> alt.LayerChart:
    """The layers of :func:`stage_locator_chart` on ``frames`` (:func:`locator_frames`), or
    on named data sources when ``frames`` is None (a template for :func:`with_data`).
    ``legend=False`` leaves the stages to the readout (a legend is slow to draw).

    Args:
        frames: :func:`locator_frames`, or None for a template.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        legend: whether to draw the colour legend (False is faster to draw; the labels or the
            subtitle then carry the key).

    Returns:
        The Altair layer chart.
    """
    def src(name: str) -> Any:
        return alt.Data(name=name) if frames is None else frames[name]

    x = alt.X("month:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))
    return alt.layer(
        alt.Chart(src("spans")).mark_rect(opacity=0.2).encode(
            x=alt.X("start:T"), x2=alt.X2("end:T"),
            color=alt.Color("stage:N", title=_("stage"), scale=_stage_scale(),
                            legend=alt.Legend(orient="bottom") if legend else None)),
        # Areas rather than one bar per month: a single path draws several times faster.
        alt.Chart(src("known")).mark_area(color="#777", opacity=0.5).encode(
            x=x, y=alt.Y("units:Q", title=_("new customers per month"), axis=value_axis(",.0f"))),
        alt.Chart(src("later")).mark_area(color="#777", opacity=0.15).encode(
            x=x, y=alt.Y("units:Q")),
        alt.Chart(src("trend")).mark_line(color=PALETTE[0]).encode(x=x, y=alt.Y("trend:Q")),
        alt.Chart(src("as_of")).mark_rule(color=PALETTE[3], strokeWidth=3).encode(
            x=alt.X("month:T")),
        title=_title(title, subtitle or N_("grey: new customers per month; line: 12-month "
                                           "average; shading: the stage as judged at each "
                                           "month")),
    ).properties(width=620, height=280)


def stage_locator_chart(monthly: pd.DataFrame, as_of: pd.Timestamp | None,
                        title: str = N_("Where is the product in its life cycle?"),
                        subtitle: str | None = None) -> alt.LayerChart:
    """One product's monthly new customers, the stage bands up to the as-of month.

    ``monthly``: columns month, units, trend (12-month average), stage (the stage judged at
    each month; shaded up to ``as_of``); months after ``as_of`` are drawn faded.

    Args:
        monthly: columns month, units, trend, stage.
        as_of: the last month known; later months are drawn faded.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    return locator_layers(locator_frames(monthly, as_of), title, subtitle)


# --------------------------------------------------------------------------- saddle


_DUAL_NAMES = {"early": N_("early market (visionaries)"),
               "main": N_("main market (pragmatists)"), "total": N_("total sales")}


def dual_market_frames(frame: pd.DataFrame, saddle: Any = None) -> dict[str, pd.DataFrame]:
    """The data of :func:`dual_market_chart`: the three curves, the saddle span and points.

    Args:
        frame: :func:`valuekit.adoption.dual_market`.
        saddle: :func:`valuekit.adoption.detect_saddle`, or None.

    Returns:
        Frames of the curves, the saddle span and its points.

    Raises:
        ValueError: frame is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(frame, "frame", ["early", "main", "total"])
    period = frame.index.to_numpy(dtype=float)
    lines = pd.concat([
        pd.DataFrame({"period": period, "series": _(name),
                      "adopters": frame[col].to_numpy(dtype=float)})
        for col, name in _DUAL_NAMES.items()], ignore_index=True)
    span = pd.DataFrame(columns=["x", "x2"], dtype=float)
    points = pd.DataFrame(columns=["period", "adopters", "text"])
    if saddle is not None:
        span = pd.DataFrame({"x": [float(saddle.peak_time)], "x2": [float(saddle.recovery_time)]})
        points = pd.DataFrame({
            "period": [float(saddle.peak_time), float(saddle.trough_time)],
            "adopters": [float(saddle.peak_sales), float(saddle.trough_sales)],
            "text": [_("early peak"), localize(N_("trough −{depth:.0%}", depth=saddle.depth))],
        })
    return {"lines": lines, "span": span, "points": points}


def dual_market_layers(frames: Mapping[str, pd.DataFrame] | None,
                       title: str = N_("Two markets, one sales curve"), subtitle: str | None = None,
                       x_title: str = N_("year"), y_title: str = N_("new adopters per period"),
                       legend: bool = True) -> alt.LayerChart:
    """The layers of :func:`dual_market_chart` on ``frames`` (:func:`dual_market_frames`), or
    on named data sources when ``frames`` is None (a template for :func:`with_data`).
    ``legend=False`` draws all lines equally thick and leaves the colour key to the subtitle:
    the legend is the slowest part of the chart to draw.

    Args:
        frames: :func:`dual_market_frames`, or None for a template.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        x_title: the x axis title.
        y_title: the y axis title.
        legend: whether to draw the colour legend (False is faster to draw; the labels or the
            subtitle then carry the key).

    Returns:
        The Altair layer chart.
    """
    def src(name: str) -> Any:
        return alt.Data(name=name) if frames is None else frames[name]

    order = [_(name) for name in _DUAL_NAMES.values()]
    widths = {"strokeWidth": alt.StrokeWidth("series:N", legend=None, scale=alt.Scale(
        domain=order, range=[2, 2, 4]))} if legend else {}
    return alt.layer(
        alt.Chart(src("span")).mark_rect(color=PALETTE[3], opacity=0.1).encode(
            x=alt.X("x:Q"), x2=alt.X2("x2:Q")),
        alt.Chart(src("lines")).mark_line(strokeWidth=3).encode(
            x=alt.X("period:Q", title=_(x_title), axis=value_axis("d")),
            y=alt.Y("adopters:Q", title=_(y_title), axis=value_axis(",.1f")),
            color=alt.Color("series:N", title=None, sort=order, scale=alt.Scale(
                domain=order, range=[PALETTE[1], PALETTE[2], PALETTE[0]]),
                legend=alt.Legend(orient="bottom") if legend else None),
            **widths),
        alt.Chart(src("points")).mark_point(size=90, filled=True, color=PALETTE[3]).encode(
            x=alt.X("period:Q"), y=alt.Y("adopters:Q")),
        alt.Chart(src("points")).mark_text(dy=-14, fontWeight=600, color=PALETTE[3]).encode(
            x=alt.X("period:Q"), y=alt.Y("adopters:Q"), text=alt.Text("text:N")),
        title=_title(title, subtitle or N_("the saddle: sales dip between the two markets")),
    ).properties(width=600, height=300)


def dual_market_chart(frame: pd.DataFrame, saddle: Any = None,
                      title: str = N_("Two markets, one sales curve"),
                      subtitle: str | None = None, x_title: str = N_("year"),
                      y_title: str = N_("new adopters per period")) -> alt.LayerChart:
    """Adoptions of the early market, the main market and their total; the saddle marked.

    ``frame``: :func:`valuekit.adoption.dual_market` (columns early, main, total; indexed by
    period). ``saddle``: :func:`valuekit.adoption.detect_saddle` on the total, or None.

    Args:
        frame: :func:`valuekit.adoption.dual_market`.
        saddle: :func:`valuekit.adoption.detect_saddle` on the total, or None.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        x_title: the x axis title.
        y_title: the y axis title.

    Returns:
        The Altair layer chart.
    """
    return dual_market_layers(dual_market_frames(frame, saddle), title, subtitle, x_title,
                              y_title)


def saddle_chart(yearly: pd.Series, saddle: Any = None, title: str = N_("A saddle in our data"),
                 subtitle: str | None = None) -> alt.LayerChart:
    """A product's yearly sales (bars) with the saddle's peak, trough and recovery marked.

    ``yearly``: yearly totals indexed by the last month of each year
    (:func:`valuekit.adoption.period_totals`); ``saddle``: a row of
    :func:`valuekit.adoption.find_saddles` (peak, trough, recovery, depth) or None.

    Args:
        yearly: :func:`valuekit.adoption.period_totals`, yearly.
        saddle: a row of :func:`valuekit.adoption.find_saddles`, or None.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: yearly is not a pandas Series.
    """
    if not isinstance(yearly, pd.Series):
        raise ValueError("yearly must be a pandas Series of yearly totals")
    frame = pd.DataFrame({"year": [str(getattr(i, "year", i)) for i in yearly.index],
                          "units": yearly.to_numpy(dtype=float)})
    role = {}
    if saddle is not None:
        role = {str(saddle["peak"].year): _("early peak"), str(saddle["trough"].year): _("trough"),
                str(saddle["recovery"].year): _("recovery")}
    frame["part"] = [role.get(y, _("other years")) for y in frame["year"]]
    parts = [_("early peak"), _("trough"), _("recovery"), _("other years")]
    base = alt.Chart(frame).encode(x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar().encode(
        y=alt.Y("units:Q", title=_("new customers per year"), axis=value_axis(",.0f")),
        color=alt.Color("part:N", title=None, sort=parts, scale=alt.Scale(
            domain=parts, range=[PALETTE[1], PALETTE[3], PALETTE[2], "#b8c4d0"]),
            legend=alt.Legend(orient="bottom")))
    text = base.mark_text(baseline="bottom", dy=-3, fontSize=12).encode(
        y=alt.Y("units:Q"), text=alt.Text("units:Q", format=",.0f"))
    sub = subtitle
    if sub is None and saddle is not None:
        sub = localize(N_("sales fell {depth:.0%} from the early peak and took "
                          "{years_below:.0f} years to pass it", depth=saddle["depth"],
                          years_below=saddle["years_below"]))
    return alt.layer(bars, text, title=_title(title, sub)).properties(width=560, height=280)


# --------------------------------------------------------------------------- beachhead


def segment_score_chart(scores: pd.DataFrame, title: str = N_("Which segment is our beachhead?"),
                        subtitle: str | None = None) -> alt.LayerChart:
    """Horizontal bars of the beachhead score, coloured by whether every showstopper passes.

    ``scores``: :func:`valuekit.adoption.score_segments` (columns score, showstoppers_ok,
    weakest; indexed by segment, best first).

    Args:
        scores: :func:`valuekit.adoption.score_segments`.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: scores is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(scores, "scores", ["score", "showstoppers_ok", "weakest"])
    frame = pd.DataFrame({
        "segment": [_(str(s)) for s in scores.index],
        "score": scores["score"].to_numpy(dtype=float),
        "verdict": np.where(scores["showstoppers_ok"].to_numpy(dtype=bool),
                            _("passes every showstopper"), _("fails a showstopper")),
        "weakest": [_(w) for w in scores["weakest"].astype(str).str.replace("_", " ")],
    })
    frame["label"] = [localize(N_("{score:.2f}  (weakest: {weakest})", score=s, weakest=w))
                      for s, w in zip(frame["score"], frame["weakest"], strict=True)]
    base = alt.Chart(frame).encode(y=alt.Y("segment:N", sort=list(frame["segment"]),
                                           title=None))
    verdicts = [_("passes every showstopper"), _("fails a showstopper")]
    bars = base.mark_bar().encode(
        x=alt.X("score:Q", title=_("weighted score (1-5)"), scale=alt.Scale(domain=[0, 6.5]),
                axis=alt.Axis(values=[0, 1, 2, 3, 4, 5])),
        color=alt.Color("verdict:N", title=None, sort=verdicts, scale=alt.Scale(
            domain=verdicts, range=[PALETTE[0], "#b8c4d0"]), legend=alt.Legend(orient="bottom")))
    text = base.mark_text(align="left", dx=5, baseline="middle").encode(
        x=alt.X("score:Q"), text=alt.Text("label:N"))
    return alt.layer(bars, text, title=_title(
        title, subtitle or N_("Moore's criteria, showstoppers weighted double"))).properties(
        width=520, height=alt.Step(34))
