"""Exercise questions of Module 2: the technology adoption life cycle and the chasm.

From warm-up to analysis on the sample data: Rogers' shares from the normal cut points, the
Bass peak time, the early market among our customers, a Bass fit, the life-cycle stage of
every product, the product with a saddle and its depth, and the beachhead segment. Every
expected value is computed from the sample data with :mod:`valuekit.adoption`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from valuekit import adoption as ad
from valuekit.exercises import (
    Choice,
    Discussion,
    Mistake,
    Number,
    Question,
    _label_list,
    _norm,
    register,
    sample,
)
from valuekit.widgets.adoption import BEACHHEAD_SCORES

#: Average coefficients across 213 diffusion studies (Sultan, Farley & Lehmann 1990,
#: Journal of Marketing Research 27(1)): the classic "typical product".
P_TYPICAL, Q_TYPICAL = 0.03, 0.38
#: The product whose Bass fit question 4 asks about (past its peak, a clean single market).
FIT_PRODUCT = "P03"


def tables() -> dict[str, pd.DataFrame]:
    """The sample data set, loaded once per kernel (:func:`valuekit.exercises.sample`)."""
    return sample()


def _monthly(product_id: str) -> pd.Series:
    ps = tables()["product_sales"]
    return ps[ps["product_id"] == product_id].set_index("month")["units"]


def _customers() -> pd.DataFrame:
    acc = tables()["accounts"]
    return acc[acc["first_purchase_date"].notna()]


def _early_share(groups: pd.Series) -> float:
    return 100 * float(ad.adopter_mix(groups).loc[list(ad.EARLY_MARKET), "share"].sum())


def _fit() -> ad.BassFit:
    return ad.fit_bass(_monthly(FIT_PRODUCT).to_numpy())


def _saddles() -> pd.DataFrame:
    return ad.find_saddles(tables()["product_sales"])


def _saddle_product() -> str:
    found = _saddles()
    if len(found) != 1:
        raise ValueError(f"the sample should have exactly one product with a saddle, found "
                         f"{list(found.index)}")
    return str(found.index[0])


def candidate_scores() -> pd.DataFrame:
    """The beachhead scores of the candidate segments (question 8)."""
    from valuekit.widgets.adoption import BEACHHEAD_CRITERIA_USED, beachhead_candidates

    weights = {c: float(ad.BEACHHEAD_CRITERIA[c]["weight"]) for c in BEACHHEAD_CRITERIA_USED}
    return ad.score_segments(beachhead_candidates()[list(BEACHHEAD_CRITERIA_USED)],
                             weights=weights)


def _beachhead() -> str:
    scores = candidate_scores()
    return str(scores[scores["showstoppers_ok"]].index[0])


# --------------------------------------------------------------------------- a Series of labels


class Labels(Question):
    """A pandas Series (or dict) of names, one per label (a stage per product), compared
    label by label; case, spaces and underscores do not matter."""

    kind = "labels"

    def _problem(self, answer: Any) -> str | None:
        expected = self.expected
        if isinstance(answer, dict):
            answer = pd.Series(answer)
        if isinstance(answer, pd.DataFrame):
            if answer.shape[1] == 1:
                return ("You gave a one-column DataFrame: select the column to get a Series, "
                        f"e.g. df[{answer.columns[0]!r}].")
            return "You gave a table; the question asks for a Series (one name per label)."
        if isinstance(answer, str):
            return (f"You gave one name; the question asks for one per "
                    f"{expected.index.name or 'label'} ({len(expected)} in all).")
        if not isinstance(answer, pd.Series):
            return f"You gave a {type(answer).__name__}; the question asks for a pandas Series."
        missing = [k for k in expected.index if k not in answer.index]
        extra = [k for k in answer.index if k not in expected.index]
        if missing or extra:
            parts = ([f"missing {_label_list(missing)}"] if missing else []) + (
                [f"unexpected {_label_list(extra)}"] if extra else [])
            return "The labels do not match: " + "; ".join(parts) + "."
        return None

    @staticmethod
    def _as_series(answer: Any) -> pd.Series:
        return pd.Series(answer) if isinstance(answer, dict) else answer

    def _differ(self, answer: Any, expected: pd.Series) -> list[Any]:
        a = self._as_series(answer)
        return [k for k in expected.index if _norm(a[k]) != _norm(expected[k])]

    def _matches(self, answer: Any, expected: Any) -> bool:
        return not self._differ(answer, expected)

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        bad = self._differ(answer, expected)
        first = bad[0]
        return (f"{len(bad)} of {len(expected)} differ ({_label_list(bad)}); for {first!r} "
                f"you have {self._as_series(answer)[first]!r}.")

    def _format_expected(self, expected: Any) -> str:
        return expected.astype(str).to_string()


def _same_labels(other: Any) -> Any:
    """A mistake test: the answer equals the Series ``other()`` label by label."""

    def test(answer: Any, expected: Any) -> bool:
        alt = other()
        a = pd.Series(answer) if isinstance(answer, dict) else answer
        return all(_norm(a[k]) == _norm(alt[k]) for k in expected.index) and any(
            _norm(alt[k]) != _norm(expected[k]) for k in expected.index)

    return test


def _stages() -> pd.Series:
    return ad.product_stages(tables()["product_sales"])["stage"].astype(str)


def _monthly_stages() -> pd.Series:
    """The slip of question 5: the stage rule on the raw monthly counts (3-month window)."""
    ps = tables()["product_sales"]
    return pd.Series({pid: ad.life_cycle_stage(g.set_index("month")["units"])
                      for pid, g in ps.groupby("product_id")})


# --------------------------------------------------------------------------- questions

q1 = Number(
    lambda: 100 * float(ad.rogers_shares().loc[list(ad.EARLY_MARKET), "share"].sum()),
    prompt="Rogers cuts adopters at one and two standard deviations before the mean time of "
    "adoption. If adoption times are normal, what percentage of all adopters are in the early "
    "market (enthusiasts and visionaries: everyone before the mean minus one standard "
    "deviation)? Two decimals.",
    decimals=2,
    unit="%",
    hints=[
        "The early market is everyone with z < -1 on the standard normal curve.",
        "scipy.stats.norm.cdf(-1) is the share below z = -1; multiply by 100.",
    ],
    solution="from scipy.stats import norm\nearly = 100 * norm.cdf(-1)",
    mistakes=[
        Mistake.close_to(16.0, "16 is the textbook's rounded 2.5 + 13.5; the exact normal "
                         "share has two decimals: compute norm.cdf(-1)."),
        Mistake.close_to(lambda: 100 * float(ad.rogers_shares().loc["early_adopter", "share"]),
                         "That is the visionaries alone (between -2 and -1 sd); the early "
                         "market also holds the enthusiasts before -2 sd.", rel_tol=5e-3),
        Mistake.close_to(lambda: 100 * float(ad.rogers_shares().loc["innovator", "share"]),
                         "That is the enthusiasts alone (before -2 sd); add the visionaries.",
                         rel_tol=5e-3),
        Mistake.close_to(lambda: 100 - 100 * float(
            ad.rogers_shares().loc[list(ad.EARLY_MARKET), "share"].sum()),
            "That is the mainstream market (everyone after -1 sd): take the other side.",
            rel_tol=5e-3),
    ],
    explanation="Everyone before mean - 1 sd: norm.cdf(-1) = 15.87 % (the textbook's 16 %). "
    "The chasm sits at that point.",
)

q2 = Number(
    lambda: ad.bass_peak_time(P_TYPICAL, Q_TYPICAL),
    prompt=f"A product has p = {P_TYPICAL} and q = {Q_TYPICAL} per year (the averages over 213 "
    "diffusion studies). How many years after launch do its new-customer sales peak? One "
    "decimal.",
    decimals=1,
    unit="years",
    hints=[
        "Bass (1969): the peak time is ln(q/p) / (p + q).",
        "Use the natural logarithm: math.log(q / p) / (p + q).",
    ],
    solution="import math\npeak = math.log(0.38 / 0.03) / (0.03 + 0.38)",
    mistakes=[
        Mistake.close_to(lambda: math.log10(Q_TYPICAL / P_TYPICAL) / (P_TYPICAL + Q_TYPICAL),
                         "That uses log10; the formula needs the natural logarithm (math.log)."),
        Mistake.close_to(lambda: math.log(Q_TYPICAL / P_TYPICAL) / (Q_TYPICAL - P_TYPICAL),
                         "The denominator is p + q, not q - p.", rel_tol=1e-3),
        Mistake.close_to(lambda: math.log(Q_TYPICAL / P_TYPICAL),
                         "You have ln(q/p); divide it by (p + q).", rel_tol=1e-3),
    ],
    explanation="ln(0.38/0.03) / 0.41 = 6.2 years: word of mouth (q) is 13 times advertising "
    "(p), so sales build for six years before they peak.",
)

q3 = Number(
    lambda: _early_share(_customers()["adopter_group"]),
    prompt="Among the sample accounts that are already customers (a first_purchase_date), what "
    "percentage are in the early market (innovators or early adopters)? One decimal. Compare "
    "it with Rogers' 16 %.",
    decimals=1,
    unit="%",
    hints=[
        "Keep the accounts with a first purchase date, then look at their adopter_group.",
        "adoption.adopter_mix(customers['adopter_group']) gives each group's share; add the "
        "innovator and early_adopter shares and multiply by 100.",
    ],
    solution="customers = accounts[accounts['first_purchase_date'].notna()]\n"
    "mix = ad.adopter_mix(customers['adopter_group'])\n"
    "share = 100 * mix.loc[['innovator', 'early_adopter'], 'share'].sum()",
    mistakes=[
        Mistake.close_to(lambda: _early_share(tables()["accounts"]["adopter_group"]),
                         "That is the share among all accounts, prospects included; the "
                         "question asks about customers only (first_purchase_date not empty)."),
        Mistake.close_to(lambda: 100 * float(ad.adopter_mix(_customers()["adopter_group"]).loc[
            "early_adopter", "share"]),
            "That is the early adopters alone; the early market adds the innovators."),
    ],
    explanation="Enthusiasts and visionaries buy first, so among those who have bought so "
    "far they make up more than their 16 % of all adopters.",
)

q4 = Number(
    lambda: _fit().peak_time / 12,
    prompt=f"Fit the Bass model to the monthly new customers of {FIT_PRODUCT} (product_sales) "
    "with adoption.fit_bass. How many years after launch does the fitted curve peak?",
    rel_tol=0.03,
    unit="years",
    hints=[
        f"Take {FIT_PRODUCT}'s units in month order and pass them to ad.fit_bass; the result "
        "has .p, .q, .m and .peak_time.",
        "The data are monthly, so p and q are per month and peak_time is in months: divide "
        "by 12.",
    ],
    solution=f"units = product_sales[product_sales['product_id'] == '{FIT_PRODUCT}']"
    "['units'].to_numpy()\nfit = ad.fit_bass(units)\npeak_years = fit.peak_time / 12",
    mistakes=[
        Mistake(lambda a, e: abs(float(a) - 12 * e) <= 0.03 * 12 * e,
                "That is in months: a fit on monthly data gives p and q per month, so the "
                "peak time comes out in months. Divide by 12."),
        Mistake(lambda a, e: float(a) > 1900,
                "That looks like a calendar year; the question asks for years after launch."),
        Mistake.close_to(lambda: (int(np.argmax(_monthly(FIT_PRODUCT).to_numpy())) + 1) / 12,
                         "That is the month with the most sales in the raw data: noise decides "
                         "it. The question asks for the peak of the fitted curve (peak_time).",
                         rel_tol=1e-3),
    ],
    explanation="The fitted p, q and m describe the whole curve; its peak, ln(q/p)/(p+q), "
    "is where word of mouth stops adding customers faster each month.",
)

q5 = Labels(
    _stages,
    prompt="Place every product in its life-cycle stage at the end of the data (2025-12): a "
    "pandas Series indexed by product_id with 'introduction', 'growth', 'maturity' or "
    "'decline'.",
    hints=[
        "Judge each product on yearly totals, not on the noisy monthly counts: "
        "adoption.life_cycle_at(monthly_units) does that for one product.",
        "adoption.product_stages(product_sales) does it for every product; take its 'stage' "
        "column.",
    ],
    solution="stages = ad.product_stages(product_sales)['stage']",
    mistakes=[
        Mistake(_same_labels(_monthly_stages),
                "Those are the stages of the raw monthly counts (a 3-month window): monthly "
                "noise makes a flat year look like a decline. Judge on yearly totals "
                "(adoption.life_cycle_at or product_stages)."),
    ],
    explanation="Judged on yearly totals, as the data stood at the end: a portfolio with "
    "products in different stages needs different strategies at the same time.",
)

q6 = Choice(
    _saddle_product,
    options=None,
    prompt="Which product's yearly sales show a saddle (an early peak, a dip of at least 10 % "
    "for two years or more, then a recovery above the early peak)? Give its product_id.",
    hints=[
        "adoption.detect_saddle on each product's yearly totals (adoption.period_totals) finds "
        "it; returns None when there is no saddle.",
        "adoption.find_saddles(product_sales) runs it over every product.",
    ],
    solution="saddles = ad.find_saddles(product_sales)\nproduct = saddles.index[0]",
    mistakes=[
        Mistake(lambda a, e: _norm(a) in {_norm(p) for p, s in _stages().items()
                                         if s == "decline"},
                "That product is declining: its sales fall and do not come back above their "
                "peak. A saddle recovers."),
    ],
    explanation="Its early market of visionaries bought quickly; pragmatists waited for "
    "references from their own kind, so sales dipped before the main market took off.",
)

q7 = Number(
    lambda: 100 * float(_saddles()["depth"].iloc[0]),
    prompt="How deep is that saddle: by what percentage did yearly sales fall from the early "
    "peak to the trough? One decimal. (The published average is 29 %.)",
    decimals=1,
    unit="%",
    hints=[
        "depth = (peak - trough) / peak, on the yearly totals.",
        "find_saddles gives it in the column 'depth' (a fraction): multiply by 100.",
    ],
    solution="depth = 100 * ad.find_saddles(product_sales)['depth'].iloc[0]",
    mistakes=[
        Mistake.close_to(lambda: 100 * float(
            (_saddles()["peak_units"] / _saddles()["trough_units"] - 1).iloc[0]),
            "That divides by the trough; the depth is measured against the early peak.",
            rel_tol=1e-3),
        Mistake.close_to(lambda: 100 - 100 * float(_saddles()["depth"].iloc[0]),
                         "That is how much of the peak was left at the trough; the depth is "
                         "the drop.", rel_tol=1e-3),
    ],
    explanation="A drop of this size, lasting years, is the chasm in the sales figures: "
    "Chandrasekaran & Tellis (2011) report 29 % on average.",
)

q8 = Choice(
    _beachhead,
    options=list(BEACHHEAD_SCORES),
    prompt="Score the candidate segments (widgets.adoption.beachhead_candidates()) with "
    "adoption.score_segments, using the weights of the criteria in "
    "BEACHHEAD_CRITERIA_USED. Which industry is the beachhead: the best score among the "
    "segments that pass every showstopper?",
    hints=[
        "weights = {c: ad.BEACHHEAD_CRITERIA[c]['weight'] for c in BEACHHEAD_CRITERIA_USED}; "
        "then ad.score_segments(candidates[list(BEACHHEAD_CRITERIA_USED)], weights=weights).",
        "Keep the rows where showstoppers_ok is True; the first one (best score) wins.",
    ],
    solution="weights = {c: ad.BEACHHEAD_CRITERIA[c]['weight'] for c in "
    "BEACHHEAD_CRITERIA_USED}\nscores = ad.score_segments(candidates[list("
    "BEACHHEAD_CRITERIA_USED)], weights=weights)\n"
    "beachhead = scores[scores['showstoppers_ok']].index[0]",
    mistakes=[
        Mistake(lambda a, e: _norm(a) == _norm(candidate_scores().index[0])
                and not bool(candidate_scores()["showstoppers_ok"].iloc[0]),
                "That segment has the best total but fails a showstopper (look at its weakest "
                "criterion): Moore drops such a segment whatever its score."),
        Mistake(lambda a, e: _norm(a) == _norm(
            ad.segment_facts(tables()["accounts"]).loc[
                list(candidate_scores().index), "accounts"].idxmax()),
            "That is the largest segment. A beachhead is the one we can win and dominate, "
            "not the biggest."),
    ],
    explanation="A segment small enough to dominate, with a reason to buy now, a whole "
    "product we can deliver and no entrenched rival: its customers become the references "
    "the next segment's pragmatists ask for.",
)

d1 = Discussion(
    "Think of our newest product. Which adopter groups have bought it so far, and which "
    "pragmatist segment would be our beachhead? What is their compelling reason to buy, and "
    "what is still missing from the whole product they would need?",
    "Start from the data: the life-cycle locator and the early-market share of new customers. "
    "Push each group past 'everyone needs it' to one named segment with one painful problem. "
    "Ask who the references would be (customers like them, not visionaries), and list the "
    "missing pieces of the whole product (integration, training, partners, a support "
    "promise). Capture one beachhead per group on the board and compare the reasons; 15 "
    "minutes, five of them for the report-back.",
    minutes=15,
)

register(__name__)
