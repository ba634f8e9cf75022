"""pyproject.toml is the source of truth; environment.yml mirrors it for conda users."""

from __future__ import annotations

import re
import tomllib

import pytest

# PyPI name -> conda-forge name, where they differ (none do today; keep the map
# so that a future difference is one line here rather than a failing test).
CONDA_NAME: dict[str, str] = {}

REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(>=\s*[0-9][^,;\s]*)?")


def _parse(req: str) -> tuple[str, str]:
    match = REQ.match(req)
    assert match, f"cannot parse requirement {req!r}"
    name = match.group(1).lower().replace("_", "-")
    return name, (match.group(2) or "").replace(" ", "")


@pytest.fixture(scope="module")
def pyproject(root):
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def conda_deps(root):
    """Conda dependency lines of environment.yml (a tiny YAML subset, no PyYAML needed)."""
    deps, pip = {}, []
    in_pip = in_deps = False
    for line in (root / "environment.yml").read_text(encoding="utf-8").splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if stripped and not stripped[0].isspace():
            in_deps = stripped == "dependencies:"
            continue
        if not in_deps or not stripped.strip().startswith("- "):
            continue
        item = stripped.strip()[2:].strip()
        indent = len(stripped) - len(stripped.lstrip())
        if item == "pip:":
            in_pip = True
            continue
        if in_pip and indent > 2:
            pip.append(item)
            continue
        in_pip = False
        name, spec = _parse(item)
        deps[name] = spec
    return deps, pip


def test_every_runtime_and_test_dependency_is_mirrored(pyproject, conda_deps):
    deps, _ = conda_deps
    project = pyproject["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    wanted += project["optional-dependencies"].get("hub", [])  # the workshop server
    for req in wanted:
        name, spec = _parse(req)
        conda_name = CONDA_NAME.get(name, name)
        assert conda_name in deps, f"environment.yml lacks {conda_name} (pyproject: {req})"
        assert deps[conda_name] == spec, (
            f"{conda_name}: environment.yml says {deps[conda_name] or 'no minimum'}, "
            f"pyproject.toml says {spec or 'no minimum'}"
        )


def test_no_extra_conda_packages(pyproject, conda_deps):
    deps, _ = conda_deps
    project = pyproject["project"]
    names = {_parse(r)[0] for r in project["dependencies"]}
    names |= {_parse(r)[0] for r in project["optional-dependencies"]["test"]}
    names |= {_parse(r)[0] for r in project["optional-dependencies"].get("hub", [])}
    names = {CONDA_NAME.get(n, n) for n in names} | {"python", "pip"}
    extra = set(deps) - names
    assert not extra, f"environment.yml has packages pyproject.toml does not: {sorted(extra)}"


def test_python_version_and_package_itself(pyproject, conda_deps):
    deps, pip = conda_deps
    assert deps["python"] == pyproject["project"]["requires-python"]
    assert "-e ." in pip, "environment.yml must install the kit itself with `pip: -e .`"


def test_lock_pins_every_dependency(root, pyproject):
    """requirements.lock pins an exact version of every direct dependency."""
    lock = (root / "requirements.lock").read_text(encoding="utf-8")
    pinned = {
        m.group(1).lower().replace("_", "-")
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==", lock, flags=re.M)
    }
    project = pyproject["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    missing = sorted({_parse(r)[0] for r in reqs} - pinned)
    assert not missing, f"requirements.lock does not pin {missing}: run `make lock`"
