"""The exercise framework's own feedback in Chinese (issue 15): the wrong-type and
wrong-value messages of every kind of question (``_problem`` / ``_wrong_message``) and the
built-in named mistakes of Series and ranking answers are ``N_`` messages of the
``valuekit`` catalog. English: exactly the text they had as f-strings (written out below);
Chinese: the translation with the same numbers and names filled in."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from valuekit import i18n
from valuekit.exercises import Choice, Frame, Labels, Number, SeriesAnswer
from valuekit.exercises.decision import Match
from valuekit.exercises.decision import Ranking as Order
from valuekit.exercises.questions import Ranking

SERIES = pd.Series([1.0, 2.0], index=pd.Index(["a", "b"], name="stage"))
FRAME = pd.DataFrame({"x": [1, 2], "y": [3, 4]})


def _cases():
    """(question, answer, the English feedback as the f-strings wrote it)."""
    return [
        (Number(3.0), True, "True/False is not a number: the question asks for a number."),
        (Number(3.0), pd.Series([3.0]),
         "You gave a Series holding one value: take the number itself, e.g. with .item()."),
        (Number(3.0), np.array([1.0, 2.0]),
         "You gave a ndarray of 2 values; the question asks for a single number."),
        (Number(3.0), "abc", "You gave the text 'abc'; the question asks for a number."),
        (Number(3.0), "3", "You gave the text '3': give the number without quotes."),
        (Number(3.0), [3], "You gave a list; the question asks for a number."),
        (Number(3.0), float("nan"),
         "Your answer is NaN (not a number): look for a division by zero or missing values."),
        (Choice("x", options=["x", "y"]), 1,
         "You gave an int; the answer is a name, in quotes."),
        (Choice("x", options=["x", "y"]), "z", "'z' is not one of the options: x, y."),
        (Choice("x", options=["x", "y"]), "y", "'y' is not the answer. Try question.hint()."),
        (SeriesAnswer(SERIES), FRAME[["x"]],
         "You gave a one-column DataFrame: select the column to get a Series, e.g. df['x']."),
        (SeriesAnswer(SERIES), FRAME,
         "You gave a DataFrame with 2 columns; the question asks for a Series (one value per "
         "label)."),
        (SeriesAnswer(SERIES), 4.0,
         "You gave a single number; the question asks for one value per stage (2 values)."),
        (SeriesAnswer(SERIES), [1, 2], "You gave a list; the question asks for a pandas Series."),
        (SeriesAnswer(SERIES), pd.Series([1.0], index=["a"]),
         "Your Series has 1 values; expected 2 (one per stage)."),
        (SeriesAnswer(SERIES), pd.Series([1.0, 2.0], index=["a", "c"]),
         "The index does not match: missing labels b; unexpected labels c."),
        (SeriesAnswer(SERIES), pd.Series([1.0, 5.0], index=["a", "b"]),
         "1 of 2 values differ (b); for 'b' you have 5, expected 2. Try question.hint()."),
        (SeriesAnswer(SERIES), pd.Series([0.01, 0.02], index=["a", "b"]),
         "These look like fractions; the question asks for percentages: multiply by 100."),
        (Frame(FRAME), FRAME["x"],
         "You gave a Series; the question asks for a table (DataFrame) with columns "
         "['x', 'y']. Series.to_frame() or reset_index() may help."),
        (Frame(FRAME), 3, "You gave an int; the question asks for a DataFrame."),
        (Frame(FRAME), FRAME[["x"]], "Columns missing: y (you have ['x'])."),
        (Frame(FRAME), FRAME.head(1), "Your table has 1 rows; expected 2."),
        (Frame(FRAME), FRAME.set_axis([5, 6]),
         "The row labels (index) differ from the expected ones: did you reset_index() or "
         "group by another column?"),
        (Frame(FRAME), FRAME.assign(y=[3, 9]),
         "Column 'y' differs in 1 row(s); at 1 you have 9, expected 4. "
         "Try question.hint()."),
        (Labels(pd.Series(["p", "q"], index=["a", "b"])), pd.DataFrame({"n": ["p", "q"]}),
         "You gave a one-column DataFrame: select the column to get a Series, e.g. df['n']."),
        (Labels(pd.Series(["p", "q"], index=["a", "b"])), "p",
         "You gave one name; the question asks for one per label (2 in all)."),
        (Labels(pd.Series(["p", "q"], index=["a", "b"])), 3,
         "You gave a int; the question asks for a pandas Series."),
        (Labels(pd.Series(["p", "q"], index=["a", "b"])), pd.Series(["p"], index=["a"]),
         "The labels do not match: missing b."),
        (Labels(pd.Series(["p", "q"], index=["a", "b"])), pd.Series(["p", "r"], index=["a", "b"]),
         "1 of 2 differ (b); for 'b' you have 'r'. Try question.hint()."),
        (Ranking(["A1", "A2"]), 3,
         "You gave a int; the question asks for a list of 2 account ids, largest first."),
        (Ranking(["A1", "A2"]), ["A1"],
         "You gave 1 names; the question asks for 2, largest first (e.g. .head(2))."),
        (Ranking(["A1", "A2"]), ["A2", "A1"],
         "The right accounts, but not in order: largest expected loss first."),
        (Ranking(["A1", "A2"]), ["A1", "A3"],
         "A3 should not be in the top 2. Try question.hint()."),
        (Order(["x", "y"], options=["x", "y"]), "x",
         "You gave str; the answer is a list of 2 names in order, e.g. ['x', 'y']."),
        (Order(["x", "y"], options=["x", "y"]), ["x", "z"],
         "'z' is not one of the options: x, y."),
        (Order(["x", "y"], options=["x", "y"]), ["x", "x"],
         "A name appears twice: use each option once."),
        (Order(["x", "y", "z"], options=["x", "y", "z"]), ["x", "y"],
         "Put all 3 options in order; you gave 2."),
        (Match({"i": "x"}, items=["i"], options=["x", "y"]), ["x"],
         "You gave list; the answer is a dict: each item -> the option it matches."),
        (Match({"i": "x", "j": "y"}, items=["i", "j"], options=["x", "y"]), {"i": "x"},
         "No option for 'j' yet: match every item."),
        (Match({"i": "x"}, items=["i"], options=["x", "y"]), {"i": "w"},
         "'w' is not one of the options: x, y."),
    ]


def _english_prose(text: str) -> list[str]:
    """English words of a feedback line once code, type names and data are taken out."""
    prose = re.sub(r"'[^']*'|\[[^\]]*\]|\([^)]*\)|(?<![A-Za-z])(df|question|hint|item|head|"
                   r"reset_index|to_frame|Series|DataFrame|pandas|True|False|NaN|dict|list|"
                   r"int|str|ndarray|stage|np|int64)(?![A-Za-z])|\.", " ",
                   text.split(": ", 1)[1])
    return re.findall(r"[A-Za-z]{3,}", prose)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("index", range(len(_cases())))
def test_feedback_english_as_before_and_chinese_translated(index):
    question, answer, english = _cases()[index]
    result = question._evaluate(answer)
    assert result.status == "incorrect"
    assert str(result.message) == english  # the English edition is unchanged
    i18n.set_language("zh")
    text = question._evaluate(answer).text()  # what the learner reads
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert _english_prose(text) == [], text


def test_the_check_bites_on_an_untranslated_message(monkeypatch):
    """With the catalog's entry gone, the Chinese edition shows the English: caught."""
    question, answer, _english = _cases()[20]
    i18n.set_language("zh")
    assert _english_prose(question._evaluate(answer).text()) == []
    real = i18n.translate
    monkeypatch.setattr(i18n, "translate", lambda msgid, domain="valuekit", **kw: (
        msgid if msgid.startswith("Columns missing") else real(msgid, domain, **kw)))
    # ("(you have ['x'])" is taken out with the data in brackets)
    assert _english_prose(question._evaluate(answer).text()) == ["Columns", "missing"]


