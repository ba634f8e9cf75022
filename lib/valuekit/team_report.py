"""Every figure of a team's report, computed from the kit's tables (Module 5, the capstone).

:func:`build` takes the loaded tables (``valuekit.data.load``), a team and the
date the report is "as of", and returns a :class:`TeamReport`: a JSON-ready
``figures`` dict (what the report prints, and what the tests compare with
the executed notebook) and the frames its charts are drawn from. The report
template (``report_templates/team_report.ipynb``) only calls this and the renderer;
no number is computed in the notebook.

Definitions (all for one team, next to the same figure for the company):

- **Look-back window**: the 12 months to ``period_end``. Revenue counts the
  12 complete months of invoices up to it; win rate, cycle length, churn and
  the win/loss report count what closed or ended in the window.
- **Company average**: money totals (revenue, pipeline, CLV) are the company
  total divided by the number of teams (the average team); rates are pooled
  over the whole company (won / decided of every team, ...); the top-20%
  revenue share is the mean of the teams' shares (a company-wide curve over
  ten times as many customers would not be comparable).
- **Customer-base CLV** (Fader & Hardie 2010): for every customer, its current
  annual margin (running contract years x the product's gross margin) times
  its discounted expected residual lifetime under a shifted-beta-geometric
  retention curve fitted to the yearly account cohorts: the team's own curve
  for the team, the company's for the company; the company's for a team whose
  cohorts cannot be fitted; one retention rate (Gupta & Lehmann 2003) when no
  curve can be fitted at all.
- **As of a past date**: opportunities created later are left out, one
  closed later counts as still open (C), a contract year ending later as
  still active. The stage of an opportunity is the furthest it ever reached
  (the data keep no stage history), so a past funnel is slightly optimistic.
- **Customers** are accounts with a contract year running on ``period_end``.

Sources are cited where each figure is computed; the three recommended
actions come from the rule table :data:`RULES`, ranked by how far the team is
from the company (:func:`recommend`).
"""

from __future__ import annotations

import math
import os
import pickle
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from valuekit import clv, funnel, value
from valuekit.schema import ADOPTER_GROUPS, FIRST_CONTRACT_DAYS, SAMPLE_AS_OF, STAGES

#: The tables a team report reads (the rest of the data set is not loaded).
REPORT_TABLES: tuple[str, ...] = (
    "teams",
    "accounts",
    "products",
    "opportunities",
    "contracts",
    "invoices",
)

LOOKBACK_MONTHS = 12
#: Annual discount rate of the customer-base CLV (a common planning rate for a
#: software vendor's cost of capital).
DISCOUNT_RATE = 0.10
#: The concentration figure: share of revenue from the top 20% of customers
#: (the Pareto "80/20" check of common B2B training material).
TOP_PCT = 0.2
FORECAST_PAST_MONTHS = 6
FORECAST_HORIZON = 6
TOP_ACCOUNTS = 10
#: A rule fires only when the team is at least this much worse than the company
#: (relative to the company's value): a 2% gap is noise, not a priority.
MATERIALITY = 0.05
#: Groups of the early market (Moore's chasm lies after them).
EARLY_MARKET = ("innovator", "early_adopter")

#: The headline figures, in the order the report shows them, with their kind.
HEADLINE: tuple[tuple[str, str], ...] = (
    ("revenue_12m", "money"),
    ("open_pipeline", "money"),
    ("weighted_pipeline", "money"),
    ("win_rate", "pct"),
    ("cycle_days", "days"),
    ("churn_rate", "pct"),
    ("clv", "money"),
)
#: For each headline figure: is a higher value better for the team?
HIGHER_IS_BETTER: dict[str, bool] = {
    "revenue_12m": True,
    "open_pipeline": True,
    "weighted_pipeline": True,
    "win_rate": True,
    "cycle_days": False,
    "churn_rate": False,
    "clv": True,
    "top20_share": False,
    "early_market_share": False,
    "pipeline_coverage": True,
}


