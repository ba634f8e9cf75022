"""Altair charts that render with no network: the kit theme, renderer and generic builders.

Why a renderer of our own (docs/offline_charts.md has the measurements): Altair 6 emits
Vega-Lite v6, which JupyterLab 4's bundled renderer cannot draw, and Altair's default
renderer loads vega from a CDN, so an offline workshop sees blank charts. The kit turns
every chart into SVG in the kernel with vl-convert (which bundles vega and never fetches
anything: external data URLs are refused) and hands the front end an ``<img>`` holding that
SVG as a data URI. That renders the same in JupyterLab, in nbconvert's HTML export and in
the papermill reports, trusted or not, with no JavaScript at all. The price: no tooltips or
selections in the drawn chart; the kit's interactives are ipywidgets instead.

Use it once per notebook::

    import valuekit.charts as vc
    vc.enable()

Per-module chart builders live next to this file (``valuekit/charts/<module>.py``) and reuse
:func:`line`, :func:`bar` and :func:`funnel_bars`.
"""

from __future__ import annotations

import base64
import html
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from valuekit.checks import require_roles
from valuekit.i18n import N_, language, localize
from valuekit.schema import STAGES

__all__ = [
    "FONT",
    "PALETTE",
    "RENDERER",
    "THEME",
    "bar",
    "enable",
    "funnel_bars",
    "funnel_frame",
    "LiveChart",
    "img_html",
    "live",
    "alt_text",
    "figure_html",
    "format_d3",
    "line",
    "mimebundle",
    "money_axis",
    "quick_svg",
    "render",
    "spec_of",
    "theme",
    "title_text",
    "value_axis",
    "to_svg",
]

THEME = "valuekit"
RENDERER = "valuekit"

#: Fonts, first installed wins (browsers fall back glyph by glyph, so Chinese, Japanese and
#: Korean labels take the CJK fonts at the end). Arial is on Windows and macOS; Linux browsers
#: map it to its metric twin Liberation Sans, which is also what vl-convert measures labels
#: with here, so the layout computed in the kernel fits the text drawn in the browser.
#: Measuring with Noto Sans CJK first is several times slower (benchmarks/widgets.md). No web
#: fonts (nothing may be fetched) and no quotes (the list goes inside an SVG attribute).
FONT = (
    "Arial, Liberation Sans, Helvetica, Noto Sans CJK SC, Source Han Sans SC, PingFang SC, "
    "Microsoft YaHei, sans-serif"
)

#: Eight colours that stay apart for the common colour-vision deficiencies and on a washed-out
#: projector (after Okabe & Ito 2008, "Color Universal Design", darkened for contrast on white).
PALETTE: tuple[str, ...] = (
    "#0a5fa8",  # blue: "us", the main series
    "#e08000",  # orange: the comparison
    "#159a82",  # bluish green
    "#c7382c",  # vermilion: losses, warnings
    "#7a4f9e",  # purple
    "#4fa3d9",  # sky blue
    "#b8a200",  # olive yellow
    "#7f7f7f",  # grey: context, "other"
)

#: Sequential scheme for ordered categories (funnel stages, adopter groups).
SEQUENTIAL = "blues"

_INK = "#222222"
_MUTED = "#555555"
_GRID = "#e3e3e3"


def theme() -> alt.theme.ThemeConfig:
    """The kit theme: large type for a projector, a colour-blind-safe palette, light grid."""
    return alt.theme.ThemeConfig(
        config={
            "font": FONT,
            "background": "white",
            "padding": 8,
            "view": {"continuousWidth": 560, "continuousHeight": 320, "stroke": None},
            "title": {
                "fontSize": 20,
                "fontWeight": 600,
                "anchor": "start",
                "color": _INK,
                "subtitleFontSize": 15,
                "subtitleColor": _MUTED,
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 14,
                "titleFontSize": 15,
                "titleFontWeight": 600,
                "labelColor": _INK,
                "titleColor": _INK,
                "gridColor": _GRID,
                "domainColor": "#999999",
                "tickColor": "#999999",
                "labelLimit": 260,
                "titlePadding": 10,
            },
            "axisBand": {"grid": False},
            "legend": {
                "labelFontSize": 14,
                "titleFontSize": 15,
                "symbolSize": 160,
                "labelLimit": 260,
                "orient": "right",
            },
            "header": {"labelFontSize": 15, "titleFontSize": 16},
            "range": {"category": list(PALETTE), "ordinal": {"scheme": SEQUENTIAL}},
            "line": {"strokeWidth": 3, "point": False},
            "point": {"size": 80, "filled": True},
            "bar": {"color": PALETTE[0], "cornerRadiusEnd": 2},
            "area": {"color": PALETTE[0], "opacity": 0.85},
            "arc": {"stroke": "white"},
            "rule": {"color": _MUTED, "strokeWidth": 2},
            "text": {"fontSize": 14, "color": _INK},
            "mark": {"color": PALETTE[0]},
        }
    )


