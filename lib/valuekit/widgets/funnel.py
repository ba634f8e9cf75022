"""Interactives of Module 3 (funnel strategy), and the lesson's display helpers.

Each interactive is a pure function (inputs -> :class:`~valuekit.widgets.Outcome`) plus an
argument-free builder registered for the benchmark:

- :func:`funnel_simulator_widget` / ``m03.funnel_simulator``: leads, the three step
  conversion rates and the average deal -> deals won (target customers, where the funnel
  deck wins the sale), the revenue they bring and the effective customers they become.
- :func:`reverse_funnel_widget` / ``m03.reverse_funnel``: revenue target, average deal and
  the two rates up to the win -> opportunities needed at each stage.
- :func:`win_loss_widget` / ``m03.win_loss``: a team and a view (by product, or why lost) ->
  its win/loss figures and chart.
- :func:`rolling_plan_widget` / ``m03.rolling_plan``: a product and the month the plan is
  re-issued -> the last six months' actuals and the next six months' forecast.

The calculations are :mod:`valuekit.funnel`'s; the charts :mod:`valuekit.charts.funnel`'s.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import pandas as pd

from valuekit import charts as vc
from valuekit import data, funnel
from valuekit.charts import funnel as cf
from valuekit.funnel import lessons as fl
from valuekit.i18n import N_, MoneyFormat, _, language, localize, shown_table
from valuekit.schema import STAGES
from valuekit.widgets import Dropdown, Interactive, Outcome, Slider, money_slider, register_builder

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = [
    "FORMATS",
    "company_rates",
    "conversion_table",
    "funnel_simulator",
    "funnel_simulator_widget",
    "ROLLING_MONTHS",
    "reverse_funnel_plan",
    "rolling_plan_view",
    "response_matrix",
    "rolling_plan_widget",
    "reverse_funnel_widget",
    "shown",
    "strategy_table",
    "team_win_rates",
    "team_names",
    "team_opportunities",
    "win_loss_deals",
    "win_loss_view",
    "win_loss_widget",
]

#: Money in a table or a readout: ``$1,234,567`` in English, ``US$123.5万`` in Chinese
#: (:class:`valuekit.i18n.MoneyFormat`, applied in the language shown at the time).
MONEY = MoneyFormat("${:,.0f}")

#: Formats of the lesson's tables (``.style.format(FORMATS)``): rates as whole per cent,
#: counts with thousands separators, money in dollars (:data:`MONEY`: 万/亿 in Chinese).
FORMATS: dict[str, str] = {
    "rate": "{:.1%}", "win_rate": "{:.1%}", "share": "{:.1%}", "cumulative_share": "{:.1%}",
    "from_count": "{:,.0f}", "to_count": "{:,.0f}", "reached": "{:,.0f}", "needed": "{:,.0f}",
    "W": "{:,.0f}", "L": "{:,.0f}", "C": "{:,.0f}", "D": "{:,.0f}", "total": "{:,.0f}",
    "count": "{:,.0f}", "amount": MONEY, "won_amount": MONEY,
    "lost_amount": MONEY, "open_amount": MONEY, "open_count": "{:,.0f}",
    "weighted_amount": MONEY, "actual": MONEY, "forecast": MONEY,
    "contacts": "{:,.0f}", "responses": "{:,.0f}", "cost": MONEY,
    "cost_per_response": MONEY, "band_low": "{:.0%}", "band_high": "{:.0%}",
    "ratio": "{:.1f}", "rule": "{:,.0f}", "rule_ratio": "{:.0f}", "n": "{:,.0f}",
    "potential": "{:.0%}", "possible": "{:.0%}", "target": "{:.0%}", "effective": "{:.0%}",
    "won": "{:.1%}", "open": "{:.0%}", "quota": MONEY, "progress": "{:.0%}",
    # pipeline velocity (fn.pipeline_velocity)
    "won_count": "{:,.0f}", "lost_count": "{:,.0f}", "average_deal": MONEY,
    "cycle_days": "{:.0f}", "per_day": MONEY, "per_month": MONEY,
}


def _dollars(low: float, high: float, step: float, default: float, label: str) -> Slider:
    """A slider of dollars (:func:`valuekit.widgets.money_slider`) labelled ``label``."""
    return money_slider(Slider(low, high, step, default, _(label), "$,.0f"))


def _tables() -> dict[str, pd.DataFrame]:
    return data.sample()


def team_names() -> dict[str, str]:
    """team_id -> team name of the sample."""
    teams = _tables()["teams"]
    return dict(zip(teams["team_id"], teams["team_name"], strict=True))


def team_opportunities(team: str) -> pd.DataFrame:
    """The sample's opportunities of one team (a team_id such as "T06", or its name)
    (:func:`valuekit.funnel.lessons.team_opportunities`)."""
    return fl.team_opportunities(_tables()["opportunities"], _tables()["teams"], team)


@functools.cache
def company_rates() -> tuple[float, float, float]:
    """The sample company's three step rates (``stage_conversion``, resolved), rounded to the
    sliders' step of 1 %: the simulator's and the planner's defaults."""
    rates = funnel.stage_conversion(_tables()["opportunities"])["rate"]
    return tuple(round(float(rates[t]), 2) for t in funnel.TRANSITIONS)  # type: ignore[return-value]


