"""Gamma-Gamma model of spend per transaction, and CLV from BG/NBD + Gamma-Gamma.

Each transaction of a customer has a value ~ Gamma(p, nu); across customers
nu ~ Gamma(q, gamma). The model is fitted to the customers' mean spend per
repeat transaction ``mbar`` and their number of repeat transactions ``x``,
and assumes spend is independent of purchase frequency (check the
correlation of x and mbar before relying on it).

Sources: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for
customer base analysis", Journal of Marketing Research 42(4), 415-430;
Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", note 025 at
brucehardie.com.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from scipy.special import digamma, gammaln

from valuekit.checks import (
    as_array,
    check,
    model_params,
    nonnegative,
    positive,
    same_length,
    whole,
    wrap,
)
from valuekit.fits import FitSummary

from ._fit import gradient_hessian, maximise, standard_errors
from .bgnbd import bgnbd_params, conditional_expected_array, customer_arrays

NAMES = ("p", "q", "gamma")


@dataclass(frozen=True)
class GammaGammaFit(FitSummary):
    """Fitted Gamma-Gamma parameters (``gamma`` in the currency of the data).

    ``n`` is the number of customers used: those with at least one repeat
    transaction. ``converged`` is always True (failures raise FitError).
    """

    p: float
    q: float
    gamma: float
    log_likelihood: float
    converged: bool
    n: int
    iterations: int
    std_errors: dict[str, float] = field(default_factory=dict)

    param_names: ClassVar[tuple[str, ...]] = NAMES

    def predict(self, frequency: Any, monetary_value: Any) -> Any:
        """Expected spend per transaction of customers with these histories
        (:func:`gamma_gamma_expected_spend`)."""
        return gamma_gamma_expected_spend(self, frequency, monetary_value)

    @property
    def population_mean_spend(self) -> float:
        """Mean spend per transaction across customers, ``p gamma / (q - 1)`` (needs q > 1)."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else float("inf")


def _gg_params(params: Any) -> tuple[float, float, float]:
    p, q, g = model_params(params, GammaGammaFit, NAMES, "Gamma-Gamma")
    if q <= 1:
        raise ValueError("Gamma-Gamma parameter q must be greater than 1 for the expected "
                         "spend to exist (q <= 1 means an infinite population mean)")
    return p, q, g