# --- what the answer widget and a question's own display show in Chinese (issue 15) ---------
# Each expected text is composed by hand from the catalogs' entries (valuekit.po: "'{answer}'"
# -> "“{answer}”", "{answer} is not the answer." -> "{answer}不是正确答案。", "{wrong} Press
# Hint for a hint." -> "{wrong}点击“提示”获取提示。" ...; the modules' own catalogs for the
# options' labels: m06 "media" -> 媒体, m03 "tendency" -> 倾向型策略 ...).

import contextlib  # noqa: E402
import io  # noqa: E402

import ipywidgets as w  # noqa: E402
from i18n_text import data_names, english_words, html_text  # noqa: E402

from valuekit.checks import label_list  # noqa: E402
from valuekit.exercises import registry  # noqa: E402
from valuekit.exercises.answer_widget import PICK, AnswerWidget, format_expected  # noqa: E402
from valuekit.exercises.decision import OptionOrder  # noqa: E402

MODULES = ["m01_value", "m02_adoption", "m03_funnel", "m04_clv", "m06_customer_value"]


def _q(module: str, name: str):
    return registry.module_questions(module)[name]


def _feedback(widget: AnswerWidget) -> str:
    """The feedback box as the learner reads it (tags and entities out)."""
    return " ".join(html_text(widget.feedback.value).split())


