"""A simulated workshop room for the hub's test and benchmark: starts ``valuekit hub`` on
127.0.0.1, logs learners in through the hub's login form, starts their servers through the
hub's REST API and runs notebooks cell by cell over the Jupyter server's kernel websocket, as
JupyterLab does. Loopback only, always.

Modelled on JupyterHub's own tests (jupyterhub/tests/mocking.py, test_api.py: the REST API
with tokens, ``/hub/login`` with the ``_xsrf`` form field) and the Jupyter messaging protocol
(execute_request on the shell channel, results on iopub until the kernel reports idle).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # never anything else
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
MODULE1 = "01_value_marketing.ipynb"


def free_port_block(n: int = 3) -> int:
    """A port p with p..p+n-1 free on loopback (hub, hub API, proxy API)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind((HOST, 0))
            base = s.getsockname()[1]
        if base + n > 65000:
            continue
        ok = True
        for p in range(base, base + n):
            with socket.socket() as s:
                try:
                    s.bind((HOST, p))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError("no free ports")


class Hub:
    def __init__(self, state: Path, prefix: str = "vkt-", password: str = "workshop-pass-1",
                 hub_dir: str | None = None, mem_limit: str = "2G"):
        self.state = Path(state)
        self.prefix = prefix
        self.password = password
        self.port = free_port_block()
        self.token = uuid.uuid4().hex
        self.admin_password = uuid.uuid4().hex  # 32 characters, as the authenticator wants
        self.hub_dir = hub_dir or "/srv/valuekit-hub"
        self.mem_limit = mem_limit
        self.proc: subprocess.Popen | None = None
        self.log = self.state.parent / f"{self.state.name}-hub.log"
        self.url = f"http://{HOST}:{self.port}"

    # -- the hub process ---------------------------------------------------------------
    def start(self, timeout: float = 90) -> float:
        env = dict(os.environ, VALUEKIT_HUB_PASSWORD=self.password,
                   VALUEKIT_HUB_SERVICE_TOKEN=self.token, VALUEKIT_HUB_ADMINS="trainer",
                   VALUEKIT_HUB_ADMIN_PASSWORD=self.admin_password)
        cmd = [str(BIN / "valuekit"), "hub", "--ip", HOST, "--port", str(self.port),
               "--hub-dir", self.hub_dir, "--state", str(self.state),
               "--user-prefix", self.prefix, "--mem-limit", self.mem_limit]
        t0 = time.perf_counter()
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         cwd=ROOT, start_new_session=True)
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited ({self.proc.returncode}): {self.tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return time.perf_counter() - t0
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"hub not up after {timeout}s: {self.tail()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # A hub killed before it stopped its services leaves the idle culler running (it
        # ignores the SIGINT JupyterHub stops services with first): end it, as the hub would.
        for pid in self.services_left():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def services_left(self) -> list[int]:
        """The hub's idle-culler processes still running (they run in the state folder)."""
        found = []
        for d in Path("/proc").iterdir():
            if not d.name.isdigit():
                continue
            try:
                if (Path(os.readlink(d / "cwd")) == self.state.resolve()
                        and b"jupyterhub_idle_culler" in (d / "cmdline").read_bytes()):
                    found.append(int(d.name))
            except OSError:
                continue
        return found

    def tail(self, n: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def pid(self) -> int:
        return self.proc.pid

    def api(self, method: str, path: str, **kw) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers,
                                timeout=kw.pop("timeout", 30), **kw)

    # -- cleanup: servers, proxy, accounts, cgroups --------------------------------------
    def cleanup(self) -> None:
        accounts = [p for p in pwd.getpwall()
                    if p.pw_name.startswith(self.prefix) and p.pw_gecos == "valuekit-hub learner"]
        for p in accounts:  # every process of a test account: servers, kernels
            subprocess.run(["pkill", "-KILL", "-u", str(p.pw_uid)], check=False)
        self.stop()
        pid_file = self.state / "jupyterhub-proxy.pid"
        if pid_file.exists():
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        time.sleep(0.5)
        for p in accounts:
            subprocess.run(["/usr/sbin/userdel", "-r", p.pw_name], check=False,
                           capture_output=True)
            for base in ("/sys/fs/cgroup/valuekit-hub", "/sys/fs/cgroup/memory/valuekit-hub",
                         "/sys/fs/cgroup/cpu/valuekit-hub"):
                with contextlib.suppress(OSError):
                    os.rmdir(f"{base}/{p.pw_name}")


class Learner:
    """One simulated learner: a browser-like session for the login, then a token."""

    def __init__(self, hub: Hub, typed: str, password: str | None = None):
        self.hub = hub
        self.typed = typed
        self.password = hub.password if password is None else password
        self.name = ""
        self.token = ""
        self.session = requests.Session()
        self.times: dict[str, float] = {}

    def login(self) -> requests.Response:
        s, url = self.session, self.hub.url
        s.get(f"{url}/hub/login", timeout=30)
        xsrf = s.cookies.get("_xsrf", path="/hub/")
        r = s.post(f"{url}/hub/login?next=", data={
            "username": self.typed, "password": self.password, "_xsrf": xsrf,
        }, allow_redirects=False, timeout=60)
        if r.status_code != 302:
            return r
        xsrf = s.cookies.get("_xsrf", path="/hub/")  # a new one, bound to the user
        me = s.get(f"{url}/hub/api/user", headers={"X-XSRFToken": xsrf}, timeout=30)
        me.raise_for_status()
        self.name = me.json()["name"]
        self.admin = me.json()["admin"]
        t = s.post(f"{url}/hub/api/users/{quote(self.name, safe='')}/tokens",
                   headers={"X-XSRFToken": xsrf}, json={"note": "room test", "expires_in": 7200},
                   timeout=30)
        t.raise_for_status()
        self.token = t.json()["token"]
        return r

    def _hub(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(
            method, f"{self.hub.url}/hub/api/users/{quote(self.name, safe='')}{path}",
            headers={"Authorization": f"token {self.token}"}, timeout=kw.pop("timeout", 60),
            **kw)

    def spawn(self, timeout: float = 900) -> float:
        t0 = time.perf_counter()
        r = self._hub("POST", "/server")
        while r.status_code == 429 and time.perf_counter() - t0 < timeout:
            time.sleep(float(r.headers.get("Retry-After", 5)))  # as the spawn page retries
            r = self._hub("POST", "/server")
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"spawn {self.name}: {r.status_code} {r.text}")
        while time.perf_counter() - t0 < timeout:
            info = self._hub("GET", "").json()
            server = info.get("servers", {}).get("")
            if server and server.get("ready"):
                self.times["spawn"] = time.perf_counter() - t0
                return self.times["spawn"]
            if server is None and r.status_code in (201, 202) and \
                    time.perf_counter() - t0 > 5 and not info.get("pending"):
                raise RuntimeError(f"server of {self.name} failed to start (see the hub log)")
            time.sleep(0.5)
        raise RuntimeError(f"server of {self.name} not ready after {timeout}s")

    def stop_server(self) -> None:
        self._hub("DELETE", "/server")

    @property
    def base(self) -> str:
        return f"{self.hub.url}/user/{quote(self.name, safe='')}"

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.base}/api{path}",
                                headers={"Authorization": f"token {self.token}"},
                                timeout=kw.pop("timeout", 60), **kw)

    def kernel(self) -> Kernel:
        r = self.api("POST", "/kernels", json={"name": "python3"})
        r.raise_for_status()
        return Kernel(self, r.json()["id"])


