"""valuekit.clv against the libraries a user would otherwise pick, side by side.

1. BG/NBD fit: valuekit.clv.fit_bgnbd vs lifetimes.BetaGeoFitter on CDNOW
   (2,357 customers) and on 100k / 1M customers simulated from the BG/NBD
   with the CDNOW estimates (seeded).
2. sBG fit: valuekit.clv.fit_sbg vs pymc-marketing's ShiftedBetaGeoModel
   fitted by MAP with flat priors (= maximum likelihood), on Fader & Hardie's
   (2007) "regular" cohort, years 0-7, 1,000 customers. Cold = a fresh process
   with an empty PyTensor compile cache (import, build, compile, fit); warm =
   a new model fitted in a process that has already compiled one.

    .venv/bin/python benchmarks/bench_clv.py [--quick]

Prints markdown tables; benchmarks/clv.md records a run. lifetimes and
pymc-marketing are benchmark-only dependencies (the `bench` extra).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from valuekit import clv

ROOT = Path(__file__).resolve().parents[1]
CDNOW = ROOT / "tests" / "reference" / "cdnow" / "cdnow_customers_summary_with_transactions.csv"
CDNOW_PARAMS = (0.243, 4.414, 0.793, 2.426)  # Fader, Hardie & Lee (2005)
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), years 0-7


def simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, seed: int):
    """(x, t_x, T) of n customers drawn from the BG/NBD generative process.

    As in CDNOW: first purchases spread over 12 weeks, observation ends at week
    39, so T is 27-39 weeks, in whole days. lambda ~ Gamma(r, rate alpha),
    p ~ Beta(a, b); the customer drops out right after her K-th repeat purchase,
    K ~ Geometric(p). Had she never dropped out she would make N ~ Poisson(lambda T)
    purchases in (0, T]; x = min(N, K), and t_x is the x-th of N uniform arrival
    times, i.e. T * Beta(x, N - x + 1). t_x is rounded up to whole days.
    """
    rng = np.random.default_rng(seed)
    T = rng.integers(27 * 7, 39 * 7 + 1, n) / 7.0
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    purchases = rng.poisson(lam * T)
    limit = rng.geometric(p)
    x = np.minimum(purchases, limit)
    tx = np.zeros(n)
    k = x > 0
    tx[k] = T[k] * rng.beta(x[k], purchases[k] - x[k] + 1)
    tx = np.minimum(np.ceil(tx * 7) / 7, T)
    return x.astype(float), tx, T


def median_time(fn, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), result


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def sig3(values) -> str:
    return ", ".join(f"{v:.4g}" for v in values)


def max_rel_diff(p: tuple, q: tuple) -> float:
    return float(np.max(np.abs(np.asarray(p) - np.asarray(q)) / np.abs(np.asarray(q))))


def condense(x, tx, T):
    """What a lifetimes user can do by hand: one row per distinct history, with a count."""
    frame = pd.DataFrame({"x": x, "tx": tx, "T": T})
    grouped = frame.groupby(["x", "tx", "T"]).size().reset_index(name="w")
    return (grouped["x"].to_numpy(), grouped["tx"].to_numpy(), grouped["T"].to_numpy(),
            grouped["w"].to_numpy())


def bench_bgnbd(quick: bool) -> list[str]:
    from lifetimes import BetaGeoFitter

    cd = pd.read_csv(CDNOW)
    sizes = [("CDNOW (2,357)", cd["x"].to_numpy(float), cd["t_x"].to_numpy(), cd["T"].to_numpy())]
    for n in ([100_000] if quick else [100_000, 1_000_000]):
        sizes.append((f"simulated {n:,}", *simulate_bgnbd(n, *CDNOW_PARAMS, seed=2005)))

    rows = ["| data | valuekit | lifetimes | ratio | lifetimes on condensed rows | ratio |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    params = ["| data | valuekit r, alpha, a, b | lifetimes r, alpha, a, b | max rel. diff |",
              "| --- | --- | --- | ---: |"]
    for label, x, tx, T in sizes:
        n = x.size
        reps_vk = 7 if n < 10_000 else 5
        reps_lt = 5 if n < 10_000 else (3 if n <= 100_000 else (1 if quick else 3))
        t_vk, fit = median_time(lambda x=x, tx=tx, T=T: clv.fit_bgnbd(x, tx, T), reps_vk)
        # lifetimes gets plain numpy arrays: the workaround that keeps it clear of pandas 3
        t_lt, lt = median_time(lambda x=x, tx=tx, T=T: BetaGeoFitter().fit(x, tx, T), reps_lt)
        cx, ctx, cT, cw = condense(x, tx, T)
        t_lc, _ = median_time(
            lambda cx=cx, ctx=ctx, cT=cT, cw=cw: BetaGeoFitter().fit(cx, ctx, cT, weights=cw),
            reps_lt)
        vk_p = fit.params
        lt_p = tuple(float(lt.params_[k]) for k in ("r", "alpha", "a", "b"))
        rows.append(f"| {label} | {fmt_time(t_vk)} | {fmt_time(t_lt)} | {t_lt / t_vk:.0f}x "
                    f"| {fmt_time(t_lc)} | {t_lc / t_vk:.0f}x |")
        params.append(f"| {label} | {sig3(vk_p)} | {sig3(lt_p)} | {max_rel_diff(vk_p, lt_p):.1e} |")
    return ["### BG/NBD fit (median wall time)", "", *rows, "",
            "lifetimes on condensed rows: the caller groups identical (x, t_x, T) and passes "
            "the counts as `weights` (condensing time not included).", "",
            "### BG/NBD parameters (the simulation used r, alpha, a, b = 0.243, 4.414, 0.793, "
            "2.426)", "", *params]


def bench_clv_value() -> list[str]:
    """12-month CLV of every CDNOW customer: bgnbd_gg_clv vs lifetimes' customer_lifetime_value."""
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    cd = pd.read_csv(CDNOW)
    x, tx, T, z = (cd["x"].to_numpy(float), cd["t_x"].to_numpy(), cd["T"].to_numpy(),
                   cd["zbar"].to_numpy())
    bg, gg = clv.fit_bgnbd(x, tx, T), clv.fit_gamma_gamma(x, z)
    lt_bg = BetaGeoFitter().fit(x, tx, T)
    lt_gg = GammaGammaFitter().fit(x[x > 0], z[x > 0])
    # lifetimes: 12 periods of 4.345 weeks (freq="W"), 1% discount per period, no margin
    t_vk, ours = median_time(lambda: clv.bgnbd_gg_clv(bg, gg, x, tx, T, z, 12, 1.0, 0.01,
                                                      period_length=4.345), 7)
    series = [pd.Series(v) for v in (x, tx, T, z)]
    t_lt, theirs = median_time(lambda: lt_gg.customer_lifetime_value(
        lt_bg, *series, time=12, discount_rate=0.01, freq="W"), 5)
    diff = np.max(np.abs(ours - theirs.to_numpy()) / np.abs(theirs.to_numpy()))
    return ["### 12-month CLV of the 2,357 CDNOW customers (BG/NBD + Gamma-Gamma)", "",
            "| | time | ratio |", "| --- | ---: | ---: |",
            f"| valuekit `bgnbd_gg_clv` | {fmt_time(t_vk)} | 1x |",
            f"| lifetimes `customer_lifetime_value` | {fmt_time(t_lt)} | {t_lt / t_vk:.0f}x |",
            "", f"Largest relative difference between the two sets of CLVs: {diff:.1e} "
            "(each library with its own fitted parameters)."]


