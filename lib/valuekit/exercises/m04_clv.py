"""Module 4 exercises: customer lifetime value and relationship marketing.

Two tracks. The **decision track** (``dq1`` ... ``dq7``, sections 1 to 7 of the lesson) is
answered from the teaching notebook's tables, charts and interactives alone, through the
answer widget: choose, match, read a value off the CLV calculator or the LTV:CAC widget at
given settings. The **analyst track** (``q1`` ... ``q8``, and ``q11``, ``q12`` on the annex)
asks in code.

Warm-ups on the formulas (hand-checkable), then the sample data: lifetime value per size
band (the lesson shows teams), what five points of retention are worth to South
Commercial (the lesson's calculator uses invented inputs), acquisition or retention for its
next budget, and which team's renewals in the first quarter of the coming year most need
the early warning and which three accounts (the lesson lists January's subscriptions only).
Every expected answer is computed with :mod:`valuekit.clv` and its lesson tables,
:mod:`valuekit.clv.relationship`.

q9-q12 are on the closing section, "when customers do not sign contracts" (UCI Online
Retail, :mod:`valuekit.widgets.clv_transactions`): q9 and q10 need no calculation (a
choice typed in quotes, for the annex), q11 and q12 are for analysts.

Timing: q1 pays the margin at the END of each year (``m r / (1+d-r)``, Gupta & Lehmann 2005,
:func:`valuekit.clv.retention_clv`); q2 and q4-q6 at the START (the first year certain:
``timing="start"``, whose endless value is ``m (1+d) / (1+d-r)``; see
:func:`valuekit.clv.discounted_clv`).
"""

from __future__ import annotations

import math
from typing import Any

from valuekit import clv
from valuekit.clv import relationship as rel
from valuekit.data import sample
from valuekit.exercises import (
    Choice,
    Discussion,
    Mistake,
    Number,
    Ranking,
    SeriesAnswer,
    chose,
    near,
    normalize,
    register_questions,
    series_like,
)
from valuekit.exercises.decision import Match
from valuekit.i18n import N_

DISCOUNT = 0.10
YEARS = 5
TEAM = "South Commercial"
UPLIFT = 0.05
BUDGET = 300_000.0
CAC_SCALE = 2.0  # full acquisition cost = campaign spend per new subscription x 2
Q_START, Q_END = "2026-01-01", "2026-03-31"


def _clv5(margin, retention, timing="start"):
    return clv.discounted_clv(margin, retention, DISCOUNT, YEARS, timing=timing)


def size_band_clv(variant: str = "right"):
    """q4's answer; ``variant`` "end" (margin at year end) or "endless" (start of year, no
    horizon: m (1+d) / (1+d-r) = m + m r / (1+d-r)) gives a named mistake's."""
    e = rel.segment_economics(sample(), "size_band")
    if variant == "endless":
        out = e["margin"] + clv.retention_clv(e["margin"], e["renewal_rate"], DISCOUNT)
    else:
        out = _clv5(e["margin"], e["renewal_rate"], "end" if variant == "end" else "start")
    return out.rename("clv")


def _team():
    return rel.segment_economics(sample()).loc[TEAM]


def retention_gain(variant: str = "right"):
    """q5's answer; ``variant`` "relative" (renewal rate x 1.05) or "end" (margin at year
    end) gives a named mistake's."""
    t = _team()
    r = t["renewal_rate"]
    better = r * (1 + UPLIFT) if variant == "relative" else r + UPLIFT
    timing = "end" if variant == "end" else "start"
    return float(_clv5(t["margin"], better, timing) - _clv5(t["margin"], r, timing))


def _is_fraction_of_a_month(answer) -> bool:
    """q3: a number of months with a fractional part (13.58 is not a whole month)."""
    try:
        x = float(answer)
    except (TypeError, ValueError):
        return False
    return math.isfinite(x) and x != round(x)


def budget_values() -> dict[str, float]:
    """Value bought by :data:`BUDGET` each way: new subscriptions at the full CAC, each worth
    its 5-year CLV; or five more points of retention on every active subscription."""
    t = _team()
    acquisition = BUDGET / (t["cac"] * CAC_SCALE) * float(_clv5(t["margin"], t["renewal_rate"]))
    return {"acquisition": acquisition, "retention": t["subscriptions"] * retention_gain()}


def risk_by_team(weighted: bool = True):
    due = rel.renewal_watchlist(sample(), Q_START, Q_END)
    col = "expected_loss" if weighted else "annual_value"
    return due.groupby("team_name")[col].sum().sort_values(ascending=False)


