"""What ``valuekit data check DIR`` checks, and what the folder supports.

A folder made for the team reports holds only some tables (docs/own_data.md:
down to teams and opportunities); the teaching notebooks need more. By
default the check looks at the folder: with every file it checks every table;
with the reports' required two (and any of the other report tables) but not
every file, it checks the report tables present. ``use`` (``--for``) forces a
choice. After the check, :meth:`FolderCheck.summary` says which report
sections (:data:`valuekit.team_report.SECTION_NEEDS`) and which teaching
notebooks (:data:`NOTEBOOK_NEEDS`) the folder supports, and which files would
add the rest (issue 18).

:data:`USES` is the one place that says what each use reads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from valuekit import schema

#: The tables each use of the data reads. ``reports`` is
#: ``valuekit.team_report.REPORT_TABLES`` (a test keeps them equal; the
#: report module is not imported here, it pulls in the whole analysis stack).
USES: dict[str, tuple[str, ...]] = {
    "all": tuple(schema.TABLES),
    "reports": ("teams", "accounts", "products", "opportunities", "contracts", "invoices"),
}

#: The tables each teaching notebook reads (its cells and the widgets it calls), for
#: a notebook pointed at another folder (``VALUEKIT_DATA``).
NOTEBOOK_NEEDS: dict[str, tuple[str, ...]] = {
    "00_setup_check": (),
    "01_value_marketing": ("accounts", "products", "invoices", "campaign_touches",
                           "value_survey"),
    "02_adoption_chasm": ("accounts", "products", "product_sales"),
    "03_funnel": ("teams", "accounts", "products", "opportunities", "campaign_touches"),
    "04_clv": ("teams", "accounts", "contracts", "invoices", "campaign_touches"),
    "05_capstone": USES["reports"],
    "06_customer_value": ("accounts", "products", "opportunities", "campaign_touches",
                          "value_survey"),
}

#: What each use is, for messages.
USE_LABELS: dict[str, str] = {
    "all": "every table (the teaching notebooks need them all)",
    "reports": "the tables the team reports need (valuekit report --data DIR)",
}


@dataclass(frozen=True)
class FolderCheck:
    """A checked folder: the validated tables, the use checked for, the files not checked."""

    folder: Path
    use: str
    tables: dict[str, pd.DataFrame] = field(repr=False)
    absent: tuple[str, ...] = ()  # tables of the kit whose files the folder lacks

    def summary(self) -> list[str]:
        """The lines ``valuekit data check`` prints after the table list: what was
        checked, then which report sections and notebooks the folder supports and which
        files would add the others."""
        lines = []
        if self.use != "all":
            lines.append(f"checked {len(self.tables)} tables: {USE_LABELS[self.use]}")
            if self.absent:
                files = ", ".join(schema.TABLES[t].file for t in self.absent)
                lines.append(
                    f"not in the folder: {files} (the teaching notebooks need them; "
                    "`--for all` checks every table)"
                )
        return lines + supports(self.tables)


def _listing(files: list[str]) -> str:
    """``a.csv``, ``a.csv and b.csv``, ``a.csv, b.csv and c.csv``."""
    return " and ".join([", ".join(files[:-1]), files[-1]]) if len(files) > 1 else files[0]


def _unlock(needs: dict[str, tuple[str, ...]], present: set[str], names: dict[str, str],
            what: str) -> list[str]:
    have = [names[k] for k, n in needs.items() if set(n) <= present]
    lines = [f"{what} supported: {', '.join(have) if have else 'none'}"]
    for key, n in needs.items():
        lacking = [schema.TABLES[t].file for t in schema.TABLES if t in n and t not in present]
        if lacking:
            lines.append(f"  {names[key]}: add {_listing(lacking)}")
    return lines


def supports(tables: Iterable[str]) -> list[str]:
    """Which report sections and teaching notebooks the tables support, one line each for
    the rest with the files that would add them ("Customers: ...: add invoices.csv")."""
    from valuekit.team_report import LABELS, REQUIRED_TABLES, SECTION_LABELS, SECTION_NEEDS

    present = set(tables)
    if not set(REQUIRED_TABLES) <= present:
        files = _listing([schema.TABLES[t].file for t in REQUIRED_TABLES])
        lines = [f"team reports: none (they need at least {files})"]
    else:
        words = LABELS["en"]
        names = {k: words[v] for k, v in SECTION_LABELS.items()}
        lines = _unlock(SECTION_NEEDS, present, names, "team report sections")
    return lines + _unlock(NOTEBOOK_NEEDS, present, {k: k for k in NOTEBOOK_NEEDS},
                           "teaching notebooks")


#: The report tables without which there is no report (``team_report.REQUIRED_TABLES``;
#: a test keeps them equal).
REPORT_REQUIRED: tuple[str, ...] = ("teams", "opportunities")


def _present(folder: Path) -> set[str]:
    return {t for t in schema.TABLES if (folder / schema.TABLES[t].file).is_file()}


def choose_use(folder: Path, use: str | None = None) -> str:
    """``use`` when given, else ``reports`` when the folder holds the reports' required
    files (teams and opportunities) but not every table's, else ``all``."""
    if use is not None:
        if use not in USES:
            raise ValueError(f"unknown use {use!r}; choose one of {', '.join(USES)}")
        return use
    present = _present(folder)
    if present >= set(REPORT_REQUIRED) and present != set(schema.TABLES):
        return "reports"
    return "all"


def tables_to_check(folder: Path, use: str) -> list[str]:
    """Every table for ``all``; for ``reports`` the required ones and the other report
    tables whose files are in the folder (a report leaves out what they would add)."""
    if use == "all":
        return list(USES["all"])
    present = _present(folder)
    return [t for t in USES[use] if t in REPORT_REQUIRED or t in present]


def check_folder(path: str | os.PathLike | None = None, use: str | None = None) -> FolderCheck:
    """Load and validate the folder (the sample when ``path`` is None) for ``use``.

    Raises :class:`valuekit.data.DataError` listing every problem found.
    """
    from valuekit import data

    folder = data.SAMPLE_DIR if path is None else Path(path)
    chosen = choose_use(folder, use)
    tables = data.load(folder, tables=tables_to_check(folder, chosen))
    absent = tuple(
        t
        for t in schema.TABLES
        if t not in tables and not (folder / schema.TABLES[t].file).is_file()
    )
    return FolderCheck(folder, chosen, tables, absent)
