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
from valuekit.exercises.decision import Match
from valuekit.i18n import N_, Amount
from valuekit.schema import STAGES

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
    prompt=N_("A seminar series brought {potential} potential customers; {possible} "
              "became possible customers and {target} target customers (they signed: the sale "
              "is won at target); a year later {effective} of them had renewed (effective "
              "customers). What percentage of the possible customers became target customers? "
              "One decimal.", **_c),
    unit="%", decimals=1,
    hints=[N_("A step's conversion rate is the count that reached the next stage divided by "
              "the count at the stage it starts from."),
           N_("The step possible → target: {target} / {possible}, times 100.", **_c)],
    solution=f"rate = 100 * {_c['target']} / {_c['possible']}",
    mistakes=[
        near(100 * _c["target"] / _c["potential"],
             N_("That divides by the potential stage; the question's base is the possible "
             "stage."), 1),
        near(100 * _c["effective"] / _c["target"],
             N_("That is the next step, target → effective; the question asks about "
             "possible → target."), 1),
        near(100 * _c["possible"] / _c["potential"],
             N_("That is the first step, potential → possible; the question asks about "
             "possible → target."), 1),
        near(100 * _c["effective"] / _c["possible"],
             N_("That is effective / possible, two steps at once (possible → effective); the "
             "question asks about one step, possible → target."), 1),
        near(100 * _c["effective"] / _c["potential"],
             N_("That is the overall rate, effective / potential; the question asks about one "
             "step, possible → target."), 1),
        near(100 * _c["possible"] / _c["target"],
             N_("Upside down: divide the target customers by the possible ones."), 1),
    ],
    explanation=N_("Each narrowing has its own rate, on its own base: here 42 %, the step "
                   "where the sale is won. The overall rate (effective / potential) mixes all "
                   "three steps and hides where the funnel leaks."),
)

q2 = Number(
    lambda: fn.weighted_pipeline(DEALS),
    prompt=N_("The table `deals` holds five deals of a small pipeline (stage reached, status, "
              "amount). Weight each open deal by the kit's default probability of its stage "
              "(valuekit.schema.DEFAULT_STAGE_PROBABILITY): what is the weighted pipeline in "
              "dollars?"),
    unit="$", rel_tol=1e-6,
    hints=[N_("Only open deals (status C or D) are pipeline: a won deal is revenue and a "
              "lost one is gone."),
           N_("fn.weighted_pipeline(deals) sums amount x probability of the stage over the "
              "open deals.")],
    solution="pipeline = fn.weighted_pipeline(deals)",
    mistakes=[
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS.assign(status="C")),
                         N_("That weights every deal, the won and the lost too: only the open "
                         "ones (C, D) are pipeline.")),
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS.assign(
            status=DEALS["status"].replace({"L": "C"}))),
                         N_("That counts the lost deal (Epsilon): once lost it is no longer "
                         "pipeline.")),
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS, {
            "potential": 0.05, "possible": 0.15, "target": 0.45, "effective": 1.0}),
                         N_("Those are older textbook weights (possible 15 %, target 45 %); the "
                         "kit's defaults are the funnel deck's progress marks: possible 20 %, "
                         "target 60 % (potential 5 %).")),
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS.assign(
            status=DEALS["status"].replace({"W": "C"}))),
                         N_("That counts the won deal (Delta): it is revenue now, not pipeline.")),
        Mistake.close_to(lambda: fn.weighted_pipeline(DEALS.assign(
            status=DEALS["status"].replace({"D": "L"}))),
                         N_("That leaves out Beta, the delayed deal (D): delayed is not decided, "
                         "so it is still pipeline (C and D are both open).")),
        Mistake.close_to(lambda: float(DEALS.loc[DEALS["status"].isin(["C", "D"]),
                                                 "amount"].sum()),
                         N_("That is the open amount unweighted: multiply each deal by the "
                         "probability of its stage.")),
        Mistake.close_to(lambda: float(DEALS["amount"].sum()),
                         N_("That is every deal's amount, unweighted.")),
    ],
    explanation=N_("Alpha and Gamma, at 'possible' and 'potential', are {open_share:.0f} % of "
                   "the open amount but carry only {early_share:.0f} % of the weighted "
                   "pipeline, less than their share of the amount: a big pipeline of "
                   "early-stage deals is worth less than it looks, yet it is still close to "
                   "half of what this one is worth.",
                   open_share=_early_open_share(), early_share=_early_share()),
)

