"""Exercise questions of Module 3: funnel strategy (漏斗思维的营销策略).

From warm-ups (a step's conversion rate, a weighted pipeline on a handful of deals) to an
analysis of one team: its win/loss report by product, the weight of its main loss reasons,
its bottleneck against the company and the strategy that addresses it, and the funnel that
meets its quota. The teaching notebook analyses East Public Sector, whose leak is the win
(advantage); the exercises analyse :data:`TEAM` (South Commercial), whose wins do not become
effective customers (credibility), and the lesson's numbers are named mistakes. As in the
funnel deck (001) the sale is won at *target*; *effective* customers renewed after their
first contract year (``schema.EFFECTIVE_DEFINITION``). Every expected value is computed with
:mod:`valuekit.funnel`, never typed in.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from valuekit import funnel as fn
from valuekit.exercises import (
    Choice,
    Discussion,
    Mistake,
    Number,
    SeriesAnswer,
    chose,
    near,
    normalize,
    register_questions,
    sample,
    series_like,
)

#: The team the exercises analyse (the lesson analyses :data:`LESSON_TEAM`).
TEAM, TEAM_NAME = "T08", "South Commercial"
LESSON_TEAM = "T06"
#: q1: a campaign's funnel (potential, possible, target = won, effective = renewed).
CAMPAIGN = {"potential": 480, "possible": 300, "target": 126, "effective": 101}
#: q2: five deals of a small pipeline (the lesson weights the company's). Delta is won (at
#: target, where the sale is won); Epsilon was lost in the comparison (at possible).
DEALS = pd.DataFrame({
    "deal": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
    "stage": ["possible", "target", "potential", "target", "possible"],
    "status": ["C", "D", "C", "W", "L"],
    "amount": [200_000.0, 90_000.0, 50_000.0, 120_000.0, 80_000.0],
})


def _early_share() -> float:
    """Share (%) of q2's weighted pipeline carried by the early stages (potential, possible)."""
    early = DEALS[DEALS["stage"].isin(["potential", "possible"])]
    return 100 * fn.weighted_pipeline(early) / fn.weighted_pipeline(DEALS)


def _early_open_share() -> float:
    """Share (%) of q2's open amount at the early stages."""
    open_ = DEALS[DEALS["status"].isin(["C", "D"])]
    return 100 * float(open_.loc[open_["stage"] != "target", "amount"].sum()
                       / open_["amount"].sum())
STEPS = list(fn.TRANSITIONS)
#: q3: win rates given as fractions may be rounded to three decimals (0.1 percentage point).
WIN_RATE_ATOL = 5e-4 + 1e-9  # a rate ending in 5 (0.1875) may round half a unit away


def _opps(team: str | None = TEAM) -> pd.DataFrame:
    opps = sample()["opportunities"]
    return opps if team is None else opps[opps["team_id"] == team]


def _quota(team: str = TEAM) -> float:
    teams = sample()["teams"]
    return float(teams.loc[teams["team_id"] == team, "quota"].iloc[0])


def _average_won(team: str | None = TEAM) -> float:
    opps = _opps(team)
    return float(opps.loc[opps["status"] == "W", "amount"].mean())


def _leads(rates: Any, deal: float | None = None, team: str = TEAM) -> int:
    deal = _average_won(team) if deal is None else deal
    return int(fn.reverse_funnel(_quota(team), deal, rates)["potential"])


def _win_rates(team: str | None = TEAM) -> pd.Series:
    return fn.win_loss_report(_opps(team), by="product_id", loss_reason=False)["win_rate"]


def _top_two_share(team: str | None = TEAM, weight: str = "amount") -> float:
    return 100 * float(fn.loss_reason_pareto(_opps(team), weight)["share"].iloc[:2].sum())


def _top_share(team: str | None = TEAM, weight: str = "amount") -> float:
    """Share (%) of the single largest loss reason."""
    return 100 * float(fn.loss_reason_pareto(_opps(team), weight)["share"].iloc[0])


