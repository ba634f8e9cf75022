"""The README, docs/ and docs/zh/: links resolve, and the glossary names only what the kit has."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
         *sorted((ROOT / "docs" / "zh").glob("*.md")),  # the Chinese edition (generated)
         ROOT / "benchmarks" / "README.md", ROOT / "datasets" / "README.md"]
_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page):
    broken = []
    for target in _LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a URL (not followed: offline) or an anchor on the same page
        path = (page.parent / target.split("#", 1)[0]).resolve()
        if not path.exists():
            broken.append(target)
    assert broken == [], f"{page.name}: broken links {broken}"


def test_glossary_names_only_what_the_kit_has():
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    refs = sorted(set(re.findall(r"`((?:value|adoption|funnel|clv|schema)\.[A-Za-z_]\w*\*?)`",
                                 text)))
    assert len(refs) > 30
    missing = []
    for ref in refs:
        module, name = ref.split(".")
        found = dir(importlib.import_module(f"valuekit.{module}"))
        ok = any(n.startswith(name[:-1]) for n in found) if name.endswith("*") else (
            name in found)
        if not ok:
            missing.append(ref)
    assert missing == []


def test_glossary_covers_the_funnel_stages_and_adopter_groups():
    from valuekit.schema import STAGES

    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").lower()
    for stage in STAGES:
        assert f"{stage} customers" in text
    for group in ("innovators", "early adopters", "early majority", "late majority",
                  "laggards"):
        assert group in text
