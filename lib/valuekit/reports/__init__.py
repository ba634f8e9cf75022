"""Personalised team reports: the batch runner behind ``valuekit report``.

::

    valuekit report --team all --out out/reports            # every team, HTML + index.html
    valuekit report --team T06 "West Enterprise" --jobs 2   # some teams, by id or name
    valuekit report --team all --data my_crm_export/ --period-end 2025-06-30

Python::

    from valuekit.reports import run_reports
    batch = run_reports(["all"], "out/reports")
    batch.failed        # [] when every report was written

Modules: :mod:`~valuekit.reports.runner` (parallel papermill runs, one
process), :mod:`~valuekit.reports.export` (offline HTML, atomic writes),
:mod:`~valuekit.reports.naming` (safe file names), :mod:`~valuekit.reports.render`
(the report's sections and the index page), :mod:`~valuekit.reports.mapping`
(a CRM export's columns to the kit's). The figures themselves are computed
by :mod:`valuekit.team_report`. This package imports papermill and nbconvert
only when a batch runs, so ``valuekit --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["add_arguments", "run_from_args", "run_reports"]


def run_reports(*args: Any, **kwargs: Any):
    """Run a batch of team reports; see :func:`valuekit.reports.runner.run_reports`."""
    from valuekit.reports.runner import run_reports as _run

    return _run(*args, **kwargs)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``valuekit report``."""
    parser.description = (
        "Write one self-contained HTML report per sales team (code hidden, charts inline, "
        "nothing loaded from the network) and an index.html linking them."
    )
    parser.add_argument(
        "--team", nargs="+", required=True, metavar="TEAM",
        help='"all", or one or more team ids or names (quote names with spaces)',
    )
    parser.add_argument("--out", default="out/reports", help="output folder (default: %(default)s)")
    parser.add_argument(
        "--jobs", type=int, default=None,
        help="reports run at once (default: one per CPU core)",
    )
    parser.add_argument(
        "--format", nargs="+", default=["html"], choices=["html", "pdf"], dest="formats",
        help="html (always written), and pdf to also print each report with the machine's "
        "Chromium",
    )
    parser.add_argument(
        "--keep-ipynb", action="store_true", help="also keep each executed notebook"
    )
    parser.add_argument(
        "--data", default=None, metavar="DIR",
        help="folder of the kit's CSV tables (default: the sample data)",
    )
    parser.add_argument(
        "--period-end", default=None, metavar="YYYY-MM-DD",
        help="date the reports are as of (default: the sample's 2025-12-31)",
    )
    parser.add_argument(
        "--compare-to", default=None, metavar="YYYY-MM-DD",
        help="show the change since the report as of this date (default: one month before "
        "--period-end); the figures a run of that date saved in OUT/history/ are used when "
        "present, otherwise they are computed from the data")
    parser.add_argument("--language", default="en",
                        help="report language: en (default) or zh (Simplified Chinese)")
    parser.add_argument(
        "--template", default=None, help="report template notebook (default: the kit's)"
    )
    parser.add_argument(
        "--timeout", type=float, default=600,
        help="seconds one notebook cell may run (default: %(default)s)",
    )
    parser.add_argument(
        "--fresh-kernels", action="store_true",
        help="start a new kernel for every report (slower; by default each job reuses its "
        "kernel and clears it between reports)",
    )
    parser.add_argument(
        "--scheduler", default=None, metavar="ADDRESS",
        help="run the batch on Dask: 'local' starts a cluster of --jobs workers on this "
        "machine, tcp://HOST:8786 uses a running one (needs valuekit[dask]; default: "
        "in this process)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--verbose", action="store_true", help="show the kernels' own messages on stderr"
    )


def run_from_args(args: argparse.Namespace) -> int:
    """Run ``valuekit report``: 0 when every report was written, 1 when any failed.

    Bad input (unknown team, bad data folder, date, language, an output folder
    that is a file or cannot be written) raises ValueError before any kernel
    starts; the CLI prints it as one line and exits with 2.
    """
    from valuekit import i18n

    # the command's own lines follow the report's language (or VALUEKIT_LANG=zh)
    with i18n.using(args.language if args.language != "en" else None):
        return _run_and_say(args)


def _run_and_say(args: argparse.Namespace) -> int:
    from valuekit._terminal import printable
    from valuekit.i18n import N_, localize
    from valuekit.reports.runner import run_reports as _run

    batch = _run(
        args.team,
        args.out,
        data_dir=args.data,
        period_end=args.period_end,
        compare_to=args.compare_to,
        language=args.language,
        jobs=args.jobs,
        formats=args.formats,
        keep_ipynb=args.keep_ipynb,
        template=args.template,
        timeout=args.timeout,
        progress=not args.quiet,
        quiet_kernels=not args.verbose,
        reuse_kernels=not args.fresh_kernels,
        scheduler=args.scheduler,
    )
    print(printable(localize(N_(
        "wrote {ok} of {total} team report(s) to {out} in {seconds} s; index: {index} (it "
        "lists every report in the folder)", ok=len(batch.succeeded),
        total=len(batch.results), out=str(args.out), seconds=f"{batch.seconds:.1f}",
        index=str(batch.index)), "reports")))
    if batch.failed:
        failed = localize(N_("{n} report(s) failed:", n=len(batch.failed)), "reports")
        print(f"valuekit: {failed}", file=sys.stderr)
        for r in batch.failed:
            print(f"  {printable(r.team.team_name)} ({printable(r.team.team_id)}): "
                  f"{printable(r.error)}", file=sys.stderr)
        return 1
    return 0
