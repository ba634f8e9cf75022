"""Module 1 exercises: product vs value marketing on the sample data.

From warm-up to a realistic analysis: the 80/20 of revenue and profit, the "big fish",
profit tiers, share of wallet, the value survey (ours vs the competitor) and a value-based
price. Every expected answer is computed from the sample data with :mod:`valuekit.value`
(nothing typed in), over the customer base of the sample's last full year
(:data:`YEAR`, the year of ``SAMPLE_AS_OF``): every account that had bought from us by the
end of that year, lapsed customers included.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from valuekit import value as vv
from valuekit.exercises import (
    Choice,
    Discussion,
    Mistake,
    Number,
    SeriesAnswer,
    register,
    sample,
)
from valuekit.schema import COST_COMPONENTS, SAMPLE_AS_OF, VALUE_COMPONENTS

#: The year analysed: the sample's last full year.
YEAR = pd.Timestamp(SAMPLE_AS_OF).year
START, END = f"{YEAR}-01-01", f"{YEAR}-12-31"
COMPONENTS = (*VALUE_COMPONENTS, *COST_COMPONENTS)

#: The pricing question (q8): the AI Insights Assistant priced for one customer for a year.
#: List price and gross margin come from the sample; the rest are the question's givens.
PRICE_PRODUCT = "P07"
PRICE_REFERENCE = 24_000.0  # a competitor's AI assistant licence: the next-best alternative
PRICE_GAINS = {"analyst hours saved": 15_000.0, "faster insight": 6_000.0}
PRICE_EFFORT = {"change and training effort": 3_000.0}
PRICE_SHARE_TO_CUSTOMER = 0.3
PRICE_MARKUP = 0.5


# --------------------------------------------------------------------------- the data


@functools.cache
def accounts_table() -> pd.DataFrame:
    """Every account of the sample with its revenue, profit, wallet and customer flag in
    :data:`YEAR` (:func:`valuekit.value.account_value`)."""
    s = sample()
    return vv.account_value(s["invoices"], s["accounts"], START, END)


def customers() -> pd.DataFrame:
    """The customer base: accounts that had bought from us by the end of :data:`YEAR`."""
    table = accounts_table()
    return table[table["customer"]]


def paying() -> pd.DataFrame:
    """Customers with revenue in :data:`YEAR`."""
    c = customers()
    return c[c["revenue"] > 0]


@functools.cache
def survey_table() -> pd.DataFrame:
    return vv.compare_delivered_value(sample()["value_survey"])


def _product(col: str) -> float:
    products = sample()["products"].set_index("product_id")
    return float(products.loc[PRICE_PRODUCT, col])


def price_cost() -> float:
    """Unit cost of the pricing question's product: list price * (1 - gross margin)."""
    return vv.unit_cost(_product("list_price"), _product("gross_margin"))


def _price(**changes) -> float:
    args = {
        "reference_price": PRICE_REFERENCE,
        "positive_differentiation": PRICE_GAINS,
        "negative_differentiation": PRICE_EFFORT,
        "share_to_customer": PRICE_SHARE_TO_CUSTOMER,
        "cost_floor": price_cost(),
    } | changes
    return vv.value_based_price_range(**args).suggested


def _norm(text) -> str:
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().lower()


def _chose(option, message: str) -> Mistake:
    """The learner picked ``option``, a callable computing a wrong option from the data."""
    return Mistake(lambda answer, expected: _norm(answer) == _norm(option()), message)


# --------------------------------------------------------------------------- questions

