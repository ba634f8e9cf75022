"""Export an executed notebook to one self-contained HTML file that loads nothing from the web.

nbconvert's ``lab`` template references require.js, MathJax and mermaid on cdnjs and, when a
notebook stored widget state, the widget manager on unpkg: on an offline network each is a
failed request (and the widgets a blank box). This exporter keeps the lab look (its CSS is
inlined by nbconvert) but leaves those scripts out, and shows each widget as the static
snapshot it carries in its display data
(:meth:`valuekit.widgets.Interactive._repr_mimebundle_`), so the file is the same on a
laptop, in an e-mail or on an intranet. Math in Markdown stays as TeX source (no MathJax).
The team reports (:mod:`valuekit.reports.export`) use the same template with their own CSS.
"""

from __future__ import annotations

import base64
import binascii
import copy
import html.parser
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

from valuekit._files import atomic_write_text
from valuekit.i18n import N_

__all__ = [
    "OFFLINE_TEMPLATE",
    "ExternalContentError",
    "export_notebook",
    "external_urls",
    "notebook_title",
    "output_names",
    "offline_exporter",
    "offline_html",
    "page_language",
    "with_root_language",
    "write_offline_html",
]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: Extends nbconvert's ``lab`` HTML template with every block that would load a script from
#: the network emptied. Append ``{% block notebook_css %}...`` for a page's own styles.
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def offline_exporter(
    *, exclude_input: bool = False, extra_template: str = "", config: Any = None
) -> Any:
    """An nbconvert ``HTMLExporter`` on :data:`OFFLINE_TEMPLATE` (plus ``extra_template``
    blocks); ``exclude_input=True`` hides code cells and prompts."""
    from nbconvert import HTMLExporter  # imported on use: nbconvert is slow to import

    exporter = HTMLExporter(
        **({"config": config} if config is not None else {}),
        template_name="lab",
        exclude_input=exclude_input,
        exclude_input_prompt=exclude_input,
        exclude_output_prompt=exclude_input,
        embed_images=True,
    )
    exporter.raw_template = OFFLINE_TEMPLATE + extra_template
    return exporter


_ROOT = re.compile(r'<html lang="[^"]*">')


def page_language(nb: nbformat.NotebookNode) -> str:
    """The ``lang`` of the page of ``nb``: ``zh-CN`` for a Chinese notebook (``valuekit
    i18n build`` writes ``metadata.valuekit.language``) or a Chinese team report (papermill's
    ``language`` parameter), else ``en``."""
    from valuekit import i18n

    meta = nb.get("metadata", {})
    lang = (meta.get("valuekit") or {}).get("language") or (
        (meta.get("papermill") or {}).get("parameters") or {}).get("language")
    return i18n.html_lang(lang) if isinstance(lang, str) else "en"


def with_root_language(page: str, lang: str) -> str:
    """``page`` with ``lang`` on its ``<html>`` root (nbconvert's template writes its
    ``language_code``, which must be ISO 639-1, so ``zh-CN`` is set here)."""
    new, count = _ROOT.subn(f'<html lang="{lang}">', page, count=1)
    if count != 1:
        raise ValueError('the page has no <html lang="..."> root')
    return new


_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.S | re.M)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_INLINE = re.compile(r"<[^>]+>|`|\*\*|__|(?<!\w)[*_]|[*_](?!\w)")


def notebook_title(nb: nbformat.NotebookNode) -> str | None:
    """The title of ``nb`` as its reader sees it: the text of the first Markdown heading
    (links, code marks, emphasis and HTML tags taken out), in the notebook's own language;
    None when no Markdown cell has a heading. A handout's page ``<title>`` (the browser tab,
    a bookmark, a printed page's header) says it, rather than nbconvert's "Notebook"."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        match = _HEADING.search(_FENCE.sub("", text))  # a "# comment" in code is no heading
        if match:
            title = " ".join(_INLINE.sub("", _LINK.sub(r"\1", match.group(1))).split())
            if title:
                return title
    return None


def _static_widgets(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose widget outputs fall back to their HTML or text snapshot, and
    whose page title is its own (:func:`notebook_title`) unless its metadata names one."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    title = notebook_title(nb)
    if title and not nb.metadata.get("title"):
        nb.metadata["title"] = title
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
    return nb


def offline_html(
    nb: nbformat.NotebookNode | str | Path, *, exclude_input: bool = False
) -> str:
    """The notebook as one HTML page with no external script, style or font.

    ``exclude_input=True`` hides the code cells (for handouts).
    """
    if isinstance(nb, str | Path):
        path = Path(nb)
        if not path.is_file():
            raise ValueError(f"no notebook at {path}")
        nb = nbformat.read(path, as_version=4)
    body, _ = offline_exporter(exclude_input=exclude_input).from_notebook_node(
        _static_widgets(nb)
    )
    return with_root_language(body, page_language(nb))


def write_offline_html(
    nb: nbformat.NotebookNode | str | Path, out: str | Path, *, exclude_input: bool = False
) -> Path:
    """Write :func:`offline_html` to ``out`` (UTF-8, atomically) and return its path."""
    return atomic_write_text(out, offline_html(nb, exclude_input=exclude_input))


# ---------------------------------------------------------------------------------------
# Offline check, shared by handouts and team reports

# A URL is external when it names a scheme with a host (http://, https://, ftp://, ws://)
# or is protocol-relative (//host/...). data:, #fragment and relative paths stay local.
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)""", re.IGNORECASE)
_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)'|([^\s;]+))""", re.IGNORECASE)
_DATA_SVG = re.compile(r"^\s*data:image/svg\+xml;base64,([A-Za-z0-9+/=\s]+)$", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)

