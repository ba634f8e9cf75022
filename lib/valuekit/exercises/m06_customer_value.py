"""Module 6 exercises: creating and communicating customer value.

Two tracks. The **decision track** (``dq1`` ... ``dq8``) is answered from the lesson's tables,
charts and interactives alone, through the answer widget
(:mod:`valuekit.exercises.answer_widget`): choose a law, a product, a channel; read a value
off a widget at given settings; match examples to value types; rank segments. The **analyst
track** (``q1`` ... ``q4``) asks in code for what the lesson does not print: another budget
split, one year's channel ROI, the win rate where features decided the loss by size band,
the industry (with enough respondents) where our risk advantage is largest. Every expected
answer is computed with :mod:`valuekit.value_creation` and the lesson helpers of
:mod:`valuekit.widgets.customer_value`, never typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from valuekit import value_creation as vcr
from valuekit.exercises import Choice, Discussion, Mistake, Number, SeriesAnswer, register_questions
from valuekit.exercises.decision import Match, OptionOrder
from valuekit.i18n import N_
from valuekit.widgets import customer_value as cv

LAW_NAMES = [law[1] for law in cv.LAWS]
CHANNELS = ["direct_mail", "email", "mass_media", "one_to_one", "phone", "seminar"]
MIN_DECIDED = 100  # dq2: deals decided between us and the competitor, for a fair rate
MIN_RESPONSES = 15  # q4: accounts that rated both vendors, for a fair mean
NOISE = 0.1  # dq7: the lesson reads differences under a tenth of a point as noise

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
    """dq2: the product with our best head-to-head record: the highest win rate where
    features decided the loss, among products with at least :data:`MIN_DECIDED` such
    decided deals. ``variant`` "with_price" ranks by the rate with the price losses counted
    too (the same product: the lesson says so and a test checks it); "any" (no minimum) or
    "most_wins" gives a named mistake's answer."""
    h = cv.head_to_head_by_product()
    if variant == "most_wins":
        return str(h.loc[h["won"].idxmax(), "product"])
    rate = "win_rate_with_price" if variant == "with_price" else "win_rate_on_features"
    if variant in ("right", "with_price"):
        h = h[h["won"] + h["lost_on_features"] >= MIN_DECIDED]
    return str(h.loc[h[rate].idxmax(), "product"])


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


def psychic_ties() -> list[tuple[str, ...]]:
    """dq7: neighbours in :func:`psychic_order` whose risk advantages differ by less than
    :data:`NOISE` (the lesson calls that noise): either order between them is right."""
    adv = cv.size_band_advantage()["psychic_cost"].sort_values(ascending=False)
    return [(a, b) for a, b in zip(adv.index[:-1], adv.index[1:], strict=True)
            if adv[a] - adv[b] < NOISE]


def surveyed_order() -> list[str]:
    """dq7's named mistake: size bands by the number of accounts surveyed, most first."""
    return list(cv.size_band_advantage()["responses"].sort_values(ascending=False).index)


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


def h2h_by_band(column: str = "win_rate_on_features") -> pd.Series:
    h = _band_h2h()
    if column == "competitor_share_of_losses":
        return (h["lost_on_features"] / h["lost"]).rename(column)
    return h[column]


def industry_advantage(min_responses: int = 0) -> pd.DataFrame:
    """q4: our advantage per industry, only industries where at least ``min_responses``
    accounts rated both vendors."""
    s = cv.sample_tables()
    industries = s["accounts"].set_index("account_id")["industry"]
    adv = vcr.value_advantage(s["value_survey"], industries)
    return adv[adv["responses"] >= min_responses]


def risk_industry(variant: str = "right") -> str:
    """q4's answer: the industry with our largest psychic-cost advantage among those with
    :data:`MIN_RESPONSES` respondents; a ``variant`` gives a named mistake's answer: "any"
    (no minimum), "service" (service value instead), "smallest" (idxmin)."""
    adv = industry_advantage(0 if variant == "any" else MIN_RESPONSES)
    if variant == "service":
        return str(adv["service_value"].idxmax())
    if variant == "smallest":
        return str(adv["psychic_cost"].idxmin())
    return str(adv["psychic_cost"].idxmax())


