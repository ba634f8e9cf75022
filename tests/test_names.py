"""Names that say which is which (issue 16, item 8), and the old names still import.

Question modules, notebooks and solutions written before the renames (and the decision-track
questions being added to modules 2-4) import the old names; they must keep working and mean
the same class or function as the new name.
"""

from __future__ import annotations

import valuekit.exercises as ex
import valuekit.exercises.decision as decision
import valuekit.exercises.question_types as question_types
import valuekit.widgets as vw
from valuekit.exercises.answer_widget import ask
from valuekit.exercises.questions import TRY_HINT, TopNames
from valuekit.exercises.questions import Ranking as QuestionsRanking


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


def test_the_question_types_module_and_the_module_questions_function_are_apart():
    # the module of question types and the function listing a module's questions
    assert question_types.Number is ex.Number
    assert ex.module_questions("m00_example") == ex.questions("m00_example")
    assert set(ex.module_questions("m00_example")) and callable(ex.questions)


def test_the_old_module_path_gives_the_same_objects():
    import importlib

    old = importlib.import_module("valuekit.exercises.questions")
    assert TRY_HINT is question_types.TRY_HINT
    assert old.TopNames is question_types.TopNames
    assert old._resolve is question_types._resolve  # private helpers too
    # importing the old path never replaces the package's function of the same name
    assert ex.questions is ex.module_questions


def test_old_module_path_first_in_a_fresh_interpreter_keeps_the_function():
    import subprocess
    import sys

    code = ("from valuekit.exercises.questions import TRY_HINT\n"
            "import valuekit.exercises as ex\n"
            "assert callable(ex.questions) and ex.questions is ex.module_questions\n"
            "assert ex.questions('m00_example')\n")
    subprocess.run([sys.executable, "-c", code], check=True)
