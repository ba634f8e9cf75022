"""The figures of each report section, in no language: one function per section.

:class:`Context` holds what every section starts from (the team, the date, the
look-back window, the opportunities as they stood then) and computes the
pieces two sections share once (revenue by account, customer-base CLV). Each
``*_figures`` function returns the section's JSON-ready figures and the frames
its charts are drawn from; :data:`SECTIONS` says which function fills which
section and, through :data:`.definitions.SECTION_NEEDS`, which tables it needs.
Words are added per language afterwards (:func:`valuekit.team_report.report.localize`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from valuekit import funnel, value
from valuekit.schema import ADOPTER_GROUPS, STAGES
from valuekit.team_report import calc
from valuekit.team_report.definitions import (
    DISCOUNT_RATE,
    EARLY_MARKET,
    FIGURE_NEEDS,
    HEADLINE,
    TOP_ACCOUNTS,
)

Figures = dict[str, Any]
Frames = dict[str, pd.DataFrame]


@dataclass
class Context:
    """One team's report as of one date: the inputs every section reads."""

    tables: Mapping[str, pd.DataFrame]
    teams: list[tuple[str, str]]
    team_id: str
    team_name: str
    as_of: pd.Timestamp
    opps_all: pd.DataFrame  # every team's opportunities as they stood on as_of
    opps: pd.DataFrame  # the team's

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.tables)

    def has(self, figure: str) -> bool:
        """Whether the tables behind ``figure`` (:data:`FIGURE_NEEDS`) are all present."""
        return set(FIGURE_NEEDS[figure]) <= self.present

    @cached_property
    def window(self) -> calc._Window:
        return calc._window(self.as_of)

    @cached_property
    def team_row(self) -> pd.Series:
        return self.tables["teams"].set_index("team_id").loc[self.team_id]

    @cached_property
    def team_accounts(self) -> pd.Series:
        accounts = self.tables["accounts"]
        return accounts.loc[accounts["team_id"] == self.team_id, "account_id"]

    @cached_property
    def contracts_all(self) -> pd.DataFrame:
        return calc.contracts_as_of(self.tables["contracts"], self.as_of)

    @cached_property
    def contracts(self) -> pd.DataFrame:
        return self.contracts_all[self.contracts_all["account_id"].isin(self.team_accounts)]

    @cached_property
    def revenue_all(self) -> pd.Series:
        return calc._revenue_by_account(self.tables["invoices"], self.window, "revenue")

    @cached_property
    def revenue_team(self) -> pd.Series:
        return self.revenue_all[self.revenue_all.index.isin(self.team_accounts)]

    @cached_property
    def churn(self) -> tuple[float, float]:
        """Contract non-renewal rate: (team, company)."""
        w = self.window
        return calc._churn(self.contracts, w), calc._churn(self.contracts_all, w)

    @cached_property
    def tenure_all(self) -> pd.Series:
        return calc._tenure_years(self.contracts_all, self.as_of)

    @cached_property
    def clv(self) -> tuple[pd.Series, str, pd.Series]:
        """Customer-base CLV by account: (team's, the model used for it, company's)."""
        running = self.contracts_all[
            (self.contracts_all["start_date"] <= self.as_of)
            & (self.contracts_all["end_date"] >= self.as_of)
        ]
        margin_rate = self.tables["products"].set_index("product_id")["gross_margin"]
        # current annual margin of each customer: its running contract years x product margin
        annual_margin = (
            running["annual_value"] * margin_rate.reindex(running["product_id"]).to_numpy()
        ).groupby(running["account_id"]).sum()
        # the team's own retention curve; the company's when the team's cannot be fitted
        fit_all = calc._fit_retention(self.contracts_all, self.as_of)
        if fit_all is not None:
            fit_all.model = "company"
        fit_team = calc._fit_retention(self.contracts, self.as_of)
        if fit_team is not None:
            fit_team.model = "team"
        churn_team, churn_all = self.churn
        team_margin = annual_margin[annual_margin.index.isin(self.team_accounts)]
        team_clv, model = calc._account_clv(
            team_margin, self.tenure_all.reindex(team_margin.index), fit_team or fit_all,
            1 - churn_team,
        )
        company_clv, _model = calc._account_clv(
            annual_margin, self.tenure_all.reindex(annual_margin.index), fit_all, 1 - churn_all
        )
        return team_clv, model, company_clv


