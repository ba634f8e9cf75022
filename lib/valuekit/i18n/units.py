"""The translation units of the kit's documents, and how a translated document is put back
together (the document side of :mod:`valuekit.i18n`).

- A notebook's unit is one Markdown cell's whole source (``"".join(cell["source"])``); code
  cells are shared by every language and copied as they are. A cell is a unit because a
  notebook's Markdown cells are short and self-contained, and a translator needs the whole
  cell (a sentence may move from one paragraph to another in Chinese).
- A Markdown document's unit is one block: the text between blank lines (a paragraph, a
  heading, a whole list, a whole table), a fenced code block kept whole. Fenced code blocks
  and HTML comments (the ``<!-- docs-test: ... -->`` markers) are copied, not translated, so
  the Chinese docs run the same commands as the English ones.

Why a block splitter of our own rather than mdpo (md2po/po2md, PyPI): po2md re-renders the
whole document from its Markdown parser (md4c), so the output's layout (line wrapping,
table padding, list markers) is mdpo's, not the source's, and a document nobody translated
does not come back byte-identical; mdpo also splits lists and tables into one msgid per item
or cell, which loses the context a translator needs for a table row. Blank-line blocks keep
every byte that is not translated (a test rebuilds each English document from its own
units), and are 40 lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Block", "markdown_blocks", "notebook_units"]

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_COMMENT_ONLY = re.compile(r"^\s*<!--.*?-->\s*$", re.S)


@dataclass(frozen=True)
class Block:
    """One piece of a Markdown document: ``text`` (without the separating blank lines),
    ``line`` (1-based, where it starts), ``translatable`` (False for code, comments and
    blank runs), ``sep`` (the blank lines that follow it, copied)."""

    text: str
    line: int
    translatable: bool
    sep: str = ""


def markdown_blocks(text: str) -> list[Block]:
    """Split a Markdown document into blocks; ``"".join(b.text + b.sep ...)`` is the input."""
    lines = text.splitlines(keepends=True)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():  # blank lines between blocks: attach to the previous one
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            sep = "".join(lines[i:j])
            if blocks:
                last = blocks[-1]
                blocks[-1] = Block(last.text, last.line, last.translatable, last.sep + sep)
            else:
                blocks.append(Block("", 1, False, sep))
            i = j
            continue
        start = i
        fence = _FENCE.match(lines[i])
        if fence:  # a fenced block runs to its closing fence, blank lines included
            marker = fence.group(2)
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith(marker[0] * len(marker)):
                i += 1
            i = min(i + 1, len(lines))
            blocks.append(Block("".join(lines[start:i]), start + 1, False))
            continue
        while i < len(lines) and lines[i].strip() and not _FENCE.match(lines[i]):
            i += 1
        chunk = "".join(lines[start:i])
        blocks.append(Block(chunk, start + 1, not _COMMENT_ONLY.match(chunk)))
    return blocks


def unit_text(text: str) -> tuple[str, str]:
    """A block's msgid (without its final newline) and that newline, so a PO entry does not
    carry layout the translator could drop by accident."""
    stripped = text.rstrip("\n")
    return stripped, text[len(stripped):]


def notebook_units(nb) -> list[tuple[int, str]]:
    """(cell index, Markdown source) of every non-empty Markdown cell."""
    out = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            source = "".join(cell.source) if isinstance(cell.source, list) else cell.source
            if source.strip():
                out.append((index, source))
    return out
