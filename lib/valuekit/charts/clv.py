"""Charts of Module 4 (customer lifetime value and relationship marketing).

Each chart takes what a :mod:`valuekit.clv` function (or a lesson helper of
:mod:`valuekit.widgets.clv`) returned and computes nothing new. The ``*_layers`` functions
build a chart on named data sources when ``frames`` is None: a template that the
interactives fill with :func:`valuekit.charts.adoption.with_data` at every slider step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from valuekit.charts import PALETTE, value_axis
from valuekit.charts.adoption import _title
from valuekit.i18n import N_, _, language, money

__all__ = [
    "clv_years_layers",
    "cohort_chart",
    "ladder_chart",
    "ltv_cac_layers",
    "published_ltv_chart",
    "retention_worth_layers",
    "sbg_fit_chart",
    "sbg_fitter_layers",
]


def _titled(title: str, subtitle: str) -> alt.TitleParams:
    """Title and subtitle in the language shown now (the English when a catalog lacks them,
    e.g. a title the caller wrote)."""
    return _title(_(title), _(subtitle))


def _shown(values: Any) -> list[str]:
    """The kit's own words in a data column (a rung, an example, a series), translated for
    display; names from the data pass through unchanged (no catalog has them)."""
    return [_(str(v)) for v in values]


#: The rungs of :func:`valuekit.clv.relationship.loyalty_ladder`, as a chart names them in
#: another language (the msgid says which rung, for the translator: "customer" and "lost"
#: alone mean other things elsewhere in the kit).
RUNG_LABELS: dict[str, str] = {
    "prospect": N_("prospect (loyalty ladder: never bought)"),
    "customer": N_("customer (loyalty ladder: first contract year)"),
    "supporter": N_("supporter (loyalty ladder: renewed once)"),
    "regular": N_("regular (loyalty ladder: renewed 2-4 times)"),
    "loyal customer": N_("loyal customer (loyalty ladder: renewed 5 times or more)"),
    "lost": N_("lost (loyalty ladder: no longer a customer)"),
}


def _money_axis() -> alt.Axis:
    """Dollars on an axis: ``$50,000`` in English; in another language from ten thousand up
    with 万 as :func:`valuekit.i18n.money` writes them (``US$5万``), smaller amounts whole."""
    if language() == "en":
        return value_axis("$,.0f")
    return value_axis(",.0f", labelExpr="abs(datum.value) >= 10000 ? 'US$' + "
                      "format(datum.value / 10000, ',.4~g') + '万' : "
                      "'US$' + format(datum.value, ',.0f')")


def _src(frames: Mapping[str, pd.DataFrame] | None, name: str) -> Any:
    return alt.Data(name=name) if frames is None else frames[name]


def published_ltv_chart(table: pd.DataFrame,
                        title: str = N_("What one loyal customer is worth over a lifetime"),
                        subtitle: str | None = None) -> alt.LayerChart:
    """Bars of the published lifetime values (``table``: :func:`valuekit.widgets.clv.
    published_ltv`, columns example, lifetime_value, years).

    Args:
        table: columns example, lifetime_value, years.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    frame = table.reset_index()[["example", "lifetime_value", "years"]].copy()
    if language() == "en":
        frame["label"] = [f"${v / 1000:,.0f}k over {y} years"
                          for v, y in zip(frame["lifetime_value"], frame["years"], strict=True)]
    else:  # 万 and the currency as the reader expects them (valuekit.i18n.money)
        frame["label"] = [_("{value} over {years} years").format(value=money(v, "USD"), years=y)
                          for v, y in zip(frame["lifetime_value"], frame["years"], strict=True)]
        frame["example"] = _shown(frame["example"])
    base = alt.Chart(frame).encode(y=alt.Y("example:N", sort=list(frame["example"]), title=None))
    bars = base.mark_bar().encode(x=alt.X("lifetime_value:Q", title=_("lifetime value (USD)"),
                                          axis=_money_axis(),
                                          scale=alt.Scale(domain=[0, 650_000])))
    text = base.mark_text(align="left", dx=4).encode(x=alt.X("lifetime_value:Q"),
                                                     text=alt.Text("label:N"))
    return alt.layer(bars, text, title=_titled(
        title, subtitle or N_("common B2B marketing training material"))).properties(
        width=520, height=alt.Step(32))


