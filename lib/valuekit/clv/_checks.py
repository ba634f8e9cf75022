"""Input checks shared by the CLV modules.

Every public function turns its inputs into float arrays here, so that bad
input fails early with a message that names the parameter at fault instead of
surfacing later as a NaN or an optimiser warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def as_array(name: str, value: Any, *, allow_empty: bool = False) -> np.ndarray:
    """``value`` as a float array; raise ValueError on text, NaN, inf or an empty input."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number or an array of numbers") from exc
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty: give at least one value")
    if not np.all(np.isfinite(arr)):
        bad = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        where = "" if arr.ndim == 0 else f" (first at position {bad})"
        raise ValueError(f"{name} contains a missing or infinite value{where}")
    return arr


def first_bad(mask: np.ndarray) -> str:
    """' (first at position i)' for an array mask, '' for a scalar."""
    mask = np.asarray(mask)
    if mask.ndim == 0:
        return ""
    return f" (first at position {int(np.flatnonzero(mask.ravel())[0])})"


def check(mask_bad: np.ndarray, message: str) -> None:
    """Raise ValueError(message + position) when any element of ``mask_bad`` is true."""
    mask_bad = np.asarray(mask_bad)
    if mask_bad.any():
        raise ValueError(message + first_bad(mask_bad))


def nonnegative(name: str, value: Any) -> np.ndarray:
    arr = as_array(name, value)
    check(arr < 0, f"{name} must not be negative")
    return arr


def positive(name: str, value: Any) -> np.ndarray:
    arr = as_array(name, value)
    check(arr <= 0, f"{name} must be greater than zero")
    return arr


def fraction(name: str, value: Any) -> np.ndarray:
    arr = as_array(name, value)
    check((arr < 0) | (arr > 1), f"{name} must be between 0 and 1 (a share, e.g. 0.8 for 80%)")
    return arr


def whole(name: str, value: Any, *, minimum: int = 0) -> np.ndarray:
    arr = as_array(name, value)
    check(arr != np.round(arr), f"{name} must be whole numbers")
    check(arr < minimum, f"{name} must be at least {minimum}")
    return arr


def same_length(**arrays: np.ndarray) -> None:
    """All 1-D inputs of a fit must have one value per customer."""
    sizes = {k: np.size(v) for k, v in arrays.items()}
    if len(set(sizes.values())) > 1:
        listing = ", ".join(f"{k}={n}" for k, n in sizes.items())
        raise ValueError(f"inputs must have one value per customer, got lengths {listing}")


def wrap(result: np.ndarray, *inputs: Any) -> Any:
    """Return a float for scalar inputs, a Series when an input is a Series, else an array.

    Keeping the caller's type lets a widget pass floats and a notebook pass
    DataFrame columns without conversions at either end.
    """
    result = np.asarray(result, dtype=float)
    for inp in inputs:
        if isinstance(inp, pd.Series) and result.shape == (len(inp),):
            return pd.Series(result, index=inp.index)
    if result.ndim == 0:
        return float(result)
    return result


def model_params(params: Any, fit_type: type, names: tuple[str, ...], model: str) -> tuple:
    """Positive model parameters, in ``names`` order, from a fit result of ``fit_type``
    (its ``.params``), a mapping with those keys, or a plain sequence."""
    if isinstance(params, fit_type):
        values = params.params
    elif isinstance(params, Mapping | pd.Series):
        try:
            values = tuple(params[k] for k in names)
        except KeyError as exc:
            raise ValueError(f"{model} params need keys {', '.join(names)}") from exc
    else:
        values = tuple(np.asarray(params, dtype=float).ravel())
        if len(values) != len(names):
            raise ValueError(f"{model} params must be ({', '.join(names)})")
    for name, v in zip(names, values, strict=True):
        positive(f"{model} parameter {name}", v)
    return tuple(float(v) for v in values)
