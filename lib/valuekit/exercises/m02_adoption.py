"""Exercise questions of Module 2: the technology adoption life cycle and the chasm.

Two tracks. The **decision track** (``dq1`` ... ``dq8``, at the end of this file) is answered
from the teaching notebook's tables, charts and interactives alone, through the answer widget
(:mod:`valuekit.exercises.answer_widget`): match, choose, read a value off the Bass explorer,
find a setting on the chasm simulator, decide. Its expected answers are computed with the
library functions the lesson's tables and widgets call (:mod:`valuekit.adoption`,
:mod:`valuekit.adoption.lessons`), never typed in, except where a question asks about the
lesson's own concepts (dq1, dq7). The **analyst track** (``q1`` ... ``q8``) asks in code.

Analyst track: from warm-up to analysis on the sample data: the normal share before a cut
point, the Bass peak time, the early market among our customers, a Bass fit, the life-cycle
stage of every product as of a past month, a saddle on half-yearly totals and its depth, and
the beachhead after a changed score. Where the teaching notebook prints a number, the
question asks for a neighbouring one (another cut point, another q, an "as of" date, half-
years rather than years, a changed score), so the answer has to be worked out, and the
notebook's number is a named mistake. Every expected value is computed with
:mod:`valuekit.adoption` (from the sample data where the question is about it), never typed
in.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtr  # the standard normal CDF valuekit.adoption.rogers_shares uses

from valuekit import adoption as ad
from valuekit.adoption.lessons import BEACHHEAD_SCORES, PUBLISHED_SADDLE
from valuekit.data import SADDLE_PRODUCT
from valuekit.exercises import (
    Choice,
    Discussion,
    Labels,
    Mistake,
    Number,
    chose,
    near,
    normalize,
    register_questions,
    sample,
)
from valuekit.exercises.decision import Match
from valuekit.i18n import N_

#: q1: where the line is drawn, in standard deviations from the mean adoption time (Rogers
#: cuts the early market at -1: the teaching notebook prints that share).
EARLY_LINE = -1.5
#: Average coefficients over 213 parameter sets from 15 articles (Sultan, Farley & Lehmann 1990,
#: Journal of Marketing Research 27(1)): the classic "typical product" (the teaching
#: notebook prints its peak time).
P_TYPICAL, Q_TYPICAL = 0.03, 0.38
#: q2: the same p with stronger word of mouth.
Q_STRONG = 0.6
#: The product whose Bass fit question 4 asks about (past its peak, a clean single market);
#: the teaching notebook fits P01.
FIT_PRODUCT = "P03"
LESSON_FIT_PRODUCT = "P01"
#: q5: the month the stages are judged at (the teaching notebook judges at the data's end).
AS_OF = "2021-12"
#: q6, q7: saddles on half-yearly totals, a dip of one period counting (the teaching notebook
#: looks at yearly totals with the default of two periods).
HALF_YEAR = 6
MIN_BELOW = 1
#: q8: the score the team changes ("the global vendor in finance stumbles").
CHANGED_SEGMENT, CHANGED_CRITERION, CHANGED_SCORE = "finance", "competition", 3


def _monthly(product_id: str) -> pd.Series:
    ps = sample()["product_sales"]
    return ps[ps["product_id"] == product_id].set_index("month")["units"]


def _customers() -> pd.DataFrame:
    acc = sample()["accounts"]
    return acc[acc["first_purchase_date"].notna()]


def _early_share(groups: pd.Series) -> float:
    return 100 * float(ad.adopter_mix(groups).loc[list(ad.EARLY_MARKET), "share"].sum())


def _share_before(z: float) -> float:
    """Percentage of a normal population before ``z`` standard deviations."""
    return 100 * float(ndtr(z))


def _fit(product_id: str = FIT_PRODUCT) -> ad.BassFit:
    return ad.fit_bass(_monthly(product_id).to_numpy())


def _saddles() -> pd.DataFrame:
    """Saddles on yearly totals, as the teaching notebook finds them."""
    return ad.find_saddles(sample()["product_sales"])


def _saddle_product() -> str:
    found = _saddles()
    if len(found) != 1:
        raise ValueError(f"the sample should have exactly one product with a saddle, found "
                         f"{list(found.index)}")
    return str(found.index[0])


@functools.cache
def half_year_saddles() -> pd.DataFrame:
    """Saddles on half-yearly totals with a dip of one period counting (questions 6 and 7)."""
    return ad.find_saddles(sample()["product_sales"], months=HALF_YEAR,
                           min_periods_below=MIN_BELOW)


def _half_year_product() -> str:
    others = [p for p in half_year_saddles().index if p != _saddle_product()]
    if len(others) != 1:
        raise ValueError(f"the sample should have exactly one more product with a half-year "
                         f"saddle, found {others}")
    return str(others[0])


def _depth(found: pd.DataFrame, product_id: str) -> float:
    return 100 * float(found.loc[product_id, "depth"])


def changed_candidates() -> pd.DataFrame:
    """The candidate segments with question 8's changed score."""
    from valuekit.adoption.lessons import beachhead_candidates

    changed = beachhead_candidates().copy()
    changed.loc[CHANGED_SEGMENT, CHANGED_CRITERION] = CHANGED_SCORE
    return changed