PYMC_SNIPPET = r"""
import time, warnings, sys
warnings.filterwarnings("ignore")
t0 = time.perf_counter()
import pandas as pd
from pymc_extras.prior import Prior
from pymc_marketing.clv import ShiftedBetaGeoModel
t1 = time.perf_counter()
alive = [int(v) for v in sys.argv[1].split(",")]
rows = []
for t in range(1, len(alive)):
    rows += [t] * (alive[t - 1] - alive[t])
rows += [len(alive)] * alive[-1]
data = pd.DataFrame({"customer_id": range(len(rows)), "recency": rows}).assign(
    T=len(alive), cohort="c")
config = {"alpha": Prior("HalfFlat", dims="cohort"), "beta": Prior("HalfFlat", dims="cohort")}
def fit():
    model = ShiftedBetaGeoModel(data=data, model_config=config)
    model.fit(method="map", progressbar=False)
    return model
t2 = time.perf_counter()
model = fit()
t3 = time.perf_counter()
warm = []
for _ in range(int(sys.argv[2])):
    s = time.perf_counter()
    model = fit()
    warm.append(time.perf_counter() - s)
warm.sort()
a = float(model.fit_result["alpha"].values.ravel()[0])
b = float(model.fit_result["beta"].values.ravel()[0])
print(t1 - t0, t3 - t2, warm[len(warm) // 2], a, b)
"""


