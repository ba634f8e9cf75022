"""Input checks shared by the funnel functions.

Every check is vectorised (one pass over a column) and raises ``ValueError``
with a message that names the parameter, the column and a few of the rows at
fault, so that a widget or a report can show it to a user as it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from valuekit.checks import date_value, label_list, require_frame, rows_text
from valuekit.schema import FIRST_CONTRACT_DAYS, STAGES, STATUSES

#: The three narrowings of the funnel, named "from->to".
TRANSITIONS: tuple[str, ...] = tuple(
    f"{a}->{b}" for a, b in zip(STAGES[:-1], STAGES[1:], strict=True)
)

#: Status codes of open (not yet decided) and closed opportunities.
OPEN_STATUSES: tuple[str, ...] = ("C", "D")
CLOSED_STATUSES: tuple[str, ...] = ("W", "L")

def check_frame(df: object, columns: Iterable[str], name: str = "opps") -> pd.DataFrame:
    """The frame itself, once it is a non-empty DataFrame holding ``columns``
    (:func:`valuekit.checks.require_frame`).

    Args:
        df: what the caller was given.
        columns: the columns the calculation reads.
        name: the argument's name, for the message.

    Returns:
        ``df``.
    """
    return require_frame(df, name, columns)


def check_by(df: pd.DataFrame, by: str | Sequence[str] | None, name: str = "opps") -> list[str]:
    """Grouping columns as a list; each must exist.

    Args:
        df: the frame.
        by: a column, several, or None.
        name: the frame's name, for the message.

    Returns:
        The columns (empty for no grouping).
    """
    if by is None:
        return []
    keys = [by] if isinstance(by, str) else list(by)
    missing = [c for c in keys if c not in df.columns]
    if missing:
        raise ValueError(
            f"by names column(s) {', '.join(map(repr, missing))} that {name} does not have"
        )
    return keys


def _codes(df: pd.DataFrame, column: str, valid: tuple[str, ...], what: str) -> np.ndarray:
    values = df[column]
    codes = pd.Index(list(valid)).get_indexer(values)  # -1: unknown or missing
    bad = codes < 0
    if bad.any():
        missing = np.asarray(values.isna())
        if (bad & ~missing).any():
            unknown = pd.unique(np.asarray(values[bad & ~missing], dtype=object))
            shown = label_list([repr(x) for x in unknown])
            raise ValueError(
                f"column {column!r} has unknown {what} name(s) {shown} "
                f"({rows_text(df.index, bad & ~missing)}); "
                f"valid {what}s are {', '.join(valid)}"
            )
        raise ValueError(
            f"column {column!r} is empty in {rows_text(df.index, missing)}; "
            f"every opportunity needs a {what} ({', '.join(valid)})"
        )
    return codes


def stage_codes(df: pd.DataFrame) -> np.ndarray:
    """Position of each row's stage in ``schema.STAGES`` (0 = potential)."""
    return _codes(df, "stage", STAGES, "stage")


def status_codes(df: pd.DataFrame) -> np.ndarray:
    """Position of each row's status in ``schema.STATUSES`` (W, L, C, D)."""
    return _codes(df, "status", STATUSES, "status")


