"""Drive a real JupyterLab in headless Chromium (Debian's /usr/bin/chromium via Playwright).

Used by the fixtures in ``conftest.py``; browser tests import what they need::

    from .helpers import run_all_cells, error_outputs, move_slider, screenshot

The network is blocked twice: Chromium resolves no host but 127.0.0.1/localhost, and every
request to another host is aborted and recorded (the ``blocked_requests`` fixture), so a
test can assert that nothing tried to reach the internet.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("VALUEKIT_CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Resolve no host but the local one: the network is blocked below the page as well.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
#: Seconds to wait for a notebook's kernel and cells (a cold kernel on 2 busy cores is slow).
RUN_TIMEOUT = float(os.environ.get("VALUEKIT_BROWSER_TIMEOUT", "240"))


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).is_file():
        return f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install playwright)"
    return None


@dataclass(frozen=True)
class JupyterServer:
    """A JupyterLab started for the tests: ``url`` (no trailing slash) and ``token``."""

    url: str
    token: str
    root: Path
    process: subprocess.Popen
    log: Path
    group: bool = False  # started through make: stop make and its JupyterLab together

    def lab_url(self, path: str) -> str:
        return f"{self.url}/lab/tree/{quote(path)}?token={self.token}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings: Path) -> None:
    """User settings of the test JupyterLab: never autosave (the committed notebooks must
    stay free of outputs) and never ask about news or updates (a pop-up over the notebook)."""
    files = {
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for rel, content in files.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content), encoding="utf-8")


def start_jupyter_lab(root: Path, workdir: Path, timeout: float = 90,
                      make: list[str] | None = None) -> JupyterServer:
    """Start JupyterLab on a free port with a random token; return once it answers.

    With ``make`` (arguments of `make lab`, e.g. ``["LANG=zh"]``), run `make lab` itself in
    ``root`` with the tests' options in its ``LAB_ARGS``: the Makefile chooses the root
    folder, the file to open and the environment, as for a trainer."""
    port = free_port()
    token = secrets.token_hex(16)
    settings = workdir / "settings"
    _write_settings(settings)
    (workdir / "workspaces").mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(workdir / "config"),
        JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
        JUPYTER_PLATFORM_DIRS="1",
    )
    jupyter = Path(sys.executable).with_name("jupyter")
    options = [
        "--no-browser",
        *([] if make else ["--allow-root"]),  # CI containers run as root (make adds it)
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.token={token}",
        "--ServerApp.password=",
        *([] if make else [f"--ServerApp.root_dir={root}"]),
        "--expose-app-in-browser",  # window.jupyterapp: run commands, read kernel state
        f"--LabServerApp.user_settings_dir={settings}",
        f"--LabServerApp.workspaces_dir={workdir / 'workspaces'}",
    ]
    if not make:  # the Makefile passes these itself (a second value is a config error)
        options += ["--LabApp.news_url=None",
                    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if make:
        cmd = ["make", "lab", *make, "LAB_ARGS=" + " ".join(options)]
    else:
        cmd = [str(jupyter) if jupyter.exists() else "jupyter", "lab", *options]
    log = workdir / "jupyterlab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=bool(make))
    url = f"http://127.0.0.1:{port}"
    server = JupyterServer(url, token, root, process, log, group=bool(make))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited ({process.returncode}):\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    stop_jupyter_lab(server)
    raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{_tail(log)}")


def stop_jupyter_lab(server: JupyterServer) -> None:
    """Stop the server we started (its kernels stop with it); through make: make and its
    JupyterLab, their own process group."""
    if server.process.poll() is None:
        if server.group:
            os.killpg(server.process.pid, signal.SIGTERM)
        else:
            server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            if server.group:
                os.killpg(server.process.pid, signal.SIGKILL)
            else:
                server.process.kill()
            server.process.wait(timeout=10)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def guard_network(context, blocked: list[str]) -> None:
    """Abort every request of ``context`` that leaves this machine, recording its URL."""

    def route(route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in {"data", "blob", "file", "about", "chrome"} or url.hostname in (
            LOCAL_HOSTS
        ):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# ---------------------------------------------------------------------------------------
# JupyterLab actions


_CURRENT = "window.jupyterapp.shell.currentWidget"


def open_notebook(page, notebook_path: str, timeout: float = RUN_TIMEOUT) -> None:
    """Open a notebook (path relative to the server's root) and wait for its kernel."""
    # ?reset: start from an empty workspace, not the tabs an earlier test left open.
    page.goto(f"/lab/tree/{quote(notebook_path)}?reset")
    page.wait_for_function(
        f"""(path) => window.jupyterapp && {_CURRENT}
            && {_CURRENT}.context && {_CURRENT}.context.path === path
            && {_CURRENT}.sessionContext""",
        arg=notebook_path,
        timeout=timeout * 1000,
    )
    page.evaluate(
        f"async () => {{ const w = {_CURRENT}; await w.context.ready; "
        "await w.sessionContext.ready; }"
    )
    wait_for_kernel_idle(page, timeout)


def wait_for_kernel_idle(page, timeout: float = RUN_TIMEOUT) -> None:
    """Wait until the current notebook's kernel is idle and no cell shows ``[*]``."""
    page.wait_for_function(
        f"""() => {{
            const w = {_CURRENT};
            const kernel = w && w.sessionContext.session && w.sessionContext.session.kernel;
            if (!kernel || kernel.status !== 'idle') return false;
            return !Array.from(w.content.node.querySelectorAll('.jp-InputPrompt'))
                .some(p => p.textContent.includes('*'));
        }}""",
        timeout=timeout * 1000,
        polling=250,
    )


def run_all_cells(page, notebook_path: str, timeout: float = RUN_TIMEOUT) -> None:
    """Open a notebook and run every cell (Run ▸ Run All Cells); return when it is done.

    The notebook is never saved (autosave is off in the test JupyterLab), so the committed
    file keeps no outputs.
    """
    open_notebook(page, notebook_path, timeout)
    page.evaluate(
        "async () => await window.jupyterapp.commands.execute('notebook:run-all-cells')"
    )
    wait_for_kernel_idle(page, timeout)


def error_outputs(page) -> list[str]:
    """Texts of the error outputs (tracebacks) and of stderr lines that report an error."""
    texts = page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    return [t for t in texts if any(w in t for w in ("Traceback", "Error", "Exception"))]


def move_slider(page, index: int = 0, key: str = "ArrowRight", presses: int = 1) -> None:
    """Focus the index-th slider handle and press a key (each press moves one step)."""
    handle = page.locator(".widget-slider .noUi-handle").nth(index)
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(presses):
        page.keyboard.press(key)


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG under tests/artifacts/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def chart_images(page, scope: str = "") -> int:
    """How many kit charts (``<img>`` of an SVG data URI, or inline ``<svg>``) are drawn and
    have a size (a broken image has none)."""
    return page.evaluate(
        """(scope) => {
            const root = scope ? document.querySelector(scope) : document;
            if (!root) return 0;
            const imgs = Array.from(root.querySelectorAll('img[src^="data:image/svg+xml"]'))
                .filter(i => i.complete && i.naturalWidth > 0);
            const svgs = Array.from(root.querySelectorAll('svg.marks'));
            return imgs.length + svgs.length;
        }""",
        scope,
    )


#: Outputs of the notebook in JupyterLab's model (the DOM may leave off-screen cells out):
#: how many hold an error, and how many hold a kit chart (an SVG image).
MODEL_OUTPUTS = """() => {
    const nb = window.jupyterapp.shell.currentWidget;
    let errors = [], charts = 0;
    for (const cell of nb.content.widgets) {
        if (cell.model.type !== 'code') continue;
        const outputs = cell.model.outputs;
        for (let i = 0; i < outputs.length; i++) {
            const out = outputs.get(i).toJSON();
            if (out.output_type === 'error') errors.push(out.ename + ': ' + out.evalue);
            const html = out.data && out.data['text/html'];
            const text = Array.isArray(html) ? html.join('') : (html || '');
            if (text.includes('data:image/svg+xml')) charts += 1;
        }
    }
    return {errors, charts};
}"""


def model_outputs(page) -> dict:
    """``{"errors": [...], "charts": n}`` over the current notebook's outputs (the model, not
    the DOM, which may leave off-screen cells out)."""
    return page.evaluate(MODEL_OUTPUTS)


def scroll_to_top_of(page, selector: str) -> None:
    """Scroll until the element is at the top of the notebook panel."""
    page.locator(selector).scroll_into_view_if_needed()
    page.evaluate("(sel) => document.querySelector(sel).scrollIntoView({block: 'start'})",
                  selector)


def assert_module_ran(page, notebook_area: str, static_charts: int,
                      interactives: tuple[str, ...]) -> None:
    """After "run all": no error output, at least ``static_charts`` kit charts in the model,
    and each interactive (a CSS class) on the page with a slider and one drawn chart."""
    assert error_outputs(page) == []
    model = model_outputs(page)
    assert model["errors"] == [], model["errors"]
    assert model["charts"] >= static_charts, model
    for ix in interactives:
        widget = page.locator(f"{notebook_area} {ix}")
        widget.scroll_into_view_if_needed()
        assert widget.locator(".widget-slider").count() >= 1, ix
        assert chart_images(page, f"{notebook_area} {ix}") == 1, ix
    # The charts drawn in the page, static ones included (no broken image among them).
    drawn = chart_images(page, notebook_area)
    assert drawn >= static_charts + len(interactives), drawn


def _change_and_wait_for_redraw(page, interactive: str, change) -> tuple[str, str]:
    """Run ``change()`` and wait until both the interactive's numbers and its chart image have
    changed (they arrive as two widget updates); returns the numbers before and after."""
    readout = page.locator(f"{interactive} .valuekit-readout")
    before_text = readout.text_content() or ""
    before_src = page.locator(f"{interactive} img.valuekit-chart").get_attribute("src") or ""
    change()
    page.wait_for_function(
        """([sel, text, src]) => {
            const ix = document.querySelector(sel);
            const img = ix && ix.querySelector('img.valuekit-chart');
            return ix.querySelector('.valuekit-readout').textContent !== text
                && img && img.getAttribute('src') !== src && img.complete
                && img.naturalWidth > 0;
        }""",
        arg=[interactive, before_text, before_src],
    )
    return before_text, readout.text_content() or ""


def press_and_wait_for_redraw(page, interactive: str, key: str = "ArrowRight") -> tuple[str, str]:
    """Press ``key`` on the interactive's first slider and wait for the new numbers and chart;
    returns the numbers before and after."""

    def press() -> None:
        page.locator(f"{interactive} .widget-slider .noUi-handle").first.focus()
        page.keyboard.press(key)

    return _change_and_wait_for_redraw(page, interactive, press)


def pick_and_wait_for_redraw(page, interactive: str, label: str) -> tuple[str, str]:
    """Pick ``label`` in the interactive's drop-down and wait for the new numbers and chart;
    returns the numbers before and after."""
    return _change_and_wait_for_redraw(
        page, interactive,
        lambda: page.locator(f"{interactive} select").select_option(label=label))
