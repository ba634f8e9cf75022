"""No function in lib/ is longer than a reader can hold (issue 16: "about 100 lines").

Measured with ast: a function's lines run from its ``def`` (decorators excluded) to its last
statement, docstring and comments included, so a long docstring counts too. Nested functions
are measured on their own as well as inside their parent.
"""

from __future__ import annotations

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "lib"
LIMIT = 100

#: Functions allowed over the limit, each with its reason. Keep it short; an entry whose
#: function has come under the limit (or gone) fails the test, so the list cannot go stale.
EXCEPTIONS: dict[str, str] = {}


def _visit(node: ast.AST, where: str, prefix: str, out: dict[str, int]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{child.name}"
            out[f"{where}:{name}"] = child.end_lineno - child.lineno + 1
            _visit(child, where, f"{name}.", out)
        elif isinstance(child, ast.ClassDef):
            _visit(child, where, f"{prefix}{child.name}.", out)
        else:
            _visit(child, where, prefix, out)


def function_lengths(root: Path = LIB) -> dict[str, int]:
    """``"valuekit/x.py:Class.method"`` -> lines, for every function below ``root``."""
    out: dict[str, int] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        _visit(tree, path.relative_to(root).as_posix(), "", out)
    return out


def test_the_measure_counts_def_to_last_line(tmp_path):
    pkg = tmp_path / "valuekit"
    pkg.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(120))
    (pkg / "m.py").write_text(
        f"@decorator\ndef long():\n{body}\n\n\nclass K:\n    def short(self):\n"
        "        def inner():\n            return 1\n        return inner\n",
        encoding="utf-8",
    )
    lengths = function_lengths(tmp_path)
    assert lengths == {"valuekit/m.py:long": 121, "valuekit/m.py:K.short": 4,
                       "valuekit/m.py:K.short.inner": 2}


def test_no_function_in_lib_is_over_the_limit():
    lengths = function_lengths()
    assert len(lengths) > 500  # the walk found the kit, not an empty folder
    too_long = {name: n for name, n in lengths.items() if n > LIMIT and name not in EXCEPTIONS}
    assert not too_long, (
        f"functions over {LIMIT} lines (split them, or list one in EXCEPTIONS with its "
        f"reason): {too_long}"
    )


def test_every_exception_is_still_needed():
    lengths = function_lengths()
    stale = [name for name in EXCEPTIONS if lengths.get(name, 0) <= LIMIT]
    assert not stale, f"no longer over {LIMIT} lines (remove from EXCEPTIONS): {stale}"
