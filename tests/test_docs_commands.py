"""Every command block of README.md and docs/*.md runs, as written, from the repository root.

Why: the README's own `valuekit report --team all --out out/reports` once wrote 0 of 12
reports for every user while the tests passed, because the tests used absolute temporary
paths (issue 9). Here each block runs exactly as the page shows it: bash/sh/shell/console
blocks with bash (`set -e -o pipefail`: the first failing line fails the block and is named),
python blocks with the kit's .venv interpreter, from the root of a throwaway copy of the
repository (its tracked and untracked-not-ignored files, `.venv` a symlink to the venv running
the tests), with `.venv/bin` first on PATH. PYTHONPATH points at the copy's lib/ so that
the copy is a checkout of its own: the editable install would otherwise resolve the kit's
folders (datasets/, reports/) to the real checkout, and `valuekit data generate` would
rewrite it. After a block succeeds, what it promises is checked: the reports of
`valuekit report`/`make reports`/`run_reports` (index.html and one page per team), the pages
of `valuekit export`, the CSVs of `valuekit data generate`, the paths a python block names.

Blocks tagged `text` (or a data format) are shown, not run; an untagged block fails until it
says which it is. Markers (`<!-- docs-test: skip REASON -->`, `setup`, `continue`) are
described in tests/docs_blocks.py and docs/authoring.md. Blocks are found afresh on every
run, so a block a page gains is run (or fails for want of a marker) without editing this test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docs_blocks import (
    ROOT,
    Block,
    pages,
    parse,
    promises,
    python_promises,
    shell_promises,
    unrunnable,
)

TIMEOUT_S = 600          # a block that hangs (a server, a prompt) fails instead of blocking CI
VENV = Path(sys.prefix) if sys.prefix != sys.base_prefix else ROOT / ".venv"

_PARSED = [parse(page) for page in pages()]
BLOCKS = [b for blocks, _ in _PARSED for b in blocks if b.kind != "text"]
MARKER_PROBLEMS = [p for _, problems in _PARSED for p in problems]


def _copy_of_repository(dest: Path) -> Path:
    """The working tree's tracked and untracked-not-ignored files (so a page being written is
    run as it is now), plus lib's bytecode (imports compile nothing), and `.venv`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    extra = [p.relative_to(ROOT) for p in (ROOT / "lib").rglob("__pycache__/*.pyc")]
    for rel in [*filter(None, listed), *map(str, extra)]:
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)    # keeps mtimes: make sees the same stamp ages
    (dest / ".venv").symlink_to(VENV, target_is_directory=True)
    return dest


