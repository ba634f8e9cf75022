"""valuekit.export: a notebook run and written as one offline HTML page (a handout), and the
``valuekit export`` command."""

from __future__ import annotations

import nbformat
import pytest

from valuekit import cli
from valuekit.export import export_notebook
from valuekit.reports.export import external_urls


def _notebook(path, *sources: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A handout"),
                *(nbformat.v4.new_code_cell(s) for s in sources)]
    nbformat.write(nb, path)
    return path


_CHART_AND_WIDGET = """\
import valuekit.charts as vc
from valuekit.widgets import demo
vc.enable()
marker = "printed-by-the-code"
print("the answer is", 6 * 7)
"""


def test_a_notebook_is_run_and_written_as_one_offline_page(tmp_path):
    source = _notebook(tmp_path / "lesson.ipynb", _CHART_AND_WIDGET, "demo()")
    before = source.read_bytes()
    page = export_notebook(source, tmp_path / "out")
    assert page == tmp_path / "out" / "lesson.html"
    html = page.read_text(encoding="utf-8")
    assert "the answer is 42" in html  # it ran
    assert "printed-by-the-code" in html  # code shown by default
    assert "valuekit-snapshot" in html and 'src="data:image/svg+xml;base64,' in html
    assert external_urls(html) == []
    assert source.read_bytes() == before  # the notebook itself is left alone


def test_code_can_be_hidden(tmp_path):
    source = _notebook(tmp_path / "lesson.ipynb", _CHART_AND_WIDGET)
    html = export_notebook(source, tmp_path, code=False).read_text(encoding="utf-8")
    assert "the answer is 42" in html and "printed-by-the-code" not in html


def test_a_failing_cell_is_named_and_nothing_is_written(tmp_path):
    source = _notebook(tmp_path / "broken.ipynb", "x = 1", "1 / 0", "print('never')")
    out = tmp_path / "out"
    with pytest.raises(ValueError, match=r"broken.ipynb: code cell 2: ZeroDivisionError: "
                                         r"division by zero; no HTML written"):
        export_notebook(source, out)
    assert not out.exists()


def test_missing_and_non_notebook_files_are_named(tmp_path):
    with pytest.raises(ValueError, match=r"no notebook at .*nowhere.ipynb"):
        export_notebook(tmp_path / "nowhere.ipynb", tmp_path)
    bad = tmp_path / "notes.ipynb"
    bad.write_text("just some text", encoding="utf-8")
    with pytest.raises(ValueError, match=r"notes.ipynb is not a Jupyter notebook"):
        export_notebook(bad, tmp_path)


