"""valuekit.charts: offline SVG rendering, the kit theme, the generic builders, the exporter."""

from __future__ import annotations

import base64
import re

import altair as alt
import nbformat
import pandas as pd
import pytest

import valuekit.charts as vc
from valuekit.export import offline_html


@pytest.fixture(autouse=True)
def _restore_altair():
    renderer, theme = alt.renderers.active, alt.theme.active
    yield
    alt.renderers.enable(renderer)
    alt.theme.enable(theme)


def _decode_img(html: str) -> str:
    match = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert match, html[:200]
    return base64.b64decode(match.group(1)).decode("utf-8")


def _small() -> alt.Chart:
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [2.0, 4.0, 3.0]})
    return alt.Chart(frame, title="Small").mark_line().encode(x="x:Q", y="y:Q")


def test_enable_switches_renderer_and_theme():
    alt.renderers.enable("default")
    alt.theme.enable("default")
    vc.enable()
    assert alt.renderers.active == vc.RENDERER
    assert alt.theme.active == vc.THEME


def test_altair_display_goes_through_the_kit_renderer():
    vc.enable()
    bundle = _small()._repr_mimebundle_()
    # Altair returns (data, metadata) or data, depending on the renderer's return value.
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(data) == {"text/html", "text/plain"}
    assert "vega" not in data["text/html"].lower().replace("vega-lite", "")
    assert "<script" not in data["text/html"]
    svg = _decode_img(data["text/html"])
    assert svg.startswith("<svg") and "Small" in svg
    assert data["text/plain"] == "<Chart: Small>"


def test_to_svg_applies_the_kit_theme_when_none_was_chosen():
    alt.theme.enable("default")
    svg = vc.to_svg(_small())
    assert "Arial, Liberation Sans" in svg
    assert vc.PALETTE[0] in svg  # the line's colour


def test_to_svg_respects_another_chosen_theme():
    alt.theme.enable("dark")
    svg = vc.to_svg(_small())
    assert "Arial, Liberation Sans" not in svg


def test_to_svg_never_fetches_url_data():
    chart = alt.Chart("https://example.com/data.csv").mark_point().encode(x="a:Q")
    with pytest.raises(ValueError, match="External data url not allowed"):
        vc.to_svg(chart)


def test_to_svg_rejects_what_is_not_a_chart():
    with pytest.raises(ValueError, match="Altair chart"):
        vc.to_svg("not a chart")


def test_chinese_labels_stay_text_in_the_svg():
    frame = pd.DataFrame({"stage": ["潜在客户", "成交"], "n": [10, 2]})
    svg = vc.to_svg(alt.Chart(frame).mark_bar().encode(x="n:Q", y="stage:N"))
    assert "潜在客户" in svg and "成交" in svg


def test_element_ids_are_unique_per_chart():
    frame = pd.DataFrame({"x": [1, 2], "y": [1, 2]})
    chart = alt.Chart(frame).mark_line(clip=True).encode(
        x=alt.X("x:Q", scale=alt.Scale(domain=[0, 1.5])), y="y:Q"
    )
    first, second = vc.to_svg(chart), vc.to_svg(chart)
    ids1 = set(re.findall(r'id="([^"]+)"', first))
    ids2 = set(re.findall(r'id="([^"]+)"', second))
    assert ids1 and ids2 and not ids1 & ids2
    for ident in ids1:  # every reference follows its renamed element
        assert ident.startswith("vk")
    for ref in re.findall(r"url\(#([^)]+)\)", first):
        assert ref in ids1


def test_img_html_escapes_the_alt_text():
    html = vc.img_html("<svg></svg>", 'a "quoted" <title>')
    assert 'alt="a &quot;quoted&quot; &lt;title&gt;"' in html


def test_line_builder_encodes_and_validates():
    frame = pd.DataFrame({"year": [0, 1, 2] * 2, "v": [3, 2, 1, 4, 3, 2],
                          "who": ["us"] * 3 + ["them"] * 3})
    spec = vc.line(frame, "year", "v", color="who", color_order=["us", "them"], x_format="d",
                   title="T").to_dict()
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["color"]["sort"] == ["us", "them"]
    assert spec["encoding"]["x"]["axis"]["tickMinStep"] == 1
    with pytest.raises(ValueError, match="'nope' is not a column"):
        vc.line(frame, "year", "nope")
    with pytest.raises(ValueError, match="DataFrame"):
        vc.line([1, 2], "a", "b")


def test_bar_builder_orders_and_labels():
    frame = pd.DataFrame({"channel": ["email", "seminar"], "cost": [5.0, 7.5]})
    layered = vc.bar(frame, "channel", "cost", labels=True, order=["seminar", "email"],
                     value_format="$,.0f", title="Cost").to_dict()
    bars, text = layered["layer"]
    assert bars["encoding"]["x"]["sort"] == ["seminar", "email"]
    assert text["mark"]["type"] == "text"
    assert text["encoding"]["text"]["format"] == "$,.0f"
    assert layered["title"] == "Cost"
    horizontal = vc.bar(frame, "channel", "cost", horizontal=True).to_dict()
    assert horizontal["encoding"]["y"]["field"] == "channel"