class Kernel:
    """A kernel of a learner's server, driven over its websocket as JupyterLab does."""

    def __init__(self, learner: Learner, kernel_id: str):
        self.learner = learner
        self.id = kernel_id
        self.ws = None
        self.latencies: list[float] = []

    def connect(self, timeout: float = 60) -> None:
        url = self.learner.base.replace("http://", "ws://") + f"/api/kernels/{self.id}/channels"
        t0 = time.perf_counter()
        while True:
            try:
                self.ws = websocket.create_connection(
                    url, header=[f"Authorization: token {self.learner.token}"], timeout=timeout)
                return
            except (OSError, websocket.WebSocketException):
                if time.perf_counter() - t0 > timeout:
                    raise
                time.sleep(0.5)

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    def run(self, code: str, timeout: float = 180) -> tuple[str, str | None]:
        """Execute one cell; return (text shown, error or None)."""
        if self.ws is None:
            self.connect()
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.learner.name, "session": self.id,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        t0 = time.perf_counter()
        texts, error, idle, replied = [], None, False, False
        while not (idle and replied):
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError(f"cell did not finish in {timeout}s: {code[:80]!r}")
            try:
                msg = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                continue  # a long cell on a loaded machine: keep waiting up to `timeout`
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                texts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                texts.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
                if content.get("status") == "error" and error is None:
                    error = f"{content.get('ename')}: {content.get('evalue')}"
        self.latencies.append(time.perf_counter() - t0)
        return "".join(texts), error


