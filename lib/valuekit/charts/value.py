"""Charts of Module 1 (product vs value marketing), in the kit theme.

Pure builders: a table from :mod:`valuekit.value` in, an Altair chart out (no I/O, no
calculation beyond arranging the numbers for drawing). Draw them with
``import valuekit.charts as vc; vc.enable()``.

- :func:`component_gap_chart`   where we win and lose against the competitor, per component
- :func:`delivered_value_chart` component scores and totals, ours vs the competitor
- :func:`value_balance_chart`   value − cost = delivered value, one bar per vendor
- :func:`concentration_chart`   the Pareto (concentration) curves of revenue and profit
- :func:`tier_chart`            share of accounts vs share of profit per profit tier
- :func:`wallet_chart`          our revenue against each account's wallet
- :func:`bridge_chart`          the revenue bridge: where growth came from
- :func:`cross_sell_chart`      revenue per account by the number of products bought
- :func:`price_chart`           value-based price vs cost-plus, on one scale
- :func:`value_process_chart`   the four steps of the value marketing process
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from valuekit.charts import PALETTE, money_axis, value_axis
from valuekit.checks import require_columns
from valuekit.i18n import N_, _, language, money, shown_table
from valuekit.schema import COST_COMPONENTS, VALUE_COMPONENTS, VENDORS

__all__ = [
    "COMPONENT_LABELS",
    "PRICE_COLOURS",
    "curve_rows",
    "cutoff_rows",
    "delivered_value_rows",
    "price_rows",
    "value_balance_rows",
    "with_datasets",
    "bridge_chart",
    "component_gap_chart",
    "concentration_chart",
    "cross_sell_chart",
    "delivered_value_chart",
    "price_chart",
    "tier_chart",
    "value_balance_chart",
    "value_process_chart",
    "wallet_chart",
    "money_axis",
    "table",
    "usd",
]

#: Display names of the delivered-value components (Kotler's four values and four costs).
COMPONENT_LABELS: dict[str, str] = {
    "product_value": N_("Product value"),
    "service_value": N_("Service value"),
    "personnel_value": N_("Personnel value"),
    "image_value": N_("Image value"),
    "money_cost": N_("Money cost"),
    "time_cost": N_("Time cost"),
    "energy_cost": N_("Energy cost"),
    "psychic_cost": N_("Psychic cost"),
}

_TOTAL_LABELS = {
    "total_value": N_("Total value"),
    "total_cost": N_("Total cost"),
    "delivered_value": N_("Delivered value"),
}
_VENDOR_LABELS = {"us": N_("Us"), "competitor": N_("Competitor")}
_WIN, _LOSE, _GREY = PALETTE[0], PALETTE[3], PALETTE[7]
#: The profit tiers (:func:`valuekit.value.profit_tiers`), best first; shown through the
#: catalogs (high -> 高 ...), like the measures a chart names.
TIERS = (N_("high"), N_("medium"), N_("low"), N_("none"))
_MEASURES = (N_("revenue"), N_("profit"))


def usd(x: float) -> str:
    """Dollars outside English, as the team reports write them: :func:`valuekit.i18n.money`
    with one digit after 万 and two after 亿 (``US$845万``, ``US$2.27亿``: the revenue bridge
    still shows this year's growth), whole dollars under 万."""
    return money(float(x), "USD", 2 if abs(x) >= 1e8 else 1, cents=False)


def _millions(x: float) -> str:
    """A bridge total: ``$12.3M`` in English, ``US$1336.4万``, ``US$2.27亿`` in Chinese."""
    return f"${x / 1e6:,.1f}M" if language() == "en" else usd(x)


#: Digits after 万 of a price (module 1's prices are whole hundreds of dollars: 5.22万).
PRICE_DECIMALS = 2


def _dollars(x: float) -> str:
    """A price label: ``$123,456`` in English, with 万 in Chinese (``US$13.6万``)."""
    return f"${x:,.0f}" if language() == "en" else money(x, "USD", PRICE_DECIMALS, cents=False)


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(text=_(text), subtitle=_(subtitle) if subtitle else "")


# --------------------------------------------------------------------------- delivered value


def component_gap_chart(table: pd.DataFrame, title: str = N_("Where we win and where we lose"),
                        subtitle: str | None = None) -> alt.LayerChart:
    """Diverging bars of our advantage per component (from ``compare_delivered_value``).

    Positive = we win (more value, or less cost, than the competitor); negative = we lose.

    Args:
        table: :func:`valuekit.value.compare_delivered_value`.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: table is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(table, "table", ["kind", "advantage"])
    rows = table[table["kind"].isin(["value", "cost"])]
    frame = pd.DataFrame({
        "component": [_(COMPONENT_LABELS.get(c, c)) for c in rows.index],
        "kind": rows["kind"].to_numpy(),
        "advantage": rows["advantage"].to_numpy(dtype=float),
    })
    win, lose = _("we win"), _("we lose")
    frame["result"] = np.where(frame["advantage"] >= 0, win, lose)
    frame["label"] = [f"{a:+.1f}" for a in frame["advantage"]]
    order = list(frame["component"])
    lim = max(1.0, float(frame["advantage"].abs().max()) * 1.25)
    base = alt.Chart(frame).encode(
        y=alt.Y("component:N", sort=order, title=None),
    )
    bars = base.mark_bar().encode(
        x=alt.X("advantage:Q", title=_("our advantage (score points)"),
                scale=alt.Scale(domain=[-lim, lim]), axis=value_axis("+.1f")),
        color=alt.Color("result:N", title=None,
                        scale=alt.Scale(domain=[win, lose], range=[_WIN, _LOSE])),
    )
    text = base.mark_text(baseline="middle", dx=alt.ExprRef("datum.advantage >= 0 ? 6 : -6"),
                          align=alt.ExprRef("datum.advantage >= 0 ? 'left' : 'right'")).encode(
        x=alt.X("advantage:Q"), text=alt.Text("label:N"))
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule().encode(x=alt.X("x:Q"))
    return alt.layer(bars, text, zero, title=_title(
        title, subtitle or N_("survey means; for a cost, lower than the competitor is a win")),
    ).properties(width=480, height=alt.Step(34))


def delivered_value_rows(table: pd.DataFrame, vendors: Sequence[str] = VENDORS
                         ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The bars of :func:`delivered_value_chart`: (components, totals), each with columns
    item, vendor, score, label, one row per item and vendor.

    Args:
        table: :func:`valuekit.value.compare_delivered_value`.
        vendors: the vendor columns to draw.

    Returns:
        (components, totals).

    Raises:
        ValueError: table is not a DataFrame or lacks a column the chart draws. Also when a
            component or total row is missing.
    """
    vendors = list(vendors)
    require_columns(table, "table", vendors)
    components = [*VALUE_COMPONENTS, *COST_COMPONENTS]
    missing = [c for c in [*components, *_TOTAL_LABELS] if c not in table.index]
    if missing:
        raise ValueError(f"table is missing the row(s) {missing}")
    names = [_(_VENDOR_LABELS.get(v, v)) for v in vendors]

    def long(rows: Sequence[str], labels: Mapping[str, str]) -> pd.DataFrame:
        return pd.DataFrame([
            {"item": _(labels[r]), "vendor": n, "score": float(table.loc[r, v]),
             "label": f"{float(table.loc[r, v]):.1f}"}
            for r in rows for v, n in zip(vendors, names, strict=True)
        ])

    comp = long(components, {c: _(COMPONENT_LABELS[c]) + (" (−)" if c in COST_COMPONENTS else "")
                             for c in components})
    return comp, long(list(_TOTAL_LABELS), _TOTAL_LABELS)


def delivered_value_chart(table: pd.DataFrame, vendors: Sequence[str] = VENDORS,
                          title: str = N_("Customer delivered value: us vs the competitor"),
                          subtitle: str | None = None) -> alt.HConcatChart:
    """Component scores (left) and total value, total cost, delivered value (right).

    ``table``: rows indexed by the eight components and total_value, total_cost,
    delivered_value (others ignored), one column per vendor in ``vendors``; the layout of
    :func:`valuekit.value.compare_delivered_value`. Named datasets "components" and
    "totals" (:func:`delivered_value_rows`).

    Args:
        table: :func:`valuekit.value.compare_delivered_value`.
        vendors: the vendor columns to draw.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart, two panels side by side.
    """
    comp, tot = delivered_value_rows(table, vendors)
    names = list(dict.fromkeys(comp["vendor"]))
    colour = alt.Color("vendor:N", title=None, sort=names,
                       scale=alt.Scale(domain=names, range=[PALETTE[0], PALETTE[1]]))
    left_base = alt.Chart(alt.NamedData(name="components")).encode(
        y=alt.Y("item:N", sort=list(dict.fromkeys(comp["item"])), title=None),
        yOffset=alt.YOffset("vendor:N", sort=names),
    )
    left = alt.layer(
        left_base.mark_bar().encode(
            x=alt.X("score:Q", title=_("score (1-10)"), scale=alt.Scale(domain=[0, 10]),
                    axis=value_axis(".0f")),
            color=colour),
        left_base.mark_text(align="left", dx=4, baseline="middle", fontSize=12).encode(
            x=alt.X("score:Q"), text=alt.Text("label:N")),
    ).properties(width=300, height=380, title=_("Components (costs marked −)"))
    right_base = alt.Chart(alt.NamedData(name="totals")).encode(
        y=alt.Y("item:N", sort=list(_TOTAL_LABELS.values()), title=None),
        yOffset=alt.YOffset("vendor:N", sort=names),
    )
    right = alt.layer(
        right_base.mark_bar().encode(
            x=alt.X("score:Q", title=_("sum of scores"), scale=alt.Scale(zero=True, nice=True),
                    axis=value_axis(".0f")),
            color=colour),
        right_base.mark_text(align="left", dx=4, baseline="middle", fontSize=13).encode(
            x=alt.X("score:Q"), text=alt.Text("label:N")),
    ).properties(width=260, height=190, title=_("Value − cost = delivered value"))
    return alt.hconcat(left, right, spacing=40, title=_title(
        title, subtitle or N_("delivered value = total customer value − total customer cost")),
    ).resolve_scale(color="shared").properties(
        datasets={"components": comp.to_dict("records"), "totals": tot.to_dict("records")})


def value_balance_rows(table: pd.DataFrame, vendors: Sequence[str] = VENDORS
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The bars of :func:`value_balance_chart`: (segments: vendor, part, start, end; labels:
    vendor, x, label), from the total_value and total_cost rows of ``table``.

    Args:
        table: :func:`valuekit.value.compare_delivered_value`.
        vendors: the vendor columns to draw.

    Returns:
        (segments, labels).

    Raises:
        ValueError: table is not a DataFrame or lacks a column the chart draws. Also when the
            total_value or total_cost row is missing.
    """
    vendors = list(vendors)
    require_columns(table, "table", vendors)
    missing = [r for r in ("total_value", "total_cost") if r not in table.index]
    if missing:
        raise ValueError(f"table is missing the row(s) {missing}")
    segs, labels = [], []
    for v in vendors:
        name = _(_VENDOR_LABELS.get(v, v))
        value, cost = float(table.loc["total_value", v]), float(table.loc["total_cost", v])
        net = value - cost
        segs.append({"vendor": name, "part": _("total cost"), "start": net, "end": value})
        segs.append({"vendor": name,
                     "part": _("delivered value") if net >= 0 else _("negative delivered value"),
                     "start": min(0.0, net), "end": max(0.0, net)})
        labels.append({"vendor": name, "x": max(value, 0.0),
                       "label": f"{value:.1f} − {cost:.1f} = {net:.1f}"})
    return pd.DataFrame(segs), pd.DataFrame(labels)


def value_balance_chart(table: pd.DataFrame, vendors: Sequence[str] = VENDORS,
                        title: str = N_("Value − cost = delivered value"),
                        subtitle: str | None = None) -> alt.LayerChart:
    """One bar per vendor: its length is the total customer value, the red end the total
    customer cost, the blue rest the delivered value; labelled "value − cost = delivered".

    Light enough to redraw at every slider move (no legend, one bar and one text mark);
    named datasets "balance" and "balance_labels" (:func:`value_balance_rows`).

    Args:
        table: :func:`valuekit.value.compare_delivered_value`.
        vendors: the vendor columns to draw.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    segments, labels = value_balance_rows(table, vendors)
    names = list(dict.fromkeys(segments["vendor"]))
    y = alt.Y("vendor:N", sort=names, title=None, axis=alt.Axis(labelFontSize=16))
    bars = alt.Chart(alt.NamedData(name="balance")).mark_bar(height=44).encode(
        y=y,
        x=alt.X("start:Q", title=_("sum of the scores (4 values, 4 costs; 1-10 each)"),
                # Room on the right for the labels (the most value is 4 x 10 = 40); the left
                # end follows the data, so a negative delivered value still shows.
                scale=alt.Scale(domainMax=60, zero=True)),
        x2=alt.X2("end:Q"),
        color=alt.Color("part:N", legend=None,
                        scale=alt.Scale(domain=[_("delivered value"), _("total cost"),
                                                _("negative delivered value")],
                                        range=[PALETTE[0], _LOSE, PALETTE[4]])),
    )
    text = alt.Chart(alt.NamedData(name="balance_labels")).mark_text(
        align="left", dx=8, fontSize=16, fontWeight="bold").encode(
            y=y, x=alt.X("x:Q"), text=alt.Text("label:N"))
    return alt.layer(bars, text, title=_title(
        title, subtitle or N_("whole bar = total value; red = total cost; blue = delivered value")),
    ).properties(width=560, height=alt.Step(70), datasets={
        "balance": segments.to_dict("records"), "balance_labels": labels.to_dict("records")})


# --------------------------------------------------------------------------- concentration


def _thin(curve: pd.DataFrame, max_points: int) -> pd.DataFrame:
    """At most about ``max_points`` points of a concentration curve, first and last kept,
    denser where it bends (the first customers): enough for the eye, small enough to redraw
    fast."""
    n = len(curve)
    if n <= max_points:
        return curve
    half = max(2, max_points // 2)
    idx = np.unique(np.r_[np.geomspace(1, n, half), np.linspace(1, n, half)].round()
                    .astype(int) - 1)
    return curve.iloc[idx]


def curve_rows(curves: Mapping[str, pd.DataFrame], max_points: int = 90) -> pd.DataFrame:
    """The points drawn for each concentration curve (measure, share_of_customers,
    cumulative_share), from (0, 0), thinned to about ``max_points`` per curve.

    Args:
        curves: measure name -> :func:`valuekit.value.concentration_curve`.
        max_points: points kept per curve.

    Returns:
        The points, one frame for all curves.

    Raises:
        ValueError: curves is empty, or a curve lacks its columns.
    """
    if not curves:
        raise ValueError("curves is empty: give at least one concentration curve")
    frames = []
    for name, curve in curves.items():
        require_columns(curve, f"curves[{name!r}]", ["share_of_customers", "cumulative_share"])
        thin = _thin(curve[["share_of_customers", "cumulative_share"]], max_points)
        start = pd.DataFrame({"share_of_customers": [0.0], "cumulative_share": [0.0]})
        frames.append(pd.concat([start, thin], ignore_index=True).assign(measure=_(str(name))))
    return pd.concat(frames, ignore_index=True)


def _curve_top(curves: Mapping[str, pd.DataFrame]) -> float:
    return max(1.0, *(float(c["cumulative_share"].max()) for c in curves.values()))


def cutoff_rows(curves: Mapping[str, pd.DataFrame], cutoff: float) -> pd.DataFrame:
    """Where each curve stands at the cut-off (a fraction of customers): the point at the
    first customer at or past it (``ceil(cutoff * n)`` customers, as
    :func:`valuekit.value.top_share` counts), with its label and label position.

    Args:
        curves: measure name -> :func:`valuekit.value.concentration_curve`.
        cutoff: a fraction of customers.

    Returns:
        One row per curve.

    Raises:
        ValueError: cutoff is not a fraction between 0 and 1.
    """
    c = float(cutoff)
    if not 0 <= c <= 1:
        raise ValueError(f"cutoff is a fraction between 0 and 1, got {cutoff!r}")
    top = _curve_top(curves)
    marks = []
    for name, curve in curves.items():
        xs = np.r_[0.0, curve["share_of_customers"].to_numpy(float)]
        ys = np.r_[0.0, curve["cumulative_share"].to_numpy(float)]
        k = min(int(np.searchsorted(xs, c - 1e-12)), len(xs) - 1)
        marks.append({"measure": _(str(name)), "share_of_customers": float(xs[k]),
                      "cumulative_share": float(ys[k]),
                      "label": _("{share} of {measure}").format(share=f"{ys[k]:.0%}",
                                                                 measure=_(str(name)))})
    pts = pd.DataFrame(marks)
    # Labels stacked under the curves, right of the rule, where the chart is empty.
    low = min(float(pts["cumulative_share"].min()), 0.92 * top)
    pts["label_x"] = min(c, 0.8) + 0.015
    pts["label_y"] = [max(0.02, low - 0.075 * top * (i + 1)) for i in range(len(pts))]
    return pts


def with_datasets(spec: Mapping[str, Any], **datasets: pd.DataFrame | list) -> dict[str, Any]:
    """A copy of a Vega-Lite spec whose named datasets are replaced: a redraw that skips
    Altair (the interactives build each chart once and then only swap its data)."""
    if "datasets" not in spec:
        raise ValueError("spec has no named datasets to replace")
    unknown = [k for k in datasets if k not in spec["datasets"]]
    if unknown:
        raise ValueError(f"spec has no dataset(s) {unknown}; it has {list(spec['datasets'])}")
    new = dict(spec["datasets"])
    for name, rows in datasets.items():
        new[name] = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)
    return {**spec, "datasets": new}


def concentration_chart(curves: Mapping[str, pd.DataFrame], cutoff: float | None = None,
                        title: str = N_("Fish where the big fish are"),
                        subtitle: str | None = None, max_points: int = 90) -> alt.LayerChart:
    """Concentration (Pareto) curves: share of the total against share of customers.

    ``curves`` maps a measure's name ("revenue", "profit") to the output of
    :func:`valuekit.value.concentration_curve`. ``cutoff`` (a fraction of customers, e.g.
    0.2) draws a rule there and marks each curve's share at it. The diagonal is what equal
    customers would give. Named datasets: "curves" (:func:`curve_rows`) and, with a
    cut-off, "cutoff" (:func:`cutoff_rows`).

    Args:
        curves: measure name -> :func:`valuekit.value.concentration_curve`.
        cutoff: a fraction of customers to mark (None: no mark).
        title: the chart's title.
        subtitle: a line under the title (None: none).
        max_points: points kept per curve.

    Returns:
        The Altair layer chart.
    """
    rows = curve_rows(curves, max_points)
    names = [_(str(n)) for n in curves]
    # With a cut-off the coloured labels name the curves, so the legend (slow to draw at
    # every slider move) is left out.
    colour = alt.Color("measure:N", title=None, sort=names,
                       scale=alt.Scale(domain=names, range=list(PALETTE[: len(names)])),
                       legend=None if cutoff is not None else alt.Legend())
    top = _curve_top(curves)
    x = alt.X("share_of_customers:Q", title=_("share of customers, biggest first"),
              scale=alt.Scale(domain=[0, 1]), axis=value_axis(".0%"))
    y = alt.Y("cumulative_share:Q", title=_("cumulative share of the total"),
              scale=alt.Scale(domain=[0, top]), axis=value_axis(".0%"))
    lines = alt.Chart(alt.NamedData(name="curves")).mark_line().encode(x=x, y=y, color=colour)
    diagonal = alt.Chart(pd.DataFrame({"share_of_customers": [0.0, 1.0],
                                       "cumulative_share": [0.0, 1.0]})).mark_line(
        strokeDash=[6, 4], strokeWidth=1.5, color=_GREY).encode(x=x, y=y)
    layers: list[Any] = [diagonal, lines]
    datasets = {"curves": rows.to_dict("records")}
    if cutoff is not None:
        datasets["cutoff"] = cutoff_rows(curves, cutoff).to_dict("records")
        marks = alt.Chart(alt.NamedData(name="cutoff"))
        layers += [
            marks.mark_rule(strokeDash=[2, 2]).encode(x=x),
            marks.mark_point(size=110, filled=True).encode(x=x, y=y, color=colour),
            marks.mark_text(align="left", fontSize=15, fontWeight="bold").encode(
                x=alt.X("label_x:Q", scale=alt.Scale(domain=[0, 1])),
                y=alt.Y("label_y:Q", scale=alt.Scale(domain=[0, top])),
                text=alt.Text("label:N"), color=colour),
        ]
    return alt.layer(*layers, title=_title(
        title, subtitle or N_("customers ranked by value; dashed diagonal = all customers equal")),
    ).properties(width=560, height=340, datasets=datasets)


def tier_chart(summary: pd.DataFrame, title: str = N_("Profit tiers: few accounts, most profit"),
               subtitle: str | None = None) -> alt.LayerChart:
    """Share of accounts next to share of profit (and revenue) per tier
    (from :func:`valuekit.value.tier_summary`).

    Args:
        summary: :func:`valuekit.value.tier_summary`.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: summary is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(summary, "summary", ["share_of_accounts", "share_of_profit"])
    measures = {"share_of_accounts": _("share of accounts"),
                "share_of_profit": _("share of profit")}
    if "share_of_revenue" in summary.columns:
        measures["share_of_revenue"] = _("share of revenue")
    frame = pd.DataFrame([
        {"tier": _(str(t)), "measure": label, "share": float(summary.loc[t, col])}
        for t in summary.index for col, label in measures.items()
    ])
    frame["label"] = [f"{s:.0%}" for s in frame["share"]]
    order = list(measures.values())
    tiers = [_(str(t)) for t in summary.index]
    base = alt.Chart(frame).encode(
        x=alt.X("tier:N", sort=tiers, title=_("profit tier"), axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("measure:N", sort=order),
    )
    bars = base.mark_bar().encode(
        y=alt.Y("share:Q", title=None, axis=value_axis(".0%")),
        color=alt.Color("measure:N", sort=order, title=None,
                        scale=alt.Scale(domain=order, range=[_GREY, PALETTE[0], PALETTE[2]])),
    )
    text = base.mark_text(baseline="bottom", dy=-3, fontSize=12).encode(
        y=alt.Y("share:Q"), text=alt.Text("label:N"))
    return alt.layer(bars, text, title=_title(
        title, subtitle or N_("high = the fewest accounts making 50 % of profit; "
        "medium = the next to 80 %; none = no profit"))).properties(width=520, height=300)


def wallet_chart(frame: pd.DataFrame,
                 title: str = N_("Share of wallet: where is there room to grow?"),
                 subtitle: str | None = None, shares: Sequence[float] = (0.1, 0.25, 0.5, 1.0)
                 ) -> alt.LayerChart:
    """Each customer's wallet (annual budget) against what it spends with us, log scales.

    ``frame``: one row per account with revenue > 0, columns annual_budget and revenue (the
    revenue per year), and optionally tier (colours the points). The grey lines mark
    shares of wallet: an account far below the 50 % line has a big wallet we barely touch.

    Args:
        frame: columns annual_budget, revenue and optionally tier.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        shares: the shares of wallet drawn as grey lines.

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: frame is not a DataFrame or lacks a column the chart draws. Also when no
            account has revenue.
    """
    require_columns(frame, "frame", ["annual_budget", "revenue"])
    data = frame[frame["revenue"] > 0]
    if data.empty:
        raise ValueError("frame has no account with revenue > 0")
    cols = ["annual_budget", "revenue"] + (["tier"] if "tier" in data.columns else [])
    data = data[cols].reset_index(drop=True)
    def down(v: float) -> float:  # the 1 or 3 x 10^k at or below v
        k = 10.0 ** np.floor(np.log10(v))
        return 3 * k if v >= 3 * k else k

    def up(v: float) -> float:  # the 1 or 3 x 10^k at or above v
        k = 10.0 ** np.floor(np.log10(v))
        return k if v <= k else 3 * k if v <= 3 * k else 10 * k

    x_lo, y_lo = down(data["annual_budget"].min()), down(data["revenue"].min())
    hi = up(data["annual_budget"].max())
    ticks = [m * 10.0**k for k in range(int(np.floor(np.log10(y_lo))), int(np.log10(hi)) + 1)
             for m in (1, 3)]
    x = alt.X("annual_budget:Q", title=_("the account's annual budget (its wallet), USD"),
              scale=alt.Scale(type="log", domain=[x_lo, hi]),
              axis=money_axis("$,.2~s", values=[t for t in ticks if x_lo <= t <= hi]))
    y = alt.Y("revenue:Q", title=_("its yearly spend with us, USD"),
              scale=alt.Scale(type="log", domain=[y_lo, hi]),
              axis=money_axis("$,.2~s", values=[t for t in ticks if y_lo <= t <= hi]))
    enc: dict[str, Any] = {"x": x, "y": y}
    if "tier" in data.columns:
        data["tier"] = data["tier"].astype(str)
        tiers = [_(t) for t in TIERS if t in set(data["tier"])]
        data["tier"] = data["tier"].map(_)
        enc["color"] = alt.Color("tier:N", title=_("profit tier"), sort=tiers,
                                 scale=alt.Scale(domain=tiers,
                                                 range=list(PALETTE[: len(tiers)])))
    points = alt.Chart(data).mark_circle(size=28, opacity=0.65).encode(**enc)
    # y = share * x is a straight line on log scales: draw it from where it enters the chart.
    guide = pd.DataFrame([
        {"annual_budget": b, "revenue": b * s,
         "share": _("{share} of wallet").format(share=f"{s:.0%}")}
        for s in shares for b in (max(x_lo, y_lo / s), hi)
    ])
    lines = alt.Chart(guide).mark_line(strokeWidth=1.2, strokeDash=[4, 3], color=_GREY).encode(
        x=x, y=y, detail=alt.Detail("share:N"))
    ends = guide.groupby("share", as_index=False).last()
    labels = alt.Chart(ends).mark_text(align="right", dx=-4, dy=-6, fontSize=12,
                                       color="#555555").encode(x=x, y=y, text=alt.Text("share:N"))
    return alt.layer(lines, points, labels, title=_title(
        title, subtitle or N_("one dot per customer; dashed lines = equal share of wallet")),
    ).properties(width=520, height=380)


# --------------------------------------------------------------------------- growth


_BRIDGE_LABELS = {
    "before": N_("Last year"),
    "new_customers": N_("New customers"),
    "cross_sell": N_("Cross-sell (a product new to the account)"),
    "more_use": N_("More use"),
    "less_use": N_("Less use"),
    "dropped_products": N_("Dropped products"),
    "lost_customers": N_("Lost customers"),
    "after": N_("This year"),
}


def bridge_chart(bridge: pd.DataFrame, title: str = N_("Where this year's revenue came from"),
                 subtitle: str | None = None, labels: Mapping[str, str] | None = None
                 ) -> alt.LayerChart:
    """A waterfall of :func:`valuekit.value.revenue_bridge`: last year's revenue, each source
    of change, this year's revenue.

    Args:
        bridge: :func:`valuekit.value.revenue_bridge`.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        labels: words for the bars, replacing the kit's (None: the kit's).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: bridge is not a DataFrame or lacks a column the chart draws. Also without a
            start, a change and an end.
    """
    require_columns(bridge, "bridge", ["revenue"])
    names = {**_BRIDGE_LABELS, **dict(labels or {})}
    parts = list(bridge.index)
    if len(parts) < 3:
        raise ValueError("bridge needs a start, at least one change and an end")
    rev = bridge["revenue"].to_numpy(dtype=float)
    rows, level = [], 0.0
    for i, (part, r) in enumerate(zip(parts, rev, strict=True)):
        if i in (0, len(parts) - 1):
            start, end, kind, text = 0.0, r, "total", _millions(r)
            level = r
        else:
            start, end = level, level + r
            level = end
            kind = "gain" if r >= 0 else "loss"
            text = ("+" if r >= 0 else "−") + _millions(abs(r))
        rows.append({"part": _(names.get(part, part)), "start": start, "end": end, "kind": kind,
                     "label": text, "top": max(start, end)})
    data = pd.DataFrame(rows)
    order = list(data["part"])
    base = alt.Chart(data).encode(
        x=alt.X("part:N", sort=order, title=None, axis=alt.Axis(labelAngle=-25, labelLimit=200)))
    bars = base.mark_bar().encode(
        y=alt.Y("start:Q", title=_("revenue, USD"), axis=money_axis("$,.3~s")),
        y2=alt.Y2("end:Q"),
        color=alt.Color("kind:N", title=None, legend=None,
                        scale=alt.Scale(domain=["total", "gain", "loss"],
                                        range=[_GREY, PALETTE[2], _LOSE])),
    )
    text = base.mark_text(baseline="bottom", dy=-4, fontSize=13).encode(y=alt.Y("top:Q"),
                                                                        text=alt.Text("label:N"))
    return alt.layer(bars, text, title=_title(
        title, subtitle or N_("the sources of business: new customers vs existing customers")),
    ).properties(width=600, height=320)


def cross_sell_chart(profile: pd.DataFrame, title: str = N_("Broad customers are worth more"),
                     subtitle: str | None = None) -> alt.LayerChart:
    """Revenue per account by the number of products bought
    (from :func:`valuekit.value.cross_sell_profile`), labelled with the account counts.

    Args:
        profile: :func:`valuekit.value.cross_sell_profile`.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.

    Raises:
        ValueError: profile is not a DataFrame or lacks a column the chart draws.
    """
    require_columns(profile, "profile", ["accounts", "revenue_per_account"])
    data = pd.DataFrame({
        "products": [str(p) for p in profile.index],
        "revenue_per_account": profile["revenue_per_account"].to_numpy(dtype=float),
        "label": [_("{n} acc.").format(n=f"{n:,}") for n in profile["accounts"]],
    })
    base = alt.Chart(data).encode(
        x=alt.X("products:N", sort=list(data["products"]), title=_("products bought"),
                axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar().encode(
        y=alt.Y("revenue_per_account:Q", title=_("revenue per account, USD"),
                axis=money_axis("$,.2~s")))
    text = base.mark_text(baseline="bottom", dy=-4, fontSize=12).encode(
        y=alt.Y("revenue_per_account:Q"), text=alt.Text("label:N"))
    return alt.layer(bars, text, title=_title(
        title, subtitle or N_("one customer buying five products, not five customers buying one")),
    ).properties(width=480, height=300)


# --------------------------------------------------------------------------- pricing


_PRICE_ROWS = [N_("Value to the customer"), N_("Value-based price"), N_("Cost-plus price")]

#: The colour key of :func:`price_chart` in words, for where the legend is left out.
PRICE_COLOURS = N_("grey = the alternative's price, green = differentiation value; red = our "
                   "cost, blue = our margin, orange = left to the customer")
_PRICE_SEGMENTS = [N_("reference value"), N_("differentiation value"), N_("our cost"),
                   N_("our margin"), N_("left to the customer")]


def price_rows(reference_price: float, ceiling: float, suggested: float, unit_cost: float,
               cost_plus: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The bars of :func:`price_chart`: (segments: row, segment, start, end; ends: row, end,
    label, label_x, ceiling, pad), from the numbers of a value-based price range.

    Args:
        reference_price: the reference value (the next best alternative's price).
        ceiling: the price ceiling (the economic value to the customer).
        suggested: the value-based price.
        unit_cost: our cost per unit.
        cost_plus: the cost-plus price.

    Returns:
        (segments, ends).

    Raises:
        ValueError: a price or cost is not a number of at least 0.
    """
    vals = {"reference_price": reference_price, "ceiling": ceiling, "suggested": suggested,
            "unit_cost": unit_cost, "cost_plus": cost_plus}
    for k, v in vals.items():
        if isinstance(v, bool) or not isinstance(v, int | float | np.number) or not (
                np.isfinite(float(v)) and float(v) >= 0):
            raise ValueError(f"{k} must be a number >= 0, got {v!r}")
    r = [_(row) for row in _PRICE_ROWS]
    ref, diff, cost, margin, left = (_(seg) for seg in _PRICE_SEGMENTS)
    segs = [
        (r[0], ref, 0.0, reference_price),
        (r[0], diff, reference_price, ceiling),
        (r[1], cost, 0.0, min(unit_cost, suggested)),
        (r[1], margin, unit_cost, suggested),
        (r[1], left, suggested, ceiling),
        (r[2], cost, 0.0, min(unit_cost, cost_plus)),
        (r[2], margin, unit_cost, cost_plus),
        (r[2], left, cost_plus, ceiling),
    ]
    segments = pd.DataFrame([
        {"row": row, "segment": seg, "start": float(a), "end": float(b)}
        for row, seg, a, b in segs if b > a
    ], columns=["row", "segment", "start", "end"])
    ends = pd.DataFrame({
        "row": r,
        "end": [float(ceiling), float(suggested), float(cost_plus)],
        "label": [_("value {amount}").format(amount=_dollars(ceiling)),
                  _("price {amount}").format(amount=_dollars(suggested)),
                  _("price {amount}").format(amount=_dollars(cost_plus))],
        # Right of the whole bar, which runs on to the ceiling with the customer's share.
        "label_x": [float(ceiling), float(max(suggested, ceiling)),
                    float(max(cost_plus, ceiling))],
        "ceiling": float(ceiling),
        # Room for the labels: an invisible mark past the longest bar stretches the axis.
        "pad": max(float(ceiling), float(cost_plus), 1.0) * 1.3,
    })
    return segments, ends


def price_chart(reference_price: float, ceiling: float, suggested: float, unit_cost: float,
                cost_plus: float, title: str = N_("Price on value, not on cost"),
                subtitle: str | None = None, legend: bool = True) -> alt.LayerChart:
    """Three bars on one dollar scale: the customer's economic value (reference value +
    differentiation value), the value-based price (our cost, our margin, what is left to
    the customer) and the cost-plus price. A dashed rule marks the ceiling (the EVC).

    The numbers come from :func:`valuekit.value.value_based_price_range` and
    :func:`valuekit.value.cost_plus_price`. Named datasets "segments" and "ends"
    (:func:`price_rows`). ``legend=False`` leaves the colour key out (it is the slowest part
    to draw; an interactive explains the colours in words instead, see
    :data:`PRICE_COLOURS`).

    Args:
        reference_price: the reference value (the next best alternative's price).
        ceiling: the price ceiling (the economic value to the customer).
        suggested: the value-based price.
        unit_cost: our cost per unit.
        cost_plus: the cost-plus price.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        legend: whether to draw the colour legend (False is faster to draw; the labels or the
            subtitle then carry the key).

    Returns:
        The Altair layer chart.
    """
    segments, ends = price_rows(reference_price, ceiling, suggested, unit_cost, cost_plus)
    colours = [_GREY, PALETTE[2], _LOSE, PALETTE[0], "#f3c27a"]
    x = alt.X("start:Q", title=_("USD per year"), scale=alt.Scale(zero=True, nice=True),
              axis=money_axis("$,.3~s"))
    y = alt.Y("row:N", sort=[_(row) for row in _PRICE_ROWS], title=None)
    segment_names = [_(seg) for seg in _PRICE_SEGMENTS]
    bars = alt.Chart(alt.NamedData(name="segments")).mark_bar(height=34).encode(
        y=y, x=x, x2=alt.X2("end:Q"),
        color=alt.Color("segment:N", title=None, sort=segment_names,
                        scale=alt.Scale(domain=segment_names, range=colours),
                        legend=alt.Legend(orient="bottom", columns=3) if legend else None),
    )
    ends_chart = alt.Chart(alt.NamedData(name="ends"))
    text = ends_chart.mark_text(align="left", dx=6, fontSize=15, fontWeight="bold").encode(
        y=y, x=alt.X("label_x:Q"), text=alt.Text("label:N"))
    ceiling_rule = ends_chart.mark_rule(strokeDash=[6, 3], color=PALETTE[2]).encode(
        x=alt.X("ceiling:Q"))
    pad = ends_chart.mark_point(opacity=0).encode(x=alt.X("pad:Q"), y=y)
    return alt.layer(bars, ceiling_rule, text, pad, title=_title(
        title, subtitle or N_("economic value to the customer = reference value + "
        "differentiation value"))).properties(
        width=560, height=alt.Step(64),
        datasets={"segments": segments.to_dict("records"), "ends": ends.to_dict("records")})


# --------------------------------------------------------------------------- process

#: The four steps of the value marketing process (common B2B training material).
_PROCESS = [
    (N_("1 Find value"), "寻找及发现价值",
     [N_("classify customer value"), N_("most profitable needs"), N_("segments, unmet needs")]),
    (N_("2 Create value"), "创造价值",
     [N_("new products"), N_("low → high value needs"), N_("co-create with customers")]),
    (N_("3 Communicate value"), "传播价值",
     [N_("value as the message"), N_("word of mouth"), N_("right channel and mix")]),
    (N_("4 Realise value"), "实现价值",
     [N_("switch the sales mindset"), N_("relationship and service"), N_("the sales steps")]),
]


def value_process_chart(title: str = N_("The value marketing process"),
                        subtitle: str | None = None) -> alt.LayerChart:
    """The four steps (find → create → communicate → realise value) as boxes with arrows.

    Args:
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    boxes = pd.DataFrame([
        {"step": _(name), "zh": zh, "x": i * 1.0, "x2": i + 0.82}
        for i, (name, zh, _items) in enumerate(_PROCESS)
    ])
    boxes["mid"] = (boxes["x"] + boxes["x2"]) / 2
    lines = pd.DataFrame([
        {"mid": i + 0.41, "y": 2.6 - 0.75 * j, "text": f"• {_(t)}"}
        for i, (_name, _zh, items) in enumerate(_PROCESS) for j, t in enumerate(items)
    ])
    arrows = pd.DataFrame({"mid": [i + 0.91 for i in range(3)], "y": [3.2] * 3,
                           "text": ["➜"] * 3})
    x = alt.X("x:Q", scale=alt.Scale(domain=[-0.05, 3.87]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[0.4, 4.6]), axis=None)
    rect = alt.Chart(boxes).mark_rect(cornerRadius=8, color="#eaf2fa", stroke=PALETTE[0],
                                      strokeWidth=2).encode(
        x=x, x2=alt.X2("x2:Q"), y=alt.Y("y1:Q", scale=alt.Scale(domain=[0.4, 4.6]), axis=None),
        y2=alt.Y2("y2:Q")).transform_calculate(y1="0.7", y2="4.3")
    head = alt.Chart(boxes).mark_text(fontSize=16, fontWeight="bold", color=PALETTE[0]).encode(
        x=alt.X("mid:Q", scale=alt.Scale(domain=[-0.05, 3.87]), axis=None),
        y=alt.Y("y:Q", scale=alt.Scale(domain=[0.4, 4.6]), axis=None),
        text=alt.Text("step:N")).transform_calculate(y="3.75")
    zh = alt.Chart(boxes).mark_text(fontSize=15, color="#555555").encode(
        x=alt.X("mid:Q", scale=alt.Scale(domain=[-0.05, 3.87]), axis=None),
        y=alt.Y("y:Q", scale=alt.Scale(domain=[0.4, 4.6]), axis=None),
        text=alt.Text("zh:N")).transform_calculate(y="3.25")
    body = alt.Chart(lines).mark_text(fontSize=13, align="center").encode(
        x=alt.X("mid:Q", scale=alt.Scale(domain=[-0.05, 3.87]), axis=None), y=y,
        text=alt.Text("text:N"))
    arrow = alt.Chart(arrows).mark_text(fontSize=26, color=PALETTE[1]).encode(
        x=alt.X("mid:Q", scale=alt.Scale(domain=[-0.05, 3.87]), axis=None), y=y,
        text=alt.Text("text:N"))
    return alt.layer(rect, head, zh, body, arrow, title=_title(
        title, subtitle or N_("research and development → market launch → sales and service")),
    ).properties(width=900, height=230)


# --------------------------------------------------------------------------- tables

#: Display names of the columns, rows and category values module 1's tables show
#: (:func:`table`); the bridge's parts and the survey's components use the charts' names.
TABLE_LABELS: dict[str, str] = {
    "account_id": N_("account"), "revenue": N_("revenue"), "profit": N_("profit"),
    "annual_budget": N_("annual budget"), "share_of_wallet": N_("share of wallet"),
    "customer": N_("customer"), "headroom": N_("budget left to win"), "tier": N_("profit tier"),
    "accounts": N_("accounts"), "share_of_accounts": N_("share of accounts"),
    "share_of_profit": N_("share of profit"), "share_of_revenue": N_("share of revenue"),
    "part": N_("source"), "component": N_("component"), "kind": N_("kind"),
    "us": N_("Us"), "competitor": N_("Competitor"), "gap": N_("gap"),
    "advantage": N_("advantage"), "value": N_("value"), "cost": N_("cost"),
    "total": N_("total"), "value_cost_ratio": N_("value / cost ratio"),
    "replace_cost": N_("cost of winning them back"), "retain_cost": N_("cost of keeping them"),
    "saving": N_("saving"), "disappointed": N_("disappointed"), "satisfied": N_("satisfied"),
    "delighted": N_("delighted"),
    "satisfaction": N_("satisfaction"), "True": N_("yes"), "False": N_("no"),
}
#: Columns of module 1's tables that hold dollars: shown with 万/亿 outside English
#: (:func:`valuekit.i18n.money`) where the lesson gives them a number format.
MONEY_COLUMNS = ("revenue", "profit", "annual_budget", "headroom", "replace_cost",
                 "retain_cost", "saving")


def _money_format(fmt: Any) -> Any:
    """A lesson's number format for dollars (``"${:,.0f}"``, ``"{:,.0f}"``) as the reader's
    language writes money: :func:`usd` (``US$255.4万``)."""
    if isinstance(fmt, str) and fmt.removeprefix("$") in ("{:,.0f}", "{:,}"):
        return usd
    return fmt


def table(data: pd.DataFrame | pd.Series, formats: Mapping[str, str] | str | None = None,
          precision: int | None = None) -> Any:
    """A table of module 1 for display, in the kit's language: ``data.style.format(formats,
    precision=precision)`` for a DataFrame; a Series with each value formatted by
    ``formats`` (one format string). In English exactly that; in another language
    :func:`valuekit.i18n.shown_table` with module 1's names (:data:`TABLE_LABELS`, the
    bridge's parts, the survey's components, the profit tiers): columns, rows, index names
    and category values through the catalogs, a Series as a one-column table, and dollars
    (a ``"${:,.0f}"`` format, or a number format on a :data:`MONEY_COLUMNS` column) with
    万/亿 (:func:`valuekit.i18n.money`). The data are unchanged.

    Args:
        data: a DataFrame or Series.
        formats: format strings by column (one string for a Series).
        precision: decimals where no format is given.

    Returns:
        A Styler for a DataFrame (and outside English for a Series), in English a formatted
        Series for a Series.
    """
    if language() == "en":  # as the notebook showed it before it had a language
        if isinstance(data, pd.Series):
            return data.map(formats.format) if isinstance(formats, str) else data
        if formats is None and precision is None:
            return data
        return data.style.format(formats, precision=precision)
    if isinstance(data, pd.Series):
        data = data.to_frame(name=data.name or "value")
        formats = {data.columns[0]: formats} if isinstance(formats, str) else formats
    frame = data.copy()
    for col in frame.columns:  # yes/no as words (shown_table translates text, not numbers)
        if pd.api.types.is_bool_dtype(frame[col]):
            frame[col] = frame[col].map(str)
    if isinstance(formats, Mapping):
        shown = {c: _money_format(f) if str(f).startswith("$") or c in MONEY_COLUMNS else f
                 for c, f in formats.items()}
    else:
        shown = _money_format(formats) if str(formats).startswith("$") else formats
    names = {**TABLE_LABELS, **_BRIDGE_LABELS, **COMPONENT_LABELS, **_TOTAL_LABELS}
    return shown_table(frame.style.format(shown, precision=precision), labels=names)
