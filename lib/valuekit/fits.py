"""The one contract every fitted model of the kit follows (the sBG, BG/NBD and Gamma-Gamma
fits of :mod:`valuekit.clv` and the Bass fit of :mod:`valuekit.adoption`).

What a fit returns
    A frozen dataclass with the fitted parameters as attributes and:

    - ``params``: the parameters as a tuple, in the order of ``param_names``;
    - ``param_names``: their names (class attribute);
    - ``n``: how many observations (customers, periods) the fit used;
    - ``converged``: True for every fit a ``fit_*`` function returns (see below);
    - ``std_errors``: parameter name -> approximate standard error of each fitted
      parameter (maximum-likelihood fits: the inverse observed information, by the delta
      method from the log-parameters; the Bass NLS fit: s^2 (J'J)^-1). A parameter given
      rather than fitted (Bass's known ``m``) has none; empty if the information matrix
      cannot be inverted;
    - ``predict(...)``: the model's own prediction (the Bass curve's adoptions, the sBG
      survival, the BG/NBD expected purchases, the Gamma-Gamma expected spend);
    - ``summary()``: a one-row-per-parameter table (estimate, std_error).

How failure is reported
    Impossible input raises ``ValueError`` naming the argument at fault. A fit that does
    not reach a usable optimum raises :class:`FitError` (a ``ValueError``), whose message
    says what to change. ``fit_bass(..., raise_on_failure=False)`` is the one opt-out: it
    returns a fit with ``converged=False``, NaN parameters and the reason in ``message``
    (a live widget shows the reason instead of a traceback).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, Protocol, runtime_checkable

import pandas as pd

__all__ = ["FitError", "FitSummary", "FittedModel"]


class FitError(ValueError):
    """A model fit did not converge to a usable maximum; the message says what to try."""


@runtime_checkable
class FittedModel(Protocol):
    """What every fit object offers (see the module docstring)."""

    param_names: ClassVar[tuple[str, ...]]
    n: Any
    converged: bool
    std_errors: dict[str, float]

    @property
    def params(self) -> tuple[float, ...]: ...

    def predict(self, *args: Any, **kwargs: Any) -> Any: ...

    def summary(self) -> pd.DataFrame: ...


class FitSummary:
    """Mixin of the fit dataclasses: ``params`` from ``param_names`` and ``summary()``."""

    param_names: ClassVar[tuple[str, ...]] = ()

    @property
    def params(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in self.param_names)

    def summary(self) -> pd.DataFrame:
        """One row per parameter: its estimate and approximate standard error (NaN where
        the fit does not estimate one)."""
        ses = getattr(self, "std_errors", {}) or {}
        return pd.DataFrame(
            {"estimate": [float(getattr(self, k)) for k in self.param_names],
             "std_error": [float(ses.get(k, math.nan)) for k in self.param_names]},
            index=pd.Index(self.param_names, name="parameter"),
        )
