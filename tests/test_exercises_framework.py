"""valuekit.exercises: questions, checks, the registry, and exercises generated from solutions."""

from __future__ import annotations

import json
import math
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

import valuekit.exercises as ex
from valuekit.exercises import build
from valuekit.exercises.m00_example import d1, q1, q2, q3

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _fresh_log():
    ex.reset()
    yield
    ex.reset()


def status(question, answer) -> tuple[str, str]:
    result = question.check(answer)
    return result.status, result.message


# ---------------------------------------------------------------------------------------
# Numbers


def test_number_correct_within_the_stated_decimals():
    assert q1.expected == pytest.approx(102.4)  # 200 * 0.8**3, computed by the kit
    assert q1.check(102.4).correct
    assert q1.check(102.44).correct  # rounds to 102.4
    assert not q1.check(102.46).correct


def test_unanswered_is_kind_and_never_raises():
    st, msg = status(q1, ...)
    assert st == "unanswered"
    assert "Replace the ..." in msg and "q1.hint()" in msg
    st, msg = status(q1, None)
    assert st == "unanswered" and "return" in msg


@pytest.mark.parametrize(
    ("answer", "needle"),
    [
        (102, "rounding slip"),
        (-102.4, "sign is wrong"),
        (1.024, "100 times too small"),
        (10240, "100 times too big"),
        ("102.4", "without quotes"),
        ("many", "asks for a number"),
        (True, "True/False"),
        (float("nan"), "NaN"),
        (pd.Series([102.4]), "take the number itself"),
        (pd.Series([1.0, 2.0]), "single number"),
        ([102.4], "a list"),
        (80.0, "subtracts the same number"),  # the question's own mistake: linear losses
        (1.6, "churn rate"),  # 200 * 0.2**3
        (140, "140 is not the expected value"),
    ],
)
def test_number_names_the_likely_mistake(answer, needle):
    st, msg = status(q1, answer)
    assert st == "incorrect"
    assert needle in msg


def test_percentage_question_spots_a_fraction():
    assert q2.expected == pytest.approx(51.2)
    assert q2.check(51.2).correct
    st, msg = status(q2, 0.512)
    assert "looks like a fraction" in msg and "multiply by 100" in msg


def test_fraction_question_spots_a_percentage():
    q = ex.Number(0.25, unit="fraction", decimals=2)
    st, msg = status(q, 25)
    assert st == "incorrect" and "divide by 100" in msg


def test_question_mistakes_come_before_builtin_ones():
    q = ex.Number(10.0, mistakes=[ex.Mistake.close_to(-10.0, "specific")])
    assert status(q, -10.0)[1] == "specific"


def test_a_mistake_test_that_crashes_is_not_a_match():
    def boom(answer, expected):
        raise ZeroDivisionError

    q = ex.Number(10.0, mistakes=[ex.Mistake(boom, "never")])
    assert "never" not in status(q, 3.0)[1]


def test_total_instead_of_average_and_wrong_denominator():
    deals = pd.Series([100.0, 200.0, 600.0])
    q = ex.Number(
        lambda: deals.mean(),
        mistakes=[
            ex.total_instead_of_average(lambda: len(deals), of="deals"),
            *ex.wrong_denominator({"potential": 0.02, "possible": 0.1}, right="target"),
        ],
    )
    assert q.check(300.0).correct
    assert "total, not the average: divide by the number of deals" in status(q, 900.0)[1]
    assert "divides by the possible stage" in status(q, 0.1)[1]
    assert "the target stage" in status(q, 0.02)[1]


def test_expected_is_computed_once_and_lazily():
    calls = []

    def expected():
        calls.append(1)
        return 4.0

    q = ex.Number(expected)
    assert calls == []
    q.check(4.0)
    q.check(5.0)
    q.solution()
    assert calls == [1]


def test_a_broken_expected_is_reported_not_raised():
    def broken():
        raise FileNotFoundError("datasets/accounts.csv")

    st, msg = status(ex.Number(broken), 1.0)
    assert st == "error" and "cannot be checked here" in msg and "accounts.csv" in msg


def test_expected_must_be_given():
    with pytest.raises(ValueError, match="expected must be"):
        ex.Number(...)


# ---------------------------------------------------------------------------------------
# Choices


def test_choice_ignores_case_spaces_and_underscores():
    assert q3.check("Effective").correct
    assert q3.check("  effective ").correct
    q = ex.Choice("early_adopter", options=["innovator", "early_adopter"])
    assert q.check("Early adopter").correct
    assert q.check("early-adopter").correct


def test_choice_names_wrong_options_and_types():
    assert "widest stage" in status(q3, "potential")[1]
    assert "'target' is not the answer" in status(q3, "target")[1]
    assert "not one of the options: potential, possible" in status(q3, "funnel")[1]
    assert "an int" in status(q3, 3)[1]