def candidate_scores(candidates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The beachhead scores of the candidate segments (default: the workshop's scores, as the
    teaching notebook shows them; question 8 passes :func:`changed_candidates`)."""
    from valuekit.adoption.lessons import BEACHHEAD_CRITERIA_USED, beachhead_candidates

    if candidates is None:
        candidates = beachhead_candidates()
    weights = {c: float(ad.BEACHHEAD_CRITERIA[c]["weight"]) for c in BEACHHEAD_CRITERIA_USED}
    return ad.score_segments(candidates[list(BEACHHEAD_CRITERIA_USED)], weights=weights)


def _beachhead(scores: pd.DataFrame) -> str:
    return str(scores[scores["showstoppers_ok"]].index[0])




def _as_series(answer: Any) -> pd.Series:
    return pd.Series(answer) if isinstance(answer, dict) else answer


def _same_labels(other: Callable[[], pd.Series]) -> Callable[[Any, Any], bool]:
    """A mistake test: every label of the answer is one of ``other()``'s and has its value
    there (the answer may leave some of ``other()``'s labels out), and ``other()`` is not the
    expected answer."""

    def test(answer: Any, expected: Any) -> bool:
        alt, a = other(), _as_series(answer)
        if not len(a) or not set(a.index) <= set(alt.index):
            return False
        same = all(normalize(a[k]) == normalize(alt[k]) for k in a.index)
        differs = set(alt.index) != set(expected.index) or any(
            normalize(alt[k]) != normalize(expected[k]) for k in expected.index)
        return same and differs

    return test


def _launches() -> pd.Series:
    """The first month of sales of every product."""
    return sample()["product_sales"].groupby("product_id")["month"].min()


def _not_launched_yet(answer: Any, expected: Any) -> bool:
    """The answer holds a product whose sales start after :data:`AS_OF`."""
    extra = [k for k in _as_series(answer).index if k not in expected.index]
    late = set(_launches().index[_launches() > pd.Timestamp(AS_OF)])
    return bool(extra) and set(extra) <= late


def _launched_missing(answer: Any, expected: Any) -> bool:
    """The answer leaves out a product that was on the market by :data:`AS_OF`."""
    return any(k not in _as_series(answer).index for k in expected.index)


def _stages(as_of: Any = AS_OF) -> pd.Series:
    return ad.product_stages(sample()["product_sales"], as_of=as_of)["stage"].astype(str)


def _lesson_stages() -> pd.Series:
    """The stages at the end of the data: the table the teaching notebook prints."""
    return _stages(None)


def _monthly_stages() -> pd.Series:
    """The slip of question 5: the stage rule on the raw monthly counts up to :data:`AS_OF`
    (a 3-month window)."""
    ps = sample()["product_sales"]
    ps = ps[ps["month"] <= pd.Timestamp(AS_OF)]
    return pd.Series({pid: ad.life_cycle_stage(g.set_index("month")["units"])
                      for pid, g in ps.groupby("product_id")})


# --------------------------------------------------------------------------- questions

q1 = Number(
    lambda: _share_before(EARLY_LINE),
    prompt=N_("Rogers cuts the early market (enthusiasts and visionaries) at one "
              "standard deviation before the mean time of adoption. A planner who "
              "wants only the most eager buyers draws the line at {line:g} standard "
              "deviations before the mean instead. If adoption times are normal, what "
              "percentage of all adopters come before that line? Two decimals.",
              line=-EARLY_LINE),
    decimals=2,
    unit="%",
    hints=[
        N_("The share before the line is the area under the standard normal curve "
           "left of z = {early_line:g}, the same way Rogers' 16 % is the area left "
           "of z = -1.",
           early_line=EARLY_LINE),
        N_("norm.cdf({early_line:g}) (the set-up cell imports norm from "
           "scipy.stats) is that area as a fraction; multiply by 100.",
           early_line=EARLY_LINE),
    ],
    solution=(
        'share = 100 * norm.cdf(-1.5)\n'
    ),
    mistakes=[
        near(lambda: _share_before(-1.0),
             N_("That is the share before -1 sd, Rogers' early market: the cumulative "
                "share the teaching notebook's table prints (15.9 %). This question "
                "draws the line at {early_line:g} sd: compute norm.cdf({early_line:g}).",
                early_line=EARLY_LINE), decimals=1),
        Mistake.close_to(16.0, N_("16 % is the textbook's early market, cut at -1 sd (the "
                                  "notebook's number). This question's line is at "
                                  "{early_line:g} sd: compute norm.cdf({early_line:g}).",
                                  early_line=EARLY_LINE)),
        near(lambda: 50 * float(ndtr(-2.0) + ndtr(-1.0)),
             N_("That is halfway between the shares before -2 sd (2.28 %) and before -1 "
                "sd (15.87 %). The bell curve is not a straight line between them: "
                "compute norm.cdf({early_line:g}).",
                early_line=EARLY_LINE), decimals=2),
        near(lambda: 100 * float(ad.normal_pdf(EARLY_LINE)),
             N_("That is the height of the bell curve at {early_line:g} (norm.pdf), not "
                "the share of adopters before it: the share is the area, norm.cdf.",
                early_line=EARLY_LINE), decimals=2),
        near(lambda: _share_before(EARLY_LINE) - _share_before(-2.0),
             N_("That is only those between -2 and {early_line:g} sd; the enthusiasts "
                "before -2 sd are before the line too.",
                early_line=EARLY_LINE), decimals=2),
        near(lambda: 100 - _share_before(EARLY_LINE),
             N_("That is everyone after the line: take the other side (norm.cdf, not 1 - "
             "norm.cdf)."), decimals=2),
    ],
    explanation=N_("norm.cdf({early_line:g}) = {share:.2f} %: moving the line half a "
                   "standard deviation earlier leaves well under half of Rogers' "
                   "{rogers_share:.2f} %, because the bell curve is thin in its tail. Where the "
                   "line is drawn decides how small the 'early market' is.",
                   early_line=EARLY_LINE, share=_share_before(EARLY_LINE),
                   rogers_share=_share_before(-1.0)),
)

q2 = Number(
    lambda: ad.bass_peak_time(P_TYPICAL, Q_STRONG),
    prompt=N_("The teaching notebook's typical product has p = {p_typical} and q = "
              "{q_typical} per year. A product with the same p but stronger word of "
              "mouth has q = {q_strong}. How many years after launch do its "
              "new-customer sales peak? One decimal.",
              p_typical=P_TYPICAL, q_typical=Q_TYPICAL, q_strong=Q_STRONG),
    decimals=1,
    unit="years",
    hints=[
        N_("Bass (1969): the peak time is the natural logarithm of q/p, divided by p + q."),
        N_("Use the natural logarithm: math.log({q_strong} / {p_typical}) / "
           "({p_typical} + {q_strong}).",
           q_strong=Q_STRONG, p_typical=P_TYPICAL),
    ],
    solution=(
        'peak = math.log(0.6 / 0.03) / (0.03 + 0.6)\n'
    ),
    mistakes=[
        near(lambda: ad.bass_peak_time(P_TYPICAL, Q_TYPICAL),
             N_("That is the typical product's peak (q = {q_typical}), the number the "
                "teaching notebook prints. This question's product has q = {q_strong}.",
                q_typical=Q_TYPICAL, q_strong=Q_STRONG), decimals=1),
        Mistake.close_to(lambda: math.log10(Q_STRONG / P_TYPICAL) / (P_TYPICAL + Q_STRONG),
                         N_("That uses log10; the formula needs the natural logarithm (math.log)."),
                         rel_tol=1e-3),
        Mistake.close_to(lambda: math.log(Q_STRONG / P_TYPICAL) / (Q_STRONG - P_TYPICAL),
                         N_("The denominator is p + q, not q - p."), rel_tol=1e-3),
        Mistake.close_to(lambda: math.log(Q_STRONG / P_TYPICAL),
                         N_("You have ln(q/p); divide it by (p + q)."), rel_tol=1e-3),
    ],
    explanation=N_("ln({q_strong}/{p_typical}) / {p_plus_q:g} = {peak:.1f} years, against "
                   "{typical_peak:.1f} for q = {q_typical}: stronger word of mouth brings the "
                   "peak more than a year earlier, as the Bass explorer shows when q is "
                   "raised.",
                   q_strong=Q_STRONG, p_typical=P_TYPICAL, p_plus_q=P_TYPICAL + Q_STRONG,
                   peak=ad.bass_peak_time(P_TYPICAL, Q_STRONG),
                   typical_peak=ad.bass_peak_time(P_TYPICAL, Q_TYPICAL), q_typical=Q_TYPICAL),
)

q3 = Number(
    lambda: _early_share(_customers()["adopter_group"]),
    prompt=N_("Among the sample accounts that are already customers (a first_purchase_date), what "
    "percentage are in the early market (innovators or early adopters)? One decimal. Compare "
    "it with Rogers' 16 %."),
    decimals=1,
    unit="%",
    hints=[
        N_("Keep the accounts with a first purchase date, then look at their adopter_group."),
        N_("ad.adopter_mix(customers['adopter_group']) gives each group's share; add the "
        "innovator and early_adopter shares and multiply by 100."),
    ],
    solution="customers = accounts[accounts['first_purchase_date'].notna()]\n"
    "mix = ad.adopter_mix(customers['adopter_group'])\n"
    "share = 100 * mix.loc[['innovator', 'early_adopter'], 'share'].sum()",
    mistakes=[
        near(lambda: _early_share(sample()["accounts"]["adopter_group"]),
             N_("That is the share among all accounts, prospects included: the mix the teaching "
             "notebook prints. The question asks about customers only (first_purchase_date "
             "not empty)."), decimals=1),
        Mistake.close_to(lambda: 100 * float(ad.adopter_mix(_customers()["adopter_group"]).loc[
            "early_adopter", "share"]),
            N_("That is the early adopters alone; the early market adds the innovators."),
            rel_tol=1e-3),
    ],
    explanation=N_("Enthusiasts and visionaries buy first, so among those who have bought so "
    "far they make up more than their 16 % of all adopters."),
)

q4 = Number(
    lambda: _fit().peak_time / 12,
    prompt=N_("Fit the Bass model to the monthly new customers of {fit_product} "
              "(product_sales) with adoption.fit_bass. How many years after launch "
              "does the fitted curve peak?",
              fit_product=FIT_PRODUCT),
    rel_tol=0.03,
    unit="years",
    hints=[
        N_("Take {fit_product}'s units in month order and pass them to ad.fit_bass; "
           "the result has .p, .q, .m and .peak_time.",
           fit_product=FIT_PRODUCT),
        N_("The data are monthly, so p and q are per month and peak_time is in months: divide "
        "by 12."),
    ],
    solution=f"units = product_sales[product_sales['product_id'] == '{FIT_PRODUCT}']"
    "['units'].to_numpy()\nfit = ad.fit_bass(units)\npeak_years = fit.peak_time / 12",
    mistakes=[
        near(lambda: _fit(LESSON_FIT_PRODUCT).peak_time / 12,
             N_("That is {lesson_fit_product}'s fitted peak, the product the teaching "
                "notebook fits. This question asks about {fit_product}: select its rows "
                "first.",
                lesson_fit_product=LESSON_FIT_PRODUCT, fit_product=FIT_PRODUCT),
             decimals=1),
        Mistake(lambda a, e: abs(float(a) - 12 * e) <= 0.03 * 12 * e,
                N_("That is in months: a fit on monthly data gives p and q per month, so the "
                "peak time comes out in months. Divide by 12.")),
        Mistake(lambda a, e: float(a) > 1900,
                N_("That looks like a calendar year; the question asks for years after launch.")),
        Mistake.close_to(lambda: (int(np.argmax(_monthly(FIT_PRODUCT).to_numpy())) + 1) / 12,
                         N_("That is the month with the most sales in the raw data: noise decides "
                         "it. The question asks for the peak of the fitted curve (peak_time)."),
                         rel_tol=1e-3),
    ],
    explanation=N_("The fitted p, q and m describe the whole curve; its peak, ln(q/p)/(p+q), "
    "is where word of mouth stops adding customers faster each month."),
)

q5 = Labels(
    _stages,
    prompt=N_("Place every product that was on the market in its life-cycle stage as "
              "of {as_of} (as it could be judged then, from the sales up to that "
              "month): a pandas Series indexed by product_id with 'introduction', "
              "'growth', 'maturity' or 'decline'.",
              as_of=AS_OF),
    hints=[
        N_("Use only the sales up to {as_of} and judge each product on yearly "
           "totals, not on the noisy monthly counts: ad.life_cycle_at does that for "
           "one product's monthly units, with as_of= the cut-off. A product "
           "launched later has no stage yet.",
           as_of=AS_OF),
        N_("ad.product_stages(product_sales, as_of='{as_of}') does it for every "
           "product launched by then; take its 'stage' column.",
           as_of=AS_OF),
    ],
    solution=f"stages = ad.product_stages(product_sales, as_of='{AS_OF}')['stage']",
    mistakes=[
        Mistake(_same_labels(_lesson_stages),
                N_("Those are the stages at the end of the data (2025-12), the table the "
                   "teaching notebook prints. This question asks as of {as_of}: judge each "
                   "product on the sales up to then (product_stages(product_sales, "
                   "as_of='{as_of}')).",
                   as_of=AS_OF)),
        Mistake(_not_launched_yet,
                N_("Your Series has a product that was not launched by {as_of} (its sales "
                   "start later): it had no stage then. Leave it out; product_stages with "
                   "as_of does.",
                   as_of=AS_OF)),
        Mistake(_same_labels(_monthly_stages),
                N_("Those are the stages of the raw monthly counts (a 3-month window): monthly "
                "noise makes a flat year look like a decline. Judge on yearly totals "
                "(adoption.life_cycle_at or product_stages).")),
        Mistake(_launched_missing,
                N_("A product that was on the market by {as_of} is missing. If you passed "
                   "as_of='{year}', that means 1 January {year}: give the month, "
                   "as_of='{as_of}'.",
                   as_of=AS_OF, year=AS_OF[:4])),
    ],
    explanation=N_("As of {as_of} the saddle product ({saddle_product}) reads as decline: "
                   "in the middle of its dip nobody could tell the chasm from a decline, "
                   "and only the recovery two years later showed it. A stage is a judgement "
                   "on the data known at the time.",
                   as_of=AS_OF, saddle_product=SADDLE_PRODUCT),
)

q6 = Choice(
    _half_year_product,
    options=None,
    prompt=N_("The teaching notebook finds one saddle ({saddle_product}) on yearly "
              "totals, with the dip lasting at least two periods. A colleague's "
              "dashboard shows half-yearly totals (months={half_year}) and counts a "
              "dip of at least 10 % that lasts one half-year or more "
              "(min_periods_below={min_below}). Which other product then shows a "
              "saddle? Give its product_id.",
              saddle_product=SADDLE_PRODUCT, half_year=HALF_YEAR, min_below=MIN_BELOW),
    hints=[
        N_("ad.find_saddles takes the thresholds as parameters: months (the length of a "
        "period), min_depth and min_periods_below."),
        N_("ad.find_saddles(product_sales, months={half_year}, "
           "min_periods_below={min_below}) lists every product with a saddle on "
           "half-years; leave out {saddle_product}.",
           half_year=HALF_YEAR, min_below=MIN_BELOW, saddle_product=SADDLE_PRODUCT),
    ],
    solution=f"found = ad.find_saddles(product_sales, months={HALF_YEAR}, "
    f"min_periods_below={MIN_BELOW})\nproduct = found.index.drop('{SADDLE_PRODUCT}')[0]",
    mistakes=[
        chose(_saddle_product,
               N_("{saddle_product} is the saddle the teaching notebook shows on yearly "
                  "totals; it shows on half-years too. The question asks for the other "
                  "product.",
                  saddle_product=SADDLE_PRODUCT)),
        Mistake(lambda a, e: normalize(a) in {normalize(p) for p, s in _lesson_stages().items()
                                         if s == "decline"},
                N_("That product is declining: its sales fall and do not come back above their "
                "peak. A saddle recovers.")),
        Mistake(lambda a, e: normalize(a) in {
            normalize(p) for p in ad.find_saddles(sample()["product_sales"], months=3,
                                              min_periods_below=MIN_BELOW).index}
            - {normalize(p) for p in half_year_saddles().index},
            N_("That product shows a 'saddle' only on quarterly totals (months=3); the "
               "question uses half-years (months={half_year}).",
               half_year=HALF_YEAR)),
    ],
    explanation=N_("Its 'saddle' is one half-year about a tenth below its peak: a wiggle in a "
    "mature product. On yearly totals, or with two periods below required, it is gone. The "
    "published thresholds suit yearly data; shorter periods turn noise into saddles."),
)

q7 = Number(
    lambda: _depth(half_year_saddles(), _saddle_product()),
    prompt=N_("On the same half-yearly totals, how deep is {saddle_product}'s saddle: "
              "by what percentage did sales fall from the early peak to the trough? "
              "One decimal. Compare it with the yearly depth in the teaching notebook "
              "and the published 29 %.",
              saddle_product=SADDLE_PRODUCT),
    decimals=1,
    unit="%",
    hints=[
        N_("depth = (peak - trough) / peak, now with half-years as the periods."),
        N_("ad.find_saddles(product_sales, months={half_year}, "
           "min_periods_below={min_below}) has it in the column 'depth' (a "
           "fraction) of the row '{saddle_product}': multiply by 100.",
           half_year=HALF_YEAR, min_below=MIN_BELOW, saddle_product=SADDLE_PRODUCT),
    ],
    solution=(
        'depth = 100 * found.loc["P04", "depth"]\n'
    ),
    mistakes=[
        # The notebook's table shows the yearly depth rounded to a whole per cent.
        near(lambda: _depth(_saddles(), _saddle_product()),
             N_("That is the depth on yearly totals, the number the teaching notebook "
                "prints. This question measures on half-years (months={half_year}).",
                half_year=HALF_YEAR), decimals=0),
        near(lambda: _depth(ad.find_saddles(sample()["product_sales"], months=3,
                                             min_periods_below=MIN_BELOW), _saddle_product()),
             N_("That is the depth on quarterly totals (months=3); the question uses "
                "half-years (months={half_year}).",
                half_year=HALF_YEAR), decimals=1),
        near(lambda: _depth(half_year_saddles(), _half_year_product()),
             N_("That is the other product's dip (question 6); this question asks about "
                "{saddle_product}.",
                saddle_product=SADDLE_PRODUCT), decimals=1),
        near(lambda: 100 * float((half_year_saddles()["peak_units"]
                                   / half_year_saddles()["trough_units"] - 1)
                                  .loc[_saddle_product()]),
             N_("That divides by the trough; the depth is measured against the early peak."),
             decimals=1),
        near(lambda: 100 - _depth(half_year_saddles(), _saddle_product()),
             N_("That is how much of the peak was left at the trough; the depth is the drop."),
             decimals=1),
        Mistake.close_to(29.0, N_("29 % is the published average (Chandrasekaran & Tellis 2011), "
                         "not a measurement of our product: compute the depth from the data.")),
    ],
    explanation=N_("On half-years the dip looks deeper than on years (about a third rather than "
    "a quarter): a year averages its high and low half-years, so yearly totals smooth the "
    "peak and the trough. Compare a depth with the published 29 % only on the studies' "
    "basis, yearly totals."),
)

q8 = Choice(
    lambda: _beachhead(candidate_scores(changed_candidates())),
    options=list(BEACHHEAD_SCORES),
    prompt=N_("The global vendor in {changed_segment} stumbles: the team raises "
              "{changed_segment}'s {changed_criterion} score to {changed_score}. "
              "Change it in a copy of the candidate segments "
              "(widgets.adoption.beachhead_candidates()), score them with "
              "adoption.score_segments using the weights of the criteria in "
              "BEACHHEAD_CRITERIA_USED, and say which industry is now the beachhead: "
              "the best score among the segments that pass every showstopper.",
              changed_segment=CHANGED_SEGMENT, changed_criterion=CHANGED_CRITERION,
              changed_score=CHANGED_SCORE),
    hints=[
        N_("changed = candidates.copy(); changed.loc['{changed_segment}', "
           "'{changed_criterion}'] = {changed_score}. Then weights = {{c: "
           "ad.BEACHHEAD_CRITERIA[c]['weight'] for c in BEACHHEAD_CRITERIA_USED}} "
           "and ad.score_segments(changed[list(BEACHHEAD_CRITERIA_USED)], "
           "weights=weights).",
           changed_segment=CHANGED_SEGMENT, changed_criterion=CHANGED_CRITERION,
              changed_score=CHANGED_SCORE),
        N_("Keep the rows where showstoppers_ok is True; the first one (best score) wins."),
    ],
    solution=f"changed = candidates.copy()\nchanged.loc['{CHANGED_SEGMENT}', "
    f"'{CHANGED_CRITERION}'] = {CHANGED_SCORE}\n"
    "weights = {c: ad.BEACHHEAD_CRITERIA[c]['weight'] for c in BEACHHEAD_CRITERIA_USED}\n"
    "scores = ad.score_segments(changed[list(BEACHHEAD_CRITERIA_USED)], weights=weights)\n"
    "beachhead = scores[scores['showstoppers_ok']].index[0]",
    mistakes=[
        chose(lambda: _beachhead(candidate_scores()),
               N_("That is the beachhead with the workshop's scores, as the teaching "
                  "notebook says. This question raises {changed_segment}'s "
                  "{changed_criterion} score to {changed_score}: change it and score the "
                  "segments again.",
                  changed_segment=CHANGED_SEGMENT, changed_criterion=CHANGED_CRITERION,
              changed_score=CHANGED_SCORE)),
        chose(lambda: ad.segment_facts(sample()["accounts"]).loc[
            list(candidate_scores().index), "accounts"].idxmax(),
            N_("That is the largest segment. A beachhead is the one we can win and dominate, "
            "not the biggest.")),
        Mistake(lambda a, e: not bool(candidate_scores(changed_candidates())[
            "showstoppers_ok"].rename(index=normalize).loc[normalize(a)]),
            N_("That segment fails a showstopper (look at its weakest criterion): Moore drops "
            "such a segment whatever its score.")),
    ],
    explanation=N_("With {changed_criterion} at {changed_score}, {changed_segment} passes "
                   "every showstopper and has the best total, so it becomes the beachhead. "
                   "Before switching, check the evidence behind the changed score: one "
                   "number moved the decision.",
                   changed_criterion=CHANGED_CRITERION, changed_score=CHANGED_SCORE,
                   changed_segment=CHANGED_SEGMENT),
)

# --------------------------------------------------------------------------- decision track
# Answered from the teaching notebook's tables, charts and interactives alone, through the
# answer widget (valuekit.exercises.answer_widget); each expected answer computed with the
# library functions the lesson's tables and widgets call.

#: dq3: the product and month set on the life-cycle locator (the saddle product, in its dip).
DQ3_PRODUCT, DQ3_AS_OF = SADDLE_PRODUCT, "2022-06"
#: dq4: the products whose plan objective is asked (one per stage today).
DQ4_PRODUCTS = ("P01", "P03", "P05", "P07")
#: dq5: the Bass explorer's q the question asks about (its Try it); p as the explorer starts.
DQ5_Q = 0.8
#: dq5: the readout asked for: when 16 % have adopted (enthusiasts and visionaries all in).
CHASM_SHARE = 0.16
#: dq6: the chasm simulator's 'Early → main market influence' slider (widgets.adoption
#: chasm_widget: 0 to 0.015 in steps of 0.0005; tests check these against the widget) and
#: its main-market word of mouth as it starts.
INFLUENCE_MAX, INFLUENCE_STEP, DQ6_Q_MAIN = 0.015, 0.0005, 0.45
#: The decision track's own copy of the chasm simulator's horizon (widgets.adoption
#: CHASM_YEARS; tests check they agree).
CHASM_YEARS = 30
#: dq6: the published average saddle depth (Chandrasekaran & Tellis 2011), the Try it's target.
PUBLISHED_DEPTH = PUBLISHED_SADDLE["depth"]
#: dq7: the rival explanations of a saddle (Chandrasekaran & Tellis 2011), as the lesson names
#: them.
SADDLE_EXPLANATIONS = [N_("the chasm"), N_("a business cycle"), N_("a technology cycle")]
#: Words shown from the library's tables (the life-cycle stages and their objectives, the
#: candidate segments: the decision track's drop-downs; the criterion q8 changes, a field of
#: its texts): marked here so that this module's catalog translates them where they are shown
#: (the checked values stay these English words).
OPTION_WORDS = (
    N_("introduction"), N_("growth"), N_("maturity"), N_("decline"),
    N_("create awareness and trial"), N_("grow market share"),
    N_("defend share and cut cost"), N_("harvest: cut spending, milk the product"),
    N_("retail"), N_("finance"), N_("manufacturing"), N_("healthcare"), N_("telecom"),
    N_("competition"),
)


@functools.cache
def new_customers_by_year() -> pd.DataFrame:
    """dq2: the lesson's table of each year's new customers by adopter group (section 1)."""
    customers = _customers()
    year = customers["first_purchase_date"].dt.year.rename("year")
    return ad.adopter_mix(customers["adopter_group"], by=year)


def pragmatists_first_largest() -> str:
    """dq2: the first year in which pragmatists (early majority) were the largest group of
    new customers."""
    table = new_customers_by_year()
    return str(next(y for y, row in table[list(ad.ADOPTER_GROUPS)].iterrows()
                    if row.idxmax() == "early_majority"))


def _pragmatists_beat_early_market() -> str:
    """dq2's slip: the first year pragmatists outnumber the early market column (the two
    early groups added up) rather than each group."""
    table = new_customers_by_year()
    return str(table.index[table["early_majority"] > table["early_market"]][0])


def _pragmatists_peak() -> str:
    """dq2's slip: the year the pragmatists' share was highest."""
    return str(new_customers_by_year()["early_majority"].idxmax())


@functools.cache
def _locator_series() -> dict[str, pd.DataFrame]:
    from valuekit.adoption.lessons import locator_data

    return locator_data(sample()["product_sales"])


def locator_stage(product: str, as_of: str | None = None) -> str:
    """dq3: the 'Stage' the life-cycle locator reads for ``product`` with 'As of' at ``as_of``
    (None: the slider's start, the data's last month)."""
    monthly = _locator_series()[product]
    known = monthly if as_of is None else monthly[monthly["month"] <= pd.Timestamp(as_of)]
    return str(known["stage"].iloc[-1])


def _year_before(month: str) -> str:
    return (pd.Timestamp(month) - pd.DateOffset(years=1)).strftime("%Y-%m")


def plan_objectives() -> dict[str, str]:
    """dq4: each product's stage today (the lesson's stage table) -> the life-cycle table's
    objective for that stage."""
    objective = ad.life_cycle_table()["objective"]
    stages = ad.product_stages(sample()["product_sales"])["stage"].astype(str)
    return {p: str(objective[stages[p]]) for p in DQ4_PRODUCTS}


def _objective(stage: str) -> str:
    return str(ad.life_cycle_table().loc[stage, "objective"])


def _gave(item: str, option: Callable[[], str], message: str) -> Mistake:
    """A :class:`Match` answer that gives ``item`` the wrong ``option()``."""
    def test(answer: Any, expected: Any) -> bool:
        wrong = normalize(option())
        return (Match.pairs(answer) or {}).get(normalize(item)) == wrong and wrong != normalize(
            expected[item])

    return Mistake(test, message)


def bass_readouts(q: float = DQ5_Q, p: float = P_TYPICAL) -> dict[str, float]:
    """dq5: the Bass explorer's readouts (years) at ``p`` and ``q``: as
    :func:`valuekit.widgets.adoption.bass_explorer` computes them."""
    return {"chasm": float(ad.bass_time_to_share(CHASM_SHARE, p, q)),
            "peak": float(ad.bass_peak_time(p, q)),
            "half": float(ad.bass_time_to_share(0.5, p, q))}


def influence_settings() -> list[float]:
    """dq6: every setting of the chasm simulator's influence slider, lowest first."""
    steps = round(INFLUENCE_MAX / INFLUENCE_STEP)
    return [round(k * INFLUENCE_STEP, 4) for k in range(steps + 1)]


