"""Month after month (issue 17): two consecutive periods on the sample data, every
"change since" checked against the figures both runs saved, and the action flags."""

from __future__ import annotations

import json
import math

import pytest

from valuekit import team_report as tr
from valuekit.reports import history, runner

TEAMS = ["East Public Sector", "T01"]


def _saved(path):
    return json.loads(path.read_text(encoding="utf-8"))["figures"]


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    out = tmp_path_factory.mktemp("monthly")
    nov = runner.run_reports(TEAMS, out, period_end="2025-11-30", progress=False)
    assert not nov.failed, nov.failed
    nov_figures = {r.team.team_id: _saved(r.figures_file) for r in nov.results}
    dec = runner.run_reports(TEAMS, out, period_end="2025-12-31", progress=False)
    assert not dec.failed, dec.failed
    return out, nov, nov_figures, dec


def _expected(kind, new, old):  # hand-written rule: points for rates, percent for amounts
    if new is None or old is None:
        return None
    if kind == "pct":
        return (new - old) * 100
    return None if old == 0 else (new - old) / abs(old) * 100


@pytest.mark.slow
def test_every_change_since_matches_both_runs(months):
    out, nov, nov_figures, dec = months
    for r in dec.results:
        now = _saved(r.figures_file)
        before = nov_figures[r.team.team_id]
        assert before["period_end"] == "2025-11-30" and now["period_end"] == "2025-12-31"
        ch = now["changes"]
        assert ch["compare_to"] == "2025-11-30" and ch["source"] == "saved"
        for key, kind in tr.HEADLINE:
            c = ch["headline"][key]
            assert c["current"] == now["headline"][key]["team"]
            assert c["previous"] == before["headline"][key]["team"]
            want = _expected(kind, c["current"], c["previous"])
            assert (c["difference"] is None) == (want is None)
            if want is not None:
                assert math.isclose(c["difference"], want, rel_tol=1e-12, abs_tol=1e-12)
            page = r.html.read_text(encoding="utf-8")
            assert tr.difference_text(kind, c["current"], c["previous"]) in page
        old_keys = {f"{a['rule']}:{a['metric']}" for a in before["actions"]}
        new_keys = [f"{a['rule']}:{a['metric']}" for a in now["actions"]]
        assert ch["actions"] == {k: "repeated" if k in old_keys else "new" for k in new_keys}
        gone = [a["text"] for a in before["actions"]
                if f"{a['rule']}:{a['metric']}" not in new_keys
                and a["rule"] not in ("keep", "watch")]
        assert [x["text"] for x in ch["resolved"]] == gone


@pytest.mark.slow
def test_history_keeps_both_periods_and_the_index_records_the_file(months):
    out, nov, _, dec = months
    for r in dec.results:
        for day in ("2025-11-30", "2025-12-31"):
            assert history.history_path(out, day, r.team.stem).is_file()
        assert r.figures_file == out / f"{r.team.stem}.figures.json"
    manifest = json.loads((out / "index.json").read_text(encoding="utf-8"))["reports"]
    assert {e["figures_file"] for e in manifest.values()} == {
        r.figures_file.name for r in dec.results}


@pytest.mark.slow
def test_without_history_the_change_is_computed_from_the_same_data(months, tmp_path):
    _, _, nov_figures, dec = months
    fresh = runner.run_reports(["T01"], tmp_path, progress=False)  # no history here
    ch = _saved(fresh.results[0].figures_file)["changes"]
    assert ch["source"] == "data"
    for key, _kind in tr.HEADLINE:  # the same data: the same figures as the saved run
        assert ch["headline"][key]["previous"] == nov_figures["T01"]["headline"][key]["team"]


def test_default_compare_to_is_one_month_earlier():
    assert str(history.default_compare_to("2025-12-31").date()) == "2025-11-30"
    assert str(history.default_compare_to("2025-03-31").date()) == "2025-02-28"
    assert str(history.default_compare_to("2025-06-15").date()) == "2025-05-15"


def test_bad_compare_to_is_refused_before_any_kernel(tmp_path):
    calls = []
    with pytest.raises(ValueError, match="--compare-to 2026-01-31 must be before"):
        runner.run_reports(["T01"], tmp_path, compare_to="2026-01-31",
                           execute=lambda *a, **k: calls.append(1))
    with pytest.raises(ValueError, match="--compare-to must be a date"):
        runner.run_reports(["T01"], tmp_path, compare_to="last month",
                           execute=lambda *a, **k: calls.append(1))
    assert calls == []