def _picked(wrong, message: str) -> Mistake:
    """A Choice answer equal to ``wrong()`` (and not the right answer): a named mistake
    whose wrong option is computed from the data."""
    def test(answer: Any, expected: Any) -> bool:
        return isinstance(answer, str) and answer.strip().lower() == str(
            wrong()).lower() != str(expected).lower()
    return Mistake(test, message)


def _series_like(wrong, message: str) -> Mistake:
    """A Series answer equal, label by label, to ``wrong()`` (within 0.1 %)."""
    def test(answer: Any, expected: Any) -> bool:
        other = wrong()
        return bool(np.allclose(answer.reindex(other.index).to_numpy(float),
                                other.to_numpy(float), rtol=1e-3))
    return Mistake(test, message)


# ------------------------------------------------------------------ decision track

#: The words module 6 shows as data, in the learner's language: the answer widget shows each
#: option through the module's catalog (the values stay these English words, which the
#: questions check), and the lesson's charts and number tables look their categories and
#: columns up here first. Marked here so that extraction puts them into this module's domain
#: (a size band's "medium" is 中型企业 here, not a value tier's 中).
OPTION_LABELS = (
    N_("leadership"), N_("category"), N_("mind"), N_("perception"), N_("focus"),
    N_("exclusivity"), N_("ladder"), N_("duality"), N_("opposite"), N_("candour"),
    N_("direct_mail"), N_("email"), N_("mass_media"), N_("one_to_one"), N_("phone"),
    N_("seminar"),
    N_("basic"), N_("attractive"), N_("everyday"), N_("emergency"), N_("explicit"),
    N_("hidden"),
    N_("small"), N_("medium"), N_("large"), N_("enterprise"),
    # the lesson's number tables (valuekit.widgets.customer_value.shown): columns, index
    # names and the loss reason they show
    N_("product_id"), N_("product"), N_("won"), N_("lost"), N_("lost_on_features"),
    N_("lost_on_price"), N_("win_rate"), N_("win_rate_on_features"),
    N_("win_rate_with_price"), N_("top_loss_reason"), N_("price"), N_("size_band"),
    N_("product_value"), N_("service_value"), N_("personnel_value"), N_("image_value"),
    N_("money_cost"), N_("time_cost"), N_("energy_cost"), N_("psychic_cost"),
    N_("responses"), N_("channel"), N_("contacts"), N_("cost"), N_("won_deals"),
    N_("margin"), N_("response_rate"), N_("cost_per_response"), N_("roi"), N_("tier"),
    N_("accounts"), N_("clv"), N_("share_of_value"),
)

dq1 = Choice(
    "opposite",
    options=LAW_NAMES,
    prompt=N_("The competitor was first in buyers' minds for customer data platforms, and it "
    "wins most of the deals decided between it and our Customer Data Platform. Which of the ten "
    "laws tells a number two to build its position against the leader's strength, from the "
    "other side, instead of claiming to be better?"),
    hints=[N_("Look at the laws table: read its 'the idea' column for the law about a number "
              "two."),
           N_("It takes its strategy from the leader (对立法则).")],
    solution=N_("The law of the opposite (Ries & Trout 1993, law 9): a number two takes its "
    "strategy from the leader and attacks its strength from the other side."),
    mistakes=[
        Mistake.chose("leadership", N_("Leadership says being first beats being better: it "
                      "explains why the competitor is ahead, not what a number two does.")),
        Mistake.chose("ladder", N_("The ladder tells you where you stand (second, here); the "
                      "law that says what a number two should do is another one.")),
        Mistake.chose("category", N_("Opening a new category is the way out when you cannot "
                      "lead this one; the question asks how to compete inside it as number "
                      "two.")),
        Mistake.chose("duality", N_("Duality says a market ends up a race between two: it "
                      "tells you to stay one of the two horses, not how the second one should "
                      "compete with the first.")),
    ],
)