def simulated_saddle(cross: float, q_main: float = DQ6_Q_MAIN) -> ad.Saddle | None:
    """dq6: the saddle the chasm simulator finds at ``cross`` (None: no saddle)."""
    return ad.detect_saddle(ad.dual_market(CHASM_YEARS, q_main=q_main, cross=cross)["total"])


@functools.cache
def saddle_gone_at() -> float:
    """dq6: the lowest influence at which the simulator shows no saddle."""
    return next(c for c in influence_settings() if simulated_saddle(c) is None)


def _last_saddle() -> float:
    return max(c for c in influence_settings() if c < saddle_gone_at())


def _published_depth_setting() -> float:
    """dq6's slip: the setting whose saddle is closest to the published 29 % (Try it 2)."""
    depths = {c: simulated_saddle(c) for c in influence_settings()}
    return min((c for c, s in depths.items() if s is not None),
               key=lambda c: abs(depths[c].depth - PUBLISHED_DEPTH))


def beachhead_order() -> list[str]:
    """dq8: the candidate segments that pass every showstopper, best score first."""
    scores = candidate_scores()
    return list(scores.index[scores["showstoppers_ok"]])


def _fails_a_showstopper(answer: Any, expected: Any) -> bool:
    failing = candidate_scores().index[~candidate_scores()["showstoppers_ok"]]
    return isinstance(answer, str) and normalize(answer) in {normalize(s) for s in failing}