def _environment(copy: Path) -> dict[str, str]:
    """The user's environment, with the venv first on PATH; nothing inherited from an outer
    make (jobserver flags) or pytest, and no VALUEKIT_DATA (it would move the sample away
    from the copy's datasets/); VALUEKIT_CHROMIUM, the machine's browser, is kept."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MAKE", "MFLAGS", "PYTEST_"))
           and k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "VALUEKIT_DATA"}}
    env["PATH"] = f"{copy / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(copy / ".venv")
    env["PYTHONPATH"] = str(copy / "lib")
    return env


def _run(argv: list[str], copy: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(argv, cwd=copy, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)   # the block's own process group only
        out, err = proc.communicate()
        err += f"\ndocs-test: killed after {TIMEOUT_S} s"
    finally:
        with contextlib.suppress(ProcessLookupError):   # what the block left running
            os.killpg(proc.pid, signal.SIGKILL)            # (a kernel) in its own session
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def _shell_script(block: Block) -> str:
    """`set -e` plus a trap that names the failing line; blank lines keep the page's line
    numbers, so $LINENO is the line in the page."""
    head = (f"set -e -o pipefail; trap 'echo \"docs-test: {block.page} line $LINENO "
            f"failed (exit $?): $BASH_COMMAND\" >&2' ERR")
    return head + "\n" * (block.first_code_line - 1) + block.shell_lines()


def _python_script(block: Block) -> str:
    """Runs the block (after the blocks it continues) with tracebacks that name the page and
    its line: `File "docs/reports.md", line 44`."""
    parts = [(b.page, b.first_code_line, b.code) for b in block.chain()]
    return (
        "import sys\n"
        "sys.path[0] = ''   # as `python` started in the repository root\n"
        "ns = {'__name__': '__main__'}\n"
        f"for page, first, code in {json.dumps(parts)}:\n"
        "    exec(compile('\\n' * (first - 1) + code, page, 'exec'), ns)\n")


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def test_markers_are_well_formed_and_attached():
    assert MARKER_PROBLEMS == []


def test_blocks_found_are_the_fenced_blocks_mistune_finds():
    """The hand-written fence parser agrees with a real Markdown parser on every page."""
    import mistune

    markdown = mistune.create_markdown(renderer=None)
    for page in pages():
        ours = [b.code for b in parse(page)[0]]
        theirs = [t["raw"] for t in _walk(markdown(page.read_text(encoding="utf-8")))
                  if t["type"] == "block_code" and t.get("style") == "fenced"]
        assert ours == theirs, page.name


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.get("children") or [])


def test_the_copy_imports_its_own_lib(tmp_path):
    copy = _copy_of_repository(tmp_path / "repo")
    env = _environment(copy)
    done = _run(["valuekit", "--help"], copy, env)
    assert done.returncode == 0, done.stderr
    where = _run([".venv/bin/python", "-c", "import valuekit; print(valuekit.__file__)"],
                 copy, env)
    assert where.stdout.strip() == str(copy / "lib" / "valuekit" / "__init__.py")


@pytest.mark.slow
@pytest.mark.parametrize("block", BLOCKS, ids=str)
def test_docs_block_runs_as_written(block: Block, tmp_path, record_property):
    if block.skip:
        pytest.skip(f"{block.where}: {block.skip}")
    if block.kind == "untagged":
        pytest.fail(f"{block.where}: untagged code block: tag it `text` (shown, not run) or "
                    "`bash`/`python` (run by this test)", pytrace=False)
    if block.kind == "unknown":
        pytest.fail(f"{block.where}: `{block.lang}` blocks cannot be run: tag it `text`, or "
                    "add <!-- docs-test: skip REASON --> above it", pytrace=False)
    why = unrunnable(block)
    if why:
        pytest.fail(f"{block.where}: {why}: it cannot run in a test; add "
                    "<!-- docs-test: skip REASON --> directly above the fence", pytrace=False)

    if re.search(r"--format\b[^\n#]*\bpdf\b", block.code):
        from browser.helpers import missing_browser

        reason = missing_browser()   # PDFs are printed by Chromium; as the browser tests do:
        if reason and os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{block.where}: CI=true and --format pdf cannot run: {reason}")
        if reason:
            pytest.skip(f"{block.where}: --format pdf needs Chromium: {reason}")

    copy = _copy_of_repository(tmp_path / "repo")
    env = _environment(copy)
    if block.kind == "shell" and "make" in block.code:
        stale = _run(["make", "-q", ".venv/.valuekit-installed"], copy, env)
        if stale.returncode != 0:
            pytest.fail(".venv is older than pyproject.toml/requirements.lock: run `make env` "
                        "first (the docs' make commands would reinstall it from a temporary "
                        "copy)", pytrace=False)
    for command in block.setup:
        done = _run(["bash", "-e", "-o", "pipefail", "-c", command], copy, env)
        assert done.returncode == 0, f"setup `{command}` failed:\n{_tail(done.stderr)}"

    script = tmp_path / ("block.sh" if block.kind == "shell" else "block.py")
    script.write_text(_shell_script(block) if block.kind == "shell" else _python_script(block),
                      encoding="utf-8")
    started = time.perf_counter()
    argv = ["bash", str(script)] if block.kind == "shell" else [".venv/bin/python", str(script)]
    done = _run(argv, copy, env)
    record_property("seconds", round(time.perf_counter() - started, 1))

    if done.returncode != 0:
        pytest.fail(f"{block.where}: exit {done.returncode}\n--- the block\n{block.code}"
                    f"--- stdout (end)\n{_tail(done.stdout)}\n--- stderr (end)\n"
                    f"{_tail(done.stderr)}", pytrace=False)
    missing = (shell_promises(block, copy) if block.kind == "shell"
               else python_promises(block, copy))
    assert missing == [], f"{block.where} ran but did not deliver what it shows"


# --- the machinery itself, on made-up pages: each of these fails if the check it guards
# stopped working (a marker ignored, a fence missed, a failed line not named) -------------

PAGE = """# A page