q1 = Number(
    lambda: 100 * vv.top_share(customers()["revenue"], top_pct=0.2),
    prompt=f"What percentage of {YEAR} revenue comes from the top 20 % of the customer base "
    "(`customers`)? A percentage, to one decimal place.",
    unit="%",
    decimals=1,
    hints=[
        "Rank the customers by revenue, biggest first, and take the first 20 % of them "
        "(round the count up).",
        "vv.top_share(customers['revenue'], top_pct=0.2) gives it as a fraction: "
        "multiply by 100.",
    ],
    solution="answer = 100 * vv.top_share(customers['revenue'], top_pct=0.2)",
    mistakes=[
        Mistake.close_to(
            lambda: 100 * vv.top_share(paying()["revenue"], top_pct=0.2),
            "That is the top 20 % of the customers who paid this year only. The question's "
            "base is the whole customer base, lapsed customers included: use `customers`.",
            rel_tol=1e-3,
        ),
        Mistake.close_to(
            lambda: 100 * vv.top_share(accounts_table()["revenue"], top_pct=0.2),
            "That counts every account, prospects included: 20 % of all accounts is more "
            "accounts than 20 % of the customers. Use `customers`.",
            rel_tol=1e-3,
        ),
        Mistake.close_to(
            lambda: 100 * vv.top_share(customers()["profit"], top_pct=0.2),
            "That is the top 20 %'s share of profit; the question asks for revenue.",
            rel_tol=1e-3,
        ),
    ],
    explanation="The 80/20 rule of thumb holds almost exactly here: a fifth of the customers "
    "bring about four fifths of the revenue.",
)

q2 = Number(
    lambda: vv.customers_for_share(customers()["profit"], 0.8),
    prompt=f"The big fish: how many customers, ranked by {YEAR} profit, make 80 % of the "
    "profit? (a whole number of customers)",
    decimals=0,
    hints=[
        "Sort the customers by profit, biggest first, and add up until you reach 80 % of "
        "the total profit.",
        "vv.customers_for_share(customers['profit'], 0.8) does exactly that.",
    ],
    solution="answer = vv.customers_for_share(customers['profit'], 0.8)",
    mistakes=[
        Mistake.close_to(
            lambda: vv.customers_for_share(customers()["revenue"], 0.8),
            "That ranks the customers by revenue. Rank them by profit: the profit column.",
            rel_tol=1e-9,
        ),
        Mistake.close_to(
            lambda: vv.top_count(len(customers()), 0.2),
            "That is how many customers make up the top 20 %; the question asks how many "
            "it takes to reach 80 % of the profit.",
            rel_tol=1e-9,
        ),
        Mistake(
            lambda a, e: 0 < float(a) < 1,
            "That looks like a share. The question asks for a number of customers.",
        ),
    ],
)


def _tiers(frame: pd.DataFrame) -> pd.Series:
    return vv.tier_summary(frame["profit"])["accounts"].rename("accounts")


q3 = SeriesAnswer(
    lambda: _tiers(customers()),
    prompt="How many customers fall in each profit tier (high, medium, low, none)? A Series "
    "indexed by tier.",
    hints=[
        "vv.profit_tiers(customers['profit']) gives each customer's tier.",
        "Count them: .value_counts(), then order the index as high, medium, low, none "
        "(.reindex(['high', 'medium', 'low', 'none'])).",
    ],
    solution=(
        "tiers = vv.profit_tiers(customers['profit'])\n"
        "answer = tiers.value_counts().reindex(['high', 'medium', 'low', 'none'])"
    ),
    mistakes=[
        Mistake(
            lambda a, e: a.reindex(e.index).fillna(0).tolist()
            == _tiers(paying()).reindex(e.index).fillna(0).tolist(),
            "Those are the tiers of the paying customers only, so nobody is in 'none'. The "
            "customer base includes customers who bought nothing this year.",
        ),
    ],
    explanation="A handful of 'high' customers carry half the profit; the 'none' tier are "
    "customers who bought nothing this year: candidates for a win-back call.",
)

q4 = SeriesAnswer(
    lambda: (paying()["revenue"] / paying()["annual_budget"]).rename("share_of_wallet"),
    prompt=f"Share of wallet of every paying customer: {YEAR} revenue / annual_budget, as a "
    "fraction. A Series indexed by account_id.",
    hints=[
        "Keep the customers with revenue > 0: paying = customers[customers['revenue'] > 0].",
        "Then divide: paying['revenue'] / paying['annual_budget'].",
    ],
    solution=(
        "paying = customers[customers['revenue'] > 0]\n"
        "answer = paying['revenue'] / paying['annual_budget']"
    ),
)