def top_accounts(variant: str = "right", n: int = 3) -> list[str]:
    """q8's answer: the ``n`` accounts with the largest total expected loss in the first
    quarter's renewals. ``variant`` gives a named mistake's: "rows" (the top subscriptions,
    not summed per account), "annual_value" (not weighted by the chance of losing it),
    "january" (the lesson's January list)."""
    end = "2026-01-31" if variant == "january" else Q_END
    due = rel.renewal_watchlist(sample(), Q_START, end)
    if variant == "rows":
        return list(due["account_id"].head(n))
    col = "annual_value" if variant == "annual_value" else "expected_loss"
    return list(due.groupby("account_id")[col].sum().sort_values(ascending=False).index[:n])


def _ranked_like(variant: str, message: str) -> Mistake:
    def test(answer: Any, expected: Any) -> bool:
        return Ranking._names(answer) == [a.upper() for a in top_accounts(variant)]
    return Mistake(test, message)


q1 = Number(
    lambda: clv.retention_clv(10_000, 0.8, 0.1),
    prompt=N_("Warm-up. A customer brings $10,000 margin at the end of every year it stays; "
              "retention is 80 % a year and the discount rate 10 %. What is its lifetime value "
              "(endless horizon), in dollars? Round to whole dollars."),
    unit="$", decimals=0,
    hints=[N_("CLV = m × r / (1 + d − r)."), N_("10,000 × 0.8 / (1 + 0.1 − 0.8).")],
    solution="answer = clv.retention_clv(10_000, 0.8, 0.1)",
    mistakes=[
        Mistake.close_to(40_000, N_("That is m × r / (1 − r): the discount rate is missing.")),
        Mistake.close_to(50_000, N_("That is m / (1 − r): no discounting, and the first margin "
                                    "counted as certain.")),
        Mistake.close_to(10_000 / 0.3, N_("That is m / (1 + d − r): margins at year end, but "
                                          "the first one counted as certain. The customer must "
                                          "stay the first year too: multiply by r.")),
        Mistake.close_to(10_000 * 1.1 / 0.3, N_("That is m (1 + d) / (1 + d − r), the formula "
                                                "for a margin paid at the START of each year "
                                                "(the first one certain and undiscounted). This "
                                                "customer pays at the end: m r / (1 + d − r).")),
    ],
)

q2 = Number(
    lambda: clv.discounted_clv(20_000, 0.85, 0.08, 5, timing="start"),
    prompt=N_("Warm-up. A subscription pays $20,000 margin at the START of each year (the "
              "first year is certain), renews with probability 85 % a year and the discount "
              "rate is 8 %. What is it worth over 5 years? Whole dollars."),
    unit="$", decimals=0,
    hints=[N_("Sum over t = 0..4 of 20,000 × 0.85^t / 1.08^t."),
           N_("clv.discounted_clv(20_000, 0.85, 0.08, 5, timing='start'): margin, retention, "
              "discount rate, years, and margins at the start of each year.")],
    solution="answer = clv.discounted_clv(20_000, 0.85, 0.08, 5, timing='start')",
    mistakes=[
        Mistake.close_to(lambda: clv.discounted_clv(20_000, 0.85, 0.08, 5),
                         N_("That counts margins at the END of each year (t = 1..5); this "
                            "subscription pays in advance: timing='start'.")),
        Mistake.close_to(lambda: clv.discounted_clv(20_000, 0.85, 0.0, 5, timing="start"),
                         N_("That is undiscounted: divide year t's margin by 1.08^t.")),
        Mistake.close_to(lambda: 20_000 * 1.08 / (1.08 - 0.85),
                         N_("That is the endless horizon; the question stops after 5 years.")),
    ],
)

q3 = Number(
    lambda: clv.payback_months(30_000, 2_500, 0.98),
    prompt=N_("Warm-up. Winning a customer costs $30,000; it brings $2,500 margin a month and "
              "stays each month with probability 98 %. After how many whole months has it paid "
              "back its acquisition cost (undiscounted)?"),
    unit="months",
    hints=[N_("Month k brings 2,500 × 0.98^(k−1); add months until the total reaches 30,000."),
           N_("clv.payback_months(30_000, 2_500, 0.98): the acquisition cost, the monthly "
              "margin and the monthly retention.")],
    solution="answer = clv.payback_months(30_000, 2_500, 0.98)",
    mistakes=[
        Mistake.close_to(12, N_("12 months ignores that some customers leave: with "
                                "98 % monthly retention it takes longer.")),
        Mistake.close_to(13, N_("Round up: after 13 months the customer has brought about "
                                "$28,900, still short of $30,000; the 14th month is when it "
                                "pays back.")),
        Mistake(lambda a, e: _is_fraction_of_a_month(a),
                N_("Months come whole: the question asks after how many whole months the "
                   "customer has paid back. Count the month in which the total passes "
                   "$30,000.")),
    ],
)

