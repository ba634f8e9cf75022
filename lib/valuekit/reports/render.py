"""HTML for the sections of a team report and for the index page.

Each section function takes a :class:`valuekit.team_report.TeamReport` and
returns an :class:`HTMLBlock` that a notebook displays as rich output (so the
template's cells are one line each). Every number is formatted with
:func:`valuekit.team_report.format_value` and every text that comes from the
data (team, account, product names) is HTML-escaped: a name is data, never
markup. Charts are drawn by :mod:`valuekit.charts` as SVG data URIs.
"""

from __future__ import annotations

import functools
import html
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from valuekit import team_report as tr
from valuekit.schema import ADOPTER_GROUPS, STAGES

#: Mime type under which the template displays its figures (a JSON object). The
#: batch runner reads them from the executed notebook and drops that output from
#: the HTML; a test compares them with :func:`valuekit.team_report.build`.
FIGURES_MIME = "application/vnd.valuekit.figures+json"


class HTMLBlock:
    """A piece of HTML that Jupyter displays as HTML (and ``str()`` returns)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain fallback stays short
        return "<valuekit report section>"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _fmt(report: tr.TeamReport, kind: str, x: Any) -> str:
    return _e(tr.format_value(kind, x, report.language))


def _open(report: tr.TeamReport) -> str:
    """The opening tag of a section, with the report's language (browsers choose the
    Chinese glyphs by it, e.g. Simplified rather than Japanese forms)."""
    return f'<div class="vk-report" lang="{_e(report.labels["html_lang"])}">'


def _section(report: tr.TeamReport, title: str, *parts: str) -> HTMLBlock:
    return HTMLBlock(f'{_open(report)}<h2>{_e(title)}</h2>{"".join(parts)}</div>')


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """An HTML table; cells are already-escaped HTML; ``numeric`` columns align right."""

    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    th = "".join(f"<th{cls(i)}>{h}</th>" for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _chart(chart: Any) -> str:
    from valuekit import charts

    return charts.mimebundle(chart)["text/html"]


# ---------------------------------------------------------------------------------------
# The figures, for the runner and the tests


def publish_figures(report: tr.TeamReport) -> None:
    """Display the report's figures as JSON under :data:`FIGURES_MIME` (not shown in HTML)."""
    from IPython.display import display

    display({FIGURES_MIME: report.figures, "text/plain": "valuekit report figures"}, raw=True)


# ---------------------------------------------------------------------------------------
# Sections


def left_out(report: tr.TeamReport, section: str) -> HTMLBlock:
    """The one line that stands for a section whose tables are absent (issue 18):
    "Customers: concentration and lifetime value: add contracts.csv and invoices.csv"."""
    w = report.labels
    files = next((x["files"] for x in report.figures.get("left_out", [])
                  if x["section"] == section), [])
    text = w["section_left_out"].format(
        section=w[tr.SECTION_LABELS[section]],
        files=w["files_and"].join([", ".join(files[:-1]), files[-1]]) if len(files) > 1
        else "".join(files),
    )
    return HTMLBlock(f'{_open(report)}<p class="vk-note vk-left-out">{_e(text)}</p></div>')


def _needs(section: str) -> Any:
    """Decorator: the section's renderer, or its :func:`left_out` line when the report was
    built without the tables the section needs (``TeamReport.shows``)."""

    def wrap(render: Any) -> Any:
        @functools.wraps(render)
        def section_or_line(report: tr.TeamReport) -> HTMLBlock:
            return render(report) if report.shows(section) else left_out(report, section)

        return section_or_line

    return wrap


@_needs("header")
def header(report: tr.TeamReport) -> HTMLBlock:
    """Title, region, date and window, quota."""
    f, w = report.figures, report.labels
    sub = w["subtitle"].format(
        region=tr.category(w, "region", f["team"]["region"]),
        period_end=f["period_end"],
        start=f["window"]["start"],
        end=f["window"]["end"],
    )
    quota = _e(w["label_value"].format(
        label=w["quota"], value=tr.format_value("money", f["team"]["quota"], report.language)
    ))
    return HTMLBlock(
        f'{_open(report)}{_page_style(report)}<h1>{_e(f["title"])}</h1>'
        f'<p class="vk-note">{_e(sub)}</p><p>{quota}</p></div>'
    )


