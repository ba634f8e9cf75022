"""Module 6 exercises: creating and communicating customer value.

Two tracks. The **decision track** (``dq1`` ... ``dq8``) is answered from the lesson's tables,
charts and interactives alone, through the answer widget
(:mod:`valuekit.exercises.answer_widget`): choose a law, a product, a channel; read a value
off a widget at given settings; match examples to value types; rank segments. The **analyst
track** (``q1`` ... ``q4``) asks in code for what the lesson does not print: another budget
split, one year's channel ROI, the head-to-head win rate by size band, the industry where
our risk advantage is largest. Every expected answer is computed with
:mod:`valuekit.value_creation` and the lesson helpers of
:mod:`valuekit.widgets.customer_value`, never typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from valuekit import value_creation as vcr
from valuekit.exercises import Choice, Discussion, Mistake, Number, SeriesAnswer, register
from valuekit.exercises.decision import Match, Ranking
from valuekit.widgets import customer_value as cv

LAW_NAMES = [law[1] for law in cv.LAWS]
CHANNELS = ["direct_mail", "email", "mass_media", "one_to_one", "phone", "seminar"]
MIN_DECIDED = 100  # dq2: deals decided between us and the competitor, for a fair rate

# dq4 / dq5: the widget settings the questions ask about (not the widgets' defaults)
LOSS_SCALE = 3.0
DQ5_BUDGET, DQ5_WEIGHT = 800_000, 1.0
# q1: a split the lesson does not show
Q1_BUDGET, Q1_WEIGHT = 1_200_000, 0.75
Q2_YEAR = 2025


# ------------------------------------------------------------------ helpers (answers)

def _product_names() -> pd.Series:
    return cv.sample_tables()["products"].set_index("product_id")["product_name"]


def strongest_word(variant: str = "right") -> str:
    """dq2: the product with our highest win rate against the competitor among those with at
    least :data:`MIN_DECIDED` decided deals. ``variant`` "any" (no minimum) or "most_wins"
    gives a named mistake's answer."""
    h = cv.head_to_head_by_product()
    if variant == "most_wins":
        return str(h.loc[h["won"].idxmax(), "product"])
    if variant == "right":
        h = h[h["won"] + h["lost_to_competitor"] >= MIN_DECIDED]
    return str(h.loc[h["win_rate_vs_competitor"].idxmax(), "product"])


def _roi(cost_scale: float = 1.0, years=None) -> pd.DataFrame:
    s = cv.sample_tables()
    return vcr.channel_roi(s["campaign_touches"], s["opportunities"], s["products"],
                           cost_scale, years)


def losing_channels(cost_scale: float) -> int:
    return int((_roi(cost_scale)["roi"] < 0).sum())


def high_tier_budget(budget: float, weight: float) -> float:
    return float(vcr.tier_budget(cv.tiers(), budget, weight).loc["high", "budget"])


def psychic_order(component: str = "psychic_cost") -> list[str]:
    """dq7: size bands by our advantage on ``component``, largest first."""
    return list(cv.size_band_advantage()[component].sort_values(ascending=False).index)


def medium_per_account(weight: float = Q1_WEIGHT, per_account: bool = True) -> float:
    split = vcr.tier_budget(cv.tiers(), Q1_BUDGET, weight)
    return float(split.loc["medium", "budget_per_account" if per_account else "budget"])


def roi_2025(variant: str = "right") -> pd.Series:
    """q2's answer; ``variant`` "all_years" (the lesson's) or "ratio" (margin / cost, no
    minus one) gives a named mistake's."""
    if variant == "all_years":
        return _roi()["roi"]
    roi = _roi(years=(Q2_YEAR,))
    if variant == "ratio":
        return (roi["margin"] / roi["cost"]).rename("roi")
    return roi["roi"]


def _band_h2h() -> pd.DataFrame:
    s = cv.sample_tables()
    bands = s["accounts"].set_index("account_id")["size_band"]
    opps = s["opportunities"]
    return vcr.head_to_head(opps, opps["account_id"].map(bands).rename("size_band"))


