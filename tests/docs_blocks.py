"""The fenced code blocks of README.md and docs/*.md, and how tests/test_docs_commands.py runs them.

Why a small parser of our own rather than pytest-codeblocks or pytest-markdown-docs: those
run a block in pytest's own working directory and process, know Python (and, for the first,
plain shell) only, and have no place for what this test must check after a block (the
reports a `--out` promises) or for a throwaway copy of the repository. Finding fences is the
easy part (CommonMark 0.31, section 4.5 "Fenced code blocks"); tests/test_docs_commands.py
checks that this parser finds exactly the fenced blocks mistune (nbconvert's Markdown
parser, already installed) finds, so a fence it misreads fails a test instead of going
unrun.

Markers: HTML comments on the line(s) directly above a block's opening fence (invisible in
the rendered page):

    <!-- docs-test: skip REASON -->      not run; pytest -rs lists the reason
    <!-- docs-test: setup COMMAND -->    shell run in the copy before the block: only to
                                         provide the reader's own files the page presumes, or
                                         to shrink a long command's input; `# why` at its end
    <!-- docs-test: continue -->         a python block that goes on from the page's previous
                                         python block, in the same interpreter (notebook cells)
"""

from __future__ import annotations

import ast
import csv
import glob
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SHELL = {"bash", "sh", "shell", "console", "zsh"}
PYTHON = {"python", "py", "python3"}
# Shown, never run: output, listings, data and file formats. An untagged block must say which
# it is (`text` or a language), so a command written in a bare fence cannot escape the test.
NOT_RUN = {"text", "txt", "plaintext", "output", "csv", "tsv", "json", "yaml", "yml", "toml",
           "ini", "html", "xml", "svg", "markdown", "md", "diff", "mermaid"}

# Commands that cannot run inside a test: a block holding one needs a skip marker. Anything
# else that fails is a failure of the docs (or of the kit).
UNRUNNABLE = [
    (re.compile(r"\bmake\s+(?:\S+\s+)*lab\b|\bjupyter\s+(?:lab|notebook)\b"),
     "opens JupyterLab and waits for a browser"),
    (re.compile(r"\bmake\s+(?:\S+\s+)*test\b|\bpytest\b"),
     "runs tests: the suite that runs this test"),
    (re.compile(r"\bmake\s+(?:\S+\s+)*clean\b"), "deletes the .venv the tests run in"),
    (re.compile(r"\bmake\s+(?:\S+\s+)*lock\b"), "resolves versions on PyPI (network)"),
    (re.compile(r"\bmake\s+(?:\S+\s+)*bench\b"),
     "installs the bench extras from PyPI into the shared .venv and runs for minutes"),
    (re.compile(r"\bconda\b"), "needs conda"),
    (re.compile(r"\b(?:sudo|apt-get|apt)\b"), "changes the machine"),
]

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<kind>\w+)\s*(?P<arg>.*?)\s*-->\s*$")


@dataclass
class Block:
    page: str                 # path relative to the repository root
    line: int                 # the opening fence's line (1-based)
    lang: str                 # first word of the info string, lower case; "" untagged
    code: str
    skip: str | None = None
    setup: list[str] = field(default_factory=list)
    cont: bool = False
    previous: Block | None = None   # for `continue`: the page's previous python block

    @property
    def first_code_line(self) -> int:
        return self.line + 1

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    def __str__(self) -> str:  # the pytest id
        return self.where

    @property
    def kind(self) -> str:
        if self.lang in SHELL:
            return "shell"
        if self.lang in PYTHON:
            return "python"
        if self.lang in NOT_RUN:
            return "text"
        return "untagged" if self.lang == "" else "unknown"

    def shell_lines(self) -> str:
        """The block as a shell script; a `console` block keeps only its `$ ` lines."""
        if self.lang != "console":
            return self.code
        out, going_on = [], False
        for line in self.code.splitlines():
            if line.startswith("$ ") or going_on:
                out.append(line[2:] if line.startswith("$ ") and not going_on else line)
                going_on = line.rstrip().endswith("\\")
            else:
                out.append("")   # output: keep the numbering of the lines
        return "\n".join(out) + "\n"

    def chain(self) -> list[Block]:
        """This block and the python blocks it continues, first first."""
        blocks = [self]
        while blocks[0].cont and blocks[0].previous is not None:
            blocks.insert(0, blocks[0].previous)
        return blocks


