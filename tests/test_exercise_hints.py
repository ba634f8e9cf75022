"""Every code fragment a hint shows runs as written in its exercise notebook.

A learner working alone copies what a hint suggests into the cell under the question. Module 1's
q6 once suggested ``.loc[components, 'advantage']``, a name the notebook never defines; with the
notebook's tuple instead, pandas raised a bare KeyError. So: run each module's solution notebook
(the exercise notebook with its answers filled in, so every name a learner is asked to create
exists), find every call a hint shows (``name(...)`` with what is chained to it, or a chain that
starts with a dot, which is read as applying to the name the hint has just used), and evaluate it
there. A fragment that uses a name the notebook does not define, or that raises, fails.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "solutions").glob("0[1-9]_*.ipynb"))
_CALL = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.\w+)*\(")


def _close(text: str, i: int) -> int:
    """Index just past the bracket that closes the one at text[i] (or -1)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack, quote = [], None
    for j in range(i, len(text)):
        ch = text[j]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return j + 1
    return -1


def dotted(hint: str) -> list[str]:
    """Chains a hint starts with a dot (".loc[components, 'advantage'].idxmin()")."""
    out = []
    for m in re.finditer(r"(?<![\w)\]'\"])\.[A-Za-z_]\w*", hint):
        end = m.end()
        while hint[end:end + 1] in ("(", "["):
            end = _close(hint, end)
            if end < 0:
                break
            nxt = re.match(r"\.\w+", hint[end:])
            if nxt:
                end += nxt.end()
        if end > m.end():
            out.append(hint[m.start():end])
    return out


def fragments(hint: str) -> list[str]:
    """The calls a hint shows, each with its chained attributes, calls and subscripts."""
    out = []
    for m in _CALL.finditer(hint):
        end = _close(hint, m.end() - 1)
        if end < 0:
            continue
        while True:
            chained = re.match(r"\.\w+", hint[end:])
            if chained:
                end += chained.end()
                if hint[end:end + 1] in "([" and hint[end:end + 1]:
                    end = _close(hint, end)
                continue
            if hint[end:end + 1] == "[":
                end = _close(hint, end)
                continue
            break
        text = hint[m.start():end]
        try:
            ast.parse(text, mode="eval")
        except SyntaxError:
            continue
        out.append(text)
    return out


def test_dotted_finds_chains_that_start_with_a_dot():
    hint = "Take the lowest: .loc[components, 'advantage'].idxmin(), not vv.f(x).loc[1]."
    assert dotted(hint) == [".loc[components, 'advantage'].idxmin()"]


def test_fragments_finds_calls_and_their_chains():
    hint = ("Use vv.compare_delivered_value(survey).loc['x', 'gap'] then round(x, 1). "
            "Not .idxmin() alone.")
    assert fragments(hint) == ["vv.compare_delivered_value(survey).loc['x', 'gap']",
                               "round(x, 1)"]


def _solved_namespace(notebook: Path) -> dict:
    """The names a learner has after working the notebook top to bottom (with the answers)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {"display": lambda *a, **k: None}
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            code = "".join(cell["source"])
            exec(compile(code, f"{notebook.name} cell {i}", "exec"), namespace)  # noqa: S102
    return namespace


def _hints(namespace: dict):
    for name, obj in sorted(namespace.items()):
        hints = getattr(obj, "hints", None)
        if isinstance(hints, list | tuple) and all(isinstance(h, str) for h in hints):
            for k, hint in enumerate(hints, 1):
                yield f"{name}.hint({k})", hint


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_fragment_in_a_hint_runs_in_the_exercise_notebook(notebook, monkeypatch):
    monkeypatch.chdir(notebook.parent)  # where nbval runs it
    namespace = _solved_namespace(notebook)
    failures = []
    checked = 0
    for where, hint in _hints(namespace):
        for text in fragments(hint):
            names = {n.id for n in ast.walk(ast.parse(text, mode="eval"))
                     if isinstance(n, ast.Name)}
            missing = sorted(n for n in names if n not in namespace and not hasattr(builtins, n))
            if missing:
                failures.append(f"{where}: {text!r} uses {', '.join(missing)}, which the "
                                "notebook does not define")
                continue
            try:
                eval(text, dict(namespace))  # noqa: S307 (the kit's own hint text)
            except Exception as exc:  # noqa: BLE001 (any error is what a learner would see)
                failures.append(f"{where}: {text!r} raises {type(exc).__name__}: {exc}")
            checked += 1
        for text in dotted(hint):
            try:
                tree = ast.parse("_it" + text, mode="eval")
            except SyntaxError:
                continue
            names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - {"_it"}
            missing = sorted(n for n in names if n not in namespace and not hasattr(builtins, n))
            if missing:
                failures.append(f"{where}: {text!r} uses {', '.join(missing)}, which the "
                                "notebook does not define")
    assert not failures, "\n".join(failures)
    assert checked > 0, f"{notebook.name}: no hint shows any code (is the extractor broken?)"
