"""Module 1 exercises: product vs value marketing on the sample data.

Two tracks. The **decision track** (``dq1`` ... ``dq6``) is answered from the teaching
notebook's tables, charts and interactives alone, through the answer widget: match, rank,
read a value off the Pareto explorer or the value-price calculator, choose. The **analyst
track** (``q1`` ... ``q8``) below asks in code.

From warm-up to a realistic analysis: the top 10 %'s share of revenue, the "big fish",
profit tiers, share of wallet, the value survey (ours vs the competitor, also for a
price-led buyer) and a value-based price. Where the teaching notebook prints a number, the
question asks for a neighbouring one (the top 10 % rather than 20 %, revenue rather than
profit, last year's profit tiers, the high tier's share of wallet, money cost weighted), so
the answer has to be worked out. Every expected answer is computed from the sample data with
:mod:`valuekit.value` (nothing typed in), over the customer base of the sample's last full
year (:data:`YEAR`, the year of ``SAMPLE_AS_OF``; q3 the year before, :data:`PREV_YEAR`):
every account that had bought from us by the end of that year, lapsed customers included.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from valuekit import value as vv
from valuekit.exercises import (
    Choice,
    Discussion,
    Mistake,
    Number,
    SeriesAnswer,
    chose,
    is_number,
    near,
    register_questions,
    sample,
)
from valuekit.exercises.decision import Match, OptionOrder
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

#: q1: the top share of customers whose share of revenue is asked (the teaching notebook
#: shows the top 20 %). q2: the share of revenue the big fish make.
TOP_PCT = 0.1
TOP_LABEL = f"{TOP_PCT * 100:g} %"
BIG_FISH_SHARE = 0.8
#: q7: a procurement-led purchase, where the price (money cost) counts twice.
PROCUREMENT_WEIGHTS = {"money_cost": 2.0}
#: q3: the profit tiers of the year before :data:`YEAR` (the teaching notebook prints this
#: year's tier table). q5: the mean share of wallet of this year's customers in one tier
#: (the teaching notebook prints the mean over every paying customer).
PREV_YEAR = YEAR - 1
PREV_START, PREV_END = f"{PREV_YEAR}-01-01", f"{PREV_YEAR}-12-31"
WALLET_TIER = "high"


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


@functools.cache
def prev_accounts_table() -> pd.DataFrame:
    """:func:`accounts_table` for :data:`PREV_YEAR` (q3)."""
    s = sample()
    return vv.account_value(s["invoices"], s["accounts"], PREV_START, PREV_END)


def prev_customers() -> pd.DataFrame:
    """The customer base of :data:`PREV_YEAR`: accounts that had bought by its end."""
    table = prev_accounts_table()
    return table[table["customer"]]


def paying() -> pd.DataFrame:
    """Customers with revenue in :data:`YEAR`."""
    c = customers()
    return c[c["revenue"] > 0]


@functools.cache
def survey_table() -> pd.DataFrame:
    return vv.compare_delivered_value(sample()["value_survey"])


@functools.cache
def weighted_survey_table() -> pd.DataFrame:
    """The survey compared with money cost counted twice (:data:`PROCUREMENT_WEIGHTS`)."""
    return vv.compare_delivered_value(sample()["value_survey"], weights=PROCUREMENT_WEIGHTS)


def _count_rounded_down() -> int:
    """q1's slip: the top :data:`TOP_PCT` of the customers with the count rounded down."""
    return math.floor(round(TOP_PCT * len(customers()), 9))


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


# --------------------------------------------------------------------------- questions