alt.theme.register(THEME, enable=False)(theme)


# ---------------------------------------------------------------------------------------
# SVG rendering


def _vl_version() -> str | None:
    """The Vega-Lite version vl-convert should compile with: Altair's own, when bundled."""
    major_minor = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


_VL_VERSION = _vl_version()
_ids = itertools.count(1)
_ID = re.compile(r'\bid="([^"]+)"')


def _unique_ids(svg: str) -> str:
    """Prefix the SVG's element ids (clip paths, gradients) so that two charts inlined in one
    HTML page cannot pick up each other's ``url(#clip1)``."""
    ids = set(_ID.findall(svg))
    if not ids:
        return svg
    prefix = f"vk{next(_ids)}-"
    for old in sorted(ids, key=len, reverse=True):
        new = prefix + old
        svg = (
            svg.replace(f'id="{old}"', f'id="{new}"')
            .replace(f"url(#{old})", f"url(#{new})")
            .replace(f'href="#{old}"', f'href="#{new}"')
        )
    return svg


def spec_of(
    chart: alt.TopLevelMixin | Mapping[str, Any], *, validate: bool = True
) -> dict[str, Any]:
    """A chart's Vega-Lite spec, with the kit theme unless another theme was chosen.

    ``validate=False`` skips Altair's JSON-schema check (its cost: benchmarks/widgets.md):
    for redraws of a chart whose builder the tests already validate, such as an
    interactive's slider steps.

    Args:
        chart: an Altair chart, or a Vega-Lite dict (returned as a copy).
        validate: whether Altair checks the spec against the Vega-Lite schema.

    Returns:
        The spec as a dict.

    Raises:
        ValueError: chart is neither an Altair chart nor a Vega-Lite dict.
    """
    if isinstance(chart, Mapping):
        return dict(chart)
    if not isinstance(chart, alt.TopLevelMixin):
        raise ValueError(
            f"chart must be an Altair chart or a Vega-Lite dict, not {type(chart).__name__}"
        )
    if alt.theme.active == "default":
        with alt.theme.enable(THEME):
            return chart.to_dict(validate=validate)
    return chart.to_dict(validate=validate)


def to_svg(chart: alt.TopLevelMixin | Mapping[str, Any]) -> str:
    """Draw a chart as a standalone SVG document, offline.

    ``allowed_base_urls=[]`` makes vl-convert refuse any URL data source instead of fetching
    it, so a chart that points at the internet fails loudly rather than hanging a workshop.
    """
    svg = vlc.vegalite_to_svg(spec_of(chart), vl_version=_VL_VERSION, allowed_base_urls=[])
    return _unique_ids(svg)


def alt_text(spec: Mapping[str, Any]) -> str:
    """A short text alternative for screen readers: the chart's description or title."""
    text = spec.get("description") or spec.get("title") or "chart"
    if isinstance(text, Mapping):
        text = text.get("text", "chart")
    if isinstance(text, list | tuple):
        text = " ".join(map(str, text))
    return f"Chart: {text}"


def img_html(svg: str, alt: str = "Chart") -> str:
    """HTML showing an SVG document as an ``<img>`` with a base64 data URI.

    An ``<img>`` (rather than inline ``<svg>``) passes JupyterLab's sanitizer when a notebook
    is not trusted, keeps the page's CSS out of the chart, and lets a trainer right-click
    "Save image"; nbconvert and ipywidgets.HTML show it unchanged.

    Args:
        svg: the SVG document.
        alt: the image's alternative text (for screen readers).

    Returns:
        The ``<img>`` element as text.
    """
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<img class="valuekit-chart" alt="{html.escape(alt)}" '
        f'src="data:image/svg+xml;base64,{data}" style="max-width:100%;height:auto">'
    )


