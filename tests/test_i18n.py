"""The runtime side of the Chinese edition (valuekit.i18n): languages, lookup, fallback,
display-time translation of exercises, and numbers written with 万/亿."""

from __future__ import annotations

import pytest

from valuekit import i18n
from valuekit.i18n import N_, Message, localize, money, number, set_language, translate


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


@pytest.mark.parametrize("code", ["zh", "zh_CN", "zh-CN", "ZH-cn"])
def test_chinese_is_accepted_under_its_usual_names(code):
    set_language(code)
    assert i18n.language() == "zh"


def test_an_unknown_language_is_named_in_the_error():
    with pytest.raises(ValueError, match="'fr'"):
        set_language("fr")
    assert i18n.language() == "en"


def test_english_is_the_default_and_translates_to_itself():
    assert i18n.language() == "en"
    assert translate("Correct") == "Correct"
    assert i18n._("Check") == "Check"


def test_the_environment_variable_sets_the_default(monkeypatch):
    monkeypatch.setenv("VALUEKIT_LANG", "zh_CN")
    assert i18n._from_env() == "zh"
    monkeypatch.setenv("VALUEKIT_LANG", "klingon")
    assert i18n._from_env() == "en"  # a bad variable does not stop the kit


def test_chinese_comes_from_the_catalogs():
    set_language("zh")
    assert translate("Correct") == "正确"
    assert translate("potential") == "潜在客户"
    assert translate("It is the last stage: the customers.", "m00_example") == (
        "是最后一个阶段：有效客户。")


def test_a_missing_entry_falls_back_to_english():
    set_language("zh")
    assert translate("No catalog has this sentence.") == "No catalog has this sentence."
    assert translate("Correct", "no_such_domain") == "Correct"


def test_a_fuzzy_entry_is_never_shown(tmp_path, monkeypatch):
    po = tmp_path / "zh_CN" / "LC_MESSAGES" / "demo.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Fresh"\nmsgstr "新的"\n\n'
                  '#, fuzzy\n#| msgid "Stale one"\nmsgid "Stale two"\nmsgstr "旧的"\n',
                  encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.reload()
    try:
        set_language("zh")
        assert translate("Fresh", "demo") == "新的"
        assert translate("Stale two", "demo") == "Stale two"
    finally:
        i18n.reload()


def test_a_message_is_the_english_text_and_translates_its_pattern():
    text = N_("That is what the churn rate alone would leave: use the retention rate "
              "({retention:.0%}), not the churn rate ({churn:.0%}).", retention=0.8, churn=0.2)
    assert isinstance(text, Message)
    assert text == ("That is what the churn rate alone would leave: use the retention rate "
                    "(80%), not the churn rate (20%).")
    set_language("zh")
    assert localize(text, "m00_example") == (
        "这是只按流失率算出的剩余人数：应使用保留率（80%），而不是流失率（20%）。")
    assert N_("plain") == "plain" and not isinstance(N_("plain"), Message)


def test_exercise_feedback_is_translated_when_shown_not_when_defined(capsys):
    from valuekit.exercises.m00_example import q1, q3  # imported in English

    set_language("zh")
    result = q3.check("potential")
    assert "还不对" in result.text() and "'潜在客户' 是最宽的阶段" in result.text()
    q1.hint(2)
    assert "把 200 连乘三次 0.8：200 * 0.8 ** 3。" in capsys.readouterr().out
    set_language("en")
    assert result.text().startswith("Not yet (m00_example.q3): 'potential' is the widest")


def test_answer_widget_buttons_follow_the_language():
    from valuekit.exercises.answer_widget import answer_widget
    from valuekit.exercises.m00_example import q1

    set_language("zh")
    ui = answer_widget(q1)
    assert [b.description for b in (ui.check_button, ui.hint_button, ui.answer_button)] == [
        "检查", "提示", "答案"]
    ui.fill(10.0)
    ui.press_check()
    assert "点击“提示”获取提示" in ui.feedback.value


# Hand values: 12,345 = 1.2345万; 123,456,789 = 1.23456789亿; CLDR's zh_CN compact format
# keeps one decimal here (decimals=1).
@pytest.mark.parametrize(("x", "zh", "en"), [
    (12_345, "1.2万", "12,345"),
    (1_234_567, "123.5万", "1,234,567"),
    (123_456_789, "1.2亿", "123,456,789"),
    (2_500_000_000, "25亿", "2,500,000,000"),
    (-25_000, "-2.5万", "-25,000"),
    (980, "980", "980"),
])
def test_number_writes_wan_and_yi_in_chinese_only(x, zh, en):
    assert number(x) == en
    set_language("zh")
    assert number(x) == zh


def test_money_keeps_the_currency_and_uses_wan_in_chinese():
    assert money(1_234_567, "USD") == "$1,234,567"
    set_language("zh")
    assert money(1_234_567, "USD") == "US$123.5万"
    assert money(350_000_000, "CNY") == "¥3.5亿"
