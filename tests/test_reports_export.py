"""Offline HTML export and atomic writes of the report runner."""

from __future__ import annotations

import base64

import nbformat
import pytest

from valuekit.reports import export

# ---------------------------------------------------------------------------------------
# external_urls: the checker the runner and the batch tests rely on must itself be right


@pytest.mark.parametrize(
    "page, expected",
    [
        ('<script src="https://cdn.example.com/require.js"></script>',
         ["https://cdn.example.com/require.js"]),
        ("<link rel=stylesheet href='http://x.org/a.css'>", ["http://x.org/a.css"]),
        ("<img src=//cdn.example.com/a.png>", ["//cdn.example.com/a.png"]),
        ('<style>@import "https://fonts.googleapis.com/css?family=Roboto";</style>',
         ["https://fonts.googleapis.com/css?family=Roboto"]),
        ("<style>@import url(https://x.org/b.css);</style>", ["https://x.org/b.css"]),
        ("<div style=\"background: url('https://x.org/bg.png')\"></div>",
         ["https://x.org/bg.png"]),
        ('<img srcset="a.png 1x, https://x.org/b.png 2x">', ["https://x.org/b.png"]),
        ('<svg><image xlink:href="https://x.org/i.png"/></svg>', ["https://x.org/i.png"]),
        ('<SCRIPT SRC="HTTPS://X.ORG/A.JS"></SCRIPT>', ["HTTPS://X.ORG/A.JS"]),
    ],
)
def test_external_urls_finds_what_a_browser_would_fetch(page, expected):
    assert export.external_urls(page) == expected


@pytest.mark.parametrize(
    "page",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>',  # a namespace is a name
        '<a href="#section">x</a><a href="team-a1b2c3d4.html">report</a>',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        "<style>.a { background: url(data:image/svg+xml;base64,PHN2Zz4=); }</style>",
        "<p>See https://example.com for more (plain text is not a request).</p>",
        '<div style="mask: url(#clip1)"></div>',
    ],
)
def test_external_urls_ignores_local_references(page):
    assert export.external_urls(page) == []


def test_external_urls_looks_inside_embedded_svg():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.org/p.png"/></svg>'
    data = base64.b64encode(svg.encode()).decode()
    page = f'<img src="data:image/svg+xml;base64,{data}">'
    assert export.external_urls(page) == ["https://x.org/p.png"]


# ---------------------------------------------------------------------------------------
# notebook_to_html


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    note = nbformat.v4.new_markdown_cell("# Only for the template's editors")
    note.metadata["tags"] = [export.TEMPLATE_ONLY_TAG]
    code = nbformat.v4.new_code_cell("secret_code_marker = 1\nsecret_code_marker")
    code.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": "<p class='shown'>visible output</p>",
                                  "text/plain": "x"}
        )
    ]
    code.execution_count = 7
    nb.cells = [note, code]
    return nb


def test_notebook_html_hides_code_and_loads_nothing():
    page = export.notebook_to_html(_notebook(), title="Team <report> & co")
    assert "visible output" in page
    assert "secret_code_marker" not in page  # the code is not in the page at all
    assert "Only for the template" not in page  # template-only cells are dropped
    assert "class=\"jp-InputPrompt" not in page  # no prompts
    assert "class=\"jp-OutputPrompt" not in page
    assert export.external_urls(page) == []
    assert "<script src" not in page.lower()
    assert "cdnjs" not in page and "unpkg" not in page
    assert "<title>Team &lt;report&gt; &amp; co</title>" in page


def test_stock_lab_template_would_not_pass_the_check():
    # the reason the kit has its own template: nbconvert's default lab page loads scripts
    from nbconvert import HTMLExporter

    page, _ = HTMLExporter(template_name="lab").from_notebook_node(_notebook())
    assert any("require" in url for url in export.external_urls(page))


# ---------------------------------------------------------------------------------------
# Issue 9: what loads, not what the text says


@pytest.mark.parametrize("page", [
    "<td>Consulting url(https://acme.example)</td>",  # a product name, escaped text
    "<td>Consulting url(&quot;https://acme.example&quot;)</td>",
    "<p>@import &quot;https://x.org/a.css&quot;; is how CSS would say it</p>",
    '<td title="url(https://acme.example)">x</td>',  # an attribute that loads nothing
])
def test_text_that_reads_like_a_url_is_not_a_request(page):
    assert export.external_urls(page) == []


@pytest.mark.parametrize("page, expected", [
    ('<div style="background:url(&quot;https://x.org/e.png&quot;)"></div>',
     ["https://x.org/e.png"]),  # entity-escaped inside an attribute: the browser decodes it
    ('<meta http-equiv="refresh" content="0; url=https://x.org/go">', ["https://x.org/go"]),
    ('<svg><style>text { font: url(https://x.org/f.woff) }</style></svg>',
     ["https://x.org/f.woff"]),
    ('<svg><use href="https://x.org/sprite.svg#a"/></svg>', ["https://x.org/sprite.svg#a"]),
])
def test_markup_that_loads_is_found(page, expected):
    assert export.external_urls(page) == expected


def test_links_count_for_reports_but_are_not_loads():
    page = '<a href="https://example.com/more">read more</a>'
    assert export.external_urls(page) == ["https://example.com/more"]  # reports: refused
    assert export.external_urls(page, links=False) == []  # handouts: a link is not a load
