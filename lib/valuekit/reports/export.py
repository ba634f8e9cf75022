"""Self-contained HTML from an executed report notebook, written atomically.

nbconvert's stock HTML templates load require.js, MathJax, Mermaid and the
widget manager from CDNs: offline, a page that waits on them renders late or
not at all, and on a corporate network each is a request that leaves the
building. The report template here extends JupyterLab's ``lab`` template (its
CSS is inlined by nbconvert) and empties every block that emits a
``<script src=...>``. Charts arrive from :mod:`valuekit.charts` as SVG data
URIs, so nothing is left to fetch: :func:`valuekit.export.external_urls` (the check the
handouts share) proves it for a page.
"""

from __future__ import annotations

import threading

import nbformat

from valuekit.export import (
    check_offline,
    external_urls,
    offline_exporter,
    page_language,
    with_root_language,
)

__all__ = ["REPORT_CSS", "check_offline", "external_urls", "notebook_to_html"]

#: The report's styles, after the lab styles; the page is
#: :data:`valuekit.export.OFFLINE_TEMPLATE` (no script from the network) plus these.
REPORT_CSS = r"""
{%- block notebook_css -%}
{{ super() }}
<style type="text/css">
  /* after the lab styles, so that these win */
  body.jp-Notebook { max-width: 1100px; margin: 0 auto; padding: 24px 32px; }
  .jp-Cell { padding: 2px 0; }
  .jp-OutputArea-output { overflow-x: auto; }
  .jp-RenderedHTMLCommon .vk-report table { border-collapse: collapse; margin: 8px 0 16px;
    font-size: 14px; table-layout: auto; }
  .jp-RenderedHTMLCommon .vk-report table th, .jp-RenderedHTMLCommon .vk-report table td {
    padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left; }
  .jp-RenderedHTMLCommon .vk-report table th { background: #f4f6f8; }
  .jp-RenderedHTMLCommon .vk-report table td.num,
  .jp-RenderedHTMLCommon .vk-report table th.num {
    text-align: right; font-variant-numeric: tabular-nums; }
  .vk-report .vk-worse { color: #b3261e; font-weight: 600; }
  .vk-report .vk-better { color: #146c2e; font-weight: 600; }
  .vk-report .vk-note { color: #555; font-size: 13px; }
  .vk-report h1 { margin-bottom: 4px; }
  .vk-report h2 { margin-top: 28px; border-bottom: 2px solid #0a5fa8; padding-bottom: 4px; }
  .vk-report ol.vk-actions li { margin-bottom: 8px; }
  .vk-report li .vk-note, .vk-report li .vk-flag { font-size: inherit; }
  .vk-report .vk-flag { color: #0a5fa8; }
  @media print {
    /* the lab styles keep each cell's output on one page: a section that does not fit
       in what is left of a page then starts a new one and leaves the page half empty.
       Here only the pieces stay whole (a chart, a table, an action), not the sections. */
    body.jp-Notebook { max-width: none; padding: 0; }
    .jp-RenderedHTMLCommon { font-size: 11px; line-height: 1.35; }
    .jp-OutputArea-child, .jp-Cell, .jp-OutputArea-output { break-inside: auto; }
    .jp-RenderedHTMLCommon .vk-report table { font-size: 10px; margin: 4px 0 8px; }
    .jp-RenderedHTMLCommon .vk-report table th,
    .jp-RenderedHTMLCommon .vk-report table td { padding: 2px 6px; }
    .vk-report img, .vk-report table, .vk-report li, .vk-report p { break-inside: avoid; }
    .vk-report img { max-height: 6.2cm; max-width: 100%; width: auto; }
    .vk-report h1 { font-size: 18px; margin-top: 0; }
    .vk-report h2 { margin-top: 12px; font-size: 15px; }
    .vk-report h3 { font-size: 12px; margin: 8px 0 2px; }
    .vk-report p { margin: 4px 0; }
    .jp-RenderedHTMLCommon .vk-report ol.vk-actions li { margin-bottom: 3px; }
    .vk-report h2, .vk-report h3, .vk-report .vk-keep-next { break-after: avoid; }
  }
</style>
{%- endblock notebook_css -%}
"""

#: Tag of template cells that are notes for the template's editors, not the report.
TEMPLATE_ONLY_TAG = "template-only"

_exporter_lock = threading.Lock()
_exporters: dict[int, object] = {}


def _exporter():
    """One configured HTMLExporter per thread (nbconvert exporters keep state)."""
    from traitlets.config import Config

    key = threading.get_ident()
    with _exporter_lock:
        exporter = _exporters.get(key)
    if exporter is None:
        config = Config()
        config.TagRemovePreprocessor.enabled = True
        config.TagRemovePreprocessor.remove_cell_tags = {TEMPLATE_ONLY_TAG}
        exporter = offline_exporter(exclude_input=True, extra_template=REPORT_CSS,
                                    config=config)
        with _exporter_lock:
            _exporters[key] = exporter
    return exporter


def notebook_to_html(nb: nbformat.NotebookNode, title: str | None = None) -> str:
    """The report page of an executed notebook: code hidden, no prompts, nothing external."""
    if title is not None:
        nb = nbformat.from_dict(nb)  # a copy: the caller's notebook keeps its metadata
        nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb)
    return with_root_language(body, page_language(nb))  # lang="zh-CN" for a Chinese report