q1 = Number(
    lambda: 100 * vv.top_share(customers()["revenue"], top_pct=TOP_PCT),
    prompt=f"What percentage of this year's revenue comes from the top {TOP_LABEL} of the "
    f"customer base (`customers`)? Count the top {TOP_LABEL} as {TOP_LABEL} of the "
    "customers rounded UP to a whole customer. A percentage, to one decimal place.",
    unit="%",
    decimals=1,
    hints=[
        f"Rank the customers by revenue, biggest first, and take the first {TOP_LABEL} of "
        f"them: vv.top_count(len(customers), {TOP_PCT:g}) customers (the count rounded up).",
        f"vv.top_share(customers['revenue'], top_pct={TOP_PCT:g}) gives their share as a "
        "fraction: multiply by 100.",
    ],
    solution=f"answer = 100 * vv.top_share(customers['revenue'], top_pct={TOP_PCT:g})",
    mistakes=[
        # Checked first: one customer fewer is within the built-in "rounding slip" band,
        # which would blame the rounding of the result rather than of the count.
        near(
            lambda: 100 * vv.top_share(customers()["revenue"], top_k=_count_rounded_down()),
            f"That takes {TOP_LABEL} of the customers rounded DOWN to a whole customer. "
            "The question rounds the count up (vv.top_count): the customer who is partly in "
            f"the top {TOP_LABEL} counts.",
            decimals=1,
        ),
        near(
            lambda: 100 * vv.top_share(customers()["revenue"], top_pct=0.2),
            "That is the top 20 %'s share, the number the teaching notebook prints. This "
            f"question asks for the top {TOP_LABEL}.",
            decimals=1,
        ),
        near(
            lambda: 100 * vv.top_share(paying()["revenue"], top_pct=TOP_PCT),
            f"That is the top {TOP_LABEL} of the customers who paid this year only. The "
            "question's base is the whole customer base, lapsed customers included: use "
            "`customers`.",
            decimals=1,
        ),
        near(
            lambda: 100 * vv.top_share(accounts_table()["revenue"], top_pct=TOP_PCT),
            f"That counts every account, prospects included: {TOP_LABEL} of all accounts "
            f"is more accounts than {TOP_LABEL} of the customers. Use `customers`.",
            decimals=1,
        ),
        near(
            lambda: 100 * vv.top_share(customers()["profit"], top_pct=TOP_PCT),
            f"That is the top {TOP_LABEL}'s share of profit; the question asks for revenue.",
            decimals=1,
        ),
    ],
    explanation="A tenth of the customers bring about three fifths of the revenue, and the "
    "top fifth about four fifths (the teaching notebook): the concentration is steep.",
)


def _off_by_one(answer, expected) -> bool:
    """One customer short of the fewest that reach the share: counting the customers whose
    cumulative share is still below it, ``(cum < 0.8).sum()``. Relative to the expected
    answer, so it holds whatever the data."""
    return _is_whole(answer) and round(float(answer)) == expected - 1


def _is_whole(answer) -> bool:
    return is_number(answer) and float(answer).is_integer()


def _top_20_counts() -> set[float]:
    """20 % of the customers as a count: unrounded, rounded down and rounded up."""
    n = len(customers())
    return {0.2 * n, float(math.floor(round(0.2 * n, 9))), float(vv.top_count(n, 0.2))}