q3 = SeriesAnswer(
    lambda: _win_rates(TEAM),
    atol=WIN_RATE_ATOL, rel_tol=5e-3,
    prompt=N_("Build {team_name}'s ({team}) win/loss report by product and give its win "
              "rate for each product: a pandas Series indexed by product_id, as fractions "
              "(0.25 for 25 %), unrounded or rounded to three decimals.",
              team_name=TEAM_NAME, team=TEAM),
    hints=[N_("Keep the opportunities whose team_id is '{team}'; the win rate of a product "
              "is won / (won + lost): open deals are not decided yet.", team=TEAM),
           N_("fn.win_loss_report(team_opps, by='product_id') has the column 'win_rate'.")],
    solution=f"team_opps = opportunities[opportunities['team_id'] == '{TEAM}']\n"
    "report = fn.win_loss_report(team_opps, by='product_id')\n"
    "win_rates = report['win_rate']",
    mistakes=[
        series_like(lambda: _win_rates(LESSON_TEAM),
                N_("Those are East Public Sector's win rates, the table the teaching "
                   "notebook prints. This question asks about {team_name} ({team}).",
                   team_name=TEAM_NAME, team=TEAM), atol=WIN_RATE_ATOL),
        series_like(lambda: _win_rates(None),
                N_("Those are the whole company's win rates: keep {team_name}'s "
                   "opportunities first.", team_name=TEAM_NAME), atol=WIN_RATE_ATOL),
        series_like(lambda: (lambda r: r["W"] / r["total"])(
            fn.win_loss_report(_opps(TEAM), by="product_id", loss_reason=False)),
                N_("That divides the won deals by all deals, the open ones (C, D) included; "
                   "the win rate is won / (won + lost)."), atol=WIN_RATE_ATOL),
    ],
    explanation=N_("The win rate only counts decided deals. A product with a handful of "
                   "decided deals (P07, launched last) has a rate that rests on very little "
                   "evidence."),
)

q4 = Number(
    lambda: _top_two_share(TEAM, "amount"),
    prompt=N_("Rank {team_name}'s loss reasons by the amount lost (a Pareto by amount, not "
              "by count). What percentage of the amount it lost do its two largest reasons "
              "account for? One decimal.", team_name=TEAM_NAME),
    unit="%", decimals=1,
    hints=[N_("Lost deals only (status L), grouped by loss_reason, summing the amount; sort, "
              "largest first, and add the first two shares."),
           N_("fn.loss_reason_pareto(team_opps, weight='amount'): the 'cumulative_share' of "
              "the second row, times 100.")],
    solution="pareto = fn.loss_reason_pareto(team_opps, weight='amount')\n"
    "share = 100 * pareto['cumulative_share'].iloc[1]",
    mistakes=[
        Mistake.close_to(lambda: _top_share(TEAM, "amount"),
                         N_("That is the top reason only (the first row's share): the question "
                         "asks for the two largest reasons together; take the "
                         "'cumulative_share' of the second row."), rel_tol=2e-3),
        Mistake.close_to(lambda: _top_share(TEAM, "count"),
                         N_("That is the top reason only, and by count: add the second reason, "
                         "and weight the reasons by the amount lost (weight='amount')."),
                         rel_tol=2e-3),
        Mistake.close_to(lambda: _top_two_share(TEAM, "count"),
                         N_("That is the share of the lost deals (by count); the question weights "
                         "the reasons by the amount lost: weight='amount'."), rel_tol=2e-3),
        Mistake.close_to(lambda: _top_two_share(None, "count"),
                         N_("That is the company's Pareto by count, the one the teaching "
                            "notebook prints (or another team's by amount); this question asks "
                            "about {team_name}, by amount.", team_name=TEAM_NAME),
                         rel_tol=2e-3),
        Mistake.close_to(lambda: _top_two_share(None, "amount"),
                         N_("That is the whole company's; keep {team_name}'s opportunities "
                            "first.", team_name=TEAM_NAME), rel_tol=2e-3),
        Mistake.close_to(lambda: _top_two_share(LESSON_TEAM, "amount"),
                         N_("That is East Public Sector's; this question asks about "
                            "{team_name}.", team_name=TEAM_NAME),
                         rel_tol=2e-3),
    ],
    explanation=N_("Two reasons, price and the competitor's features, carry about half of "
                   "what the team lost: a value argument against the competitor (Module 1) "
                   "works on both."),
)

