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
    """The committed sample data, loaded and validated once per session
    (:func:`valuekit.data.sample`, the same cached frames the library uses)."""
    from valuekit import data

    return data.sample()

@pytest.fixture(scope="session")
def _browser_available():
    """Skip a browser test without Chromium or playwright; with CI=true fail instead."""
    from browser.helpers import missing_browser

    reason = missing_browser()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"CI=true and the browser tests cannot run: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser(_browser_available):
    """One headless Chromium (Debian's) for the whole session: Playwright's sync API allows
    one running instance per process, so every test that needs a browser shares this one."""
    from browser.helpers import launch_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


# Fixture notebooks are inputs of tests, not notebooks to run on their own.


def _in_language(lang: str):
    from valuekit import i18n

    before = i18n.language()
    i18n.set_language(lang)
    try:
        yield
    finally:
        i18n.set_language(before)


@pytest.fixture
def zh():
    """The test runs with the kit in Chinese, then in the language it had."""
    yield from _in_language("zh")


@pytest.fixture
def en():
    """The test runs with the kit in English, then in the language it had."""
    yield from _in_language("en")


collect_ignore_glob = ["fixtures/*", "artifacts/*"]
