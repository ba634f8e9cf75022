"""valuekit._resources: where the kit's own files are, in a checkout and installed."""

from __future__ import annotations

import pytest

from valuekit import _resources as res


def test_a_checkout_uses_its_own_folders(root):
    assert res.kit_file("sample") == root / "datasets"
    assert res.kit_file("team_report.ipynb") == root / "report_templates" / "team_report.ipynb"


def test_the_packaged_copy_wins_when_present(tmp_path, monkeypatch):
    (tmp_path / "_data" / "sample").mkdir(parents=True)
    monkeypatch.setattr(res, "_PACKAGE", tmp_path)
    assert res.kit_file("sample") == tmp_path / "_data" / "sample"


def test_neither_place_names_both(tmp_path, monkeypatch):
    monkeypatch.setattr(res, "_PACKAGE", tmp_path)
    monkeypatch.setattr(res, "_checkout", lambda: tmp_path / "checkout")
    with pytest.raises(FileNotFoundError) as err:
        res.kit_file("team_report.ipynb")
    assert "_data/templates" in str(err.value) and "report_templates" in str(err.value)
    # sample_dir() never raises: it names where the sample should be
    monkeypatch.delenv(res.DATA_ENV, raising=False)
    assert res.sample_dir() == tmp_path / "checkout" / "datasets"


def test_valuekit_data_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv(res.DATA_ENV, str(tmp_path))
    assert res.sample_dir() == tmp_path
