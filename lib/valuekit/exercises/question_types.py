"""The question types: what an answer must look like and when it is right (the problem side
of the framework; :mod:`~valuekit.exercises.feedback` says why an answer is wrong and
:mod:`~valuekit.exercises.display` shows the verdict).

A question module uses these as they are, or through their public hooks: ``prepare=`` (any
question: rewrite an answer before it is checked, e.g. accept "→" for "->"),
``atol=`` (:class:`SeriesAnswer`: values may be rounded), ``mistakes=`` (named wrong answers,
built with :mod:`~valuekit.exercises.feedback`'s helpers). A new kind of answer is a new
class here, not a subclass in a question module.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from valuekit import pulse
from valuekit.checks import Verbatim
from valuekit.exercises.display import box, code_html, in_notebook, show, shown
from valuekit.exercises.feedback import (
    Mistake,
    Result,
    Worded,
    _resolve,
    article,
    is_number,
    label_list,
    normalize,
    option_names,
    quoted,
    record,
)
from valuekit.i18n import N_, language, money

#: The end of a wrong answer's feedback (the answer widget says "Press Hint" instead).
TRY_HINT = N_("{wrong} Try {name}.hint().")
#: Feedback shared by several kinds of question (filled in with ``N_(TEXT, **fields)``).
NOT_AN_OPTION = N_("{answer} is not one of the options: {options}.")
ONE_COLUMN = N_("You gave a one-column DataFrame: select the column to get a Series, e.g. "
                "df[{column}].")

#: The names of the decision track's questions start with this (``dq1`` ...): their
#: ``solution`` is prose (why), shown translated, not code (:mod:`valuekit.exercises.decision`).
DECISION_PREFIX = "dq"
#: The units the kit's :class:`Number` questions write after a figure ("4.8 years"), for the
#: catalog: a Chinese answer says 年. A question with a new unit adds it here (or marks it
#: ``N_`` in its own module).
UNITS = (N_("years"), N_("months"), N_("leads"), N_("purchases"))

__all__ = ["Choice", "Discussion", "Frame", "Labels", "Number", "Question", "Ranking",
           "SeriesAnswer", "TopNames"]


def _plain_repr(value: Any) -> str:
    """``repr`` of a value as a learner typed it: numpy scalars as plain Python numbers
    (numpy 2 writes ``np.int64(9)``, which means nothing to a marketer)."""
    return repr(value.item() if isinstance(value, np.generic) else value)



def dollars(value: float, english: str) -> str:
    """An amount of US dollars as an answer shows it: ``english`` (``$576,000``) in English;
    in another language :func:`valuekit.i18n.money` to the dollar (``US$57.6万``,
    ``US$5.9951万``: an answer to check against must not be rounded away)."""
    if language() == "en":
        return english
    return money(float(value), "USD", decimals=8 if abs(float(value)) >= 1e8 else 4,
                 cents=False)


def with_unit(figure: str, unit: str) -> str:
    """``"4.8 years"``: a figure and its unit; shown, the unit is in the reader's language
    (``4.8 年``; :data:`UNITS`, or the question module's catalog)."""
    return Worded(f"{figure} {unit}", "{figure} {unit}",
                  {"figure": Verbatim(figure), "unit": unit})


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
        prepare: Callable[[Any], Any] | None = None,
    ) -> None:
        if expected is None or expected is Ellipsis:
            raise ValueError("expected must be a value or a callable computing it")
        self._expected = expected
        self.prompt = prompt
        self.hints = list(hints)
        self.solution_code = solution
        self.mistakes = list(mistakes)
        self.explanation = explanation
        self.prepare = prepare
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
        return N_("That is not the expected answer.")

    # -- the learner's API ------------------------------------------------------------
    def check(self, answer: Any) -> Result:
        """Check an answer, show the verdict, record it and return it. Never raises."""
        result = self._evaluate(answer)
        record(result)
        pulse.record(self, result)  # class pulse on the workshop hub; no-op elsewhere
        if in_notebook():
            from IPython.display import display

            display(result)
        else:
            print(result.text())
        return result

    def _evaluate(self, answer: Any) -> Result:
        if self.prepare is not None:
            answer = self.prepare(answer)
        if answer is Ellipsis:
            return Result(
                self.id,
                "unanswered",
                N_("Replace the ... with your answer and run the cell again. "
                   "Stuck? {name}.hint() gives a hint, {name}.solution() the answer.",
                   name=self.name),
            )
        if answer is None:
            return Result(
                self.id,
                "unanswered",
                N_("Your answer is None, so there is nothing to check yet. If a function of "
                   "yours computes it, does the function `return` the value?"),
            )
        try:
            expected = self.expected
        except Exception as err:  # the kit's data or code, not the learner, is at fault
            return Result(self.id, "error", N_("This question cannot be checked here: {err}",
                                               err=Verbatim(str(err))))
        try:
            problem = self._problem(answer)
            if problem is not None:
                return Result(self.id, "incorrect", problem)
            if self._matches(answer, expected):
                return Result(self.id, "correct", self.explanation or N_("Well done."))
            for mistake in [*self.mistakes, *self._builtin_mistakes()]:
                if mistake.matches(answer, expected):
                    return Result(self.id, "incorrect", mistake.message)
            return Result(
                self.id,
                "incorrect",
                N_(TRY_HINT, wrong=self._wrong_message(answer, expected), name=self.name),
            )
        except Exception as err:
            return Result(
                self.id, "error", N_("Your answer could not be checked ({type}: {err}). Is it "
                                     "the kind of value the question asks for?",
                                     type=type(err).__name__, err=Verbatim(str(err)))
            )

    def hint(self, n: int = 1) -> None:
        """Show the n-th hint (1 is the gentlest)."""
        if not self.hints:
            none = shown(N_("No hint for this one: try the solution."))
            show(box("unanswered", html.escape(none)), none)
            return
        n = min(max(int(n), 1), len(self.hints))
        label = shown(
            N_("Hint {n} of {total} ({name}.hint({next}) for the next one):", n=n,
               total=len(self.hints), name=self.name, next=n + 1)
            if n < len(self.hints) else N_("Hint {n} of {total}:", n=n, total=len(self.hints)))
        hint = shown(self.hints[n - 1], self.module)
        show(box("unanswered", f"<strong>{html.escape(label)}</strong> {html.escape(hint)}"),
             f"{label} {hint}")

    def solution(self) -> None:
        """Show the worked solution and the expected answer."""
        try:
            value = shown(self._format_expected(self.expected), self.module)
        except Exception as err:
            value = shown(N_("(cannot compute it here: {err})", err=Verbatim(str(err))))
        title, expected = shown(N_("Solution")), shown(N_("Expected answer:"))
        parts_html = [f"<strong>{html.escape(title)}</strong>"]
        parts_text = [title]
        if self.solution_code:
            # a decision question's "solution" is prose (why): shown in the reader's language,
            # in the same box as code (the English as it always was)
            code = (shown(self.solution_code, self.module)
                    if self.name.startswith(DECISION_PREFIX) else self.solution_code)
            parts_html.append(code_html(code))
            parts_text.append(code.strip())
        parts_html.append(f"{html.escape(expected)} <code>{html.escape(value)}</code>")
        parts_text.append(f"{expected} {value}")
        if self.explanation:
            explanation = shown(self.explanation, self.module)
            parts_html.append(f"<div>{html.escape(explanation)}</div>")
            parts_text.append(explanation)
        show(box("correct", "".join(parts_html)), "\n".join(parts_text))

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
            return N_("True/False is not a number: the question asks for a number.")
        if isinstance(answer, pd.Series | pd.DataFrame | np.ndarray):
            if getattr(answer, "size", 0) == 1:
                return N_("You gave {what} holding one value: take the number itself, e.g. "
                          "with .item().", what=article(answer))
            return N_("You gave {what} of {size} values; the question asks for a single "
                      "number.", what=article(answer), size=getattr(answer, "size", "?"))
        if isinstance(answer, str):
            try:
                float(answer.replace(",", "").rstrip("%"))
            except ValueError:
                return N_("You gave the text {text}; the question asks for a number.",
                          text=repr(answer))
            return N_("You gave the text {text}: give the number without quotes.",
                      text=repr(answer))
        if not is_number(answer):
            return N_("You gave {what}; the question asks for a number.", what=article(answer))
        if math.isnan(float(answer)):
            return N_("Your answer is NaN (not a number): look for a division by zero or "
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
            too_small = N_("That looks like a fraction (such as 0.25); the question asks for a "
                           "percentage (25): multiply by 100.")
            too_big = N_("That is 100 times too big: a percentage of a percentage?")
        elif self.unit == "fraction":
            too_small = N_("That is 100 times too small: a fraction of a fraction?")
            too_big = N_("That looks like a percentage (such as 25); the question asks for a "
                         "fraction (0.25): divide by 100.")
        else:
            too_small = N_("That is 100 times too small: a fraction where a whole number is "
                           "due?")
            too_big = N_("That is 100 times too big: a percentage where a plain number is due?")
        if self.decimals is None:
            rounding = N_("Very close: a rounding slip? Round only the final result, or not at "
                          "all.")
        elif self.decimals == 1:
            rounding = N_("Very close: a rounding slip? Round only the final result, to "
                          "{decimals} decimal place.", decimals=self.decimals)
        else:
            rounding = N_("Very close: a rounding slip? Round only the final result, to "
                          "{decimals} decimal places.", decimals=self.decimals)
        return [
            Mistake(lambda a, e: e != 0 and near(float(a) * 100, float(e)), too_small),
            Mistake(lambda a, e: e != 0 and near(float(a) / 100, float(e)), too_big),
            Mistake(
                lambda a, e: e != 0 and near(-float(a), float(e)),
                N_("The size is right but the sign is wrong."),
            ),
            Mistake(
                lambda a, e: e != 0 and abs(float(a) - float(e)) <= 0.01 * abs(float(e)),
                rounding,
            ),
        ]

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        return N_("{answer:,.6g} is not the expected value.", answer=answer)

    def _format_expected(self, expected: Any) -> str:
        value = round(float(expected), self.decimals) if self.decimals is not None else expected
        if self.unit in ("%", ""):
            return f"{value:,}{self.unit}"
        if self.unit == "$":
            return dollars(value, f"${value:,}")
        if self.unit == "fraction":
            return f"{value:,}"
        return with_unit(f"{value:,}", self.unit)


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
            and normalize(expected) not in {normalize(o) for o in self.options}
        ):
            raise ValueError(f"expected {expected!r} is not one of the options")

    def _problem(self, answer: Any) -> str | None:
        if not isinstance(answer, str):
            return N_("You gave {what}; the answer is a name, in quotes.", what=article(answer))
        if self.options is not None and normalize(answer) not in {
                normalize(o) for o in self.options}:
            return N_(NOT_AN_OPTION, answer=quoted(answer), options=option_names(self.options))
        return None

    def _matches(self, answer: Any, expected: Any) -> bool:
        return normalize(answer) == normalize(expected)

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        return N_("{answer} is not the answer.", answer=quoted(answer, self.options))

    def _format_expected(self, expected: Any) -> str:
        return quoted(expected, self.options)


