"""Interactives of Module 2 (the technology adoption life cycle and the chasm), and the
lesson's display helpers.

Each interactive is a pure function (inputs -> :class:`~valuekit.widgets.Outcome`) plus an
argument-free builder registered for the benchmark:

- :func:`bass_explorer` / ``m02.bass_explorer``: p, q and m sliders; the Bass curve with
  the adopter groups shaded and the peak time.
- :func:`chasm_simulator` / ``m02.chasm_simulator``: the cross-market influence (and the
  main market's word of mouth) of the dual-market model; the saddle, its depth and length.
- :func:`life_cycle_locator` / ``m02.life_cycle_locator``: a sample product and an "as of"
  month; the stage the product was in at that time.

The charts are drawn from templates (:func:`valuekit.charts.adoption.template`): the Altair
chart is built and validated once per interactive, and each change only fills in new data,
which keeps a redraw to the SVG rendering itself.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from valuekit import adoption as ad
from valuekit import data
from valuekit.adoption.lessons import (
    BEACHHEAD_CRITERIA_USED,
    BEACHHEAD_SCORES,
    PUBLISHED_SADDLE,
    bass_fit_summary,
    beachhead_candidates,
    beachhead_reasons,
    locator_data,
    saddle_comparison,
    stage_overview,
)
from valuekit.charts import adoption as ca
from valuekit.i18n import N_, MoneyFormat, _, language, localize, shown_table
from valuekit.widgets import (
    CONTROL_WIDTH,
    LABEL_WIDTH,
    Dropdown,
    Interactive,
    Outcome,
    Slider,
    register_builder,
)

__all__ = [
    "BASS_YEARS",
    "BEACHHEAD_CRITERIA_USED",
    "BEACHHEAD_SCORES",
    "CHASM_YEARS",
    "FORMATS",
    "PUBLISHED_SADDLE",
    "MonthSlider",
    "bass_explorer",
    "bass_explorer_widget",
    "bass_fit_frames",
    "bass_fit_summary",
    "beachhead_candidates",
    "beachhead_reasons",
    "chasm_simulator",
    "chasm_verdict",
    "chasm_widget",
    "life_cycle_locator",
    "life_cycle_locator_widget",
    "locator_data",
    "saddle_comparison",
    "stage_overview",
]

# --------------------------------------------------------------------------- Bass explorer

#: Years shown by the Bass explorer (a fixed axis, so curves can be compared as p, q move).
BASS_YEARS = 30
_BASS_T = np.linspace(0.0, BASS_YEARS, 4 * BASS_YEARS + 1)


@functools.cache
def _bass_template(lang: str = "en") -> dict[str, Any]:
    """The explorer's chart spec, built once per language (its titles are translated)."""
    return ca.template(ca.bass_layers(
        None, title=N_("Bass explorer: new customers per year"), with_actual=False,
        legend=False, subtitle=N_("shaded: when each adopter group buys")))


def bass_explorer(p: float, q: float, m: float) -> Outcome:
    """The Bass curve for p, q, m (per year) with the adopter groups shaded.

    Numbers: the peak time ln(q/p)/(p+q) and the adoption rate there (Bass 1969), when
    the chasm is reached (16 % adopted: enthusiasts and visionaries are all in) and when
    half the market has adopted. The groups are placed by :func:`bass_adopter_periods`.
    """
    peak = ad.bass_peak_time(p, q)
    curve = pd.DataFrame({"t": _BASS_T,
                          "adopters": ad.bass_adoptions(_BASS_T, p, q, m, kind="density")})
    groups = ad.bass_adopter_periods(p, q)
    frames = ca.bass_frames(curve, groups, peak if peak > 0 else None)
    frames.pop("actual")
    return Outcome(
        {  # the keys are marked for the catalog, translated where the readout shows them
            N_("Peak (years after launch)"): peak,
            N_("Customers per year at the peak"): ad.bass_peak_adoptions(p, q, m),
            N_("Chasm reached (16% adopted), year"): float(ad.bass_time_to_share(0.16, p, q)),
            N_("Half the market by year"): float(ad.bass_time_to_share(0.5, p, q)),
        },
        chart=ca.with_data(_bass_template(language()), frames),
        formats={
            "Peak (years after launch)": "{:.1f}",
            "Customers per year at the peak": "{:,.0f}",
            "Chasm reached (16% adopted), year": "{:.1f}",
            "Half the market by year": "{:.1f}",
        },
        note=localize(N_("q/p = {ratio:.1f}: ", ratio=q / p)) + (
            _("word of mouth outweighs advertising, so sales build to a peak") if q > p
            else _("no peak: adoption is fastest at launch")),
    )


