"""Cohort survival and retention from a small hand-built contracts table.

Seven accounts, extract date 2025-12-31 (the sample's SAMPLE_AS_OF). Worked by hand:

- A1 2022-01-01: renewed, renewed, churned 2024-12-31 -> alive at anniversaries 0, 1, 2.
- A2 2022-03-01: churned 2023-02-28 -> alive at 0 only.
- A3 2022-06-01: renewed three times, active to 2026-05-31 -> alive at 0..3 (2025-06-01),
  anniversary 4 (2026-06-01) is after the extract: unknown.
- A4 2022-09-01: P1 churned 2023-08-31, P2 renewed then churned 2024-08-31 -> alive at 0, 1.
- A5 2023-04-01: active -> alive at 0, 1, 2 (2025-04-01); anniversary 3 unknown.
- A6 2023-10-01: churned 2024-09-30 -> alive at 0 only.
- A7 2025-02-01: active -> alive at 0; anniversary 1 unknown.

Per account, cohort 2022: 4, 3, 2, 1 then unknown; 2023: 2, 1, 1, unknown; 2025: 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from valuekit import clv
from valuekit.schema import SAMPLE_AS_OF, TABLES

ROWS = [
    # account, product, start, end, renewal_number, outcome
    ("A1", "P1", "2022-01-01", "2022-12-31", 0, "renewed"),
    ("A1", "P1", "2023-01-01", "2023-12-31", 1, "renewed"),
    ("A1", "P1", "2024-01-01", "2024-12-31", 2, "churned"),
    ("A2", "P1", "2022-03-01", "2023-02-28", 0, "churned"),
    ("A3", "P1", "2022-06-01", "2023-05-31", 0, "renewed"),
    ("A3", "P1", "2023-06-01", "2024-05-31", 1, "renewed"),
    ("A3", "P1", "2024-06-01", "2025-05-31", 2, "renewed"),
    ("A3", "P1", "2025-06-01", "2026-05-31", 3, "active"),
    ("A4", "P1", "2022-09-01", "2023-08-31", 0, "churned"),
    ("A4", "P2", "2022-09-01", "2023-08-31", 0, "renewed"),
    ("A4", "P2", "2023-09-01", "2024-08-31", 1, "churned"),
    ("A5", "P3", "2023-04-01", "2024-03-31", 0, "renewed"),
    ("A5", "P3", "2024-04-01", "2025-03-31", 1, "renewed"),
    ("A5", "P3", "2025-04-01", "2026-03-31", 2, "active"),
    ("A6", "P1", "2023-10-01", "2024-09-30", 0, "churned"),
    ("A7", "P1", "2025-02-01", "2026-01-31", 0, "active"),
]


@pytest.fixture
def contracts() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=["account_id", "product_id", "start_date", "end_date",
                                        "renewal_number", "outcome"])
    frame.insert(0, "contract_id", [f"K{i}" for i in range(len(frame))])
    frame["annual_value"] = 10_000.0
    return frame[TABLES["contracts"].column_names]  # exactly the schema's columns


NAN = np.nan
EXPECTED_COUNTS = pd.DataFrame(
    {0: [4.0, 2.0, 1.0], 1: [3.0, 1.0, NAN], 2: [2.0, 1.0, NAN], 3: [1.0, NAN, NAN]},
    index=pd.Index([2022, 2023, 2025], name="cohort"),
)


def test_survival_counts_per_account(contracts):
    got = clv.survival_counts(contracts, as_of=SAMPLE_AS_OF)
    pd.testing.assert_frame_equal(got, EXPECTED_COUNTS, check_names=False, check_dtype=False)
    assert got.index.name == "cohort" and got.columns.name == "year"


def test_default_as_of_is_the_latest_date_the_table_proves(contracts):
    # latest start 2025-06-01 (A3's active year): same table as with 2025-12-31
    got = clv.survival_counts(contracts)
    pd.testing.assert_frame_equal(got, EXPECTED_COUNTS, check_names=False, check_dtype=False)


def test_cohort_retention_is_share_and_keeps_nan(contracts):
    got = clv.cohort_retention(contracts, as_of=SAMPLE_AS_OF)
    np.testing.assert_allclose(got.loc[2022], [1.0, 0.75, 0.5, 0.25])
    np.testing.assert_allclose(got.loc[2023].iloc[:3], [1.0, 0.5, 0.5])
    assert np.isnan(got.loc[2023, 3])  # not observed yet: NaN, not zero
    assert got.loc[2025, 0] == 1.0 and got.loc[2025].iloc[1:].isna().all()


def test_one_cohort_series(contracts):
    series = clv.survival_counts(contracts, 2023, as_of=SAMPLE_AS_OF)
    assert list(series) == [2.0, 1.0, 1.0]  # the unobserved year 3 is dropped


def test_contracts_to_sbg_reproduce_fader_hardie():
    """1,000 accounts from 2015 that churn as Fader & Hardie's (2007) "regular" cohort:
    contract records -> survival_counts -> fit_sbg give their published fit."""
    alive = [1000, 631, 468, 382, 326, 289, 262, 241]
    rows = []
    account = 0
    for years in range(1, 9):  # accounts that stay `years` contract years
        lost = alive[years - 1] - alive[years] if years < 8 else alive[7]
        for _ in range(lost):
            account += 1
            for k in range(years):
                last = k == years - 1
                outcome = ("active" if years == 8 else "churned") if last else "renewed"
                rows.append((f"A{account}", "P1", f"{2015 + k}-01-01", f"{2015 + k}-12-31",
                             outcome))
    frame = pd.DataFrame(rows, columns=["account_id", "product_id", "start_date", "end_date",
                                        "outcome"])
    counts = clv.survival_counts(frame, 2015, as_of="2022-12-31")
    assert list(counts) == alive
    fit = clv.fit_sbg(counts)
    assert fit.alpha == pytest.approx(0.704, abs=5e-4)
    assert fit.beta == pytest.approx(1.182, abs=5e-4)


def test_per_account_product(contracts):
    got = clv.survival_counts(contracts, as_of=SAMPLE_AS_OF, unit="account_product")
    # A4 counts twice in 2022: (A4, P1) lost after year 0, (A4, P2) after year 1
    np.testing.assert_allclose(got.loc[2022], [5, 3, 2, 1])


def test_quarter_cohorts(contracts):
    got = clv.survival_counts(contracts, by="quarter", as_of=SAMPLE_AS_OF)
    assert list(got.index) == ["2022Q1", "2022Q2", "2022Q3", "2023Q2", "2023Q4", "2025Q1"]
    # A1 and A2; the table ends with the first column that is all zero or unknown
    np.testing.assert_allclose(got.loc["2022Q1"], [2, 1, 1, 0, 0])


def test_win_back_gap_is_not_churn(contracts):
    # A2 comes back in 2024 with another product: the relationship counts as unbroken
    back = pd.DataFrame([{"contract_id": "K99", "account_id": "A2", "product_id": "P2",
                          "start_date": "2024-03-01", "end_date": "2025-02-28",
                          "renewal_number": 0, "annual_value": 1.0, "outcome": "churned"}])
    got = clv.survival_counts(pd.concat([contracts, back]), as_of=SAMPLE_AS_OF)
    np.testing.assert_allclose(got.loc[2022], [4, 4, 3, 1])


def test_a_fully_lost_cohort_ends_in_zero():
    frame = pd.DataFrame({"account_id": ["X"], "product_id": ["P"],
                          "start_date": ["2020-01-01"], "end_date": ["2020-12-31"],
                          "outcome": ["churned"]})
    got = clv.survival_counts(frame, as_of=SAMPLE_AS_OF)
    assert got.loc[2020].tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda f: f.drop(columns="outcome"), "missing column"),
        (lambda f: f.iloc[0:0], "contracts is empty"),
        (lambda f: f.assign(start_date=["not a date"] + list(f.start_date[1:])), "not a date"),
        (lambda f: f.assign(end_date=[None] + list(f.end_date[1:])), "empty in row 0"),
        (lambda f: f.assign(end_date=["2021-01-01"] + list(f.end_date[1:])), "ends before"),
        (lambda f: f.assign(outcome=["lost"] + list(f.outcome[1:])), "'lost' in row 0"),
    ],
)
def test_bad_tables(contracts, change, words):
    with pytest.raises(ValueError, match=words):
        clv.survival_counts(change(contracts))


def test_bad_arguments(contracts):
    with pytest.raises(ValueError, match="starts after as_of"):
        clv.survival_counts(contracts, as_of="2024-01-01")
    with pytest.raises(ValueError, match="by must be"):
        clv.cohort_retention(contracts, by="month")
    with pytest.raises(ValueError, match="unit must be"):
        clv.survival_counts(contracts, unit="product")
    with pytest.raises(ValueError, match="cohort 2019 is not"):
        clv.survival_counts(contracts, 2019)
    with pytest.raises(ValueError, match="DataFrame"):
        clv.survival_counts([1, 2, 3])