<!-- docs-test: skip opens a server -->
```bash
make lab
```

- a list item:

  <!-- docs-test: setup mkdir my_data  # the reader's folder -->
  ~~~sh
  ls my_data
  ~~~

```
valuekit report --team all
```

```python
x = 1
```

<!-- docs-test: continue -->
```python
assert x == 1
```

<!-- docs-test: skip -->

```text
<!-- docs-test: skip shown in a text block: not a marker -->
```
"""


def test_parse_reads_markers_fences_and_chains(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "x.md"
    page.write_text(PAGE, encoding="utf-8")
    blocks, problems = parse(page, root=tmp_path)
    assert [(b.line, b.lang, b.kind) for b in blocks] == [
        (4, "bash", "shell"), (11, "sh", "shell"), (15, "", "untagged"),
        (19, "python", "python"), (24, "python", "python"), (30, "text", "text")]
    assert blocks[0].skip == "opens a server" and unrunnable(blocks[0]) is not None
    assert blocks[1].setup == ["mkdir my_data  # the reader's folder"]
    assert blocks[1].code == "ls my_data\n"
    assert [b.line for b in blocks[4].chain()] == [19, 24]
    assert problems == ["docs/x.md:28: docs-test marker not directly above a fence"]


def test_a_failing_line_is_named_by_its_line_in_the_page(tmp_path):
    block = Block("docs/x.md", 40, "bash", "true\n# a comment\nfalse\necho never\n")
    (tmp_path / "block.sh").write_text(_shell_script(block), encoding="utf-8")
    done = subprocess.run(["bash", str(tmp_path / "block.sh")], capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 1 and "never" not in done.stdout
    assert "docs-test: docs/x.md line 43 failed (exit 1): false" in done.stderr


def test_a_python_traceback_names_the_page_and_line(tmp_path):
    first = Block("docs/x.md", 10, "python", "import math\n")
    second = Block("docs/x.md", 20, "python", "y = math.pi\nraise SystemExit(z)\n",
                   cont=True, previous=first)
    (tmp_path / "block.py").write_text(_python_script(second), encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "block.py")], capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 1
    assert 'File "docs/x.md", line 22' in done.stderr and "NameError" in done.stderr


def test_report_promises_count_the_pages(tmp_path):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "teams.csv").write_text("team_id,team_name\nT01,A\nT02,B\n")
    out = tmp_path / "out" / "reports"
    command = ["valuekit", "report", "--team", "all", "--out", "out/reports"]
    assert promises(command, tmp_path) == [f"{' '.join(command)}: {out} was not created"]
    out.mkdir(parents=True)
    (out / "index.html").write_text("")
    (out / "a.html").write_text("")
    assert promises(command, tmp_path) == [
        f"{' '.join(command)}: 1 report page(s) in {out}, expected 2"]
    (out / "b.html").write_text("")
    assert promises(command, tmp_path) == []
    two = ["valuekit", "report", "--team", "West Enterprise", "T03", "--out", "out/reports",
           "--format", "html", "pdf"]
    assert promises(two, tmp_path) == [f"{' '.join(two)}: 0 PDF(s), expected 2"]
    (out / ".valuekit-run-x").mkdir()
    assert "temporary data left" in promises(command, tmp_path)[0]


def test_make_targets_promise_what_their_recipe_does(tmp_path):
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "teams.csv").write_text("team_id,team_name\nT01,A\n")
    assert promises(["make", "reports"], tmp_path) == [
        ".venv/bin/valuekit report --team all --out out/reports: "
        f"{tmp_path / 'out' / 'reports'} was not created"]
    assert promises(["make", "lint"], tmp_path) == []
