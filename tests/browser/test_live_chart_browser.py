"""vc.live(): an Altair selection works in JupyterLab with the network blocked, and the
clicked value reaches Python."""

from __future__ import annotations

import nbformat
import pytest

from .helpers import ARTIFACTS, ROOT, error_outputs, run_all_cells, screenshot

pytestmark = pytest.mark.browser

SOURCE = """\
import altair as alt
import ipywidgets as w
import pandas as pd

import valuekit.charts as vc

vc.enable()
df = pd.DataFrame({"stage": ["potential", "possible", "target", "effective"],
                   "n": [100, 40, 12, 3]})
pick = alt.selection_point(fields=["stage"], name="pick")
chart = alt.Chart(df, title="Click a bar").mark_bar().encode(
    x=alt.X("stage:N", sort=None), y="n:Q",
    opacity=alt.condition(pick, alt.value(1.0), alt.value(0.3)),
).add_params(pick)
live = vc.live(chart)
picked = w.HTML("nothing picked")
picked.add_class("picked")
live.selections.observe(
    lambda change: setattr(picked, "value", str(live.selections.pick.value)), ["pick"]
)
w.VBox([live, picked])
"""


@pytest.fixture
def live_notebook():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "live_chart_check.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SOURCE)]
    nbformat.write(nb, path)
    yield path.relative_to(ROOT).as_posix()
    path.unlink(missing_ok=True)


def test_live_chart_selection_reaches_python_offline(browser_page, blocked_requests,
                                                     live_notebook):
    page = browser_page
    run_all_cells(page, live_notebook)
    assert error_outputs(page) == []
    bars = page.locator(".jp-OutputArea-output svg.marks g.mark-rect path")
    bars.first.wait_for()
    assert bars.count() == 4
    assert page.locator(".picked").inner_text() == "nothing picked"
    bars.first.click()
    page.wait_for_function(
        "() => document.querySelector('.picked').innerText.includes('potential')")
    screenshot(page, "live_chart_jupyterlab", full_page=False)
    assert blocked_requests == []
