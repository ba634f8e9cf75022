"""What a check concludes and says: the record of results, the named mistakes and the
helpers that compare answers. Question types (:mod:`valuekit.exercises.question_types`) and
question modules (``m01_value`` ...) build their feedback from these; none redefines them."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from valuekit.checks import Verbatim, label_list
from valuekit.exercises.display import COLOURS, Status, box, shown
from valuekit.i18n import N_, Message

__all__ = [
    "Mistake",
    "Result",
    "article",
    "chose",
    "is_number",
    "label_list",
    "near",
    "normalize",
    "option_names",
    "quoted",
    "record",
    "reset",
    "results",
    "series_like",
    "total_instead_of_average",
    "wrong_denominator",
]


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

    @property
    def module(self) -> str:
        """The question module's name (its translation domain), from ``m01_value.q1``."""
        return self.question.split(".", 1)[0] if "." in self.question else ""

    def text(self) -> str:
        title, message = shown(COLOURS[self.status][2]), shown(self.message, self.module)
        return f"{title} ({self.question}): {message}"

    def html(self) -> str:
        ink, _, title = COLOURS[self.status]
        return box(
            self.status,
            f'<strong style="color:{ink}">{html.escape(shown(title))}</strong> '
            f"<span>{html.escape(shown(self.message, self.module))}</span>",
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




def record(result: Result) -> None:
    """Add a check's result to the kernel's record (what :func:`results` returns)."""
    _LOG.append(result)


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
            return is_number(answer) and _close(answer, _resolve(wrong), rel=rel_tol)

        return cls(test, message)

    @classmethod
    def chose(cls, option: Any, message: str) -> Mistake:
        """The learner picked this wrong option of a :class:`Choice` (see :func:`chose`)."""
        return chose(option, message)


def near(wrong: Any, message: str, decimals: int) -> Mistake:
    """The answer equals a known wrong value (a number, or a callable computing it) once both
    are rounded to the question's ``decimals``: a learner who rounds as asked, or copies a
    rounded figure, is still recognised (:meth:`Mistake.close_to` needs the exact value)."""
    half = 0.5 * 10.0 ** -decimals + 1e-9

    def test(answer: Any, expected: Any) -> bool:
        return is_number(answer) and abs(float(answer) - float(_resolve(wrong))) <= half

    return Mistake(test, message)


def total_instead_of_average(count: int | Callable[[], int], of: str = "items") -> Mistake:
    """The answer is the sum where the question asks for the mean (answer = mean * count)."""
    return Mistake(
        lambda answer, expected: is_number(answer)
        and _resolve(count) > 1
        and _close(answer, expected * _resolve(count), rel=1e-4),
        N_("That looks like the total, not the average: divide by the number of {of}.",
           of=of),
    )


def wrong_denominator(
    alternatives: Mapping[str, float | Callable[[], float]], right: str
) -> list[Mistake]:
    """One mistake per wrong denominator: ``alternatives`` maps a stage (or base) name to the
    value the answer takes when divided by that base; ``right`` names the correct base."""
    return [
        Mistake.close_to(
            value,
            N_("That divides by the {name} stage; the question's base is the {right} stage.",
               name=name, right=right),
        )
        for name, value in alternatives.items()
    ]


class Worded(Message):
    """A text whose English is exactly ``english`` (what the framework always wrote) and
    which another language shows as ``msgid`` translated, filled in with ``fields``: for a
    value the English quotes bare and another language names by its label."""

    def __new__(cls, english: str, msgid: str, fields: dict[str, Any]) -> Worded:
        self = str.__new__(cls, english)
        self.msgid, self.fields = msgid, fields
        return self

    def __reduce__(self):  # pickles as the same text
        return (Worded, (str(self), self.msgid, self.fields))


#: An answer or an option quoted in feedback: ``'media'`` in English; in Chinese the label
#: the question shows for it, in Chinese quotation marks (“媒体”).
QUOTED = N_("'{answer}'")


def quoted(value: Any, options: Any = ()) -> str:
    """``value`` as feedback quotes it: its ``repr`` in English (``'media'``, as the
    framework always wrote it); in another language the label the question shows for it
    (the option it names, case and spaces aside, through the question module's catalog)."""
    option = next((o for o in options or () if normalize(o) == normalize(value)), value)
    return Worded(repr(value), QUOTED, {"answer": option})


def option_names(options: Any) -> str:
    """A question's options as "not one of the options" lists them: ``a, b, c`` in English;
    in another language the names to type, quoted as code (``'a'、'b'、'c'``): the learner who
    answers in code types the names, and the labels are in the question."""
    names = [str(o) for o in options]
    return Worded(", ".join(names), "{options}",
                  {"options": Verbatim("、".join(repr(n) for n in names))})


def article(x: Any) -> str:
    """'a list', 'an int': the type of a value with its article."""
    name = type(x).__name__
    return N_("an {type}", type=name) if name[0].lower() in "aeiou" else N_("a {type}", type=name)


def is_number(x: Any) -> bool:
    """A real number (Python or numpy), not a bool."""
    return isinstance(x, Real | np.number) and not isinstance(x, bool | np.bool_)


def normalize(text: Any) -> str:
    """Case, spaces, hyphens and underscores do not matter in a choice ("Early adopter")."""
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().lower()


def chose(option: Any, message: str) -> Mistake:
    """The learner picked ``option`` (a name, or a callable computing it from the data), and
    it is not the answer. Names compare as a :class:`~valuekit.exercises.Choice` does."""

    def test(answer: Any, expected: Any) -> bool:
        wrong = normalize(_resolve(option))
        return normalize(answer) == wrong and wrong != normalize(expected)

    return Mistake(test, message)


def series_like(wrong: Callable[[], pd.Series], message: str, *, rtol: float = 0.0,
                atol: float = 0.0) -> Mistake:
    """A Series (or dict) answer equal, label by label on the expected labels, to the known
    wrong Series ``wrong()`` within ``rtol``/``atol`` (:func:`numpy.allclose`)."""

    def test(answer: Any, expected: Any) -> bool:
        a = pd.Series(answer) if isinstance(answer, dict) else answer
        other = wrong().reindex(expected.index)
        return bool(np.allclose(a.reindex(expected.index).to_numpy(float),
                                other.to_numpy(float), rtol=rtol, atol=atol, equal_nan=True))

    return Mistake(test, message)
