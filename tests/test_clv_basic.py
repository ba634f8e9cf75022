"""Closed-form CLV, CAC, payback and tiers against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from valuekit import clv


class TestRetentionCLV:
    def test_hand_computed(self):
        # m r / (1 + d - r) = 100 * 0.8 / 0.3
        assert clv.retention_clv(100, 0.8, 0.1) == pytest.approx(266.6666667)
        # 50 * 0.9 / (1.12 - 0.9) = 45 / 0.22
        assert clv.retention_clv(50, 0.9, 0.12) == pytest.approx(204.5454545)

    def test_equals_the_series_it_sums(self):
        # sum_{t>=1} m r^t / (1+d)^t, written out term by term
        terms = [100 * 0.8**t / 1.1**t for t in range(1, 400)]
        assert clv.retention_clv(100, 0.8, 0.1) == pytest.approx(sum(terms), rel=1e-12)

    def test_edges(self):
        assert clv.retention_clv(100, 0.0, 0.1) == 0.0
        assert clv.retention_clv(100, 1.0, 0.1) == pytest.approx(1000.0)  # 100 / 0.1
        assert clv.retention_clv(-20, 0.5, 0.0) == pytest.approx(-20.0)  # loss-making customer

    def test_vectorised_and_types(self):
        out = clv.retention_clv(100, np.array([0.5, 0.8]), 0.1)
        np.testing.assert_allclose(out, [50 / 0.6, 80 / 0.3])
        assert isinstance(clv.retention_clv(100, 0.8, 0.1), float)
        series = pd.Series([0.5, 0.8], index=["a", "b"])
        result = clv.retention_clv(100, series, 0.1)
        assert isinstance(result, pd.Series) and list(result.index) == ["a", "b"]

    @pytest.mark.parametrize(
        "margin, retention, discount, words",
        [
            (100, 1.0, 0.0, r"below 1 \+ discount"),
            (100, 1.2, 0.1, "between 0 and 1"),
            (100, -0.1, 0.1, "between 0 and 1"),
            (100, 0.8, -0.05, "discount must not be negative"),
            (float("nan"), 0.8, 0.1, "margin contains a missing"),
            (100, [0.8, float("nan")], 0.1, "position 1"),
            (100, [], 0.1, "retention is empty"),
            ("abc", 0.8, 0.1, "margin must be a number"),
        ],
    )
    def test_bad_input(self, margin, retention, discount, words):
        with pytest.raises(ValueError, match=words):
            clv.retention_clv(margin, retention, discount)


class TestDiscountedCLV:
    def test_end_of_period_hand_computed(self):
        # 100 * (0.8/1.1 + 0.8^2/1.1^2 + 0.8^3/1.1^3) = 72.7273 + 52.8926 + 38.4673
        assert clv.discounted_clv(100, 0.8, 0.1, 3) == pytest.approx(164.0872, abs=1e-4)

    def test_start_of_period_hand_computed(self):
        # 100 * (1 + 0.8/1.1 + 0.64/1.21) = 100 + 72.7273 + 52.8926
        got = clv.discounted_clv(100, 0.8, 0.1, 3, timing="start")
        assert got == pytest.approx(225.6198, abs=1e-4)

    def test_acquisition_cost_and_zero_years(self):
        assert clv.discounted_clv(100, 0.8, 0.1, 3, acquisition_cost=50) == pytest.approx(
            114.0872, abs=1e-4)
        assert clv.discounted_clv(100, 0.8, 0.1, 0, acquisition_cost=50) == -50.0

    def test_special_rates(self):
        # no churn, no discount: n margins
        assert clv.discounted_clv(100, 1.0, 0.0, 5) == pytest.approx(500.0)
        assert clv.discounted_clv(100, 1.0, 0.0, 5, timing="start") == pytest.approx(500.0)
        # everyone leaves at once: only the up-front payment counts
        assert clv.discounted_clv(100, 0.0, 0.1, 5) == 0.0
        assert clv.discounted_clv(100, 0.0, 0.1, 5, timing="start") == pytest.approx(100.0)

    def test_long_horizon_tends_to_retention_clv(self):
        assert clv.discounted_clv(100, 0.8, 0.1, 2000) == pytest.approx(
            clv.retention_clv(100, 0.8, 0.1), rel=1e-12)
        # start timing: m (1 + d) / (1 + d - r) = 100 * 1.1 / 0.3
        assert clv.discounted_clv(100, 0.8, 0.1, 2000, timing="start") == pytest.approx(
            366.6666667)

    def test_near_one_no_cancellation(self):
        # q = r / (1 + d) just below 1: sum of 10 terms is about 10
        got = clv.discounted_clv(1.0, 1 - 1e-12, 0.0, 10, timing="start")
        assert got == pytest.approx(10.0, rel=1e-9)

    def test_vectorised_years(self):
        got = clv.discounted_clv(100, 0.8, 0.1, np.array([1, 2, 3]))
        np.testing.assert_allclose(got, [72.72727, 125.61983, 164.08715], atol=1e-4)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="timing"):
            clv.discounted_clv(100, 0.8, 0.1, 3, timing="middle")
        with pytest.raises(ValueError, match="years must be whole"):
            clv.discounted_clv(100, 0.8, 0.1, 2.5)
        with pytest.raises(ValueError, match="years must be at least 0"):
            clv.discounted_clv(100, 0.8, 0.1, -1)
        with pytest.raises(ValueError, match="acquisition_cost must not be negative"):
            clv.discounted_clv(100, 0.8, 0.1, 3, acquisition_cost=-5)


class TestAcquisition:
    def test_cac_and_ratio(self):
        assert clv.cac(10_000, 40) == 250.0
        np.testing.assert_allclose(clv.cac([1000, 3000], [10, 20]), [100, 150])
        assert clv.ltv_to_cac(900, 300) == 3.0

    def test_bad_input(self):
        with pytest.raises(ValueError, match="new_customers must be greater than zero"):
            clv.cac(1000, 0)
        with pytest.raises(ValueError, match="marketing_spend must not be negative"):
            clv.cac(-1, 10)
        with pytest.raises(ValueError, match="cac must be greater than zero"):
            clv.ltv_to_cac(900, 0)


class TestPayback:
    def test_hand_computed(self):
        assert clv.payback_months(300, 100) == 3  # exactly 3 full months
        assert clv.payback_months(301, 100) == 4
        # 100 + 90 + 81 = 271 < 300 <= 271 + 72.9
        assert clv.payback_months(300, 100, 0.9) == 4
        # 2000 (1 - 0.95^n) >= 1000: n=13 gives 973.3, n=14 gives 1024.7
        assert clv.payback_months(1000, 100, 0.95) == 14

    def test_never_and_immediate(self):
        assert clv.payback_months(300, 100, 0.5) == math.inf  # at most 100 / 0.5 = 200
        assert clv.payback_months(200, 100, 0.5) == math.inf  # reached only in the limit
        assert clv.payback_months(0, 100, 0.5) == 0
        assert clv.payback_months(100, 100, 0.0) == 1
        assert clv.payback_months(150, 100, 0.0) == math.inf

    def test_vectorised(self):
        got = clv.payback_months(300, 100, np.array([1.0, 0.9, 0.5]))
        np.testing.assert_array_equal(got, [3, 4, np.inf])

    def test_bad_input(self):
        with pytest.raises(ValueError, match="monthly_margin must be greater than zero"):
            clv.payback_months(300, 0)
        with pytest.raises(ValueError, match="monthly_retention must be between 0 and 1"):
            clv.payback_months(300, 100, 1.5)
        with pytest.raises(ValueError, match="cac must not be negative"):
            clv.payback_months(-3, 100)


class TestTiers:
    def test_ten_distinct_values(self):
        values = pd.Series(range(1, 11), index=[f"c{i}" for i in range(1, 11)])
        tiers = clv.clv_tiers(values)
        assert list(tiers.index) == list(values.index)
        assert list(tiers) == ["low"] * 5 + ["medium"] * 3 + ["high"] * 2

    def test_order_does_not_matter_and_ties_share_a_tier(self):
        tiers = clv.clv_tiers([5, 1, 5, 5])
        assert list(tiers) == ["high", "low", "high", "high"]

    def test_custom_cuts_and_labels(self):
        tiers = clv.clv_tiers(np.arange(100), cuts=(0.1,), labels=("top", "rest"))
        assert (tiers == "top").sum() == 10
        assert list(tiers.cat.categories) == ["top", "rest"]

    @pytest.mark.parametrize(
        "kwargs, words",
        [
            ({"cuts": (0.5, 0.2)}, "strictly increasing"),
            ({"cuts": (0.0, 0.5)}, "strictly between 0 and 1"),
            ({"labels": ("a", "b")}, "3 distinct names"),
        ],
    )
    def test_bad_rules(self, kwargs, words):
        with pytest.raises(ValueError, match=words):
            clv.clv_tiers([1, 2, 3], **kwargs)

    def test_bad_values(self):
        with pytest.raises(ValueError, match="values is empty"):
            clv.clv_tiers([])
        with pytest.raises(ValueError, match="missing"):
            clv.clv_tiers([1.0, np.nan])