dq2 = Choice(
    strongest_word,
    options=sorted(_product_names()),
    prompt=N_("Read the head-to-head table. Among the products with at least {min_decided} "
    "deals decided between us and the competitor (won + lost on features), which product has "
    "our best head-to-head record: the product whose word (focus law) we can most credibly "
    "claim?", min_decided=MIN_DECIDED),
    hints=[N_("Look at the head-to-head table's columns won, lost_on_features and "
              "win_rate_on_features."),
           N_("Add won and lost_on_features; drop the products under {min_decided}; of the "
              "rest, take the highest win_rate_on_features (win_rate_with_price agrees).",
              min_decided=MIN_DECIDED)],
    solution=N_("Data Integration Services: the AI Insights Assistant wins more often but on "
    "only 46 decided deals; the Customer Data Platform wins most deals but the fewest "
    "head-to-head. With the price losses counted too the order at the top is the same."),
    mistakes=[
        _picked(lambda: strongest_word("any"),
                N_("That product has the highest rate, but on fewer than {min_decided} decided "
                   "deals: too few to build a position on. Apply the minimum.",
                   min_decided=MIN_DECIDED)),
        _picked(lambda: strongest_word("most_wins"),
                N_("That product wins the most deals because it is offered most; against the "
                   "competitor it wins least often. Compare rates, not counts.")),
    ],
)

dq3 = Choice(
    lambda: str(_roi(1.0).index[0]),
    options=CHANNELS,
    prompt=N_("In the channel-ROI interactive with 'Full cost = campaigns ×' at 1, which "
    "channel pays back best (highest ROI)?"),
    hints=[N_("Look at the channel-ROI interactive with its slider at 1: its readouts and "
              "bars."),
           N_("Read 'Best channel', or find the longest bar.")],
    solution=N_("email: the cheapest channel per response, with enough won deals behind it."),
    mistakes=[
        Mistake.chose("one_to_one", N_("One-to-one has the highest response rate (module 3) "
                      "but also the highest cost: its ROI is the lowest. Response is not "
                      "return.")),
        Mistake.chose("mass_media", N_("Mass media brings the most responses, but few of them "
                      "become won deals: look at the ROI, not the count of responses.")),
        Mistake.chose("seminar", N_("Seminars come second: many won deals, but each response "
                      "costs over 200 times an email's. Compare the bars' lengths.")),
    ],
)

dq4 = Number(
    lambda: losing_channels(LOSS_SCALE),
    prompt=N_("Move 'Full cost = campaigns ×' to {scale:g} (sales time and travel count "
    "too). How many channels lose money (ROI below zero)?", scale=LOSS_SCALE),
    decimals=0,
    hints=[N_("Look at the channel-ROI interactive's readouts after moving the slider."),
           N_("Set the slider to exactly {scale:.1f} and read 'How many lose money'.",
              scale=LOSS_SCALE)],
    solution=N_("At 3 × the campaign cost only email and seminars still pay back."),
    mistakes=[
        Mistake.close_to(lambda: losing_channels(2.0), N_("That is the count at 2 ×; the "
                         "question asks at {scale:g} ×.", scale=LOSS_SCALE)),
        Mistake.close_to(lambda: losing_channels(1.0), N_("That is the count at the default "
                         "1 ×: move the slider to {scale:g} first.", scale=LOSS_SCALE)),
        Mistake.close_to(lambda: len(CHANNELS) - losing_channels(LOSS_SCALE),
                         N_("That is the number of channels that still pay back; the question "
                            "asks how many lose money.")),
        Mistake.close_to(lambda: losing_channels(LOSS_SCALE + 0.5),
                         N_("That is the count at {over:g} ×: one slider step too far. Set it "
                            "to exactly {scale:.1f}.", over=LOSS_SCALE + 0.5,
                            scale=LOSS_SCALE)),
    ],
)


def _near(answer: Any, expected: Any, whole: bool) -> bool:
    """dq5: within 1 % of the right amount but not on it; ``whole``: a whole $1,000 (another
    reading of the allocator), else not (the share of value times the budget, unrounded)."""
    try:
        a, e = float(answer), float(expected)
    except (TypeError, ValueError):
        return False
    return a != e and abs(a - e) <= 0.01 * abs(e) and (a % 1_000 == 0) == whole