def _pressed(question, answer) -> AnswerWidget:
    widget = AnswerWidget(question)
    widget.fill(answer)
    with contextlib.redirect_stdout(io.StringIO()):
        widget.press_check()
    return widget


def _labels(widget: AnswerWidget) -> list[str]:
    """The drop-downs' option labels (the empty entry left out); a text box's placeholder."""
    options = [o for box in widget.inputs
               for o in (box.options if isinstance(box, w.Dropdown) else [box.placeholder])]
    labels = [o[0] if isinstance(o, tuple) else o for o in options
              if not (o == PICK or isinstance(o, tuple) and o[1] == PICK)]
    return labels


def _dropdown_questions():
    return [(m, n) for m in MODULES for n, q in registry.module_questions(m).items()
            if isinstance(q, OptionOrder | Match) or (isinstance(q, Choice) and q.options)]


#: options that are names from the data or published brands, written as they are
_NAMES = {"P01", "P02", "P03", "P04", "P05", "P06", "P07", "SAS", "AT", "T", "Cadillac",
          "Ritz", "Carlton", "Marlboro", "Coca", "Cola"}


@pytest.mark.parametrize(("module", "name"), _dropdown_questions())
def test_every_drop_down_shows_the_options_in_chinese(module, name):
    """Item 1: each option of each drop-down of modules 1-6 by its Chinese label (a name
    from the data excepted), while the value picked is still the English option."""
    i18n.set_language("zh")
    widget = AnswerWidget(_q(module, name))
    for label in _labels(widget):
        assert english_words(label, _NAMES | data_names()) == [], (name, label)


def test_module_3_q6s_drop_down_names_the_strategies():
    question = _q("m03_funnel", "q6")
    assert _labels(AnswerWidget(question)) == ["tendency", "advantage", "credibility"]
    i18n.set_language("zh")
    widget = AnswerWidget(question)
    assert widget.inputs[0].options[1:] == (("倾向型策略", "tendency"), ("优势型策略", "advantage"),
                                            ("信誉型策略", "credibility"))
    widget.fill("credibility")
    assert widget.answer() == "credibility"  # the value checked stays the English key


@pytest.mark.parametrize(("module", "name", "english", "chinese"), [
    ("m02_adoption", "q2", "a number (years)", "填一个数（年）"),
    ("m01_value", "q8", "a number ($)", "填一个数（美元）"),
    ("m04_clv", "q11", "a number (fraction)", "填一个数（小数）"),
    ("m04_clv", "q12", "a number (purchases)", "填一个数（次购买）"),
    ("m01_value", "q1", "a number (%)", "填一个数（%）"),
])
def test_a_number_boxs_unit_is_in_chinese(module, name, english, chinese):
    assert AnswerWidget(_q(module, name)).inputs[0].placeholder == english
    i18n.set_language("zh")
    assert AnswerWidget(_q(module, name)).inputs[0].placeholder == chinese


def test_either_order_is_said_in_chinese():
    """Item 2: module 6 dq7's ties (medium = large) in the model answer."""
    question = _q("m06_customer_value", "dq7")
    assert format_expected(question) == "enterprise > medium = large > small (= : either order)"
    i18n.set_language("zh")
    shown = i18n.localize(format_expected(question))
    assert shown == "特大型企业 > 中型企业 = 大型企业 > 小型企业（= 表示两者顺序不限）"
    assert english_words(shown) == []


