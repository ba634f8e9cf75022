"""Safe, unique file names for team reports.

A team name is data typed by a person: it may hold quotes, slashes, spaces,
Chinese characters or text that looks like code. The report's file name is
built from it so that it is readable, but never trusted:

- the readable part is an ASCII slug (letters, digits and single hyphens, at
  most :data:`MAX_SLUG` characters), so it cannot climb out of the output
  folder (no ``/``, ``\\`` or ``..``), hide (no leading dot), or trip over a
  case-insensitive or non-UTF-8 file system;
- a short hash of the team's *id* (the table's unique key) follows it, so two
  teams whose names give the same slug ("Sales / East" and "Sales East", or
  two all-Chinese names) still get different files, and the name of a team's
  report does not change when another team is added.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

#: Longest readable part of a file name, in characters.
MAX_SLUG = 40
#: Hex digits of the id's hash in a file name (32 bits: collisions among a
#: few thousand teams are about one in a million, and are detected anyway).
HASH_DIGITS = 8

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "team") -> str:
    """An ASCII slug of ``text``: lower case, ``[a-z0-9]`` runs joined by ``-``.

    Accents are folded (``"Ventas Península"`` -> ``"ventas-peninsula"``);
    characters without an ASCII form (Chinese, symbols) are dropped. When
    nothing is left, ``fallback`` is returned.
    """
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ALNUM.sub("-", folded.lower()).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-")
    return slug or fallback


def short_hash(text: str, digits: int = HASH_DIGITS) -> str:
    """The first ``digits`` hex digits of the SHA-256 of ``text`` (UTF-8)."""
    return hashlib.sha256(str(text).encode("utf-8")).hexdigest()[:digits]


def report_stem(team_id: str, team_name: str | None = None) -> str:
    """File stem of a team's report: ``<slug of the name>-<hash of the id>``.

    The slug comes from the team name, or from the id when the name has no
    ASCII letters or digits; the hash always comes from the id.
    """
    fallback = slugify(team_id, fallback="team")
    return f"{slugify(team_name or '', fallback=fallback)}-{short_hash(team_id)}"


def report_stems(teams: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Stems for many teams (``(team_id, team_name)`` pairs), guaranteed distinct.

    Ids must be unique. Should two ids share a hash prefix (or differ only in
    case on a case-insensitive disk), the longer hash is used for all teams in
    the clash until the stems differ.
    """
    pairs = list(teams)
    ids = [tid for tid, _ in pairs]
    if len(set(ids)) != len(ids):
        dupes = sorted({t for t in ids if ids.count(t) > 1})
        raise ValueError(f"team ids must be unique; repeated: {', '.join(map(repr, dupes))}")
    stems = {tid: report_stem(tid, name) for tid, name in pairs}
    digits = HASH_DIGITS
    while True:
        seen: dict[str, list[str]] = {}
        for tid, stem in stems.items():
            seen.setdefault(stem.lower(), []).append(tid)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            return stems
        digits += 4
        if digits > 64:  # pragma: no cover - a full SHA-256 collision
            raise ValueError("could not give every team a distinct report name")
        names = dict(pairs)
        for group in clashes:
            for tid in group:
                fallback = slugify(tid, fallback="team")
                stems[tid] = (
                    f"{slugify(names[tid] or '', fallback=fallback)}-{short_hash(tid, digits)}"
                )