def module1_cells(learner: Learner, wrong_first: bool) -> list[str]:
    """Module 1's exercise notebook as the learner has it (their own copy, read through the
    server's contents API), with each answer cell filled from the solution; with
    ``wrong_first`` the learner first answers q1 with a fraction instead of a percentage (a
    named mistake the class pulse should show)."""
    r = learner.api("GET", f"/contents/workshop/exercises/{MODULE1}")
    r.raise_for_status()
    cells = [c for c in r.json()["content"]["cells"] if c["cell_type"] == "code"]
    solution = json.loads((ROOT / "solutions" / MODULE1).read_text(encoding="utf-8"))
    answers = {}
    for c in solution["cells"]:
        src = "".join(c["source"])
        if SOLUTION_BEGIN in src:
            lines = [ln for ln in src.splitlines()
                     if ln.strip() not in (SOLUTION_BEGIN, SOLUTION_END)]
            answers[lines[-1].strip()] = "\n".join(lines)
    out = []
    for c in cells:
        src = c["source"] if isinstance(c["source"], str) else "".join(c["source"])
        if "# your answer here" in src:
            key = src.strip().splitlines()[-1].strip()
            if key not in answers:
                raise KeyError(f"no solution for the exercise cell ending {key!r}")
            if wrong_first and key == "q1.check(answer)":
                out.append("q1.check(vv.top_share(customers['revenue'], top_pct=0.1))")
            out.append(answers[key])
        else:
            out.append(src)
    return out


def run_module1(learner: Learner, wrong_first: bool = False,
                deadline: float | None = None) -> Kernel:
    """Run the learner's module 1 exercise notebook in a new kernel; raise on a cell error,
    or (with ``deadline``, a ``time.perf_counter()`` value) when a cell would start after it
    or run past it."""
    kernel = learner.kernel()
    kernel.connect()
    for code in module1_cells(learner, wrong_first):
        left = 180.0 if deadline is None else min(180.0, deadline - time.perf_counter())
        if left <= 0:
            raise TimeoutError(f"{learner.name}: module 1 not finished by the deadline")
        _, error = kernel.run(code, timeout=left)
        if error:
            raise AssertionError(f"{learner.name}: {error} in cell {code[:120]!r}")
    text, error = kernel.run("from valuekit.exercises import all_correct\n"
                             "print(all_correct('m01_value'))")
    if error or "True" not in text:
        raise AssertionError(f"{learner.name}: module 1 not all correct: {text} {error}")
    return kernel


def rss_tree_mib(uid: int) -> float:
    """Resident memory (PSS where readable) of every process of one account, in MiB."""
    total = 0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if d.stat().st_uid != uid:
                continue
            total += _pss_kib(d)
        except OSError:
            continue
    return total / 1024


def _pss_kib(proc_dir: Path) -> int:
    try:
        for line in (proc_dir / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    for line in (proc_dir / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pids_of(pattern: str) -> list[int]:
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]
