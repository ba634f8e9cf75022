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

import copy
from pathlib import Path
from typing import Any

import nbformat

from valuekit._files import atomic_write_text

__all__ = [
    "OFFLINE_TEMPLATE",
    "export_notebook",
    "offline_exporter",
    "offline_html",
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


def _static_widgets(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose widget outputs fall back to their HTML or text snapshot."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
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
    return body


def write_offline_html(
    nb: nbformat.NotebookNode | str | Path, out: str | Path, *, exclude_input: bool = False
) -> Path:
    """Write :func:`offline_html` to ``out`` (UTF-8, atomically) and return its path."""
    return atomic_write_text(out, offline_html(nb, exclude_input=exclude_input))


def _failed_cell(nb: nbformat.NotebookNode) -> str:
    """``cell N: ErrorName: message`` for the first cell whose output is an error."""
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, 1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"code cell {number}: {output.get('ename')}: {output.get('evalue')}"
    return "a cell failed"


def export_notebook(
    source: str | Path,
    out_dir: str | Path,
    *,
    code: bool = True,
    execute: bool = True,
    timeout: int = 600,
) -> Path:
    """Run a notebook top to bottom on a fresh kernel (``execute``) and write it as one
    offline HTML page, ``<out_dir>/<name>.html``: a handout that opens anywhere, with no
    network. ``code=False`` hides the code cells. The notebook file itself is not changed.

    Raises ValueError naming the notebook (and the failing cell) when it is missing, is not
    a notebook, or stops with an error; nothing is written then.
    """
    source, out = Path(source), Path(out_dir)
    if not source.is_file():
        raise ValueError(f"no notebook at {source}")
    try:
        nb = nbformat.read(source, as_version=4)
    except Exception as err:  # nbformat raises several types for a file that is not JSON
        raise ValueError(f"{source} is not a Jupyter notebook: {err}") from None
    if execute:
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(source.parent)}})
        try:
            client.execute()
        except CellExecutionError:
            raise ValueError(f"{source}: {_failed_cell(nb)}; no HTML written") from None
    out.mkdir(parents=True, exist_ok=True)
    return write_offline_html(nb, out / f"{source.stem}.html", exclude_input=not code)
