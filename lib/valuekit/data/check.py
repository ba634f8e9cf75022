"""What ``valuekit data check DIR`` checks: every table, or only what a use needs.

A folder made for the team reports holds only their six tables
(docs/own_data.md); the teaching notebooks need all nine. By default the check
looks at the folder: with every file it checks every table; with the reports'
six and some others missing it checks those six and says which files the
folder lacks and what needs them. ``use`` (``--for``) forces a choice.

:data:`USES` is the one place that says what each use reads; issue 18 extends
it to report sections and notebooks (a folder's check then lists what it
supports).
"""

from __future__ import annotations

import os
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
        """The lines ``valuekit data check`` prints after the table list."""
        if self.use == "all":
            return []
        lines = [f"checked {len(self.tables)} tables: {USE_LABELS[self.use]}"]
        if self.absent:
            files = ", ".join(schema.TABLES[t].file for t in self.absent)
            lines.append(
                f"not in the folder: {files} (the teaching notebooks need them; "
                "`--for all` checks every table)"
            )
        return lines


def choose_use(folder: Path, use: str | None = None) -> str:
    """``use`` when given, else ``reports`` when the folder holds the reports'
    files but not every table's, else ``all``."""
    if use is not None:
        if use not in USES:
            raise ValueError(f"unknown use {use!r}; choose one of {', '.join(USES)}")
        return use
    present = {t for t in schema.TABLES if (folder / schema.TABLES[t].file).is_file()}
    if present >= set(USES["reports"]) and present != set(schema.TABLES):
        return "reports"
    return "all"


def check_folder(path: str | os.PathLike | None = None, use: str | None = None) -> FolderCheck:
    """Load and validate the folder (the sample when ``path`` is None) for ``use``.

    Raises :class:`valuekit.data.DataError` listing every problem found.
    """
    from valuekit import data

    folder = data.SAMPLE_DIR if path is None else Path(path)
    chosen = choose_use(folder, use)
    tables = data.load(folder, tables=list(USES[chosen]))
    absent = tuple(
        t
        for t in schema.TABLES
        if t not in tables and not (folder / schema.TABLES[t].file).is_file()
    )
    return FolderCheck(folder, chosen, tables, absent)