def h2h_by_band(column: str = "win_rate_vs_competitor") -> pd.Series:
    h = _band_h2h()
    if column == "competitor_share_of_losses":
        return (h["lost_to_competitor"] / h["lost"]).rename(column)
    return h[column]


def industry_advantage() -> pd.DataFrame:
    s = cv.sample_tables()
    industries = s["accounts"].set_index("account_id")["industry"]
    return vcr.value_advantage(s["value_survey"], industries)


def _series_like(wrong, message: str) -> Mistake:
    """A Series answer equal, label by label, to ``wrong()`` (within 0.1 %)."""
    def test(answer: Any, expected: Any) -> bool:
        other = wrong()
        return bool(np.allclose(answer.reindex(other.index).to_numpy(float),
                                other.to_numpy(float), rtol=1e-3))
    return Mistake(test, message)


# ------------------------------------------------------------------ decision track

dq1 = Choice(
    "opposite",
    options=LAW_NAMES,
    prompt="The competitor was first in buyers' minds for customer data platforms, and it wins "
    "most deals decided between it and our Customer Data Platform (the head-to-head chart). "
    "Which of the ten laws tells a number two to build its position against the leader's "
    "strength, from the other side, instead of claiming to be better?",
    hints=["Look at the 'the idea' column of the laws table: which law is about the number two?",
           "It takes its strategy from the leader (对立法则)."],
    solution="The law of the opposite (Ries & Trout 1993, law 9): a number two takes its "
    "strategy from the leader and attacks its strength from the other side.",
    mistakes=[
        Mistake.chose("leadership", "Leadership says being first beats being better: it "
                      "explains why the competitor is ahead, not what a number two does."),
        Mistake.chose("ladder", "The ladder tells you where you stand (second, here); the "
                      "law that says what a number two should do is another one."),
        Mistake.chose("category", "Opening a new category is the way out when you cannot lead "
                      "this one; the question asks how to compete inside it as number two."),
    ],
)

dq2 = Choice(
    strongest_word,
    options=sorted(_product_names()),
    prompt=f"Read the head-to-head table. Among the products with at least {MIN_DECIDED} deals "
    "decided between us and the competitor (won + lost to the competitor), which has our "
    "highest win rate against the competitor: the product whose word (focus law) we can "
    "most credibly claim?",
    hints=["Add the columns won and lost_to_competitor; drop the products under 100.",
           "Of the rest, take the highest win_rate_vs_competitor."],
    solution="Data Integration Services: the AI Insights Assistant wins more often but on "
    "only 46 decided deals; the Customer Data Platform wins most deals but the fewest "
    "head-to-head.",
    mistakes=[
        Mistake(lambda a, e: isinstance(a, str) and a.strip().lower()
                == strongest_word("any").lower() != str(e).lower(),
                "That product has the highest rate, but on fewer than 100 decided deals: too "
                "few to build a position on. Apply the minimum."),
        Mistake(lambda a, e: isinstance(a, str) and a.strip().lower()
                == strongest_word("most_wins").lower() != str(e).lower(),
                "That product wins the most deals because it is offered most; against the "
                "competitor it wins least often. Compare rates, not counts."),
    ],
)

dq3 = Choice(
    lambda: str(_roi(1.0).index[0]),
    options=CHANNELS,
    prompt="In the channel-ROI interactive with 'Full cost = campaigns ×' at 1, which channel "
    "pays back best (highest ROI)?",
    hints=["Read 'Best channel' in the interactive, or the longest bar."],
    solution="email: the cheapest channel per response, with enough won deals behind it.",
    mistakes=[
        Mistake.chose("one_to_one", "One-to-one has the highest response rate (module 3) but "
                      "also the highest cost: its ROI is the lowest. Response is not return."),
        Mistake.chose("mass_media", "Mass media brings the most responses, but few of them "
                      "become won deals: look at the ROI, not the count of responses."),
    ],
)