@register_builder("m02.bass_explorer")
def bass_explorer_widget() -> Interactive:
    """Bass explorer: p, q and m sliders (defaults: the average p = 0.03 and q = 0.38 that
    Sultan, Farley & Lehmann 1990 report over 213 parameter sets from 15 articles)."""
    ix = Interactive(
        bass_explorer,
        {
            "p": Slider(0.001, 0.1, 0.001, 0.03, _("p: innovation (advertising)"), ".3f"),
            "q": Slider(0.0, 1.0, 0.01, 0.38, _("q: imitation (word of mouth)"), ".2f"),
            "m": Slider(1000, 20000, 500, 10000, _("m: market potential"), ",d"),
        },
        title=_("Bass explorer: move p, q and m"),
    )
    ix.add_class("vk-m02-bass-explorer")  # lets a browser test find this one
    return ix


# --------------------------------------------------------------------------- chasm simulator

#: Years simulated by the chasm simulator.
CHASM_YEARS = 30


@functools.cache
def _chasm_template(lang: str = "en") -> dict[str, Any]:
    """The simulator's chart spec, built once per language (its titles are translated)."""
    return ca.template(ca.dual_market_layers(
        None, title=N_("Chasm simulator: an early and a main market"), legend=False,
        subtitle=N_("orange: early market (visionaries); green: main market (pragmatists); "
                    "blue: total sales"), y_title=N_("new adopters per year (% of the market)")))


def chasm_verdict(frame: pd.DataFrame, saddle: ad.Saddle | None) -> str:
    """What a dual-market run shows, in words: ``"saddle"``, ``"not crossed"``,
    ``"small dip"`` or ``"one peak"``.

    ``frame``: :func:`valuekit.adoption.dual_market`; ``saddle``: ``detect_saddle`` on its
    total. "not crossed": no saddle because the main market is still climbing in the last
    period and total sales have not come back to their early peak (the chasm not crossed
    within the horizon); "small dip": total sales have a second peak but the dip between
    is shallower or shorter than a saddle (under 10 % or 2 periods, the working definition
    of Goldenberg, Libai & Muller 2002); "one peak": the two markets merge.
    """
    if saddle is not None:
        return "saddle"
    total = frame["total"].to_numpy(dtype=float)
    if frame["main"].idxmax() == frame.index[-1] and total[-1] < total.max():
        return "not crossed"
    inner = total[1:-1]
    peaks = np.flatnonzero((inner > total[:-2]) & (inner >= total[2:]))
    return "small dip" if len(peaks) > 1 else "one peak"