def pages(root: Path = ROOT) -> list[Path]:
    """README.md and every docs/*.md, found afresh each run (new pages are picked up)."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def parse(path: Path, root: Path = ROOT) -> tuple[list[Block], list[str]]:
    """The fenced blocks of one page, and the problems with its docs-test markers."""
    rel = str(path.relative_to(root))
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks, problems, attached, fenced = [], [], set(), set()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m or (m["fence"][0] == "`" and "`" in m["info"]):
            i += 1
            continue
        indent, fence = len(m["indent"].expandtabs(4)), m["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body, j = [], i + 1
        while j < len(lines) and not closing.match(lines[j]):
            text = lines[j].expandtabs(4)
            body.append(text[min(indent, len(text) - len(text.lstrip(" "))):])
            j += 1
        info = m["info"].strip()
        block = Block(rel, i + 1, info.split()[0].lower() if info else "",
                      "\n".join(body) + ("\n" if body else ""))
        k = i - 1
        while k >= 0 and _MARKER.match(lines[k]):
            kind, arg = _MARKER.match(lines[k]).group("kind", "arg")
            attached.add(k)
            if kind == "skip":
                block.skip = arg or None
                if not arg:
                    problems.append(f"{rel}:{k + 1}: a skip marker needs a reason")
            elif kind == "setup" and arg:
                block.setup.insert(0, arg)
            elif kind == "continue" and not arg:
                block.cont = True
            else:
                problems.append(f"{rel}:{k + 1}: unknown docs-test marker {lines[k].strip()!r}")
            k -= 1
        blocks.append(block)
        fenced.update(range(i, j + 1))
        i = j + 1
    for n, line in enumerate(lines):
        if n not in attached and n not in fenced and _MARKER.match(line):
            problems.append(f"{rel}:{n + 1}: docs-test marker not directly above a fence")
    previous = None
    for block in blocks:
        if block.kind == "python" and block.skip is None:
            block.previous = previous
            if block.cont and previous is None:
                problems.append(f"{block.where}: `continue` but no python block before it")
            previous = block
        elif block.cont:
            problems.append(f"{block.where}: `continue` is for python blocks")
    return blocks, problems


def unrunnable(block: Block) -> str | None:
    """Why the block cannot run in a test, or None."""
    code = block.shell_lines() if block.kind == "shell" else ""
    for line in code.splitlines():
        command = line.split("#", 1)[0]
        for pattern, why in UNRUNNABLE:
            if pattern.search(command):
                return f"`{command.strip()}` {why}"
    return None


# --- what a command promises ---------------------------------------------------------------

def _commands(script: str) -> list[list[str]]:
    """Simple commands of a shell script (continuations joined, comments dropped, split at
    `&&`, `||`, `;` and `|`); enough for the commands docs show."""
    out = []
    for line in script.replace("\\\n", " ").splitlines():
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        current: list[str] = []
        for word in [*words, ";"]:
            if word in {"&&", "||", ";", "|"}:
                if current:
                    out.append(current)
                current = []
            else:
                current.append(word)
    return out


def _options(words: list[str]) -> dict[str, list[str]]:
    """`--name value value ...` runs of a command line; positionals under ''."""
    opts: dict[str, list[str]] = {"": []}
    key = ""
    for word in words:
        if word.startswith("--"):
            key, _, inline = word.partition("=")
            opts.setdefault(key, [])
            if inline:
                opts[key].append(inline)
        else:
            opts.setdefault(key, []).append(word)
            if key in {"--out", "--data", "--seed", "--accounts", "--jobs", "--period-end",
                       "--language", "--root"}:
                key = ""
    return opts


def make_recipe(target: str, copy: Path) -> list[str]:
    """The recipe lines of a Makefile target, with $(BIN) and $(VENV) expanded."""
    lines = (copy / "Makefile").read_text(encoding="utf-8").splitlines()
    recipe, inside = [], False
    for line in lines:
        if re.match(rf"^{re.escape(target)}\s*:(?!=)", line):
            inside = True
        elif inside and line.startswith("\t"):
            recipe.append(line.strip().lstrip("@").replace("$(BIN)", ".venv/bin")
                          .replace("$(VENV)", ".venv"))
        elif inside:
            break
    return recipe


def _team_count(data_dir: Path) -> int:
    with open(data_dir / "teams.csv", encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def _check_reports(out: Path, teams: list[str], data_dir: Path, formats: list[str],
                   label: str) -> list[str]:
    if not out.is_dir():
        return [f"{label}: {out} was not created"]
    problems = []
    expected = _team_count(data_dir) if teams == ["all"] else len(teams)
    pages = [p for p in out.glob("*.html") if p.name != "index.html"]
    if not (out / "index.html").is_file():
        problems.append(f"{label}: no index.html in {out}")
    if len(pages) < expected:
        problems.append(f"{label}: {len(pages)} report page(s) in {out}, expected {expected}")
    if "pdf" in formats and len(list(out.glob("*.pdf"))) < expected:
        problems.append(f"{label}: {len(list(out.glob('*.pdf')))} PDF(s), expected {expected}")
    leftovers = [p.name for p in out.glob(".valuekit-run-*")]
    if leftovers:
        problems.append(f"{label}: temporary data left in the report folder: {leftovers}")
    return problems


def promises(words: list[str], copy: Path, depth: int = 0) -> list[str]:
    """What is missing after a successful command that promises files; [] if all is there."""
    if not words:
        return []
    prog = Path(words[0]).name
    label = " ".join(words)
    if prog == "make" and depth < 2:
        problems = []
        for target in [w for w in words[1:] if not w.startswith("-") and "=" not in w]:
            for line in make_recipe(target, copy):
                for command in _commands(line):
                    problems += promises(command, copy, depth + 1)
        return problems
    if prog != "valuekit" or len(words) < 2:
        return []
    opts = _options(words[2:])
    if words[1] == "report":
        data_dir = copy / (opts.get("--data") or ["datasets"])[0]
        return _check_reports(copy / (opts.get("--out") or ["out/reports"])[0],
                              opts.get("--team") or ["all"], data_dir,
                              opts.get("--format") or ["html"], label)
    if words[1] == "export":
        notebooks = [n for pattern in opts[""] for n in sorted(glob.glob(pattern, root_dir=copy))]
        out = copy / (opts.get("--out") or ["out/handouts"])[0]
        found = len(list(out.glob("*.html"))) if out.is_dir() else 0
        return [] if found >= len(notebooks) else [
            f"{label}: {found} HTML page(s) in {out}, expected {len(notebooks)}"]
    if opts[""][:1] == ["generate"]:
        out = copy / (opts.get("--out") or ["datasets"])[0]
        wanted = sorted(p.name for p in (ROOT / "datasets").glob("*.csv"))
        missing = [name for name in wanted if not (out / name).is_file()]
        return [f"{label}: missing {missing} in {out}"] if missing else []
    return []


def shell_promises(block: Block, copy: Path) -> list[str]:
    problems = []
    for words in _commands(block.shell_lines()):
        problems += promises(words, copy)
    return problems


def python_promises(block: Block, copy: Path) -> list[str]:
    """After a python block: `run_reports(teams, out)` wrote its reports, and every relative
    path the block passes to a call ("out/reports", "my_data/", "x.csv") exists."""
    problems = []
    tree = ast.parse(block.code)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr",
                                                                             "")) == "run_reports"
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)):
            try:
                teams = ast.literal_eval(node.args[0])
            except ValueError:
                continue
            problems += _check_reports(copy / node.args[1].value, list(teams),
                                       copy / "datasets", ["html"], f"run_reports{teams}")
        if isinstance(node, ast.Call):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                        and re.fullmatch(r"[\w.-]+(/[\w.-]*)*", arg.value)
                        and re.search(r"/|\.(csv|html|ipynb|pdf)$", arg.value)
                        and not (copy / arg.value).exists()):
                    problems.append(f"the block names {arg.value!r}, which does not exist "
                                    "after it")
    return problems
