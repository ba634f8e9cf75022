"""The adoption lesson's figures on the kit's tables: the life-cycle locator's data, the
product overview, a Bass fit's summary, a saddle against the published averages and the
beachhead candidates (Module 2).

Pure functions over ``product_sales`` / ``accounts`` frames and the numbers of
:mod:`valuekit.adoption`; nothing reads files. :mod:`valuekit.widgets.adoption` draws them;
the exercises of Module 2 take their expected answers from here.
"""

from __future__ import annotations

import pandas as pd

from valuekit import adoption as ad
from valuekit.i18n import N_

__all__ = [
    "BEACHHEAD_CRITERIA_USED",
    "BEACHHEAD_SCORES",
    "PUBLISHED_SADDLE",
    "bass_fit_summary",
    "beachhead_candidates",
    "beachhead_reasons",
    "locator_data",
    "saddle_comparison",
    "stage_overview",
]


def locator_data(product_sales: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per product, its monthly new customers with a 12-month average and the stage as
    judged at each month (:func:`valuekit.adoption.life_cycle_history`): everything the
    locator draws that does not depend on the sliders."""
    out = {}
    for pid, g in product_sales.groupby("product_id", sort=True):
        s = g.sort_values("month").set_index("month")["units"].astype(float)
        out[str(pid)] = pd.DataFrame({
            "month": s.index,
            "units": s.to_numpy(),
            "trend": s.rolling(12, min_periods=1).mean().to_numpy(),
            "stage": ad.life_cycle_history(s).astype(str).to_numpy(),
        })
    return out


def stage_overview(product_sales: pd.DataFrame) -> pd.DataFrame:
    """Each product's yearly new customers (years ending in the data's last month) and the
    stage judged at the end of each year: the table behind
    :func:`valuekit.charts.adoption.product_overview_chart`."""
    rows = []
    for pid, g in product_sales.groupby("product_id", sort=True):
        s = g.sort_values("month").set_index("month")["units"].astype(float)
        years = ad.period_totals(s)
        stages = ad.life_cycle_history(s).reindex(years.index).astype(str)
        rows.append(pd.DataFrame({"product_id": str(pid), "year": years.index.year,
                                  "units": years.to_numpy(), "stage": stages.to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def bass_fit_summary(fit: ad.BassFit, periods: int, per_year: int = 12) -> pd.DataFrame:
    """The numbers of a Bass fit on ``periods`` periods of data (``per_year`` periods a
    year), as a projector-ready table: each measure's value as text and what it means.

    m, p and q per year (p, q times ``per_year``), the peak time ln(q/p)/(p+q) (Bass
    1969) in years, R squared of the fit, and the share of m adopted by the end of the
    data, F(periods), which places the product among Rogers' groups (cut at 2.5, 16, 50
    and 84 %).

    Args:
        fit: the Bass fit.
        periods: periods of data it was fitted on.
        per_year: periods a year.

    Returns:
        One row per measure: the value as text, what it means, and the number itself in
        the column ``number``.
    """
    adopted = float(ad.bass_cumulative(periods, fit.p, fit.q))
    cuts = ad.bass_adopter_periods(fit.p, fit.q)
    now = cuts[(cuts["start"] <= periods) & (periods < cuts["end"])]["moore_name"].iloc[0]
    rows = [
        (N_("m (customers in the end)"), fit.m, f"{fit.m:,.0f}",
         N_("market potential: everyone who will ever buy, in the whole market")),
        (N_("p per year"), per_year * fit.p, f"{per_year * fit.p:.3f}",
         N_("innovation: the pull of the product and its advertising")),
        (N_("q per year"), per_year * fit.q, f"{per_year * fit.q:.3f}",
         N_("imitation: word of mouth from those who have bought")),
        (N_("peak (years after launch)"), fit.peak_time / per_year,
         f"{fit.peak_time / per_year:.1f}", N_("when new customers per period were highest")),
        (N_("R squared"), fit.r_squared, f"{fit.r_squared:.2f}",
         N_("share of the ups and downs in the data the curve explains (1 = all)")),
        (N_("adopted by the end of the data"), adopted, f"{adopted:.1%}",
         N_("share of m already won: {now} are buying now", now=now)),
    ]
    out = pd.DataFrame(rows, columns=["measure", "number", "value", "meaning"])
    return out.set_index("measure")


#: Chasm-study averages (Chandrasekaran & Tellis 2011, Journal of Marketing 75(4), "Global
#: takeoff and saddle"): when the saddle starts (years after take-off, the first sharp rise
#: in sales), the penetration then, its length in years and its depth.
PUBLISHED_SADDLE = {"years_after_takeoff": 9.0, "penetration": 0.30, "years": 8.0,
                    "depth": 0.29}


def saddle_comparison(saddle: pd.Series) -> pd.DataFrame:
    """A saddle found in our data (a row of :func:`valuekit.adoption.find_saddles`) next to
    the published averages (:data:`PUBLISHED_SADDLE`), as text on the same basis.

    The studies count from take-off, the data from launch; take-off cannot come before
    launch, so our years after launch are an upper bound on our years after take-off.
    Penetration at the early peak: ``share_sold_by_peak`` (sold by the peak / sold to
    date) is an upper bound, as the market is not used up.
    """
    pub = PUBLISHED_SADDLE
    rows = {
        N_("saddle starts (years after take-off)"): (
            N_("about {years:.0f}", years=pub["years_after_takeoff"]),
            N_("at most {years:.1f} (counted from launch)", years=saddle["years_to_peak"])),
        N_("penetration when it starts"): (
            N_("about {share:.0%}", share=pub["penetration"]),
            N_("at most {share:.0%} (sold by the peak / sold to date)",
               share=saddle["share_sold_by_peak"])),
        N_("depth"): (f"{pub['depth']:.0%}", f"{saddle['depth']:.0%}"),
        N_("length"): (N_("about {years:.0f} years", years=pub["years"]),
                       N_("{years:.0f} years", years=saddle["years_below"])),
    }
    return pd.DataFrame.from_dict(rows, orient="index",
                                  columns=["published average", "our product"])


#: The beachhead criteria the lesson scores (Moore's four showstoppers and two of his
#: nice-to-haves), with the kit's weights from :data:`valuekit.adoption.BEACHHEAD_CRITERIA`.
BEACHHEAD_CRITERIA_USED: tuple[str, ...] = (
    "target_customer", "compelling_reason", "whole_product", "competition", "positioning",
    "next_target",
)

#: A workshop team's scores (1 = poor, 5 = excellent) of five sample industries as the
#: beachhead for the AI Insights Assistant (P07, the product now in its early market), each
#: with the reason written down. Illustrative judgements for the exercise, not data: the
#: sample's industries do not differ in these respects.
BEACHHEAD_SCORES: dict[str, dict[str, tuple[int, str]]] = {
    "retail": {
        "target_customer": (4, N_("the head of e-commerce owns a budget line for analytics")),
        "compelling_reason": (5, N_("weekly promotion decisions cannot wait for monthly reports")),
        "whole_product": (4, N_("our data platform and integration services cover the feeds")),
        "competition": (3, N_("general BI tools, but no AI assistant is entrenched")),
        "positioning": (4, N_("many retail customers already use our measurement suite")),
        "next_target": (4, N_("wins here lead to consumer goods brands and media")),
    },
    "finance": {
        "target_customer": (5, N_("the CMO holds a large, protected budget")),
        "compelling_reason": (5, N_("churn and cross-sell targets are reviewed every week")),
        "whole_product": (4, N_("on-premise deployment is needed and we have it")),
        "competition": (2, N_("a global vendor is entrenched in most banks")),
        "positioning": (5, N_("our largest reference base")),
        "next_target": (4, N_("insurance follows the banks")),
    },
    "manufacturing": {
        "target_customer": (3, N_("marketing is small; budget sits with sales operations")),
        "compelling_reason": (2, N_("faster insights are nice to have, not urgent")),
        "whole_product": (3, N_("dealer data would need a partner we do not have yet")),
        "competition": (4, N_("no specialist competitor")),
        "positioning": (4, N_("many customers, but they buy reporting, not AI")),
        "next_target": (3, N_("little word of mouth between manufacturers")),
    },
    "healthcare": {
        "target_customer": (3, N_("buying needs both marketing and compliance to agree")),
        "compelling_reason": (4, N_("patient-acquisition spend must be justified")),
        "whole_product": (2, N_("privacy rules require certified hosting we lack")),
        "competition": (4, N_("few analytics vendors serve the sector")),
        "positioning": (3, N_("some references, none with AI")),
        "next_target": (2, N_("rules differ from every other industry")),
    },
    "telecom": {
        "target_customer": (4, N_("a churn team with its own budget")),
        "compelling_reason": (4, N_("churn costs millions a month")),
        "whole_product": (3, N_("network data needs custom integration")),
        "competition": (3, N_("operators build in-house analytics")),
        "positioning": (2, N_("few telecom customers to act as references")),
        "next_target": (3, N_("cable and media operators are close")),
    },
}


def beachhead_candidates(accounts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The candidate segments: the documented criterion scores of :data:`BEACHHEAD_SCORES`
    and, when ``accounts`` is given, each industry's facts from the sample
    (:func:`valuekit.adoption.segment_facts`: accounts, customers, median budget ...)."""
    scores = pd.DataFrame(
        {seg: {c: v[0] for c, v in crit.items()} for seg, crit in BEACHHEAD_SCORES.items()}
    ).T[list(BEACHHEAD_CRITERIA_USED)]
    scores.index.name = "industry"
    if accounts is None:
        return scores
    facts = ad.segment_facts(accounts)
    missing = [s for s in scores.index if s not in facts.index]
    if missing:
        raise ValueError(f"accounts has no industry {missing}: the candidates are sample "
                         "industries")
    return scores.join(facts[["accounts", "customers", "median_budget"]])


def beachhead_reasons(segment: str) -> pd.DataFrame:
    """Why each criterion of ``segment`` got its score (criterion, score, reason)."""
    if segment not in BEACHHEAD_SCORES:
        raise ValueError(f"unknown segment {segment!r}; candidates are {list(BEACHHEAD_SCORES)}")
    rows = BEACHHEAD_SCORES[segment]
    return pd.DataFrame(
        [(c, rows[c][0], rows[c][1]) for c in BEACHHEAD_CRITERIA_USED],
        columns=["criterion", "score", "reason"],
    ).set_index("criterion")
