"""Gaussian hypergeometric functions the CLV formulas need, evaluated robustly.

scipy.special.hyp2f1 is fast and accurate over most of the range, but returns
inf or NaN for some parameters that fitted models produce (measured: the sBG
DERL with alpha = 100, beta = 1; the BG/NBD expectation with integer-valued
c - a - b, e.g. r = b = 1, a = 2, x = 99 at z = 0.905). The two functions
here cover exactly the forms used in :mod:`valuekit.clv.sbg` and
:mod:`valuekit.clv.bgnbd`.
"""

from __future__ import annotations

import numpy as np
from scipy.special import hyp2f1


def hyp2f1_one(b: np.ndarray, c: np.ndarray, z: np.ndarray, *, max_terms: int = 100_000):
    """Gaussian hypergeometric ``2F1(1, b; c; z)`` for c > max(b, 1), b > 0, 0 <= z <= 1.

    scipy.special.hyp2f1 returns NaN or inf for parameters a fitted sBG can
    produce (e.g. alpha = 100, beta = 1, or alpha = beta = 300), so this is
    evaluated with Gauss's continued fraction (DLMF 15.7.5 with b = 0, which
    gives ``2F1(1, a; c+1; z)``) by the modified Lentz method. It converges for
    every z < 1, in about ``1 / sqrt(1 - z)`` steps, i.e. fast at any realistic
    discount rate. At z = 1 (no discounting) Gauss's summation theorem gives
    ``(c - 1) / (c - b - 1)``, infinite when ``c - b <= 1``.

    Args:
        b: b (arrays broadcast).
        c: c.
        z: z.
        max_terms: continued-fraction steps at most.

    Returns:
        The values, broadcast.
    """
    b, c, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (b, c, z)))
    with np.errstate(divide="ignore"):
        at_one = np.where(c - b > 1, (c - 1) / (c - b - 1), np.inf)
    cc = c - 1  # the fraction is for 2F1(1, b; cc + 1; z) = cc / (t0 - u1 z / (t1 - ...))
    if b.size <= 256:
        # plain floats: a scalar step is far cheaper than a numpy call on one element
        f = np.array([_lentz(bi, ci, zi, max_terms) if zi < 1 else np.nan
                      for bi, ci, zi in zip(b.ravel(), cc.ravel(), z.ravel(), strict=True)])
        f = f.reshape(b.shape)
    else:
        f = _lentz_vector(b, cc, z, max_terms)
    with np.errstate(invalid="ignore"):
        return np.where(z >= 1, at_one, cc / f)


_TOO_SMALL = ("discount is too close to 0 for the discounted lifetime to be computed "
              "(below about 1e-8 per period); use discount=0 for the undiscounted one")


def _lentz(b: float, cc: float, z: float, max_terms: int) -> float:
    """The continued fraction t0 - u1 z / (t1 - u2 z / ...) for one set of parameters."""
    tiny = 1e-300
    f = big_c = cc
    d = 0.0
    for n in range(1, max_terms):
        k = n // 2
        u = (b + k) * (cc + k) if n % 2 else k * (cc - b + k)
        a_n, b_n = -u * z, cc + n
        d = b_n + a_n * d
        d = 1 / (d if d != 0 else tiny)
        big_c = b_n + a_n / big_c
        big_c = big_c if big_c != 0 else tiny
        delta = big_c * d
        f *= delta
        if abs(delta - 1) < 1e-15:
            return f
    raise ValueError(_TOO_SMALL)


def _lentz_vector(b: np.ndarray, cc: np.ndarray, z: np.ndarray, max_terms: int) -> np.ndarray:
    """:func:`_lentz` for many parameter sets at once."""
    f = cc.copy()
    big_c, d = f.copy(), np.zeros_like(f)
    done = z >= 1
    tiny = 1e-300
    for n in range(1, max_terms):
        k = n // 2
        u = (b + k) * (cc + k) if n % 2 else k * (cc - b + k)
        a_n, b_n = -u * z, cc + n
        d = b_n + a_n * d
        d = 1 / np.where(d == 0, tiny, d)
        big_c = b_n + a_n / big_c
        big_c = np.where(big_c == 0, tiny, big_c)
        delta = big_c * d
        f = np.where(done, f, f * delta)
        done = done | (np.abs(delta - 1) < 1e-15)
        if done.all():
            return f
    raise ValueError(_TOO_SMALL)