def ladder_chart(ladder: pd.DataFrame, title: str = N_("Our loyalty ladder today"),
                 subtitle: str | None = None) -> alt.LayerChart:
    """Horizontal bars of the accounts on each rung (``ladder``: :func:`valuekit.widgets.clv.
    loyalty_ladder`, columns rung, accounts), from the bottom rung up.

    Args:
        ladder: columns rung, accounts, bottom rung first.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    frame = ladder.reset_index()[["rung", "accounts"]]
    if language() != "en":
        frame["rung"] = _shown(RUNG_LABELS.get(r, r) for r in frame["rung"])
    base = alt.Chart(frame).encode(y=alt.Y("rung:N", sort=list(frame["rung"]), title=None))
    bars = base.mark_bar().encode(x=alt.X("accounts:Q", title=_("accounts"),
                                          axis=value_axis(",.0f")))
    text = base.mark_text(align="left", dx=4).encode(
        x=alt.X("accounts:Q"), text=alt.Text("accounts:Q", format=",.0f"))
    return alt.layer(bars, text, title=_titled(
        title,
        subtitle or N_("prospects at the top; each rung further down is a deeper relationship"))
    ).properties(width=480, height=alt.Step(34))


def cohort_chart(retention: pd.DataFrame,
                 title: str = N_("Every cohort keeps fewer each year"),
                 subtitle: str | None = None) -> alt.Chart:
    """One line per cohort: share still a customer at the start of each year since its first
    contract (``retention``: :func:`valuekit.clv.cohort_retention`; NaN cells left out).

    Args:
        retention: :func:`valuekit.clv.cohort_retention`.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart.
    """
    long = retention.stack().rename("share").reset_index()
    long.columns = ["cohort", "year", "share"]
    long["cohort"] = long["cohort"].astype(str)
    return alt.Chart(long, title=_titled(
        title, subtitle or N_("share of each year's new accounts still a customer"))).mark_line(
        point=True).encode(
        x=alt.X("year:Q", title=_("years since the first contract"), axis=value_axis("d")),
        y=alt.Y("share:Q", title=_("still a customer"), axis=value_axis(".0%"),
                scale=alt.Scale(domain=[0.4, 1])),
        color=alt.Color("cohort:N", title=_("cohort")),
    ).properties(width=520, height=300)


def sbg_fit_chart(frame: pd.DataFrame, title: str = N_("The sBG model against the cohorts"),
                  subtitle: str | None = None) -> alt.Chart:
    """Actual and fitted retention rate by year since the first contract (``frame``: columns
    year, series, rate; see :func:`valuekit.widgets.clv.sbg_fit_frame`).

    Args:
        frame: columns year, series, rate.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair chart.
    """
    if language() != "en":
        frame = frame.assign(series=_shown(frame["series"]))
    return alt.Chart(frame, title=_titled(
        title, subtitle or N_("retention rises with tenure: the churn-prone leave first"))
    ).mark_line(point=True).encode(
        x=alt.X("year:Q", title=_("renewal (years since the first contract)"),
                axis=value_axis("d")),
        y=alt.Y("rate:Q", title=_("retention rate that year"), axis=value_axis(".0%"),
                scale=alt.Scale(domain=[0.75, 1])),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
    ).properties(width=520, height=280)


# --------------------------------------------------------------------------- interactives


def clv_years_layers(frames: Mapping[str, pd.DataFrame] | None,
                     title: str = N_("Where the lifetime value comes from"),
                     subtitle: str | None = None) -> alt.LayerChart:
    """Bars: each year's expected, discounted margin; line: the CLV so far (``frames``:
    "years" with columns year, this_year, so_far).

    Args:
        frames: "years" with columns year, this_year, so_far.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    x = alt.X("year:Q", title=_("year of the relationship"), axis=value_axis("d"))
    return alt.layer(
        alt.Chart(_src(frames, "years")).mark_bar(color=PALETTE[1], opacity=0.7).encode(
            x=x, y=alt.Y("this_year:Q", title=_("USD"), axis=_money_axis())),
        alt.Chart(_src(frames, "years")).mark_line(color=PALETTE[0], strokeWidth=3).encode(
            x=x, y=alt.Y("so_far:Q")),
        title=_titled(title, subtitle or N_("orange: each year's discounted expected margin; "
                                            "blue: lifetime value so far")),
    ).properties(width=560, height=260)