def test_choice_expected_must_be_an_option():
    with pytest.raises(ValueError, match="not one of the options"):
        ex.Choice("nope", options=["a", "b"])


# ---------------------------------------------------------------------------------------
# Series and frames


@pytest.fixture
def by_stage() -> pd.Series:
    return pd.Series([0.5, 0.25, 0.1], index=pd.Index(["possible", "target", "effective"],
                                                      name="stage"))


def test_series_answer(by_stage):
    q = ex.SeriesAnswer(lambda: by_stage)
    assert q.check(by_stage.copy()).correct
    assert q.check(by_stage.iloc[::-1]).correct  # order free by default
    assert "percentages" not in status(q, by_stage)[1]
    cases = [
        (by_stage.to_frame("rate"), "one-column DataFrame"),
        (0.5, "single number; the question asks for one value per stage (3 values)"),
        ([0.5, 0.25, 0.1], "a list"),
        (by_stage.iloc[:2], "has 2 values; expected 3"),
        (by_stage.rename({"target": "tgt"}), "missing labels target; unexpected labels tgt"),
        (by_stage * 100, "look like percentages"),
        (by_stage.where(by_stage.index != "target", 0.3),
         "1 of 3 values differ (target); for 'target' you have 0.3, expected 0.25"),
    ]
    for answer, needle in cases:
        st, msg = status(q, answer)
        assert st == "incorrect", (answer, msg)
        assert needle in msg, msg


def test_series_answer_with_order(by_stage):
    q = ex.SeriesAnswer(by_stage, check_order=True)
    st, msg = status(q, by_stage.iloc[::-1])
    assert st == "incorrect" and "different order" in msg


def test_frame_answer():
    expected = pd.DataFrame({"team": ["a", "b"], "won": [3, 5], "rate": [0.3, 0.5]})
    q = ex.Frame(expected, check_index=False)
    assert q.check(expected[["rate", "team", "won"]]).correct  # column order free
    assert q.check(expected.assign(won=[3.0, 5.0])).correct  # dtype free
    cases = [
        (expected["won"], "You gave a Series"),
        (expected.drop(columns="rate"), "Columns missing: rate"),
        (expected.iloc[:1], "has 1 rows; expected 2"),
        (expected.assign(rate=[0.3, 0.6]), "Column 'rate' differs in 1 row(s)"),
        (expected.assign(team=["a", "c"]), "Column 'team' differs"),
        ("table", "a str"),
    ]
    for answer, needle in cases:
        st, msg = status(q, answer)
        assert st == "incorrect", (answer, msg)
        assert needle in msg, msg


def test_frame_answer_by_index():
    expected = pd.DataFrame({"won": [3, 5]}, index=pd.Index(["a", "b"], name="team"))
    q = ex.Frame(expected)
    assert q.check(expected.iloc[::-1]).correct
    assert "row labels (index) differ" in status(q, expected.reset_index(drop=True))[1]


# ---------------------------------------------------------------------------------------
# Hints, solutions, discussions, display


def test_hints_and_solution(capsys):
    q1.hint()
    q1.hint(2)
    q1.hint(9)  # past the last: the last one
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Hint 1 of 2 (q1.hint(2) for the next one):")
    assert out[1].startswith("Hint 2 of 2:") and out[2] == out[1]
    q1.solution()
    text = capsys.readouterr().out
    assert "left = 200 * 0.8 ** 3" in text and "Expected answer: 102.4" in text


def test_discussion_guide(capsys):
    assert d1.name == "d1" and d1.module == "m00_example"
    d1.guide()
    assert "Trainer guide: Steer the group" in capsys.readouterr().out


def test_result_html_is_coloured_and_escaped():
    good = ex.Result("m.q", "correct", "ok")
    bad = ex.Result("m.q", "incorrect", "<b>no</b>")
    assert "#1b7f3b" in good.html() and "Correct" in good.html()
    assert "#b00020" in bad.html() and "&lt;b&gt;" in bad.html()


def test_result_is_displayed_once_in_ipython():
    from IPython.core.formatters import DisplayFormatter

    shown = []
    result = ex.Result("m.q", "correct", "ok")
    import IPython.display

    original = IPython.display.display
    IPython.display.display = lambda *a, **k: shown.append(a)
    try:
        result._ipython_display_()  # what check() does
        data, _ = DisplayFormatter().format(result)  # the cell's value, shown again?
    finally:
        IPython.display.display = original
    assert len(shown) == 1 and data == {}


# ---------------------------------------------------------------------------------------
# Registry and the record of checks


