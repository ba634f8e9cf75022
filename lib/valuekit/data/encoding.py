"""Which text encoding a user's CSV is in: UTF-8, or a Chinese Excel's GBK/GB18030.

Excel's plain "CSV" writes the Windows code page: Windows-1252 in Western
Europe, GBK (code page 936, a subset of GB18030) on a Chinese system. Most GBK
text is not valid UTF-8, but a short file of common characters can be: 全盛 is
``C8 AB CA A2`` in GBK, which UTF-8 reads as ``ȫʢ``. Loading that would put
garbage in every report with no error. So a file is read as GB18030 when

1. it is not UTF-8, or its UTF-8 reading is implausible text
   (:func:`doubtful_utf8`: C1 control codes, IPA letters or modifier marks,
   one word mixing Latin, Greek, Cyrillic, Hebrew or Arabic letters, a word
   of accented Latin letters only, or only non-Latin letters below U+0800), and
2. its GB18030 reading looks like Chinese (:func:`looks_chinese`: at least 90%
   of its non-ASCII characters are common Chinese characters or punctuation,
   i.e. in the GB2312 set of 6,763 characters, and not wedged between two ASCII
   letters as a mis-read accented letter is: latin-1 ``Crème`` reads
   ``Cr鑝e``).

Otherwise a non-UTF-8 file is refused with a message naming both encodings
Excel's plain "CSV" may have used. The loader tells the user when it read a
file as GB18030 (a :class:`DataNote`), quoting a line so that a wrong guess is
visible.

Why not a detector library. charset-normalizer 3.5.3 (installed with the kit's
dependencies, via requests) was measured on the cases above
(``charset_normalizer.from_bytes(raw).best()``): it answers ``utf_8`` for the
GBK 全盛 file (valid UTF-8 is taken as UTF-8 before any plausibility test), so
it misses exactly the case that loads garbage; it answers ``gb18030`` for a
longer GBK file and ``cp1250`` for latin-1 "Café Société", which the rules
here decide as well, in one pass over at most :data:`SAMPLE_CHARS`
characters. Measured (2026-12-06, by enumerating every case): 930 of GB2312's common
characters have GBK bytes that are valid UTF-8; of the 864,900 two-character
names made of them, all (100%) are read as Chinese, and 745 of the 930
one-character names (80%; the rest read as one plausible accented letter or
one Greek, Cyrillic, ... letter, where nothing can tell). Longer names are
rarely valid UTF-8 at all. The rules are tested both ways in
tests/test_data_load_inputs.py: GBK names that happen to be valid UTF-8 are
read as Chinese, and real UTF-8 names in 17 languages (Vietnamese, Romanian,
Azerbaijani, Polish, Greek, Russian, Hebrew, Chinese, ...) stay UTF-8.
"""

from __future__ import annotations

import re

#: Characters of a file's text examined (the start of the file): enough for
#: a verdict, and constant time on a file of any size.
SAMPLE_CHARS = 200_000

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")

# Letters of one script; a word mixing two is mojibake, not a name.
_SCRIPTS = (
    ("latin", 0x00C0, 0x024F),
    ("greek", 0x0370, 0x03FF),
    ("cyrillic", 0x0400, 0x052F),
    ("armenian", 0x0530, 0x058F),
    ("hebrew", 0x0590, 0x05FF),
    ("arabic", 0x0600, 0x06FF),
)


def _script(cp: int) -> str | None:
    if cp in (0xD7, 0xF7):  # x and ÷ are signs, not letters
        return None
    for name, lo, hi in _SCRIPTS:
        if lo <= cp <= hi:
            return name
    return None


def _never_in_names(cp: int) -> bool:
    """C1 controls, IPA letters, spacing modifiers, lone combining marks,
    Syriac/Thaana/NKo: what GBK bytes read as UTF-8 produce, and what a
    business's names do not hold (ə, Azerbaijani, is the exception kept)."""
    return (
        0x80 <= cp <= 0x9F
        or (0x0250 <= cp <= 0x036F and cp != 0x0259)
        or 0x0700 <= cp <= 0x07FF
    )


def doubtful_utf8(text: str) -> bool:
    """True when ``text`` (decoded as UTF-8) may be GBK bytes mis-read.

    That is when it holds characters or words no real name has, or when its
    non-ASCII letters are all of a non-Latin script below U+0800 (Greek,
    Cyrillic, Hebrew, Arabic, ...): GBK's common characters read as UTF-8
    give exactly those, and real text in those scripts almost always has a
    letter whose bytes are no common GBK character (Russian р-я, Greek π-ω),
    so the GB18030 reading (:func:`looks_chinese`) then keeps it UTF-8.
    """
    sample = text[:SAMPLE_CHARS]
    latin = False
    for m in _NON_ASCII_RUN.finditer(sample):
        cps = [ord(c) for c in m.group()]
        if any(cp >= 0x0800 for cp in cps):
            return False  # CJK, punctuation like "–", emoji: UTF-8 beyond doubt
        if any(_never_in_names(cp) for cp in cps):
            return True
        scripts = {s for s in map(_script, cps) if s}
        if len(scripts) > 1:
            return True
        if "latin" in scripts:
            latin = True
            # A word of accented letters only ("áé", "ǡǿ"): Vietnamese ơ/ư,
            # Romanian ș/ț, French é stand next to plain letters or alone.
            before = sample[m.start() - 1] if m.start() else " "
            after = sample[m.end()] if m.end() < len(sample) else " "
            if len(cps) > 1 and not (_ASCII_LETTER.match(before) or _ASCII_LETTER.match(after)):
                return True
    return not latin


def _chinese_char(ch: str) -> bool:
    cp = ord(ch)
    cjk = 0x4E00 <= cp <= 0x9FFF or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF
    if not cjk:
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def looks_chinese(text: str) -> bool:
    """True when the non-ASCII characters of ``text`` are mostly common Chinese."""
    sample = text[:SAMPLE_CHARS]
    total = common = 0
    for m in _NON_ASCII_RUN.finditer(sample):
        wedged = (
            m.start() > 0
            and m.end() < len(sample)
            and _ASCII_LETTER.match(sample[m.start() - 1])
            and _ASCII_LETTER.match(sample[m.end()])
        )
        for ch in m.group():
            total += 1
            common += not wedged and _chinese_char(ch)
    return total > 0 and common >= 0.9 * total


def first_non_ascii_line(text: str) -> tuple[int, str]:
    """(line number, that line) of the first non-ASCII character: the sample a note quotes."""
    m = _NON_ASCII_RUN.search(text)
    if m is None:
        return 1, ""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.start())
    line = text[start : end if end >= 0 else len(text)].rstrip("\r")
    return text.count("\n", 0, m.start()) + 1, line[:80]


def decode_gb18030(raw: bytes) -> str | None:
    """``raw`` read as GB18030 when that reading looks like Chinese, else None."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if looks_chinese(text) else None
