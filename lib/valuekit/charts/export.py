"""Export an executed notebook to one self-contained HTML file that loads nothing from the web.

nbconvert's ``lab`` template references require.js, MathJax and mermaid on cdnjs and, when a
notebook stored widget state, the widget manager on unpkg: on an offline network each is a
failed request (and the widgets a blank box). This exporter keeps the lab look but leaves
those scripts out, and shows each widget as the static snapshot it carries in its display
data (:meth:`valuekit.widgets.Interactive._repr_mimebundle_`), so the file is the same on a
laptop, in an e-mail or on an intranet. Math in Markdown stays as TeX source (no MathJax).
"""

from __future__ import annotations

import copy
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter

__all__ = ["offline_html", "write_offline_html"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


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

    ``exclude_input=True`` hides the code cells (for reports).
    """
    if isinstance(nb, str | Path):
        path = Path(nb)
        if not path.is_file():
            raise ValueError(f"no notebook at {path}")
        nb = nbformat.read(path, as_version=4)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"valuekit_offline.html.j2": _TEMPLATE})],
        template_file="valuekit_offline.html.j2",
        exclude_input=exclude_input,
        exclude_input_prompt=exclude_input,
        exclude_output_prompt=exclude_input,
    )
    body, _ = exporter.from_notebook_node(_static_widgets(nb))
    return body


def write_offline_html(
    nb: nbformat.NotebookNode | str | Path, out: str | Path, *, exclude_input: bool = False
) -> Path:
    """Write :func:`offline_html` to ``out`` (UTF-8) and return its path."""
    out = Path(out)
    out.write_text(offline_html(nb, exclude_input=exclude_input), encoding="utf-8")
    return out
