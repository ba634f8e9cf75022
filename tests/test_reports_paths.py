"""Issue 9's headline bug and the run's temporary data, with real kernels.

``valuekit report --team all --out out/reports`` (a relative --out, as the README shows)
wrote 0 of 12 reports: the kernels run in another working directory and only --data was
made absolute. These tests run the command the way a user does: a relative --out from
another working directory (the CLI in a subprocess), and the README's
``run_reports([...], "out/...")`` from the repository root. One team each, to keep the
CPU cost low; tests/test_docs_commands.py runs the documented commands for every team.

Then the copy of all the customer data a run makes (``tables.pickle``): it must live in
the system's temporary directory, never in the report folder, disappear on Ctrl-C and
SIGTERM, and a copy left by ``kill -9`` must be removed by the next run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from valuekit.reports import runner

ROOT = Path(__file__).resolve().parents[1]
VALUEKIT = [sys.executable, "-m", "valuekit"]


def _env(tmpdir: Path) -> dict[str, str]:
    env = dict(os.environ, TMPDIR=str(tmpdir))
    env.pop("PYTHONPATH", None)
    return env


def _assert_no_data_copy(folder: Path) -> None:
    leftovers = [p for p in folder.rglob("*")
                 if p.name.endswith(".pickle") or p.name.startswith(".valuekit-run")]
    assert leftovers == [], leftovers


def test_relative_out_from_another_working_directory(tmp_path):
    """The CLI with ``--out reports`` run in a temporary working directory."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    work = tmp_path / "cwd"
    work.mkdir()
    done = subprocess.run(
        [*VALUEKIT, "report", "--team", "T06", "--out", "reports", "--jobs", "1", "--quiet"],
        cwd=work, env=_env(tmpdir), capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "wrote 1 of 1 team report(s) to reports" in done.stdout
    pages = sorted(p.name for p in (work / "reports").glob("*.html"))
    assert pages == ["east-public-sector-51c7e654.html", "index.html"]
    _assert_no_data_copy(work / "reports")
    assert list(tmpdir.iterdir()) == []  # the run's private folder is gone


def test_run_reports_from_the_repository_root_as_docs_show(monkeypatch):
    """``run_reports([...], "out/...")`` from the repository root, a relative folder."""
    monkeypatch.chdir(ROOT)
    relative = f"out/test-reports-{uuid.uuid4().hex[:8]}"
    try:
        batch = runner.run_reports(["T06"], relative, jobs=1, progress=False)
        assert not batch.failed, [r.error for r in batch.failed]
        assert batch.results[0].html == ROOT / relative / "east-public-sector-51c7e654.html"
        assert batch.results[0].html.is_file()
        _assert_no_data_copy(ROOT / relative)
    finally:
        shutil.rmtree(ROOT / relative, ignore_errors=True)


def test_cli_from_the_repository_root_as_the_readme_shows(tmp_path):
    """``valuekit report --team ... --out out/...`` typed in the checkout's folder."""
    relative = f"out/test-reports-{uuid.uuid4().hex[:8]}"
    try:
        done = subprocess.run(
            [*VALUEKIT, "report", "--team", "T06", "--out", relative, "--quiet"],
            cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, done.stderr
        assert (ROOT / relative / "east-public-sector-51c7e654.html").is_file()
        assert (ROOT / relative / "index.html").is_file()
        _assert_no_data_copy(ROOT / relative)
    finally:
        shutil.rmtree(ROOT / relative, ignore_errors=True)


def _start(tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    work = tmp_path / "cwd"
    work.mkdir()
    proc = subprocess.Popen(
        [*VALUEKIT, "report", "--team", "T01", "T02", "--out", "reports", "--jobs", "1",
         "--quiet", "--fresh-kernels"],
        cwd=work, env=_env(tmpdir), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )
    return proc, tmpdir, work


def _wait_for_data_copy(proc: subprocess.Popen, tmpdir: Path) -> Path:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = list(tmpdir.glob(f"{runner.RUN_PREFIX}*/tables.pickle"))
        if found:
            time.sleep(1.0)  # let the kernels start: the interesting moment
            return found[0]
        if proc.poll() is not None:
            pytest.fail(f"the run ended before writing its data: {proc.communicate()}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("no tables.pickle appeared in the temporary directory")


def test_data_copy_lives_in_the_temp_dir_and_kill_9_leftovers_go_next_run(tmp_path,
                                                                          monkeypatch):
    proc, tmpdir, work = _start(tmp_path)
    try:
        pickle_path = _wait_for_data_copy(proc, tmpdir)
        assert (pickle_path.parent.stat().st_mode & 0o777) == 0o700  # private
        _assert_no_data_copy(work)  # never in the shared report folder
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # kill -9 the run and its kernels
        proc.communicate(timeout=60)
    assert pickle_path.exists()  # nothing could clean up after kill -9...
    _assert_no_data_copy(work / "reports")
    # ...so the next run removes it (its lock died with the process); this next run is
    # in-process, its kernels replaced by the template-like fake of test_reports_folder
    from test_reports_folder import TemplateLikeFake

    monkeypatch.setattr(runner.tempfile, "tempdir", str(tmpdir))
    batch = runner.run_reports(["T01"], work / "reports", execute=TemplateLikeFake(),
                               progress=False)
    assert not batch.failed
    assert not pickle_path.parent.exists()
    # neither the leftover nor this run's own folder (jupyter_client's connection file of
    # the killed kernel, tmp*.json, may remain: ports and a key of a dead kernel, no data)
    assert list(tmpdir.glob(f"{runner.RUN_PREFIX}*")) == []


def test_a_live_run_folder_is_not_taken_for_a_stale_one(tmp_path, monkeypatch):
    monkeypatch.setattr(runner.tempfile, "tempdir", str(tmp_path))
    live, fd = runner._new_run_dir()
    try:
        assert runner.remove_stale_runs() == []
        assert live.exists()
    finally:
        os.close(fd)
    assert runner.remove_stale_runs() == [live]
    # a folder left inside the report folder by the versions before this fix
    out = tmp_path / "reports"
    legacy = out / ".valuekit-run-abc123"
    legacy.mkdir(parents=True)
    (legacy / "tables.pickle").write_bytes(b"customer data")
    old = time.time() - 2 * runner.STALE_GRACE
    os.utime(legacy, (old, old))
    assert runner.remove_stale_runs(out) == [legacy]


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_and_terminate_remove_the_data_copy(tmp_path, sig, code):
    proc, tmpdir, work = _start(tmp_path)
    try:
        pickle_path = _wait_for_data_copy(proc, tmpdir)
        proc.send_signal(sig)
        _out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("valuekit: ")
    assert not pickle_path.parent.exists()
    assert list(tmpdir.iterdir()) == []
    _assert_no_data_copy(work)
