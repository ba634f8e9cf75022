"""``valuekit i18n build|update|check``: the Chinese edition's generator (docs/authoring.md,
"Translating the kit")."""

from __future__ import annotations

import argparse
from pathlib import Path


def _build(args: argparse.Namespace) -> int:
    from valuekit.i18n import documents

    root = Path(args.root)
    changed = documents.build(root)
    for name in changed:
        print(f"wrote {name}")
    print(f"{len(changed)} file(s) changed; "
          f"{sum(len(documents.translated(root, k)) for k in documents.KINDS)} "
          "translated document(s)")
    return 0


def _update(args: argparse.Namespace) -> int:
    from valuekit.i18n import documents

    written = documents.update(Path(args.root), add=tuple(args.add))
    for name in written:
        print(f"updated {name}")
    print(f"{len(written)} catalog(s) changed; next: translate the empty and fuzzy entries, "
          "then `valuekit i18n build`")
    return 0


def _check(args: argparse.Namespace) -> int:
    from valuekit.i18n import documents

    findings = documents.check(Path(args.root))
    failures = [f for f in findings if f.failure]
    for finding in findings:
        if finding.failure or args.all:
            print(finding)
    waiting = sum(1 for f in findings if not f.failure)
    print(f"{len(failures)} problem(s); {waiting} document(s) not yet translated"
          + ("" if args.all else " (--all lists them)"))
    return 1 if failures else 0


def add_parsers(sub) -> None:
    p = sub.add_parser("i18n", help="the Chinese edition: catalogs, generated documents")
    actions = p.add_subparsers(dest="action", required=True)
    specs = [("build", _build, "write notebooks/zh, solutions/zh, exercises/zh, docs/zh"),
             ("update", _update, "extract the English strings and merge every catalog"),
             ("check", _check, "list missing and stale translations and out-of-date files")]
    for name, func, text in specs:
        a = actions.add_parser(name, help=text)
        a.add_argument("--root", default=".", help="the kit's folder")
        a.set_defaults(func=func)
        if name == "update":
            a.add_argument("--add", action="append", default=[], metavar="PATH",
                           help="start the translation of a document (notebooks/NN_*.ipynb, "
                           "solutions/NN_*.ipynb, docs/*.md); repeatable")
        if name == "check":
            a.add_argument("--all", action="store_true",
                           help="also list the documents not yet translated")
