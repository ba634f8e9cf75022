"""The hub's module in a valuekit installed from its wheel, without JupyterHub (issue 13's
fixes): ``import valuekit.hub.spawner`` works, ``valuekit hub`` says what to install, and the
kit the hub serves is found through valuekit._resources (an installed kit has no checkout
around it, so ``--kit`` / ``VALUEKIT_HUB_KIT`` names one) instead of a fixed number of parent
folders. Builds the wheel and a fresh venv offline, as tests/test_installed.py does.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def _run(args, cwd, env, ok=True):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if ok:
        assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    return done


@pytest.fixture(scope="module")
def venv(tmp_path_factory, root):
    """A fresh venv outside the checkout: the kit's wheel and its dependencies, no extras."""
    if subprocess.run([sys.executable, "-m", "uv", "--version"],
                      capture_output=True).returncode != 0:
        pytest.skip("uv is not installed in this environment (make env installs it)")
    uv = [sys.executable, "-m", "uv"]
    base = tmp_path_factory.mktemp("hub-installed")
    env = {k: v for k, v in os.environ.items()
           if k not in {"VALUEKIT_DATA", "PYTHONPATH", "VIRTUAL_ENV"}
           and not k.startswith("VALUEKIT_HUB_")}
    _run([*uv, "build", "--offline", "--quiet", "--wheel", "--out-dir", str(base / "dist"),
          str(root)], cwd=base, env=env)
    wheel = next((base / "dist").glob("valuekit-*.whl"))
    _run([*uv, "venv", "--offline", "--quiet", "--python", sys.executable, str(base / "venv")],
         cwd=base, env=env)
    python = base / "venv" / "bin" / "python"
    _run([*uv, "pip", "install", "--offline", "--quiet", "--python", str(python),
          "-c", str(root / "requirements.lock"), str(wheel)], cwd=base, env=env)
    work = base / "trainer"
    work.mkdir()
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    return {"python": str(python), "bin": python.parent, "work": work, "env": env}


def test_installed_kit_imports_its_hub_module_without_jupyterhub(venv):
    code = ("import importlib.util, sys\n"
            "assert importlib.util.find_spec('jupyterhub') is None, 'JupyterHub is installed'\n"
            "import valuekit.hub, valuekit.hub.spawner as sp\n"
            "print(valuekit.hub.__file__)\n"
            "try:\n"
            "    sp.WorkshopSpawner\n"
            "except ImportError as err:\n"
            "    print('refused:', err)\n")
    out = _run([venv["python"], "-c", code], cwd=venv["work"], env=venv["env"]).stdout
    assert "site-packages" in out.splitlines()[0]
    assert "refused: valuekit.hub.spawner.WorkshopSpawner: the workshop hub needs JupyterHub" \
        in out


def test_installed_valuekit_hub_says_what_to_install(venv):
    run = _run([str(venv["bin"] / "valuekit"), "hub", "--state", "state"], cwd=venv["work"],
               env=venv["env"], ok=False)
    assert run.returncode == 2, run.stderr
    assert "needs JupyterHub" in run.stderr and "make hub-install" in run.stderr
    assert not (venv["work"] / "state").exists()


def test_installed_kit_root_comes_from_kit_option_not_parent_folders(venv, root):
    code = ("from valuekit.hub import kit_root\n"
            "try:\n"
            "    print(kit_root())\n"
            "except ValueError as err:\n"
            "    print('refused:', err)\n")
    out = _run([venv["python"], "-c", code], cwd=venv["work"], env=venv["env"]).stdout
    assert out.startswith("refused: this valuekit is installed as a package"), out
    assert "--kit PATH" in out
    env = dict(venv["env"], VALUEKIT_HUB_KIT=str(root))
    out = _run([venv["python"], "-c", code], cwd=venv["work"], env=env).stdout
    assert out.strip() == str(root)
