"""Report file names: readable, safe on any disk, and never shared by two teams."""

from __future__ import annotations

import re

import pytest

from valuekit.reports import naming

SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{8,}$")

NASTY = [
    'East "Enterprise"',
    "Sales / East",
    "Sales East",
    "../../etc/passwd",
    "..",
    ".hidden",
    "华东 销售部",
    "华南 销售部",
    '"); import os; os.system("touch PWNED"); ("',
    "<script>alert(1)</script>",
    "C:\\Windows\\System32",
    "CON",
    "a" * 300,
    "Ventas Península",
    "   ",
    "",
]


def test_slugify_examples():
    assert naming.slugify("Ventas Península") == "ventas-peninsula"
    assert naming.slugify("Sales / East") == "sales-east"
    assert naming.slugify('East "Enterprise"') == "east-enterprise"
    assert naming.slugify("华东 销售部") == "team"
    assert naming.slugify("华东 销售部", fallback="t01") == "t01"
    assert naming.slugify("../../etc/passwd") == "etc-passwd"
    assert len(naming.slugify("a" * 300)) == naming.MAX_SLUG


@pytest.mark.parametrize("name", NASTY)
def test_stem_is_safe_for_any_name(name):
    stem = naming.report_stem("T01", name)
    assert SAFE.match(stem), stem
    assert "/" not in stem and "\\" not in stem and not stem.startswith(".")
    assert len(stem) <= naming.MAX_SLUG + 1 + naming.HASH_DIGITS


def test_stem_hash_comes_from_the_id_not_the_name():
    # same name, different ids -> different files; same id -> the same file whatever the name
    assert naming.report_stem("T01", "Sales") != naming.report_stem("T02", "Sales")
    assert naming.report_stem("T01", "Sales").endswith("-" + naming.short_hash("T01"))
    assert naming.report_stem("T01", "Sales") == naming.report_stem("T01", "Sales")


def test_short_hash_is_sha256_prefix():
    import hashlib

    assert naming.short_hash("T01") == hashlib.sha256(b"T01").hexdigest()[:8]


def test_names_that_slugify_alike_get_distinct_stems():
    teams = [("T1", "Sales / East"), ("T2", "Sales East"), ("T3", "sales-east"),
             ("T4", "华东 销售部"), ("T5", "华南 销售部")]
    stems = naming.report_stems(teams)
    assert len(set(stems.values())) == len(teams)
    assert all(SAFE.match(s) for s in stems.values())
    assert stems["T1"].startswith("sales-east-")
    assert stems["T4"].startswith("t4-")  # no ASCII in the name: the id's slug


def test_hash_prefix_collisions_are_resolved(monkeypatch):
    # force every id to the same short hash: the stems must still differ
    real = naming.short_hash

    def clashing(text, digits=naming.HASH_DIGITS):
        return "0" * digits if digits == naming.HASH_DIGITS else real(text, digits)

    monkeypatch.setattr(naming, "short_hash", clashing)
    stems = naming.report_stems([("A", "Sales"), ("B", "Sales"), ("C", "Other")])
    assert len({s.lower() for s in stems.values()}) == 3
    assert stems["C"] == "other-00000000"  # no clash: the short form stays
    assert stems["A"] != stems["B"] and len(stems["A"]) > len("sales-00000000")


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="team ids must be unique"):
        naming.report_stems([("T1", "a"), ("T1", "b")])
