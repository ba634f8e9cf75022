"""The interactives of Module 1 (product vs value marketing).

Each is a pure function (inputs -> :class:`~valuekit.widgets.Outcome`) that tests drive
without a browser, plus a registered builder that puts sliders on it over the sample data:

- ``m01.delivered_value`` :func:`delivered_value_builder`: a slider for every value and cost
  component, ours and the competitor's, starting from the value survey's means.
- ``m01.pareto`` :func:`pareto_explorer`: slide the cut-off (the top x % of customers) and see
  their share of revenue and of profit.
- ``m01.value_price`` :func:`value_price_calculator`: reference price, value drivers, the share
  of the premium left to the customer and our cost -> floor, ceiling, suggested price, against
  cost-plus.

The calculations are :mod:`valuekit.value`'s; the charts :mod:`valuekit.charts.value`'s.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as w
import pandas as pd

from valuekit import charts as vc
from valuekit import data
from valuekit import value as vv
from valuekit.charts import value as cv
from valuekit.i18n import N_, _, language, money
from valuekit.schema import COST_COMPONENTS, SAMPLE_AS_OF, VALUE_COMPONENTS, VENDORS
from valuekit.value import PRICE_EXAMPLE, PriceExample
from valuekit.widgets import Interactive, Outcome, Slider, money_slider, register_builder

__all__ = [
    "COMPONENTS",
    "PRICE_EXAMPLE",
    "PriceExample",
    "delivered_value_builder",
    "delivered_value_outcome",
    "pareto_explorer",
    "pareto_outcome",
    "price_example",
    "sample_accounts",
    "value_price_calculator",
    "value_price_outcome",
]

COMPONENTS: tuple[str, ...] = (*VALUE_COMPONENTS, *COST_COMPONENTS)


def _sample() -> dict[str, pd.DataFrame]:
    return data.sample(["accounts", "products", "invoices", "value_survey"])


def sample_accounts(year: int | None = None) -> pd.DataFrame:
    """The customer base of the sample for one calendar year (default: the year of
    ``SAMPLE_AS_OF``): :func:`valuekit.value.account_value` over accounts that had bought from
    us by the year's end, lapsed customers included."""
    year = pd.Timestamp(SAMPLE_AS_OF).year if year is None else int(year)
    s = _sample()
    table = vv.account_value(s["invoices"], s["accounts"], f"{year}-01-01", f"{year}-12-31")
    return table[table["customer"]]


def _spec(outcome: Outcome) -> dict:
    """The Vega-Lite spec of an outcome's chart, in the kit theme: the template later
    redraws swap the data of."""
    return vc.spec_of(outcome.chart)


# --------------------------------------------------------------------------- delivered value


def delivered_value_outcome(template: Mapping | None = None, **scores: float) -> Outcome:
    """Delivered value, ours and the competitor's, from the sixteen component scores.

    Keyword arguments ``us_<component>`` and ``competitor_<component>`` for each of the eight
    components (product, service, personnel, image value; money, time, energy, psychic cost):
    delivered value = total customer value - total customer cost for each vendor
    (:func:`valuekit.value.delivered_value`, Kotler). ``template``: the chart's Vega-Lite
    spec built once (the builder passes it), whose datasets are swapped instead of building
    the chart again; the drawing is the same.
    """
    ours, theirs = VENDORS
    expected = {f"{v}_{c}" for v in VENDORS for c in COMPONENTS}
    missing, unknown = sorted(expected - set(scores)), sorted(set(scores) - expected)
    if missing or unknown:
        raise ValueError(f"scores: missing {missing}, unknown {unknown}")
    # Both vendors in one call: one row each.
    frame = pd.DataFrame([[scores[f"{v}_{c}"] for c in COMPONENTS] for v in VENDORS],
                         index=list(VENDORS), columns=list(COMPONENTS), dtype=float)
    table = pd.concat([frame, vv.delivered_value(frame)], axis=1).T
    if template is None:
        chart = cv.value_balance_chart(table)
    else:
        segments, labels = cv.value_balance_rows(table)
        chart = cv.with_datasets(template, balance=segments, balance_labels=labels)
    lead = float(table.loc["delivered_value", ours] - table.loc["delivered_value", theirs])
    return Outcome(
        {
            N_("Our delivered value"): float(table.loc["delivered_value", ours]),
            N_("Competitor's delivered value"): float(table.loc["delivered_value", theirs]),
            N_("Our lead"): lead,
        },
        chart=chart,
        formats={"Our delivered value": "{:.1f}", "Competitor's delivered value": "{:.1f}",
                 "Our lead": "{:+.1f}"},
        note=_("Delivered value = product + service + personnel + image value − "
               "(money + time + energy + psychic cost), each scored 1-10."),
    )