#: The three step sliders' labels (translated when a widget is built).
RATE_LABELS = (N_("Potential → possible"), N_("Possible → target (won)"),
               N_("Target → effective"))


def _rate_sliders(defaults: tuple[float, ...]) -> dict[str, Slider]:
    labels = tuple(_(label) for label in RATE_LABELS)
    return {f"rate{i + 1}": Slider(0.01, 1.0, 0.01, d, label, ".0%")
            for i, (d, label) in enumerate(zip(defaults, labels[:len(defaults)], strict=True))}


# --------------------------------------------------------------------------- funnel simulator

_EXAMPLE = pd.Series([1000.0, 600.0, 300.0, 100.0], index=pd.Index(STAGES, name="stage"))


@functools.cache
def _simulator_template(lang: str = "en") -> dict:
    """The simulator's chart spec, built once per language: each redraw swaps its rows in."""
    return cf.funnel_template(_EXAMPLE, title=N_("Funnel simulator"),
                              subtitle=N_("expected opportunities at each stage"))


@functools.cache
def _planner_template(lang: str = "en") -> dict:
    return cf.funnel_template(_EXAMPLE.iloc[:3],
                              title=N_("Reverse funnel: what the target needs"),
                              subtitle=N_("opportunities needed at each stage, up to the win"))



def funnel_simulator(leads: int, rate1: float, rate2: float, rate3: float,
                     average_deal: float) -> Outcome:
    """Leads flowing down the funnel at three step rates: how many reach each stage, how many
    are won, the revenue they bring and how many become effective customers.

    Each stage holds the stage above times the step's rate (expected values, one decimal
    kept for the chart). As in the funnel deck the sale is won at *target*: won deals =
    leads x rate1 x rate2, and won deals x ``average_deal`` is the revenue; effective
    customers (renewed after the first contract year) = won deals x rate3.
    """
    if leads < 0 or average_deal < 0:
        raise ValueError("leads and the average deal must be 0 or more")
    rates = (rate1, rate2, rate3)
    if any(not 0 <= r <= 1 for r in rates):
        raise ValueError("a conversion rate lies between 0 % and 100 %")
    counts = [float(leads)]
    for r in rates:
        counts.append(counts[-1] * r)
    reached = pd.Series(counts, index=pd.Index(STAGES, name="stage"))
    won = counts[2]  # the sale is won at target
    return Outcome(
        # the readout's labels stay the English the code reads; the readout translates them
        {N_("Won deals (target)"): won, N_("Revenue"): won * average_deal,
         N_("Effective customers"): counts[3],
         N_("Lead-to-win conversion"): won / leads if leads else float("nan")},
        chart=cf.with_funnel_rows(_simulator_template(language()), reached.round(0)),
        formats={"Won deals (target)": "{:,.1f}", "Revenue": MONEY,
                 "Effective customers": "{:,.1f}", "Lead-to-win conversion": "{:.1%}"},
    )


