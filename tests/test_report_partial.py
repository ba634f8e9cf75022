"""Team reports from the tables a sales team actually has (issue 18).

Every combination of present/absent optional tables renders for every sample
team with exactly the sections their declared needs allow; a property test
checks that no section, figure or action appears without its tables; the
report command and ``valuekit data check`` work on a teams + opportunities
folder.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from valuekit import schema
from valuekit import team_report as tr
from valuekit.reports import render

ROOT = Path(__file__).resolve().parents[1]
COMBOS = [
    frozenset(c)
    for n in range(len(tr.OPTIONAL_TABLES) + 1)
    for c in itertools.combinations(tr.OPTIONAL_TABLES, n)
]
#: The figures of each section (top-level keys of TeamReport.figures).
SECTION_KEYS = {
    "header": {"title", "team", "period_end", "window"},
    "headline": {"headline", "coverage"},
    "actions": {"actions"},
    "funnel": {"funnel", "bottleneck"},
    "win_loss": {"win_loss", "win_loss_total", "win_loss_progress", "loss_reasons"},
    "forecast": {"forecast"},
    "customers": {"customers"},
    "adopters": {"adopters"},
    "notes": set(),
}
RENDERERS = ["header", "headline", "actions", "funnel", "win_loss", "forecast", "customers",
             "adopters", "notes"]


def subset(sample, optional):
    return {t: sample[t] for t in tr.REPORT_TABLES if t in tr.REQUIRED_TABLES or t in optional}


def html_of(report: tr.TeamReport) -> str:
    return "".join(str(getattr(render, name)(report)) for name in RENDERERS)


def check_report(report: tr.TeamReport, present: set[str]) -> None:
    """Exactly the sections, figures and actions the present tables allow."""
    f, w = report.figures, report.labels
    allowed = {s for s, needs in tr.SECTION_NEEDS.items() if set(needs) <= present}
    assert set(f["sections"]) == allowed
    assert {x["section"] for x in f["left_out"]} == set(tr.SECTION_NEEDS) - allowed
    for x in f["left_out"]:  # the files named are exactly the missing ones
        needs = tr.SECTION_NEEDS[x["section"]]
        assert x["files"] == [schema.TABLES[t].file for t in tr.REPORT_TABLES
                              if t in needs and t not in present]
    shown_keys = set().union(*(SECTION_KEYS[s] for s in allowed))
    hidden_keys = set().union(*(SECTION_KEYS[s] for s in set(SECTION_KEYS) - allowed))
    assert shown_keys <= set(f) and not hidden_keys & set(f)
    figures_ok = {m for m, needs in tr.FIGURE_NEEDS.items() if set(needs) <= present}
    assert set(f["headline"]) == {k for k, _ in tr.HEADLINE} & figures_ok
    assert len(f["actions"]) == 3
    for action in f["actions"]:
        assert action["metric"] in figures_ok, action
    page = html_of(report)
    for section in tr.SECTION_NEEDS:
        title = w[tr.SECTION_LABELS[section]]
        if section in allowed:
            assert "vk-left-out" not in str(getattr(render, section)(report))
        else:
            line = str(render.left_out(report, section))
            assert line in page and title.replace("'", "&#x27;") in line
            for file in next(x["files"] for x in f["left_out"] if x["section"] == section):
                assert file in line
    for metric, _kind in tr.HEADLINE:  # a headline row only for a computable figure
        assert (f"<td>{w[metric]}</td>" in page) == (metric in figures_ok)


@pytest.mark.parametrize("optional", COMBOS, ids=lambda c: "+".join(sorted(c)) or "none")
def test_every_combination_renders_for_every_team_with_the_sections_it_allows(sample, optional):
    tables = subset(sample, optional)
    present = set(tables)
    for team_id, _name in tr.team_list(tables):
        check_report(tr.build(tables, team_id), present)


def test_with_every_table_the_report_is_the_full_report(sample):
    full = tr.build(subset(sample, tr.OPTIONAL_TABLES), "T03", language="zh")
    assert full.figures["left_out"] == []
    assert full.figures["sections"] == list(tr.SECTION_NEEDS)
    assert "vk-left-out" not in html_of(full)


def test_without_products_the_win_loss_report_names_products_by_id(sample):
    report = tr.build(subset(sample, set()), "T01")
    ids = set(sample["products"]["product_id"])
    assert {r["product_name"] for r in report.figures["win_loss"]} <= ids
    assert report.figures["win_loss"]


def test_the_left_out_line_names_the_files(sample):
    report = tr.build(subset(sample, {"accounts", "products"}), "T01")
    assert str(render.customers(report)).endswith(
        "Customers: concentration and lifetime value: add contracts.csv and invoices.csv</p></div>"
    )


def test_two_languages_share_one_computation(sample):
    figures = tr.compute(subset(sample, {"accounts"}), "T02")
    en, zh = figures.in_language("en"), figures.in_language("zh")
    assert en.figures["headline"] == zh.figures["headline"]
    assert en.figures["title"] != zh.figures["title"]
    assert "title" not in figures.figures and "actions" not in figures.figures
    assert en.figures == tr.build(subset(sample, {"accounts"}), "T02").figures


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    optional=st.sets(st.sampled_from(tr.OPTIONAL_TABLES)),
    team=st.sampled_from([f"T{i:02d}" for i in range(1, 13)]),
    period_end=st.sampled_from(["2023-06-30", "2024-03-31", "2024-12-31", "2025-12-31"]),
    language=st.sampled_from(tr.LANGUAGES),
)
def test_no_section_figure_or_action_appears_without_its_tables(
    sample, optional, team, period_end, language
):
    tables = subset(sample, optional)
    check_report(tr.build(tables, team, period_end=period_end, language=language), set(tables))


def test_index_page_on_partial_figures(sample):
    report = tr.build(subset(sample, set()), "T01")
    entry = {"team_id": "T01", "team_name": report.team_name, "html": "T01.html", "pdf": None,
             "figures": report.figures, "period_end": report.figures["period_end"]}
    page = render.index_page([entry], language="en")
    assert 'href="T01.html"' in page and "n/a" in page  # revenue, churn, CLV unknown


# ------------------------------------------------------------- data check and loading


def folder_with(tmp_path: Path, *names: str) -> Path:
    for name in names:
        shutil.copy(ROOT / "datasets" / schema.TABLES[name].file, tmp_path)
    return tmp_path


def valuekit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "valuekit", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=600)


def test_load_tables_reads_what_the_folder_has(tmp_path):
    folder = folder_with(tmp_path, "teams", "opportunities", "products")
    assert set(tr.load_tables(folder)) == {"teams", "opportunities", "products"}


def test_load_tables_without_opportunities_names_the_file(tmp_path):
    from valuekit.data import DataError

    folder = folder_with(tmp_path, "teams", "accounts")
    with pytest.raises(DataError, match="opportunities.csv: missing file"):
        tr.load_tables(folder)


def test_data_check_lists_sections_and_notebooks_of_a_crm_folder(tmp_path):
    folder = folder_with(tmp_path, "teams", "opportunities")
    out = valuekit("data", "check", str(folder))
    assert out.returncode == 0, out.stderr
    assert "checked 2 tables" in out.stdout
    assert ("  Customers: concentration and lifetime value: add accounts.csv, products.csv, "
            "contracts.csv and invoices.csv") in out.stdout
    assert "  Adopter groups of the team's accounts: add accounts.csv" in out.stdout
    assert "teaching notebooks supported: 00_setup_check\n" in out.stdout
    assert "  03_funnel: add accounts.csv, products.csv and campaign_touches.csv" in out.stdout
    sections = next(x for x in out.stdout.splitlines() if x.startswith("team report sections"))
    for name in ("Funnel and bottleneck", "Win/loss report", "Rolling forecast"):
        assert name in sections


def test_the_check_and_the_report_agree_on_required_tables():
    from valuekit.data import check

    assert check.REPORT_REQUIRED == tr.REQUIRED_TABLES
    assert check.NOTEBOOK_NEEDS["05_capstone"] == tr.REPORT_TABLES
