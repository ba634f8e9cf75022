"""Every word of the team report, and how its numbers are written.

The English labels (:data:`ENGLISH`, keys -> English text) are the gettext msgids of the
``reports`` domain (marked ``N_``, extracted by ``valuekit i18n update``); the Chinese comes
from ``valuekit/locale/zh_CN/LC_MESSAGES/reports.po`` (Babel; see :mod:`valuekit.i18n`).
The report has its own domain so that its words are translated (and reviewed against the
decks' terms, docs/glossary.md) apart from the library's ``valuekit`` catalog. A missing
or fuzzy entry falls back to the English; tests/test_reports_zh.py fails on it.

Data values that are the kit's own categories (regions, loss reasons; stages and adopter
groups) have labels too (``region_north``, ``reason_no_budget``): :func:`category` shows
them in the report's language and leaves any other value (a user's own region name) as
the English report printed it. Money in a Chinese report is written with 万/亿
(:func:`valuekit.i18n.money`); every other figure is written the same in every language.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from valuekit import i18n
from valuekit.i18n import N_

#: The gettext domain of the report's words.
DOMAIN = "reports"

#: Every word the report shows, in English: key -> msgid. The strategies' texts are
#: valuekit.funnel.STRATEGIES' (a test checks that they agree).
ENGLISH: dict[str, str] = {
    "title": N_("Team report: {team}"),
    "subtitle": N_(
        "{region} region · as of {period_end} · look-back window {start} to {end}"
    ),
    "quota": N_("Annual quota"),
    "section_headline": N_("Headline figures"),
    "section_funnel": N_("Funnel and bottleneck"),
    "section_winloss": N_("Win/loss report"),
    "section_forecast": N_("Rolling forecast"),
    "section_customers": N_("Customers: concentration and lifetime value"),
    "section_adopters": N_("Adopter groups of the team's accounts"),
    "section_actions": N_("Three recommended actions"),
    "section_notes": N_("How the figures are computed"),
    "section_header": N_("Title, region and quota"),
    "section_left_out": N_("{section}: add {files}"),
    "files_and": N_(" and "),
    "col_figure": N_("Figure"),
    "col_team": N_("Team"),
    "col_company": N_("Company average"),
    "col_difference": N_("Team vs company"),
    "revenue_12m": N_("Revenue, last 12 months"),
    "open_pipeline": N_("Open pipeline"),
    "weighted_pipeline": N_("Weighted pipeline"),
    "win_rate": N_("Win rate (deals closed in the window)"),
    "cycle_days": N_("Average sales cycle of won deals"),
    "churn_rate": N_("Churn (contract non-renewal rate)"),
    "clv": N_("Customer-base CLV"),
    "stage_potential": N_("Potential customers"),
    "stage_possible": N_("Possible customers"),
    "stage_target": N_("Target customers"),
    "stage_effective": N_("Effective customers"),
    "col_stage": N_("Stage"),
    "col_reached": N_("Reached"),
    "col_transition": N_("Step"),
    "col_team_rate": N_("Team conversion"),
    "col_company_rate": N_("Company conversion"),
    "funnel_intro": N_(
        "All {n} opportunities opened up to {period_end}. The sale is won at target; "
        "a won customer becomes effective when it renews after its first contract "
        "year. Conversion counts an open opportunity, or a win still in its first "
        "year, only once its step is decided."
    ),
    "bottleneck": N_(
        "Bottleneck: {from_stage} → {to_stage}, {rate} against {company_rate} for the"
        " company. It calls for the {strategy}, led by {led_by}: {goal}"
    ),
    "no_bottleneck": N_("No funnel step can be compared with the company yet."),
    "winloss_intro": N_(
        "Opportunities closed in the window or open on {period_end}: W won, L lost, C"
        " continuing, D delayed."
    ),
    "col_product": N_("Product"),
    "col_win_rate": N_("Win rate"),
    "col_won_amount": N_("Won"),
    "col_open_amount": N_("Open"),
    "col_main_loss": N_("Main loss reason"),
    "progress_title": N_("By progress (the funnel deck's marks)"),
    "progress_intro": N_(
        "The same deals by how far they got: possible 20%, target 60% while the "
        "contract is being signed, target won 90% are the funnel deck's marks; "
        "potential 10% and effective 100% are the kit's. (The weighted pipeline counts an "
        "open potential deal at 5%, its chance of being won, not how far it got.)"
    ),
    "col_progress": N_("Progress"),
    "progress_won": N_("{stage}, won"),
    "total": N_("Total"),
    "overall": N_("Overall (potential → effective)"),
    "pareto_title": N_("Why deals were lost (last 12 months)"),
    "col_reason": N_("Loss reason"),
    "col_count": N_("Deals"),
    "col_share": N_("Share"),
    "col_cumulative": N_("Cumulative"),
    "no_losses": N_("No deal was lost in the window."),
    "forecast_intro": N_(
        "Bookings (won deals) per month: actuals up to {last_actual}, then the "
        "weighted open pipeline placed {cycle} days after each deal was opened (the "
        "median cycle)."
    ),
    "forecast_next": N_(
        "Forecast for the next {months} months: {amount} from the pipeline, against "
        "{run_rate} at the recent run rate (the average of the last 3 months)."
    ),
    "col_month": N_("Month"),
    "col_source": N_("Source"),
    "col_amount": N_("Amount"),
    "actual": N_("actual"),
    "forecast": N_("forecast"),
    "customers_intro": N_(
        "{n} customers. The top 20% of them brought {share} of the last 12 months' "
        "revenue (company average {company}); {k} customers make 80% of it."
    ),
    "clv_intro": N_(
        "Customer-base CLV: the discounted value of the margin today's customers will"
        " still bring, {model}, at a {discount} discount rate."
    ),
    "clv_model_team": N_("with the retention curve fitted to the team's own cohorts (sBG)"),
    "clv_model_company": N_("with the company's retention curve (sBG; too few team cohorts)"),
    "clv_model_simple": N_("with one retention rate (the team's renewal rate)"),
    "col_account": N_("Account"),
    "col_adopter": N_("Adopter group"),
    "col_revenue": N_("Revenue, 12 months"),
    "col_clv": N_("CLV"),
    "col_tenure": N_("Years a customer"),
    "adopters_intro": N_(
        "{early} of the team's accounts are in the early market (innovators and early"
        " adopters), against {company} for the company."
    ),
    "col_group": N_("Group"),
    "col_accounts": N_("Accounts"),
    "group_innovator": N_("Innovators"),
    "group_early_adopter": N_("Early adopters"),
    "group_early_majority": N_("Early majority"),
    "group_late_majority": N_("Late majority"),
    "group_laggard": N_("Laggards"),
    "actions_intro": N_(
        "Chosen by rule from the figures above and ranked by how far the team is from"
        " the company."
    ),
    "chart_funnel": N_("Funnel"),
    "chart_pareto": N_("Loss reasons"),
    "chart_forecast": N_("Rolling forecast (all products)"),
    "chart_concentration": N_("Share of revenue by share of customers"),
    "chart_adopters": N_("Accounts by adopter group"),
    "axis_customers": N_("Share of customers (largest first)"),
    "axis_revenue": N_("Share of revenue"),
    "axis_amount": N_("Amount (USD)"),
    "axis_share": N_("Share of accounts"),
    "series_team": N_("Team"),
    "series_company": N_("Company"),
    "better": N_("better"),
    "worse": N_("worse"),
    "same": N_("same"),
    "na": N_("n/a"),
    "index_title": N_("Team reports"),
    "col_region": N_("Region"),
    "short_revenue_12m": N_("Revenue, 12 months"),
    "short_win_rate": N_("Win rate"),
    "short_churn_rate": N_("Churn"),
    "short_clv": N_("Customer-base CLV"),
    "short_stage_potential": N_("Potential"),
    "short_stage_possible": N_("Possible"),
    "short_stage_target": N_("Target"),
    "short_stage_effective": N_("Effective"),
    "col_bottleneck": N_("Bottleneck"),
    "col_status": N_("Report"),
    "open_report": N_("open"),
    "failed": N_("failed"),
    "col_as_of": N_("As of"),
    "earlier_report": N_(
        "the run of {date} failed ({error}); the linked report is from an earlier run"
    ),
    "not_enough_data": N_(
        "Not enough data: the team has no customer with a running contract on "
        "{period_end}, so there is no CLV or concentration to show."
    ),
    "notes": N_(
        "Revenue: invoices of the team's accounts over the 12 complete months to "
        "{period_end}. Pipeline: amount of open (C, D) opportunities; weighted by "
        "each stage's chance of being won: possible 20% and target 60% (the funnel deck's "
        "progress marks), potential 5% (the kit's; the win/loss table's 10% for potential "
        "is how far a deal got). Win rate: won ÷ (won + lost) of deals closed in the "
        "window. Cycle: days from opening to winning. Churn: contract years ending in"
        " the window that were not renewed. CLV: 12-month margin of each customer × "
        "its discounted expected residual lifetime (Fader & Hardie 2010). Company "
        "averages: totals per team; rates pooled over the company."
    ),
    "action_bottleneck": N_(
        "Apply the {strategy} at the {from_stage} → {to_stage} step: conversion is "
        "{team} against {company} for the company. {first_action}"
    ),
    "action_churn": N_(
        "Retention: {team} of contract years ending in the last 12 months were not "
        "renewed, against {company} for the company. Review every account due for "
        "renewal 90 days ahead and act on the early warnings."
    ),
    "action_concentration": N_(
        "Diversify: the top 20% of customers bring {team} of revenue (company "
        "{company}). Grow the mid-sized accounts so that losing one large customer "
        "hurts less."
    ),
    "action_coverage": N_(
        "Prospecting: the weighted pipeline covers {team} of the annual quota "
        "(company {company}). Open more opportunities with the tendency strategy: "
        "seminars, one-to-one visits, referrals."
    ),
    "action_win_rate": N_(
        "Win more of what you work: win rate {team} against {company} for the "
        "company. Qualify earlier and answer the top loss reason ({reason}, "
        "{reason_share} of losses) in every proposal."
    ),
    "action_cycle": N_(
        "Shorten the sales cycle: won deals took {team} days against {company} for "
        "the company. Agree a mutual closing plan with each buyer after the first "
        "meeting."
    ),
    "action_early_market": N_(
        "Cross the chasm: {team} of the team's accounts are innovators or early "
        "adopters (company {company}). Pragmatists buy on other pragmatists' "
        "references, not visionaries' (Moore): pick one beachhead segment and win its"
        " first pragmatist customers with the whole product, so that they become the "
        "references."
    ),
    "action_watch": N_(
        "Watch {figure}: {team} against {company} for the company. Review it with the"
        " team every month until it is clearly ahead."
    ),
    "action_keep": N_(
        "Keep what works: {figure} is {team} against {company} for the company. Write"
        " down how the team does it and share it with the other teams."
    ),
    "chart_of_previous": N_("{count}  ({share} of previous)"),
    "label_value": N_("{label}: {value}"),
    "versus": N_("{difference} ({verdict})"),
    "points": N_("{sign}{value} points"),
    "point": N_("{sign}{value} point"),
    "relative": N_("{sign}{value}%"),
    "no_change": N_("no change"),
    "change_since": N_("Change since {date}"),
    "col_change": N_("Change since {date}"),
    "action_new": N_("new"),
    "action_repeated": N_("repeated since {date}"),
    "action_resolved": N_("resolved since {date}"),
    "resolved_title": N_("Resolved since {date}"),
    "actions_gap": N_("{difference} against the company"),
    # a note after a sentence or a name, and an action's badge (new, repeated since ...):
    # Chinese uses full-width brackets, which need no space before them
    "in_brackets": N_("({text})"),
    "badge": N_("[{text}]"),
    "index_teams_one": N_("1 team"),
    "index_teams_many": N_("{n} teams"),
    "index_intro": N_("{teams} · as of {period_end} · {failed}"),
    "index_failed_none": N_("none failed"),
    "index_failed_one": N_("1 failed"),
    "index_failed_many": N_("{n} failed"),
    "company_line": N_("Company"),
    "best": N_("best"),
    "worst": N_("worst"),
    "index_chart_title": N_("Win rate by team"),
    "index_sort_hint": N_("Click a column heading to sort by it."),
    "index_change_note": N_("Under each figure: its change since {date}."),
    "index_chart_company": N_("Dashed line: the company"),
    "vs_quota": N_("Revenue ÷ quota"),
    "running_header": N_("Team report: {team} · as of {period_end}"),
    "page_of": N_("Page {page} of {pages}"),
    "strategy_name_tendency": N_("Tendency strategy"),
    "strategy_name_advantage": N_("Advantage strategy"),
    "strategy_name_credibility": N_("Credibility strategy"),
    "strategy_led_by_tendency": N_("market development"),
    "strategy_led_by_advantage": N_("sales"),
    "strategy_led_by_credibility": N_("support"),
    "strategy_goal_tendency": N_(
        "Make potential customers lean towards us: understand what they need, "
        "segment, and position the offer so the key groups take an interest."
    ),
    "strategy_goal_advantage": N_(
        "Win the comparison and the contract: show possible customers, who have a "
        "plan to buy and are weighing suppliers, what only we offer and solve their "
        "key problem, so that they choose us and sign (the sale is won at target)."
    ),
    "strategy_goal_credibility": N_(
        "Turn target customers, who have signed and are executing their contract, "
        "into effective customers who trust us and commit again, by keeping every "
        "commitment."
    ),
    "strategy_first_action_tendency": N_(
        "Find out which problems potential customers have and what they need "
        "(function, quality, service, price, channel)."
    ),
    "strategy_first_action_advantage": N_(
        "Pin down the customer's key problem together (technical, price, training)."
    ),
    "strategy_first_action_credibility": N_(
        "Detail the contract with the customer (training, supplies, maintenance) and "
        "honour every term of it."
    ),
    "region_north": N_("North"),
    "region_east": N_("East"),
    "region_south": N_("South"),
    "region_west": N_("West"),
    "reason_price": N_("price"),
    "reason_competitor_features": N_("competitor features"),
    "reason_no_budget": N_("no budget"),
    "reason_no_decision": N_("no decision"),
    "reason_relationship": N_("relationship"),
    "reason_timing": N_("timing"),
}

#: Languages a report can be written in (``zh``: Simplified Chinese, from the catalog).
LANGUAGES: tuple[str, ...] = ("en", "zh")



def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(N_(
            "language {language} is not available for the team report; available: "
            "{available}", language=repr(language), available=", ".join(LANGUAGES)))


def labels(language: str = "en") -> dict[str, str]:
    """The report's words in one language.

    Args:
        language: ``"en"`` or ``"zh"`` (:data:`LANGUAGES`).

    Returns:
        key -> text: the English labels, or their translations from ``reports.po`` (an
        entry missing there stays English), and ``html_lang``.

    Raises:
        ValueError: naming the available languages.
    """
    _check_language(language)
    if language == "en":
        words = dict(ENGLISH)
    else:
        words = {key: i18n.translate(text, DOMAIN, language=language)
                 for key, text in ENGLISH.items()}
    words["html_lang"] = i18n.HTML_LANG[language]
    return words


class _Labels(Mapping):
    """``LABELS[language]``: :func:`labels` of that language, read from the catalogs when
    asked (so an edited PO file shows after :func:`valuekit.i18n.reload`)."""

    def __getitem__(self, language: str) -> dict[str, str]:
        if language not in LANGUAGES:
            raise KeyError(language)
        return labels(language)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


#: The report's words per language (``LABELS["zh"]["section_winloss"]``).
LABELS: Mapping[str, dict[str, str]] = _Labels()


def category(words: Mapping[str, str], kind: str, value: object) -> str:
    """A category from the data in the report's words.

    Args:
        words: the report's labels (:func:`labels`).
        kind: ``"region"`` or ``"reason"`` (a loss reason).
        value: the value in the data (``north``, ``no_budget``).

    Returns:
        the label of one of the kit's categories (``北区`` in Chinese, ``North`` in
        English); any other value as the English report prints it (regions in title case,
        loss reasons with spaces).
    """
    text = "" if value is None else str(value)
    found = words.get(f"{kind}_{text}")
    if found is not None:
        return found
    return text.title() if kind == "region" else text.replace("_", " ")


# ---------------------------------------------------------------------------------------
# Formatting (used by the renderer and the index page, so the numbers match)


def format_value(kind: str, x: float | None, language: str = "en") -> str:
    """A figure as the report prints it.

    Args:
        kind: ``"money"``, ``"pct"``, ``"days"``, ``"ratio"`` or ``"count"``.
        x: the value.
        language: the language of the words.

    Returns:
        money ``$1,234,567`` (in Chinese ``US$123.5万``, ``US$2.03亿``, ``US$950``:
        :func:`valuekit.i18n.money`), pct ``12.3%``, days ``87``, ratio ``1.25x``, count
        ``1,234``; ``n/a`` (``无数据``) for a missing value.
    """
    _check_language(language)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return labels(language)["na"]
    if kind == "money":
        if language != "en":  # 万/亿; whole units as in English (the same amount in both)
            return i18n.money(round(x), "USD", decimals=2 if abs(x) >= 1e8 else 1,
                              language=language, cents=False)
        return f"-${abs(x):,.0f}" if x < 0 else f"${x:,.0f}"
    if kind == "pct":
        return f"{x:.1%}"
    if kind == "days":
        return f"{x:,.0f}"
    if kind == "ratio":
        return f"{x:.2f}x"
    if kind == "count":
        return f"{x:,.0f}"
    raise ValueError(f"unknown kind of figure {kind!r}")