# ---------------------------------------------------------------------------------------
# Labels: every word the report shows, per language: English ("en") and Simplified Chinese
# ("zh"). Another language is added by giving the same keys (a test checks that the keys
# match). Numbers are never localised: format_value writes them the same in every language.

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Team report: {team}",
        "subtitle": "{region} region · as of {period_end} · look-back window {start} to {end}",
        "quota": "Annual quota",
        "section_headline": "Headline figures",
        "section_funnel": "Funnel and bottleneck",
        "section_winloss": "Win/loss report",
        "section_forecast": "Rolling forecast",
        "section_customers": "Customers: concentration and lifetime value",
        "section_adopters": "Adopter groups of the team's accounts",
        "section_actions": "Three recommended actions",
        "section_notes": "How the figures are computed",
        "col_figure": "Figure",
        "col_team": "Team",
        "col_company": "Company average",
        "col_difference": "Team vs company",
        "revenue_12m": "Revenue, last 12 months",
        "open_pipeline": "Open pipeline",
        "weighted_pipeline": "Weighted pipeline",
        "win_rate": "Win rate (deals closed in the window)",
        "cycle_days": "Average sales cycle of won deals",
        "churn_rate": "Churn (contract non-renewal rate)",
        "clv": "Customer-base CLV",
        "stage_potential": "Potential customers",
        "stage_possible": "Possible customers",
        "stage_target": "Target customers",
        "stage_effective": "Effective customers",
        "col_stage": "Stage",
        "col_reached": "Reached",
        "col_transition": "Step",
        "col_team_rate": "Team conversion",
        "col_company_rate": "Company conversion",
        "funnel_intro": (
            "All {n} opportunities opened up to {period_end}. The sale is won at target; a "
            "won customer becomes effective when it renews after its first contract year. "
            "Conversion counts an open opportunity, or a win still in its first year, only "
            "once its step is decided."
        ),
        "bottleneck": (
            "Bottleneck: {from_stage} → {to_stage}, {rate} against {company_rate} for the "
            "company. It calls for the {strategy} ({chinese}), led by {led_by}: {goal}"
        ),
        "no_bottleneck": "No funnel step can be compared with the company yet.",
        "winloss_intro": (
            "Opportunities closed in the window or open on {period_end}: W won, L lost, "
            "C continuing, D delayed."
        ),
        "col_product": "Product",
        "col_win_rate": "Win rate",
        "col_won_amount": "Won",
        "col_open_amount": "Open",
        "col_main_loss": "Main loss reason",
        "progress_title": "By progress (the funnel deck's marks)",
        "progress_intro": (
            "The same deals by how far they got: possible 20%, target 60% while the "
            "contract is being signed, target won 90% are the funnel deck's marks; potential "
            "10% and effective 100% are the kit's."
        ),
        "col_progress": "Progress",
        "progress_won": "{stage}, won",
        "total": "Total",
        "overall": "Overall (potential → effective)",
        "pareto_title": "Why deals were lost (last 12 months)",
        "col_reason": "Loss reason",
        "col_count": "Deals",
        "col_share": "Share",
        "col_cumulative": "Cumulative",
        "no_losses": "No deal was lost in the window.",
        "forecast_intro": (
            "Bookings (won deals) per month: actuals up to {last_actual}, then the weighted "
            "open pipeline placed {cycle} days after each deal was opened (the median cycle)."
        ),
        "forecast_next": (
            "Forecast for the next {months} months: {amount} from the pipeline, against "
            "{run_rate} at the recent run rate (the average of the last 3 months)."
        ),
        "col_month": "Month",
        "col_source": "Source",
        "col_amount": "Amount",
        "actual": "actual",
        "forecast": "forecast",
        "customers_intro": (
            "{n} customers. The top 20% of them brought {share} of the last 12 months' "
            "revenue (company average {company}); {k} customers make 80% of it."
        ),
        "clv_intro": (
            "Customer-base CLV: the discounted value of the margin today's customers will "
            "still bring, {model}, at a {discount} discount rate."
        ),
        "clv_model_team": "with the retention curve fitted to the team's own cohorts (sBG)",
        "clv_model_company": "with the company's retention curve (sBG; too few team cohorts)",
        "clv_model_simple": "with one retention rate (the team's renewal rate)",
        "col_account": "Account",
        "col_adopter": "Adopter group",
        "col_revenue": "Revenue, 12 months",
        "col_clv": "CLV",
        "col_tenure": "Years a customer",
        "adopters_intro": (
            "{early} of the team's accounts are in the early market (innovators and early "
            "adopters), against {company} for the company."
        ),
        "col_group": "Group",
        "col_accounts": "Accounts",
        "group_innovator": "Innovators",
        "group_early_adopter": "Early adopters",
        "group_early_majority": "Early majority",
        "group_late_majority": "Late majority",
        "group_laggard": "Laggards",
        "actions_intro": (
            "Chosen by rule from the figures above and ranked by how far the team is "
            "from the company."
        ),
        "chart_funnel": "Funnel",
        "chart_pareto": "Loss reasons",
        "chart_forecast": "Rolling forecast (all products)",
        "chart_concentration": "Share of revenue by share of customers",
        "chart_adopters": "Accounts by adopter group",
        "axis_customers": "Share of customers (largest first)",
        "axis_revenue": "Share of revenue",
        "axis_amount": "Amount (USD)",
        "axis_share": "Share of accounts",
        "series_team": "Team",
        "series_company": "Company",
        "better": "better",
        "worse": "worse",
        "same": "same",
        "na": "n/a",
        "index_title": "Team reports",
        "index_intro": "{n} teams · as of {period_end} · {failed} failed",
        "col_region": "Region",
        "short_revenue_12m": "Revenue, 12 months",
        "short_win_rate": "Win rate",
        "short_churn_rate": "Churn",
        "short_clv": "Customer-base CLV",
        "short_stage_potential": "Potential",
        "short_stage_possible": "Possible",
        "short_stage_target": "Target",
        "short_stage_effective": "Effective",
        "col_bottleneck": "Bottleneck",
        "col_status": "Report",
        "open_report": "open",
        "failed": "failed",
        "col_as_of": "As of",
        "earlier_report": (
            "the run of {date} failed ({error}); the linked report is from an earlier run"
        ),
        "not_enough_data": (
            "Not enough data: the team has no customer with a running contract on "
            "{period_end}, so there is no CLV or concentration to show."
        ),
        "notes": (
            "Revenue: invoices of the team's accounts over the 12 complete months to "
            "{period_end}. Pipeline: amount of open (C, D) opportunities; weighted by stage "
            "probability (the funnel deck's progress marks: possible 20%, target 60%; "
            "potential 5%). Win rate: won ÷ (won + lost) "
            "of deals closed in the window. Cycle: days from opening to winning. Churn: "
            "contract years ending in the window that were not renewed. CLV: 12-month margin "
            "of each customer × its discounted expected residual lifetime (Fader & Hardie "
            "2010). Company averages: totals per team; rates pooled over the company."
        ),
        # recommended actions (placeholders are filled with formatted numbers)
        "action_bottleneck": (
            "Apply the {strategy} at the {from_stage} → {to_stage} step: conversion is "
            "{team} against {company} for the company. {first_action}"
        ),
        "action_churn": (
            "Retention: {team} of contract years ending in the last 12 months were not "
            "renewed, against {company} for the company. Review every account due for renewal "
            "90 days ahead and act on the early warnings."
        ),
        "action_concentration": (
            "Diversify: the top 20% of customers bring {team} of revenue (company {company}). "
            "Grow the mid-sized accounts so that losing one large customer hurts less."
        ),
        "action_coverage": (
            "Prospecting: the weighted pipeline covers {team} of the annual quota (company "
            "{company}). Open more opportunities with the tendency strategy: seminars, "
            "one-to-one visits, referrals."
        ),
        "action_win_rate": (
            "Win more of what you work: win rate {team} against {company} for the company. "
            "Qualify earlier and answer the top loss reason ({reason}, {reason_share} of "
            "losses) in every proposal."
        ),
        "action_cycle": (
            "Shorten the sales cycle: won deals took {team} days against {company} for the "
            "company. Agree a mutual closing plan with each buyer after the first meeting."
        ),
        "action_early_market": (
            "Cross the chasm: {team} of the team's accounts are innovators or early adopters "
            "(company {company}). Pragmatists buy on other pragmatists' references, not "
            "visionaries' (Moore): pick one beachhead segment and win its first pragmatist "
            "customers with the whole product, so that they become the references."
        ),
        "action_watch": (
            "Watch {figure}: {team} against {company} for the company. Review it with the "
            "team every month until it is clearly ahead."
        ),
        "action_keep": (
            "Keep what works: {figure} is {team} against {company} for the company. Write "
            "down how the team does it and share it with the other teams."
        ),
        "chart_of_previous": "{count}  ({share} of previous)",
        "html_lang": "en",  # the pages' lang attribute (browsers pick fonts by it)
        "label_value": "{label}: {value}",
        "versus": "{difference} ({verdict})",
        # the funnel strategies (keys per strategy): English from valuekit.funnel.STRATEGIES
        **{f"strategy_name_{k}": s.name for k, s in funnel.STRATEGIES.items()},
        **{f"strategy_led_by_{k}": s.led_by for k, s in funnel.STRATEGIES.items()},
        **{f"strategy_goal_{k}": s.goal for k, s in funnel.STRATEGIES.items()},
        **{f"strategy_first_action_{k}": s.actions[0] for k, s in funnel.STRATEGIES.items()},
    },
    # Simplified Chinese, in the course's terms (CURRICULUM.md): 潜在/可能/目标/有效客户,
    # 倾向/优势/信誉策略, 输赢报告, 滚动预测, 客户终身价值 (CLV), the adopter groups, 鸿沟.
    # Same placeholders as English, except "bottleneck", which leaves out {chinese} (the
    # strategy's Chinese name is already its name here).
    "zh": {
        "title": "团队报告：{team}",
        "subtitle": "{region} 区域 · 截至 {period_end} · 回顾期 {start} 至 {end}",
        "quota": "年度销售指标",
        "section_headline": "核心指标",
        "section_funnel": "漏斗与瓶颈",
        "section_winloss": "输赢报告",
        "section_forecast": "滚动预测",
        "section_customers": "客户：收入集中度与终身价值",
        "section_adopters": "团队客户的采用者群体",
        "section_actions": "三项建议行动",
        "section_notes": "指标的计算方法",
        "col_figure": "指标",
        "col_team": "团队",
        "col_company": "公司平均",
        "col_difference": "团队对比公司",
        "revenue_12m": "近 12 个月收入",
        "open_pipeline": "未结商机金额",
        "weighted_pipeline": "加权商机金额",
        "win_rate": "赢单率（回顾期内结案的商机）",
        "cycle_days": "赢单的平均销售周期（天）",
        "churn_rate": "流失率（合同未续约比例）",
        "clv": "客户终身价值总额（CLV）",
        "stage_potential": "潜在客户",
        "stage_possible": "可能客户",
        "stage_target": "目标客户",
        "stage_effective": "有效客户",
        "col_stage": "阶段",
        "col_reached": "到达数",
        "col_transition": "环节",
        "col_team_rate": "团队转化率",
        "col_company_rate": "公司转化率",
        "funnel_intro": (
            "截至 {period_end} 共开启 {n} 个商机。在目标客户阶段赢单；赢得的客户在第一个合同年"
            "结束后续约，才成为有效客户。未结商机和仍在第一个合同年内的赢单，要等它所在环节有了"
            "结果，才计入该环节的转化率。"
        ),
        "bottleneck": (
            "瓶颈：{from_stage} → {to_stage}，转化率 {rate}，公司为 {company_rate}。"
            "应采用{strategy}，由{led_by}牵头。{goal}"
        ),
        "no_bottleneck": "目前还没有可以与公司对比的漏斗环节。",
        "winloss_intro": (
            "回顾期内结案或截至 {period_end} 仍未结的商机：W 赢单，L 丢单，C 继续，D 延迟。"
        ),
        "col_product": "产品",
        "col_win_rate": "赢单率",
        "col_won_amount": "赢单金额",
        "col_open_amount": "未结金额",
        "col_main_loss": "主要丢单原因",
        "progress_title": "按进度（漏斗课件的进度标记）",
        "progress_intro": (
            "同一批商机按进展程度统计：可能客户 20%、合同签订中的目标客户 60%、已赢单的目标客户 "
            "90% 是漏斗课件的标记；潜在客户 10% 和有效客户 100% 是本工具包补充的。"
        ),
        "col_progress": "进度",
        "progress_won": "{stage}（已赢单）",
        "total": "合计",
        "overall": "整体（潜在客户 → 有效客户）",
        "pareto_title": "丢单原因（近 12 个月）",
        "col_reason": "丢单原因",
        "col_count": "商机数",
        "col_share": "占比",
        "col_cumulative": "累计占比",
        "no_losses": "回顾期内没有丢单。",
        "forecast_intro": (
            "每月订单额（赢单）：{last_actual} 及之前为实际数；之后为加权未结商机，"
            "每个商机计入其开启后第 {cycle} 天所在的月份（销售周期中位数）。"
        ),
        "forecast_next": (
            "未来 {months} 个月预测：商机管道给出 {amount}，按近期水平（最近 3 个月的平均）"
            "则为 {run_rate}。"
        ),
        "col_month": "月份",
        "col_source": "来源",
        "col_amount": "金额",
        "actual": "实际",
        "forecast": "预测",
        "customers_intro": (
            "共 {n} 个客户。前 20% 的客户贡献了近 12 个月收入的 {share}（公司平均 {company}）；"
            "{k} 个客户贡献了 80% 的收入。"
        ),
        "clv_intro": (
            "客户终身价值总额：现有客户今后还会带来的毛利的折现值，{model}，折现率 {discount}。"
        ),
        "clv_model_team": "采用按团队自身客户同期群拟合的留存曲线（sBG）",
        "clv_model_company": "采用公司的留存曲线（sBG；团队的客户同期群太少）",
        "clv_model_simple": "采用单一留存率（团队的续约率）",
        "col_account": "客户",
        "col_adopter": "采用者群体",
        "col_revenue": "近 12 个月收入",
        "col_clv": "CLV",
        "col_tenure": "合作年数",
        "adopters_intro": (
            "团队客户中有 {early} 属于早期市场（创新者和早期采用者），公司为 {company}。"
        ),
        "col_group": "群体",
        "col_accounts": "客户数",
        "group_innovator": "创新者",
        "group_early_adopter": "早期采用者",
        "group_early_majority": "早期大众",
        "group_late_majority": "后期大众",
        "group_laggard": "落后者",
        "actions_intro": "根据以上指标按规则选出，按团队与公司的差距从大到小排列。",
        "chart_funnel": "漏斗",
        "chart_pareto": "丢单原因",
        "chart_forecast": "滚动预测（全部产品）",
        "chart_concentration": "客户占比与收入占比",
        "chart_adopters": "各采用者群体的客户占比",
        "axis_customers": "客户占比（按收入从高到低）",
        "axis_revenue": "收入占比",
        "axis_amount": "金额（USD）",
        "axis_share": "客户占比",
        "series_team": "团队",
        "series_company": "公司",
        "better": "更好",
        "worse": "更差",
        "same": "持平",
        "na": "无数据",
        "index_title": "团队报告",
        "index_intro": "{n} 个团队 · 截至 {period_end} · {failed} 个失败",
        "col_region": "区域",
        "short_revenue_12m": "近 12 个月收入",
        "short_win_rate": "赢单率",
        "short_churn_rate": "流失率",
        "short_clv": "CLV 总额",
        "short_stage_potential": "潜在",
        "short_stage_possible": "可能",
        "short_stage_target": "目标",
        "short_stage_effective": "有效",
        "col_bottleneck": "瓶颈",
        "col_status": "报告",
        "open_report": "打开",
        "failed": "失败",
        "col_as_of": "截至日期",
        "earlier_report": "{date} 的运行失败（{error}）；链接的是之前一次运行的报告",
        "not_enough_data": (
            "数据不足：截至 {period_end}，该团队没有合同在执行中的客户，无法计算 CLV 和收入集中度。"
        ),
        "notes": (
            "收入：团队客户在截至 {period_end} 的 12 个完整月份内的发票金额。商机管道：未结"
            "（C、D）商机的金额；加权金额乘以所处阶段的概率（漏斗课件的进度标记：可能客户 20%，"
            "目标客户 60%；潜在客户 5%）。赢单率：回顾期内结案的商机中，赢单 ÷（赢单 + 丢单）。"
            "销售周期：从开启"
            "商机到赢单的天数。流失率：回顾期内到期的合同年中未续约的比例。CLV：每个客户 12 个"
            "月的毛利 × 其折现后的预期剩余生命期（Fader & Hardie 2010）。公司平均：金额为公司"
            "总额除以团队数；比率按全公司汇总计算。"
        ),
        "action_bottleneck": (
            "在 {from_stage} → {to_stage} 环节实施{strategy}：团队转化率 {team}，公司为 "
            "{company}。{first_action}"
        ),
        "action_churn": (
            "客户留存：近 12 个月到期的合同年中有 {team} 未续约，公司为 {company}。"
            "提前 90 天逐一检查待续约客户，对预警信号及时采取行动。"
        ),
        "action_concentration": (
            "分散客户：前 20% 的客户贡献了 {team} 的收入（公司 {company}）。"
            "培育中型客户，减小失去一个大客户带来的冲击。"
        ),
        "action_coverage": (
            "开拓客户：加权商机金额只覆盖年度指标的 {team}（公司 {company}）。"
            "用倾向策略开启更多商机：研讨会、一对一拜访、客户推荐。"
        ),
        "action_win_rate": (
            "提高赢单率：团队赢单率 {team}，公司为 {company}。更早甄别商机，并在每份方案中"
            "回应首要丢单原因（{reason}，占丢单的 {reason_share}）。"
        ),
        "action_cycle": (
            "缩短销售周期：团队赢单平均用时 {team} 天，公司为 {company} 天。首次会面后就与"
            "每位买方商定双方认可的成交计划。"
        ),
        "action_early_market": (
            "跨越鸿沟：团队客户中有 {team} 是创新者或早期采用者（公司 {company}）。"
            "实用主义者只认同类实用主义者的推荐，而非远见者的（摩尔）：选定一个滩头细分市场，"
            "用完整产品赢得其中第一批实用主义客户，让他们成为参考客户。"
        ),
        "action_watch": (
            "关注{figure}：团队 {team}，公司为 {company}。每月与团队一起复盘，直到明显领先。"
        ),
        "action_keep": (
            "保持优势：团队的{figure}为 {team}，公司为 {company}。总结团队的做法，"
            "分享给其他团队。"
        ),
        "chart_of_previous": "{count}（上一阶段的 {share}）",
        "html_lang": "zh-CN",
        "label_value": "{label}：{value}",
        "versus": "{difference}（{verdict}）",
        "strategy_name_tendency": "倾向策略",
        "strategy_name_advantage": "优势策略",
        "strategy_name_credibility": "信誉策略",
        "strategy_led_by_tendency": "市场开发",
        "strategy_led_by_advantage": "目标销售",
        "strategy_led_by_credibility": "业务支持",
        "strategy_goal_tendency": (
            "目标是让潜在客户倾向于我们：了解他们的需求，做好细分和定位，让重点客户群产生兴趣。"
        ),
        "strategy_goal_advantage": (
            "目标是在比较中胜出：可能客户已有采购计划、正在比较供应商，要让他们看到只有我们"
            "能提供的价值，并解决他们的关键问题。"
        ),
        "strategy_goal_credibility": (
            "目标是信守每一项承诺，把正在签约或已签约的目标客户变成有效客户。"
        ),
        "strategy_first_action_tendency": (
            "弄清潜在客户有哪些问题、需要什么（功能、质量、服务、价格、渠道）。"
        ),
        "strategy_first_action_advantage": "与客户一起明确其关键问题（技术、价格、培训）。",
        "strategy_first_action_credibility": (
            "与客户细化合同内容（培训、耗材、维护），并履行其中每一项条款。"
        ),
    },
}