#: dq1: points of the lesson's "visionaries vs pragmatists" table (section 2), in the kit's
#: words -> the group they describe.
CHASM_ITEMS = {
    N_("wants a leap ahead of its competitors"): "visionaries",
    N_("wants a complete, proven solution"): "pragmatists",
    N_("trusts its own judgement"): "visionaries",
    N_("asks for references from firms like itself"): "pragmatists",
}

dq1 = Match(
    CHASM_ITEMS,
    items=list(CHASM_ITEMS),
    options=[N_("visionaries"), N_("pragmatists")],
    prompt=N_("The chasm lies between two groups that buy for opposite reasons. Match each "
    "point to the group it describes: visionaries (early adopters) or pragmatists (early "
    "majority)."),
    hints=[N_("Look at the table in section 2, 'The chasm': its rows 'what they buy', 'what "
           "they need' and 'whom they listen to'."),
           N_("Visionaries accept risk because being first is the point; pragmatists avoid it "
           "and wait for proof from their peers.")],
    solution=N_("Visionaries want a leap ahead and trust their own judgement; pragmatists want "
    "a complete, proven solution and references from firms like themselves. That is why a "
    "visionary is no reference for a pragmatist: early success does not carry over."),
    mistakes=[
        Match.swapped(*list(CHASM_ITEMS)[:2], N_("What they buy is swapped: the leap ahead is "
                      "the visionary's, the complete and proven solution the pragmatist's.")),
        Match.swapped(*list(CHASM_ITEMS)[2:], N_("Whom they listen to is swapped: visionaries "
                      "trust their own judgement; pragmatists listen to other pragmatists "
                      "in their industry.")),
    ],
)

