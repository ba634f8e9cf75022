"""Maximum-likelihood fitting shared by the sBG, BG/NBD and Gamma-Gamma models.

All models are fitted on the logarithm of their (positive) parameters with
BFGS and an analytic gradient: unconstrained, well scaled, and a handful of
vectorised passes over the data per iteration.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

#: |log parameter| above this means the optimiser is running off to 0 or infinity
#: (e^25 is about 7e10): the data do not identify the model.
LOG_BOUND = 25.0


class FitError(ValueError):
    """A model fit did not converge to a usable maximum; the message says what to try."""


def maximise(
    neg_loglik_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x0: np.ndarray,
    *,
    model: str,
    names: tuple[str, ...],
    maxiter: int,
    hint: str,
) -> tuple[np.ndarray, int]:
    """Minimise a mean negative log-likelihood over log-parameters; raise FitError on failure.

    Returns the log-parameters and the number of iterations. ``hint`` is
    appended to the error message: what the user can change in the data.
    """
    if int(maxiter) < 1:
        raise ValueError("maxiter must be at least 1")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        res = minimize(neg_loglik_and_grad, np.asarray(x0, float), jac=True, method="BFGS",
                       options={"maxiter": int(maxiter), "gtol": 1e-7})
        grad = neg_loglik_and_grad(res.x)[1]
    # BFGS often ends with "precision loss" at an optimum it cannot improve on;
    # accept that only if the gradient is in fact ~0.
    small_grad = bool(np.all(np.isfinite(grad)) and np.max(np.abs(grad)) < 1e-4)
    if not np.all(np.isfinite(res.x)) or not np.isfinite(res.fun):
        raise FitError(f"{model} fit failed: the likelihood became undefined. {hint}")
    if np.any(np.abs(res.x) > LOG_BOUND):
        runaway = ", ".join(n for n, v in zip(names, res.x, strict=True) if abs(v) > LOG_BOUND)
        raise FitError(f"{model} fit did not converge: {runaway} ran off towards 0 or "
                       f"infinity, so the data do not pin the model down. {hint}")
    if not (res.success or small_grad):
        raise FitError(f"{model} fit did not converge after {res.nit} iterations "
                       f"({res.message}). Try a larger maxiter; {hint}")
    return res.x, int(res.nit)
