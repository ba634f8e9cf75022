"""Learner names for the workshop hub: what a learner types, the hub name it becomes, and the
system account that runs the learner's server.

Two names, on purpose (see /work/shared/notes/workshop_hub.md, obstacle 5): with a shared
password, mapping a typed name one-to-one onto system accounts let anyone log in as ``root``.
The hub name is what the learner sees (``zoë``, ``max-mustermann``, ``李雷``); the system
account is always ``<prefix><ascii slug>[-<hash>]`` (``wk-zoe-1a2b3c``), made by the hub's
spawner, never an existing account.

Rules (why each): JupyterHub itself refuses ``/`` and names made only of dots (URL paths);
NFKC + casefold so ``Zoë``/``ZOË``/full-width letters are one learner; spaces become ``-``
because "Max Mustermann" is a common way to type a name; anything else that is not a letter,
digit, ``.``, ``-`` or ``_`` is refused with the reason, never silently dropped, so two
learners cannot end up in one account by accident (``<script>`` is refused, not "script").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_LENGTH = 32  # JupyterHub logs shorten longer names; Linux accounts allow 32 bytes
_PUNCT = {".", "-", "_"}


class RefusedName(ValueError):
    """A typed name the hub refuses; the message says why, in words a learner understands."""


def normalize(typed: str) -> str:
    """The hub name for what a learner typed: NFKC, case-folded, inner spaces as ``-``."""
    text = unicodedata.normalize("NFKC", typed or "").strip().casefold()
    return re.sub(r"\s+", "-", text)


def check(name: str) -> str:
    """Raise :class:`RefusedName` naming the problem when a normalised name is refused."""
    if not name:
        raise RefusedName("Please type a name.")
    if len(name) > MAX_LENGTH:
        raise RefusedName(f"Please use at most {MAX_LENGTH} characters.")
    bad = sorted({ch for ch in name if not (ch.isalnum() or ch in _PUNCT)})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        raise RefusedName(
            f"Names may use letters (any language), digits, '.', '-' and '_'; not {shown}."
        )
    if not name[0].isalnum():
        raise RefusedName("Please start your name with a letter or a digit.")
    return name


def system_name(name: str, prefix: str = "wk-") -> str:
    """The system account for a hub name: prefix + ASCII slug, plus a short hash whenever the
    slug is not the name itself (accents, Chinese, ``.``/``_``), so names never collide."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if slug != name or len(prefix) + len(slug) > MAX_LENGTH:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
        slug = f"{slug[: MAX_LENGTH - len(prefix) - 7]}-{digest}" if slug else f"u-{digest}"
    out = f"{prefix}{slug}"[:MAX_LENGTH]
    if not re.fullmatch(r"[a-z_][a-z0-9_-]*", out):
        raise RefusedName(f"cannot make a system account name from {name!r} with {prefix!r}")
    return out
