"""`valuekit report --scheduler local` (Dask) against the in-process runner, same 2 cores.

    .venv/bin/python benchmarks/bench_reports_dask.py               # 12 sample teams, 2 rounds
    .venv/bin/python benchmarks/bench_reports_dask.py --rounds 3
    .venv/bin/python benchmarks/bench_reports_dask.py --teams 100 --rounds 1 --no-one-worker

Measures, through :func:`valuekit.reports.run_reports` (what the CLI calls), with the
sample data (12 teams), each configuration in turn and the rounds interleaved so that a
change of the machine's load hits both sides alike:

``--teams 100`` makes a data set of 100 teams as benchmarks/bench_reports.py does.

- in-process runner, 2 jobs (the default) against a LocalCluster of 2 workers: wall time
  of the whole batch (cluster start and stop included), the overhead as a ratio;
- a LocalCluster of 1 and of 2 workers: reports per second;
- the per-report cost (median seconds of one report on its worker, kernel reused) and the
  fixed costs: LocalCluster start, shipping the validated tables to the workers (the
  worker plugin), the client's share per report (atomic write + index.json record);
- a projection for 5,000 reports on a 50-core cluster from those figures (printed as a
  projection: nothing here ran on 50 cores).

The load average (1 min) is printed next to every figure: the machine is shared.
Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

sys.path.insert(0, str(ROOT / "benchmarks"))

from valuekit import team_report  # noqa: E402
from valuekit.reports import dask_backend, runner  # noqa: E402


def load() -> float:
    return os.getloadavg()[0]


DATA: Path | None = None


def batch(out: Path, **kwargs) -> tuple[float, list[float], float]:
    before = load()
    start = time.perf_counter()
    result = runner.run_reports(["all"], out, progress=False, data_dir=DATA, **kwargs)
    wall = time.perf_counter() - start
    assert not result.failed, result.failed
    return wall, [r.seconds for r in result.results], max(before, load())


def shipping(tables: dict) -> dict[str, float]:
    """Cluster start, and the tables sent to 2 workers inside the plugin (and removed)."""
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    payload = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
    t_pickle = time.perf_counter() - t0
    t0 = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        t_start = time.perf_counter() - t0
        times = {}
        for label, data in (("sample", payload), ("40 MB", os.urandom(40 << 20))):
            t0 = time.perf_counter()
            client.register_plugin(
                dask_backend.ReportWorkerPlugin("bench", data, True, True), name="bench")
            times[label] = time.perf_counter() - t0
            client.unregister_worker_plugin("bench")
    return {"pickle_mb": len(payload) / 1e6, "pickle_s": t_pickle, "start_s": t_start,
            "ship_sample_s": times["sample"], "ship_40mb_s": times["40 MB"], "load": load()}


def client_share(tables: dict, entries: int) -> float:
    """Seconds the client spends per report at a folder of ``entries`` reports: one atomic
    HTML write (150 kB) and one index.json record."""
    figures = team_report.build(tables, team_report.team_list(tables)[0][0]).figures
    page = "x" * 150_000
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        fake = [runner.ReportResult(runner.Team(f"T{i}", f"Team {i}", f"team-{i}"), ok=True,
                                    html=out / f"team-{i}.html", figures=figures)
                for i in range(entries)]
        runner.record_reports(out, fake[:-1], language="en", period_end="2025-12-31")
        t0 = time.perf_counter()
        runner.atomic_write_text(out / "team-x.html", page)
        runner.record_reports(out, fake[-1:], language="en", period_end="2025-12-31")
        return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--teams", type=int, default=12)
    parser.add_argument("--no-one-worker", action="store_true")
    args = parser.parse_args()
    global DATA
    keep = tempfile.TemporaryDirectory()
    if args.teams != 12:
        from bench_reports import make_data

        DATA = make_data(Path(keep.name), args.teams)
    tables = team_report.load_tables(DATA)
    n = len(team_report.team_list(tables))
    rows: dict[str, list[tuple[float, list[float], float]]] = {
        "in-process, 2 jobs": [], "LocalCluster, 2 workers": [], "LocalCluster, 1 worker": []}
    if args.no_one_worker:
        del rows["LocalCluster, 1 worker"]
    configs = {"in-process, 2 jobs": {"jobs": 2},
               "LocalCluster, 2 workers": {"jobs": 2, "scheduler": "local"},
               "LocalCluster, 1 worker": {"jobs": 1, "scheduler": "local"}}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for label in rows:
                kw = configs[label]
                rows[label].append(batch(Path(tmp) / f"{r}-{label[:5]}", **kw))
                w, _, ld = rows[label][-1]
                print(f"round {r + 1}: {label}: {w:.1f} s (load {ld:.1f})", file=sys.stderr)
    print(f"\n{n} teams, {args.rounds} rounds, Python {sys.version.split()[0]}\n")
    print("| configuration | wall s (each round) | reports/s (best) | median report s "
          "| load avg (1 min) |")
    print("| --- | --- | --- | --- | --- |")
    for label, runs in rows.items():
        walls = [w for w, _, _ in runs]
        per = statistics.median(s for _, ss, _ in runs for s in ss)
        print(f"| {label} | {', '.join(f'{w:.1f}' for w in walls)} | {n / min(walls):.2f} "
              f"| {per:.2f} | {', '.join(f'{ld:.1f}' for _, _, ld in runs)} |")
    inproc = [w for w, _, _ in rows["in-process, 2 jobs"]]
    dask2 = [w for w, _, _ in rows["LocalCluster, 2 workers"]]
    ratios = [d / i for d, i in zip(dask2, inproc, strict=True)]
    print(f"\nLocalCluster(2) / in-process(2), per round: "
          f"{', '.join(f'{x:.2f}' for x in ratios)}; best against best "
          f"{min(dask2) / min(inproc):.2f}")
    ship = shipping(tables)
    print(f"\nLocalCluster(2) start: {ship['start_s']:.2f} s; tables pickled "
          f"{ship['pickle_mb']:.1f} MB in {ship['pickle_s']:.2f} s; shipped to 2 workers "
          f"(plugin registered, file written on each) {ship['ship_sample_s']:.2f} s; 40 MB "
          f"payload {ship['ship_40mb_s']:.2f} s (load {ship['load']:.1f})")
    shares = {e: client_share(tables, e) for e in (12, 1000, 5000)}
    print("client's share per report (write + index.json record) at "
          + ", ".join(f"{e} reports in the folder: {s * 1000:.0f} ms" for e, s in shares.items())
          + f" (load {load():.1f})")
    # Projection: cores work in parallel, the client writes one report after another.
    per_core = 2 / (n / min(dask2))  # core-seconds per report at 2 workers, steady or not
    median = statistics.median(s for _, ss, _ in rows["LocalCluster, 2 workers"] for s in ss)
    index_total = sum(client_share_at(i, shares) for i in range(5000))
    compute = 5000 * per_core / 50
    rate = 50 / per_core  # reports arriving per second on 50 cores
    print(f"\nPROJECTION (not measured): 5,000 reports on 50 cores: compute {compute:.0f} s "
          f"({per_core:.2f} core-s per report, from the 2-worker run incl. its start-up; "
          f"median report {median:.2f} s; {rate:.0f} reports/s arrive at the client), + data "
          f"to 50 workers ~{ship['ship_sample_s'] * 25:.1f} s at the sample's size. Client: "
          f"one index.json record per report would total {index_total:.0f} s (O(n^2)); "
          f"recording the reports that arrived together in one record (what the Dask back "
          f"end does) keeps the client within the compute time, plus one last record of "
          f"~{shares[5000]:.1f} s; plus 5,000 HTML writes of ~{shares[12] * 1000:.0f} ms")

def client_share_at(i: int, shares: dict[int, float]) -> float:
    """Linear interpolation of the client's per-report share between the measured sizes."""
    points = sorted(shares.items())
    for (a, sa), (b, sb) in zip(points, points[1:], strict=False):
        if i <= b:
            return sa + (sb - sa) * max(0, i - a) / (b - a)
    return points[-1][1]


if __name__ == "__main__":
    main()
