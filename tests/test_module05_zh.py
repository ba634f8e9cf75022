"""Module 5 (capstone) in Chinese: the team picker's readout, chart and the lesson tables show
the catalog's words (lib/valuekit/locale/zh_CN/LC_MESSAGES/valuekit.po) when the kit is in
Chinese, and exactly the English words otherwise (tests/test_module05.py checks the English
in full). The report's own words (section names, action texts) are the reports catalog's
and are tested with the report."""

from __future__ import annotations

from i18n_text import english_words

from valuekit import i18n, team_report
from valuekit.widgets import capstone as cap

TEAM = "T06"  # East Public Sector


def _chart_words(spec: dict) -> list[str]:
    """Every text the gap chart draws from its data and titles (spec of vc.bar)."""
    values = next(iter(spec["datasets"].values()))
    words = [row["figure"] for row in values] + [row["verdict"] for row in values]
    title = spec.get("title")
    words.append(title["text"] if isinstance(title, dict) else title)
    words.append(spec["encoding"]["x"]["title"])
    return words


def test_the_picker_reads_in_chinese(zh):
    out = cap.team_compare(TEAM)
    labels = list(out.numbers)
    assert labels[4] == "瓶颈"
    assert labels[5] == "行动 1：提高在手商机的赢单率"
    # the stages are the kit's categories: shown by the report's short Chinese names
    assert out.numbers["瓶颈"] == "可能 → 目标：12.1% / 23.5%"
    assert out.numbers["行动 1：提高在手商机的赢单率"] == "赢单率 4.6%，公司 12.2%"
    assert out.note == "三项建议行动："
    for text in [*labels, *map(str, out.numbers.values()), out.note]:
        assert english_words(text) == [], text


def test_the_gap_chart_draws_chinese_figures_and_verdicts(zh):
    spec = cap.team_compare(TEAM).chart
    words = _chart_words(spec)
    assert "赢单率" in words and "更差" in words and "更好" in words
    assert "East Public Sector 与公司对比" in words and "团队对比公司（+ = 更好）" in words
    assert [w for text in words for w in english_words(text)] == []


def test_the_picker_in_english_is_unchanged_after_chinese(zh):
    cap.team_compare(TEAM)  # drawn once in Chinese: the cache must not leak into English
    i18n.set_language("en")
    out = cap.team_compare(TEAM)
    assert out.numbers["Bottleneck"] == "possible → target: 12.1% / 23.5%"
    assert out.numbers["Action 1: win more of what you work"] == "Win rate 4.6% vs 12.2%"
    assert "East Public Sector against the company" in str(out.chart["title"])
    assert cap.figure_words("churn_rate") == "Churn"


def test_the_lesson_tables_have_chinese_columns_and_rule_words(zh):
    report = team_report.build(team_report.load_tables(), TEAM, language="zh")
    headline = cap.headline_table(report).data
    assert list(headline.columns) == ["团队", "公司", "团队对比公司"]
    assert headline.index.name == "指标"
    actions = cap.actions_table(report).data
    assert list(actions.columns) == ["规则", "指标", "团队", "公司", "差距（排序得分）", "行动"]
    assert actions["规则"].tolist() == ["提高在手商机的赢单率", "打通漏斗瓶颈", "缩短销售周期"]
    rules = cap.rule_table().data
    assert rules.index.name == "并列时的顺序"
    assert set(rules["更差的方向"]) == {"团队更低", "团队更高"}
    shown = [*headline.columns, *actions.columns, *rules.columns,
             *actions["规则"], *actions["指标"], *rules["规则"], *rules["所看指标"]]
    assert [w for text in shown for w in english_words(str(text))] == []
    assert "+ 表示好于公司" in cap.headline_table(report).to_html()


def test_every_rule_and_figure_word_has_a_chinese_translation(zh):
    for key in [*cap.RULE_WORDS]:
        assert cap.rule_words(key) != cap.RULE_WORDS[key], key
    for metric in cap.FIGURE_WORDS:
        if metric != "clv":  # CLV stays CLV (a standard abbreviation)
            assert cap.figure_words(metric) != cap.FIGURE_WORDS[metric], metric
