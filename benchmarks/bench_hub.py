"""The workshop hub under a room's load: N learners log in at once through the login form,
start their servers through the hub's API and run module 1's exercise notebook cell by cell
over the kernel websocket (tests/hub_room.py, the same driver as tests/test_hub.py).

    .venv/bin/python benchmarks/bench_hub.py --learners 20 --cpu-shares 65536   # as root

First one learner alone on the hub (the baseline), then each room size on a fresh hub.
Reports: learners who completed, spawn time median/p95, cell latency median/p95 under load
against the learner alone, memory per learner (PSS of all the learner's processes: server and
kernel after module 1) and of the hub and proxy; and what the machine ran out of: CPU busy
share and CPU pressure (PSI "some": the share of time a runnable task waited for a core),
memory available at its lowest and memory pressure, CPU-seconds per learner.

A room **holds** when every learner logs in, starts and completes module 1's checks within
``--room-timeout`` with spawn p95 <= ``--spawn-p95`` and cell latency p95 <= ``--cell-p95``
(defaults 420 s, 120 s and 10 s: see benchmarks/hub.md). ``--arrival S`` spreads the logins
evenly over S seconds (default 0: everybody at the same second, the worst case).
``--cpu-shares`` gives the run the cores on a machine shared with other sessions (see
:func:`claim_cpu`). Loopback only; root (learner accounts). Results: benchmarks/hub.md.
Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
import hub_room  # noqa: E402

from valuekit.hub import names  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


def proc_pss_mib(pid: int) -> float:
    return hub_room._pss_kib(Path(f"/proc/{pid}")) / 1024


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / TICK


def cpu_seconds(uid: int) -> float:
    """CPU-seconds (user + system, with reaped children) of every live process of one
    account: the learner's server and kernel."""
    total = 0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if d.stat().st_uid != uid:
                continue
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / TICK


def _psi_total_us(resource_name: str) -> int | None:
    """Cumulative microseconds some task waited for the resource (/proc/pressure), or None."""
    try:
        line = Path(f"/proc/pressure/{resource_name}").read_text().splitlines()[0]
    except OSError:
        return None
    return int(line.split("total=")[1])


def _cpu_ticks() -> list[int]:
    return [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]


def _mem_available_mib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Machine:
    """What the machine ran out of during a room: CPU busy share (and the share taken by
    niced processes, i.e. other people's tests), CPU and memory pressure, lowest memory
    available. Sampled once a second in a thread."""

    def __init__(self):
        self._stop = threading.Event()
        self.min_available_mib = _mem_available_mib()
        self._t0 = time.perf_counter()
        self._ticks0 = _cpu_ticks()
        self._psi0 = {r: _psi_total_us(r) for r in ("cpu", "memory")}
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        while not self._stop.wait(1.0):
            self.min_available_mib = min(self.min_available_mib, _mem_available_mib())

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        wall = time.perf_counter() - self._t0
        d = [b - a for a, b in zip(self._ticks0, _cpu_ticks(), strict=True)]
        user, nice, system, idle, iowait, irq, softirq, steal = d
        total = sum(d) or 1
        out = {
            "cpu_busy_pct": 100 * (total - idle - iowait) / total,
            "cpu_niced_pct": 100 * nice / total,
            "mem_available_min_mib": self.min_available_mib,
            "mem_total_mib": os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**20,
        }
        for r, before in self._psi0.items():
            after = _psi_total_us(r)
            if before is not None and after is not None:
                out[f"{r}_pressure_pct"] = 100 * (after - before) / 1e6 / wall
        return out


