"""The tables of the kit's data set: names, columns, types and keys.

One description serves three users: the generator writes exactly these
columns, the loader validates a user's CSVs against them, and
``datasets/README.md`` documents them. Types are the loader's parsing rules:

- ``id``     non-empty text, unique where the column is the table's key;
- ``str``    free text (may be empty when ``nullable``);
- ``cat``    one of ``values``;
- ``int``    whole number; ``float`` real number; ``min``/``max`` are rules of
  the data (no negative money, scores 1-10) and ``limit`` is a plausibility
  bound on the absolute value (see :data:`MONEY_LIMIT`);
- ``date``   ISO date ``YYYY-MM-DD`` (``month`` columns hold the 1st of the month)
  between :data:`DATE_MIN` and :data:`DATE_MAX`.

The setting is a B2B vendor of analytics software and services selling to
enterprises (see docs/data_guide.md). Money is in US dollars.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from valuekit.i18n import N_

#: The four-stage B2B funnel, narrowest last (the funnel deck of common B2B training
#: material, 漏斗营销: potential -> possible -> target -> effective customers).
STAGES: tuple[str, ...] = ("potential", "possible", "target", "effective")

#: What each stage means, after the funnel deck (漏斗营销). The sale is won at *target*
#: (sales "turns possible customers into target customers: the 90% concept"; target
#: customers are signing, executing or have completed a contract); *effective* comes
#: after the win, through the credibility strategy (support).
STAGE_DEFINITIONS: dict[str, str] = {
    "potential": (
        "may need the offer in future (unhappy with today's solution, a related need, a "
        "purchase plan soon); not yet interested in us"
    ),
    "possible": (
        "has a clear purchase need and plan and is comparing suppliers, us among them"
    ),
    "target": (
        "chose us: signing, executing or having completed a contract with us (the sale is "
        "won here; an open deal at target is a contract being signed)"
    ),
    "effective": (
        "a won customer who completed the first contract year and renewed it: it trusts "
        "us and commits again"
    ),
}

#: The kit's one measurable reading of the deck's effective customer (有效客户), used by
#: the data generator, valuekit.funnel, the reports and the lessons.
EFFECTIVE_DEFINITION = (
    N_("A customer is effective when a deal we won has run its first contract year and "
    "the customer renewed it; a won deal stays at target until then, and stops at "
    "target if the first year ends without a renewal.")
)

#: Length of the first contract year that decides whether a won deal becomes effective.
FIRST_CONTRACT_DAYS = 365

#: Opportunity status in the win/loss report: won, lost, continuing, delayed.
STATUSES: tuple[str, ...] = ("W", "L", "C", "D")

#: Rogers (2003) adopter categories, earliest first.
ADOPTER_GROUPS: tuple[str, ...] = (
    "innovator",
    "early_adopter",
    "early_majority",
    "late_majority",
    "laggard",
)

#: Campaign channels, from mass reach to one-to-one. ``email`` is e-mail and web
#: information requests the customer starts (deck 002's information-based marketing).
CHANNELS: tuple[str, ...] = (
    "mass_media",
    "direct_mail",
    "seminar",
    "email",
    "phone",
    "one_to_one",
)

LOSS_REASONS: tuple[str, ...] = (
    "price",
    "competitor_features",
    "no_budget",
    "no_decision",
    "relationship",
    "timing",
)

SIZE_BANDS: tuple[str, ...] = ("small", "medium", "large", "enterprise")

REGIONS: tuple[str, ...] = ("north", "east", "south", "west")

INDUSTRIES: tuple[str, ...] = (
    "retail",
    "manufacturing",
    "finance",
    "healthcare",
    "telecom",
    "public_sector",
    "media",
    "logistics",
)

CONTRACT_OUTCOMES: tuple[str, ...] = ("renewed", "churned", "active")

VENDORS: tuple[str, ...] = ("us", "competitor")

#: Chance that an open deal at each stage is won, used for the weighted pipeline when
#: none are given. possible 20% and target 60% are the progress marks of the funnel
#: deck's win/loss report (可能 20%, 目标 60% while the contract is being signed);
#: potential 5% is the kit's assumption (the deck gives no mark there); effective
#: deals are already won.
DEFAULT_STAGE_PROBABILITY: dict[str, float] = {
    "potential": 0.05,
    "possible": 0.20,
    "target": 0.60,
    "effective": 1.0,
}


#: Plausibility bounds. A value beyond them is a unit mix-up, a stray exponent
#: (``1e308``) or a placeholder, never a real business figure, and it would
#: make totals, forecasts and coverage ratios meaningless (``inf``/``n/a``).
#: Money (USD, one row: a quota, a deal, a year of a contract, a month of
#: revenue, a wallet): one trillion, above the yearly revenue of any company
#: (the largest, Walmart, reported about 0.65 trillion USD in fiscal 2024); a
#: million rows at the limit still sum far inside float64's exact range.
MONEY_LIMIT = 1e12
#: People reached or responding in one campaign touch: the world population
#: (about 8.1 billion in 2024, UN World Population Prospects) rounded up.
PEOPLE_LIMIT = 1e10
#: New customers (organisations) of one product in one month.
UNITS_LIMIT = 1e9
#: Renewals of one contract: one a year, so a thousand years of renewals.
RENEWALS_LIMIT = 1000
#: Dates the loader accepts: CRMs write ``9999-12-31`` or ``1600-01-01`` for
#: "no date", which are not real dates of a B2B business.
DATE_MIN = "1900-01-01"
DATE_MAX = "2199-12-31"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id | str | cat | int | float | date
    description: str
    unit: str = ""
    nullable: bool = False
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    limit: float | None = None  # plausibility bound on abs(value), see MONEY_LIMIT
    references: str | None = None  # "table.column" foreign key


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: str | None
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


C = Column


def _score(name: str) -> Column:
    """A value-survey rating on the 1-10 scale."""
    return C(name, "float", f"Perceived {name.replace('_', ' ')}.", "score 1-10", min=1, max=10)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "teams",
            "Sales teams, one row each, with their annual quota.",
            "team_id",
            (
                C("team_id", "id", "Team identifier."),
                C("team_name", "str", "Team name as shown in reports."),
                C("region", "cat", "Sales region the team covers.", values=REGIONS),
                C("quota", "float", "Annual new-business quota.", "USD", min=0, limit=MONEY_LIMIT),
            ),
        ),
        Table(
            "accounts",
            "Customer and prospect organisations.",
            "account_id",
            (
                C("account_id", "id", "Account identifier."),
                C("account_name", "str", "Organisation name (synthetic)."),
                C("industry", "cat", "Industry of the organisation.", values=INDUSTRIES),
                C("region", "cat", "Region of the head office.", values=REGIONS),
                C("size_band", "cat", "Size by employees.", values=SIZE_BANDS),
                C("team_id", "id", "Owning sales team.", references="teams.team_id"),
                C(
                    "adopter_group",
                    "cat",
                    "Rogers adopter category of the organisation.",
                    values=ADOPTER_GROUPS,
                ),
                C(
                    "first_purchase_date",
                    "date",
                    "Date of the first won deal; empty for a prospect.",
                    nullable=True,
                ),
                C(
                    "annual_budget",
                    "float",
                    "Estimated annual spend on analytics with all vendors (the wallet).",
                    "USD",
                    min=0,
                    limit=MONEY_LIMIT,
                ),
            ),
        ),
        Table(
            "products",
            "Software modules and services sold.",
            "product_id",
            (
                C("product_id", "id", "Product identifier."),
                C("product_name", "str", "Product name."),
                C("kind", "cat", "Software module or service.", values=("software", "service")),
                C("launch_date", "date", "Date the product came to market."),
                C("list_price", "float", "List price per year of subscription.", "USD", min=0,
                  limit=MONEY_LIMIT),
                C(
                    "gross_margin",
                    "float",
                    "Gross margin as a fraction of revenue.",
                    "0-1",
                    min=0,
                    max=1,
                ),
            ),
        ),
        Table(
            "opportunities",
            "Sales opportunities with the furthest funnel stage each reached.",
            "opportunity_id",
            (
                C("opportunity_id", "id", "Opportunity identifier."),
                C("account_id", "id", "Account.", references="accounts.account_id"),
                C("product_id", "id", "Product offered.", references="products.product_id"),
                C("team_id", "id", "Team working it.", references="teams.team_id"),
                C("created_date", "date", "Date the opportunity was opened."),
                C(
                    "closed_date",
                    "date",
                    "Date won or lost; empty while open (C or D).",
                    nullable=True,
                ),
                C(
                    "stage",
                    "cat",
                    "Furthest funnel stage reached: a won deal is at target, and at "
                    "effective once its first contract year was renewed.",
                    values=STAGES,
                ),
                C("amount", "float", "Deal value (first-year contract value).", "USD", min=0,
                  limit=MONEY_LIMIT),
                C(
                    "status",
                    "cat",
                    "W won (contract signed), L lost, C continuing, D delayed.",
                    values=STATUSES,
                ),
                C(
                    "loss_reason",
                    "cat",
                    "Why a lost deal was lost; empty unless status is L.",
                    nullable=True,
                    values=LOSS_REASONS,
                ),
                C("lead_source", "cat", "Channel that produced the lead.", values=CHANNELS),
            ),
        ),
        Table(
            "contracts",
            "Annual subscription terms: one row per account, product and contract year.",
            "contract_id",
            (
                C("contract_id", "id", "Contract-year identifier."),
                C("account_id", "id", "Account.", references="accounts.account_id"),
                C("product_id", "id", "Product.", references="products.product_id"),
                C("start_date", "date", "First day of the contract year."),
                C("end_date", "date", "Last day of the contract year."),
                C(
                    "renewal_number",
                    "int",
                    "0 for the first year, 1 for the first renewal, ...",
                    min=0,
                    limit=RENEWALS_LIMIT,
                ),
                C("annual_value", "float", "Contract value for the year.", "USD", min=0,
                  limit=MONEY_LIMIT),
                C(
                    "outcome",
                    "cat",
                    "renewed, churned at its end, or still active.",
                    values=CONTRACT_OUTCOMES,
                ),
            ),
        ),
        Table(
            "invoices",
            "Monthly revenue and gross margin by account and product.",
            "invoice_id",
            (
                C("invoice_id", "id", "Invoice line identifier."),
                C("account_id", "id", "Account.", references="accounts.account_id"),
                C("product_id", "id", "Product.", references="products.product_id"),
                C("month", "date", "Month invoiced (first day of the month)."),
                C("revenue", "float", "Revenue invoiced.", "USD", min=0, limit=MONEY_LIMIT),
                C("margin", "float", "Gross margin on that revenue.", "USD", limit=MONEY_LIMIT),
            ),
        ),
        Table(
            "campaign_touches",
            "Marketing campaign touches by channel: contacts reached and responses.",
            "touch_id",
            (
                C("touch_id", "id", "Campaign touch identifier."),
                C("team_id", "id", "Team the campaign supported.", references="teams.team_id"),
                C("channel", "cat", "Communication channel.", values=CHANNELS),
                C("date", "date", "Date of the touch."),
                C("contacts", "int", "People reached.", min=0, limit=PEOPLE_LIMIT),
                C("responses", "int", "People who responded.", min=0, limit=PEOPLE_LIMIT),
                C("cost", "float", "Cost of the touch.", "USD", min=0, limit=MONEY_LIMIT),
            ),
        ),
        Table(
            "product_sales",
            "New customers per product and month since launch (unit sales).",
            None,
            (
                C("product_id", "id", "Product.", references="products.product_id"),
                C("month", "date", "Month (first day of the month)."),
                C("units", "int", "New customers (first purchases) in the month.", min=0,
                  limit=UNITS_LIMIT),
            ),
        ),
        Table(
            "value_survey",
            "Customer ratings of value and cost components, for us and a competitor.",
            "response_id",
            (
                C("response_id", "id", "Survey response identifier."),
                C("account_id", "id", "Responding account.", references="accounts.account_id"),
                C("vendor", "cat", "Vendor rated.", values=VENDORS),
                _score("product_value"),
                _score("service_value"),
                _score("personnel_value"),
                _score("image_value"),
                _score("money_cost"),
                _score("time_cost"),
                _score("energy_cost"),
                _score("psychic_cost"),
            ),
        ),
    )
}

VALUE_COMPONENTS = ("product_value", "service_value", "personnel_value", "image_value")
COST_COMPONENTS = ("money_cost", "time_cost", "energy_cost", "psychic_cost")

#: The sample data's reference date ("today" for the sample): the end of the
#: three years of opportunities.
SAMPLE_AS_OF = "2025-12-31"
