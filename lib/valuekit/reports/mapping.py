"""Turn a CRM export into the kit's tables: rename columns, translate values, blank what
does not apply, and write CSVs the kit's loader accepts.

A mapping is data (:class:`TableMap`), so it can be read, reviewed and kept
next to the export it was written for. :data:`SALESFORCE_OPPORTUNITIES` is a
worked example for a standard Salesforce opportunity report; docs/own_data.md
walks through it. The result is validated by :func:`valuekit.data.load`, which
names the file, column and rows of anything still wrong.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from valuekit import schema
from valuekit._files import atomic_write_text
from valuekit.checks import label_list


@dataclass(frozen=True)
class TableMap:
    """How one kit table is made from an export.

    - ``columns``: kit column -> export column it is read from (one export
      column may feed several kit columns, e.g. Salesforce's "Stage" gives both
      ``stage`` and ``status``);
    - ``values``: kit column -> {export value: kit value}; every value met in
      the export must be listed (an unlisted one is an error, not a guess);
    - ``constants``: kit column -> one value for every row;
    - ``keep_if``: kit column -> (other kit column, allowed values): the
      column is blanked on rows where the other column is not one of them
      (a closing date only for won or lost deals, a loss reason only for
      lost ones).
    """

    table: str
    columns: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    constants: Mapping[str, Any] = field(default_factory=dict)
    keep_if: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)


def _rows(mask: pd.Series, limit: int = 5) -> str:
    # export rows as a spreadsheet shows them: header is line 1, first record line 2
    return label_list([str(i + 2) for i in mask[mask].index], limit)


def apply(export: pd.DataFrame, table_map: TableMap) -> pd.DataFrame:
    """The kit table ``table_map.table`` built from ``export`` (a frame read from the CRM).

    Columns come out in the kit's order; kit columns that the map does not
    fill are left empty (the loader then says which ones it needs). Raises
    ValueError naming an unknown table or kit column, an export column that is
    missing, or export values that the map does not translate (with their rows).
    """
    if table_map.table not in schema.TABLES:
        raise ValueError(
            f"unknown kit table {table_map.table!r}; tables are {', '.join(schema.TABLES)}"
        )
    table = schema.TABLES[table_map.table]
    known = set(table.column_names)
    named = [*table_map.columns, *table_map.values, *table_map.constants, *table_map.keep_if]
    unknown = sorted({c for c in named if c not in known})
    if unknown:
        raise ValueError(
            f"the map for {table.name} names column(s) {', '.join(unknown)} that the kit's "
            f"{table.file} does not have; its columns are {', '.join(table.column_names)}"
        )
    export = export.reset_index(drop=True)
    missing = sorted({src for src in table_map.columns.values() if src not in export.columns})
    if missing:
        raise ValueError(
            f"the export has no column(s) {', '.join(map(repr, missing))}; "
            f"its columns are {', '.join(map(repr, export.columns))}"
        )
    out = pd.DataFrame(index=export.index)
    for col in table.column_names:
        if col in table_map.columns:
            values = export[table_map.columns[col]]
            if col in table_map.values:
                lookup = table_map.values[col]
                text = values.astype("string").str.strip()
                unmapped = text.notna() & ~text.isin(list(lookup))
                if unmapped.any():
                    seen = ", ".join(repr(v) for v in pd.unique(text[unmapped])[:5])
                    raise ValueError(
                        f"column {table_map.columns[col]!r} has value(s) {seen} that the map "
                        f"does not translate to the kit's {col!r} (export rows "
                        f"{_rows(unmapped)}); add them to the map's values[{col!r}]"
                    )
                values = text.map(lookup)
            out[col] = values
        elif col in table_map.constants:
            out[col] = table_map.constants[col]
        else:
            out[col] = pd.NA
    for col, (other, allowed) in table_map.keep_if.items():
        out.loc[~out[other].isin(list(allowed)), col] = pd.NA
    return out


def write_table(frame: pd.DataFrame, table: str, folder: str | os.PathLike) -> Path:
    """Write a kit table as ``<folder>/<table>.csv`` in the loader's format (UTF-8, ISO
    dates), atomically. Returns the path."""
    if table not in schema.TABLES:
        raise ValueError(f"unknown kit table {table!r}; tables are {', '.join(schema.TABLES)}")
    spec = schema.TABLES[table]
    out = frame.copy()
    for col in spec.columns:
        if col.kind == "date" and col.name in out.columns:
            out[col.name] = pd.to_datetime(out[col.name], errors="raise").dt.strftime("%Y-%m-%d")
    target = Path(folder) / spec.file
    target.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write_text(target, out.to_csv(index=False, lineterminator="\n"))


def teams_from_export(
    export: pd.DataFrame,
    column: str,
    team_ids: Mapping[str, str],
    regions: Mapping[str, str],
    quotas: Mapping[str, float],
) -> pd.DataFrame:
    """The kit's teams table from the sales roles (or owners) of an opportunity export.

    The smallest useful export is opportunities and teams (docs/own_data.md); a CRM
    has no teams table, but its opportunities name the role or owner that worked each
    deal. One team per id of ``team_ids`` (export value -> team id) met in ``column``,
    named by its export value (the first, when several map to one id), with its
    ``regions`` and ``quotas`` (team id -> value). ValueError names an export column
    that is absent, or a team without a region or a quota.
    """
    if column not in export.columns:
        raise ValueError(f"the export has no column {column!r}; its columns: "
                         f"{', '.join(map(str, export.columns))}")
    names: dict[str, str] = {}
    for value in export[column].dropna().astype(str).unique():
        if value in team_ids:
            names.setdefault(team_ids[value], value)
    for what, given in (("region", regions), ("quota", quotas)):
        lacking = [t for t in names if t not in given]
        if lacking:
            raise ValueError(f"no {what} given for team(s) {', '.join(sorted(lacking))}")
    ids = sorted(names)
    return pd.DataFrame({
        "team_id": ids,
        "team_name": [names[t] for t in ids],
        "region": [regions[t] for t in ids],
        "quota": [float(quotas[t]) for t in ids],
    })


#: A standard Salesforce opportunity report ("Opportunities with Products", exported as
#: CSV) mapped to the kit's opportunities. Salesforce's "Stage" is where a deal is now,
#: so a closed deal's furthest funnel stage needs the "Stage Before Close" column (a
#: formula or history field many orgs add; see docs/own_data.md for exports without it).
#: Sales roles become team ids; edit both dictionaries for your org's picklists.
SALESFORCE_OPPORTUNITIES = TableMap(
    table="opportunities",
    columns={
        "opportunity_id": "Opportunity ID",
        "account_id": "Account ID",
        "product_id": "Product Code",
        "team_id": "Owner Role",
        "created_date": "Created Date",
        "closed_date": "Close Date",
        "stage": "Stage Before Close",
        "amount": "Amount",
        "status": "Stage",
        "loss_reason": "Loss Reason",
        "lead_source": "Lead Source",
    },
    values={
        "stage": {
            "Prospecting": "potential",
            "Qualification": "possible",
            "Needs Analysis": "possible",
            "Value Proposition": "possible",
            "Id. Decision Makers": "target",
            "Perception Analysis": "target",
            "Proposal/Price Quote": "target",
            "Negotiation/Review": "target",
            # the funnel deck wins the sale at target; a CRM export cannot tell whether the
            # customer renewed its first contract year (effective): set that from contracts
            "Closed Won": "target",
        },
        "status": {
            "Prospecting": "C",
            "Qualification": "C",
            "Needs Analysis": "C",
            "Value Proposition": "C",
            "Id. Decision Makers": "C",
            "Perception Analysis": "C",
            "Proposal/Price Quote": "C",
            "Negotiation/Review": "C",
            "On Hold": "D",
            "Closed Won": "W",
            "Closed Lost": "L",
        },
        "team_id": {
            "Sales - North Enterprise": "T01",
            "Sales - East Public Sector": "T06",
        },
        "loss_reason": {
            "Price": "price",
            "Lost to Competitor": "competitor_features",
            "No Budget / Lost Funding": "no_budget",
            "No Decision / Non-Responsive": "no_decision",
            "Relationship": "relationship",
            "Timing": "timing",
            "Other": "no_decision",
        },
        "lead_source": {
            "Advertisement": "mass_media",
            "Direct Mail": "direct_mail",
            "Seminar - Internal": "seminar",
            "Seminar - Partner": "seminar",
            "Web": "email",
            "Email": "email",
            "Phone Inquiry": "phone",
            "Partner Referral": "one_to_one",
            "Employee Referral": "one_to_one",
            "External Referral": "one_to_one",
            "Word of mouth": "one_to_one",
        },
    },
    keep_if={
        "closed_date": ("status", ("W", "L")),
        "loss_reason": ("status", ("L",)),
    },
)