def _arrows(answer: Any) -> Any:
    """"potential → possible" (the arrow the strategy table prints) or "potential -> possible"
    as "potential->possible"."""
    return re.sub(r"\s*(→|-\s*>)\s*", "->", answer) if isinstance(answer, str) else answer


def _strategy_key(answer: Any) -> Any:
    """A strategy named by its key, its label or a natural variant as its key:
    "Tendency strategy", "the tendency strategy", "倾向策略", "倾向" -> "tendency"."""
    if not isinstance(answer, str):
        return answer
    text = normalize(answer)
    for key, s in fn.STRATEGIES.items():
        names = {key, normalize(s.name), s.chinese, s.chinese.removesuffix("策略")}
        bare = re.sub(r"^(the )?(.*?)( strategy)?$", r"\2", text)
        if text in names or bare in names:
            return key
    return answer


def _bottleneck(team: str = TEAM, benchmark: bool = True) -> fn.Bottleneck:
    return fn.bottleneck(_opps(team), benchmark=_opps(None) if benchmark else None)


# --------------------------------------------------------------------------- questions

_c = CAMPAIGN
q1 = Number(
    lambda: 100 * _c["target"] / _c["possible"],
    prompt=f"A seminar series brought {_c['potential']} potential customers; {_c['possible']} "
    f"became possible customers and {_c['target']} target customers (they signed: the sale "
    f"is won at target); a year later {_c['effective']} of them had renewed (effective "
    "customers). What percentage of the possible customers became target customers? One "
    "decimal.",
    unit="%", decimals=1,
    hints=["A step's conversion rate is the count that reached the next stage divided by the "
           "count at the stage it starts from.",
           f"The step possible → target: {_c['target']} / {_c['possible']}, times 100."],
    solution=f"rate = 100 * {_c['target']} / {_c['possible']}",
    mistakes=[
        near(100 * _c["target"] / _c["potential"],
             "That divides by the potential stage; the question's base is the possible "
             "stage.", 1),
        near(100 * _c["effective"] / _c["target"],
             "That is the next step, target → effective; the question asks about "
             "possible → target.", 1),
        near(100 * _c["possible"] / _c["potential"],
             "That is the first step, potential → possible; the question asks about "
             "possible → target.", 1),
        near(100 * _c["effective"] / _c["possible"],
             "That is effective / possible, two steps at once (possible → effective); the "
             "question asks about one step, possible → target.", 1),
        near(100 * _c["effective"] / _c["potential"],
             "That is the overall rate, effective / potential; the question asks about one "
             "step, possible → target.", 1),
        near(100 * _c["possible"] / _c["target"],
             "Upside down: divide the target customers by the possible ones.", 1),
    ],
    explanation="Each narrowing has its own rate, on its own base: here 42 %, the step where "
    "the sale is won. The overall rate (effective / potential) mixes all three steps and "
    "hides where the funnel leaks.",
)

