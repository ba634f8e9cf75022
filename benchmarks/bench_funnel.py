"""valuekit.funnel against the pandas code a user would write by hand.

Run:  .venv/bin/python benchmarks/bench_funnel.py [--rows 10000] [--repeat 7]

Each line times the kit's function and the hand-written alternative on the
same synthetic opportunities frame (seeded; shaped like the sample data) and
prints, as a markdown table, the median of ``--repeat`` runs and the ratio
alternative / kit. The
alternatives are checked to give the same numbers first, so the comparison is
like for like. Not a test: no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from valuekit import funnel
from valuekit.schema import DEFAULT_STAGE_PROBABILITY, LOSS_REASONS, STAGES


def sample(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    status = rng.choice(list("WLCD"), n, p=[0.25, 0.35, 0.3, 0.1])
    # the funnel deck's rules: a won deal is at target or effective; only won deals are effective
    stage = np.where(status == "W", rng.integers(2, 4, n), rng.integers(0, 3, n))
    created = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 1095, n), unit="D")
    closed = created + pd.to_timedelta(rng.integers(5, 300, n), unit="D")
    return pd.DataFrame(
        {
            "opportunity_id": [f"O{i:06d}" for i in range(n)],
            "team_id": rng.choice([f"T{i:02d}" for i in range(12)], n),
            "product_id": rng.choice([f"P{i:02d}" for i in range(8)], n),
            "created_date": created,
            "closed_date": pd.Series(closed).where(np.isin(status, ["W", "L"])),
            "stage": np.array(STAGES)[stage],
            "status": status,
            "amount": rng.gamma(2.0, 25_000.0, n).round(2),
            "loss_reason": pd.Series(rng.choice(LOSS_REASONS, n)).where(status == "L"),
        }
    )


# ---- what a user would write ------------------------------------------------

RANK = {s: i for i, s in enumerate(STAGES)}


def hand_stage_counts(df):
    rank = df["stage"].map(RANK)
    return pd.Series({s: int((rank >= i).sum()) for i, s in enumerate(STAGES)})


def hand_weighted_pipeline(df):
    open_ = df[df["status"].isin(["C", "D"])]
    return open_.apply(lambda r: r["amount"] * DEFAULT_STAGE_PROBABILITY[r["stage"]], axis=1).sum()


def hand_win_loss_report(df):
    keys = ["team_id", "product_id"]
    counts = pd.crosstab([df[k] for k in keys], df["status"]).reindex(
        columns=["W", "L", "C", "D"], fill_value=0
    )
    money = df.pivot_table(
        index=keys, columns="status", values="amount", aggfunc="sum", fill_value=0
    )
    out = counts.copy()
    out["win_rate"] = counts["W"] / (counts["W"] + counts["L"])
    out["won_amount"] = money.get("W", 0)
    out["open_amount"] = money.get("C", 0) + money.get("D", 0)
    lost = df[df["status"] == "L"]
    out["main_loss_reason"] = lost.groupby(keys)["loss_reason"].agg(
        lambda s: s.value_counts().sort_index().idxmax()
    )
    return out


def hand_cohort_funnel(df):
    cohort = df["created_date"].dt.to_period("Q")
    return df.groupby(cohort).apply(lambda g: hand_stage_counts(g) / len(g))


def hand_velocity_per_team(df):
    out = {}
    for team, g in df.groupby("team_id"):
        won = g[g["status"] == "W"]
        closed = g[g["status"].isin(["W", "L"])]
        n_open = g["status"].isin(["C", "D"]).sum()
        rate = len(won) / len(closed)
        cycle = (won["closed_date"] - won["created_date"]).dt.days.mean()
        out[team] = n_open * rate * won["amount"].mean() / cycle
    return pd.Series(out)


def kit_velocity_per_team(df):
    return pd.Series({t: funnel.pipeline_velocity(g).per_day for t, g in df.groupby("team_id")})


# ---- timing -----------------------------------------------------------------


def median_ms(f, repeat: int) -> float:
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    df = sample(args.rows)

    # same answers first
    assert funnel.stage_counts(df).tolist() == hand_stage_counts(df).tolist()
    assert np.isclose(funnel.weighted_pipeline(df), hand_weighted_pipeline(df))
    kit, hand = funnel.win_loss_report(df), hand_win_loss_report(df)
    assert (kit[["W", "L", "C", "D"]].to_numpy() == hand[["W", "L", "C", "D"]].to_numpy()).all()
    assert np.allclose(kit["won_amount"], hand["won_amount"])
    assert (kit["main_loss_reason"].to_numpy() == hand["main_loss_reason"].to_numpy()).all()
    kc = funnel.cohort_funnel(df)[list(STAGES)].to_numpy()
    assert np.allclose(kc, hand_cohort_funnel(df).to_numpy())
    assert np.allclose(kit_velocity_per_team(df), hand_velocity_per_team(df))

    pairs = [
        ("stage_counts", lambda: funnel.stage_counts(df), lambda: hand_stage_counts(df)),
        (
            "weighted_pipeline",
            lambda: funnel.weighted_pipeline(df),
            lambda: hand_weighted_pipeline(df),
        ),
        ("win_loss_report", lambda: funnel.win_loss_report(df), lambda: hand_win_loss_report(df)),
        ("cohort_funnel (Q)", lambda: funnel.cohort_funnel(df), lambda: hand_cohort_funnel(df)),
        (
            "velocity, every team",
            lambda: kit_velocity_per_team(df),
            lambda: hand_velocity_per_team(df),
        ),
    ]
    versions = f"pandas {pd.__version__}, numpy {np.__version__}"
    print(f"rows={args.rows}, repeat={args.repeat}, {versions}")
    print()
    print("| calculation | kit (ms) | by hand (ms) | by hand / kit |")
    print("| --- | ---: | ---: | ---: |")
    for name, kit_f, hand_f in pairs:
        k, h = median_ms(kit_f, args.repeat), median_ms(hand_f, args.repeat)
        print(f"| {name} | {k:.2f} | {h:.2f} | {h / k:.1f} |")
    print()
    print("| kit only | ms |")
    print("| --- | ---: |")
    ma = funnel.monthly_actuals(df)
    fc = funnel.pipeline_forecast(df, "2025-12-31", horizon=12)
    for name, f in [
        ("stage_conversion", lambda: funnel.stage_conversion(df)),
        ("bottleneck", lambda: funnel.bottleneck(df)),
        ("loss_reason_pareto", lambda: funnel.loss_reason_pareto(df)),
        ("pipeline_velocity as_of", lambda: funnel.pipeline_velocity(df, "2024-12-31")),
        ("monthly_actuals", lambda: funnel.monthly_actuals(df)),
        ("pipeline_forecast", lambda: funnel.pipeline_forecast(df, "2025-12-31", horizon=12)),
        ("rolling_forecast", lambda: funnel.rolling_forecast(ma, fc, "2025-12-31")),
    ]:
        print(f"| {name} | {median_ms(f, args.repeat):.2f} |")


if __name__ == "__main__":
    main()
