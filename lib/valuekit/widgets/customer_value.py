"""Module 6 (creating and communicating customer value): the lesson's tables and its three
interactives.

Sources, in the kit's own words (never the decks' sentences):

- deck 003, "customer value creation" (common B2B marketing training material): Ries &
  Trout's 22 laws of marketing (*The 22 Immutable Laws of Marketing*, 1993), the paired
  value types of "22 customer value creation rules" (basic vs attractive is Kano's 1984
  must-be vs attractive quality), the core business processes of the value chain (Kotler,
  via deck 003), an energy-software maker's case (which the kit reads as value engineering,
  after L. D. Miles; the deck does not use the term), a sales force's value for employees,
  and Sam Walton's "the customer is the only boss" (from its customer-value deck);
- Porter, *Competitive Advantage* (1985): the value chain's primary and support activities;
- deck 000 (value marketing): value differs by customer type (a large firm buys lower risk,
  a young one growth) and by decision maker; the buying centre's seven roles are those of
  Kotler's *Marketing Management* (after Webster & Wind 1972);
- deck 002 (marketing training): the steps of relationship marketing, its three levels of
  ties (Berry & Parasuraman 1991, as Kotler teaches them), complaints and repurchase;
- deck 004: the ten customer-centric marketing processes (the copy the kit was built from
  breaks off after the seventh).

Interactives (pure function + registered builder, as in every module):

- :func:`budget_allocator` / ``m06.budget_allocator``: a fixed budget across value tiers
  (:func:`valuekit.value_creation.tier_budget`).
- :func:`channel_roi_view` / ``m06.channel_roi``: marketing ROI per channel
  (:func:`valuekit.value_creation.channel_roi`).
- :func:`advantage_view` / ``m06.value_advantage``: where we are ahead of the competitor,
  per size band (:func:`valuekit.value_creation.value_advantage`).
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from valuekit import value_creation as vcr
from valuekit.charts import adoption as ca
from valuekit.charts import customer_value as charts
from valuekit.i18n import N_, MoneyFormat, _, language, shown_table
from valuekit.widgets import Dropdown, Interactive, Outcome, Slider, money_slider, register_builder
from valuekit.widgets import clv as wc

__all__ = [
    "FORMATS", "LAWS", "SIZE_BANDS", "advantage_view", "advantage_widget", "budget_allocator",
    "budget_allocator_widget", "buying_centre", "channel_roi_table", "channel_roi_view",
    "channel_roi_widget",
    "head_to_head_by_product", "laws", "processes", "relationship_steps", "sample_tables",
    "shown",
    "size_band_advantage", "tiers", "ties", "value_chain", "value_pairs",
]

SIZE_BANDS = ["small", "medium", "large", "enterprise"]

#: Whole dollars: ``$576,000`` in English, ``US$57.6万`` in Chinese (a format string that
#: writes the language shown when the table is drawn: :class:`valuekit.i18n.MoneyFormat`).
_DOLLARS = MoneyFormat("${:,.0f}")

#: Table formats for ``.style.format`` on a projector.
FORMATS: dict[str, str] = {
    "won": "{:,.0f}", "lost": "{:,.0f}", "lost_on_features": "{:,.0f}",
    "lost_on_price": "{:,.0f}", "win_rate": "{:.1%}", "win_rate_on_features": "{:.1%}",
    "win_rate_with_price": "{:.1%}", "contacts": "{:,.0f}",
    "responses": "{:,.0f}", "cost": _DOLLARS, "won_deals": "{:,.0f}", "margin": _DOLLARS,
    "response_rate": "{:.1%}", "cost_per_response": _DOLLARS, "roi": "{:+.0%}",
    "accounts": "{:,.0f}", "clv": _DOLLARS, "share_of_value": "{:.1%}",
    "share_of_accounts": "{:.1%}", "budget": _DOLLARS, "budget_per_account": _DOLLARS,
    "product_value": "{:+.2f}", "service_value": "{:+.2f}", "personnel_value": "{:+.2f}",
    "image_value": "{:+.2f}", "money_cost": "{:+.2f}", "time_cost": "{:+.2f}",
    "energy_cost": "{:+.2f}", "psychic_cost": "{:+.2f}",
}


@functools.cache
def sample_tables() -> dict[str, pd.DataFrame]:
    """The sample tables this module uses, loaded once per kernel."""
    from valuekit import data

    return data.load(tables=["accounts", "products", "opportunities", "campaign_touches",
                             "value_survey"])


# --------------------------------------------------------------------------- lesson tables

#: Ten of Ries & Trout's 22 laws (1993) that matter in B2B, as deck 003 lists them:
#: (number, name, Chinese name, the idea in the kit's words, what it asks of our company).
LAWS: list[tuple[int, str, str, str, str]] = [
    (1, "leadership", "领先法则", N_("being first beats being better"),
     N_("where we were first into a category, say so; where we were not, see the next law")),
    (2, "category", "类别法则", N_("if you cannot be first in a category, open a new one"),
     N_("an AI assistant for marketing analytics is a category we can open")),
    (3, "mind", "观念法则", N_("first in the customer's mind beats first on the market"),
     N_("the buying centre must remember us before the tender, not after")),
    (4, "perception", "认知法则", N_("marketing is a battle of perceptions, not of products"),
     N_("the survey's image score, not our feature list, is what buyers compare")),
    (5, "focus", "聚焦法则", N_("own one simple word in the prospect's mind"),
     N_("pick the word the data supports (service? low risk?), not 'best'")),
    (6, "exclusivity", "专有法则", N_("two companies cannot own the same word"),
     N_("do not claim the word the competitor already owns")),
    (7, "ladder", "阶梯法则", N_("strategy depends on your rung on the category's ladder"),
     N_("on the kit's proxy (won vs lost on features), under half means number two")),
    (8, "duality", "二元法则", N_("in the long run a market becomes a two-horse race"),
     N_("our market has one main rival: be one of the two horses in each category")),
    (9, "opposite", "对立法则", N_("a number two takes its strategy from the leader"),
     N_("attack the leader's strength from the opposite side, do not imitate it")),
    (15, "candour", "坦诚法则", N_("admit a weakness and the buyer grants you a strength"),
     N_("'we are not the cheapest; here is what the price buys you'")),
]

#: Six of the pairs of deck 003's "22 customer value creation rules" (its examples come from a
#: mobile operator): (pair, Chinese, what it means, an example in our business: the kit's
#: reading).
VALUE_PAIRS: list[tuple[str, str, str, str]] = [
    ("short-term vs long-term", "短期价值 / 长期价值",
     N_("a benefit now vs one that builds up over the years"),
     N_("a campaign report this quarter vs years of comparable history")),
    ("basic vs attractive", "基本价值 / 吸引价值",
     N_("what every supplier must deliver vs what makes a customer choose us (Kano 1984)"),
     N_("accurate audience numbers vs the AI Insights Assistant")),
    ("complex vs core", "复杂价值 / 核心价值",
     N_("a bundle of many benefits vs the one need a segment buys for"),
     N_("'a full data platform' vs 'one view of every customer'")),
    ("explicit vs hidden", "显性价值 / 隐性价值",
     N_("value the customer sees vs value it notices only when it is missing"),
     N_("dashboards vs data quality checks that stop a wrong board report")),
    ("everyday vs emergency", "日常价值 / 突发价值",
     N_("routine use vs help at a critical moment"),
     N_("weekly reporting vs the two-hour fix when a data feed breaks")),
    ("individual vs group", "个人价值 / 群体价值",
     N_("value for one person vs for a team or a whole company"),
     N_("an analyst's time saved vs one set of numbers for every department")),
]


def _lesson_table(rows: list[tuple], columns: list[str], index: str,
                  chinese: str | None = None) -> pd.DataFrame:
    """A lesson table of words, indexed by ``index``. In English, the rows as they are. In
    another language, every text cell and column name through the catalogs and, when the
    table has a Chinese-name column ``chinese``, that column replaces the English names of
    the index (numbers and the Chinese names pass through unchanged)."""
    frame = pd.DataFrame(rows, columns=columns)
    if language() != "en":
        if chinese is not None:
            frame[index] = frame.pop(chinese)
        frame = frame.map(lambda v: _(v) if isinstance(v, str) else v)
        frame.columns = [_(c) for c in frame.columns]
        index = _(index)
    return frame.set_index(index)


def laws() -> pd.DataFrame:
    """:data:`LAWS` as a table, indexed by law (in Chinese: by the law's Chinese name)."""
    return _lesson_table(LAWS, [N_("no."), N_("law"), "中文", N_("the idea"), N_("for us")],
                         "law", chinese="中文")


def value_pairs() -> pd.DataFrame:
    """:data:`VALUE_PAIRS` as a table, indexed by pair (in Chinese: the pair's Chinese
    names)."""
    return _lesson_table(VALUE_PAIRS, [N_("pair"), "中文", N_("meaning"),
                                       N_("in our business")], "pair", chinese="中文")


def value_chain() -> pd.DataFrame:
    """Porter's (1985) value chain read for an analytics software and services vendor (the
    kit's reading): each activity, what it is for us and the value it creates for the
    customer, in the deck's value types."""
    # Porter's "support" has its own msgid: the funnel's support department is another word
    support = "support" if language() == "en" else N_("support (Porter's support activities)")
    rows = [
        (N_("primary"), N_("inbound logistics"), N_("data feeds and partners' data coming in"),
         N_("hidden: complete, clean data")),
        (N_("primary"), N_("operations"), N_("running the platform, building models"),
         N_("basic: correct numbers, on time")),
        (N_("primary"), N_("outbound logistics"), N_("dashboards, reports, APIs delivered"),
         N_("everyday: the weekly report")),
        (N_("primary"), N_("marketing and sales"), N_("insight, proposals, pilots"),
         N_("explicit: the value case a buyer can defend")),
        (N_("primary"), N_("service"), N_("onboarding, support, consulting"),
         N_("emergency: the fix before the board meeting")),
        (support, N_("technology development"), N_("R&D: new modules, the AI assistant"),
         N_("attractive: what makes a buyer choose us")),
        (support, N_("human resources"), N_("hiring, training, keeping analysts"),
         N_("long-term: people who know the customer's data")),
        (support, N_("procurement"), N_("cloud capacity, data licences"),
         N_("cost: part of the price the customer pays")),
        (support, N_("firm infrastructure"), N_("finance, legal, security, quality"),
         N_("psychic cost: lower risk for a large buyer")),
    ]
    return _lesson_table(rows, [N_("kind"), N_("activity"), N_("for us"),
                                N_("value it creates")], "activity")


def buying_centre() -> pd.DataFrame:
    """The seven buying-centre roles of Kotler's *Marketing Management* (after Webster & Wind
    1972, whose five roles Kotler extends with initiator and approver) in a sale of our
    analytics platform, and what each role values (the kit's reading; the component names
    are those of customer delivered value)."""
    rows = [
        (N_("initiator"), N_("head of marketing who wants to measure campaigns"),
         N_("product value: answers to her questions")),
        (N_("user"), N_("analysts and campaign managers"),
         N_("time and energy cost: easy to use")),
        (N_("influencer"), N_("IT and data teams, consultants"),
         N_("psychic cost: security, integration risk")),
        (N_("decider"), N_("CMO or business-unit head"),
         N_("image and personnel value: a safe choice")),
        (N_("approver"), N_("CFO"), N_("money cost: price and return on it")),
        (N_("buyer"), N_("procurement"), N_("money cost and contract terms")),
        (N_("gatekeeper"), N_("assistants, procurement rules"),
         N_("who gets to present at all")),
    ]
    return _lesson_table(rows, [N_("role"), N_("in our sale"), N_("values most")], "role")


def processes() -> pd.DataFrame:
    """Deck 004's customer-centric marketing processes mapped to what the kit computes.

    The deck announces ten; the copy the kit was built from lists seven and breaks off, so
    the table has seven rows and says so rather than inventing three."""
    rows = [
        (1, "marketing operations management", "营销运营管理",
         N_("standard, automated routines so people spend time on high-value work"),
         N_("`valuekit report --team all`: one report per team, one command")),
        (2, "marketing visibility and ROI", "营销可见度与价值衡量",
         N_("plan, budget and track marketing so its return can be shown"),
         N_("channel_roi (this module); response rates (module 3); CAC (module 4)")),
        (3, "customer and market insight", "洞察客户与市场",
         N_("collect, clean and analyse customer data to spot opportunities"),
         N_("head_to_head and loss reasons (this module, module 3); value survey (module 1)")),
        (4, "segmentation by customer value", "基于客户价值的市场细分",
         N_("segment by the relationship and the potential lifetime value"),
         N_("CLV tiers (module 4) and value_advantage by segment (this module)")),
        (5, "customer portfolio and resource allocation", "客户组合与资源分配",
         N_("put marketing, sales and service resources where value, risk and return are "
            "best"),
         N_("tier_budget: a fixed budget across value tiers (this module)")),
        (6, "new product development and launch", "新品开发与发布",
         N_("position new products sharply and time their launch"),
         N_("Bass model and life-cycle stage (module 2); the category law (this module)")),
        (7, "event-driven market opportunities", "基于用户需求的市场机遇",
         N_("sense changes early and act on the customer's key moments"),
         N_("renewal watchlist (module 4); emergency value (this module)")),
    ]
    frame = _lesson_table(rows, [N_("no."), N_("process"), "中文", N_("what it asks"),
                                 N_("how you run it on your data")], "no.")
    if language() != "en":  # the process's Chinese name (deck 004) replaces the English one
        frame[_("process")] = frame["中文"]
        frame = frame.drop(columns="中文")
    return frame


def relationship_steps() -> pd.DataFrame:
    """Deck 002's four steps of relationship marketing, in the kit's words, with what each
    means for a sales team."""
    rows = [
        (1, N_("select the customers worth (and needing) a relationship"),
         N_("the high value tier and the accounts at risk")),
        (2, N_("give each one a named person with a clear remit"),
         N_("an account owner, not a shared inbox")),
        (3, N_("plan long-term and for the year; stay in regular contact"),
         N_("an account plan and a contact calendar")),
        (4, N_("check back regularly: how the account's needs change, what it cares about "
               "next"),
         N_("quarterly reviews, usage data, every complaint logged and closed")),
    ]
    return _lesson_table(rows, [N_("step"), N_("what"), N_("for a sales team")], "step")


def ties() -> pd.DataFrame:
    """Deck 002's three levels of relationship marketing: the financial, social and structural
    ties of Berry & Parasuraman (*Marketing Services*, 1991), as Kotler teaches them; what
    each adds and how easily a competitor copies it."""
    rows = [
        (N_("1. financial"), N_("price incentives"), N_("financial benefit"),
         N_("multi-year discount"), N_("easy")),
        (N_("2. social"), N_("customer organisation: contacts, user groups"),
         N_("social + financial benefit"), N_("named analyst, user community"), N_("harder")),
        (N_("3. structural"), N_("the relationship built into processes"),
         N_("social + financial benefit + loyalty"), N_("shared data platform, API links"),
         N_("hardest")),
    ]
    return _lesson_table(rows, [N_("level"), N_("built on"), N_("the customer gets"),
                                N_("example"), N_("to copy")], "level")


# --------------------------------------------------------------------------- sample figures


def shown(table: Any) -> Any:
    """A number table of this module as the reader's language shows it (column and row
    labels, index names and categories through module 6's catalog, then the library's;
    :func:`valuekit.i18n.shown_table`; the value tiers as :func:`charts.shown_tier` names
    them): ``cv.shown(h2h.style.format(cv.FORMATS))``. In English ``table`` itself."""
    if language() == "en":
        return table
    styler = table.style if isinstance(table, pd.DataFrame) else table
    if isinstance(styler, Styler) and styler.data.index.name == "tier":
        # a value tier's "medium" is 中价值层级, not the size band 中型企业: named first
        styler.data = styler.data.rename(index=charts.shown_tier)
        styler.index = styler.data.index
    return shown_table(styler, charts.DOMAIN, "valuekit")



def head_to_head_by_product() -> pd.DataFrame:
    """:func:`valuekit.value_creation.head_to_head` per product on the sample, with names."""
    s = sample_tables()
    out = vcr.head_to_head(s["opportunities"], "product_id")
    names = s["products"].set_index("product_id")["product_name"]
    out.insert(0, "product", out.index.map(names))
    return out


def size_band_advantage() -> pd.DataFrame:
    """:func:`valuekit.value_creation.value_advantage` per size band, small to enterprise."""
    s = sample_tables()
    bands = s["accounts"].set_index("account_id")["size_band"]
    return vcr.value_advantage(s["value_survey"], bands).reindex(SIZE_BANDS)


def channel_roi_table(cost_scale: float = 1.0) -> pd.DataFrame:
    """:func:`valuekit.value_creation.channel_roi` on the sample, 2023-2025."""
    s = sample_tables()
    return vcr.channel_roi(s["campaign_touches"], s["opportunities"], s["products"], cost_scale)


@functools.cache
def tiers() -> pd.DataFrame:
    """Module 4's value tiers of the accounts that are customers now (5-year CLV, 10 %
    discount; :func:`valuekit.widgets.clv.value_tiers`)."""
    return wc.value_tiers(wc.account_values())


# --------------------------------------------------------------------------- interactives


@functools.cache
def _template(kind: str, order: tuple[str, ...] = (), lang: str = "en") -> dict:
    """Each interactive's chart built once (per language) on a named source; a redraw only
    fills the data (as modules 2 and 4 do: building an Altair chart is the slow part)."""
    if kind == "budget":
        return ca.template(charts.tier_budget_layers(None))
    if kind == "roi":
        return ca.template(charts.channel_roi_layers(None, order=list(order)))
    return ca.template(charts.advantage_layers(None))


def budget_allocator(budget: float, value_weight: float, *, tier_table: pd.DataFrame
                     ) -> Outcome:
    """A fixed budget across the value tiers (:func:`valuekit.value_creation.tier_budget`)."""
    split = vcr.tier_budget(tier_table, budget, value_weight)
    per = split["budget_per_account"]
    bars = charts.tier_budget_frame(split)
    return Outcome(
        # the readout's labels stay the English the code reads; the readout translates them
        {N_("High tier"): split.loc["high", "budget"],
         N_("Medium tier"): split.loc["medium", "budget"],
         N_("Low tier"): split.loc["low", "budget"],
         N_("Per high-tier account"): per.loc["high"],
         N_("Per low-tier account"): per.loc["low"]},
        chart=ca.with_data(_template("budget", lang=language()), {"bars": bars}),
        formats={k: _DOLLARS for k in ("High tier", "Medium tier", "Low tier",
                                               "Per high-tier account", "Per low-tier account")},
        note=_("Weight on value 100 %: by each tier's share of lifetime value; 0 %: the same "
               "amount for every account. Whole $1,000s."),
    )


@register_builder("m06.budget_allocator")
def budget_allocator_widget() -> Interactive:
    """Budget allocator on the sample's value tiers (computed once here)."""
    ix = Interactive(budget_allocator, {
        "budget": money_slider(Slider(100_000, 2_000_000, 50_000, 500_000,
                                          _("Marketing budget"), "$,d")),
        "value_weight": Slider(0.0, 1.0, 0.05, 0.5, _("Weight on value"), ".0%"),
    }, fixed={"tier_table": tiers()}, title=_("Where does the next budget go?"))
    ix.add_class("vk-m06-budget-allocator")
    return ix


def channel_roi_view(cost_scale: float, *, base: pd.DataFrame) -> Outcome:
    """Marketing ROI per channel at ``cost_scale`` (:func:`valuekit.value_creation.rescale_roi`
    of ``base``, :func:`valuekit.value_creation.channel_roi` at 1 x)."""
    roi = vcr.rescale_roi(base, cost_scale)
    losing = roi.index[roi["roi"] < 0]
    comma = ", " if language() == "en" else "、"
    return Outcome(
        {N_("Best channel"): charts.shown(roi.index[0]), N_("Its ROI"): float(roi["roi"].iloc[0]),
         N_("Channels losing money"): comma.join(charts.shown(c) for c in losing)
         if len(losing) else _("none"),
         N_("How many lose money"): len(losing)},
        chart=ca.with_data(_template("roi", tuple(roi.index), language()),
                           {"bars": charts.channel_roi_frame(roi)}),
        formats={"Its ROI": "{:+.0%}"},
    )


@register_builder("m06.channel_roi")
def channel_roi_widget() -> Interactive:
    """Channel ROI on the sample, 2023-2025."""
    ix = Interactive(channel_roi_view, {
        "cost_scale": Slider(1.0, 5.0, 0.5, 1.0, _("Full cost = campaigns ×"), ".1f"),
    }, fixed={"base": channel_roi_table()}, title=_("Which channel pays back?"))
    ix.add_class("vk-m06-channel-roi")
    return ix


def advantage_view(segment: str, *, advantage: pd.DataFrame) -> Outcome:
    """Our advantage on each component for one segment (a row of ``advantage``)."""
    if segment not in advantage.index:
        raise ValueError(f"unknown segment {segment!r}")
    row = advantage.loc[segment].drop("responses").astype(float)
    return Outcome(
        {N_("Largest advantage"): charts.shown(row.idxmax().replace("_", " ")),
         N_("Largest disadvantage"): charts.shown(row.idxmin().replace("_", " ")),
         N_("Psychic cost (risk) advantage"): float(row["psychic_cost"]),
         N_("Accounts surveyed"): int(advantage.loc[segment, "responses"])},
        chart=ca.with_data(_template("advantage", lang=language()),
                           {"bars": charts.advantage_frame(advantage, segment)},
                           title=_("Where we are ahead: {segment}").format(
                               segment=charts.shown(segment))),
        formats={"Psychic cost (risk) advantage": "{:+.2f}"},
    )


def _size_band_options() -> list[str] | dict[str, str]:
    """The size bands as a drop-down offers them: the bands themselves in English, label ->
    band in another language (the function still receives the band)."""
    if language() == "en":
        return SIZE_BANDS
    return {charts.shown(band): band for band in SIZE_BANDS}


@register_builder("m06.value_advantage")
def advantage_widget() -> Interactive:
    """Where we are ahead of the competitor, per size band."""
    ix = Interactive(advantage_view, {
        "segment": Dropdown(_size_band_options(), "enterprise", _("Size band")),
    }, fixed={"advantage": size_band_advantage()},
        title=_("Who values what: where are we ahead?"))
    ix.add_class("vk-m06-value-advantage")
    return ix
