"""The loader on awkward real-world inputs (issue 9): time against bare ``pandas.read_csv``.

- ``wide``: teams.csv (12 rows) followed by N empty, unnamed columns on every
  line, as Excel saves a sheet whose far columns were once touched. The
  loader drops them with a note; before issue 9 it took 20 s to 5 min
  (quadratic duplicate-name search) and printed a multi-megabyte message.
- ``named``: the same with N *named* unexpected columns: refused with a
  summarised message.
- ``sample``: the whole committed sample, the everyday case, to show the
  new checks (encoding guess, control characters, limits, NFC) cost little.

Each case runs in a fresh process; times are the best of ``--repeat`` runs.
Run: ``.venv/bin/python benchmarks/bench_loader_inputs.py`` (see loader_inputs.md).
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from valuekit import data
from valuekit.data.loader import DataNote


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _load(folder: Path, tables) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        try:
            data.load(folder, tables=tables)
        except data.DataError as err:
            assert len(str(err)) < 2000, "the message must summarise"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--columns", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    teams = (data.SAMPLE_DIR / "teams.csv").read_text(encoding="utf-8").splitlines()
    print("| case | columns | file MB | read_csv s | load s | load / read_csv |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in args.columns:
            for case in ("wide", "named"):
                head = teams[0] + (
                    "," * n if case == "wide" else "," + ",".join(f"x{i}" for i in range(n))
                )
                text = "\n".join([head] + [line + "," * n for line in teams[1:]]) + "\n"
                (folder / "teams.csv").write_text(text, encoding="utf-8")
                rc = _best(lambda t=text: pd.read_csv(io.StringIO(t), dtype=object), args.repeat)
                ld = _best(lambda: _load(folder, ["teams"]), args.repeat)
                mb = len(text) / 1e6
                print(f"| {case} | {n:,} | {mb:.1f} | {rc:.2f} | {ld:.2f} | {ld / rc:.2f}x |")
        for f in data.SAMPLE_DIR.glob("*.csv"):
            shutil.copy(f, folder / f.name)
        names = list(data.load(folder))

        def read_all():
            for name in names:
                pd.read_csv(folder / f"{name}.csv", dtype=object)

        rc = _best(read_all, args.repeat)
        ld = _best(lambda: _load(folder, None), args.repeat)
        mb = sum(f.stat().st_size for f in folder.glob("*.csv")) / 1e6
        print(f"| sample | - | {mb:.1f} | {rc:.2f} | {ld:.2f} | {ld / rc:.2f}x |")


if __name__ == "__main__":
    main()
