"""BG/NBD, Gamma-Gamma and sBG: numerics, independent cross-checks, failures and bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats
from scipy.optimize import approx_fprime
from scipy.special import beta as beta_fn
from scipy.special import gamma as gamma_fn
from scipy.special import hyp2f1

from valuekit import clv
from valuekit.clv.bgnbd import _CondensedLikelihood

CDNOW_PARAMS = (0.243, 4.414, 0.793, 2.426)  # Fader, Hardie & Lee (2005)
GG_PARAMS = (6.25, 3.74, 15.44)


def naive_conditional(params, t, x, tx, T):
    """FHL (2005) eq. 10 exactly as printed: overflows for large x, fine for small x."""
    r, alpha, a, b = params
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    den = 1 + (x > 0) * a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return num / den


def naive_likelihood(params, x, tx, T):
    """FHL (2005) eq. 6 with gamma and beta functions (overflows beyond x of about 170)."""
    r, alpha, a, b = params
    common = gamma_fn(r + x) * alpha**r / gamma_fn(r)
    first = beta_fn(a, b + x) / beta_fn(a, b) * common / (alpha + T) ** (r + x)
    second = beta_fn(a + 1, b + x - 1) / beta_fn(a, b) * common / (alpha + tx) ** (r + x)
    return first + (x > 0) * second


def simulate(n, r, alpha, a, b, seed):
    """Customers from the BG/NBD story: Poisson purchases, drop out after a repeat purchase."""
    rng = np.random.default_rng(seed)
    T = rng.integers(27 * 7, 39 * 7 + 1, n) / 7.0
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    would_buy = rng.poisson(lam * T)
    x = np.minimum(would_buy, rng.geometric(p))
    tx = np.zeros(n)
    k = x > 0
    tx[k] = T[k] * rng.beta(x[k], would_buy[k] - x[k] + 1)  # x-th of N uniform arrival times
    return x.astype(float), tx, T


HISTORIES = (np.array([0, 1, 2, 7, 30, 0, 3]), np.array([0, 5.2, 30.43, 36.0, 38.0, 0, 1.0]),
             np.array([38.86, 38.86, 38.86, 38.86, 38.86, 27.0, 27.0]))


class TestBGNBDNumerics:
    def test_log_likelihood_matches_the_printed_formula(self):
        got = clv.bgnbd_log_likelihood(CDNOW_PARAMS, *HISTORIES)
        np.testing.assert_allclose(got, np.log(naive_likelihood(CDNOW_PARAMS, *HISTORIES)),
                                   rtol=1e-12)

    def test_log_likelihood_finite_for_thousands_of_purchases(self):
        x = np.array([500, 3000, 20000])
        tx = np.array([38.0, 38.5, 38.8])
        T = np.full(3, 38.86)
        with np.errstate(all="ignore"):
            assert not np.all(np.isfinite(np.log(naive_likelihood(CDNOW_PARAMS, x, tx, T))))
        got = clv.bgnbd_log_likelihood(CDNOW_PARAMS, x, tx, T)
        assert np.all(np.isfinite(got))
        # the same equation term by term in scalar Python, log-sum-exp by hand
        r, alpha, a, b = CDNOW_PARAMS
        for xi, ti, Ti, gi in zip(x, tx, T, got, strict=True):
            base = (math.lgamma(r + xi) - math.lgamma(r) + r * math.log(alpha)
                    + math.lgamma(a + b) + math.lgamma(b + xi) - math.lgamma(b)
                    - math.lgamma(a + b + xi))
            l3 = -(r + xi) * math.log(alpha + Ti)
            l4 = math.log(a) - math.log(b + xi - 1) - (r + xi) * math.log(alpha + ti)
            top = max(l3, l4)
            assert gi == pytest.approx(base + top + math.log(math.exp(l3 - top)
                                                             + math.exp(l4 - top)), rel=1e-12)

    def test_conditional_expectation_matches_the_printed_formula(self):
        x, tx, T = HISTORIES
        for t in (1.0, 39.0, 200.0):
            np.testing.assert_allclose(
                clv.bgnbd_conditional_expected(CDNOW_PARAMS, t, x, tx, T),
                naive_conditional(CDNOW_PARAMS, t, x, tx, T), rtol=1e-9)

    def test_conditional_expectation_large_x(self):
        # the printed form gives NaN (0 * inf) for thousands of purchases
        with np.errstate(all="ignore"):
            assert np.isnan(naive_conditional(CDNOW_PARAMS, 39, 3000, 38.86, 38.86))
        x = np.array([1000, 2000, 4000, 100_000])
        got = np.asarray(clv.bgnbd_conditional_expected(CDNOW_PARAMS, 39, x, 38.86, 38.86))
        assert np.all(np.isfinite(got)) and np.all(got > 0)
        # a customer who buys at rate x / T keeps a stable share x -> E/x settles down
        per_purchase = got / x
        assert per_purchase[2] == pytest.approx(per_purchase[1], rel=1e-3)
        # a big buyer who has gone quiet for most of the period is almost surely gone
        quiet = clv.bgnbd_conditional_expected(CDNOW_PARAMS, 39, 3000, 10.0, 38.86)
        assert 0 <= quiet < 1e-6

    def test_unconditional_expectation_by_numerical_integration(self):
        # E[X(t) | lambda, p] = (1 - exp(-lambda p t)) / p (FHL eq. 7); integrating lambda over
        # its gamma gives (1 - (alpha/(alpha + p t))^r) / p, then p over its beta density
        for params in (CDNOW_PARAMS, (0.5, 5.0, 1.0, 2.0), (10.0, 1.0, 1.0, 1.0)):
            r, alpha, a, b = params
            for t in (1.0, 39.0, 78.0, 500.0):
                def integrand(p, t=t, r=r, alpha=alpha, a=a, b=b):
                    return (1 - (alpha / (alpha + p * t)) ** r) / p * stats.beta.pdf(p, a, b)
                expected = integrate.quad(integrand, 0, 1, limit=200, epsabs=0,
                                          epsrel=1e-11)[0]
                got = clv.bgnbd_expected_purchases(params, t)
                assert got == pytest.approx(expected, rel=1e-7), (params, t)
        assert clv.bgnbd_expected_purchases(CDNOW_PARAMS, 0) == 0

    @pytest.mark.parametrize(
        "params, t, x, tx, T",
        [
            (CDNOW_PARAMS, 39.0, 2, 30.43, 38.86),
            ((1.0, 1.0, 2.0, 1.0), 19.0, 99, 0.5, 1.0),  # scipy's hyp2f1 returns inf here
            ((0.5, 5.0, 1.0, 2.0), 39.0, 3, 20.0, 38.0),  # a = 1: the closed form's 0/0
            ((0.3, 2.0, 0.3, 0.5), 10.0, 0, 0.0, 5.0),  # a + b < 1
            ((2.0, 3.0, 5.0, 1.5), 400.0, 7, 6.0, 8.0),  # horizon far beyond T
        ],
    )
    def test_conditional_expectation_by_numerical_integration(self, params, t, x, tx, T):
        # given alive, lambda ~ Gamma(r+x, alpha+T) and p ~ Beta(a, b+x) (FHL 2005, sec. 5):
        # E[Y(t)] = P(alive) * E_p[(1 - ((alpha+T)/(alpha+T+p t))^(r+x)) / p]
        r, alpha, a, b = params

        def h(p):
            if p == 0:
                return (r + x) * t / (alpha + T)  # the limit of the expression below
            return (1 - ((alpha + T) / (alpha + T + p * t)) ** (r + x)) / p

        # weight="alg" integrates h(p) p^(a-1) (1-p)^(b+x-1) with the endpoint powers exact
        mean = integrate.quad(h, 0, 1, weight="alg", wvar=(a - 1, b + x - 1), limit=500,
                              epsabs=0, epsrel=1e-11)[0] / beta_fn(a, b + x)
        expected = mean * clv.bgnbd_p_alive(params, x, tx, T)
        got = clv.bgnbd_conditional_expected(params, t, x, tx, T)
        assert got == pytest.approx(expected, rel=1e-8)

    def test_p_alive(self):
        x, tx, T = HISTORIES
        r, alpha, a, b = CDNOW_PARAMS
        expected = 1 / (1 + (x > 0) * a / (b + np.maximum(x, 1) - 1)
                        * ((alpha + T) / (alpha + tx)) ** (r + x))
        np.testing.assert_allclose(clv.bgnbd_p_alive(CDNOW_PARAMS, x, tx, T), expected,
                                   rtol=1e-12)
        assert clv.bgnbd_p_alive(CDNOW_PARAMS, 0, 0, 30) == 1.0  # no repeat: cannot have left
        assert clv.bgnbd_p_alive(CDNOW_PARAMS, 5000, 20, 38.86) == pytest.approx(0.0, abs=1e-300)

    def test_series_in_series_out(self):
        frame = pd.DataFrame({"x": [2, 0], "t_x": [30.43, 0.0], "T": [38.86, 38.86]},
                             index=["c1", "c2"])
        got = clv.bgnbd_p_alive(CDNOW_PARAMS, frame["x"], frame["t_x"], frame["T"])
        assert isinstance(got, pd.Series) and list(got.index) == ["c1", "c2"]


class TestBGNBDFit:
    def test_condensed_likelihood_equals_the_per_customer_sum(self):
        x, tx, T = simulate(3000, *CDNOW_PARAMS, seed=1)
        lik = _CondensedLikelihood(x, tx, T, None)
        theta = np.log([0.3, 5.0, 0.7, 2.0])
        per_customer = clv.bgnbd_log_likelihood(np.exp(theta), x, tx, T)
        assert -lik(theta)[0] * lik.total == pytest.approx(np.sum(per_customer), rel=1e-12)

    @pytest.mark.parametrize("theta", [np.zeros(4), np.log([0.3, 5.0, 0.7, 2.0]),
                                       np.log([4.0, 0.5, 3.0, 0.2])])
    def test_analytic_gradient(self, theta):
        x, tx, T = simulate(2000, *CDNOW_PARAMS, seed=2)
        lik = _CondensedLikelihood(x, tx / 3.886, T / 3.886, None)
        numeric = approx_fprime(theta, lambda th: lik(th)[0], 1e-7)
        np.testing.assert_allclose(lik(theta)[1], numeric, atol=2e-6)

    @pytest.mark.parametrize("theta", [np.zeros(4), np.log([0.3, 5.0, 0.7, 2.0]),
                                       np.log([4.0, 0.5, 3.0, 0.2])])
    def test_analytic_hessian(self, theta):
        x, tx, T = simulate(2000, *CDNOW_PARAMS, seed=2)
        lik = _CondensedLikelihood(x, tx / 3.886, T / 3.886, None)
        numeric = np.column_stack([
            approx_fprime(theta, lambda th, i=i: lik(th)[1][i], 1e-6) for i in range(4)])
        np.testing.assert_allclose(lik.evaluate(theta)[2], numeric, atol=1e-5)

    def test_recovers_the_parameters_it_simulated(self):
        truth = (0.5, 6.0, 0.8, 3.0)
        x, tx, T = simulate(40_000, *truth, seed=3)
        fit = clv.fit_bgnbd(x, tx, T)
        np.testing.assert_allclose(fit.params, truth, rtol=0.15)

    def test_weights_equal_repeated_rows(self):
        x, tx, T = simulate(3000, *CDNOW_PARAMS, seed=6)
        rows, counts = np.unique(np.column_stack([x, tx, T]), axis=0, return_counts=True)
        by_weight = clv.fit_bgnbd(rows[:, 0], rows[:, 1], rows[:, 2], weights=counts)
        raw = clv.fit_bgnbd(x, tx, T)
        np.testing.assert_allclose(by_weight.params, raw.params, rtol=1e-5)
        assert by_weight.log_likelihood == pytest.approx(raw.log_likelihood, rel=1e-9)
        assert by_weight.n == 3000

    def test_maxiter_too_small_raises_fit_error(self):
        x, tx, T = simulate(2000, *CDNOW_PARAMS, seed=4)
        with pytest.raises(clv.FitError, match="did not converge.*maxiter"):
            clv.fit_bgnbd(x, tx, T, maxiter=1)
        assert issubclass(clv.FitError, ValueError)

    def test_no_repeat_buyer_is_a_plain_error(self):
        with pytest.raises(ValueError, match="no customer made a repeat purchase"):
            clv.fit_bgnbd([0, 0, 0], [0, 0, 0], [10, 20, 30])

    @pytest.mark.parametrize(
        "x, tx, T, words",
        [
            ([1, 2], [0.0, 3.0], [10, 10], "greater than 0 when x > 0"),
            ([1, 2], [12.0, 3.0], [10, 10], "not be greater than age T"),
            ([-1, 2], [0.0, 3.0], [10, 10], "at least 0"),
            ([1.5, 2], [1.0, 3.0], [10, 10], "whole numbers"),
            ([0, 2], [4.0, 3.0], [10, 10], "must be 0 when x = 0"),
            ([1, 2], [1.0, -3.0], [10, 10], "must not be negative"),
            ([1, 2], [1.0, 3.0], [10, 0], "greater than zero"),
            ([1, np.nan], [1.0, 3.0], [10, 10], "missing"),
            ([], [], [], "empty"),
            ([1, 2, 3], [1.0, 3.0], [10, 10], "broadcast|one value per customer"),
        ],
    )
    def test_bad_data(self, x, tx, T, words):
        with pytest.raises(ValueError, match=words):
            clv.fit_bgnbd(x, tx, T)

    def test_bad_params(self):
        with pytest.raises(ValueError, match="parameter a"):
            clv.bgnbd_p_alive((0.2, 4.0, -1.0, 2.0), 1, 2, 3)
        with pytest.raises(ValueError, match=r"\(r, alpha, a, b\)"):
            clv.bgnbd_p_alive((0.2, 4.0), 1, 2, 3)
        with pytest.raises(ValueError, match="keys r, alpha, a, b"):
            clv.bgnbd_p_alive({"r": 1}, 1, 2, 3)


class TestGammaGamma:
    def test_expected_spend_hand_computed(self):
        # (gamma + mbar x) p / (p x + q - 1) = (15.44 + 44.70) * 6.25 / (12.5 + 2.74)
        assert clv.gamma_gamma_expected_spend(GG_PARAMS, 2, 22.35) == pytest.approx(
            375.875 / 15.24)
        # no repeat purchase: the population mean p gamma / (q - 1) = 96.5 / 2.74
        assert clv.gamma_gamma_expected_spend(GG_PARAMS, 0, 0) == pytest.approx(96.5 / 2.74)
        # many purchases: close to the customer's own mean
        assert clv.gamma_gamma_expected_spend(GG_PARAMS, 10_000, 50) == pytest.approx(50, rel=1e-3)

    def test_analytic_gradient(self):
        from valuekit.clv import gamma_gamma as gg

        rng = np.random.default_rng(5)
        x = rng.integers(1, 10, 500).astype(float)
        nu = rng.gamma(3.7, 1 / 15.4, 500)
        m = rng.gamma(6.25 * x, 1 / (nu * x))  # mean of x Gamma(p, nu) draws
        captured = {}

        def spy(fn, x0, **kwargs):
            captured["fn"] = fn
            return original(fn, x0, **kwargs)

        original = gg.maximise
        gg.maximise = spy
        try:
            clv.fit_gamma_gamma(x, m)
        finally:
            gg.maximise = original
        fn = captured["fn"]
        for theta in (np.zeros(3), np.log([5.0, 3.0, 0.5])):
            numeric = approx_fprime(theta, lambda th: fn(th)[0], 1e-7)
            np.testing.assert_allclose(fn(theta)[1], numeric, atol=2e-6)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="monetary_value must be greater.*position 1"):
            clv.fit_gamma_gamma([0, 2, 3], [0.0, 0.0, 10.0])
        with pytest.raises(ValueError, match="repeat buyers only"):
            clv.fit_gamma_gamma([0, 0], [0.0, 0.0])
        with pytest.raises(ValueError, match="mbar must be greater than zero"):
            clv.gamma_gamma_expected_spend(GG_PARAMS, 2, 0)
        with pytest.raises(ValueError, match="q must be greater than 1"):
            clv.gamma_gamma_expected_spend((6.25, 0.9, 15.44), 2, 20)

    def test_fit_error(self):
        with pytest.raises(clv.FitError):
            clv.fit_gamma_gamma([1, 2, 3, 4], [10.0, 20.0, 15.0, 12.0], maxiter=1)


class TestCLVFromBGNBDAndGammaGamma:
    x = np.array([2, 0, 7])
    tx = np.array([30.43, 0.0, 35.0])
    T = np.array([38.86, 38.86, 30.0 + 8.0])
    mbar = np.array([22.35, 0.0, 41.0])

    def test_undiscounted_is_expected_purchases_times_spend(self):
        # with d = 0 the period increments telescope to E[Y(H L)]
        got = clv.bgnbd_gg_clv(CDNOW_PARAMS, GG_PARAMS, self.x, self.tx, self.T, self.mbar,
                               12, 0.3, 0.0, period_length=4.345)
        purchases = clv.bgnbd_conditional_expected(CDNOW_PARAMS, 12 * 4.345, self.x, self.tx,
                                                   self.T)
        spend = clv.gamma_gamma_expected_spend(GG_PARAMS, self.x, self.mbar)
        np.testing.assert_allclose(got, 0.3 * purchases * spend, rtol=1e-12)

    def test_discounted_period_by_period(self):
        got = clv.bgnbd_gg_clv(CDNOW_PARAMS, GG_PARAMS, self.x, self.tx, self.T, self.mbar,
                               6, 0.25, 0.01, period_length=4.345)
        spend = np.asarray(clv.gamma_gamma_expected_spend(GG_PARAMS, self.x, self.mbar))
        expected = np.zeros(3)
        previous = np.zeros(3)
        for i in range(1, 7):
            cumulative = np.asarray(clv.bgnbd_conditional_expected(
                CDNOW_PARAMS, i * 4.345, self.x, self.tx, self.T))
            expected += 0.25 * spend * (cumulative - previous) / 1.01**i
            previous = cumulative
        np.testing.assert_allclose(got, expected, rtol=1e-12)

    def test_scalar_and_series(self):
        one = clv.bgnbd_gg_clv(CDNOW_PARAMS, GG_PARAMS, 2, 30.43, 38.86, 22.35, 12, 0.3, 0.01)
        assert isinstance(one, float) and one > 0
        s = pd.Series(self.x, index=list("abc"))
        got = clv.bgnbd_gg_clv(CDNOW_PARAMS, GG_PARAMS, s, self.tx, self.T, self.mbar, 3, 0.3,
                               0.01)
        assert list(got.index) == list("abc")

    def test_bad_input(self):
        with pytest.raises(ValueError, match="single numbers"):
            clv.bgnbd_gg_clv(CDNOW_PARAMS, GG_PARAMS, 2, 30, 38, 22, 12, [0.3, 0.2], 0.01)
        with pytest.raises(ValueError, match="horizon_periods must be whole"):
            clv.bgnbd_gg_clv(CDNOW_PARAMS, GG_PARAMS, 2, 30, 38, 22, 1.5, 0.3, 0.01)


class TestSBG:
    def test_closed_forms_agree(self):
        t = np.arange(1, 30)
        s = np.asarray(clv.sbg_survival(0.704, 1.182, np.arange(0, 30)))
        np.testing.assert_allclose(clv.sbg_churn_pmf(0.704, 1.182, t), s[:-1] - s[1:], rtol=1e-12)
        np.testing.assert_allclose(clv.sbg_retention(0.704, 1.182, t), s[1:] / s[:-1], rtol=1e-12)
        assert clv.sbg_survival(0.704, 1.182, 0) == 1.0

    def test_derl_vectorised_equals_one_by_one(self):
        # above 256 values the continued fraction runs on arrays; below, on plain floats
        n = np.arange(300)
        together = np.asarray(clv.sbg_derl(0.704, 1.182, 0.1, n))
        one_by_one = np.array([clv.sbg_derl(0.704, 1.182, 0.1, int(k)) for k in n])
        np.testing.assert_allclose(together, one_by_one, rtol=1e-13)

    def test_several_cohorts_share_the_parameters(self):
        # the regular cohort (years 0-7) plus a younger cohort seen for 3 years
        both = [[1000, 631, 468, 382, 326, 289, 262, 241],
                [500, 316, 234, 191, np.nan, np.nan, np.nan, np.nan]]
        fit = clv.fit_sbg(both)
        assert fit.n == 1500 and fit.periods == 7
        assert 0.6 < fit.alpha < 0.8 and 1.0 < fit.beta < 1.4
        frame = pd.DataFrame(both)
        assert clv.fit_sbg(frame).alpha == pytest.approx(fit.alpha, rel=1e-9)

    def test_analytic_gradient(self):
        from valuekit.clv import sbg

        captured = {}
        original = sbg.maximise

        def spy(fn, x0, **kwargs):
            captured["fn"] = fn
            return original(fn, x0, **kwargs)

        sbg.maximise = spy
        try:
            clv.fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
        finally:
            sbg.maximise = original
        fn = captured["fn"]
        for theta in (np.zeros(2), np.log([0.7, 1.2]), np.log([5.0, 0.2])):
            numeric = approx_fprime(theta, lambda th: fn(th)[0], 1e-7)
            np.testing.assert_allclose(fn(theta)[1], numeric, atol=1e-6)

    @pytest.mark.parametrize(
        "counts, words",
        [
            ([100, 100, 100], "do not pin the model down"),  # nobody ever leaves
            ([100, 0], "do not pin the model down"),  # everybody leaves at once
            ([1000, 800, 640, 512, 410], "retention is about constant"),  # no heterogeneity
        ],
    )
    def test_degenerate_cohorts_raise_fit_error(self, counts, words):
        with pytest.raises(clv.FitError, match=words):
            clv.fit_sbg(counts)

    def test_maxiter_too_small_raises_fit_error(self):
        with pytest.raises(clv.FitError, match="maxiter"):
            clv.fit_sbg([1000, 631, 468, 382], maxiter=1)

    @pytest.mark.parametrize(
        "counts, words",
        [
            ([100], "at least two periods"),
            ([100, 120, 90], "increases"),
            ([0, 0], "starts at zero"),
            ([100, -5], "must not be negative"),
            ([100, np.nan, 50], "gap"),
            ([[[1]]], "1-D"),
        ],
    )
    def test_bad_counts(self, counts, words):
        with pytest.raises(ValueError, match=words):
            clv.fit_sbg(counts)

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="alpha must be greater than zero"):
            clv.sbg_survival(0, 1, 2)
        with pytest.raises(ValueError, match="t must be at least 1"):
            clv.sbg_retention(1, 1, 0)
        with pytest.raises(ValueError, match="renewals_so_far must be whole"):
            clv.sbg_derl(1, 1, 0.1, 1.5)
        with pytest.raises(ValueError, match="discount must not be negative"):
            clv.sbg_derl(1, 1, -0.1, 1)
        with pytest.raises(ValueError, match="too close to 0"):
            clv.sbg_del(0.5, 1.0, 1e-13)