q4 = SeriesAnswer(
    size_band_clv,
    prompt=N_("Lifetime value per subscription for each size band (small, medium, large, "
              "enterprise): 5 years, {discount:.0%} discount rate, margin at the start of each "
              "year, using each band's renewal rate and its mean margin per subscription in 2025 "
              "(`wc.segment_economics('size_band')`). A Series indexed by size band.",
              discount=DISCOUNT),
    rel_tol=1e-3,
    hints=[N_("e = wc.segment_economics('size_band') has the columns margin and renewal_rate."),
           N_("clv.discounted_clv(e['margin'], e['renewal_rate'], 0.10, 5, timing='start').")],
    solution="e = wc.segment_economics('size_band')\n"
             "answer = clv.discounted_clv(e['margin'], e['renewal_rate'], 0.10, 5, "
             "timing='start')",
    mistakes=[
        series_like(lambda: size_band_clv("end"),
                     N_("Those count the margin at the END of each year (timing='end'); a "
                        "subscription pays at the start, the first year certain: "
                        "timing='start'."),
                     rtol=1e-3, atol=1e-8),
        series_like(lambda: size_band_clv("endless"),
                     N_("Those are the endless-horizon values, m (1 + d) / (1 + d − r); the "
                        "question stops after 5 years."), rtol=1e-3, atol=1e-8),
    ],
)

q5 = Number(
    retention_gain,
    prompt=N_("{team} renews far fewer subscriptions than the other teams. By how many dollars "
              "would the 5-year lifetime value of one of its subscriptions rise ({discount:.0%} "
              "discount, margin at the start of each year) if its renewal rate rose by "
              "{uplift:.0f} points? Whole dollars.",
              team=TEAM, discount=DISCOUNT, uplift=UPLIFT * 100),
    unit="$", decimals=0,
    hints=[N_("Take its margin and renewal rate from wc.segment_economics().loc['South "
              "Commercial']."),
           N_("The CLV at renewal_rate + 0.05 minus the CLV at renewal_rate.")],
    solution=(
        't = wc.segment_economics().loc["South Commercial"]\n'
        'now = clv.discounted_clv(t["margin"], t["renewal_rate"], 0.10, 5, timing="start")\n'
        'better = clv.discounted_clv(t["margin"], t["renewal_rate"] + 0.05, 0.10, 5,'
        ' timing="start")\n'
        'gain = better - now\n'
    ),
    mistakes=[
        Mistake.close_to(lambda: retention_gain("relative"),
                         N_("That raises the renewal rate by 5 per cent of itself (r × 1.05); "
                            "the question adds 5 percentage points (r + 0.05)."), rel_tol=1e-3),
        Mistake.close_to(lambda: retention_gain("end"),
                         N_("That counts the margin at the END of each year; the question pays "
                            "it at the start, the first year certain: timing='start'."),
                         rel_tol=1e-3),
    ],
)

q6 = Choice(
    lambda: max(budget_values(), key=budget_values().get),
    options=[N_("acquisition"), N_("retention")],
    prompt=N_("{team} has ${budget:,.0f} to spend next year. Either it wins new subscriptions "
              "at its full CAC (2025 campaign spend per new subscription × {cac_scale:g}), each "
              "worth the 5-year CLV of q5's 'now'; or the same money raises its renewal rate by "
              "{uplift:.0f} points on every active subscription. Which buys more customer value: "
              "'acquisition' or 'retention'?",
              team=TEAM, budget=BUDGET, cac_scale=CAC_SCALE, uplift=UPLIFT * 100),
    hints=[N_("Acquisition: budget / (cac × 2) new subscriptions × CLV each."),
           N_("Retention: active subscriptions × the gain per subscription of q5.")],
    mistakes=[Mistake.chose(
        "acquisition",
        N_("That is the answer when the CAC is the campaign spend alone. Campaigns are only "
           "part of the cost of winning a customer: the question's full CAC is campaign spend × "
           "{cac_scale:g}, so the budget buys half as many new subscriptions. Compare again.",
           cac_scale=CAC_SCALE))],
    solution=(
        'acquisition = 300_000 / (t["cac"] * 2) * now\n'
        'retention = t["subscriptions"] * gain\n'
        'choice = "retention" if retention > acquisition else "acquisition"\n'
    ),
)

