"""`valuekit report --scheduler local` (Dask) against the in-process runner, same 2 cores.

    .venv/bin/python benchmarks/bench_reports_dask.py                      # 12 teams, 2 rounds
    .venv/bin/python benchmarks/bench_reports_dask.py --sizes 12 48 --rounds 1
    .venv/bin/python benchmarks/bench_reports_dask.py --configs in-process dask --rounds 3
    .venv/bin/python benchmarks/bench_reports_dask.py --sizes 12 48 --rounds 1 --no-parts \
        --configs in-process dask dask-trim --profile

Measures, through :func:`valuekit.reports.run_reports` (what the CLI calls), each
configuration in turn and the rounds interleaved, so that a change of the machine's load
hits every side alike. ``--sizes``: batch sizes, the first N teams of one data set (of
``--data-teams``, default the largest size: the sample for 12, otherwise made as
benchmarks/bench_reports.py makes its 100 teams, each team about as big as a sample
team), so that every size runs on the same data. Configurations (``--configs``):

- ``in-process``: the default runner, 2 jobs (2 threads, each driving its own kernel);
- ``dask``: ``--scheduler local`` as shipped: a LocalCluster of 2 single-threaded worker
  processes, profiler off, heartbeats every 5 s, papermill and nbconvert preloaded by the
  worker plugin (dask_backend.LOCAL_CONFIG, LOCAL_WORKER_OPTIONS, _preload);
- ``dask-defaults``: the same LocalCluster with Dask's defaults (profiler on, 1 s
  heartbeats) and nothing preloaded: what the reducers above save;
- ``dask-threads``: the LocalCluster's 2 workers as threads of the client
  (dask_backend.LOCAL_PROCESSES = False): no worker process to start, no data to ship
  between processes; the kernels are still separate processes;
- ``dask-trim``: ``dask`` with the ``MALLOC_TRIM_THRESHOLD_=65536`` Dask's nannies put
  into the workers' environment (and so into their kernels'), as shipped until the
  per-process profile showed its cost;
- ``dask-1``: a LocalCluster of 1 worker (reports per second against workers).

``--profile``: where the CPU goes, per process and thread (:class:`TreeCPU`, sampled from
/proc every 0.5 s): the client (with ``local``, also the scheduler and the nannies), the
Dask worker processes, the kernels; with two sizes, the slope (CPU seconds per report) of
each. An untimed one-team in-process batch runs first, so that this process's own imports
are not charged to the first measured batch.

Printed: the wall time of every batch (cluster start and stop included), each Dask
configuration's ratio to the in-process runner in the same round, and, when two sizes are
given, each configuration's fixed cost and per-report cost (the straight line through its
best wall time at each size) and the batch size from which the Dask overhead is under 15 %.
Then the fixed parts measured on their own: one kernel's start with the kit imported (both
runners pay it once per thread or worker), the LocalCluster's start, shipping the tables
to the workers (the plugin), and the client's index records for large batches
(runner.IndexRecorder; the total for 5,000 reports is a projection from one measured
record). The load average (1 min) is printed next to every figure: the machine is shared.
Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pickle
import re
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from valuekit import team_report  # noqa: E402
from valuekit.reports import dask_backend, runner  # noqa: E402

SHIPPED = (dict(dask_backend.LOCAL_CONFIG), dict(dask_backend.LOCAL_WORKER_OPTIONS),
           dask_backend._preload)


def load() -> float:
    return os.getloadavg()[0]


def configure(label: str) -> dict:
    """Set the Dask back end's module settings for ``label``; the run_reports options."""
    config, options, preload = SHIPPED
    dask_backend.LOCAL_CONFIG = dict(config)
    dask_backend.LOCAL_WORKER_OPTIONS = dict(options)
    dask_backend._preload = preload
    dask_backend.LOCAL_PROCESSES = True
    if label == "in-process":
        return {"jobs": 2}
    if label == "dask-defaults":
        dask_backend.LOCAL_CONFIG, dask_backend.LOCAL_WORKER_OPTIONS = {}, {}
        dask_backend._preload = lambda: None
    if label == "dask-trim":  # as shipped before 2026-12-07 (per process): the nannies
        # give the workers, and so their kernels, Dask's MALLOC_TRIM_THRESHOLD_=65536
        dask_backend.LOCAL_CONFIG.pop(
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_", None)
    if label == "dask-threads":
        dask_backend.LOCAL_PROCESSES = False
    return {"jobs": 1 if label == "dask-1" else 2, "scheduler": "local"}


def cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (kernels, worker processes:
    each is reaped by its parent when the batch ends)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def batch(out: Path, data: Path | None, teams: list[str], label: str,
          tree: TreeCPU | None = None) -> tuple[float, float, float]:
    """Wall seconds of one batch, the load average, and the CPU seconds it used
    (``tree``: also sampled per process and thread, see :class:`TreeCPU`)."""
    kwargs = configure(label)
    before = load()
    cpu = cpu_seconds()
    if tree is not None:
        tree.start()
    start = time.perf_counter()
    try:
        result = runner.run_reports(teams, out, progress=False, data_dir=data, **kwargs)
    finally:
        wall = time.perf_counter() - start
        if tree is not None:
            tree.stop()
    assert not result.failed, result.failed
    return wall, max(before, load()), cpu_seconds() - cpu


_TICK = os.sysconf("SC_CLK_TCK")


def _thread_seconds(pid: int) -> dict[int, tuple[str, float, float]]:
    """Each thread of ``pid``: its name (/proc comm), user and system CPU seconds."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                comm = f.read().strip()
        except (OSError, IndexError):
            continue
        out[int(tid)] = (comm, int(fields[11]) / _TICK, int(fields[12]) / _TICK)
    return out


class TreeCPU:
    """CPU seconds of one batch per process role and per thread, sampled every
    ``interval`` s from /proc: this process (the client; with ``--scheduler local`` also the
    scheduler and the nannies, which LocalCluster runs on its event-loop thread here), the
    Dask worker processes (multiprocessing ``spawn_main``), the kernels
    (``ipykernel_launcher``), anything else. A thread's last sample counts, so a process
    that ends loses at most ``interval`` s (the total is checked against getrusage).
    Threads are named by their Python name in this process (digits dropped), ``main``
    (a process's first thread) or their /proc comm elsewhere (libzmq names its I/O threads
    ``ZMQbg/...``). The sampler's own thread is reported apart (``sampler``)."""

    def __init__(self, interval: float = 0.5):
        self.interval = interval
        self.totals: dict[tuple[str, str], float] = {}

    def _role(self, proc) -> str:
        if proc.pid == os.getpid():
            return "client"
        try:
            cmd = " ".join(proc.cmdline())
        except Exception:
            return "other"
        if "ipykernel_launcher" in cmd:
            # what the kernels inherit, to check it
            with contextlib.suppress(OSError), open(f"/proc/{proc.pid}/environ", "rb") as f:
                self.trim.add(b"MALLOC_TRIM_THRESHOLD_=" in f.read())
            return "kernel"
        if "spawn_main" in cmd:
            return "dask worker"
        return "other"

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        names = {t.native_id: t.name for t in threading.enumerate()}
        for proc in [me, *me.children(recursive=True)]:
            role = self._role(proc)
            if role != "client":
                self.roles.setdefault(proc.pid, role)
            for tid, (comm, user, system) in _thread_seconds(proc.pid).items():
                if proc.pid == os.getpid():
                    label = names.get(tid, comm)
                    label = "sampler" if tid == self.own else re.sub(r"[-_]?\d+$", "", label)
                else:
                    label = "main" if tid == proc.pid else re.sub(r"\d+$", "", comm)
                self.last[(proc.pid, tid)] = (self.roles.get(proc.pid, role), label,
                                              user + system, system)

    def _loop(self) -> None:
        self.own = threading.get_native_id()
        self._sample()
        self.ready.set()
        while not self.done.wait(self.interval):
            self._sample()
        self._sample()

    def start(self) -> None:
        self.roles: dict[int, str] = {}
        self.trim: set[bool] = set()
        self.last: dict[tuple[int, int], tuple[str, str, float, float]] = {}
        self.done, self.ready = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._loop, name="sampler", daemon=True)
        self.thread.start()
        self.ready.wait()
        self.base = {k: v[2:] for k, v in self.last.items()}

    def stop(self) -> None:
        self.done.set()
        self.thread.join()
        self.totals = {("kernel", f"(MALLOC_TRIM_THRESHOLD_ set: {sorted(self.trim)})"): 0.0}
        for key, (role, label, sec, system) in self.last.items():
            sec0, system0 = self.base.get(key, (0.0, 0.0))
            for name, used in ((label, sec - sec0), ("(system time)", system - system0)):
                self.totals[(role, name)] = self.totals.get((role, name), 0.0) + used


