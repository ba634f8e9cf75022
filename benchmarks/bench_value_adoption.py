"""valuekit.value and valuekit.adoption: per-call time on widget-sized inputs.

These functions drive live ipywidgets, so each call should take a few
milliseconds on ~100 rows. Each is timed next to what a user would write
without the kit (plain pandas, scipy.optimize.curve_fit, scipy.integrate.solve_ivp).

    .venv/bin/python benchmarks/bench_value_adoption.py [--repeats 200]

Prints a markdown table; benchmarks/value_adoption.md records the figures.
"""

from __future__ import annotations

import argparse
import timeit
import warnings

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp
from scipy.optimize import OptimizeWarning, curve_fit

from valuekit import adoption as ad
from valuekit import value as vl
from valuekit.schema import COST_COMPONENTS, VALUE_COMPONENTS


def best_ms(fn, repeats: int) -> float:
    number = max(1, repeats // 10)
    return min(timeit.repeat(fn, number=number, repeat=10)) / number * 1000


def plain_curve_fit(s: np.ndarray):
    """What a user would write: curve_fit on m (F(t) - F(t-1)) from a textbook start."""
    t = np.arange(1.0, len(s) + 1)

    def model(t, m, p, q):
        def big_f(x):
            e = np.exp(-(p + q) * x)
            return (1 - e) / (1 + q / p * e)

        return m * (big_f(t) - big_f(t - 1))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (OptimizeWarning, RuntimeWarning))
        popt, _ = curve_fit(model, t, s, p0=[s.sum() * 1.5, 0.03, 0.38], maxfev=10_000)
    return popt, float(np.sum((model(t, *popt) - s) ** 2))


def plain_dual_market(periods: int, cross: float) -> np.ndarray:
    def rhs(t, y):
        e, m = y
        return [
            (0.03 + 0.9 * e / 16) * (16 - e),
            (0.0002 + 0.45 * m / 84 + cross * e / 16) * (84 - m),
        ]

    sol = solve_ivp(rhs, (0, periods), [0.0, 0.0], t_eval=np.arange(periods + 1.0),
                    rtol=1e-8, atol=1e-10)
    return np.diff(sol.y.sum(axis=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    r = args.repeats
    rng = np.random.default_rng(0)

    revenue = pd.Series(rng.lognormal(10, 1.2, 100), index=[f"A{i:03d}" for i in range(100)])
    survey = pd.DataFrame(rng.integers(1, 11, (100, 8)), columns=[*VALUE_COMPONENTS,
                                                                  *COST_COMPONENTS])
    survey["vendor"] = ["us", "competitor"] * 50
    t = np.arange(1, 101)
    sales = ad.bass_adoptions(t, 0.003, 0.08, 5000) * (1 + 0.04 * rng.standard_normal(100))

    def plain_concentration():
        s = revenue.sort_values(ascending=False)
        return s.cumsum() / s.sum()

    def plain_delivered():
        tv = survey[list(VALUE_COMPONENTS)].sum(axis=1)
        tc = survey[list(COST_COMPONENTS)].sum(axis=1)
        return pd.DataFrame({"total_value": tv, "total_cost": tc, "delivered_value": tv - tc})

    rows = [
        ("concentration_curve (100 customers)", lambda: vl.concentration_curve(revenue),
         "pandas sort + cumsum", plain_concentration),
        ("top_share top 20 % (100)", lambda: vl.top_share(revenue, top_pct=0.2), "", None),
        ("profit_tiers (100)", lambda: vl.profit_tiers(revenue - revenue.median()), "", None),
        ("delivered_value (100 rows)", lambda: vl.delivered_value(survey),
         "pandas row sums", plain_delivered),
        ("compare_delivered_value (100 rows)", lambda: vl.compare_delivered_value(survey),
         "", None),
        ("value_based_price_range", lambda: vl.value_based_price_range(100, {"a": 30}, 5),
         "", None),
        ("bass_adoptions (100 periods)", lambda: ad.bass_adoptions(t, 0.003, 0.08, 5000),
         "", None),
        ("fit_bass NLS (100 periods)", lambda: ad.fit_bass(sales),
         "curve_fit, textbook start", lambda: plain_curve_fit(sales)),
        ("dual_market (30 periods)", lambda: ad.dual_market(30, cross=0.005),
         "solve_ivp (RK45, rtol 1e-8)", lambda: plain_dual_market(30, 0.005)),
        ("detect_saddle (30 periods)",
         lambda: ad.detect_saddle(ad.dual_market(30)["total"]), "", None),
        ("life_cycle_stage (100 periods)", lambda: ad.life_cycle_stage(sales), "", None),
        ("life_cycle_path (100 periods)", lambda: ad.life_cycle_path(sales), "", None),
    ]
    print("| call | valuekit ms | alternative | alternative ms | ratio (alt / kit) |")
    print("| --- | ---: | --- | ---: | ---: |")
    for name, fn, alt_name, alt in rows:
        kit = best_ms(fn, r)
        if alt is None:
            print(f"| {name} | {kit:.3f} | | | |")
        else:
            other = best_ms(alt, r)
            print(f"| {name} | {kit:.3f} | {alt_name} | {other:.3f} | {other / kit:.2f} |")

    # Robustness of the fit, which matters more than its speed: 40 synthetic monthly
    # series over a range of p and q, whole (100 months) and cut 3 months after the
    # peak. Does each method reach the least-squares optimum?
    for label in ("100 months", "cut at peak + 3"):
        kit_ok = refused = plain_fail = plain_worse = kit_worse = 0
        for i in range(40):
            g = np.random.default_rng(100 + i)
            p, q = g.uniform(0.001, 0.03), g.uniform(0.03, 0.3)
            n = 100 if label == "100 months" else int(ad.bass_peak_time(p, q)) + 3
            s = ad.bass_adoptions(t[:n], p, q, 5000) * (1 + 0.05 * g.standard_normal(n))
            s = np.clip(s, 0, None)
            try:
                sse_kit = ad.fit_bass(s).sse
                kit_ok += 1
            except ValueError:
                sse_kit = np.inf
                refused += 1
            try:
                _, sse_plain = plain_curve_fit(s)
            except (RuntimeError, ValueError):
                sse_plain = np.inf
                plain_fail += 1
            plain_worse += sse_plain > sse_kit * (1 + 1e-6)
            kit_worse += np.isfinite(sse_kit) and sse_kit > sse_plain * (1 + 1e-6)
        print(f"\nfit robustness, 40 synthetic series, {label}: fit_bass fitted {kit_ok} and "
              f"refused {refused} (market size not identifiable); curve_fit failed on "
              f"{plain_fail}, ended at a higher SSE than fit_bass on {plain_worse}, "
              f"lower on {kit_worse}")
    kit_dm = ad.dual_market(30, cross=0.005)["total"].to_numpy()
    print(f"dual_market vs solve_ivp: max abs difference "
          f"{np.abs(kit_dm - plain_dual_market(30, 0.005)).max():.2e} (market size 100)")


if __name__ == "__main__":
    main()
