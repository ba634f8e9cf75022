"""The question modules (``m01_value`` ...) and what the checks made so far add up to."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys

from valuekit.exercises.feedback import Result, results
from valuekit.exercises.question_types import Discussion, Question

__all__ = ["all_correct", "assert_all_correct", "module_questions", "modules", "questions",
           "register",
           "register_questions", "summary"]


def _package_path() -> list[str]:
    return list(importlib.import_module("valuekit.exercises").__path__)


def register_questions(module_name: str) -> dict[str, Question | Discussion]:
    """Name every question and discussion defined in a module after its variable (``q1``).

    Call it last in a question module: ``register_questions(__name__)``.
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
    return sorted(i.name for i in pkgutil.iter_modules(_package_path()) if _MODULE.match(i.name))


def module_questions(module: str) -> dict[str, Question]:
    """The questions of one question module, by name (discussions left out).

    Args:
        module: the question module's short name (``"m01_value"``).

    Returns:
        Each question's name and the question, in the module's order.
    """
    mod = importlib.import_module(f"valuekit.exercises.{module}")
    return {k: v for k, v in register_questions(mod.__name__).items() if isinstance(v, Question)}


def summary(*module_names: str) -> dict[str, list[str]]:
    """What the checks so far add up to: for the given modules (default: every module a
    check was made for), which questions were last answered correctly, which not, and
    which were never checked."""
    last: dict[str, Result] = {}
    for r in results():
        last[r.question] = r
    names = list(module_names) or sorted({q.split(".")[0] for q in last if "." in q})
    out: dict[str, list[str]] = {"correct": [], "not_correct": [], "unchecked": []}
    for module in names:
        for qid in (q.id for q in module_questions(module).values()):
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


#: The old name of :func:`register_questions` (``valuekit.widgets.register_builder`` is
#: the other registry), kept for question modules written before the rename.
register = register_questions

#: The old name of :func:`module_questions`; ``valuekit.exercises.questions`` is this function
#: (``from valuekit.exercises.questions import ...`` still reads the question types' module).
questions = module_questions
