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
        region=f["team"]["region"].title(),
        period_end=f["period_end"],
        start=f["window"]["start"],
        end=f["window"]["end"],
    )
    quota = _e(w["label_value"].format(
        label=w["quota"], value=tr.format_value("money", f["team"]["quota"], report.language)
    ))
    return HTMLBlock(
        f'{_open(report)}<h1>{_e(f["title"])}</h1>'
        f'<p class="vk-note">{_e(sub)}</p><p>{quota}</p></div>'
    )


def _versus(report: tr.TeamReport, key: str, team: Any, company: Any) -> str:
    """'+12.3% (better)' style comparison, coloured by whether it is good for the team."""
    w = report.labels
    if team is None or company is None or not company:
        return _e(w["na"])
    rel = (team - company) / abs(company)
    higher = tr.HIGHER_IS_BETTER.get(key, True)
    if abs(rel) < 0.005:
        return _e(w["same"])
    good = (rel > 0) == higher
    word, cls = (w["better"], "vk-better") if good else (w["worse"], "vk-worse")
    text = w["versus"].format(difference=f"{rel:+.1%}", verdict=word)
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
            _versus(report, key, h[key]["team"], h[key]["company"]),
        ]
        for key, kind in tr.HEADLINE
        if key in h
    ]
    head = [_e(w["col_figure"]), _e(w["col_team"]), _e(w["col_company"]),
            _e(w["col_difference"])]
    return _section(report, w["section_headline"], _table(head, rows, {1, 2, 3}))


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
                strategy=b["strategy_name"].lower() if report.language == "en"
                else b["strategy_name"],
                chinese=b["strategy_chinese"],
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
            _e((r["main_loss_reason"] or "").replace("_", " ")),
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
        frame["reason"] = frame["reason"].str.replace("_", " ")
        chart = charts.bar(
            frame, "reason", "share", horizontal=True, title=w["chart_pareto"],
            category_title=w["col_reason"], value_title=w["col_share"], value_format=".0%",
            labels=True,
        )
        parts.append(_chart(chart))
        parts.append(_table(
            [_e(w["col_reason"]), _e(w["col_count"]), _e(w["col_share"]),
             _e(w["col_cumulative"])],
            [[_e(r["reason"].replace("_", " ")), _e(r["count"]),
              _fmt(report, "pct", r["share"]), _fmt(report, "pct", r["cumulative_share"])]
             for r in reasons],
            {1, 2, 3},
        ))
    else:
        parts.append(f"<p>{_e(w['no_losses'])}</p>")
    return _section(report, w["section_winloss"], *parts)


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
    items = "".join(f"<li>{_e(a['text'])}</li>" for a in report.figures["actions"])
    return _section(
        report, w["section_actions"], f'<p class="vk-note">{_e(w["actions_intro"])}</p>',
        f'<ol class="vk-actions">{items}</ol>',
    )


@_needs("notes")
def notes(report: tr.TeamReport) -> HTMLBlock:
    """How the figures are computed (definitions, in the report's language)."""
    w = report.labels
    text = w["notes"].format(period_end=report.figures["period_end"])
    return _section(report, w["section_notes"], f'<p class="vk-note">{_e(text)}</p>')


# ---------------------------------------------------------------------------------------
# Index page

INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", Arial, sans-serif;
       max-width: 1200px; margin: 0 auto; padding: 24px 32px; color: #222; }
h1 { margin-bottom: 4px; }
.note { color: #555; }
table { border-collapse: collapse; margin-top: 16px; font-size: 14px; }
th, td { padding: 6px 10px; border-bottom: 1px solid #ddd; text-align: left; }
th { background: #f4f6f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { color: #b3261e; }
a { color: #0a5fa8; }
"""


def index_page(entries: Sequence[Mapping[str, Any]], *, language: str) -> str:
    """``index.html``: every report in the folder with a link and its headline numbers.

    ``entries`` are the records of the folder's manifest
    (:func:`valuekit.reports.runner.write_index`): ``team_id``, ``team_name``,
    ``html`` (file name or None), ``pdf``, ``figures``, ``period_end``, and
    ``error``/``failed_at`` when the latest run of that team failed (the report
    linked, if any, is then from an earlier run and says so). Links are relative
    (the index sits next to the reports) and percent-encoded.
    """
    w = tr.labels(language)
    failed = sum(1 for e in entries if e.get("error"))
    head = [w["col_team"], w["col_region"], w["col_as_of"], w["short_revenue_12m"],
            w["open_pipeline"], w["short_win_rate"], w["short_churn_rate"], w["short_clv"],
            w["col_bottleneck"], w["col_status"]]
    numeric = {3, 4, 5, 6, 7}
    rows = []
    for e in sorted(entries, key=lambda e: (str(e["team_name"]).casefold(), e["team_id"])):
        name = f'{_e(e["team_name"])} <span class="note">({_e(e["team_id"])})</span>'
        f = e.get("figures")
        error = e.get("error")
        if e.get("html") and f:
            h = f["headline"]

            def cell(key: str, kind: str, h=h) -> str:  # n/a: absent from partial data
                return _e(tr.format_value(kind, h.get(key, {}).get("team"), language))

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
            rows.append((' class="failed"' if error else "", [
                f'<a href="{_e(href)}">{name}</a>', _e(str(f["team"]["region"]).title()),
                _e(f.get("period_end", "")),
                cell("revenue_12m", "money"), cell("open_pipeline", "money"),
                cell("win_rate", "pct"), cell("churn_rate", "pct"), cell("clv", "money"),
                neck, link,
            ]))
        else:
            rows.append((' class="failed"', [
                name, "", _e(e.get("period_end", "")), "", "", "", "", "", "",
                _e(w["label_value"].format(label=w["failed"], value=error or "")),
            ]))
    num = ' class="num"'
    th = "".join(
        f"<th{num if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        f"<tr{cls}>"
        + "".join(f"<td{num if i in numeric else ''}>{c}</td>" for i, c in enumerate(cells))
        + "</tr>"
        for cls, cells in rows
    )
    dates = sorted({str(e.get("period_end")) for e in entries if e.get("period_end")})
    intro = w["index_intro"].format(n=len(entries), period_end=", ".join(dates) or w["na"],
                                    failed=failed)
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(w["html_lang"])}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(w['index_title'])}</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{_e(w['index_title'])}</h1>\n<p class=\"note\">{_e(intro)}</p>\n"
        f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>\n</body>\n</html>\n"
    )