def retention_worth_layers(frames: Mapping[str, pd.DataFrame] | None,
                           title: str = N_("Lifetime value against retention"),
                           subtitle: str | None = None) -> alt.LayerChart:
    """The CLV curve over retention rates with today's and the improved rate marked
    (``frames``: "curve" with retention, clv; "points" with retention, clv, text).

    Args:
        frames: "curve" with retention, clv; "points" with retention, clv, text.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    x = alt.X("retention:Q", title=_("retention rate"), axis=value_axis(".0%"),
              scale=alt.Scale(domain=[0.5, 1]))
    y = alt.Y("clv:Q", title=_("lifetime value (USD)"), axis=_money_axis())
    return alt.layer(
        alt.Chart(_src(frames, "curve")).mark_line(color=PALETTE[0], strokeWidth=3).encode(
            x=x, y=y),
        alt.Chart(_src(frames, "points")).mark_point(size=90, filled=True,
                                                     color=PALETTE[3]).encode(
            x=alt.X("retention:Q"), y=alt.Y("clv:Q")),
        alt.Chart(_src(frames, "points")).mark_text(align="right", dx=-8, dy=-8,
                                                    color=PALETTE[3]).encode(
            x=alt.X("retention:Q"), y=alt.Y("clv:Q"), text=alt.Text("text:N")),
        title=_titled(title, subtitle or N_("the curve steepens as retention rises")),
    ).properties(width=540, height=270)


def ltv_cac_layers(frames: Mapping[str, pd.DataFrame] | None,
                   title: str = N_("LTV:CAC by team"), subtitle: str | None = None,
                   teams: list[str] | None = None) -> alt.LayerChart:
    """Bars of the LTV:CAC ratio per segment, coloured by whether it reaches the target, and
    the target as a rule (``frames``: "bars" with segment, ratio, verdict; "target" with
    ratio).

    Args:
        frames: "bars" with segment, ratio, verdict; "target" with ratio.
        title: the chart's title.
        subtitle: a line under the title (None: none).
        teams: the segments in order from the top (None: alphabetical).

    Returns:
        The Altair layer chart.
    """
    verdicts = ["reaches the target", "below the target"]
    y = alt.Y("segment:N", title=None, sort=teams or "ascending")
    return alt.layer(
        alt.Chart(_src(frames, "bars")).mark_bar().encode(
            y=y, x=alt.X("ratio:Q", title=_("lifetime value / acquisition cost"),
                         axis=value_axis(",.0f")),
            color=alt.Color("verdict:N", title=None, legend=None, scale=alt.Scale(
                domain=verdicts, range=[PALETTE[0], PALETTE[3]]))),
        alt.Chart(_src(frames, "target")).mark_rule(strokeWidth=2, strokeDash=[4, 3]).encode(
            x=alt.X("ratio:Q")),
        title=_titled(title, subtitle or N_("blue: reaches the target ratio (dashed); "
                                            "red: below it")),
    ).properties(width=520, height=alt.Step(22))


def sbg_fitter_layers(frames: Mapping[str, pd.DataFrame] | None,
                      title: str = N_("Retention curve: model against the cohorts"),
                      subtitle: str | None = None) -> alt.LayerChart:
    """The sBG survival curve (line), the pooled cohorts' survival (dots: filled where used
    in the fit) and the last year used (rule) (``frames``: "model" with year, share;
    "actual" with year, share, used; "cut" with year).

    Args:
        frames: "model" with year, share; "actual" with year, share, used; "cut" with year.
        title: the chart's title.
        subtitle: a line under the title (None: none).

    Returns:
        The Altair layer chart.
    """
    x = alt.X("year:Q", title=_("years since the subscription started"),
              axis=value_axis("d"))
    used = ["used in the fit", "not used"]
    return alt.layer(
        alt.Chart(_src(frames, "model")).mark_line(color=PALETTE[0], strokeWidth=3).encode(
            x=x, y=alt.Y("share:Q", title=_("still subscribed"), axis=value_axis(".0%"),
                         scale=alt.Scale(domain=[0, 1]))),
        alt.Chart(_src(frames, "actual")).mark_point(size=70, filled=True).encode(
            x=alt.X("year:Q"), y=alt.Y("share:Q"),
            color=alt.Color("used:N", legend=None, scale=alt.Scale(
                domain=used, range=[PALETTE[3], "#9aa5b1"]))),
        alt.Chart(_src(frames, "cut")).mark_rule(strokeDash=[4, 3]).encode(x=alt.X("year:Q")),
        title=_titled(title, subtitle or N_("line: sBG model; red dots: years used in the "
                                            "fit; grey: later years, to test it")),
    ).properties(width=540, height=270)
