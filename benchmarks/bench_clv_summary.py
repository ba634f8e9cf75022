"""The customer summary of a big transaction log: valuekit against lifetimes, and the whole
``valuekit clv`` command.

The log: UCI Online Retail's purchase lines with a customer (datasets/real/
online_retail_lines.csv.gz, cleaned by ``clean_invoice_lines``' rules: 397,884 lines),
repeated with new customer ids (copy k adds k * 100,000 to CustomerID) until it has
``--lines`` lines. Columns: customer (int64), date (datetime64, with the time of day), value
(float64): 24 bytes a line.

1. ``valuekit.clv.customer_summary(log, freq="D")`` against lifetimes 0.11.3's
   ``summary_data_from_transaction_data(log, ..., freq="D")`` on the same frame: time (wall
   clock, and CPU time, which a shared machine's other jobs disturb less), peak
   memory above the log (each side in a fresh process; peak resident memory, reset after the
   log is built, minus the resident memory before the call), and equality of the results.
   Without lifetimes (``--no-lifetimes`` or not installed) the other side is the plain pandas
   groupby a user would write (same definitions, also checked equal).
2. ``--cli``: the log written as a CSV (customer, ISO date-time, value) and the whole
   ``valuekit clv LOG.csv --customer customer --date date --value value --out DIR`` timed in
   a fresh process (read, check, summarise, fit, value, write).

    .venv/bin/python benchmarks/bench_clv_summary.py --lines 2800000
    .venv/bin/python benchmarks/bench_clv_summary.py --lines 28000000 --cli
    .venv/bin/python benchmarks/bench_clv_summary.py --lines 28000000 --cli-only --csv /tmp/log.csv

Prints a markdown table; benchmarks/clv.md records the runs. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LINES = ROOT / "datasets" / "real" / "online_retail_lines.csv.gz"


def build_log(n_lines: int) -> pd.DataFrame:
    """Online Retail's customer purchase lines, repeated with new customer ids."""
    raw = pd.read_csv(LINES, dtype={"InvoiceNo": str, "CustomerID": "Int64"})
    ok = (raw["CustomerID"].notna() & ~raw["InvoiceNo"].str.startswith("C")
          & (raw["Quantity"] > 0) & (raw["UnitPrice"] > 0))
    base = raw[ok]
    cust = base["CustomerID"].to_numpy(dtype=np.int64)
    date = pd.to_datetime(base["InvoiceDate"]).to_numpy()
    value = (base["Quantity"] * base["UnitPrice"]).to_numpy(dtype=float)
    copies = -(-n_lines // len(base))
    offsets = np.repeat(np.arange(copies, dtype=np.int64) * 100_000, len(base))[:n_lines]
    return pd.DataFrame({"customer": np.tile(cust, copies)[:n_lines] + offsets,
                         "date": np.tile(date, copies)[:n_lines],
                         "value": np.tile(value, copies)[:n_lines]})


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def pandas_summary(log: pd.DataFrame) -> pd.DataFrame:
    """The summary as a pandas user writes it: one row per customer-day, then per customer."""
    day = log["date"].dt.floor("D")
    daily = log.assign(day=day).groupby(["customer", "day"], sort=True)["value"].sum()
    daily = daily.reset_index()
    g = daily.groupby("customer", sort=True)
    first, last, n = g["day"].transform("min"), g["day"], g["day"].size()
    end = day.max()
    out = pd.DataFrame({
        "frequency": (n - 1).astype(float),
        "recency": (last.max() - last.min()).dt.days.astype(float),
        "T": (end - last.min()).dt.days.astype(float),
    })
    repeat = daily[daily["day"] != first]
    out["monetary_value"] = repeat.groupby("customer")["value"].mean().reindex(
        out.index).fillna(0.0)
    return out


def measure(side: str, n_lines: int, store: str) -> None:
    """In a fresh process: build the log, then time one summary and record peak memory."""
    from valuekit.clv import customer_summary  # imports are not part of the measure

    if side == "lifetimes":
        from lifetimes.utils import summary_data_from_transaction_data
    log = build_log(n_lines)
    log_mb = log.memory_usage(deep=True).sum() / 1e6
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak resident memory (Linux)
    before = _rss_kb("VmRSS:")
    start, cpu = time.perf_counter(), time.process_time()
    if side == "valuekit":
        out = customer_summary(log, "customer", "date", "value", freq="D")
    elif side == "lifetimes":
        out = summary_data_from_transaction_data(log, "customer", "date",
                                                 monetary_value_col="value", freq="D")
    else:
        out = pandas_summary(log)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak = _rss_kb("VmHWM:")
    out.to_pickle(store)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": (peak - before) / 1e3,
                      "log_mb": log_mb, "customers": len(out)}))


