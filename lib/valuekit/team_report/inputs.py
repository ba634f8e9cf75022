"""The report's inputs: its date, its tables and the team it is about."""

from __future__ import annotations

import os
import pickle
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from valuekit.checks import date_value
from valuekit.schema import SAMPLE_AS_OF
from valuekit.team_report.definitions import OPTIONAL_TABLES, REPORT_TABLES, REQUIRED_TABLES


def parse_period_end(value: object | None) -> pd.Timestamp:
    """The report date: an ISO date ``YYYY-MM-DD`` (None: the sample's 2025-12-31), by
    :func:`valuekit.checks.date_value` with ``strict=True``."""
    if value is None or value == "":
        value = SAMPLE_AS_OF
    return date_value(value, "period_end", strict=True)


def load_tables(
    data_dir: str | os.PathLike | None = None, cache: str | os.PathLike | None = None
) -> dict[str, pd.DataFrame]:
    """The report's tables the folder holds, validated by :func:`valuekit.data.load`.

    :data:`REQUIRED_TABLES` must be there (a missing one is a
    :class:`valuekit.data.DataError` naming its file); each of
    :data:`OPTIONAL_TABLES` is loaded when its file is in the folder, and the
    report leaves out what an absent one would add (issue 18).

    Args:
        data_dir: the folder of CSVs; None: the sample data.
        cache: a pickle of exactly those frames written by the batch runner after it
            loaded and validated them itself; reading it gives the same frames without
            parsing the CSVs again in every kernel.

    Returns:
        Table name -> frame, for the tables the folder holds.

    Raises:
        valuekit.data.DataError: a required table is missing or a file is invalid.
    """
    if cache is not None:
        with open(Path(cache), "rb") as handle:
            tables = pickle.load(handle)
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise ValueError(f"the data cache {cache} lacks the table(s) {', '.join(missing)}")
        return tables
    from valuekit import data
    from valuekit.schema import TABLES

    folder = data.SAMPLE_DIR if data_dir is None else Path(data_dir)
    present = [t for t in OPTIONAL_TABLES if (folder / TABLES[t].file).is_file()]
    wanted = [t for t in REPORT_TABLES if t in REQUIRED_TABLES or t in present]
    return data.load(data_dir, tables=wanted)


def team_list(tables: Mapping[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """Every team as ``(team_id, team_name)``, in the order of the teams table."""
    teams = tables["teams"]
    names = teams["team_name"].astype(object).where(teams["team_name"].notna(), "")
    return list(zip(teams["team_id"].astype(str), names.astype(str), strict=True))


def find_team_id(teams: Sequence[tuple[str, str]], team: str) -> str:
    """The id of the team named by ``team``.

    Args:
        teams: ``(team_id, team_name)`` pairs.
        team: an id, else an exact name, else a name matched ignoring case and spaces
            (both sides in Unicode NFC).

    Returns:
        The team's id.

    Raises:
        ValueError: no team matches; the message lists the valid teams.
    """
    # NFC first: a name stored decomposed (e + combining accent) and typed composed looks
    # the same and must match
    text = unicodedata.normalize("NFC", str(team))
    ids = [tid for tid, _ in teams]
    if text in ids:
        return text
    nfc_ids = [tid for tid in ids if unicodedata.normalize("NFC", tid) == text]
    if len(nfc_ids) == 1:
        return nfc_ids[0]
    exact = [tid for tid, name in teams if unicodedata.normalize("NFC", name) == text]
    if len(exact) == 1:
        return exact[0]

    def loose(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).split()).casefold()

    close = [tid for tid, name in teams if loose(name) == loose(text)]
    if len(close) == 1:
        return close[0]
    listing = "; ".join(f"{tid} ({name})" for tid, name in teams)
    if len(exact) > 1 or len(close) > 1:
        raise ValueError(
            f"team name {text!r} is shared by several teams; use the team id. Teams: {listing}"
        )
    raise ValueError(f"unknown team {text!r}. Valid teams (id and name): {listing}")