dq4 = Number(
    lambda: losing_channels(LOSS_SCALE),
    prompt=f"Move 'Full cost = campaigns ×' to {LOSS_SCALE:g} (sales time and travel count "
    "too). How many channels lose money (ROI below zero)?",
    decimals=0,
    hints=["Read 'How many lose money' in the interactive after moving the slider.",
           f"Set the slider to exactly {LOSS_SCALE:.1f}."],
    solution="At 3 × the campaign cost only email and seminars still pay back.",
    mistakes=[
        Mistake.close_to(lambda: losing_channels(2.0), "That is the count at 2 ×; the question "
                         f"asks at {LOSS_SCALE:g} ×."),
        Mistake.close_to(lambda: losing_channels(1.0), "That is the count at the default 1 ×: "
                         f"move the slider to {LOSS_SCALE:g} first."),
        Mistake.close_to(lambda: len(CHANNELS) - losing_channels(LOSS_SCALE),
                         "That is the number of channels that still pay back; the question "
                         "asks how many lose money."),
    ],
)

dq5 = Number(
    lambda: high_tier_budget(DQ5_BUDGET, DQ5_WEIGHT),
    prompt=f"In the budget allocator set the budget to ${DQ5_BUDGET:,.0f} and the weight on "
    f"value to {DQ5_WEIGHT:.0%}. How many dollars go to the high tier?",
    unit="$", decimals=0,
    hints=["Read 'High tier' in the interactive.",
           "At 100 % the budget follows each tier's share of lifetime value."],
    solution="About 72 % of the lifetime value sits in the high tier, so it gets about 72 % "
    "of the budget, in whole $1,000s.",
    mistakes=[
        Mistake.close_to(lambda: high_tier_budget(DQ5_BUDGET, 0.5), "That is at the default "
                         "weight of 50 %: move 'Weight on value' to 100 %."),
        Mistake.close_to(lambda: high_tier_budget(DQ5_BUDGET, 0.0), "That is at 0 %, the same "
                         "amount for every account: move 'Weight on value' to 100 %."),
        Mistake.close_to(lambda: high_tier_budget(500_000, DQ5_WEIGHT), "That is for the "
                         f"default $500,000: set the budget to ${DQ5_BUDGET:,.0f}."),
    ],
)

VALUE_ITEMS = {
    "accurate audience numbers, which every supplier must deliver": "basic",
    "an AI assistant that writes the weekly insight summary": "attractive",
    "the two-hour fix when a data feed breaks the night before the board meeting": "emergency",
    "data-quality checks nobody notices until a wrong number reaches the board": "hidden",
}
dq6 = Match(
    VALUE_ITEMS,
    items=list(VALUE_ITEMS),
    options=["basic", "attractive", "everyday", "emergency", "explicit", "hidden"],
    prompt="Match each thing we deliver to the value type (deck 003's pairs) it shows best.",
    hints=["Basic: what every supplier must have; attractive: what makes a buyer choose us.",
           "Emergency value helps at a critical moment; hidden value is noticed only when it "
           "is missing."],
    solution="basic, attractive, emergency, hidden (the value-pairs table).",
    mistakes=[
        Match.swapped(*list(VALUE_ITEMS)[:2], "Basic and attractive are swapped: accurate "
                      "numbers are what every supplier must deliver (no one chooses us for "
                      "them); the assistant is what makes a buyer choose us."),
        Match.swapped(*list(VALUE_ITEMS)[2:], "Emergency and hidden are swapped: the fix is "
                      "help at a critical moment (emergency); the checks work unseen until "
                      "something goes wrong (hidden)."),
    ],
)