def run_room(n: int, prefix: str, arrival: float = 0.0, room_timeout: float = 420.0,
             restart: bool = True) -> dict:
    state = Path(tempfile.mkdtemp(prefix="bench-hub-")) / "state"
    hub = hub_room.Hub(state, prefix=prefix, mem_limit="1G")
    out: dict = {"learners": n}
    try:
        out["hub_start_s"] = hub.start()
        room = [hub_room.Learner(hub, f"learner {i:02d}") for i in range(n)]
        errors: list[str] = []

        def one(ix: tuple[int, hub_room.Learner]):
            i, lr = ix
            time.sleep(arrival * i / n)  # learners arriving over `arrival` seconds
            t0 = time.perf_counter()
            try:
                if lr.login().status_code != 302:
                    raise RuntimeError("login refused")
                lr.times["login"] = time.perf_counter() - t0
                lr.spawn(timeout=max(1.0, deadline - time.perf_counter()))
                t1 = time.perf_counter()
                k = hub_room.run_module1(lr, wrong_first=True, deadline=deadline)
                lr.times["module1"] = time.perf_counter() - t1
                lr.times["cells"] = k.latencies
                return k
            except Exception as err:  # a failure is a result here, not a crash
                errors.append(f"{lr.typed}: {type(err).__name__}: {err}")
                return None

        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        machine = Machine()
        t0 = time.perf_counter()
        deadline = t0 + room_timeout
        with ThreadPoolExecutor(n) as pool:
            kernels = list(pool.map(one, enumerate(room)))
        out["wall_s"] = time.perf_counter() - t0
        out.update(machine.stop())
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        out["driver_cpu_s"] = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        out["arrival_s"] = arrival
        done = [lr for lr, k in zip(room, kernels, strict=True) if k is not None]
        out["completed"] = len(done)
        out["errors"] = errors
        spawns = [lr.times["spawn"] for lr in room if "spawn" in lr.times]
        cells = [c for lr in done for c in lr.times["cells"]]
        out["spawn_median_s"], out["spawn_p95_s"] = pct(spawns, 0.5), pct(spawns, 0.95)
        out["login_median_s"] = pct([lr.times["login"] for lr in room if "login" in lr.times],
                                    0.5)
        out["cell_median_s"], out["cell_p95_s"] = pct(cells, 0.5), pct(cells, 0.95)
        out["first_cell_median_s"] = pct([lr.times["cells"][0] for lr in done], 0.5)
        out["module1_median_s"] = pct([lr.times["module1"] for lr in done], 0.5)
        mem, cpu = [], []
        for lr in done:
            uid = pwd.getpwnam(names.system_name(lr.name, prefix)).pw_uid
            mem.append(hub_room.rss_tree_mib(uid))
            cpu.append(cpu_seconds(uid))
        out["learner_mib_median"], out["learner_mib_max"] = pct(mem, 0.5), max(mem or [0])
        out["learner_cpu_s_median"] = pct(cpu, 0.5)
        out["hub_mib"] = proc_pss_mib(hub.pid())
        out["hub_cpu_s"] = cpu_seconds_of(hub.pid())
        proxy = (state / "jupyterhub-proxy.pid").read_text().strip()
        out["proxy_mib"] = proc_pss_mib(int(proxy))
        out["load_avg_1m"] = os.getloadavg()[0]
        # Hub restart with the room running: seconds until a learner's kernel answers again
        # through a new websocket (the proxy is replaced; servers and kernels keep running).
        alive = [(lr, k) for lr, k in zip(room, kernels, strict=True) if k is not None]
        for _, k in alive:
            k.close()
        if alive and restart:
            lr, k = alive[0]
            t0 = time.perf_counter()
            hub.stop()
            hub.start()
            k.connect()
            text, error = k.run("print(6 * 7)")
            out["restart_outage_s"] = time.perf_counter() - t0
            out["restart_kernel_kept"] = error is None and text.strip() == "42"
    finally:
        hub.cleanup()
    return out


CPU_V1 = Path("/sys/fs/cgroup/cpu")


def claim_cpu(shares: int) -> list[tuple[Path, str]]:
    """Give this benchmark (driver, hub, proxy: the cgroup ``valuekit-bench``) and the
    learners (the hub's cgroup ``valuekit-hub``) ``shares`` CPU shares each (cgroup v1).

    Why: this machine schedules by autogroup (``kernel.sched_autogroup_enabled=1``), so the
    other engineers' tests, run with ``nice -n 19``, still weigh as much as this benchmark
    (nice only counts inside one session); by default the room got what seven busy sessions
    left over. Returns what to restore."""
    restore = []
    if not (CPU_V1 / "cpu.shares").exists():
        print("bench_hub: no cgroup v1 cpu controller; --cpu-shares ignored", file=sys.stderr)
        return restore
    for name in ("valuekit-hub", "valuekit-bench"):
        group = CPU_V1 / name
        group.mkdir(exist_ok=True)
        restore.append((group / "cpu.shares", (group / "cpu.shares").read_text().strip()))
        (group / "cpu.shares").write_text(str(shares))
    (CPU_V1 / "valuekit-bench" / "cgroup.procs").write_text(str(os.getpid()))
    return restore


def release_cpu(restore: list[tuple[Path, str]]) -> None:
    if not restore:
        return
    (CPU_V1 / "cgroup.procs").write_text(str(os.getpid()))
    for path, value in restore:
        path.write_text(value)
    with contextlib.suppress(OSError):  # not empty: a leftover child, leave it
        (CPU_V1 / "valuekit-bench").rmdir()


