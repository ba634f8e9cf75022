"""valuekit.setup_check: the checks behind notebooks/00_setup_check.ipynb."""

from __future__ import annotations

import pytest

from valuekit import setup_check as sc


def test_this_environment_is_ready():
    checks = sc.run()
    names = [c.name for c in checks]
    assert names[0] == "Python" and "sample data" in names and "widgets" in names
    assert set(sc.PACKAGES) <= set(names)
    failed = [c for c in checks if c.required and not c.ok]
    assert failed == [], failed
    assert sc.ready(checks)
    assert sc.verdict(checks).startswith("You are ready")


def test_missing_data_is_reported_with_the_fix(monkeypatch, tmp_path):
    from valuekit import data

    monkeypatch.setattr(data, "SAMPLE_DIR", tmp_path)
    check = sc.check_data()
    assert not check.ok
    assert "make data" in check.fix
    assert check.detail  # names the error


def test_a_version_outside_the_kits_range_fails(monkeypatch):
    real = sc._version
    monkeypatch.setattr(sc, "_version", lambda d: "1.0" if d == "pandas" else real(d))
    pandas = next(c for c in sc.check_packages() if c.name == "pandas")
    assert not pandas.ok and "needs >=" in pandas.detail and "pip install" in pandas.fix


def test_a_missing_package_fails(monkeypatch):
    real = sc._version
    monkeypatch.setattr(sc, "_version", lambda d: None if d == "ipywidgets" else real(d))
    check = next(c for c in sc.check_packages() if c.name == "ipywidgets")
    assert not check.ok and "not installed" in check.detail


@pytest.mark.parametrize("optional_ok", [True, False])
def test_verdict_lists_exactly_what_to_fix(optional_ok):
    checks = [
        sc.Check("Python", True, "3.11"),
        sc.Check("sample data", False, "DataError: no accounts.csv", "Run `make data`."),
        sc.Check("CJK fonts", optional_ok, "none", "install fonts", required=False),
    ]
    assert not sc.ready(checks)
    text = sc.verdict(checks)
    assert text.startswith("Not ready yet") and "sample data: Run `make data`." in text
    assert "CJK" not in text  # optional checks never block
    html = sc.report_html(checks)
    assert html.count("<tr>") == 3 and "Run `make data`." in html


def test_optional_failures_do_not_block():
    checks = [sc.Check("Python", True, "3.11"), sc.Check("CJK fonts", False, "none",
                                                         required=False)]
    assert sc.ready(checks)
