"""The ``valuekit`` command.

Subcommands::

    valuekit data generate [--seed S] [--accounts N] [--out DIR]
    valuekit data check [DIR] [--for all|reports]
    valuekit exercises build [--check]
    valuekit report --team all --out DIR [--jobs N] [--format html]
    valuekit export NOTEBOOK... [--out DIR] [--no-code] [--no-execute]
    valuekit clv TRANSACTIONS.csv --customer COL --date COL --value COL --out DIR
    valuekit i18n build|update [--add PATH]|check [--all]

Each subcommand's work lives in its own module; this file only parses
arguments and turns errors into one clean line on stderr, never a traceback:

- ``2``: bad input or usage (the kit's ``ValueError``: unknown team, bad data,
  an output folder that is a file or cannot be written, ...); nothing was run;
- ``1``: the command ran and some of its work failed (a report, a notebook), or
  the system refused a file operation midway (``OSError``: a full disk, ...);
- ``130``: interrupted (Ctrl-C); ``143``: terminated (SIGTERM), ``129``: SIGHUP.

Text from data (team and file names) is printed with control characters escaped
(:func:`valuekit._terminal.printable`), so a name cannot drive the terminal.
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
    from valuekit._files import writable_folder
    from valuekit._terminal import printable
    from valuekit.export import ExternalContentError, export_notebook, output_names
    from valuekit.i18n import N_, localize

    # checked before any notebook runs (exit 2): names that would overwrite each other,
    # an --out that is a file
    names = output_names(args.notebooks)
    writable_folder(args.out, "--out")  # a file, inside a file, read-only: exit 2 now
    failed = 0
    for source, name in zip(args.notebooks, names, strict=True):
        try:
            page = export_notebook(source, args.out, code=not args.no_code,
                                   execute=not args.no_execute, name=name,
                                   timeout=args.timeout,
                                   allow_external=args.allow_external)
        except ValueError as err:
            text = shown(err)
            if isinstance(err, ExternalContentError):
                text = localize(N_("{error} (pass --allow-external to write it anyway)",
                                   error=text), "reports")
            print(f"valuekit: error: {printable(text)}", file=sys.stderr)
            failed += 1
            continue
        print(printable(localize(N_("wrote {page}", page=str(page)), "reports")))
    return 1 if failed else 0


def shown(err: BaseException) -> str:
    """An error's message in the language the kit shows (``VALUEKIT_LANG=zh``): a message
    raised as ``N_(...)`` (:class:`valuekit.i18n.Message`) is translated, any other as it
    is (its English)."""
    from valuekit.i18n import Message, localize

    if len(err.args) == 1 and isinstance(err.args[0], Message):
        return localize(err.args[0], "reports", "valuekit")
    return str(err)


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
    p_exp.add_argument("--timeout", type=int, default=600,
                       help="seconds one cell may run (default: %(default)s)")
    p_exp.add_argument("--allow-external", action="store_true",
                       help="write a page even if it loads images or scripts from the web "
                       "(refused by default: handouts must open offline)")
    p_exp.set_defaults(func=_export)

    from valuekit import clv_command

    p_clv = sub.add_parser("clv", help="lifetime value of each customer from a transaction log")
    clv_command.add_arguments(p_clv)
    p_clv.set_defaults(func=clv_command.run_from_args)

    p_rep = sub.add_parser("report", help="personalised team reports")
    try:
        from valuekit import reports
    except ImportError:  # pragma: no cover - reports land in their own issue
        reports = None
    if reports is not None:
        reports.add_arguments(p_rep)
        p_rep.set_defaults(func=reports.run_from_args)

    from valuekit.hub import add_parsers as add_hub_parsers  # the workshop server (issue 13)

    add_hub_parsers(sub)
    from valuekit.i18n.command import add_parsers as add_i18n_parsers  # the Chinese edition

    add_i18n_parsers(sub)
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
    from valuekit._terminal import printable

    try:
        return int(args.func(args) or 0)
    except ValueError as err:
        # keep_newlines: some messages end with a second line of advice
        print(f"valuekit: error: {printable(shown(err), keep_newlines=True)}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        signum = getattr(err, "signum", None)  # valuekit.reports.runner.Terminated
        if signum is not None:
            print(f"valuekit: terminated (signal {signum})", file=sys.stderr)
            return 128 + signum
        print("valuekit: interrupted", file=sys.stderr)
        return 130
    except OSError as err:  # the system refused a file operation midway (disk full, ...)
        where = f": {err.filename}" if err.filename else ""
        print(f"valuekit: error: {printable(err.strerror or err)}{printable(where)}",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