q5 = Choice(
    lambda: _bottleneck().transition,
    options=STEPS,
    prepare=_arrows,
    prompt=N_("Compare {team_name}'s conversion at each step with the whole company's (the "
              "default 'resolved' conversions). Which step is its bottleneck: the one furthest "
              "below the company's rate, as a ratio? Give the transition, e.g. "
              "'possible->target' (or 'possible → target').", team_name=TEAM_NAME),
    hints=[N_("Every funnel narrows most at the same step (the win, possible → target), so "
              "the team's lowest rate is not the answer: compare each of the team's rates "
              "with the company's rate for the same step (team / company)."),
           N_("fn.bottleneck(team_opps, benchmark=opportunities) does the comparison; take "
              ".transition.")],
    solution="b = fn.bottleneck(team_opps, benchmark=opportunities)\nstep = b.transition",
    mistakes=[
        chose(lambda: _bottleneck(benchmark=False).transition,
               N_("That is the team's lowest rate, but every team converts least at that "
                  "step (the company too). Compare each step with the company's: which is "
                  "furthest below it?")),
        chose(lambda: _bottleneck(LESSON_TEAM).transition,
               N_("That is East Public Sector's bottleneck, the lesson's team. Compute "
                  "{team_name}'s.", team_name=TEAM_NAME)),
    ],
    explanation=N_("Against the company, the team's last step is its weakest by far: about "
                   "three quarters of the company's rate of won customers who renew after the "
                   "first contract year, while it wins its comparisons as often as the company. "
                   "The leak is after the sale, not in it."),
)

#: q6's options (the strategies' keys) as its drop-down names them: each strategy's name, as
#: the question's prompt and the lesson call it (the answer widget looks an option up in this
#: module's catalog first).
STRATEGY_KEYS = (N_("tendency"), N_("advantage"), N_("credibility"))

q6 = Choice(
    lambda: _bottleneck().strategy.key,
    options=list(fn.STRATEGIES),
    prepare=_strategy_key,
    prompt=N_("Which of the three funnel strategies addresses that bottleneck: 'tendency', "
              "'advantage' or 'credibility'? (The name, e.g. 'Tendency strategy' or '倾向策略', "
              "is accepted too.)"),
    hints=[N_("One strategy belongs to each narrowing: potential → possible, possible → "
              "target, target → effective."),
           N_("fn.STRATEGY_FOR_TRANSITION[step], or the .strategy.key of the bottleneck.")],
    solution="strategy = fn.STRATEGY_FOR_TRANSITION[step]",
    mistakes=[
        chose(lambda: _bottleneck(LESSON_TEAM).strategy.key,
               N_("That is the advantage strategy, East Public Sector's answer (winning the "
                  "comparison and the contract). This team wins as often as others; which "
                  "strategy belongs to the step after the win?")),
        chose(lambda: "tendency",
               N_("The tendency strategy answers potential → possible (leads that lean our "
                  "way); this team's leak comes after the contract is signed.")),
    ],
    explanation=N_("The credibility strategy (信誉策略), led by support: keep every promise "
                   "of the contract, deliver the whole product and stay in touch, so that a "
                   "target customer who signed becomes an effective one who trusts us and "
                   "renews. Sending this to sales (more closing) would not help: the deals are "
                   "already won."),
)

