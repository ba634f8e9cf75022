"""The report batch for real: kernels, papermill, nbconvert.

- Every sample team's report is generated once (one batch, session fixture) and
  checked: every figure in it equals :func:`valuekit.team_report.build` for that
  team, the headline numbers are printed, no code shows, nothing is external.
- A data folder with hostile team ids and names (quotes, code, HTML, Chinese,
  names that slugify alike) and a template that fails for one team: the names
  stay data, files are safe and distinct, the failure is contained and reported.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from valuekit import cli, team_report
from valuekit.reports import runner
from valuekit.reports.export import external_urls

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "report_templates" / "team_report.ipynb"
SAFE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{8,}\.(html|ipynb)$")


def _json(x):
    return json.loads(json.dumps(x, allow_nan=False))


def _differences(a, b, path=""):
    """Paths where two JSON values differ (for a readable failure message)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            yield from _differences(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _differences(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"


# ---------------------------------------------------------------------------------------
# Every sample team, in one batch


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory):
    """A snapshot of the sample's CSVs: the batch and the expected figures read the same
    files even if someone regenerates datasets/ meanwhile."""
    from valuekit import data

    folder = tmp_path_factory.mktemp("sample")
    for name in team_report.REPORT_TABLES:
        shutil.copy(data.SAMPLE_DIR / f"{name}.csv", folder / f"{name}.csv")
    return folder


@pytest.fixture(scope="session")
def sample_batch(tmp_path_factory, sample_copy):
    out = tmp_path_factory.mktemp("reports")
    batch = runner.run_reports(["all"], out, data_dir=sample_copy, keep_ipynb=True,
                               progress=False)
    return out, batch


@pytest.fixture(scope="session")
def report_tables(sample_copy):
    return team_report.load_tables(sample_copy)


def _text(page: str) -> str:
    """The words a reader sees: tags, styles and scripts removed, entities decoded."""
    page = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def test_every_sample_team_has_a_report(sample_batch, report_tables):
    out, batch = sample_batch
    assert [r.error for r in batch.failed] == []
    assert len(batch.results) == len(team_report.team_list(report_tables)) == 12
    names = sorted(p.name for p in out.iterdir())
    assert "index.html" in names
    assert len([n for n in names if n.endswith(".html")]) == 13
    assert not [n for n in names if n.startswith(".")]  # no temporary file or run folder
    assert all(SAFE_NAME.match(n) for n in names if n not in ("index.html", "index.json"))


def test_every_figure_equals_team_report_build(sample_batch, report_tables):
    """The numbers the kernels printed (from the pickled tables) are the ones valuekit
    computes from the CSVs, for every team."""
    _out, batch = sample_batch
    for r in batch.results:
        expected = _json(team_report.build(report_tables, r.team.team_id).figures)
        kept = nbformat.read(r.ipynb, as_version=4).metadata["valuekit"]["figures"]
        assert kept == expected, (r.team.team_id, list(_differences(kept, expected))[:10])
        assert r.figures == expected


def test_reports_print_the_headline_numbers_and_actions(sample_batch):
    _out, batch = sample_batch
    for r in batch.results:
        page = r.html.read_text(encoding="utf-8")
        text = _text(page)
        f = r.figures
        assert f["title"] in text
        for key, kind in team_report.HEADLINE:
            row = " ".join([
                team_report.labels()[key],
                team_report.format_value(kind, f["headline"][key]["team"]),
                team_report.format_value(kind, f["headline"][key]["company"]),
            ])
            assert row in text, (r.team.team_id, row)  # label, team, company on one row
        for action in f["actions"]:
            assert action["text"] in text
        if f["bottleneck"]:
            assert f["bottleneck"]["strategy_name"].lower() in text
        assert page.count('src="data:image/svg+xml;base64,') >= 5  # the charts, inline


def test_reports_show_no_code(sample_batch):
    _out, batch = sample_batch
    for r in batch.results:
        page = r.html.read_text(encoding="utf-8")
        for code in ("team_report.build", "render.", "load_tables", "data_cache =",
                     "Traceback", "import "):
            assert code not in page, (r.team.team_id, code)
        assert 'class="jp-InputArea' not in page


def test_every_file_is_offline(sample_batch):
    out, _batch = sample_batch
    for path in out.glob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert external_urls(page) == [], path.name
        assert "<script src" not in page.lower()
        # everything it shows is inside it: every src is a data URI
        assert all(s.startswith("data:") for s in re.findall(r'\bsrc="([^"]*)"', page))
        assert "<link" not in page.lower()


def test_index_links_every_report(sample_batch):
    out, batch = sample_batch
    index = (out / "index.html").read_text(encoding="utf-8")
    text = _text(index)
    for r in batch.results:
        assert f'href="{r.html.name}"' in index
        assert f"{r.team.team_name} ({r.team.team_id})" in text
        money = team_report.format_value("money", r.figures["headline"]["revenue_12m"]["team"])
        assert money in text


# ---------------------------------------------------------------------------------------
# Hostile names, and a failing team


def _hostile_data(folder: Path, marker: Path) -> dict[str, str]:
    """Sample tables with hostile team ids and names; returns old id -> new id."""
    tables = team_report.load_tables()
    payload = f'__import__("pathlib").Path(r"{marker}").write_text("x")'
    ids = {
        "T01": f'T01"); {payload}; ("',  # code in the id: papermill injects it
        "T02": "T02 / sales",
        "T03": "T03",
        "T04": "T04",
        "T06": "T06",
    }
    names = {
        "T01": f"\"); {payload}; (\"{{{{ 7*7 }}}}",
        "T02": "Sales / East",
        "T03": 'Sales "East"',
        "T04": '华东 销售部 <script>alert("x")</script> <b>粗体</b> ${7*7}',
    }
    teams = tables["teams"].copy()
    teams["team_name"] = [names.get(t, n) for t, n in zip(teams["team_id"], teams["team_name"],
                                                          strict=True)]
    tables["teams"] = teams
    for name in ("teams", "accounts", "opportunities"):
        frame = tables[name].copy()
        frame["team_id"] = frame["team_id"].map(lambda t: ids.get(t, t))
        tables[name] = frame
    folder.mkdir()
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False, date_format="%Y-%m-%d")
    return ids


