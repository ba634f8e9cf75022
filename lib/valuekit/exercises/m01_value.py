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
from valuekit.i18n import N_, Amount
from valuekit.schema import COST_COMPONENTS, SAMPLE_AS_OF, VALUE_COMPONENTS

#: The year analysed: the sample's last full year.
YEAR = pd.Timestamp(SAMPLE_AS_OF).year
START, END = f"{YEAR}-01-01", f"{YEAR}-12-31"
COMPONENTS = (*VALUE_COMPONENTS, *COST_COMPONENTS)

#: The pricing question (q8): the AI Insights Assistant priced for one customer for a year.
#: List price and gross margin come from the sample; the rest are the question's givens.
PRICE_PRODUCT = "P07"
PRICE_REFERENCE = 24_000.0  # a competitor's AI assistant licence: the next-best alternative
PRICE_GAINS = {N_("analyst hours saved"): 15_000.0, N_("faster insight"): 6_000.0}
PRICE_EFFORT = {N_("change and training effort"): 3_000.0}
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
    prompt=N_("What percentage of this year's revenue comes from the top {top_label} of the "
              "customer base (`customers`)? Count the top {top_label} as {top_label} of the "
              "customers rounded UP to a whole customer. A percentage, to one decimal place.",
              top_label=TOP_LABEL),
    unit="%",
    decimals=1,
    hints=[
        N_("Rank the customers by revenue, biggest first, and take the first {top_label} of "
           "them: vv.top_count(len(customers), {top_pct:g}) customers (the count rounded "
           "up).",
           top_label=TOP_LABEL, top_pct=TOP_PCT),
        N_("vv.top_share(customers['revenue'], top_pct={top_pct:g}) gives their share as a "
           "fraction: multiply by 100.",
           top_pct=TOP_PCT),
    ],
    solution=f"answer = 100 * vv.top_share(customers['revenue'], top_pct={TOP_PCT:g})",
    mistakes=[
        # Checked first: one customer fewer is within the built-in "rounding slip" band,
        # which would blame the rounding of the result rather than of the count.
        near(
            lambda: 100 * vv.top_share(customers()["revenue"], top_k=_count_rounded_down()),
            N_("That takes {top_label} of the customers rounded DOWN to a whole customer. The "
               "question rounds the count up (vv.top_count): the customer who is partly in the "
               "top {top_label} counts.",
               top_label=TOP_LABEL),
            decimals=1,
        ),
        near(
            lambda: 100 * vv.top_share(customers()["revenue"], top_pct=0.2),
            N_("That is the top 20 %'s share, the number the teaching notebook prints. This "
               "question asks for the top {top_label}.",
               top_label=TOP_LABEL),
            decimals=1,
        ),
        near(
            lambda: 100 * vv.top_share(paying()["revenue"], top_pct=TOP_PCT),
            N_("That is the top {top_label} of the customers who paid this year only. The "
               "question's base is the whole customer base, lapsed customers included: use "
               "`customers`.",
               top_label=TOP_LABEL),
            decimals=1,
        ),
        near(
            lambda: 100 * vv.top_share(accounts_table()["revenue"], top_pct=TOP_PCT),
            N_("That counts every account, prospects included: {top_label} of all accounts is "
               "more accounts than {top_label} of the customers. Use `customers`.",
               top_label=TOP_LABEL),
            decimals=1,
        ),
        near(
            lambda: 100 * vv.top_share(customers()["profit"], top_pct=TOP_PCT),
            N_("That is the top {top_label}'s share of profit; the question asks for revenue.",
               top_label=TOP_LABEL),
            decimals=1,
        ),
    ],
    explanation=N_("A tenth of the customers bring about three fifths of the revenue, and the "
    "top fifth about four fifths (the teaching notebook): the concentration is steep."),
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
    prompt=N_("The big fish: in the source deck the top 30 customers made 80 % of sales. How "
              "many of our customers, ranked by this year's revenue, does it take to make "
              "{big_fish_share:.0%} of the revenue? (a whole number of customers)",
              big_fish_share=BIG_FISH_SHARE),
    decimals=0,
    hints=[
        N_("Sort the customers by revenue, biggest first, and add up until you reach 80 % of "
        "the total revenue; count the customer who takes the total past 80 % too."),
        N_("vv.customers_for_share(customers['revenue'], {big_fish_share:g}) does exactly "
           "that.",
           big_fish_share=BIG_FISH_SHARE),
    ],
    solution=(
        'big_fish = vv.customers_for_share(customers["revenue"], 0.8)\n'
    ),
    mistakes=[
        Mistake.close_to(
            lambda: vv.customers_for_share(customers()["profit"], BIG_FISH_SHARE),
            N_("That ranks the customers by profit, as the teaching notebook does. This question "
            "is about sales: rank them by revenue."),
            rel_tol=1e-9,
        ),
        # The off-by-one mistakes come before the top-20 % one: in this data 20 % of the
        # customers (268) is also one short of the profit answer (269), and a learner who
        # counted one short should be told so.
        Mistake(
            _off_by_one,
            N_("One customer short: that counts the customers whose running total is still "
            "below 80 %. Include the customer whose revenue takes the total past 80 % (the "
            "first with a cumulative share >= 0.8)."),
        ),
        Mistake.close_to(
            lambda: vv.customers_for_share(customers()["profit"], BIG_FISH_SHARE) - 1,
            N_("Two slips: that ranks by profit (rank by revenue) and stops one customer short "
            "(include the customer who takes the total past 80 %)."),
            rel_tol=1e-9,
        ),
        Mistake(
            lambda a, e: any(abs(float(a) - c) < 1e-9 for c in _top_20_counts()),
            N_("That is 20 % of the customers: the 80/20 rule assumed rather than counted. Add "
            "up the revenue, biggest customer first, until it reaches 80 %."),
        ),
        Mistake(
            lambda a, e: 0 < float(a) < 1,
            N_("That looks like a share. The question asks for a number of customers."),
        ),
    ],
    explanation=N_("A few hundred customers, not thirty: a fixed count from another business "
    "does not transfer. Compare shares of customers instead (the top 20 % make about 80 % "
    "here too)."),
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
    prompt=N_("Tiers move from year to year. How many customers fell in each profit tier (high, "
    "medium, low, none) in `YEAR - 1`, the year before? The customer base of `YEAR - 1` is "
    "every account that had bought from us by the end of `YEAR - 1`, ranked by its "
    "profit in `YEAR - 1`. A Series indexed by tier."),
    hints=[
        N_("Build the {prev_year} table as the setup cell builds this year's: "
           "vv.account_value(sample['invoices'], sample['accounts'], '{prev_start}', "
           "'{prev_end}'), then keep the rows where its own 'customer' column is True.",
           prev_year=PREV_YEAR, prev_start=PREV_START, prev_end=PREV_END),
        N_("With that table called last: vv.profit_tiers(last[last['customer']]['profit'])"
        ".value_counts(), then order the index as high, medium, low, none "
        "(.reindex(['high', 'medium', 'low', 'none']))."),
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
            N_("That is {year}'s tier table, the numbers the teaching notebook prints. This "
               "question asks for {prev_year}: build that year's table with "
               "vv.account_value(..., '{prev_start}', '{prev_end}').",
               year=YEAR, prev_year=PREV_YEAR, prev_start=PREV_START, prev_end=PREV_END),
        ),
        _same_counts(
            lambda: prev_accounts_table().loc[customers().index],
            N_("That ranks {year}'s customers by their {prev_year} profit, so the customers won "
               "in {year} land in 'none'. The {prev_year} base is the accounts that had bought "
               "by the end of {prev_year}: filter on the {prev_year} table's own 'customer' "
               "column.",
               year=YEAR, prev_year=PREV_YEAR),
        ),
        _same_counts(
            prev_accounts_table,
            N_("That counts every account, prospects included, so 'none' holds accounts that "
            "never bought from us. Keep the customers: last[last['customer']]."),
        ),
        _same_counts(
            _prev_paying,
            N_("Those are the tiers of the customers who paid in {prev_year} only, so nobody is "
               "in 'none'. The customer base includes customers who bought nothing that year.",
               prev_year=PREV_YEAR),
        ),
    ],
    explanation=N_("Compare with {year}'s table in the teaching notebook: the base has grown "
                   "since, and every tier with it, yet fewer than one customer in ten carries "
                   "half the profit in both years. Tiers move: recompute them every year before "
                   "you assign owners and plan coverage.",
                   year=YEAR),
)