q7 = Choice(
    lambda: risk_by_team().index[0],
    options=sorted(sample()["teams"]["team_name"]),
    prompt=N_("Early warning. Take every active subscription whose contract year ends in the "
              "first quarter of 2026 ({start} to {end}). Its expected loss is its annual value × "
              "(1 − its team's renewal rate). Which team has the largest total expected loss, "
              "and so needs the early warning first?", start=Q_START, end=Q_END),
    hints=[N_("wc.renewal_watchlist('{start}', '{end}') lists the renewals due in the "
              "quarter, with expected_loss.", start=Q_START, end=Q_END),
           N_("Group by team_name, sum expected_loss, take the largest.")],
    solution=(
        'due = wc.renewal_watchlist("2026-01-01", "2026-03-31")\n'
        'team = due.groupby("team_name")["expected_loss"].sum().idxmax()\n'
    ),
    mistakes=[
        Mistake(lambda a, e: isinstance(a, str) and a.strip().lower() == str(
            risk_by_team(weighted=False).index[0]).lower() and a.strip().lower() != str(e).lower(),
            N_("That team has the most annual value up for renewal, but its customers renew "
               "often: weight each renewal by the chance of losing it (1 − renewal rate).")),
        Mistake(lambda a, e: isinstance(a, str) and a.strip().lower() == TEAM.lower()
                and a.strip().lower() != str(e).lower(),
                N_("{team} is the team the lesson singles out for losing customers fastest, "
                   "but its book is small: the early warning goes first where the most value is "
                   "at risk. Add up value × (1 − renewal rate) of the renewals due, per team.",
                   team=TEAM)),
    ],
)

q8 = Ranking(
    top_accounts,
    prompt=N_("Early warning, account by account. In the same first-quarter renewals, add up "
              "each account's expected loss over all its subscriptions due. Which 3 accounts "
              "have the largest total expected loss? A list of 3 account ids, largest first."),
    hints=[N_("Group the watchlist by account_id (an account can have several subscriptions "
              "due) and sum expected_loss."),
           N_("due.groupby('account_id')['expected_loss'].sum().nlargest(3).index.")],
    solution=(
        'loss = due.groupby("account_id")["expected_loss"].sum()\n'
        'top3 = list(loss.nlargest(3).index)\n'
    ),
    mistakes=[
        _ranked_like("rows", N_("Those are the top 3 subscriptions (rows of the watchlist); an "
                                "account can have several due: sum expected_loss per account_id "
                                "first.")),
        _ranked_like("annual_value", N_("Those have the most annual value due, but weight each "
                                        "renewal by the chance of losing it: expected_loss, not "
                                        "annual_value.")),
        _ranked_like("january", N_("Those are January's accounts, the lesson's list; the "
                                   "question takes the whole first quarter, to 2026-03-31.")),
    ],
)


def _wt():
    from valuekit.widgets import clv_transactions as wt  # loads the wholesaler on first use

    return wt


QUIET = "16725"  # a December-2010 customer of Online Retail who last bought in February 2011
BIG = "14646"  # the wholesaler's biggest customer


def holdout_verdict() -> str:
    """q9: did the cohort buy more, fewer or about as many repeat purchases in the holdout
    than the model predicted (beyond 5%)?"""
    curve = _wt().retail_holdout()[3]
    cal_end = curve[curve["part"] == "calibration"].iloc[-1]
    end = curve.iloc[-1]
    actual = end["actual"] - cal_end["actual"]
    predicted = end["predicted"] - cal_end["predicted"]
    if actual > 1.05 * predicted:
        return "more"
    return "fewer" if actual < 0.95 * predicted else "as predicted"


def no_customer_share(by: str = "value") -> float:
    """q11: share of the raw invoice lines' value (or, ``by="lines"``, of the lines) that
    has no customer id."""
    steps = _wt().retail_cleaning()
    column = "value" if by == "value" else "lines"
    return float(steps.loc["no customer id", column] / steps[column].sum())


def big_expected(t_weeks: float = 365.25 / 7) -> float:
    """q12: expected repeat purchases of :data:`BIG` in the next 12 months (52.18 weeks)."""
    wt = _wt()
    bg = wt.retail_models()[0]
    row = wt.retail_summary().loc[BIG]
    return float(clv.bgnbd_conditional_expected(bg, t_weeks, row["frequency"], row["recency"],
                                                row["T"]))


q9 = Choice(
    holdout_verdict,
    options=[N_("more"), N_("fewer"), N_("as predicted")],
    prompt=N_("Decision. The wholesaler's model was fitted on purchases up to 2011-08-31 and "
              "then asked to predict September to early December. In that holdout, did the "
              "customers make more repeat purchases than the model said ('more'), fewer "
              "('fewer') or about as many ('as predicted')? Read the cumulative chart."),
    hints=[N_("Compare the two lines right of the 'end of calibration' mark."),
           N_("The actual line ends above the model's: customers bought more than predicted. "
              "Why might a gift wholesaler sell more from September to December?")],
    solution="ch, bg_cal, by_frequency, curve = wt.retail_holdout()\n"
             "cr.cumulative_chart(curve)  # the actual line ends above the model's\n"
             "answer = 'more'",
    mistakes=[Mistake.chose("as predicted", N_("Left of the mark the lines agree (that is "
                                               "where the model was fitted); right of it they "
                                               "part: read the end.")),
              Mistake.chose("fewer", N_("Which line ends higher? The grey one is what "
                                        "customers did."))],
    explanation=N_("The BG/NBD assumes each customer buys at a steady rate; a gift wholesaler "
                   "sells most before Christmas, so a model fitted on January to August "
                   "underpredicts the autumn. Seasonality is what the holdout check exposes: "
                   "adjust expectations by season, or compare like periods."),
)