def _failing_template(path: Path) -> Path:
    """The kit's template with a cell that raises for team T06 only, and one that fails if
    anything of a previous report is left in a reused kernel's namespace."""
    nb = nbformat.read(TEMPLATE, as_version=4)
    leak = nbformat.v4.new_code_cell(
        'assert "report" not in globals() and "seen_team" not in globals(), "namespace leaked"\n'
        "seen_team = team"
    )
    fail = nbformat.v4.new_code_cell(
        'if team == "T06":\n    raise RuntimeError("injected failure for T06")'
    )
    nb.cells.insert(2, leak)  # before the build cell
    nb.cells.insert(4, fail)  # after it
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="session")
def hostile_batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    marker = base / "PWNED"
    data = base / "data"
    ids = _hostile_data(data, marker)
    out = base / "out"
    argv = ["report", "--team", *[ids[t] for t in ("T01", "T02", "T03", "T04", "T06")],
            "--data", str(data), "--out", str(out), "--template",
            str(_failing_template(base / "failing.ipynb")), "--keep-ipynb", "--jobs", "2",
            "--quiet"]
    code = cli.main(argv)
    return base, out, marker, ids, code


def test_failing_team_is_contained_and_named(hostile_batch, capsys):
    _base, out, _marker, _ids, code = hostile_batch
    assert code == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "failed: RuntimeError: injected failure for T06" in index
    reports = [p for p in out.glob("*.html") if p.name != "index.html"]
    assert len(reports) == 4  # every other team has its complete report
    for p in reports:
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_names_never_run_as_code(hostile_batch):
    base, out, marker, _ids, _code = hostile_batch
    assert not marker.exists()
    assert not list(base.rglob("PWNED*")) and not list(ROOT.glob("PWNED*"))
    assert not Path("PWNED").exists()