q4 = SeriesAnswer(
    lambda: (paying()["revenue"] / paying()["annual_budget"]).rename("share_of_wallet"),
    prompt=N_("Share of wallet of every paying customer: this year's revenue / annual_budget, as a "
    "fraction. A Series indexed by account_id."),
    hints=[
        N_("Keep the customers with revenue > 0: paying = customers[customers['revenue'] > 0]."),
        N_("Then divide: paying['revenue'] / paying['annual_budget']."),
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
    prompt=N_("Do our best customers give us more of their budget? What is the mean share of "
              "wallet of the paying customers in the {wallet_tier} profit tier this year? A "
              "percentage, to one decimal place.",
              wallet_tier=WALLET_TIER),
    unit="%",
    decimals=1,
    hints=[
        N_("Take the Series of q4 and keep the customers that "
           "vv.profit_tiers(customers['profit']) puts in {tier_code} (this year's "
           "tiers, not q3's).",
           tier_code=repr(WALLET_TIER)),
        N_("Its mean, times 100 for a percentage."),
    ],
    solution=(
        'tiers_now = vv.profit_tiers(customers["profit"])\n'
        'high_share = 100 * wallet_share[tiers_now == "high"].mean()\n'
    ),
    mistakes=[
        _printed(
            lambda: 100 * _wallet_market()["mean_share_of_wallet"],
            N_("That is the mean over every paying customer, the number the teaching notebook "
               "prints. This question asks for the {wallet_tier}-tier customers only.",
               wallet_tier=WALLET_TIER),
        ),
        _printed(
            lambda: 100 * _wallet_market()["share_of_wallet"],
            N_("That is total revenue / total wallet of every paying customer, a number the "
               "teaching notebook prints. Average the shares of the {wallet_tier}-tier "
               "customers only.",
               wallet_tier=WALLET_TIER),
        ),
        _printed(
            lambda: 100 * _wallet_market()["market_share"],
            N_("That is our market share (of the market we can see): revenue / the wallets of "
               "every account, prospects included. Share of wallet looks inside each customer "
               "of the {wallet_tier} tier.",
               wallet_tier=WALLET_TIER),
        ),
        near(
            lambda: 100 * _in_tier(_tiers_now())["revenue"].sum()
            / _in_tier(_tiers_now())["annual_budget"].sum(),
            N_("That is total revenue / total wallet of the {wallet_tier} tier: its share as a "
               "whole, where the biggest wallets weigh most. The question asks for the average "
               "customer's share: the mean of the per-customer shares.",
               wallet_tier=WALLET_TIER),
            decimals=1,
        ),
        near(
            lambda: _tier_wallet(vv.profit_tiers(prev_customers()["profit"])),
            N_("That takes the {wallet_tier} tier of {prev_year} (q3's tiers). This question is "
               "about {year}: vv.profit_tiers(customers['profit']).",
               wallet_tier=WALLET_TIER, prev_year=PREV_YEAR, year=YEAR),
            decimals=1,
        ),
    ],
    explanation=N_("A {wallet_tier}-tier customer gives us only a little more of its budget than "
                   "the average paying customer, and the tier taken as a whole (its revenue / its "
                   "wallets) gives us less than the average customer does: our best customers have "
                   "the biggest budgets left to win, the first place to grow.",
                   wallet_tier=WALLET_TIER),
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
    prompt=N_("On which of the eight components of the value survey is our gap to the "
    "competitor biggest against us? (the component's column name)"),
    hints=[
        N_("vv.compare_delivered_value(survey) has a column 'advantage': positive where we "
        "win, negative where we lose (for a cost, a lower score is a win)."),
        N_("Take the component with the lowest advantage: "
        "vv.compare_delivered_value(survey).loc[list(COMPONENTS), 'advantage'].idxmin() "
        "(list(COMPONENTS): pandas reads a tuple inside .loc as one key, not as several)."),
    ],
    solution=(
        'value_table = vv.compare_delivered_value(survey)\n'
        'furthest_behind = value_table.loc[list(COMPONENTS), "advantage"].idxmin()\n'
    ),
    mistakes=[
        chose(_biggest_lead, N_("That is where we lead by the most; the question asks where "
               "we are furthest behind.")),
        chose(_raw_min_gap, N_("That compares the raw scores. For a cost a lower score is "
               "better, so a cost we score lower on is a win for us: use 'advantage'.")),
        chose(_value_behind, N_("We do trail on that value component, but another component "
               "has a bigger gap against us. Look at all eight, the costs included.")),
    ],
)

def _weighted_gap(row: str) -> float:
    return float(weighted_survey_table().loc[row, "gap"])


q7 = Number(
    lambda: _weighted_gap("delivered_value"),
    prompt=N_("A procurement-led purchase: the buying committee counts the price (money_cost) "
    "twice, every other component once. With those weights, how much higher is our "
    "delivered value than the competitor's (ours minus theirs), from the survey means? To "
    "two decimal places."),
    decimals=2,
    hints=[
        N_("Delivered value = total value (the four values) - total cost (the four costs), "
        "from each vendor's mean scores; here money_cost counts twice in the total cost."),
        N_("vv.compare_delivered_value(survey, weights={'money_cost': 2})"
        ".loc['delivered_value', 'gap']."),
    ],
    solution=(
        'value_table = vv.compare_delivered_value(survey, weights={"money_cost": 2})\n'
        'lead = value_table.loc["delivered_value", "gap"]\n'
    ),
    mistakes=[
        near(
            lambda: float(survey_table().loc["delivered_value", "gap"]),
            N_("That is the unweighted lead, the one the teaching notebook shows. Count "
            "money_cost twice: weights={'money_cost': 2}."),
            decimals=2,
        ),
        near(
            lambda: _weighted_gap("total_value"),
            N_("That is the difference in total value only; subtract each vendor's total cost "
            "first."),
            decimals=2,
        ),
        near(
            lambda: _weighted_gap("total_value") + _weighted_gap("total_cost"),
            N_("That adds the costs to the value. Delivered value is value MINUS cost."),
            decimals=2,
        ),
        near(
            lambda: float(vv.compare_delivered_value(
                sample()["value_survey"], weights=dict.fromkeys(COST_COMPONENTS, 2.0),
            ).loc["delivered_value", "gap"]),
            N_("That counts every cost twice; the committee counts only the price "
            "(money_cost) twice."),
            decimals=2,
        ),
    ],
    explanation=N_("Counting the price twice cuts our lead by the money-cost gap, yet we stay "
    "ahead: the value story holds even for a price-led buyer, if we can show it."),
)

q8 = Number(
    _price,
    prompt=N_("Price the AI Insights Assistant ({price_product}) on value, from the givens the "
              "notebook prints (`PRICE_REFERENCE`, `PRICE_GAINS`, `PRICE_EFFORT`, "
              "`PRICE_SHARE_TO_CUSTOMER`). What is the suggested value-based price, to the "
              "dollar?",
              price_product=PRICE_PRODUCT),
    unit="$",
    decimals=0,
    hints=[
        N_("Economic value (EVC) = the alternative's price + the gains - the extra costs. The "
        "premium is EVC - the alternative's price."),
        N_("Suggested = alternative's price + (1 - {price_share_to_customer}) * premium; "
           "vv.value_based_price_range({price_reference:.0f}, {price_gains!r}, "
           "{price_effort!r}, share_to_customer={price_share_to_customer}).suggested gives "
           "it.",
           price_share_to_customer=PRICE_SHARE_TO_CUSTOMER, price_reference=PRICE_REFERENCE,
           price_gains=PRICE_GAINS, price_effort=PRICE_EFFORT),
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
            N_("That is the cost-plus price: it starts from our cost and ignores what the "
            "product is worth to the customer."),
        ),
        Mistake.close_to(
            lambda: vv.economic_value(PRICE_REFERENCE, PRICE_GAINS, PRICE_EFFORT),
            N_("That is the ceiling: the full economic value. At that price the customer gains "
            "nothing by switching; leave them their share of the premium."),
        ),
        Mistake.close_to(
            lambda: _price(share_to_customer=1 - PRICE_SHARE_TO_CUSTOMER),
            N_("That keeps {price_share_to_customer:.0%} of the premium for us; the question "
               "leaves {price_share_to_customer:.0%} to the customer, so we keep the rest.",
               price_share_to_customer=PRICE_SHARE_TO_CUSTOMER),
        ),
        Mistake.close_to(
            lambda: _price(share_to_customer=0.5),
            N_("That leaves half of the premium to the customer: value_based_price_range's "
               "default share_to_customer=0.5. The question leaves "
               "{price_share_to_customer:.0%}: pass share_to_customer={price_share_to_customer}.",
               price_share_to_customer=PRICE_SHARE_TO_CUSTOMER),
        ),
        Mistake.close_to(
            lambda: _price(negative_differentiation=0.0),
            N_("You left out the customer's extra effort: it lowers the value of our product to "
            "them (negative differentiation)."),
        ),
        Mistake.close_to(
            lambda: _product("list_price"),
            N_("That is today's list price, not a price worked out from the customer's value."),
        ),
    ],
)