def chasm_simulator(cross: float, q_main: float = 0.45) -> Outcome:
    """The dual-market model (early market 16 % of the total) with cross-market influence
    ``cross`` and main-market word of mouth ``q_main``; the saddle found in total sales.

    After Goldenberg, Libai & Muller (2002): with weak influence of the early market on the
    main market, total sales rise, dip and rise again (the saddle); the depth and length
    come from :func:`valuekit.adoption.detect_saddle` (at least 10 % deep, 2 years long).
    Without a saddle the readout says why (:func:`chasm_verdict`): the main market has not
    crossed within the :data:`CHASM_YEARS` simulated, the dip is too small to count, or
    the two markets merge into one peak.
    """
    frame = ad.dual_market(CHASM_YEARS, q_main=q_main, cross=cross)
    saddle = ad.detect_saddle(frame["total"])
    verdict = chasm_verdict(frame, saddle)
    numbers: dict[str, Any]
    formats: dict[str, str] = {}
    if saddle is not None:
        numbers = {N_("Saddle"): localize(N_("early peak in year {peak}, trough in year "
                                              "{trough}", peak=saddle.peak_time,
                                              trough=saddle.trough_time)),
                   N_("Depth"): saddle.depth,
                   N_("Years below the early peak"): saddle.duration}
        formats = {"Depth": "{:.0%}", "Years below the early peak": "{:d}"}
    else:
        why = {
            "not crossed": localize(N_("not crossed within {years} years: the main market is "
                                       "still climbing, below the early peak",
                                       years=CHASM_YEARS)),
            "small dip": _("none: only a small dip (under 10 % or shorter than 2 years)"),
            "one peak": _("none: the two markets merge into one peak"),
        }[verdict]
        numbers = {"Saddle": why, "Depth": "–", "Years below the early peak": "–"}
    numbers[N_("Main-market peak, year")] = (
        localize(N_("after year {years}", years=CHASM_YEARS)) if verdict == "not crossed"
        else int(frame["main"].idxmax()))
    return Outcome(
        numbers,
        chart=ca.with_data(_chasm_template(language()), ca.dual_market_frames(frame, saddle)),
        formats=formats,
        note=_("Published averages: saddles start about 9 years after take-off, last about 8 "
               "years and fall 29 % at the deepest (Chandrasekaran & Tellis 2011)."),
    )


@register_builder("m02.chasm_simulator")
def chasm_widget() -> Interactive:
    """Chasm simulator: the cross-market influence slider shows the saddle appear and go.

    The influence runs over 0-0.015: at the default main-market word of mouth (q = 0.45)
    the saddle is about 29 % deep near 0.005 and gone by about 0.009
    (:func:`valuekit.adoption.dual_market`), so the whole switch fits on the slider.
    """
    ix = Interactive(
        chasm_simulator,
        {
            "cross": Slider(0.0, 0.015, 0.0005, 0.0, _("Early → main market influence"),
                            ".4f"),
            "q_main": Slider(0.2, 0.9, 0.05, 0.45, _("Main market word of mouth (q)"), ".2f"),
        },
        title=_("Chasm simulator: how much do visionaries sway pragmatists?"),
    )
    ix.add_class("vk-m02-chasm-simulator")  # lets a browser test find this one
    return ix


# --------------------------------------------------------------------------- life-cycle locator


@dataclass(frozen=True)
class MonthSlider(Dropdown):
    """A pick-one over ordered month labels ("2021-06"), drawn as a selection slider."""


class _MonthInteractive(Interactive):
    """An Interactive that draws :class:`MonthSlider` inputs as ipywidgets SelectionSliders."""

    @staticmethod
    def _control(spec: Any, continuous_update: bool) -> w.ValueWidget:
        if isinstance(spec, MonthSlider):
            return w.SelectionSlider(
                options=list(spec.options), value=spec.default, description=spec.label,
                continuous_update=continuous_update, style={"description_width": LABEL_WIDTH},
                layout=w.Layout(width=CONTROL_WIDTH),
            )
        return Interactive._control(spec, continuous_update)


@functools.cache
def _locator_template(lang: str = "en") -> dict[str, Any]:
    """The locator's chart spec, built once per language (its titles are translated)."""
    return ca.template(ca.locator_layers(
        None, legend=False,
        subtitle=[N_("shading: the stage judged that month (light blue introduction, green "
                     "growth,"), N_("blue maturity, orange decline); line: 12-month average; "
                                    "faded: later months")]))