q2 = Number(
    lambda: fn.weighted_pipeline(DEALS),
    prompt="The table `deals` holds five deals of a small pipeline (stage reached, status, "
    "amount). Weight each open deal by the kit's default probability of its stage "
    "(valuekit.schema.DEFAULT_STAGE_PROBABILITY): what is the weighted pipeline in dollars?",
    unit="$", rel_tol=1e-6,
    hints=["Only open deals (status C or D) are pipeline: a won deal is revenue and a lost "
           "one is gone.",
           "fn.weighted_pipeline(deals) sums amount x probability of the stage over the "
           "open deals."],
    solution="pipeline = fn.weighted_pipeline(deals)",
    mistakes=[
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS.assign(status="C")),
                         "That weights every deal, the won and the lost too: only the open "
                         "ones (C, D) are pipeline."),
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS.assign(
            status=DEALS["status"].replace({"L": "C"}))),
                         "That counts the lost deal (Epsilon): once lost it is no longer "
                         "pipeline."),
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS, {
            "potential": 0.05, "possible": 0.15, "target": 0.45, "effective": 1.0}),
                         "Those are older textbook weights (possible 15 %, target 45 %); the "
                         "kit's defaults are the funnel deck's progress marks: possible 20 %, "
                         "target 60 % (potential 5 %)."),
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS.assign(
            status=DEALS["status"].replace({"W": "C"}))),
                         "That counts the won deal (Delta): it is revenue now, not pipeline."),
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS.assign(
            status=DEALS["status"].replace({"D": "L"}))),
                         "That leaves out Beta, the delayed deal (D): delayed is not decided, "
                         "so it is still pipeline (C and D are both open)."),
        Mistake.close_to(lambda: float(DEALS.loc[DEALS["status"].isin(["C", "D"]),
                                                 "amount"].sum()),
                         "That is the open amount unweighted: multiply each deal by the "
                         "probability of its stage."),
        Mistake.close_to(lambda: float(DEALS["amount"].sum()),
                         "That is every deal's amount, unweighted."),
    ],
    explanation=f"Alpha and Gamma, at 'possible' and 'potential', are "
    f"{_early_open_share():.0f} % of the open amount but carry only {_early_share():.0f} % "
    "of the weighted pipeline, less than their share of the amount: a big pipeline of "
    "early-stage deals is worth less than it looks, yet it is still close to half of what "
    "this one is worth.",
)

q3 = SeriesAnswer(
    lambda: _win_rates(TEAM),
    atol=WIN_RATE_ATOL, rel_tol=5e-3,
    prompt=f"Build {TEAM_NAME}'s ({TEAM}) win/loss report by product and give its win rate "
    "for each product: a pandas Series indexed by product_id, as fractions (0.25 for 25 %), "
    "unrounded or rounded to three decimals.",
    hints=[f"Keep the opportunities whose team_id is {TEAM!r}; the win rate of a product is "
           "won / (won + lost): open deals are not decided yet.",
           "fn.win_loss_report(team_opps, by='product_id') has the column 'win_rate'."],
    solution=f"team_opps = opportunities[opportunities['team_id'] == '{TEAM}']\n"
    "report = fn.win_loss_report(team_opps, by='product_id')\n"
    "win_rates = report['win_rate']",
    mistakes=[
        series_like(lambda: _win_rates(LESSON_TEAM),
                "Those are East Public Sector's win rates, the table the teaching notebook "
                f"prints. This question asks about {TEAM_NAME} ({TEAM}).", atol=WIN_RATE_ATOL),
        series_like(lambda: _win_rates(None),
                f"Those are the whole company's win rates: keep {TEAM_NAME}'s opportunities "
                "first.", atol=WIN_RATE_ATOL),
        series_like(lambda: (lambda r: r["W"] / r["total"])(
            fn.win_loss_report(_opps(TEAM), by="product_id", loss_reason=False)),
                "That divides the won deals by all deals, the open ones (C, D) included; the "
                "win rate is won / (won + lost).", atol=WIN_RATE_ATOL),
    ],
    explanation="The win rate only counts decided deals. A product with a handful of "
    "decided deals (P07, launched last) has a rate that rests on very little evidence.",
)