@register_builder("m03.funnel_simulator")
def funnel_simulator_widget() -> Interactive:
    """The simulator, starting from the sample company's rates, 1,000 leads and a $120,000
    deal."""
    ix = Interactive(funnel_simulator, {
        "leads": Slider(100, 5000, 100, 1000, _("Leads (potential)"), ",d"),
        **_rate_sliders(company_rates()),
        "average_deal": _dollars(10_000.0, 400_000.0, 10_000.0, 120_000.0,
                                      N_("Average deal")),
    }, title=_("Funnel simulator: what do the leads turn into?"))
    ix.add_class("vk-m03-funnel-simulator")
    return ix


# --------------------------------------------------------------------------- reverse funnel


def reverse_funnel_plan(revenue_target: float, average_deal: float, rate1: float,
                        rate2: float) -> Outcome:
    """Opportunities needed at each stage for ``revenue_target``
    (:func:`valuekit.funnel.reverse_funnel`: deals won at target = ceil(target / deal), then
    each stage above = ceil(stage below / step rate)). Effective customers come after the
    win, so the plan stops at target."""
    needed = funnel.reverse_funnel(revenue_target, average_deal, [rate1, rate2])
    return Outcome(
        {N_("Deals to win (target)"): int(needed["target"]),
         N_("Possible customers"): int(needed["possible"]),
         N_("Leads needed"): int(needed["potential"])},
        chart=cf.with_funnel_rows(_planner_template(language()), needed),
        formats={k: "{:,}" for k in ("Deals to win (target)", "Possible customers",
                                     "Leads needed")},
    )


@register_builder("m03.reverse_funnel")
def reverse_funnel_widget() -> Interactive:
    """The planner: a $5,000,000 target, a $120,000 deal and the company's two rates up to
    the win."""
    ix = Interactive(reverse_funnel_plan, {
        "revenue_target": _dollars(500_000.0, 10_000_000.0, 100_000.0, 5_000_000.0,
                                        N_("Revenue target")),
        "average_deal": _dollars(10_000.0, 400_000.0, 10_000.0, 120_000.0,
                                      N_("Average deal")),
        **_rate_sliders(company_rates()[:2]),
    }, title=_("Reverse-funnel planner: how many leads does the target need?"))
    ix.add_class("vk-m03-reverse-funnel")
    return ix


# --------------------------------------------------------------------------- win/loss explorer

_VIEWS = {N_("Win rate by product"): "product", N_("Status by product"): "status",
          N_("Why deals are lost"): "reason"}


@functools.cache
def _team_views(team: str) -> dict[str, object]:
    """Everything the explorer shows for one team, computed once per team."""
    opps = team_opportunities(team)
    report = funnel.win_loss_report(opps, by="product_id")
    return {
        "report": report,
        "pareto": funnel.loss_reason_pareto(opps),
        "win_rate": funnel.win_rate(opps),
        "total": funnel.win_loss_report(opps, by=None).iloc[0],
    }


@functools.cache
def _win_loss_spec(team: str, view: str, lang: str = "en") -> dict:
    """The explorer's chart for one team and view as a themed spec, built once per
    language."""
    v = _team_views(team)
    name = team_names().get(team, team)
    if view == "product":
        chart = cf.win_rate_chart(v["report"], title=N_("{name}: win rate by product",
                                                        name=name))
    elif view == "status":
        chart = cf.status_chart(v["report"], title=N_("{name}: opportunities by product",
                                                      name=name))
    else:
        chart = cf.pareto_chart(v["pareto"], title=N_("{name}: why deals are lost", name=name))
    # No schema check on a slider step: the builders are validated by their unit tests.
    return vc.spec_of(chart, validate=False)


