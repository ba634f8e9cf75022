"""Fresh setup time: plain pip against uv, side by side.

What `make lab` / `make test` do on a fresh machine: create a venv and install
the kit with its test extras at the versions pinned in requirements.lock.
Each installer starts from an empty download cache (a fresh machine has none)
and then runs again with its cache warm (a second workshop on the same laptop).

    python3 benchmarks/bench_setup.py [--repeats 1]

Prints a markdown table; benchmarks/README.md records the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def setup_time(tool: str, work: Path, cache: Path) -> float:
    venv = work / f"venv-{tool}"
    shutil.rmtree(venv, ignore_errors=True)
    env = dict(os.environ, PIP_CACHE_DIR=str(cache / "pip"), UV_CACHE_DIR=str(cache / "uv"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    py = str(venv / "bin" / "python")
    start = time.perf_counter()
    _run([sys.executable, "-m", "venv", str(venv)], env)
    spec = ["-c", "requirements.lock", "-e", ".[test]"]
    if tool == "pip":
        _run([py, "-m", "pip", "install", *spec], env)
    else:
        _run([py, "-m", "pip", "install", "uv"], env)
        # --compile-bytecode: what the Makefile runs, and what pip does by default.
        _run([py, "-m", "uv", "pip", "install", "--compile-bytecode", "--python", py, *spec],
             env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for tool in ("pip", "uv"):
            cold, warm = [], []
            for i in range(args.repeats):
                cache = work / f"cache-{tool}-{i}"
                cold.append(setup_time(tool, work, cache))
                warm.append(setup_time(tool, work, cache))
            rows.append((tool, min(cold), min(warm)))
    print("| installer | fresh (empty cache) s | warm cache s |")
    print("| --- | ---: | ---: |")
    for tool, cold, warm in rows:
        print(f"| {tool} | {cold:.1f} | {warm:.1f} |")
    (pip_cold, pip_warm), (uv_cold, uv_warm) = [(r[1], r[2]) for r in rows]
    print(f"\nuv is {pip_cold / uv_cold:.1f}x faster fresh, {pip_warm / uv_warm:.1f}x warm")


if __name__ == "__main__":
    main()
