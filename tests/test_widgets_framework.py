"""valuekit.widgets: the Interactive machinery, driven from Python as a test would a browser."""

from __future__ import annotations

import base64
import math
import re

import altair as alt
import ipywidgets as w
import pandas as pd
import pytest

from valuekit import i18n
from valuekit import widgets as vw


def toy(price: float, volume: int, region: str = "north", *, costs: float = 0.0) -> vw.Outcome:
    """Revenue and profit of a price/volume choice; the chart shows revenue per quarter."""
    if price * volume > 1e7:
        raise ValueError("more than 10 million: out of this toy's range")
    revenue = price * volume
    frame = pd.DataFrame({"quarter": [1, 2, 3, 4], "revenue": [revenue / 4] * 4})
    chart = alt.Chart(frame, title=f"Revenue in {region}").mark_bar().encode(
        x="quarter:O", y="revenue:Q"
    )
    return vw.Outcome(
        {"Revenue": revenue, "Profit": revenue - costs, "Region": region},
        chart=chart,
        formats={"Revenue": "${:,.0f}", "Profit": "${:,.2f}"},
    )


@pytest.fixture
def ix() -> vw.Interactive:
    return vw.Interactive(
        toy,
        {
            "price": vw.Slider(10.0, 100.0, 5.0, 40.0, "Price", "$,.0f"),
            "volume": (100, 5000, 100, 1000, "Volume"),
            "region": vw.Dropdown({"North": "north", "South": "south"}, "north", "Region"),
        },
        fixed={"costs": 1500.0},
        title="Toy",
    )


def _svg_in(html: str) -> str:
    match = re.search(r"base64,([A-Za-z0-9+/=]+)", html)
    assert match
    return base64.b64decode(match.group(1)).decode()


def test_controls_match_their_specs(ix):
    price, volume, region = (ix.controls[k] for k in ("price", "volume", "region"))
    assert isinstance(price, w.FloatSlider) and price.readout_format == "$,.0f"
    assert isinstance(volume, w.IntSlider) and (volume.min, volume.max, volume.step) == (
        100, 5000, 100)
    assert isinstance(region, w.Dropdown) and region.value == "north"
    assert price.continuous_update is True
    assert ix.inputs == {"price": 40.0, "volume": 1000, "region": "north"}


def test_first_draw_shows_what_the_pure_function_says(ix):
    expected = toy(40.0, 1000, "north", costs=1500.0)
    assert ix.result.numbers == expected.numbers == {
        "Revenue": 40000.0, "Profit": 38500.0, "Region": "north"}
    assert "$40,000" in ix.readout.value and "$38,500.00" in ix.readout.value
    assert ix.chart_svg.startswith("<svg") and "<rect" in ix.chart_svg
    assert _svg_in(ix.chart_view.value) == ix.chart_svg
    # The title is HTML above the image, not SVG text (quick_svg: text is the slow part).
    assert "Revenue in north" in ix.chart_view.value and "Revenue in" not in ix.chart_svg


def test_moving_a_slider_recomputes_and_redraws(ix):
    before_svg = ix.chart_svg
    ix.controls["price"].value = 55.0
    expected = toy(55.0, 1000, "north", costs=1500.0)
    assert ix.result.numbers == expected.numbers
    pd.testing.assert_frame_equal(ix.result.chart.data, expected.chart.data)
    assert ix.result.chart.data["revenue"].tolist() == [13750.0] * 4
    assert "$55,000" in ix.readout.value
    assert ix.chart_svg != before_svg

    ix.controls["region"].value = "south"
    assert ix.result.numbers["Region"] == "south"
    assert "Revenue in south" in ix.chart_view.value


def test_compute_is_pure_and_leaves_the_widget_alone(ix):
    other = ix.compute(volume=2000)
    assert other.numbers["Revenue"] == 80000.0
    assert ix.controls["volume"].value == 1000
    assert ix.result.numbers["Revenue"] == 40000.0
    with pytest.raises(ValueError, match=r"unknown input\(s\) \['nope'\]"):
        ix.compute(nope=1)


def test_a_rejected_combination_is_shown_not_raised():
    ix = vw.Interactive(toy, {"price": (1e4, 2e4, 1e3, 1e4), "volume": (900, 2000, 100, 900)})
    assert ix.error is None
    good_svg = ix.chart_svg
    ix.controls["volume"].value = 1100  # 1e4 * 1100 > 1e7: toy raises ValueError
    assert isinstance(ix.error, ValueError)
    assert "Cannot compute this combination" in ix.readout.value
    assert "out of this toy" in ix.readout.value
    assert ix.result.numbers["Revenue"] == 1e4 * 900  # the last good result stays
    assert ix.chart_svg == good_svg
    ix.controls["volume"].value = 1000
    assert ix.error is None and ix.result.numbers["Revenue"] == 1e7


def test_outcome_accepts_plain_returns():
    ix = vw.Interactive(lambda a: {"double": a * 2}, {"a": (0, 10, 1, 3)})
    assert ix.result.numbers == {"double": 6} and ix.chart_svg == ""
    assert ix.chart_view.value == ""
    ix2 = vw.Interactive(lambda a: ({"a": a}, None), {"a": (0, 10, 1, 3)})
    assert ix2.result.numbers == {"a": 3}
    with pytest.raises(TypeError, match="must return an Outcome"):
        vw.Interactive(lambda a: 42, {"a": (0, 10, 1, 3)})


