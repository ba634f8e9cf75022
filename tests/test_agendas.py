"""The agendas in docs/trainer_guide.md add up to the notebooks' own timings.

Each teaching notebook states its minutes in its metadata (``valuekit.minutes``: teaching,
exercises, discussion) and in its opening "Time needed" line; its trainer notes break the
teaching minutes down by section in the "Timings" table, marking the heavy parts
"(optional)", and what only self-study or a longer course covers "(annex)". Every agenda
slot that teaches names what it covers ("M2 opening, §1–3, close", "M1 exercises"); its
minutes must be the sum of those rows, its start the previous
slot's start plus minutes, and the agenda's heading its total. The one-day agenda must teach
every module the capstone relies on (1-4) and the capstone, and none of the optional parts; the
two days every part but the annexes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "trainer_guide.md"
MODULES = {int(p.name[:2]): p for p in sorted((ROOT / "notebooks").glob("0[1-9]_*.ipynb"))}
FREE = {"setup", "break", "lunch", "wrap-up"}  # slots that teach no notebook


def _table_rows(text: str, first_header: str) -> list[dict[str, str]]:
    """Rows of the first Markdown table whose header row starts with ``first_header``."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].lower() == first_header:
            header = [c.lower() for c in cells]
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                values = [c.strip() for c in row.strip().strip("|").split("|")]
                rows.append(dict(zip(header, values, strict=False)))
            return rows
    raise AssertionError(f"no table starting with '{first_header}'")


def _minutes_of(notebook: Path) -> dict[str, int]:
    meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
    return meta["valuekit"]["minutes"]


def timings(module: int) -> dict[str, tuple[int, bool]]:
    """Row key -> (minutes, optional or annex) of the module's trainer-notes timing table.
    Keys: a section number ("4", "4b"), "opening", "close", "exercises", "discussion", and
    "exercises annex" for exercises that go with an annex section."""
    text = (ROOT / "docs" / f"trainer_notes_{module:02d}.md").read_text(encoding="utf-8")
    out = {}
    for row in _table_rows(text, "section"):
        title, minutes = row["section"], row["minutes"]
        lower = title.lower()
        if lower.startswith("total"):
            continue
        m = re.match(r"(\d+[a-z]?)\.", title)
        key = (m.group(1) if m else "opening" if lower.startswith("opening")
               else "close" if lower.startswith("key points")
               else "exercises" if lower.startswith("exercises")
               else "discussion" if lower.startswith("discussion") else None)
        assert key, f"trainer_notes_{module:02d}.md: unrecognised timing row {title!r}"
        if key == "exercises" and "(annex)" in lower:
            key = "exercises annex"
        out[key] = (out.get(key, (0, False))[0] + int(minutes),
                    "(optional)" in lower or "(annex)" in lower)
    return out


def annexes(module: int) -> set[str]:
    """Row keys of the module's annex parts ("(annex)" in the timing row)."""
    text = (ROOT / "docs" / f"trainer_notes_{module:02d}.md").read_text(encoding="utf-8")
    keys = set()
    for row in _table_rows(text, "section"):
        if "(annex)" in row["section"].lower():
            m = re.match(r"(\d+[a-z]?)\.", row["section"])
            keys.add(m.group(1) if m else "exercises annex")
    return keys


@pytest.mark.parametrize("module", sorted(MODULES))
def test_notebook_metadata_notes_and_opening_agree(module):
    notebook = MODULES[module]
    minutes = _minutes_of(notebook)
    rows = timings(module)
    annex = annexes(module)
    teaching = sum(v for k, (v, _) in rows.items()
                   if k not in ("exercises", "discussion") and k not in annex)
    assert teaching == minutes["teaching"], f"{notebook.name}: notes sum to {teaching}"
    assert sum(rows[k][0] for k in annex) == minutes.get("annex", 0), f"{notebook.name}: annex"
    for part in ("exercises", "discussion"):
        assert rows.get(part, (0, False))[0] == minutes[part], f"{notebook.name}: {part}"
    first = "".join(json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]["source"])
    line = re.search(r"\*\*Time needed:\*\*([^\n]*\n?[^\n]*)", first).group(1)
    for part, value in minutes.items():
        if value:
            assert re.search(rf"\b{value}\b", line), (
                f"{notebook.name}: {part} {value} not in {line!r}")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_numbered_section_has_a_timing_row(module):
    cells = json.loads(MODULES[module].read_text(encoding="utf-8"))["cells"]
    numbered = {m.group(1) for c in cells if c["cell_type"] == "markdown"
                for m in re.finditer(r"^## (\d+)\.", "".join(c["source"]), re.M)}
    rows = {k.rstrip("abcdefgh") for k in timings(module)}
    assert numbered <= rows, f"module {module}: sections without a timing row: {numbered - rows}"