def _css_string(text: str) -> str:
    """A CSS string literal: every character outside printable ASCII escaped (so that no
    name can close the string or the style element)."""
    out = []
    for ch in text:
        if ch.isascii() and ch.isprintable() and ch not in '"\\<>&':
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def _page_style(report: tr.TeamReport) -> str:
    """Print furniture: a running header with the team and the period, and page numbers
    (CSS page-margin boxes, which Chromium prints; a browser without them prints none)."""
    f, w = report.figures, report.labels
    running = w["running_header"].format(
        team=f["team"]["team_name"], period_end=f["period_end"]
    )
    page = w["page_of"]
    before, _, rest = page.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    counter = (f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages) "
               f"{_css_string(after)}")
    box = "font-family: sans-serif; font-size: 9px; color: #555;"
    return (
        "<style>@page { margin: 16mm 12mm 14mm; "
        f"@top-left {{ content: {_css_string(running)}; {box} }} "
        f"@bottom-right {{ content: {counter}; {box} }} }}</style>"
    )


def _versus(report: tr.TeamReport, key: str, kind: str, team: Any, old: Any) -> str:
    """'+0.2 points (better)' / '+12.3% (worse)': :func:`valuekit.team_report.difference_text`
    of ``team`` against ``old`` (the company, or the previous period), coloured by whether
    it is good for the team."""
    w = report.labels
    verdict = tr.difference_verdict(key, kind, team, old)
    if verdict is None:
        return _e(w["na"])
    if verdict == "same":
        return _e(w["same"])
    cls = "vk-better" if verdict == "better" else "vk-worse"
    text = w["versus"].format(
        difference=tr.difference_text(kind, team, old, report.language), verdict=w[verdict]
    )
    return f'<span class="{cls}">{_e(text)}</span>'


@_needs("headline")
def headline(report: tr.TeamReport) -> HTMLBlock:
    """The headline figures, team against the company average (those whose tables are
    present: :data:`valuekit.team_report.FIGURE_NEEDS`)."""
    w, h = report.labels, report.figures["headline"]
    rows = [
        [
            _e(w[key]),
            _fmt(report, kind, h[key]["team"]),
            _fmt(report, kind, h[key]["company"]),
            _versus(report, key, kind, h[key]["team"], h[key]["company"]),
        ]
        for key, kind in tr.HEADLINE
        if key in h
    ]
    head = [_e(w["col_figure"]), _e(w["col_team"]), _e(w["col_company"]),
            _e(w["col_difference"])]
    changes = report.figures.get("changes")
    if changes:  # the change since the previous period, by the same rule
        head.append(_e(w["col_change"].format(date=changes["compare_to"])))
        shown = [(key, kind) for key, kind in tr.HEADLINE if key in h]
        for row, (key, kind) in zip(rows, shown, strict=True):
            c = changes["headline"].get(key)
            row.append(_versus(report, key, kind, c["current"], c["previous"]) if c
                       else _e(w["na"]))
    numeric = set(range(1, len(head)))
    return _section(report, w["section_headline"], _table(head, rows, numeric))


@_needs("funnel")
def funnel(report: tr.TeamReport) -> HTMLBlock:
    """Stage counts, conversions against the company, the bottleneck and its strategy."""
    f, w = report.figures, report.labels
    fun = f["funnel"]
    intro = w["funnel_intro"].format(n=f"{fun['opportunities']:,}", period_end=f["period_end"])
    counts = report.frames["stage_counts"].copy()
    counts["label"] = [w[f"stage_{s}"] for s in counts["stage"]]
    chart = _funnel_chart(report, counts)
    rows = []
    for t, c in fun["conversion"].items():
        name = _e(w["overall"]) if t == "overall" else " → ".join(
            _e(w[f"stage_{s}"]) for s in t.split("->")
        )
        rows.append([name, _fmt(report, "pct", c["team"]), _fmt(report, "pct", c["company"])])
    table = _table(
        [_e(w["col_transition"]), _e(w["col_team_rate"]), _e(w["col_company_rate"])],
        rows, {1, 2},
    )
    b = f["bottleneck"]
    if b is None:
        neck = f"<p>{_e(w['no_bottleneck'])}</p>"
    else:
        neck = "<p><strong>" + _e(
            w["bottleneck"].format(
                from_stage=w[f"stage_{b['from_stage']}"],
                to_stage=w[f"stage_{b['to_stage']}"],
                rate=tr.format_value("pct", b["rate"], report.language),
                company_rate=tr.format_value("pct", b["company_rate"], report.language),
                # English names the strategy with its Chinese name, as the deck does
                strategy=f"{b['strategy_name'].lower()} ({b['strategy_chinese']})"
                if report.language == "en" else b["strategy_name"],
                led_by=b["led_by"],
                goal=b["goal"],
            )
        ) + "</strong></p>"
    return _section(
        report, w["section_funnel"], f'<p class="vk-note">{_e(intro)}</p>', _chart(chart),
        table, neck,
    )


