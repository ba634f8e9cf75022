"""Reading, writing, extracting and merging the kit's gettext catalogs (Babel).

Two families, one format (PO):

- the library's catalogs, package data: ``lib/valuekit/locale/<domain>.pot`` (template,
  extracted from the code by Babel's Python extractor, keywords ``_``, ``N_`` and
  ``translate`` with a literal domain) and ``lib/valuekit/locale/zh_CN/LC_MESSAGES/
  <domain>.po``. Domain ``valuekit`` for the library, one per question module
  (``m01_value`` ...), named after the module, so translators work on them in parallel;
- the documents' catalogs: ``i18n/zh_CN/{notebooks,solutions,docs}/<stem>.po``, one per
  document, whose template is made from the English document itself (:mod:`.units`).

Merging is Babel's :meth:`~babel.messages.catalog.Catalog.update`: a msgid that changed
keeps its old translation marked ``fuzzy`` with the old msgid as ``#| msgid`` (the
translator sees what changed), a new one arrives empty. Fuzzy and empty entries are never
shown (:func:`valuekit.i18n.translate` falls back to English) and make ``valuekit i18n
check`` fail. Files are written deterministically (no wrapping, dates kept), so an update
that changes nothing rewrites nothing.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import denormalize, read_po, write_po

__all__ = ["LIBRARY_DOMAIN", "extract_library", "library_domains", "merge", "read_catalog",
           "render_catalog", "write_catalog"]

LIBRARY_DOMAIN = "valuekit"
#: The team report's words (valuekit/team_report/) and the messages of the commands that
#: write reports and handouts (``valuekit report``, ``valuekit export``: cli.py, export.py,
#: _files.py, reports/): a domain of their own, so that they are translated and reviewed
#: apart from the library's catalog.
REPORTS_DOMAIN = "reports"
_REPORTS_FILES = ("cli.py", "export.py", "_files.py")
LOCALE = "zh_CN"
KEYWORDS = ("_", "N_", "translate")
_QUESTION_MODULE = re.compile(r"^m\d\d_\w+$")
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
#: New catalogs' header dates: fixed, so a file depends only on its messages.
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def new_catalog(locale: str | None = LOCALE, domain: str | None = None) -> Catalog:
    catalog = Catalog(locale=locale, domain=domain, project="valuekit", version="",
                      copyright_holder="the valuekit authors", charset="utf-8",
                      msgid_bugs_address="")
    catalog.creation_date = catalog.revision_date = _EPOCH
    catalog.fuzzy = False  # the header is not a translation to review
    return catalog


def read_catalog(path: str | Path, locale: str | None = LOCALE) -> Catalog:
    with Path(path).open("rb") as handle:
        catalog = read_po(handle, locale=locale, abort_invalid=True)
    for message in catalog:
        _previous_from_comments(message)
    return catalog


def _previous_from_comments(message) -> None:
    """Babel 2.18's reader keeps a ``#| msgid`` line as a translator comment ("| msgid
    ..."), so it would be written back as "# | msgid" and lose its meaning; turn it back into
    the message's previous msgid."""
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines or not lines[0].startswith("msgid "):
        return
    text = " ".join([lines[0][len("msgid "):], *(ln for ln in lines[1:] if ln.startswith('"'))])
    message.previous_id = [denormalize("\n".join(_PO_STRING.findall(text)))]
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]


def render_catalog(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=False, include_previous=True,
             ignore_obsolete=True)
    return out.getvalue()


def write_catalog(path: str | Path, catalog: Catalog) -> bool:
    """Write ``catalog`` to ``path`` when its text changed; True when written."""
    path = Path(path)
    data = render_catalog(catalog)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # never a half-written catalog
    return True


def merge(po: Catalog | None, template: Catalog) -> Catalog:
    """``po`` brought in step with ``template`` (a copy; Babel's fuzzy matching keeps a
    changed msgid's old translation as fuzzy with ``#| msgid``); a new catalog from
    ``template`` when ``po`` is None."""
    if po is None:
        po = new_catalog(domain=template.domain)
    merged = copy.deepcopy(po)
    tpl = copy.deepcopy(template)
    tpl.creation_date = merged.creation_date
    merged.update(tpl, no_fuzzy_matching=False, update_header_comment=False,
                  keep_user_comments=True, update_creation_date=False)
    merged.obsolete.clear()  # obsolete entries are history git keeps; not shipped
    for message in merged:  # Babel drops the #| line of an entry still fuzzy: keep it
        old = po.get(message.id) if message.id else None
        if message.fuzzy and not message.previous_id and old is not None and old.fuzzy:
            message.previous_id = list(old.previous_id)
    return merged