q2 = Number(
    lambda: vv.customers_for_share(customers()["revenue"], BIG_FISH_SHARE),
    prompt=f"The big fish: in the source deck the top 30 customers made 80 % of sales. How "
    f"many of our customers, ranked by this year's revenue, does it take to make "
    f"{BIG_FISH_SHARE:.0%} of the revenue? (a whole number of customers)",
    decimals=0,
    hints=[
        "Sort the customers by revenue, biggest first, and add up until you reach 80 % of "
        "the total revenue; count the customer who takes the total past 80 % too.",
        f"vv.customers_for_share(customers['revenue'], {BIG_FISH_SHARE:g}) does exactly "
        "that.",
    ],
    solution=(
        'big_fish = vv.customers_for_share(customers["revenue"], 0.8)\n'
    ),
    mistakes=[
        Mistake.close_to(
            lambda: vv.customers_for_share(customers()["profit"], BIG_FISH_SHARE),
            "That ranks the customers by profit, as the teaching notebook does. This question "
            "is about sales: rank them by revenue.",
            rel_tol=1e-9,
        ),
        # The off-by-one mistakes come before the top-20 % one: in this data 20 % of the
        # customers (268) is also one short of the profit answer (269), and a learner who
        # counted one short should be told so.
        Mistake(
            _off_by_one,
            "One customer short: that counts the customers whose running total is still "
            "below 80 %. Include the customer whose revenue takes the total past 80 % (the "
            "first with a cumulative share >= 0.8).",
        ),
        Mistake.close_to(
            lambda: vv.customers_for_share(customers()["profit"], BIG_FISH_SHARE) - 1,
            "Two slips: that ranks by profit (rank by revenue) and stops one customer short "
            "(include the customer who takes the total past 80 %).",
            rel_tol=1e-9,
        ),
        Mistake(
            lambda a, e: any(abs(float(a) - c) < 1e-9 for c in _top_20_counts()),
            "That is 20 % of the customers: the 80/20 rule assumed rather than counted. Add "
            "up the revenue, biggest customer first, until it reaches 80 %.",
        ),
        Mistake(
            lambda a, e: 0 < float(a) < 1,
            "That looks like a share. The question asks for a number of customers.",
        ),
    ],
    explanation="A few hundred customers, not thirty: a fixed count from another business "
    "does not transfer. Compare shares of customers instead (the top 20 % make about 80 % "
    "here too).",
)


def _tiers(frame: pd.DataFrame) -> pd.Series:
    return vv.tier_summary(frame["profit"])["accounts"].rename("accounts")


def _same_counts(wrong, message: str) -> Mistake:
    """The answer's tier counts equal those of a wrong customer base (a callable giving its
    table); a tier missing from the answer counts as 0."""

    def test(answer, expected) -> bool:
        ours = answer.reindex(expected.index).fillna(0).to_numpy(dtype=float)
        theirs = _tiers(wrong()).reindex(expected.index).fillna(0).to_numpy(dtype=float)
        return bool(np.array_equal(ours, theirs))

    return Mistake(test, message)


def _prev_paying() -> pd.DataFrame:
    c = prev_customers()
    return c[c["revenue"] > 0]


q3 = SeriesAnswer(
    lambda: _tiers(prev_customers()),
    prompt="Tiers move from year to year. How many customers fell in each profit tier (high, "
    "medium, low, none) in `YEAR - 1`, the year before? The customer base of `YEAR - 1` is "
    "every account that had bought from us by the end of `YEAR - 1`, ranked by its "
    "profit in `YEAR - 1`. A Series indexed by tier.",
    hints=[
        f"Build the {PREV_YEAR} table as the setup cell builds this year's: vv.account_value("
        f"sample['invoices'], sample['accounts'], '{PREV_START}', '{PREV_END}'), then keep "
        "the rows where its own 'customer' column is True.",
        "With that table called last: vv.profit_tiers(last[last['customer']]['profit'])"
        ".value_counts(), then order the index as high, medium, low, none "
        "(.reindex(['high', 'medium', 'low', 'none'])).",
    ],
    solution=(
        'last = vv.account_value(sample["invoices"], sample["accounts"], f"{YEAR - 1}-01-01",\n'
        '                        f"{YEAR - 1}-12-31")\n'
        'tiers = vv.profit_tiers(last[last["customer"]]["profit"])\n'
        'tier_counts = tiers.value_counts().reindex(["high", "medium", "low", "none"])\n'
    ),
    mistakes=[
        _same_counts(
            customers,
            f"That is {YEAR}'s tier table, the numbers the teaching notebook prints. This "
            f"question asks for {PREV_YEAR}: build that year's table with vv.account_value("
            f"..., '{PREV_START}', '{PREV_END}').",
        ),
        _same_counts(
            lambda: prev_accounts_table().loc[customers().index],
            f"That ranks {YEAR}'s customers by their {PREV_YEAR} profit, so the customers won "
            f"in {YEAR} land in 'none'. The {PREV_YEAR} base is the accounts that had bought by "
            f"the end of {PREV_YEAR}: filter on the {PREV_YEAR} table's own 'customer' column.",
        ),
        _same_counts(
            prev_accounts_table,
            "That counts every account, prospects included, so 'none' holds accounts that "
            "never bought from us. Keep the customers: last[last['customer']].",
        ),
        _same_counts(
            _prev_paying,
            f"Those are the tiers of the customers who paid in {PREV_YEAR} only, so nobody is "
            "in 'none'. The customer base includes customers who bought nothing that year.",
        ),
    ],
    explanation=f"Compare with {YEAR}'s table in the teaching notebook: the base has grown "
    "since, and every tier with it, yet fewer than one customer in ten carries half the "
    "profit in both years. Tiers move: recompute them every year before you assign owners "
    "and plan coverage.",
)