def _funnel_chart(report: tr.TeamReport, counts: Any) -> Any:
    """:func:`valuekit.charts.funnel_bars` with its bar labels ("450  (66% of previous)") in
    the report's language (label ``chart_of_previous``)."""
    from valuekit import charts

    w = report.labels
    return charts.funnel_bars(
        counts, stage="label", value="reached", order=[w[f"stage_{s}"] for s in STAGES],
        title=w["chart_funnel"], label=w["chart_of_previous"],
    )


@_needs("win_loss")
def win_loss(report: tr.TeamReport) -> HTMLBlock:
    """The win/loss report by product and the loss-reason Pareto."""
    from valuekit import charts

    f, w = report.figures, report.labels
    head = [_e(w["col_product"]), "W", "L", "C", "D", _e(w["col_win_rate"]),
            _e(w["col_won_amount"]), _e(w["col_open_amount"]), _e(w["col_main_loss"])]

    def row(r: Mapping[str, Any], bold: bool = False) -> list[str]:
        cells = [
            _e(r["product_name"]), _e(r["W"]), _e(r["L"]), _e(r["C"]), _e(r["D"]),
            _fmt(report, "pct", r["win_rate"]), _fmt(report, "money", r["won_amount"]),
            _fmt(report, "money", r["open_amount"]),
            _e(tr.category(w, "reason", r["main_loss_reason"] or "")),
        ]
        return [f"<strong>{c}</strong>" for c in cells] if bold else cells

    rows = [row(r) for r in f["win_loss"]]
    if f["win_loss_total"]:
        rows.append(row(f["win_loss_total"], bold=True))
    intro = f'<p class="vk-note">{_e(w["winloss_intro"].format(period_end=f["period_end"]))}</p>'
    parts = [intro, _table(head, rows, {1, 2, 3, 4, 5, 6, 7})]
    progress = f.get("win_loss_progress") or []
    if progress:  # the funnel deck's progress marks (valuekit.funnel.PROGRESS_MARKS)
        parts.append(f"<h3>{_e(w['progress_title'])}</h3>")
        parts.append(f'<p class="vk-note">{_e(w["progress_intro"])}</p>')
        parts.append(_table(
            [_e(w["col_stage"]), _e(w["col_progress"]), "W", "L", "C", "D"],
            [[_e(r["label"]), _fmt(report, "pct", r["progress"]), _e(r["W"]), _e(r["L"]),
              _e(r["C"]), _e(r["D"])] for r in progress],
            {1, 2, 3, 4, 5},
        ))
    reasons = f["loss_reasons"]
    parts.append(f"<h3>{_e(w['pareto_title'])}</h3>")
    if reasons:
        frame = report.frames["loss_reasons"].copy()
        frame["reason"] = [tr.category(w, "reason", r) for r in frame["reason"]]
        chart = charts.bar(
            frame, "reason", "share", horizontal=True, title=w["chart_pareto"],
            category_title=w["col_reason"], value_title=w["col_share"], value_format=".0%",
            labels=True,
        )
        parts.append(_chart(chart))
        parts.append(_table(
            [_e(w["col_reason"]), _e(w["col_count"]), _e(w["col_share"]),
             _e(w["col_cumulative"])],
            [[_e(tr.category(w, "reason", r["reason"])), _e(r["count"]),
              _fmt(report, "pct", r["share"]), _fmt(report, "pct", r["cumulative_share"])]
             for r in reasons],
            {1, 2, 3},
        ))
    else:
        parts.append(f"<p>{_e(w['no_losses'])}</p>")
    return _section(report, w["section_winloss"], *parts)