def _two_columns(ix: Interactive) -> Interactive:
    """Display glue: ours on the left, the competitor's on the right, so that sixteen sliders
    fit on one projector screen."""
    cols = []
    for vendor, title in zip(VENDORS, (_("Us"), _("Competitor")), strict=True):
        controls = [ix.controls[f"{vendor}_{c}"] for c in COMPONENTS]
        for control in controls:
            # Each column takes half the width, and a slider its column's: fixed widths
            # would push the value readouts under the other column on a narrow screen.
            control.layout.width = "98%"
            control.style.description_width = "120px"
        cols.append(w.VBox([w.HTML(f"<b style='font-size:1.1em'>{title}</b>"), *controls],
                           layout=w.Layout(width="50%", max_width="520px")))
    head = [c for c in ix.children if c not in ix.controls.values()][:-2]
    ix.children = (*head, w.HBox(cols), ix.readout, ix.chart_view)
    return ix


@register_builder("m01.delivered_value")
def delivered_value_builder(survey: pd.DataFrame | None = None) -> Interactive:
    """Sliders for every component, ours and the competitor's, starting at the survey means
    themselves (not rounded to the sliders' step of 0.1, so that the builder's first
    readout is the lesson's table and chart figure); ``survey`` defaults to the sample's."""
    survey = _sample()["value_survey"] if survey is None else survey
    means = vv.compare_delivered_value(survey)
    inputs = {}
    for vendor in VENDORS:
        for c in COMPONENTS:
            label = _(cv.COMPONENT_LABELS[c])
            inputs[f"{vendor}_{c}"] = Slider(1.0, 10.0, 0.1, float(means.loc[c, vendor]),
                                             label, ".1f")
    template = _spec(delivered_value_outcome(**{k: v.default for k, v in inputs.items()}))
    ix = Interactive(delivered_value_outcome, inputs, fixed={"template": template},
                     title=_("Delivered-value builder: what if we changed one component?"))
    ix.add_class("vk-m01-delivered-value")  # lets a browser test find this one
    return _two_columns(ix)


# --------------------------------------------------------------------------- Pareto


def pareto_outcome(cutoff: float, revenue: pd.Series, profit: pd.Series,
                   curves: Mapping[str, pd.DataFrame] | None = None,
                   template: Mapping | None = None) -> Outcome:
    """The top ``cutoff`` share of customers (0-1, e.g. 0.2) and their share of revenue and
    of profit (:func:`valuekit.value.top_share`).

    ``revenue`` and ``profit`` are per customer. What does not move with the slider may be
    passed in precomputed, as the builder does: ``curves`` (the two concentration curves)
    and ``template`` (the chart's spec, whose "cutoff" dataset alone is swapped).
    """
    if curves is None:
        curves = {"revenue": vv.concentration_curve(revenue),
                  "profit": vv.concentration_curve(profit)}
    if len(revenue) != len(profit):
        raise ValueError("revenue and profit must cover the same customers")
    n = len(revenue)
    k = vv.top_count(n, cutoff)  # ceil(cutoff * n), as top_share counts them
    return Outcome(
        {
            N_("Customers in the top"): k,
            N_("Their share of revenue"): vv.top_share(revenue, top_pct=cutoff),
            N_("Their share of profit"): vv.top_share(profit, top_pct=cutoff),
        },
        chart=cv.concentration_chart(curves, cutoff=cutoff) if template is None
        else cv.with_datasets(template, cutoff=cv.cutoff_rows(curves, cutoff)),
        formats={"Customers in the top": "{:,} " + _("of {n}").format(n=f"{n:,}"),
                 "Their share of revenue": "{:.1%}", "Their share of profit": "{:.1%}"},
    )