def _log_series(first: np.ndarray, ratio, z: np.ndarray, *, chunk: int = 2048,
                max_terms: int = 2_000_000) -> tuple[np.ndarray, np.ndarray]:
    """``sum_{k>=1} h_k`` with ``h_1 = first`` and ``h_{k+1} = h_k * ratio(k) * z``.

    Summed in log space with signs, chunk by chunk, so terms that first grow by
    hundreds of orders of magnitude neither overflow nor lose the sum. Returns
    (sign, log|sum|) per element. Raises ValueError when the terms cancel so
    much that the sum cannot be trusted, or when it has not converged.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _log_series_sum(first, ratio, z, chunk=chunk, max_terms=max_terms)


def _log_series_sum(first, ratio, z, *, chunk, max_terms):
    m = first.size
    sign_sum = np.zeros(m)
    log_sum = np.full(m, -np.inf)
    log_abs_total = np.full(m, -np.inf)  # log of sum |h_k|, to detect cancellation
    log_h = np.log(np.abs(first))
    sign_h = np.sign(first)
    done = (first == 0) | (z == 0)
    k0 = 1
    while not done.all():
        if k0 > max_terms:
            raise ValueError("the hypergeometric series did not converge; the forecast horizon "
                             "t is too long relative to the customers' ages T")
        k = np.arange(k0, k0 + chunk, dtype=float)
        r = ratio(k[None, :]) * z[:, None]
        # term k0 is the running term; terms k0+1 .. follow from the ratios
        log_r = np.log(np.abs(r))
        log_terms = log_h[:, None] + np.concatenate(
            [np.zeros((m, 1)), np.cumsum(log_r[:, :-1], axis=1)], axis=1)
        sign_terms = sign_h[:, None] * np.concatenate(
            [np.ones((m, 1)), np.cumprod(np.sign(r[:, :-1]), axis=1)], axis=1)
        log_terms[done] = -np.inf
        top = np.maximum(np.max(log_terms, axis=1), log_sum)
        top = np.where(np.isfinite(top), top, 0.0)
        scaled = sign_sum * np.exp(log_sum - top) + np.sum(
            sign_terms * np.exp(log_terms - top[:, None]), axis=1)
        abs_scaled = np.exp(log_abs_total - top) + np.sum(np.exp(log_terms - top[:, None]),
                                                          axis=1)
        log_sum = np.where(done, log_sum, top + np.log(np.abs(scaled)))
        log_abs_total = np.where(done, log_abs_total, top + np.log(abs_scaled))
        sign_sum = np.where(done, sign_sum, np.sign(scaled))
        # next running term, and convergence: terms now shrinking and negligible
        log_h = log_terms[:, -1] + log_r[:, -1]
        sign_h = sign_terms[:, -1] * np.sign(r[:, -1])
        # once the ratios stay below q < 1 the rest is at most h / (1 - q)
        q = np.maximum(np.abs(r[:, -1]), z)
        bound = log_h - np.log1p(-np.minimum(q, 1.0))
        small = (q < 1) & (bound < log_abs_total + np.log(1e-17))
        done = done | small | ~np.isfinite(log_h)
        k0 += chunk
    nonzero = np.isfinite(log_sum)
    if np.any(log_abs_total[nonzero] - log_sum[nonzero] > np.log(1e8)):
        raise ValueError("the hypergeometric series cancels too much to be evaluated for these "
                         "parameters")
    return sign_sum, log_sum


def bgnbd_core(r: float, a: float, b: float, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``c/(a-1) * (1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; c; z))`` with c = a + b + x - 1.

    This is the BG/NBD expectation of purchases before the P(alive) factor, in
    the form obtained from Fader, Hardie & Lee (2005) eq. 10 by Euler's
    transformation (see :func:`valuekit.clv.bgnbd._conditional`). scipy's
    hyp2f1 is used where it returns a finite value and a is not within 1e-3 of
    1; elsewhere the series is summed directly as
    ``-c expm1((a-1) L)/(a-1) - (1-z)^(a-1) H`` with L = log(1-z) and
    ``H = c (2F1 - 1)/(a-1) = sum_{k>=1} h_k``, ``h_1 = (a+b-1-r) z``,
    ``h_{k+1} = h_k (a+b-1-r+k)(a-1+k) z / ((c+k)(k+1))``, which has no
    singularity at a = 1 (the limit the closed form reaches as 0/0).

    Args:
        r: the BG/NBD's r.
        a: its a.
        b: its b.
        x: repeat purchases (an array).
        z: the argument, like ``x``.

    Returns:
        The values, like ``x``.
    """
    x, z = np.broadcast_arrays(np.asarray(x, float), np.asarray(z, float))
    c = a + b + x - 1
    eps = a - 1
    a1 = a + b - 1 - r
    log1mz = np.log1p(-z)
    out = np.full(x.shape, np.nan)
    if abs(eps) >= 1e-3:
        with np.errstate(all="ignore"):
            f = hyp2f1(a1, eps, c, z)
            out = c / eps * (1 - np.exp(eps * log1mz) * f)
    bad = ~np.isfinite(out)
    if bad.any():
        cb, zb, lb = c[bad], z[bad], log1mz[bad]

        def ratio(k: np.ndarray, cb=cb) -> np.ndarray:
            return (a1 + k) * (eps + k) / ((cb[:, None] + k) * (k + 1))

        sign, log_h = _log_series(np.full(cb.shape, a1) * zb, ratio, zb)
        lead = -cb * lb if eps == 0 else -cb * np.expm1(eps * lb) / eps
        out[bad] = lead - sign * np.exp(eps * lb + log_h)
    return out