def team_figures(ctx: Context) -> tuple[Figures, Frames]:
    """The header: the team, its quota, the date and the look-back window."""
    w = ctx.window
    return {
        "team": {
            "team_id": ctx.team_id,
            "team_name": ctx.team_name,
            "region": str(ctx.team_row["region"]),
            "quota": float(ctx.team_row["quota"]),
        },
        "period_end": ctx.as_of.date().isoformat(),
        "window": {
            "start": (w.start + pd.Timedelta(days=1)).date().isoformat(),
            "end": ctx.as_of.date().isoformat(),
            "first_month": w.first_month.strftime("%Y-%m"),
            "last_month": w.last_month.strftime("%Y-%m"),
        },
    }, {}


def headline_figures(ctx: Context) -> tuple[Figures, Frames]:
    """The headline figures (team and company average) whose tables are present, and the
    pipeline's coverage of the quota."""
    n_teams = len(ctx.teams)
    w = ctx.window
    values: dict[str, tuple[float, float]] = {}
    if ctx.has("revenue_12m"):
        values["revenue_12m"] = (
            float(ctx.revenue_team.sum()), float(ctx.revenue_all.sum()) / n_teams
        )
    open_team, weighted_team = calc._pipeline(ctx.opps)
    open_all, weighted_all = calc._pipeline(ctx.opps_all)
    values["open_pipeline"] = (open_team, open_all / n_teams)
    values["weighted_pipeline"] = (weighted_team, weighted_all / n_teams)
    values["win_rate"] = (calc._win_rate(ctx.opps, w), calc._win_rate(ctx.opps_all, w))
    values["cycle_days"] = (calc._cycle_days(ctx.opps, w), calc._cycle_days(ctx.opps_all, w))
    if ctx.has("churn_rate"):
        values["churn_rate"] = ctx.churn
    if ctx.has("clv"):
        team_clv, _model, company_clv = ctx.clv
        values["clv"] = (
            float(team_clv.sum()) if len(team_clv) else float("nan"),
            float(company_clv.sum()) / n_teams if len(company_clv) else float("nan"),
        )
    quota_all = float(ctx.tables["teams"]["quota"].sum())
    return {
        "headline": {
            key: {"team": values[key][0], "company": values[key][1]}
            for key, _kind in HEADLINE if key in values
        },
        "coverage": {
            "team": calc._safe_div(weighted_team, float(ctx.team_row["quota"])),
            "company": calc._safe_div(weighted_all, quota_all),
        },
    }, {}


def funnel_figures(ctx: Context) -> tuple[Figures, Frames]:
    """Stage counts, conversion of each step against the company's, and the bottleneck
    with the strategy the funnel deck names for it (its key; words come per language)."""
    counts = funnel.stage_counts(ctx.opps)
    conv_team = funnel.stage_conversion(ctx.opps, as_of=ctx.as_of)
    conv_all = funnel.stage_conversion(ctx.opps_all, as_of=ctx.as_of)
    try:
        neck = funnel.bottleneck(conv_team, benchmark=conv_all)
    except ValueError:
        neck = None
    bottleneck = None
    if neck is not None:
        bottleneck = {
            "transition": neck.transition,
            "from_stage": neck.from_stage,
            "to_stage": neck.to_stage,
            "rate": neck.rate,
            "company_rate": neck.benchmark_rate,
            "ratio": neck.ratio,
            "strategy": neck.strategy.key,
            "strategy_chinese": neck.strategy.chinese,
        }
    return {
        "funnel": {
            "opportunities": len(ctx.opps),
            "stages": {s: int(counts[s]) for s in STAGES},
            "conversion": {
                t: {"team": conv_team.at[t, "rate"], "company": conv_all.at[t, "rate"]}
                for t in conv_team.index
            },
        },
        "bottleneck": bottleneck,
    }, {"stage_counts": counts.rename("reached").reset_index()}


def win_loss_figures(ctx: Context) -> tuple[Figures, Frames]:
    """The win/loss report by product (names from products.csv, else the ids), by
    progress mark, and the loss-reason Pareto of the window."""
    w = ctx.window
    names = (
        ctx.tables["products"].set_index("product_id")["product_name"]
        if "products" in ctx.tables else pd.Series(dtype=object)
    )
    book = calc._flows(ctx.opps, w)
    rows, total_row = [], None
    if len(book):
        report = funnel.win_loss_report(book, by="product_id")
        for pid, r in report.iterrows():
            rows.append(calc.winloss_row(str(pid), str(names.get(pid, pid)), r))
        total = funnel.win_loss_report(book, by=None).iloc[0]
        total_row = calc.winloss_row("total", None, total)
    lost_book = book[calc._in_window(book["closed_date"], w.start, w.as_of)]
    pareto = funnel.loss_reason_pareto(lost_book) if len(lost_book) else None
    return {
        "win_loss": rows,
        "win_loss_total": total_row,
        "win_loss_progress": calc.progress_rows(book) if len(book) else [],
        "loss_reasons": [] if pareto is None else pareto.to_dict("records"),
    }, {"loss_reasons": pareto if pareto is not None else pd.DataFrame()}