def test_default_number_formats():
    out = vw.Outcome({"f": 1234.5678, "i": 12345, "s": "x"})
    assert out.formatted() == {"f": "1,234.57", "i": "12,345", "s": "x"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ((5, 1, 1, 3), "min .* must be below max"),
        ((0, 10, 1, 11), "outside"),
        ((0, 10, 0, 5), "step must be positive"),
    ],
)
def test_bad_slider_specs_are_named(spec, message):
    with pytest.raises(ValueError, match=message):
        vw.Slider(*spec)


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="at least one input"):
        vw.Interactive(toy, {})
    with pytest.raises(ValueError, match="input 'price'"):
        vw.Interactive(toy, {"price": "cheap"})
    with pytest.raises(ValueError, match="default 'x' is not an option"):
        vw.Dropdown(["a", "b"], "x")


def test_static_snapshot_for_where_widgets_cannot_run(ix):
    bundle = ix._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    snapshot = bundle["text/html"]
    assert "valuekit-snapshot" in snapshot and "Price = 40" in snapshot
    assert "Region = North" in snapshot
    assert _svg_in(snapshot) == ix.chart_svg
    assert bundle["text/plain"] == (
        "<valuekit Interactive 'Toy': price=40.0, volume=1000, region='north'>"
    )


def test_quick_svg_draws_the_same_chart_with_its_title_as_html():
    import valuekit.charts as vc

    frame = pd.DataFrame({"product": ["a" * 40, "b"], "revenue": [3.0, 1.0]})
    chart = alt.Chart(frame, title=alt.TitleParams("Revenue <by> product", subtitle=["one",
                      "two & more"])).mark_bar().encode(x="revenue:Q", y="product:N")
    svg, page = vc.quick_svg(chart)
    full = vc.to_svg(chart)
    assert "Revenue" in full and "Revenue" not in svg
    assert "Revenue &lt;by&gt; product" in page and "one<br>two &amp; more" in page
    assert _svg_in(page) == svg
    # The same bars, drawn the same: only the title moved out.
    def bars(drawing: str) -> list[str]:
        return re.findall(r'<g class="mark-rect role-mark[^>]*>(.*?)</g>', drawing)

    assert bars(svg) == bars(full)
    assert "".join(bars(svg)).count('aria-roledescription="bar"') == 2
    # No length limit: the 40-character label is drawn whole (the theme truncates at 260 px
    # elsewhere; this label is shorter than that, so both show it whole).
    assert "a" * 40 in svg and "a" * 40 in full
    assert vc.title_text({"title": "t"}) == ("t", "")
    assert vc.title_text({}) == ("", "")


def test_registry():
    found = vw.builders()
    assert found["framework.demo"] is vw.demo
    with pytest.raises(ValueError, match="already registered"):
        vw.register("framework.demo")(lambda: None)


def test_demo_outcome_against_hand_computed_values():
    out = vw.demo_outcome(0.8, 5)
    left, lifetime = out.numbers.values()
    assert math.isclose(left, 100 * 0.8**5)  # 32.768 customers
    assert math.isclose(lifetime, 5.0)  # 1 / (1 - 0.8)
    assert out.chart.data["customers"].round(3).tolist() == [100.0, 80.0, 64.0, 51.2, 40.96,
                                                             32.768]
    with pytest.raises(ValueError, match="retention must be"):
        vw.demo_outcome(1.0, 5)
    with pytest.raises(ValueError, match="years must be"):
        vw.demo_outcome(0.5, 0)


def test_demo_widget_follows_its_slider():
    ix = vw.demo()
    ix.controls["retention"].value = 0.5
    assert ix.result.numbers == vw.demo_outcome(0.5, 5).numbers
    assert "3.1" in ix.readout.value  # 100 * 0.5**5 = 3.125 customers left


def test_browser_drawing_sends_the_spec_not_an_svg():
    import valuekit.charts as vc

    ix = vw.Interactive(toy, {"price": (10, 100, 5, 40), "volume": (100, 5000, 100, 1000)},
                        draw="browser")
    assert isinstance(ix.chart_view, vc.LiveChart)
    assert ix.chart_svg == ""
    first = ix.chart_view.spec
    assert first == vc.spec_of(ix.result.chart)
    ix.controls["price"].value = 50
    assert ix.chart_view.spec != first
    assert ix.chart_view.spec["datasets"] == vc.spec_of(toy(50, 1000).chart)["datasets"]
    snapshot = ix._repr_mimebundle_()["text/html"]
    assert _svg_in(snapshot).startswith("<svg")  # drawn for the snapshot only
    with pytest.raises(ValueError, match="draw must be"):
        vw.Interactive(toy, {"price": (10, 100, 5, 40)}, draw="canvas")


def test_the_snapshot_writes_settings_as_a_reader_does_in_either_language():
    # a handout shows the snapshot: "5,000,000", not Python's "5e+06"; fractions to 4 figures
    ix = vw.Interactive(toy, {"price": (1e4, 6e6, 1e3, 5e6), "volume": (0.5, 2.5, 0.1, 1.0)})
    ix.controls["volume"].value = 1.3
    assert "price = 5,000,000, volume = 1.3 <em>" in ix.snapshot_html()
    with i18n.using("zh"):
        ix.controls["volume"].value = 1.2
        html = ix.snapshot_html()
        ix.controls["volume"].value = 2.1  # toy rejects 5e6 * 2.1 > 1e7
        error = ix.readout.value
    assert "price = 5,000,000；volume = 1.2 <em>" in html and "5e+06" not in html
    assert "这组设置无法计算：" in error and "Cannot compute" not in error
