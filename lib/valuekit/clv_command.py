"""``valuekit clv``: lifetime value of every customer in a user's own transaction log.

::

    valuekit clv TRANSACTIONS.csv --customer COL --date COL --value COL \\
        [--holdout-days N] [--end DATE] [--first-before DATE] [--horizon-months 12] \\
        [--margin 1] [--discount 0.10] --out DIR

Reads a CSV (or ``.csv.gz``) with one row per purchase, checks it (every problem named by
file, column and CSV line; :mod:`valuekit.clv.transactions`), summarises it per customer in
weeks (days counted, divided by 7, as Fader, Hardie & Lee's CDNOW data), fits the BG/NBD and
the Gamma-Gamma, and writes into ``DIR``:

- ``customers.csv``: one row per customer: frequency, recency, T (weeks), monetary_value,
  expected_purchases over the horizon, p_alive, expected_spend per purchase, clv (discounted
  margin over the horizon) and tier (top 20% high, next 30% medium, rest low);
- ``clv.html``: one offline page (no script, no web font; charts are SVG images) with the
  fitted parameters, the tiers and, with ``--holdout-days``, the holdout check of Fader,
  Hardie & Lee (2005): the models refitted on the log without its last N days, and their
  predictions for those days set against what happened.

If the models cannot be refitted without the last N days (FitError), the customers' figures
are still written, and the page and a warning say why there is no holdout check.
Everything is computed before anything is written, and each file is written atomically
(:mod:`valuekit._files`): bad input, a failed fit or Ctrl-C leaves DIR as it was.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["add_arguments", "run", "run_from_args"]

WEEK = 7  # days per unit of the summary
MONTH_WEEKS = 365.25 / 12 / WEEK


@dataclass(frozen=True)
class ClvResult:
    """What :func:`run` wrote and the fits behind it."""

    customers_csv: Path
    page: Path
    customers: int
    transactions: int
    bg: Any
    gg: Any
    seconds: float


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("transactions", metavar="TRANSACTIONS.csv",
                        help="CSV (or .csv.gz), one row per purchase")
    parser.add_argument("--customer", required=True, metavar="COL", help="customer id column")
    parser.add_argument("--date", required=True, metavar="COL", help="purchase date column")
    parser.add_argument("--value", required=True, metavar="COL",
                        help="purchase value column (no negative values: remove returns)")
    parser.add_argument("--holdout-days", type=int, default=None, metavar="N",
                        help="also check the model: refit without the last N days and "
                        "compare its predictions for them with what happened")
    parser.add_argument("--end", default=None, metavar="DATE",
                        help="observation end (default: the last purchase date)")
    parser.add_argument("--first-before", default=None, metavar="DATE",
                        help="follow one cohort: only the customers whose first purchase is "
                        "before DATE")
    parser.add_argument("--horizon-months", type=int, default=12, metavar="M",
                        help="CLV and expected purchases over the next M months (default 12)")
    parser.add_argument("--margin", type=float, default=1.0,
                        help="margin as a share of spend (default 1: CLV of revenue)")
    parser.add_argument("--discount", type=float, default=0.10,
                        help="annual discount rate (default 0.10)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the results")


def run_from_args(args: argparse.Namespace) -> int:
    result = run(args.transactions, args.customer, args.date, args.value, args.out,
                 holdout_days=args.holdout_days, end=args.end,
                 horizon_months=args.horizon_months, margin=args.margin,
                 discount=args.discount, first_before=args.first_before)
    print(f"{result.transactions:,} purchases of {result.customers:,} customers "
          f"({result.seconds:.1f} s)")
    print(f"wrote {result.customers_csv}")
    print(f"wrote {result.page}")
    return 0


def _check_options(holdout_days, horizon_months, margin, discount) -> None:
    if holdout_days is not None and holdout_days < 1:
        raise ValueError(f"--holdout-days must be a positive number of days, not {holdout_days}")
    if horizon_months < 1:
        raise ValueError(f"--horizon-months must be at least 1, not {horizon_months}")
    if not 0 < margin <= 1:
        raise ValueError(f"--margin must be a share between 0 and 1 (e.g. 0.3), not {margin}")
    if not 0 <= discount < 1:
        raise ValueError(f"--discount must be an annual rate between 0 and 1 (e.g. 0.10), "
                         f"not {discount}")


def run(
    transactions: str | Path,
    customer: str,
    date: str,
    value: str,
    out: str | Path,
    *,
    holdout_days: int | None = None,
    end: Any = None,
    horizon_months: int = 12,
    margin: float = 1.0,
    discount: float = 0.10,
    first_before: Any = None,
) -> ClvResult:
    """Read, check, fit and write ``customers.csv`` and ``clv.html`` into ``out``.

    Raises ValueError (a DataError for bad rows, a FitError when a model cannot be fitted)
    before writing anything.
    """
    from valuekit import clv
    from valuekit.checks import date_value
    from valuekit.clv import transactions as tr

    started = time.perf_counter()
    _check_options(holdout_days, horizon_months, margin, discount)
    source = Path(transactions)
    log, days = tr._read(source, customer, date, value, observation_end=end)
    end_ts = log[date].max() if end is None else pd.Timestamp(end)
    if first_before is not None:
        cut = date_value(first_before, "--first-before")
        first = log.groupby(customer, sort=False)[date].transform("min")
        keep = (first < cut).to_numpy()
        log, days = log[keep], days[keep]
        if log.empty:
            raise ValueError(f"{source}: no customer made a first purchase before {cut.date()}")
    summary = tr._summary_of_clean(log, customer, date, value, "D", WEEK, end_ts, days)
    if (summary["frequency"] > 0).sum() < 2:
        raise ValueError(f"{source}: fewer than two customers bought more than once (on "
                         "different days); the models need repeat buyers")
    try:
        bg = _fit_bgnbd(summary, "frequency", "recency", "T")
    except clv.FitError as err:
        raise clv.FitError(f"{source}: {err} With a young customer base, follow one cohort "
                           "that has had time to show who stops buying: --first-before DATE "
                           "(e.g. the end of the log's first month).") from None
    repeat = (summary["frequency"] > 0) & (summary["monetary_value"] > 0)
    gg = clv.fit_gamma_gamma(summary.loc[repeat, "frequency"],
                             summary.loc[repeat, "monetary_value"])
    horizon = horizon_months * MONTH_WEEKS
    monthly = (1 + discount) ** (1 / 12) - 1
    values = clv.customer_values(summary, bg, gg, horizon=horizon, periods=horizon_months,
                                 margin=margin, discount_per_period=monthly)
    check = None
    if holdout_days is not None:
        try:
            check = _holdout_check(log, customer, date, end_ts, holdout_days, source)
        except clv.FitError as err:  # the customers' values stand; say why there is no check
            check = str(err)
            print(f"valuekit: warning: no holdout check: {err}", file=sys.stderr)
    page = _page(source, values, bg, gg, check, len(log), horizon_months, margin, discount,
                 end_ts)
    # rounded, not float_format: pandas formats floats in C then, 10-20x faster
    numbers = values.select_dtypes("number").columns
    csv_text = values.round({c: 6 for c in numbers}).to_csv(lineterminator="\n")
    # everything is computed: now write, each file atomically
    from valuekit._files import atomic_write_text
    from valuekit.export import offline_html

    page_html = offline_html(page, exclude_input=True)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    customers_csv = atomic_write_text(out / "customers.csv", csv_text)
    page_path = atomic_write_text(out / "clv.html", page_html)
    return ClvResult(customers_csv, page_path, len(values), len(log), bg, gg,
                     time.perf_counter() - started)


@dataclass(frozen=True)
class _Check:
    cal_end: pd.Timestamp
    bg: Any
    by_frequency: pd.DataFrame
    curve: pd.DataFrame


def _fit_bgnbd(summary: pd.DataFrame, x: str, t_x: str, T: str):
    """BG/NBD fit on the customers with T > 0: one whose first purchase is in the last
    period has likelihood 1 whatever the parameters (x = 0, T = 0), so leaving her out
    changes nothing, while the fitter requires T > 0."""
    from valuekit import clv

    seen = summary[summary[T] > 0]
    return clv.fit_bgnbd(seen[x], seen[t_x], seen[T])


def _holdout_check(log, customer, date, end_ts, holdout_days, source) -> _Check:
    from valuekit import clv

    cal_end = end_ts.normalize() - pd.Timedelta(days=holdout_days)
    if cal_end < log[date].min():
        raise ValueError(f"--holdout-days {holdout_days} is longer than the whole log "
                         f"({log[date].min().date()} to {end_ts.date()})")
    ch = clv.calibration_holdout(log, customer, date, calibration_end=cal_end,
                                 observation_end=end_ts, freq="D", freq_multiplier=WEEK,
                                 source=str(source))
    bg = _fit_bgnbd(ch, "frequency_cal", "recency_cal", "T_cal")
    by_frequency = clv.holdout_by_frequency(ch, bg)
    curve = clv.cumulative_repeat_transactions(log, customer, date, bg, calibration_end=cal_end,
                                               observation_end=end_ts, freq="D",
                                               freq_multiplier=WEEK, source=str(source))
    return _Check(cal_end, bg, by_frequency, curve)


def _chart_html(chart) -> str:
    from valuekit import charts as vc

    svg, figure = vc.quick_svg(chart)
    return figure


def _table_html(frame: pd.DataFrame, formats: dict[str, str]) -> str:
    return frame.to_html(index=False, border=0, classes="valuekit-table",
                         formatters={k: f.format for k, f in formats.items()})


def _page(source, values, bg, gg, check, n_rows, horizon_months, margin, discount, end_ts):
    """The result page as an in-memory notebook of Markdown and HTML outputs, exported by
    the kit's offline HTML exporter (:mod:`valuekit.export`)."""
    import nbformat

    from valuekit.charts import repeat_buying as cr

    def md(text: str):
        return nbformat.v4.new_markdown_cell(text)

    def out_html(body: str):
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": body})]
        return cell

    name = html.escape(source.name)
    tiers = values.groupby("tier", observed=False).agg(
        customers=("clv", "size"), clv=("clv", "sum"), mean_clv=("clv", "mean"),
        p_alive=("p_alive", "mean")).reset_index()
    tiers["share_of_clv"] = tiers["clv"] / tiers["clv"].sum()
    what = "revenue" if margin == 1 else f"margin ({margin:.0%} of spend)"
    cells = [
        md(f"# Customer lifetime value without contracts: {name}\n\n"
           f"{n_rows:,} purchases of {len(values):,} customers up to {end_ts.date()}. "
           "Time is counted in weeks; purchases on the same day count once. Models: BG/NBD "
           "(how often a customer buys and when she stops; Fader, Hardie & Lee 2005) and "
           "Gamma-Gamma (how much she spends per purchase; Fader, Hardie & Lee 2005, JMR)."),
        md("## The fitted models"),
        out_html(_table_html(pd.DataFrame({
            "model": ["BG/NBD"] * 4 + ["Gamma-Gamma"] * 3,
            "parameter": ["r", "alpha", "a", "b", "p", "q", "gamma"],
            "value": [*bg.params, *gg.params]}), {"value": "{:,.4g}"})),
        md(f"Expected purchases and CLV cover the next {horizon_months} months; CLV is the "
           f"{what}, discounted at {discount:.0%} a year. Tiers: the top 20% of customers "
           "by CLV are *high*, the next 30% *medium*, the rest *low*."),
        out_html(_table_html(tiers, {"customers": "{:,.0f}", "clv": "{:,.0f}",
                                     "mean_clv": "{:,.2f}", "p_alive": "{:.0%}",
                                     "share_of_clv": "{:.0%}"})),
        md("## The 20 most valuable customers"),
        out_html(_table_html(values.nlargest(20, "clv").reset_index()[
            [values.index.name, "frequency", "recency", "T", "p_alive", "expected_purchases",
             "expected_spend", "clv"]],
            {"recency": "{:.1f}", "T": "{:.1f}", "p_alive": "{:.0%}",
             "expected_purchases": "{:.2f}", "expected_spend": "{:,.2f}",
             "clv": "{:,.0f}", "frequency": "{:.0f}"})),
    ]
    if check is None:
        cells.append(md("## Holdout check\n\nNot run: add `--holdout-days N` (e.g. 90 or a "
                        "third of the log) to refit the model without the last N days and "
                        "compare its predictions with what customers did."))
    elif isinstance(check, str):
        cells.append(md("## Holdout check\n\nThe BG/NBD could not be fitted to the log "
                        "without its last days, so there is no check:\n\n> "
                        + html.escape(check) + "\n\nTry a shorter or longer holdout; the "
                        "customer figures above come from the whole log and stand."))
    else:
        fit = check.bg
        cells += [
            md(f"## Holdout check (Fader, Hardie & Lee 2005)\n\nThe BG/NBD refitted on "
               f"purchases up to {check.cal_end.date()} (r = {fit.r:.3g}, alpha = "
               f"{fit.alpha:.3g}, a = {fit.a:.3g}, b = {fit.b:.3g}), then asked what its "
               f"customers would do afterwards, up to {end_ts.date()}."),
            out_html(_chart_html(cr.holdout_frequency_chart(check.by_frequency))),
            out_html(_table_html(check.by_frequency, {"customers": "{:,.0f}",
                                                      "actual": "{:.2f}",
                                                      "predicted": "{:.2f}"})),
            out_html(_chart_html(cr.cumulative_chart(check.curve))),
        ]
    cells.append(md("Made with `valuekit clv`; the per-customer figures are in "
                    "`customers.csv` beside this page."))
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb
