"""The ``valuekit`` command.

Subcommands::

    valuekit data generate [--seed S] [--accounts N] [--out DIR]
    valuekit data check [DIR] [--for all|reports]
    valuekit exercises build [--check]
    valuekit report --team all --out DIR [--jobs N] [--format html]
    valuekit export NOTEBOOK... [--out DIR] [--no-code] [--no-execute]

Each subcommand's work lives in its own module; this file only parses
arguments and turns the kit's ``ValueError`` messages into one clean line on
stderr with exit status 2 (never a traceback for bad input).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path


def _data_generate(args: argparse.Namespace) -> int:
    from valuekit import data

    out = Path(args.out)
    data.write_sample(out, seed=args.seed, n_accounts=args.accounts)
    print(f"wrote the sample data (seed {args.seed}, {args.accounts:,} accounts) to {out}")
    return 0


def _data_check(args: argparse.Namespace) -> int:
    from valuekit.data.check import check_folder

    checked = check_folder(args.dir, args.use)
    for name, frame in checked.tables.items():
        print(f"{name:18s} {len(frame):>10,} rows  ok")
    for line in checked.summary():
        print(line)
    return 0


def _exercises_build(args: argparse.Namespace) -> int:
    from valuekit import exercises

    root = Path(args.root)
    changed = exercises.build_all(root / "solutions", root / "exercises", check=args.check)
    if args.check:
        if changed:
            print("out of date (run `valuekit exercises build`):", *changed, sep="\n  ")
            return 1
        print("exercises/ is up to date with solutions/")
    else:
        print(f"generated {len(changed)} exercise notebook(s) in {root / 'exercises'}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from valuekit.export import export_notebook

    failed = 0
    for source in args.notebooks:
        try:
            page = export_notebook(source, args.out, code=not args.no_code,
                                   execute=not args.no_execute)
        except ValueError as err:
            print(f"valuekit: error: {err}", file=sys.stderr)
            failed += 1
            continue
        print(f"wrote {page}")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    from valuekit import data

    parser = argparse.ArgumentParser(prog="valuekit", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p_data = sub.add_parser("data", help="generate or check the data set")
    sub_data = p_data.add_subparsers(dest="action", required=True)
    p_gen = sub_data.add_parser("generate", help="write the sample CSVs")
    p_gen.add_argument("--seed", type=int, default=data.DEFAULT_SEED)
    p_gen.add_argument("--accounts", type=int, default=data.DEFAULT_N_ACCOUNTS)
    p_gen.add_argument("--out", default=str(data.SAMPLE_DIR))
    p_gen.set_defaults(func=_data_generate)
    from valuekit.data.check import USES

    p_check = sub_data.add_parser("check", help="validate a folder of CSVs")
    p_check.add_argument("dir", nargs="?", default=None)
    p_check.add_argument(
        "--for", dest="use", choices=tuple(USES), default=None,
        help="check every table, or only those the team reports need (default: all when "
        "the folder has every table's file, else the reports' tables when it has those)")
    p_check.set_defaults(func=_data_check)

    p_ex = sub.add_parser("exercises", help="generate exercises/ from solutions/")
    sub_ex = p_ex.add_subparsers(dest="action", required=True)
    p_build = sub_ex.add_parser("build")
    p_build.add_argument("--root", default=".", help="the kit's folder (holds solutions/)")
    p_build.add_argument("--check", action="store_true", help="only report what differs")
    p_build.set_defaults(func=_exercises_build)

    p_exp = sub.add_parser(
        "export", help="run notebooks and write each as one offline HTML page (handouts)")
    p_exp.add_argument("notebooks", nargs="+", metavar="NOTEBOOK")
    p_exp.add_argument("--out", default="out/handouts", help="folder for the HTML pages")
    p_exp.add_argument("--no-code", action="store_true", help="hide the code cells")
    p_exp.add_argument("--no-execute", action="store_true",
                       help="export the outputs saved in the notebook instead of running it")
    p_exp.set_defaults(func=_export)

    p_rep = sub.add_parser("report", help="personalised team reports")
    try:
        from valuekit import reports
    except ImportError:  # pragma: no cover - reports land in their own issue
        reports = None
    if reports is not None:
        reports.add_arguments(p_rep)
        p_rep.set_defaults(func=reports.run_from_args)
    return parser


def _show_note(message, category, filename, lineno, file=None, line=None):
    """The loader's notes (``valuekit.data.loader.DataNote``) as one plain line."""
    from valuekit.data.loader import DataNote

    if issubclass(category, DataNote):
        print(f"valuekit: note: {message}", file=sys.stderr)
    else:
        _show_warning(message, category, filename, lineno, file, line)


_show_warning = warnings.showwarning


def main(argv: list[str] | None = None) -> int:
    warnings.showwarning = _show_note
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.error(f"`{args.command}` is not available in this installation")
    try:
        return int(args.func(args) or 0)
    except ValueError as err:
        print(f"valuekit: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("valuekit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