def life_cycle_locator(product: str, as_of: str, *, data: Mapping[str, pd.DataFrame],
                       names: Mapping[str, str] | None = None) -> Outcome:
    """Where ``product`` stood in its life cycle in the month ``as_of`` ("2021-06").

    ``data``: :func:`locator_data`. The stage is the one judged from the yearly totals
    known that month (:func:`valuekit.adoption.life_cycle_history`); the readout adds the
    last twelve months' new customers, their change on the twelve before, and the
    strategy the life-cycle table gives for the stage.
    """
    if product not in data:
        raise ValueError(f"unknown product {product!r}; products are {sorted(data)}")
    try:
        month = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        raise ValueError(f"as_of must be a month such as '2021-06', got {as_of!r}") from None
    monthly = data[product]
    known = monthly[monthly["month"] <= month]
    title = localize(N_("{product}, as of {as_of}", as_of=as_of, product=(
        f"{product} {names.get(product, '') if names else ''}".strip())))
    chart = ca.with_data(_locator_template(language()), ca.locator_frames(monthly, month),
                         title=title)
    if known.empty:
        launch = monthly["month"].iloc[0].strftime("%Y-%m")
        return Outcome({N_("Stage"): _("not launched yet"), N_("Launch"): launch}, chart=chart)
    stage = str(known["stage"].iloc[-1])
    units = known["units"].to_numpy()
    last = float(units[-12:].sum())
    prev = float(units[-24:-12].sum()) if len(units) >= 24 else math.nan
    return Outcome(
        {
            N_("Stage"): _(stage),
            N_("Months on the market"): len(known),
            N_("New customers, last 12 months"): last,
            N_("Change on the 12 months before"): last / prev - 1 if prev > 0 else "–",
        },
        chart=chart,
        formats={"New customers, last 12 months": "{:,.0f}",
                 **({"Change on the 12 months before": "{:+.0%}"} if prev > 0 else {})},
        note=localize(N_("Strategy in {stage}: {objective}.", stage=_(stage),
                         objective=_(ad.life_cycle_table().loc[stage, "objective"]))),
    )


#: The life-cycle table's objectives (:func:`valuekit.adoption.life_cycle_table`) the
#: locator's note shows: marked for the catalog, translated where the note is written.
OBJECTIVE_WORDS = (N_("create awareness and trial"), N_("grow market share"),
                   N_("defend share and cut cost"), N_("harvest: cut spending, milk the product"))


@register_builder("m02.life_cycle_locator")
def life_cycle_locator_widget(product_sales: pd.DataFrame | None = None,
                              products: pd.DataFrame | None = None) -> Interactive:
    """Life-cycle locator on the sample product sales (or on the tables given)."""
    if product_sales is None or products is None:
        tables = data.sample(["product_sales", "products"])
        product_sales = tables["product_sales"] if product_sales is None else product_sales
        products = tables["products"] if products is None else products
    names = dict(zip(products["product_id"].astype(str), products["product_name"].astype(str),
                     strict=True))
    series = locator_data(product_sales)
    first = min(f["month"].iloc[0] for f in series.values())
    last = max(f["month"].iloc[-1] for f in series.values())
    months = [m.strftime("%Y-%m") for m in pd.date_range(first, last, freq="MS")]
    default_product = next(iter(series))
    ix = _MonthInteractive(
        life_cycle_locator,
        {
            "product": Dropdown({f"{p} {names.get(p, '')}".strip(): p for p in series},
                              default_product, _("Product")),
            "as_of": MonthSlider(months, months[-1], _("As of (month)")),
        },
        fixed={"data": series, "names": names},
        title=_("Life-cycle locator: where was the product at that time?"),
    )
    ix.add_class("vk-m02-life-cycle-locator")  # lets a browser test find this one
    return ix


# --------------------------------------------------------------------------- lesson helpers
# The lesson's tables are computed in valuekit.adoption.lessons (re-exported here for the
# notebook); what stays here arranges data for the charts.


