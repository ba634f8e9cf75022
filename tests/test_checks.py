"""valuekit.checks: the one way to list labels, parse a date and check a frame (issue 16, 6)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from valuekit import checks
from valuekit.funnel._checks import timestamp
from valuekit.team_report.inputs import parse_period_end


def test_label_list_shows_five_then_counts_the_rest():
    assert checks.label_list(["a", "b"]) == "a, b"
    assert checks.label_list(list("abcdefghi")) == "a, b, c, d, e and 4 more"
    assert checks.label_list(list("abc"), limit=2, fmt=repr) == "'a', 'b' and 1 more"
    # a long remainder gets thousands separators; a generator is listed too
    assert checks.label_list((f"x{i}" for i in range(50_007)), limit=7).endswith(
        "x6 and 50,000 more")


def test_label_list_slices_an_index_without_copying_it_all():
    index = pd.RangeIndex(1_000_000)
    assert checks.label_list(index, limit=3) == "0, 1, 2 and 999,997 more"
    assert checks.label_list(np.arange(4), limit=3) == "0, 1, 2 and 1 more"


def test_rows_and_csv_lines_use_the_same_listing():
    index = pd.Index([3, 7, 9, 10, 11, 12, 20])
    assert checks.rows_text(index, [True] * 7) == "rows 3, 7, 9, 10, 11 and 2 more"
    assert checks.rows_text(index, [False, True] + [False] * 5) == "row 7"
    # data row 0 is CSV line 2 (the header is line 1)
    assert checks.lines_text(pd.Index([12])) == "line 14"
    assert checks.lines_text(pd.Index([12, 25, 28, 39, 50, 58, 69])) == (
        "lines 14, 27, 30, 41, 52 and 2 more")


@pytest.mark.parametrize("value", ["2025-12-31", dt.date(2025, 12, 31),
                                   pd.Timestamp("2025-12-31"), " 2025-12-31 "])
def test_strict_date_takes_a_day(value):
    assert checks.date_value(value, "period_end", strict=True) == pd.Timestamp("2025-12-31")


@pytest.mark.parametrize("value", ["12/31/2025", "2025-12-31 08:00", "2025-1-31", "soon", "",
                                   None, float("nan")])
def test_strict_date_refuses_anything_but_yyyy_mm_dd(value):
    with pytest.raises(ValueError, match=r"^period_end must be a date written YYYY-MM-DD, got "):
        checks.date_value(value, "period_end", strict=True)


def test_lenient_date_takes_what_pandas_reads_and_keeps_the_time():
    assert checks.date_value("12/31/2025", "as_of") == pd.Timestamp("2025-12-31")
    assert checks.date_value("2025-12-31 08:00", "as_of").hour == 8
    for bad in ("soon", None, "NaT"):
        with pytest.raises(ValueError, match=r"^as_of must be a date such as '2025-12-31', got "):
            checks.date_value(bad, "as_of")


def test_the_two_former_parsers_are_now_this_one():
    # --period-end: strict, a missing value is the sample's date
    assert parse_period_end(None) == pd.Timestamp("2025-12-31")
    assert parse_period_end(pd.Timestamp("2025-06-30 13:00")) == pd.Timestamp("2025-06-30")
    with pytest.raises(ValueError, match="period_end must be a date written YYYY-MM-DD"):
        parse_period_end("30.06.2025")
    # the funnel's as_of: lenient
    assert timestamp("2025-06-30 13:00") == pd.Timestamp("2025-06-30 13:00")
    with pytest.raises(ValueError, match="as_of must be a date such as"):
        timestamp("soon")


def test_require_frame_names_every_missing_column_and_refuses_empty_unless_allowed():
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(ValueError, match=r"t is missing the column\(s\) 'b', 'c'; "
                                         r"this calculation needs 'a', 'b', 'c'"):
        checks.require_frame(frame, "t", ["a", "b", "c"])
    with pytest.raises(ValueError, match="t must be a pandas DataFrame, not list"):
        checks.require_frame([1], "t")
    with pytest.raises(ValueError, match="t is empty"):
        checks.require_frame(frame.iloc[0:0], "t", ["a"])
    assert checks.require_columns(frame.iloc[0:0], "t", ["a"]).empty
