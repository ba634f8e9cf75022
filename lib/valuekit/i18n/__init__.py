"""The kit in more than one language: the runtime side (which language, translate a string,
write a number the way the reader expects).

English is the source language and the default; ``VALUEKIT_LANG=zh`` (or
:func:`set_language` ``("zh")`` in a notebook's first cell) switches to Simplified Chinese.
Strings come from gettext PO catalogs shipped in ``valuekit/locale/zh_CN/LC_MESSAGES/``:
domain ``valuekit`` for the library (framework words, charts, widgets, reports, CLI), one
domain per question module (``m00_example``, ``m01_value`` ...). A missing or fuzzy entry
falls back to the English at run time (tests, not learners, catch it:
``valuekit i18n check``).

Why PO files read with Babel rather than compiled ``.mo`` files and :mod:`gettext`: the PO
file is what translators and their tools (Poedit, Weblate, Lokalize) edit, and Babel's
reader keeps the ``fuzzy`` flag and the previous msgid (``#|``) that ``update`` writes when
the English changes; a stale translation is therefore never shown, and nothing has to be
compiled before a test or a workshop. The catalogs are small (read once per kernel, cached).

Markers:

- ``_(msgid)`` translates now, in domain ``valuekit``;
- ``N_(msgid)`` returns ``msgid`` unchanged: it marks a module-level constant for extraction,
  translated later where it is shown (``translate(text, domain)``). With keyword fields,
  ``N_("{n} customers", n=3)`` returns a :class:`Message`: a ``str`` equal to the English
  ``msgid.format(n=3)`` that remembers its msgid and fields, so the display can translate
  the pattern and fill in the same numbers (never put numbers into a msgid with an f-string:
  the msgid would change with the data and no translation would ever match).
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path
from typing import Any

__all__ = ["HTML_LANG", "LANGUAGES", "Amount", "Message", "N_", "_", "html_lang", "language",
           "localize", "money", "number", "set_language", "shown_table", "translate", "using"]

#: Languages the kit ships, by the code :func:`set_language` takes -> Babel locale.
LANGUAGES = {"en": "en", "zh": "zh_CN"}
#: The same languages as a page's ``lang`` attribute (BCP 47: browsers choose the glyphs by
#: it, e.g. Simplified rather than Japanese forms).
HTML_LANG = {"en": "en", "zh": "zh-CN"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: The framework's domain; question modules have their own (``m01_value`` ...).
DOMAIN = "valuekit"

_ALIASES = {"en": "en", "en_us": "en", "en_gb": "en", "zh": "zh", "zh_cn": "zh",
            "zh_hans": "zh", "zh_hans_cn": "zh", "cn": "zh"}


def _normalise(lang: str | None) -> str:
    key = str(lang or "en").strip().lower().replace("-", "_").split(".")[0]
    try:
        return _ALIASES[key]
    except KeyError:
        raise ValueError(
            f"language {lang!r} is not one of the kit's languages: en, zh (also zh_CN, zh-CN)"
        ) from None


def _from_env() -> str:
    value = os.environ.get("VALUEKIT_LANG", "")
    try:
        return _normalise(value) if value.strip() else "en"
    except ValueError:
        return "en"  # a bad variable must not stop the kit; set_language() reports it


_current = _from_env()


def html_lang(lang: str | None) -> str:
    """The ``lang`` attribute of a page in ``lang`` (any spelling :func:`set_language`
    takes): ``"zh-CN"``, ``"en"``; ``"en"`` for a language the kit does not have."""
    try:
        return HTML_LANG[_normalise(lang)]
    except ValueError:
        return "en"


@contextlib.contextmanager
def using(lang: str | None):
    """Show the kit in ``lang`` inside the ``with`` block (a command's ``--language``), then
    in the language it had; a language the kit does not have (or None) changes nothing
    (the command reports it in its own words)."""
    global _current
    before = _current
    with contextlib.suppress(ValueError):
        _current = _normalise(lang) if lang else before
    try:
        yield
    finally:
        _current = before


def set_language(lang: str) -> None:
    """Show the kit in ``lang`` from now on: ``"en"`` (default) or ``"zh"`` (``zh_CN`` and
    ``zh-CN`` are accepted; :func:`language` gives the normalised code). Raises
    ``ValueError`` naming the language when the kit does not have it. Returns None, so a
    notebook's switch cell shows nothing."""
    global _current
    _current = _normalise(lang)


def language() -> str:
    """The language the kit shows now: ``"en"`` or ``"zh"``."""
    return _current


def locale() -> str:
    """The Babel locale of :func:`language` (``"en"``, ``"zh_CN"``)."""
    return LANGUAGES[_current]


@functools.cache
def _catalog(domain: str, lang: str) -> dict[str, str]:
    """msgid -> translation of one PO catalog, fuzzy and empty entries left out."""
    if lang == "en":
        return {}
    path = LOCALE_DIR / LANGUAGES[lang] / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=LANGUAGES[lang], domain=domain)
    return {m.id: m.string for m in catalog
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def reload() -> None:
    """Forget the cached catalogs (after editing a PO file in a running kernel)."""
    _catalog.cache_clear()


def translate(msgid: str, domain: str = DOMAIN, *, language: str | None = None) -> str:
    """``msgid`` in the current language (or ``language``: a generator writing a file in
    another language than the kernel's), from ``domain``'s catalog; the English when the
    catalog has no (or only a fuzzy) translation."""
    lang = _normalise(language) if language else _current
    if lang == "en" or not msgid:
        return msgid
    return _catalog(domain, lang).get(msgid, msgid)


def _(msgid: str) -> str:
    """Translate now, in the library's domain (``valuekit``)."""
    return translate(msgid, DOMAIN)


class Message(str):
    """An English text made from a msgid with ``str.format`` fields; the ``str`` value is
    the English, so code that ignores languages sees exactly what it saw before."""

    msgid: str
    fields: dict[str, Any]

    def __new__(cls, msgid: str, fields: dict[str, Any]) -> Message:
        with using("en"):  # the English, whatever the language now (an Amount field)
            english = msgid.format(**fields)
        self = super().__new__(cls, english)
        self.msgid = msgid
        self.fields = fields
        return self

    def __reduce__(self):  # pickles (Dask, multiprocessing) as the same Message
        return (Message, (self.msgid, self.fields))


def N_(msgid: str, **fields: Any) -> str:
    """Mark ``msgid`` for extraction without translating it (see the module docstring)."""
    return Message(msgid, fields) if fields else msgid


def localize(text: Any, *domains: str) -> str:
    """Show ``text`` in the current language: a :class:`Message` by its msgid (then its
    fields filled in), a plain string as its own msgid, looked up in ``domains`` in order
    (default: ``valuekit``), the English when none has it."""
    if text is None:
        return ""
    if _current == "en":
        return str(text)
    msgid = text.msgid if isinstance(text, Message) else str(text)
    translated = msgid
    for domain in domains or (DOMAIN,):
        found = translate(msgid, domain)
        if found is not msgid and found != msgid:
            translated = found
            break
    if isinstance(text, Message):
        # fields that are texts themselves (a Message, a marked constant) are shown in the
        # same language; numbers and names pass through as they are
        fields = {k: localize(v, *domains) if isinstance(v, str) else v
                  for k, v in text.fields.items()}
        try:
            return translated.format(**fields)
        except (KeyError, IndexError, ValueError):  # a translation with a broken field
            return str(text)
    return translated


def number(x: float, decimals: int = 1) -> str:
    """A count or amount for the reader: ``1,234,567`` in English; in Chinese, large figures
    with 万/亿 (``123.5万``) by Babel's compact decimal format for zh_CN (CLDR)."""
    if _current == "en":
        return f"{x:,.{decimals}f}" if decimals and x != int(x) else f"{x:,.0f}"
    from babel.numbers import format_compact_decimal, format_decimal

    if abs(x) < 10_000:
        return format_decimal(round(x, decimals), locale=locale())
    return format_compact_decimal(x, locale=locale(), fraction_digits=decimals)


def money(x: float, currency: str = "USD", decimals: int = 1, *,
          language: str | None = None, cents: bool = True) -> str:
    """An amount of money: ``$1,234,567`` in English (whole units); in Chinese
    ``US$123.5万`` (Babel's compact currency format for zh_CN: 万 and 亿, the currency's
    symbol as CLDR writes it for zh_CN). ``currency`` is the data's ISO 4217 code;
    ``language`` another language than the kernel's (a report written in Chinese);
    ``cents=False`` writes an amount under 万 in whole units (``US$950``), as the English."""
    from babel.numbers import format_compact_currency, format_currency

    lang = _normalise(language) if language else _current
    if lang == "en":
        return format_currency(round(x), currency, format="¤#,##0", locale="en_US",
                               currency_digits=False)
    if abs(x) < 10_000:
        if not cents:
            return format_currency(round(x), currency, format="¤#,##0", locale=LANGUAGES[lang],
                                   currency_digits=False)
        return format_currency(x, currency, locale=LANGUAGES[lang])
    return format_compact_currency(x, currency, locale=LANGUAGES[lang],
                                   fraction_digits=decimals)


class Amount(float):
    """An amount of money as a ``str.format`` field, written the way each language writes
    money. In English it formats as the float it is, so an English text keeps its own dollar
    sign and format (``"${price:,.0f}"`` -> ``$52,200``; with no format spec,
    :func:`money`); in another language :func:`money` writes it whatever the spec says
    (``"{price:,.0f}"`` -> ``US$5.22万``), so the translation keeps the English's field, as
    ``valuekit i18n check`` requires, and leaves out the ``$``. Use it for money in a
    msgid's fields (``N_("... ${cost:,.0f} ...", cost=Amount(x))``, ``translate(...).format(
    cost=Amount(x))``): the amount is written when the text is shown, in the language shown
    then. ``decimals``: digits after 万/亿 (:func:`money`); amounts under 万 whole units."""

    currency: str
    decimals: int

    def __new__(cls, x: float, currency: str = "USD", decimals: int = 1) -> Amount:
        self = super().__new__(cls, x)
        self.currency, self.decimals = currency, decimals
        return self

    def __format__(self, spec: str) -> str:
        if _current == "en" and spec:
            return float.__format__(self, spec)
        return money(float(self), self.currency, self.decimals, cents=False)

    def __reduce__(self):  # pickles as the same Amount
        return (Amount, (float(self), self.currency, self.decimals))


def shown_table(table: Any, *domains: str, labels: dict[str, str] | None = None) -> Any:
    """A lesson table as the reader's language shows it: in English ``table`` itself
    (unchanged); otherwise a Styler whose column and row labels, index names and text cells
    are looked up in ``domains`` (default ``valuekit``; a module's own domain first, e.g.
    ``"m06_customer_value"``), keeping the table's number formats. ``table``: a DataFrame, a
    Series or a Styler (``frame.style.format(...)``). Display only: the data are not
    changed, and a name from the data (a team, an account, a product) is in no catalog, so it
    stays as it is. ``labels``: words whose catalog entry means something else elsewhere,
    mapped to their own msgid (module 3's ``customer`` -> ``customer name``)."""
    if _current == "en":
        return table
    import pandas as pd

    own = labels or {}

    def word(value: Any) -> Any:
        return localize(own.get(value, value), *domains) if isinstance(value, str) else value

    if isinstance(table, pd.Series):
        table = table.to_frame()
    styler = table.style if isinstance(table, pd.DataFrame) else table
    frame = styler.data
    styler.data = frame.rename_axis(index=[word(n) for n in frame.index.names],
                                    columns=[word(n) for n in frame.columns.names])
    styler.format_index(word, axis=0).format_index(word, axis=1)
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])
            and not pd.api.types.is_datetime64_any_dtype(frame[c])]
    if text:
        styler.format(lambda v: "" if v is None or v != v else word(v), subset=text)
    return styler