def title_text(spec: Mapping[str, Any]) -> tuple[str, str]:
    """A spec's top-level title and subtitle as plain text ("" when absent)."""

    def text(value: Any) -> str:
        if isinstance(value, list | tuple):
            return "\n".join(map(str, value))
        return "" if value is None else str(value)

    title = spec.get("title")
    if isinstance(title, Mapping):
        return text(title.get("text")), text(title.get("subtitle"))
    return text(title), ""


def _html_lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def figure_html(svg: str, title: str = "", subtitle: str = "", alt: str = "Chart") -> str:
    """A chart whose title and subtitle are HTML text above its SVG image, styled as the kit
    theme styles titles drawn in the SVG (see :func:`quick_svg`).

    Args:
        svg: the chart's SVG document.
        title: the title text.
        subtitle: the subtitle text (empty: none).
        alt: the image's alternative text.

    Returns:
        The HTML of the title, subtitle and image.
    """
    head = ""
    if title:
        head += (f'<div class="valuekit-chart-title" style="font:600 20px {FONT};'
                 f'color:{_INK};margin:0 0 2px 8px">{_html_lines(title)}</div>')
    if subtitle:
        head += (f'<div class="valuekit-chart-subtitle" style="font:15px {FONT};'
                 f'color:{_MUTED};margin:0 0 0 8px">{_html_lines(subtitle)}</div>')
    return f'<div class="valuekit-figure">{head}{img_html(svg, alt)}</div>'


def quick_svg(chart: alt.TopLevelMixin | Mapping[str, Any]) -> tuple[str, str]:
    """Draw a chart fast for an interactive's redraw: ``(svg, html)``.

    vl-convert measures every piece of text it lays out glyph by glyph, and twice over for
    text with a length limit: text, not marks, is most of the time a chart takes (measured
    in benchmarks/widgets.md). So the redraw (1) leaves the title and
    subtitle out of the SVG and puts them in the HTML above it, where the browser sets them
    for free, (2) drops the label length limits (no second measurement; the kit's own
    labels are short) and (3) skips Altair's schema validation. ``svg`` is the chart without
    its title; ``html`` is what the widget shows.
    """
    spec = spec_of(chart, validate=False)
    title, subtitle = title_text(spec)
    text = alt_text(spec)
    body = {k: v for k, v in spec.items() if k != "title"}
    config = dict(body.get("config") or {})
    for part in ("axis", "legend"):
        config[part] = {**config.get(part, {}), "labelLimit": 0}
    body["config"] = config
    svg = to_svg(body)
    return svg, figure_html(svg, title, subtitle, text)


def mimebundle(chart: alt.TopLevelMixin | Mapping[str, Any]) -> dict[str, str]:
    """The display data of a chart: HTML with the SVG image, and a plain-text fallback."""
    spec = spec_of(chart)
    text = alt_text(spec)
    return {"text/html": img_html(to_svg(spec), text), "text/plain": f"<{text}>"}


def render(spec: dict, **metadata: Any) -> dict[str, str]:
    """Altair renderer entry point (``alt.renderers.enable("valuekit")``)."""
    return mimebundle(spec)


alt.renderers.register(RENDERER, render)


class LiveChart(alt.JupyterChart):
    """An Altair chart drawn by vega in live JupyterLab, so its selections and parameters
    work (and reach Python through ``.selections`` / ``.params``), with the JavaScript served
    by the kernel, not a CDN. Where widgets cannot run (an HTML export, an untrusted
    notebook) it falls back to the kit's static SVG image."""

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        spec = spec_of(self.chart) if self.chart is not None else self.spec
        if spec:
            data["text/html"] = img_html(to_svg(spec), alt_text(spec))
        return bundle


def live(chart: alt.TopLevelMixin | None, **kwargs: Any) -> LiveChart:
    """Wrap a chart that needs vega's own interactivity (selections, bound parameters) for
    live JupyterLab, offline. Everything else should stay a plain chart (SVG)."""
    alt.JupyterChart.enable_offline()
    return LiveChart(chart, **kwargs)


def enable(*, use_theme: bool = True) -> None:
    """Draw every Altair chart offline as SVG, in the kit's theme (call once per notebook)."""
    alt.renderers.enable(RENDERER)
    if use_theme:
        alt.theme.enable(THEME)