def test_registry_names_questions_after_their_variables():
    assert ex.modules()[0] == "m00_example"
    found = ex.questions("m00_example")
    assert list(found) == ["q1", "q2", "q3"]
    assert q1.id == "m00_example.q1"


def test_summary_and_all_correct():
    with pytest.raises(AssertionError, match="no question was checked"):
        ex.assert_all_correct()
    q1.check(102.4)
    q2.check(0.512)
    assert not ex.all_correct()
    s = ex.summary()
    assert s["correct"] == ["m00_example.q1"]
    assert s["not_correct"][0].startswith("m00_example.q2: incorrect")
    assert s["unchecked"] == ["m00_example.q3"]
    with pytest.raises(AssertionError, match="q3: never checked"):
        ex.assert_all_correct("m00_example")
    q2.check(51.2)
    q3.check("effective")
    assert ex.all_correct("m00_example")
    ex.assert_all_correct()
    assert [r.correct for r in ex.results()] == [True, False, True, True]


# ---------------------------------------------------------------------------------------
# The generator


def test_assignments_become_placeholders_and_the_rest_one_comment():
    src = (
        "x = 1\n"
        "### BEGIN SOLUTION\n"
        "won = deals.eq('W').sum()\n"
        "rate: float = won / (\n"
        "    len(deals)\n"
        ")\n"
        "a, b = 1, 2\n"
        "print(rate)\n"
        "deals['x'] = 1\n"
        "won += 1\n"
        "### END SOLUTION\n"
        "q1.check(rate)"
    )
    assert build.exercise_source(src) == (
        "x = 1\n"
        "won = ...  # your answer here\n"
        "rate = ...  # your answer here\n"
        "a = ...  # your answer here\n"
        "b = ...  # your answer here\n"
        "# Your code here\n"
        "q1.check(rate)"
    )


def test_indentation_is_kept_and_bodies_stay_valid():
    src = (
        "def f(x):\n"
        "    ### BEGIN SOLUTION\n"
        "    y = x * 2\n"
        "    return y\n"
        "    ### END SOLUTION\n"
        "\n"
        "def g(x):\n"
        "    ### BEGIN SOLUTION\n"
        "    return x\n"
        "    ### END SOLUTION\n"
    )
    out = build.exercise_source(src)
    assert out == (
        "def f(x):\n"
        "    y = ...  # your answer here\n"
        "    # Your code here\n"
        "\n"
        "def g(x):\n"
        "    pass  # Your code here\n"
    )
    compile(out, "<exercise>", "exec")


def test_comment_only_block_and_markdown_block():
    assert build.exercise_source("### BEGIN SOLUTION\n# think\n### END SOLUTION") == (
        "# Your code here")
    md = "Why?\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION\nThen discuss."
    assert build.exercise_source(md, cell_type="markdown") == (
        "Why?\n*Your answer here.*\n\n"
        "<details><summary>A model answer (open it after writing yours)</summary>\n\n"
        "Because.\n\n</details>\nThen discuss.")


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1", "without a matching"),
        ("x = 1\n### END SOLUTION", "without a '### BEGIN SOLUTION' before"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "nested"),
        ("### BEGIN SOLUTION\nx = (\n### END SOLUTION", "not valid Python"),
    ],
)
def test_malformed_markers_are_named(src, message):
    with pytest.raises(ValueError, match=message):
        build.exercise_source(src, where="sol.ipynb, cell 3")
    with pytest.raises(ValueError, match="sol.ipynb, cell 3"):
        build.exercise_source(src, where="sol.ipynb, cell 3")


def test_fixture_solution_becomes_the_fixture_exercise():
    """tests/fixtures/exercise_example.ipynb was reviewed by hand: solution-only cells gone
    (the **Solution:** note and the cell tagged "solution"), blocks replaced."""
    solution = nbformat.read(FIXTURES / "solution_example.ipynb", as_version=4)
    generated = build.render(
        build.build_notebook(solution, source_name="solutions/solution_example.ipynb"))
    assert generated == (FIXTURES / "exercise_example.ipynb").read_text(encoding="utf-8")