#: Languages a report can be written in.
LANGUAGES: tuple[str, ...] = tuple(LABELS)


def labels(language: str = "en") -> dict[str, str]:
    """The report's words in ``language``; ValueError naming the available ones."""
    if language not in LABELS:
        raise ValueError(
            f"language {language!r} is not available for the team report; "
            f"available: {', '.join(LANGUAGES)}"
        )
    return LABELS[language]


# ---------------------------------------------------------------------------------------
# Formatting (used by the renderer and the index page, so the numbers match)


def format_value(kind: str, x: float | None, language: str = "en") -> str:
    """A figure as the report prints it: money ``$1,234,567``, pct ``12.3%``,
    days ``87``, ratio ``1.25x``, count ``1,234``; ``n/a`` for a missing value."""
    words = labels(language)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return words["na"]
    if kind == "money":
        return f"-${abs(x):,.0f}" if x < 0 else f"${x:,.0f}"
    if kind == "pct":
        return f"{x:.1%}"
    if kind == "days":
        return f"{x:,.0f}"
    if kind == "ratio":
        return f"{x:.2f}x"
    if kind == "count":
        return f"{x:,.0f}"
    raise ValueError(f"unknown kind of figure {kind!r}")


# ---------------------------------------------------------------------------------------
# Inputs


