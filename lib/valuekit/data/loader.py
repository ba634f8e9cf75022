"""Load a folder of CSVs and validate it against :mod:`valuekit.schema`.

Every problem becomes one line of a :class:`DataError` naming the file, the
column, the CSV line numbers (the header is line 1, so the first data row is
line 2) and an example of the offending value; all problems of all files are
reported at once. Checks are vectorised (pandas), so a user's export of a
million rows is checked without a loop per row (timings: benchmarks/loader_inputs.md).

Returned frames: ``id``/``str``/``cat`` columns as pandas ``str`` (missing =
NaN), ``date`` as ``datetime64[ns]`` (missing = NaT), ``int`` as ``int64``,
``float`` as ``float64``; columns in schema order. Text is normalised to NFC
(a name stored decomposed matches the same name typed composed).

What the loader accepts beyond plain UTF-8 CSV (docs/data_guide.md, "What the
loader accepts"): a UTF-8 byte-order mark, GBK/GB18030 files (read with a
:class:`DataNote`, see :mod:`valuekit.data.encoding`), Windows and old-Mac
(CR-only) line ends, blank lines, spaces around values, and trailing empty
columns without a name (Excel's; dropped with a note). Line numbers are the
file's physical lines, also after a quoted value that spans lines.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from valuekit import schema
from valuekit.checks import label_list, lines_text
from valuekit.data import encoding

#: Tables that may have a header and no rows (a user may have no campaign log,
#: no market sales series or no survey); every other table needs rows.
MAY_BE_EMPTY = frozenset({"campaign_touches", "product_sales", "value_survey"})

_SHOW_PROBLEMS = 30  # problems listed in one error before "... and N more"
_SHOW_NAMES = 7  # column names quoted in one problem before "and N more" (checks.label_list)
_LINE_NOTE = "Line numbers are those of the CSV file, counting the header as line 1."


class DataNote(UserWarning):
    """Something the loader did that the user should know (a file read as GB18030,
    empty columns dropped); issued with :func:`warnings.warn`, printed by the
    ``valuekit`` command as ``valuekit: note: ...``."""


def _note(text: str) -> None:
    warnings.warn(DataNote(text), stacklevel=4)


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
        self.problems.append(f"{self.file}, column '{column}', {lines_text(bad)}: {what}{example}")
        return True


# ---------------------------------------------------------------- reading bytes


_SAVE_UTF8 = "save the file as UTF-8 ('CSV UTF-8' in Excel's Save As)"


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL
    (a stray NUL inside a value is not UTF-16, and is reported where it is)."""
    head = raw[:4096]
    return head.count(b"\x00") * 4 >= len(head)


def _decode(raw: bytes, check: _Checker) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        check.file_problem(
            "the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8; save it as UTF-8 CSV"
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):  # Excel's "CSV UTF-8" writes a byte-order mark: fine
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        chinese = encoding.decode_gb18030(raw)
        if chinese is not None:
            _gb18030_note(check.file, chinese)
            return chinese
        line = raw[: err.start].count(b"\n") + 1
        check.file_problem(
            f"not UTF-8: line {line} has the byte 0x{raw[err.start]:02X}, as written by Excel's "
            "plain 'CSV' (latin-1 or Windows-1252; GBK/GB18030 on a Chinese system); "
            + _SAVE_UTF8
        )
        return None
    if not text.isascii() and encoding.doubtful_utf8(text):
        chinese = encoding.decode_gb18030(raw)
        if chinese is not None:
            _gb18030_note(check.file, chinese)
            return chinese
    return text


def _gb18030_note(file: str, text: str) -> None:
    line, sample = encoding.first_non_ascii_line(text)
    _note(
        f"{file}: read as GBK/GB18030 (Excel's plain 'CSV' on a Chinese system), not UTF-8; "
        f"line {line} reads {sample!r}. If that looks wrong, {_SAVE_UTF8}"
    )


