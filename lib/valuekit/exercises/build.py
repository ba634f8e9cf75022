"""Generate the learner notebooks in ``exercises/`` from the worked ones in ``solutions/``.

In a solution notebook the worked answer of a code cell sits between nbgrader's markers::

    ### BEGIN SOLUTION
    won = deals["status"].eq("W").sum()
    answer = won / len(deals)
    ### END SOLUTION
    q1.check(answer)

and the exercise gets, at the same indentation::

    won = ...  # your answer here
    answer = ...  # your answer here
    q1.check(answer)

Every assignment to a plain name becomes ``name = ...`` (so ``q1.check(answer)`` still runs
and says kindly that no answer was given); any other statement is dropped and leaves one
``# Your code here`` line. Solution-only cells are dropped whole: cells tagged ``solution``,
Markdown cells starting with ``**Solution`` and code cells whose first line is
``# solution-only``. In Markdown cells a marked block becomes "*Your answer here.*"
followed by the block itself folded away in a ``<details>`` element ("A model answer"): an
open question has no ``qN.solution()``, and a learner working alone still needs to compare
their answer with one (JupyterLab, nbconvert and GitHub all show ``<details>`` closed).

The output is deterministic (nbformat's JSON layout, no outputs, no execution counts, a final
newline), so ``build_all(..., check=True)`` can compare bytes.
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat

from valuekit.i18n import N_, translate
from valuekit.i18n.code_comments import translate_comments

__all__ = ["build_all", "build_notebook", "exercise_source", "render"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
PLACEHOLDER = "...  # your answer here"
YOUR_CODE = "# Your code here"
YOUR_ANSWER_MD = N_("*Your answer here.*")
MODEL_ANSWER_SUMMARY = N_("A model answer (open it after writing yours)")
SOLUTION_TAGS = {"solution", "solution-only"}
#: Cell metadata that only describes a run or an editor session: never copied.
VOLATILE_CELL_METADATA = {"execution", "collapsed", "scrolled", "jupyter", "papermill"}
VOLATILE_NB_METADATA = {"widgets", "papermill", "toc", "varInspector"}

_NAME = re.compile(r"^[A-Za-z_]\w*$")


def _assigned_names(stmt: ast.stmt) -> list[str] | None:
    """The plain names a statement assigns (``a = ...``, ``a, b = ...``, ``a: int = ...``),
    or None when it is not such an assignment."""
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        targets = [stmt.target]
    else:
        return None
    names: list[str] = []
    for target in targets:
        elts = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
        for elt in elts:
            if not isinstance(elt, ast.Name):
                return None
            if elt.id not in names:
                names.append(elt.id)
    return names


def _replace_block(lines: list[str], indent: str, where: str) -> list[str]:
    """The exercise version of the lines between the markers."""
    code = [ln for ln in lines if ln.strip()]
    if not code:
        return [f"{indent}{YOUR_CODE}"]
    base = min(len(ln) - len(ln.lstrip()) for ln in code)
    text = "\n".join(ln[base:] if ln.strip() else "" for ln in lines)
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        raise ValueError(f"{where}: the solution block is not valid Python ({err.msg}, "
                         f"line {err.lineno} of the block)") from err
    out: list[str] = []
    for stmt in tree.body:
        names = _assigned_names(stmt)
        if names:
            out.extend(f"{indent}{name} = {PLACEHOLDER}" for name in names)
        elif not out or out[-1] != f"{indent}{YOUR_CODE}":
            out.append(f"{indent}{YOUR_CODE}")
    if not out:
        out = [f"{indent}{YOUR_CODE}"]
    if indent and all(ln.strip() == YOUR_CODE for ln in out):
        # An indented block (a function body) must keep a statement.
        out = [f"{indent}pass  {YOUR_CODE}"]
    return out


def exercise_source(source: str, *, cell_type: str = "code", where: str = "cell",
                    language: str | None = None) -> str:
    """One cell's source with each solution block replaced (see the module docstring);
    ``language``: the notebook's (``zh-CN`` in ``solutions/zh/``), for the Markdown words."""
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped == END:
            raise ValueError(f"{where}: {END!r} without a {BEGIN!r} before it")
        if stripped != BEGIN:
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        j = i + 1
        while j < len(lines) and lines[j].strip() != END:
            if lines[j].strip() == BEGIN:
                raise ValueError(f"{where}: nested {BEGIN!r}")
            j += 1
        if j == len(lines):
            raise ValueError(f"{where}: {BEGIN!r} without a matching {END!r}")
        block = lines[i + 1 : j]
        if cell_type == "markdown":
            mine = translate(YOUR_ANSWER_MD, language=language or "en")
            summary = translate(MODEL_ANSWER_SUMMARY, language=language or "en")
            out.extend([f"{indent}{mine}", "",
                        f"<details><summary>{summary}</summary>", "",
                        *block, "", "</details>"])
        else:
            out.extend(_replace_block(block, indent, where))
        i = j + 1
    return "\n".join(out)


