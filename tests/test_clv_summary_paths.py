"""The customer summary's three ways to find each customer's distinct purchase periods
(byte grid, grid after squeezing out unused whole-number ids, hash table) against a plain
pandas groupby, and ``valuekit clv``'s reader (ids and dates as categories) against
:func:`read_transactions` (ids and dates as text)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from valuekit.clv import transactions as tr
from valuekit.data.loader import DataError


def _log(ids) -> pd.DataFrame:
    rng = np.random.default_rng(12)
    n = 3000
    start = pd.Timestamp("2022-01-01").value
    seconds = rng.integers(0, 2 * 365 * 86400, n) * 1_000_000_000
    return pd.DataFrame({"customer": rng.choice(ids, n),
                         "date": pd.to_datetime(start + seconds),
                         "value": rng.gamma(2.0, 30.0, n).round(2)})


def _by_pandas(log: pd.DataFrame) -> pd.DataFrame:
    """Days, lifetimes' definitions, the way a pandas user writes them."""
    day = log["date"].dt.floor("D")
    daily = log.assign(day=day).groupby(["customer", "day"])["value"].sum().reset_index()
    g = daily.groupby("customer")
    first, n = g["day"].transform("min"), g["day"].size()
    out = pd.DataFrame({"frequency": (n - 1).astype(float),
                        "recency": (g["day"].max() - g["day"].min()).dt.days.astype(float),
                        "T": (day.max() - g["day"].min()).dt.days.astype(float)})
    repeat = daily[daily["day"] != first].groupby("customer")["value"].mean()
    out["monetary_value"] = repeat.reindex(out.index).fillna(0.0)
    return out


TEXT_IDS = [f"C{i:04d}" for i in range(300)]
SPARSE_IDS = np.arange(300) * 3000 + 17  # whole numbers with gaps: 900k slots for 300
GAPPY_IDS = np.arange(300) * 3 + 1  # a small range with gaps: the grid keeps unused codes


@pytest.mark.parametrize("ids", [TEXT_IDS, SPARSE_IDS, GAPPY_IDS],
                         ids=["text ids", "sparse ids", "gappy ids"])
@pytest.mark.parametrize("budget", [None, 10**6, 0], ids=["grid", "small grid", "hash"])
def test_each_way_gives_the_pandas_summary(monkeypatch, ids, budget):
    if budget is not None:
        monkeypatch.setattr(tr, "_grid_budget", lambda rows: budget)
    log = _log(ids)
    ours = tr.customer_summary(log, "customer", "date", "value")
    expected = _by_pandas(log)
    assert len(ours) == log["customer"].nunique() > 250
    assert (ours["frequency"] > 0).sum() > 200  # repeat buyers: the mean is exercised
    pd.testing.assert_frame_equal(ours, expected, check_names=False, check_index_type=False,
                                  rtol=1e-12)


@pytest.mark.parametrize("freq, multiplier", [("W", 1), ("M", 1), ("D", 7)])
def test_grid_and_hash_agree_in_weeks_and_months(monkeypatch, freq, multiplier):
    log = _log(SPARSE_IDS)
    kw = dict(freq=freq, freq_multiplier=multiplier, observation_end="2023-06-30",
              drop_after_end=True)
    grid = tr.customer_summary(log, "customer", "date", "value", **kw)
    monkeypatch.setattr(tr, "_grid_budget", lambda rows: 0)
    hashed = tr.customer_summary(log, "customer", "date", "value", **kw)
    pd.testing.assert_frame_equal(grid, hashed, rtol=1e-12)
    whole = tr.customer_summary(log, "customer", "date", "value", freq=freq,
                                freq_multiplier=multiplier)
    assert grid["frequency"].sum() < whole["frequency"].sum()  # the end did cut the log


def _both_readers(path, **kw):
    """What each reader returns or raises: (ids, dates, values) or the error text."""
    out = []
    for read in (lambda: tr._validate(tr.read_transactions(path, "id", "day", "amount",
                                                           _validated=False),
                                      "id", "day", "amount", source=str(path), **kw),
                 lambda: tr._read(path, "id", "day", "amount", **kw)):
        try:
            frame, days = read()
        except (DataError, ValueError) as err:
            out.append(str(err))
            continue
        out.append((frame["id"].astype(str).tolist(), frame["day"].tolist(),
                    frame["amount"].tolist(), days.tolist()))
    return out


@pytest.mark.parametrize("rows", [
    # leading zeros and text ids stay distinct; a date with and without a time of day
    "007,2024-01-01,5\n7,2024-01-03,1\nTrue,2024-01-03 10:00:00,2\n007,2024-02-01,3\n",
    "A,2024-01-01 09:30:00,5\nB,2024-01-02,6\nA,2024-01-05 17:00:00,1\n",
    "A,01/02/2024,5\nB,13/02/2024,6\n",  # the first row decides the guessed format,
    "A,13/02/2024,5\nB,01/02/2024,6\n",  # not the first in sorted order
    "B,2024-01-02,6\nA,2024-01-01 09:30:00,5\n",
    "A,,5\nB,13/02/2024,6\nC,01/02/2024,1\n",  # the first row without a date
    "A,2024-01-01,5\nB,not a day,6\n,2024-01-02,1\nC,2301-01-01,2\nD,,3\n",
    "A,2024-01-01,5\nB,2024-01-02,-6\nC,2024-01-03,\nD,2024-01-04,x\n",
    "A,1024-01-02,5\nB,2024-01-02,6\n",
])
def test_command_reader_reads_as_read_transactions(tmp_path, rows):
    path = tmp_path / "log.csv"
    path.write_text("id,day,amount\n" + rows, encoding="utf-8")
    text, categories = _both_readers(path)
    assert categories == text


def test_command_reader_keeps_leading_zeros(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("id,day,amount\n007,2024-01-01,5\n7,2024-01-03,1\n007,2024-01-04,2\n",
                    encoding="utf-8")
    frame, days = tr._read(path, "id", "day", "amount")
    assert isinstance(frame["id"].dtype, pd.CategoricalDtype)  # the fast path was taken
    summary = tr._summary_of_clean(frame, "id", "day", "amount", "D", 1,
                                   pd.Timestamp("2024-01-04"), days)
    assert summary.index.tolist() == ["007", "7"]
    assert summary["frequency"].tolist() == [1.0, 0.0]
    assert summary["monetary_value"].tolist() == [2.0, 0.0]


def test_command_reader_names_the_observation_end(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("id,day,amount\nA,2024-01-01,5\nB,2024-03-02,6\n", encoding="utf-8")
    text, categories = _both_readers(path, observation_end="2024-02-01")
    assert categories == text and "after the observation end 2024-02-01" in text


def test_categorical_dates_of_any_kind_read_as_before():
    days = ["2024-01-03", "2024-01-01", "2024-01-03", "2024-01-05"]
    log = pd.DataFrame({"id": ["A", "B", "A", "B"], "day": days, "amount": [1.0, 2, 3, 4]})
    expected = tr.customer_summary(log, "id", "day", "amount")
    for day in (pd.Categorical(days), pd.Categorical(pd.to_datetime(days))):
        got = tr.customer_summary(log.assign(day=day, id=pd.Categorical(log["id"])),
                                  "id", "day", "amount")
        pd.testing.assert_frame_equal(got, expected, check_index_type=False)