# --------------------------------------------------------------------------- decision track
# Answered from the teaching notebook's tables, charts and interactives alone, through the
# answer widget (valuekit.exercises.answer_widget); each expected answer computed as the
# lesson computes what it shows.

#: dq2: the bridge's growth sources (the lesson's revenue bridge, rows that add revenue).
GROWTH_SOURCES = [N_("new_customers"), N_("cross_sell"), N_("more_use")]
#: dq4: the survey's components as the answer widget shows them (the options stay the
#: column names; their labels come from the catalog, as the lesson's table shows them).
COMPONENT_NAMES = (N_("product_value"), N_("service_value"), N_("personnel_value"),
                   N_("image_value"), N_("money_cost"), N_("time_cost"), N_("energy_cost"),
                   N_("psychic_cost"))
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
    N_("market share is the scorecard"): N_("product marketing"),
    N_("share of wallet is the scorecard"): N_("value marketing"),
    N_("a brand premium that protects the price"): N_("value marketing"),
    N_("transactional, deal by deal"): N_("product marketing"),
}
#: dq6: lines of the lesson's FABE example (Customer Data Platform) -> the letter.
FABE_ITEMS = {
    N_("one profile per customer across every channel"): N_("feature"),
    N_("no more reconciling five reports by hand"): N_("advantage"),
    N_("analysts get days back every month"): N_("benefit"),
    N_("a reference customer's numbers and a pilot"): N_("evidence"),
}