q4 = SeriesAnswer(
    lambda: (paying()["revenue"] / paying()["annual_budget"]).rename("share_of_wallet"),
    prompt="Share of wallet of every paying customer: this year's revenue / annual_budget, as a "
    "fraction. A Series indexed by account_id.",
    hints=[
        "Keep the customers with revenue > 0: paying = customers[customers['revenue'] > 0].",
        "Then divide: paying['revenue'] / paying['annual_budget'].",
    ],
    solution=(
        'paying = customers[customers["revenue"] > 0]\n'
        'wallet_share = paying["revenue"] / paying["annual_budget"]\n'
    ),
)

def _in_tier(tiers: pd.Series, tier: str = WALLET_TIER) -> pd.DataFrame:
    """The paying customers that ``tiers`` (by account) puts in ``tier``."""
    p = paying()
    return p.loc[p.index.intersection(tiers.index[tiers == tier])]


def _tier_wallet(tiers: pd.Series, tier: str = WALLET_TIER) -> float:
    """The mean share of wallet, in %, of the paying customers ``tiers`` puts in ``tier``."""
    frame = _in_tier(tiers, tier)
    return 100 * (frame["revenue"] / frame["annual_budget"]).mean()


def _tiers_now() -> pd.Series:
    return vv.profit_tiers(customers()["profit"])


def _wallet_market() -> pd.Series:
    """The shares the teaching notebook prints (vv.wallet_vs_market over every account)."""
    table = accounts_table()
    return vv.wallet_vs_market(table["revenue"], table["annual_budget"])


def _printed(wrong, message: str) -> Mistake:
    """The answer is a number the teaching notebook prints as a whole percent: the value to
    one decimal place (as the question asks), or as printed."""

    def test(answer, expected) -> bool:
        shown = float(wrong())
        return is_number(answer) and (
            abs(float(answer) - shown) <= 0.05 + 1e-9 or float(answer) == round(shown))

    return Mistake(test, message)