q7 = Number(
    lambda: _leads(fn.stage_conversion(_opps(TEAM))),
    prompt=N_("Plan the funnel that meets {team_name}'s annual quota (table teams) with its "
              "own average won deal (the mean amount of its won deals) and its own step rates "
              "(stage_conversion, the default method). How many potential customers (leads) "
              "does it need? Round up at every stage, as funnel.reverse_funnel does.",
              team_name=TEAM_NAME),
    unit="leads", decimals=0,
    hints=[N_("Deals needed = quota / average won deal, rounded up; then each stage above = "
              "the stage below / that step's rate, rounded up."),
           N_("fn.reverse_funnel(quota, average_deal, fn.stage_conversion(team_opps)), "
              "the 'potential' entry.")],
    solution=f"quota = teams.set_index('team_id').loc['{TEAM}', 'quota']\n"
    "average_deal = team_opps.loc[team_opps['status'] == 'W', 'amount'].mean()\n"
    "plan = fn.reverse_funnel(quota, average_deal, fn.stage_conversion(team_opps))\n"
    "leads = plan['potential']",
    mistakes=[
        Mistake.close_to(lambda: _leads(fn.stage_conversion(_opps(LESSON_TEAM)),
                                        team=LESSON_TEAM),
                         N_("That is East Public Sector's plan, the one the teaching "
                            "notebook prints. This question asks about {team_name} ({team}): "
                            "its quota, its average won deal, its rates.",
                            team_name=TEAM_NAME, team=TEAM)),
        Mistake.close_to(lambda: _leads(fn.stage_conversion(_opps(None))),
                         N_("That uses the company's conversion rates; plan with the team's own.")),
        Mistake.close_to(lambda: _leads(fn.stage_conversion(_opps(TEAM), "all")),
                         N_("That uses the 'all' rates, which count open deals as failures and "
                         "so ask for too many leads; use the default (resolved) rates.")),
        Mistake.close_to(lambda: _leads(fn.stage_conversion(_opps(TEAM)),
                                        deal=float(_opps(TEAM)["amount"].mean())),
                         N_("That uses the average of all the team's opportunities; a quota is "
                         "met by won deals: use the mean amount of the won ones.")),
        Mistake.close_to(lambda: math.ceil(math.ceil(_quota() / _average_won()) / float(
            fn.stage_conversion(_opps(TEAM))["rate"]["overall"])),
                         N_("That divides the deals by the overall rate once; round up at every "
                         "stage (funnel.reverse_funnel), which asks for a few more.")),
        Mistake.close_to(lambda: math.ceil(_quota() / _average_won()),
                         N_("That is the number of deals to win (target customers); the question "
                         "asks for the leads at the top of the funnel.")),
    ],
    explanation=N_("Worked backwards to the win, the quota needs about two hundred leads a "
                   "year, fewer than the team opens in a year (a third of its three-year "
                   "total): leads are not its problem. The plan stops at target, where the "
                   "revenue is booked; whether those customers renew is the credibility step's "
                   "question."),
)
# --------------------------------------------------------------------------- decision track
# Answered from the teaching notebook's tables, charts and interactives alone, through the
# answer widget (valuekit.exercises.answer_widget). Each expected answer is computed with
# valuekit.funnel as the lesson computes what it shows (the interactives of
# valuekit.widgets.funnel call the same functions; tests/test_module03.py proves that each
# widget shows the answer at the question's settings).

#: dq1: how the lesson's stage table (from the funnel deck 001) describes a customer -> stage.
STAGE_ITEMS = {
    N_("unhappy with today's solution; may need us in future"): "potential",
    N_("a clear need and a plan to buy; comparing suppliers"): "possible",
    N_("chose us: signing or carrying out the contract"): "target",
    N_("renewed after its first contract year"): "effective",
}
#: dq2: the step of the lesson's conversion table the question reads.
DQ2_STEP = "possible->target"
#: dq3: the team whose conversion chart against the company the learner reads.
DQ3_TEAM, DQ3_TEAM_NAME = TEAM, TEAM_NAME
#: dq4: the team the learner picks in the win/loss explorer (the lesson's "Try it").
DQ4_TEAM, DQ4_TEAM_NAME = "T10", "West Enterprise"
#: dq5: the funnel simulator's starting leads and average deal (its builder's defaults) and
#: the possible -> target rate the question sets (East Public Sector's, the lesson's Try it).
SIM_LEADS, SIM_DEAL = 1000, 120_000.0
DQ5_RATE2 = 0.12
#: dq6: the reverse-funnel planner's settings (the lesson's Try it) and the raise compared.
DQ6_TARGET, DQ6_DEAL, DQ6_RAISE = 3_500_000.0, 100_000.0, 0.10
DQ6_OPTIONS = [N_("potential → possible"), N_("possible → target"), N_("both cut the same")]
#: dq7: the seminars' cost per response, rounded as the answer says it (the lesson's table:
#: $5,245 to the nearest thousand; tests/test_i18n_money23.py checks it against the data).
DQ7_COST = 5_000.0
#: Words the decision track shows from valuekit.funnel (dq3's strategies and their leaders,
#: dq7's channels): marked here so that the answer widget finds them in this module's catalog.
SHOWN_WORDS = (N_("Tendency strategy"), N_("Advantage strategy"), N_("Credibility strategy"),
               N_("market development"), N_("sales"), N_("support"),
               N_("mass_media"), N_("direct_mail"), N_("seminar"), N_("email"), N_("phone"),
               N_("one_to_one"))