dq1 = Match(
    MARKETING_ITEMS,
    items=list(MARKETING_ITEMS),
    options=[N_("product marketing"), N_("value marketing")],
    prompt=N_("Match each point to the way of marketing it belongs to: product marketing or "
    "value marketing."),
    hints=[N_("Look at the table in section 1, 'Two ways to market': its Scorecard, Risk and "
           "Relationship rows."),
           N_("Value marketing starts from the customer: its scorecard is inside the customer, "
           "its relationship is built over years.")],
    solution=N_("Market share and deal-by-deal selling are product marketing; share of wallet "
    "and a brand premium that protects the price are value marketing."),
    mistakes=[
        Match.swapped(*list(MARKETING_ITEMS)[:2], N_("The scorecards are swapped: market share "
                      "looks across the market (product marketing); share of wallet looks "
                      "inside each customer (value marketing).")),
        Match.swapped(*list(MARKETING_ITEMS)[2:], N_("Risk and relationship are swapped: product "
                      "marketing sells deal by deal and ends in a price war; value marketing "
                      "earns a brand premium.")),
    ],
)

dq2 = OptionOrder(
    growth_order,
    options=GROWTH_SOURCES,
    prompt=N_("Rank the three sources of this year's revenue growth in the revenue bridge by the "
    "revenue they added, most first: new_customers, cross_sell, more_use."),
    hints=[N_("Look at the revenue bridge (table and chart) in section 3: the green bars."),
           N_("Compare the 'revenue' column of the three rows, not the 'accounts' column.")],
    solution=N_("more_use > cross_sell > new_customers: most growth comes from customers we "
    "already have, using more and buying more products; new logos add the least."),
    mistakes=[
        OptionOrder.order_is(lambda: [r for r in bridge_table().index if r in GROWTH_SOURCES],
                         N_("That is the order the bridge lists them in, left to right; rank "
                         "them by the revenue each added: the longest green bar first.")),
        OptionOrder.order_is(["new_customers", "more_use", "cross_sell"],
                         N_("New customers come last, not first: new logos add the least "
                         "revenue this year. Read the bars' lengths, not the order we hope for.")),
    ],
)

