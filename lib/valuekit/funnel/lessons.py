"""The funnel lesson's tables on the kit's tables: one team's opportunities, win rates by
team, a per-deal win/loss extract and the plan as re-issued at a month's end (Module 3).

Pure functions over the ``opportunities``, ``teams``, ``accounts`` and ``products`` frames
(:func:`valuekit.data.sample` or a user's export); nothing reads files.
:mod:`valuekit.widgets.funnel` shows them.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .outcomes import progress_marks, win_loss_report
from .rolling import naive_forecast, rolling_forecast

__all__ = [
    "reissued_plan",
    "team_opportunities",
    "team_win_rates",
    "win_loss_deals",
]


def _team_names(teams: pd.DataFrame) -> dict[str, str]:
    return dict(zip(teams["team_id"], teams["team_name"], strict=True))


def team_opportunities(opps: pd.DataFrame, teams: pd.DataFrame, team: str) -> pd.DataFrame:
    """The opportunities of one team.

    Args:
        opps: the opportunities table.
        teams: the teams table.
        team: a team_id such as "T06", or its name.

    Returns:
        The team's rows of ``opps``.

    Raises:
        ValueError: an unknown team; the message lists the teams.
    """
    names = _team_names(teams)
    by_name = {v: k for k, v in names.items()}
    tid = by_name.get(team, team)
    if tid not in names:
        raise ValueError(f"unknown team {team!r}; teams are {', '.join(names.values())}")
    return opps[opps["team_id"] == tid]


def team_win_rates(opps: pd.DataFrame, teams: pd.DataFrame) -> pd.DataFrame:
    """:func:`valuekit.funnel.win_loss_report` by team, for the win-rate chart.

    Args:
        opps: the opportunities table.
        teams: the teams table.

    Returns:
        The report by team with the team names joined (column ``team``).
    """
    report = win_loss_report(opps, by="team_id")
    names = _team_names(teams)
    return report.assign(team=[names.get(t, t) for t in report.index])


def reissued_plan(actuals: pd.DataFrame, as_of: str, horizon: int = 6) -> pd.DataFrame:
    """The plan re-issued at ``as_of``: :func:`valuekit.funnel.rolling_forecast` of a
    :func:`~valuekit.funnel.naive_forecast` made then (``horizon`` months ahead, the
    average of the last three), from ``horizon`` months before ``as_of``.

    Args:
        actuals: :func:`valuekit.funnel.monthly_actuals`.
        as_of: the date the plan is re-issued.
        horizon: months ahead.

    Returns:
        The rolling plan (:func:`valuekit.funnel.rolling_forecast`'s columns).
    """
    forecast = naive_forecast(actuals, as_of=as_of, horizon=horizon)
    plan = rolling_forecast(actuals, forecast, as_of=as_of)
    return plan[plan["month"] > pd.Timestamp(as_of) - pd.DateOffset(months=horizon)]




def win_loss_deals(tables: Mapping[str, pd.DataFrame], team: str,
                   per_status: int = 3) -> pd.DataFrame:
    """A short per-deal extract of one team's win/loss report: the ``per_status`` most recent
    deals of each status (W, L, C, D).

    Args:
        tables: opportunities, teams, accounts and products.
        team: a team_id such as "T06", or the team's name.
        per_status: deals shown of each status.

    Returns:
        One row per deal (index opportunity): customer class (the account's industry),
        customer, product, stage, progress (the funnel deck's marks,
        :func:`valuekit.funnel.progress_marks`: possible 20 %, target 60 %, target won
        90 %), status and loss reason; sorted by customer class and customer.

    Raises:
        ValueError: an unknown team, or ``per_status`` below 1.
    """
    if per_status < 1:
        raise ValueError("per_status must be 1 or more")
    opps = team_opportunities(tables["opportunities"], tables["teams"], team).sort_values(
        ["created_date", "opportunity_id"])
    deals = opps.groupby("status", observed=True).tail(per_status)
    accounts = tables["accounts"].set_index("account_id")
    products = tables["products"].set_index("product_id")["product_name"]
    out = pd.DataFrame({
        "customer class": accounts.loc[deals["account_id"], "industry"].to_numpy(),
        "customer": accounts.loc[deals["account_id"], "account_name"].to_numpy(),
        "product": products.loc[deals["product_id"]].to_numpy(),
        "stage": deals["stage"].astype(str).to_numpy(),
        "progress": progress_marks(deals).to_numpy(),
        "status": deals["status"].astype(str).to_numpy(),
        "loss reason": deals["loss_reason"].fillna("").astype(str).to_numpy(),
    }, index=pd.Index(deals["opportunity_id"].to_numpy(), name="opportunity"))
    return out.sort_values(["customer class", "customer"])
