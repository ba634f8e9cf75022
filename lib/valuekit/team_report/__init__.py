"""Every figure of a team's report, computed from the kit's tables (Module 5, the capstone).

:func:`build` takes the loaded tables (``valuekit.data.load``), a team and the
date the report is "as of", and returns a :class:`TeamReport`: a JSON-ready
``figures`` dict (what the report prints, and what the tests compare with
the executed notebook) and the frames its charts are drawn from. The report
template (``report_templates/team_report.ipynb``) only calls this and the renderer;
no number is computed in the notebook.

Definitions (all for one team, next to the same figure for the company):

- **Look-back window**: the 12 months to ``period_end``. Revenue counts the
  12 complete months of invoices up to it; win rate, cycle length, churn and
  the win/loss report count what closed or ended in the window.
- **Company average**: money totals (revenue, pipeline, CLV) are the company
  total divided by the number of teams (the average team); rates are pooled
  over the whole company (won / decided of every team, ...); the top-20%
  revenue share is the mean of the teams' shares (a company-wide curve over
  ten times as many customers would not be comparable).
- **Customer-base CLV** (Fader & Hardie 2010): for every customer, its current
  annual margin (running contract years x the product's gross margin) times
  its discounted expected residual lifetime under a shifted-beta-geometric
  retention curve fitted to the yearly account cohorts: the team's own curve
  for the team, the company's for the company; the company's for a team whose
  cohorts cannot be fitted; one retention rate (Gupta & Lehmann 2003) when no
  curve can be fitted at all.
- **As of a past date**: opportunities created later are left out, one
  closed later counts as still open (C), a contract year ending later as
  still active. The stage of an opportunity is the furthest it ever reached
  (the data keep no stage history), so a past funnel is slightly optimistic.
- **Customers** are accounts with a contract year running on ``period_end``.

Sources are cited where each figure is computed; the three recommended
actions come from the rule table :data:`RULES`, ranked by how far the team is
from the company (:func:`recommend`).

The package, by concern (issue 16 item 7): :mod:`.labels` (every word, per
language), :mod:`.definitions` (constants; the tables each section and figure
needs), :mod:`.inputs` (date, tables, team), :mod:`.calc` (the calculations),
:mod:`.sections` (one function per report section, in no language),
:mod:`.actions` (the rule table) and :mod:`.report` (:func:`compute` the
figures once, :func:`localize` them per language; :func:`build` does both).
A report is built from whatever tables are present down to teams and
opportunities; a section whose tables are absent is left out (issue 18).
"""

from valuekit.schema import ADOPTER_GROUPS, STAGES
from valuekit.team_report.actions import (
    _KEEP,
    RULES,
    Rule,
    available,
    gap_score,
    recommend,
    team_and_company,
)
from valuekit.team_report.calc import (
    _account_clv,
    _clean,
    contracts_as_of,
    opportunities_as_of,
)
from valuekit.team_report.definitions import (
    DISCOUNT_RATE,
    EARLY_MARKET,
    FIGURE_NEEDS,
    FORECAST_HORIZON,
    FORECAST_PAST_MONTHS,
    HEADLINE,
    HIGHER_IS_BETTER,
    LOOKBACK_MONTHS,
    MATERIALITY,
    OPTIONAL_TABLES,
    REPORT_TABLES,
    REQUIRED_TABLES,
    SECTION_LABELS,
    SECTION_NEEDS,
    TOP_ACCOUNTS,
    TOP_PCT,
    figures_for,
    missing_files,
    missing_tables,
    sections_for,
)
from valuekit.team_report.differences import (
    RATE_KINDS,
    difference,
    difference_text,
    difference_verdict,
)
from valuekit.team_report.inputs import find_team_id, load_tables, parse_period_end, team_list
from valuekit.team_report.labels import LABELS, LANGUAGES, category, format_value, labels
from valuekit.team_report.report import TeamFigures, TeamReport, build, compute, localize

__all__ = [
    "ADOPTER_GROUPS",
    "DISCOUNT_RATE",
    "EARLY_MARKET",
    "FIGURE_NEEDS",
    "FORECAST_HORIZON",
    "FORECAST_PAST_MONTHS",
    "HEADLINE",
    "HIGHER_IS_BETTER",
    "LABELS",
    "LANGUAGES",
    "LOOKBACK_MONTHS",
    "MATERIALITY",
    "OPTIONAL_TABLES",
    "REPORT_TABLES",
    "REQUIRED_TABLES",
    "RULES",
    "SECTION_LABELS",
    "SECTION_NEEDS",
    "STAGES",
    "TOP_ACCOUNTS",
    "TOP_PCT",
    "_KEEP",
    "Rule",
    "TeamFigures",
    "TeamReport",
    "_account_clv",
    "_clean",
    "available",
    "build",
    "compute",
    "contracts_as_of",
    "figures_for",
    "find_team_id",
    "category",
    "format_value",
    "RATE_KINDS",
    "difference",
    "difference_text",
    "difference_verdict",
    "gap_score",
    "labels",
    "load_tables",
    "localize",
    "missing_files",
    "missing_tables",
    "opportunities_as_of",
    "parse_period_end",
    "recommend",
    "sections_for",
    "team_and_company",
    "team_list",
]