class MoneyFormat(str):
    """A money format string (``"${:,.0f}"``) that writes the language shown when it is
    applied: in English ``.format(x)`` is the string's own (what the English edition always
    showed); in another language :func:`money` (万/亿; whole units under 万 as the English,
    ``US$5,245``). A pandas Styler and a widget's readout (:class:`valuekit.widgets.Outcome`)
    call ``.format`` on a format string, so a lesson's ``frame.style.format(FORMATS)`` writes
    万 with no styler of the kit's own; the string itself (``== "${:,.0f}"``) is unchanged. A
    value that is not a finite number keeps the string's own format in every language."""

    currency: str

    def __new__(cls, fmt: str = "${:,.0f}", currency: str = "USD") -> MoneyFormat:
        self = super().__new__(cls, fmt)
        self.currency = currency
        return self

    def format(self, *args: Any, **kwargs: Any) -> str:
        if _current != "en" and len(args) == 1 and not kwargs:
            try:
                value = float(args[0])
            except (TypeError, ValueError):
                value = float("nan")
            if value == value and abs(value) != float("inf"):  # finite
                return money(value, self.currency, cents=False)
        return super().format(*args, **kwargs)

    def __reduce__(self):  # pickles as the same format
        return (MoneyFormat, (str(self), self.currency))


__all__ += ["MoneyFormat"]
