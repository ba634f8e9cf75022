"""Module 4's closing section, "when customers do not sign contracts": the facts the
notebook states about UCI Online Retail, the lesson helpers against the library and hand
computation, the customer-history interactive driven from Python, and questions q9-q12."""

from __future__ import annotations

import nbformat
import numpy as np
import pytest

import valuekit.charts as vc
from valuekit import clv
from valuekit.charts import repeat_buying as cr
from valuekit.exercises import m04_clv as m4
from valuekit.widgets import builders
from valuekit.widgets import clv_transactions as wt


def test_the_notebook_section_is_at_the_end_and_states_these_facts():
    nb = nbformat.read("notebooks/04_clv.ipynb", as_version=4)
    heads = [i for i, c in enumerate(nb.cells) if c.source.startswith("## ")]
    last = nb.cells[heads[-1]].source
    assert last.startswith("## 8. When customers do not sign contracts")
    text = "\n".join(c.source for c in nb.cells[heads[-1]:] if c.cell_type == "markdown")
    assert "884 customers who already bought in December 2010" in text
    assert "£77,184" in text and "A quarter of the lines have **no customer id**" in text
    assert "customers bought **more** than it\nexpected" in text


def test_cleaning_facts():
    steps = wt.retail_cleaning()
    assert steps["lines"].sum() == 541_909
    assert steps.loc["no customer id", "lines"] / 541_909 == pytest.approx(0.25, abs=0.01)
    undone = wt.retail_purchases()
    assert len(undone) == 18_345 and undone["customer"].nunique() == 4325


def test_eighty_twenty_and_the_cohort():
    curve = wt.retail_concentration()
    top = curve.iloc[len(curve) // 5 - 1]
    assert top["revenue_share"] == pytest.approx(0.74, abs=0.01)
    assert vc.to_svg(cr.concentration_chart(curve)).startswith("<svg")
    s = wt.retail_summary()
    assert len(s) == 884
    first = wt.cohort_purchases().groupby("customer")["date"].min()
    assert first.max() < wt.COHORT_END and first.min() >= np.datetime64("2010-12-01")


def test_models_are_the_library_fits_on_the_summary():
    bg, gg = wt.retail_models()
    s = wt.retail_summary()
    again = clv.fit_bgnbd(s["frequency"], s["recency"], s["T"])
    assert bg.params == pytest.approx(again.params)
    assert bg.params == pytest.approx((0.8188, 5.9606, 0.0116, 2.611), abs=1e-3)
    assert gg.n == int(((s["frequency"] > 0) & (s["monetary_value"] > 0)).sum())


def test_holdout_check_shows_the_autumn_underprediction():
    ch, bg, by_frequency, curve = wt.retail_holdout()
    assert len(ch) == 884 and ch["duration_holdout"].iloc[0] == pytest.approx(100 / 7)
    # the model tracks the calibration period (within 2%) ...
    cal = curve[curve["part"] == "calibration"].iloc[-1]
    assert cal["predicted"] == pytest.approx(cal["actual"], rel=0.02)
    # ... and customers bought more than predicted in the holdout, at every level
    assert (by_frequency["actual"] > by_frequency["predicted"]).all()
    assert m4.holdout_verdict() == "more"
    for chart in (cr.holdout_frequency_chart(by_frequency), cr.cumulative_chart(curve)):
        assert vc.to_svg(chart).startswith("<svg")


def test_values_big_customers_and_tiers():
    v = wt.retail_values()
    bg, gg = wt.retail_models()
    one = v.loc["14646"]
    assert one["p_alive"] == pytest.approx(clv.bgnbd_p_alive(bg, one["frequency"],
                                                             one["recency"], one["T"]))
    big = wt.big_customers()
    assert big.index[0] == "14646" and (big["p_alive"] > 0.95).all()
    tiers = wt.tier_table()
    assert tiers["customers"].sum() == 884
    assert tiers.loc["high", "share_of_clv"] > 0.7


def test_p_alive_history_by_hand():
    bg = wt.retail_models()[0]
    h = wt.p_alive_history(m4.QUIET)
    days = sorted(set(wt.cohort_purchases().query("customer == @m4.QUIET")["date"].dt.normalize()))
    last = h.iloc[-1]
    x = len(days) - 1
    tx = (days[-1] - days[0]).days / 7
    T = (wt.END - days[0]).days / 7
    assert last["p_alive"] == pytest.approx(clv.bgnbd_p_alive(bg, x, tx, T))
    assert last["p_alive"] < 0.5
    # P(alive) only falls between purchases and is 1 until the first repeat purchase
    assert h.loc[h["purchases"] == 1, "p_alive"].eq(1).all()
    with pytest.raises(ValueError, match="no customer 'nobody'"):
        wt.p_alive_history("nobody")


def test_customer_history_widget_redraws():
    ix = builders()["m04.customer_history"]()
    options = list(ix.controls["customer"].options)
    assert options[0] == "14646" and m4.QUIET in options
    ix.controls["customer"].value = m4.QUIET
    expected = wt.customer_history(m4.QUIET)
    assert ix.result.numbers == expected.numbers
    assert ix.result.numbers["P(alive) today"] < 0.5
    assert ix.chart_svg.startswith("<svg")


@pytest.mark.parametrize(("q", "right"), [
    (m4.q9, "more"), (m4.q10, "lost"),
    (m4.q11, lambda: round(m4.q11.expected, 3)), (m4.q12, lambda: round(m4.q12.expected, 1)),
])
def test_questions_accept_the_right_answer(q, right):
    assert q.check(right() if callable(right) else right).correct


def test_question_values_by_hand():
    steps = wt.retail_cleaning()
    assert m4.q11.expected == pytest.approx(steps.loc["no customer id", "value"]
                                            / steps["value"].sum())
    assert 0.14 < m4.q11.expected < 0.16
    bg = wt.retail_models()[0]
    row = wt.retail_summary().loc["14646"]
    assert m4.q12.expected == pytest.approx(clv.bgnbd_conditional_expected(
        bg, 365.25 / 7, row["frequency"], row["recency"], row["T"]))


@pytest.mark.parametrize(("q", "wrong", "word"), [
    (m4.q9, "as predicted", "read the end"),
    (m4.q9, "fewer", "grey one"),
    (m4.q10, "active", "P(alive)"),
    (m4.q11, lambda: round(m4.no_customer_share("lines"), 3), "LINES"),
    (m4.q12, lambda: round(m4.big_expected(12), 1), "12 weeks"),
    (m4.q12, lambda: wt.retail_summary().loc["14646", "frequency"], "past year"),
])
def test_named_mistakes_fire(q, wrong, word):
    r = q.check(wrong() if callable(wrong) else wrong)
    assert not r.correct and word in r.message


def test_what_the_trainer_notes_say_holds():
    from pathlib import Path

    notes = (Path(__file__).resolve().parents[1] / "docs" / "trainer_notes_04.md").read_text(
        encoding="utf-8")
    section = notes[notes.index("## Section 8"):]
    assert f"({m4.q11.expected:.3f}; {m4.no_customer_share('lines'):.3f} is" in section
    assert f"({m4.q12.expected:.1f}; {m4.big_expected(12):.1f} means 12 weeks" in section
    share = wt.retail_concentration().iloc[len(wt.retail_concentration()) // 5 - 1]
    assert f"bring {share['revenue_share']:.0%} of the revenue" in section
    quiet = wt.retail_values().loc[m4.QUIET, "p_alive"]
    assert "slides to about 20%" in section and 0.15 < quiet < 0.25
    assert "884 customers who bought in December 2010" in section
