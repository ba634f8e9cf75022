"""Funnel strategy (漏斗思维的营销策略): the numbers behind Module 3.

The four-stage funnel of common B2B marketing training material: potential
(潜在客户) -> possible (可能客户) -> target (目标客户) -> effective customers
(有效客户), one strategy for each narrowing, the win/loss report and the
rolling plan. The sale is won at *target*; a won customer becomes *effective*
when it renews after its first contract year (``schema.EFFECTIVE_DEFINITION``).
Plus the standard sales-pipeline measures (weighted pipeline, velocity, sales
cycle, reverse funnel).

Every function takes a pandas frame shaped like the kit's ``opportunities``
table (see :mod:`valuekit.schema`): ``stage`` is the furthest stage reached (a
won deal is at 'target' or 'effective'), ``status`` is W (won), L (lost), C
(continuing) or D (delayed). Functions are pure and vectorised; bad input
raises ``ValueError`` with a plain message.
"""

from __future__ import annotations

from ._checks import CLOSED_STATUSES, OPEN_STATUSES, TRANSITIONS
from .campaigns import (
    CHANNEL_APPROACH,
    RESPONSE_BANDS,
    ResponseBand,
    response_matrix,
    response_rates,
)
from .outcomes import (
    DECK_PROGRESS_MARKS,
    PROGRESS_MARKS,
    UNRECORDED,
    loss_reason_pareto,
    progress_marks,
    win_loss_report,
    win_rate,
)
from .pipeline import (
    DAYS_PER_MONTH,
    Velocity,
    pipeline_velocity,
    sales_cycle_days,
    weighted_pipeline,
)
from .planning import (
    SIX_THREE_ONE,
    SIX_THREE_ONE_READING,
    reverse_funnel,
    six_three_one,
    six_three_one_check,
)
from .rolling import (
    TOTAL,
    last_complete_month,
    monthly_actuals,
    naive_forecast,
    pipeline_forecast,
    rolling_forecast,
)
from .stages import (
    STRATEGIES,
    STRATEGY_FOR_TRANSITION,
    Bottleneck,
    Strategy,
    bottleneck,
    cohort_funnel,
    stage_conversion,
    stage_counts,
    stage_probabilities,
)

__all__ = [
    "CHANNEL_APPROACH",
    "CLOSED_STATUSES",
    "DAYS_PER_MONTH",
    "DECK_PROGRESS_MARKS",
    "OPEN_STATUSES",
    "PROGRESS_MARKS",
    "RESPONSE_BANDS",
    "SIX_THREE_ONE",
    "SIX_THREE_ONE_READING",
    "STRATEGIES",
    "STRATEGY_FOR_TRANSITION",
    "TOTAL",
    "TRANSITIONS",
    "UNRECORDED",
    "Bottleneck",
    "ResponseBand",
    "Strategy",
    "Velocity",
    "bottleneck",
    "cohort_funnel",
    "last_complete_month",
    "loss_reason_pareto",
    "monthly_actuals",
    "naive_forecast",
    "pipeline_forecast",
    "pipeline_velocity",
    "progress_marks",
    "reverse_funnel",
    "response_matrix",
    "response_rates",
    "rolling_forecast",
    "sales_cycle_days",
    "six_three_one",
    "six_three_one_check",
    "stage_conversion",
    "stage_counts",
    "stage_probabilities",
    "weighted_pipeline",
    "win_loss_report",
    "win_rate",
]