def fit_gamma_gamma(frequency: Any, monetary_value: Any, *, maxiter: int = 500) -> GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma fit on customers with at least one repeat purchase.

    ``frequency`` = x repeat transactions, ``monetary_value`` = mean value of
    those repeat transactions (``zbar``), one per customer. Customers with
    x = 0 have no repeat spend and are left out (whatever their
    monetary_value); every customer with x > 0 must have a positive spend,
    otherwise ValueError. Likelihood (Fader & Hardie 2013):
    ``Gamma(px+q) / (Gamma(px) Gamma(q)) * gamma^q mbar^(px-1) x^(px) / (gamma + x mbar)^(px+q)``,
    maximised over log-parameters with an analytic gradient; spend is scaled
    to mean 1 during the fit (gamma scales with the currency).

    Args:
        frequency: x repeat transactions, one per customer.
        monetary_value: the mean value of those repeat transactions (``zbar``).
        maxiter: optimiser iterations at most.

    Returns:
        A :class:`GammaGammaFit`.

    Raises:
        ValueError: a customer with x > 0 and no positive spend, or other invalid data.
        valuekit.clv.FitError: the fit does not converge.
    """
    x_all = whole("frequency x", frequency).ravel()
    m_all = as_array("monetary_value", monetary_value).ravel()
    same_length(frequency=x_all, monetary_value=m_all)
    keep = x_all > 0
    if not keep.any():
        raise ValueError("no customer has a repeat purchase (frequency x > 0): the Gamma-Gamma "
                         "model is fitted on repeat buyers only")
    x, m = x_all[keep], m_all[keep]
    bad = m <= 0
    if bad.any():
        pos = int(np.flatnonzero(keep)[np.flatnonzero(bad)[0]])
        raise ValueError("monetary_value must be greater than zero for customers with x > 0 "
                         f"(first at position {pos}); remove returns and free orders first")
    scale = m.mean()
    ms = m / scale
    log_x, log_m = np.log(x), np.log(ms)
    n = x.size

    def negll(theta: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, g = np.exp(theta)
        px = p * x
        log_gxm = np.log(g + x * ms)
        ll = (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g)
              + (px - 1) * log_m + px * log_x - (px + q) * log_gxm)
        psi = digamma(px + q)
        g_p = np.sum(x * (psi - digamma(px) + log_m + log_x - log_gxm))
        g_q = np.sum(psi - digamma(q) + np.log(g) - log_gxm)
        g_g = np.sum(q / g - (px + q) / (g + x * ms))
        return -ll.sum() / n, -np.array([g_p * p, g_q * q, g_g * g]) / n

    hint = ("Check that monetary_value is the mean spend per repeat transaction and that "
            "spend varies across customers.")
    theta, nit = maximise(negll, np.zeros(3), model="Gamma-Gamma", names=NAMES,
                          maxiter=maxiter, hint=hint)
    p, q, g_s = np.exp(theta)
    ses = standard_errors(gradient_hessian(lambda v: negll(v)[1], theta), theta, n, NAMES)
    if ses:
        ses["gamma"] *= scale  # gamma is in the caller's currency, like its error
    # the density of mbar changes by 1/scale per customer when spend is rescaled back
    loglik = -negll(theta)[0] * n - n * np.log(scale)
    return GammaGammaFit(p=float(p), q=float(q), gamma=float(g_s * scale),
                         log_likelihood=float(loglik), converged=True, n=int(n), iterations=nit,
                         std_errors=ses)


def gamma_gamma_expected_spend(params: Any, x: Any, mbar: Any) -> Any:
    """Expected spend per transaction of a customer with x repeat purchases of mean ``mbar``.

    ``E[M | p, q, gamma, mbar, x] = (gamma + mbar x) p / (p x + q - 1)``: a
    weighted average of the population mean ``p gamma / (q - 1)`` and the
    customer's own mean, the weight on her own mean growing with x (Fader &
    Hardie 2013, note 025, eq. 5; Fader, Hardie & Lee 2005, JMR). For x = 0 it is the
    population mean (mbar is then ignored).

    Args:
        params: a :class:`GammaGammaFit`, a mapping with keys p, q, gamma, or those three
            in order.
        x: repeat purchases.
        mbar: their mean value.

    Returns:
        The expected spend per customer (a float for scalars).
    """
    p, q, g = _gg_params(params)
    xs = whole("frequency x", x)
    m = nonnegative("mbar", mbar)
    xs_b, m_b = np.broadcast_arrays(xs, m)
    check((xs_b > 0) & (m_b <= 0), "mbar must be greater than zero for customers with x > 0")
    m_b = np.where(xs_b > 0, m_b, 0.0)
    return wrap((g + m_b * xs_b) * p / (p * xs_b + q - 1), x, mbar)


def bgnbd_gg_clv(
    bg_params: Any,
    gg_params: Any,
    x: Any,
    t_x: Any,
    T: Any,
    mbar: Any,
    horizon_periods: int,
    margin: float,
    discount_per_period: float,
    *,
    period_length: float = 1.0,
) -> Any:
    """Discounted margin over the next ``horizon_periods`` periods, per customer.

    ``CLV = sum_{i=1}^{H} margin * E[M] * (E[Y(i L)] - E[Y((i-1) L)]) / (1+d)^i``

    where ``E[Y(t)]`` is the BG/NBD conditional expectation of purchases in the
    next t time units (:func:`bgnbd_conditional_expected`), ``E[M]`` the
    Gamma-Gamma expected spend per transaction, ``L = period_length`` the length
    of one period in the time unit of t_x and T (e.g. 4.345 for months when T
    is in weeks), ``margin`` the margin as a share of spend and ``d`` the
    discount rate per period. Each period's purchases are discounted to the end
    of that period. This is the calculation of lifetimes'
    ``customer_lifetime_value`` (Fader, Hardie & Lee 2005, JMR, who value the
    expected transactions with the expected spend), vectorised over customers
    and periods.

    Args:
        bg_params: the BG/NBD's parameters (as :func:`bgnbd_conditional_expected` takes).
        gg_params: the Gamma-Gamma's (as :func:`gamma_gamma_expected_spend` takes).
        x: repeat purchases.
        t_x: recency.
        T: age.
        mbar: mean repeat spend.
        horizon_periods: H.
        margin: the margin as a share of spend.
        discount_per_period: d.
        period_length: L.

    Returns:
        The CLV per customer (a float for scalars).
    """
    r, alpha, a, b = bgnbd_params(bg_params)
    xs, tx, tt = customer_arrays(x, t_x, T)
    spend = np.asarray(gamma_gamma_expected_spend(gg_params, xs, mbar), dtype=float)
    h = int(whole("horizon_periods", horizon_periods))
    m = as_array("margin", margin)
    d = nonnegative("discount_per_period", discount_per_period)
    length = positive("period_length", period_length)
    if m.ndim or d.ndim or length.ndim:
        raise ValueError("margin, discount_per_period and period_length must be single numbers")
    times = np.arange(1, h + 1) * float(length)
    shape = np.broadcast_shapes(xs.shape, spend.shape)
    flat = [np.broadcast_to(v, shape).ravel()[:, None] for v in (xs, tx, tt)]
    cumulative = conditional_expected_array(r, alpha, a, b, times[None, :], *flat)
    per_period = np.diff(np.concatenate([np.zeros((cumulative.shape[0], 1)), cumulative],
                                        axis=1), axis=1)
    factors = (1 + float(d)) ** -np.arange(1, h + 1)
    value = float(m) * np.broadcast_to(spend, shape).ravel() * (per_period @ factors)
    return wrap(value.reshape(shape), x, t_x, T, mbar)
