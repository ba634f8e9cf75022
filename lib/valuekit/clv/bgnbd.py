"""BG/NBD model of repeat purchasing without contracts.

While alive, a customer buys as a Poisson process with rate lambda; after
each repeat purchase she becomes inactive for good with probability p. Across
customers lambda ~ Gamma(r, alpha) (shape r, rate alpha) and p ~ Beta(a, b).
The data per customer are x (number of repeat purchases), t_x (time of the
last repeat purchase, measured from the first purchase; 0 when x = 0) and T
(time from the first purchase to the end of the observation period), all in
the same time unit.

Source: Fader, Hardie & Lee (2005), "'Counting your customers' the easy way:
an alternative to the Pareto/NBD model", Marketing Science 24(2), 275-284,
and Fader, Hardie & Lee (2007), "Computing P(alive) using the BG/NBD model",
note 021 at brucehardie.com.

Numerics: every formula is evaluated in log space (gammaln, logaddexp) or
rearranged so that no factor grows with x; customers with thousands of
purchases give finite answers, where older libraries return NaN or overflow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.special import digamma, expit, gammaln, zeta

from valuekit.checks import check, model_params, nonnegative, positive, same_length, whole, wrap
from valuekit.fits import FitSummary

from ._fit import maximise_newton, standard_errors
from ._special import bgnbd_core

NAMES = ("r", "alpha", "a", "b")


@dataclass(frozen=True)
class BGNBDFit(FitSummary):
    """Fitted BG/NBD parameters (``alpha`` in the time unit of the data).

    ``n`` is the number of customers. ``converged`` is always True:
    :func:`fit_bgnbd` raises :class:`~valuekit.clv.FitError` instead of
    returning an unconverged fit.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    converged: bool
    n: int
    iterations: int
    std_errors: dict[str, float] = field(default_factory=dict)

    param_names: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")

    def predict(self, t: Any) -> Any:
        """Expected repeat purchases of a new customer in ``(0, t]``
        (:func:`bgnbd_expected_purchases`)."""
        return bgnbd_expected_purchases(self, t)


def bgnbd_params(params: Any) -> tuple[float, float, float, float]:
    """(r, alpha, a, b) from a BGNBDFit, a mapping or a 4-sequence; all must be > 0."""
    return model_params(params, BGNBDFit, NAMES, "BG/NBD")


