"""valuekit.setup_check: the checks behind notebooks/00_setup_check.ipynb."""

from __future__ import annotations

import subprocess

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


# fc-list ":lang=zh" family on a Debian machine with fonts-noto-cjk (every CJK font of it is
# listed under zh, each with its localized names after a comma), in fontconfig's own order
FC_LIST_NOTO = """Noto Sans CJK JP,Noto Sans CJK JP Bold
Noto Serif CJK KR,Noto Serif CJK KR Bold
Noto Sans CJK HK
Noto Sans Mono CJK TC
Noto Sans CJK KR,Noto Sans CJK KR Bold
Noto Sans CJK SC,思源黑体,Noto Sans CJK SC Bold
Noto Sans CJK TC
Noto Serif CJK SC,思源宋体
"""


def _fake_fc_list(monkeypatch, out: str) -> None:
    monkeypatch.setattr(sc.shutil, "which", lambda name: f"/usr/bin/{name}")

    def run(argv, **kwargs):
        assert argv[:2] == ["fc-list", ":lang=zh"]
        return subprocess.CompletedProcess(argv, 0, stdout=out, stderr="")

    monkeypatch.setattr(sc.subprocess, "run", run)


def test_cjk_fonts_name_the_simplified_chinese_font_first(monkeypatch):
    _fake_fc_list(monkeypatch, FC_LIST_NOTO)
    check = sc.check_cjk_fonts()
    assert check.ok
    # the Simplified Chinese fonts, then the others by name (before: HK, JP, KR)
    assert check.detail == "Noto Sans CJK SC, Noto Serif CJK SC, Noto Sans CJK HK"


def test_cjk_fonts_without_a_simplified_chinese_font_list_the_others(monkeypatch):
    _fake_fc_list(monkeypatch, "Noto Sans CJK JP\nNoto Sans CJK HK\nNoto Sans CJK KR\n"
                               "Noto Sans CJK TC\n")
    assert sc.check_cjk_fonts().detail == "Noto Sans CJK HK, Noto Sans CJK JP, Noto Sans CJK KR"


def test_simplified_chinese_families_are_recognised():
    assert sc.simplified_first(["AR PL UMing TW", "Droid Sans Fallback", "WenQuanYi Zen Hei",
                                "Source Han Sans CN", "PingFang SC", "Microsoft YaHei",
                                "Noto Sans CJK KR"]) == [
        "Microsoft YaHei", "PingFang SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
        "AR PL UMing TW", "Droid Sans Fallback", "Noto Sans CJK KR"]
    # "SC" as a word, not as letters of a name
    assert sc.simplified_first(["Scheherazade", "Noto Sans CJK SC"])[0] == "Noto Sans CJK SC"
