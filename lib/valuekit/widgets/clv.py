"""Interactives of Module 4 (customer lifetime value and relationship marketing), and the
lesson's display helpers.

Each interactive is a pure function (inputs -> :class:`~valuekit.widgets.Outcome`) plus an
argument-free builder registered for the benchmark:

- :func:`clv_calculator` / ``m04.clv_calculator``: margin, retention, discount rate and
  horizon; the lifetime value year by year (:func:`valuekit.clv.discounted_clv`).
- :func:`retention_worth` / ``m04.retention_worth``: what a few more points of retention
  add to a customer's lifetime value.
- :func:`ltv_cac` / ``m04.ltv_cac``: LTV:CAC for every sales team of the sample.
- :func:`sbg_fitter` / ``m04.sbg_fitter``: the shifted-beta-geometric model fitted to the
  first years of the cohorts, against what happened later.

The unit of the lesson's segment figures is the *subscription* (one account's contract for
one product, renewed year after year), the unit of the ``contracts`` table. Its yearly
**renewal rate** is renewed contract years / contract years that ended (renewed or churned),
as in docs/data_guide.md.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from valuekit import clv, data
from valuekit.charts import adoption as ca
from valuekit.charts import clv as cc
from valuekit.clv import relationship as rel
from valuekit.clv.relationship import PUBLISHED_LTV, YEAR, loyalty_ladder, sbg_fit_frame
from valuekit.i18n import N_, _, language, money, shown_table
from valuekit.schema import SAMPLE_AS_OF
from valuekit.widgets import Interactive, Outcome, Slider, money_slider, register_builder

__all__ = [
    "FORMATS",
    "MoneyFormat",
    "PUBLISHED_LTV",
    "YEAR",
    "account_values",
    "cohort_retention",
    "clv_calculator",
    "clv_calculator_widget",
    "crm_indicators",
    "life_cycle_stages",
    "local_format",
    "loyalty_ladder",
    "published_ltv",
    "ltv_cac",
    "ltv_cac_widget",
    "renewal_by_tenure",
    "renewal_watchlist",
    "retention_worth",
    "retention_worth_widget",
    "sample_tables",
    "sbg_fit_frame",
    "sbg_fitter",
    "sbg_fitter_widget",
    "segment_economics",
    "shown_style",
    "value_tiers",
]

#: Table formats for ``.style.format`` on a projector.
FORMATS: dict[str, str] = {
    "lifetime_value": "${:,.0f}", "years": "{:,.0f}", "per_year": "${:,.0f}",
    "renewal_rate": "{:.1%}", "margin": "${:,.0f}", "subscriptions": "{:,.0f}",
    "new_subscriptions": "{:,.0f}", "spend": "${:,.0f}", "cac": "${:,.0f}",
    "accounts": "{:,.0f}", "share": "{:.1%}", "new_rate": "{:.1%}", "lost_rate": "{:.1%}",
    "upgraded_rate": "{:.1%}", "margin_per_account": "${:,.0f}", "annual_value": "${:,.0f}",
    "expected_loss": "${:,.0f}", "renewal_number": "{:d}", "contract_years": "{:,.0f}",
    "clv": "${:,.0f}", "ltv_cac": "{:.1f}", "share_of_value": "{:.0%}",
}


#: What the lesson tables' column and index names say, for a reader of another language: the
#: frames keep their English names (code reads them); a Chinese table shows the translation
#: of the label here. A label names its column unambiguously for the translator.
TABLE_LABELS: dict[str, str] = {
    "example": N_("example (published lifetime value)"),
    "lifetime_value": N_("lifetime value"), "years": N_("years of the relationship"),
    "per_year": N_("value per year"),
    "stage": N_("life-cycle stage"), "the customer": N_("what the customer does"),
    "we": N_("what we do"), "early warning": N_("early-warning sign"),
    "account_id": N_("account id"), "product_id": N_("product id"),
    "team_name": N_("team"), "end_date": N_("contract year ends"),
    "renewal_number": N_("renewals done"), "annual_value": N_("annual value"),
    "renewal_rate": N_("renewal rate"), "expected_loss": N_("expected loss"),
    "accounts": N_("number of accounts"), "new_rate": N_("new-customer rate"),
    "lost_rate": N_("lost-customer rate"), "upgraded_rate": N_("upgraded-customer rate"),
    "margin_per_account": N_("average margin per account"),
    "contract_years": N_("contract years ended"), "subscriptions": N_("active subscriptions"),
    "new_subscriptions": N_("new subscriptions"), "margin": N_("margin per year"),
    "spend": N_("campaign spend"), "cac": N_("CAC per new subscription"),
    "clv": N_("customer lifetime value (CLV)"), "tier": N_("value tier"),
    "share_of_value": N_("share of the value"), "cohort": N_("cohort (year of the first contract)"),
    "year": N_("year of the relationship"), "size_band": N_("size band"),
    # the annex's transaction log (valuekit.widgets.clv_transactions)
    "step": N_("cleaning step"), "lines": N_("invoice lines"),
    "value": N_("value (quantity × unit price)"), "customer": N_("customer id"),
    "invoice": N_("invoice number"), "date": N_("date"),
    "frequency": N_("frequency (repeat purchases)"),
    "recency": N_("recency (weeks from the first to the last purchase)"),
    "T": N_("age T (weeks since the first purchase)"),
    "monetary_value": N_("mean value per repeat purchase"), "revenue": N_("revenue so far"),
    "p_alive": N_("P(alive)"), "expected_purchases": N_("expected purchases, 12 months"),
    "customers": N_("number of customers"), "mean_clv": N_("mean CLV"),
    "share_of_clv": N_("share of the CLV"),
}


#: The value tiers of :func:`valuekit.clv.clv_tiers` (cells of the tables), for the catalogs.
TIERS = (N_("high"), N_("medium"), N_("low"))


def _word(value: Any) -> Any:
    """A cell or row label: the kit's own words translated (a tier, a stage, an example),
    names from the data (teams, accounts) unchanged, as no catalog has them."""
    return _(value) if isinstance(value, str) else value


def shown_style(frame: pd.DataFrame, labels: Mapping[str, str] = TABLE_LABELS) -> Any:
    """``frame.style`` with the column and index names (through ``labels``), the row labels
    and the text cells in the language shown now: :func:`valuekit.i18n.shown_table`, on a
    styler whose ``.format`` writes money in the reader's way (:func:`local_format`). Display
    only: ``frame`` and its column names are unchanged, so ``.format(FORMATS)`` still finds
    its columns."""
    return shown_table(_ShownStyler(pd.DataFrame(frame)), labels=dict(labels))


def _display_copy(frame: pd.DataFrame, labels: Mapping[str, str] = TABLE_LABELS,
                  columns: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` to show: text cells, row labels and index names translated; the
    column labels too when ``columns`` (a plain ``repr``, with no ``.format`` to follow)."""
    shown = pd.DataFrame(frame).copy()
    for col in shown.columns:
        kind = shown[col].dtype
        if not (pd.api.types.is_numeric_dtype(kind) or pd.api.types.is_datetime64_any_dtype(kind)):
            shown[col] = shown[col].astype(object).map(_word)

    def label(name: Any) -> Any:
        return _(labels.get(name, name)) if isinstance(name, str) else name

    shown.index = shown.index.map(_word).set_names([label(n) for n in shown.index.names])
    if columns:
        shown.columns = shown.columns.map(label)
    shown.columns = shown.columns.set_names([label(n) for n in shown.columns.names])
    return shown