# ---------------------------------------------------------------------------------------
# Generic builders: small, so per-module chart files can add their own encodings.


def value_axis(fmt: str, **kwargs: Any) -> alt.Axis:
    """An axis for numbers in d3-format ``fmt`` whose ticks never repeat a label: whole-number
    formats tick at least 1 apart, whole-percent formats at least 1% apart."""
    spec = fmt.removeprefix("$")
    if spec.endswith("d") or spec.endswith(".0f"):
        kwargs.setdefault("tickMinStep", 1)
    elif spec.endswith(".0%"):
        kwargs.setdefault("tickMinStep", 0.01)
    return alt.Axis(format=fmt, **kwargs)


#: Vega expression of an axis label in 万/亿 (a Chinese reader's units): ``5,000``, ``50万``,
#: ``1,000万``, ``1.2亿``; the currency goes in the axis title (金额（美元）).
WAN_YI_LABEL = ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, ',.4~g') + '亿' : "
                "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, ',.4~g') + '万' : "
                "format(datum.value, ',.0f')")


def money_axis(english: str = "$,.0f", **kwargs: Any) -> alt.Axis:
    """An axis of money: in English :func:`value_axis` of ``english`` (``"$,.0f"``, ``"$~s"``),
    exactly as before; in another language the amounts in 万/亿 without the currency sign
    (:data:`WAN_YI_LABEL`), so the chart's axis title must name the currency
    (``_("bookings (USD)")``)."""
    if language() == "en":
        return value_axis(english, **kwargs)
    return value_axis(",.0f", labelExpr=WAN_YI_LABEL, **kwargs)


def _title(title: str | None, subtitle: str | None) -> alt.TitleParams | str:
    if subtitle:
        return alt.TitleParams(text=title or "", subtitle=subtitle)
    return title or ""


def line(
    data: pd.DataFrame,
    x: str,
    y: str,
    *,
    color: str | None = None,
    color_order: Sequence[str] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    x_type: str = "Q",
    x_format: str | None = None,
    y_format: str = ",.0f",
    points: bool = False,
) -> alt.Chart:
    """A line chart of ``y`` against ``x``, one line per ``color`` value.

    ``x_type`` is the Vega-Lite type of x: "Q" (numbers), "T" (dates), "O" (ordered labels).
    ``y_format`` (and ``x_format`` for a numeric x) is a d3-format string such as ``",.0f"``,
    ``"$,.0f"``, ``".0%"`` or ``"d"`` (whole numbers: years, months). ``color_order`` lists
    the lines' names in palette order (the first gets the kit's blue).

    Args:
        data: the rows to draw.
        x: the column on the x axis.
        y: the column on the y axis.
        color: the column naming each line (None: one line).
        color_order: the lines' names in palette order (None: the data's order).
        title: the chart's title.
        subtitle: a line under the title (None: none).
        x_title: the x axis title.
        y_title: the y axis title.
        x_type: the Vega-Lite type of x.
        x_format: d3-format of a numeric x axis.
        y_format: d3-format of the y axis.
        points: whether to mark each point.

    Returns:
        The Altair line chart.

    Raises:
        ValueError: data is not a DataFrame, or a role's column (x, y, color) is not in it.
    """
    require_roles(data, x=x, y=y, color=color)
    enc: dict[str, Any] = {
        "x": alt.X(f"{x}:{x_type}", title=x_title if x_title is not None else x,
                   **({"axis": value_axis(x_format)} if x_format else {})),
        "y": alt.Y(f"{y}:Q", title=y_title if y_title is not None else y,
                   axis=value_axis(y_format)),
    }
    if color is not None:
        enc["color"] = alt.Color(
            f"{color}:N", title=None,
            sort=list(color_order) if color_order is not None else "ascending",
        )
    return alt.Chart(data, title=_title(title, subtitle)).mark_line(point=points).encode(**enc)


