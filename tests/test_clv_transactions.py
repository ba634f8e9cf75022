"""The customer summary of a raw transaction log, against the published CDNOW figures,
against lifetimes, and on hand-made logs; its validation; value and holdout check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from valuekit import clv
from valuekit.clv.repeat_buying import (
    cumulative_repeat_transactions,
    customer_values,
    holdout_by_frequency,
)
from valuekit.clv.transactions import (
    calibration_holdout,
    customer_summary,
    read_transactions,
    validate_transactions,
)
from valuekit.data.loader import DataError

REF = Path(__file__).parent / "reference" / "cdnow"
CAL_END = "1997-09-30"  # 39 weeks after 1997-01-01: FHL's calibration period


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    log = pd.read_csv(REF / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["master", "id", "date", "cds", "dollars"], dtype={"date": str})
    log["date"] = pd.to_datetime(log["date"], format="%Y%m%d")
    return log


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return pd.read_csv(REF / "cdnow_customers_summary_with_transactions.csv", index_col="ID")


@pytest.fixture(scope="module")
def cal_summary(cdnow) -> pd.DataFrame:
    """The raw log up to the calibration end, in weeks counted in days (FHL's unit)."""
    return customer_summary(cdnow, "id", "date", "dollars", freq="D", freq_multiplier=7,
                            observation_end=CAL_END, drop_after_end=True)


def test_raw_cdnow_log_gives_the_published_calibration_summary(cal_summary, published):
    assert len(cal_summary) == 2357
    assert list(cal_summary.index) == list(published.index)
    np.testing.assert_array_equal(cal_summary["frequency"], published["x"])
    # the published file rounds to 2 decimals
    np.testing.assert_allclose(cal_summary["recency"], published["t_x"], atol=0.005)
    np.testing.assert_allclose(cal_summary["T"], published["T"], atol=0.005)
    np.testing.assert_allclose(cal_summary["monetary_value"], published["zbar"], atol=0.005)
    assert cal_summary.loc[1].tolist() == pytest.approx([2, 213 / 7, 272 / 7, 22.345])


def test_raw_cdnow_log_gives_the_published_estimates(cal_summary):
    bg = clv.fit_bgnbd(cal_summary["frequency"], cal_summary["recency"], cal_summary["T"])
    # Fader, Hardie & Lee (2005), Marketing Science 24(2): r, alpha, a, b, LL
    assert bg.params == pytest.approx((0.243, 4.414, 0.793, 2.426), abs=0.0006)
    assert bg.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    gg = clv.fit_gamma_gamma(cal_summary["frequency"], cal_summary["monetary_value"])
    # Fader, Hardie & Lee (2005), JMR 42(4): p, q, gamma
    assert gg.params == pytest.approx((6.25, 3.74, 15.44), abs=0.006)
    values = customer_values(cal_summary, bg, gg, horizon=39)
    # FHL (2005): x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks
    assert values.loc[1, "expected_purchases"] == pytest.approx(1.226, abs=0.001)


def _lifetimes_columns(ours_summary, ours_ch):
    return ours_summary.join(ours_ch)


def test_summary_equals_lifetimes_stored_once(cdnow):
    expected = pd.read_csv(REF / "lifetimes_summary_weeks.csv", index_col="id")
    ours = customer_summary(cdnow, "id", "date", "dollars", freq="W").join(
        calibration_holdout(cdnow, "id", "date", "dollars", calibration_end=CAL_END,
                            freq="W"))
    assert list(ours.columns) == list(expected.columns)
    assert list(ours.index) == list(expected.index)
    np.testing.assert_allclose(ours.to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(("freq", "multiplier", "end"), [
    ("D", 1, None), ("W", 1, None), ("D", 7, None), ("D", 1, CAL_END), ("W", 1, "1997-06-04"),
])
def test_summary_equals_lifetimes_live(cdnow, freq, multiplier, end):
    utils = pytest.importorskip("lifetimes.utils")
    theirs = utils.summary_data_from_transaction_data(
        cdnow, "id", "date", monetary_value_col="dollars", freq=freq,
        freq_multiplier=multiplier, observation_period_end=end)
    ours = customer_summary(cdnow, "id", "date", "dollars", freq=freq,
                            freq_multiplier=multiplier, observation_end=end,
                            drop_after_end=end is not None)
    pd.testing.assert_frame_equal(ours, theirs, check_names=False, check_index_type=False,
                                  rtol=1e-12)
    theirs_ch = utils.calibration_and_holdout_data(
        cdnow, "id", "date", CAL_END, observation_period_end="1998-06-30",
        monetary_value_col="dollars", freq=freq, freq_multiplier=multiplier)
    ours_ch = calibration_holdout(cdnow, "id", "date", "dollars", calibration_end=CAL_END,
                                  freq=freq, freq_multiplier=multiplier)
    pd.testing.assert_frame_equal(ours_ch, theirs_ch, check_names=False,
                                  check_index_type=False, rtol=1e-12)


# ------------------------------------------------------------------ hand-made logs

def _log(rows):
    return pd.DataFrame(rows, columns=["customer", "date", "value"])


def test_same_period_purchases_count_once_and_first_period_is_left_out_of_spend():
    log = _log([
        ("a", "2024-01-01", 10.0), ("a", "2024-01-01", 5.0),  # first day: 15, not repeat spend
        ("a", "2024-01-03", 20.0), ("a", "2024-01-03", 4.0),  # one repeat purchase of 24
        ("a", "2024-01-10", 30.0),                           # a second one of 30
        ("b", "2024-01-05", 7.0),                            # one purchase only
    ])
    s = customer_summary(log, value="value", observation_end="2024-01-11")
    assert s.loc["a"].tolist() == [2, 9, 10, 27.0]  # x=2 days, t_x=9, T=10, (24+30)/2
    assert s.loc["b"].tolist() == [0, 0, 6, 0.0]
    weeks = customer_summary(log, value="value", freq="W", observation_end="2024-01-11")
    # 2024-01-01 is a Monday: weeks Mon 1 - Sun 7 and Mon 8 - Sun 14
    assert weeks.loc["a"].tolist() == [1, 1, 1, 30.0]
    assert weeks.loc["b"].tolist() == [0, 0, 1, 0.0]
    months = customer_summary(log, value="value", freq="M", observation_end="2024-03-31")
    assert months.loc["a"].tolist() == [0, 0, 2, 0.0]


def test_a_sunday_and_the_next_monday_are_different_weeks():
    log = _log([("a", "2024-01-07", 1.0), ("a", "2024-01-08", 2.0)])
    assert customer_summary(log, value="value", freq="W").loc["a", "frequency"] == 1


def test_calibration_holdout_by_hand():
    log = _log([
        ("a", "2024-01-01", 10.0), ("a", "2024-01-05", 20.0),
        ("a", "2024-01-12", 8.0), ("a", "2024-01-12", 4.0), ("a", "2024-01-15", 3.0),
        ("b", "2024-01-09", 5.0),                            # first purchase in calibration
        ("c", "2024-01-13", 9.0),                            # first purchase in the holdout
    ])
    ch = calibration_holdout(log, value="value", calibration_end="2024-01-10",
                             observation_end="2024-01-20")
    assert list(ch.index) == ["a", "b"]
    assert ch.loc["a"].tolist() == [1, 4, 9, 20.0, 2, 5.0, 10]
    assert ch.loc["b"].tolist() == [0, 0, 1, 0.0, 0, 0.0, 10]


# ------------------------------------------------------------------ validation

def test_bad_rows_are_named_by_file_column_and_line():
    log = pd.DataFrame({
        "cust": ["1", None, "3", "4", "5", "6"],
        "day": ["2024-01-01", "2024-01-02", "yesterday", "2924-01-01", "2024-02-01",
                "2024-01-03"],
        "amount": ["10", "5", "5", "5", "-3", "abc"],
    })
    with pytest.raises(DataError) as err:
        validate_transactions(log, "cust", "day", "amount", source="sales.csv",
                              observation_end="2024-01-31")
    problems = err.value.problems
    assert "sales.csv, column 'cust', line 3: missing customer id" in problems[0]
    assert any(p.startswith("sales.csv, column 'day', line 4: not a date") and "'yesterday'"
               in p for p in problems)
    assert any(p.startswith("sales.csv, column 'day', line 5: date out of range")
               for p in problems)
    assert any(p.startswith("sales.csv, column 'day', line 6: after the observation end "
                            "2024-01-31") for p in problems)
    assert any(p.startswith("sales.csv, column 'amount', line 7: not a number: 'abc'")
               for p in problems)
    assert any(p.startswith("sales.csv, column 'amount', line 6: negative value (a "
                            "cancellation or a return?): '-3'") for p in problems)
    assert "counting the header as line 1" in str(err.value)


def test_many_bad_lines_are_listed_in_the_loaders_style():
    # the kit's one style (docs/data_guide.md): five lines, then "and N more"
    log = _log([("a", "2024-01-01", -1.0)] * 7 + [("a", "2024-01-02", 1.0)])
    with pytest.raises(DataError) as err:
        validate_transactions(log, "customer", "date", "value", source="sales.csv")
    assert err.value.problems[0].startswith(
        "sales.csv, column 'value', lines 2, 3, 4, 5, 6 and 2 more: negative value")


def test_missing_column_names_the_file_and_what_it_has():
    with pytest.raises(DataError, match=r"sales.csv: missing column\(s\) 'CustomerID' "
                                        r"\(the file has 'customer', 'date', 'value'\)"):
        validate_transactions(_log([("a", "2024-01-01", 1.0)]), "CustomerID", "date",
                              "value", source="sales.csv")


def test_purchases_after_the_end_are_an_error_unless_dropped():
    log = _log([("a", "2024-01-01", 1.0), ("a", "2024-02-01", 1.0)])
    with pytest.raises(DataError, match="line 3: after the observation end 2024-01-15"):
        customer_summary(log, value="value", observation_end="2024-01-15")
    s = customer_summary(log, value="value", observation_end="2024-01-15", drop_after_end=True)
    assert s.loc["a"].tolist() == [0, 0, 14, 0.0]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"freq": "Q"}, "freq must be one of D, W, M"),
    ({"freq_multiplier": 0}, "freq_multiplier must be a positive number"),
    ({"drop_after_end": True}, "drop_after_end needs an observation_end"),
    ({"observation_end": "soon"}, "observation_end must be a date"),
])
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        customer_summary(_log([("a", "2024-01-01", 1.0)]), value="value", **kwargs)