dq7 = Ranking(
    psychic_order,
    options=cv.SIZE_BANDS,
    prompt="Deck 000 says a large firm buys lower risk. Rank the size bands by our advantage "
    "over the competitor on psychic cost (worry and risk; the value-advantage interactive), "
    "largest first.",
    hints=["Switch the interactive's size band and note 'Psychic cost (risk) advantage'.",
           "Or read the psychic_cost column of the size-band table."],
    solution="enterprise > medium > large > small: our risk advantage is largest where the "
    "deck says risk matters most, though medium and large are close.",
    mistakes=[
        Ranking.order_is(["enterprise", "large", "medium", "small"], "That is the order of "
                         "size, not of the advantage: the survey puts medium just ahead of "
                         "large."),
        Ranking.order_is(lambda: psychic_order("service_value"), "That is the order of our "
                         "service-value advantage; the question asks about psychic cost."),
    ],
)

#: dq8: the word a vendor could own, by the survey component behind it.
WORDS = {"lower price": "money_cost", "better service": "service_value",
         "lower risk": "psychic_cost", "stronger brand image": "image_value",
         "better product": "product_value"}


def competitor_word(rank: int = 0) -> str:
    """dq8: the word whose component the competitor leads by most (mean advantage over the
    size bands, most negative first); ``rank`` 1 gives the runner-up (a named mistake)."""
    adv = cv.size_band_advantage()[list(WORDS.values())].mean().sort_values()
    component = adv.index[rank]
    return next(word for word, c in WORDS.items() if c == component)


dq8 = Choice(
    competitor_word,
    options=list(WORDS),
    prompt="Exclusivity: two companies cannot own the same word. Going by the value-advantage "
    "interactive (or the size-band table), which word does the competitor own, i.e. where is "
    "its lead over us largest in every size band?",
    hints=["Red bars are where the competitor is ahead. Which is the longest red bar?",
           "money cost is the price the customer pays; image value the brand."],
    solution="'lower price': the competitor's lead on money cost (1.2 to 2.0 points) is far "
    "larger than on image (0.3 to 0.6). We should not fight for 'cheaper'; we own service and "
    "lower risk.",
    mistakes=[
        Mistake(lambda a, e: isinstance(a, str) and a.strip().lower() == competitor_word(1)
                != str(e), "The competitor is ahead on image too, but by much less than on "
                "money cost: compare the lengths of the red bars."),
        Mistake.chose("better service", "Service is where WE lead, in every size band: that is "
                      "our word, not the competitor's."),
        Mistake.chose("lower risk", "Lower risk (psychic cost) is ours too: we lead there in "
                      "every band, most with enterprises."),
    ],
)

# ------------------------------------------------------------------ analyst track

q1 = Number(
    medium_per_account,
    prompt=f"Split ${Q1_BUDGET:,.0f} across the value tiers with a weight on value of "
    f"{Q1_WEIGHT:.0%} (vcr.tier_budget on cv.tiers()). How many dollars does each account of "
    "the medium tier get? Whole dollars.",
    unit="$", decimals=0,
    hints=["split = vcr.tier_budget(cv.tiers(), 1_200_000, 0.75)",
           "split.loc['medium', 'budget_per_account']"],
    solution="split = vcr.tier_budget(cv.tiers(), 1_200_000, 0.75)\n"
             "answer = split.loc['medium', 'budget_per_account']",
    mistakes=[
        Mistake.close_to(lambda: medium_per_account(per_account=False), "That is the medium "
                         "tier's whole budget: divide by its number of accounts."),
        Mistake.close_to(lambda: medium_per_account(weight=1 - Q1_WEIGHT), "That puts 25 % on "
                         "value and 75 % on accounts: value_weight is the weight on value, "
                         "0.75."),
    ],
)