@register_builder("m01.pareto")
def pareto_explorer(accounts: pd.DataFrame | None = None) -> Interactive:
    """A cut-off slider over the customers' revenue and profit (default: the sample's
    customer base in the latest year, :func:`sample_accounts`)."""
    accounts = sample_accounts() if accounts is None else accounts
    revenue, profit = accounts["revenue"], accounts["profit"]
    curves = {"revenue": vv.concentration_curve(revenue),
              "profit": vv.concentration_curve(profit)}
    slider = Slider(0.01, 1.0, 0.01, 0.2, _("Top share of customers"), ".0%")
    template = _spec(pareto_outcome(slider.default, revenue, profit, curves))
    ix = Interactive(
        pareto_outcome,
        {"cutoff": slider},
        fixed={"revenue": revenue, "profit": profit, "curves": curves, "template": template},
        title=_("Pareto explorer: how much do the top customers make?"),
    )
    ix.add_class("vk-m01-pareto")
    return ix


# --------------------------------------------------------------------------- value price

def price_example(products: pd.DataFrame | None = None,
                  example: Mapping[str, object] = PRICE_EXAMPLE) -> PriceExample:
    """:func:`valuekit.value.price_example` (default: on the sample's products)."""
    return vv.price_example(_sample()["products"] if products is None else products, example)


class _Money:
    """A readout's money format outside English: ``.format(x)`` is
    :func:`valuekit.i18n.money` (``US$13.6万``, to the hundred dollars, the step of the
    calculator's prices), as ``"${:,.0f}"`` gives ``$136,000``; ``sign`` puts a + before a
    gain, as ``"{:+,.0f}"`` does."""

    def __init__(self, sign: bool = False) -> None:
        self.sign = sign

    def format(self, value: float) -> str:
        text = money(float(value), "USD", cv.PRICE_DECIMALS, cents=False)
        return f"+{text}" if self.sign and float(value) > 0 else text


def _price_formats() -> dict[str, object]:
    """The calculator's readout formats: dollars in English (``$136,000``, ``+62,920``); in
    another language money with 万 (``US$13.6万``, ``+US$6.29万``)."""
    prices = ("Floor (our cost)", "Ceiling (customer's value)", "Suggested value price",
              "Cost-plus price")
    if language() == "en":
        return {k: "${:,.0f}" for k in prices} | {"Value price − cost-plus": "{:+,.0f}"}
    return {k: _Money() for k in prices} | {"Value price − cost-plus": _Money(sign=True)}


def _dollar_slider(lo: float, hi: float, step: float, default: float, label: str) -> Slider:
    """A slider of dollars (:func:`valuekit.widgets.money_slider`) labelled ``label``."""
    return money_slider(Slider(lo, hi, step, default, label, "$,.0f"))