def parse_period_end(value: object | None) -> pd.Timestamp:
    """The report date: an ISO date ``YYYY-MM-DD`` (None: the sample's 2025-12-31)."""
    if value is None or value == "":
        value = SAMPLE_AS_OF
    if isinstance(value, str):
        try:
            stamp = pd.Timestamp.fromisoformat(value.strip())
        except ValueError:
            stamp = None
        if stamp is None or stamp != stamp.normalize() or len(value.strip()) != 10:
            raise ValueError(f"period_end must be a date written YYYY-MM-DD, got {value!r}")
        return stamp
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"period_end must be a date written YYYY-MM-DD, got {value!r}") from err
    if pd.isna(stamp):
        raise ValueError(f"period_end must be a date written YYYY-MM-DD, got {value!r}")
    return stamp.normalize()


def load_tables(
    data_dir: str | os.PathLike | None = None, cache: str | os.PathLike | None = None
) -> dict[str, pd.DataFrame]:
    """The tables a report needs, validated by :func:`valuekit.data.load`.

    ``cache`` is a pickle of exactly those frames written by the batch runner
    after it loaded and validated them itself; reading it gives the same
    frames without parsing the CSVs again in every kernel.
    """
    if cache is not None:
        with open(Path(cache), "rb") as handle:
            tables = pickle.load(handle)
        missing = [t for t in REPORT_TABLES if t not in tables]
        if missing:
            raise ValueError(f"the data cache {cache} lacks the table(s) {', '.join(missing)}")
        return tables
    from valuekit import data

    return data.load(data_dir, tables=list(REPORT_TABLES))


def team_list(tables: Mapping[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """Every team as ``(team_id, team_name)``, in the order of the teams table."""
    teams = tables["teams"]
    names = teams["team_name"].astype(object).where(teams["team_name"].notna(), "")
    return list(zip(teams["team_id"].astype(str), names.astype(str), strict=True))


def find_team_id(teams: Sequence[tuple[str, str]], team: str) -> str:
    """The id of the team named by ``team`` (an id, else an exact name, else a name
    matched ignoring case and spaces; both sides in Unicode NFC). ValueError lists the
    valid teams otherwise."""
    # NFC first: a name stored decomposed (e + combining accent) and typed composed looks
    # the same and must match
    text = unicodedata.normalize("NFC", str(team))
    ids = [tid for tid, _ in teams]
    if text in ids:
        return text
    nfc_ids = [tid for tid in ids if unicodedata.normalize("NFC", tid) == text]
    if len(nfc_ids) == 1:
        return nfc_ids[0]
    exact = [tid for tid, name in teams if unicodedata.normalize("NFC", name) == text]
    if len(exact) == 1:
        return exact[0]

    def loose(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).split()).casefold()

    close = [tid for tid, name in teams if loose(name) == loose(text)]
    if len(close) == 1:
        return close[0]
    listing = "; ".join(f"{tid} ({name})" for tid, name in teams)
    if len(exact) > 1 or len(close) > 1:
        raise ValueError(
            f"team name {text!r} is shared by several teams; use the team id. Teams: {listing}"
        )
    raise ValueError(f"unknown team {text!r}. Valid teams (id and name): {listing}")


# ---------------------------------------------------------------------------------------
# The calculation


@dataclass
class TeamReport:
    """A team's report: the printed figures (JSON-ready) and the frames behind the charts."""

    team_id: str
    team_name: str
    language: str
    figures: dict[str, Any]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def labels(self) -> dict[str, str]:
        return labels(self.language)


def _clean(x: Any) -> Any:
    """JSON-ready copy: numpy scalars to Python, NaN/inf to None, keys to str."""
    if isinstance(x, Mapping):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.bool_ | bool):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating | float):
        f = float(x)
        return f if math.isfinite(f) else None
    if isinstance(x, pd.Timestamp):
        return None if pd.isna(x) else x.date().isoformat()
    if isinstance(x, pd.Period):
        return str(x)
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, str | int):
        return x
    return str(x)


