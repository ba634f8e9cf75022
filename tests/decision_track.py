"""The contract every decision-track question keeps (issue 11: check, hint, model answer, at
least two named mistakes each tested on its exact wrong answer, the right answer firing none),
written once for every module's test file.

A module's tests get them with::

    (test_decision_question_has_check_hint_solution_and_two_named_mistakes,
     test_decision_named_mistake_fires_on_its_exact_wrong_answer,
     test_decision_right_answer_passes_and_fires_no_named_mistake,
     ) = decision_contract_tests(m4, DECISION_RIGHT, DECISION_WRONG)

``right``: question name -> its right answer; ``wrong``: name -> [(exact wrong answer, a phrase
its named mistake says)]. ``every_mistake_first``: also require each named mistake to be the
first to fire on one of the tested wrong answers (so none is dead behind another).
"""

from __future__ import annotations

from types import ModuleType

import pytest


def decision_contract_tests(module: ModuleType, right: dict, wrong: dict, *,
                            every_mistake_first: bool = False) -> tuple:
    @pytest.mark.parametrize("name", sorted(right))
    def test_decision_question_has_check_hint_solution_and_two_named_mistakes(name):
        q = getattr(module, name)
        assert q.prompt and q.hints and q.solution_code
        assert len(q.mistakes) >= 2 and len(wrong[name]) >= 2
        if every_mistake_first:
            first = {next(i for i, m in enumerate(q.mistakes) if m.matches(w, q.expected))
                     for w, _ in wrong[name]}
            assert first == set(range(len(q.mistakes))), first
        assert q.hints[0].lower().startswith("look at")
        if isinstance(q.expected, str):
            assert q.expected.lower() not in q.hints[0].lower()

    @pytest.mark.parametrize("name, answer, phrase", [
        (name, answer, phrase) for name, cases in wrong.items() for answer, phrase in cases])
    def test_decision_named_mistake_fires_on_its_exact_wrong_answer(name, answer, phrase):
        result = getattr(module, name)._evaluate(answer)
        assert result.status == "incorrect" and phrase in result.message, result.message

    @pytest.mark.parametrize("name", sorted(right))
    def test_decision_right_answer_passes_and_fires_no_named_mistake(name):
        q = getattr(module, name)
        answer = right[name]
        assert q._evaluate(answer).correct, q._evaluate(answer).message
        assert not any(m.matches(answer, q.expected) for m in q.mistakes)

    return (test_decision_question_has_check_hint_solution_and_two_named_mistakes,
            test_decision_named_mistake_fires_on_its_exact_wrong_answer,
            test_decision_right_answer_passes_and_fires_no_named_mistake)