def _header_delimiter(header: str) -> str | None:
    """The delimiter a header line uses when it is not a comma."""
    if "," in header:
        return None
    counts = {";": header.count(";"), "\t": header.count("\t"), "|": header.count("|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _names(names: list[str], what: str) -> str:
    """"unexpected column(s) 'a', 'b'", or for thousands of names a summary:
    "50,000 unexpected columns: 'a', ... 'g' and 49,993 more"."""
    if len(names) <= _SHOW_NAMES:
        return f"{what} column(s) {', '.join(map(repr, names))}"
    return f"{len(names):,} {what} columns: {label_list(names, _SHOW_NAMES, fmt=repr)}"


def _record_starts(text: str, keep_blank: bool) -> list[int]:
    """Physical line on which each data record starts (the header is line 1).

    A line break inside double quotes does not end a record, and a quote
    inside a quoted value is doubled, so a record ends at a line where the
    quotes seen so far are even (RFC 4180; no field-size limit, unlike csv).
    """
    starts, inside = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        if not inside and number > 1 and (keep_blank or line.strip("\r")):
            starts.append(number)
        if line.count('"') % 2:
            inside = not inside
    if starts and starts[-1] == text.count("\n") + 1 and text.endswith("\n"):
        starts.pop()  # the empty "line" after the final line break
    return starts


def _open_quote_line(text: str) -> int:
    """The line of the double quote left open at the end of the file."""
    opened, inside = 1, False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count('"') % 2:
            inside = not inside
            opened = number if inside else opened
    return opened


def _values_beyond(text: str, width: int) -> list[int]:
    """Lines with a value after the first ``width`` fields (in columns without a name)."""
    if '"' not in text:  # no quoting: a line's fields are split at every comma
        lines = text.split("\n")[1:]
        return [
            i + 2
            for i, line in enumerate(lines)
            if line.rstrip(", \r").count(",") >= width
        ]
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    next(reader, None)
    bad, end = [], reader.line_num
    for record in reader:
        if any(v.strip() for v in record[width:]):
            bad.append(end + 1)
        end = reader.line_num
    return bad


def _header(text: str, table: schema.Table, check: _Checker
            ) -> tuple[list[str], int, int] | None:
    """The header's column names (Excel's trailing empty ones dropped), how many of them
    are kept and how many fields the header has; None, with the problems, when it is wrong."""
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
    # Excel saves columns that were once touched as empty, unnamed columns at
    # the end (up to its 16,384): dropped, with a note, when they hold nothing.
    width = n_fields = len(names)
    while width and not names[width - 1]:
        width -= 1
    if width < len(names):
        dropped = len(names) - width
        beyond = _values_beyond(text, width)
        if beyond:
            check.file_problem(
                f"{dropped:,} column(s) without a name at the end of the header hold values "
                f"({lines_text(pd.Index(beyond) - 2)}); name them or delete them"
            )
            return None
        _note(f"{check.file}: ignored {dropped:,} empty column(s) without a name at the end")
        names = names[:width]
    columns = set(table.column_names)
    present = set(names)
    missing = [c for c in table.column_names if c not in present]
    unexpected = [c if c else f"(no name, column {i + 1})" for i, c in enumerate(names)
                  if c not in columns]
    counts = Counter(names)
    dup = sorted(c for c, n in counts.items() if n > 1 and c)
    if missing:
        check.file_problem(
            f"missing column(s) {', '.join(map(repr, missing))} (expected: {expected})"
        )
    if unexpected:
        check.file_problem(
            f"{_names(unexpected, 'unexpected')}; remove or rename them "
            f"(expected: {expected})"
        )
    if dup:
        check.file_problem(f"column(s) {', '.join(map(repr, dup))} appear more than once")
    if missing or unexpected or dup:
        return None
    return names, width, n_fields


def _parser_problem(err: pd.errors.ParserError, text: str) -> str:
    """pandas' parser error as the user's problem, with the physical line at fault."""
    m = _FIELDS.search(str(err))
    if m:
        want, record, saw = m.groups()
        line = int(record)
        if '"' in text:  # the parser counts records; a quoted value may span lines
            starts = _record_starts(text, keep_blank=True)
            line = starts[line - 2] if 2 <= line < len(starts) + 2 else line
        return (
            f"line {line} has {saw} fields, the header has {want}; a value that contains "
            'a comma must be in double quotes ("North, Inc")'
        )
    if "EOF inside string" in str(err):
        return (
            f"line {_open_quote_line(text)} opens a double quote that is never closed; "
            'a quote inside a value is written twice ("6"" screen")'
        )
    return f"cannot be read as CSV ({str(err).strip()})"


def _parse(text: str, table: schema.Table, check: _Checker) -> pd.DataFrame | None:
    header = _header(text, table, check)
    if header is None:
        return None
    names, width, n_fields = header
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
            usecols=range(width) if width < n_fields else None,
        )
    except pd.errors.ParserError as err:
        check.file_problem(_parser_problem(err, text))
        return None
    except (pd.errors.EmptyDataError, csv.Error, ValueError) as err:
        check.file_problem(f"cannot be read as CSV ({str(err).strip()})")
        return None
    # (A row with fewer fields than the header is padded with empty values,
    # which the column checks report where a value is required.)
    frame.columns = names
    # Index = CSV line - 2, so messages quote physical lines; only a quoted
    # value with a line break makes records and lines differ.
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(frame) != lines - 1 and '"' in text:
        starts = _record_starts(text, keep_blank=blank_lines)
        if len(starts) == len(frame):
            frame.index = pd.Index(starts) - 2
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


# C0 and C1 control characters (tab and line breaks are text): NUL, ESC
# sequences that recolour or rewrite a terminal, and the like are never part
# of a name, and printed raw they would act on the user's terminal.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATE_MIN, _DATE_MAX = pd.Timestamp(schema.DATE_MIN), pd.Timestamp(schema.DATE_MAX)
# float64 holds every whole number exactly up to 2**53; int64 ends at 2**63.
_WHOLE_LIMIT = 2.0**53


def _bound(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _column(
    raw: pd.Series, col: schema.Column, check: _Checker, controls: bool = False
) -> pd.Series | None:
    """Parse one column (object dtype, "" = empty) to its dtype; None when any value is bad.

    ``controls``: the file's text holds control characters (checked per column
    only then, as a million-row scan costs time).
    """
    empty = pd.Series(raw.to_numpy() == "", index=raw.index)
    ok = True
    if not col.nullable:
        ok &= not check.rows(col.name, empty, "empty value (this column is required)")
    present = ~empty
    if col.kind in ("id", "str", "cat"):
        if controls:
            bad = present & raw.str.contains(_CONTROL)
            ok &= not check.rows(
                col.name,
                bad,
                "holds a control character (NUL, escape, ...), which is not text; remove it:",
                raw,
            )
        if col.kind == "cat" and ok:
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
        # Before the cast to nanoseconds, which ends in 2262: 9999-12-31 is a
        # CRM's "no end date" and must be named, not crash the load.
        outside = parsed.notna() & ((parsed < _DATE_MIN) | (parsed > _DATE_MAX))
        hint = "leave the cell empty" if col.nullable else "this column needs a real date"
        ok &= not check.rows(
            col.name,
            outside,
            f"outside the dates the kit accepts ({schema.DATE_MIN} to {schema.DATE_MAX}; "
            f"a placeholder for 'no date' such as 9999-12-31: {hint}):",
            raw,
        )
        if col.name == "month" and ok:
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
        what = f"negative {col.name}" if col.min == 0 else f"below the minimum {_bound(col.min)}:"
        ok &= not check.rows(col.name, low, what, raw)
    if col.max is not None:
        ok &= not check.rows(col.name, num > col.max, f"above the maximum {_bound(col.max)}:", raw)
    limit = col.limit if col.limit is not None else (_WHOLE_LIMIT if col.kind == "int" else None)
    if limit is not None:
        unit = f" {col.unit}" if col.unit else ""
        ok &= not check.rows(
            col.name,
            num.abs() > limit,
            f"beyond the plausible limit of {_bound(limit)}{unit} (no business reaches it: "
            "check the unit, a stray exponent or a placeholder):",
            raw,
        )
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
        what = (
            "is empty (0 bytes)"
            if not raw
            else f"holds only whitespace ({len(raw):,} bytes of spaces or line ends)"
        )
        check.file_problem(
            f"the file {what}; it needs at least the header line " + ",".join(table.column_names)
        )
        return None, check.problems, False
    text = _decode(raw, check)
    if text is not None:
        if "\r" in text and "\n" not in text:  # old Mac line ends (Excel for Mac's CSV)
            text = text.replace("\r", "\n")
        if not text.isascii():  # one C pass; composed names match what users type
            text = unicodedata.normalize("NFC", text)
    try:
        frame = None if text is None else _parse(text, table, check)
    except csv.Error as err:  # e.g. a value over 131,072 characters: a quote left open
        check.file_problem(f"cannot be read as CSV ({err}; is a double quote left open?)")
        frame = None
    if frame is None:
        return None, check.problems, False
    if frame.empty and table.name not in MAY_BE_EMPTY:
        check.file_problem("has a header but no rows; this table needs at least one row")
        return None, check.problems, False
    parsed = {}
    controls = _CONTROL.search(text) is not None
    for col in table.columns:
        out = _column(frame[col.name], col, check, controls)
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