def strategy_label(key: str) -> str:
    """dq3's option for a strategy: "Credibility strategy, led by support"."""
    s = fn.STRATEGIES[key]
    return f"{s.name}, led by {s.led_by}"


#: strategy_label's three options, marked for the catalog: the answer widget shows an
#: option through this module's catalog by its text (tests/test_i18n_module03.py: they agree)
STRATEGY_LABELS = (N_("Tendency strategy, led by market development"),
                   N_("Advantage strategy, led by sales"),
                   N_("Credibility strategy, led by support"))


def slider_rates() -> tuple[float, ...]:
    """The company's three step rates as the simulator's and planner's sliders start: the
    lesson's conversion table rounded to the sliders' 1 % step."""
    rates = fn.stage_conversion(_opps(None))["rate"]
    return tuple(round(float(rates[t]), 2) for t in fn.TRANSITIONS)


def company_step_rate(step: str) -> float:
    """dq2: a row of the lesson's conversion table ("overall" included), in %."""
    return 100 * float(fn.stage_conversion(_opps(None))["rate"][step])


def product_win_rates(team: str | None = DQ4_TEAM) -> pd.Series:
    """dq4: the win/loss explorer's 'Win rate by product' for ``team``."""
    return fn.win_loss_report(_opps(team), by="product_id")["win_rate"]


def simulator(rate2: float = DQ5_RATE2) -> dict[str, float]:
    """dq5: the funnel simulator's readouts (the widget's arithmetic: each stage = the stage
    above x its rate; the sale is won at target) with 'Possible → target' at ``rate2``."""
    r1, _, r3 = slider_rates()
    won = SIM_LEADS * r1 * rate2
    return {"Won deals (target)": won, "Revenue": won * SIM_DEAL,
            "Effective customers": won * r3}


def planner_leads(raise_step: int | None = None) -> int:
    """dq6: the planner's 'Leads needed' at :data:`DQ6_TARGET` and :data:`DQ6_DEAL`, with
    step ``raise_step`` (0 or 1) raised by :data:`DQ6_RAISE`."""
    rates = list(slider_rates()[:2])
    if raise_step is not None:
        rates[raise_step] += DQ6_RAISE
    return int(fn.reverse_funnel(DQ6_TARGET, DQ6_DEAL, rates)["potential"])


def planner_pick() -> str:
    """dq6: which raise cuts the leads needed most."""
    first, second = planner_leads(0), planner_leads(1)
    return DQ6_OPTIONS[2] if first == second else DQ6_OPTIONS[0 if first < second else 1]


def response_table() -> pd.DataFrame:
    """dq7: the lesson's table of our channels' response rates and costs."""
    return fn.response_rates(sample()["campaign_touches"])


_stage = list(STAGE_ITEMS)
dq1 = Match(
    STAGE_ITEMS,
    items=_stage,
    options=list(STAGES),
    prompt=N_("Match each customer to the funnel stage it is at: potential, possible, target or "
    "effective."),
    hints=[N_("Look at the table 'The four stages and the customer's path' in section 1 of the "
           "lesson: its 'who they are' column."),
           N_("The sale is won at target; a customer becomes effective only later, when it "
           "commits again (the kit: renews after its first contract year).")],
    solution=N_("Unhappy with today's solution → potential; a clear need and a plan to buy → "
    "possible; signing or carrying out the contract → target; renewed → effective."),
    mistakes=[
        Match.swapped(_stage[2], _stage[3], N_("Target and effective are swapped: a customer who "
                      "signs is a target customer (the sale is won there); it becomes "
                      "effective when it commits again, renewing after the first year.")),
        Match.swapped(_stage[0], _stage[1], N_("Potential and possible are swapped: a possible "
                      "customer already has a clear need and a plan to buy; a potential one "
                      "may need us in future.")),
    ],
)

