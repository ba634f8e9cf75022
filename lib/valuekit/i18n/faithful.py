"""Checks that a translated unit says what the English says where a reader cannot tell it
is wrong: its numbers, and Markdown emphasis that CommonMark will not render in Chinese.

Numbers (:func:`number_problems`):

- every Markdown table row keeps, row by row, the numbers of the English row (a Timings
  table's minutes, a worked example's inputs);
- every code span keeps its numbers (code spans are copied as they are);
- in prose the multiset of numbers must be the English one, allowing only the rewrites
  docs/authoring.md §10 documents for Chinese: large figures in 万/亿 ("8.1 billion" ->
  "81 亿", compared by value), a spelled-out English number written in digits
  ("five-point" -> "5 个百分点") and a month written as its number ("June 2020" ->
  "2020 年 6 月"). Nothing else is allowed, so a changed figure is always caught.
- an amount of money may be quoted as the Chinese screens show it
  (:func:`valuekit.i18n.money`): "$3,316,415" -> "US$331.6万", "$386k" -> "US$38.6万",
  when the English amount rounds to the Chinese figure at the digits the Chinese shows
  (0.1万 = 1,000 here). Only a figure with a currency sign and 万/亿 is compared this way: a
  rounding is accepted, a changed figure (US$331.7万) is still caught.

Emphasis (:func:`emphasis_problems`): CommonMark closes ``**``/``*`` only on a
*right-flanking* delimiter run: one preceded by punctuation must be followed by whitespace
or punctuation. ``**讨论题：**你的`` therefore shows the asterisks instead of bold text (the
full-width colon is punctuation and 你 is neither), and likewise an opening run followed by
punctuation and preceded by a letter (``的**“价值”**``). Source: CommonMark spec 0.31,
§6.2 "Emphasis and strong emphasis" (left- and right-flanking delimiter runs), which
JupyterLab's renderer (marked) and nbconvert (mistune) follow.

Written here rather than with a Markdown parser because both checks need the positions of
the delimiters and numbers in the source text, which a parser's output no longer has.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation

__all__ = ["emphasis_problems", "number_problems", "numbers"]

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_URL = re.compile(r"\]\([^)]*\)|https?://\S+|(?:href|src)=\"[^\"]*\"")
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_TABLE_RULE = re.compile(r"^[\s|:\-]+$")
#: a number as written: 12, 1,234, 0.85, 3.5 (a thousands comma kept only between digits);
#: not part of a name (q4, m01), but next to a Chinese character (《22条法则》) it counts:
#: hence ASCII classes, not \w, which matches Chinese characters too
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d{1,3}(?:,\d{3})+(?:\.\d+)?"
                     r"|(?<![A-Za-z0-9_,.])\d+(?:\.\d+)?")
#: the documented large-number rewrites: English scale words and Chinese 万/亿
_EN_SCALE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn)\b"
                       r"|(?<=\$)(\d[\d,]*(?:\.\d+)?)(k|m)\b", re.I)
_ZH_SCALE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万亿|亿|千万|百万|万|千)")
_SCALES = {"trillion": 10**12, "billion": 10**9, "bn": 10**9, "million": 10**6, "thousand": 10**3,
           "k": 10**3, "m": 10**6,
           "万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3}
#: money as valuekit.i18n.money writes it in Chinese: a currency sign, then 万/亿 (US$331.6万)
_ZH_MONEY = re.compile(r"(?:US\$|HK\$|\$|¥|￥|£|€)\s*(\d[\d,]*(?:\.(\d+))?)\s*(万亿|亿|万)")
_WORDS = {w: i for i, w in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"])}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
               "eighty": 80, "ninety": 90, "hundred": 100, "half": 50, "twice": 2,
               "once": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5})
_MONTHS = {m: i + 1 for i, m in enumerate([
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december"])}
#: a small English number a Chinese text may write as a numeral ("day 1" -> "第一天")
_NUMERALS = {0: "零〇", 1: "一", 2: "二两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八",
             9: "九", 10: "十", 100: "百", 1000: "千", 10000: "万"}
#: a number inside an identifier (q4, dq5, m01): the Chinese may say it as "第 4 题"
_IN_NAME = re.compile(r"\b[A-Za-z]+(\d+)\b")
#: a spelled-out number, or a month by its capitalised name ("June 2020", not "you may")
_NUMBER_WORD = re.compile(r"\b((?i:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r"))\b|"
                          r"\b(" + "|".join(m.title() for m in _MONTHS) + r")\b")


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def _show(values) -> str:
    return ", ".join(sorted(format(v, "f") for v in values))


def numbers(text: str, scales: re.Pattern | None = None) -> Counter:
    """The numbers of ``text`` by value; with ``scales`` a number followed by a scale word
    (``8.1 billion``, ``81 亿``) counts as its full value."""
    found: Counter = Counter()
    if scales is not None:
        def scaled(match: re.Match) -> str:
            groups = [g for g in match.groups() if g is not None]
            value = _value(groups[0])
            if value is not None:
                found[(value * _SCALES[groups[1].lower()]).normalize()] += 1
            return " "
        text = scales.sub(scaled, text)
    for raw in _NUMBER.findall(text):
        value = _value(raw)
        if value is not None:
            found[value] += 1
    return found


def _strip(text: str) -> str:
    """What a translation may word freely: no fences, comments, link targets, code spans."""
    text = _FENCE.sub(" ", text)
    text = _COMMENT.sub(" ", text)
    text = _URL.sub(" ", text)
    return _CODE.sub(" ", text)


def _money_figures(text: str) -> list[tuple[Decimal, Decimal]]:
    """Each Chinese money figure of ``text`` (US$331.6万): its value and half the step of its
    last shown digit (500 for 0.1万), the rounding an English amount may differ by."""
    figures = []
    for match in _ZH_MONEY.finditer(text):
        value = _value(match.group(1))
        if value is None:
            continue
        scale = Decimal(_SCALES[match.group(3)])
        step = scale.scaleb(-len(match.group(2) or ""))
        figures.append(((value * scale).normalize(), step / 2))
    return figures


def _rounded(lost: Counter, extra: Counter, figures) -> tuple[Counter, Counter]:
    """``lost`` (English numbers the Chinese lacks) and ``extra`` (Chinese numbers not in the
    English) without the pairs where a Chinese money figure is the English amount rounded."""
    lost, extra = Counter(lost), Counter(extra)
    for value, half in figures:
        if extra[value] <= 0:
            continue
        match = next((v for v in sorted(lost) if lost[v] > 0 and abs(v - value) <= half), None)
        if match is not None:
            lost[match] -= 1
            extra[value] -= 1
    return +lost, +extra


def _table_rows(text: str) -> list[str]:
    return [row for row in _TABLE_ROW.findall(_FENCE.sub(" ", text))
            if not _TABLE_RULE.match(row)]


def _code_spans(text: str) -> list[str]:
    return [m.group(2) for m in _CODE.finditer(_COMMENT.sub(" ", _FENCE.sub(" ", text)))]


#: a library msgid that names its meaning for the translator, never shown as it is:
#: "regular (loyalty ladder: renewed 2-4 times)" is shown as "regular" in English
#: (valuekit/charts/clv.py RUNG_LABELS); its note's numbers need not be in the translation
_TRANSLATOR_NOTE = re.compile(r"^([^()\n]+?) \([a-z ]+: [^()\n]+\)$")


def number_problems(msgid: str, msgstr: str) -> list[str]:
    """How the numbers of ``msgstr`` differ from the English ``msgid`` ([] when they agree)."""
    noted = _TRANSLATOR_NOTE.match(msgid)
    if noted and not re.search(r"[(（]", msgstr):
        msgid = noted.group(1)  # a short label translated without the note
    problems = []
    en_rows, zh_rows = _table_rows(msgid), _table_rows(msgstr)
    if len(en_rows) != len(zh_rows):
        problems.append(f"the table has {len(zh_rows)} rows, the English {len(en_rows)}")
    else:
        for n, (en, zh) in enumerate(zip(en_rows, zh_rows, strict=True), start=1):
            a = numbers(_URL.sub(" ", en), _EN_SCALE)
            b = numbers(_URL.sub(" ", zh), _ZH_SCALE)
            lost, extra = _rounded(a - b, b - a, _money_figures(zh))
            if lost or extra:
                problems.append(f"table row {n} ({_clip(zh)}): " + _diff(lost, extra))
    a = numbers(" ".join(_code_spans(msgid)))
    b = numbers(" ".join(_code_spans(msgstr)))
    if a != b:
        problems.append("code spans: " + _diff(a, b))
    en_prose = _TABLE_ROW.sub(" ", _strip(msgid))
    zh_prose = _TABLE_ROW.sub(" ", _strip(msgstr))
    required = numbers(en_prose, _EN_SCALE)
    # the documented rewrites: spelled-out numbers and months, numbers in names (q4) and in
    # code spans may appear in digits; a small number may be written as a Chinese numeral
    optional = Counter(Decimal(_WORDS[w.lower()] if w else _MONTHS[m.lower()])
                       for w, m in _NUMBER_WORD.findall(en_prose))
    optional += Counter(Decimal(int(n)) for n in _IN_NAME.findall(en_prose))
    optional += numbers(" ".join(_code_spans(msgid)))
    have = numbers(zh_prose, _ZH_SCALE)
    lost = Counter({v: n for v, n in (required - have).items()
                    if not any(c in zh_prose for c in _NUMERALS.get(int(v), "")
                               if v == int(v))})
    extra = (have - required) - optional
    lost, extra = _rounded(lost, extra, _money_figures(zh_prose))
    if lost or extra:
        problems.append("prose: " + _diff(lost, extra))
    return problems


def _diff(english: Counter, chinese: Counter) -> str:
    parts = []
    if english - chinese:
        parts.append(f"English {_show((english - chinese).elements())} missing")
    if chinese - english:
        parts.append(f"{_show((chinese - english).elements())} not in the English")
    return "; ".join(parts)


def _clip(text: str, width: int = 50) -> str:
    line = " ".join(text.split())
    return repr(line if len(line) <= width else line[: width - 1] + "…")


# -- emphasis ------------------------------------------------------------------------------
_LATEX = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_RUN = re.compile(r"\*+")


def _space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _punct(ch: str) -> bool:
    return ch != "" and unicodedata.category(ch)[0] in "PS"


def _cjk(ch: str) -> bool:
    return ch != "" and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
                         or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")


def _left_flanking(before: str, after: str) -> bool:
    return not _space(after) and (not _punct(after) or _space(before) or _punct(before))


def _right_flanking(before: str, after: str) -> bool:
    return not _space(before) and (not _punct(before) or _space(after) or _punct(after))


def emphasis_problems(text: str) -> list[str]:
    """``**``/``*`` pairs of ``text`` that CommonMark will not render because a delimiter
    next to CJK punctuation does not flank: each with the words around it and the fix."""
    # code spans, link targets and LaTeX kept as punctuation (` ) $), as CommonMark sees them
    # next to a delimiter: "把**`lost`**换成" does not render either
    text = _FENCE.sub(" ", _COMMENT.sub(" ", text))
    text = _CODE.sub("`c`", text)
    text = _LATEX.sub("$x$", re.sub(r"\]\([^)]*\)", "](u)", text))
    problems = []
    for block in re.split(r"\n[ \t]*\n", text):
        open_at: dict[int, tuple[int, str, str]] = {}
        for m in _RUN.finditer(block):
            size = len(m.group(0))
            before = block[m.start() - 1] if m.start() else ""
            after = block[m.end()] if m.end() < len(block) else ""
            if size not in (1, 2) or (_space(before) and _space(after)):
                continue  # a list bullet, a multiplication sign, *** rules ...
            if (before in "\n" or not before.strip()) and size == 1 and after == " ":
                continue
            if size in open_at:
                start, ob, oa = open_at.pop(size)
                snippet = _clip(block[max(0, start - 8): m.end() + 8], 40)
                if not _left_flanking(ob, oa) and (_cjk(ob) or _cjk(oa)):
                    problems.append(
                        f"{'*' * size} before {oa!r} in {snippet} does not open emphasis "
                        f"(CommonMark), so the asterisks show: add a space before it or move "
                        f"{oa!r} outside the {'*' * size}")
                elif not _right_flanking(before, after) and (_cjk(before) or _cjk(after)):
                    problems.append(
                        f"{'*' * size} after {before!r} in {snippet} does not close "
                        f"emphasis (CommonMark), so the asterisks show: add a space after "
                        f"it or move {before!r} outside the {'*' * size}")
            else:
                open_at[size] = (m.start(), before, after)
    return problems
