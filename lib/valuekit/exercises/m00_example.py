"""Example questions: exercise the framework (tests, the fixture notebooks, the authoring guide).

They use the framework's toy interactive (:func:`valuekit.widgets.demo_outcome`: a cohort of
customers shrinking at a constant retention rate) rather than the sample data, so they run
before any data exists. Real modules compute ``expected`` from :func:`valuekit.exercises.sample`.
"""

from __future__ import annotations

from valuekit.exercises import Choice, Discussion, Mistake, Number, register_questions
from valuekit.i18n import N_
from valuekit.schema import STAGES
from valuekit.widgets import demo_outcome

COHORT = 200
RETENTION = 0.8
YEARS = 3


def _left() -> float:
    """Customers left after YEARS years, computed by the kit (not typed in)."""
    outcome = demo_outcome(RETENTION, YEARS, customers=COHORT)
    return next(iter(outcome.numbers.values()))


q1 = Number(
    _left,
    # numbers go in as str.format fields, never an f-string: the msgid must not change
    # with them, or no translation would match (docs/authoring.md, "Translating the kit")
    prompt=N_("A cohort of {cohort} customers keeps {retention:.0%} of its members each year. "
              "How many are left after {years} years?",
              cohort=COHORT, retention=RETENTION, years=YEARS),
    decimals=1,
    hints=[
        N_("Each year multiplies the cohort by the retention rate."),
        N_("Multiply {cohort} by {retention} three times: {cohort} * {retention} ** {years}.",
           cohort=COHORT, retention=RETENTION, years=YEARS),
    ],
    solution=f"left = {COHORT} * {RETENTION} ** {YEARS}",
    mistakes=[
        Mistake.close_to(
            COHORT * (1 - (1 - RETENTION) * YEARS),
            N_("That subtracts the same number of customers every year; retention takes a "
               "share of those still there, so the losses shrink each year."),
        ),
        Mistake.close_to(
            COHORT * (1 - RETENTION) ** YEARS,
            N_("That is what the churn rate alone would leave: use the retention rate "
               "({retention:.0%}), not the churn rate ({churn:.0%}).",
               retention=RETENTION, churn=1 - RETENTION),
        ),
    ],
    explanation=N_("Retention compounds: 200 x 0.8 x 0.8 x 0.8 = 102.4."),
)

q2 = Number(
    lambda: 100 * _left() / COHORT,
    prompt=N_("What percentage of the cohort is left after {years} years? (a percentage, "
              "such as 25 for a quarter)", years=YEARS),
    decimals=1,
    unit="%",
    hints=[N_("Divide the customers left by the cohort size."), N_("Then multiply by 100.")],
    solution=f"share = 100 * left / {COHORT}",
)

q3 = Choice(
    STAGES[-1],
    options=STAGES,
    prompt=N_("Which stage of the kit's funnel holds the fewest companies?"),
    hints=[N_("The funnel narrows at every stage."), N_("It is the last stage: the customers.")],
    solution=f"stage = {STAGES[-1]!r}",
    mistakes=[
        Mistake.chose(STAGES[0], N_("{stage!r} is the widest stage: every company that "
                                    "could ever buy.", stage=STAGES[0])),
    ],
)

d1 = Discussion(
    N_("Which of your customers would you be most worried to lose, and why?"),
    N_("Steer the group from revenue to margin and future value: the largest account is not "
       "always the most valuable one. Collect two or three examples on the board."),
    minutes=5,
)

register_questions(__name__)