q10 = Choice(
    lambda: "lost" if float(_wt().retail_values().loc[QUIET, "p_alive"]) < 0.5 else "active",
    options=[N_("active"), N_("lost")],
    prompt=N_("Decision. Customer {quiet} bought regularly from December 2010 to February 2011 "
              "and nothing since (pick them in the interactive). Is this customer more likely "
              "still 'active' or already 'lost'?", quiet=QUIET),
    hints=[N_("Pick the customer in the interactive and read the probability that they are "
              "still a customer today."),
           N_("A probability below 50% means the model thinks the customer has more likely "
              "stopped.")],
    solution="v = wt.retail_values()\n"
             f"answer = 'lost' if v.loc['{QUIET}', 'p_alive'] < 0.5 else 'active'",
    mistakes=[Mistake.chose("active", N_("The BG/NBD does not think customers who once bought "
                                         "often are safe: the longer the silence compared with "
                                         "their own rhythm, the lower P(alive). Read it in the "
                                         "interactive."))],
)

q11 = Number(
    no_customer_share,
    prompt=N_("Analyst. Before any model, cleaning: what share of the raw invoice lines' value "
              "(quantity × unit price, all 541,909 lines) has no customer id, and so cannot "
              "enter a lifetime-value model? A share (e.g. 0.05), three decimals."),
    unit="fraction", decimals=3,
    hints=[N_("wt.retail_cleaning() has the lines and the value each step removed; its steps "
              "add up to all the lines."),
           N_("The 'no customer id' value divided by the sum of the value column.")],
    solution="steps = wt.retail_cleaning()\n"
             "answer = steps.loc['no customer id', 'value'] / steps['value'].sum()",
    mistakes=[near(lambda: no_customer_share("lines"), N_("That is the share of LINES without "
                                                          "a customer; the question asks for "
                                                          "the share of value (the value "
                                                          "column)."), 3)],
)

q12 = Number(
    big_expected,
    prompt=N_("Analyst. How many repeat purchases does the model expect from customer {big}, "
              "the wholesaler's biggest, in the next 12 months? Use the fitted BG/NBD "
              "(`wt.retail_models()[0]`) and the customer's row of `wt.retail_summary()`; time "
              "is in weeks. One decimal.", big=BIG),
    unit="purchases", decimals=1,
    hints=[N_("The customer's x, t_x and T are the frequency, recency and T of "
              "wt.retail_summary().loc['{big}'], in weeks; 12 months are 365.25 / 7 = 52.18 "
              "weeks.", big=BIG),
           N_("clv.bgnbd_conditional_expected(bg, 365.25 / 7, row['frequency'], "
              "row['recency'], row['T'])")],
    solution="bg = wt.retail_models()[0]\n"
             f"row = wt.retail_summary().loc['{BIG}']\n"
             "answer = clv.bgnbd_conditional_expected(bg, 365.25 / 7, row['frequency'], "
             "row['recency'], row['T'])",
    mistakes=[near(lambda: big_expected(12), N_("That is 12 weeks: the summary's time unit is "
                                                "weeks, so 12 months is 365.25 / 7 = 52.18."), 1),
              near(lambda: float(_wt().retail_summary().loc[BIG, "frequency"]),
                   N_("That is the number of repeat purchases in the past year; the question "
                      "asks what the model expects next."), 1)],
)


# --------------------------------------------------------------------------- decision track
# Answered from the teaching notebook's tables, charts and interactives alone (§1-§7),
# through the answer widget (valuekit.exercises.answer_widget). Each expected answer is
# computed with the library functions the lesson's tables and widgets call
# (valuekit.clv, valuekit.clv.relationship), at the settings the question states; the
# widgets' own defaults are repeated here as constants and a test checks they agree.

#: dq5: the CLV calculator's sliders as they start (widgets.clv.clv_calculator_widget) ...
CALC_DEFAULTS = {"margin": 50_000.0, "retention": 0.84, "discount": 0.10, "years": 10}
#: ... and the settings the question asks for (the lesson's Try it 1, over 5 years).
DQ5_SETTINGS = {**CALC_DEFAULTS, "retention": 0.60, "years": 5}
#: dq7: the LTV:CAC widget's sliders as they start (widgets.clv.ltv_cac_widget) and the
#: full-CAC multiple the question asks for (the lesson's Try it 2).
LTV_CAC_DEFAULTS = {"discount": 0.10, "years": 5, "cac_scale": 2.0, "target": 3.0}
DQ7_CAC_SCALE = 1.0
NO_TEAM = N_("none: every team reaches 3")