def test_read_transactions_names_csv_lines(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,when,amount\n007,2024-01-01,5\n,2024-01-02,6\n7,2024-01-03,-1\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_transactions(path, "id", "when", "amount")
    text = str(err.value)
    assert f"{path}, column 'id', line 3: missing customer id" in text
    assert f"{path}, column 'amount', line 4: negative value" in text
    path.write_text("id,when,amount\n007,2024-01-01,5\n7,2024-01-03,1\n", encoding="utf-8")
    log = read_transactions(path, "id", "when", "amount")
    assert sorted(log["id"]) == ["007", "7"]  # ids are text: leading zeros matter
    with pytest.raises(DataError, match=r"export.csv: missing column\(s\) 'date'"):
        read_transactions(path, "id", "date", "amount")


# ------------------------------------------------------------------ value and holdout check

@pytest.fixture(scope="module")
def cdnow_cal_holdout(cdnow):
    ch = calibration_holdout(cdnow, "id", "date", "dollars", calibration_end=CAL_END,
                             freq="D", freq_multiplier=7)
    bg = clv.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    return ch, bg


def test_holdout_by_frequency_is_the_groupby_of_actual_and_predicted(cdnow_cal_holdout):
    ch, bg = cdnow_cal_holdout
    table = holdout_by_frequency(ch, bg)
    assert table["frequency_cal"].tolist() == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert table["customers"].sum() == 2357
    assert table.loc[0, "customers"] == (ch["frequency_cal"] == 0).sum() == 1411
    seven = ch[ch["frequency_cal"] >= 7]
    assert table.loc[7, "actual"] == pytest.approx(seven["frequency_holdout"].mean())
    pred = clv.bgnbd_conditional_expected(bg, 39, seven["frequency_cal"], seven["recency_cal"],
                                          seven["T_cal"])
    assert ch["duration_holdout"].iloc[0] == 39  # 1997-09-30 to 1998-06-30 is 273 days
    assert table.loc[7, "predicted"] == pytest.approx(pred.mean())
    # FHL (2005), Figure 4: the model tracks the holdout means (within 0.4 transactions)
    assert np.abs(table["actual"] - table["predicted"]).max() < 0.4


def test_cumulative_repeat_transactions_counts_every_repeat_purchase(cdnow, cdnow_cal_holdout):
    ch, bg = cdnow_cal_holdout
    curve = cumulative_repeat_transactions(cdnow, "id", "date", bg, calibration_end=CAL_END,
                                           freq="D", freq_multiplier=7)
    assert curve["t"].iloc[-1] == pytest.approx(545 / 7)  # 1997-01-01 to 1998-06-30
    assert (curve["t"] == 272 / 7).sum() == 1  # the calibration end is on the grid
    total = customer_summary(cdnow, "id", "date", freq="D")["frequency"].sum()
    assert curve["actual"].iloc[-1] == total  # every CDNOW customer started in the cohort
    cal = curve[curve["part"] == "calibration"]
    assert cal["actual"].iloc[-1] == ch["frequency_cal"].sum()
    assert np.all(np.diff(curve["predicted"]) > 0)
    # the fitted model tracks the cumulative curve within 5% at the end of each period
    for part in ("calibration", "holdout"):
        last = curve[curve["part"] == part].iloc[-1]
        assert last["predicted"] == pytest.approx(last["actual"], rel=0.05)


def test_customer_values_columns_and_tiers(cal_summary):
    bg = clv.fit_bgnbd(cal_summary["frequency"], cal_summary["recency"], cal_summary["T"])
    gg = clv.fit_gamma_gamma(cal_summary["frequency"], cal_summary["monetary_value"])
    v = customer_values(cal_summary, bg, gg, horizon=52, periods=12, margin=0.3,
                        discount_per_period=0.01)
    assert list(v.columns[-5:]) == ["expected_purchases", "p_alive", "expected_spend", "clv",
                                    "tier"]
    assert v.loc[v["frequency"] == 0, "p_alive"].eq(1).all()  # BG/NBD: no repeat, no death
    one = v.loc[1]
    spend = clv.gamma_gamma_expected_spend(gg, 2, 22.345)
    assert one["expected_spend"] == pytest.approx(spend)
    # undiscounted, the CLV is margin x spend x expected purchases over the horizon
    flat = customer_values(cal_summary.loc[[1]], bg, gg, horizon=52, margin=0.3)
    assert flat.loc[1, "clv"] == pytest.approx(0.3 * spend * flat.loc[1, "expected_purchases"])
    top = v["clv"] >= v["clv"].quantile(0.85)
    assert (v.loc[top, "tier"] == "high").all()
    assert v["tier"].value_counts(normalize=True)["high"] == pytest.approx(0.2, abs=0.01)