def bass_fit_frames(monthly: pd.Series, fit: ad.BassFit) -> dict[str, Any]:
    """A Bass fit on monthly sales, arranged for :func:`valuekit.charts.adoption.bass_chart`
    and :func:`valuekit.charts.adoption.bass_cumulative_chart` in years since launch:
    curve (fitted new customers per month), actual, cumulative (fitted customers so far,
    m F(t), Bass 1969), actual_cumulative (the running total of the actual months), groups
    and peak_time (years)."""
    t = np.arange(1, len(monthly) + 1, dtype=float)
    groups = ad.bass_adopter_periods(fit.p, fit.q)
    groups[["start", "end"]] = groups[["start", "end"]] / 12.0
    actual = monthly.to_numpy(dtype=float)
    return {
        "curve": pd.DataFrame({"t": t / 12.0, "adopters": fit.predict(t)}),
        "actual": pd.DataFrame({"t": t / 12.0, "adopters": actual}),
        "cumulative": pd.DataFrame({"t": t / 12.0, "adopted": fit.cumulative(t)}),
        "actual_cumulative": pd.DataFrame({"t": t / 12.0, "adopted": np.cumsum(actual)}),
        "groups": groups,
        "peak_time": fit.peak_time / 12.0,
    }


def _sd_label(v: float) -> str:
    """A cut point in standard deviations: −2, +1, and −∞ / +∞ for the open ends."""
    if math.isinf(v):
        return "−∞" if v < 0 else "+∞"
    return "0" if v == 0 else f"{v:+.0f}".replace("-", "−")


#: Display formats of the lesson's tables, by column name, for ``frame.style.format(FORMATS,
#: na_rep="–")``: shares as percentages (adopter groups under Rogers' or Moore's names),
#: counts with thousands separators, cut points in standard deviations (the open ends as
#: ±∞), months as 2021-06, money in dollars (in Chinese with 万/亿:
#: :class:`valuekit.i18n.MoneyFormat`). Columns not named keep pandas' default.
FORMATS: dict[str, Any] = {
    **{g: "{:.0%}" for g in ("innovator", "early_adopter", "early_majority", "late_majority",
                             "laggard", "early_market", "technology enthusiasts",
                             "visionaries", "pragmatists", "conservatives", "skeptics")},
    "lower_sd": _sd_label, "upper_sd": _sd_label,
    "share": "{:.1%}", "textbook_share": "{:.1%}", "cumulative_share": "{:.1%}",
    "rogers_share": "{:.1%}", "exact_share": "{:.1%}", "difference": "{:+.1%}",
    "count": "{:,.0f}", "months_on_market": "{:,.0f}", "last_year": "{:,.0f}",
    "growth": "{:+.0%}", "peak_units": "{:,.0f}", "trough_units": "{:,.0f}",
    "depth": "{:.0%}", "years_below": "{:.0f}", "years_to_peak": "{:.1f}",
    "share_sold_by_peak": "{:.0%}", "peak": "{:%Y-%m}", "trough": "{:%Y-%m}",
    "recovery": "{:%Y-%m}", "accounts": "{:,.0f}", "customers": "{:,.0f}",
    "median_budget": MoneyFormat("${:,.0f}"), "score": "{:.2f}", "launch": "{:%Y-%m}",
    "units_to_date": "{:,.0f}", "previous_year": "{:,.0f}",
}




