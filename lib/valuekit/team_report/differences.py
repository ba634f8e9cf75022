"""The one rule for differences (issue 17): rates in percentage points, amounts relative.

Used by the report's tables, the recommended actions, the change since last period and the
index page, so that a difference reads the same everywhere.
"""

from __future__ import annotations

import math

from valuekit.team_report.definitions import HIGHER_IS_BETTER
from valuekit.team_report.labels import labels

#: Kinds of figure that are rates: their differences are stated in percentage points.
RATE_KINDS = frozenset({"pct"})


def difference(kind: str, new: float | None, old: float | None) -> float | None:
    """The one rule for differences (tables, recommended actions, index, change since).

    Rates (``kind`` in :data:`RATE_KINDS`) differ in percentage points: churn 14.0%
    against 13.8% is +0.2 points (``new - old`` times 100), not +1.4%; amounts
    (money, days, counts) differ relatively: ``(new - old) / |old|`` as a percentage.

    Args:
        kind: the figure's kind (``"pct"``, ``"money"``, ``"days"`` ...).
        new: the current value.
        old: the earlier value.

    Returns:
        The difference (points or percent); None when either value is missing, or an amount
        is compared with 0 (no scale).
    """
    if new is None or old is None:
        return None
    if not (math.isfinite(new) and math.isfinite(old)):
        return None
    if kind in RATE_KINDS:
        return (new - old) * 100.0
    if not old:
        return None
    return (new - old) / abs(old) * 100.0


def difference_text(kind: str, new: float | None, old: float | None, language: str = "en") -> str:
    """:func:`difference` as the report prints it.

    Args:
        kind: the figure's kind (``"pct"``, ``"money"``, ``"days"`` ...).
        new: the current value.
        old: the earlier value.
        language: the language of the words.

    Returns:
        ``+0.2 points`` for rates, ``+12.3%`` for amounts, ``no change`` when it rounds to
        zero, ``n/a`` when it cannot be computed (in ``language``).
    """
    words = labels(language)
    d = difference(kind, new, old)
    if d is None:
        return words["na"]
    value = f"{abs(d):,.1f}"
    if value == "0.0":
        return words["no_change"]
    sign = "+" if d > 0 else "−"
    if kind in RATE_KINDS:
        return words["point" if value == "1.0" else "points"].format(sign=sign, value=value)
    return words["relative"].format(sign=sign, value=value)


def difference_verdict(key: str, kind: str, new: float | None, old: float | None) -> str | None:
    """Whether a figure's move from ``old`` to ``new`` is good news for the team.

    Args:
        key: the figure's name, looked up in :data:`HIGHER_IS_BETTER`.
        kind: the figure's kind (``"pct"``, ``"money"`` ...).
        new: the current value.
        old: the earlier value.

    Returns:
        "better", "worse" or "same" ("same" is what :func:`difference_text` prints as no
        change); None when the difference cannot be computed.
    """
    d = difference(kind, new, old)
    if d is None:
        return None
    if f"{abs(d):,.1f}" == "0.0":
        return "same"
    return "better" if (d > 0) == HIGHER_IS_BETTER.get(key, True) else "worse"

