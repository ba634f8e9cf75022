"""What the team report computes and what each part of it needs: constants and needs.

Every section of the report and every figure a rule reads declares the tables it
needs (:data:`SECTION_NEEDS`, :data:`FIGURE_NEEDS`): a report is built from
whatever subset of :data:`REPORT_TABLES` a folder holds, as long as it has
:data:`REQUIRED_TABLES` (issue 18), and leaves out what the missing tables
would add, saying which files would add it (:func:`missing_files`).
"""

from __future__ import annotations

from collections.abc import Iterable

#: The tables a team report reads (the rest of the data set is not loaded).
REPORT_TABLES: tuple[str, ...] = (
    "teams",
    "accounts",
    "products",
    "opportunities",
    "contracts",
    "invoices",
)

LOOKBACK_MONTHS = 12
#: Annual discount rate of the customer-base CLV (a common planning rate for a
#: software vendor's cost of capital).
DISCOUNT_RATE = 0.10
#: The concentration figure: share of revenue from the top 20% of customers
#: (the Pareto "80/20" check of common B2B training material).
TOP_PCT = 0.2
FORECAST_PAST_MONTHS = 6
FORECAST_HORIZON = 6
TOP_ACCOUNTS = 10
#: A rule fires only when the team is at least this much worse than the company
#: (relative to the company's value): a 2% gap is noise, not a priority.
MATERIALITY = 0.05
#: Groups of the early market (Moore's chasm lies after them).
EARLY_MARKET = ("innovator", "early_adopter")

#: The headline figures, in the order the report shows them, with their kind.
HEADLINE: tuple[tuple[str, str], ...] = (
    ("revenue_12m", "money"),
    ("open_pipeline", "money"),
    ("weighted_pipeline", "money"),
    ("win_rate", "pct"),
    ("cycle_days", "days"),
    ("churn_rate", "pct"),
    ("clv", "money"),
)
#: For each headline figure: is a higher value better for the team?
HIGHER_IS_BETTER: dict[str, bool] = {
    "revenue_12m": True,
    "open_pipeline": True,
    "weighted_pipeline": True,
    "win_rate": True,
    "cycle_days": False,
    "churn_rate": False,
    "clv": True,
    "top20_share": False,
    "early_market_share": False,
    "pipeline_coverage": True,
}

#: The tables without which there is no report at all: who the teams are and what
#: they sell (every section but the customers' reads the opportunities).
REQUIRED_TABLES: tuple[str, ...] = ("teams", "opportunities")
#: Tables a report uses when present (products only name the products; without it the
#: win/loss report names them by id).
OPTIONAL_TABLES: tuple[str, ...] = tuple(t for t in REPORT_TABLES if t not in REQUIRED_TABLES)

#: The report's sections, in the template's order, with the tables each one needs.
SECTION_NEEDS: dict[str, tuple[str, ...]] = {
    "header": ("teams",),
    "headline": ("teams", "opportunities"),
    "actions": ("teams", "opportunities"),
    "funnel": ("opportunities",),
    "win_loss": ("opportunities",),
    "forecast": ("opportunities",),
    # revenue concentration (invoices), CLV (contracts x products' margin), names (accounts)
    "customers": ("accounts", "products", "contracts", "invoices"),
    "adopters": ("accounts",),
    "notes": (),
}

#: The label (:data:`valuekit.team_report.labels.LABELS`) naming each section.
SECTION_LABELS: dict[str, str] = {
    "header": "section_header",
    "headline": "section_headline",
    "actions": "section_actions",
    "funnel": "section_funnel",
    "win_loss": "section_winloss",
    "forecast": "section_forecast",
    "customers": "section_customers",
    "adopters": "section_adopters",
    "notes": "section_notes",
}

#: The tables behind each figure the headline table shows or a rule reads. A team's
#: accounts are known from accounts.csv only, so every per-account figure needs it.
FIGURE_NEEDS: dict[str, tuple[str, ...]] = {
    "revenue_12m": ("accounts", "invoices"),
    "open_pipeline": ("opportunities",),
    "weighted_pipeline": ("opportunities",),
    "win_rate": ("opportunities",),
    "cycle_days": ("opportunities",),
    "churn_rate": ("accounts", "contracts"),
    "clv": ("accounts", "products", "contracts"),
    "pipeline_coverage": ("teams", "opportunities"),
    "top20_share": ("accounts", "invoices"),
    "early_market_share": ("accounts",),
    "bottleneck": ("opportunities",),
}


def missing_tables(needs: Iterable[str], present: Iterable[str]) -> tuple[str, ...]:
    """The tables of ``needs`` that are not in ``present``, in :data:`REPORT_TABLES` order.

    Args:
        needs: table names a section reads.
        present: table names the folder holds.

    Returns:
        The missing table names.
    """
    have, need = set(present), set(needs)
    return tuple(t for t in REPORT_TABLES if t in need and t not in have)


def missing_files(needs: Iterable[str], present: Iterable[str]) -> tuple[str, ...]:
    """The CSV files that would add what ``needs`` asks for (``invoices.csv``, ...).

    Args:
        needs: table names a section reads.
        present: table names the folder holds.

    Returns:
        The file names of the missing tables.
    """
    from valuekit.schema import TABLES

    return tuple(TABLES[t].file for t in missing_tables(needs, present))


def sections_for(present: Iterable[str]) -> tuple[str, ...]:
    """The sections a report built from the tables ``present`` shows."""
    have = set(present)
    return tuple(s for s, needs in SECTION_NEEDS.items() if set(needs) <= have)


def figures_for(present: Iterable[str]) -> tuple[str, ...]:
    """The figures of :data:`FIGURE_NEEDS` that the tables ``present`` allow."""
    have = set(present)
    return tuple(f for f, needs in FIGURE_NEEDS.items() if set(needs) <= have)