def test_a_wrong_choice_is_named_by_its_chinese_label():
    """Item 3: module 6 q4 (the answer is retail), the learner picks media."""
    question = _q("m06_customer_value", "q4")
    assert _feedback(_pressed(question, "media")) == (
        "Not yet 'media' is not the answer. Press Hint for a hint.")
    assert question._evaluate("media").text() == (
        "Not yet (m06_customer_value.q4): 'media' is not the answer. Try q4.hint().")
    i18n.set_language("zh")
    assert _feedback(_pressed(question, "media")) == (
        "还不对 “媒体”不是正确答案。点击“提示”获取提示。")
    assert question._evaluate("Media").text() == (  # typed in code, any case: the same option
        "还不对 (m06_customer_value.q4): “媒体”不是正确答案。试试 q4.hint()。")


def test_a_choices_model_answer_and_solution_name_the_option_in_chinese():
    question = _q("m06_customer_value", "dq3")  # the answer: email
    english = io.StringIO()
    with contextlib.redirect_stdout(english):
        question.solution()
    assert english.getvalue() == ("Solution\nemail: the cheapest channel per response, with "
                                  "enough won deals behind it.\nExpected answer: 'email'\n")
    i18n.set_language("zh")
    chinese = io.StringIO()
    with contextlib.redirect_stdout(chinese):
        question.solution()
    # a decision question's why is prose: its translation (module 6's catalog, whose wording
    # is the translators'), where the English code used to be shown
    why = i18n.translate(question.solution_code, "m06_customer_value")
    assert why.startswith("电子邮件：") and english_words(why) == []
    assert chinese.getvalue() == f"解答\n{why}\n正确答案： “电子邮件”\n"


def test_and_n_more_is_said_in_chinese():
    """Item 4: checks.label_list's remainder, in a Series answer's feedback."""
    expected = pd.Series(range(8), index=list("abcdefgh"), dtype=float)
    answer = expected.set_axis(list("ab123456"))  # c..h missing, 1..6 unexpected
    assert label_list(list("cdefgh")) == "c, d, e, f, g and 1 more"  # the English as before
    assert str(SeriesAnswer(expected)._evaluate(answer).message) == (
        "The index does not match: missing labels c, d, e, f, g and 1 more; unexpected "
        "labels 1, 2, 3, 4, 5 and 1 more.")
    i18n.set_language("zh")
    text = SeriesAnswer(expected)._evaluate(answer).text()
    assert text == ("还不对 (question): 索引不一致：缺少标签 c, d, e, f, g 等（另有 1 个）；"
                    "多出标签 1, 2, 3, 4, 5 等（另有 1 个）。")
    assert _english_prose(text) == []


def test_a_number_box_with_text_and_the_model_answers_unit_in_chinese():
    """Item 5: the number box's error, and the model answer's unit and dollars."""
    years, dollars = _q("m02_adoption", "q2"), _q("m06_customer_value", "dq5")
    widget = AnswerWidget(years)
    widget.inputs[0].value = "abc"
    widget.press_check()
    assert _feedback(widget) == "Not yet 'abc' is not a number: type digits only, e.g. 1250000"
    assert format_expected(years) == "4.8 years" and format_expected(dollars) == "$576,000"
    i18n.set_language("zh")
    widget = AnswerWidget(years)
    widget.inputs[0].value = "abc"
    widget.press_check()
    assert _feedback(widget) == "还不对 “abc”不是数字：请只填数字，例如 1250000"
    widget.press_answer()
    assert _feedback(widget).startswith("答案： 4.8 年。 理由：")
    assert i18n.localize(format_expected(dollars)) == "US$57.6万"  # 576,000 = 57.6 万
    # to the dollar: 59,951.24 rounded to 59,951 = 5.9951 万, not rounded away to 6 万
    small = Number(59_951.238, decimals=0, unit="$")
    assert i18n.localize(small._format_expected(small.expected)) == "US$5.9951万"