dq2 = Choice(
    pragmatists_first_largest,  # a year, typed in the box (the table's years as text)
    prompt=N_("Look at the table of each year's new customers by adopter group. In which year "
    "were pragmatists, for the first time, the largest of the five groups among that year's "
    "new customers? Give the year."),
    hints=[N_("Look at the table under the 'Who bought first?' chart in section 1: one row per "
           "year, one column per group (Moore's names)."),
           N_("Go down the rows from the top and compare the pragmatists' share with each of the "
           "other four groups, not with the early_market column (two groups added up).")],
    solution=N_("Pragmatists were the largest group of new customers from the second year on "
    "(40 % against the visionaries' 37 %), although the early market as a whole still "
    "outnumbered them for two more years: the business reached the mainstream early."),
    mistakes=[
        chose(_pragmatists_beat_early_market, N_("That is the first year pragmatists outnumber "
              "the early_market column, enthusiasts and visionaries added up. The question "
              "compares pragmatists with each group: look one or two rows higher.")),
        chose(_pragmatists_peak, N_("That is the year the pragmatists' share was highest; the "
              "question asks for the first year they were the largest group.")),
        chose(lambda: str(new_customers_by_year().index[0]), N_("In the first year visionaries "
              "were the largest group (most of the new customers were early market).")),
    ],
)

