"""`valuekit report --team all` against the shell loop a user would otherwise write.

    .venv/bin/python benchmarks/bench_reports.py                 # the 12 sample teams
    .venv/bin/python benchmarks/bench_reports.py --teams 100     # 100 teams (see below)
    .venv/bin/python benchmarks/bench_reports.py --teams 100 --baseline-teams 20

Baseline, per team, one after the other (what the papermill and nbconvert docs show)::

    papermill report_templates/team_report.ipynb OUT/<team>.ipynb -p team <team> -p data_dir DIR
    jupyter nbconvert --to html --no-input OUT/<team>.ipynb

Kit: ``valuekit report --team all --data DIR --out OUT --quiet`` (one process, threads
driving one kernel per core, data validated once and handed to the kernels as a pickle).

100 teams: the generator makes 12 teams, so the bench generates the data set with 100/12
times the sample's accounts (``valuekit.data.generate(n_accounts=...)``, same seed) and
splits each team into 8 or 9 teams by a hash of the account id (so each new team has about
as many accounts as a sample team); opportunities follow their account, campaign touches
are dealt round-robin, quotas are split by accounts. ``--baseline-teams N`` times the
baseline loop on the first N teams only and scales it to all teams (the loop is strictly
sequential, so its time is the sum of per-team times): the output says when it did.

Peak memory: the largest sum of RSS over the whole process tree (the command and every
kernel it started), sampled every 0.2 s with psutil; without psutil, the largest single
child's ``ru_maxrss``. Nothing here asserts a time: it prints a markdown table of ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEMPLATE = ROOT / "report_templates" / "team_report.ipynb"


# ---------------------------------------------------------------------------------------
# Data


def split_teams(tables: dict[str, pd.DataFrame], n_teams: int) -> dict[str, pd.DataFrame]:
    """Split the data's teams into ``n_teams`` teams (see the module docstring)."""
    teams = tables["teams"].reset_index(drop=True)
    k = len(teams)
    if n_teams < k:
        raise ValueError(f"cannot split {k} teams into fewer ({n_teams})")
    parts = [n_teams // k + (1 if i < n_teams % k else 0) for i in range(k)]
    accounts = tables["accounts"].copy()
    bucket = accounts["account_id"].map(
        lambda a: int(hashlib.sha256(a.encode()).hexdigest()[:8], 16)
    )
    new_ids, rows = {}, []
    number = 0
    for (old_id, name, region, quota), m in zip(
        teams[["team_id", "team_name", "region", "quota"]].itertuples(index=False), parts,
        strict=True,
    ):
        mine = accounts["team_id"] == old_id
        share = np.bincount((bucket[mine] % m).to_numpy(), minlength=m) / mine.sum()
        for j in range(m):
            number += 1
            new_ids[(old_id, j)] = f"T{number:03d}"
            rows.append({"team_id": f"T{number:03d}", "team_name": f"{name} {j + 1}",
                         "region": region, "quota": round(quota * share[j], 2)})
    split = dict(zip(teams["team_id"], parts, strict=True))
    accounts["team_id"] = [new_ids[(t, b % split[t])] for t, b in
                           zip(accounts["team_id"], bucket, strict=True)]
    owner = accounts.set_index("account_id")["team_id"]
    out = dict(tables)
    out["teams"] = pd.DataFrame(rows)
    out["accounts"] = accounts
    opps = tables["opportunities"].copy()
    opps["team_id"] = owner.reindex(opps["account_id"]).to_numpy()
    out["opportunities"] = opps
    touches = tables["campaign_touches"].copy()
    counter: dict[str, int] = {}
    new_team = []
    for t in touches["team_id"]:
        i = counter.get(t, 0)
        counter[t] = i + 1
        new_team.append(new_ids[(t, i % split[t])])
    touches["team_id"] = new_team
    out["campaign_touches"] = touches
    return out


def make_data(folder: Path, n_teams: int) -> Path:
    """Write the data set for ``n_teams`` teams into ``folder`` (the sample for 12)."""
    from valuekit import data
    from valuekit.data.generator import write_frame
    from valuekit.schema import TABLES

    if n_teams == 12:
        return Path(data.SAMPLE_DIR)
    frames = data.generate(n_accounts=round(data.DEFAULT_N_ACCOUNTS * n_teams / 12))
    frames = split_teams(frames, n_teams)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        write_frame(frame, folder / TABLES[name].file)
    data.load(folder)  # the split data must still be valid
    return folder


# ---------------------------------------------------------------------------------------
# Timing with peak memory of the process tree


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run(cmd: list[str] | str, **kwargs) -> tuple[float, float, int]:
    """Run a command; return (seconds, peak MiB of its process tree, return code)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    start = time.perf_counter()
    popen = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        proc = psutil.Process(popen.pid)
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True) if psutil else None
    if sampler:
        sampler.start()
    _out, err = popen.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    if sampler:
        sampler.join()
    else:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if popen.returncode:
        sys.stderr.write(err.decode(errors="replace")[-3000:])
    return seconds, peak / 2**20, popen.returncode


def baseline(team_ids: list[str], data_dir: Path, out: Path) -> tuple[float, float, int]:
    """The shell loop: papermill CLI then nbconvert CLI, per team."""
    out.mkdir(parents=True, exist_ok=True)
    lines = ["set -e"]
    for t in team_ids:
        nb = out / f"{t}.ipynb"
        lines.append(
            f"{BIN / 'papermill'} {TEMPLATE} {nb} -p team {t} -p data_dir {data_dir} "
            "--no-progress-bar -k python3 2>/dev/null"
        )
        lines.append(f"{BIN / 'jupyter'} nbconvert --to html --no-input {nb} 2>/dev/null")
    return run(["bash", "-c", "\n".join(lines)], cwd=ROOT)


def kit(data_dir: Path, out: Path, jobs: int | None = None, fresh: bool = False,
        teams: list[str] | None = None) -> tuple[float, float, int]:
    cmd = [str(BIN / "valuekit"), "report", "--team", *(teams or ["all"]), "--data",
           str(data_dir), "--out", str(out), "--quiet"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if fresh:
        cmd.append("--fresh-kernels")
    return run(cmd, cwd=ROOT)


def _has_pyc() -> bool:
    import pandas

    return any(Path(pandas.__file__).parent.glob("__pycache__/*.pyc"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=12, help="12 (the sample) or more")
    parser.add_argument("--baseline-teams", type=int, default=None,
                        help="time the baseline on this many teams and scale to all")
    parser.add_argument("--jobs", type=int, nargs="*", default=[None],
                        help="kit runs with these --jobs values (default: one per core)")
    parser.add_argument("--no-fresh", action="store_true",
                        help="skip the --fresh-kernels run of the kit")
    parser.add_argument("--bytecode-cache", default=None, metavar="DIR",
                        help="let every Python of the run cache bytecode in DIR "
                        "(PYTHONPYCACHEPREFIX; PYTHONDONTWRITEBYTECODE unset), warmed first")
    parser.add_argument("--keep", default=None, help="keep outputs in this folder")
    args = parser.parse_args()

    from valuekit import team_report

    if args.bytecode_cache:
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(args.bytecode_cache).resolve())
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    bytecode = (
        f"bytecode cache in {os.environ['PYTHONPYCACHEPREFIX']}"
        if os.environ.get("PYTHONPYCACHEPREFIX") and not os.environ.get("PYTHONDONTWRITEBYTECODE")
        else "no bytecode cache (PYTHONDONTWRITEBYTECODE="
        f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}, "
        f"{'no ' if not _has_pyc() else ''}.pyc files in site-packages)"
    )
    load_before = os.getloadavg()[0]
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        data_dir = make_data(work / "data", args.teams)
        teams = [t for t, _ in team_report.team_list(team_report.load_tables(data_dir))]
        n_base = min(args.baseline_teams or len(teams), len(teams))
        if args.bytecode_cache:  # warm the cache: one team each way, not timed
            kit(data_dir, work / "warm-kit", teams=teams[:1])
            baseline(teams[:1], data_dir, work / "warm-baseline")
        rows = []
        for jobs in args.jobs:
            label = f"valuekit report --jobs {jobs}" if jobs else "valuekit report (jobs = cores)"
            sec, mib, code = kit(data_dir, work / f"kit-{jobs}", jobs)
            rows.append((label, len(teams), sec, sec, mib, code))
        if not args.no_fresh:
            sec, mib, code = kit(data_dir, work / "kit-fresh", fresh=True)
            rows.append(("valuekit report --fresh-kernels", len(teams), sec, sec, mib, code))
        sec, mib, code = baseline(teams[:n_base], data_dir, work / "baseline")
        scaled = sec * len(teams) / n_base
        note = "" if n_base == len(teams) else f" (measured {n_base}, scaled)"
        rows.append((f"papermill + nbconvert CLI loop{note}", len(teams), sec, scaled, mib, code))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    base = rows[-1][3]
    print(f"{len(teams)} teams; {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"data: {'sample' if args.teams == 12 else f'generated, {args.teams} teams'}; "
          f"{bytecode}; load average (1 min) before: {load_before:.1f}, after: "
          f"{os.getloadavg()[0]:.1f}\n")
    print("| run | teams | seconds | s/team | peak MiB (tree) | vs loop | exit |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, n, _measured, sec, mib, code in rows:
        print(f"| {label} | {n} | {sec:.1f} | {sec / n:.2f} | {mib:,.0f} | "
              f"{base / sec:.1f}x | {code} |")
    return 0 if all(r[5] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