def opportunities_as_of(opps: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The opportunities as they stood on ``as_of``: later ones dropped, later closings open.

    Same rule as the ``as_of`` of :func:`valuekit.funnel.pipeline_velocity`:
    open on a date = created on or before it and not closed by then. A deal won
    later was still being compared then (open at 'possible'); a win whose first
    contract year had not ended by ``as_of`` was not yet effective (it is at
    'target': ``schema.EFFECTIVE_DEFINITION``).
    """
    out = opps[opps["created_date"] <= as_of].copy()
    later = (out["closed_date"] > as_of).to_numpy()
    if later.any():
        won_later = later & (out["status"] == "W").to_numpy()
        out.loc[won_later, "stage"] = "possible"
        out.loc[later, "status"] = "C"
        out.loc[later, "closed_date"] = pd.NaT
        out.loc[later, "loss_reason"] = pd.NA
    first_year_running = (
        (out["stage"] == "effective")
        & (out["closed_date"] + pd.Timedelta(days=FIRST_CONTRACT_DAYS) > as_of)
    ).to_numpy()
    if first_year_running.any():
        out.loc[first_year_running, "stage"] = "target"
    return out


def contracts_as_of(contracts: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Contract years started by ``as_of``; one still running then counts as active."""
    out = contracts[contracts["start_date"] <= as_of].copy()
    running = (out["end_date"] > as_of).to_numpy()
    out.loc[running, "outcome"] = "active"
    return out


def _safe_div(a: float, b: float) -> float:
    return float(a / b) if b else float("nan")


def _in_window(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    return np.asarray((dates > start) & (dates <= end), dtype=bool)


@dataclass
class _Window:
    as_of: pd.Timestamp
    start: pd.Timestamp  # exclusive
    first_month: pd.Timestamp
    last_month: pd.Timestamp


def _window(as_of: pd.Timestamp) -> _Window:
    last = funnel.last_complete_month(as_of)
    first = last - (LOOKBACK_MONTHS - 1)
    return _Window(
        as_of=as_of,
        start=as_of - pd.DateOffset(months=LOOKBACK_MONTHS),
        first_month=first.start_time,
        last_month=last.start_time,
    )


def _flows(opps: pd.DataFrame, w: _Window) -> pd.DataFrame:
    """Opportunities closed in the window or open on its last day (the win/loss book)."""
    closed_in = _in_window(opps["closed_date"], w.start, w.as_of)
    is_open = opps["status"].isin(funnel.OPEN_STATUSES).to_numpy()
    return opps[closed_in | is_open]


def _win_rate(opps: pd.DataFrame, w: _Window) -> float:
    decided = opps[_in_window(opps["closed_date"], w.start, w.as_of)]
    return funnel.win_rate(decided) if len(decided) else float("nan")


def _cycle_days(opps: pd.DataFrame, w: _Window) -> float:
    won = opps[_in_window(opps["closed_date"], w.start, w.as_of) & (opps["status"] == "W")]
    return float(funnel.sales_cycle_days(won)["mean"]) if len(won) else float("nan")


def _churn(contracts: pd.DataFrame, w: _Window) -> float:
    """Non-renewal rate of the contract years that ended in the window.

    churned / (churned + renewed): the contractual churn rate of Fader &
    Hardie (2007) per contract year, pooled over accounts and products.
    """
    ended = contracts[_in_window(contracts["end_date"], w.start, w.as_of)]
    churned = int((ended["outcome"] == "churned").sum())
    renewed = int((ended["outcome"] == "renewed").sum())
    return _safe_div(churned, churned + renewed)


def _pipeline(opps: pd.DataFrame) -> tuple[float, float]:
    is_open = opps["status"].isin(funnel.OPEN_STATUSES)
    if not is_open.any():
        return 0.0, 0.0
    return float(opps.loc[is_open, "amount"].sum()), float(funnel.weighted_pipeline(opps))


def _revenue_by_account(invoices: pd.DataFrame, w: _Window, column: str) -> pd.Series:
    month = invoices["month"]
    inside = (month >= w.first_month) & (month <= w.last_month)
    return invoices.loc[inside].groupby("account_id")[column].sum()


@dataclass
class _Retention:
    alpha: float
    beta: float
    model: str  # "team" | "company" | "simple"


def _fit_retention(contracts: pd.DataFrame, as_of: pd.Timestamp) -> _Retention | None:
    """sBG fit (Fader & Hardie 2007) to the yearly account cohorts of these contracts."""
    if contracts.empty:
        return None
    try:
        counts = clv.survival_counts(contracts, as_of=as_of)
        counts = counts[counts.notna().sum(axis=1) >= 2]  # a cohort seen once has no churn yet
        if counts.empty:
            return None
        fit = clv.fit_sbg(counts)
    except ValueError:  # FitError is a ValueError: no interior maximum, too little data
        return None
    return _Retention(fit.alpha, fit.beta, "")


def _tenure_years(contracts: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Whole years each account has been a customer on ``as_of`` (its renewals so far)."""
    first = contracts.groupby("account_id")["start_date"].min()
    years = as_of.year - first.dt.year
    before_anniversary = (as_of.month < first.dt.month) | (
        (as_of.month == first.dt.month) & (as_of.day < first.dt.day)
    )
    return (years - before_anniversary.astype(int)).clip(lower=0)


def _account_clv(
    margin: pd.Series,
    tenure: pd.Series,
    retention: _Retention | None,
    simple_retention: float,
) -> tuple[pd.Series, str]:
    """Residual CLV of each customer: 12-month margin x DERL (Fader & Hardie 2010).

    Without a usable sBG fit, the simple retention CLV ``m r / (1 + d - r)``
    of Gupta & Lehmann (2003) with the team's renewal rate ``r``.
    """
    if margin.empty:  # no customer with a running contract: nothing to value
        return pd.Series(dtype=float), retention.model if retention is not None else "simple"
    if retention is not None:
        derl = clv.sbg_derl(retention.alpha, retention.beta, DISCOUNT_RATE, tenure.to_numpy())
        return pd.Series(margin.to_numpy() * np.asarray(derl), index=margin.index), retention.model
    r = simple_retention if math.isfinite(simple_retention) else 0.0
    r = min(max(r, 0.0), 1.0)
    values = clv.retention_clv(margin.to_numpy(), r, DISCOUNT_RATE)
    return pd.Series(np.asarray(values, dtype=float), index=margin.index), "simple"


def _top20(revenue: pd.Series) -> tuple[float, int]:
    positive = revenue[revenue > 0]
    if positive.empty:
        return float("nan"), 0
    return (
        value.top_share(positive, top_pct=TOP_PCT),
        value.customers_for_share(positive, 0.8),
    )


def _team_opps(opps: pd.DataFrame, team_id: str) -> pd.DataFrame:
    return opps[opps["team_id"] == team_id]


def build(
    tables: Mapping[str, pd.DataFrame],
    team: str,
    period_end: object | None = None,
    language: str = "en",
) -> TeamReport:
    """Compute every figure of ``team``'s report as of ``period_end`` (see the module doc).

    ``team`` is a team id or name (:func:`find_team_id`). Returns a
    :class:`TeamReport`; ``figures`` holds only JSON types (None for a figure
    that cannot be computed, e.g. a win rate with nothing decided).
    """
    words = labels(language)
    as_of = parse_period_end(period_end)
    missing = [t for t in REPORT_TABLES if t not in tables]
    if missing:
        raise ValueError(f"tables lacks the table(s) {', '.join(missing)} the report needs")
    teams = team_list(tables)
    team_id = find_team_id(teams, team)
    team_row = tables["teams"].set_index("team_id").loc[team_id]
    team_name = dict(teams)[team_id]
    n_teams = len(teams)

    accounts = tables["accounts"]
    products = tables["products"].set_index("product_id")["product_name"]
    opps_all = opportunities_as_of(tables["opportunities"], as_of)
    if opps_all.empty:
        raise ValueError(f"no opportunity was opened on or before {as_of.date()}")
    opps = _team_opps(opps_all, team_id)
    if opps.empty:
        raise ValueError(
            f"team {team_id} ({team_name}) has no opportunity opened on or before "
            f"{as_of.date()}: there is nothing to report"
        )
    w = _window(as_of)  # after the checks above: a date before the data has no window
    team_accounts = accounts.loc[accounts["team_id"] == team_id, "account_id"]
    contracts_all = contracts_as_of(tables["contracts"], as_of)
    contracts = contracts_all[contracts_all["account_id"].isin(team_accounts)]
    invoices_all = tables["invoices"]

    # --- headline ----------------------------------------------------------------------
    revenue_all = _revenue_by_account(invoices_all, w, "revenue")
    revenue_team = revenue_all[revenue_all.index.isin(team_accounts)]
    open_team, weighted_team = _pipeline(opps)
    open_all, weighted_all = _pipeline(opps_all)
    churn_team, churn_all = _churn(contracts, w), _churn(contracts_all, w)

    running = contracts_all[
        (contracts_all["start_date"] <= as_of) & (contracts_all["end_date"] >= as_of)
    ]
    margin_rate = tables["products"].set_index("product_id")["gross_margin"]
    # current annual margin of each customer: its running contract years x product margin
    annual_margin = (
        running["annual_value"] * margin_rate.reindex(running["product_id"]).to_numpy()
    ).groupby(running["account_id"]).sum()
    tenure_all = _tenure_years(contracts_all, as_of)
    # the team's own retention curve; the company's when the team's cannot be fitted
    fit_all = _fit_retention(contracts_all, as_of)
    if fit_all is not None:
        fit_all.model = "company"
    fit_team = _fit_retention(contracts, as_of)
    if fit_team is not None:
        fit_team.model = "team"
    team_margin = annual_margin[annual_margin.index.isin(team_accounts)]
    team_clv, model_used = _account_clv(
        team_margin, tenure_all.reindex(team_margin.index), fit_team or fit_all, 1 - churn_team
    )
    company_clv, _model = _account_clv(
        annual_margin, tenure_all.reindex(annual_margin.index), fit_all, 1 - churn_all
    )

    headline_team = {
        "revenue_12m": float(revenue_team.sum()),
        "open_pipeline": open_team,
        "weighted_pipeline": weighted_team,
        "win_rate": _win_rate(opps, w),
        "cycle_days": _cycle_days(opps, w),
        "churn_rate": churn_team,
        "clv": float(team_clv.sum()) if len(team_clv) else float("nan"),
    }
    headline_company = {
        "revenue_12m": float(revenue_all.sum()) / n_teams,
        "open_pipeline": open_all / n_teams,
        "weighted_pipeline": weighted_all / n_teams,
        "win_rate": _win_rate(opps_all, w),
        "cycle_days": _cycle_days(opps_all, w),
        "churn_rate": churn_all,
        "clv": float(company_clv.sum()) / n_teams if len(company_clv) else float("nan"),
    }
    quota = float(team_row["quota"])
    quota_all = float(tables["teams"]["quota"].sum())
    coverage_team = _safe_div(weighted_team, quota)
    coverage_all = _safe_div(weighted_all, quota_all)

    # --- funnel ------------------------------------------------------------------------
    counts = funnel.stage_counts(opps)
    conv_team = funnel.stage_conversion(opps, as_of=as_of)
    conv_all = funnel.stage_conversion(opps_all, as_of=as_of)
    try:
        neck = funnel.bottleneck(conv_team, benchmark=conv_all)
    except ValueError:
        neck = None
    funnel_fig = {
        "opportunities": len(opps),
        "stages": {s: int(counts[s]) for s in STAGES},
        "conversion": {
            t: {"team": conv_team.at[t, "rate"], "company": conv_all.at[t, "rate"]}
            for t in conv_team.index
        },
    }
    bottleneck_fig = None
    if neck is not None:
        s = neck.strategy
        bottleneck_fig = {
            "transition": neck.transition,
            "from_stage": neck.from_stage,
            "to_stage": neck.to_stage,
            "rate": neck.rate,
            "company_rate": neck.benchmark_rate,
            "ratio": neck.ratio,
            "strategy": s.key,
            "strategy_name": words[f"strategy_name_{s.key}"],
            "strategy_chinese": s.chinese,
            "led_by": words[f"strategy_led_by_{s.key}"],
            "goal": words[f"strategy_goal_{s.key}"],
            "first_action": words[f"strategy_first_action_{s.key}"],
        }

    # --- win/loss and loss reasons -----------------------------------------------------
    book = _flows(opps, w)
    rows = []
    if len(book):
        report = funnel.win_loss_report(book, by="product_id")
        for pid, r in report.iterrows():
            rows.append(_winloss_row(str(pid), str(products.get(pid, pid)), r))
        total = funnel.win_loss_report(book, by=None).iloc[0]
        total_row = _winloss_row("total", words["total"], total)
    else:
        total_row = None
    progress_rows = _progress_rows(book, words) if len(book) else []
    lost_book = book[_in_window(book["closed_date"], w.start, w.as_of)]
    pareto = funnel.loss_reason_pareto(lost_book) if len(lost_book) else None
    pareto_rows = [] if pareto is None else pareto.to_dict("records")

    # --- rolling forecast --------------------------------------------------------------
    forecast_frame, cycle_used, run_rate = _rolling(opps, opps_all, as_of)
    future = forecast_frame[forecast_frame["source"] == "forecast"]
    forecast_fig = {
        "cycle_days": cycle_used,
        "last_actual_month": funnel.last_complete_month(as_of).strftime("%Y-%m"),
        "months": [
            {"month": m.strftime("%Y-%m"), "source": s, "amount": a}
            for m, s, a in zip(
                forecast_frame["month"], forecast_frame["source"], forecast_frame["amount"],
                strict=True,
            )
        ],
        "next_months_total": float(future["amount"].sum()),
        "run_rate_total": run_rate,
    }

    # --- customers: concentration and CLV ----------------------------------------------
    share_team, k80 = _top20(revenue_team)
    shares = []
    for tid, _ in teams:
        ids = accounts.loc[accounts["team_id"] == tid, "account_id"]
        s_, _k = _top20(revenue_all[revenue_all.index.isin(ids)])
        shares.append(s_)
    share_company = float(np.nanmean(shares)) if np.isfinite(shares).any() else float("nan")
    positive = revenue_team[revenue_team > 0]
    curve = value.concentration_curve(positive) if len(positive) else None

    acc = accounts.set_index("account_id")
    top = team_clv.sort_values(ascending=False, kind="stable").head(TOP_ACCOUNTS)
    tenure_team = tenure_all.reindex(top.index)
    top_accounts = [
        {
            "account_id": str(aid),
            "account_name": str(acc.at[aid, "account_name"]),
            "adopter_group": str(acc.at[aid, "adopter_group"]),
            "revenue_12m": float(revenue_all.get(aid, 0.0)),
            "clv": float(v),
            "tenure_years": int(tenure_team.get(aid, 0)),
        }
        for aid, v in top.items()
    ]
    customers_fig = {
        "customers": len(team_clv),
        "top20_share": share_team,
        "top20_share_company": share_company,
        "customers_for_80pct": k80,
        "clv_model": model_used,
        "discount_rate": DISCOUNT_RATE,
        "top_accounts": top_accounts,
    }

    # --- adopter groups ----------------------------------------------------------------
    groups_team = accounts.loc[accounts["team_id"] == team_id, "adopter_group"]
    groups_all = accounts["adopter_group"]
    mix = {
        g: {
            "accounts": int((groups_team == g).sum()),
            "team": _safe_div(int((groups_team == g).sum()), len(groups_team)),
            "company": _safe_div(int((groups_all == g).sum()), len(groups_all)),
        }
        for g in ADOPTER_GROUPS
    }
    early_team = sum(mix[g]["team"] for g in EARLY_MARKET)
    early_company = sum(mix[g]["company"] for g in EARLY_MARKET)

    figures: dict[str, Any] = {
        "title": words["title"].format(team=team_name),
        "team": {
            "team_id": team_id,
            "team_name": team_name,
            "region": str(team_row["region"]),
            "quota": quota,
        },
        "period_end": as_of.date().isoformat(),
        "window": {
            "start": (w.start + pd.Timedelta(days=1)).date().isoformat(),
            "end": as_of.date().isoformat(),
            "first_month": w.first_month.strftime("%Y-%m"),
            "last_month": w.last_month.strftime("%Y-%m"),
        },
        "language": language,
        "headline": {
            key: {"team": headline_team[key], "company": headline_company[key]}
            for key, _kind in HEADLINE
        },
        "coverage": {"team": coverage_team, "company": coverage_all},
        "funnel": funnel_fig,
        "bottleneck": bottleneck_fig,
        "win_loss": rows,
        "win_loss_total": total_row,
        "win_loss_progress": progress_rows,
        "loss_reasons": pareto_rows,
        "forecast": forecast_fig,
        "customers": customers_fig,
        "adopters": {
            "mix": mix,
            "early_market": {"team": early_team, "company": early_company},
        },
    }
    figures = _clean(figures)
    figures["actions"] = recommend(figures, language)

    frames = {
        "stage_counts": counts.rename("reached").reset_index(),
        "forecast": forecast_frame,
        "concentration": curve if curve is not None else pd.DataFrame(),
        "loss_reasons": pareto if pareto is not None else pd.DataFrame(),
    }
    return TeamReport(team_id, team_name, language, figures, frames)


def _progress_rows(book: pd.DataFrame, words: Mapping[str, str]) -> list[dict[str, Any]]:
    """The win/loss book by progress mark (:data:`valuekit.funnel.PROGRESS_MARKS`): one row
    per mark present, with its W / L / C / D counts, least progress first."""
    marks = funnel.progress_marks(book)
    won = (book["status"] == "W").to_numpy()
    rows = []
    for (stage, is_won), mark in funnel.PROGRESS_MARKS.items():
        here = ((book["stage"] == stage).to_numpy()) & (won == is_won)
        if not here.any():
            continue
        status = book["status"][here]
        label = words[f"stage_{stage}"]
        rows.append({
            "stage": stage,
            "won": is_won,
            "label": words["progress_won"].format(stage=label) if is_won else label,
            "progress": float(mark),
            "from_deck": (stage, is_won) in funnel.DECK_PROGRESS_MARKS,
            **{s: int((status == s).sum()) for s in ("W", "L", "C", "D")},
        })
    assert sum(r["W"] + r["L"] + r["C"] + r["D"] for r in rows) == len(marks)
    return rows


def _winloss_row(product_id: str, product_name: str, r: pd.Series) -> dict[str, Any]:
    return {
        "product_id": product_id,
        "product_name": product_name,
        "W": int(r["W"]),
        "L": int(r["L"]),
        "C": int(r["C"]),
        "D": int(r["D"]),
        "total": int(r["total"]),
        "win_rate": float(r["win_rate"]),
        "won_amount": float(r["won_amount"]),
        "lost_amount": float(r["lost_amount"]),
        "open_amount": float(r["open_amount"]),
        "main_loss_reason": r["main_loss_reason"] if isinstance(r["main_loss_reason"], str)
        else None,
    }


def _rolling(
    opps: pd.DataFrame, opps_all: pd.DataFrame, as_of: pd.Timestamp
) -> tuple[pd.DataFrame, float, float]:
    """Monthly bookings of all products: actuals for the last months, then the forecast.

    The rolling plan of :func:`valuekit.funnel.rolling_forecast`: won deals by
    closing month replace the forecast once a month is over; later months hold
    :func:`valuekit.funnel.pipeline_forecast` (weighted open pipeline placed one
    median sales cycle after each opportunity was opened). A team that has not
    won a deal yet uses the company's median cycle. Also returns the cycle used
    and the run-rate baseline: :func:`valuekit.funnel.naive_forecast` (mean of
    the last 3 months) summed over the horizon.
    """
    last = funnel.last_complete_month(as_of)

    def median_cycle(frame: pd.DataFrame) -> float:
        won = frame[(frame["status"] == "W") & (frame["closed_date"] <= as_of)]
        if won.empty:
            return float("nan")
        return float(((won["closed_date"] - won["created_date"]).dt.days).median())

    cycle = median_cycle(opps)
    if not math.isfinite(cycle):
        cycle = median_cycle(opps_all)
    if not math.isfinite(cycle):
        cycle = 0.0
    actuals = funnel.monthly_actuals(opps, source="opportunities")
    forecasts = funnel.pipeline_forecast(opps, as_of, horizon=FORECAST_HORIZON, cycle_days=cycle)
    first_product = str(opps["product_id"].iloc[0])
    if actuals.empty:  # nothing won yet: an explicit zero keeps the plan's months
        actuals = pd.DataFrame(
            {"product_id": [first_product], "month": [last.start_time], "amount": [0.0]}
        )
    baseline = funnel.naive_forecast(actuals, as_of, horizon=FORECAST_HORIZON, window=3)
    run_rate = float(baseline["amount"].sum())
    if forecasts.empty:
        forecasts = pd.DataFrame(
            {"product_id": [first_product], "month": [(last + 1).start_time], "amount": [0.0]}
        )
    plan = funnel.rolling_forecast(actuals, forecasts, as_of)
    plan = plan[plan["product_id"] == funnel.TOTAL]
    months = pd.period_range(
        last - (FORECAST_PAST_MONTHS - 1), last + FORECAST_HORIZON, freq="M"
    ).to_timestamp()
    plan = plan.set_index("month").reindex(months)
    plan["source"] = np.where(plan.index <= last.start_time, "actual", "forecast")
    plan["amount"] = plan["amount"].fillna(0.0)
    out = plan.reset_index(names="month")[["month", "source", "amount"]]
    return out, cycle, run_rate


# ---------------------------------------------------------------------------------------
# Recommended actions


@dataclass(frozen=True)
class Rule:
    """A rule of the action table: when ``metric`` is worse than the company, act.

    ``score`` is how far the team is from the company on that metric, as a
    share of the company's value (0.25 = 25% worse); the three largest scores
    win. ``label`` is the key of the action's text in :data:`LABELS`.
    """

    key: str
    metric: str
    kind: str
    label: str


#: The rule table, in the order ties are broken.
RULES: tuple[Rule, ...] = (
    Rule("bottleneck", "bottleneck", "pct", "action_bottleneck"),
    Rule("churn", "churn_rate", "pct", "action_churn"),
    Rule("win_rate", "win_rate", "pct", "action_win_rate"),
    Rule("coverage", "pipeline_coverage", "pct", "action_coverage"),
    Rule("concentration", "top20_share", "pct", "action_concentration"),
    Rule("cycle", "cycle_days", "days", "action_cycle"),
    Rule("early_market", "early_market_share", "pct", "action_early_market"),
)

#: Figures a "keep what works" action may cite when fewer than three rules fire.
_KEEP = (
    ("win_rate", "pct"),
    ("churn_rate", "pct"),
    ("cycle_days", "days"),
    ("revenue_12m", "money"),
    ("clv", "money"),
    ("weighted_pipeline", "money"),
    ("open_pipeline", "money"),
)


def team_and_company(figures: Mapping[str, Any], metric: str) -> tuple[float | None, float | None]:
    """(team, company) values of a metric that a rule reads (the recommendation rules and
    the capstone's team picker read figures through this one look-up)."""
    if metric in figures.get("headline", {}):
        h = figures["headline"][metric]
        return h.get("team"), h.get("company")
    if metric == "pipeline_coverage":
        c = figures.get("coverage") or {}
        return c.get("team"), c.get("company")
    if metric == "top20_share":
        c = figures.get("customers") or {}
        return c.get("top20_share"), c.get("top20_share_company")
    if metric == "early_market_share":
        e = (figures.get("adopters") or {}).get("early_market") or {}
        return e.get("team"), e.get("company")
    if metric == "bottleneck":
        b = figures.get("bottleneck") or {}
        return b.get("rate"), b.get("company_rate")
    raise KeyError(metric)


def gap_score(team: float | None, company: float | None, higher_is_better: bool) -> float | None:
    """How much worse the team is than the company, relative to the company's value.

    ``(company - team) / company`` when higher is better, ``(team - company) /
    company`` when lower is better; positive means worse. None when either
    value is missing or the company's is 0 (no scale to compare on).
    """
    if team is None or company is None or not company:
        return None
    if not (math.isfinite(team) and math.isfinite(company)):
        return None
    gap = (company - team) if higher_is_better else (team - company)
    return gap / abs(company)


def recommend(figures: Mapping[str, Any], language: str = "en") -> list[dict[str, Any]]:
    """Exactly three actions, each citing the number behind it.

    Every rule of :data:`RULES` whose metric is worse for the team than for
    the company by at least :data:`MATERIALITY` fires, scored by
    :func:`gap_score` (the bottleneck: its step conversion against the
    company's at that step, with the strategy the funnel module names for
    it). The three highest scores are kept (ties: rule order). When fewer
    than three fire, "keep what works" actions fill the list, citing the
    figures on which the team is furthest *ahead* of the company (and, when
    even those are missing, "watch" actions naming a figure), so that the
    report always ends with three concrete items.
    """
    words = labels(language)
    fired: list[tuple[float, int, dict[str, Any]]] = []
    for order, rule in enumerate(RULES):
        team, company = team_and_company(figures, rule.metric)
        higher = True if rule.metric == "bottleneck" else HIGHER_IS_BETTER[rule.metric]
        score = gap_score(team, company, higher)
        if score is None or score < MATERIALITY:
            continue
        fill = {
            "team": format_value(rule.kind, team, language),
            "company": format_value(rule.kind, company, language),
        }
        if rule.key == "bottleneck":
            b = figures["bottleneck"]
            fill.update(
                strategy=b["strategy_name"].lower() if language == "en" else b["strategy_name"],
                from_stage=words[f"stage_{b['from_stage']}"],
                to_stage=words[f"stage_{b['to_stage']}"],
                first_action=b["first_action"],
            )
        if rule.key == "win_rate":
            reasons = figures.get("loss_reasons") or []
            top = reasons[0] if reasons else None
            fill.update(
                reason=(top or {}).get("reason", words["na"]).replace("_", " "),
                reason_share=format_value("pct", (top or {}).get("share"), language),
            )
        fired.append(
            (
                score,
                order,
                {
                    "rule": rule.key,
                    "metric": rule.metric,
                    "team": team,
                    "company": company,
                    "score": score,
                    "text": words[rule.label].format(**fill),
                },
            )
        )
    # rounded so that equal gaps computed in different ways tie, and ties keep rule order
    fired.sort(key=lambda item: (-round(item[0], 9), item[1]))
    actions = [a for _, _, a in fired[:3]]
    cited = {a["metric"] for a in actions}
    if len(actions) < 3:
        # where the team is furthest ahead of the company first (most negative gap)
        ahead = []
        for order, (metric, kind) in enumerate(_KEEP):
            team, company = team_and_company(figures, metric)
            score = gap_score(team, company, HIGHER_IS_BETTER[metric])
            if score is not None and score < 0 and metric not in cited:
                ahead.append((round(score, 9), order, metric, kind, score))
        ahead.sort()
        # last resort (figures missing or level with the company): name the figure to watch
        rest = [(None, o, m, k, None) for o, (m, k) in enumerate(_KEEP)
                if m not in cited and m not in {x[2] for x in ahead}]
        for _rounded, _order, metric, kind, score in [*ahead, *rest][: 3 - len(actions)]:
            team, company = team_and_company(figures, metric)
            figure = words[metric]
            if language == "en":
                figure = figure[0].lower() + figure[1:]
            actions.append(
                {
                    "rule": "keep" if score is not None else "watch",
                    "metric": metric,
                    "team": team,
                    "company": company,
                    "score": score,
                    "text": words["action_keep" if score is not None else "action_watch"].format(
                        figure=figure,
                        team=format_value(kind, team, language),
                        company=format_value(kind, company, language),
                    ),
                }
            )
    return _clean(actions)