#: dq3: examples of ties -> the level of the lesson's "three levels of ties" table (deck
#: 002: 一级 price incentives, financial; 二级 customer organisation, social; 三级
#: structural ties).
TIES_ITEMS = {
    N_("a multi-year discount"): "financial",
    N_("a named analyst for the account"): "social",
    N_("a user group the customer's staff attend"): "social",
    N_("our platform linked to the customer's systems by API"): "structural",
}


def published_pick(column: str = "per_year", place: int = 0) -> str:
    """dq1: the example with the ``place``-th largest ``column`` in the lesson's table of
    published lifetime values (0 = the largest)."""
    return str(rel.published_ltv()[column].sort_values(ascending=False).index[place])


def warning_stages() -> dict[str, str]:
    """dq2: each early-warning sign of the lesson's life-cycle table -> its stage."""
    table = rel.life_cycle_stages()
    return {str(sign): str(stage) for stage, sign in table["early warning"].items()}


def crm_table():
    """dq4: the lesson's CRM key indicators per team (2025)."""
    s = sample()
    return rel.crm_indicators(s["contracts"], s["invoices"], s["accounts"], teams=s["teams"])


def crm_pick(column: str = "upgraded_rate", place: int = 0) -> str:
    """dq4: the team with the ``place``-th largest ``column`` of :func:`crm_table`."""
    return str(crm_table()[column].sort_values(ascending=False).index[place])


def calculator_value(**settings) -> float:
    """dq5: the CLV calculator's 'Lifetime value over the horizon' at :data:`DQ5_SETTINGS`
    changed by ``settings`` (what the widget computes: clv.discounted_clv, timing start)."""
    a = DQ5_SETTINGS | settings
    return float(clv.discounted_clv(a["margin"], a["retention"], a["discount"], a["years"],
                                    timing="start"))


def calculator_endless(**settings) -> float:
    """dq5's slip: the calculator's 'Endless horizon', m (1 + d) / (1 + d - r)."""
    a = DQ5_SETTINGS | settings
    return float(a["margin"] + clv.retention_clv(a["margin"], a["retention"], a["discount"]))


def first_renewal_rate(renewal_number: int = 0) -> float:
    """dq6: the lesson's renewal-by-tenure table's rate at ``renewal_number``, in %
    (0 = the first contract year, so its rate is the first renewal's)."""
    table = rel.renewal_by_tenure(sample()["contracts"])
    return 100 * float(table.loc[renewal_number, "renewal_rate"])


def overall_renewal_rate() -> float:
    """dq6's slip: every contract year's renewal rate pooled, in % (the 84 % the lesson's
    calculator starts at)."""
    done = sample()["contracts"].query("outcome != 'active'")
    return 100 * float((done["outcome"] == "renewed").mean())


def teams_below(cac_scale: float = DQ7_CAC_SCALE) -> list[str]:
    """dq7: the teams whose LTV:CAC stays below the target at ``cac_scale``, the other
    sliders as the widget starts (what widgets.clv.ltv_cac computes)."""
    a = LTV_CAC_DEFAULTS
    e = rel.segment_economics(sample())
    ltv = clv.discounted_clv(e["margin"], e["renewal_rate"], a["discount"], a["years"],
                             timing="start")
    ratio = clv.ltv_to_cac(ltv, e["cac"] * cac_scale)
    return sorted(ratio[ratio < a["target"]].index)


def dq7_answer() -> str:
    """dq7: the one team below the target at :data:`DQ7_CAC_SCALE` (the question needs one)."""
    below = teams_below()
    if len(below) > 1:
        raise ValueError(f"dq7 expects one team below the target, the data gives {below}")
    return below[0] if below else NO_TEAM


def _team_names() -> list[str]:
    return sorted(sample()["teams"]["team_name"])


dq1 = Choice(
    published_pick,
    options=list(rel.PUBLISHED_LTV),
    prompt=N_("In the table of published lifetime values (section 1), which example earns the "
              "most per year of the relationship?"),
    hints=[N_("Look at the table in section 1: its 'per_year' column (lifetime value / years)."),
           N_("Not the longest relationship: a long one can be worth little each year.")],
    solution=N_("The SAS business traveller: $480,000 over 20 years, $24,000 a year. The "
                "Coca-Cola drinker stays longest (50 years) but brings $220 a year: what a "
                "relationship is worth depends on the value per year as much as on its "
                "length."),
    mistakes=[
        chose(lambda: published_pick("years"), N_("That is the longest relationship ('years' "
              "column), but it brings little each year: read the 'per_year' column.")),
        chose(lambda: published_pick("per_year", 1), N_("That is second per year; one example "
              "earns more each year.")),
    ],
)