def kernel_start() -> float:
    """Seconds to start one report kernel (this Python) and import what the template
    imports: each in-process thread and each Dask worker pays it once."""
    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", extra_arguments=[])
    try:
        kc.execute_interactive("import pandas, altair, valuekit.team_report, "
                               "valuekit.reports.render", timeout=300)
        return time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def shipping(tables: dict) -> dict[str, float]:
    """The LocalCluster's start, and the tables sent to 2 workers inside the plugin (the
    plugin's setup writes them and preloads papermill and nbconvert)."""
    from distributed import Client, LocalCluster

    configure("dask")
    payload = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
    t0 = time.perf_counter()
    with dask_backend._environ_restored(), \
            LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                         dashboard_address=None, silence_logs=40,
                         **dask_backend.LOCAL_WORKER_OPTIONS) as cluster, \
            Client(cluster) as client:
        t_start = time.perf_counter() - t0
        times = {}
        for label, data in (("first", payload), ("again", payload)):
            t0 = time.perf_counter()
            client.register_plugin(
                dask_backend.ReportWorkerPlugin("bench", data, True, True), name="bench")
            times[label] = time.perf_counter() - t0
            client.unregister_worker_plugin("bench")
    return {"mb": len(payload) / 1e6, "start_s": t_start, "first_s": times["first"],
            "again_s": times["again"], "load": load()}


