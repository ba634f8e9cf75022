"""The workshop hub under a room's load: N learners log in at once through the login form,
start their servers through the hub's API and run module 1's exercise notebook cell by cell
over the kernel websocket (tests/hub_room.py, the same driver as tests/test_hub.py).

    .venv/bin/python benchmarks/bench_hub.py --learners 10 20   # as root

First one learner alone on the hub (the baseline), then each room size on a fresh hub.
Reports: learners who completed, spawn time median/p95, cell latency median/p95 under load
against the learner alone, memory per learner (PSS of all the learner's processes: server and
kernel after module 1) and of the hub and proxy. Loopback only; root (learner accounts).
Results: benchmarks/hub.md. Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import subprocess
import sys
import tempfile
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


def run_room(n: int, prefix: str) -> dict:
    state = Path(tempfile.mkdtemp(prefix="bench-hub-")) / "state"
    hub = hub_room.Hub(state, prefix=prefix, mem_limit="1G")
    out: dict = {"learners": n}
    try:
        out["hub_start_s"] = hub.start()
        room = [hub_room.Learner(hub, f"learner {i:02d}") for i in range(n)]
        errors: list[str] = []

        def one(lr: hub_room.Learner):
            t0 = time.perf_counter()
            try:
                if lr.login().status_code != 302:
                    raise RuntimeError("login refused")
                lr.times["login"] = time.perf_counter() - t0
                lr.spawn()
                t1 = time.perf_counter()
                k = hub_room.run_module1(lr, wrong_first=True)
                lr.times["module1"] = time.perf_counter() - t1
                lr.times["cells"] = k.latencies
                return k
            except Exception as err:  # a failure is a result here, not a crash
                errors.append(f"{lr.typed}: {type(err).__name__}: {err}")
                return None

        t0 = time.perf_counter()
        with ThreadPoolExecutor(n) as pool:
            kernels = list(pool.map(one, room))
        out["wall_s"] = time.perf_counter() - t0
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
        mem = []
        for lr in done:
            uid = pwd.getpwnam(names.system_name(lr.name, prefix)).pw_uid
            mem.append(hub_room.rss_tree_mib(uid))
        out["learner_mib_median"], out["learner_mib_max"] = pct(mem, 0.5), max(mem or [0])
        out["hub_mib"] = proc_pss_mib(hub.pid())
        proxy = (state / "jupyterhub-proxy.pid").read_text().strip()
        out["proxy_mib"] = proc_pss_mib(int(proxy))
        out["load_avg_1m"] = os.getloadavg()[0]
        # Hub restart with the room running: seconds until a learner's kernel answers again
        # through a new websocket (the proxy is replaced; servers and kernels keep running).
        alive = [(lr, k) for lr, k in zip(room, kernels, strict=True) if k is not None]
        for _, k in alive:
            k.close()
        if alive:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="*", default=[10, 20])
    parser.add_argument("--out", default=str(HERE / "out" / "hub.json"))
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("bench_hub: needs root (learners are system accounts)", file=sys.stderr)
        return 2
    subprocess.run(["make", "hub-install"], cwd=HERE.parent, check=True, capture_output=True)
    results = {"alone": run_room(1, "vkb-")}
    for n in args.learners:
        results[str(n)] = run_room(n, "vkb-")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1))
    alone = results["alone"]
    print("| learners | completed | spawn median / p95 s | cell median / p95 s "
          "(x alone) | first cell s | module 1 s | MiB per learner (max) | hub / proxy MiB "
          "| load | hub restart s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key, r in results.items():
        ratio = r["cell_median_s"] / alone["cell_median_s"]
        print(f"| {key} | {r['completed']}/{r['learners']} | {r['spawn_median_s']:.1f} / "
              f"{r['spawn_p95_s']:.1f} | {r['cell_median_s']:.2f} / {r['cell_p95_s']:.2f} "
              f"({ratio:.1f}x) | {r['first_cell_median_s']:.1f} | {r['module1_median_s']:.1f} "
              f"| {r['learner_mib_median']:.0f} ({r['learner_mib_max']:.0f}) | "
              f"{r['hub_mib']:.0f} / {r['proxy_mib']:.0f} | {r['load_avg_1m']:.1f} | "
              f"{r.get('restart_outage_s', float('nan')):.1f} |")
        for e in r["errors"]:
            print(f"  {key}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
