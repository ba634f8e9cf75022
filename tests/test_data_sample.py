"""valuekit.data.sample(): the one cached way to the sample data (issue 16, item 2)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd

from valuekit import data
from valuekit.schema import TABLES


def test_sample_is_the_validated_sample_and_is_read_once(sample):
    assert list(sample) == list(TABLES)
    again = data.sample()
    assert all(again[name] is sample[name] for name in TABLES)  # cached, not re-read
    fresh = data.load(tables=["teams", "products"])
    for name in ("teams", "products"):
        pd.testing.assert_frame_equal(sample[name], fresh[name])


def test_a_subset_comes_in_the_order_asked(sample):
    got = data.sample(["products", "teams"])
    assert list(got) == ["products", "teams"] and got["teams"] is sample["teams"]
    assert list(data.sample("teams")) == ["teams"]


def test_valuekit_data_points_sample_at_another_folder(tmp_path):
    for name in ("teams",):
        shutil.copy(data.SAMPLE_DIR / f"{name}.csv", tmp_path / f"{name}.csv")
    (tmp_path / "teams.csv").write_text(
        "team_id,team_name,region,quota\nT01,Only Team,north,1.00\n", encoding="utf-8"
    )
    code = "from valuekit import data; print(data.sample('teams')['teams'].team_name.tolist())"
    env = {**os.environ, data.DATA_ENV: str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "['Only Team']"