def pymc_data_note() -> str:
    return ("pymc-marketing data: one row per customer, `recency` = period of churn (1-7), "
            "or T = 8 (right-censored) for the 241 still active after year 7.")


def bench_sbg(quick: bool) -> list[str]:
    t_vk, fit = median_time(lambda: clv.fit_sbg(REGULAR), 50)
    warm_reps = 3 if quick else 5
    alive = ",".join(map(str, REGULAR))
    with tempfile.TemporaryDirectory() as cache:
        # an empty compile cache makes the first process truly cold, as on a fresh laptop
        env = dict(os.environ, PYTENSOR_FLAGS=f"base_compiledir={cache}")
        cold = subprocess.run([sys.executable, "-c", PYMC_SNIPPET, alive, str(warm_reps)],
                              env=env, capture_output=True, text=True, check=True)
        t_import, t_cold, t_warm, a, b = map(float, cold.stdout.split())
        # a second process, compile cache now filled: the cold start a returning user sees
        again = subprocess.run([sys.executable, "-c", PYMC_SNIPPET, alive, "1"],
                               env=env, capture_output=True, text=True, check=True)
        t_import2, t_cold2, *_ = map(float, again.stdout.split())
    vk = (fit.alpha, fit.beta)
    rows = [
        "| sBG fit | time | ratio to valuekit |",
        "| --- | ---: | ---: |",
        f"| valuekit `fit_sbg` | {fmt_time(t_vk)} | 1x |",
        f"| pymc-marketing MAP, warm (new model, compiled before) | {fmt_time(t_warm)} "
        f"| {t_warm / t_vk:.0f}x |",
        f"| pymc-marketing MAP, cold, empty compile cache (first fit) | {fmt_time(t_cold)} "
        f"| {t_cold / t_vk:.0f}x |",
        f"| pymc-marketing MAP, cold, compile cache on disk (first fit) | {fmt_time(t_cold2)} "
        f"| {t_cold2 / t_vk:.0f}x |",
        f"| `import pymc_marketing.clv` (once per process; empty / filled cache) "
        f"| {fmt_time(t_import)} / {fmt_time(t_import2)} | |",
    ]
    return ["### sBG fit, Fader & Hardie (2007) regular cohort, years 0-7", "", *rows, "",
            pymc_data_note(), "",
            f"Parameters: valuekit alpha, beta = {sig3(vk)}; pymc-marketing = {sig3((a, b))}; "
            f"max rel. diff {max_rel_diff(vk, (a, b)):.1e} (published: 0.704, 1.182)."]


def lifetimes_compat() -> list[str]:
    """Which lifetimes helpers still run on the installed pandas."""
    from lifetimes.utils import calibration_and_holdout_data, summary_data_from_transaction_data

    tx = pd.DataFrame({"id": [1, 1, 1, 2, 2, 3],
                       "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-05-01",
                                               "2024-01-15", "2024-03-01", "2024-02-10"]),
                       "value": [10.0, 20.0, 15.0, 30.0, 25.0, 5.0]})
    out = [f"lifetimes on pandas {pd.__version__}:"]
    dates = {"calibration_period_end": "2024-03-31", "observation_period_end": "2024-06-30"}
    checks = {
        "summary_data_from_transaction_data": lambda: summary_data_from_transaction_data(
            tx, "id", "date", monetary_value_col="value", observation_period_end="2024-06-30"),
        "calibration_and_holdout_data (with monetary_value_col)":
            lambda: calibration_and_holdout_data(tx, "id", "date", monetary_value_col="value",
                                                 **dates),
        "calibration_and_holdout_data (without)":
            lambda: calibration_and_holdout_data(tx[["id", "date"]], "id", "date", **dates),
    }
    for name, call in checks.items():
        try:
            call()
            out.append(f"- `{name}`: works")
        except Exception as exc:  # noqa: BLE001 - recording any failure is the point
            out.append(f"- `{name}`: fails with {type(exc).__name__}: {exc}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1M-customer run")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # lifetimes/autograd deprecation noise on new pandas
    start = time.perf_counter()
    load = os.getloadavg()[0]
    lines = [f"Python {sys.version.split()[0]}, numpy {np.__version__}, "
             f"pandas {pd.__version__}, {os.cpu_count()} CPUs", ""]
    lines += bench_bgnbd(args.quick) + [""]
    lines += bench_clv_value() + [""]
    lines += bench_sbg(args.quick) + [""]
    lines += lifetimes_compat()
    lines += ["", f"Whole run: {time.perf_counter() - start:.0f} s; 1-minute load average "
              f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (2 cores)."]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