def value_price_outcome(reference_price: float, budget_gain: float, speed_gain: float,
                        risk_gain: float, customer_effort: float, share_to_customer: float,
                        unit_cost: float, markup: float,
                        template: Mapping | None = None) -> Outcome:
    """Value-based price range vs cost-plus (Nagle & Holden).

    EVC (the ceiling) = reference price + the three gains - the customer's extra effort;
    suggested = reference + (1 - share_to_customer) * (EVC - reference); floor = our unit
    cost (:func:`valuekit.value.value_based_price_range`); cost-plus = unit cost * (1 +
    markup) (:func:`valuekit.value.cost_plus_price`). ``template``: the chart's spec built
    once, whose datasets are swapped (the builder passes it).
    """
    rng = vv.value_based_price_range(
        reference_price,
        {"budget": budget_gain, "speed": speed_gain, "risk": risk_gain},
        {"effort": customer_effort},
        share_to_customer=share_to_customer,
        cost_floor=unit_cost,
    )
    cost_plus = vv.cost_plus_price(unit_cost, markup)
    numbers = (rng.reference_price, rng.ceiling, rng.suggested, float(unit_cost), cost_plus)
    if template is None:
        chart = cv.price_chart(*numbers, legend=False)
    else:
        segments, ends = cv.price_rows(*numbers)
        chart = cv.with_datasets(template, segments=segments, ends=ends)
    return Outcome(
        {
            N_("Floor (our cost)"): rng.floor,
            N_("Ceiling (customer's value)"): rng.ceiling,
            N_("Suggested value price"): rng.suggested,
            N_("Cost-plus price"): cost_plus,
            N_("Value price − cost-plus"): rng.suggested - cost_plus,
        },
        chart=chart,
        formats=_price_formats(),
        note=("" if rng.covers_cost else _("The suggested price is below our cost: leave the "
                                           "customer less, or cut cost.") + " ")
        + _("Bars: {colours}.").format(colours=_(cv.PRICE_COLOURS)),
    )


@register_builder("m01.value_price")
def value_price_calculator(product_id: str | None = None,
                           products: pd.DataFrame | None = None) -> Interactive:
    """The calculator on :data:`PRICE_EXAMPLE`; the unit cost starts at the product's list
    price * (1 - gross margin) (:func:`valuekit.value.unit_cost`). ``products``: the products
    table (default: the sample's)."""
    ex = PRICE_EXAMPLE
    pid = ex["product_id"] if product_id is None else product_id
    products = (_sample()["products"] if products is None else products).set_index("product_id")
    if pid not in products.index:
        raise ValueError(f"product_id {pid!r} is not in the products table")
    cost = round(vv.unit_cost(products.loc[pid, "list_price"], products.loc[pid, "gross_margin"]),
                 -2)
    top = 200_000.0
    inputs = {
        "reference_price": _dollar_slider(0.0, top, 1_000.0, ex["reference_price"],
                                          _("Alternative's price")),
        "budget_gain": _dollar_slider(0.0, 100_000.0, 1_000.0, ex["budget_gain"],
                                      _("+ Better budget use")),
        "speed_gain": _dollar_slider(0.0, 50_000.0, 1_000.0, ex["speed_gain"],
                                     _("+ Faster answers")),
        "risk_gain": _dollar_slider(0.0, 50_000.0, 1_000.0, ex["risk_gain"],
                                    _("+ Fewer wrong calls")),
        "customer_effort": _dollar_slider(0.0, 50_000.0, 1_000.0, ex["customer_effort"],
                                          _("− Customer's extra effort")),
        "share_to_customer": Slider(0.0, 1.0, 0.05, ex["share_to_customer"],
                                    _("Premium left to customer"), ".0%"),
        "unit_cost": _dollar_slider(100.0, top, 100.0, cost, _("Our unit cost")),
        "markup": Slider(0.0, 2.0, 0.05, ex["markup"], _("Cost-plus markup"), ".0%"),
    }
    template = _spec(value_price_outcome(**{k: v.default for k, v in inputs.items()}))
    ix = Interactive(
        value_price_outcome, inputs, fixed={"template": template},
        title=_("Value-price calculator: {product} ({pid})").format(
            product=products.loc[pid, "product_name"], pid=pid),
    )
    ix.add_class("vk-m01-value-price")
    return ix