def win_loss_view(team: str, view: str) -> Outcome:
    """One team's win/loss report (:func:`valuekit.funnel.win_loss_report`): its W / L / C / D
    totals, win rate, main loss reason and amount lost, with a chart
    of the win rate or the statuses by product, or of its loss reasons (a Pareto)."""
    if view not in _VIEWS.values():
        raise ValueError(f"view must be one of {', '.join(_VIEWS.values())}")
    v = _team_views(team)
    total = v["total"]
    chart = _win_loss_spec(team, view, language())
    reason = total["main_loss_reason"]
    return Outcome(
        {N_("Won / lost / open"): f"{total['W']:,} / {total['L']:,} / "
                                  f"{total['C'] + total['D']:,}",
         N_("Win rate"): v["win_rate"],
         # a loss reason is one of the kit's categories: shown in the reader's language
         N_("Main loss reason"): localize(reason) if isinstance(reason, str) else reason,
         N_("Amount lost"): float(total["lost_amount"])},
        chart=chart,
        formats={"Win rate": "{:.1%}", "Amount lost": MONEY},
        note=_("Win rate = won / (won + lost); open deals (continuing, delayed) are not "
               "decided."),
    )


@register_builder("m03.win_loss")
def win_loss_widget() -> Interactive:
    """The explorer over the sample's twelve teams, starting with East Public Sector."""
    names = team_names()
    for team in names:  # paid once here rather than on the first click
        _team_views(team)
    ix = Interactive(win_loss_view, {
        "team": Dropdown({n: t for t, n in names.items()}, "T06", _("Team")),
        "view": Dropdown({_(label): v for label, v in _VIEWS.items()}, "product", _("Show")),
    }, title=_("Win/loss explorer (输赢报告): one team at a time"))
    ix.add_class("vk-m03-win-loss")
    return ix


# --------------------------------------------------------------------------- rolling plan

#: The month ends at which the rolling-plan interactive can re-issue the plan.
ROLLING_MONTHS: tuple[str, ...] = tuple(
    d.strftime("%Y-%m-%d") for d in pd.date_range("2024-07-31", "2025-12-31", freq="ME"))


@functools.cache
def _actuals() -> pd.DataFrame:
    return funnel.monthly_actuals(_tables()["opportunities"])


@functools.cache
def _rolling(as_of: str) -> pd.DataFrame:
    """The plan re-issued at ``as_of``: :func:`valuekit.funnel.rolling_forecast` of a
    :func:`~valuekit.funnel.naive_forecast` made then (six months ahead, the average of the
    last three), from six months before ``as_of``."""
    return fl.reissued_plan(_actuals(), as_of)


@functools.cache
def _rolling_template(lang: str = "en") -> dict:
    """The chart spec, built once per language; its money axis is short ("$4M"; in Chinese
    already "400万", :func:`valuekit.charts.money_axis`): axis text is most of a redraw's
    time (:func:`valuekit.charts.quick_svg`)."""
    spec = vc.spec_of(cf.rolling_plan_chart(_rolling(ROLLING_MONTHS[-1]),
                                            title=N_("Rolling plan")))
    if lang != "en":
        return spec
    y = spec["encoding"]["y"]
    return {**spec, "encoding": {**spec["encoding"],
                                 "y": {**y, "axis": {**y["axis"], "format": "$~s"}}}}