dq2 = Match(
    warning_stages,
    items=list(rel.life_cycle_stages()["early warning"]),
    options=list(rel.life_cycle_stages().index),
    prompt=N_("Early warning. Match each warning sign to the stage of the customer life cycle "
              "in which it is the sign to watch."),
    hints=[N_("Look at the life-cycle table in section 2: its 'early warning' column."),
           N_("Read what the customer does in each stage: a customer who has just bought "
              "(acquisition) should start using the product; one who grows (enhancement) "
              "should buy a second product and know more people at ours.")],
    solution=N_("Slow onboarding → acquisition; no second product, a single contact → "
                "enhancement; falling usage or share of wallet, competitor visits → maturity; "
                "complaints, price pressure, a renewal left open → decline. Each stage has its "
                "own sign, and the renewal dates are where a slipping customer is finally "
                "lost."),
    mistakes=[
        Match.swapped(*list(rel.life_cycle_stages()["early warning"])[:2],
                      N_("Acquisition and enhancement are swapped: slow onboarding is the sign "
                         "of a new customer (acquisition); no second product and a single "
                         "contact are the signs of a customer that should be growing "
                         "(enhancement).")),
        Match.swapped(*list(rel.life_cycle_stages()["early warning"])[2:],
                      N_("Maturity and decline are swapped: falling usage and competitor visits "
                         "are the first signs in a mature account; complaints, price pressure "
                         "and an open renewal mean it is already in decline.")),
    ],
)

dq3 = Match(
    TIES_ITEMS,
    items=list(TIES_ITEMS),
    options=[N_("financial"), N_("social"), N_("structural")],
    prompt=N_("Relationship marketing builds three levels of ties. Match each tie to its "
              "level: financial, social or structural."),
    hints=[N_("Look at the table of the three levels of ties in section 3 (its 'ties' and "
              "'example' columns)."),
           N_("Financial: price and rewards; social: people, service and events; structural: "
              "built into the customer's processes and systems.")],
    solution=N_("The discount is financial (easy to copy); the named analyst and the user "
                "group are social; the API link into the customer's systems is structural, the "
                "hardest to copy and so the tie that keeps a B2B customer."),
    mistakes=[
        Match.swapped(list(TIES_ITEMS)[1], list(TIES_ITEMS)[3],
                      N_("Social and structural are swapped: a named analyst is a personal "
                         "contact (social); a link into the customer's systems is "
                         "structural.")),
        Match.swapped(list(TIES_ITEMS)[0], list(TIES_ITEMS)[2],
                      N_("Financial and social are swapped: a discount is a financial tie; a "
                         "user group brings people together (social).")),
    ],
)

dq4 = Choice(
    crm_pick,
    options=_team_names(),
    prompt=N_("Enhancement means customers buy more from us. In the CRM key indicators "
              "(section 4), which team upgraded the largest share of its customers (bought a "
              "product they did not have before) in 2025?"),
    hints=[N_("Look at the CRM key-indicators table in section 4: its 'upgraded_rate' column."),
           N_("The table is sorted by lost-customer rate, not by upgrades: find the largest "
              "upgraded_rate wherever it is.")],
    solution=N_("West Enterprise: 27 % of its customers bought a new product in 2025, the "
                "enhancement the life cycle asks for; South Commercial, top of the table, wins "
                "and loses customers fastest."),
    mistakes=[
        chose(lambda: crm_pick("new_rate"), N_("That team tops the table (sorted by "
              "lost-customer rate) and wins the most NEW customers; the question asks for "
              "upgraded customers: read the 'upgraded_rate' column.")),
        chose(lambda: crm_pick("margin_per_account"), N_("That team has the largest margin "
              "per account, not the largest share of upgraded customers: read "
              "'upgraded_rate'.")),
        chose(lambda: crm_pick("upgraded_rate", 1), N_("That is the second-largest upgraded "
              "rate; one team is ahead of it.")),
    ],
)