def stage_and_status(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Both codes, with the funnel deck's rules: a won deal is at 'target' (the sale is
    won there) or 'effective' (renewed after its first contract year), and only a won
    deal can be 'effective'."""
    stage = stage_codes(df)
    status = status_codes(df)
    target = STAGES.index("target")
    bad = (status == 0) & (stage < target)
    if bad.any():
        raise ValueError(
            f"won opportunities (status 'W') must be at stage 'target' (or 'effective' once "
            f"renewed), but an earlier stage is recorded in {rows_text(df.index, bad)}"
        )
    bad = (stage == len(STAGES) - 1) & (status != 0)
    if bad.any():
        raise ValueError(
            f"only won opportunities (status 'W') can be at stage 'effective', but "
            f"{rows_text(df.index, bad)} are not won"
        )
    return stage, status


def credibility_pending(
    df: pd.DataFrame, stage: np.ndarray, status: np.ndarray, as_of: object | None = None
) -> np.ndarray:
    """Won deals at 'target' whose first contract year has not ended by ``as_of``.

    Their target -> effective step is not decided yet (the customer cannot have renewed),
    so conversion counts them like open deals. The first year is taken to start on
    ``closed_date`` (the day the deal was won) and to last
    ``schema.FIRST_CONTRACT_DAYS`` days. ``as_of`` defaults to the latest date in the
    frame's ``created_date`` and ``closed_date``. Without a ``closed_date`` column
    nothing is pending.

    Args:
        df: the opportunities.
        stage: their stage codes (:func:`stage_codes`).
        status: their status codes (:func:`status_codes`).
        as_of: the date; None: the latest in the frame.

    Returns:
        A boolean mask, one per row.
    """
    won_at_target = (status == 0) & (stage == STAGES.index("target"))
    if "closed_date" not in df.columns or not won_at_target.any():
        return np.zeros(len(df), dtype=bool)
    # numpy datetimes: NaT compares False, and no pandas arithmetic per call
    closed = dates(df, "closed_date", allow_missing=True).to_numpy(dtype="datetime64[ns]")
    if as_of is None:
        latest = [closed]
        if "created_date" in df.columns:
            latest.append(dates(df, "created_date", allow_missing=True).to_numpy(
                dtype="datetime64[ns]"))
        stamps = np.concatenate(latest)
        stamps = stamps[~np.isnat(stamps)]
        if not stamps.size:
            return np.zeros(len(df), dtype=bool)
        when = stamps.max()
    else:
        when = np.datetime64(timestamp(as_of).to_datetime64(), "ns")
    year_end = closed + np.timedelta64(FIRST_CONTRACT_DAYS, "D")
    return won_at_target & (year_end > when)


def amounts(df: pd.DataFrame, column: str = "amount") -> np.ndarray:
    """The amount column as floats: no missing, infinite or negative values.

    Args:
        df: the frame.
        column: the amount column.

    Returns:
        The amounts.
    """
    try:
        values = pd.to_numeric(df[column], errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"column {column!r} must hold numbers ({exc})") from None
    missing = np.isnan(values)
    if missing.any():
        raise ValueError(
            f"column {column!r} has missing (NaN) values in {rows_text(df.index, missing)}"
        )
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        raise ValueError(
            f"column {column!r} must be a finite amount of at least 0; "
            f"it is negative or infinite in {rows_text(df.index, bad)}"
        )
    return values


def dates(df: pd.DataFrame, column: str, allow_missing: bool = False) -> pd.Series:
    """A date column as datetime64 (text dates are parsed).

    Args:
        df: the frame.
        column: the date column.
        allow_missing: whether NaT is allowed.

    Returns:
        The dates.
    """
    values = df[column]
    if not pd.api.types.is_datetime64_any_dtype(values):
        try:
            values = pd.to_datetime(values, errors="raise")
        except (ValueError, TypeError) as exc:
            raise ValueError(f"column {column!r} must hold dates ({exc})") from None
    if not allow_missing:
        missing = np.asarray(values.isna())
        if missing.any():
            raise ValueError(
                f"column {column!r} has missing dates in {rows_text(df.index, missing)}"
            )
    return values


def timestamp(value: object, name: str = "as_of") -> pd.Timestamp:
    """A single date given as text, date or Timestamp (:func:`valuekit.checks.date_value`).

    Args:
        value: the date.
        name: the argument's name, for the message.

    Returns:
        The Timestamp.
    """
    return date_value(value, name)


def probabilities(
    probs: Mapping[str, float] | pd.Series, name: str = "probabilities"
) -> np.ndarray:
    """Stage probabilities as an array in ``STAGES`` order, each in [0, 1].

    Args:
        probs: stage -> probability, for every stage.
        name: the argument's name, for the message.

    Returns:
        The probabilities in stage order.
    """
    if not isinstance(probs, Mapping | pd.Series):
        raise ValueError(
            f"{name} must map each stage name to a probability, got {type(probs).__name__}"
        )
    keys_cover(probs.keys(), STAGES, name, noun="stage", value="probability")
    out = np.empty(len(STAGES))
    for i, stage in enumerate(STAGES):
        p = unit_rate(probs[stage], f"{name}[{stage!r}]")
        out[i] = p
    return out


def keys_cover(
    keys: Iterable[object],
    valid: Sequence[str],
    name: str,
    *,
    noun: str,
    value: str,
    also: Iterable[str] = (),
) -> None:
    """Check that ``keys`` name every item of ``valid`` and nothing else (``also`` may
    appear too): the error names the unknown keys and the valid ones, else the missing ones.

    Args:
        keys: the keys given.
        valid: the keys needed.
        name: the argument's name, for the message.
        noun: what a key names ("stage").
        value: what it maps to ("probability").
        also: keys allowed but not needed.

    Raises:
        ValueError: an unknown key or a missing one.
    """
    keys = list(keys)
    allowed = {*valid, *also}
    unknown = [k for k in keys if k not in allowed]
    if unknown:
        raise ValueError(
            f"{name} has unknown {noun}(s) {', '.join(map(repr, unknown))}; "
            f"valid {noun}s are {', '.join(valid)}"
        )
    missing = [v for v in valid if v not in keys]
    if missing:
        raise ValueError(f"{name} has no {value} for {noun}(s) {', '.join(missing)}")


def unit_rate(value: object, name: str) -> float:
    """A single rate or probability: a finite number in [0, 1].

    Args:
        value: the rate.
        name: the argument's name, for the message.

    Returns:
        The rate as a float.
    """
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}") from None
    if not (math.isfinite(v) and 0.0 <= v <= 1.0):
        raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
    return v


def open_closed_at(
    df: pd.DataFrame, status: np.ndarray, as_of: object | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masks (open, won, lost) as recorded, or as they stood on ``as_of``.

    On a past date an opportunity is open if it had been created and was not
    yet closed then; it is won or lost if it closed on or before that date.
    Opportunities created after ``as_of`` are in none of the three.

    Args:
        df: the opportunities.
        status: their status codes (:func:`status_codes`).
        as_of: the date, or None (as recorded).

    Returns:
        Three boolean masks: open, won, lost.
    """
    won = status == 0
    lost = status == 1
    if as_of is None:
        return (status >= 2), won, lost
    when = timestamp(as_of)
    created = dates(df, "created_date")
    closed = dates(df, "closed_date", allow_missing=True)
    check_closed_dates(df, status, created, closed)
    existed = np.asarray(created <= when)
    closed_by = np.asarray((closed <= when).fillna(False), dtype=bool)
    decided = (won | lost) & closed_by
    return existed & ~decided, won & decided, lost & decided


def check_closed_dates(
    df: pd.DataFrame, status: np.ndarray, created: pd.Series, closed: pd.Series
) -> None:
    """Closed (W/L) opportunities have a closing date no earlier than creation.

    Args:
        df: the opportunities.
        status: their status codes.
        created: their created dates.
        closed: their closed dates.

    Raises:
        ValueError: a closed deal without a closing date, or one that closes before it
            was created.
    """
    is_closed = status <= 1
    no_date = is_closed & np.asarray(closed.isna())
    if no_date.any():
        raise ValueError(
            f"won or lost opportunities need a closed_date; it is empty in "
            f"{rows_text(df.index, no_date)}"
        )
    backwards = np.asarray((closed < created).fillna(False), dtype=bool)
    if backwards.any():
        raise ValueError(f"closed_date is before created_date in {rows_text(df.index, backwards)}")
