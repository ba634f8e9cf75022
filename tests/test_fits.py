"""Every fitted model follows one contract (valuekit.fits; issue 16, item 5)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from valuekit import adoption as ad
from valuekit import clv
from valuekit.fits import FitError, FittedModel

# Fader & Hardie's "regular" cohort (2007, Journal of Interactive Marketing 21(1), table 1).
REGULAR = [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3]
CDNOW = (Path(__file__).parent / "reference" / "cdnow"
         / "cdnow_customers_summary_with_transactions.csv")


def _cdnow():
    cd = pd.read_csv(CDNOW)
    return cd["x"], cd["t_x"], cd["T"]


def _fits():
    cd = pd.read_csv(CDNOW)
    x, tx, T = cd["x"], cd["t_x"], cd["T"]
    repeat = x > 0
    spend = cd["zbar"]
    sales = np.diff(np.r_[0.0, 1000 * ad.bass_cumulative(np.arange(1, 16), 0.03, 0.4)])
    return {
        "sbg": (clv.fit_sbg(REGULAR[:8], cohort_size=1000), (3,)),
        "bgnbd": (clv.fit_bgnbd(x, tx, T), (10.0,)),
        "gamma_gamma": (clv.fit_gamma_gamma(x[repeat], spend[repeat]), (3, 50.0)),
        "bass": (ad.fit_bass(sales), (np.arange(1, 4),)),
    }


@pytest.mark.parametrize("name", ["sbg", "bgnbd", "gamma_gamma", "bass"])
def test_every_fit_offers_the_contract(name):
    fit, predict_args = _fits()[name]
    assert isinstance(fit, FittedModel)
    assert fit.converged is True and fit.n > 0
    assert fit.params == tuple(getattr(fit, k) for k in fit.param_names)
    table = fit.summary()
    assert list(table.index) == list(fit.param_names)
    assert np.allclose(table["estimate"], fit.params)
    assert np.all(np.isfinite(np.asarray(fit.predict(*predict_args), dtype=float)))


def test_sbg_summary_reproduces_the_published_fit():
    # Fader & Hardie (2007): alpha = 0.704, beta = 1.182 on the regular cohort.
    table = clv.fit_sbg(REGULAR[:8], cohort_size=1000).summary()  # years 0-7, as published
    assert table.loc["alpha", "estimate"] == pytest.approx(0.704, abs=5e-4)
    assert table.loc["beta", "estimate"] == pytest.approx(1.182, abs=5e-4)
    # Four times the customers with the same shares: the errors halve (information ~ n).
    bigger = clv.fit_sbg(REGULAR[:8], cohort_size=4000).summary()
    np.testing.assert_allclose(bigger["std_error"], table["std_error"] / 2, rtol=1e-4)


def test_bgnbd_standard_errors_match_lifetimes_on_cdnow():
    # lifetimes' BetaGeoFitter on the same CDNOW summary prints these se(coef)
    # (lifetimes documentation, "Quickstart"): 0.012557, 0.378221, 0.185719, 0.705345.
    fit = clv.fit_bgnbd(*_cdnow())
    published = {"r": 0.012557, "alpha": 0.378221, "a": 0.185719, "b": 0.705345}
    for name, se in published.items():
        assert fit.std_errors[name] == pytest.approx(se, abs=2e-6)


def test_every_fit_estimates_standard_errors():
    for name, (fit, _) in _fits().items():
        assert set(fit.std_errors) == set(fit.param_names), name
        assert all(math.isfinite(v) and v > 0 for v in fit.std_errors.values()), name


def test_every_failure_is_a_fit_error():
    with pytest.raises(FitError):
        ad.fit_bass([1, 0, 0, 0, 0, 0, 1000])
    with pytest.raises(FitError, match="maxiter"):
        clv.fit_bgnbd(*_cdnow(), maxiter=1)
    assert clv.FitError is FitError and issubclass(FitError, ValueError)


def test_gamma_gamma_uses_no_private_function_of_bgnbd():
    import inspect

    import valuekit.clv.gamma_gamma as gg

    source = inspect.getsource(gg)
    assert "from .bgnbd import _" not in source and "bgnbd._" not in source
