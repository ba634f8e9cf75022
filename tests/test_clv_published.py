"""valuekit.clv reproduces the published estimates of the CLV literature.

Published values used here (and nothing else is called "published"):

- Fader, Hardie & Lee (2005), Marketing Science 24(2), "Counting your customers
  the easy way": BG/NBD on CDNOW r = 0.243, alpha = 4.414, a = 0.793, b = 2.426,
  log-likelihood -9582.4; a customer with x = 2, t_x = 30.43, T = 38.86 (weeks)
  is expected to make 1.226 purchases in the next 39 weeks.
- Fader, Hardie & Lee (2005), Journal of Marketing Research 42(4), "RFM and CLV":
  Gamma-Gamma on the CDNOW repeat buyers p = 6.25, q = 3.74, gamma = 15.44.
- Fader & Hardie (2007), Journal of Interactive Marketing 21(1), "How to project
  customer retention", Table 1 (percent still customers at the start of years
  0-12) and the sBG fits to years 0-7: regular alpha = 0.704, beta = 1.182;
  high end alpha = 0.668, beta = 3.806.

The CDNOW summary is tests/reference/cdnow/ (MIT, see its LICENSE-NOTICE.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from valuekit import clv

CDNOW = (Path(__file__).parent / "reference" / "cdnow"
         / "cdnow_customers_summary_with_transactions.csv")

REGULAR = [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3]
HIGH_END = [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1, 46.8, 44.5, 42.7, 40.9, 39.4]
PUBLISHED_SBG = {"regular": (0.704, 1.182), "high end": (0.668, 3.806)}
TABLE1 = {"regular": REGULAR, "high end": HIGH_END}


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    frame = pd.read_csv(CDNOW)
    assert len(frame) == 2357
    return frame


@pytest.fixture(scope="module")
def bgnbd(cdnow):
    return clv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])


class TestBGNBDOnCDNOW:
    def test_parameters_to_published_precision(self, bgnbd):
        # published to 3 decimals, so agreement means within half a unit of the last digit
        for name, published in {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}.items():
            assert getattr(bgnbd, name) == pytest.approx(published, abs=5e-4), name
        assert bgnbd.converged and bgnbd.n == 2357

    def test_log_likelihood(self, bgnbd, cdnow):
        assert bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.05)
        # and the per-customer log-likelihoods add up to it
        total = np.sum(clv.bgnbd_log_likelihood(bgnbd, cdnow["x"], cdnow["t_x"], cdnow["T"]))
        assert total == pytest.approx(bgnbd.log_likelihood, abs=1e-6)

    def test_conditional_expectation_of_the_worked_example(self, bgnbd):
        got = clv.bgnbd_conditional_expected(bgnbd, 39, 2, 30.43, 38.86)
        assert got == pytest.approx(1.226, abs=5e-4)
        published_params = (0.243, 4.414, 0.793, 2.426)
        got = clv.bgnbd_conditional_expected(published_params, 39, 2, 30.43, 38.86)
        assert got == pytest.approx(1.226, abs=5e-4)

    def test_time_unit_does_not_change_the_model(self, bgnbd, cdnow):
        # the same customers in days: alpha x 7, r, a, b unchanged, and the likelihood of
        # x purchase times shifts by -sum(x) log 7 (density per day instead of per week)
        days = clv.fit_bgnbd(cdnow["x"], cdnow["t_x"] * 7, cdnow["T"] * 7)
        assert days.alpha == pytest.approx(bgnbd.alpha * 7, rel=1e-5)
        for name in ("r", "a", "b"):
            assert getattr(days, name) == pytest.approx(getattr(bgnbd, name), rel=1e-5)
        shift = cdnow["x"].sum() * np.log(7)
        assert days.log_likelihood == pytest.approx(bgnbd.log_likelihood - shift, abs=1e-3)


def test_gamma_gamma_on_cdnow_repeat_buyers(cdnow):
    fit = clv.fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    assert fit.n == 946  # customers with at least one repeat purchase
    # three significant figures, as the brief and the paper's precision allow: the ML
    # optimum is gamma = 15.448 (lifetimes finds the same), published as 15.44
    for name, published in {"p": 6.25, "q": 3.74, "gamma": 15.44}.items():
        assert f"{getattr(fit, name):.3g}" == f"{published:.3g}", name


class TestSBGFaderHardie2007:
    @pytest.mark.parametrize("segment", ["regular", "high end"])
    def test_fit_on_years_0_to_7(self, segment):
        fit = clv.fit_sbg(TABLE1[segment][:8], cohort_size=1000)
        alpha, beta = PUBLISHED_SBG[segment]
        assert fit.alpha == pytest.approx(alpha, abs=5e-4)
        assert fit.beta == pytest.approx(beta, abs=5e-4)
        assert fit.n == 1000 and fit.periods == 7
        # percentages and counts give the same estimates (only the likelihood scales)
        raw = clv.fit_sbg(TABLE1[segment][:8])
        assert raw.alpha == pytest.approx(fit.alpha, rel=1e-6)
        assert raw.log_likelihood == pytest.approx(fit.log_likelihood / 10, rel=1e-9)

    @pytest.mark.parametrize("segment", ["regular", "high end"])
    def test_projection_of_years_8_to_12(self, segment):
        """Holdout years 8-12 against the actuals of Table 1.

        Tolerance 2 percentage points. The paper shows the sBG projections tracking
        the actuals closely but gives no numeric error bound; projecting with the
        published parameters misses the table by at most 0.31 points (regular) and
        1.60 points (high end, year 12, where the model runs a little low). 2 points
        covers that plus the table's rounding to 0.1, and is still far tighter than
        the constant-retention model the paper argues against (checked below).
        """
        actual = np.array(TABLE1[segment])
        fit = clv.fit_sbg(actual[:8], cohort_size=1000)
        years = np.arange(8, 13)
        projected = 100 * np.asarray(clv.sbg_survival(fit.alpha, fit.beta, years))
        np.testing.assert_allclose(projected, actual[8:], atol=2.0)
        # our projection equals the one from the published parameters
        published = 100 * np.asarray(clv.sbg_survival(*PUBLISHED_SBG[segment], years))
        np.testing.assert_allclose(projected, published, atol=0.05)
        # one constant retention rate fitted to the same years (geometric ML estimate:
        # customers lost / customer-years at risk) falls far behind by year 12
        churn = (actual[0] - actual[7]) / actual[:7].sum()
        geometric = 100 * (1 - churn) ** 12
        assert abs(geometric - actual[12]) > 5 * abs(projected[-1] - actual[12])

    def test_retention_rises_with_tenure(self):
        fit = clv.fit_sbg(REGULAR[:8], cohort_size=1000)
        rates = np.asarray(fit.retention(np.arange(1, 13)))
        assert np.all(np.diff(rates) > 0)
        # r_1 = beta / (alpha + beta), the first-year retention
        assert rates[0] == pytest.approx(fit.beta / (fit.alpha + fit.beta))


class TestDERLFaderHardie2010:
    """No DERL value is quoted from the paper here; the closed form is checked against
    a brute-force sum and against special cases that can be derived by hand."""

    @staticmethod
    def brute_force(alpha, beta, d, n, horizon=20_000):
        t = np.arange(n + 1, n + 1 + horizon)
        survival = np.exp(_log_s(alpha, beta, t) - _log_s(alpha, beta, n))
        return float(np.sum(survival * np.exp(-(t - n - 1) * np.log1p(d))))

    @pytest.mark.parametrize(
        "alpha, beta", [(0.704, 1.182), (0.668, 3.806), (3.0, 0.5), (100.0, 1.0), (300.0, 300.0)]
    )
    @pytest.mark.parametrize("n", [0, 1, 4, 11])
    @pytest.mark.parametrize("d", [0.05, 0.1, 0.3])
    def test_closed_form_equals_brute_force(self, alpha, beta, n, d):
        got = clv.sbg_derl(alpha, beta, d, n)
        assert got == pytest.approx(self.brute_force(alpha, beta, d, n), rel=1e-9)

    def test_uniform_prior_closed_form(self):
        # alpha = beta = 1: S(t) = 1/(t+1). With z = 1/(1+d),
        # DEL = sum_t z^t/(t+1) = -ln(1-z)/z and
        # DERL(0) = sum_{t>=1} z^(t-1)/(t+1) = (-ln(1-z) - z)/z^2
        for d in (0.05, 0.1, 0.25):
            z = 1 / (1 + d)
            assert clv.sbg_del(1, 1, d) == pytest.approx(-np.log(1 - z) / z, rel=1e-12)
            expected = (-np.log(1 - z) - z) / z**2
            assert clv.sbg_derl(1, 1, d, 0) == pytest.approx(expected, rel=1e-12)

    def test_geometric_limit(self):
        # theta ~ Beta(cK, (1-c)K) concentrates on c as K grows: every customer churns with
        # probability c, S(t) = (1-c)^t, and DERL = sum_{k>=0} (1-c)^(k+1)/(1+d)^k
        # = (1-c)(1+d)/(d+c), the geometric-series value (Gupta & Lehmann 2005)
        c, d = 0.2, 0.1
        for n in (0, 5):
            got = clv.sbg_derl(c * 1e7, (1 - c) * 1e7, d, n)
            assert got == pytest.approx((1 - c) * (1 + d) / (d + c), rel=1e-5)
        assert clv.sbg_del(c * 1e7, (1 - c) * 1e7, d) == pytest.approx((1 + d) / (d + c), rel=1e-5)

    def test_undiscounted_expected_lifetime(self):
        # E[T] = (alpha + beta - 1)/(alpha - 1) for alpha > 1; infinite for alpha <= 1
        assert clv.sbg_del(2.0, 3.0, 0.0) == pytest.approx(4.0)
        assert clv.sbg_del(0.7, 1.2, 0.0) == np.inf

    def test_residual_lifetime_grows_with_tenure(self):
        values = np.asarray(clv.sbg_derl(0.704, 1.182, 0.1, np.arange(10)))
        assert np.all(np.diff(values) > 0)  # survivors are the loyal ones

    def test_customer_base_value(self):
        counts = {0: 10, 2: 5}
        expected = 100 * (10 * clv.sbg_derl(0.704, 1.182, 0.1, 0)
                          + 5 * clv.sbg_derl(0.704, 1.182, 0.1, 2))
        assert clv.sbg_customer_base_value(0.704, 1.182, 0.1, counts, margin=100) == pytest.approx(
            expected)
        as_list = clv.sbg_customer_base_value(0.704, 1.182, 0.1, [10, 0, 5], margin=100)
        assert as_list == pytest.approx(expected)


def _log_s(alpha, beta, t):
    from scipy.special import betaln

    return betaln(alpha, beta + t) - betaln(alpha, beta)
