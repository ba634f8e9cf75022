"""The workshop hub (issue 13): name rules, settings, class pulse, the learner's copy, and a
real JupyterHub on 127.0.0.1 with a small room (3 learners) driven through its HTTP API.

The room test needs root (learners are system accounts) and npm (the proxy); it installs
what it needs with `make hub-install`, as a trainer does. Loopback only.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from valuekit import pulse
from valuekit.hub import learner as hub_learner
from valuekit.hub import names
from valuekit.hub.settings import Settings, UnsafeSettings, from_env, is_loopback

sys.path.insert(0, str(Path(__file__).parent))
import hub_room  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------------------
# Names: what a learner types -> hub name -> system account


@pytest.mark.parametrize(("typed", "hub_name"), [
    ("jo.smith", "jo.smith"),
    ("Zoë", "zoë"),
    ("ZOË", "zoë"),
    ("Max Mustermann", "max-mustermann"),
    ("  Max   Mustermann ", "max-mustermann"),
    ("李雷", "李雷"),
    ("ｊｏ", "jo"),  # full-width letters, as typed with a Chinese input method
])
def test_names_are_normalised(typed, hub_name):
    assert names.check(names.normalize(typed)) == hub_name


@pytest.mark.parametrize(("typed", "reason"), [
    ("../x", "'/'"),
    ("<script>", "'<' '>'"),
    ("a;rm -rf", "';'"),
    (".hidden", "start your name with a letter"),
    ("", "type a name"),
    ("x" * 33, "at most 32"),
])
def test_hostile_or_odd_names_are_refused_with_the_reason(typed, reason):
    with pytest.raises(names.RefusedName, match=reason.replace("'", ".")):
        names.check(names.normalize(typed))


def test_system_accounts_are_prefixed_ascii_and_never_collide():
    # The security trap of a shared password: "root" must not become the root account.
    assert names.system_name("root") == "wk-root"
    assert names.system_name("max-mustermann") == "wk-max-mustermann"
    zoe, zoe_plain = names.system_name("zoë"), names.system_name("zoe")
    assert zoe.startswith("wk-zoe-") and zoe != zoe_plain == "wk-zoe"
    assert names.system_name("李雷").startswith("wk-u-")
    assert names.system_name("李雷") != names.system_name("韩梅梅")
    long = names.system_name("a" * 32)
    assert len(long) <= 32 and long != names.system_name("a" * 31)
    for n in ("jo.smith", "zoë", "李雷", "a" * 32):
        assert names.system_name(n, "vkt-").isascii()


# ---------------------------------------------------------------------------------------
# Settings: never a hub off loopback without a password


def test_public_interface_without_password_is_refused():
    for ip in ("0.0.0.0", "", "192.168.1.20", "::"):
        with pytest.raises(UnsafeSettings, match="no workshop password"):
            Settings(ip=ip).validate()
    with pytest.raises(UnsafeSettings, match="at least 8"):
        from_env({"VALUEKIT_HUB_IP": "0.0.0.0", "VALUEKIT_HUB_PASSWORD": "short"})
    with pytest.raises(UnsafeSettings, match="admin password"):
        from_env({"VALUEKIT_HUB_PASSWORD": "long-enough", "VALUEKIT_HUB_ADMINS": "trainer"})
    ok = from_env({"VALUEKIT_HUB_IP": "0.0.0.0", "VALUEKIT_HUB_PASSWORD": "long-enough"})
    assert ok.ip == "0.0.0.0" and ok.port == 8000
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")


def test_valuekit_hub_refuses_to_start_on_a_public_interface_without_password(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("VALUEKIT_HUB_")}
    run = subprocess.run(
        [str(Path(sys.executable).parent / "valuekit"), "hub", "--ip", "0.0.0.0",
         "--state", str(tmp_path / "state")],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 2
    assert "refusing to start a hub on 0.0.0.0" in run.stderr
    assert not (tmp_path / "state").exists()


# ---------------------------------------------------------------------------------------
# Class pulse: recorder (no-op outside the hub) and the room's totals


def test_pulse_is_a_no_op_outside_the_hub_and_never_raises(monkeypatch, tmp_path):
    from valuekit.exercises.m01_value import q1

    monkeypatch.delenv(pulse.ENV, raising=False)
    q1.check(1.0)
    assert pulse.mine() == []
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv(pulse.ENV, str(blocked / "sub" / "pulse.jsonl"))  # cannot be created
    assert q1.check(1.0).status == "incorrect"  # the check itself is untouched


def test_pulse_records_question_verdict_and_named_mistake(monkeypatch, tmp_path):
    from valuekit.exercises.m01_value import q1

    target = tmp_path / ".valuekit" / "pulse.jsonl"
    monkeypatch.setenv(pulse.ENV, str(target))
    monkeypatch.setenv("JUPYTERHUB_USER", "zoë")
    q1.check(...)
    q1.check(q1.expected / 100)  # a fraction for a percentage: a named mistake
    q1.check(3.0)
    q1.check("many")
    q1.check(q1.expected)
    got = pulse.mine()
    assert [r["status"] for r in got] == [
        "unanswered", "incorrect", "incorrect", "incorrect", "correct"]
    assert {r["question"] for r in got} == {"m01_value.q1"} and got[0]["user"] == "zoë"
    assert got[1]["mistake"].startswith("That looks like a fraction")
    assert got[2]["mistake"] == pulse.OTHER and got[3]["mistake"] == pulse.WRONG_KIND
    assert got[4]["correct"] and got[4]["mistake"] is None
    assert "many" not in target.read_text()  # the answer itself is never recorded
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_room_totals_by_hand():
    fraction = "fraction for a percentage"
    records = {
        "a": [{"time": 1, "question": "m.q1", "status": "incorrect", "correct": False,
               "mistake": fraction},
              {"time": 2, "question": "m.q1", "status": "correct", "correct": True}],
        "b": [{"time": 1, "question": "m.q1", "status": "incorrect", "correct": False,
               "mistake": fraction},
              {"time": 2, "question": "m.q1", "status": "incorrect", "correct": False,
               "mistake": fraction},  # the same learner twice counts once
              {"time": 3, "question": "m.q2", "status": "unanswered", "correct": False}],
        "c": [{"time": 1, "question": "m.q1", "status": "incorrect", "correct": False,
               "mistake": "other wrong answer"},
              {"time": 1, "question": "m.q2", "status": "correct", "correct": True}],
    }
    rows = {r["question"]: r for r in pulse.room(records)}
    assert rows["m.q1"] == {"question": "m.q1", "answered": 3, "right": 1,
                            "top_mistake": fraction, "top_mistake_learners": 2}
    assert rows["m.q2"]["answered"] == 1 and rows["m.q2"]["right"] == 1
    text = pulse.table(pulse.room(records), 3)
    assert "m.q1" in text and f"{fraction} (2)" in text


# ---------------------------------------------------------------------------------------
# The learner's own copy: made once, never overwritten


def test_seed_copies_once_and_never_overwrites(tmp_path):
    kit, home = tmp_path / "kit", tmp_path / "home"
    shutil.copytree(ROOT / "exercises", kit / "exercises")
    (kit / "notebooks").mkdir(parents=True)
    (kit / "notebooks" / "a.ipynb").write_text("{}")
    home.mkdir()
    first = hub_learner.seed(kit, home)
    mine = home / "workshop" / "exercises" / "01_value_marketing.ipynb"
    assert mine in first and (home / "workshop" / "README.md").exists()
    mine.write_text("my work")
    (home / "workshop" / "notebooks" / "a.ipynb").unlink()
    again = hub_learner.seed(kit, home)
    assert mine.read_text() == "my work"
    assert again == [home / "workshop" / "notebooks" / "a.ipynb"]  # deleted -> fresh copy


# ---------------------------------------------------------------------------------------
# Without JupyterHub installed: the kit and its hub module import; the hub says what to install

_NO_JUPYTERHUB = """
import sys
class NotInstalled:  # as if JupyterHub were not installed: every import of it fails
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "jupyterhub":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NotInstalled())
"""


def test_hub_modules_import_without_jupyterhub_and_say_what_to_install(tmp_path):
    code = _NO_JUPYTERHUB + (
        "import valuekit.cli, valuekit.hub, valuekit.hub.spawner as sp\n"
        "assert 'jupyterhub' not in sys.modules\n"
        "try:\n"
        "    sp.WorkshopSpawner\n"
        "except ImportError as err:\n"
        "    print('refused:', err)\n"
        "from valuekit.cli import main\n"
        f"sys.exit(main(['hub', '--state', {str(tmp_path / 'state')!r}]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("VALUEKIT_HUB_")}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 2, run.stderr  # `valuekit hub`: a usage error, not a traceback
    assert "refused: valuekit.hub.spawner.WorkshopSpawner: the workshop hub needs JupyterHub" \
        in run.stdout
    assert "needs JupyterHub" in run.stderr and "make hub-install" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "state").exists()


def test_spawner_names_resolve_to_jupyterhub_classes_when_installed():
    pytest.importorskip("jupyterhub")
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import LocalProcessSpawner
    from traitlets.utils.importstring import import_item

    from valuekit.hub import spawner

    # as JupyterHub resolves the names in hub/jupyterhub_config.py
    assert issubclass(import_item("valuekit.hub.spawner.WorkshopSpawner"), LocalProcessSpawner)
    assert issubclass(spawner.WorkshopAuthenticator, Authenticator)
    with pytest.raises(AttributeError):
        spawner.NoSuchClass  # noqa: B018


# ---------------------------------------------------------------------------------------
# The kit the hub serves: this checkout (valuekit._resources), or --kit for an installed kit


def test_kit_root_is_the_checkout_valuekit_runs_from():
    from valuekit import _resources
    from valuekit.hub import kit_root

    assert kit_root(environ={}) == _resources._checkout() == ROOT


def test_kit_root_of_an_installed_valuekit_needs_kit(monkeypatch, tmp_path):
    from valuekit import _resources
    from valuekit.hub import kit_root

    monkeypatch.setattr(_resources, "_checkout", lambda: None)  # as in an installed wheel
    with pytest.raises(ValueError, match="installed as a package.*--kit PATH"):
        kit_root(environ={})
    kit = tmp_path / "kit"
    for folder in ("notebooks", "exercises", "datasets", "hub"):
        (kit / folder).mkdir(parents=True)
    with pytest.raises(ValueError, match=r"not a checkout of the kit: no hub/jupyterhub_config"):
        kit_root(kit, environ={})
    (kit / "hub" / "jupyterhub_config.py").write_text("")
    assert kit_root(kit, environ={}) == kit
    assert kit_root(environ={"VALUEKIT_HUB_KIT": str(kit)}) == kit
    (kit / "exercises").rmdir()
    with pytest.raises(ValueError, match="no exercises"):
        kit_root(kit, environ={})


# ---------------------------------------------------------------------------------------
# Limits: what is written where, for cgroup v1 and v2 (fake layouts in a temporary folder:
# this machine mounts v1, so on v2 the kernel's enforcement itself is not tested here)


def test_limits_cgroup_v2_layout(monkeypatch, tmp_path):
    from valuekit.hub import limits

    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("")
    monkeypatch.setattr(limits, "ROOT", tmp_path)
    procs, how = limits.prepare("wk-jo", 1024**3, 0.5)
    group = tmp_path / "valuekit-hub" / "wk-jo"
    assert procs == [group / "cgroup.procs"] and how == f"cgroup v2 {group}"
    assert (tmp_path / "cgroup.subtree_control").read_text() == "+memory +cpu"
    assert (tmp_path / "valuekit-hub" / "cgroup.subtree_control").read_text() == "+memory +cpu"
    assert (group / "memory.max").read_text() == str(1024**3)
    assert (group / "cpu.max").read_text() == "50000 100000"  # half a core per period
    limits.join(procs, 0)
    assert (group / "cgroup.procs").read_text() == str(os.getpid())
    (group / "memory.current").write_text("123456\n")
    assert limits.memory_bytes("wk-jo") == 123456
    # only what was asked for: no memory limit -> no memory.max
    limits.prepare("wk-zoe", None, 1.0)
    assert not (tmp_path / "valuekit-hub" / "wk-zoe" / "memory.max").exists()
    assert (tmp_path / "valuekit-hub" / "wk-zoe" / "cpu.max").read_text() == "100000 100000"


def test_limits_cgroup_v1_layout(monkeypatch, tmp_path):
    from valuekit.hub import limits

    (tmp_path / "memory").mkdir()
    (tmp_path / "cpu").mkdir()
    monkeypatch.setattr(limits, "ROOT", tmp_path)
    procs, how = limits.prepare("wk-jo", 2 * 1024**3, 1.0)
    mem, cpu = tmp_path / "memory/valuekit-hub/wk-jo", tmp_path / "cpu/valuekit-hub/wk-jo"
    assert procs == [mem / "cgroup.procs", cpu / "cgroup.procs"]
    assert how == "cgroup v1 memory+cpu valuekit-hub/wk-jo"
    assert (mem / "memory.limit_in_bytes").read_text() == str(2 * 1024**3)
    assert (cpu / "cpu.cfs_quota_us").read_text() == "100000"
    assert (cpu / "cpu.cfs_period_us").read_text() == "100000"


def test_limits_without_cgroups_say_so(monkeypatch, tmp_path):
    from valuekit.hub import limits

    monkeypatch.setattr(limits, "ROOT", tmp_path / "none")
    assert limits.prepare("wk-jo", 1024**3, 1.0) == (
        [], "no cgroup file system; only the process limit applies")
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "cgroup.controllers").write_text("")
    (tmp_path / "ro" / "cgroup.subtree_control").mkdir()  # writing it fails: an OSError
    monkeypatch.setattr(limits, "ROOT", tmp_path / "ro")
    procs, how = limits.prepare("wk-jo", 1024**3, 1.0)
    assert procs == [] and how.startswith("no cgroup limits (")


# ---------------------------------------------------------------------------------------
# A real hub with a room of 3 learners (root, npm; installs with `make hub-install`)

LEARNERS = ["jo.smith", "Zoë", "李雷"]


def _room_skip_reason() -> str | None:
    if os.geteuid() != 0:
        return "the hub runs learners as system accounts: needs root"
    if not Path("/usr/sbin/useradd").exists():
        return "no /usr/sbin/useradd"
    if shutil.which("npm") is None:
        return "no npm (configurable-http-proxy comes from npm)"
    return None


@pytest.fixture(scope="module")
def installed():
    """What a trainer installs (`make hub-install`), or a skip saying what is missing."""
    reason = _room_skip_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    subprocess.run(["make", "hub-install"], cwd=ROOT, check=True, timeout=900,
                   capture_output=True)


@pytest.fixture(scope="module")
def room(installed, tmp_path_factory):
    hub = hub_room.Hub(tmp_path_factory.mktemp("hub") / "state")
    try:
        hub.start()
        learners = [hub_room.Learner(hub, typed) for typed in LEARNERS]
        with ThreadPoolExecutor(len(learners)) as pool:
            for r in pool.map(lambda lr: lr.login(), learners):
                assert r.status_code == 302, r.text[-500:]
            list(pool.map(lambda lr: lr.spawn(), learners))
            kernels = list(pool.map(
                lambda ix: hub_room.run_module1(ix[1], wrong_first=ix[0] % 2 == 0),
                enumerate(learners)))
        yield hub, learners, kernels
    finally:
        print(hub.tail(4000))
        hub.cleanup()


@pytest.mark.slow
def test_make_hub_starts_on_loopback_with_a_made_up_password(installed, tmp_path):
    """`make hub` as a trainer types it (on 127.0.0.1 and its own port and state here)."""
    port = hub_room.free_port_block()
    state = tmp_path / "state"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VALUEKIT_HUB_")}
    log = tmp_path / "make-hub.log"
    with open(log, "w") as f:  # a file, not a pipe: the proxy keeps it open after the hub
        proc = subprocess.Popen(
            ["make", "hub", f"HUB_ARGS=--port {port} --state {state}"], cwd=ROOT, env=env,
            stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if hub_room.requests.get(f"http://127.0.0.1:{port}/hub/api/",
                                         timeout=2).ok:
                    break
            except hub_room.requests.RequestException:
                time.sleep(0.5)
        else:
            pytest.fail("make hub did not come up")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        out = log.read_text()
        pid_file = state / "jupyterhub-proxy.pid"
        if pid_file.exists():  # the proxy outlives the hub on purpose (cleanup_proxy=False)
            os.kill(int(pid_file.read_text()), signal.SIGTERM)
    assert f"http://127.0.0.1:{port}/" in out
    assert "workshop password: " in out
    assert oct(state.stat().st_mode & 0o777) == "0o700"


@pytest.mark.slow
def test_room_every_learner_completes_module1_as_their_own_account(room):
    hub, learners, kernels = room
    assert [lr.name for lr in learners] == ["jo.smith", "zoë", "李雷"]
    for lr, k in zip(learners, kernels, strict=True):
        text, error = k.run("import os, pwd; print(pwd.getpwuid(os.getuid()).pw_name, "
                            "oct(os.stat(os.path.expanduser('~')).st_mode & 0o777))")
        assert error is None
        account = names.system_name(lr.name, hub.prefix)
        assert text.split() == [account, "0o700"]
        # the memory and CPU limits: the kernel sits in the learner's cgroup(s)
        if Path("/sys/fs/cgroup/memory/memory.limit_in_bytes").exists():
            text, error = k.run("print(open('/proc/self/cgroup').read())")
            assert f"valuekit-hub/{account}" in text, text
            limit = Path(f"/sys/fs/cgroup/memory/valuekit-hub/{account}/memory.limit_in_bytes")
            assert int(limit.read_text()) == 2 * 1024**3


@pytest.mark.slow
def test_room_class_pulse_shows_each_question(room):
    hub, learners, _ = room
    run = subprocess.run([str(Path(sys.executable).parent / "valuekit"), "hub", "pulse",
                          "--json"], capture_output=True, text=True, timeout=60, check=True)
    data = json.loads(run.stdout)
    rows = {r["question"]: r for r in data["questions"]}
    assert data["learners"] >= len(learners)
    q1 = rows["m01_value.q1"]
    assert q1["answered"] >= 3 and q1["right"] >= 3
    assert q1["top_mistake"].startswith("That looks like a fraction")
    assert q1["top_mistake_learners"] >= 2  # learners 0 and 2 slipped first
    assert {f"m01_value.q{i}" for i in range(1, 9)} <= set(rows)
    # the command docs/workshop_server.md shows, exactly as written
    shown = subprocess.run(".venv/bin/valuekit hub pulse", shell=True, cwd=ROOT,
                           capture_output=True, text=True, timeout=60, check=True).stdout
    assert "m01_value.q1" in shown and "That looks like a fraction" in shown
    # ... and a learner sees their own record
    text, error = room[2][1].run("!valuekit pulse")
    assert error is None and "m01_value.q8: right" in text


@pytest.mark.slow
def test_room_learners_cannot_read_each_other_or_the_hub(room):
    hub, learners, kernels = room
    other_home = f"/home/{names.system_name(learners[1].name, hub.prefix)}"
    probe = (
        "import os\n"
        "def tryread(p):\n"
        "    try:\n"
        "        open(p).read() if os.path.isfile(p) or not os.path.exists(p) "
        "else os.listdir(p)\n"
        "        return 'READ'\n"
        "    except (PermissionError, FileNotFoundError) as e:\n"
        "        return type(e).__name__\n"
        f"for p in [{other_home!r}, {other_home + '/.valuekit/pulse.jsonl'!r}, "
        f"{other_home + '/workshop/exercises/' + hub_room.MODULE1!r}, "
        f"{str(hub.state)!r}, {str(hub.state / 'jupyterhub_cookie_secret')!r}, '/root']:\n"
        "    print(p, tryread(p))\n"
        "print('secrets in env:', sorted(k for k in os.environ if k.startswith('VALUEKIT_HUB')"
        " or k == 'CONFIGPROXY_AUTH_TOKEN'))\n"
    )
    text, error = kernels[0].run(probe)
    assert error is None
    assert "READ" not in text, text
    assert text.count("PermissionError") >= 4, text
    assert "secrets in env: []" in text  # the workshop/admin passwords stay with the hub


@pytest.mark.slow
def test_room_hostile_names_are_refused_safely(room):
    hub, _, _ = room
    for typed in ("../x", "<script>alert(1)</script>"):
        r = hub_room.Learner(hub, typed).login()
        assert r.status_code == 403
        assert "<script>alert" not in r.text and "Names may use letters" in r.text
    assert hub.api("GET", "/users/..%2Fx").status_code == 404


@pytest.mark.slow
def test_room_trainer_is_admin_only_with_the_admin_password(room):
    hub, _, _ = room
    trainer = hub_room.Learner(hub, "Trainer", password=hub.admin_password)
    assert trainer.login().status_code == 302 and trainer.admin
    users = hub_room.requests.get(f"{hub.url}/hub/api/users", timeout=30,
                                  headers={"Authorization": f"token {trainer.token}"})
    assert users.ok and {"jo.smith", "zoë", "李雷"} <= {u["name"] for u in users.json()}
    assert hub_room.Learner(hub, "trainer").login().status_code == 403  # workshop password
    assert hub_room.Learner(hub, "someone", password=hub.admin_password).login(
    ).status_code == 403  # the admin password is for the admin names only


@pytest.mark.slow
def test_room_hub_restart_keeps_servers_kernels_and_work(room):
    hub, learners, kernels = room
    lr, k = learners[1], kernels[1]
    assert lr.api("PUT", "/contents/workshop/notes.txt",
                  json={"type": "file", "format": "text", "content": "my notes"}).ok
    k.run("before_restart = 42")
    k.close()
    hub.stop(signal.SIGTERM)
    assert hub.services_left() == []  # no idle culler outlives its hub
    hub.start()
    lr.spawn()  # already running: the hub finds the server again
    k.connect()
    text, error = k.run("print(before_restart)")
    assert error is None and text.strip() == "42"
    r = lr.api("GET", "/contents/workshop/notes.txt")
    assert r.ok and r.json()["content"] == "my notes"


@pytest.mark.slow
def test_room_killing_one_server_affects_only_that_learner(room):
    hub, learners, kernels = room
    victim, kv = learners[2], kernels[2]
    assert victim.api("PUT", "/contents/workshop/mine.txt",
                      json={"type": "file", "format": "text", "content": "keep me"}).ok
    uid = __import__("pwd").getpwnam(names.system_name(victim.name, hub.prefix)).pw_uid
    subprocess.run(["pkill", "-KILL", "-u", str(uid)], check=True)
    kv.close()
    for lr, k in zip(learners[:2], kernels[:2], strict=True):
        k.connect()
        text, error = k.run("print(1 + 1)")
        assert error is None and text.strip() == "2", lr.name
    # The learner (or the trainer, as admin) restarts the server: Stop, then Start.
    victim.stop_server()
    deadline = time.time() + 60
    while victim._hub("GET", "").json().get("servers") and time.time() < deadline:
        time.sleep(0.3)
    victim.spawn()
    r = victim.api("GET", "/contents/workshop/mine.txt")
    assert r.ok and r.json()["content"] == "keep me"
    k = victim.kernel()  # and the learner can carry on
    text, error = k.run("from valuekit import data; print(len(data.load()['accounts']) > 0)")
    k.close()
    assert error is None and text.strip() == "True"
