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