dq2 = Number(
    lambda: company_step_rate(DQ2_STEP),
    prompt=N_("In the conversion table of section 2, what share of our possible customers "
    "became target customers (the step where the sale is won)? A percentage to one decimal."),
    unit="%", decimals=1,
    hints=[N_("Look at the conversion table in section 2 (below the funnel chart): one row per "
           "step."),
           N_("Read the 'rate' of the row possible->target, not the overall row.")],
    solution=N_("About 23 %: fewer than one possible customer in four is won, against the 6/3/1 "
    "yardstick's one in three: the excess starts at possible."),
    mistakes=[
        near(lambda: company_step_rate("overall"), N_("That is the overall row (all three steps "
             "chained, leads to effective customers); read the row possible->target."), 1),
        near(lambda: 100 * fn.win_rate(_opps(None)), N_("That is the win rate (won / (won + "
             "lost)), printed below the table; the question asks for the conversion of the "
             "step possible->target."), 1),
        near(lambda: company_step_rate("potential->possible"), N_("That is the first step, "
             "potential->possible; the sale is won one step later: possible->target."), 1),
        near(lambda: company_step_rate("target->effective"), N_("That is the last step, "
             "target->effective (renewals); the question asks about possible->target."), 1),
        near(lambda: 100 * float((_opps(None)["status"] == "W").mean()), N_("That is won / all "
             "leads, printed below the table; read the rate of the step possible->target."),
             1),
    ],
)

dq3 = Choice(
    lambda: strategy_label(_bottleneck(DQ3_TEAM).strategy.key),
    options=[strategy_label(k) for k in fn.STRATEGIES],
    prompt=N_("The chart above compares {team_name}'s conversion at each step with the "
              "company's, as section 4 does for East Public Sector. Which strategy should its "
              "manager put first, and who leads it?", team_name=DQ3_TEAM_NAME),
    hints=[N_("Look at the chart of the team against the company, and at the strategy table of "
           "section 3 (one strategy for each narrowing)."),
           N_("Every funnel is narrowest at the same step, so the team's lowest bar is not the "
           "answer: find the step where the team is furthest below the company.")],
    solution=N_("Credibility, led by support: South Commercial wins as often as the company, "
    "but only about three in five of its won customers renew, against about four in five."),
    mistakes=[
        chose(lambda: strategy_label(_bottleneck(DQ3_TEAM, benchmark=False).strategy.key),
              N_("That answers the team's lowest rate, possible → target, but every funnel is "
              "narrowest there (the company's too) and this team wins as often as the "
              "company. Find the step furthest below the company's bar.")),
        chose(lambda: strategy_label("tendency"), N_("The tendency strategy answers potential → "
              "possible; this team qualifies its leads as well as the company does.")),
    ],
)

dq4 = Choice(
    lambda: str(product_win_rates().idxmax()),
    options=[f"P0{i}" for i in range(1, 8)],
    prompt=N_("In the win/loss explorer choose {team_name} and 'Win rate by product'. "
              "Which product has its highest win rate?", team_name=DQ4_TEAM_NAME),
    hints=[N_("Look at the win/loss explorer in section 5 once the team and the view are set."),
           N_("The longest bar of 'Win rate by product' (won / (won + lost)), not the most deals "
           "won.")],
    solution=N_("P07, the newest product, on only nine decided deals; P05 is the best product "
    "with a solid record."),
    mistakes=[
        chose(lambda: str(fn.win_loss_report(_opps(DQ4_TEAM), by="product_id")["W"].idxmax()),
              N_("That product wins the most deals (the 'W' in 'Status by product'); its win "
              "rate is not the highest. Read 'Win rate by product'.")),
        chose(lambda: str(product_win_rates(LESSON_TEAM).idxmax()), N_(
            "That is East Public Sector's best product: the explorer starts on that team; "
            "choose {team_name} first.", team_name=DQ4_TEAM_NAME)),
    ],
    explanation=N_("A rate on a handful of decided deals proves little: read the counts in "
    "'Status by product' before praising a product."),
)

