"""The library's layers (docs/authoring.md, "The layers"): each imports only layers above it.

library (value, adoption, funnel, clv, team_report, data, schema, checks, fits) -> charts
-> widgets -> exercises / reports. A calculation that a widget or a question module needs
lives in the library; a question module takes its expected values from the library, never
from a widget module (m00_example, the framework's own toy, is the one exception).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "lib" / "valuekit"

# team_report computes one team's figures from the library (pure, no drawing): library.
LIBRARY = {"value", "adoption", "funnel", "clv", "data", "schema", "checks", "fits",
           "_resources", "_files", "team_report"}
LAYER = {**dict.fromkeys(LIBRARY, 0), "charts": 1, "widgets": 2, "exercises": 3,
         "reports": 3, "export": 3, "setup_check": 3, "cli": 4}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYER.get(parts[1]) if parts[0] == "valuekit" and len(parts) > 1 else None


def _module_name(path: Path) -> str:
    rel = path.relative_to(LIB.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}
    return found


FILES = sorted(p for p in LIB.rglob("*.py") if _layer(_module_name(p)) is not None)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(LIB)))
def test_no_module_imports_a_layer_below_its_own(path):
    name = _module_name(path)
    own = _layer(name)
    upward = sorted(m for m in _imports(path, name)
                    if (layer := _layer(m)) is not None and layer > own)
    assert upward == [], f"{name} (layer {own}) imports {upward}"


#: Question modules still reading widget modules, with the reason. Keep this list short.
KNOWN_WIDGET_USERS = {
    "m00_example": "the framework's own toy question module",
    "m01_value": "decision track dq5 asks for what the value-price calculator shows at given "
                 "settings, so its expected value is that widget's readout (lazy import)",
    "m04_clv": "q9-q12 (merged this round) read widgets.clv_transactions; its tables are to "
               "move into valuekit.clv next",
    "m06_customer_value": "merged this round; its lesson tables (widgets.customer_value) are "
                          "to move into the library next, as clv/adoption/funnel's did",
}


def test_question_modules_take_expected_values_from_the_library():
    offenders = {}
    for path in sorted((LIB / "exercises").glob("m[0-9][0-9]_*.py")):
        if path.stem in KNOWN_WIDGET_USERS:
            continue
        widgets = sorted(m for m in _imports(path, f"valuekit.exercises.{path.stem}")
                         if m.startswith("valuekit.widgets"))
        if widgets:
            offenders[path.stem] = widgets
    assert offenders == {}