q5 = Number(
    lambda: _tier_wallet(_tiers_now()),
    prompt=f"Do our best customers give us more of their budget? What is the mean share of "
    f"wallet of the paying customers in the {WALLET_TIER} profit tier this year? A "
    "percentage, to one decimal place.",
    unit="%",
    decimals=1,
    hints=[
        f"Take the Series of q4 and keep the customers that vv.profit_tiers(customers['profit'])"
        f" puts in '{WALLET_TIER}' (this year's tiers, not q3's).",
        "Its mean, times 100 for a percentage.",
    ],
    solution=(
        'tiers_now = vv.profit_tiers(customers["profit"])\n'
        'high_share = 100 * wallet_share[tiers_now == "high"].mean()\n'
    ),
    mistakes=[
        _printed(
            lambda: 100 * _wallet_market()["mean_share_of_wallet"],
            "That is the mean over every paying customer, the number the teaching notebook "
            f"prints. This question asks for the {WALLET_TIER}-tier customers only.",
        ),
        _printed(
            lambda: 100 * _wallet_market()["share_of_wallet"],
            "That is total revenue / total wallet of every paying customer, a number the "
            f"teaching notebook prints. Average the shares of the {WALLET_TIER}-tier "
            "customers only.",
        ),
        _printed(
            lambda: 100 * _wallet_market()["market_share"],
            "That is our market share (of the market we can see): revenue / the wallets of "
            "every account, prospects included."
            f" Share of wallet looks inside each customer of the {WALLET_TIER} tier.",
        ),
        near(
            lambda: 100 * _in_tier(_tiers_now())["revenue"].sum()
            / _in_tier(_tiers_now())["annual_budget"].sum(),
            f"That is total revenue / total wallet of the {WALLET_TIER} tier: its share as a "
            "whole, where the biggest wallets weigh most. The question asks for the average "
            "customer's share: the mean of the per-customer shares.",
            decimals=1,
        ),
        near(
            lambda: _tier_wallet(vv.profit_tiers(prev_customers()["profit"])),
            f"That takes the {WALLET_TIER} tier of {PREV_YEAR} (q3's tiers). This question is "
            f"about {YEAR}: vv.profit_tiers(customers['profit']).",
            decimals=1,
        ),
    ],
    explanation=f"A {WALLET_TIER}-tier customer gives us only a little more of its budget "
    "than the average paying customer, and the tier taken as a whole (its revenue / its "
    "wallets) gives us less than the average customer does: our best customers have the "
    "biggest budgets left to win, the first place to grow.",
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
        "Take the component with the lowest advantage: "
        "vv.compare_delivered_value(survey).loc[list(COMPONENTS), 'advantage'].idxmin() "
        "(list(COMPONENTS): pandas reads a tuple inside .loc as one key, not as several).",
    ],
    solution=(
        'value_table = vv.compare_delivered_value(survey)\n'
        'furthest_behind = value_table.loc[list(COMPONENTS), "advantage"].idxmin()\n'
    ),
    mistakes=[
        chose(_biggest_lead, "That is where we lead by the most; the question asks where "
               "we are furthest behind."),
        chose(_raw_min_gap, "That compares the raw scores. For a cost a lower score is "
               "better, so a cost we score lower on is a win for us: use 'advantage'."),
        chose(_value_behind, "We do trail on that value component, but another component "
               "has a bigger gap against us. Look at all eight, the costs included."),
    ],
)

def _weighted_gap(row: str) -> float:
    return float(weighted_survey_table().loc[row, "gap"])


q7 = Number(
    lambda: _weighted_gap("delivered_value"),
    prompt="A procurement-led purchase: the buying committee counts the price (money_cost) "
    "twice, every other component once. With those weights, how much higher is our "
    "delivered value than the competitor's (ours minus theirs), from the survey means? To "
    "two decimal places.",
    decimals=2,
    hints=[
        "Delivered value = total value (the four values) - total cost (the four costs), "
        "from each vendor's mean scores; here money_cost counts twice in the total cost.",
        "vv.compare_delivered_value(survey, weights={'money_cost': 2})"
        ".loc['delivered_value', 'gap'].",
    ],
    solution=(
        'value_table = vv.compare_delivered_value(survey, weights={"money_cost": 2})\n'
        'lead = value_table.loc["delivered_value", "gap"]\n'
    ),
    mistakes=[
        near(
            lambda: float(survey_table().loc["delivered_value", "gap"]),
            "That is the unweighted lead, the one the teaching notebook shows. Count "
            "money_cost twice: weights={'money_cost': 2}.",
            decimals=2,
        ),
        near(
            lambda: _weighted_gap("total_value"),
            "That is the difference in total value only; subtract each vendor's total cost "
            "first.",
            decimals=2,
        ),
        near(
            lambda: _weighted_gap("total_value") + _weighted_gap("total_cost"),
            "That adds the costs to the value. Delivered value is value MINUS cost.",
            decimals=2,
        ),
        near(
            lambda: float(vv.compare_delivered_value(
                sample()["value_survey"], weights=dict.fromkeys(COST_COMPONENTS, 2.0),
            ).loc["delivered_value", "gap"]),
            "That counts every cost twice; the committee counts only the price "
            "(money_cost) twice.",
            decimals=2,
        ),
    ],
    explanation="Counting the price twice cuts our lead by the money-cost gap, yet we stay "
    "ahead: the value story holds even for a price-led buyer, if we can show it.",
)