class SeriesAnswer(Question):
    """A pandas Series (one value per stage, team, year ...), compared label by label.

    ``check_order=False`` accepts the right values in any order of the index. ``atol``: the
    values may be rounded, each within ``atol`` of the expected one (``rel_tol`` then serves
    only the built-in "percentages, not fractions" check).
    """

    kind = "series"

    def __init__(
        self, expected: Any, *, rel_tol: float = 1e-6, check_order: bool = False,
        atol: float | None = None, **kwargs: Any,
    ) -> None:
        super().__init__(expected, **kwargs)
        self.rel_tol = rel_tol
        self.check_order = check_order
        self.atol = atol

    def _close(self, a: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Element by element: is the answer's value the expected one?"""
        if self.atol is not None:
            return np.isclose(a, e, rtol=0, atol=self.atol, equal_nan=True)
        return np.isclose(a, e, rtol=self.rel_tol, atol=1e-12, equal_nan=True)

    def _problem(self, answer: Any) -> str | None:
        expected = self.expected
        if isinstance(answer, pd.DataFrame):
            if answer.shape[1] == 1:
                return N_(ONE_COLUMN, column=repr(answer.columns[0]))
            return N_("You gave a DataFrame with {n} columns; the question asks for a Series "
                      "(one value per label).", n=answer.shape[1])
        if is_number(answer):
            return N_("You gave a single number; the question asks for one value per {label} "
                      "({n} values).", label=expected.index.name or N_("label"),
                      n=len(expected))
        if not isinstance(answer, pd.Series):
            return N_("You gave {what}; the question asks for a pandas Series.",
                      what=article(answer))
        if len(answer) != len(expected):
            return N_("Your Series has {n} values; expected {expected} (one per {label}).",
                      n=len(answer), expected=len(expected),
                      label=expected.index.name or N_("label"))
        missing = [k for k in expected.index if k not in answer.index]
        extra = [k for k in answer.index if k not in expected.index]
        if missing and extra:
            return N_("The index does not match: missing labels {missing}; unexpected labels "
                      "{extra}.", missing=label_list(missing), extra=label_list(extra))
        if missing:
            return N_("The index does not match: missing labels {missing}.",
                      missing=label_list(missing))
        if extra:
            return N_("The index does not match: unexpected labels {extra}.",
                      extra=label_list(extra))
        return None

    def _aligned(self, answer: pd.Series, expected: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        return (answer.reindex(expected.index).to_numpy(dtype=float),
                expected.to_numpy(dtype=float))

    def _matches(self, answer: Any, expected: Any) -> bool:
        if self.check_order and list(answer.index) != list(expected.index):
            return False
        a, e = self._aligned(answer, expected)
        return bool(self._close(a, e).all())

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
                    N_("The values are right but in a different order: sort them as asked.")),
            Mistake(scaled(100), N_("These look like fractions; the question asks for "
                                    "percentages: multiply by 100.")),
            Mistake(scaled(0.01), N_("These look like percentages; the question asks for "
                                     "fractions: divide by 100.")),
        ]

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        a, e = self._aligned(answer, expected)
        bad = ~self._close(a, e)
        labels = list(expected.index[bad])
        first = labels[0]
        return N_("{bad} of {total} values differ ({labels}); for {first} you have {have}, "
                  "expected {want}.", bad=int(bad.sum()), total=len(e),
                  labels=label_list(labels), first=repr(first), have=f"{answer[first]:,.6g}",
                  want=f"{expected[first]:,.6g}")

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
            return N_("You gave a Series; the question asks for a table (DataFrame) with "
                      "columns {columns}. Series.to_frame() or reset_index() may help.",
                      columns=str(list(expected.columns)))
        if not isinstance(answer, pd.DataFrame):
            return N_("You gave {what}; the question asks for a DataFrame.",
                      what=article(answer))
        missing = [c for c in expected.columns if c not in answer.columns]
        if missing:
            return N_("Columns missing: {missing} (you have {have}).",
                      missing=label_list(missing), have=str(list(answer.columns)))
        if len(answer) != len(expected):
            return N_("Your table has {n} rows; expected {expected}.", n=len(answer),
                      expected=len(expected))
        if self.check_index and not answer.index.equals(expected.index):
            if set(answer.index) == set(expected.index):
                return None  # same labels, other order: compared by label below
            return N_("The row labels (index) differ from the expected ones: did you "
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
                return N_("Column {column} differs in {n} row(s); at {row} you have {have}, "
                          "expected {want}.", column=repr(col), n=int((~same).sum()),
                          row=_plain_repr(row), have=_plain_repr(a[col][row]),
                          want=_plain_repr(e[row]))
        return N_("The table differs from the expected one.")

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

        title = shown(N_("Discuss with your team ({minutes} min):", minutes=self.minutes)
                      if self.minutes else N_("Discuss with your team:"))
        prompt = shown(self.prompt, self.module)
        display({
            "text/html": box("unanswered", f"<strong>{html.escape(title)}</strong> "
                              f"{html.escape(prompt)}"),
            "text/plain": f"{title} {prompt}",
        }, raw=True)

    def guide(self) -> None:
        """Show the trainer's guidance for this discussion."""
        title, guide = shown(N_("Trainer guide:")), shown(self._guide, self.module)
        show(box("correct", f"<strong>{html.escape(title)}</strong> {html.escape(guide)}"),
             f"{title} {guide}")

    def __repr__(self) -> str:
        return f"<Discussion {self.name}: {self.prompt}>"


class Labels(Question):
    """A pandas Series (or dict) of names, one per label (a stage per product), compared
    label by label; case, spaces and underscores do not matter. When the labels differ from
    the expected ones, the question's mistakes are tried first (one may name an answer with
    other labels, such as a product not yet launched) before the plain "labels do not match"."""

    kind = "labels"

    def _problem(self, answer: Any) -> str | None:
        expected = self.expected
        if isinstance(answer, dict):
            answer = pd.Series(answer)
        if isinstance(answer, pd.DataFrame):
            if answer.shape[1] == 1:
                return N_(ONE_COLUMN, column=repr(answer.columns[0]))
            return N_("You gave a table; the question asks for a Series (one name per label).")
        if isinstance(answer, str):
            return N_("You gave one name; the question asks for one per {label} ({n} in all).",
                      label=expected.index.name or N_("label"), n=len(expected))
        if not isinstance(answer, pd.Series):
            return N_("You gave a {type}; the question asks for a pandas Series.",
                      type=type(answer).__name__)
        missing = [k for k in expected.index if k not in answer.index]
        extra = [k for k in answer.index if k not in expected.index]
        if missing or extra:
            for mistake in self.mistakes:
                if mistake.matches(answer, expected):
                    return mistake.message
            if missing and extra:
                return N_("The labels do not match: missing {missing}; unexpected {extra}.",
                          missing=label_list(missing), extra=label_list(extra))
            if missing:
                return N_("The labels do not match: missing {missing}.",
                          missing=label_list(missing))
            return N_("The labels do not match: unexpected {extra}.", extra=label_list(extra))
        return None

    @staticmethod
    def _as_series(answer: Any) -> pd.Series:
        return pd.Series(answer) if isinstance(answer, dict) else answer

    def _differ(self, answer: Any, expected: pd.Series) -> list[Any]:
        a = self._as_series(answer)
        return [k for k in expected.index if normalize(a[k]) != normalize(expected[k])]

    def _matches(self, answer: Any, expected: Any) -> bool:
        return not self._differ(answer, expected)

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        bad = self._differ(answer, expected)
        first = bad[0]
        return N_("{bad} of {total} differ ({labels}); for {first} you have {have}.",
                  bad=len(bad), total=len(expected), labels=label_list(bad), first=repr(first),
                  have=repr(self._as_series(answer)[first]))

    def _format_expected(self, expected: Any) -> str:
        return expected.astype(str).to_string()


class TopNames(Question):
    """The top names a learner computes from the data (account ids, largest first): a list,
    tuple, Index, or a Series (its index when its values are numbers, e.g. a sorted
    ``groupby().sum()``; else its values). Case and spaces do not matter. Named mistakes see
    the answer as a list of upper-case strings.

    (The analyst track's ranking; the decision track's "put these options in order" is
    :class:`valuekit.exercises.decision.OptionOrder`.)"""

    kind = "top_names"

    @staticmethod
    def _names(answer: Any) -> list[str] | None:
        if isinstance(answer, pd.Series):
            answer = answer.index if pd.api.types.is_numeric_dtype(answer) else answer.values
        if isinstance(answer, list | tuple | pd.Index | np.ndarray):
            return [str(a).strip().upper() for a in answer]
        return None

    def _problem(self, answer: Any) -> str | None:
        names = self._names(answer)
        if names is None:
            return N_("You gave a {type}; the question asks for a list of {n} account ids, "
                      "largest first.", type=type(answer).__name__, n=len(self.expected))
        if len(names) != len(self.expected):
            return N_("You gave {n} names; the question asks for {expected}, largest first "
                      "(e.g. .head({expected})).", n=len(names), expected=len(self.expected))
        return None

    def _matches(self, answer: Any, expected: Any) -> bool:
        return self._names(answer) == [e.upper() for e in expected]

    def _builtin_mistakes(self) -> list[Mistake]:
        return [Mistake(lambda a, e: sorted(self._names(a)) == sorted(x.upper() for x in e),
                        N_("The right accounts, but not in order: largest expected loss "
                           "first."))]

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        wrong = [a for a in self._names(answer) if a not in [e.upper() for e in expected]]
        return N_("{names} should not be in the top {n}.", names=label_list(wrong),
                  n=len(expected))

    def _format_expected(self, expected: Any) -> str:
        return ", ".join(expected)


#: The old name of :class:`TopNames`, kept for question modules written before the rename
#: (``valuekit.exercises.Ranking``); ``valuekit.exercises.decision.Ranking`` is the other one.
Ranking = TopNames
