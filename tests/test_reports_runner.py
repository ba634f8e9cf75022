"""The batch runner's safety, with papermill replaced by a fake (no kernel starts here).

The fake "executes" the template by computing the team's figures with
valuekit.team_report and returning a notebook shaped like an executed report, so
everything after execution (figures extraction, HTML export, atomic writes, the
index) runs for real. tests/test_reports_batch.py runs real kernels.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import threading
from pathlib import Path
from unittest import mock

import nbformat
import pytest

from valuekit import cli, team_report
from valuekit.reports import render, runner
from valuekit.reports.export import external_urls

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "report_templates" / "team_report.ipynb"


class ExecutionError(Exception):
    """Stands in for papermill.PapermillExecutionError (which carries ename/evalue)."""

    def __init__(self, ename, evalue):
        super().__init__(f"{ename}: {evalue}")
        self.ename, self.evalue = ename, evalue


class FakePapermill:
    """Records calls; returns an executed-looking notebook; fails or interrupts on request."""

    def __init__(self, fail=(), interrupt_on=None):
        self.calls: list[dict] = []
        self.fail = set(fail)
        self.interrupt_on = interrupt_on
        self.lock = threading.Lock()
        self.tables = team_report.load_tables()

    def __call__(self, input_path, output_path, parameters=None, **kwargs):
        with self.lock:
            self.calls.append({"input_path": input_path, "parameters": parameters, **kwargs})
        team = parameters["team"]
        if team == self.interrupt_on:
            raise KeyboardInterrupt
        if team in self.fail:
            raise ExecutionError("ZeroDivisionError", f"injected failure for {team}")
        report = team_report.build(self.tables, team, parameters["period_end"])
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("render.publish_figures(report)")
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data",
                data={render.FIGURES_MIME: report.figures, "text/plain": "figures"},
            ),
            nbformat.v4.new_output(
                "display_data", data={"text/html": str(render.headline(report))}
            ),
        ]
        nb.cells = [cell]
        return nb


@pytest.fixture
def fake():
    return FakePapermill()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---------------------------------------------------------------------------------------
# Bad input: a clear error and no kernel


def test_unknown_team_lists_valid_teams_and_starts_nothing(tmp_path, fake):
    out = tmp_path / "out"
    with pytest.raises(ValueError) as err:
        runner.run_reports(["T01", "Atlantis"], out, execute=fake)
    message = str(err.value)
    assert "unknown team 'Atlantis'" in message
    assert "T06 (East Public Sector)" in message and "T12 (West Public Sector)" in message
    assert fake.calls == []
    assert not out.exists()


def _broken_data_dir(tmp_path: Path) -> Path:
    from valuekit import data

    folder = tmp_path / "data"
    folder.mkdir()
    for name in team_report.REPORT_TABLES:
        shutil.copy(data.SAMPLE_DIR / f"{name}.csv", folder / f"{name}.csv")
    path = folder / "opportunities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",L,", ",LOST,").replace(",W,", ",WON,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_bad_data_dir_gives_the_loader_error_and_starts_nothing(tmp_path, fake):
    from valuekit.data import DataError

    with pytest.raises(DataError) as err:
        runner.run_reports(["all"], tmp_path / "out", data_dir=_broken_data_dir(tmp_path),
                           execute=fake)
    assert "opportunities.csv" in str(err.value) and "status" in str(err.value)
    assert fake.calls == []
    with pytest.raises(ValueError, match="missing|not found|no such|does not exist"):
        runner.run_reports(["all"], tmp_path / "out", data_dir=tmp_path / "nowhere",
                           execute=fake)
    assert fake.calls == []
    assert not (tmp_path / "out").exists()


def test_out_must_be_a_folder(tmp_path, fake):
    target = tmp_path / "report.html"
    target.write_text("not a folder")
    with pytest.raises(ValueError, match="must be a folder"):
        runner.run_reports(["all"], target, execute=fake)
    assert fake.calls == []


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"language": "xx"}, "language 'xx'"),
        ({"period_end": "31/12/2025"}, "YYYY-MM-DD"),
        ({"jobs": 0}, "jobs must be 1 or more"),
        ({"formats": ["docx"]}, "unknown report format"),
        ({"template": "nowhere.ipynb"}, "template not found"),
        ({"teams": []}, "no team given"),
    ],
)
def test_other_bad_input_fails_before_any_kernel(tmp_path, fake, kwargs, match):
    args = {"teams": ["all"], **kwargs}
    with pytest.raises(ValueError, match=match):
        runner.run_reports(args.pop("teams"), tmp_path / "out", execute=fake, **args)
    assert fake.calls == []


def test_cli_unknown_team_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    import papermill

    spy = mock.Mock(side_effect=AssertionError("no kernel may start"))
    monkeypatch.setattr(papermill, "execute_notebook", spy)
    code = cli.main(["report", "--team", "Atlantis", "--out", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("valuekit: error: unknown team 'Atlantis'")
    assert "Traceback" not in err
    spy.assert_not_called()


# ---------------------------------------------------------------------------------------
# A batch


def test_batch_writes_reports_and_index(tmp_path, fake):
    out = tmp_path / "out"
    batch = runner.run_reports(["T06", "West Enterprise", "T06"], out, jobs=2, execute=fake,
                               keep_ipynb=True, progress=False)
    assert [r.team.team_id for r in batch.results] == ["T06", "T10"]  # duplicates once
    assert not batch.failed
    names = _files(out)
    assert "index.html" in names
    assert not any(n.startswith(".") for n in names)  # no temporary file, no run folder
    for r in batch.results:
        page = r.html.read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>")
        assert render.FIGURES_MIME not in page  # the figures output is not shown
        assert external_urls(page) == []
        kept = nbformat.read(r.ipynb, as_version=4)
        assert kept.metadata["valuekit"]["figures"] == r.figures
    index = (out / "index.html").read_text(encoding="utf-8")
    assert external_urls(index) == []
    for r in batch.results:
        assert f'href="{r.html.name}"' in index
    # parameters: the team id and the run's settings, never code
    params = [c["parameters"] for c in fake.calls]
    assert {p["team"] for p in params} == {"T06", "T10"}
    assert all(p["period_end"] == "2025-12-31" and p["language"] == "en" for p in params)
    assert all(Path(p["data_cache"]).name == "tables.pickle" for p in params)
    assert all(c["kernel_manager_class"].__name__ == "BatchKernelManager" for c in fake.calls)


def test_one_failing_team_does_not_stop_the_others(tmp_path, capsys, monkeypatch):
    import papermill

    out = tmp_path / "out"
    out.mkdir()
    stale = out / f"{_stem('T03')}.html"
    stale.write_text("<html>last month's report</html>")
    fake = FakePapermill(fail={"T03"})
    monkeypatch.setattr(papermill, "execute_notebook", fake)
    code = cli.main(["report", "--team", "T02", "T03", "T04", "--out", str(out), "--jobs", "2",
                     "--quiet"])
    captured = capsys.readouterr()
    assert code == 1
    assert "North Public Sector (T03): ZeroDivisionError: injected failure for T03" in captured.err
    assert "wrote 2 of 3" in captured.out
    assert (out / f"{_stem('T02')}.html").exists() and (out / f"{_stem('T04')}.html").exists()
    # a failed run never removes a report that is already there; the index says it failed
    assert stale.read_text() == "<html>last month's report</html>"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "failed: ZeroDivisionError: injected failure for T03" in index


def _stem(team_id: str) -> str:
    from valuekit.reports.naming import report_stems

    return report_stems(team_report.team_list(team_report.load_tables()))[team_id]


def test_interrupt_mid_batch_leaves_only_complete_files(tmp_path, monkeypatch):
    """Ctrl-C during the third team: the first two reports are complete, nothing else is
    written (no index, no temporary file, no run folder) and the interrupt propagates."""
    out = tmp_path / "out"
    fake = FakePapermill(interrupt_on="T03")
    with pytest.raises(KeyboardInterrupt):
        runner.run_reports(["T01", "T02", "T03", "T04", "T05"], out, jobs=1, execute=fake,
                           progress=False)
    names = _files(out)
    # the two reports, their figures (next to them and in the history), and their record
    # (the next batch's index lists them)
    assert names == sorted([f"{_stem('T01')}.html", f"{_stem('T02')}.html", "index.json",
                            f"{_stem('T01')}.figures.json", f"{_stem('T02')}.figures.json",
                            "history"])
    for name in (n for n in names if n.endswith(".html")):
        assert (out / name).read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert [c["parameters"]["team"] for c in fake.calls] == ["T01", "T02", "T03"]


class CountingManifest:
    """Stands in for runner._write_manifest: counts the writes of index.json and the
    entries each rewrites (the file is rewritten whole: its entries are the write's cost)."""

    def __init__(self):
        self.real = runner._write_manifest
        self.entries: list[int] = []

    def __call__(self, out_dir, entries):
        self.entries.append(len(entries))
        return self.real(out_dir, entries)


def _results(n: int, out: Path) -> list[runner.ReportResult]:
    return [runner.ReportResult(runner.Team(f"T{i}", f"Team {i}", f"team-{i}"), ok=True,
                                html=out / f"team-{i}.html", figures={"title": f"{i}"})
            for i in range(n)]


@pytest.mark.parametrize("n", [100, 1000, 3000])
def test_index_records_grow_linearly_not_with_n_squared(tmp_path, monkeypatch, n):
    """One record per report rewrites 1 + 2 + ... + n = n(n+1)/2 entries (4.5 million
    at 3,000 reports); recorded in groups, the entries rewritten stay within a constant
    times n and the writes grow like log n. Counted, not timed."""
    counting = CountingManifest()
    monkeypatch.setattr(runner, "_write_manifest", counting)
    recorder = runner.IndexRecorder(tmp_path, language="en", period_end="2025-12-31")
    with recorder.flushed():
        for r in _results(n, tmp_path):  # one by one, as the in-process runner hands them
            recorder.add(r)
    assert len(runner._read_manifest(tmp_path)) == n  # every report on record
    assert recorder.recorded == n and recorder.records == len(counting.entries)
    assert sum(counting.entries) <= 10 * n + 300  # n(n+1)/2 one by one
    # 8 groups of 8, then each group an eighth of what is recorded: log(n/64)/log(9/8)
    assert len(counting.entries) <= 8 + math.ceil(math.log(n / 64) / math.log(9 / 8)) + 1


def test_a_batch_records_its_reports_in_groups_and_all_of_them(tmp_path, monkeypatch, fake):
    counting = CountingManifest()
    monkeypatch.setattr(runner, "_write_manifest", counting)
    out = tmp_path / "out"
    batch = runner.run_reports(["all"], out, jobs=1, execute=fake, progress=False)
    assert len(batch.succeeded) == 12
    # a group of RECORD_EVERY (8), then the rest at the end: 2 writes, not 12
    assert counting.entries == [runner.RECORD_EVERY, 12]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))["reports"]
    assert sorted(index) == sorted(r.team.stem for r in batch.results)


