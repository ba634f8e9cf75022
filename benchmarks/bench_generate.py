"""Time and peak memory of the sample generator and the loader, by number of accounts.

Each size runs in a fresh Python process so that its peak resident memory
(``resource.getrusage``) is its own. Side by side:

- ``generate``: ``valuekit.data.generate(n_accounts=N)`` in memory;
- ``write``: the same frames written as CSVs (pandas ``to_csv``, atomic rename);
- ``load`` vs ``read_csv``: the validating ``valuekit.data.load`` against a bare
  ``pandas.read_csv`` of the same files (what a user would do without the kit),
  so the ratio is the price of the checks.

Usage (the numbers in benchmarks/generate.md)::

    .venv/bin/python benchmarks/bench_generate.py --sizes 2000 100000 1000000
    .venv/bin/python benchmarks/bench_generate.py --sizes 1000000 --no-write   # in memory only
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(n: int, write: bool, load: bool) -> dict:
    import pandas as pd

    from valuekit import data, schema
    from valuekit.data.generator import write_frame

    out: dict = {"accounts": n}
    t = time.perf_counter()
    frames = data.generate(n_accounts=n)
    out["generate_s"] = time.perf_counter() - t
    out["rows"] = {k: len(v) for k, v in frames.items()}
    out["peak_generate_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    if write:
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
            t = time.perf_counter()
            for name, frame in frames.items():
                write_frame(frame, Path(tmp) / schema.TABLES[name].file)
            out["write_s"] = time.perf_counter() - t
            out["csv_mb"] = sum(p.stat().st_size for p in Path(tmp).glob("*.csv")) / 1e6
            del frames
            if load:
                t = time.perf_counter()
                for table in schema.TABLES.values():
                    dates = [c.name for c in table.columns if c.kind == "date"]
                    pd.read_csv(Path(tmp) / table.file, parse_dates=dates)
                out["read_csv_s"] = time.perf_counter() - t
                t = time.perf_counter()
                data.load(tmp)
                out["load_s"] = time.perf_counter() - t
    out["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[2000, 100_000])
    p.add_argument("--no-write", action="store_true", help="generate in memory only")
    p.add_argument("--no-load", action="store_true", help="skip the load vs read_csv run")
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, not args.no_write, not args.no_load)))
        return
    results = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--child", str(n)]
        cmd += ["--no-write"] * args.no_write + ["--no-load"] * args.no_load
        t = time.perf_counter()
        res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        res["process_s"] = time.perf_counter() - t
        results.append(res)
        print(json.dumps(res), file=sys.stderr)
    print(
        "| accounts | opportunities | contracts | invoices | generate s | peak GB (generate) "
        "| write CSV s | CSV MB | read_csv s | load s | load / read_csv | peak GB (all) |"
    )
    print("|---:" * 12 + "|")
    for r in results:
        rows = r["rows"]

        def f(key, fmt="{:.1f}", r=r):
            return fmt.format(r[key]) if key in r else "-"

        ratio = f"{r['load_s'] / r['read_csv_s']:.1f}x" if "load_s" in r else "-"
        print(
            f"| {r['accounts']:,} | {rows['opportunities']:,} | {rows['contracts']:,} "
            f"| {rows['invoices']:,} | {r['generate_s']:.1f} | {r['peak_generate_gb']:.2f} "
            f"| {f('write_s')} | {f('csv_mb', '{:.0f}')} | {f('read_csv_s', '{:.2f}')} "
            f"| {f('load_s', '{:.2f}')} | {ratio} | {r['peak_gb']:.2f} |"
        )


if __name__ == "__main__":
    main()
