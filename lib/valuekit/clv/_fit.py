"""Maximum-likelihood fitting shared by the sBG, BG/NBD and Gamma-Gamma models.

All models are fitted on the logarithm of their (positive) parameters:
unconstrained and well scaled. The sBG and Gamma-Gamma use BFGS with an
analytic gradient; the BG/NBD, where each evaluation touches every distinct
customer history, uses Newton's method with its analytic Hessian, which
needs about a third of the evaluations. Both refuse to return an optimum at
the edge of the parameter space or on a flat ridge (:class:`FitError`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

from valuekit.fits import FitError

__all__ = ["FitError", "gradient_hessian", "maximise", "maximise_newton", "standard_errors"]

#: |log parameter| above this means the optimiser is running off to 0 or infinity
#: (parameters outside 1e-5 .. 1e5 on the fitting scale): the data do not identify
#: the model. Fitted values of real data sets are orders of magnitude inside.
LOG_BOUND = float(np.log(1e5))

#: Smallest / largest curvature of the mean log-likelihood below which the optimum is
#: a flat ridge, not a point. Healthy fits measured here: 1e-3 to 5e-2; degenerate
#: ones (no churn at all, constant retention for the sBG): 1e-7 and below.
FLAT = 1e-6




def _hessian_by_differences(grad: Callable[[np.ndarray], np.ndarray], x: np.ndarray):
    """Hessian by central differences of the analytic gradient."""
    h = 1e-4
    k = x.size
    hess = np.empty((k, k))
    for i in range(k):
        step = np.zeros(k)
        step[i] = h
        hess[:, i] = (grad(x + step) - grad(x - step)) / (2 * h)
    return (hess + hess.T) / 2


def gradient_hessian(grad: Callable[[np.ndarray], np.ndarray], x: np.ndarray) -> np.ndarray:
    """The Hessian at ``x`` by central differences of an analytic gradient (for the
    BFGS fits' standard errors: 2 k gradient evaluations).

    Args:
        grad: the gradient function.
        x: the point (k parameters).

    Returns:
        The symmetric k x k Hessian.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _hessian_by_differences(grad, np.asarray(x, dtype=float))


def standard_errors(hess_mean: np.ndarray, theta: np.ndarray, total: float,
                    names: tuple[str, ...]) -> dict[str, float]:
    """Approximate standard errors of the parameters exp(theta) of a maximum-likelihood fit.

    Args:
        hess_mean: the Hessian of the *mean* negative log-likelihood in the log-parameters
            at the optimum.
        theta: the fitted log-parameters.
        total: what the mean was taken over (customers), so the observed information is
            ``total * hess_mean``.
        names: the parameters' names.

    Returns:
        name -> standard error, by the delta method (se(p) = p se(log p)); empty when the
        information matrix cannot be inverted. A parameter later rescaled by a constant
        (time or currency units) keeps the same relative error: scale its value and its
        error alike. On CDNOW the BG/NBD's agree with lifetimes' to six digits
        (tests/test_fits.py).
    """
    try:
        cov = np.linalg.inv(np.asarray(hess_mean, dtype=float) * float(total))
    except np.linalg.LinAlgError:
        return {}
    var = np.diag(cov)
    if not np.all(np.isfinite(var)) or np.any(var < 0):
        return {}
    se = np.exp(theta) * np.sqrt(var)
    return {k: float(v) for k, v in zip(names, se, strict=True)}


def _runaway(x: np.ndarray, *, model: str, names: tuple[str, ...], hint: str) -> None:
    if np.any(np.abs(x) > LOG_BOUND):
        runaway = ", ".join(n for n, v in zip(names, x, strict=True) if abs(v) > LOG_BOUND)
        raise FitError(f"{model} fit did not converge: {runaway} ran off towards 0 or "
                       f"infinity, so the data do not pin the model down. {hint}")


def _flat(hess: np.ndarray, *, model: str, hint: str) -> None:
    eig = np.linalg.eigvalsh(hess)
    if not (eig[-1] > 0 and eig[0] > FLAT * eig[-1]):
        raise FitError(f"{model} fit did not converge to a single answer: the likelihood "
                       "is flat along a combination of the parameters, so the data do not "
                       f"pin the model down. {hint}")


def maximise(
    neg_loglik_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x0: np.ndarray,
    *,
    model: str,
    names: tuple[str, ...],
    maxiter: int,
    hint: str,
) -> tuple[np.ndarray, int]:
    """Minimise a mean negative log-likelihood over log-parameters with BFGS.

    Args:
        neg_loglik_and_grad: value and gradient of the mean negative log-likelihood.
        x0: the starting log-parameters.
        model: the model's name, for messages.
        names: the parameters' names, for messages.
        maxiter: iterations at most.
        hint: appended to the error message: what the user can change in the data.

    Returns:
        The log-parameters and the number of iterations.

    Raises:
        valuekit.fits.FitError: the optimiser fails, runs off to the boundary or ends on a
            flat ridge.
    """
    if int(maxiter) < 1:
        raise ValueError("maxiter must be at least 1")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        res = minimize(neg_loglik_and_grad, np.asarray(x0, float), jac=True, method="BFGS",
                       options={"maxiter": int(maxiter), "gtol": 1e-7})
        grad = neg_loglik_and_grad(res.x)[1]
    if not np.all(np.isfinite(res.x)) or not np.isfinite(res.fun):
        raise FitError(f"{model} fit failed: the likelihood became undefined. {hint}")
    _runaway(res.x, model=model, names=names, hint=hint)
    # BFGS often ends with "precision loss" at an optimum it cannot improve on;
    # accept that only if the gradient is in fact ~0
    small_grad = bool(np.all(np.isfinite(grad)) and np.max(np.abs(grad)) < 1e-4)
    if not (res.success or small_grad):
        raise FitError(f"{model} fit did not converge after {res.nit} iterations "
                       f"({res.message}). Try a larger maxiter; {hint}")
    # BFGS's own curvature estimate is free; confirm a suspicious one with the real Hessian
    approx = 1 / np.linalg.eigvalsh(res.hess_inv)
    if approx.min() < 10 * FLAT * approx.max():
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            hess = _hessian_by_differences(lambda v: neg_loglik_and_grad(v)[1], res.x)
        _flat(hess, model=model, hint=hint)
    return res.x, int(res.nit)


def maximise_newton(
    evaluate: Callable[[np.ndarray], tuple[float, np.ndarray, np.ndarray]],
    x0: np.ndarray,
    *,
    model: str,
    names: tuple[str, ...],
    maxiter: int,
    hint: str,
    gtol: float = 1e-9,
) -> tuple[np.ndarray, int]:
    """Newton's method with Levenberg-Marquardt damping on a mean negative log-likelihood.

    ``evaluate`` returns value, gradient and Hessian. Far from the optimum the
    Hessian may be indefinite: the damping ``mu`` grows until ``H + mu I`` is
    positive definite and the step lowers the value (a trust region in
    disguise); close to it ``mu`` falls to 0 and convergence is quadratic, so a
    fit takes about ten evaluations where BFGS needs thirty.

    Args:
        evaluate: value, gradient and Hessian of the mean negative log-likelihood.
        x0: the starting log-parameters.
        model: the model's name, for messages.
        names: the parameters' names, for messages.
        maxiter: Newton steps at most.
        hint: appended to the error message.
        gtol: the gradient norm that counts as converged.

    Returns:
        The log-parameters and the number of Newton steps.

    Raises:
        valuekit.fits.FitError: as :func:`maximise`.
    """
    if int(maxiter) < 1:
        raise ValueError("maxiter must be at least 1")
    x = np.asarray(x0, dtype=float)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        f, g, h = evaluate(x)
        if not (np.isfinite(f) and np.all(np.isfinite(g)) and np.all(np.isfinite(h))):
            raise FitError(f"{model} fit failed: the likelihood is undefined at the start. "
                           f"{hint}")
        mu = 0.0
        steps = 0
        while np.max(np.abs(g)) > gtol:
            if steps >= int(maxiter):
                raise FitError(f"{model} fit did not converge after {steps} iterations. "
                               f"Try a larger maxiter; {hint}")
            scale = max(float(np.max(np.abs(np.diag(h)))), 1.0)
            for _ in range(80):
                try:
                    chol = np.linalg.cholesky(h + mu * np.eye(x.size))
                except np.linalg.LinAlgError:
                    mu = max(4 * mu, 1e-6 * scale)
                    continue
                step = -np.linalg.solve(chol.T, np.linalg.solve(chol, g))
                longest = np.max(np.abs(step))
                if longest > 2.0:  # never move a parameter by more than a factor e^2 at once
                    step *= 2.0 / longest
                f_new, g_new, h_new = evaluate(x + step)
                finite = (np.isfinite(f_new) and np.all(np.isfinite(g_new))
                          and np.all(np.isfinite(h_new)))
                if finite and f_new <= f + 1e-4 * float(g @ step):
                    break
                mu = max(4 * mu, 1e-6 * scale)
            else:
                raise FitError(f"{model} fit did not converge: no step improves the "
                               f"likelihood. {hint}")
            if f - f_new <= 1e-15 * max(1.0, abs(f)) and np.max(np.abs(g_new)) < 1e-6:
                x, f, g, h = x + step, f_new, g_new, h_new
                break  # at the optimum up to rounding
            x, f, g, h = x + step, f_new, g_new, h_new
            mu = mu / 4 if mu > 1e-12 * scale else 0.0
            steps += 1
    _runaway(x, model=model, names=names, hint=hint)
    _flat(h, model=model, hint=hint)
    return x, steps