class MoneyFormat:
    """A money format for a reader of another language: ``.format(x)`` gives
    :func:`valuekit.i18n.money` (万/亿 in Chinese, the currency as CLDR writes it; whole
    units under 万, as the ``"${:,.0f}"`` it stands for), as a ``"${:,.0f}"`` string would give
    dollars; ``sign`` puts a + before a gain."""

    def __init__(self, currency: str = "USD", sign: bool = False) -> None:
        self.currency, self.sign = currency, sign

    def format(self, value: Any) -> str:
        text = money(float(value), self.currency, cents=False)
        return f"+{text}" if self.sign and float(value) > 0 else text

    def __call__(self, value: Any) -> str:  # a Styler calls a formatter
        return self.format(value)


#: The kit's money formats (``FORMATS``, readouts) -> the currency they write.
_CURRENCIES = {"$": "USD", "£": "GBP"}


def local_format(fmt: Any) -> Any:
    """``fmt`` in the language shown now: a money format (``"${:,.0f}"``, ``"+£{:,.0f}"``)
    becomes a :class:`MoneyFormat` outside English; anything else is returned as it is."""
    if language() == "en" or not isinstance(fmt, str):
        return fmt
    sign = fmt.startswith("+")
    body = fmt[1:] if sign else fmt
    if body[:1] in _CURRENCIES and body[1:].startswith("{:,.0f}"):
        return MoneyFormat(_CURRENCIES[body[:1]], sign)
    return fmt