def table(frame: pd.DataFrame | pd.Series, formats: Mapping[str, Any] | None = None,
          na_rep: str | None = None) -> Any:
    """A lesson table (or a labelled Series) as the reader sees it: in English ``frame`` itself (or
    ``frame.style.format(formats, na_rep=na_rep)`` when ``formats`` is given: exactly what
    the notebook showed before); in another language :func:`valuekit.i18n.shown_table` of it:
    column names, index, index name and text cells (the kit's categories and the lessons'
    phrases) from the catalogs, yes/no for True/False, formatted the same way (money with
    万/亿; without ``formats``, the :data:`FORMATS` of its decimal columns). Names from the
    data (products) and numbers stay as they are; the data themselves are not changed."""
    if language() == "en":
        return frame if formats is None else frame.style.format(formats, na_rep=na_rep)
    if isinstance(frame, pd.Series):  # a labelled list (the profit milestones): a one-column
        # table, so that no pandas words (Name, dtype) show under it
        frame = frame.to_frame()
    if formats is None:  # a Styler writes every decimal with six places: the lesson's formats
        formats = {c: f for c, f in FORMATS.items()
                   if c in frame.columns and pd.api.types.is_float_dtype(frame[c])}
    # the Chinese term of each row is what the translated index already says
    shown = frame.drop(columns=["term_zh"], errors="ignore")
    for col in shown.columns:
        if shown[col].dtype == bool:  # yes/no, which the catalog has
            shown[col] = shown[col].map({True: "yes", False: "no"})
    # a column named like a category elsewhere gets its own msgid as a header (not its cells)
    header = {c: _COLUMN_WORDS.get(str(c), c) for c in shown.columns}
    styler = shown.rename(columns=header).style.format(
        {header[c]: f for c, f in formats.items() if c in header}, na_rep=na_rep)
    return shown_table(styler)


#: Column names that are also a category or a cell's word elsewhere ("growth" is a stage,
#: "peak" a life-cycle table's cell, "value" and "accounts" other modules' words): their own
#: msgid as a column header.
_COLUMN_WORDS = {"growth": N_("growth on the year before"), "peak": N_("peak (month)"),
                 "trough": N_("trough (month)"), "recovery": N_("recovery (month)"),
                 "value": N_("value of the measure"), "accounts": N_("accounts in the industry")}

#: The lesson tables' column names, index labels and text cells that :func:`table` shows
#: in the reader's language (marked for the catalog; the data keep these English words).
TABLE_WORDS = (
    # rogers_shares, adopter_mix
    N_("moore_name"), N_("lower_sd"), N_("upper_sd"), N_("share"), N_("textbook_share"),
    N_("cumulative_share"), N_("category"), N_("adopter_group"), N_("count"),
    N_("rogers_share"), N_("exact_share"), N_("difference"),
    N_("innovator"), N_("early_adopter"), N_("early_majority"), N_("late_majority"),
    N_("laggard"), N_("technology enthusiasts"), N_("visionaries"), N_("pragmatists"),
    N_("conservatives"), N_("skeptics"), N_("early_market"), N_("year"),
    # life_cycle_table
    N_("term_zh"), N_("sales"), N_("cost_per_customer"), N_("profit"), N_("customers"),
    N_("competitors"), N_("objective"), N_("low"), N_("rising fast"), N_("peak"),
    N_("falling"), N_("high"), N_("average"), N_("negative"), N_("rising"),
    N_("innovators"), N_("early adopters"), N_("early and late majority"), N_("laggards"),
    N_("few"), N_("growing in number"), N_("stable, then shrinking"), N_("fewer"),
    # product_stages, find_saddles, dip_elsewhere
    N_("product_id"), N_("product_name"), N_("months_on_market"), N_("last_year"),
    N_("growth"), N_("stage"), N_("trough"), N_("recovery"), N_("peak_units"),
    N_("trough_units"), N_("depth"), N_("years_below"), N_("years_to_peak"),
    N_("share_sold_by_peak"), N_("peak_year"), N_("trough_year"), N_("change"),
    # bass_fit_summary, saddle_comparison
    N_("measure"), N_("value"), N_("meaning"), N_("published average"), N_("our product"),
    # ProfitMilestones.to_series
    N_("profit turns positive (break_even)"), N_("launch losses recovered (payback)"),
    N_("when"),
    # beachhead candidates, reasons, scores
    N_("industry"), N_("criterion"), N_("target_customer"), N_("compelling_reason"),
    N_("whole_product"), N_("competition"), N_("positioning"), N_("next_target"),
    N_("accounts"), N_("median_budget"), N_("score"), N_("reason"), N_("rank"),
    N_("weakest"), N_("showstoppers_ok"), N_("yes"), N_("no"),
)
