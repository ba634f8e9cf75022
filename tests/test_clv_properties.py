"""Properties that must hold for any valid input (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.special import betaln

from valuekit import clv

# a shared 2-core machine can be slow: no per-example deadline
settings.register_profile("clv", deadline=None, max_examples=150)
settings.load_profile("clv")

margins = st.floats(0.01, 1e6)
rates = st.floats(0.0, 1.0)
discounts = st.floats(0.0, 1.0)
shapes = st.floats(0.05, 500.0)
bg_params = st.tuples(st.floats(0.01, 50), st.floats(0.01, 500), st.floats(0.02, 50),
                      st.floats(0.02, 50))


@given(margins, rates, rates, discounts)
def test_retention_clv_rises_with_retention(m, r1, r2, d):
    low, high = sorted((r1, r2))
    assume(high < 1 + d)
    assume(high - low > 1e-9)
    assert clv.retention_clv(m, low, d) < clv.retention_clv(m, high, d)


@given(margins, rates, rates, discounts, st.integers(1, 50), st.sampled_from(["end", "start"]))
def test_discounted_clv_rises_with_retention_and_stays_below_the_infinite_sum(m, r1, r2, d,
                                                                              years, timing):
    low, high = sorted((r1, r2))
    v_low = clv.discounted_clv(m, low, d, years, timing=timing)
    v_high = clv.discounted_clv(m, high, d, years, timing=timing)
    assert v_low <= v_high * (1 + 1e-12)
    if high < 1 + d and timing == "end":
        assert v_high <= clv.retention_clv(m, high, d) * (1 + 1e-12)


@given(shapes, shapes)
def test_survival_never_increases(alpha, beta):
    s = np.asarray(clv.sbg_survival(alpha, beta, np.arange(0, 200)))
    assert s[0] == 1.0
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.diff(s) <= 1e-15)


@given(shapes, shapes, st.integers(0, 30), st.floats(0.02, 1.0))
def test_derl_equals_its_defining_sum(alpha, beta, n, d):
    t = np.arange(n + 1, n + 3001)
    survival = np.exp(betaln(alpha, beta + t) - betaln(alpha, beta + n))
    brute = np.sum(survival * np.exp(-(t - n - 1) * np.log1p(d)))
    got = clv.sbg_derl(alpha, beta, d, n)
    assert np.isfinite(got)
    assert abs(got - brute) <= 1e-9 * brute + 1e-300


@given(bg_params, st.integers(0, 100_000), st.floats(0.0, 1.0), st.floats(0.1, 500.0))
def test_p_alive_is_a_probability(params, x, recency_share, T):
    t_x = 0.0 if x == 0 else max(recency_share * T, 1e-6)
    p = clv.bgnbd_p_alive(params, x, t_x, T)
    assert 0.0 <= p <= 1.0


@given(bg_params, st.integers(0, 1_000_000), st.floats(0.0, 1.0), st.floats(0.1, 500.0),
       st.floats(0.0, 1000.0))
def test_conditional_expectation_finite_and_non_negative(params, x, recency_share, T, t):
    t_x = 0.0 if x == 0 else max(recency_share * T, 1e-6)
    e = clv.bgnbd_conditional_expected(params, t, x, t_x, T)
    assert np.isfinite(e)
    assert e >= -1e-9 * max(1.0, x)  # zero up to rounding when t = 0


@given(bg_params, st.floats(0.0, 1000.0), st.floats(0.0, 1000.0))
def test_unconditional_expectation_grows_with_time(params, t1, t2):
    low, high = sorted((t1, t2))
    e_low = clv.bgnbd_expected_purchases(params, low)
    e_high = clv.bgnbd_expected_purchases(params, high)
    assert np.isfinite(e_high) and e_low >= -1e-9
    assert e_low <= e_high + 1e-9 * max(1.0, e_high)


@given(st.floats(0.0, 1e5), st.floats(1.0, 1e4), rates, rates)
def test_payback_never_slower_with_better_retention(cac, margin, r1, r2):
    low, high = sorted((r1, r2))
    assert clv.payback_months(cac, margin, high) <= clv.payback_months(cac, margin, low)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=200))
def test_tiers_follow_value(values):
    tiers = clv.clv_tiers(values)
    v = np.asarray(values)
    rank = {"high": 0, "medium": 1, "low": 2}
    codes = np.array([rank[t] for t in tiers])
    # a customer worth more is never in a lower tier
    order = np.argsort(-v, kind="stable")
    assert np.all(np.diff(codes[order]) >= 0)
