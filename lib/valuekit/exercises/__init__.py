"""Exercise questions that check an answer at once and say why it is wrong (after Kaggle's
learntools), and the generator of learner notebooks from the solution notebooks.

A question module (``valuekit/exercises/m01_value.py``) defines ``q1``, ``q2`` ... and ends with
``register_questions(__name__)``; a notebook does::

    from valuekit.exercises.m01_value import q1, q2
    answer = ...          # the learner's answer
    q1.check(answer)      # green "Correct", or red with the likely mistake
    q1.hint()             # q1.hint(2) for the second hint
    q1.solution()

``check`` never raises: an unanswered question (``...``) gets a kind reminder, a wrong type a
plain explanation. Every check is recorded in the kernel, so a solution notebook (or a test
that runs one) can assert :func:`all_correct`.

The framework is split by concern (as learntools separates problem and view):
:mod:`~valuekit.exercises.question_types` (the question types and their hooks),
:mod:`~valuekit.exercises.feedback` (results, named mistakes, answer comparison),
:mod:`~valuekit.exercises.display` (HTML/plain rendering) and
:mod:`~valuekit.exercises.registry` (question modules, summaries). Everything a question
module or notebook needs is importable from here.
"""

from __future__ import annotations

from valuekit.data import sample  # the one cached sample, for ``expected`` callables

# The old module path, loaded before the function of the same name is bound: a later first
# import of it would otherwise replace the package's ``questions`` function.
from valuekit.exercises import questions as _old_module_path  # noqa: F401
from valuekit.exercises.feedback import (
    Mistake,
    Result,
    chose,
    is_number,
    label_list,
    near,
    normalize,
    reset,
    results,
    series_like,
    total_instead_of_average,
    wrong_denominator,
)
from valuekit.exercises.question_types import (
    Choice,
    Discussion,
    Frame,
    Labels,
    Number,
    Question,
    Ranking,
    SeriesAnswer,
    TopNames,
)
from valuekit.exercises.registry import (
    all_correct,
    assert_all_correct,
    module_questions,
    modules,
    questions,
    register,
    register_questions,
    summary,
)

# Older spellings, kept for question modules written before the split.
_label_list, _norm, _is_number = label_list, normalize, is_number

__all__ = [
    "Choice",
    "Discussion",
    "Frame",
    "Labels",
    "Mistake",
    "Number",
    "Question",
    "Ranking",
    "Result",
    "SeriesAnswer",
    "TopNames",
    "all_correct",
    "assert_all_correct",
    "build_all",
    "build_notebook",
    "chose",
    "is_number",
    "label_list",
    "module_questions",
    "modules",
    "near",
    "normalize",
    "questions",
    "register",
    "register_questions",
    "reset",
    "results",
    "sample",
    "series_like",
    "summary",
    "total_instead_of_average",
    "wrong_denominator",
]

from valuekit.exercises.build import build_all, build_notebook  # noqa: E402