dq5 = Number(
    lambda: high_tier_budget(DQ5_BUDGET, DQ5_WEIGHT),
    prompt=N_("In the budget allocator set the budget to ${budget:,.0f} and the weight on "
    "value to {weight:.0%}. How many dollars go to the high tier?", budget=DQ5_BUDGET,
    weight=DQ5_WEIGHT),
    unit="$", decimals=0,
    hints=[N_("Look at the budget allocator's readouts once both sliders are set."),
           N_("Read 'High tier' (the tier's total, not the per-account line).")],
    solution=N_("About 72 % of the lifetime value sits in the high tier, so it gets about 72 % "
    "of the budget, in whole $1,000s."),
    mistakes=[
        Mistake.close_to(lambda: high_tier_budget(DQ5_BUDGET, 0.5), N_("That is at the "
                         "default weight of 50 %: move 'Weight on value' to 100 %.")),
        Mistake.close_to(lambda: high_tier_budget(DQ5_BUDGET, 0.0), N_("That is at 0 %, the "
                         "same amount for every account: move 'Weight on value' to 100 %.")),
        Mistake.close_to(lambda: high_tier_budget(500_000, DQ5_WEIGHT), N_("That is for the "
                         "default $500,000: set the budget to ${budget:,.0f}.",
                         budget=DQ5_BUDGET)),
        Mistake.close_to(lambda: high_tier_budget(DQ5_BUDGET, 0.95), N_("That is at 95 %: the "
                         "slider stopped one step short. Move 'Weight on value' to 100 %.")),
        Mistake.close_to(lambda: high_tier_budget(DQ5_BUDGET, DQ5_WEIGHT)
                         / int(cv.tiers().loc["high", "accounts"]),
                         N_("That is per high-tier account; the question asks for the whole "
                            "tier: read 'High tier'.")),
        Mistake(lambda a, e: _near(a, e, whole=True), N_("Close, but not what the allocator "
                "shows at these settings: check both sliders and read 'High tier' again.")),
        Mistake(lambda a, e: _near(a, e, whole=False), N_("Close, but the allocator hands out "
                "whole $1,000s: the tier's share of value times the budget is not a whole "
                "$1,000, and the allocator rounds it (largest remainders, so the tiers still "
                "add up to the budget). Read 'High tier' off the interactive.")),
    ],
)

VALUE_ITEMS = {
    N_("accurate audience numbers, which every supplier must deliver"): "basic",
    N_("an AI assistant that writes the weekly insight summary"): "attractive",
    N_("the two-hour fix when a data feed breaks the night before the board meeting"):
        "emergency",
    N_("data-quality checks nobody notices until a wrong number reaches the board"): "hidden",
}
dq6 = Match(
    VALUE_ITEMS,
    items=list(VALUE_ITEMS),
    options=["basic", "attractive", "everyday", "emergency", "explicit", "hidden"],
    prompt=N_("Match each thing we deliver to the value type (deck 003's pairs) it shows best."),
    hints=[N_("Look at the value-pairs table: its 'meaning' column."),
           N_("Basic: what every supplier must have; attractive: what makes a buyer choose us. "
              "Emergency value helps at a critical moment; hidden value is noticed only when "
              "it is missing.")],
    solution=N_("basic, attractive, emergency, hidden (the value-pairs table)."),
    mistakes=[
        Match.swapped(*list(VALUE_ITEMS)[:2], N_("Basic and attractive are swapped: accurate "
                      "numbers are what every supplier must deliver (no one chooses us for "
                      "them); the assistant is what makes a buyer choose us.")),
        Match.swapped(*list(VALUE_ITEMS)[2:], N_("Emergency and hidden are swapped: the fix is "
                      "help at a critical moment (emergency); the checks work unseen until "
                      "something goes wrong (hidden).")),
    ],
)

dq7 = OptionOrder(
    psychic_order,
    options=cv.SIZE_BANDS,
    ties=psychic_ties,
    prompt=N_("Deck 000 suggests that for a large firm we mean lower risk. Rank the size bands "
    "by our advantage over the competitor on psychic cost (worry and risk; the value-advantage "
    "interactive), largest first. Two bands within a tenth of a point of each other may go "
    "in either order (the lesson reads such a difference as noise)."),
    hints=[N_("Look at the value-advantage interactive: switch its size band and note "
              "'Psychic cost (risk) advantage' each time."),
           N_("Or read the psychic_cost column of the size-band table.")],
    solution=N_("enterprise first, small last; medium (+0.90) and large (+0.88) differ by "
    "noise, so either order between them is right. Our risk lead is largest where the deck "
    "suggests risk matters most, which fits."),
    mistakes=[
        OptionOrder.order_is(lambda: psychic_order("service_value"), N_("That is the order of our "
                         "service-value advantage; the question asks about psychic cost.")),
        OptionOrder.order_is(surveyed_order, N_("That is the order of the number of accounts "
                         "surveyed; the question asks about the psychic-cost advantage.")),
    ],
)

