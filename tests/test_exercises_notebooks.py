"""Each question's two copies agree: the ``solution=`` and prompt a question module holds
(what ``qN.solution()`` and ``repr(qN)`` show) and the solution notebook the learner's
exercise notebook is generated from (issue 16, item 4).

- the code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` in the cell that checks
  ``qN`` is ``qN``'s ``solution=``, statement for statement (compared as Python syntax
  trees, so quotes and line breaks do not matter); decision-track questions, answered by
  picking in ``ask(dqN, ...)``, show their own prompt and have no code: only their cell is
  required;
- every number and every `code` span of ``qN``'s prompt appears in that question's part of
  the notebook (the cells after the previous check, up to ``qN.check``).
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from valuekit.exercises import modules, questions

SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
#: A cell that checks a question: ``q1.check(answer)``, or ``ask(dq1, answer)`` for the
#: decision track's answer widget (valuekit.exercises.answer_widget).
_CHECK = re.compile(r"\bd?q\d+\.check\(|\bask\(\s*d?q\d+\b")


def _notebook(root, module: str):
    number = module[1:3]
    found = sorted((root / "solutions").glob(f"{number}_*.ipynb"))
    return json.loads(found[0].read_text(encoding="utf-8"))["cells"] if found else None


def _only_a_choice(code: str) -> bool:
    """The block only assigns constants: a decision answered in code (``answer = "lost"``)."""
    body = ast.parse(code).body
    return bool(body) and all(isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
                              for n in body)


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").replace("_", "").rstrip(".")
            for n in re.findall(r"\d[\d,_]*(?:\.\d+)?", text)}


def _code_spans(text: str) -> set[str]:
    return {c.replace("'", '"') for c in re.findall(r"`([^`]+)`", text)}


def _cases(root):
    for module in modules():
        cells = _notebook(root, module)
        if cells is None:
            continue
        for name in questions(module):
            yield module, name


def _parts(cells, name: str):
    """The cell that checks ``name`` and the text of the question's part of the notebook."""
    checks = [i for i, c in enumerate(cells)
              if c["cell_type"] == "code" and _CHECK.search("".join(c["source"]))]
    mine = re.compile(rf"\b{name}\.check\(|\bask\(\s*{name}\b")
    at = next((i for i in checks if mine.search("".join(cells[i]["source"]))), None)
    if at is None:
        return None, ""
    start = max([i for i in checks if i < at], default=-1) + 1
    text = "\n".join("".join(c["source"]) for c in cells[start:at + 1])
    return "".join(cells[at]["source"]), text


@pytest.mark.parametrize("module", [m for m in modules() if m != "m00_example"])
def test_every_question_is_checked_in_its_solution_notebook(root, module):
    cells = _notebook(root, module)
    if cells is None:
        pytest.skip(f"{module} has no solution notebook yet")
    missing = [name for name in questions(module) if _parts(cells, name)[0] is None]
    assert missing == [], f"{module}: no cell checks {missing}"


def test_solution_and_prompt_match_the_notebook(root):
    problems = []
    for module, name in _cases(root):
        q = questions(module)[name]
        cell, text = _parts(_notebook(root, module), name)
        if cell is None:
            continue  # reported by the test above
        if "ask(" in cell:
            # Decision track: the answer widget shows the question's own prompt (one copy,
            # nothing to drift) and its solution= is prose, not code.
            continue
        block = SOLUTION.search(cell)
        if block is None or not q.solution_code:
            problems.append(f"{module}.{name}: a solution block and solution= are both needed")
            continue
        if _only_a_choice(block.group(1)):
            pass  # a pick written as code (answer = "more"): solution= may show the reasoning
        elif ast.dump(ast.parse(block.group(1))) != ast.dump(ast.parse(q.solution_code)):
            problems.append(f"{module}.{name}: solution= differs from the notebook's:\n"
                            f"{q.solution_code}\n--- notebook ---\n{block.group(1)}")
        numbers = _numbers(q.prompt) - _numbers(text)
        spans = _code_spans(q.prompt) - _code_spans(text) - {
            s for s in _code_spans(q.prompt) if s in text.replace("'", '"')}
        if numbers or spans:
            problems.append(f"{module}.{name}: the prompt has {sorted(numbers | spans)}, "
                            "the notebook does not")
    assert problems == [], "\n".join(problems)
