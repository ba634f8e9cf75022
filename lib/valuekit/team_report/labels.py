"""Every word of the team report, per language, and how its numbers are written.

The labels are data, not code: one dict per language (English ``en``, Simplified
Chinese ``zh``) with the same keys (a test checks it), so that they can become
gettext catalogs later without touching the calculation or the renderer. Numbers
are never localised: :func:`format_value` writes them the same in every language.
"""

from __future__ import annotations

import math

from valuekit import funnel

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
        "section_header": "Title, region and quota",
        # a section whose tables are absent: one line naming the file(s) that would add it
        "section_left_out": "{section}: add {files}",
        "files_and": " and ",
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
        # differences (difference_text): rates in percentage points, amounts relative
        "points": "{sign}{value} points",
        "point": "{sign}{value} point",
        "relative": "{sign}{value}%",
        "no_change": "no change",
        "change_since": "Change since {date}",
        "col_change": "Change since {date}",
        "action_new": "new",
        "action_repeated": "repeated since {date}",
        "action_resolved": "resolved since {date}",
        "resolved_title": "Resolved since {date}",
        "actions_gap": "{difference} against the company",
        "index_teams_one": "1 team",
        "index_teams_many": "{n} teams",
        "index_intro": "{teams} · as of {period_end} · {failed}",
        "index_failed_none": "none failed",
        "index_failed_one": "1 failed",
        "index_failed_many": "{n} failed",
        "company_line": "Company",
        "best": "best",
        "worst": "worst",
        "index_chart_title": "Win rate by team",
        "index_sort_hint": "Click a column heading to sort by it.",
        "index_change_note": "Under each figure: its change since {date}.",
        "index_chart_company": "Dashed line: the company",
        "vs_quota": "Revenue ÷ quota",
        "running_header": "Team report: {team} · as of {period_end}",
        "page_of": "Page {page} of {pages}",
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
        "section_header": "标题、区域与年度销售指标",
        "section_left_out": "{section}：添加 {files} 后显示",
        "files_and": " 和 ",
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
        "points": "{sign}{value} 个百分点",
        "point": "{sign}{value} 个百分点",
        "relative": "{sign}{value}%",
        "no_change": "无变化",
        "change_since": "自 {date} 以来的变化",
        "col_change": "自 {date} 以来的变化",
        "action_new": "新增",
        "action_repeated": "自 {date} 起重复",
        "action_resolved": "自 {date} 起已解决",
        "resolved_title": "自 {date} 起已解决",
        "actions_gap": "与公司相差 {difference}",
        "index_teams_one": "1 个团队",
        "index_teams_many": "{n} 个团队",
        "index_intro": "{teams} · 截至 {period_end} · {failed}",
        "index_failed_none": "无失败",
        "index_failed_one": "1 个失败",
        "index_failed_many": "{n} 个失败",
        "company_line": "公司",
        "best": "最好",
        "worst": "最差",
        "index_chart_title": "各团队赢单率",
        "index_sort_hint": "点击列标题即可按该列排序。",
        "index_change_note": "每个指标下方：自 {date} 以来的变化。",
        "index_chart_company": "虚线：公司",
        "vs_quota": "收入 ÷ 指标",
        "running_header": "团队报告：{team} · 截至 {period_end}",
        "page_of": "第 {page} 页，共 {pages} 页",
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
    """A figure as the report prints it.

    Args:
        kind: ``"money"``, ``"pct"``, ``"days"``, ``"ratio"`` or ``"count"``.
        x: the value.
        language: the language of the words.

    Returns:
        money ``$1,234,567``, pct ``12.3%``, days ``87``, ratio ``1.25x``, count ``1,234``;
        ``n/a`` for a missing value.
    """
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