q5 = Number(
    lambda: 100 * paying()["share_of_wallet"].mean(),
    prompt="What is the mean share of wallet of the paying customers? A percentage, to one "
    "decimal place.",
    unit="%",
    decimals=1,
    hints=[
        "Take the Series of q4 and its mean.",
        "Multiply by 100 for a percentage.",
    ],
    solution="answer = 100 * (paying['revenue'] / paying['annual_budget']).mean()",
    mistakes=[
        Mistake.close_to(
            lambda: 100 * paying()["revenue"].sum() / paying()["annual_budget"].sum(),
            "That is total revenue / total wallet: the share of wallet of the customers as a "
            "whole, where the big accounts weigh most. The question asks for the average "
            "account's share: the mean of the per-account shares.",
            rel_tol=1e-3,
        ),
        Mistake.close_to(
            lambda: 100 * vv.wallet_vs_market(
                accounts_table()["revenue"], accounts_table()["annual_budget"]
            )["market_share"],
            "That is our market share: revenue / the wallets of every account, prospects "
            "included. Share of wallet looks inside each customer.",
            rel_tol=1e-3,
        ),
        Mistake.close_to(
            lambda: 100 * customers()["share_of_wallet"].mean(),
            "That averages over customers who paid nothing this year too (a share of 0). "
            "Average over the paying customers.",
            rel_tol=1e-3,
        ),
    ],
    explanation="We hold well under half of a typical customer's analytics budget: growing "
    "inside existing customers is a large source of business.",
)


def _furthest_behind() -> str:
    table = survey_table()
    return str(table.loc[list(COMPONENTS), "advantage"].idxmin())


def _biggest_lead() -> str:
    table = survey_table()
    return str(table.loc[list(COMPONENTS), "advantage"].idxmax())


def _raw_min_gap() -> str:
    table = survey_table()
    return str(table.loc[list(COMPONENTS), "gap"].idxmin())


def _value_behind() -> str:
    table = survey_table()
    return str(table.loc[list(VALUE_COMPONENTS), "advantage"].idxmin())


q6 = Choice(
    _furthest_behind,
    options=COMPONENTS,
    prompt="On which of the eight components of the value survey is our gap to the "
    "competitor biggest against us? (the component's column name)",
    hints=[
        "vv.compare_delivered_value(survey) has a column 'advantage': positive where we "
        "win, negative where we lose (for a cost, a lower score is a win).",
        "Take the component with the lowest advantage: .loc[components, 'advantage']"
        ".idxmin().",
    ],
    solution=(
        "table = vv.compare_delivered_value(survey)\n"
        "answer = table.loc[list(COMPONENTS), 'advantage'].idxmin()"
    ),
    mistakes=[
        _chose(_biggest_lead, "That is where we lead by the most; the question asks where "
               "we are furthest behind."),
        _chose(_raw_min_gap, "That compares the raw scores. For a cost a lower score is "
               "better, so a cost we score lower on is a win for us: use 'advantage'."),
        _chose(_value_behind, "We do trail on that value component, but another component "
               "has a bigger gap against us. Look at all eight, the costs included."),
    ],
)

q7 = Number(
    lambda: float(survey_table().loc["delivered_value", "gap"]),
    prompt="From the survey means, how much higher is our delivered value than the "
    "competitor's (ours minus theirs)? To two decimal places.",
    decimals=2,
    hints=[
        "Delivered value = total value (the four values) - total cost (the four costs), "
        "from each vendor's mean scores.",
        "vv.compare_delivered_value(survey).loc['delivered_value', 'gap'].",
    ],
    solution="answer = vv.compare_delivered_value(survey).loc['delivered_value', 'gap']",
    mistakes=[
        Mistake.close_to(
            lambda: float(survey_table().loc["total_value", "gap"]),
            "That is the difference in total value only; subtract each vendor's total cost "
            "first.",
            rel_tol=1e-6,
        ),
        Mistake.close_to(
            lambda: float(survey_table().loc["total_value", "gap"]
                          + survey_table().loc["total_cost", "gap"]),
            "That adds the costs to the value. Delivered value is value MINUS cost.",
            rel_tol=1e-6,
        ),
    ],
)