def rolling_plan_view(product: str, as_of: str) -> Outcome:
    """The rolling plan (滚动作业计划) of one product (or ``"total"``) as re-issued at the end
    of the month ``as_of``: actual bookings of the last six months, then six months of
    forecast; with the two totals."""
    plan = _rolling(as_of)
    rows = plan[plan["product_id"].astype(str) == product]
    if rows.empty:
        raise ValueError(f"no rolling plan for product {product!r}")
    template = _rolling_template(language())
    (name,) = template["datasets"]
    # "actual"/"forecast" as the template's colour scale names them (the reader's language)
    data = [{"month": m.isoformat(), "source": localize(src), "amount": float(a),
             "label": m.strftime("%Y-%m")}
            for m, src, a in zip(rows["month"], rows["source"], rows["amount"], strict=True)]
    label = _("all products") if product == "total" else product
    chart = {**template, "datasets": {name: data},
             "title": {"text": localize(N_("Rolling plan, re-issued {as_of}", as_of=as_of)),
                       "subtitle": localize(N_("{label}: actual, then forecast",
                                               label=label))}}
    by_source = rows.groupby("source")["amount"].sum()
    return Outcome(
        {N_("Actual, last 6 months"): float(by_source.get("actual", 0.0)),
         N_("Forecast, next 6 months"): float(by_source.get("forecast", 0.0))},
        chart=chart,
        formats={"Actual, last 6 months": MONEY, "Forecast, next 6 months": MONEY},
        note=_("Each month that has passed replaces its forecast with the actual."),
    )


@register_builder("m03.rolling_plan")
def rolling_plan_widget() -> Interactive:
    """The rolling plan of the sample's products, re-issued at a chosen month end (from
    July 2024 to December 2025), starting with all products at September 2025."""
    products = {_("all products"): "total",
                **{f"{p} {n}": p for p, n in _product_names().items()}}
    for month in ROLLING_MONTHS:  # paid once here rather than on a move
        _rolling(month)
    ix = Interactive(rolling_plan_view, {
        "product": Dropdown(products, "total", _("Product")),
        "as_of": Dropdown({m[:7]: m for m in ROLLING_MONTHS}, "2025-09-30", _("Re-issued at")),
    }, title=_("Rolling plan (滚动作业计划): re-issue it month by month"))
    ix.add_class("vk-m03-rolling-plan")
    return ix


def _product_names() -> dict[str, str]:
    products = _tables()["products"]
    return dict(zip(products["product_id"], products["product_name"], strict=True))


# --------------------------------------------------------------------------- lesson helpers

#: The words the lesson's tables show: their column and index labels, and the kit's own
#: categories in their cells (industries as customer classes, approaches, band positions).
#: English in the data and the code; :func:`shown` puts them in the reader's language.
TABLE_WORDS = (
    N_("transition"), N_("overall"), N_("from_stage"), N_("to_stage"), N_("from_count"),
    N_("to_count"), N_("rate"), N_("stage"), N_("reached"), N_("rule"), N_("ratio"),
    N_("rule_ratio"), N_("opportunity"), N_("customer class"), N_("customer"), N_("product"),
    N_("progress"), N_("status"), N_("loss reason"), N_("product_id"), N_("total"),
    N_("win_rate"), N_("won_amount"), N_("lost_amount"), N_("open_amount"),
    N_("main_loss_reason"), N_("reason"), N_("count"), N_("amount"), N_("share"),
    N_("cumulative_share"), N_("open_count"), N_("won_count"), N_("lost_count"),
    N_("average_deal"), N_("cycle_days"), N_("per_day"), N_("per_month"), N_("channel"),
    N_("contacts"), N_("responses"), N_("cost"), N_("cost_per_response"), N_("approach"),
    N_("band_low"), N_("band_high"), N_("position"), N_("company-initiated"),
    N_("customer-initiated"), N_("interactive"), N_("passive"), N_("month"), N_("source"),
    N_("tender"), N_("narrowing"), N_("for"), N_("goal"), N_("led by"), N_("deal"),
    N_("below"), N_("within"), N_("above"), N_("traditional"), N_("information"),
    N_("differentiated"),
    N_("finance"), N_("healthcare"), N_("logistics"), N_("manufacturing"), N_("media"),
    N_("public_sector"), N_("retail"), N_("telecom"),
)


