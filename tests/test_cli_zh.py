"""The commands that write reports and handouts, in Chinese (issue 15): `valuekit export`
and `valuekit report` print their lines through the catalogs (domain ``reports``) when
``VALUEKIT_LANG=zh`` (or ``valuekit report --language zh``), and exactly as before in
English; the pages' ``<html>`` root says ``lang="zh-CN"`` for Chinese, ``lang="en"`` else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from valuekit import cli, i18n

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language("en")


def _notebook(path: Path, language: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 讲义 Handout"),
                nbformat.v4.new_code_cell("1 + 1")]
    if language:
        nb.metadata["valuekit"] = {"language": language}
    nbformat.write(nb, path)
    return path


# ---------------------------------------------------------------------------------------
# lang on the page's root


def test_handouts_of_chinese_notebooks_say_zh_cn_on_the_root(tmp_path, capsys):
    """`valuekit export` of a generated notebooks/zh notebook: <html lang="zh-CN">; of its
    English source: <html lang="en">. Exactly as a trainer runs it (no kernel: --no-execute
    keeps the test fast; the page is the same template either way)."""
    out = tmp_path / "out"
    code = cli.main(["export", str(ROOT / "notebooks/zh/00_setup_check.ipynb"),
                     str(ROOT / "notebooks/00_setup_check.ipynb"), "--no-execute",
                     "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    zh = (out / "zh-00_setup_check.html").read_text(encoding="utf-8")
    en = (out / "notebooks-00_setup_check.html").read_text(encoding="utf-8")
    assert zh.count('<html lang="zh-CN">') == 1 and '<html lang="en">' not in zh
    assert en.count('<html lang="en">') == 1 and "zh-CN" not in en


def test_the_root_language_comes_from_the_notebook(tmp_path):
    from valuekit import export

    for meta, expected in (({"valuekit": {"language": "zh-CN"}}, "zh-CN"),
                           ({"papermill": {"parameters": {"language": "zh"}}}, "zh-CN"),
                           ({"papermill": {"parameters": {"language": "en"}}}, "en"),
                           ({"valuekit": {"language": "fr"}}, "en"), ({}, "en")):
        nb = nbformat.v4.new_notebook(metadata=meta)
        assert export.page_language(nb) == expected, meta
    page = export.offline_html(nbformat.read(_notebook(tmp_path / "a.ipynb", "zh-CN"), 4))
    assert page.count('<html lang="zh-CN">') == 1
    with pytest.raises(ValueError, match="no <html"):
        export.with_root_language("<p>no root</p>", "zh-CN")


def test_a_chinese_team_report_page_says_zh_cn_on_the_root():
    """The report's page as the runner makes it (papermill records the language parameter)."""
    from valuekit.reports.export import notebook_to_html

    for language, expected in (("zh", "zh-CN"), ("en", "en")):
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell("团队报告")],
            metadata={"papermill": {"parameters": {"language": language, "team": "T01"}}})
        page = notebook_to_html(nb, title="x")
        assert page.count(f'<html lang="{expected}">') == 1, language


# ---------------------------------------------------------------------------------------
# valuekit export


