"""The comments in the Chinese notebooks' code cells are Chinese (valuekit.i18n.code_comments).

A learner who does not read code still reads ``answer = ...  # your answer here``: every
comment the kit writes in a code cell is in the ``valuekit`` catalog, and the generated
Chinese notebooks carry the translation."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

from valuekit.i18n import catalogs
from valuekit.i18n.code_comments import COMMENTS, KEEP, _translated, translate_comments

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "lib/valuekit/locale/zh_CN/LC_MESSAGES/valuekit.po"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _comments(source: str) -> list[str]:
    return [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type == tokenize.COMMENT]


def _code_comments(folder: str) -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / folder).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                out += [(f"{folder}/{path.name}", c) for c in _comments(cell.source)]
    return out


def _unknown(comments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """English comments the table does not know (the kit's markers excepted)."""
    return [(where, c) for where, c in comments
            if c not in KEEP and _translated(c[2:] if c.startswith("# ") else c, "en") is None]


def test_every_comment_of_the_english_notebooks_is_in_the_table():
    comments = _code_comments("notebooks") + _code_comments("solutions")
    assert len(comments) > 150  # the hint/solution lines of every question, at least
    assert _unknown(comments) == [], "add these to valuekit.i18n.code_comments.COMMENTS"


def test_the_check_bites_on_a_comment_nobody_translated():
    new = [("x.ipynb", "# a new English remark")]
    assert _unknown(new) == new


def test_every_comment_has_a_chinese_translation_that_keeps_its_fields():
    catalog = catalogs.read_catalog(PO)
    for msgid in COMMENTS.values():
        message = catalog.get(str(msgid))
        assert message is not None and message.string, msgid
        assert "fuzzy" not in message.flags, msgid
        assert HAN.search(message.string), msgid
        assert message.string.count("{q}") == str(msgid).count("{q}"), msgid


@pytest.mark.parametrize("folder", ["notebooks/zh", "solutions/zh", "exercises/zh"])
def test_the_chinese_notebooks_have_no_english_comment_of_the_kit(folder):
    comments = _code_comments(folder)
    assert comments
    left = [(w, c) for w, c in comments if c not in KEEP and not HAN.search(c)]
    assert left == []


def test_a_hint_line_and_an_exercise_placeholder_in_chinese():
    source = ("# q3.hint()      # remove the # and run for a hint (q3.hint(2) for the next)\n"
              "answer = ...  # your answer here")
    assert translate_comments(source, "zh-CN") == (
        "# q3.hint()      # 删掉行首的 # 再运行，得到提示（q3.hint(2) 看下一条）\n"
        "answer = ...  # 在这里填写你的答案")
    assert translate_comments(source, "en") == source
    exercise = (ROOT / "exercises/zh/03_funnel.ipynb").read_text(encoding="utf-8")
    assert "answer = ...  # 在这里填写你的答案" in exercise
    assert "# your answer here" not in exercise


def test_strings_markers_and_other_comments_are_left_alone():
    source = ('s = "# your answer here"  # a remark of the user\n'
              "### BEGIN SOLUTION\n"
              "x = 1  # your answer here\n"
              "### END SOLUTION\n"
              "# q1.hint()      # remove the # and run for a hint (q2.hint(2) for the next)")
    out = translate_comments(source, "zh-CN")
    assert out.split("\n")[0] == source.split("\n")[0]
    assert "### BEGIN SOLUTION" in out and "### END SOLUTION" in out
    assert "x = 1  # 在这里填写你的答案" in out
    # q1 ... q2: not the kit's line (the names must agree), so unchanged
    assert out.split("\n")[-1] == source.split("\n")[-1]
    assert translate_comments("%%time\nx = (", "zh-CN") == "%%time\nx = ("