dq3 = Number(
    lambda: pareto_share("profit", DQ3_CUTOFF),
    prompt=N_("In the Pareto explorer set 'Top share of customers' to {dq3_cutoff:.0%}. What "
              "share of the profit do they make? A percentage to one decimal place.",
              dq3_cutoff=DQ3_CUTOFF),
    unit="%",
    decimals=1,
    hints=[N_("Look at the Pareto explorer in section 4 once its slider is set."),
           N_("Read 'Their share of profit' (not the revenue line).")],
    solution=N_("About three fifths: a tenth of the customers make about 60 % of the profit."),
    mistakes=[
        near(lambda: pareto_share("revenue", DQ3_CUTOFF), N_("That is their share of revenue; "
             "the question asks for profit: read 'Their share of profit'."), decimals=1),
        near(lambda: pareto_share("profit", 0.2),
             N_("That is at the default 20 %: move the slider to {dq3_cutoff:.0%} first.",
                dq3_cutoff=DQ3_CUTOFF), decimals=1),
        near(lambda: pareto_share("revenue", 0.2),
             N_("That is the revenue share at the default 20 %: move the slider to "
                "{dq3_cutoff:.0%} and read the profit line.", dq3_cutoff=DQ3_CUTOFF),
             decimals=1),
    ],
)

