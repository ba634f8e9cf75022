"""Class pulse: every exercise check a learner runs on the workshop hub, recorded for that
learner, and the room's totals for the trainer ("half the room divided by the wrong base in
question 3").

Where: the hub's spawner sets ``VALUEKIT_PULSE`` to a file in the learner's private home
(``~/.valuekit/pulse.jsonl``, mode 0600). Without that variable (self-study, tests, CI)
:func:`record` does nothing; it never raises, whatever happens, so a check is never spoiled.

What: one JSON line per check: time, hub user, question id, status, right or wrong, and the
*named* mistake (the message of the :class:`~valuekit.exercises.Mistake` that matched, or
"wrong kind of answer" / "other wrong answer"). Never the answer itself. A learner sees their
own record with :func:`mine` (or ``valuekit pulse``); the trainer, as root on the server, sees
only totals per question with :func:`room` (``valuekit hub pulse``). Nothing leaves the server.

Written here rather than with a metrics library: a few appended lines per learner, read once
at the break; a file per learner keeps the learners' own Unix permissions as the access rule.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ENV = "VALUEKIT_PULSE"
OTHER = "other wrong answer"
WRONG_KIND = "wrong kind of answer"


def path() -> Path | None:
    """This learner's pulse file, or None outside the hub."""
    value = os.environ.get(ENV)
    return Path(value).expanduser() if value else None


def mistake_name(question: Any, result: Any) -> str | None:
    """The named mistake behind an incorrect result (None when it was not incorrect)."""
    if getattr(result, "status", None) != "incorrect":
        return None
    named = [*getattr(question, "mistakes", []), *question._builtin_mistakes()]
    for mistake in named:
        if mistake.message == result.message:
            return mistake.message
    if str(result.message).endswith(f"Try {getattr(question, 'name', '')}.hint()."):
        return OTHER  # wrong, but no named mistake matched
    return WRONG_KIND


def record(question: Any, result: Any) -> None:
    """Append one check to the learner's pulse file; a no-op outside the hub; never raises."""
    try:
        target = path()
        if target is None:
            return
        entry = {
            "time": round(time.time(), 3),
            "user": os.environ.get("JUPYTERHUB_USER", ""),
            "question": result.question,
            "status": result.status,
            "correct": result.status == "correct",
            "mistake": mistake_name(question, result),
        }
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except Exception:  # the pulse must never break a learner's check
        return


def read(file: Path) -> list[dict]:
    """The records of one pulse file (lines that do not parse are skipped)."""
    out = []
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and "question" in item:
            out.append(item)
    return out


def mine() -> list[dict]:
    """What the pulse recorded for me (empty outside the hub)."""
    target = path()
    return read(target) if target is not None else []


def room(records_by_learner: dict[str, Iterable[dict]]) -> list[dict]:
    """Per question: learners who answered, learners right (on their latest check), and the
    most common named mistake (counted once per learner who made it)."""
    answered: dict[str, set] = {}
    latest: dict[tuple[str, str], dict] = {}
    mistakes: dict[str, Counter] = {}
    for learner, records in records_by_learner.items():
        seen: set[tuple[str, str]] = set()
        for r in sorted(records, key=lambda r: r.get("time", 0)):
            q = str(r.get("question"))
            if r.get("status") == "unanswered":
                continue
            answered.setdefault(q, set()).add(learner)
            latest[(q, learner)] = r
            if r.get("mistake") and (q, r["mistake"]) not in seen:
                seen.add((q, r["mistake"]))
                mistakes.setdefault(q, Counter())[r["mistake"]] += 1
    rows = []
    for q in sorted(answered):
        right = sum(1 for who in answered[q] if latest[(q, who)].get("correct"))
        top = mistakes.get(q, Counter()).most_common(1)
        rows.append({
            "question": q,
            "answered": len(answered[q]),
            "right": right,
            "top_mistake": top[0][0] if top else "",
            "top_mistake_learners": top[0][1] if top else 0,
        })
    return rows


def table(rows: list[dict], learners: int) -> str:
    """The room's pulse as plain text for the trainer's terminal."""
    lines = [f"Class pulse: {learners} learner(s) with a record", ""]
    lines.append(f"{'question':<16}{'answered':>9}{'right':>7}  most common mistake")
    for r in rows:
        top = (f"{r['top_mistake']} ({r['top_mistake_learners']})" if r["top_mistake"] else "-")
        lines.append(f"{r['question']:<16}{r['answered']:>9}{r['right']:>7}  {top}")
    if not rows:
        lines.append("(no checks recorded yet)")
    return "\n".join(lines)