def test_a_match_names_an_item_by_its_chinese_label():
    question = _q("m03_funnel", "dq1")
    answer = {question.items[0]: "potential"}
    assert str(question._evaluate(answer).message) == (
        "No option for 'a clear need and a plan to buy; comparing suppliers' yet: match every "
        "item.")
    i18n.set_language("zh")
    assert question._evaluate(answer).text() == (
        "还不对 (m03_funnel.dq1): “有明确的采购需求和计划；正在比较供应商”还没有选项："
        "请为每一项都选一个。")


def test_not_an_option_lists_the_names_to_type_as_code():
    question = Choice("tendency", options=["tendency", "advantage"])
    assert str(question._evaluate("z").message) == "'z' is not one of the options: tendency, " \
                                                  "advantage."
    i18n.set_language("zh")
    text = question._evaluate("z").text()
    assert text == "还不对 (question): “z”不是选项之一：'tendency'、'advantage'。"
    assert _english_prose(text) == []


def test_the_frameworks_own_errors_are_in_chinese():
    broken = Number(lambda: 1 / 0)
    assert str(broken._evaluate(3).message) == ("This question cannot be checked here: "
                                                "division by zero")
    i18n.set_language("zh")
    assert broken._evaluate(3).text() == "无法检查 (question): 本题在这里无法检查：division by zero"


@pytest.mark.parametrize("module", MODULES)
def test_every_widget_path_of_a_module_shows_no_english_prose(module):
    """Item 5, the sweep: each question's widget, empty, with text in a number box, with
    each option picked (or the right number and a wrong one), every hint and the model
    answer: Chinese, with no English word but code, symbols and names (an analyst question's
    expected Series, printed as code prints it, and its code solution left out)."""
    i18n.set_language("zh")
    allowed = _NAMES | data_names() | {"p", "q", "m", "CLV", "ROI"}
    for name, question in registry.module_questions(module).items():
        widget, seen = AnswerWidget(question), []
        seen += [box.description for box in widget.inputs] + _labels(widget)
        seen += [b.description for b in (widget.check_button, widget.hint_button,
                                         widget.answer_button)]
        with contextlib.redirect_stdout(io.StringIO()):
            widget.press_check()
            seen.append(_feedback(widget))
            if isinstance(widget.inputs[0], w.Text) and isinstance(question, Number):
                widget.inputs[0].value = "abc"
                widget.press_check()
                seen.append(_feedback(widget))
                for value in (float(question.expected), float(question.expected) * 3 + 7):
                    widget.fill(value)
                    widget.press_check()
                    seen.append(_feedback(widget))
            elif isinstance(question, Choice) and question.options:
                for option in question.options:
                    widget.fill(option)
                    widget.press_check()
                    seen.append(_feedback(widget))
            for _hint in range(len(question.hints)):
                widget.press_hint()
            if not isinstance(question, SeriesAnswer | Labels | Frame):
                widget.press_answer()
                seen.append(_feedback(widget).split(" 理由：")[0])
        for text in seen:
            prose = re.sub(r"'[^']*'|“[^”]*”", " ", str(text))  # quoted: what the learner typed
            assert english_words(prose, allowed) == [], (name, text)


def test_an_order_and_a_matching_read_naturally_in_both_languages():
    # by hand from the msgids and valuekit.po: "Place 1 is right; place 2 is not." -> "第 1 名
    # 对了；第 2 名不对。"; "{wrong} of {total} are not right yet (first: {first})." -> "{total}
    # 项中有 {wrong} 项不对（第一个不对的是{first}）。"; the answer's "; " -> "；"
    order = OptionOrder(["a", "b", "c"], options=["a", "b", "c"])
    match = Match({"i": "x", "j": "y"}, items=["i", "j"], options=["x", "y"])
    i18n.set_language("en")
    assert str(order._evaluate(["a", "c", "b"]).message).startswith(
        "Place 1 is right; place 2 is not.")
    assert order._evaluate(["a", "b", "c"]).status == "correct"
    assert match._format_expected({"i": "x", "j": "y"}) == "i → x; j → y"
    i18n.set_language("zh")
    assert "第 1 名对了；第 2 名不对。" in order._evaluate(["a", "c", "b"]).text()
    assert "2 项中有 2 项不对（第一个不对的是" in match._evaluate({"i": "y", "j": "x"}).text()
    assert match._format_expected({"i": "x", "j": "y"}) == "i → x；j → y"