def holds(r: dict, spawn_p95: float, cell_p95: float) -> bool:
    """The definition of a room this machine holds (stated before measuring, see the module
    docstring): everybody completed module 1 within the room's time, spawn and cell p95
    within their limits."""
    return (r["completed"] == r["learners"] and r["spawn_p95_s"] <= spawn_p95
            and r["cell_p95_s"] <= cell_p95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="*", default=[10, 20])
    parser.add_argument("--arrival", type=float, default=0.0,
                        help="spread the logins over this many seconds (default 0: at once)")
    parser.add_argument("--room-timeout", type=float, default=420.0,
                        help="seconds a learner has to log in, start and finish module 1")
    parser.add_argument("--spawn-p95", type=float, default=120.0, help="holds: spawn p95 limit")
    parser.add_argument("--cell-p95", type=float, default=10.0, help="holds: cell p95 limit")
    parser.add_argument("--no-restart", action="store_true",
                        help="skip the hub-restart step (shorter runs when searching N)")
    parser.add_argument("--cpu-shares", type=int, default=0,
                        help="cgroup v1 cpu.shares for the benchmark and the learners "
                        "(default: leave; 1024 is one session's weight)")
    parser.add_argument("--out", default=None,
                        help="JSON results (default benchmarks/out/hub-<N...>-<time>.json)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("bench_hub: needs root (learners are system accounts)", file=sys.stderr)
        return 2
    subprocess.run(["make", "hub-install"], cwd=HERE.parent, check=True, capture_output=True)
    results: dict = {"uptime_before": uptime(), "date": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                       time.gmtime()),
                     "cpu_shares": args.cpu_shares}
    restore = claim_cpu(args.cpu_shares) if args.cpu_shares else []
    try:
        rooms = {"alone": run_room(1, "vkb-", restart=not args.no_restart)}
        for n in args.learners:
            rooms[str(n)] = run_room(n, "vkb-", arrival=args.arrival,
                                     room_timeout=args.room_timeout,
                                     restart=not args.no_restart)
            rooms[str(n)]["holds"] = holds(rooms[str(n)], args.spawn_p95, args.cell_p95)
    finally:
        release_cpu(restore)
    results["uptime_after"] = uptime()
    results["criteria"] = {"room_timeout_s": args.room_timeout, "spawn_p95_s": args.spawn_p95,
                           "cell_p95_s": args.cell_p95, "arrival_s": args.arrival}
    results["rooms"] = rooms
    out = Path(args.out or HERE / "out" / (
        "hub-" + "-".join(map(str, args.learners)) + time.strftime("-%H%M", time.gmtime())
        + ".json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"uptime before: {results['uptime_before']}")
    print(f"uptime after:  {results['uptime_after']}")
    print(f"cpu shares {args.cpu_shares or 'unchanged'}; arrival over {args.arrival:g} s; "
          f"holds = all complete within "
          f"{args.room_timeout:g} s, spawn p95 <= {args.spawn_p95:g} s, "
          f"cell p95 <= {args.cell_p95:g} s; results in {out}")
    alone = rooms["alone"]
    print("| learners | completed | holds | spawn median / p95 s | cell median / p95 s "
          "(x alone) | first cell s | module 1 s | MiB per learner (max) | CPU-s per learner "
          "| hub / proxy MiB | CPU busy % (niced) | CPU / mem pressure % | min MiB available "
          "| load | hub restart s |")
    print("| ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: | ---: | ---: | ---: |")
    for key, r in rooms.items():
        ratio = r["cell_median_s"] / alone["cell_median_s"]
        verdict = {True: "yes", False: "**no**"}.get(r.get("holds"), "-")
        print(f"| {key} | {r['completed']}/{r['learners']} | {verdict} | "
              f"{r['spawn_median_s']:.1f} / {r['spawn_p95_s']:.1f} | "
              f"{r['cell_median_s']:.2f} / {r['cell_p95_s']:.2f} ({ratio:.1f}x) | "
              f"{r['first_cell_median_s']:.1f} | {r['module1_median_s']:.1f} | "
              f"{r['learner_mib_median']:.0f} ({r['learner_mib_max']:.0f}) | "
              f"{r['learner_cpu_s_median']:.1f} | {r['hub_mib']:.0f} / {r['proxy_mib']:.0f} | "
              f"{r['cpu_busy_pct']:.0f} ({r['cpu_niced_pct']:.0f}) | "
              f"{r.get('cpu_pressure_pct', float('nan')):.0f} / "
              f"{r.get('memory_pressure_pct', float('nan')):.0f} | "
              f"{r['mem_available_min_mib']:.0f} | {r['load_avg_1m']:.1f} | "
              f"{r.get('restart_outage_s', float('nan')):.1f} |")
        for e in r["errors"][:5]:
            print(f"  {key}: {e}")
        if len(r["errors"]) > 5:
            print(f"  {key}: ... {len(r['errors']) - 5} more")
    return 0


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