def forecast_figures(ctx: Context) -> tuple[Figures, Frames]:
    """The rolling plan: recent actual bookings, then the pipeline forecast."""
    frame, cycle_used, run_rate = calc.rolling(ctx.opps, ctx.opps_all, ctx.as_of)
    future = frame[frame["source"] == "forecast"]
    return {
        "forecast": {
            "cycle_days": cycle_used,
            "last_actual_month": funnel.last_complete_month(ctx.as_of).strftime("%Y-%m"),
            "months": [
                {"month": m.strftime("%Y-%m"), "source": s, "amount": a}
                for m, s, a in zip(frame["month"], frame["source"], frame["amount"], strict=True)
            ],
            "next_months_total": float(future["amount"].sum()),
            "run_rate_total": run_rate,
        },
    }, {"forecast": frame}


def customers_figures(ctx: Context) -> tuple[Figures, Frames]:
    """Revenue concentration (top-20% share, team and mean of the teams) and the top
    accounts by customer-base CLV."""
    accounts = ctx.tables["accounts"]
    share_team, k80 = calc._top20(ctx.revenue_team)
    shares = []
    for tid, _ in ctx.teams:
        ids = accounts.loc[accounts["team_id"] == tid, "account_id"]
        shares.append(calc._top20(ctx.revenue_all[ctx.revenue_all.index.isin(ids)])[0])
    share_company = float(np.nanmean(shares)) if np.isfinite(shares).any() else float("nan")
    positive = ctx.revenue_team[ctx.revenue_team > 0]
    curve = value.concentration_curve(positive) if len(positive) else None
    team_clv, model_used, _company = ctx.clv
    acc = accounts.set_index("account_id")
    top = team_clv.sort_values(ascending=False, kind="stable").head(TOP_ACCOUNTS)
    tenure_team = ctx.tenure_all.reindex(top.index)
    top_accounts = [
        {
            "account_id": str(aid),
            "account_name": str(acc.at[aid, "account_name"]),
            "adopter_group": str(acc.at[aid, "adopter_group"]),
            "revenue_12m": float(ctx.revenue_all.get(aid, 0.0)),
            "clv": float(v),
            "tenure_years": int(tenure_team.get(aid, 0)),
        }
        for aid, v in top.items()
    ]
    return {
        "customers": {
            "customers": len(team_clv),
            "top20_share": share_team,
            "top20_share_company": share_company,
            "customers_for_80pct": k80,
            "clv_model": model_used,
            "discount_rate": DISCOUNT_RATE,
            "top_accounts": top_accounts,
        },
    }, {"concentration": curve if curve is not None else pd.DataFrame()}


def adopters_figures(ctx: Context) -> tuple[Figures, Frames]:
    """The team's accounts by Rogers adopter group against the company's mix, and the
    share in the early market (before Moore's chasm)."""
    accounts = ctx.tables["accounts"]
    groups_team = accounts.loc[accounts["team_id"] == ctx.team_id, "adopter_group"]
    groups_all = accounts["adopter_group"]
    mix = {
        g: {
            "accounts": int((groups_team == g).sum()),
            "team": calc._safe_div(int((groups_team == g).sum()), len(groups_team)),
            "company": calc._safe_div(int((groups_all == g).sum()), len(groups_all)),
        }
        for g in ADOPTER_GROUPS
    }
    early = {
        "team": sum(mix[g]["team"] for g in EARLY_MARKET),
        "company": sum(mix[g]["company"] for g in EARLY_MARKET),
    }
    return {"adopters": {"mix": mix, "early_market": early}}, {}


#: Which function computes the figures of which section (sections without figures of
#: their own, the actions and notes, are filled from the others').
SECTIONS: dict[str, Callable[[Context], tuple[Figures, Frames]]] = {
    "header": team_figures,
    "headline": headline_figures,
    "funnel": funnel_figures,
    "win_loss": win_loss_figures,
    "forecast": forecast_figures,
    "customers": customers_figures,
    "adopters": adopters_figures,
}