def _covers(text: str) -> list[tuple[int, str]]:
    """'M2 opening, §1–3, §5, close' -> [(2, 'opening'), (2, '1'), (2, '2'), (2, '3'), ...]."""
    m = re.fullmatch(r"M(\d+) (.+)", text)
    assert m, f"cannot read covers {text!r}"
    module, items = int(m.group(1)), [s.strip() for s in m.group(2).split(",")]
    known = timings(module)
    out = []
    for item in items:
        rng = re.fullmatch(r"§(\d+)[–-](\d+)", item)
        one = re.fullmatch(r"§(\d+[a-z]?)", item)
        if rng:
            out += [(module, str(k)) for k in range(int(rng.group(1)), int(rng.group(2)) + 1)]
        elif one:
            out.append((module, one.group(1)))
        elif item in ("opening", "close", "exercises", "discussion", "all"):
            out += ([(module, k) for k in known
                     if k not in ("exercises", "discussion", "exercises annex")
                     and k not in annexes(module)]
                    if item == "all" else [(module, item)])
        else:
            raise AssertionError(f"cannot read covers item {item!r} in {text!r}")
    for key in out:
        assert key[1] in known, f"{text!r}: module {module} has no row {key[1]!r}"
    return out


def agendas() -> dict[str, list[dict[str, str]]]:
    """Heading -> rows of every agenda table in the trainer guide."""
    text = GUIDE.read_text(encoding="utf-8")
    out = {}
    pattern = r"^\*\*(.+?)\*\*\s*\n\s*\n(\| start \|.*?)(?:\n\s*\n|\Z)"
    for m in re.finditer(pattern, text, re.M | re.S):
        out[m.group(1)] = _table_rows(m.group(2), "start")
    return out


def _clock(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def test_the_guide_has_the_three_agendas():
    names = " / ".join(agendas())
    for kind in ("Half day", "One day", "Two days, day 1", "Two days, day 2"):
        assert kind in names, names


@pytest.mark.parametrize("heading", sorted(agendas()))
def test_every_agenda_adds_up(heading):
    rows = agendas()[heading]
    clock = 0
    for row in rows:
        assert _clock(row["start"]) == clock, f"{heading}: {row}"
        if row["covers"] == "end":
            break
        minutes = int(row["minutes"])
        if row["covers"] not in FREE:
            parts = [c.strip() for c in row["covers"].split(";")]
            expected = sum(timings(mod)[key][0] for part in parts for mod, key in _covers(part))
            assert minutes == expected, (
                f"{heading}: {row['what']!r} has {minutes}, sums to {expected}")
        clock += minutes
    else:
        raise AssertionError(f"{heading}: no 'end' row")
    stated = re.search(r"\((\d+) h (\d+)\)", heading)
    assert stated and int(stated.group(1)) * 60 + int(stated.group(2)) == clock, heading


def _taught(heading: str) -> set[tuple[int, str]]:
    out = set()
    for row in agendas()[heading]:
        if row["covers"] not in FREE | {"end"}:
            for part in row["covers"].split(";"):
                out |= set(_covers(part.strip()))
    return out


def test_the_one_day_core_teaches_what_the_capstone_needs_and_nothing_optional():
    heading = next(h for h in agendas() if h.startswith("One day"))
    taught = _taught(heading)
    for module in (1, 2, 3, 4, 5):
        assert any(m == module for m, _ in taught), f"one day: module {module} missing"
    optional = {(m, k) for m in MODULES for k, (_, opt) in timings(m).items() if opt}
    assert not taught & optional, sorted(taught & optional)


def test_the_heavy_parts_are_optional():
    # Bass fitting (M2 §4b), both CLV timings (M4 §5b), the sBG and DERL (M4 §6b).
    for module, key in ((2, "4b"), (4, "5b"), (4, "6b")):
        assert timings(module)[key][1], (module, key)


def test_the_two_days_teach_modules_one_to_five_whole():
    taught = set()
    for heading in agendas():
        if heading.startswith("Two days"):
            taught |= _taught(heading)
    for module in (1, 2, 3, 4, 5):
        wanted = set(timings(module)) - annexes(module)
        assert {k for m, k in taught if m == module} >= wanted, module
