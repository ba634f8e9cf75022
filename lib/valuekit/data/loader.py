"""Load a folder of CSVs and validate it against :mod:`valuekit.schema`.

Every problem becomes one line of a :class:`DataError` naming the file, the
column, the CSV line numbers (the header is line 1, so the first data row is
line 2) and an example of the offending value; all problems of all files are
reported at once. Checks are vectorised (pandas), so a user's export of a
million rows is checked in seconds.

Returned frames: ``id``/``str``/``cat`` columns as pandas ``str`` (missing =
NaN), ``date`` as ``datetime64[ns]`` (missing = NaT), ``int`` as ``int64``,
``float`` as ``float64``; columns in schema order.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from valuekit import schema

#: Tables that may have a header and no rows (a user may have no campaign log,
#: no market sales series or no survey); every other table needs rows.
MAY_BE_EMPTY = frozenset({"campaign_touches", "product_sales", "value_survey"})

_SHOW_LINES = 5  # line numbers quoted per problem before "(and N more)"
_SHOW_PROBLEMS = 30  # problems listed in one error before "... and N more"
_LINE_NOTE = "Line numbers are those of the CSV file, counting the header as line 1."


class DataError(ValueError):
    """Bad input data: one plain-language line per problem (``.problems``)."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            text = self.problems[0]
        else:
            shown = self.problems[:_SHOW_PROBLEMS]
            text = f"{len(self.problems)} problems in the data:\n" + "\n".join(
                f"- {p}" for p in shown
            )
            if len(self.problems) > _SHOW_PROBLEMS:
                text += f"\n... and {len(self.problems) - _SHOW_PROBLEMS} more"
        if " line " in text or " lines " in text:
            text += f"\n{_LINE_NOTE}"
        return text


def _lines(index: pd.Index) -> str:
    """'line 14' or 'lines 14, 27 (and 3 more)' from 0-based data-row labels."""
    nums = [int(i) + 2 for i in index[:_SHOW_LINES]]
    word = "line" if len(index) == 1 else "lines"
    more = f" (and {len(index) - _SHOW_LINES} more)" if len(index) > _SHOW_LINES else ""
    return f"{word} {', '.join(map(str, nums))}{more}"


def _examples(values: pd.Series) -> str:
    uniq = pd.unique(values.astype(str))[:3]
    return ", ".join(repr(v) for v in uniq)