dq3 = Choice(
    lambda: locator_stage(DQ3_PRODUCT, DQ3_AS_OF),
    options=list(ad.life_cycle_table().index),
    prompt=N_("In the life-cycle locator choose {dq3_product} and set 'As of' to "
              "{dq3_as_of}. Which stage does the locator read? Then think: what would "
              "a planner who trusted it have done, and why would that have been a "
              "mistake?",
              dq3_product=DQ3_PRODUCT, dq3_as_of=DQ3_AS_OF),
    hints=[N_("Look at the life-cycle locator in section 3 once the product and the month are "
           "set: read 'Stage' above the chart."),
           N_("Move the slider to {dq3_as_of} exactly (not the last month, where it "
              "starts).",
              dq3_as_of=DQ3_AS_OF)],
    solution=N_("In the middle of {dq3_product}'s dip the locator reads the stage of a "
                "product whose sales have fallen well below their best year: a planner "
                "would have cut spending and harvested just before the recovery. Section "
                "5 shows the dip was a saddle (the chasm), not the end: a stage is a "
                "judgement on the data known at the time.",
                dq3_product=DQ3_PRODUCT),
    mistakes=[
        chose(lambda: locator_stage(DQ3_PRODUCT),
              N_("That is {dq3_product}'s stage today, with the slider at the last month "
                 "where it starts: move it to {dq3_as_of}.",
                 dq3_product=DQ3_PRODUCT, dq3_as_of=DQ3_AS_OF)),
        chose(lambda: locator_stage(DQ3_PRODUCT, _year_before(DQ3_AS_OF)),
              N_("That is the stage a year earlier ({year_before}), before the dip showed in "
                 "the yearly totals: set the slider to {dq3_as_of}.",
                 year_before=_year_before(DQ3_AS_OF), dq3_as_of=DQ3_AS_OF)),
    ],
)

