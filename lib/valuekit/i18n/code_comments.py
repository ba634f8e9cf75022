"""The comments of the kit's code cells, in the reader's language.

Code cells are shared by both editions (issue 15: a Chinese notebook is the English one
plus the translations of its Markdown cells), but a learner who does not read code still
reads the comments in them: ``answer = ...  # your answer here``, ``# q1.hint()  # remove
the # and run for a hint``. Those comments are the kit's own words, so they are msgids of
the ``valuekit`` domain like any other text the library shows; :func:`translate_comments`
puts them into a generated notebook's code cells. A comment that is not one of them stays
as it is (``tests/test_i18n_code_comments.py`` lists every comment of the English
notebooks and fails on one this table does not know). Markers the builders read
(``### BEGIN SOLUTION``, ``# solution-only``) are never touched.

The comments are found with :mod:`tokenize`, so a ``#`` inside a string is not a comment.
"""

from __future__ import annotations

import io
import re
import tokenize

from valuekit.i18n import N_, translate

__all__ = ["COMMENTS", "KEEP", "translate_comments"]

#: Comments the builders read: kept in every language.
KEEP = frozenset({"### BEGIN SOLUTION", "### END SOLUTION", "# solution-only"})

#: English comment (without the leading ``# ``) -> its msgid. ``{q}`` stands for a question
#: name (``q1``, ``dq3``); the translation keeps it.
COMMENTS = {
    "your answer here": N_("your answer here"),
    "Your code here": N_("Your code here"),
    "{q}.hint()      # remove the # and run for a hint ({q}.hint(2) for the next)":
        N_("{q}.hint()      # remove the # and run for a hint ({q}.hint(2) for the next)"),
    "{q}.solution()  # the worked answer": N_("{q}.solution()  # the worked answer"),
    "charts drawn offline, in the kit's style": N_("charts drawn offline, in the kit's style"),
    "every notebook of the kit starts with this: charts drawn offline":
        N_("every notebook of the kit starts with this: charts drawn offline"),
    "the words a cell shows, in the kit's language":
        N_("the words a cell shows, in the kit's language"),
    "what a cell prints, in the kit's language": N_("what a cell prints, in the kit's language"),
    "<- change to your team's name or id, then Run All":
        N_("<- change to your team's name or id, then Run All"),
    "a Styler: full text": N_("a Styler: full text"),
    ".style: full text": N_(".style: full text"),
    "the sample data set": N_("the sample data set"),
    "accounts, products, opportunities, campaign_touches, value_survey":
        N_("accounts, products, opportunities, campaign_touches, value_survey"),
    "as of 2025-12-31": N_("as of 2025-12-31"),
    "revenue in USD": N_("revenue in USD"),
    "step by step": N_("step by step"),
    "years after launch": N_("years after launch"),
    "3 per status": N_("3 per status"),
    "cut points in standard deviations": N_("cut points in standard deviations"),
    "Moore's names for the columns": N_("Moore's names for the columns"),
    "growth: last year on the year before": N_("growth: last year on the year before"),
    "new customers in each year ending in December":
        N_("new customers in each year ending in December"),
    "share of each year's new customers": N_("share of each year's new customers"),
    "everyone who had bought from us by the end of YEAR":
        N_("everyone who had bought from us by the end of YEAR"),
    "\"this year\": the sample's last full year": N_("\"this year\": the sample's last full year"),
    "East Public Sector, the team this lesson analyses":
        N_("East Public Sector, the team this lesson analyses"),
    "won amounts by product and month": N_("won amounts by product and month"),
    "wv.PRICE_EXAMPLE, priced on value and on cost":
        N_("wv.PRICE_EXAMPLE, priced on value and on cost"),
    "the overall row's counts blank: see below": N_("the overall row's counts blank: see below"),
    "the rule that fired, its numbers, its gap (the rank score) and the action":
        N_("the rule that fired, its numbers, its gap (the rank score) and the action"),
}

_FIELD = re.compile(r"\\\{q\\\}")


def _pattern(english: str) -> re.Pattern[str]:
    # the first {q} captures a question name, later ones must repeat it
    parts = _FIELD.split(re.escape(english))
    body = parts[0]
    for i, part in enumerate(parts[1:]):
        body += (r"(?P<q>d?q\d+)" if i == 0 else r"(?P=q)") + part
    return re.compile(body)


_PATTERNS = [(_pattern(english), msgid) for english, msgid in COMMENTS.items()]


def _translated(text: str, language: str) -> str | None:
    """The comment ``text`` (after ``# ``) in ``language``, or None when it is not the kit's."""
    for pattern, msgid in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            fields = {"q": match.group("q")} if "q" in pattern.groupindex else {}
            return translate(msgid, language=language).format(**fields)
    return None


def translate_comments(source: str, language: str) -> str:
    """``source`` (a code cell) with the kit's comments in ``language``; everything else,
    and any comment the kit did not write, byte for byte as it was. Source that does not
    tokenize (a cell magic, unfinished code) is returned unchanged."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
                  if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    lines = source.split("\n")
    for token in reversed(tokens):  # right to left keeps earlier columns valid
        if token.string in KEEP or not token.string.startswith("# "):
            continue
        new = _translated(token.string[2:], language)
        if new is None:
            continue
        row, col = token.start[0] - 1, token.start[1]
        line = lines[row]
        lines[row] = line[:col] + "# " + new + line[col + len(token.string):]
    return "\n".join(lines)