def index_record(tables: dict, n: int) -> float:
    """Seconds of one record of ``n`` reports (real figures) into an empty folder."""
    figures = team_report.build(tables, team_report.team_list(tables)[0][0]).figures
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        fake = [runner.ReportResult(runner.Team(f"T{i}", f"Team {i}", f"team-{i}"), ok=True,
                                    html=out / f"team-{i}.html", figures=figures)
                for i in range(n)]
        t0 = time.perf_counter()
        runner.record_reports(out, fake, language="en", period_end="2025-12-31")
        return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sizes", type=int, nargs="+", default=[12],
                        help="batch sizes: the first N teams of the data")
    parser.add_argument("--data-teams", type=int, default=None,
                        help="teams in the data set (default: the largest size; 12: the "
                             "sample); every batch runs on the same data")
    parser.add_argument("--configs", nargs="+",
                        default=["in-process", "dask", "dask-defaults", "dask-threads"],
                        choices=["in-process", "dask", "dask-defaults", "dask-threads",
                                 "dask-trim", "dask-1"])
    parser.add_argument("--profile", action="store_true",
                        help="CPU seconds per process role and thread of every batch "
                             "(TreeCPU) and, with two sizes, per report")
    parser.add_argument("--no-parts", action="store_true",
                        help="skip the separate measurements of the fixed parts")
    args = parser.parse_args()
    labels = ["in-process", *[c for c in args.configs if c != "in-process"]]
    keep = tempfile.TemporaryDirectory()
    n_data = args.data_teams or max(args.sizes)
    data = None
    if n_data != 12:
        from bench_reports import make_data

        data = make_data(Path(keep.name) / "data", n_data)
    team_ids = [t for t, _ in team_report.team_list(team_report.load_tables(data))]
    walls: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
    trees: dict[tuple[str, int], list[dict[tuple[str, str], float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.profile:  # this process's imports (papermill, nbconvert, its templates) are
            # paid here, not by the first measured in-process batch: only the per-report
            # slope is compared, and a worker process pays its own in its fixed start
            batch(Path(tmp) / "warm-up", data, team_ids[:1], "in-process")
        for r in range(args.rounds):
            for n in args.sizes:
                for label in labels:
                    tree = TreeCPU() if args.profile else None
                    w = batch(Path(tmp) / f"{r}-{n}-{label}", data, team_ids[:n], label, tree)
                    walls.setdefault((label, n), []).append(w)
                    if tree is not None:
                        trees.setdefault((label, n), []).append(tree.totals)
                    print(f"round {r + 1}: {n} teams: {label}: {w[0]:.1f} s, CPU {w[2]:.1f} s "
                          f"(load {w[1]:.1f})", file=sys.stderr, flush=True)
    configure("dask")
    print(f"\n{args.rounds} round(s), data of {len(team_ids)} teams, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    print("| teams | configuration | wall s (each round) | CPU s (each round) "
          "| load avg (1 min) | reports/s (best) | / in-process (each round) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in args.sizes:
        base = [w for w, _, _ in walls[("in-process", n)]]
        for label in labels:
            runs = walls[(label, n)]
            ratio = "" if label == "in-process" else ", ".join(
                f"{w / b:.2f}" for (w, _, _), b in zip(runs, base, strict=True))
            print(f"| {n} | {label} | {', '.join(f'{w:.1f}' for w, _, _ in runs)} | "
                  f"{', '.join(f'{c:.1f}' for _, _, c in runs)} | "
                  f"{', '.join(f'{ld:.1f}' for _, ld, _ in runs)} | "
                  f"{n / min(w for w, _, _ in runs):.2f} | {ratio} |")
    if len(args.sizes) >= 2:
        lo, hi = min(args.sizes), max(args.sizes)
        line = {}
        print(f"\nStraight line through the best wall time at {lo} and {hi} teams:\n")
        print("| configuration | fixed s | s per report | batch size under 15 % |")
        print("| --- | --- | --- | --- |")
        for label in labels:
            a = min(w for w, _, _ in walls[(label, lo)])
            b = min(w for w, _, _ in walls[(label, hi)])
            per = (b - a) / (hi - lo)
            line[label] = (a - per * lo, per)
        fi, pi = line["in-process"]
        for label in labels:
            f, p = line[label]
            if label == "in-process":
                where = ""
            elif p >= 1.15 * pi:
                where = "never (its per-report cost is 15 % over)"
            else:
                n15 = (f - 1.15 * fi) / (1.15 * pi - p)
                where = "any" if n15 <= 0 else f"over {n15:.0f}"
            print(f"| {label} | {f:.1f} | {p:.2f} | {where} |")
    if trees:
        print_profile(trees, labels, args.sizes)
    if args.no_parts:
        return
    tables = team_report.load_tables()
    ld = load()
    k = kernel_start()
    print(f"\none kernel started with the kit imported: {k:.1f} s (load {ld:.1f}); each "
          "in-process thread and each Dask worker pays it once (both sides of the ratio)")
    ship = shipping(tables)
    print(f"LocalCluster(2) start {ship['start_s']:.2f} s; tables {ship['mb']:.1f} MB shipped "
          f"to 2 workers (plugin registered, file written, papermill and nbconvert "
          f"preloaded) {ship['first_s']:.2f} s, again (imports done) {ship['again_s']:.2f} s "
          f"(load {ship['load']:.1f})")
    ld = load()
    one = index_record(tables, 1000)
    per_entry = one / 1000
    for n in (1000, 5000):
        writes, entries = _counts(n)
        print(f"index.json for {n} reports: {writes} records rewriting {entries} entries in "
              f"all (one record per report: {n} records, {n * (n + 1) // 2} entries); at "
              f"{per_entry * 1000:.2f} ms per entry (one record of 1,000 entries: {one:.2f} s,"
              f" load {ld:.1f}): ~{entries * per_entry:.0f} s of the client's time, against "
              f"~{n * (n + 1) // 2 * per_entry:.0f} s one by one (PROJECTION from that record)")


def print_profile(trees: dict, labels: list[str], sizes: list[int]) -> None:
    """CPU seconds per process role and thread (the least of the rounds of each batch), and
    with two sizes the straight line's slope: CPU seconds per report of each."""
    def least(label: str, n: int) -> dict[tuple[str, str], float]:
        runs = trees[(label, n)]
        keys = set().union(*runs)
        return {k: min(run.get(k, 0.0) for run in runs) for k in keys}

    lo, hi = min(sizes), max(sizes)
    print("\nCPU seconds per process and thread (TreeCPU, sampled from /proc; least of the "
          "rounds)" + (f"; per report: the slope from {lo} to {hi} teams" if hi > lo else ""))
    for label in labels:
        rows = {n: least(label, n) for n in sizes}
        keys = sorted(set().union(*rows.values()), key=lambda k: -rows[hi].get(k, 0.0))
        print(f"\n{label}:\n")
        print("| process | thread | " + " | ".join(f"{n} teams" for n in sizes)
              + (" | per report |" if hi > lo else " |"))
        print("| --- | --- |" + " --- |" * (len(sizes) + (hi > lo)))
        by_role: dict[str, dict[int, float]] = {}
        for role, thread in keys:
            vals = [rows[n].get((role, thread), 0.0) for n in sizes]
            if max(vals) < 0.05 and not thread.startswith("(MALLOC"):
                continue
            slope = f" | {(vals[sizes.index(hi)] - vals[sizes.index(lo)]) / (hi - lo):.3f}" \
                if hi > lo else ""
            print(f"| {role} | {thread} | " + " | ".join(f"{v:.2f}" for v in vals) + slope + " |")
        for (role, _thread), _ in rows[hi].items():
            by_role.setdefault(role, {})
        for role in by_role:
            vals = [sum(v for (r, t), v in rows[n].items() if r == role and t[0] != "(")
                    for n in sizes]
            slope = f" | **{(vals[sizes.index(hi)] - vals[sizes.index(lo)]) / (hi - lo):.3f}**" \
                if hi > lo else ""
            print(f"| **{role}** | all | " + " | ".join(f"{v:.2f}" for v in vals) + slope + " |")


def _counts(n: int) -> tuple[int, int]:
    """The recorder's writes and entries rewritten for a batch of ``n`` (its rule, no I/O)."""
    recorder = runner.IndexRecorder(Path("/nonexistent"), language="en", period_end="x")
    entries = 0

    def flush() -> None:
        nonlocal entries
        if recorder.pending:
            recorder.recorded += len(recorder.pending)
            recorder.records += 1
            entries += recorder.recorded
            recorder.pending.clear()

    recorder.flush = flush
    for i in range(n):
        recorder.add(i)
    recorder.flush()
    return recorder.records, entries


if __name__ == "__main__":
    main()