def test_an_interrupt_records_the_reports_already_written(tmp_path, monkeypatch):
    """Fewer reports than a group were written when Ctrl-C came: they are recorded anyway
    (the files are complete), and nothing else is written."""
    counting = CountingManifest()
    monkeypatch.setattr(runner, "_write_manifest", counting)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        runner.run_reports(["T01", "T02", "T03", "T04"], out, jobs=1,
                           execute=FakePapermill(interrupt_on="T04"), progress=False)
    assert counting.entries == [3]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))["reports"]
    assert sorted(index) == sorted(_stem(t) for t in ("T01", "T02", "T03"))
    assert not (out / "index.html").exists()


def test_interrupt_during_a_write_leaves_no_half_file(tmp_path, monkeypatch, fake):
    from valuekit import _files as atomic

    out = tmp_path / "out"
    real_replace = atomic.os.replace
    writes = []

    def replace(src, dst):
        if not str(dst).endswith(".html"):  # index.json: not what this test interrupts
            return real_replace(src, dst)
        writes.append(dst)
        if len(writes) == 2:  # the second report is being moved into place
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        runner.run_reports(["T01", "T02", "T03"], out, jobs=1, execute=fake, progress=False)
    names = _files(out)
    assert names == sorted([f"{_stem('T01')}.html", "index.json",
                            f"{_stem('T01')}.figures.json", "history"])
    assert (out / f"{_stem('T01')}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_cli_interrupt_exits_130(tmp_path, capsys, monkeypatch):
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", FakePapermill(interrupt_on="T01"))
    code = cli.main(["report", "--team", "T01", "--out", str(tmp_path / "o"), "--quiet"])
    assert code == 130
    assert "interrupted" in capsys.readouterr().err


def test_a_worker_reuses_its_kernel_until_a_report_fails(tmp_path):
    fake = FakePapermill(fail={"T02"})
    batch = runner.run_reports(["T01", "T02", "T03", "T04"], tmp_path / "out", jobs=1,
                               execute=fake, progress=False)
    assert [r.ok for r in batch.results] == [True, False, True, True]
    kms = [c["km"] for c in fake.calls]
    assert kms[0] is kms[1]  # the same kernel for the next report...
    assert kms[2] is not kms[1]  # ...but not after a failure
    assert kms[3] is kms[2]
    # the template the kernels get starts by clearing the previous report's namespace
    first = fake.calls[0]["input_path"].cells[0]
    assert first.source == runner.RESET_SOURCE and runner.RESET_TAG in first.metadata["tags"]


def test_fresh_kernels_start_one_kernel_per_report(tmp_path, fake):
    runner.run_reports(["T01", "T02"], tmp_path / "out", jobs=1, execute=fake, progress=False,
                       reuse_kernels=False)
    assert all("km" not in c for c in fake.calls)
    assert all(c["input_path"].cells[0].source != runner.RESET_SOURCE for c in fake.calls)


def test_pdf_without_chromium_is_refused_before_any_kernel(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("VALUEKIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(ValueError, match="--format pdf needs Chromium"):
        runner.run_reports(["T01"], tmp_path / "out", formats=["html", "pdf"], execute=fake)
    assert fake.calls == []


def test_pdf_is_printed_next_to_the_html(tmp_path, fake):
    from valuekit.reports.pdf import find_chromium

    if find_chromium() is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI=true and no Chromium to print PDFs with")
        pytest.skip("no Chromium on this machine")
    out = tmp_path / "out"
    batch = runner.run_reports(["T06"], out, formats=["html", "pdf"], execute=fake,
                               progress=False)
    result = batch.results[0]
    assert result.ok, result.error
    data = result.pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000
    assert result.pdf.with_suffix(".html") == result.html
    assert f'href="{result.pdf.name}"' in (out / "index.html").read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp file or profile


def test_template_without_figures_fails_that_team(tmp_path):
    def blank(*args, **kwargs):
        return nbformat.v4.new_notebook()

    batch = runner.run_reports(["T01"], tmp_path / "out", execute=blank, progress=False)
    assert batch.failed and "displayed no figures" in batch.failed[0].error


def test_kernels_run_this_python(tmp_path):
    import threading as th

    cls = runner._kernel_manager_class(set(), th.Lock(), quiet=True)
    km = cls(kernel_name="python3")
    assert km.kernel_spec.argv[0] == sys.executable
    assert km.kernel_spec.argv[1:3] == ["-m", "ipykernel_launcher"]


def test_default_template_has_the_parameters_the_runner_passes():
    import papermill

    params = papermill.inspect_notebook(str(TEMPLATE))
    assert set(params) == {"team", "period_end", "data_dir", "language", "data_cache",
                           "compare_to", "previous_figures"}
    nb = nbformat.read(TEMPLATE, as_version=4)
    assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code")
    assert all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    # short cells: the report's logic lives in valuekit, not in the template
    # (the parameters cell declares one value a line: not logic)
    assert max(len(c.source.splitlines()) for c in nb.cells if c.cell_type == "code"
               and "parameters" not in c.metadata.get("tags", [])) <= 6