#: A money axis's tick labels in a Chinese report: US$ and 万 (Vega expression), as
#: :func:`valuekit.i18n.money` writes amounts in the text.
ZH_MONEY_AXIS = ("abs(datum.value) >= 1e8 ? 'US$' + format(datum.value / 1e8, ',.4~r') + '亿'"
                 " : abs(datum.value) >= 1e4 ? 'US$' + format(datum.value / 1e4, ',.4~r') + '万'"
                 " : 'US$' + format(datum.value, ',.0f')")


@_needs("forecast")
def forecast(report: tr.TeamReport) -> HTMLBlock:
    """The rolling plan: recent actual bookings, then the pipeline forecast."""
    import altair as alt

    from valuekit import charts

    f, w = report.figures, report.labels
    fc = f["forecast"]
    frame = report.frames["forecast"].copy()
    frame["kind"] = [w[s] for s in frame["source"]]
    frame["month_label"] = frame["month"].dt.strftime("%Y-%m")
    chart = charts.bar(
        frame, "month_label", "amount",
        color="kind", title=w["chart_forecast"], category_title=w["col_month"],
        value_title=w["axis_amount"], value_format="$,.0f",
    ).encode(
        x=alt.X("month_label:N", sort=list(frame["month_label"]), title=w["col_month"],
                axis=alt.Axis(labelAngle=-45)),
        color=alt.Color("kind:N", sort=[w["actual"], w["forecast"]], title=None),
    )
    if report.language == "zh":  # the axis in 万, as the text writes the amounts
        chart = chart.encode(y=alt.Y("amount:Q", title=w["axis_amount"], axis=charts.value_axis(
            "$,.0f", labelExpr=ZH_MONEY_AXIS)))
    intro = w["forecast_intro"].format(
        last_actual=fc["last_actual_month"], cycle=f"{fc['cycle_days']:,.0f}"
    )
    nxt = w["forecast_next"].format(
        months=tr.FORECAST_HORIZON,
        amount=tr.format_value("money", fc["next_months_total"], report.language),
        run_rate=tr.format_value("money", fc["run_rate_total"], report.language),
    )
    rows = [[_e(m["month"]), _e(w[m["source"]]), _fmt(report, "money", m["amount"])]
            for m in fc["months"]]
    table = _table([_e(w["col_month"]), _e(w["col_source"]), _e(w["col_amount"])], rows, {2})
    return _section(
        report, w["section_forecast"], f'<p class="vk-note">{_e(intro)}</p>', _chart(chart),
        f"<p><strong>{_e(nxt)}</strong></p>", table,
    )