q2 = SeriesAnswer(
    roi_2025,
    prompt=f"Marketing ROI per channel in {Q2_YEAR} only (touches dated and deals closed in "
    f"{Q2_YEAR}, full cost = 1 × campaigns). A Series indexed by channel.",
    rel_tol=1e-6,
    hints=["vcr.channel_roi(s['campaign_touches'], s['opportunities'], s['products'], 1.0, "
           "years=(2025,))",
           "Take its 'roi' column."],
    solution=(
        'roi = vcr.channel_roi(s["campaign_touches"], s["opportunities"], s["products"], 1.0,\n'
        '                      years=(2025,))\n'
        'answer = roi["roi"]\n'
    ),
    mistakes=[
        _series_like(lambda: roi_2025("all_years"), "Those are the lesson's figures for "
                     "2023-2025: pass years=(2025,)."),
        _series_like(lambda: roi_2025("ratio"), "Those are margin / cost; ROI is (margin − "
                     "cost) / cost: subtract 1."),
    ],
)

q3 = SeriesAnswer(
    h2h_by_band,
    prompt="The lesson computed the win rate against the competitor per product. Compute it "
    "per size band of the account: won / (won + lost to the competitor). A Series indexed "
    "by size band.",
    hints=["Map each opportunity's account_id to its size_band (the accounts table).",
           "vcr.head_to_head(opps, opps['account_id'].map(bands))['win_rate_vs_competitor']"],
    solution=(
        'bands = s["accounts"].set_index("account_id")["size_band"]\n'
        'opps = s["opportunities"]\n'
        'h = vcr.head_to_head(opps, opps["account_id"].map(bands))\n'
        'answer = h["win_rate_vs_competitor"]\n'
    ),
    mistakes=[
        _series_like(lambda: h2h_by_band("win_rate"), "Those are the overall win rates, won / "
                     "(won + all lost); count only the losses to the competitor."),
        _series_like(lambda: h2h_by_band("competitor_share_of_losses"), "Those are the shares "
                     "of losses that went to the competitor; the question asks won / (won + "
                     "lost to the competitor)."),
    ],
)

q4 = Choice(
    lambda: str(industry_advantage()["psychic_cost"].idxmax()),
    options=["retail", "manufacturing", "finance", "healthcare", "telecom", "public_sector",
             "media", "logistics"],
    prompt="In which industry is our advantage on psychic cost (competitor's score minus ours) "
    "largest? Use vcr.value_advantage with the accounts' industry.",
    hints=["industries = s['accounts'].set_index('account_id')['industry']",
           "vcr.value_advantage(s['value_survey'], industries)['psychic_cost'].idxmax()"],
    solution=(
        'industries = s["accounts"].set_index("account_id")["industry"]\n'
        'adv = vcr.value_advantage(s["value_survey"], industries)\n'
        'answer = adv["psychic_cost"].idxmax()\n'
    ),
    mistakes=[
        Mistake(lambda a, e: isinstance(a, str) and a.strip().lower() == str(
            industry_advantage()["service_value"].idxmax()) != str(e),
            "That is where our service-value advantage is largest; the question asks about "
            "psychic cost."),
        Mistake(lambda a, e: isinstance(a, str) and a.strip().lower() == str(
            industry_advantage()["psychic_cost"].idxmin()) != str(e),
            "That is where our psychic-cost advantage is SMALLEST: psychic cost is a cost, "
            "lower is better, so the advantage is the competitor's score minus ours; take the "
            "largest."),
    ],
)

d1 = Discussion(
    "Think of the last complaint one of your accounts made. How was it handled, and did the "
    "account renew? Which level of ties (financial, social, structural) does that account "
    "have with us, and which step of relationship marketing (select, assign, plan, follow "
    "up) did we skip?",
    "Deck 002 links complaint handling to repurchase: it compares customers who never "
    "complained, who complained and were left unsatisfied, and whose complaint was resolved "
    "to their satisfaction; the handling decides whether they buy again. Ask each group for one "
    "real case and its outcome; then push from price concessions (financial ties, easily "
    "copied) to a named owner and a follow-up plan (steps 2 to 4) and, for the best "
    "accounts, structural ties. Close with one complaint-handling rule the team adopts.",
    minutes=15,
)

register(__name__)