q8 = Number(
    _price,
    prompt=f"Price the AI Insights Assistant ({PRICE_PRODUCT}) on value, from the givens the "
    "notebook prints (`PRICE_REFERENCE`, `PRICE_GAINS`, `PRICE_EFFORT`, "
    "`PRICE_SHARE_TO_CUSTOMER`). What is the suggested value-based price, to the dollar?",
    unit="$",
    decimals=0,
    hints=[
        "Economic value (EVC) = the alternative's price + the gains - the extra costs. The "
        "premium is EVC - the alternative's price.",
        f"Suggested = alternative's price + (1 - {PRICE_SHARE_TO_CUSTOMER}) * premium; "
        f"vv.value_based_price_range({PRICE_REFERENCE:.0f}, {PRICE_GAINS!r}, "
        f"{PRICE_EFFORT!r}, share_to_customer={PRICE_SHARE_TO_CUSTOMER})"
        ".suggested gives it.",
    ],
    solution=(
        'price = vv.value_based_price_range(\n'
        '    PRICE_REFERENCE, PRICE_GAINS, PRICE_EFFORT,'
        ' share_to_customer=PRICE_SHARE_TO_CUSTOMER\n'
        ')\n'
        'value_price = price.suggested\n'
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
            lambda: _price(share_to_customer=0.5),
            "That leaves half of the premium to the customer: value_based_price_range's "
            f"default share_to_customer=0.5. The question leaves {PRICE_SHARE_TO_CUSTOMER:.0%}: "
            f"pass share_to_customer={PRICE_SHARE_TO_CUSTOMER}.",
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


# --------------------------------------------------------------------------- decision track
# Answered from the teaching notebook's tables, charts and interactives alone, through the
# answer widget (valuekit.exercises.answer_widget); each expected answer computed as the
# lesson computes what it shows.

#: dq2: the bridge's growth sources (the lesson's revenue bridge, rows that add revenue).
GROWTH_SOURCES = ["new_customers", "cross_sell", "more_use"]
#: dq3: the Pareto explorer's cut-off the question asks about (not its default 20 %).
DQ3_CUTOFF = 0.1
#: dq5: the value-price calculator's 'Alternative's price' the question asks about (the
#: lesson's Try it), every other slider at its default (wv.PRICE_EXAMPLE).
DQ5_REFERENCE = 150_000.0


@functools.cache
def bridge_table() -> pd.DataFrame:
    """The lesson's revenue bridge, :data:`PREV_YEAR` to :data:`YEAR`."""
    return vv.revenue_bridge(sample()["invoices"], (PREV_START, PREV_END), (START, END))


def growth_order() -> list[str]:
    """dq2: the growth sources, most revenue added first."""
    return list(bridge_table().loc[GROWTH_SOURCES, "revenue"].sort_values(
        ascending=False).index)


def pareto_share(column: str, cutoff: float) -> float:
    """dq3: the Pareto explorer's 'Their share of <column>' at ``cutoff``, in %."""
    return 100 * vv.top_share(customers()[column], top_pct=cutoff)


def advantage_pick(column: str = "advantage", largest: bool = True) -> str:
    """dq4: the component with the largest (or smallest) ``column`` in the lesson's table."""
    values = survey_table().loc[list(COMPONENTS), column]
    return str(values.idxmax() if largest else values.idxmin())


def calculator(reference_price: float = DQ5_REFERENCE) -> dict[str, float]:
    """dq5: the value-price calculator's readouts with 'Alternative's price' at
    ``reference_price`` and every other slider at its default."""
    from valuekit.widgets import value as wv  # the widget module imports ipywidgets

    ix = wv.value_price_calculator()
    ix.controls["reference_price"].value = reference_price
    return dict(ix.result.numbers)


#: dq1: points of the lesson's "two ways to market" table -> the side they belong to.
MARKETING_ITEMS = {
    "market share is the scorecard": "product marketing",
    "share of wallet is the scorecard": "value marketing",
    "a brand premium that protects the price": "value marketing",
    "transactional, deal by deal": "product marketing",
}
#: dq6: lines of the lesson's FABE example (Customer Data Platform) -> the letter.
FABE_ITEMS = {
    "one profile per customer across every channel": "feature",
    "no more reconciling five reports by hand": "advantage",
    "analysts get days back every month": "benefit",
    "a reference customer's numbers and a pilot": "evidence",
}

dq1 = Match(
    MARKETING_ITEMS,
    items=list(MARKETING_ITEMS),
    options=["product marketing", "value marketing"],
    prompt="Match each point to the way of marketing it belongs to: product marketing or "
    "value marketing.",
    hints=["Look at the table in section 1, 'Two ways to market': its Scorecard, Risk and "
           "Relationship rows.",
           "Value marketing starts from the customer: its scorecard is inside the customer, "
           "its relationship is built over years."],
    solution="Market share and deal-by-deal selling are product marketing; share of wallet "
    "and a brand premium that protects the price are value marketing.",
    mistakes=[
        Match.swapped(*list(MARKETING_ITEMS)[:2], "The scorecards are swapped: market share "
                      "looks across the market (product marketing); share of wallet looks "
                      "inside each customer (value marketing)."),
        Match.swapped(*list(MARKETING_ITEMS)[2:], "Risk and relationship are swapped: product "
                      "marketing sells deal by deal and ends in a price war; value marketing "
                      "earns a brand premium."),
    ],
)

dq2 = OptionOrder(
    growth_order,
    options=GROWTH_SOURCES,
    prompt="Rank the three sources of this year's revenue growth in the revenue bridge by the "
    "revenue they added, most first: new_customers, cross_sell, more_use.",
    hints=["Look at the revenue bridge (table and chart) in section 3: the green bars.",
           "Compare the 'revenue' column of the three rows, not the 'accounts' column."],
    solution="more_use > cross_sell > new_customers: most growth comes from customers we "
    "already have, using more and buying more products; new logos add the least.",
    mistakes=[
        OptionOrder.order_is(lambda: [r for r in bridge_table().index if r in GROWTH_SOURCES],
                         "That is the order the bridge lists them in, left to right; rank "
                         "them by the revenue each added: the longest green bar first."),
        OptionOrder.order_is(["new_customers", "more_use", "cross_sell"],
                         "New customers come last, not first: new logos add the least "
                         "revenue this year. Read the bars' lengths, not the order we hope for."),
    ],
)

dq3 = Number(
    lambda: pareto_share("profit", DQ3_CUTOFF),
    prompt=f"In the Pareto explorer set 'Top share of customers' to {DQ3_CUTOFF:.0%}. What "
    "share of the profit do they make? A percentage to one decimal place.",
    unit="%",
    decimals=1,
    hints=["Look at the Pareto explorer in section 4 once its slider is set.",
           "Read 'Their share of profit' (not the revenue line)."],
    solution="About three fifths: a tenth of the customers make about 60 % of the profit.",
    mistakes=[
        near(lambda: pareto_share("revenue", DQ3_CUTOFF), "That is their share of revenue; "
             "the question asks for profit: read 'Their share of profit'.", decimals=1),
        near(lambda: pareto_share("profit", 0.2), "That is at the default 20 %: move the "
             f"slider to {DQ3_CUTOFF:.0%} first.", decimals=1),
        near(lambda: pareto_share("revenue", 0.2), "That is the revenue share at the default "
             f"20 %: move the slider to {DQ3_CUTOFF:.0%} and read the profit line.",
             decimals=1),
    ],
)

dq4 = Choice(
    advantage_pick,
    options=list(COMPONENTS),
    prompt="In the delivered-value survey, on which of the eight components do we lead the "
    "competitor by most (largest advantage for us)?",
    hints=["Look at the survey table in section 6 (its 'advantage' column) or the component "
           "gap chart.",
           "Use 'advantage', not 'gap': for a cost, a higher score is worse for us."],
    solution="service_value: customers rate our support, training and consulting about 1.5 "
    "points above the competitor's.",
    mistakes=[
        chose(lambda: advantage_pick("gap"), "That has the largest gap, but it is a cost: "
              "we are MORE expensive, so it is where we trail most. Read 'advantage'."),
        chose(lambda: str(survey_table().loc[list(VALUE_COMPONENTS), "advantage"].idxmin()),
              "That is the value where the competitor leads (its bar points the other way); "
              "the question asks where we lead by most."),
        chose(lambda: survey_table().loc[list(COMPONENTS), "advantage"].nlargest(2).index[1],
              "That is our second-largest lead; one component is ahead of it."),
    ],
)

dq5 = Number(
    lambda: calculator()["Suggested value price"],
    prompt=f"In the value-price calculator set 'Alternative's price' to "
    f"${DQ5_REFERENCE:,.0f} (a premium competitor), every other slider as it starts. What "
    "is the suggested value price, in dollars?",
    unit="$",
    decimals=0,
    hints=["Look at the value-price calculator in section 8 once the slider is set.",
           "Read 'Suggested value price' (not the ceiling)."],
    solution="The ceiling rises with the alternative's price and the suggested price with it, "
    "keeping 30 % of the premium for the customer; cost-plus does not move at all.",
    mistakes=[
        Mistake.close_to(lambda: calculator()["Ceiling (customer's value)"], "That is the "
                         "ceiling, the customer's full economic value: the suggested price "
                         "leaves them part of the premium."),
        Mistake.close_to(lambda: calculator(wv_default_reference())["Suggested value price"],
                         "That is at the default alternative's price: move it to "
                         f"${DQ5_REFERENCE:,.0f} first."),
        Mistake.close_to(lambda: calculator()["Cost-plus price"], "That is the cost-plus "
                         "price: it starts from our cost and ignores the customer's value."),
    ],
)


def wv_default_reference() -> float:
    """dq5's named mistake: the calculator's default 'Alternative's price'."""
    from valuekit.widgets import value as wv

    return float(wv.PRICE_EXAMPLE["reference_price"])


dq6 = Match(
    FABE_ITEMS,
    items=list(FABE_ITEMS),
    options=["feature", "advantage", "benefit", "evidence"],
    prompt="Match each line of a Customer Data Platform pitch to its FABE letter.",
    hints=["Look at the FABE table in section 7: its 'Meaning' column.",
           "Feature: what it is; advantage: what it does better; benefit: what the customer "
           "gains; evidence: why they should believe it."],
    solution="Feature: one profile per customer; advantage: no reconciling by hand; benefit: "
    "analysts get days back; evidence: a reference customer's numbers and a pilot.",
    mistakes=[
        Match.swapped(*list(FABE_ITEMS)[:2], "Feature and advantage are swapped: the feature "
                      "is what it is (one profile); the advantage is what it does better."),
        Match.swapped(*list(FABE_ITEMS)[1:3], "Advantage and benefit are swapped: the "
                      "benefit is what the customer gains (days back), the advantage what "
                      "the product does better."),
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

register_questions(__name__)

__all__ = [
    "COMPONENTS",
    "END",
    "PRICE_PRODUCT",
    "START",
    "YEAR",
    "BIG_FISH_SHARE",
    "PREV_END",
    "PREV_START",
    "PREV_YEAR",
    "PROCUREMENT_WEIGHTS",
    "TOP_PCT",
    "WALLET_TIER",
    "accounts_table",
    "customers",
    "d1",
    "dq1",
    "dq2",
    "dq3",
    "dq4",
    "dq5",
    "dq6",
    "paying",
    "prev_accounts_table",
    "prev_customers",
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
    "weighted_survey_table",
]