q4 = Number(
    lambda: _top_two_share(TEAM, "amount"),
    prompt=f"Rank {TEAM_NAME}'s loss reasons by the amount lost (a Pareto by amount, not by "
    "count). What percentage of the amount it lost do its two largest reasons account for? "
    "One decimal.",
    unit="%", decimals=1,
    hints=["Lost deals only (status L), grouped by loss_reason, summing the amount; sort, "
           "largest first, and add the first two shares.",
           "fn.loss_reason_pareto(team_opps, weight='amount'): the 'cumulative_share' of "
           "the second row, times 100."],
    solution="pareto = fn.loss_reason_pareto(team_opps, weight='amount')\n"
    "share = 100 * pareto['cumulative_share'].iloc[1]",
    mistakes=[
        Mistake.close_to(lambda: _top_share(TEAM, "amount"),
                         "That is the top reason only (the first row's share): the question "
                         "asks for the two largest reasons together; take the "
                         "'cumulative_share' of the second row.", rel_tol=2e-3),
        Mistake.close_to(lambda: _top_share(TEAM, "count"),
                         "That is the top reason only, and by count: add the second reason, "
                         "and weight the reasons by the amount lost (weight='amount').",
                         rel_tol=2e-3),
        Mistake.close_to(lambda: _top_two_share(TEAM, "count"),
                         "That is the share of the lost deals (by count); the question weights "
                         "the reasons by the amount lost: weight='amount'.", rel_tol=2e-3),
        Mistake.close_to(lambda: _top_two_share(None, "count"),
                         "That is the company's Pareto by count, the one the teaching notebook "
                         f"prints (or another team's by amount); this question asks about "
                         f"{TEAM_NAME}, by amount.",
                         rel_tol=2e-3),
        Mistake.close_to(lambda: _top_two_share(None, "amount"),
                         f"That is the whole company's; keep {TEAM_NAME}'s opportunities "
                         "first.", rel_tol=2e-3),
        Mistake.close_to(lambda: _top_two_share(LESSON_TEAM, "amount"),
                         f"That is East Public Sector's; this question asks about {TEAM_NAME}.",
                         rel_tol=2e-3),
    ],
    explanation="Two reasons, price and the competitor's features, carry about half of what "
    "the team lost: a value argument against the competitor (Module 1) works on both.",
)

q5 = Choice(
    lambda: _bottleneck().transition,
    options=STEPS,
    prepare=_arrows,
    prompt=f"Compare {TEAM_NAME}'s conversion at each step with the whole company's (the "
    "default 'resolved' conversions). Which step is its bottleneck: the one furthest below "
    "the company's rate, as a ratio? Give the transition, e.g. 'possible->target' (or "
    "'possible → target').",
    hints=["Every funnel narrows most at its last step, so the lowest rate is not the "
           "answer: compare each of the team's rates with the company's rate for the same "
           "step (team / company).",
           "fn.bottleneck(team_opps, benchmark=opportunities) does the comparison; take "
           ".transition."],
    solution="b = fn.bottleneck(team_opps, benchmark=opportunities)\nstep = b.transition",
    mistakes=[
        chose(lambda: _bottleneck(benchmark=False).transition,
               "That is the team's lowest rate, but every team converts least at that step "
               "(the company too). Compare each step with the company's: which is furthest "
               "below it?"),
        chose(lambda: _bottleneck(LESSON_TEAM).transition,
               "That is East Public Sector's bottleneck, the lesson's team. Compute "
               f"{TEAM_NAME}'s."),
    ],
    explanation="Against the company, the team's last step is its weakest by far: about three "
    "quarters of the company's rate of won customers who renew after the first contract year, "
    "while it wins its comparisons as often as the company. The leak is after the sale, not "
    "in it.",
)

q6 = Choice(
    lambda: _bottleneck().strategy.key,
    options=list(fn.STRATEGIES),
    prepare=_strategy_key,
    prompt="Which of the three funnel strategies addresses that bottleneck: 'tendency', "
    "'advantage' or 'credibility'? (The name, e.g. 'Tendency strategy' or '倾向策略', is "
    "accepted too.)",
    hints=["One strategy belongs to each narrowing: potential → possible, possible → target, "
           "target → effective.",
           "fn.STRATEGY_FOR_TRANSITION[step], or the .strategy.key of the bottleneck."],
    solution="strategy = fn.STRATEGY_FOR_TRANSITION[step]",
    mistakes=[
        chose(lambda: _bottleneck(LESSON_TEAM).strategy.key,
               "That is the advantage strategy, East Public Sector's answer (winning the "
               "comparison and the contract). This team wins as often as others; which "
               "strategy belongs to the step after the win?"),
        chose(lambda: "tendency",
               "The tendency strategy answers potential → possible (leads that lean our "
               "way); this team's leak comes after the contract is signed."),
    ],
    explanation="The credibility strategy (信誉策略), led by support: keep every promise "
    "of the contract, deliver the whole product and stay in touch, so that a target customer "
    "who signed becomes an effective one who trusts us and renews. Sending this to sales "
    "(more closing) would not help: the deals are already won.",
)