q8 = Number(
    _price,
    prompt=f"Price the AI Insights Assistant ({PRICE_PRODUCT}) on value. The alternative "
    f"costs ${PRICE_REFERENCE:,.0f} a year; our product saves the customer "
    + ", ".join(f"${v:,.0f} ({k})" for k, v in PRICE_GAINS.items())
    + " a year but costs them "
    + ", ".join(f"${v:,.0f} ({k})" for k, v in PRICE_EFFORT.items())
    + f". We leave {PRICE_SHARE_TO_CUSTOMER:.0%} of the net premium to the customer. What "
    "is the suggested value-based price, in dollars (to the dollar)?",
    unit="$",
    decimals=0,
    hints=[
        "Economic value (EVC) = the alternative's price + the gains - the extra costs. The "
        "premium is EVC - the alternative's price.",
        f"Suggested = alternative's price + (1 - {PRICE_SHARE_TO_CUSTOMER}) * premium; "
        "vv.value_based_price_range(reference, gains, effort, share_to_customer=...) "
        "gives it as .suggested.",
    ],
    solution=(
        "rng = vv.value_based_price_range(\n"
        f"    {PRICE_REFERENCE:.0f}, {PRICE_GAINS!r},\n"
        f"    {PRICE_EFFORT!r}, share_to_customer={PRICE_SHARE_TO_CUSTOMER})\n"
        "answer = rng.suggested"
    ),
    mistakes=[
        Mistake.close_to(
            lambda: vv.cost_plus_price(price_cost(), PRICE_MARKUP),
            "That is the cost-plus price: it starts from our cost and ignores what the "
            "product is worth to the customer.",
        ),
        Mistake.close_to(
            lambda: vv.economic_value(PRICE_REFERENCE, PRICE_GAINS, PRICE_EFFORT),
            "That is the ceiling: the full economic value. At that price the customer gains "
            "nothing by switching; leave them their share of the premium.",
        ),
        Mistake.close_to(
            lambda: _price(share_to_customer=1 - PRICE_SHARE_TO_CUSTOMER),
            f"That keeps {PRICE_SHARE_TO_CUSTOMER:.0%} of the premium for us; the question "
            f"leaves {PRICE_SHARE_TO_CUSTOMER:.0%} to the customer, so we keep the rest.",
        ),
        Mistake.close_to(
            lambda: _price(negative_differentiation=0.0),
            "You left out the customer's extra effort: it lowers the value of our product to "
            "them (negative differentiation).",
        ),
        Mistake.close_to(
            lambda: _product("list_price"),
            "That is today's list price, not a price worked out from the customer's value.",
        ),
    ],
)

d1 = Discussion(
    "Think of your own accounts. Which are big fish with a small share of wallet, and what "
    "would it take to win more of their budget? Which low-value customers could become "
    "higher-value ones, as the airline turns lounge access into a paid upgrade?",
    "Give pairs 5 minutes, then collect on the board: (1) two or three 'big wallet, small "
    "share' accounts with the value we could add there (cross-sell, a new use, a service "
    "level); (2) one low-value group and the offer that could move it up (a paid tier, "
    "self-service, a bundle). Push back on answers that are only discounts: value marketing "
    "grows what the customer gets, not what they pay less. Close by linking to q2: the big "
    "fish deserve named owners and account plans; the 'none' tier deserves a win-back call.",
    minutes=15,
)

register(__name__)

__all__ = [
    "COMPONENTS",
    "END",
    "PRICE_PRODUCT",
    "START",
    "YEAR",
    "accounts_table",
    "customers",
    "d1",
    "paying",
    "price_cost",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8",
    "survey_table",
]