#: dq8: the word a vendor could own, by the survey component behind it.
WORDS = {N_("lower price"): "money_cost", N_("better service"): "service_value",
         N_("lower risk"): "psychic_cost", N_("stronger brand image"): "image_value",
         N_("better product"): "product_value"}


def competitor_word(rank: int = 0) -> str:
    """dq8: the word whose component the competitor leads by most (mean advantage over the
    size bands, most negative first); ``rank`` 1 gives the runner-up (a named mistake)."""
    adv = cv.size_band_advantage()[list(WORDS.values())].mean().sort_values()
    component = adv.index[rank]
    return next(word for word, c in WORDS.items() if c == component)


dq8 = Choice(
    competitor_word,
    options=list(WORDS),
    prompt=N_("Exclusivity: two companies cannot own the same word. Going by the "
    "value-advantage interactive (or the size-band table), which word does the competitor own, "
    "i.e. where is its lead over us largest in every size band?"),
    hints=[N_("Look at the value-advantage interactive's red bars (where the competitor is "
              "ahead) in each size band: which is the longest?"),
           N_("money cost is the price the customer pays; image value the brand.")],
    solution=N_("'lower price': the competitor's lead on money cost (1.2 to 2.0 points) is far "
    "larger than on image (0.3 to 0.6). We should not fight for 'cheaper'; we own service and "
    "lower risk."),
    mistakes=[
        Mistake(lambda a, e: isinstance(a, str) and a.strip().lower() == competitor_word(1)
                != str(e), N_("The competitor is ahead on image too, but by much less than on "
                "money cost: compare the lengths of the red bars.")),
        Mistake.chose("better service", N_("Service is where WE lead, in every size band: that "
                      "is our word, not the competitor's.")),
        Mistake.chose("lower risk", N_("Lower risk (psychic cost) is ours too: we lead there in "
                      "every band, most with enterprises.")),
    ],
)

# ------------------------------------------------------------------ analyst track

q1 = Number(
    medium_per_account,
    prompt=N_("Split ${budget:,.0f} across the value tiers with a weight on value of "
    "{weight:.0%} (vcr.tier_budget on cv.tiers()). How many dollars does each account of the "
    "medium tier get? Whole dollars.", budget=Q1_BUDGET, weight=Q1_WEIGHT),
    unit="$", decimals=0,
    hints=[N_("vcr.tier_budget returns one row per tier; run vcr.tier_budget? to see its "
              "parameters and columns."),
           N_("split = vcr.tier_budget(cv.tiers(), 1_200_000, 0.75); then the medium row of the "
              "per-account column.")],
    solution="split = vcr.tier_budget(cv.tiers(), 1_200_000, 0.75)\n"
             "answer = split.loc['medium', 'budget_per_account']",
    mistakes=[
        Mistake.close_to(lambda: medium_per_account(per_account=False), N_("That is the medium "
                         "tier's whole budget: divide by its number of accounts.")),
        Mistake.close_to(lambda: medium_per_account(weight=1 - Q1_WEIGHT), N_("That puts 25 % "
                         "on value and 75 % on accounts: value_weight is the weight on value, "
                         "0.75.")),
    ],
)

q2 = SeriesAnswer(
    roi_2025,
    prompt=N_("Marketing ROI per channel in {year} only (touches dated and deals closed in "
    "{year}, full cost = 1 × campaigns). A Series indexed by channel.", year=Q2_YEAR),
    rel_tol=1e-6,
    hints=[N_("vcr.channel_roi has a years parameter: run vcr.channel_roi? to see it."),
           N_("vcr.channel_roi(s['campaign_touches'], s['opportunities'], s['products'], 1.0, "
              "years=2025), then its ROI column.")],
    solution="roi = vcr.channel_roi(s['campaign_touches'], s['opportunities'], s['products'], "
             "1.0, years=(2025,))\n"
             "answer = roi['roi']",
    mistakes=[
        _series_like(lambda: roi_2025("all_years"), N_("Those are the lesson's figures for "
                     "2023-2025: pass years=(2025,).")),
        _series_like(lambda: roi_2025("ratio"), N_("Those are margin / cost; ROI is (margin − "
                     "cost) / cost: subtract 1.")),
    ],
)

