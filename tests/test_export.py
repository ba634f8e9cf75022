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
