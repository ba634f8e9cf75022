"""The report batch on Dask (``valuekit report --scheduler``), on a loopback LocalCluster.

- One batch of every sample team on a LocalCluster of 2 workers, during which one worker
  is killed (SIGKILL) in the middle of a report: every report's figures equal
  :func:`valuekit.team_report.build` for its team (the reference the in-process runner is
  held to in test_reports_batch.py, so the two back ends give the same figures), every
  report is written exactly once, and the summary and index say 12 of 12.
- The client killed (SIGKILL) mid-batch: every file in the output folder is complete, no
  temporary file and no copy of the data is left there.
- Bad ``--scheduler`` values and an unreachable scheduler fail before any kernel starts.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

import cloudpickle  # noqa: E402  (a dependency of distributed)

from valuekit import cli, team_report  # noqa: E402
from valuekit.reports import dask_backend, history, runner  # noqa: E402

pytestmark = pytest.mark.slow

# the workers cannot import this test module: send its helpers by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])

ROOT = Path(__file__).resolve().parents[1]
KILLED_TEAM = "T05"  # its first attempt kills its worker: some reports are done by then


def _json(x):
    return json.loads(json.dumps(x, allow_nan=False))


class KillWorkerOnce:
    """papermill's execute_notebook, except that the first attempt at ``team`` kills the
    worker process running it (as the OOM killer or a lost node would)."""

    def __init__(self, marker: Path, team: str):
        self.marker, self.team = str(marker), team

    def __call__(self, *args, **kwargs):
        import papermill

        # every worker's private run folder (the kernels' working directory), for the test
        with open(self.marker + ".dirs", "a", encoding="utf-8") as log:
            log.write(kwargs["resources"]["metadata"]["path"] + "\n")
        if kwargs["parameters"]["team"] == self.team:
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass  # the retry: run normally
            else:
                os.write(fd, kwargs["resources"]["metadata"]["path"].encode())
                os.close(fd)
                os.kill(os.getpid(), signal.SIGKILL)
        return papermill.execute_notebook(*args, **kwargs)


@pytest.fixture(scope="module")
def dask_batch(tmp_path_factory):
    """All 12 sample teams on a LocalCluster of 2 workers; one worker killed mid-batch.
    Records every file the client writes."""
    out = tmp_path_factory.mktemp("dask-reports")
    # the workers' temporary folder: private to this test, so that no other run on the
    # machine cleans up the killed worker's folder before the test looks at it
    worker_tmp = tmp_path_factory.mktemp("worker-tmp")
    marker = tmp_path_factory.mktemp("marker") / "killed.pid"
    writes: list[Path] = []
    real_write = dask_backend.atomic_write_text

    def counting_write(path, text, *args, **kwargs):
        writes.append(Path(path))
        return real_write(path, text, *args, **kwargs)

    dask_backend.atomic_write_text = counting_write
    old_tmpdir = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(worker_tmp)  # read by the worker processes as they start
    try:
        batch = runner.run_reports(
            ["all"], out, jobs=2, scheduler="local", progress=False,
            execute=KillWorkerOnce(marker, KILLED_TEAM),
        )
    finally:
        dask_backend.atomic_write_text = real_write
        if old_tmpdir is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old_tmpdir
    return out, batch, writes, marker, worker_tmp


def test_every_report_on_dask_has_the_in_process_figures(dask_batch, sample):
    _, batch, _, _, _ = dask_batch
    tables = team_report.load_tables()
    assert [r.team.team_id for r in batch.results] == [t for t, _ in team_report.team_list(tables)]
    assert len(batch.results) == 12
    for r in batch.results:
        assert r.ok, r.error
        expected = _json(team_report.build(tables, r.team.team_id).figures)
        kept = {k: v for k, v in r.figures.items() if k != "changes"}
        assert kept == expected, r.team.team_id
        # the change since last period travels back from the workers too
        assert r.figures["changes"]["compare_to"] == "2025-11-30"
        # the client writes the figures file and the period's history, as in-process
        assert r.figures_file is not None and r.figures_file.is_file()
        assert (r.figures_file.parent / "history" / "2025-12-31").is_dir()
        # and what the client wrote is the figures' page: the team name is in the HTML
        assert r.html.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_a_worker_killed_mid_batch_loses_no_report_and_writes_none_twice(dask_batch):
    out, batch, writes, marker, _ = dask_batch
    assert marker.is_file(), "the worker was not killed: the test proved nothing"
    assert batch.failed == []
    htmls = [p.name for p in writes if p.suffix == ".html"]
    assert sorted(htmls) == sorted({f"{r.team.stem}.html" for r in batch.results})
    assert len(htmls) == len(set(htmls)) == 12  # each exactly once
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))["reports"]
    assert len(index) == 12 and all(e["error"] is None for e in index.values())
    figures = [h.removesuffix(".html") + ".figures.json" for h in htmls]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        htmls + figures + ["history", "index.html", "index.json"])


def test_no_worker_keeps_a_copy_of_the_data(dask_batch):
    """The live workers removed their private data folder when the batch ended; the killed
    worker could not, and the next run removes it (its lock is free)."""
    _, _, _, marker, worker_tmp = dask_batch
    killed = Path(marker.read_text(encoding="utf-8"))
    dirs = {Path(d) for d in Path(str(marker) + ".dirs").read_text().split()}
    assert killed in dirs and len(dirs) >= 3  # two workers, and the one that replaced one
    assert all(d.parent == worker_tmp for d in dirs)
    assert [d for d in dirs if d.exists()] == [killed]
    assert (killed / "tables.pickle").is_file()
    old, tempfile.tempdir = tempfile.tempdir, str(worker_tmp)
    try:
        assert runner.remove_stale_runs() == [killed]
    finally:
        tempfile.tempdir = old
    assert not killed.exists()


def test_killing_the_client_mid_batch_leaves_only_whole_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "valuekit", "report", "--team", "all", "--scheduler", "local",
         "--jobs", "2", "--out", str(out), "--quiet"],
        cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while not list(out.glob("*.html")):
            assert proc.poll() is None, "the batch ended before any report was written"
            assert time.monotonic() < deadline, "no report written in 180 s"
            time.sleep(0.05)
        proc.kill()  # SIGKILL: no clean-up code runs
        proc.wait()
    finally:
        # the LocalCluster's scheduler and workers were the client's children
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    time.sleep(1.5)  # orphaned kernels notice their parent is gone and exit
    names = sorted(p.name for p in out.iterdir())
    assert 1 <= len([n for n in names if n.endswith(".html")]) < 12, names
    # a write cut by SIGKILL can leave its hidden temporary file (never a report's name);
    # the next run into the folder removes it once no live writer can own it
    leftovers = [n for n in names if n.startswith(".")]
    # (the client writes each report's figures file right after its page: it can be cut)
    assert all(re.fullmatch(r"\.(index\.json|index\.html|.+\.html|.+\.figures\.json)\.\w+\.tmp",
                            n)
               for n in leftovers), leftovers
    old = time.time() - runner.STALE_GRACE - 1
    for n in leftovers:
        os.utime(out / n, (old, old))
    assert sorted(p.name for p in runner.remove_stale_temporaries(out)) == leftovers
    names = sorted(p.name for p in out.iterdir())
    for name in names:
        if name == "history":  # each period's figures files (valuekit.reports.history)
            continue
        assert name.endswith((".html", ".json")), f"stray file {name}"
        text = (out / name).read_text(encoding="utf-8")
        if name.endswith(".html"):
            assert text.rstrip().endswith("</html>"), f"{name} is cut short"
        else:
            json.loads(text)
    runner.remove_stale_runs()  # the dead client's private data copy goes on the next run


def test_with_a_saved_previous_run_dask_compares_with_it_as_in_process(tmp_path):
    """The output folder holds last month's saved figures for T01, and they differ from
    what the data give today (a corrected record): both back ends compare with the saved
    figures (issue 17), so their change columns are equal. T02 has no saved run: both
    compute its previous figures from the data."""
    tables = team_report.load_tables()
    stems = dict(zip(["T01", "T02"], [r.stem for r in runner.plan_teams(
        team_report.team_list(tables), ["T01", "T02"])], strict=True))
    saved = _json(team_report.build(tables, "T01", period_end="2025-11-30").figures)
    first = next(k for k, _ in team_report.HEADLINE if k in saved["headline"]
                 and isinstance(saved["headline"][k]["team"], int | float))
    saved["headline"][first]["team"] += 7  # not what the data give
    folders = {}
    for side in ("in-process", "dask"):
        folders[side] = tmp_path / side
        folders[side].mkdir()
        history.save_figures(folders[side], stems["T01"], saved, "2025-11-30")
    batches = {
        "in-process": runner.run_reports(["T01", "T02"], folders["in-process"], jobs=1,
                                         progress=False),
        "dask": runner.run_reports(["T01", "T02"], folders["dask"], jobs=1,
                                   scheduler="local", progress=False),
    }
    changes = {side: {r.team.team_id: r.figures["changes"] for r in b.results}
               for side, b in batches.items()}
    assert changes["dask"] == changes["in-process"]
    t01 = changes["dask"]["T01"]
    assert t01["source"] == "saved"
    assert t01["headline"][first]["previous"] == saved["headline"][first]["team"]
    assert changes["dask"]["T02"]["source"] == "data"
    # what each wrote next to the report carries the same comparison
    for side, b in batches.items():
        for r in b.results:
            assert history.load_figures(r.figures_file)["changes"] == changes[side][
                r.team.team_id]


@pytest.mark.parametrize("value", ["", "nowhere", "tcp://host", "tcp://host:port", "a b:1"])
def test_bad_scheduler_is_refused_before_any_kernel(tmp_path, value):
    with pytest.raises(ValueError, match="--scheduler"):
        runner.run_reports(["all"], tmp_path, scheduler=value, progress=False,
                           execute=_never)


def _never(*args, **kwargs):  # pragma: no cover - must not run
    raise AssertionError("a report ran")


def test_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(dask_backend, "CONNECT_TIMEOUT", 2)
    code = cli.main(["report", "--team", "T01", "--scheduler", "tcp://127.0.0.1:9",
                     "--out", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert not list(tmp_path.glob("*.html"))


def test_pdf_with_a_scheduler_is_refused(tmp_path, monkeypatch):
    from valuekit.reports import pdf

    monkeypatch.setattr(pdf, "require_chromium", lambda: "/usr/bin/chromium")
    with pytest.raises(ValueError, match="pdf"):
        runner.run_reports(["all"], tmp_path, scheduler="local", formats=["html", "pdf"],
                           progress=False, execute=_never)


def test_a_local_cluster_leaves_this_process_environment_as_it_was(monkeypatch):
    # each nanny puts Dask's pre-spawn settings (MALLOC_TRIM_THRESHOLD_, OMP_NUM_THREADS...)
    # into this process's os.environ; kernels started afterwards would inherit them
    for name in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                 "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    before = dict(os.environ)
    seen = {}
    with dask_backend._client(dask_backend.LOCAL, 1, quiet=True) as client:
        seen = client.run(lambda: (os.environ.get("OMP_NUM_THREADS"),
                                   os.environ.get("MALLOC_TRIM_THRESHOLD_")))
    # the worker (and its kernels) gets Dask's settings, less the malloc trim that cost
    # the kernels system time (LOCAL_CONFIG); this process gets none of them
    assert list(seen.values()) == [("1", None)]
    assert dict(os.environ) == before