def test_build_notebook_strips_outputs_counts_and_run_metadata():
    nb = nbformat.read(FIXTURES / "solution_example.ipynb", as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nb.cells[1].execution_count = 7
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2025-01-01"}
    nb.metadata["widgets"] = {"state": {}}
    out = build.build_notebook(nb)
    assert out.cells[1].outputs == [] and out.cells[1].execution_count is None
    assert "execution" not in out.cells[1].metadata
    assert "widgets" not in out.metadata
    assert nb.cells[1].outputs  # the input is not changed


def _copy_solution(folder: Path, name: str = "m00.ipynb") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes((FIXTURES / "solution_example.ipynb").read_bytes())
    return path


def test_build_all_writes_checks_and_cleans_up(tmp_path):
    sol, exe = tmp_path / "solutions", tmp_path / "exercises"
    _copy_solution(sol)
    _copy_solution(sol / "part2", "m01.ipynb")
    assert ex.build_all(sol, exe, check=True) == [str(exe / "m00.ipynb"),
                                                   str(exe / "part2" / "m01.ipynb")]
    written = ex.build_all(sol, exe)
    assert sorted(written) == sorted([str(exe / "m00.ipynb"), str(exe / "part2" / "m01.ipynb")])
    first = (exe / "m00.ipynb").read_bytes()
    assert first.endswith(b"}\n")
    assert ex.build_all(sol, exe, check=True) == []
    ex.build_all(sol, exe)
    assert (exe / "m00.ipynb").read_bytes() == first  # deterministic

    (exe / "m00.ipynb").write_text((exe / "m00.ipynb").read_text().replace("cohort", "c"))
    assert ex.build_all(sol, exe, check=True) == [str(exe / "m00.ipynb")]

    # A solution removed: its generated exercise is stale; a hand-made notebook is left alone.
    (sol / "part2" / "m01.ipynb").unlink()
    hand_made = exe / "notes.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), hand_made)
    assert ex.build_all(sol, exe, check=True) == [str(exe / "m00.ipynb"),
                                                   str(exe / "part2" / "m01.ipynb")]
    ex.build_all(sol, exe)
    assert not (exe / "part2" / "m01.ipynb").exists() and hand_made.exists()
    assert ex.build_all(sol, exe, check=True) == []


def test_build_all_needs_a_solutions_folder(tmp_path):
    with pytest.raises(ValueError, match="no solutions folder"):
        ex.build_all(tmp_path / "nope", tmp_path / "exercises")


def test_cli_builds_and_checks(tmp_path, capsys):
    from valuekit.cli import main

    _copy_solution(tmp_path / "solutions")
    assert main(["exercises", "build", "--root", str(tmp_path), "--check"]) == 1
    assert main(["exercises", "build", "--root", str(tmp_path)]) == 0
    assert main(["exercises", "build", "--root", str(tmp_path), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


# -- the committed notebooks --------------------------------------------------------------

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def test_committed_exercises_match_the_solutions():
    """exercises/ is exactly what `valuekit exercises build` makes (nothing missing, stale
    or edited by hand)."""
    assert ex.build_all(ROOT / "solutions", ROOT / "exercises", check=True) == []


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_each_committed_exercise_is_generated(solution):
    exercise = ROOT / "exercises" / solution.name
    nb = nbformat.read(solution, as_version=4)
    text = build.render(build.build_notebook(nb, source_name=f"solutions/{solution.name}"))
    assert exercise.is_file(), f"{exercise} is missing: run `make exercises`"
    assert exercise.read_text(encoding="utf-8") == text, f"run `make exercises` ({exercise})"


# -- running notebooks --------------------------------------------------------------------

_REPORT = (
    "import json as _json, valuekit.exercises as _vx\n"
    "print('VALUEKIT-CHECKS ' + _json.dumps({'summary': _vx.summary(), "
    "'statuses': [r.status for r in _vx.results()]}))"
)


def _run(nb: nbformat.NotebookNode, cwd: Path) -> tuple[nbformat.NotebookNode, dict]:
    """Execute a notebook (plus a cell reporting the kernel's record of checks)."""
    nb = nbformat.from_dict(nb)
    nb.cells.append(nbformat.v4.new_code_cell(_REPORT))
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    return nb, json.loads(text.split("VALUEKIT-CHECKS ", 1)[1])


@pytest.mark.slow
def test_untouched_exercise_runs_to_the_end_and_says_unanswered():
    nb = nbformat.read(FIXTURES / "exercise_example.ipynb", as_version=4)
    executed, report = _run(nb, FIXTURES)
    assert report["statuses"] == ["unanswered", "unanswered", "unanswered"]
    for cell in executed.cells[:-1]:
        if ".check(" in cell.source:
            assert len(cell.outputs) == 1, cell.outputs  # shown once, not twice
            assert "No answer yet" in cell.outputs[0]["data"]["text/plain"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "solution", [FIXTURES / "solution_example.ipynb", *SOLUTIONS],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_check_in_a_solution_notebook_passes(solution):
    nb = nbformat.read(solution, as_version=4)
    _, report = _run(nb, solution.parent)
    summary = report["summary"]
    assert summary["correct"], "the solution notebook checks no question"
    assert summary["not_correct"] == []
    assert summary["unchecked"] == [], "questions of the module that no cell checks"


def test_checks_hold_for_numpy_scalars():
    assert q1.check(np.float64(102.4)).correct
    assert q3.check(np.str_("effective")).correct
    assert math.isclose(q2.expected, 51.2)
