"""Exercise questions that check an answer at once and say why it is wrong (after Kaggle's
learntools), and the generator of learner notebooks from the solution notebooks.

A question module (``valuekit/exercises/m01_value.py``) defines ``q1``, ``q2`` ... and ends with
``register(__name__)``; a notebook does::

    from valuekit.exercises.m01_value import q1, q2
    answer = ...          # the learner's answer
    q1.check(answer)      # green "Correct", or red with the likely mistake
    q1.hint()             # q1.hint(2) for the second hint
    q1.solution()

``check`` never raises: an unanswered question (``...``) gets a kind reminder, a wrong type a
plain explanation. Every check is recorded in the kernel, so a solution notebook (or a test
that runs one) can assert :func:`all_correct`.
"""

from __future__ import annotations

import functools
import html
import importlib
import math
import pkgutil
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any, Literal

import numpy as np
import pandas as pd

from valuekit import pulse

__all__ = [
    "Choice",
    "Discussion",
    "Frame",
    "Mistake",
    "Number",
    "Question",
    "Result",
    "SeriesAnswer",
    "all_correct",
    "assert_all_correct",
    "build_all",
    "build_notebook",
    "modules",
    "questions",
    "register",
    "reset",
    "results",
    "sample",
    "summary",
    "near",
    "total_instead_of_average",
    "wrong_denominator",
]

Status = Literal["correct", "incorrect", "unanswered", "error"]

_COLOURS = {
    "correct": ("#1b7f3b", "#eaf6ee", "Correct"),
    "incorrect": ("#b00020", "#fdecee", "Not yet"),
    "unanswered": ("#0a5fa8", "#eaf2fa", "No answer yet"),
    "error": ("#8a5a00", "#fff6e0", "Cannot check"),
}


# ---------------------------------------------------------------------------------------
# Display: HTML in a notebook, plain text elsewhere.


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    from IPython import get_ipython

    return get_ipython() is not None


def _show(html_text: str, plain: str) -> None:
    if _in_notebook():
        from IPython.display import display

        display({"text/html": html_text, "text/plain": plain}, raw=True)
    else:
        print(plain)


def _box(status: Status, body_html: str) -> str:
    ink, paper, _ = _COLOURS[status]
    return (
        f'<div class="valuekit-check valuekit-{status}" style="border-left:5px solid {ink};'
        f'background:{paper};padding:8px 12px;margin:4px 0;color:#222">{body_html}</div>'
    )


def _code_html(code: str) -> str:
    return (
        '<pre style="background:#f6f6f6;padding:8px;margin:6px 0;overflow-x:auto">'
        f"{html.escape(code.strip())}</pre>"
    )


# ---------------------------------------------------------------------------------------
# Results and the kernel-wide record of checks.


@dataclass
class Result:
    """The outcome of one ``check``: ``correct`` is what tests look at."""

    question: str
    status: Status
    message: str

    def __post_init__(self) -> None:
        self._shown = False

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def text(self) -> str:
        return f"{_COLOURS[self.status][2]} ({self.question}): {self.message}"

    def html(self) -> str:
        ink, _, title = _COLOURS[self.status]
        return _box(
            self.status,
            f'<strong style="color:{ink}">{title}</strong> '
            f"<span>{html.escape(self.message)}</span>",
        )

    def _ipython_display_(self) -> None:
        # Shown once: check() displays it, and the cell's value (the same object) is not
        # shown a second time.
        if self._shown:
            return
        self._shown = True
        from IPython.display import display

        display({"text/html": self.html(), "text/plain": self.text()}, raw=True)

    def __repr__(self) -> str:
        return f"Result({self.question!r}, {self.status!r}, {self.message!r})"


_LOG: list[Result] = []


def results() -> list[Result]:
    """Every check made in this kernel, oldest first."""
    return list(_LOG)


def reset() -> None:
    """Forget the checks made so far."""
    _LOG.clear()


