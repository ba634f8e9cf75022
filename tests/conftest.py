"""Shared test settings.

Only project-wide fixtures live here; each test file keeps its own helpers.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def root() -> Path:
    """The kit's checkout folder."""
    return ROOT


@pytest.fixture(scope="session")
def sample():
    """The committed sample data, loaded and validated once per session."""
    from valuekit import data

    return data.load()

# Fixture notebooks are inputs of tests, not notebooks to run on their own.
collect_ignore_glob = ["fixtures/*", "artifacts/*"]