def bar(
    data: pd.DataFrame,
    category: str,
    value: str,
    *,
    color: str | None = None,
    horizontal: bool = False,
    order: Sequence[str] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    category_title: str | None = None,
    value_title: str | None = None,
    value_format: str = ",.0f",
    labels: bool = False,
) -> alt.LayerChart | alt.Chart:
    """Bars of ``value`` per ``category`` (in ``order``, else in the data's order).

    ``labels=True`` writes each bar's value at its end, formatted with ``value_format``.

    Args:
        data: the rows to draw.
        category: the column of bar names.
        value: the column of bar lengths.
        color: the column colouring the bars (None: the kit's blue).
        horizontal: whether the bars run left to right.
        order: the categories in drawing order.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        category_title: the category axis title.
        value_title: the value axis title.
        value_format: d3-format of the values in labels and axis (``",.0f"``, ``".0%"``).
        labels: whether to write each bar's value at its end.

    Returns:
        The Altair bar chart (a layer chart when labelled).

    Raises:
        ValueError: data is not a DataFrame, or a role's column (category, value, color) is not
            in it.
    """
    require_roles(data, category=category, value=value, color=color)
    sort = list(order) if order is not None else list(pd.unique(data[category]))
    cat_axis = alt.X if not horizontal else alt.Y
    val_axis = alt.Y if not horizontal else alt.X
    enc: dict[str, Any] = {
        ("y" if horizontal else "x"): cat_axis(
            f"{category}:N", sort=sort,
            title=category_title if category_title is not None else category,
            axis=alt.Axis(labelAngle=0) if not horizontal else alt.Axis(),
        ),
        ("x" if horizontal else "y"): val_axis(
            f"{value}:Q", title=value_title if value_title is not None else value,
            axis=value_axis(value_format),
        ),
    }
    if color is not None:
        enc["color"] = alt.Color(f"{color}:N", title=None)
    size = {"height": alt.Step(36)} if horizontal else {"width": 560}
    chart = alt.Chart(data).mark_bar().encode(**enc).properties(**size)
    if not labels:
        return chart.properties(title=_title(title, subtitle))
    text = chart.mark_text(
        align="left" if horizontal else "center",
        baseline="middle" if horizontal else "bottom",
        dx=4 if horizontal else 0,
        dy=0 if horizontal else -4,
    ).encode(text=alt.Text(f"{value}:Q", format=value_format))
    return alt.layer(chart, text, title=_title(title, subtitle))


def funnel_frame(
    data: pd.DataFrame | pd.Series,
    stage: str = "stage",
    value: str = "count",
    *,
    order: Sequence[str] | None = None,
    value_format: str = ",.0f",
    show_conversion: bool = True,
    label: str = "{count}  ({share} of previous)",
    shares: Sequence[float] | None = None,
    share_format: str = ".0%",
) -> pd.DataFrame:
    """The rows :func:`funnel_bars` draws: ``stage`` and ``value`` in funnel order, the share
    of the stage above (``_conversion``), the bar label (``_label``) and the label's position
    (``_end``). An interactive that redraws a funnel swaps these rows into a spec built once.

    ``shares`` (one per stage after the first, in funnel order) replaces the share computed
    from the counts, e.g. step conversion rates whose base leaves open deals out, so that a
    chart and a table beside it show one definition.

    Args:
        data: a frame with ``stage`` and ``value`` columns, or a Series indexed by stage.
        stage: the stage column's name.
        value: the count column's name.
        order: the stages in funnel order (None: the kit's funnel when the stages are those,
            else the data's order).
        value_format: d3-format of the values in labels and axis (``",.0f"``, ``".0%"``).
        show_conversion: whether labels show the share of the stage above.
        label: the label's wording, from ``{count}`` and ``{share}``.
        shares: one share per stage after the first, replacing the computed ones (None: count ÷
            count above).
        share_format: d3-format of the share in labels.

    Returns:
        The rows, one per stage, in funnel order.

    Raises:
        ValueError: a column is missing, a stage has no value, a value is negative, or shares
            does not hold one value per stage after the first.
    """
    if isinstance(data, pd.Series):
        data = pd.DataFrame({stage: data.index.astype(str), value: data.to_numpy()})
    require_roles(data, stage=stage, value=value)
    frame = data[[stage, value]].copy()
    frame[stage] = frame[stage].astype(str)
    if order is None:
        present = list(frame[stage])
        order = [s for s in STAGES if s in present] if set(present) <= set(STAGES) else present
    frame = frame.set_index(stage).reindex(list(order)).reset_index()
    if frame[value].isna().any():
        missing = list(frame.loc[frame[value].isna(), stage])
        raise ValueError(f"funnel_bars: no {value!r} for stage(s) {missing}")
    values = frame[value].astype(float)
    if (values < 0).any():
        raise ValueError(f"funnel_bars: {value!r} must not be negative")
    previous = values.shift(1)
    frame["_conversion"] = (values / previous).where(previous > 0)
    if shares is not None:
        shares = [float(x) for x in shares]
        if len(shares) != len(frame) - 1:
            raise ValueError(f"funnel_bars: shares needs {len(frame) - 1} values (one per "
                             f"stage after the first), got {len(shares)}")
        frame["_conversion"] = [float("nan"), *shares]
    frame["_label"] = [
        label.format(count=format_d3(v, value_format), share=format(c, share_format))
        if show_conversion and pd.notna(c) else format_d3(v, value_format)
        for v, c in zip(values, frame["_conversion"], strict=True)
    ]
    # Centred stacking puts every bar's middle at half the widest bar; labels sit at the
    # right end of each bar.
    frame["_end"] = values.max() / 2 + values / 2
    return frame