def _solution_only(cell: nbformat.NotebookNode) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    if tags & SOLUTION_TAGS:
        return True
    first = cell.source.lstrip().split("\n", 1)[0].strip() if cell.source.strip() else ""
    if cell.cell_type == "markdown":
        return first.startswith("**Solution")
    return cell.cell_type == "code" and first.lower().replace(" ", "") == "#solution-only"


def build_notebook(nb: nbformat.NotebookNode, *, source_name: str = "") -> nbformat.NotebookNode:
    """The exercise notebook for a solution notebook (a new object; ``nb`` is unchanged)."""
    nb = copy.deepcopy(nb)
    language = nb.metadata.get("valuekit", {}).get("language")
    cells = []
    for index, cell in enumerate(nb.cells):
        if _solution_only(cell):
            continue
        where = f"{source_name or 'notebook'}, cell {index + 1}"
        cell.source = exercise_source(cell.source, cell_type=cell.cell_type, where=where,
                                      language=language)
        if language and cell.cell_type == "code":  # the placeholders' comments
            cell.source = translate_comments(cell.source, language)
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        if not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
        cells.append(cell)
    nb.cells = cells
    for key in VOLATILE_NB_METADATA:
        nb.metadata.pop(key, None)
    if source_name:
        nb.metadata["valuekit"] = {
            "generated_from": source_name,
            "note": "generated by `valuekit exercises build`: edit the solution, not this file",
            **({"language": language} if language else {}),  # solutions/zh/: "zh-CN"
        }
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    """Deterministic text of a notebook: nbformat's layout (indent 1, sorted keys) + newline."""
    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


def _sources(solutions_dir: Path) -> list[Path]:
    return sorted(
        p for p in solutions_dir.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def _generated_by_us(path: Path) -> bool:
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return False
    return "generated_from" in nb.metadata.get("valuekit", {})


def build_all(
    solutions_dir: str | Path, exercises_dir: str | Path, check: bool = False
) -> list[str]:
    """Generate ``exercises_dir`` from every notebook in ``solutions_dir``.

    Returns the files written; with ``check=True`` writes nothing and returns the files that
    differ from what would be generated, are missing, or are generated exercises whose
    solution no longer exists (stale). Without ``check`` such stale files are deleted.
    """
    solutions_dir, exercises_dir = Path(solutions_dir), Path(exercises_dir)
    if not solutions_dir.is_dir():
        raise ValueError(f"no solutions folder at {solutions_dir}")
    expected: dict[Path, str] = {}
    for src in _sources(solutions_dir):
        rel = src.relative_to(solutions_dir)
        nb = nbformat.read(src, as_version=4)
        source_name = f"{solutions_dir.name}/{rel.as_posix()}"
        expected[exercises_dir / rel] = render(build_notebook(nb, source_name=source_name))
    existing = (
        {p for p in exercises_dir.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
        if exercises_dir.is_dir()
        else set()
    )
    stale = sorted(p for p in existing - set(expected) if _generated_by_us(p))
    if check:
        differ = [
            str(path) for path, text in expected.items()
            if not path.is_file() or path.read_bytes() != text.encode("utf-8")
        ]
        return differ + [str(p) for p in stale]
    written = []
    for path, text in expected.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            path.write_bytes(text.encode("utf-8"))
        written.append(str(path))
    for path in stale:
        path.unlink()
    return written
