"""Tests of valuekit.value against hand-computed tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valuekit import value as vl
from valuekit.schema import COST_COMPONENTS, VALUE_COMPONENTS

# Five customers, revenue 50, 20, 15, 10, 5 (total 100), given out of order.
REVENUE = pd.Series({"c3": 15.0, "c1": 50.0, "c5": 5.0, "c2": 20.0, "c4": 10.0})
# Profit with a break-even and a loss-making customer: positive total 100, total 90.
PROFIT = pd.Series({"a": 50.0, "b": 20.0, "c": 15.0, "d": 10.0, "e": 5.0, "f": 0.0, "g": -10.0})

ONE = {
    "product_value": 8, "service_value": 7, "personnel_value": 6, "image_value": 5,
    "money_cost": 6, "time_cost": 4, "energy_cost": 3, "psychic_cost": 2,
}


# --------------------------------------------------------------------------- delivered value


def test_delivered_value_one_respondent_hand_computed():
    out = vl.delivered_value(ONE)
    # value 8+7+6+5 = 26, cost 6+4+3+2 = 15.
    assert out["total_value"] == 26 and out["total_cost"] == 15
    assert out["delivered_value"] == 11
    assert out["value_cost_ratio"] == pytest.approx(26 / 15)
    assert vl.delivered_value(pd.Series(ONE)).equals(out)


def test_delivered_value_weighted_hand_computed():
    out = vl.delivered_value(ONE, weights={"product_value": 2, "money_cost": 0.5})
    # value 2*8 + 7 + 6 + 5 = 34, cost 0.5*6 + 4 + 3 + 2 = 12.
    assert (out["total_value"], out["total_cost"], out["delivered_value"]) == (34, 12, 22)


def test_delivered_value_table_keeps_the_index():
    frame = pd.DataFrame([ONE, {**ONE, "money_cost": 10, "image_value": 9}], index=["r1", "r2"])
    out = vl.delivered_value(frame)
    assert list(out.index) == ["r1", "r2"]
    assert list(out.columns) == ["total_value", "total_cost", "delivered_value",
                                 "value_cost_ratio"]
    assert out.loc["r2"].tolist() == pytest.approx([30, 19, 11, 30 / 19])


def test_delivered_value_ratio_is_nan_without_cost():
    out = vl.delivered_value({"v": 5, "c": 0}, value_cols=["v"], cost_cols=["c"])
    assert out["delivered_value"] == 5 and math.isnan(out["value_cost_ratio"])


@pytest.mark.parametrize(
    "scores, kwargs, match",
    [({k: v for k, v in ONE.items() if k != "time_cost"}, {}, "missing components: time_cost"),
     ({**ONE, "image_value": np.nan}, {}, "image_value"),
     ({**ONE, "image_value": "high"}, {}, "image_value"),
     (ONE, {"weights": {"price": 2}}, "unknown components: price"),
     (ONE, {"weights": {"image_value": -1}}, "weight of image_value"),
     (ONE, {"value_cols": ["money_cost"]}, "both value and cost"),
     ([1, 2, 3], {}, "dict/Series")],
)
def test_delivered_value_rejects_bad_input(scores, kwargs, match):
    with pytest.raises(ValueError, match=match):
        vl.delivered_value(scores, **kwargs)


def test_delivered_value_names_the_rows_at_fault():
    frame = pd.DataFrame([ONE, {**ONE, "energy_cost": None}], index=["ok", "bad"])
    with pytest.raises(ValueError, match="energy_cost in rows bad"):
        vl.delivered_value(frame)


def _survey() -> pd.DataFrame:
    rows = [
        ("r1", "A1", "us", 8, 7, 6, 5, 6, 4, 3, 2),
        ("r2", "A2", "us", 6, 9, 8, 7, 8, 2, 3, 4),
        ("r3", "A1", "competitor", 9, 5, 5, 6, 4, 5, 5, 3),
        ("r4", "A2", "competitor", 7, 5, 7, 6, 4, 7, 5, 3),
    ]
    cols = ["response_id", "account_id", "vendor", *VALUE_COMPONENTS, *COST_COMPONENTS]
    return pd.DataFrame(rows, columns=cols)


def test_compare_delivered_value_hand_computed():
    table = vl.compare_delivered_value(_survey())
    # Means, us: product 7, service 8, personnel 7, image 6 (value 28);
    # money 7, time 3, energy 3, psychic 3 (cost 16); delivered 12.
    # Competitor: 8, 5, 6, 6 (value 25); 4, 6, 5, 3 (cost 18); delivered 7.
    assert table.loc["product_value", ["us", "competitor", "gap"]].tolist() == [7, 8, -1]
    assert table.loc["total_value", ["us", "competitor"]].tolist() == [28, 25]
    assert table.loc["total_cost", ["us", "competitor"]].tolist() == [16, 18]
    assert table.loc["delivered_value", ["us", "competitor", "gap"]].tolist() == [12, 7, 5]
    assert table.loc["value_cost_ratio", "us"] == pytest.approx(28 / 16)
    # Advantage: positive where we win. We cost more money (7 vs 4): we lose there.
    assert table.loc["money_cost", "gap"] == 3 and table.loc["money_cost", "advantage"] == -3
    assert table.loc["time_cost", "advantage"] == 3
    assert table.loc["service_value", "advantage"] == 3
    assert table.loc["total_cost", "advantage"] == 2
    assert table.loc["money_cost", "kind"] == "cost" and table.loc["image_value", "kind"] == "value"
    assert table.attrs["responses"] == {"us": 2, "competitor": 2}
    assert list(table.index[-4:]) == ["total_value", "total_cost", "delivered_value",
                                      "value_cost_ratio"]


def test_compare_delivered_value_rejects_bad_surveys():
    s = _survey()
    with pytest.raises(ValueError, match="no responses for vendor 'competitor'"):
        vl.compare_delivered_value(s[s["vendor"] == "us"])
    bad = s.copy()
    bad.loc[0, "vendor"] = "rival"
    with pytest.raises(ValueError, match="rival"):
        vl.compare_delivered_value(bad)
    with pytest.raises(ValueError, match="vendor"):
        vl.compare_delivered_value(s.drop(columns="vendor"))
    with pytest.raises(ValueError, match="psychic_cost"):
        vl.compare_delivered_value(s.drop(columns="psychic_cost"))
    with pytest.raises(ValueError, match="non-empty"):
        vl.compare_delivered_value(s.iloc[0:0])


# --------------------------------------------------------------------------- concentration


def test_concentration_curve_hand_computed():
    curve = vl.concentration_curve(REVENUE)
    assert curve["customer"].tolist() == ["c1", "c2", "c3", "c4", "c5"]
    assert curve["rank"].tolist() == [1, 2, 3, 4, 5]
    assert curve["share_of_customers"].tolist() == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])
    assert curve["cumulative_share"].tolist() == pytest.approx([0.5, 0.7, 0.85, 0.95, 1.0])


def test_top_share_and_customers_for_share_hand_computed():
    assert vl.top_share(REVENUE, top_pct=0.2) == pytest.approx(0.5)
    assert vl.top_share(REVENUE, top_k=2) == pytest.approx(0.7)
    assert vl.top_share(REVENUE, top_k=0) == 0
    assert vl.top_share(REVENUE, top_pct=1.0) == pytest.approx(1.0)
    assert vl.top_share(REVENUE, top_pct=0.3) == pytest.approx(0.7)  # ceil(1.5) = 2
    assert vl.customers_for_share(REVENUE, 0.8) == 3
    assert vl.customers_for_share(REVENUE, 0.85) == 3  # exactly reached counts
    assert vl.customers_for_share(REVENUE, 0.86) == 4
    assert vl.customers_for_share(REVENUE, 0.5) == 1
    assert vl.customers_for_share(REVENUE, 1.0) == 5
    assert vl.gini(REVENUE) == pytest.approx(0.4)  # (−4·5 −2·10 + 0 + 2·20 + 4·50) / 500


def test_top_pct_rounds_up_and_never_interpolates():
    equal = pd.Series(1.0, index=range(2000))
    assert vl.top_share(equal, top_pct=0.2) == pytest.approx(400 / 2000)  # 400 customers
    seven = pd.Series([7, 6, 5, 4, 3, 2, 1])
    assert vl.top_share(seven, top_pct=0.2) == pytest.approx(13 / 28)  # ceil(1.4) = 2
    assert vl.top_share([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], top_pct=0.7) == pytest.approx(0.7)


def test_gini_extremes():
    assert vl.gini([3, 3, 3, 3]) == pytest.approx(0.0)
    assert vl.gini([0, 0, 0, 10]) == pytest.approx(0.75)  # (n - 1) / n


def test_profit_concentration_with_losses_is_a_whale_curve():
    curve = vl.concentration_curve(PROFIT)
    # Positive profit 100, total 90: the curve peaks at 100/90 and ends at 1.
    assert curve["cumulative_share"].max() == pytest.approx(100 / 90)
    assert curve["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert curve["customer"].iloc[-1] == "g"
    assert vl.top_share(PROFIT, top_k=5) == pytest.approx(100 / 90)
    assert vl.customers_for_share(PROFIT, 0.8) == 3  # 50, 70, 85 of 90
    with pytest.raises(ValueError, match="negative for g"):
        vl.gini(PROFIT)


def test_profit_tiers_hand_computed():
    tiers = vl.profit_tiers(PROFIT)
    assert tiers.to_dict() == {
        "a": "high", "b": "medium", "c": "medium", "d": "low", "e": "low",
        "f": "none", "g": "none",
    }
    assert list(tiers.cat.categories) == list(vl.PROFIT_TIERS) and tiers.cat.ordered
    # Other cuts: the top 30 % (customer a alone) high, up to 90 % medium.
    other = vl.profit_tiers(PROFIT, cuts=(0.3, 0.9))
    assert other[["a", "b", "c", "d", "e"]].tolist() == ["high", "medium", "medium",
                                                         "medium", "low"]


def test_profit_tiers_edge_cases():
    assert set(vl.profit_tiers([0, -5, -1])) == {"none"}
    assert vl.profit_tiers([10]).tolist() == ["high"]
    # Ties keep input order. Five equal profits: the share above each is 0, 0.2, 0.4,
    # 0.6, 0.8; exactly 80 % above the last one puts it in "low".
    assert vl.profit_tiers([5, 5, 5, 5, 5]).tolist() == ["high", "high", "high", "medium", "low"]
    with pytest.raises(ValueError, match="cuts"):
        vl.profit_tiers(PROFIT, cuts=(0.8, 0.5))


@pytest.mark.parametrize(
    "call, match",
    [(lambda: vl.top_share([], top_k=1), "empty"),
     (lambda: vl.top_share([1, np.nan], top_k=1), "missing"),
     (lambda: vl.top_share([1, 2]), "exactly one"),
     (lambda: vl.top_share([1, 2], top_k=1, top_pct=0.5), "exactly one"),
     (lambda: vl.top_share([1, 2], top_k=3), "more than the 2"),
     (lambda: vl.top_share([1, 2], top_k=1.5), "whole number"),
     (lambda: vl.top_share([1, 2], top_pct=20), "fraction"),
     (lambda: vl.top_share([-1, 0], top_k=1), "positive total"),
     (lambda: vl.customers_for_share([1, 2], share=0), "share"),
     (lambda: vl.customers_for_share([1, 2], share=1.2), "fraction"),
     (lambda: vl.concentration_curve([0, 0]), "positive total"),
     (lambda: vl.concentration_curve(pd.DataFrame({"a": [1]})), "one column")],
)
def test_concentration_functions_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=60).filter(lambda v: sum(v) > 0))
def test_concentration_properties_for_non_negative_values(values):
    curve = vl.concentration_curve(values)
    share = curve["cumulative_share"].to_numpy()
    assert np.all(np.diff(share) >= -1e-12)
    assert share[-1] == pytest.approx(1.0)
    # Biggest first: the curve lies on or above the diagonal.
    assert np.all(share >= curve["share_of_customers"].to_numpy() - 1e-9)
    n = len(values)
    for k in {0, 1, n // 2, n}:
        assert -1e-12 <= vl.top_share(values, top_k=k) <= 1 + 1e-12
    for pct in (0.1, 0.2, 0.5):
        assert 0 <= vl.top_share(values, top_pct=pct) <= 1 + 1e-12
    k = vl.customers_for_share(values, 0.8)
    assert vl.top_share(values, top_k=k) >= 0.8 - 1e-9
    assert k == 1 or vl.top_share(values, top_k=k - 1) < 0.8
    assert 0 <= vl.gini(values) <= (n - 1) / n + 1e-9


# --------------------------------------------------------------------------- wallet and market


def test_share_of_wallet_hand_computed():
    spend = pd.Series({"A": 50.0, "B": 0.0, "C": 30.0})
    budget = pd.Series({"C": 40.0, "A": 100.0, "B": 200.0})  # other order: aligned by id
    sow = vl.share_of_wallet(spend, budget)
    assert sow.to_dict() == pytest.approx({"A": 0.5, "B": 0.0, "C": 0.75})
    assert vl.share_of_wallet(30, 40) == pytest.approx(0.75)


def test_share_of_wallet_names_the_accounts_at_fault():
    with pytest.raises(ValueError, match="smaller than our_spend .* for B"):
        vl.share_of_wallet(pd.Series({"A": 5.0, "B": 50.0}), pd.Series({"A": 10.0, "B": 40.0}))
    with pytest.raises(ValueError, match="total_budget must be > 0; not so for B"):
        vl.share_of_wallet(pd.Series({"A": 5.0, "B": 0.0}), pd.Series({"A": 10.0, "B": 0.0}))
    with pytest.raises(ValueError, match="in our_spend only: C"):
        vl.share_of_wallet(pd.Series({"A": 5.0, "C": 1.0}), pd.Series({"A": 10.0}))
    with pytest.raises(ValueError, match="negative for A"):
        vl.share_of_wallet(pd.Series({"A": -5.0}), pd.Series({"A": 10.0}))
    with pytest.raises(ValueError, match="missing"):
        vl.share_of_wallet(pd.Series({"A": np.nan}), pd.Series({"A": 10.0}))


def test_market_share_hand_computed():
    assert vl.market_share(80, 340) == pytest.approx(80 / 340)
    seg = vl.market_share(pd.Series({"retail": 10.0, "banks": 5.0}),
                          pd.Series({"retail": 100.0, "banks": 10.0}))
    assert seg.to_dict() == pytest.approx({"retail": 0.1, "banks": 0.5})
    with pytest.raises(ValueError, match="market_revenue must be > 0"):
        vl.market_share(1, 0)
    with pytest.raises(ValueError, match="exceeds"):
        vl.market_share(5, 4)


def test_wallet_vs_market_hand_computed():
    spend = pd.Series({"A": 50.0, "B": 0.0, "C": 30.0})
    budget = pd.Series({"A": 100.0, "B": 200.0, "C": 40.0})
    out = vl.wallet_vs_market(spend, budget)
    # Market = every wallet, 340: market share 80/340; our customers A and C spend
    # 140 in total, 80 with us: share of wallet 80/140; mean of 0.5 and 0.75.
    assert out["market_share"] == pytest.approx(80 / 340)
    assert out["share_of_wallet"] == pytest.approx(80 / 140)
    assert out["mean_share_of_wallet"] == pytest.approx(0.625)
    assert (out["customers"], out["accounts"]) == (2, 3)
    wider = vl.wallet_vs_market(spend, budget, market_revenue=1000)
    assert wider["market_share"] == pytest.approx(0.08)
    with pytest.raises(ValueError, match="smaller than our total"):
        vl.wallet_vs_market(spend, budget, market_revenue=50)


# --------------------------------------------------------------------------- pricing


def test_economic_value_hand_computed():
    # Reference 100; the product saves 30 + 10, but needs 10 more training.
    assert vl.economic_value(100, {"less downtime": 30, "faster reports": 10}, 10) == 130
    assert vl.economic_value(100, 25) == 125
    assert vl.economic_value(100, {}, {}) == 100


def test_value_based_price_range_hand_computed():
    r = vl.value_based_price_range(100, {"x": 30, "y": 10}, 10, share_to_customer=0.5)
    # EVC 130, net differentiation 30; customer keeps half: 100 + 15 = 115.
    assert (r.floor, r.ceiling, r.suggested) == (100, 130, 115)
    assert r.customer_incentive == 15 and r.net_differentiation == 30 and r.covers_cost
    assert vl.value_based_price_range(100, 40, share_to_customer=0).suggested == 140
    assert vl.value_based_price_range(100, 40, share_to_customer=1).suggested == 100
    costed = vl.value_based_price_range(100, 40, share_to_customer=0.25, cost_floor=60)
    assert (costed.floor, costed.suggested, costed.covers_cost) == (60, 130, True)
    tight = vl.value_based_price_range(100, 40, share_to_customer=0.5, cost_floor=125)
    assert tight.suggested == 120 and not tight.covers_cost


def test_value_based_price_range_rejects_impossible_cases():
    with pytest.raises(ValueError, match="no value premium"):
        vl.value_based_price_range(100, 10, 20)
    with pytest.raises(ValueError, match="above the customer's economic value 140"):
        vl.value_based_price_range(100, 40, cost_floor=150)
    with pytest.raises(ValueError, match="share_to_customer"):
        vl.value_based_price_range(100, 40, share_to_customer=1.5)
    with pytest.raises(ValueError, match="reference_price"):
        vl.economic_value(-1, 10)
    with pytest.raises(ValueError, match=r"positive_differentiation\['a'\]"):
        vl.economic_value(100, {"a": -5})
    with pytest.raises(ValueError, match="number"):
        vl.economic_value(100, "lots")


def test_cost_plus_price_hand_computed():
    assert vl.cost_plus_price(80, 0.25) == pytest.approx(100)
    assert vl.cost_plus_price(80, 0) == 80
    with pytest.raises(ValueError, match="unit_cost"):
        vl.cost_plus_price(0, 0.25)
    with pytest.raises(ValueError, match="markup"):
        vl.cost_plus_price(80, -0.1)


def test_gini_of_equal_values_is_exactly_zero_not_a_rounding_negative():
    # Found by hypothesis: five equal values gave -2.7e-17.
    assert vl.gini([699051.4772711007] * 5) == 0.0
