"""Issue 9, reports half: what the runner does with real folders and real data, with
papermill replaced by a fake that runs the report the way the template does (from the
runner's pickle of the tables, every section rendered), so everything after execution
(HTML export, offline check, atomic writes, index) runs for real. The runs with real
kernels (relative paths, signals, kill -9) are in tests/test_reports_paths.py.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import unicodedata
from pathlib import Path

import nbformat
import pytest

from valuekit import cli, data, team_report
from valuekit.reports import render, runner
from valuekit.reports.export import external_urls
from valuekit.reports.naming import report_stems

SECTIONS = ("header", "headline", "actions", "funnel", "win_loss", "forecast", "customers",
            "adopters", "notes")


class TemplateLikeFake:
    """Does what reports/team_report.ipynb does, in this process: loads the tables from the
    runner's pickle (``data_cache``), builds the figures and renders every section."""

    def __init__(self, fail=(), barrier: threading.Barrier | None = None):
        self.fail = set(fail)
        self.barrier = barrier
        self.calls: list[dict] = []
        self.lock = threading.Lock()

    def __call__(self, input_path, output_path, parameters=None, **kwargs):
        with self.lock:
            self.calls.append(dict(parameters))
        if self.barrier is not None:
            self.barrier.wait(timeout=30)  # both batches are running at this moment
        team = parameters["team"]
        if team in self.fail:
            raise RuntimeError(f"injected failure for {team}")
        tables = team_report.load_tables(parameters["data_dir"], cache=parameters["data_cache"])
        report = team_report.build(tables, team, parameters["period_end"],
                                   parameters["language"])
        nb = nbformat.v4.new_notebook()
        figures = nbformat.v4.new_code_cell("render.publish_figures(report)")
        figures.outputs = [nbformat.v4.new_output(
            "display_data", data={render.FIGURES_MIME: report.figures, "text/plain": "f"})]
        nb.cells = [figures]
        for section in SECTIONS:
            cell = nbformat.v4.new_code_cell(f"render.{section}(report)")
            cell.outputs = [nbformat.v4.new_output(
                "display_data", data={"text/html": str(getattr(render, section)(report))})]
            nb.cells.append(cell)
        return nb


def _stems() -> dict[str, str]:
    return report_stems(team_report.team_list(team_report.load_tables()))