class _ShownStyler(Styler):
    """The styler of a :class:`_Shown` table: the lesson's ``.format(FORMATS)`` writes money
    through :func:`local_format` (万/亿 in Chinese) and formats only the columns it names
    (pandas would reset every other column to its default, and with it the translated text
    cells of :func:`valuekit.i18n.shown_table`: a tier's ``high`` back to English)."""

    def format(self, formatter: Any = None, *args: Any, **kwargs: Any) -> Styler:
        if isinstance(formatter, Mapping):
            formatter = {k: local_format(v) for k, v in formatter.items()}
            if not args and kwargs.get("subset") is None:
                kwargs["subset"] = [c for c in self.data.columns if c in formatter]
        else:
            formatter = local_format(formatter)
        return super().format(formatter, *args, **kwargs)


class _Shown(pd.DataFrame):
    """A lesson table in a language other than English: the data and its column names stay
    what code reads; ``.style``, how the lesson shows a table, is :func:`shown_style`."""

    @property
    def _constructor(self) -> type:
        return _Shown

    @property
    def style(self) -> Any:
        return shown_style(pd.DataFrame(self))

    def _repr_html_(self) -> str | None:  # a table shown without .style (``frame.head()``)
        return _display_copy(self, columns=True)._repr_html_()


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as the lesson shows it: unchanged in English (the same object), else a
    :class:`_Shown` (its ``.style`` in the reader's language)."""
    return frame if language() == "en" else _Shown(frame)


def published_ltv() -> pd.DataFrame:
    """:func:`valuekit.clv.relationship.published_ltv`, as the lesson shows it."""
    return _table(rel.published_ltv())


def life_cycle_stages() -> pd.DataFrame:
    """:func:`valuekit.clv.relationship.life_cycle_stages`, as the lesson shows it."""
    return _table(rel.life_cycle_stages())


def cohort_retention(contracts: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """:func:`valuekit.clv.cohort_retention`, as the lesson shows it."""
    return _table(clv.cohort_retention(contracts, **kwargs))


def renewal_by_tenure(contracts: pd.DataFrame, max_renewal: int = 6) -> pd.DataFrame:
    """:func:`valuekit.clv.relationship.renewal_by_tenure`, as the lesson shows it."""
    return _table(rel.renewal_by_tenure(contracts, max_renewal))


def value_tiers(values: pd.DataFrame) -> pd.DataFrame:
    """:func:`valuekit.clv.relationship.value_tiers`, as the lesson shows it."""
    return _table(rel.value_tiers(pd.DataFrame(values)))


def sample_tables() -> dict[str, pd.DataFrame]:
    """The sample tables this module uses (:func:`valuekit.data.sample`, read once)."""
    return data.sample(["accounts", "teams", "contracts", "invoices", "campaign_touches"])


# --------------------------------------------------------------------------- lesson helpers
# The calculations live in valuekit.clv.relationship (pure, tables passed in); these bind
# them to the sample so the notebook's calls stay one short line.


def segment_economics(by: str = "team_name", year: int = YEAR) -> pd.DataFrame:
    """:func:`valuekit.clv.relationship.segment_economics` on the sample."""
    return _table(rel.segment_economics(sample_tables(), by, year))


def account_values(discount: float = 0.1, years: int = 5, year: int = YEAR,
                   by: str = "team_name") -> pd.DataFrame:
    """:func:`valuekit.clv.relationship.account_values` on the sample."""
    return _table(rel.account_values(sample_tables(), discount, years, year, by))


def renewal_watchlist(start: str, end: str, by: str = "team_name") -> pd.DataFrame:
    """:func:`valuekit.clv.relationship.renewal_watchlist` on the sample."""
    return _table(rel.renewal_watchlist(sample_tables(), start, end, by))


def crm_indicators(contracts: pd.DataFrame, invoices: pd.DataFrame, accounts: pd.DataFrame,
                   year: int = YEAR, by: str = "team_name") -> pd.DataFrame:
    """:func:`valuekit.clv.relationship.crm_indicators` with the sample's teams."""
    return _table(rel.crm_indicators(contracts, invoices, accounts, year, by,
                                     teams=sample_tables()["teams"]))


# --------------------------------------------------------------------------- CLV calculator


def _clv_template() -> dict[str, Any]:
    return _clv_template_in(language())


@functools.cache
def _clv_template_in(lang: str) -> dict[str, Any]:  # one per language: its words differ
    return ca.template(cc.clv_years_layers(None, title=N_("CLV calculator: year by year")))


#: Two readouts the lesson reconciles: the calculator's undiscounted 1 / (1 - r) and the sBG's DEL.
_YEARS = N_("Expected years as a customer (undiscounted)")
_DEL = N_("DEL: discounted expected lifetime (years, 10 %)")


def clv_calculator(margin: float, retention: float, discount: float, years: int) -> Outcome:
    """Lifetime value of a customer paying ``margin`` a year at the start of each year (the
    first year certain), kept with probability ``retention`` a year, discounted at
    ``discount``, over ``years`` years (:func:`valuekit.clv.discounted_clv`,
    ``timing="start"``); the same customer over an endless horizon for comparison, whose
    value at this timing is ``m (1+d) / (1+d-r)`` (see :func:`valuekit.clv.discounted_clv`),
    not the year-end formula ``m r / (1+d-r)`` of :func:`valuekit.clv.retention_clv`."""
    horizon = np.arange(1, int(years) + 1)
    so_far = np.asarray(clv.discounted_clv(margin, retention, discount, horizon,
                                           timing="start"), dtype=float)
    frame = pd.DataFrame({"year": horizon, "so_far": so_far,
                          "this_year": np.diff(so_far, prepend=0.0)})
    # paid at the start of each year the endless value is m (1+d) / (1+d-r): the year-end
    # value m r / (1+d-r) (clv.retention_clv) plus the certain first margin
    endless = float(margin + clv.retention_clv(margin, retention, discount))
    total = float(so_far[-1])
    return Outcome(
        {N_("Lifetime value over the horizon"): total,
         N_("Endless horizon"): endless,
         N_("Share of the endless value"): total / endless if endless else float("nan"),
         _YEARS: 1 / (1 - retention) if retention < 1 else _("endless")},
        chart=ca.with_data(_clv_template(), {"years": frame}),
        formats={"Lifetime value over the horizon": local_format("${:,.0f}"),
                 "Endless horizon": local_format("${:,.0f}"),
                 "Share of the endless value": "{:.0%}",
                 **({_YEARS: "{:.1f}"} if retention < 1 else {})},
        note=_("Margin paid at the start of each year, the first year certain: endless value "
               "m(1+d)/(1+d−r). Paid at year end it would be m·r/(1+d−r)."),
    )


#: The inputs the lifetime-value interactives share, so they read the same on every widget.
MARGIN_SLIDER = Slider(1_000.0, 200_000.0, 1_000.0, 50_000.0, N_("Margin per year"), "$,.0f")
DISCOUNT_SLIDER = Slider(0.0, 0.2, 0.01, 0.1, N_("Discount rate"), ".0%")
YEARS_SLIDER = Slider(1, 30, 1, 10, N_("Horizon (years)"), "d")


def _shown(slider: Slider) -> Slider:
    """A shared slider with its label in the language shown now (the constants keep the
    English, so they read the same whatever language was set when this module loaded)."""
    return money_slider(dataclasses.replace(slider, label=_(slider.label)))


@register_builder("m04.clv_calculator")
def clv_calculator_widget() -> Interactive:
    """CLV calculator; defaults near the sample's average subscription (84 % renewal)."""
    ix = Interactive(clv_calculator, {
        "margin": _shown(MARGIN_SLIDER),
        "retention": Slider(0.5, 0.99, 0.01, 0.84, _("Retention rate"), ".0%"),
        "discount": _shown(DISCOUNT_SLIDER),
        "years": _shown(YEARS_SLIDER),
    }, title=_("CLV calculator: what is one customer worth?"))
    ix.add_class("vk-m04-clv-calculator")  # lets a browser test find this one
    return ix


# --------------------------------------------------------------------------- retention worth

_RETENTION_GRID = np.round(np.arange(0.5, 0.991, 0.01), 2)


def _worth_template() -> dict[str, Any]:
    return _worth_template_in(language())


@functools.cache
def _worth_template_in(lang: str) -> dict[str, Any]:
    return ca.template(cc.retention_worth_layers(
        None, title=N_("What are a few points of retention worth?")))


def retention_worth(margin: float, retention: float, uplift: float, discount: float,
                    years: int) -> Outcome:
    """Lifetime value (:func:`valuekit.clv.discounted_clv`, margin at the start of each
    year) at ``retention`` and at ``retention + uplift``, and the gain in dollars and per
    cent. The improvement is capped at ``1 - retention``: retention cannot pass 100 % (a
    finite horizon keeps the value finite even there)."""
    gained = min(uplift, 1.0 - retention)
    better = min(retention + gained, 1.0)
    now, new = (float(clv.discounted_clv(margin, r, discount, years, timing="start"))
                for r in (retention, better))
    curve = pd.DataFrame({"retention": _RETENTION_GRID, "clv": clv.discounted_clv(
        margin, _RETENTION_GRID, discount, years, timing="start")})
    points = pd.DataFrame({"retention": [retention, better], "clv": [now, new],
                           "text": [_("today"),
                                    _("+{points:.0f} points").format(points=gained * 100)]})
    return Outcome(
        {N_("Lifetime value today"): now, N_("With better retention"): new,
         N_("Gain per customer"): new - now, N_("Gain in per cent"): new / now - 1},
        chart=ca.with_data(_worth_template(), {"curve": curve, "points": points}),
        formats={"Lifetime value today": local_format("${:,.0f}"),
                 "With better retention": local_format("${:,.0f}"),
                 "Gain per customer": local_format("+${:,.0f}"), "Gain in per cent": "{:+.0%}"},
        note=(_("Improvement capped at {points:.0f} points: retention cannot pass 100 %."
                ).format(points=gained * 100) if gained < uplift - 1e-9 else ""),
    )


@register_builder("m04.retention_worth")
def retention_worth_widget() -> Interactive:
    """Five points of retention: defaults at the sample's 84 % renewal rate."""
    ix = Interactive(retention_worth, {
        "margin": _shown(MARGIN_SLIDER),
        "retention": Slider(0.5, 0.95, 0.01, 0.84, _("Retention today"), ".0%"),
        "uplift": Slider(0.01, 0.1, 0.01, 0.05, _("Improvement (points)"), ".0%"),
        "discount": _shown(DISCOUNT_SLIDER),
        "years": _shown(YEARS_SLIDER),
    }, title=_("What is five points of retention worth?"))
    ix.add_class("vk-m04-retention-worth")
    return ix


# --------------------------------------------------------------------------- LTV:CAC


def _ltv_template(teams: tuple[str, ...]) -> dict[str, Any]:
    return _ltv_template_in(teams, language())


@functools.cache
def _ltv_template_in(teams: tuple[str, ...], lang: str) -> dict[str, Any]:
    return ca.template(cc.ltv_cac_layers(None, teams=list(teams)))


def ltv_cac(discount: float, years: int, cac_scale: float, target: float, *,
            economics: pd.DataFrame) -> Outcome:
    """LTV:CAC per team: LTV = :func:`valuekit.clv.discounted_clv` of the team's margin per
    subscription at its renewal rate (margin at the start of each year); CAC = the team's
    campaign spend per new subscription times ``cac_scale`` (campaigns are only part of
    the cost of winning a customer: sales time, proposals, travel)
    (:func:`valuekit.clv.ltv_to_cac`). ``economics``: :func:`segment_economics`."""
    ltv = clv.discounted_clv(economics["margin"], economics["renewal_rate"], discount, years,
                             timing="start")
    ratio = clv.ltv_to_cac(ltv, economics["cac"] * cac_scale)
    below = ratio[ratio < target].sort_values()
    bars = pd.DataFrame({"segment": [_short(t) for t in ratio.index], "ratio": ratio.to_numpy(),
                         "verdict": np.where(ratio.to_numpy() >= target, "reaches the target",
                                             "below the target")})
    teams = tuple(_short(t) for t in economics.index)
    return Outcome(
        {N_("Teams below the target"): ", ".join(below.index) if len(below) else _("none"),
         N_("Lowest LTV:CAC"): float(ratio.min()), N_("Highest LTV:CAC"): float(ratio.max())},
        chart=ca.with_data(_ltv_template(teams), {"bars": bars,
                                                  "target": pd.DataFrame({"ratio": [target]})}),
        formats={"Lowest LTV:CAC": "{:.1f}", "Highest LTV:CAC": "{:.1f}"},
    )


def _short(team: str) -> str:
    """A short chart label for a team ("South Commercial" -> "S Comm."): every character of
    a tick label costs drawing time). In Chinese the whole name: the team's name is what the
    reader can look up, and a Latin abbreviation of it reads as untranslated English."""
    if language() != "en":
        return str(team)
    region, _sep, kind = str(team).partition(" ")
    return f"{region[:1]} {kind[:4]}." if kind else str(team)


@register_builder("m04.ltv_cac")
def ltv_cac_widget(economics: pd.DataFrame | None = None) -> Interactive:
    """LTV:CAC by team on the sample (:func:`segment_economics`, computed once here)."""
    economics = segment_economics() if economics is None else economics
    ix = Interactive(ltv_cac, {
        "discount": _shown(DISCOUNT_SLIDER),
        "years": Slider(1, 20, 1, 5, _("Horizon (years)"), "d"),
        "cac_scale": Slider(1.0, 10.0, 0.5, 2.0, _("Full CAC = campaigns ×"), ".1f"),
        "target": Slider(1.0, 6.0, 0.5, 3.0, _("Target LTV:CAC"), ".1f"),
    }, fixed={"economics": economics},
        title=_("LTV:CAC by team: where does acquisition pay?"))
    ix.add_class("vk-m04-ltv-cac")
    return ix


# --------------------------------------------------------------------------- sBG fitter


def _fitter_template() -> dict[str, Any]:
    return _fitter_template_in(language())


@functools.cache
def _fitter_template_in(lang: str) -> dict[str, Any]:
    return ca.template(cc.sbg_fitter_layers(None))


def sbg_fitter(segment: str, years_used: int, *,
               counts: Mapping[str, pd.DataFrame]) -> Outcome:
    """Fit the sBG (:func:`valuekit.clv.fit_sbg`) on the first ``years_used`` years of a
    segment's subscription cohorts and project the survival curve; the dots are the share
    of all cohorts still subscribed in each year, pooled over the cohorts observed that long.
    ``counts``: segment -> :func:`valuekit.clv.survival_counts` (unit account_product)."""
    if segment not in counts:
        raise ValueError(f"unknown segment {segment!r}")
    table = counts[segment]
    fit = clv.fit_sbg(table.iloc[:, : int(years_used) + 1])
    horizon = table.shape[1] - 1
    k = np.arange(horizon + 1)
    # each year's share pooled over the cohorts seen that long (a Kaplan-Meier-like product)
    pooled = np.cumprod([1.0] + [float(table.loc[table[t].notna(), t].sum()
                                       / table.loc[table[t].notna(), t - 1].sum())
                                 for t in k[1:]])
    frames = {
        "model": pd.DataFrame({"year": k, "share": clv.sbg_survival(fit.alpha, fit.beta, k)}),
        "actual": pd.DataFrame({"year": k, "share": pooled,
                                "used": np.where(k <= years_used, "used in the fit",
                                                 "not used")}),
        "cut": pd.DataFrame({"year": [float(years_used)]}),
    }
    return Outcome(
        {N_("alpha, beta"): f"{fit.alpha:.2f}, {fit.beta:.2f}",
         N_("Retention in year 1"): float(clv.sbg_retention(fit.alpha, fit.beta, 1)),
         N_("Retention in year 5"): float(clv.sbg_retention(fit.alpha, fit.beta, 5)),
         _DEL: float(clv.sbg_del(fit.alpha, fit.beta, 0.1))},
        chart=ca.with_data(_fitter_template(), frames),
        formats={"Retention in year 1": "{:.0%}", "Retention in year 5": "{:.0%}",
                 _DEL: "{:.1f}"},
    )


@register_builder("m04.sbg_fitter")
def sbg_fitter_widget() -> Interactive:
    """sBG fitter on the sample's subscription cohorts, the whole company. (One team's
    cohorts are too small: for several teams the first years do not pin the model down.)"""
    con = sample_tables()["contracts"]
    counts = {"all teams": clv.survival_counts(con, unit="account_product", as_of=SAMPLE_AS_OF)}
    ix = Interactive(sbg_fitter, {
        "years_used": Slider(2, 9, 1, 3, _("Years used in the fit"), "d"),
    }, fixed={"segment": "all teams", "counts": counts},
        title=_("Retention-curve fitter: what do the first years predict?"))
    ix.add_class("vk-m04-sbg-fitter")
    return ix