dq4 = Choice(
    advantage_pick,
    options=list(COMPONENTS),
    prompt=N_("In the delivered-value survey, on which of the eight components do we lead the "
    "competitor by most (largest advantage for us)?"),
    hints=[N_("Look at the survey table in section 6 (its 'advantage' column) or the component "
           "gap chart."),
           N_("Use 'advantage', not 'gap': for a cost, a higher score is worse for us.")],
    solution=N_("service_value: customers rate our support, training and consulting about 1.5 "
    "points above the competitor's."),
    mistakes=[
        chose(lambda: advantage_pick("gap"), N_("That has the largest gap, but it is a cost: "
              "we are MORE expensive, so it is where we trail most. Read 'advantage'.")),
        chose(lambda: str(survey_table().loc[list(VALUE_COMPONENTS), "advantage"].idxmin()),
              N_("That is the value where the competitor leads (its bar points the other way); "
              "the question asks where we lead by most.")),
        chose(lambda: survey_table().loc[list(COMPONENTS), "advantage"].nlargest(2).index[1],
              N_("That is our second-largest lead; one component is ahead of it.")),
    ],
)

dq5 = Number(
    lambda: calculator()["Suggested value price"],
    prompt=N_("In the value-price calculator set 'Alternative's price' to "
              "${dq5_reference:,.0f} (a premium competitor), every other slider as it starts. "
              "What is the suggested value price, in dollars?",
              dq5_reference=Amount(DQ5_REFERENCE)),
    unit="$",
    decimals=0,
    hints=[N_("Look at the value-price calculator in section 8 once the slider is set."),
           N_("Read 'Suggested value price' (not the ceiling).")],
    solution=N_("The ceiling rises with the alternative's price and the suggested price with it, "
    "keeping 30 % of the premium for the customer; cost-plus does not move at all."),
    mistakes=[
        Mistake.close_to(lambda: calculator()["Ceiling (customer's value)"], N_("That is the "
                         "ceiling, the customer's full economic value: the suggested price "
                         "leaves them part of the premium.")),
        Mistake.close_to(lambda: calculator(wv_default_reference())["Suggested value price"],
                         N_("That is at the default alternative's price: move it to "
                            "${dq5_reference:,.0f} first.",
                            dq5_reference=Amount(DQ5_REFERENCE))),
        Mistake.close_to(lambda: calculator()["Cost-plus price"], N_("That is the cost-plus "
                         "price: it starts from our cost and ignores the customer's value.")),
    ],
)


