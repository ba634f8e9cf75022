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
    assert steps.loc["cancelled invoice (number starts with 'C')", "lines"] == cancelled.sum()
    assert steps.loc["cancelled invoice (number starts with 'C')", "value"] < 0
    p = cleaned.purchases
    assert (p["value"] > 0).all() and p["customer"].notna().all()
    assert p["invoice"].is_unique
    assert steps.loc["kept", "value"] == pytest.approx(p["value"].sum())


def test_the_shipped_purchase_log_is_what_the_cleaning_gives(cleaned):
    shipped = pd.read_csv(REAL / "online_retail_invoices.csv",
                          dtype={"customer_id": str, "invoice": str}, parse_dates=["date"])
    ours = cleaned.purchases
    assert len(shipped) == len(ours) == 18_532
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


def test_wholesaler_models_fit_on_the_whole_year(cleaned):
    s = clv.customer_summary(cleaned.purchases, "customer", "date", "value", freq="D",
                             freq_multiplier=7)
    seen = s[s["T"] > 0]
    bg = clv.fit_bgnbd(seen["frequency"], seen["recency"], seen["T"])
    # lifetimes 0.11.3 on the same summary: r 0.8265, alpha 9.8436, a 0.0034, b 6.7451
    # (printed to 4 decimals): the dropout probability's mean a / (a + b) is tiny
    assert bg.params == pytest.approx((0.8265, 9.8436, 0.0034, 6.7451), abs=5e-5)