#: Words funnel_bars translates when it draws (the kit's stage codes, its default label).
_FUNNEL_WORDS = (N_("potential"), N_("possible"), N_("target"), N_("effective"),
                 N_("Funnel"), N_("{count}  ({share} of previous)"))


def funnel_bars(
    data: pd.DataFrame | pd.Series,
    stage: str = "stage",
    value: str = "count",
    *,
    order: Sequence[str] | None = None,
    title: str | None = "Funnel",
    subtitle: str | None = None,
    value_format: str = ",.0f",
    show_conversion: bool = True,
    label: str = "{count}  ({share} of previous)",
    shares: Sequence[float] | None = None,
    share_format: str = ".0%",
) -> alt.LayerChart:
    """A funnel: one centred horizontal bar per stage, widest first, labelled with its count
    and (``show_conversion``) the share of the stage above that reached it.

    ``label`` words a bar's label from ``{count}`` and ``{share}`` (another language's words,
    for instance); the first stage, which has no stage above, shows the count alone.

    ``data`` is a frame with ``stage`` and ``value`` columns, or a Series indexed by stage.
    The order defaults to the kit's funnel (potential, possible, target, effective) when the
    stages are those, else the data's order.

    Args:
        data: a frame with ``stage`` and ``value`` columns, or a Series indexed by stage.
        stage: the stage column's name.
        value: the count column's name.
        order: the stages in funnel order (None: the kit's funnel when the stages are those,
            else the data's order).
        title: the chart's title.
        subtitle: a line under the title (None: none).
        value_format: d3-format of the values in labels and axis (``",.0f"``, ``".0%"``).
        show_conversion: whether labels show the share of the stage above.
        label: the label's wording, from ``{count}`` and ``{share}``.
        shares: one share per stage after the first, replacing the computed ones (None: count ÷
            count above).
        share_format: d3-format of the share in labels.

    Returns:
        The Altair funnel chart.
    """
    frame = funnel_frame(data, stage, value, order=order, value_format=value_format,
                         show_conversion=show_conversion, label=localize(label), shares=shares,
                         share_format=share_format)
    if language() != "en":  # the kit's stage codes and the title in the reader's language
        frame[stage] = frame[stage].map(lambda name: localize(name) if isinstance(name, str)
                                        else name)
        title, subtitle = localize(title) if title else title, localize(subtitle) or subtitle
    order = list(frame[stage])
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{stage}:N", sort=list(order), title=None)
    )
    bars = base.mark_bar().encode(
        x=alt.X(f"{value}:Q", stack="center", axis=None),
    )
    text = base.mark_text(align="left", baseline="middle", dx=6).encode(
        x=alt.X("_end:Q"),
        text=alt.Text("_label:N"),
    )
    return alt.layer(bars, text, title=_title(title, subtitle)).properties(height=alt.Step(48))


def format_d3(value: float, spec: str) -> str:
    """Format a number with the common d3-format specs the kit uses (",.0f", "$,.2f", ".1%"),
    so Python-side labels match the axis labels.

    Args:
        value: the number.
        spec: the d3-format spec.

    Returns:
        The formatted text.

    Raises:
        ValueError: spec is not one of the formats the kit uses.
    """
    prefix = "$" if spec.startswith("$") else ""
    py = spec.removeprefix("$")
    try:
        return prefix + format(value, py)
    except ValueError as err:
        raise ValueError(f"unsupported number format {spec!r}") from err