def test_the_command_exports_the_good_ones_and_reports_the_rest(tmp_path, capsys):
    good = _notebook(tmp_path / "good.ipynb", "print('output', 6 * 7, sep='-')")
    status = cli.main(["export", str(good), str(tmp_path / "missing.ipynb"),
                       "--out", str(tmp_path / "out"), "--no-code"])
    captured = capsys.readouterr()
    assert status == 1
    assert "wrote " in captured.out
    assert "output-42" in (tmp_path / "out" / "good.html").read_text(encoding="utf-8")
    assert "valuekit: error: no notebook at" in captured.err
    assert "missing.ipynb" in captured.err
    # Without running: the outputs stored in the notebook (none here) are what is written.
    assert cli.main(["export", str(good), "--out", str(tmp_path / "raw"), "--no-execute"]) == 0
    assert "output-42" not in (tmp_path / "raw" / "good.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Issue 9: names that clash, pages that would load from the web, kernels that die


def _saved_notebook(path, html: str, markdown: str = "# A handout"):
    """A notebook with a stored HTML output (exported with --no-execute, no kernel)."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html,
                                                                 "text/plain": "x"})]
    nb.cells = [nbformat.v4.new_markdown_cell(markdown), cell]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_notebooks_sharing_a_name_get_distinct_pages(tmp_path, capsys):
    a = _saved_notebook(tmp_path / "notebooks" / "01_x.ipynb", "<p>from notebooks</p>")
    b = _saved_notebook(tmp_path / "solutions" / "01_x.ipynb", "<p>from solutions</p>")
    out = tmp_path / "out"
    assert cli.main(["export", str(a), str(b), "--out", str(out), "--no-execute"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["notebooks-01_x.html",
                                                     "solutions-01_x.html"]
    assert "from notebooks" in (out / "notebooks-01_x.html").read_text(encoding="utf-8")
    assert "from solutions" in (out / "solutions-01_x.html").read_text(encoding="utf-8")


def test_names_that_would_still_overwrite_are_refused_before_anything_runs(tmp_path, capsys):
    a = _saved_notebook(tmp_path / "a" / "same" / "x.ipynb", "<p>1</p>")
    b = _saved_notebook(tmp_path / "b" / "same" / "x.ipynb", "<p>2</p>")
    out = tmp_path / "out"
    assert cli.main(["export", str(a), str(b), "--out", str(out), "--no-execute"]) == 2
    err = capsys.readouterr().err
    assert "would write the same HTML file" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert cli.main(["export", str(a), str(a), "--out", str(out), "--no-execute"]) == 2
    assert "given more than once" in capsys.readouterr().err


def test_out_that_is_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    nb = _saved_notebook(tmp_path / "x.ipynb", "<p>1</p>")
    target = tmp_path / "handouts.html"
    target.write_text("a file")
    assert cli.main(["export", str(nb), "--out", str(target), "--no-execute"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("valuekit: error: --out must be a folder;")
    assert "Traceback" not in err and target.read_text() == "a file"
    with pytest.raises(ValueError, match="is inside the file"):
        export_notebook(nb, target / "sub", execute=False)


@pytest.mark.parametrize("html", [
    '<img src="https://cdn.example.com/logo.png">',
    '<script src="https://cdn.example.com/lib.js"></script>',
    '<div style="background: url(https://cdn.example.com/bg.png)">x</div>',
])
def test_a_page_that_would_load_from_the_web_is_refused(tmp_path, capsys, html):
    nb = _saved_notebook(tmp_path / "x.ipynb", html)
    out = tmp_path / "out"
    assert cli.main(["export", str(nb), "--out", str(out), "--no-execute"]) == 1
    err = capsys.readouterr().err
    assert "would load 1 external URL(s), e.g. https://cdn.example.com/" in err
    assert "--allow-external" in err and len(err.strip().splitlines()) == 1
    assert not (out / "x.html").exists()
    # on request it is written, as it is
    assert cli.main(["export", str(nb), "--out", str(out), "--no-execute",
                     "--allow-external"]) == 0
    assert "cdn.example.com" in (out / "x.html").read_text(encoding="utf-8")


def test_links_and_text_that_look_like_urls_are_not_loads(tmp_path):
    nb = _saved_notebook(
        tmp_path / "x.ipynb", "<p>Consulting url(https://acme.example)</p>",
        markdown="See [Moore 1991](https://en.wikipedia.org/wiki/Crossing_the_Chasm).",
    )
    page = export_notebook(nb, tmp_path / "out", execute=False).read_text(encoding="utf-8")
    assert 'href="https://en.wikipedia.org/wiki/Crossing_the_Chasm"' in page
    assert "Consulting url(https://acme.example)" in page


def test_a_cell_timeout_is_one_line(tmp_path, capsys):
    nb = _notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(30)")
    assert cli.main(["export", str(nb), "--out", str(tmp_path / "out"),
                     "--timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert "slow.ipynb: a cell ran longer than 2 s (the timeout); no HTML written" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "slow.html").exists()


def test_a_kernel_that_dies_is_one_line(tmp_path, capsys):
    nb = _notebook(tmp_path / "dies.ipynb", "import os\nos._exit(1)")
    assert cli.main(["export", str(nb), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "dies.ipynb: the kernel died while running the notebook" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "dies.html").exists()