#: Attributes whose URL the browser fetches as soon as the page is shown.
_LOADING_ATTRS = frozenset({"src", "xlink:href", "data", "poster", "background", "srcset"})
#: Elements whose ``href`` is fetched when the page is shown (stylesheets, icons, SVG
#: images and ``<use>``), as opposed to a link the reader may follow (``<a>``, ``<area>``).
_LOADING_HREF = frozenset({"link", "image", "use", "feimage", "script", "tref"})
#: Attributes that are links the reader may follow (navigation, not loading).
_LINK_ATTRS = frozenset({"href", "action", "formaction", "cite", "longdesc"})


class _URLCollector(html.parser.HTMLParser):
    """Collects the URLs of a page from its markup only: attributes, ``<style>`` text and
    ``style`` attributes. Text content is never read as a URL: an escaped product name such
    as ``Consulting url(https://acme.example)`` is words on the page, not a request."""

    def __init__(self, links: bool):
        super().__init__(convert_charrefs=True)
        self.links = links
        self.loads: list[str] = []
        self.svg_data: list[str] = []
        self._in_style = 0

    def _css(self, text: str) -> None:
        for pattern in (_CSS_URL, _IMPORT):
            for match in pattern.finditer(text):
                value = next((g for g in match.groups() if g is not None), "")
                self._url(value)

    def _url(self, value: str) -> None:
        data = _DATA_SVG.match(value)
        if data:
            self.svg_data.append(data.group(1))
        elif _EXTERNAL.match(value):
            self.loads.append(value.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "style":
            self._in_style += 1
        attributes = {(name or "").lower(): value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name == "srcset":  # "url width, url width": each url counts
                for part in value.split(","):
                    if part.split():
                        self._url(part.split()[0])
            elif self._fetches(tag, name):
                self._url(value)
            elif name == "style":
                self._css(value)
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.search(attributes.get("content", ""))
            if match:
                self._url(match.group(1))

    def _fetches(self, tag: str, name: str) -> bool:
        loads = name in _LOADING_ATTRS or (name == "href" and tag in _LOADING_HREF)
        return loads or (self.links and name in _LINK_ATTRS)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() == "style" and self._in_style:
            self._in_style -= 1

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data)


def external_urls(page: str, *, links: bool = True, _depth: int = 0) -> list[str]:
    """Every external URL the page would load (and, with ``links``, link to), in order.

    Reads the markup as a browser would (:class:`html.parser.HTMLParser`):
    ``src``-like attributes, the ``href`` of ``<link>`` and SVG ``<image>``/``<use>``,
    CSS ``url(...)`` and ``@import`` in ``<style>`` elements and ``style``
    attributes, a ``<meta http-equiv=refresh>`` target, and the same inside SVG
    images embedded as base64 data URIs (a chart could hide a font or image URL there).
    ``links=True`` also counts links the reader may follow (``<a href>``, form
    actions). Text is never a URL: an escaped name that reads
    ``url(https://...)`` is not a request; nor is a namespace declaration such as
    ``xmlns="http://www.w3.org/2000/svg"``.
    """
    collector = _URLCollector(links)
    collector.feed(page)
    collector.close()
    found = list(collector.loads)
    if _depth < 2:
        for encoded in collector.svg_data:
            try:
                svg = base64.b64decode("".join(encoded.split())).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                continue
            found.extend(external_urls(svg, links=links, _depth=_depth + 1))
    return found


class ExternalContentError(ValueError):
    """A page would load something from the network; it is not written."""


def check_offline(page: str, what: str, *, links: bool = True) -> None:
    """Raise :class:`ExternalContentError` naming ``what`` when ``page`` would load (or,
    with ``links``, link to) an external URL."""
    found = external_urls(page, links=links)
    if found:
        raise ExternalContentError(N_(
            "{what} would load {count} external URL(s), e.g. {url}; pages must render "
            "offline", what=what, count=len(found), url=found[0]))


def output_names(sources: Sequence[str | Path]) -> list[str]:
    """The HTML file name of each notebook of one export, all distinct.

    ``<name>.html`` normally; notebooks that share a name (``notebooks/01_x.ipynb`` and
    ``solutions/01_x.ipynb``) get their folder's name in front
    (``notebooks-01_x.html``, ``solutions-01_x.html``). The same notebook given twice, or
    names that still clash, raise ValueError: one HTML file must not silently replace
    another of the same export.
    """
    paths = [Path(s) for s in sources]
    resolved = [p.resolve() for p in paths]
    repeated = sorted({str(p) for p, r in zip(paths, resolved, strict=True)
                       if resolved.count(r) > 1})
    if repeated:
        raise ValueError(N_("notebook given more than once: {names}",
                            names=", ".join(repeated)))
    stems = [p.stem.casefold() for p in paths]
    names = []
    for p, r, stem in zip(paths, resolved, stems, strict=True):
        if stems.count(stem) > 1:
            names.append(f"{r.parent.name}-{p.stem}.html")
        else:
            names.append(f"{p.stem}.html")
    folded = [n.casefold() for n in names]
    clashes = sorted({str(p) for p, n in zip(paths, folded, strict=True)
                      if folded.count(n) > 1})
    if clashes:
        raise ValueError(N_(
            "these notebooks would write the same HTML file; export them into different "
            "--out folders: {names}", names=", ".join(clashes)))
    return names


def _failed_cell(nb: nbformat.NotebookNode) -> str:
    """``cell N: ErrorName: message`` for the first cell whose output is an error."""
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, 1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return N_("code cell {number}: {ename}: {evalue}", number=number,
                          ename=output.get("ename"), evalue=output.get("evalue"))
    return N_("a cell failed")


def export_notebook(
    source: str | Path,
    out_dir: str | Path,
    *,
    code: bool = True,
    execute: bool = True,
    timeout: int = 600,
    name: str | None = None,
    allow_external: bool = False,
) -> Path:
    """Run a notebook top to bottom on a fresh kernel (``execute``) and write it as one
    offline HTML page, ``<out_dir>/<name>.html``: a handout that opens anywhere, with no
    network. ``code=False`` hides the code cells. The notebook file itself is not changed.
    ``name`` is the HTML file's name (default ``<notebook name>.html``; see
    :func:`output_names`).

    Raises ValueError naming the notebook (and the failing cell) when it is missing, is not
    a notebook, stops with an error, exceeds ``timeout`` seconds in a cell or kills its
    kernel, when ``out_dir`` cannot be a folder, or when the page would load anything from
    the network (an ``<img>``, ``<script src>``, stylesheet or CSS ``url()`` pointing at a
    web address: :class:`ExternalContentError`, unless ``allow_external``); nothing is
    written then.
    """
    # resolved once here: the kernel runs in the notebook's folder, relative paths would not
    source, out = Path(source), Path(out_dir).resolve()
    if not source.is_file():
        raise ValueError(N_("no notebook at {path}", path=str(source)))
    try:
        nb = nbformat.read(source, as_version=4)
    except Exception as err:  # nbformat raises several types for a file that is not JSON
        raise ValueError(N_("{path} is not a Jupyter notebook: {error}", path=str(source),
                            error=str(err))) from None
    _check_out_dir(out)
    if execute:
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(source.resolve().parent)}})
        try:
            client.execute()
        except CellTimeoutError:
            raise ValueError(N_(
                "{path}: a cell ran longer than {timeout} s (the timeout); no HTML written",
                path=str(source), timeout=timeout)) from None
        except CellExecutionError:
            raise ValueError(N_("{path}: {cell}; no HTML written", path=str(source),
                                cell=_failed_cell(nb))) from None
        except DeadKernelError:
            raise ValueError(N_(
                "{path}: the kernel died while running the notebook (out of memory?); "
                "no HTML written", path=str(source))) from None
    page = offline_html(nb, exclude_input=not code)
    if not allow_external:
        check_offline(page, str(source), links=False)
    try:
        out.mkdir(parents=True, exist_ok=True)
        return atomic_write_text(out / (name or f"{source.stem}.html"), page)
    except OSError as err:
        raise ValueError(N_("cannot write to {path}: {error}", path=str(out),
                            error=str(err.strerror or err))) from None


def _check_out_dir(out: Path) -> None:
    """ValueError when ``out`` is, or lies inside, a file (checked before any kernel runs)."""
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                where = (N_("is a file") if folder == out
                         else N_("is inside the file {file}", file=str(folder)))
                raise ValueError(N_("{option} must be a folder; {path} {where}",
                                    option="--out", path=str(out), where=where))
            return
