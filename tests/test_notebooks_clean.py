"""Committed notebooks carry no outputs, no execution counts and no widget state, so diffs
stay readable and nothing of one run (or one learner) leaks into the kit."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "solutions", "exercises", "reports", "tests/fixtures")
NOTEBOOKS = sorted(
    p
    for folder in FOLDERS
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def _ids(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_setup_check_is_among_them():
    assert ROOT / "notebooks" / "00_setup_check.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_is_stored_clean(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        f"cell {i + 1}: " + ", ".join(
            what for what, bad in (
                ("outputs", bool(cell.get("outputs"))),
                (f"execution count {cell.get('execution_count')}",
                 cell.get("execution_count") is not None),
            ) if bad
        )
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{_ids(path)} has {'; '.join(dirty)}: clear the outputs before committing"
    assert "widgets" not in nb.metadata, f"{_ids(path)} stores widget state"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_runs_on_the_standard_kernel(path):
    """nbval, nbclient and papermill start the kernel the notebook names."""
    kernel = nbformat.read(path, as_version=4).metadata.get("kernelspec", {}).get("name")
    assert kernel in (None, "python3"), f"{_ids(path)} names the kernel {kernel!r}"


def _dollar_math_slips(text: str) -> list[str]:
    """Paragraphs where JupyterLab would set money as maths: an unescaped ``$`` before a
    digit with another unescaped ``$`` in the same paragraph (code and ``$$`` blocks aside)."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    text = re.sub(r"`[^`]*`", "", text)
    slips = []
    for para in text.split("\n\n"):
        dollars = re.findall(r"(?<!\\)\$", para)
        if len(dollars) >= 2 and re.search(r"(?<!\\)\$\d", para):
            slips.append(para.strip()[:120])
    return slips


def test_the_money_check_bites():
    assert _dollar_math_slips("$1 next year is worth $1/(1+d) today")
    assert not _dollar_math_slips(r"\$1 next year is worth \$1/(1+d) today, and $m$ is math")
    assert not _dollar_math_slips("one price, $150,000")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_money_in_markdown_is_not_set_as_maths(path):
    """A dollar amount next to another ``$`` turns the text between them into maths in
    JupyterLab ("30,000; itbrings"): write it ``\\$``."""
    nb = nbformat.read(path, as_version=4)
    slips = [f"cell {i}: {s}" for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"
             for s in _dollar_math_slips(cell.source)]
    assert not slips, "escape these dollar signs as \\$:\n  " + "\n  ".join(slips)
