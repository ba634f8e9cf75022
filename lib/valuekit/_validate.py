"""Input checks shared by the calculation and chart modules.

Each raises ``ValueError`` with a plain-language message that names the
argument (and the rows or columns) at fault, so a learner or analyst sees
what to fix rather than a traceback from inside pandas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd


def labels(index: Iterable[Any], limit: int = 5) -> str:
    """The first few labels of ``index`` for a message: ``a, b, c and 4 more``."""
    items = list(index)
    shown = ", ".join(str(i) for i in items[:limit])
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return shown + more


#: The name the rest of the kit imports it under.
label_list = labels


def number_series(values: Any, name: str) -> pd.Series:
    """Finite numbers as a float Series: a Series keeps its index (customer ids), a
    mapping gives its keys, anything else array-like gets positions."""
    if isinstance(values, pd.DataFrame):
        raise ValueError(f"{name} must be one column of numbers, not a table")
    if isinstance(values, pd.Series):
        s = values
    elif isinstance(values, Mapping):
        s = pd.Series(dict(values), dtype="object")
    else:
        arr = np.asarray(values)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
        s = pd.Series(arr)
    if s.empty:
        raise ValueError(f"{name} is empty")
    try:
        out = pd.to_numeric(s, errors="raise").astype(float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must hold numbers only ({exc})") from None
    bad = out.index[~np.isfinite(out.to_numpy())]
    if len(bad):
        raise ValueError(
            f"{name} has missing or infinite values at {labels(bad)}; fill or drop them first"
        )
    return out


def require_columns(frame: Any, name: str, columns: Iterable[str]) -> pd.DataFrame:
    """``frame`` itself, once it is a DataFrame holding every one of ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {', '.join(map(str, missing))}")
    return frame
