"""Shifted-beta-geometric (sBG) model of contractual retention.

Each customer renews at the end of every period with her own probability
``1 - theta``, constant over time; ``theta`` varies across customers as a
Beta(alpha, beta). Aggregate retention then *rises* with tenure, because the
customers most likely to leave leave first: the pattern in every real cohort
table, which a single retention rate cannot fit.

Time convention (as in Fader & Hardie 2007): period 0 is the first contract
period; the churn time T is the period at the end of which the customer
leaves (T = 1, 2, ...); ``S(t) = P(T > t)`` is the share still a customer at
the start of year t (``S(0) = 1``), the quantity in the paper's Table 1.

Sources: Fader & Hardie (2007), "How to project customer retention", Journal
of Interactive Marketing 21(1), 76-90 (model, likelihood, survival and
retention); Fader & Hardie (2010), "Customer-base valuation in a contractual
setting: the perils of ignoring heterogeneity", Marketing Science 29(1),
85-93 (discounted expected (residual) lifetime via the Gaussian
hypergeometric function).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.special import betaln

from valuekit.checks import as_array, check, nonnegative, positive, whole, wrap
from valuekit.fits import FitSummary

from ._fit import gradient_hessian, maximise, standard_errors
from ._special import hyp2f1_one


@dataclass(frozen=True)
class SBGFit(FitSummary):
    """Fitted sBG parameters.

    ``n`` is the number of customers (sum of the cohort sizes, after any
    rescaling by ``cohort_size``), ``periods`` the longest observed history.
    ``converged`` is always True: :func:`fit_sbg` raises
    :class:`~valuekit.clv.FitError` instead of returning an unconverged fit.
    """

    alpha: float
    beta: float
    log_likelihood: float
    converged: bool
    n: float
    periods: int
    iterations: int
    std_errors: dict[str, float] = field(default_factory=dict)

    param_names: ClassVar[tuple[str, ...]] = ("alpha", "beta")

    def predict(self, t: Any) -> Any:
        """Share of a cohort still a customer at the start of period ``t`` (the survival)."""
        return self.survival(t)

    def survival(self, t: Any) -> Any:
        """Share still a customer at the start of period ``t``; see :func:`sbg_survival`."""
        return sbg_survival(self.alpha, self.beta, t)

    def retention(self, t: Any) -> Any:
        """Retention rate of period ``t``; see :func:`sbg_retention`."""
        return sbg_retention(self.alpha, self.beta, t)


def _shape(alpha: Any, beta: Any) -> tuple[np.ndarray, np.ndarray]:
    return positive("alpha", alpha), positive("beta", beta)


def sbg_survival(alpha: Any, beta: Any, t: Any) -> Any:
    """``S(t) = B(alpha, beta + t) / B(alpha, beta)``: share of a cohort still active at time t.

    Fader & Hardie (2007); evaluated with log-beta
    functions so large t neither overflows nor loses precision.

    Args:
        alpha: the sBG's alpha.
        beta: its beta.
        t: periods since acquisition (a number or an array).

    Returns:
        The share, like ``t``.
    """
    a, b = _shape(alpha, beta)
    t_ = nonnegative("t", t)
    return wrap(np.exp(betaln(a, b + t_) - betaln(a, b)), alpha, beta, t)


def sbg_retention(alpha: Any, beta: Any, t: Any) -> Any:
    """Retention rate of period t: ``r_t = S(t) / S(t-1)``.

    ``r_t = (beta + t - 1) / (alpha + beta + t - 1)``, defined for t >= 1; it
    rises with t towards 1 (Fader & Hardie 2007).

    Args:
        alpha: the sBG's alpha.
        beta: its beta.
        t: the period, >= 1.

    Returns:
        The retention rate, like ``t``.
    """
    a, b = _shape(alpha, beta)
    t_ = as_array("t", t)
    check(t_ < 1, "t must be at least 1 (retention is the share of period t-1's customers "
          "still there in period t)")
    return wrap((b + t_ - 1) / (a + b + t_ - 1), alpha, beta, t)


def sbg_churn_pmf(alpha: Any, beta: Any, t: Any) -> Any:
    """Share of a cohort lost at the end of period t (churn probability mass).

    ``P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta)``, defined for
    t >= 1 (Fader & Hardie 2007).

    Args:
        alpha: the sBG's alpha.
        beta: its beta.
        t: the period, >= 1.

    Returns:
        The probability, like ``t``.
    """
    a, b = _shape(alpha, beta)
    t_ = as_array("t", t)
    check(t_ < 1, "t must be at least 1 (the first possible churn is at the end of period 1)")
    return wrap(np.exp(betaln(a + 1, b + t_ - 1) - betaln(a, b)), alpha, beta, t)


def _z(discount: Any) -> np.ndarray:
    d = nonnegative("discount", discount)
    # the continued fraction needs about 1/sqrt(d) steps: refuse hopeless cases at once
    check((d > 0) & (d < 1e-8), "discount is too close to 0 for the discounted lifetime to "
          "be computed (below 1e-8 per period); use discount=0 for the undiscounted one")
    return 1 / (1 + d)


def sbg_derl(alpha: Any, beta: Any, discount: Any, renewals_so_far: Any) -> Any:
    """Discounted expected residual lifetime of a customer who has renewed n times.

    Standing at the end of the customer's current period, just before her next
    renewal decision (Fader & Hardie 2010):

    ``DERL = sum_{t>=n+1} S(t) / S(n) / (1+d)^(t-n-1)
           = (beta + n) / (alpha + beta + n) * 2F1(1, beta + n + 1; alpha + beta + n + 1; 1/(1+d))``

    with ``n = renewals_so_far`` (the paper writes the same with n - 1
    renewals). The next payment, due on renewal, is counted undiscounted.
    Multiply by the margin per period for the customer's residual value. In the
    homogeneous limit (every customer churns with the same c) this tends to
    ``(1 - c)(1 + d) / (d + c)``, the geometric-series value. With
    ``discount = 0`` it is the expected number of further renewals, finite
    only when alpha > 1.

    Args:
        alpha: the sBG's alpha.
        beta: its beta.
        discount: the discount rate per period.
        renewals_so_far: n.

    Returns:
        The DERL in periods (a float for scalars).
    """
    a, b = _shape(alpha, beta)
    n = whole("renewals_so_far", renewals_so_far)
    z = _z(discount)
    value = (b + n) / (a + b + n) * hyp2f1_one(b + n + 1, a + b + n + 1, z)
    return wrap(value, alpha, beta, discount, renewals_so_far)


def sbg_del(alpha: Any, beta: Any, discount: Any) -> Any:
    """Discounted expected lifetime of a just-acquired customer, in periods.

    ``DEL = sum_{t>=0} S(t) / (1+d)^t = 2F1(1, beta; alpha + beta; 1/(1+d))``
    (Fader & Hardie 2010): payments at the start of each period, the first one
    certain and undiscounted. The expected CLV of a new customer paying margin
    ``m`` per period is ``m * DEL``. Evaluated as ``1 + DERL(0) / (1+d)`` (the
    first payment plus the discounted residual lifetime after it), which is the
    same series. With ``discount = 0`` this is the expected lifetime
    ``(alpha + beta - 1) / (alpha - 1)``, infinite when alpha <= 1.

    Args:
        alpha: the sBG's alpha.
        beta: its beta.
        discount: the discount rate per period.

    Returns:
        The DEL in periods (a float for scalars).
    """
    a, b = _shape(alpha, beta)
    z = _z(discount)
    value = 1 + z * b / (a + b) * hyp2f1_one(b + 1, a + b + 1, z)
    return wrap(value, alpha, beta, discount)


def sbg_customer_base_value(
    alpha: float,
    beta: float,
    discount: float,
    customers_by_renewals: Any,
    margin: float = 1.0,
) -> float:
    """Residual value of today's customer base: ``margin * sum_n N_n * DERL(n)``.

    ``customers_by_renewals`` gives the number of active customers who have
    renewed n = 0, 1, 2, ... times: a mapping ``{n: count}``, a Series indexed
    by n, or a sequence whose position is n. This is the customer-base
    valuation of Fader & Hardie (2010), which shows that ignoring the tenure mix
    (one retention rate for everyone) undervalues the base.

    Args:
        alpha: the sBG's alpha.
        beta: its beta.
        discount: the discount rate per period.
        customers_by_renewals: as above.
        margin: the margin per period.

    Returns:
        The base's residual value.
    """
    if isinstance(customers_by_renewals, Mapping):
        n = np.asarray(list(customers_by_renewals.keys()))
        counts = np.asarray(list(customers_by_renewals.values()))
    elif isinstance(customers_by_renewals, pd.Series):
        n, counts = customers_by_renewals.index.to_numpy(), customers_by_renewals.to_numpy()
    else:
        counts = np.asarray(customers_by_renewals)
        n = np.arange(counts.size)
    counts = nonnegative("customers_by_renewals", counts)
    n = whole("renewals (customers_by_renewals keys)", n)
    m = as_array("margin", margin)
    return float(m * np.sum(counts * np.asarray(sbg_derl(alpha, beta, discount, n))))


def _cohort_rows(alive_counts: Any) -> list[np.ndarray]:
    try:
        arr = np.asarray(alive_counts, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError("alive_counts must hold numbers of customers") from exc
    if arr.ndim not in (1, 2):
        raise ValueError("alive_counts must be one cohort (1-D) or cohorts by period (2-D)")
    rows = [arr] if arr.ndim == 1 else list(arr)
    out = []
    for i, row in enumerate(rows):
        label = "alive_counts" if len(rows) == 1 else f"alive_counts row {i}"
        seen = row[: int(np.isfinite(row).cumprod().sum())]  # drop the unobserved (NaN) tail
        if np.isfinite(row[seen.size:]).any():
            raise ValueError(f"{label} has a gap (NaN) before its last observed value")
        if seen.size < 2:
            if len(rows) > 1:
                continue  # a cohort seen only at its start carries no information yet
            raise ValueError(f"{label} needs at least two periods (cohort size and survivors "
                             "one period later)")
        check(seen < 0, f"{label} must not be negative")
        if seen[0] <= 0:
            raise ValueError(f"{label} starts at zero: the first value is the cohort size")
        check(np.diff(seen) > 1e-9 * seen[0],
              f"{label} increases from one period to the next (survivors cannot come back)")
        out.append(seen)
    if not out:
        raise ValueError("alive_counts has no cohort observed for two periods or more")
    return out


def fit_sbg(alive_counts: Any, *, cohort_size: float | None = None, maxiter: int = 200) -> SBGFit:
    """Maximum-likelihood sBG fit to the number alive at the start of periods 0..n.

    ``alive_counts``: one cohort as a sequence ``[n_0, n_1, ..., n_T]``
    (counts, or percentages such as Fader & Hardie's Table 1), or several
    cohorts as a 2-D array / DataFrame (one row per cohort, NaN after each
    cohort's last observed period, as :func:`survival_counts` returns); the
    cohorts share alpha and beta (a cohort observed only at its start is
    skipped: it carries no information yet). ``cohort_size`` rescales every
    cohort so its first value equals it (e.g. 1000 for the paper's
    percentages); the estimates do not change, only the log-likelihood and
    ``n``.

    Likelihood (Fader & Hardie 2007): the ``n_{t-1} - n_t`` customers lost
    in period t contribute ``P(T = t)`` each; the ``n_T`` still active at the
    last observation are right-censored and contribute ``S(T)``. Maximised over
    log alpha and log beta with an analytic gradient.

    Args:
        alive_counts: one cohort or several, as above.
        cohort_size: the first value every cohort is rescaled to, or None.
        maxiter: optimiser iterations at most.

    Returns:
        An :class:`SBGFit`.

    Raises:
        ValueError: invalid counts.
        valuekit.clv.FitError: there is no interior maximum (e.g. nobody ever churns).
    """
    rows = _cohort_rows(alive_counts)
    if cohort_size is not None:
        size = float(positive("cohort_size", cohort_size))
        rows = [r * size / r[0] for r in rows]
    horizon = max(r.size for r in rows) - 1
    lost = np.zeros(horizon + 1)  # lost[t]: customers lost at the end of period t
    censored = np.zeros(horizon + 1)  # censored[t]: still active when last seen at t
    for r in rows:
        lost[1 : r.size] += -np.diff(r)
        censored[r.size - 1] += r[-1]
    total = sum(r[0] for r in rows)
    t = np.arange(1, horizon + 1, dtype=float)

    def negll(theta: np.ndarray) -> tuple[float, np.ndarray]:
        a, b = np.exp(theta)
        inv_ab = 1 / (a + b + t - 1)
        log_s = np.concatenate([[0.0], np.cumsum(np.log(b + t - 1) + np.log(inv_ab))])
        ds_da = np.concatenate([[0.0], -np.cumsum(inv_ab)])
        ds_db = np.concatenate([[0.0], np.cumsum(1 / (b + t - 1) - inv_ab)])
        log_p = log_s[:-1] + np.log(a) + np.log(inv_ab)  # P(T = t) = S(t-1) * alpha/(a+b+t-1)
        dp_da = ds_da[:-1] + 1 / a - inv_ab
        dp_db = ds_db[:-1] - inv_ab
        ll = lost[1:] @ log_p + censored @ log_s
        g_a = lost[1:] @ dp_da + censored @ ds_da
        g_b = lost[1:] @ dp_db + censored @ ds_db
        return -ll / total, -np.array([g_a * a, g_b * b]) / total

    hint = ("The sBG needs customers who leave and customers who stay, and a retention rate "
            "that rises with tenure; check that alive_counts holds the number still active at "
            "the start of each period. If retention is about constant, use one retention rate "
            "(retention_clv, discounted_clv) instead.")
    theta, nit = maximise(negll, np.zeros(2), model="sBG", names=("alpha", "beta"),
                          maxiter=maxiter, hint=hint)
    a, b = np.exp(theta)
    ses = standard_errors(gradient_hessian(lambda v: negll(v)[1], theta), theta, total,
                          ("alpha", "beta"))
    return SBGFit(alpha=float(a), beta=float(b), log_likelihood=float(-negll(theta)[0] * total),
                  converged=True, n=float(total), periods=horizon, iterations=nit,
                  std_errors=ses)