# ---------------------------------------------------------------------------------------
# Mistakes: (answer, expected) -> bool, with the message a learner sees.


def _close(a: float, b: float, rel: float = 1e-6, abs_: float = 1e-9) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_)


def _resolve(value: Any) -> Any:
    return value() if callable(value) else value


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer and what to tell the learner who gave it.

    ``test(answer, expected)`` returns True when the answer shows this mistake; an exception
    in the test counts as "not this mistake".
    """

    test: Callable[[Any, Any], bool]
    message: str

    def matches(self, answer: Any, expected: Any) -> bool:
        try:
            return bool(self.test(answer, expected))
        except Exception:
            return False

    @classmethod
    def close_to(cls, wrong: Any, message: str, *, rel_tol: float = 1e-4) -> Mistake:
        """The answer equals a known wrong value (a number, or a callable computing it)."""

        def test(answer: Any, expected: Any) -> bool:
            return _is_number(answer) and _close(answer, _resolve(wrong), rel=rel_tol)

        return cls(test, message)

    @classmethod
    def chose(cls, option: str, message: str) -> Mistake:
        """The learner picked this wrong option of a :class:`Choice`."""
        return cls(lambda answer, expected: _norm(answer) == _norm(option), message)


def near(wrong: Any, message: str, decimals: int) -> Mistake:
    """The answer equals a known wrong value (a number, or a callable computing it) once both
    are rounded to the question's ``decimals``: a learner who rounds as asked, or copies a
    rounded figure, is still recognised (:meth:`Mistake.close_to` needs the exact value)."""
    half = 0.5 * 10.0 ** -decimals + 1e-9

    def test(answer: Any, expected: Any) -> bool:
        return _is_number(answer) and abs(float(answer) - float(_resolve(wrong))) <= half

    return Mistake(test, message)


def total_instead_of_average(count: int | Callable[[], int], of: str = "items") -> Mistake:
    """The answer is the sum where the question asks for the mean (answer = mean * count)."""
    return Mistake(
        lambda answer, expected: _is_number(answer)
        and _resolve(count) > 1
        and _close(answer, expected * _resolve(count), rel=1e-4),
        f"That looks like the total, not the average: divide by the number of {of}.",
    )


def wrong_denominator(
    alternatives: Mapping[str, float | Callable[[], float]], right: str
) -> list[Mistake]:
    """One mistake per wrong denominator: ``alternatives`` maps a stage (or base) name to the
    value the answer takes when divided by that base; ``right`` names the correct base."""
    return [
        Mistake.close_to(
            value,
            f"That divides by the {name} stage; the question's base is the {right} stage.",
        )
        for name, value in alternatives.items()
    ]


def _a(x: Any) -> str:
    """'a list', 'an int': the type of a value with its article."""
    name = type(x).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _is_number(x: Any) -> bool:
    return isinstance(x, Real | np.number) and not isinstance(x, bool | np.bool_)


def _norm(text: Any) -> str:
    """Case, spaces, hyphens and underscores do not matter in a choice ("Early adopter")."""
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().lower()


# ---------------------------------------------------------------------------------------
# Questions


class Question:
    """One exercise question.

    ``expected`` is a value or, better, a zero-argument callable that computes it from the
    sample data with valuekit (evaluated once, on first use), so no hard-coded number can
    drift from the data. ``mistakes`` are checked in order after the answer is found wrong;
    subclasses add the mistakes common to their kind of answer after them.
    """

    kind = "answer"

    def __init__(
        self,
        expected: Any,
        *,
        prompt: str = "",
        hints: Sequence[str] = (),
        solution: str = "",
        mistakes: Sequence[Mistake] = (),
        explanation: str = "",
    ) -> None:
        if expected is None or expected is Ellipsis:
            raise ValueError("expected must be a value or a callable computing it")
        self._expected = expected
        self.prompt = prompt
        self.hints = list(hints)
        self.solution_code = solution
        self.mistakes = list(mistakes)
        self.explanation = explanation
        self.name = "question"
        self.module = ""

    @property
    def id(self) -> str:
        return f"{self.module}.{self.name}" if self.module else self.name

    @functools.cached_property
    def expected(self) -> Any:
        return _resolve(self._expected)

    # -- what subclasses provide ------------------------------------------------------
    def _problem(self, answer: Any) -> str | None:
        """A message when the answer has the wrong type or shape, else None."""
        return None

    def _matches(self, answer: Any, expected: Any) -> bool:
        return answer == expected

    def _builtin_mistakes(self) -> list[Mistake]:
        return []

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        return "That is not the expected answer."

    # -- the learner's API ------------------------------------------------------------
    def check(self, answer: Any) -> Result:
        """Check an answer, show the verdict, record it and return it. Never raises."""
        result = self._evaluate(answer)
        _LOG.append(result)
        pulse.record(self, result)  # class pulse on the workshop hub; no-op elsewhere
        if _in_notebook():
            from IPython.display import display

            display(result)
        else:
            print(result.text())
        return result

    def _evaluate(self, answer: Any) -> Result:
        if answer is Ellipsis:
            return Result(
                self.id,
                "unanswered",
                f"Replace the ... with your answer and run the cell again. "
                f"Stuck? {self.name}.hint() gives a hint, {self.name}.solution() the answer.",
            )
        if answer is None:
            return Result(
                self.id,
                "unanswered",
                "Your answer is None, so there is nothing to check yet. If a function of yours "
                "computes it, does the function `return` the value?",
            )
        try:
            expected = self.expected
        except Exception as err:  # the kit's data or code, not the learner, is at fault
            return Result(self.id, "error", f"This question cannot be checked here: {err}")
        try:
            problem = self._problem(answer)
            if problem is not None:
                return Result(self.id, "incorrect", problem)
            if self._matches(answer, expected):
                return Result(self.id, "correct", self.explanation or "Well done.")
            for mistake in [*self.mistakes, *self._builtin_mistakes()]:
                if mistake.matches(answer, expected):
                    return Result(self.id, "incorrect", mistake.message)
            return Result(
                self.id,
                "incorrect",
                f"{self._wrong_message(answer, expected)} Try {self.name}.hint().",
            )
        except Exception as err:
            return Result(
                self.id, "error", f"Your answer could not be checked ({type(err).__name__}: "
                f"{err}). Is it the kind of value the question asks for?"
            )

    def hint(self, n: int = 1) -> None:
        """Show the n-th hint (1 is the gentlest)."""
        if not self.hints:
            _show(_box("unanswered", "No hint for this one: try the solution."),
                  "No hint for this one: try the solution.")
            return
        n = min(max(int(n), 1), len(self.hints))
        more = (
            f" ({self.name}.hint({n + 1}) for the next one)" if n < len(self.hints) else ""
        )
        label = f"Hint {n} of {len(self.hints)}{more}:"
        _show(
            _box("unanswered", f"<strong>{html.escape(label)}</strong> "
                 f"{html.escape(self.hints[n - 1])}"),
            f"{label} {self.hints[n - 1]}",
        )

    def solution(self) -> None:
        """Show the worked solution and the expected answer."""
        try:
            value = self._format_expected(self.expected)
        except Exception as err:
            value = f"(cannot compute it here: {err})"
        parts_html = ["<strong>Solution</strong>"]
        parts_text = ["Solution"]
        if self.solution_code:
            parts_html.append(_code_html(self.solution_code))
            parts_text.append(self.solution_code.strip())
        parts_html.append(f"Expected answer: <code>{html.escape(value)}</code>")
        parts_text.append(f"Expected answer: {value}")
        if self.explanation:
            parts_html.append(f"<div>{html.escape(self.explanation)}</div>")
            parts_text.append(self.explanation)
        _show(_box("correct", "".join(parts_html)), "\n".join(parts_text))

    def _format_expected(self, expected: Any) -> str:
        return repr(expected)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}: {self.prompt or 'exercise question'}>"


class Number(Question):
    """A numeric answer.

    Correct within ``decimals`` (the answer may be rounded to that many places) or, without
    it, within a relative tolerance ``rel_tol``. ``unit``: ``"%"`` when the question asks for
    a percentage (25 for a quarter), ``"fraction"`` when it asks for a share (0.25), else any
    unit to show with the answer ("$", "years"). Common slips it names: a fraction for a
    percentage and back, the wrong sign, a rounding slip, text or a one-value Series instead
    of a number.
    """

    kind = "number"

    def __init__(
        self,
        expected: Any,
        *,
        decimals: int | None = None,
        rel_tol: float = 1e-6,
        unit: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(expected, **kwargs)
        self.decimals = decimals
        self.rel_tol = rel_tol
        self.unit = unit

    def _problem(self, answer: Any) -> str | None:
        if isinstance(answer, bool | np.bool_):
            return "True/False is not a number: the question asks for a number."
        if isinstance(answer, pd.Series | pd.DataFrame | np.ndarray):
            if getattr(answer, "size", 0) == 1:
                return (f"You gave {_a(answer)} holding one value: take the number "
                        "itself, e.g. with .item().")
            return (f"You gave {_a(answer)} of {getattr(answer, 'size', '?')} "
                    "values; the question asks for a single number.")
        if isinstance(answer, str):
            try:
                float(answer.replace(",", "").rstrip("%"))
            except ValueError:
                return f"You gave the text {answer!r}; the question asks for a number."
            return f"You gave the text {answer!r}: give the number without quotes."
        if not _is_number(answer):
            return (f"You gave {_a(answer)}; the question asks for a number.")
        if math.isnan(float(answer)):
            return ("Your answer is NaN (not a number): look for a division by zero or "
                    "missing values.")
        return None

    def _tolerance(self, expected: float) -> float:
        if self.decimals is not None:
            return 0.5 * 10.0 ** (-self.decimals) + 1e-12
        return max(abs(expected) * self.rel_tol, 1e-12)

    def _matches(self, answer: Any, expected: Any) -> bool:
        return abs(float(answer) - float(expected)) <= self._tolerance(float(expected))

    def _builtin_mistakes(self) -> list[Mistake]:
        def near(a: float, e: float) -> bool:
            return abs(a - e) <= self._tolerance(e)

        if self.unit == "%":
            too_small = ("That looks like a fraction (such as 0.25); the question asks for a "
                         "percentage (25): multiply by 100.")
            too_big = "That is 100 times too big: a percentage of a percentage?"
        elif self.unit == "fraction":
            too_small = "That is 100 times too small: a fraction of a fraction?"
            too_big = ("That looks like a percentage (such as 25); the question asks for a "
                       "fraction (0.25): divide by 100.")
        else:
            too_small = "That is 100 times too small: a fraction where a whole number is due?"
            too_big = "That is 100 times too big: a percentage where a plain number is due?"
        places = (
            f", to {self.decimals} decimal place{'s' if self.decimals != 1 else ''}."
            if self.decimals is not None else ", or not at all."
        )
        return [
            Mistake(lambda a, e: e != 0 and near(float(a) * 100, float(e)), too_small),
            Mistake(lambda a, e: e != 0 and near(float(a) / 100, float(e)), too_big),
            Mistake(
                lambda a, e: e != 0 and near(-float(a), float(e)),
                "The size is right but the sign is wrong.",
            ),
            Mistake(
                lambda a, e: e != 0 and abs(float(a) - float(e)) <= 0.01 * abs(float(e)),
                "Very close: a rounding slip? Round only the final result" + places,
            ),
        ]

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        return f"{answer:,.6g} is not the expected value."

    def _format_expected(self, expected: Any) -> str:
        value = round(float(expected), self.decimals) if self.decimals is not None else expected
        if self.unit in ("%", ""):
            return f"{value:,}{self.unit}"
        if self.unit == "$":
            return f"${value:,}"
        return f"{value:,} {self.unit}" if self.unit != "fraction" else f"{value:,}"


class Choice(Question):
    """One option from a list (a stage name, an adopter group, a yes/no).

    Case, spaces, hyphens and underscores are ignored ("Early adopter" = "early_adopter").
    With ``options`` an answer outside them is named as such.
    """

    kind = "choice"

    def __init__(
        self, expected: Any, *, options: Collection[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(expected, **kwargs)
        self.options = list(options) if options is not None else None
        if (
            self.options is not None
            and not callable(expected)
            and _norm(expected) not in {_norm(o) for o in self.options}
        ):
            raise ValueError(f"expected {expected!r} is not one of the options")

    def _problem(self, answer: Any) -> str | None:
        if not isinstance(answer, str):
            return f"You gave {_a(answer)}; the answer is a name, in quotes."
        if self.options is not None and _norm(answer) not in {_norm(o) for o in self.options}:
            return f"{answer!r} is not one of the options: {', '.join(map(str, self.options))}."
        return None

    def _matches(self, answer: Any, expected: Any) -> bool:
        return _norm(answer) == _norm(expected)

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        return f"{answer!r} is not the answer."

    def _format_expected(self, expected: Any) -> str:
        return repr(expected)


def _label_list(labels: Sequence[Any], limit: int = 5) -> str:
    shown = ", ".join(map(str, labels[:limit]))
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


class SeriesAnswer(Question):
    """A pandas Series (one value per stage, team, year ...), compared label by label.

    ``check_order=False`` accepts the right values in any order of the index.
    """

    kind = "series"

    def __init__(
        self, expected: Any, *, rel_tol: float = 1e-6, check_order: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(expected, **kwargs)
        self.rel_tol = rel_tol
        self.check_order = check_order

    def _problem(self, answer: Any) -> str | None:
        expected = self.expected
        if isinstance(answer, pd.DataFrame):
            if answer.shape[1] == 1:
                return ("You gave a one-column DataFrame: select the column to get a Series, "
                        f"e.g. df[{answer.columns[0]!r}].")
            return (f"You gave a DataFrame with {answer.shape[1]} columns; the question asks "
                    "for a Series (one value per label).")
        if _is_number(answer):
            return (f"You gave a single number; the question asks for one value per "
                    f"{expected.index.name or 'label'} ({len(expected)} values).")
        if not isinstance(answer, pd.Series):
            return (f"You gave {_a(answer)}; the question asks for a pandas "
                    "Series.")
        if len(answer) != len(expected):
            return (f"Your Series has {len(answer)} values; expected {len(expected)} (one per "
                    f"{expected.index.name or 'label'}).")
        missing = [k for k in expected.index if k not in answer.index]
        extra = [k for k in answer.index if k not in expected.index]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing labels {_label_list(missing)}")
            if extra:
                parts.append(f"unexpected labels {_label_list(extra)}")
            return "The index does not match: " + "; ".join(parts) + "."
        return None

    def _aligned(self, answer: pd.Series, expected: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        return (answer.reindex(expected.index).to_numpy(dtype=float),
                expected.to_numpy(dtype=float))

    def _matches(self, answer: Any, expected: Any) -> bool:
        if self.check_order and list(answer.index) != list(expected.index):
            return False
        a, e = self._aligned(answer, expected)
        return bool(np.allclose(a, e, rtol=self.rel_tol, atol=1e-12, equal_nan=True))

    def _builtin_mistakes(self) -> list[Mistake]:
        def scaled(factor: float) -> Callable[[Any, Any], bool]:
            def test(answer: Any, expected: Any) -> bool:
                a, e = self._aligned(answer, expected)
                return bool(np.any(e != 0)) and bool(
                    np.allclose(a * factor, e, rtol=self.rel_tol, atol=1e-12, equal_nan=True)
                )
            return test

        def same_values_other_order(answer: Any, expected: Any) -> bool:
            a, e = self._aligned(answer, expected)
            return self.check_order and bool(
                np.allclose(a, e, rtol=self.rel_tol, atol=1e-12, equal_nan=True)
            )

        return [
            Mistake(same_values_other_order,
                    "The values are right but in a different order: sort them as asked."),
            Mistake(scaled(100), "These look like fractions; the question asks for "
                    "percentages: multiply by 100."),
            Mistake(scaled(0.01), "These look like percentages; the question asks for "
                    "fractions: divide by 100."),
        ]

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        a, e = self._aligned(answer, expected)
        bad = ~np.isclose(a, e, rtol=self.rel_tol, atol=1e-12, equal_nan=True)
        labels = list(expected.index[bad])
        first = labels[0]
        return (
            f"{bad.sum()} of {len(e)} values differ ({_label_list(labels)}); for {first!r} "
            f"you have {answer[first]:,.6g}, expected {expected[first]:,.6g}."
        )

    def _format_expected(self, expected: Any) -> str:
        return expected.to_string()


class Frame(Question):
    """A pandas DataFrame: columns by name (order free), rows by index (or in order with
    ``check_index=False``), numbers within ``rel_tol``."""

    kind = "frame"

    def __init__(
        self, expected: Any, *, rel_tol: float = 1e-6, check_index: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(expected, **kwargs)
        self.rel_tol = rel_tol
        self.check_index = check_index

    def _problem(self, answer: Any) -> str | None:
        expected = self.expected
        if isinstance(answer, pd.Series):
            return ("You gave a Series; the question asks for a table (DataFrame) with "
                    f"columns {list(expected.columns)}. Series.to_frame() or reset_index() "
                    "may help.")
        if not isinstance(answer, pd.DataFrame):
            return f"You gave {_a(answer)}; the question asks for a DataFrame."
        missing = [c for c in expected.columns if c not in answer.columns]
        if missing:
            return f"Columns missing: {_label_list(missing)} (you have {list(answer.columns)})."
        if len(answer) != len(expected):
            return f"Your table has {len(answer)} rows; expected {len(expected)}."
        if self.check_index and not answer.index.equals(expected.index):
            if set(answer.index) == set(expected.index):
                return None  # same labels, other order: compared by label below
            return ("The row labels (index) differ from the expected ones: did you "
                    "reset_index() or group by another column?")
        return None

    def _matches(self, answer: Any, expected: Any) -> bool:
        a = answer[list(expected.columns)]
        if self.check_index:
            a = a.reindex(expected.index)
        else:
            a = a.reset_index(drop=True)
            expected = expected.reset_index(drop=True)
        try:
            pd.testing.assert_frame_equal(
                a, expected, check_dtype=False, check_exact=False, rtol=self.rel_tol,
                check_names=False, check_index_type=False, check_column_type=False,
            )
        except AssertionError:
            return False
        return True

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        a = answer[list(expected.columns)]
        a = a.reindex(expected.index) if self.check_index else a.set_axis(expected.index)
        for col in expected.columns:
            e = expected[col]
            if pd.api.types.is_numeric_dtype(e) and pd.api.types.is_numeric_dtype(a[col]):
                same = np.isclose(a[col].to_numpy(float), e.to_numpy(float),
                                  rtol=self.rel_tol, equal_nan=True)
            else:
                same = (a[col].astype(str) == e.astype(str)).to_numpy()
            if not same.all():
                row = expected.index[~same][0]
                return (f"Column {col!r} differs in {int((~same).sum())} row(s); at {row!r} "
                        f"you have {a[col][row]!r}, expected {e[row]!r}.")
        return "The table differs from the expected one."

    def _format_expected(self, expected: Any) -> str:
        return expected.to_string()


class Discussion:
    """An open "discuss with your team" prompt: no right answer, guidance for the trainer."""

    def __init__(self, prompt: str, guide: str, *, minutes: int | None = None) -> None:
        self.prompt = prompt
        self._guide = guide
        self.minutes = minutes
        self.name = "discussion"
        self.module = ""

    def _ipython_display_(self) -> None:
        from IPython.display import display

        time = f" ({self.minutes} min)" if self.minutes else ""
        display({
            "text/html": _box("unanswered", f"<strong>Discuss with your team{time}:</strong> "
                              f"{html.escape(self.prompt)}"),
            "text/plain": f"Discuss with your team{time}: {self.prompt}",
        }, raw=True)

    def guide(self) -> None:
        """Show the trainer's guidance for this discussion."""
        _show(_box("correct", f"<strong>Trainer guide:</strong> {html.escape(self._guide)}"),
              f"Trainer guide: {self._guide}")

    def __repr__(self) -> str:
        return f"<Discussion {self.name}: {self.prompt}>"