def test_hostile_names_give_safe_distinct_files(hostile_batch):
    _base, out, _marker, _ids, _code = hostile_batch
    names = sorted(p.name for p in out.iterdir() if p.name not in ("index.html", "index.json"))
    assert all(SAFE_NAME.match(n) for n in names), names
    stems = {n.rsplit(".", 1)[0] for n in names}
    assert len(stems) == 4
    # "Sales / East" and 'Sales "East"' slugify alike, yet get distinct files
    assert len([s for s in stems if re.fullmatch(r"sales-east-[0-9a-f]{8}", s)]) == 2


def test_hostile_names_are_escaped_in_every_page(hostile_batch):
    _base, out, _marker, ids, _code = hostile_batch
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    for name, page in pages.items():
        assert '<script>alert("x")</script>' not in page, name
        assert "<b>粗体</b>" not in page, name
        assert external_urls(page) == [], name
    shown = html.escape('华东 销售部 <script>alert("x")</script> <b>粗体</b> ${7*7}')
    assert shown.startswith("华东 销售部 &lt;script&gt;alert(&quot;x&quot;)")
    assert shown in pages["index.html"]
    assert "{{ 7*7 }}" in pages["index.html"]  # as typed, not evaluated by a template engine
    t04 = next(p for p in out.glob("*.ipynb")
               if nbformat.read(p, as_version=4).metadata["valuekit"]["figures"]["team"][
                   "team_id"] == "T04")
    page = pages[t04.with_suffix(".html").name]
    assert "Team report: 华东 销售部 <script>alert(\"x\")</script> <b>粗体</b> ${7*7}" in _text(
        page
    )


def test_hostile_reports_hold_the_right_figures(hostile_batch):
    base, out, _marker, ids, _code = hostile_batch
    tables = team_report.load_tables(base / "data")
    for nb_path in out.glob("*.ipynb"):
        figures = nbformat.read(nb_path, as_version=4).metadata["valuekit"]["figures"]
        team_id = figures["team"]["team_id"]
        assert team_id in ids.values()
        expected = _json(team_report.build(tables, team_id).figures)
        assert figures == expected, list(_differences(figures, expected))[:10]


def test_papermill_parameters_are_literals(tmp_path):
    """Papermill writes each parameter as a Python string literal: whatever the text, the
    kernel receives it unchanged and nothing in it runs."""
    import papermill

    marker = tmp_path / "PWNED"
    hostile = [
        f'"); open(r"{marker}", "w"); ("',
        f"'); open(r'{marker}', 'w'); ('",
        f'\\"); open(r"{marker}", "w"); #',
        f'"""\nopen(r"{marker}", "w")\n"""',
        "华东 销售部 / \\ \t ${x} {{ y }} %s",
        "\x00\x1b[31m end",
    ]
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("\n".join(f'p{i} = ""' for i in range(len(hostile))))
    params.metadata["tags"] = ["parameters"]
    echo = nbformat.v4.new_code_cell(
        "import json\nprint(json.dumps([" + ", ".join(f"p{i}" for i in range(len(hostile)))
        + "]))"
    )
    nb.cells = [params, echo]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    src = tmp_path / "echo.ipynb"
    nbformat.write(nb, src)
    done = papermill.execute_notebook(
        str(src), None, parameters={f"p{i}": s for i, s in enumerate(hostile)},
        progress_bar=False, kernel_name="python3", cwd=str(tmp_path),
    )
    printed = json.loads(done.cells[-1].outputs[0]["text"])
    assert printed == hostile
    assert not marker.exists()