q3 = SeriesAnswer(
    h2h_by_band,
    prompt=N_("The lesson computed the win rate where features decided the loss per product. "
    "Compute it per size band of the account: won / (won + lost on features). A Series "
    "indexed by size band."),
    hints=[N_("vcr.head_to_head's by= takes a Series aligned with the opportunities: build one "
              "from the accounts table's size_band."),
           N_("bands = s['accounts'].set_index('account_id')['size_band']; pass "
              "opps['account_id'].map(bands) as by, then take win_rate_on_features.")],
    solution="bands = s['accounts'].set_index('account_id')['size_band']\n"
             "opps = s['opportunities']\n"
             "h = vcr.head_to_head(opps, opps['account_id'].map(bands).rename('size_band'))\n"
             "answer = h['win_rate_on_features']",
    mistakes=[
        _series_like(lambda: h2h_by_band("win_rate"), N_("Those are the overall win rates, "
                     "won / (won + all lost); count only the losses on features.")),
        _series_like(lambda: h2h_by_band("competitor_share_of_losses"), N_("Those are the "
                     "shares of losses that were lost on features; the question asks won / "
                     "(won + lost on features).")),
    ],
)

q4 = Choice(
    risk_industry,
    options=["retail", "manufacturing", "finance", "healthcare", "telecom", "public_sector",
             "media", "logistics"],
    prompt=N_("Among the industries where at least {min_responses} accounts rated both vendors "
    "(the column responses), in which is our advantage on psychic cost (competitor's score "
    "minus ours) largest? Use vcr.value_advantage with the accounts' industry.",
    min_responses=MIN_RESPONSES),
    hints=[N_("vcr.value_advantage takes the survey and any account_id -> segment Series "
              "(run vcr.value_advantage? to see): use the accounts table's industry column."),
           N_("industries = s['accounts'].set_index('account_id')['industry']; keep the rows "
              "with responses >= {min_responses}, then look at the psychic_cost column.",
              min_responses=MIN_RESPONSES)],
    solution="industries = s['accounts'].set_index('account_id')['industry']\n"
             "adv = vcr.value_advantage(s['value_survey'], industries)\n"
             f"adv = adv[adv['responses'] >= {MIN_RESPONSES}]\n"
             "answer = adv['psychic_cost'].idxmax()",
    mistakes=[
        _picked(lambda: risk_industry("any"),
                N_("That industry has the largest advantage, but fewer than {min_responses} "
                   "accounts answered there: too few for a mean to trust. Apply the minimum.",
                   min_responses=MIN_RESPONSES)),
        _picked(lambda: risk_industry("service"),
                N_("That is where our service-value advantage is largest; the question asks "
                   "about psychic cost.")),
        _picked(lambda: risk_industry("smallest"),
                N_("That is where our psychic-cost advantage is SMALLEST: psychic cost is a "
                   "cost, lower is better, so the advantage is the competitor's score minus "
                   "ours; take the largest.")),
    ],
)

d1 = Discussion(
    N_("Think of the last complaint one of your accounts made. How was it handled, and did the "
    "account renew? Which level of ties (financial, social, structural) does that account "
    "have with us, and which step of relationship marketing (select, assign, plan, follow "
    "up) did we skip?"),
    N_("Deck 002's chart compares how often customers buy again who never complained, who "
    "complained and were left unsatisfied, and whose complaint was resolved to their "
    "satisfaction (its copy keeps the labels, not the numbers); the labels suggest, and "
    "TARP's studies as Kotler reports them found, that the handling decides whether they buy "
    "again. Ask each group for one "
    "real case and its outcome; then push from price concessions (financial ties, easily "
    "copied) to a named owner and a follow-up plan (steps 2 to 4) and, for the best "
    "accounts, structural ties. Close with one complaint-handling rule the team adopts."),
    minutes=15,
)

register_questions(__name__)
