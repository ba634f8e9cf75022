"""What a learner reads in an executed Chinese notebook, and the English prose left in it.

:func:`rendered_text` collects the rendered text of a notebook run (nbclient/nbconvert):
Markdown cells without code spans, fenced blocks, URLs, LaTeX and HTML tags; outputs as
shown (HTML with its tags stripped, else plain text; streams); chart SVG ``<text>`` (inline
``image/svg+xml`` and the kit's ``<img src="data:image/svg+xml;base64,...">`` charts);
widget labels, descriptions, placeholders, options and HTML values from the saved widget
state. :func:`english_words` then reports each Latin-alphabet word that is not code, not a
name from the sample data (teams, accounts, products, vendors), not a package or font name
and not a standard abbreviation. The check is word by word: one English word on a button is
as visible as a sentence.
"""

from __future__ import annotations

import base64
import csv
import functools
import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Standard abbreviations and names a Chinese business text writes in Latin letters.
ALLOWED = {
    # business abbreviations (the decks use them as they are)
    "CLV", "CAC", "LTV", "ROI", "KPI", "CRM", "B2B", "B2C", "BG", "NBD", "W", "L", "C", "D",
    "ARPU", "NPV", "SaaS", "CEO", "CFO", "CTO", "IT", "US", "USD", "CNY", "RMB", "VP", "HK",
    "FABE", "EVC",  # module 1: the selling method's name, economic value to the customer
    "JP", "KR", "SC", "TC", "CJK", "SVG", "HTML", "CSV", "PDF", "URL", "OK", "FAIL", "ok",
    "API",
    # the lifetime-value models' standard names and abbreviations (docs/glossary.md, Fader &
    # Hardie): shifted-beta-geometric, (discounted expected) (residual) lifetime, Gamma-Gamma
    "sBG", "DEL", "DERL", "Gamma",
    # software the notebooks name (product names stay in Latin letters in Chinese)
    "Python", "JupyterLab", "Jupyter", "JupyterHub", "ipywidgets", "valuekit", "pandas",
    "numpy", "altair", "Altair", "Vega", "Lite", "Noto", "Sans", "Serif", "Mono", "Windows",
    "macOS", "Debian", "Ubuntu", "Chromium", "Excel", "pip", "make", "lab", "fonts",
    "noto", "cjk", "python", "jupyterlab", "widgets", "vl", "convert", "Dask", "nbval",
    # module 3: the CRM guides it cites, the SWOT analysis, q2's five named deals
    "Salesforce", "HubSpot", "SWOT", "Alpha", "Beta", "Delta", "Epsilon",  # (Gamma: above)
}
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_CODE_SPAN = re.compile(r"`[^`]*`")
_URL = re.compile(r"\]\([^)]*\)|https?://\S+|<https?://[^>]*>")
_LATEX = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_TAG = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
_SVG_IMG = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
#: a word, with what may stick to it in code: dots, underscores, digits, slashes, ()
_TOKEN = re.compile(r"[A-Za-z0-9_./\\()\-:'+%$#=\"\[\]{}]+")
_WORD = re.compile(r"[A-Za-z]+")


def svg_texts(svg: str) -> list[str]:
    return [html.unescape(_TAG.sub("", t)) for t in _SVG_TEXT.findall(svg)]


def html_text(fragment: str) -> str:
    """What a browser shows of an HTML fragment: tags and style/script removed, chart SVG
    images replaced by their ``<text>`` elements."""
    charts = []
    for b64 in _SVG_IMG.findall(fragment):
        charts += svg_texts(base64.b64decode(b64).decode("utf-8", "replace"))
    shown = html.unescape(_TAG.sub(" ", _STYLE.sub(" ", fragment)))
    return " ".join([shown, *charts])


#: the exercise builder's markers in a solution notebook's Markdown (kept as in English)
_SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.M)


def markdown_text(source: str) -> str:
    text = _SOLUTION_MARKERS.sub(" ", source)
    text = _FENCE.sub(" ", text)
    text = _URL.sub(")", text)
    text = _CODE_SPAN.sub(" ", text)
    text = _LATEX.sub(" ", text)
    return html.unescape(_TAG.sub(" ", text))


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_text(output: dict) -> list[str]:
    if output.get("output_type") == "stream":
        return [_joined(output.get("text", ""))]
    if output.get("output_type") == "error":
        return [f"{output.get('ename')}: {output.get('evalue')}"]
    data = output.get("data", {})
    found = []
    if "text/html" in data:
        found.append(html_text(_joined(data["text/html"])))
    elif "text/markdown" in data:
        found.append(markdown_text(_joined(data["text/markdown"])))
    elif "text/plain" in data and "application/vnd.jupyter.widget-view+json" not in data:
        found.append(_joined(data["text/plain"]))
    if "image/svg+xml" in data:
        found += svg_texts(_joined(data["image/svg+xml"]))
    return found


WIDGET_FIELDS = ("description", "placeholder", "tooltip", "_options_labels", "button_style_label")


def widget_text(nb: dict) -> list[str]:
    """Labels, descriptions, options and HTML/Label values of every saved widget."""
    state = nb.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    found = []
    for model in state.values():
        name, attrs = model.get("model_name", ""), model.get("state", {})
        for key in WIDGET_FIELDS:
            value = attrs.get(key)
            if isinstance(value, list):
                found += [str(v) for v in value]
            elif value:
                found.append(str(value))
        if name in ("HTMLModel", "HTMLMathModel", "LabelModel") and attrs.get("value"):
            found.append(html_text(str(attrs["value"])))
    return found


def rendered_text(nb: dict) -> list[tuple[str, str]]:
    """(where, text) of everything a learner reads in an executed notebook (a dict)."""
    found = []
    for index, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] == "markdown":
            found.append((f"cell {index} (Markdown)", markdown_text(_joined(cell["source"]))))
        for output in cell.get("outputs", []):
            found += [(f"cell {index} (output)", t) for t in output_text(output)]
    found += [("widget state", t) for t in widget_text(nb)]
    return found


@functools.cache
def data_names() -> frozenset[str]:
    """Words of the sample data's names (teams, accounts, products, vendors): not prose."""
    words: set[str] = set()
    for table, columns in {"teams": ("team_name",), "accounts": ("account_name",),
                           "products": ("product_name",), "value_survey": ("vendor",)}.items():
        path = ROOT / "datasets" / f"{table}.csv"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for col in columns:
                    words.update(_WORD.findall(row.get(col) or ""))
    return frozenset(words)


def _is_code(token: str) -> bool:
    """A token written as code: a path, a call, a dotted or snake_case name, a version."""
    return bool(re.search(r"[/\\_()=]|\w\.\w|\d", token))


def english_words(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The Latin-alphabet words of ``text`` that are English prose (see the module doc)."""
    ok = ALLOWED | data_names() | set(allowed)
    found = []
    for token in _TOKEN.findall(text):
        if _is_code(token):
            continue
        for word in _WORD.findall(token):
            if word not in ok:
                found.append(word)
    return found


def english_prose(nb: dict, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """One line per place with English words: ``"cell 3 (output): Funnel, example"``."""
    report = []
    for where, text in rendered_text(nb):
        words = english_words(text, allowed)
        if words:
            report.append(f"{where}: {', '.join(dict.fromkeys(words))} in {text.strip()[:120]!r}")
    return report
