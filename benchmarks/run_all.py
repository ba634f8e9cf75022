"""Run every benchmark in this folder, one after the other, and print their tables.

    .venv/bin/python benchmarks/run_all.py [--skip setup] [--only clv reports]

Each ``bench_<name>.py`` is a standalone script that prints a markdown table with
its ratios; its own ``<name>.md`` holds the figures last recorded and the command.
Benchmarks are not tests: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    names = [s.stem.removeprefix("bench_") for s in scripts]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=names, default=None)
    parser.add_argument("--skip", nargs="*", choices=names, default=["setup", "hub"])
    args = parser.parse_args()
    failed = []
    for script, name in zip(scripts, names, strict=True):
        if (args.only and name not in args.only) or (not args.only and name in args.skip):
            continue
        print(f"\n## {name}  ({script.relative_to(HERE.parent)})\n", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