dq5 = Number(
    lambda: simulator()["Revenue"],
    prompt=N_("In the funnel simulator set 'Possible → target (won)' to {rate:.0%} (East "
              "Public Sector's rate), every other slider as it starts ({leads:,} leads, a "
              "${deal:,.0f} deal). What revenue do the won deals bring, in dollars?",
              rate=DQ5_RATE2, leads=SIM_LEADS, deal=Amount(SIM_DEAL)),
    unit="$", decimals=0,
    hints=[N_("Look at the funnel simulator in section 7 once the slider is set."),
           N_("Read 'Revenue': the sale is won at target, so the revenue comes from the won "
           "deals.")],
    solution=N_("About $9.1 million against $17.4 million at the company's rate: the weak step "
    "halves the revenue from the same leads."),
    mistakes=[
        Mistake.close_to(lambda: simulator(slider_rates()[1])["Revenue"], N_(
            "That is at the company's rate, where the slider starts: move 'Possible → "
            "target' to {rate:.0%} first.", rate=DQ5_RATE2)),
        Mistake.close_to(lambda: simulator(slider_rates()[1])["Revenue"]
                         - simulator()["Revenue"], N_(
            "That is the revenue lost against the company's rate; the question asks for the "
            "revenue at {rate:.0%}.", rate=DQ5_RATE2)),
        Mistake.close_to(lambda: simulator()["Effective customers"] * SIM_DEAL, N_("That counts "
                         "only the effective customers; the sale, and its revenue, is booked "
                         "at the win (target), a year before the renewal.")),
        Mistake.close_to(lambda: simulator()["Won deals (target)"], N_("That is the number of "
                         "won deals; the question asks for the revenue they bring, in "
                         "dollars.")),
    ],
)

dq6 = Choice(
    planner_pick,
    options=DQ6_OPTIONS,
    prompt=N_("In the reverse-funnel planner set a target of ${target:,.0f} and a deal of "
              "${deal:,.0f}. Which rate, raised by ten points, cuts the leads needed most?",
              target=Amount(DQ6_TARGET), deal=Amount(DQ6_DEAL)),
    hints=[N_("Look at the reverse-funnel planner in section 7: set the target and the deal, "
           "note 'Leads needed', then raise each rate by ten points in turn (and put it back)."),
           N_("A rate divides: ten points added to a low rate change it by much more, in "
           "proportion, than ten points added to a high one.")],
    solution=N_("Possible → target: 243 leads become about 170 (from 23 % to 33 %), against "
    "about 210 when potential → possible goes from 63 % to 73 %."),
    mistakes=[
        chose(DQ6_OPTIONS[0], N_("Raising potential → possible helps less: it is already high "
              "(about 63 %), so ten more points change it by about a sixth; possible → target "
              "(about 23 %) grows by over 40 %.")),
        chose(DQ6_OPTIONS[2], N_("Ten points are not the same everywhere: a rate divides, so ten "
              "points on the lower rate cut the leads more. Try both in the planner.")),
    ],
)

dq7 = Choice(
    lambda: str(response_table()["cost_per_response"].idxmax()),
    options=list(fn.CHANNEL_APPROACH),
    prompt=N_("In the table of our campaign channels (section 10), which channel costs the "
    "most per response?"),
    hints=[N_("Look at the channel table of section 10, below the response-rate bars."),
           N_("Read the 'cost_per_response' column, not 'rate' or the total cost.")],
    solution=N_("Seminars: they answer like mass media (2–5 %, traditional) but cost about "
    "${cost:,.0f} per response; they earn their place by moving possible customers on.",
                cost=Amount(DQ7_COST)),
    mistakes=[
        chose(lambda: str(response_table()["rate"].idxmax()), N_("That channel answers best "
              "and each contact costs most, but so many answer that per response it is not "
              "the dearest. Read 'cost_per_response'.")),
        chose(lambda: str(response_table()["rate"].idxmin()), N_("That channel has the lowest "
              "response rate, but each contact costs little, so it is the cheapest per "
              "response. Read 'cost_per_response'.")),
    ],
)


d1 = Discussion(
    N_("Take your own team's funnel. Where does it narrow most against the company, which of "
    "the three strategies answers that, and which function (market development, sales, "
    "support) must lead it? Name one action for next quarter and the number that would show "
    "it worked."),
    N_("Let each group use the win/loss explorer and fn.bottleneck on its own team first. Push "
    "back on answers that blame the lowest rate (every funnel is narrowest at the same "
    "steps) and on 'more leads' when the leak is further down: East Public Sector works the "
    "most opportunities and still misses quota. Check that a leak after the win "
    "(target → effective) goes to support, not to sales. Ask for the owner (市场开发 / "
    "目标销售 / 业务支持) and a measurable target (e.g. possible → target from 17 % to 30 %). "
    "15 minutes, five of them for the report-back."),
    minutes=15,
)

register_questions(__name__)