class _Checker:
    """Collects the problems of one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[str] = []

    def file_problem(self, what: str) -> None:
        self.problems.append(f"{self.file}: {what}")

    def rows(self, column: str, mask: pd.Series, what: str, values=None) -> bool:
        """Report the rows where ``mask`` is true; return True when there were any.

        ``values`` (a Series, or a function returning one, called only when
        needed) supplies the examples quoted after ``what``.
        """
        if not mask.any():
            return False
        bad = mask[mask].index
        if callable(values):
            values = values()
        example = f" {_examples(values[bad])}" if values is not None else ""
        self.problems.append(f"{self.file}, column '{column}', {_lines(bad)}: {what}{example}")
        return True


# ---------------------------------------------------------------- reading bytes


def _decode(raw: bytes, check: _Checker) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        check.file_problem(
            "the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8; save it as UTF-8 CSV"
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):  # Excel's "CSV UTF-8" writes a byte-order mark: fine
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        check.file_problem(
            f"not UTF-8: line {line} has the byte 0x{raw[err.start]:02X}, as written by a "
            "latin-1 or Windows-1252 export (Excel's plain 'CSV'); save the file as UTF-8 "
            "('CSV UTF-8' in Excel)"
        )
        return None


def _header_delimiter(header: str) -> str | None:
    """The delimiter a header line uses when it is not a comma."""
    if "," in header:
        return None
    counts = {";": header.count(";"), "\t": header.count("\t"), "|": header.count("|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _parse(text: str, table: schema.Table, check: _Checker) -> pd.DataFrame | None:
    header = text.split("\n", 1)[0].rstrip("\r")
    expected = ",".join(table.column_names)
    if not header.strip():
        check.file_problem(f"the first line is empty; it must be the header: {expected}")
        return None
    delim = _header_delimiter(header)
    if delim is not None:
        check.file_problem(
            f"columns are separated by {_DELIMITER_NAMES[delim]}, not commas; save the file as "
            f"comma-separated CSV (the header must read: {expected})"
        )
        return None
    names = [n.strip() for n in next(csv.reader([header]))]
    missing = [c for c in table.column_names if c not in names]
    unexpected = [c for c in names if c not in table.column_names]
    dup = sorted({c for c in names if names.count(c) > 1})
    if missing:
        check.file_problem(
            f"missing column(s) {', '.join(map(repr, missing))} (expected: {expected})"
        )
    if unexpected:
        check.file_problem(
            f"unexpected column(s) {', '.join(map(repr, unexpected))}; remove or rename them "
            f"(expected: {expected})"
        )
    if dup:
        check.file_problem(f"column(s) {', '.join(map(repr, dup))} appear more than once")
    if missing or unexpected or dup:
        return None
    # Blank lines are skipped by the parser unless the text has some: then
    # they are kept (as empty rows, dropped below) so line numbers stay right.
    blank_lines = "\n\n" in text or "\n\r\n" in text
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=not blank_lines,
            skipinitialspace=True,
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.ParserError as err:
        m = _FIELDS.search(str(err))
        if m:
            want, line, saw = m.groups()
            check.file_problem(
                f"line {line} has {saw} fields, the header has {want}; a value that contains "
                'a comma must be in double quotes ("North, Inc")'
            )
        else:
            check.file_problem(f"cannot be read as CSV ({str(err).strip()})")
        return None
    except (pd.errors.EmptyDataError, csv.Error, ValueError) as err:
        check.file_problem(f"cannot be read as CSV ({str(err).strip()})")
        return None
    # (A row with fewer fields than the header is padded with empty values,
    # which the column checks report where a value is required.)
    frame.columns = names
    # Stripping every value of a million-row file costs seconds, so only when
    # the text has a space before a comma or a line end (skipinitialspace
    # already dropped the spaces after commas).
    if " ," in text or " \n" in text or " \r\n" in text or text.endswith(" "):
        frame = frame.apply(lambda s: s.str.strip())
    if blank_lines:
        blank = np.logical_and.reduce([frame[c].to_numpy() == "" for c in frame.columns])
        frame = frame[~blank]
    return frame


# -------------------------------------------------------------- column checks


def _column(raw: pd.Series, col: schema.Column, check: _Checker) -> pd.Series | None:
    """Parse one column (object dtype, "" = empty) to its dtype; None when any value is bad."""
    empty = pd.Series(raw.to_numpy() == "", index=raw.index)
    ok = True
    if not col.nullable:
        ok &= not check.rows(col.name, empty, "empty value (this column is required)")
    present = ~empty
    if col.kind in ("id", "str", "cat"):
        if col.kind == "cat":
            bad = present & ~raw.isin(col.values)
            ok &= not check.rows(col.name, bad, f"not one of {', '.join(col.values)}:", raw)
        if not ok:
            return None
        values = raw.to_numpy(copy=True)
        values[empty.to_numpy()] = None
        return pd.Series(values, index=raw.index, dtype="str")
    if col.kind == "date":
        parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")  # "" -> NaT
        bad = present & parsed.isna()
        ok &= not check.rows(col.name, bad, "not a date in YYYY-MM-DD form:", raw)
        if col.name == "month":
            first = parsed.notna() & (parsed.dt.day != 1)
            ok &= not check.rows(col.name, first, "not the first day of a month:", raw)
        return parsed.astype("datetime64[ns]") if ok else None
    num = pd.to_numeric(raw, errors="coerce").astype("float64")  # "" -> NaN
    word = "a whole number" if col.kind == "int" else "a number"
    bad_type = present & ~np.isfinite(num)
    if check.rows(col.name, bad_type, f"not {word}:", raw):
        return None
    if col.kind == "int":
        ok &= not check.rows(col.name, present & (num % 1 != 0), "not a whole number:", raw)
    if col.min is not None:
        low = num < col.min
        what = f"negative {col.name}" if col.min == 0 else f"below the minimum {col.min:g}:"
        ok &= not check.rows(col.name, low, what, raw)
    if col.max is not None:
        ok &= not check.rows(col.name, num > col.max, f"above the maximum {col.max:g}:", raw)
    if not ok:
        return None
    return num.astype("int64") if col.kind == "int" else num


def _cross_rules(name: str, f: pd.DataFrame, check: _Checker) -> None:
    """Rules between columns of one table (only on columns that parsed)."""
    has = f.columns
    if name == "opportunities":
        if {"created_date", "closed_date"} <= set(has):
            check.rows(
                "closed_date",
                f["closed_date"] < f["created_date"],
                "closed_date is before created_date:",
                lambda: f["closed_date"].dt.strftime("%Y-%m-%d"),
            )
        if {"status", "stage"} <= set(has):
            # the funnel deck wins the sale at target; only a won deal can be effective
            check.rows(
                "stage",
                (f["status"] == "W") & f["stage"].isin(["potential", "possible"]),
                "won (status W) but the stage is before 'target':",
                f["stage"],
            )
            check.rows(
                "stage",
                (f["status"] != "W") & (f["stage"] == "effective"),
                "stage 'effective' but not won (status W):",
                f["status"],
            )
        if {"status", "loss_reason"} <= set(has):
            reason = f["loss_reason"].notna()
            lost = f["status"] == "L"
            check.rows(
                "loss_reason",
                reason & ~lost,
                "a loss_reason is given but the status is not L:",
                f["loss_reason"],
            )
            check.rows("loss_reason", lost & ~reason, "lost (status L) without a loss_reason")
        if {"status", "closed_date"} <= set(has):
            closed = f["closed_date"].notna()
            decided = f["status"].isin(["W", "L"])
            check.rows(
                "closed_date",
                decided & ~closed,
                "won or lost (status W or L) without a closed_date",
            )
            check.rows(
                "closed_date",
                ~decided & closed,
                "still open (status C or D) but has a closed_date:",
                lambda: f["closed_date"].dt.strftime("%Y-%m-%d"),
            )
    if name == "contracts" and {"start_date", "end_date"} <= set(has):
        check.rows(
            "end_date",
            f["end_date"] <= f["start_date"],
            "end_date is not after start_date:",
            lambda: f["end_date"].dt.strftime("%Y-%m-%d"),
        )
    if name == "campaign_touches" and {"contacts", "responses"} <= set(has):
        check.rows(
            "responses",
            f["responses"] > f["contacts"],
            "more responses than contacts:",
            f["responses"],
        )
    if name == "product_sales" and {"product_id", "month"} <= set(has):
        dup = f.duplicated(["product_id", "month"], keep=False)
        check.rows(
            "month", dup, "the same product_id and month appear more than once:", f["product_id"]
        )


def _read_table(folder: Path, table: schema.Table) -> tuple[pd.DataFrame | None, list[str], bool]:
    """(frame or None, problems, key column usable for foreign keys)."""
    check = _Checker(table.file)
    path = folder / table.file
    if not path.is_file():
        check.file_problem(
            f"missing file (expected {path}, with columns {','.join(table.column_names)})"
        )
        return None, check.problems, False
    raw = path.read_bytes()
    if not raw.strip():
        check.file_problem(
            "the file is empty (0 bytes); it needs at least the header line "
            + ",".join(table.column_names)
        )
        return None, check.problems, False
    text = _decode(raw, check)
    frame = None if text is None else _parse(text, table, check)
    if frame is None:
        return None, check.problems, False
    if frame.empty and table.name not in MAY_BE_EMPTY:
        check.file_problem("has a header but no rows; this table needs at least one row")
        return None, check.problems, False
    parsed = {}
    for col in table.columns:
        out = _column(frame[col.name], col, check)
        if out is not None:
            parsed[col.name] = out
    key_ok = table.key is not None and table.key in parsed
    if key_ok:
        key = parsed[table.key]
        dup = key.notna() & key.duplicated(keep=False)
        key_ok = not check.rows(table.key, dup, f"duplicate {table.key}:", key)
    good = pd.DataFrame(parsed, index=frame.index)
    _cross_rules(table.name, good, check)
    if check.problems:
        return None, check.problems, key_ok
    return good[table.column_names].reset_index(drop=True), check.problems, key_ok


def _foreign_keys(frames: dict[str, pd.DataFrame], raw_keys: dict[str, pd.Series]) -> list[str]:
    problems = []
    for name, frame in frames.items():
        check = _Checker(schema.TABLES[name].file)
        for col in schema.TABLES[name].columns:
            if not col.references:
                continue
            ref_table, ref_col = col.references.split(".")
            if ref_table not in raw_keys:
                continue
            values = frame[col.name]
            unknown = values.notna() & ~values.isin(raw_keys[ref_table])
            check.rows(col.name, unknown, f"unknown {ref_col} (not in {ref_table}.csv):", values)
        problems += check.problems
    return problems


def load_dir(folder: Path, tables: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Load and validate ``folder``'s CSVs (all tables, or ``tables``)."""
    folder = Path(folder)
    if isinstance(tables, str):
        tables = [tables]
    names = list(schema.TABLES) if tables is None else list(dict.fromkeys(tables))
    unknown = [t for t in names if t not in schema.TABLES]
    if unknown:
        listed = ", ".join(map(repr, unknown))
        raise DataError([f"unknown table(s) {listed}; the tables are {', '.join(schema.TABLES)}"])
    if not names:
        raise DataError(["no tables asked for: pass tables=None for all of them"])
    if not folder.is_dir():
        files = ", ".join(schema.TABLES[n].file for n in names)
        raise DataError([f"{folder}: no such folder (it should hold {files})"])
    frames: dict[str, pd.DataFrame] = {}
    problems: list[str] = []
    keys: dict[str, pd.Series] = {}
    for name in names:
        frame, found, _ = _read_table(folder, schema.TABLES[name])
        problems += found
        if frame is not None:
            frames[name] = frame
            if schema.TABLES[name].key:
                keys[name] = frame[schema.TABLES[name].key]
    # Foreign keys only between tables that loaded cleanly (a broken parent
    # table is already reported; checking against it would only add noise).
    problems += _foreign_keys(frames, keys)
    if problems:
        raise DataError(problems)
    return frames