def wv_default_reference() -> float:
    """dq5's named mistake: the calculator's default 'Alternative's price'."""
    from valuekit.widgets import value as wv

    return float(wv.PRICE_EXAMPLE["reference_price"])


dq6 = Match(
    FABE_ITEMS,
    items=list(FABE_ITEMS),
    options=[N_("feature"), N_("advantage"), N_("benefit"), N_("evidence")],
    prompt=N_("Match each line of a Customer Data Platform pitch to its FABE letter."),
    hints=[N_("Look at the FABE table in section 7: its 'Meaning' column."),
           N_("Feature: what it is; advantage: what it does better; benefit: what the customer "
           "gains; evidence: why they should believe it.")],
    solution=N_("Feature: one profile per customer; advantage: no reconciling by hand; benefit: "
    "analysts get days back; evidence: a reference customer's numbers and a pilot."),
    mistakes=[
        Match.swapped(*list(FABE_ITEMS)[:2], N_("Feature and advantage are swapped: the feature "
                      "is what it is (one profile); the advantage is what it does better.")),
        Match.swapped(*list(FABE_ITEMS)[1:3], N_("Advantage and benefit are swapped: the "
                      "benefit is what the customer gains (days back), the advantage what "
                      "the product does better.")),
    ],
)


d1 = Discussion(
    N_("Think of your own accounts. Which are big fish with a small share of wallet, and what "
    "would it take to win more of their budget? Which low-value customers could become "
    "higher-value ones, as the airline turns lounge access into a paid upgrade?"),
    N_("Give pairs 5 minutes, then collect on the board: (1) two or three 'big wallet, small "
    "share' accounts with the value we could add there (cross-sell, a new use, a service "
    "level); (2) one low-value group and the offer that could move it up (a paid tier, "
    "self-service, a bundle). Push back on answers that are only discounts: value marketing "
    "grows what the customer gets, not what they pay less. Close by linking to q3 and its "
    "follow-up (last year's tiers): the big fish of the high tier deserve named owners and "
    "account plans; the 'none' tier deserves a win-back call."),
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