q7 = Number(
    lambda: _leads(fn.stage_conversion(_opps(TEAM))),
    prompt=f"Plan the funnel that meets {TEAM_NAME}'s annual quota (table teams) with its "
    "own average won deal (the mean amount of its won deals) and its own step rates "
    "(stage_conversion, the default method). How many potential customers (leads) does it "
    "need? Round up at every stage, as funnel.reverse_funnel does.",
    unit="leads", decimals=0,
    hints=["Deals needed = quota / average won deal, rounded up; then each stage above = "
           "the stage below / that step's rate, rounded up.",
           "fn.reverse_funnel(quota, average_deal, fn.stage_conversion(team_opps)), "
           "the 'potential' entry."],
    solution=f"quota = teams.set_index('team_id').loc['{TEAM}', 'quota']\n"
    "average_deal = team_opps.loc[team_opps['status'] == 'W', 'amount'].mean()\n"
    "plan = fn.reverse_funnel(quota, average_deal, fn.stage_conversion(team_opps))\n"
    "leads = plan['potential']",
    mistakes=[
        Mistake.close_to(lambda: _leads(fn.stage_conversion(_opps(LESSON_TEAM)),
                                        team=LESSON_TEAM),
                         "That is East Public Sector's plan, the one the teaching notebook "
                         f"prints. This question asks about {TEAM_NAME} ({TEAM}): its quota, "
                         "its average won deal, its rates."),
        Mistake.close_to(lambda: _leads(fn.stage_conversion(_opps(None))),
                         "That uses the company's conversion rates; plan with the team's own."),
        Mistake.close_to(lambda: _leads(fn.stage_conversion(_opps(TEAM), "all")),
                         "That uses the 'all' rates, which count open deals as failures and "
                         "so ask for too many leads; use the default (resolved) rates."),
        Mistake.close_to(lambda: _leads(fn.stage_conversion(_opps(TEAM)),
                                        deal=float(_opps(TEAM)["amount"].mean())),
                         "That uses the average of all the team's opportunities; a quota is "
                         "met by won deals: use the mean amount of the won ones."),
        Mistake.close_to(lambda: math.ceil(math.ceil(_quota() / _average_won()) / float(
            fn.stage_conversion(_opps(TEAM))["rate"]["overall"])),
                         "That divides the deals by the overall rate once; round up at every "
                         "stage (funnel.reverse_funnel), which asks for a few more."),
        Mistake.close_to(lambda: math.ceil(_quota() / _average_won()),
                         "That is the number of deals to win (target customers); the question "
                         "asks for the leads at the top of the funnel."),
    ],
    explanation="Worked backwards to the win, the quota needs about two hundred leads a year, "
    "fewer than the team opens in a year (a third of its three-year total): leads are not "
    "its problem. The plan stops at target, where the revenue is booked; whether those "
    "customers renew is the credibility step's question.",
)

d1 = Discussion(
    "Take your own team's funnel. Where does it narrow most against the company, which of "
    "the three strategies answers that, and which function (market development, sales, "
    "support) must lead it? Name one action for next quarter and the number that would show "
    "it worked.",
    "Let each group use the win/loss explorer and fn.bottleneck on its own team first. Push "
    "back on answers that blame the lowest rate (every funnel is narrowest at the same "
    "steps) and on 'more leads' when the leak is further down: East Public Sector works the "
    "most opportunities and still misses quota. Check that a leak after the win "
    "(target → effective) goes to support, not to sales. Ask for the owner (市场开发 / "
    "目标销售 / 业务支持) and a measurable target (e.g. possible → target from 17 % to 30 %). "
    "15 minutes, five of them for the report-back.",
    minutes=15,
)

register_questions(__name__)