# ---------------------------------------------------------------------------------------
# Registry of question modules


def register(module_name: str) -> dict[str, Question | Discussion]:
    """Name every question and discussion defined in a module after its variable (``q1``).

    Call it last in a question module: ``register(__name__)``.
    """
    module = sys.modules[module_name]
    short = module_name.rsplit(".", 1)[-1]
    found: dict[str, Question | Discussion] = {}
    for name, obj in vars(module).items():
        if isinstance(obj, Question | Discussion) and not name.startswith("_"):
            obj.name = name
            obj.module = short
            found[name] = obj
    return found


_MODULE = re.compile(r"^m\d\d_\w+$")


def modules() -> list[str]:
    """The question modules of the kit (``m00_example``, ``m01_value`` ...)."""
    return sorted(i.name for i in pkgutil.iter_modules(__path__) if _MODULE.match(i.name))


def questions(module: str) -> dict[str, Question]:
    """The questions of one module, by name (discussions left out)."""
    mod = importlib.import_module(f"{__name__}.{module}")
    return {k: v for k, v in register(mod.__name__).items() if isinstance(v, Question)}


def summary(*module_names: str) -> dict[str, list[str]]:
    """What the checks so far add up to: for the given modules (default: every module a
    check was made for), which questions were last answered correctly, which not, and
    which were never checked."""
    last: dict[str, Result] = {}
    for r in _LOG:
        last[r.question] = r
    names = list(module_names) or sorted({q.split(".")[0] for q in last if "." in q})
    out: dict[str, list[str]] = {"correct": [], "not_correct": [], "unchecked": []}
    for module in names:
        for qid in (q.id for q in questions(module).values()):
            if qid not in last:
                out["unchecked"].append(qid)
            elif last[qid].correct:
                out["correct"].append(qid)
            else:
                out["not_correct"].append(f"{qid}: {last[qid].status}: {last[qid].message}")
    return out


def all_correct(*module_names: str) -> bool:
    """True when every question of the modules was checked and its last check passed."""
    s = summary(*module_names)
    return bool(s["correct"]) and not s["not_correct"] and not s["unchecked"]


def assert_all_correct(*module_names: str) -> None:
    """Raise AssertionError naming each question not (yet) answered correctly."""
    s = summary(*module_names)
    if not s["correct"] and not s["not_correct"] and not s["unchecked"]:
        raise AssertionError("no question was checked")
    if s["not_correct"] or s["unchecked"]:
        lines = [*s["not_correct"], *(f"{q}: never checked" for q in s["unchecked"])]
        raise AssertionError("not every question passed:\n  " + "\n  ".join(lines))


# ---------------------------------------------------------------------------------------
# Sample data for ``expected`` callables, loaded once per kernel.


@functools.cache
def sample() -> dict[str, pd.DataFrame]:
    """The sample data set (``valuekit.data.load()``), loaded once and shared by questions."""
    from valuekit import data

    return data.load()


from valuekit.exercises.build import build_all, build_notebook  # noqa: E402
