"""The real logs of datasets/real/: what they hold, that the shipped purchase log is what the
cleaning gives, and the cleaning steps and 80/20 concentration on the wholesaler's data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from valuekit import clv
from valuekit.clv.invoice_lines import clean_invoice_lines, concentration, read_invoice_lines

REAL = Path(__file__).resolve().parents[1] / "datasets" / "real"
REF = Path(__file__).parent / "reference" / "cdnow"


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    return read_invoice_lines(REAL / "online_retail_lines.csv.gz")


@pytest.fixture(scope="module")
def cleaned(lines):
    return clean_invoice_lines(lines)


def test_licences_and_attribution_ship_with_the_data():
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    assert "Chen, Sain & Guo" in readme and "CC BY 4.0" in readme and "MIT" in readme
    notice = (REAL / "LICENSE-ONLINE-RETAIL.md").read_text(encoding="utf-8")
    assert "creativecommons.org/licenses/by/4.0" in notice and "Changes made" in notice
    assert "Cameron Davidson-Pilon" in (REAL / "LICENSE-CDNOW-MIT.txt").read_text()


def test_online_retail_lines_are_the_whole_original(lines):
    # UCI data set 352: 541,909 lines, 4,372 customers, 2010-12-01 to 2011-12-09
    assert len(lines) == 541_909
    assert lines["CustomerID"].nunique() == 4372
    assert lines["CustomerID"].isna().sum() == 135_080
    dates = pd.to_datetime(lines["InvoiceDate"])
    assert (dates.min().date().isoformat(), dates.max().date().isoformat()) == (
        "2010-12-01", "2011-12-09")
    assert list(lines.columns) == ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate",
                                   "UnitPrice", "CustomerID", "Country"]


def test_cleaning_steps_add_up(lines, cleaned):
    steps = cleaned.steps.set_index("step")
    assert steps["lines"].sum() == len(lines)
    value = (lines["Quantity"] * lines["UnitPrice"]).sum()
    assert steps["value"].sum() == pytest.approx(value)
    assert steps.loc["no customer id", "lines"] == 135_080
    cancelled = lines["InvoiceNo"].str.startswith("C") & lines["CustomerID"].notna()
    partial = "partial cancellation (invoice number starts with 'C')"
    assert steps.loc["its cancellation", "lines"] + steps.loc[partial, "lines"] == cancelled.sum()
    # an order cancelled in full and its cancellation cancel out exactly
    assert steps.loc["order line cancelled in full", "lines"] == steps.loc[
        "its cancellation", "lines"]
    assert steps.loc["order line cancelled in full", "value"] == pytest.approx(
        -steps.loc["its cancellation", "value"])
    assert steps.loc[partial, "value"] < 0
    p = cleaned.purchases
    assert (p["value"] > 0).all() and p["customer"].notna().all()
    assert p["invoice"].is_unique
    assert steps.loc["kept", "value"] == pytest.approx(p["value"].sum())
    # customer 12346's one order (74,215 units, £77,184) was cancelled the same day
    assert "12346" not in set(p["customer"])


def test_a_cancellation_removes_the_order_it_undoes():
    lines = pd.DataFrame({
        "InvoiceNo": ["1", "2", "C3", "4", "C5"], "StockCode": ["A", "A", "A", "B", "B"],
        "Quantity": [5, 5, -5, 10, -4], "UnitPrice": [2.0, 2.0, 2.0, 1.0, 1.0],
        "InvoiceDate": ["2024-01-01", "2024-01-05", "2024-01-06", "2024-01-07", "2024-01-08"],
        "CustomerID": ["7", "7", "7", "7", "7"]})
    out = clean_invoice_lines(lines)
    # C3 undoes the latest matching order line (invoice 2); C5 is partial (4 of 10): dropped,
    # its order kept
    assert out.purchases["invoice"].tolist() == ["1", "4"]
    assert out.steps.set_index("step")["lines"].tolist() == [0, 1, 1, 1, 0, 0, 2]


def test_the_shipped_purchase_log_is_what_the_cleaning_gives(cleaned):
    shipped = pd.read_csv(REAL / "online_retail_invoices.csv",
                          dtype={"customer_id": str, "invoice": str}, parse_dates=["date"])
    ours = cleaned.purchases
    assert len(shipped) == len(ours) == 18_345
    assert shipped["customer_id"].tolist() == ours["customer"].tolist()
    assert shipped["invoice"].tolist() == ours["invoice"].tolist()
    assert (shipped["date"] == ours["date"]).all()
    np.testing.assert_allclose(shipped["value"], ours["value"], atol=0.005)


def test_eighty_twenty(cleaned):
    revenue = cleaned.purchases.groupby("customer")["value"].sum()
    curve = concentration(revenue)
    assert curve["revenue_share"].iloc[-1] == pytest.approx(1.0)
    # the top 20% of customers by revenue bring about three quarters of it
    top = revenue.sort_values(ascending=False).iloc[: len(revenue) // 5].sum() / revenue.sum()
    assert curve.iloc[len(revenue) // 5 - 1]["revenue_share"] == pytest.approx(top)
    assert 0.70 < top < 0.80


def test_cdnow_csv_is_the_raw_log(tmp_path):
    raw = pd.read_csv(REF / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["master", "id", "date", "cds", "dollars"], dtype=str)
    shipped = pd.read_csv(REAL / "cdnow_transactions.csv", dtype=str)
    assert shipped["customer_id"].tolist() == raw["id"].tolist()
    assert shipped["date"].str.replace("-", "").tolist() == raw["date"].tolist()
    assert shipped["dollars"].astype(float).tolist() == raw["dollars"].astype(float).tolist()


def test_the_bgnbd_needs_one_cohort_on_the_wholesaler(cleaned):
    p = cleaned.purchases
    s = clv.customer_summary(p, "customer", "date", "value", freq="D", freq_multiplier=7)
    seen = s[s["T"] > 0]
    # all customers, most first seen in 2011: "nobody stops" (lifetimes does not converge
    # either without a penalizer)
    with pytest.raises(clv.FitError, match="ran off towards 0 or infinity"):
        clv.fit_bgnbd(seen["frequency"], seen["recency"], seen["T"])
    first = p.groupby("customer")["date"].transform("min")
    cohort = clv.customer_summary(p[first < "2011-01-01"], "customer", "date", freq="D",
                                  freq_multiplier=7)
    bg = clv.fit_bgnbd(cohort["frequency"], cohort["recency"], cohort["T"])
    assert bg.n == 884
    assert bg.params == pytest.approx((0.8188, 5.9606, 0.0116, 2.611), abs=1e-3)