def customer_arrays(x: Any, t_x: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated (x, t_x, T) arrays with the BG/NBD's data conventions.

    Args:
        x: repeat purchases.
        t_x: time of the last repeat purchase (recency).
        T: age: time since the first purchase.

    Returns:
        The three float arrays.

    Raises:
        ValueError: a value that breaks the conventions (the message names it).
    """
    xs = whole("frequency x", x)
    tx = nonnegative("recency t_x", t_x)
    tt = positive("age T", T)
    xs, tx, tt = np.broadcast_arrays(xs, tx, tt)
    check(tx > tt * (1 + 1e-12), "recency t_x must not be greater than age T "
          "(t_x is the time of the last repeat purchase, T the end of observation)")
    check((xs > 0) & (tx == 0), "recency t_x must be greater than 0 when x > 0 "
          "(a repeat purchase happens after the first one)")
    check((xs == 0) & (tx > 0), "recency t_x must be 0 when x = 0; note that t_x is "
          "measured from the first purchase, not back from the end of the period")
    return xs, tx, tt


def _loglik(r, alpha, a, b, x, tx, T):
    """Per-customer log-likelihood, FHL (2005) eq. 6 in log space.

    ``A1 + A2 + log(exp(A3) + [x>0] exp(A4))`` with A1 = log G(r+x) - log G(r)
    + r log alpha; A2 = log B(a, b+x) - log B(a, b); A3 = -(r+x) log(alpha+T);
    A4 = log a - log(b+x-1) - (r+x) log(alpha+t_x). Gamma functions of r + x
    overflow beyond x of about 170; their logarithms never do.
    """
    rx = r + x
    pos = x > 0
    a1 = gammaln(rx) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -rx * np.log(alpha + T)
    bx1 = np.where(pos, b + x - 1, 1.0)
    a4 = np.where(pos, np.log(a) - np.log(bx1) - rx * np.log(alpha + tx), -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def bgnbd_log_likelihood(params: Any, x: Any, t_x: Any, T: Any) -> Any:
    """Log-likelihood of each customer under the BG/NBD (FHL 2005, eq. 6), in log space.

    Args:
        params: a :class:`BGNBDFit`, a mapping with keys r, alpha, a, b, or those four in
            order.
        x: repeat purchases.
        t_x: time of the last repeat purchase (recency).
        T: age: time since the first purchase.

    Returns:
        One log-likelihood per customer (a float for scalars).
    """
    r, alpha, a, b = bgnbd_params(params)
    xs, tx, tt = customer_arrays(x, t_x, T)
    return wrap(_loglik(r, alpha, a, b, xs, tx, tt), x, t_x, T)


def _trigamma(v: Any) -> Any:
    """psi'(v) as the Hurwitz zeta(2, v): the same function without polygamma's overhead."""
    return zeta(2.0, v)


def _dot(u: np.ndarray, v: np.ndarray) -> float:
    """Inner product. Short vectors: np.dot (least overhead). Long ones: einsum, not BLAS,
    whose threads made a 100k-element dot product many times slower on a busy 2-core
    machine (benchmarks/clv.md); these sums are memory-bound anyway."""
    if u.size < 8192:
        return float(np.dot(u, v))
    return float(np.einsum("i,i->", u, v))


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values and each element's index into them (hash-based, no sort)."""
    codes, uniques = pd.factorize(values, sort=False)
    return np.asarray(uniques, dtype=float), codes.astype(np.int64)


class _CondensedLikelihood:
    """Mean negative BG/NBD log-likelihood, gradient and Hessian over condensed data.

    Speed comes from the structure of FHL's likelihood: A1 and A2 depend on x
    only, A3 on (x, T), A4 on (x, t_x). Real data (and Fader & Hardie's own
    condensed CDNOW file) have few distinct x, t_x and T values, so the special
    functions are evaluated once per distinct value, customers with x = 0
    collapse to one row per T, and only the mixing term ``log(e^A3 + e^A4)``
    is evaluated per distinct (x, t_x, T) history.
    """

    def __init__(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray | None):
        if x.max() < 100_000:  # whole numbers: their own codes, no hashing needed
            ix = x.astype(np.int64)
            self.ux = np.arange(ix.max() + 1, dtype=float)
        else:
            self.ux, ix = _codes(x)
        self.ut, it = _codes(T)
        self.utx, itx = _codes(tx)
        n_x, n_t, n_tx = len(self.ux), len(self.ut), len(self.utx)
        if w is None:
            w = np.ones(x.size)
        self.total = float(w.sum())
        self.w_x = np.bincount(ix, w, minlength=n_x)  # customers per distinct x
        self.sum_x = float(self.w_x @ self.ux)
        zero = x == 0
        self.w0_t = np.bincount(it[zero], w[zero], minlength=n_t)  # x = 0 customers per T
        pos = ~zero
        ix, it, itx, w = ix[pos], it[pos], itx[pos], w[pos]
        # condense identical histories among repeat buyers: dense key when the grid is small
        key = (ix * n_t + it) * n_tx + itx
        size = n_x * n_t * n_tx
        if size <= 4 * key.size:
            counts = np.bincount(key, w, minlength=size)
            key = np.flatnonzero(counts)
            w = counts[key]
        else:
            key, inverse = np.unique(key, return_inverse=True)
            w = np.bincount(inverse, w)
        rest, self.itx = np.divmod(key, n_tx)
        self.ix, self.it = np.divmod(rest, n_t)
        self.w = w
        self.rows = int(key.size + np.count_nonzero(self.w0_t))

    def __call__(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean negative log-likelihood and its gradient w.r.t. the log-parameters."""
        return self.evaluate(theta, hessian=False)[:2]

    def evaluate(self, theta: np.ndarray, *, hessian: bool = True):
        """(value, gradient, Hessian) of the mean negative log-likelihood in log-parameters.

        Derivatives are analytic. With ``mix = log(e^A3 + e^A4)`` and softmax weights
        q3 + q4 = 1: grad mix = q3 grad A3 + q4 grad A4 and
        hess mix = q3 hess A3 + q4 hess A4 + q3 q4 (grad A3 - grad A4)(grad A3 - grad A4)'.
        """
        p = np.exp(theta)
        r, alpha, a, b = p
        ux, ix, it, itx, w = self.ux, self.ix, self.it, self.itx, self.w
        total = self.total
        log_at = np.log(alpha + self.ut)
        log_atx = np.log(alpha + self.utx)
        inv_t, inv_tx = 1 / (alpha + self.ut), 1 / (alpha + self.utx)
        # terms that depend on x only, once per distinct x
        gx = (gammaln(r + ux) + gammaln(b + ux) - gammaln(a + b + ux)
              + (gammaln(a + b) - gammaln(r) - gammaln(b)))
        psi_abx = digamma(a + b + ux)
        psi_ab = digamma(a + b)
        inv_bx1 = 1 / np.where(ux > 0, b + ux - 1, 1.0)
        log_a_bx1 = np.log(a) + np.log(inv_bx1)
        ll = _dot(self.w_x, gx) + total * r * np.log(alpha) - r * _dot(self.w0_t, log_at)
        # repeat buyers: log(e^A3 + e^A4), A3 = -(r+x) log(alpha+T), A4 as in _loglik
        rx = r + ux[ix]
        lat, latx = log_at[it], log_atx[itx]
        a3 = -rx * lat
        a4 = log_a_bx1[ix] - rx * latx
        # log-sum-exp and the softmax weight of A4 from one exponential
        d = a4 - a3
        e = np.exp(-np.abs(d))
        inv = 1 / (1 + e)
        ll += _dot(w, np.maximum(a3, a4) + np.log1p(e))
        q4 = np.where(d > 0, inv, e * inv)
        w4 = w * q4  # weight of the "inactive after t_x" branch
        w3 = w - w4
        it_inv, itx_inv = inv_t[it], inv_tx[itx]
        g_r = (_dot(self.w_x, digamma(r + ux)) - total * digamma(r)
               + total * np.log(alpha) - _dot(self.w0_t, log_at)
               - _dot(w3, lat) - _dot(w4, latx))
        g_alpha = (total * r / alpha - r * _dot(self.w0_t, inv_t)
                   - _dot(w3 * rx, it_inv) - _dot(w4 * rx, itx_inv))
        w4_x = np.bincount(ix, w4, minlength=ux.size)
        g_a = _dot(self.w_x, psi_ab - psi_abx) + w4.sum() / a
        g_b = (_dot(self.w_x, psi_ab + digamma(b + ux) - digamma(b) - psi_abx)
               - _dot(w4_x, inv_bx1))
        grad = np.array([g_r, g_alpha, g_a, g_b])
        value, grad_log = -ll / total, -grad * p / total
        if not hessian:
            return value, grad_log, None
        h = np.zeros((4, 4))
        tri_ab = _trigamma(a + b) - _trigamma(a + b + ux)
        h[0, 0] = _dot(self.w_x, _trigamma(r + ux)) - total * _trigamma(r)
        h[0, 1] = (total / alpha - _dot(self.w0_t, inv_t) - _dot(w3, it_inv)
                   - _dot(w4, itx_inv))
        h[1, 1] = (-total * r / alpha**2 + r * _dot(self.w0_t, inv_t**2)
                   + _dot(w3 * rx, it_inv**2) + _dot(w4 * rx, itx_inv**2))
        h[2, 2] = _dot(self.w_x, tri_ab) - w4.sum() / a**2
        h[2, 3] = _dot(self.w_x, tri_ab)
        h[3, 3] = (_dot(self.w_x, tri_ab + _trigamma(b + ux) - _trigamma(b))
                   + _dot(w4_x, inv_bx1**2))
        # q3 q4 (grad A3 - grad A4)(...)': delta = (log(a+t_x) - log(a+T),
        # (r+x)(1/(alpha+t_x) - 1/(alpha+T)), -1/a, 1/(b+x-1))
        v = w3 * q4
        v_x = np.bincount(ix, v, minlength=ux.size)
        d_r = latx - lat
        d_al = rx * (itx_inv - it_inv)
        d_b = inv_bx1[ix]
        vd_r, vd_al = v * d_r, v * d_al
        s_b, s_v = _dot(v_x, inv_bx1), v_x.sum()
        outer = np.empty((4, 4))
        outer[0, 0] = _dot(vd_r, d_r)
        outer[0, 1] = _dot(vd_r, d_al)
        outer[1, 1] = _dot(vd_al, d_al)
        outer[0, 2] = -vd_r.sum() / a
        outer[1, 2] = -vd_al.sum() / a
        outer[2, 2] = s_v / a**2
        outer[0, 3] = _dot(vd_r, d_b)
        outer[1, 3] = _dot(vd_al, d_b)
        outer[2, 3] = -s_b / a
        outer[3, 3] = _dot(v_x, inv_bx1**2)
        h = np.triu(h + outer)
        h = h + np.triu(h, 1).T
        # chain rule to log-parameters: D H D + diag(grad * p), then negate and average
        hess_log = -(h * np.outer(p, p) + np.diag(grad * p)) / total
        return value, grad_log, hess_log


def fit_bgnbd(
    frequency: Any,
    recency: Any,
    T: Any,
    *,
    weights: Any = None,
    maxiter: int = 100,
) -> BGNBDFit:
    """Maximum-likelihood BG/NBD fit (Fader, Hardie & Lee 2005).

    ``frequency`` = x repeat purchases, ``recency`` = t_x, ``T`` = age, one
    value per customer; ``weights`` optionally counts customers per row
    (Fader & Hardie's condensed format). Identical histories are condensed,
    time is rescaled so the longest T is 10 (so one starting point suits any
    time unit), and the mean log-likelihood is maximised over the
    log-parameters by Newton's method with the analytic gradient and Hessian. ``alpha`` is returned
    in the caller's time unit and ``log_likelihood`` is the total over
    customers, as published.

    Args:
        frequency: x repeat purchases, one per customer.
        recency: t_x.
        T: age.
        weights: customers per row (Fader & Hardie's condensed format), or None.
        maxiter: Newton steps at most.

    Returns:
        A :class:`BGNBDFit`.

    Raises:
        ValueError: invalid data.
        valuekit.clv.FitError: the fit does not converge (e.g. nobody made a repeat
            purchase).
    """
    x, tx, tt = customer_arrays(frequency, recency, T)
    x, tx, tt = x.ravel(), tx.ravel(), tt.ravel()
    same_length(frequency=np.ravel(frequency), recency=np.ravel(recency), T=np.ravel(T))
    w = None
    if weights is not None:
        w = nonnegative("weights", weights).ravel()
        same_length(frequency=x, weights=w)
    if not np.any(x[w > 0] > 0 if w is not None else x > 0):
        raise ValueError("no customer made a repeat purchase (all frequency x are 0): "
                         "the BG/NBD cannot estimate how customers drop out")
    scale = 10.0 / tt.max()  # time rescaling; alpha scales inversely
    negll = _CondensedLikelihood(x, tx * scale, tt * scale, w)
    hint = ("Check that frequency counts repeat purchases only and that recency and T use "
            "the same time unit. The model needs enough repeat buyers, some of whom have "
            "gone quiet: when almost nobody seems to drop out, a and b cannot be estimated.")
    theta, nit = maximise_newton(negll.evaluate, np.zeros(4), model="BG/NBD", names=NAMES,
                                 maxiter=maxiter, hint=hint)
    r, alpha_s, a, b = np.exp(theta)
    ses = standard_errors(negll.evaluate(theta)[2], theta, negll.total, NAMES)
    if ses:
        ses["alpha"] /= scale  # alpha is in the caller's time unit, like its error
    # rescaling time by k multiplies each purchase-time density by 1/k: undo it so the
    # log-likelihood is the one of the data in the caller's unit (as published)
    loglik = -negll(theta)[0] * negll.total + np.log(scale) * negll.sum_x
    return BGNBDFit(r=float(r), alpha=float(alpha_s / scale), a=float(a), b=float(b),
                    log_likelihood=float(loglik), converged=True,
                    n=int(round(negll.total)), iterations=nit, std_errors=ses)


def bgnbd_expected_purchases(params: Any, t: Any) -> Any:
    """Expected repeat purchases of a new customer in (0, t] (FHL 2005, eq. 9).

    ``E[X(t)] = (a+b-1)/(a-1) * [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]``,
    evaluated with Euler's transformation (see :func:`bgnbd_conditional_expected`);
    at a = 1 the formula's 0/0 is replaced by its limit.

    Args:
        params: a :class:`BGNBDFit`, a mapping with keys r, alpha, a, b, or those four in
            order.
        t: the horizon (a number or an array).

    Returns:
        The expected purchases, like ``t``.
    """
    r, alpha, a, b = bgnbd_params(params)
    tt = nonnegative("t", t)
    out = _numerator(r, alpha, a, b, tt, np.zeros_like(tt), np.zeros_like(tt))
    return wrap(out, t)


def _inactive_log_odds(r, alpha, a, b, x, tx, T):
    """log of [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x): odds of 'inactive' vs 'alive'."""
    pos = x > 0
    bx1 = np.where(pos, b + x - 1, 1.0)
    lo = np.log(a) - np.log(bx1) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
    return np.where(pos, lo, -np.inf)


def bgnbd_p_alive(params: Any, x: Any, t_x: Any, T: Any) -> Any:
    """Probability that a customer with history (x, t_x, T) is still active.

    ``P(alive) = 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))``
    (Fader, Hardie & Lee 2005; 2007, note 021), computed as a
    logistic function of the log-odds so it stays in [0, 1] for any x.

    Args:
        params: a :class:`BGNBDFit`, a mapping with keys r, alpha, a, b, or those four in
            order.
        x: repeat purchases.
        t_x: time of the last repeat purchase (recency).
        T: age: time since the first purchase.

    Returns:
        The probability per customer (a float for scalars).
    """
    r, alpha, a, b = bgnbd_params(params)
    xs, tx, tt = customer_arrays(x, t_x, T)
    return wrap(expit(-_inactive_log_odds(r, alpha, a, b, xs, tx, tt)), x, t_x, T)


def _numerator(r, alpha, a, b, t, x, T):
    """Expected purchases in the next t given alive, for each (t, x, T).

    FHL (2005) eq. 10 has ``(a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
    2F1(r+x, b+x; a+b+x-1; z)]``, z = t/(alpha+T+t). Euler's transformation
    ``2F1(p, q; c; z) = (1-z)^(c-p-q) 2F1(c-p, c-q; c; z)`` turns the bracket
    into ``1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)``: x no longer appears
    in an exponent, so customers with thousands of purchases neither overflow
    nor underflow. Evaluated once per distinct (t, x, T): the formula does not
    involve t_x, and real data repeat these combinations massively.
    """
    t, x, T = np.broadcast_arrays(t, x, T)
    keys = [_codes(v.ravel()) for v in (t, x, T)]
    (ut, ct), (ux, cx), (uT, cT) = keys
    key = (ct * len(ux) + cx) * len(uT) + cT
    codes = pd.factorize(key)[0]  # numbered in order of first appearance
    first = np.unique(codes, return_index=True)[1]
    tu, xu, Tu = ut[ct[first]], ux[cx[first]], uT[cT[first]]
    core = bgnbd_core(r, a, b, xu, tu / (alpha + Tu + tu))
    return core[codes].reshape(t.shape)


def conditional_expected_array(r, alpha, a, b, t, x, tx, T):
    """Array core of :func:`bgnbd_conditional_expected` (inputs already validated).

    Args:
        r: the BG/NBD's r.
        alpha: its alpha.
        a: its a.
        b: its b.
        t: the horizon.
        x: repeat purchases.
        tx: recency.
        T: age.

    Returns:
        An array of expected purchases.
    """
    t, x, tx, T = np.broadcast_arrays(t, x, tx, T)
    odds = _inactive_log_odds(r, alpha, a, b, x, tx, T)
    return _numerator(r, alpha, a, b, t, x, T) * expit(-odds)


def bgnbd_conditional_expected(params: Any, t: Any, x: Any, t_x: Any, T: Any) -> Any:
    """Expected repeat purchases in the next t time units for a customer with history (x, t_x, T).

    FHL (2005), eq. 10:
    ``E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
    2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] / (1 + [x>0] a/(b+x-1)
    ((alpha+T)/(alpha+t_x))^(r+x))``, evaluated in a rearranged form that stays
    finite for customers with thousands of purchases.

    Args:
        params: a :class:`BGNBDFit`, a mapping with keys r, alpha, a, b, or those four in
            order.
        t: the horizon.
        x: repeat purchases.
        t_x: time of the last repeat purchase (recency).
        T: age: time since the first purchase.

    Returns:
        The expected purchases per customer (a float for scalars).
    """
    r, alpha, a, b = bgnbd_params(params)
    tt_future = nonnegative("t", t)
    xs, tx, tt = customer_arrays(x, t_x, T)
    out = conditional_expected_array(r, alpha, a, b, tt_future, xs, tx, tt)
    return wrap(out, x, t_x, T, t)