@_needs("customers")
def customers(report: tr.TeamReport) -> HTMLBlock:
    """Revenue concentration (Pareto curve) and the top accounts by CLV."""
    import altair as alt

    f, w = report.figures, report.labels
    c = f["customers"]
    intro = w["customers_intro"].format(
        n=f"{c['customers']:,}",
        share=tr.format_value("pct", c["top20_share"], report.language),
        company=tr.format_value("pct", c["top20_share_company"], report.language),
        k=c["customers_for_80pct"],
    )
    parts = [f"<p>{_e(intro)}</p>"]
    if not c["customers"]:  # no running contract: a marked section, not a failed report
        note = w["not_enough_data"].format(period_end=f["period_end"])
        return _section(report, w["section_customers"], f'<p class="vk-note">{_e(note)}</p>')
    curve = report.frames["concentration"]
    if len(curve):
        line = (
            alt.Chart(curve, title=w["chart_concentration"])
            .mark_line()
            .encode(
                x=alt.X("share_of_customers:Q", title=w["axis_customers"],
                        axis=alt.Axis(format=".0%")),
                y=alt.Y("cumulative_share:Q", title=w["axis_revenue"],
                        axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
            )
        )
        mark = alt.Chart({"values": [{"x": tr.TOP_PCT, "y": c["top20_share"] or 0}]}).mark_rule(
            strokeDash=[4, 4]
        ).encode(x=alt.X("x:Q"))
        parts.append(_chart(alt.layer(line, mark)))
    clv_text = w["clv_intro"].format(
        model=w[f"clv_model_{c['clv_model']}"], discount=f"{c['discount_rate']:.0%}"
    )
    parts.append(f'<p class="vk-note">{_e(clv_text)}</p>')
    rows = [
        [_e(a["account_name"]), _e(w[f"group_{a['adopter_group']}"]), _e(a["tenure_years"]),
         _fmt(report, "money", a["revenue_12m"]), _fmt(report, "money", a["clv"])]
        for a in c["top_accounts"]
    ]
    parts.append(_table(
        [_e(w["col_account"]), _e(w["col_adopter"]), _e(w["col_tenure"]),
         _e(w["col_revenue"]), _e(w["col_clv"])],
        rows, {2, 3, 4},
    ))
    return _section(report, w["section_customers"], *parts)


@_needs("adopters")
def adopters(report: tr.TeamReport) -> HTMLBlock:
    """The team's accounts by Rogers adopter group, against the company's mix."""
    import altair as alt
    import pandas as pd

    from valuekit import charts

    f, w = report.figures, report.labels
    mix = f["adopters"]["mix"]
    order = [w[f"group_{g}"] for g in ADOPTER_GROUPS]
    frame = pd.DataFrame(
        [{"group": w[f"group_{g}"], "who": w["series_team"], "share": mix[g]["team"] or 0.0}
         for g in ADOPTER_GROUPS]
        + [{"group": w[f"group_{g}"], "who": w["series_company"],
            "share": mix[g]["company"] or 0.0} for g in ADOPTER_GROUPS]
    )
    chart = charts.bar(
        frame, "group", "share", color="who", order=order, title=w["chart_adopters"],
        category_title=w["col_group"], value_title=w["axis_share"], value_format=".0%",
    ).encode(
        xOffset=alt.XOffset("who:N", sort=[w["series_team"], w["series_company"]]),
        color=alt.Color("who:N", sort=[w["series_team"], w["series_company"]], title=None),
    )
    e = f["adopters"]["early_market"]
    intro = w["adopters_intro"].format(
        early=tr.format_value("pct", e["team"], report.language),
        company=tr.format_value("pct", e["company"], report.language),
    )
    rows = [[_e(w[f"group_{g}"]), _e(mix[g]["accounts"]), _fmt(report, "pct", mix[g]["team"]),
             _fmt(report, "pct", mix[g]["company"])] for g in ADOPTER_GROUPS]
    table = _table([_e(w["col_group"]), _e(w["col_accounts"]), _e(w["col_team"]),
                    _e(w["col_company"])], rows, {1, 2, 3})
    return _section(report, w["section_adopters"], f"<p>{_e(intro)}</p>", _chart(chart), table)


@_needs("actions")
def actions(report: tr.TeamReport) -> HTMLBlock:
    """The three recommended actions, each with the number behind it."""
    w = report.labels
    changes = report.figures.get("changes") or {}
    flags = changes.get("actions") or {}
    date = changes.get("compare_to", "")

    def flag(a: Mapping[str, Any]) -> str:
        state = flags.get(f"{a.get('rule')}:{a.get('metric')}")
        if state is None or changes.get("source") is None:
            return ""
        return w["action_new"] if state == "new" else w["action_repeated"].format(date=date)

    items = "".join(_action_item(report, a, flag(a)) for a in report.figures["actions"])
    parts = [f'<p class="vk-note">{_e(w["actions_intro"])}</p>',
             f'<ol class="vk-actions">{items}</ol>']
    resolved = changes.get("resolved") or []
    if resolved:
        parts.append(f'<p class="vk-note">{_e(w["resolved_title"].format(date=date))}:</p>')
        parts.append("<ul class=\"vk-resolved\">" + "".join(
            f"<li>{_e(r['text'])}</li>" for r in resolved) + "</ul>")
    return _section(report, w["section_actions"], *parts)


def _action_item(report: tr.TeamReport, action: Mapping[str, Any], flag: str = "") -> str:
    """One action: its text, its gap to the company (the one rule for differences) and,
    when the report compares with an earlier period, whether it is new or repeated."""
    w = report.labels
    gap = ""
    if action.get("difference") is not None and action.get("kind"):
        text = tr.difference_text(action["kind"], action["team"], action["company"],
                                  report.language)
        gap = _bracketed(w, "in_brackets", "vk-note", w["actions_gap"].format(difference=text))
    badge = _bracketed(w, "badge", "vk-flag", flag) if flag else ""
    return f"<li>{_e(action['text'])}{gap}{badge}</li>"


def _bracketed(w: Mapping[str, str], key: str, cls: str, text: str) -> str:
    """``text`` in the brackets of label ``key``, in a span of class ``cls``, after a space
    unless the brackets are full-width (Chinese: （…）, 【…】 carry their own space)."""
    inner = w[key].format(text=text)
    space = "" if inner[:1] in _FULL_WIDTH_OPENING else " "
    return f'{space}<span class="{cls}">{_e(inner)}</span>'


#: Opening brackets of CJK text (full-width parenthesis, 【 〔 「 『 《 〈).
_FULL_WIDTH_OPENING = frozenset("（【〔「『《〈［")


@_needs("notes")
def notes(report: tr.TeamReport) -> HTMLBlock:
    """How the figures are computed (definitions, in the report's language)."""
    w = report.labels
    text = w["notes"].format(period_end=report.figures["period_end"])
    return _section(report, w["section_notes"], f'<p class="vk-note">{_e(text)}</p>')


# ---------------------------------------------------------------------------------------
# Index page: the company view

INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", Arial, sans-serif;
       max-width: 1280px; margin: 0 auto; padding: 24px 32px; color: #222; }
h1 { margin-bottom: 4px; }
.note { color: #555; }
table { border-collapse: collapse; margin-top: 16px; font-size: 14px; }
th, td { padding: 6px 10px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
th { background: #f4f6f8; }
th.sortable { cursor: pointer; user-select: none; }
th.sortable:hover { background: #e6ebf0; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { color: #b3261e; }
tfoot td { font-weight: 600; border-top: 2px solid #0a5fa8; }
.change { display: block; font-size: 12px; color: #555; white-space: nowrap; }
.change.better { color: #146c2e; } .change.worse { color: #b3261e; }
.mark { display: block; font-size: 11px; font-weight: 600; }
td.best { background: #e8f5ec; } td.best .mark { color: #146c2e; }
td.worst { background: #fbeaea; } td.worst .mark { color: #b3261e; }
a { color: #0a5fa8; }
.chart img { max-width: 100%; height: auto; }
@media print { th.sortable::after { content: none; } }
"""

#: Sorts the index table by the clicked column (inline: the page loads nothing). Cells
#: carry their raw value in data-sort; rows without one (failed reports) go last.
INDEX_SCRIPT = """
(function () {
  var table = document.getElementById("teams");
  if (!table) return;
  var heads = table.tHead.rows[0].cells;
  function key(row, i) {
    var cell = row.cells[i];
    var v = cell ? cell.getAttribute("data-sort") : null;
    if (v === null || v === "") return null;
    var n = Number(v);
    return isNaN(n) ? v.toLowerCase() : n;
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.classList.add("sortable");
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, i), y = key(b, i);
        if (x === null && y === null) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        var c = x < y ? -1 : (x > y ? 1 : 0);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
  });
})();
"""

#: The figures of the index, in its column order, with their kind.
INDEX_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("revenue_12m", "money", "short_revenue_12m"),
    ("open_pipeline", "money", "open_pipeline"),
    ("win_rate", "pct", "short_win_rate"),
    ("churn_rate", "pct", "short_churn_rate"),
    ("clv", "money", "short_clv"),
)


def teams_in_words(n: int, language: str) -> str:
    """"1 team", "12 teams" (the number and the noun agree)."""
    w = tr.labels(language)
    return w["index_teams_one"] if n == 1 else w["index_teams_many"].format(n=n)


def _failed_in_words(n: int, language: str) -> str:
    w = tr.labels(language)
    if n == 0:
        return w["index_failed_none"]
    return w["index_failed_one"] if n == 1 else w["index_failed_many"].format(n=n)


def extremes(entries: Sequence[Mapping[str, Any]]) -> dict[str, tuple[set[str], set[str]]]:
    """For each index figure, the team ids of the best and of the worst team (ties all
    marked; nothing when fewer than two teams have the figure or all are equal)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for key, _kind, _label in INDEX_FIGURES:
        values = {}
        for e in entries:
            f = e.get("figures")
            if e.get("html") and f:
                v = f["headline"].get(key, {}).get("team")
                if v is not None:
                    values[e["team_id"]] = v
        if len(values) < 2 or len(set(values.values())) < 2:
            out[key] = (set(), set())
            continue
        hi, lo = max(values.values()), min(values.values())
        best, worst = (hi, lo) if tr.HIGHER_IS_BETTER[key] else (lo, hi)
        out[key] = ({t for t, v in values.items() if v == best},
                    {t for t, v in values.items() if v == worst})
    return out


def _index_chart(entries: Sequence[Mapping[str, Any]], language: str) -> str:
    """Win rate of every team, with the company's as a rule: the kit's offline SVG."""
    import altair as alt
    import pandas as pd

    from valuekit import charts

    w = tr.labels(language)
    rows = [(str(e["team_name"]), e["figures"]["headline"].get("win_rate", {}).get("team"))
            for e in entries if e.get("html") and e.get("figures")]
    rows = [r for r in rows if r[1] is not None]
    if not rows:
        return ""
    frame = pd.DataFrame(rows, columns=["team", "win_rate"]).sort_values(
        "win_rate", ascending=False, kind="stable")
    bars = charts.bar(frame, "team", "win_rate", horizontal=True, labels=True,
                      title=w["index_chart_title"], category_title=w["col_team"],
                      value_title=w["short_win_rate"], value_format=".1%",
                      subtitle=w["index_chart_company"])
    company = [e["figures"]["headline"].get("win_rate", {}).get("company") for e in entries
               if e.get("html") and e.get("figures")]
    company = [c for c in company if c is not None]
    if company:
        rule = alt.Chart(pd.DataFrame({"company": [company[0]]})).mark_rule(
            strokeDash=[4, 4], color="#555").encode(x=alt.X("company:Q"))
        bars = alt.layer(bars, rule)
    return f'<div class="chart">{_chart(bars)}</div>'


def index_page(entries: Sequence[Mapping[str, Any]], *, language: str) -> str:
    """``index.html``, the company view: one row per team with its headline figures, the
    change since the period its report compared with, the company line, each figure's
    best and worst team marked, sortable by any column (inline script, nothing external),
    and a chart of every team's win rate.

    ``entries`` are the records of the folder's manifest
    (:func:`valuekit.reports.runner.write_index`): ``team_id``, ``team_name``,
    ``html`` (file name or None), ``pdf``, ``figures``, ``period_end``, and
    ``error``/``failed_at`` when the latest run of that team failed (the report
    linked, if any, is then from an earlier run and says so). Entries written by
    earlier versions (figures without ``changes``) show no change. Links are relative
    (the index sits next to the reports) and percent-encoded.
    """
    w = tr.labels(language)
    failed = sum(1 for e in entries if e.get("error"))
    marks = extremes(entries)
    head = [(w["col_team"], False), (w["col_region"], False), (w["col_as_of"], False)]
    head += [(w[label], True) for _k, _kind, label in INDEX_FIGURES]
    head += [(w["col_bottleneck"], False), (w["col_status"], False)]
    rows = []
    for e in sorted(entries, key=lambda e: (str(e["team_name"]).casefold(), e["team_id"])):
        name = _e(e["team_name"]) + _bracketed(w, "in_brackets", "note", e["team_id"])
        sort_name = f' data-sort="{_e(str(e["team_name"]).casefold())}"'
        f = e.get("figures")
        error = e.get("error")
        if e.get("html") and f:
            h = f["headline"]
            changes = (f.get("changes") or {}).get("headline") or {}
            b = f.get("bottleneck")
            neck = (
                " → ".join(_e(w[f"short_stage_{s}"]) for s in (b["from_stage"], b["to_stage"]))
                if b else _e(w["na"])
            )
            href = urllib.parse.quote(e["html"])
            link = f'<a href="{_e(href)}">{_e(w["open_report"])}</a>'
            if e.get("pdf"):
                link += f' · <a href="{_e(urllib.parse.quote(e["pdf"]))}">PDF</a>'
            if error:
                link += " · " + _e(w["earlier_report"].format(
                    date=e.get("failed_at", ""), error=error))
            cells = [
                f'<td{sort_name}><a href="{_e(href)}">{name}</a></td>',
                f'<td data-sort="{_e(str(f["team"]["region"]).casefold())}">'
                f'{_e(tr.category(w, "region", f["team"]["region"]))}</td>',
                f'<td data-sort="{_e(f.get("period_end", ""))}">{_e(f.get("period_end", ""))}</td>',
            ]
            for key, kind, _label in INDEX_FIGURES:
                value = h.get(key, {}).get("team")  # absent from partial data: blank
                best, worst = marks[key]
                cls = "num" + (" best" if e["team_id"] in best else "") + (
                    " worst" if e["team_id"] in worst else "")
                inner = _e(tr.format_value(kind, value, language))
                c = changes.get(key)
                verdict = c and tr.difference_verdict(key, kind, c["current"], c["previous"])
                if verdict:
                    text = tr.difference_text(kind, c["current"], c["previous"], language)
                    inner += f'<span class="change {verdict}">{_e(text)}</span>'
                if e["team_id"] in best:
                    inner += f'<span class="mark">{_e(w["best"])}</span>'
                elif e["team_id"] in worst:
                    inner += f'<span class="mark">{_e(w["worst"])}</span>'
                sort = "" if value is None else f"{value!r}"
                cells.append(f'<td class="{cls}" data-sort="{sort}">{inner}</td>')
            cells += [f'<td data-sort="{neck}">{neck}</td>', f"<td>{link}</td>"]
            rows.append((' class="failed"' if error else "", cells))
        else:
            blank = "<td></td>"
            rows.append((' class="failed"', [
                f"<td{sort_name}>{name}</td>", blank,
                f'<td>{_e(e.get("period_end", ""))}</td>',
                *(['<td class="num"></td>'] * len(INDEX_FIGURES)), blank,
                f'<td>{_e(w["label_value"].format(label=w["failed"], value=error or ""))}</td>',
            ]))
    num = ' class="num"'
    th = "".join(f"<th{num if n else ''}>{_e(h)}</th>" for h, n in head)
    body = "".join(f"<tr{cls}>{''.join(cells)}</tr>" for cls, cells in rows)
    foot = _company_line(entries, language, len(head))
    dates = sorted({str(e.get("period_end")) for e in entries if e.get("period_end")})
    compared = sorted({str(e["figures"]["changes"]["compare_to"]) for e in entries
                       if e.get("html") and (e.get("figures") or {}).get("changes")})
    since = w["index_change_note"].format(date=", ".join(compared)) + " " if compared else ""
    intro = w["index_intro"].format(
        teams=teams_in_words(len(entries), language),
        period_end=", ".join(dates) or w["na"], failed=_failed_in_words(failed, language))
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(w["html_lang"])}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(w['index_title'])}</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{_e(w['index_title'])}</h1>\n<p class=\"note\">{_e(intro)}</p>\n"
        f'<p class="note">{_e(since)}{_e(w["index_sort_hint"])}</p>\n'
        f'<table id="teams"><thead><tr>{th}</tr></thead><tbody>{body}</tbody>{foot}</table>\n'
        f"{_index_chart(entries, language)}\n"
        f"<script>{INDEX_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _company_line(entries: Sequence[Mapping[str, Any]], language: str, width: int) -> str:
    """The company's figures (the latest period's in the folder), under the teams."""
    w = tr.labels(language)
    good = [e for e in entries if e.get("html") and e.get("figures")]
    if not good:
        return ""
    latest = max(good, key=lambda e: str(e["figures"].get("period_end", "")))
    h = latest["figures"]["headline"]
    cells = [f"<td>{_e(w['company_line'])}</td>", "<td></td>",
             f"<td>{_e(latest['figures'].get('period_end', ''))}</td>"]
    cells += [f'<td class="num">'
              f'{_e(tr.format_value(kind, h.get(key, {}).get("company"), language))}</td>'
              for key, kind, _label in INDEX_FIGURES]
    cells += ["<td></td>"] * (width - len(cells))
    return f'<tfoot><tr class="company">{"".join(cells)}</tr></tfoot>'