dq4 = Match(
    plan_objectives,
    items=list(DQ4_PRODUCTS),
    options=list(ad.life_cycle_table()["objective"]),
    prompt=N_("Next year's plan gives each product one marketing objective, the one its "
    "life-cycle stage today calls for. Match each product to its objective."),
    hints=[N_("Look at two tables of section 3: 'Where is each of our products today?' (the "
           "stage column) and the life-cycle table (its objective column)."),
           N_("First find each product's stage today, then that stage's objective.")],
    solution=N_("P01 is in decline: harvest; P03 is mature: defend share and cut cost; P05 is "
    "growing: grow market share; P07 is new: create awareness and trial. One sales team "
    "selling all four needs four different plans."),
    mistakes=[
        _gave("P01", lambda: _objective("maturity"), N_("P01 is our oldest and best-known product, "
              "but it is in decline today (the stage table): its objective is to harvest, "
              "not to defend share.")),
        _gave("P07", lambda: _objective("growth"), N_("P07's sales are rising, but it is in "
              "introduction (too young to judge): first create awareness and trial among "
              "enthusiasts and visionaries.")),
        Match.swapped("P03", "P05", N_("P03 and P05 are swapped: P03 is mature (defend share, "
                      "cut cost), P05 still growing (grow market share).")),
    ],
)

