"""The decision track: questions a learner answers from the lesson's tables, charts and
interactives alone, without writing code (issue 11, part B).

A module's decision questions are the :class:`~valuekit.exercises.Question` objects whose
names start with ``dq`` (``dq1``, ``dq2`` ...); its coding questions (``q1`` ...) are the
analyst track. Any kind works in the answer widget
(:func:`valuekit.exercises.answer_widget.answer_widget`) when it can be answered by picking:
:class:`~valuekit.exercises.Choice` with ``options`` (a drop-down),
:class:`~valuekit.exercises.Number` (a number box), and the two kinds defined here,
:class:`OptionOrder` (put options in order; also importable under its old name ``Ranking``)
and :class:`Match` (pick an option for each item).

Adding a decision track to a module: define ``dq1`` ... in its ``mNN_*.py`` with hints, a
solution and at least two named mistakes each, and show each with
``ask(dq1, answer)`` in the solution notebook (see solutions/06_customer_value.ipynb).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from valuekit.exercises import Mistake, Question, module_questions, normalize
from valuekit.exercises.display import shown
from valuekit.exercises.feedback import Worded, option_names, quoted
from valuekit.exercises.question_types import DECISION_PREFIX, NOT_AN_OPTION
from valuekit.i18n import N_, _

__all__ = ["DECISION_PREFIX", "Match", "OptionOrder", "Ranking", "analyst_questions",
           "decision_questions"]


#: Case, spaces, hyphens and underscores do not matter (the framework's one normaliser).
_norm = normalize


def decision_questions(module: str) -> dict[str, Question]:
    """The decision-track questions of a question module (``"m06_customer_value"``)."""
    return {k: v for k, v in module_questions(module).items() if k.startswith(DECISION_PREFIX)}


def analyst_questions(module: str) -> dict[str, Question]:
    """The analyst-track (code) questions of a question module."""
    return {k: v for k, v in module_questions(module).items() if not k.startswith(DECISION_PREFIX)}


class OptionOrder(Question):
    """The given options put in order (largest first, first step first ...): a list or tuple
    of names. (The decision track's ranking; the analyst track's computed top list is
    :class:`valuekit.exercises.TopNames`.)

    ``options`` are the names to order; the answer must use each once. Case, spaces, ``_``
    and ``-`` do not matter. ``ties``: groups of options whose order among themselves does
    not count (their values differ by noise), a list of tuples or a callable computing it;
    any order inside a group is right. A named mistake sees the answer as a list of
    normalised names (``OptionOrder.names(answer)``); :meth:`order_is` builds one for a known
    wrong order.
    """

    kind = "option_order"

    def __init__(self, expected: Any, *, options: Sequence[str],
                 ties: Any = (), **kwargs: Any) -> None:
        super().__init__(expected, **kwargs)
        self.options = list(options)
        self._ties = ties

    @property
    def ties(self) -> list[tuple[str, ...]]:
        """The groups of options whose order among themselves does not count."""
        ties = self._ties() if callable(self._ties) else self._ties
        return [tuple(group) for group in ties]

    def _rank(self, names: Sequence[str]) -> list[str]:
        """``names`` with each tied option replaced by its group's label: two orders that
        differ only inside a group compare equal."""
        group = {_norm(o): " = ".join(sorted(_norm(x) for x in g))
                 for g in self.ties for o in g}
        return [group.get(_norm(n), _norm(n)) for n in names]

    @staticmethod
    def names(answer: Any) -> list[str] | None:
        if isinstance(answer, list | tuple):
            return [_norm(a) for a in answer]
        return None

    def _problem(self, answer: Any) -> str | None:
        names = self.names(answer)
        if names is None:
            return N_("You gave {type}; the answer is a list of {n} names in order, e.g. "
                      "{example}.", type=type(answer).__name__, n=len(self.options),
                      example=repr(self.options))
        known = {_norm(o) for o in self.options}
        unknown = [a for a, n in zip(answer, names, strict=True) if n not in known]
        if unknown:
            return N_(NOT_AN_OPTION, answer=quoted(unknown[0]),
                      options=option_names(self.options))
        if len(set(names)) != len(names):
            return N_("A name appears twice: use each option once.")
        if len(names) != len(self.options):
            return N_("Put all {n} options in order; you gave {given}.", n=len(self.options),
                      given=len(names))
        return None

    def _matches(self, answer: Any, expected: Any) -> bool:
        return self._rank(self.names(answer)) == self._rank(expected)

    @classmethod
    def order_is(cls, wrong: Any, message: str) -> Mistake:
        """The answer is this known wrong order (a list, or a callable computing it)."""
        def test(answer: Any, expected: Any) -> bool:
            order = wrong() if callable(wrong) else wrong
            return cls.names(answer) == [_norm(o) for o in order]
        return Mistake(test, message)

    def _builtin_mistakes(self) -> list[Mistake]:
        return [Mistake(lambda a, e: self._rank(self.names(a)) == self._rank(list(reversed(e))),
                        N_("That is the order turned round: the first should come last."))]

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        names, right = self._rank(self.names(answer)), self._rank(expected)
        at = next(i for i, (a, b) in enumerate(zip(names, right, strict=True)) if a != b)
        if at == 1:
            return N_("Place 1 is right; place 2 is not.")
        return N_("Places 1 to {at} are right; place {next} is not.", at=at, next=at + 1) if at \
            else N_("The first place is not right.")

    def _format_expected(self, expected: Any) -> str:
        def names(group: Sequence[str]) -> list[str]:  # in the language shown
            return [shown(n, self.module) for n in group]

        text = " > ".join(names(expected))
        for group in self.ties:  # neighbours in ``expected``: "a > b" becomes "a = b"
            text = text.replace(" > ".join(names(group)), " = ".join(names(group)))
        if not self.ties:
            return text
        return Worded(text + " (= : either order)", EITHER_ORDER, {"order": text})


#: What an order with ties adds to its answer: "a > b = c (= : either order)".
EITHER_ORDER = N_("{order} (= : either order)")


#: The old name of :class:`OptionOrder`: question modules import
#: ``valuekit.exercises.decision.Ranking``, and keep doing so.
Ranking = OptionOrder


class Match(Question):
    """One option for each item (an example -> the value type it shows): a dict.

    ``items`` are the things to match (in display order), ``options`` the choices each can
    take (an option may serve several items). A named mistake sees the answer as a dict of
    normalised item -> normalised option (``Match.pairs(answer)``); :meth:`swapped` builds
    one for two items' options exchanged.
    """

    kind = "match"

    def __init__(self, expected: Any, *, items: Sequence[str], options: Sequence[str],
                 **kwargs: Any) -> None:
        super().__init__(expected, **kwargs)
        self.items = list(items)
        self.options = list(options)

    @staticmethod
    def pairs(answer: Any) -> dict[str, str] | None:
        if isinstance(answer, dict):
            return {_norm(k): _norm(v) for k, v in answer.items()}
        return None

    def _problem(self, answer: Any) -> str | None:
        pairs = self.pairs(answer)
        if pairs is None:
            return N_("You gave {type}; the answer is a dict: each item -> the option it "
                      "matches.", type=type(answer).__name__)
        missing = [i for i in self.items if _norm(i) not in pairs]
        if missing:
            return N_("No option for {item} yet: match every item.",
                      item=quoted(missing[0], self.items))
        known = {_norm(o) for o in self.options}
        bad = [v for v in answer.values() if _norm(v) not in known]
        if bad:
            return N_(NOT_AN_OPTION, answer=quoted(bad[0]),
                      options=option_names(self.options))
        return None

    def _matches(self, answer: Any, expected: Any) -> bool:
        pairs = self.pairs(answer)
        return all(pairs.get(_norm(k)) == _norm(v) for k, v in expected.items())

    @classmethod
    def swapped(cls, a: str, b: str, message: str) -> Mistake:
        """Items ``a`` and ``b`` have each other's option, everything else is right."""
        def test(answer: Any, expected: Any) -> bool:
            pairs = cls.pairs(answer)
            want = {_norm(k): _norm(v) for k, v in expected.items()}
            want[_norm(a)], want[_norm(b)] = want[_norm(b)], want[_norm(a)]
            return want != {_norm(k): _norm(v) for k, v in expected.items()} and all(
                pairs.get(k) == v for k, v in want.items())
        return Mistake(test, message)

    def _wrong_message(self, answer: Any, expected: Any) -> str:
        pairs = self.pairs(answer)
        wrong = [k for k, v in expected.items() if pairs.get(_norm(k)) != _norm(v)]
        return N_("{wrong} of {total} are not right yet (first: {first}).", wrong=len(wrong),
                  total=len(expected), first=quoted(wrong[0], self.items))

    def _format_expected(self, expected: Any) -> str:
        return _("; ").join(f"{shown(k, self.module)} → {shown(v, self.module)}"
                         for k, v in expected.items())
