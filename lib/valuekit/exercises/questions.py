"""The old import path of :mod:`valuekit.exercises.question_types` (issue 16, item 8).

``from valuekit.exercises.questions import TRY_HINT`` (question modules, notebooks,
solutions, the i18n code written before the rename) keeps working and gives the very same
objects; new code imports :mod:`~valuekit.exercises.question_types`. The package attribute
``valuekit.exercises.questions`` stays the old name of the function
:func:`~valuekit.exercises.registry.module_questions`, as it always was.
"""

from valuekit.exercises import question_types as _question_types
from valuekit.exercises.question_types import *  # noqa: F403
from valuekit.exercises.question_types import TRY_HINT, __all__  # noqa: F401


def __getattr__(name: str):
    # any other name (a private helper imported by an older question module) is the new module's
    return getattr(_question_types, name)