def run_side(side: str, n_lines: int, store: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--measure", side, "--lines", str(n_lines),
                           "--store", store], capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{side} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_cli(n_lines: int, folder: Path, csv: Path | None = None) -> dict:
    csv = csv or folder / "log.csv"
    written = 0.0
    if not csv.exists():  # --csv keeps the file for another run (it takes minutes to write)
        log = build_log(n_lines)
        start = time.perf_counter()
        log.to_csv(csv, index=False, date_format="%Y-%m-%d %H:%M:%S")
        written = time.perf_counter() - start
        del log
    start = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).with_name("valuekit")), "clv", str(csv),
                           "--customer", "customer", "--date", "date", "--value", "value",
                           "--out", str(folder / "out")], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return {"seconds": seconds, "csv_mb": csv.stat().st_size / 1e6, "write_s": written,
            "stdout": done.stdout.strip().splitlines()[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_800_000)
    parser.add_argument("--no-lifetimes", action="store_true")
    parser.add_argument("--cli", action="store_true", help="also time `valuekit clv` on a CSV")
    parser.add_argument("--cli-only", action="store_true", help="only time `valuekit clv`")
    parser.add_argument("--csv", type=Path, default=None,
                        help="where to keep the CSV of the log (reused when it exists)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.lines, args.store)
        return 0
    other = "lifetimes"
    if args.no_lifetimes:
        other = "pandas"
    else:
        try:
            import lifetimes  # noqa: F401
        except ImportError:
            other = "pandas"
    if args.cli_only:
        with tempfile.TemporaryDirectory(prefix="bench_clv_summary_") as tmp:
            cli = run_cli(args.lines, Path(tmp), args.csv)
        print(f"`valuekit clv` on {args.lines:,} lines as CSV ({cli['csv_mb']:,.0f} MB): "
              f"{cli['seconds']:.1f} s ({cli['stdout']})")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench_clv_summary_") as tmp:
        ours = run_side("valuekit", args.lines, f"{tmp}/ours.pkl")
        theirs = run_side(other, args.lines, f"{tmp}/theirs.pkl")
        a, b = pd.read_pickle(f"{tmp}/ours.pkl"), pd.read_pickle(f"{tmp}/theirs.pkl")
        pd.testing.assert_frame_equal(a, b, check_names=False, check_index_type=False,
                                      rtol=1e-9)
        print(f"\n{args.lines:,} lines, {ours['customers']:,} customers, log in memory "
              f"{ours['log_mb']:,.0f} MB; results equal\n")
        print("| side | seconds | CPU seconds | peak memory above the log, MB | x log size |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, r in (("valuekit customer_summary", ours), (other, theirs)):
            print(f"| {name} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['peak_mb']:,.0f} | "
                  f"{r['peak_mb'] / r['log_mb']:.2f} |")
        print(f"\nvaluekit is {theirs['seconds'] / ours['seconds']:.1f}x faster than {other} "
              f"(CPU time: {theirs['cpu'] / ours['cpu']:.1f}x)")
        if args.cli:
            cli = run_cli(args.lines, Path(tmp), args.csv)
            print(f"\n`valuekit clv` on the log as CSV ({cli['csv_mb']:,.0f} MB): "
                  f"{cli['seconds']:.1f} s ({cli['stdout']})")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
