"""Fixtures of the browser tests: one JupyterLab and one Chromium per session.

- ``jupyter_server``: a JupyterLab on a free port with a random token, rooted at the kit's
  folder (``.url``, ``.token``); started once, stopped at the end of the session.
- ``browser`` (from tests/conftest.py, shared with the report tests): headless Chromium
  (Debian's /usr/bin/chromium, never a downloaded one).
- ``blocked_requests``: the list of URLs that a test's page tried to fetch from another host.
- ``browser_page``: a fresh page, logged in to ``jupyter_server`` (relative URLs go there),
  with the network blocked.

Without Chromium or playwright every test here is skipped with the reason; with ``CI=true``
that is a failure instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import pytest

from .helpers import ROOT, guard_network, start_jupyter_lab, stop_jupyter_lab


@pytest.fixture(scope="session")
def jupyter_server(_browser_available, tmp_path_factory):
    server = start_jupyter_lab(ROOT, tmp_path_factory.mktemp("jupyterlab"))
    yield server
    stop_jupyter_lab(server)


@pytest.fixture
def blocked_requests() -> list[str]:
    return []


@pytest.fixture
def browser_page(browser, jupyter_server, blocked_requests):
    context = browser.new_context(
        base_url=jupyter_server.url, viewport={"width": 1280, "height": 1000}
    )
    guard_network(context, blocked_requests)
    page = context.new_page()
    page.set_default_timeout(60_000)
    # A URL token logs the context in (a cookie), so tests can use relative URLs.
    page.goto(f"/api/status?token={jupyter_server.token}")
    yield page
    context.close()