dq5 = Number(
    calculator_value,
    prompt=N_("In the CLV calculator (section 5) set 'Retention rate' to {retention:.0%} and "
              "'Horizon (years)' to {years}, the other sliders as they start. What is the "
              "lifetime value over the horizon, in dollars?",
              retention=DQ5_SETTINGS["retention"], years=DQ5_SETTINGS["years"]),
    unit="$",
    decimals=0,
    hints=[N_("Look at the CLV calculator in section 5 once both sliders are set."),
           N_("Read 'Lifetime value over the horizon' (not the endless horizon).")],
    solution=N_("About $105,000, against about $157,000 at 84 % over the same 5 years: a "
                "third of the customer's value is gone when retention falls to 60 %, and the "
                "expected years as a customer fall from 6.25 to 2.5."),
    mistakes=[
        near(lambda: calculator_value(retention=CALC_DEFAULTS["retention"],
                                      years=CALC_DEFAULTS["years"]),
             N_("That is the calculator as it starts: set retention to {retention:.0%} and the "
                "horizon to {years} years first.",
                retention=DQ5_SETTINGS["retention"], years=DQ5_SETTINGS["years"]), decimals=0),
        near(lambda: calculator_value(retention=CALC_DEFAULTS["retention"]),
             N_("That is at the starting {start:.0%} retention: move 'Retention rate' to "
                "{retention:.0%}.", start=CALC_DEFAULTS["retention"],
                retention=DQ5_SETTINGS["retention"]), decimals=0),
        near(lambda: calculator_value(years=CALC_DEFAULTS["years"]),
             N_("That is over the starting {start} years: set 'Horizon (years)' to {years}.",
                start=CALC_DEFAULTS["years"], years=DQ5_SETTINGS["years"]), decimals=0),
        near(calculator_endless, N_("That is the endless horizon; the question asks for the "
             "value over the horizon: read 'Lifetime value over the horizon'."), decimals=0),
    ],
)

dq6 = Number(
    first_renewal_rate,
    prompt=N_("Renewal by tenure (section 6): what share of subscriptions renew at their FIRST "
              "renewal? A percentage to one decimal place."),
    unit="%",
    decimals=1,
    hints=[N_("Look at the renewal-by-tenure table in section 6."),
           N_("renewal_number counts the renewals already done: the row 0 is the first "
              "contract year, and its rate is the first renewal's.")],
    solution=N_("79.3 %: the first renewal is the riskiest; the rate rises with tenure to 92 % "
                "(pooled later years), because churn-prone customers leave first."),
    mistakes=[
        near(lambda: first_renewal_rate(1), N_("That is the row renewal_number 1, the SECOND "
             "renewal (one renewal already done). The first renewal is the row 0."),
             decimals=1),
        near(overall_renewal_rate, N_("That is the renewal rate over every year of tenure "
             "pooled; the question asks for the first renewal only: the row 0."), decimals=1),
        near(lambda: 100 * CALC_DEFAULTS["retention"], N_("That is the retention the CLV "
             "calculator starts at (about the rate over all years); the question asks for "
             "the first renewal only: the row 0 of the renewal-by-tenure table."), decimals=1),
        near(lambda: first_renewal_rate(int(rel.renewal_by_tenure(
            sample()["contracts"]).index.max())), N_("That is the last row, the later years "
             "pooled: the most loyal subscriptions. The first renewal is the row 0."),
             decimals=1),
    ],
)

dq7 = Choice(
    dq7_answer,
    options=[*_team_names(), NO_TEAM],
    prompt=N_("In the LTV:CAC widget (section 7) set 'Full CAC = campaigns ×' to {scale:g} "
              "(campaign spend counted as the whole acquisition cost), the other sliders as "
              "they start. Which team still stays below the target of 3?",
              scale=DQ7_CAC_SCALE),
    hints=[N_("Look at the LTV:CAC widget in section 7 once the slider is set."),
           N_("Read 'Teams below the target' (or the bars left of the target line).")],
    solution=N_("South Commercial: even if winning a customer cost no more than the campaigns, "
                "its customers leave too fast to repay it (LTV:CAC about 1.1). It should fix "
                "retention before it asks for more acquisition budget."),
    mistakes=[
        Mistake(lambda a, e: isinstance(a, str) and normalize(a) != normalize(e) and normalize(a)
                in {normalize(t) for t in teams_below(LTV_CAC_DEFAULTS["cac_scale"])},
                N_("That team is below 3 at the starting full CAC (campaigns × 2); move the "
                   "slider to {scale:g} first and read 'Teams below the target' again.",
                   scale=DQ7_CAC_SCALE)),
        chose(NO_TEAM, N_("One team stays below the target even at campaigns × 1: read "
              "'Teams below the target'.")),
    ],
)

d1 = Discussion(
    N_("Pick three of your own accounts: where is each in its life cycle (acquisition, "
       "enhancement, maturity, decline), which rung of the loyalty ladder is it on, and which "
       "tie (financial, social, structural) would move it one rung up? What early-warning sign "
       "would tell you it is slipping?"),
    N_("Let each group place its accounts first, then ask for evidence (renewal history, "
       "products bought, contacts beyond the buyer). Push from financial ties (discounts, easy "
       "to copy) to structural ones (integrations, shared data, processes): those are what "
       "keep a B2B customer. Close on one early-warning signal per account that the team can "
       "actually see in its data (usage, a single contact, an open renewal)."),
    minutes=15,
)

register_questions(__name__)