# -- the library's catalogs --------------------------------------------------------------
def package_dir(root: str | Path | None = None) -> Path:
    """The library's folder: ``root/lib/valuekit`` in a checkout given as ``root``, else the
    package this code runs from (so ``--root`` never writes into another copy's catalogs)."""
    if root is not None and (Path(root) / "lib" / "valuekit").is_dir():
        return (Path(root) / "lib" / "valuekit").resolve()
    return Path(__file__).resolve().parent.parent


def locale_dir(root: str | Path | None = None) -> Path:
    return package_dir(root) / "locale"


def library_domains(root: str | Path | None = None) -> list[str]:
    """``valuekit``, ``reports`` and every question module's domain (``m00_example``,
    ``m01_value`` ...)."""
    modules = sorted(p.stem for p in (package_dir(root) / "exercises").glob("m[0-9][0-9]_*.py")
                     if _QUESTION_MODULE.match(p.stem))
    return [LIBRARY_DOMAIN, REPORTS_DOMAIN, *modules]


def _domain_of(path: Path) -> str:
    if path.parent.name == "exercises" and _QUESTION_MODULE.match(path.stem):
        return path.stem
    if path.parent.name in ("team_report", "reports") or (
            path.name in _REPORTS_FILES and path.parent.name == "valuekit"):
        return REPORTS_DOMAIN
    return LIBRARY_DOMAIN


def _library_files(root: str | Path | None = None) -> Iterable[Path]:
    package = package_dir(root)
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts or (path.parent == package / "i18n"
                                           and path.name != "code_comments.py"):
            continue  # the i18n package's own docstrings show the markers as examples
        yield path


def _extract(templates: dict[str, Catalog], source: bytes, where: tuple[str, int | None],
             default_domain: str) -> None:
    for _lineno, funcname, messages, comments in extract_python(
            io.BytesIO(source), KEYWORDS, [], {"encoding": "utf-8"}):
        args = messages if isinstance(messages, tuple) else (messages,)
        msgid = args[0] if args else None
        if not isinstance(msgid, str) or not msgid:
            continue
        domain = default_domain
        if funcname == "translate" and len(args) > 1:
            if not isinstance(args[1], str):
                continue  # a computed domain: extracted where the msgid is written
            domain = args[1]
        catalog = templates.setdefault(domain, new_catalog(locale=None, domain=domain))
        existing = catalog.get(msgid)
        if existing is None:
            catalog.add(msgid, locations=[where], auto_comments=comments)
        elif where not in existing.locations:
            existing.locations.append(where)


def extract_library(root: str | Path | None = None) -> dict[str, Catalog]:
    """One template per library domain, from every ``_``, ``N_`` and ``translate`` call with
    a literal string in the library (``translate(msg, "m01_value")`` goes to the domain it
    names). Locations carry the file but not the line, so moving code does not touch the
    catalogs. With ``root`` (a checkout), the code cells of ``notebooks/*.ipynb`` and
    ``solutions/*.ipynb`` too: a word a cell shows (a chart title) is written
    ``translate("...")`` there and lands in domain ``valuekit``."""
    templates = {d: new_catalog(locale=None, domain=d) for d in library_domains(root)}
    base = package_dir(root).parent
    for path in _library_files(root):
        _extract(templates, path.read_bytes(), (path.relative_to(base).as_posix(), None),
                 _domain_of(path))
    if root is not None:
        import nbformat

        for folder in ("notebooks", "solutions"):
            for nb_path in sorted((Path(root) / folder).glob("*.ipynb")):
                nb = nbformat.read(nb_path, as_version=4)
                rel = f"{folder}/{nb_path.name}"
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type == "code" and "translate(" in cell.source:
                        _extract(templates, cell.source.encode("utf-8"), (rel, index + 1),
                                 LIBRARY_DOMAIN)
    return templates


def library_paths(domain: str, root: str | Path | None = None) -> tuple[Path, Path]:
    """(template, Chinese catalog) of a library domain."""
    return (locale_dir(root) / f"{domain}.pot",
            locale_dir(root) / LOCALE / "LC_MESSAGES" / f"{domain}.po")

