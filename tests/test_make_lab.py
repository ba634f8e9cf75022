"""`make lab`, `make lab LANG=zh` and `make handouts LANG=zh` as a trainer runs them.

- `make lab` (both languages) is run for real, with `LAB_ARGS` for what a test needs (no
  browser, a free port on 127.0.0.1, a token): Jupyter Server's root is the repository, so
  the Lab reaches exercises/ and solutions/ (exercises/zh/ in Chinese), and it opens the
  setup check (relative to that root). Without `--ServerApp.root_dir` the root would be
  the opened file's folder (jupyter_server's default), and the exercises out of reach.
- `make lab LANG=zh` gives JupyterLab and its kernels a real locale in LANG (not `zh`, which
  make would otherwise pass on from its command line): read from a started kernel's
  environment (/proc).
- `make handouts LANG=zh` prints its lines in Chinese (VALUEKIT_LANG=zh).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="make and /proc")


def _make_n(*args: str, env: dict[str, str] | None = None) -> list[str]:
    """The commands `make -n` prints (continuation lines joined). Run from `make test`, the
    environment says MAKELEVEL=1 and a sub-make would print "Entering directory" lines: the
    command runs as a user's own `make` would."""
    env = {k: v for k, v in (os.environ if env is None else env).items()
           if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    out = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True,
                         check=True, env=env).stdout
    return [ln.strip() for ln in out.replace("\\\n", " ").splitlines() if ln.strip()]


def _assignments(line: str) -> dict[str, str]:
    """The NAME=value words that start a command line (its environment)."""
    out = {}
    for word in shlex.split(line):
        m = re.fullmatch(r"([A-Z_]+)=(.*)", word)
        if not m:
            break
        out[m[1]] = m[2]
    return out


def _make_version() -> tuple[int, ...]:
    first = subprocess.run(["make", "--version"], capture_output=True, text=True).stdout
    return tuple(int(x) for x in re.search(r"(\d+)\.(\d+)", first).groups())


