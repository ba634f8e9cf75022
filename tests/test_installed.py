"""The kit installed from its wheel, away from the checkout (issue 16, item 3).

A JupyterHub learner environment or a trainer's laptop gets ``pip install valuekit-*.whl``
and no checkout: the sample data and the report template must come with the package.
This test builds the wheel (sdist first, then the wheel from the sdist, as a package
index would), installs it with the pinned dependencies into a fresh virtual environment
outside the checkout, and there runs the setup-check notebook and one team report. It
stays offline: uv installs from its cache only (``--offline``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from valuekit import data

pytestmark = pytest.mark.slow


def _uv() -> list[str]:
    probe = subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("uv is not installed in this environment (make env installs it)")
    return [sys.executable, "-m", "uv"]


def _run(args, cwd, env=None, timeout=600):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory, root):
    """A fresh venv outside the checkout with the kit installed from its wheel."""
    uv = _uv()
    base = tmp_path_factory.mktemp("installed")
    dist = base / "dist"
    _run([*uv, "build", "--offline", "--quiet", "--out-dir", str(dist), str(root)], cwd=base)
    wheel = next(dist.glob("valuekit-*.whl"))
    venv = base / "venv"
    _run([*uv, "venv", "--offline", "--quiet", "--python", sys.executable, str(venv)],
         cwd=base)
    python = venv / "bin" / "python"
    _run([*uv, "pip", "install", "--offline", "--quiet", "--python", str(python),
          "-c", str(root / "requirements.lock"), str(wheel)], cwd=base)
    work = base / "learner"  # a learner's home: no checkout anywhere above it
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in {"VALUEKIT_DATA", "PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return {"wheel": wheel, "python": python, "bin": venv / "bin", "work": work, "env": env}


def test_the_wheel_carries_the_sample_and_the_template(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for csv in sorted(data.SAMPLE_DIR.glob("*.csv")):
        assert f"valuekit/_data/sample/{csv.name}" in names
    assert "valuekit/_data/templates/team_report.ipynb" in names


def test_installed_kit_imports_from_the_venv_and_finds_its_data(installed, root):
    code = ("import valuekit, valuekit.data as d; print(valuekit.__file__); "
            "print(d.SAMPLE_DIR); print(len(d.sample()['accounts']))")
    out = _run([str(installed["python"]), "-c", code], cwd=installed["work"],
               env=installed["env"]).stdout.splitlines()
    assert not out[0].startswith(str(root)) and "site-packages" in out[0]
    assert "site-packages" in out[1] and out[1].endswith(os.path.join("_data", "sample"))
    assert int(out[2]) == len(data.sample(["accounts"])["accounts"])


def test_setup_check_notebook_passes_installed(installed, root):
    notebook = installed["work"] / "00_setup_check.ipynb"
    shutil.copy(root / "notebooks" / "00_setup_check.ipynb", notebook)
    _run([str(installed["bin"] / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
          "--inplace", notebook.name], cwd=installed["work"], env=installed["env"])
    code = ("from valuekit import setup_check as sc; c = sc.run(); "
            "print(sc.verdict(c)); raise SystemExit(0 if sc.ready(c) else 1)")
    out = _run([str(installed["python"]), "-c", code], cwd=installed["work"],
               env=installed["env"]).stdout
    assert out.startswith("You are ready"), out


def test_one_report_from_the_installed_command(installed):
    out = _run([str(installed["bin"] / "valuekit"), "report", "--team", data.STAR_TEAM,
                "--out", "reports", "--quiet"], cwd=installed["work"], env=installed["env"])
    assert "wrote 1 of 1 team report(s)" in out.stdout
    pages = sorted((installed["work"] / "reports").glob("*.html"))
    assert [p.name for p in pages if p.name != "index.html"] != []
    report = next(p for p in pages if p.name != "index.html").read_text(encoding="utf-8")
    assert data.STAR_TEAM in report and len(report) > 10_000
