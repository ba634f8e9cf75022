"""Names that say which is which (issue 16, item 8), and the old names still import.

Question modules, notebooks and solutions written before the renames (and the decision-track
questions being added to modules 2-4) import the old names; they must keep working and mean
the same class or function as the new name.
"""

from __future__ import annotations

import valuekit.exercises as ex
import valuekit.exercises.decision as decision
import valuekit.widgets as vw
from valuekit.exercises.answer_widget import ask

# (``import valuekit.exercises.questions as m`` would give the function ``questions``, not the
# module: a collision left for after the i18n work, see the issue 16 report.)
from valuekit.exercises.questions import Ranking as QuestionsRanking
from valuekit.exercises.questions import TopNames


def test_the_two_rankings_have_names_of_their_own():
    assert ex.TopNames is TopNames
    assert decision.OptionOrder is not ex.TopNames
    assert ex.TopNames.kind != decision.OptionOrder.kind


def test_old_names_are_the_new_classes():
    assert ex.Ranking is QuestionsRanking is ex.TopNames
    assert decision.Ranking is decision.OptionOrder
    assert vw.Choice is vw.Dropdown
    assert vw.register is vw.register_builder
    assert ex.register is ex.register_questions
    assert callable(ask) and decision.Match is not None


def test_old_decision_ranking_still_checks_an_order():
    q = decision.Ranking(["a", "b", "c"], options=["a", "b", "c"])
    assert isinstance(q, decision.OptionOrder)
    assert q.check(["A", "b", "c"]).correct
    assert not q.check(["c", "b", "a"]).correct


def test_analyst_ranking_checks_a_computed_top_list():
    q = ex.TopNames(["A1", "A2"])
    assert q.check(["a1", " a2 "]).correct
    assert not q.check(["A2", "A1"]).correct


def test_the_widget_and_question_choices_are_different_things():
    assert vw.Dropdown is not ex.Choice
    assert vw.register_builder is not ex.register_questions
