"""`valuekit i18n check` catches translations whose numbers differ from the English and
Markdown emphasis that will not render in Chinese (valuekit.i18n.faithful), on real units
of the catalogs with one thing changed, and lets the documented Chinese rewrites pass."""

from __future__ import annotations

from pathlib import Path

import mistune
import pytest

from valuekit.i18n import catalogs, documents, faithful

ROOT = Path(__file__).resolve().parents[1]
TIMINGS_PO = ROOT / "i18n" / "zh_CN" / "docs" / "trainer_notes_01.po"


def _check(msgid: str, msgstr: str):
    po = catalogs.new_catalog()
    po.add(msgid, msgstr, locations=[("docs/x.md", 7)])
    tpl = catalogs.new_catalog(locale=None)
    tpl.add(msgid, locations=[("docs/x.md", 7)])
    return documents.check_catalog(po, tpl, "i18n/zh_CN/docs/x.po", "run it")


def _timings():
    for m in catalogs.read_catalog(TIMINGS_PO):
        if m.id.startswith("| section | minutes |"):
            return m
    raise AssertionError("the Timings table of trainer_notes_01 is not in its PO")


def test_the_real_timings_table_passes_and_a_changed_minute_is_caught():
    unit = _timings()
    assert _check(unit.id, unit.string) == []
    row = next(line for line in unit.string.splitlines() if "| 20 |" in line)
    changed = unit.string.replace(row, row.replace("| 20 |", "| 25 |"))
    found = _check(unit.id, changed)
    assert [f.kind for f in found] == ["broken"], found
    text = str(found[0])
    assert text.startswith("i18n/zh_CN/docs/x.po: broken: docs/x.md:line 7: numbers differ")
    assert "table row 6" in text and "English 20 missing" in text and "25 not in" in text


def test_a_dropped_table_row_is_caught():
    unit = _timings()
    lines = unit.string.splitlines()
    found = _check(unit.id, "\n".join(lines[:3] + lines[4:]))
    assert "rows, the English" in str(found[0])


@pytest.mark.parametrize("english, chinese", [
    ("Run `valuekit report --team 3` now.", "现在运行 `valuekit report --team 4`。"),
    ("It takes {minutes} minutes, {n} steps.", "需要 {minutes} 分钟，{n} 步，共 3 轮。"),
    ("Retention of 85% gives 44.4 after 5 years.", "保留率 85% 时，5 年后剩 45.4。"),
    ("The world population (8.1 billion) rounded up.", "世界人口（82 亿）向上取整。"),
    ("In June 2020 the rate rose.", "2020 年 7 月，比率上升了。"),
    ("You may see 3 rows.", "你会看到 3 行，共 5 列。"),  # "may" is no month here
    ("Renewed 2-4 times.", "常客"),  # the definition dropped
    ("*The 22 Immutable Laws* (1993)", "《永恒不变的23法则》（1993）"),  # next to a character
    ("regular (loyalty ladder: renewed 2-4 times)", "常客（续约 3 次）"),
    # money as the Chinese screens show it: a rounding passes (below), a changed figure not
    ("Its forecast ($3,316,415) is high.", "它的预测（US$331.7万）偏高。"),
    ("Its forecast ($3,316,415) is high.", "它的预测（331.6万）偏高。"),  # no currency: exact
    ("about enterprise $386k", "大约特大型企业 US$39.6万"),
    ("| dq5 | $104,689 | $197,274 |", "| dq5 | US$10.5万 | US$19.8万 |"),
])
def test_a_changed_number_is_broken(english, chinese):
    found = _check(english, chinese)
    assert [f.kind for f in found] == ["broken"], found
    assert "numbers differ" in found[0].detail


@pytest.mark.parametrize("english, chinese", [
    ("The world population (8.1 billion) rounded up.", "世界人口（81 亿）向上取整。"),
    ("About 0.65 trillion USD in 2024.", "2024 年约 0.65 万亿美元。"),
    ("A five-point gain.", "提高 5 个百分点。"),
    ("In June 2020 the rate rose.", "2020 年 6 月，比率上升了。"),
    ("Fitted on January to August.", "用 1 月到 8 月的数据拟合。"),
    ("**Day 1: value marketing (6 h 55)**", "**第一天：价值营销（6 小时 55 分）**"),
    ("Keep the q4 customers.", "保留第 4 题的客户。"),
    ("*The 22 Immutable Laws of Marketing* (1993)", "《市场营销永恒不变的22法则》（1993）"),
    # a msgid naming its meaning for the translator, shown as "regular" in English
    ("regular (loyalty ladder: renewed 2-4 times)", "常客"),
    ('Add `.query("n == 0")` to see first renewals.', '加上 `.query("n == 0")`（次数为 0）。'),
    ("| a | 1,234 |\n| --- | ---: |\n| b | 12 % |",
     "| 甲 | 1,234 |\n| --- | ---: |\n| 乙 | 12 % |"),
    # money as valuekit.i18n.money writes it in Chinese, the English rounded to what it shows
    ("Its forecast ($3,316,415) is three times ($1,106,600).",
     "它的预测（US$331.6万）是（US$110.7万）的三倍。"),
    ("about enterprise $386k, small $60k", "大约特大型企业 US$38.6万、小型企业 US$6万"),
    ("| dq5 | $104,689 | $197,274 |", "| dq5 | US$10.5万 | US$19.7万 |"),
    ("A budget of $800,000 and $1,003 each", "预算 US$80万，每个 US$1,003"),
])
def test_the_documented_chinese_rewrites_pass(english, chinese):
    assert faithful.number_problems(english, chinese) == []


_BAD = ["**讨论题：**你的答案", "先看**移位贝塔几何（sBG）**模型", "这是的**“价值”**吗",
        "看*这个客户。*在我们这里", "把**`lost`**换成", "看**[链接](x.md)**吧", "**$m$**是毛利"]
_GOOD = ["**讨论题：** 你的答案", "**讨论题**：你的答案", "先看**移位贝塔几何**（sBG）模型",
         "这是的“**价值**”吗", "**Discussion:** your answer", "* 列表\n* 列表",
         "把 **`lost`** 换成", "看 **[链接](x.md)** 吧", "**$m$** 是毛利"]


def _renders(text: str) -> bool:
    """nbconvert's own Markdown renderer (mistune, CommonMark rules) leaves no asterisks."""
    return "*" not in mistune.html(text).replace("<li>", "")


@pytest.mark.parametrize("text", _BAD)
def test_emphasis_that_will_not_render_is_broken_with_the_fix(text):
    assert not _renders(text)  # the renderer agrees it is broken
    found = _check("**Question:** your answer", text)
    assert [f.kind for f in found] == ["broken"], found
    assert "emphasis will not render" in found[0].detail
    assert "add a space" in found[0].detail and "outside the *" in found[0].detail


@pytest.mark.parametrize("text", _GOOD)
def test_emphasis_that_renders_passes(text):
    assert _renders(text)
    assert faithful.emphasis_problems(text) == []