def _export(args: list[str], lang: str | None, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VALUEKIT_LANG"}
    if lang:
        env["VALUEKIT_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "valuekit", "export", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300)


def test_export_speaks_chinese_with_valuekit_lang_zh(tmp_path):
    """A user's run: VALUEKIT_LANG=zh valuekit export missing.ipynb good.ipynb --no-execute."""
    _notebook(tmp_path / "good.ipynb")
    (tmp_path / "bad.ipynb").write_text("not json", encoding="utf-8")
    args = ["missing.ipynb", "bad.ipynb", "good.ipynb", "--no-execute", "--out", "out"]
    zh = _export(args, "zh", tmp_path)
    assert zh.returncode == 1
    assert "valuekit: error: 找不到笔记本：missing.ipynb" in zh.stderr
    assert "valuekit: error: bad.ipynb 不是 Jupyter 笔记本：" in zh.stderr
    assert zh.stdout.startswith("已写入 ") and zh.stdout.rstrip().endswith("good.html")
    en = _export(args, None, tmp_path)
    assert en.returncode == 1
    assert "valuekit: error: no notebook at missing.ipynb" in en.stderr
    assert "valuekit: error: bad.ipynb is not a Jupyter notebook: " in en.stderr
    assert en.stdout.startswith("wrote ") and not any("\u4e00" <= c <= "\u9fff"
                                                      for c in en.stdout + en.stderr)


def test_export_errors_before_any_run_are_chinese_too(tmp_path, capsys):
    """The --out check (exit 2), in the process: the same message objects."""
    _notebook(tmp_path / "a.ipynb")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    i18n.set_language("zh")
    code = cli.main(["export", str(tmp_path / "a.ipynb"), "--no-execute", "--out",
                     str(tmp_path / "file")])
    err = capsys.readouterr().err
    assert code == 2 and "--out 必须是文件夹；" in err and "是一个文件" in err
    i18n.set_language("en")
    code = cli.main(["export", str(tmp_path / "a.ipynb"), "--no-execute", "--out",
                     str(tmp_path / "file")])
    err = capsys.readouterr().err
    assert code == 2 and "--out must be a folder; " in err and err.rstrip().endswith("is a file")


# ---------------------------------------------------------------------------------------
# valuekit report


def _fake_batch(out: Path):
    team = SimpleNamespace(team_name="West Enterprise", team_id="T10")
    good = SimpleNamespace(team=team, ok=True, error=None)
    bad = SimpleNamespace(team=SimpleNamespace(team_name="East", team_id="T01"), ok=False,
                          error="cell 3: KeyError")
    return SimpleNamespace(succeeded=[good], failed=[bad], results=[good, bad], seconds=12.34,
                           index=out / "index.html")


@pytest.mark.parametrize("args, env_zh, chinese", [
    (["--language", "zh"], False, True),   # the report's language
    (["--language", "en"], True, True),    # VALUEKIT_LANG=zh, English reports
    (["--language", "en"], False, False),  # English: as before
])
def test_report_lines_follow_the_language(tmp_path, capsys, monkeypatch, args, env_zh,
                                          chinese):
    from valuekit.reports import runner

    seen = {}

    def run_reports(teams, out, **kw):
        seen["language"] = kw["language"]
        seen["shown"] = i18n.language()  # what the progress bar's label is written in
        return _fake_batch(Path(out))

    monkeypatch.setattr(runner, "run_reports", run_reports)
    if env_zh:
        i18n.set_language("zh")
    out = tmp_path / "o"
    code = cli.main(["report", "--team", "all", "--out", str(out), "--quiet", *args])
    std = capsys.readouterr()
    assert code == 1
    assert seen["language"] == args[1]
    if chinese:
        assert std.out == (f"已将 1/2 份团队报告写入 {out}，用时 12.3 秒；索引："
                           f"{out / 'index.html'}（列出该文件夹中的全部报告）\n")
        assert std.err.startswith("valuekit: 1 份报告失败：\n")
        assert seen["shown"] == "zh"
    else:
        assert std.out == (f"wrote 1 of 2 team report(s) to {out} in 12.3 s; index: "
                           f"{out / 'index.html'} (it lists every report in the folder)\n")
        assert std.err.startswith("valuekit: 1 report(s) failed:\n")
        assert seen["shown"] == "en"
    assert "  East (T01): cell 3: KeyError" in std.err
    # the command leaves the kernel's language as it found it
    assert i18n.language() == ("zh" if env_zh else "en")


def test_report_language_error_in_chinese(tmp_path, capsys, monkeypatch):
    """An unknown --language under VALUEKIT_LANG=zh: the report's own message, in Chinese
    (English: tests/test_reports_zh.py)."""
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: 1 / 0)
    i18n.set_language("zh")
    code = cli.main(["report", "--team", "T10", "--out", str(tmp_path / "o"), "--language",
                     "fr", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "团队报告没有 'fr' 这种语言；可用的语言：en, zh" in err
