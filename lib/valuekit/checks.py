"""The kit's input checks: one module, one message style, imported as ``valuekit.checks``.

Every calculation (value, adoption, funnel, clv), chart and report checks its input with
these. Each raises ``ValueError`` with a plain-language message that names the argument
(and the rows, positions or columns) at fault, so a learner or analyst sees what to fix
rather than a traceback from inside pandas. Lists of labels are shortened the one way
(:func:`label_list`: "a, b, c, d, e and 4 more"; rows and CSV lines through it). One date
is parsed the one way (:func:`date_value`; ``strict`` for a date typed on the command line).
A frame is checked the one way
(:func:`require_frame`): a DataFrame holding the columns, and empty only where the caller
says an empty frame is an answer (``allow_empty=True``, e.g. a chart of nothing yet).
Domain checks (funnel stage codes, say) live beside their module and build on these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from valuekit.i18n import N_


def label_list(index: Iterable[Any], limit: int = 5, *,
               fmt: Callable[[Any], str] = str) -> str:
    """The first few labels of ``index`` for a message, the kit's one way of listing with a
    remainder: ``a, b, c, d, e and 4 more`` (``and 49,993 more`` for a long one).

    Args:
        index: the labels (a list, an Index, an array, any iterable); a sized one is only
            sliced, so a million-row index costs no more than a short one.
        limit: how many to show.
        fmt: how to write one label (``repr`` quotes names: ``'a', 'b' and 3 more``).

    Returns:
        The text, without a trailing full stop.
    """
    items = index if isinstance(index, Sequence | pd.Index | np.ndarray) else list(index)
    shown = ", ".join(fmt(i) for i in items[:limit])
    if len(items) <= limit:
        return shown
    # a Message: the same English text, and "and N more" in the reader's language where
    # the exercise framework shows it (valuekit.i18n.localize)
    return N_("{labels} and {count} more", labels=Verbatim(shown),
              count=f"{len(items) - limit:,}")


class Verbatim:
    """A field of a :class:`~valuekit.i18n.Message` written as it is in every language (the
    labels of :func:`label_list` are data, never looked up in a catalog)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return repr(self.text)


def rows_text(index: pd.Index, mask: Any) -> str:
    """'row 3' / 'rows 3, 7, 9 and 2 more': the frame's index labels where ``mask`` holds."""
    labels = index[np.asarray(mask, dtype=bool)]
    return f"{'row' if len(labels) == 1 else 'rows'} {label_list(labels)}"


def lines_text(rows: Sequence[int] | pd.Index | np.ndarray) -> str:
    """'line 14' / 'lines 14, 27, 30, 41, 52 and 2 more': the CSV lines of 0-based data rows
    (the header is line 1, so row 0 is line 2), as the loader quotes them."""
    word = "line" if len(rows) == 1 else "lines"
    return f"{word} {label_list(rows, fmt=lambda row: str(int(row) + 2))}"


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
            f"{name} has missing or infinite values at {label_list(bad)}; fill or drop them first"
        )
    return out


def require_frame(frame: Any, name: str, columns: Iterable[str] = (), *,
                  allow_empty: bool = False) -> pd.DataFrame:
    """``frame`` itself, once it is a DataFrame holding every one of ``columns``.

    Args:
        frame: what the caller was given.
        name: the argument's name, for the message.
        columns: the columns the calculation reads.
        allow_empty: whether a frame without rows is an answer (a chart of nothing yet, a
            table of no customers); by default it is an error.

    Raises:
        ValueError: not a DataFrame, a column missing (all missing ones named), or empty.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    columns = list(columns)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {', '.join(map(repr, missing))}; "
                         f"this calculation needs {', '.join(map(repr, columns))}")
    if not allow_empty and len(frame) == 0:
        raise ValueError(f"{name} is empty: there are no rows to compute from")
    return frame


def require_columns(frame: Any, name: str, columns: Iterable[str]) -> pd.DataFrame:
    """:func:`require_frame` where an empty frame is an answer (the value and adoption
    calculations and their charts: a table of no customers is a table)."""
    return require_frame(frame, name, columns, allow_empty=True)


def require_roles(data: Any, **columns: str | None) -> pd.DataFrame:
    """A chart's data: a DataFrame (empty allowed) in which each role's column
    (``x="month"``) exists; the message names the role, the column and the columns there."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    for role, name in columns.items():
        if name is not None and name not in data.columns:
            raise ValueError(
                f"{role}={name!r} is not a column of the data; columns are {list(data.columns)}"
            )
    return data


def date_value(value: Any, name: str, *, strict: bool = False) -> pd.Timestamp:
    """One date, given as text, a ``date`` or a Timestamp: the kit's one date parser.

    Args:
        value: what the caller was given.
        name: the argument's name (``"as_of"``, ``"period_end"``), for the message.
        strict: text must be written ``YYYY-MM-DD`` and the result is a day (midnight): for
            a date typed on the command line (``--period-end``), where ``12/31/2025`` or
            ``2025-12-31 08:00`` is more likely a slip than a wish. Otherwise anything
            pandas reads as one moment is taken as it is.

    Returns:
        The date as a ``pandas.Timestamp``.

    Raises:
        ValueError: "{name} must be a date written YYYY-MM-DD, got ..." (strict) or
            "{name} must be a date such as '2025-12-31', got ...".
    """
    wanted = "written YYYY-MM-DD" if strict else "such as '2025-12-31'"
    problem = f"{name} must be a date {wanted}, got {value!r}"
    if strict and isinstance(value, str):
        text = value.strip()
        try:
            stamp = pd.Timestamp.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            stamp = None
        if stamp is None or stamp != stamp.normalize():
            raise ValueError(problem)
        return stamp
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(problem) from None
    if pd.isna(stamp):
        raise ValueError(problem)
    return stamp.normalize() if strict else stamp


# --------------------------------------------------------------------------- numbers


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