dq5 = Number(
    lambda: bass_readouts()["chasm"],
    prompt=N_("In the Bass explorer raise q to {dq5_q} (stronger word of mouth), p and "
              "m as they start. How many years after launch is the chasm reached, with "
              "16 % of the market adopted (enthusiasts and visionaries all in)? One "
              "decimal: by then the offer for pragmatists must be ready.",
              dq5_q=DQ5_Q),
    unit="years",
    decimals=1,
    hints=[N_("Look at the Bass explorer in section 4 once q is set."),
           N_("Read 'Chasm reached (16% adopted), year', not the peak.")],
    solution=N_("Stronger word of mouth brings everything forward: the early market is used up "
    "about a year sooner than with q = 0.38, so the whole product and the pragmatist "
    "references are needed sooner too."),
    mistakes=[
        near(lambda: bass_readouts(q=Q_TYPICAL)["chasm"],
             N_("That is at the explorer's default q = {q_typical}: raise q to {dq5_q} "
                "first.", q_typical=Q_TYPICAL, dq5_q=DQ5_Q), decimals=1),
        near(lambda: bass_readouts()["peak"], N_("That is the peak of new customers; the question "
             "asks when 16 % have adopted: read 'Chasm reached (16% adopted), year'."),
             decimals=1),
        near(lambda: bass_readouts()["half"], N_("That is when half the market has adopted; the "
             "chasm comes at 16 %."), decimals=1),
    ],
)

dq6 = Number(
    saddle_gone_at,
    prompt=N_("In the chasm simulator, start at an 'Early → main market influence' of 0 (a deep "
    "saddle) and raise it one step at a time, the main market's word of mouth as it starts. "
    "At what influence does the saddle first disappear (the readout says 'none')? Four "
    "decimals, as the slider shows it."),
    decimals=4,
    hints=[N_("Look at the chasm simulator in section 5: the 'Saddle' line of its readout."),
           N_("The saddle gets shallower as the influence rises; the answer is the first setting "
           "at which 'Saddle' no longer gives a peak and a trough.")],
    solution=N_("A small influence of the early market on the main market is enough to close "
    "the gap: marketing that makes the visionaries' success visible to pragmatists "
    "(references, case studies, industry events) is how to pull this lever."),
    mistakes=[
        near(_last_saddle, N_("At that setting there is still a (shallow) saddle: one step more."),
             decimals=4),
        near(_published_depth_setting, N_("That is where the saddle is about 29 % deep, the "
             "published average: keep raising the influence until it is gone."), decimals=4),
        near(INFLUENCE_MAX, N_("That is the slider's end; the saddle is gone well before: find "
             "the first setting where the readout says 'none'."), decimals=4),
    ],
)

dq7 = Choice(
    "a business cycle",
    options=SADDLE_EXPLANATIONS,
    prompt=N_("Suppose P04's dip had come in a recession year, and P02 and P03 had fallen by a "
    "fifth in the same year. Which explanation of the saddle would you suspect first?"),
    hints=[N_("Look at section 5, 'Chasm or cycle?', and the table of every product's sales in "
           "the saddle's peak and trough years."),
           N_("A downturn hits every product in the same years; a chasm hits one product at its "
           "own stage.")],
    solution=N_("A business cycle: when several products fall in the same year, a market-wide "
    "cause comes first. Ask the sales teams whether customers froze budgets (a downturn) "
    "or chose a rival's newer product (a technology cycle)."),
    mistakes=[
        chose("the chasm", N_("A chasm hits one product at its own stage; in this scenario P02 "
              "and P03 fell too, in the same year, which points to a market-wide cause.")),
        chose("a technology cycle", N_("A newer technology draws buyers from one product, not "
              "from three different ones at once in a recession year.")),
    ],
)

dq8 = Choice(
    lambda: beachhead_order()[1],
    options=list(BEACHHEAD_SCORES),
    prompt=N_("The team has chosen a beachhead for P07. Suppose it falls through (a key partner "
    "for its whole product leaves). Reading the same scores, which segment would you attack "
    "instead?"),
    hints=[N_("Look at the scores table and chart in section 6: the columns score and "
           "showstoppers_ok."),
           N_("Drop every segment that fails a showstopper, whatever its total; then set the "
           "chosen beachhead aside and take the best of the rest.")],
    solution=N_("Telecom: finance has the best total but fails a showstopper (an entrenched "
    "competitor), and so do manufacturing and healthcare. Telecom passes all four, with the "
    "next best score."),
    mistakes=[
        chose(lambda: beachhead_order()[0], N_("That is the beachhead the team chose, the one "
              "the question sets aside: take the next segment that passes every showstopper.")),
        chose(lambda: str(candidate_scores().index[0]), N_("That segment has the best total, but "
              "it fails a showstopper (its weakest criterion scores below 3): Moore drops it "
              "whatever its total.")),
        Mistake(_fails_a_showstopper, N_("That segment fails a showstopper (its weakest "
                "criterion scores below 3): it is dropped whatever its total.")),
    ],
)


d1 = Discussion(
    N_("Think of our newest product. Which adopter groups have bought it so far, and which "
    "pragmatist segment would be our beachhead? What is their compelling reason to buy, and "
    "what is still missing from the whole product they would need?"),
    N_("Start from the data: the life-cycle locator and the early-market share of new customers. "
    "Push each group past 'everyone needs it' to one named segment with one painful problem. "
    "Ask who the references would be (customers like them, not visionaries), and list the "
    "missing pieces of the whole product (integration, data, training, partners, a support "
    "promise). Capture one beachhead per group on the board and compare the reasons; 15 "
    "minutes, five of them for the report-back."),
    minutes=15,
)

register_questions(__name__)