def _data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in team_report.REPORT_TABLES:
        shutil.copy(data.SAMPLE_DIR / f"{name}.csv", folder / f"{name}.csv")
    return folder


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _index(out: Path) -> str:
    return (out / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# A failed run never removes a good report


def test_a_failed_run_keeps_the_good_report_of_an_earlier_run(tmp_path):
    out = tmp_path / "out"
    first = runner.run_reports(["T03"], out, execute=TemplateLikeFake(), progress=False)
    good = first.results[0].html.read_text(encoding="utf-8")
    second = runner.run_reports(["T03"], out, execute=TemplateLikeFake(fail={"T03"}),
                                progress=False)
    assert second.failed and "injected failure for T03" in second.failed[0].error
    assert (out / f"{_stems()['T03']}.html").read_text(encoding="utf-8") == good
    index = _index(out)
    # still linked, and marked: this run failed, the report is from an earlier run
    assert f'href="{_stems()["T03"]}.html"' in index
    assert "injected failure for T03" in index and "from an earlier run" in index


# ---------------------------------------------------------------------------------------
# One index for the folder, whichever batch wrote the reports


def test_batches_one_after_the_other_are_all_in_the_index(tmp_path):
    out = tmp_path / "out"
    runner.run_reports(["T01", "T02"], out, execute=TemplateLikeFake(), progress=False)
    runner.run_reports(["T05"], out, execute=TemplateLikeFake(), progress=False,
                       period_end="2025-06-30")
    index = _index(out)
    stems = _stems()
    for team in ("T01", "T02", "T05"):
        assert f'href="{stems[team]}.html"' in index, team
    assert "3 teams" in index
    assert "2025-06-30" in index and "2025-12-31" in index  # each report's own date
    assert external_urls(index) == []


def test_two_batches_at_once_both_end_up_in_the_index(tmp_path):
    out = tmp_path / "out"
    barrier = threading.Barrier(2)
    fake = TemplateLikeFake(barrier=barrier)
    errors: list[BaseException] = []

    def batch(teams):
        try:
            runner.run_reports(teams, out, execute=fake, progress=False, jobs=1)
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=batch, args=(teams,))
               for teams in (["T01", "T02"], ["T07", "T08"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    index = _index(out)
    stems = _stems()
    for team in ("T01", "T02", "T07", "T08"):
        assert f'href="{stems[team]}.html"' in index, team
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp file left


def test_a_report_deleted_by_hand_leaves_the_index(tmp_path):
    out = tmp_path / "out"
    runner.run_reports(["T01", "T02"], out, execute=TemplateLikeFake(), progress=False)
    (out / f"{_stems()['T01']}.html").unlink()
    runner.run_reports(["T03"], out, execute=TemplateLikeFake(), progress=False)
    index = _index(out)
    assert _stems()["T01"] not in index and _stems()["T02"] in index


# ---------------------------------------------------------------------------------------
# The offline check reads markup, not text


def test_a_product_named_like_a_css_url_does_not_block_the_reports(tmp_path):
    folder = _data_copy(tmp_path)
    name = "Consulting url(https://acme.example)"
    _replace_in(folder / "products.csv", "Campaign Analytics Consulting", name)
    out = tmp_path / "out"
    batch = runner.run_reports(["T01", "T06"], out, data_dir=folder,
                               execute=TemplateLikeFake(), progress=False)
    assert not batch.failed, [r.error for r in batch.failed]
    page = batch.results[0].html.read_text(encoding="utf-8")
    assert "Consulting url(https://acme.example)" in page  # shown as text, escaped
    assert external_urls(page) == []


def test_a_report_that_really_loads_a_url_is_still_refused(tmp_path, monkeypatch):
    real = render.notes

    def notes_with_an_image(report):
        return render.HTMLBlock(str(real(report)) + '<img src="https://tracker.example/p.gif">')

    monkeypatch.setattr(render, "notes", notes_with_an_image)
    out = tmp_path / "out"
    batch = runner.run_reports(["T01"], out, execute=TemplateLikeFake(), progress=False)
    assert batch.failed and "would load 1 external URL" in batch.failed[0].error
    assert "https://tracker.example/p.gif" in batch.failed[0].error
    assert not (out / f"{_stems()['T01']}.html").exists()


# ---------------------------------------------------------------------------------------
# The output folder: one line, exit 2, before any kernel


def test_out_inside_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    fake = TemplateLikeFake()
    with pytest.MonkeyPatch.context() as mp:
        import papermill

        mp.setattr(papermill, "execute_notebook", fake)
        code = cli.main(["report", "--team", "T01", "--out", str(blocker / "reports"),
                         "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("valuekit: error: --out must be a folder;")
    assert "is inside the file" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert fake.calls == []


def test_read_only_out_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    """A folder the user may not write to. Root writes anywhere, so as root (this machine's
    test runs) the refusal the kernel would give is injected where the runner probes the
    folder; as any other user the folder really is read-only."""
    import os

    import papermill

    ro = tmp_path / "shared"
    ro.mkdir()
    ro.chmod(0o555)
    if os.geteuid() == 0:
        def refuse(*args, dir=None, **kwargs):
            if dir is not None and Path(dir) == ro:
                raise PermissionError(13, "Permission denied", str(dir))
            return real_mkstemp(*args, dir=dir, **kwargs)

        real_mkstemp = tempfile.mkstemp
        monkeypatch.setattr(runner.tempfile, "mkstemp", refuse)
    fake = TemplateLikeFake()
    monkeypatch.setattr(papermill, "execute_notebook", fake)
    try:
        code = cli.main(["report", "--team", "T01", "--out", str(ro), "--quiet"])
    finally:
        ro.chmod(0o755)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"valuekit: error: cannot write to the output folder {ro}: "
                          "Permission denied")
    assert len(err.strip().splitlines()) == 1
    assert fake.calls == []


# ---------------------------------------------------------------------------------------
# Data a report cannot fully cover: a marked section, or a refusal that says why


def test_an_overlay_team_that_owns_no_account_gets_a_report(tmp_path):
    folder = _data_copy(tmp_path)
    accounts = folder / "accounts.csv"
    lines = accounts.read_text(encoding="utf-8").splitlines()
    col = lines[0].split(",").index("team_id")
    moved = [line.split(",") for line in lines[1:]]
    for cells in moved:
        if cells[col] == "T04":
            cells[col] = "T03"  # T04 works T03's accounts: it owns none itself
    accounts.write_text("\n".join([lines[0], *(",".join(c) for c in moved)]) + "\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    batch = runner.run_reports(["T04", "T03"], out, data_dir=folder,
                               execute=TemplateLikeFake(), progress=False)
    assert not batch.failed, [r.error for r in batch.failed]
    page = batch.results[0].html.read_text(encoding="utf-8")
    assert "Not enough data: the team has no customer with a running contract" in page
    assert batch.results[0].figures["headline"]["clv"]["team"] is None  # n/a, not $0


def test_period_end_after_the_data_gives_reports_with_the_section_marked(tmp_path):
    out = tmp_path / "out"
    batch = runner.run_reports(["T01"], out, period_end="2031-01-01",
                               execute=TemplateLikeFake(), progress=False)
    assert not batch.failed, [r.error for r in batch.failed]
    page = batch.results[0].html.read_text(encoding="utf-8")
    assert "Not enough data" in page and "2031-01-01" in page


def test_year_0001_is_refused_before_any_kernel_with_the_reason(tmp_path, capsys,
                                                                 monkeypatch):
    import papermill

    fake = TemplateLikeFake()
    monkeypatch.setattr(papermill, "execute_notebook", fake)
    code = cli.main(["report", "--team", "all", "--out", str(tmp_path / "o"),
                     "--period-end", "0001-01-01", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert ("--period-end 0001-01-01 is before the data (the first opportunity in the data "
            "was opened on 2023-01-01)") in err
    assert "out of range" not in err and fake.calls == []


# ---------------------------------------------------------------------------------------
# Names: Unicode forms and terminal control characters


def test_a_decomposed_team_name_matches_the_composed_one_typed(tmp_path):
    folder = _data_copy(tmp_path)
    stored = unicodedata.normalize("NFD", "Ventas Península")
    assert stored != "Ventas Península"  # really decomposed in the file
    _replace_in(folder / "teams.csv", "North Commercial", stored)
    out = tmp_path / "out"
    batch = runner.run_reports(["Ventas Península"], out, data_dir=folder,
                               execute=TemplateLikeFake(), progress=False)
    assert [r.team.team_id for r in batch.results] == ["T02"]
    assert not batch.failed
    # and the other way round: stored composed, typed decomposed
    tables = team_report.load_tables(folder)
    teams = [(tid, unicodedata.normalize("NFC", n)) for tid, n in team_report.team_list(tables)]
    assert team_report.find_team_id(teams, stored) == "T02"


def test_control_characters_in_names_are_escaped_on_the_terminal(tmp_path, capsys,
                                                                  monkeypatch):
    import papermill

    folder = _data_copy(tmp_path)
    # a bidi override is not a control character to the loader, but it reorders the line
    _replace_in(folder / "teams.csv", "North Commercial", "North \u202eCommercial")
    monkeypatch.setattr(papermill, "execute_notebook", TemplateLikeFake(fail={"T02"}))
    assert cli.main(["report", "--team", "Atlantis", "--data", str(folder),
                     "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "\u202e" not in err and "North \\u202eCommercial" in err
    assert cli.main(["report", "--team", "T02", "--data", str(folder),
                     "--out", str(tmp_path / "o"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "\u202e" not in err and "North \\u202eCommercial (T02): RuntimeError" in err
    # ESC sequences (the loader now refuses them in the CSV, naming the line): never raw
    _replace_in(folder / "teams.csv", "North \u202eCommercial", "Evil\x1b[2J\x1b]0;pwned\x07")
    assert cli.main(["report", "--team", "T02", "--data", str(folder),
                     "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "teams.csv" in err


def test_an_error_carrying_terminal_colours_is_printed_escaped(tmp_path, capsys,
                                                               monkeypatch):
    import papermill

    class Coloured(TemplateLikeFake):
        def __call__(self, input_path, output_path, parameters=None, **kwargs):
            raise RuntimeError("\x1b[31mZeroDivisionError\x1b[0m: division by zero")

    monkeypatch.setattr(papermill, "execute_notebook", Coloured())
    assert cli.main(["report", "--team", "T01", "--out", str(tmp_path / "o"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31mZeroDivisionError" in err


def test_printable_keeps_chinese_and_escapes_bidi_overrides():
    from valuekit._terminal import printable

    assert printable("华东 大客户部") == "华东 大客户部"
    assert printable("abc\u202edef\r\n") == "abc\\u202edef\\x0d\\x0a"


def test_an_interrupted_batch_leaves_its_reports_on_record(tmp_path):
    out = tmp_path / "out"

    class Interrupting(TemplateLikeFake):
        def __call__(self, input_path, output_path, parameters=None, **kwargs):
            if parameters["team"] == "T03":
                raise KeyboardInterrupt
            return super().__call__(input_path, output_path, parameters, **kwargs)

    with pytest.raises(KeyboardInterrupt):
        runner.run_reports(["T01", "T02", "T03"], out, jobs=1, execute=Interrupting(),
                           progress=False)
    assert not (out / "index.html").exists()  # nothing written after the interrupt
    runner.run_reports(["T05"], out, execute=TemplateLikeFake(), progress=False)
    index = _index(out)
    for team in ("T01", "T02", "T05"):  # the next batch's index lists the earlier reports
        assert f'href="{_stems()[team]}.html"' in index, team