#: Labels whose word alone means something else elsewhere in the kit (module 1's
#: ``customer`` column says whether an account is a customer; here it names the account).
_OWN_LABELS = {"customer": N_("customer name"), **cf.OWN_WORDS}


def _word(value: object) -> str:
    return localize(_OWN_LABELS.get(value, value)) if isinstance(value, str) else str(value)


def shown(table: pd.DataFrame | pd.Series | Styler) -> pd.DataFrame | Styler:
    """A lesson table as the reader's language shows it: in English ``table`` itself
    (unchanged); in Chinese a Styler whose row and column labels, index names and text
    cells (the kit's categories: stages, loss reasons, channels, approaches ...) come from
    the catalogs, keeping the table's number formats (:func:`valuekit.i18n.shown_table`,
    with module 3's own labels). Names from the data stay as they are."""
    return shown_table(table, labels=_OWN_LABELS)



def conversion_table(conversion: pd.DataFrame) -> Styler:
    """:func:`valuekit.funnel.stage_conversion`'s table formatted for the projector, with the
    overall row's counts left blank: its rate is the product of the step rates (each on its
    own base), not its ``to_count / from_count``, and showing both would contradict."""
    table = conversion.astype({"from_count": float, "to_count": float})
    if "overall" in table.index:
        table.loc["overall", ["from_count", "to_count"]] = float("nan")
    return shown(table.style.format(FORMATS, na_rep="").set_caption(
        _("overall = the product of the three step rates")))


def response_matrix() -> pd.DataFrame:
    """:func:`valuekit.funnel.response_matrix` to show: as it is in English; in Chinese each
    cell names the approach by the deck's word, its band and its examples in Chinese."""
    if language() == "en":
        return funnel.response_matrix()
    cells: dict[str, dict[str, str]] = {localize("interactive"): {}, localize("passive"): {}}
    for b in funnel.RESPONSE_BANDS.values():
        examples = "、".join(localize(e) for e in b.examples)
        cells[localize(b.mode)][localize(f"{b.initiated_by}-initiated")] = (
            f"{b.chinese} {b.low:.0%}-{b.high:.0%}：{examples}")
    return pd.DataFrame.from_dict(cells, orient="index")[
        [localize("company-initiated"), localize("customer-initiated")]]


def strategy_table() -> pd.DataFrame:
    """The three funnel strategies (:data:`valuekit.funnel.STRATEGIES`) as a table to show:
    the narrowing each answers, its goal and the function that leads it."""
    if language() != "en":  # the strategy's and the function's names once, in Chinese
        rows = {localize(s.name): {
            "narrowing": localize(cf.STEP_LABELS[s.transition]),
            "for": localize(s.customers),
            "goal": localize(s.goal),
            "led by": _word(s.led_by),
        } for s in funnel.STRATEGIES.values()}
        return pd.DataFrame.from_dict(rows, orient="index")
    rows = {s.name + f" ({s.chinese})": {
        "narrowing": cf.STEP_LABELS[s.transition],
        "for": s.customers,
        "goal": s.goal,
        "led by": f"{s.led_by} ({s.led_by_chinese})",
    } for s in funnel.STRATEGIES.values()}
    return pd.DataFrame.from_dict(rows, orient="index")


def team_win_rates(opps: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`valuekit.funnel.lessons.team_win_rates` (default: the sample's opportunities)."""
    opps = _tables()["opportunities"] if opps is None else opps
    return fl.team_win_rates(opps, _tables()["teams"])


def win_loss_deals(team: str, per_status: int = 3) -> pd.DataFrame:
    """:func:`valuekit.funnel.lessons.win_loss_deals` on the sample."""
    return fl.win_loss_deals(_tables(), team, per_status)