def test_value_axis_never_repeats_whole_number_labels():
    assert vc.value_axis(",.0f").to_dict()["tickMinStep"] == 1
    assert vc.value_axis("$,d").to_dict()["tickMinStep"] == 1
    assert vc.value_axis(".0%").to_dict()["tickMinStep"] == 0.01
    assert "tickMinStep" not in vc.value_axis(".2f").to_dict()


def test_funnel_bars_labels_counts_and_stage_conversion():
    counts = pd.Series({"target": 900, "potential": 12000, "effective": 210,
                        "possible": 4100})
    chart = vc.funnel_bars(counts)
    frame = chart.data  # shared by the bars and the labels
    # The kit's stage order, whatever the input order.
    assert list(frame["stage"]) == ["potential", "possible", "target", "effective"]
    # 4100 / 12000 = 34.2 %, 900 / 4100 = 22.0 %, 210 / 900 = 23.3 %.
    assert list(frame["_label"]) == [
        "12,000", "4,100  (34% of previous)", "900  (22% of previous)",
        "210  (23% of previous)",
    ]
    assert "<svg" in vc.to_svg(chart)
    worded = vc.funnel_bars(counts, label="{count} ({share} 转化)").data
    assert list(worded["_label"]) == ["12,000", "4,100 (34% 转化)", "900 (22% 转化)",
                                      "210 (23% 转化)"]


def test_funnel_bars_rejects_bad_input():
    with pytest.raises(ValueError, match="no 'count' for stage"):
        vc.funnel_bars(pd.Series({"a": 1}), order=["a", "b"])
    with pytest.raises(ValueError, match="must not be negative"):
        vc.funnel_bars(pd.Series({"potential": 3, "possible": -1}))


def test_format_d3_matches_axis_formats():
    assert vc.format_d3(1234.5, ",.0f") == "1,234"  # banker's rounding of .5 aside
    assert vc.format_d3(1234.0, "$,.2f") == "$1,234.00"
    assert vc.format_d3(0.256, ".1%") == "25.6%"
    with pytest.raises(ValueError, match="unsupported number format"):
        vc.format_d3(1.0, "~s")


def _executed_notebook() -> nbformat.NotebookNode:
    """A notebook as nbclient leaves it: a chart output and a widget output with state."""
    vc.enable()
    from valuekit.widgets import demo

    nb = nbformat.v4.new_notebook()
    data = _small()._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    widget = demo()._repr_mimebundle_()
    nb.cells = [
        nbformat.v4.new_code_cell("chart", outputs=[
            nbformat.v4.new_output("display_data", data=data)]),
        nbformat.v4.new_code_cell("demo()", outputs=[
            nbformat.v4.new_output("display_data", data=widget)]),
        nbformat.v4.new_markdown_cell("Some $x^2$ math."),
    ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_offline_html_references_nothing_external():
    body = offline_html(_executed_notebook())
    assert not re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', body)
    assert "@import" not in body
    assert body.count('src="data:image/svg+xml;base64,') == 2  # the chart, the snapshot
    assert "valuekit-snapshot" in body
    assert "widget-state" not in body


def test_offline_html_can_hide_code():
    with_code = offline_html(_executed_notebook())
    without = offline_html(_executed_notebook(), exclude_input=True)
    assert with_code.count("highlight hl-") == 2
    assert without.count("highlight hl-") == 0


def test_offline_html_names_a_missing_file(tmp_path):
    with pytest.raises(ValueError, match="no notebook at"):
        offline_html(tmp_path / "missing.ipynb")


def test_live_chart_falls_back_to_the_static_svg():
    vc.enable()
    bundle = vc.live(_small())._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert _decode_img(data["text/html"]).startswith("<svg")
    # The JavaScript comes from the kernel: no module imported from a web address (Altair's
    # online bundle imports vega-embed from esm.sh).
    esm = alt.JupyterChart._esm
    assert len(esm) > 100_000
    assert not re.findall(r'(?:from\s*|import\()["\']https?://', esm)


def test_chart_code_never_encodes_with_bare_strings_or_dicts():
    """``encode(x="a:Q")`` costs about 2 ms in Altair 6 (each string or dict is turned into a
    channel by ``from_dict``, which walks the whole Vega-Lite schema; vega/altair#3547 is the
    open fix), ``encode(x=alt.X("a:Q"))`` 0.06 ms: 0.1-0.3 s of a lesson's run and a few ms of
    every slider step. The kit's code uses the channel classes; this keeps it that way."""
    import ast
    from pathlib import Path

    import valuekit

    offenders = []
    for path in Path(valuekit.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "encode"):
                continue
            for kw in node.keywords:
                value = kw.value
                bare = isinstance(value, ast.Constant | ast.JoinedStr | ast.Dict) or (
                    isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "value")
                if bare:
                    offenders.append(f"{path.name}:{value.lineno} {kw.arg}={ast.unparse(value)}")
    assert offenders == []