def _env(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


# --- what make would run (make -n) ------------------------------------------------------

@pytest.mark.parametrize("target", ["lab", "handouts"])
@pytest.mark.parametrize("user_lang", ["en_US.UTF-8", "zh_CN.UTF-8", None])
def test_lang_zh_gives_the_processes_a_real_locale(target, user_lang):
    """`make lab LANG=zh` / `make handouts LANG=zh`: VALUEKIT_LANG=zh, and LANG the user's
    own (GNU make up to 4.3 gives it back) or C.UTF-8 — never `zh`."""
    lines = _make_n(target, "LANG=zh", env=_env(LANG=user_lang, LC_ALL=None))
    (command,) = [ln for ln in lines if "jupyter lab" in ln or "valuekit export" in ln]
    env = _assignments(command)
    assert env["VALUEKIT_LANG"] == "zh", command
    expected = {user_lang or "C.UTF-8"}
    if _make_version() >= (4, 4):  # $(shell) sees the command line's LANG=zh: not the user's
        expected.add("C.UTF-8")
    assert env["LANG"] in expected, command


@pytest.mark.parametrize("args", [(), ("LANG=en_US.UTF-8",)])
def test_english_lab_and_handouts_set_no_language(args):
    for target in ("lab", "handouts"):
        (command,) = _make_n(target, *args)
        assert _assignments(command) == {}, command


# --- make lab, run for real ---------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Lab:
    def __init__(self, url: str, token: str, runtime: Path, process: subprocess.Popen):
        self.url, self.token, self.runtime, self.process = url, token, runtime, process

    def get(self, path: str) -> dict:
        request = urllib.request.Request(f"{self.url}{path}",
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.load(r)

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            f"{self.url}{path}", data=json.dumps(body).encode(), method="POST",
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as r:
            return json.load(r)

    def server_info(self) -> dict:
        """The server's own record of itself (jpserver-<pid>.json in its runtime folder)."""
        (info,) = [p for p in self.runtime.glob("jpserver-*.json")]
        return json.loads(info.read_text(encoding="utf-8"))


def _start(make_args: list[str], tmp_path: Path, env: dict[str, str]) -> _Lab:
    if subprocess.run(["make", "-q", ".venv/.valuekit-installed"], cwd=ROOT).returncode:
        pytest.fail(".venv is older than pyproject.toml/requirements.lock: run `make env`",
                    pytrace=False)
    port, token = _free_port(), secrets.token_hex(16)
    lab_args = (f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 "
                f"--ServerApp.token={token} --ServerApp.password=")
    runtime = tmp_path / "runtime"
    env = dict(env, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(runtime), JUPYTER_PLATFORM_DIRS="1")
    log = (tmp_path / "make-lab.log").open("wb")
    process = subprocess.Popen(["make", "lab", *make_args, f"LAB_ARGS={lab_args}"], cwd=ROOT,
                               env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)  # make and its JupyterLab: one group
    lab = _Lab(f"http://127.0.0.1:{port}", token, runtime, process)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((tmp_path / "make-lab.log").read_text(errors="replace"))
        try:
            lab.get("/api/status")
            return lab
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    _stop(lab)
    raise RuntimeError("make lab: no answer within 120 s\n"
                       + (tmp_path / "make-lab.log").read_text(errors="replace"))


def _stop(lab: _Lab) -> None:
    """Stop the make we started and the JupyterLab it runs (their own process group)."""
    if lab.process.poll() is None:
        os.killpg(lab.process.pid, signal.SIGTERM)
        try:
            lab.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.process.pid, signal.SIGKILL)
            lab.process.wait(timeout=10)


def _names(listing: dict) -> set[str]:
    return {item["name"] for item in listing["content"]}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh"])
def test_make_lab_serves_the_repository_and_opens_the_setup_check(language, tmp_path):
    zh = language == "zh"
    args = ["LANG=zh", f"LAB_ZH_SETTINGS={tmp_path / 'settings'}"] if zh else []
    folder = "zh/" if zh else ""
    lab = _start(args, tmp_path, _env(LC_ALL=None))
    try:
        assert Path(lab.server_info()["root_dir"]).resolve() == ROOT
        assert {"notebooks", "exercises", "solutions"} <= _names(lab.get("/api/contents/"))
        # the agenda's exercise slots: every exercise notebook, and the worked answers
        exercises = _names(lab.get(f"/api/contents/exercises/{folder}"))
        expected = {p.name for p in (ROOT / "exercises" / folder).glob("0*.ipynb")}
        assert expected and exercises >= expected
        assert "01_value_marketing.ipynb" in _names(lab.get(f"/api/contents/solutions/{folder}"))
        nb = lab.get(f"/api/contents/exercises/{folder}01_value_marketing.ipynb?content=0")
        assert nb["type"] == "notebook"
        # the page the browser would open: the setup check, relative to that root
        (page,) = lab.runtime.glob("jpserver-file-to-run-*-open.html")
        assert f"lab/tree/notebooks/{folder}00_setup_check.ipynb" in page.read_text()
    finally:
        _stop(lab)


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        children = _children(todo.pop())
        found += children
        todo += children
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="replace")
    except OSError:
        return ""


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_make_lab_lang_zh_kernels_get_a_real_locale(tmp_path):
    lab = _start(["LANG=zh", f"LAB_ZH_SETTINGS={tmp_path / 'settings'}"], tmp_path,
                 _env(LANG=None, LC_ALL=None))  # no LANG of the user's: C.UTF-8
    try:
        kernel = lab.post("/api/kernels", {})
        deadline = time.monotonic() + 60
        launched: list[int] = []
        while not launched and time.monotonic() < deadline:  # make -> (sh) -> jupyter -> it
            launched = [p for p in _descendants(lab.process.pid)
                        if kernel["id"] in _cmdline(p)]
            time.sleep(0.2)
        (pid,) = launched
        env = _environ(pid)
        assert env["VALUEKIT_LANG"] == "zh"
        assert env["LANG"] == "C.UTF-8"
        # the locale a kernel (or a terminal) sets from it exists
        done = subprocess.run([sys.executable, "-c",
                               "import locale; locale.setlocale(locale.LC_ALL, '')"],
                              env={"LANG": env["LANG"]}, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        bad = subprocess.run([sys.executable, "-c",
                              "import locale; locale.setlocale(locale.LC_ALL, '')"],
                             env={"LANG": "zh"}, capture_output=True, text=True)
        assert bad.returncode != 0  # what LANG=zh did: the check bites
    finally:
        _stop(lab)


# --- make handouts LANG=zh ------------------------------------------------------------------

@pytest.mark.slow
def test_make_handouts_lang_zh_prints_chinese(tmp_path):
    """The recipe's command (make -n), on the setup check only and into a temporary folder:
    its line is the Chinese one of the reports catalog."""
    lines = _make_n("handouts", "LANG=zh")
    (command,) = [ln for ln in lines if "valuekit export" in ln]
    command = command.replace("notebooks/zh/0*.ipynb", "notebooks/zh/00_setup_check.ipynb")
    command = command.replace("--out out/handouts/zh", f"--out {shlex.quote(str(tmp_path))}")
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True,
                          env=_env(LANG="zh"), timeout=600)  # make passes LANG=zh on
    assert done.returncode == 0, done.stderr
    assert "已写入" in done.stdout and "wrote" not in done.stdout, done.stdout
    assert (tmp_path / "00_setup_check.html").is_file()
