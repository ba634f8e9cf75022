"""Text from data made safe to print on a terminal.

A team or file name comes from a user's CSV: it may hold an ESC sequence that recolours,
retitles or clears the terminal, a carriage return that overwrites the line before it, or a
bidirectional override that reorders what the reader sees. :func:`printable` escapes every
such character the way Python's ``repr`` does (``\\x1b``, ``\\r``, ``\\u202e``) and leaves
all other text, Chinese included, as it is.
"""

from __future__ import annotations

import unicodedata

__all__ = ["printable"]

#: Unicode categories a terminal acts on instead of showing: controls (C0, DEL, C1),
#: format characters (bidi overrides, zero-width), line and paragraph separators.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}


def printable(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` with every control or format character written as an escape (``\\x1b``)."""
    out = []
    for ch in str(text):
        if keep_newlines and ch == "\n":
            out.append(ch)
        elif unicodedata.category(ch) in _HIDDEN:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
