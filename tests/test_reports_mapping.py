"""A CRM export mapped to the kit's tables (the worked Salesforce example of docs/own_data.md)."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import pytest

from valuekit import data
from valuekit.reports import mapping

HEADER = [
    "Opportunity ID", "Account ID", "Account Name", "Product Code", "Owner Role",
    "Created Date", "Close Date", "Stage", "Stage Before Close", "Amount", "Loss Reason",
    "Lead Source",
]
ROWS = [
    ["0065g00000AAA01", "0015g000001", "Acme Retail", "P01", "Sales - North Enterprise",
     "2025-01-15", "2025-04-30", "Closed Won", "Closed Won", "120000", "", "Partner Referral"],
    ["0065g00000AAA02", "0015g000001", "Acme Retail", "P02", "Sales - North Enterprise",
     "2025-02-01", "2025-05-15", "Closed Lost", "Proposal/Price Quote", "80000", "Price", "Web"],
    ["0065g00000AAA03", "0015g000002", "Globex Bank", "P01", "Sales - East Public Sector",
     "2025-03-10", "2026-02-28", "Negotiation/Review", "Negotiation/Review", "95000", "",
     "Seminar - Partner"],
    ["0065g00000AAA04", "0015g000002", "Globex Bank", "P03", "Sales - East Public Sector",
     "2025-06-01", "2026-03-31", "On Hold", "Qualification", "40000", "", "Phone Inquiry"],
]
SALESFORCE_CSV = "\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n"


@pytest.fixture
def export():
    return pd.read_csv(io.StringIO(SALESFORCE_CSV))


def test_salesforce_example_maps_to_the_kit(export):
    opps = mapping.apply(export, mapping.SALESFORCE_OPPORTUNITIES)
    assert list(opps.columns) == [
        "opportunity_id", "account_id", "product_id", "team_id", "created_date", "closed_date",
        "stage", "amount", "status", "loss_reason", "lead_source",
    ]
    assert list(opps["status"]) == ["W", "L", "C", "D"]
    # the sale is won at target (funnel deck); effective needs the renewal, not in the export
    assert list(opps["stage"]) == ["target", "target", "target", "possible"]
    assert list(opps["team_id"]) == ["T01", "T01", "T06", "T06"]
    # a closing date only for decided deals, a loss reason only for lost ones
    assert list(opps["closed_date"].isna()) == [False, False, True, True]
    assert list(opps["loss_reason"].fillna("")) == ["", "price", "", ""]
    assert list(opps["lead_source"]) == ["one_to_one", "email", "seminar", "phone"]


def test_mapped_table_passes_the_kits_loader(export, tmp_path):
    opps = mapping.apply(export, mapping.SALESFORCE_OPPORTUNITIES)
    path = mapping.write_table(opps, "opportunities", tmp_path)
    assert path.name == "opportunities.csv"
    loaded = data.load(tmp_path, tables=["opportunities"])["opportunities"]
    assert len(loaded) == 4
    assert loaded["amount"].sum() == pytest.approx(335000)
    assert str(loaded.loc[0, "created_date"].date()) == "2025-01-15"


def test_unmapped_value_is_named_with_its_rows(export):
    export.loc[2, "Stage"] = "Verbal Commit"
    with pytest.raises(ValueError) as err:
        mapping.apply(export, mapping.SALESFORCE_OPPORTUNITIES)
    message = str(err.value)
    assert "'Verbal Commit'" in message and "'status'" in message and "rows 4" in message


def test_missing_export_column_is_named(export):
    with pytest.raises(ValueError, match="no column.*'Lead Source'"):
        mapping.apply(export.drop(columns="Lead Source"), mapping.SALESFORCE_OPPORTUNITIES)


def test_unknown_kit_column_or_table_is_named(export):
    bad = replace(mapping.SALESFORCE_OPPORTUNITIES, constants={"probability": 0.5})
    with pytest.raises(ValueError, match="probability"):
        mapping.apply(export, bad)
    with pytest.raises(ValueError, match="unknown kit table 'deals'"):
        mapping.apply(export, replace(bad, table="deals"))


def test_constants_fill_a_column_the_export_lacks(export):
    teamless = replace(
        mapping.SALESFORCE_OPPORTUNITIES,
        columns={k: v for k, v in mapping.SALESFORCE_OPPORTUNITIES.columns.items()
                 if k != "team_id"},
        constants={"team_id": "T01"},
    )
    assert set(mapping.apply(export, teamless)["team_id"]) == {"T01"}


# ------------------------------------------------ the smallest export: teams + opportunities


def test_teams_from_the_export_make_a_two_table_folder_a_report_runs_on(export, tmp_path):
    from valuekit import team_report as tr

    roles = mapping.SALESFORCE_OPPORTUNITIES.values["team_id"]
    teams = mapping.teams_from_export(export, "Owner Role", roles,
                                      regions={"T01": "north", "T06": "east"},
                                      quotas={"T01": 2_000_000, "T06": 1_500_000})
    assert teams.to_dict("records") == [
        {"team_id": "T01", "team_name": "Sales - North Enterprise", "region": "north",
         "quota": 2_000_000.0},
        {"team_id": "T06", "team_name": "Sales - East Public Sector", "region": "east",
         "quota": 1_500_000.0},
    ]
    mapping.write_table(mapping.apply(export, mapping.SALESFORCE_OPPORTUNITIES),
                        "opportunities", tmp_path)
    mapping.write_table(teams, "teams", tmp_path)
    tables = tr.load_tables(tmp_path)
    assert set(tables) == {"teams", "opportunities"}
    report = tr.build(tables, "T01", period_end="2025-06-30")
    # T01: one won (120,000) and one lost deal, both closed in the window
    assert report.figures["headline"]["win_rate"]["team"] == 0.5
    assert report.figures["win_loss_total"]["W"] == 1 and report.figures["win_loss_total"]["L"] == 1
    assert {x["section"] for x in report.figures["left_out"]} == {"customers", "adopters"}


def test_teams_from_the_export_name_what_is_missing(export):
    roles = mapping.SALESFORCE_OPPORTUNITIES.values["team_id"]
    with pytest.raises(ValueError, match="no quota given for team.s. T06"):
        mapping.teams_from_export(export, "Owner Role", roles,
                                  regions={"T01": "north", "T06": "east"}, quotas={"T01": 1})
    with pytest.raises(ValueError, match="no column 'Owner'"):
        mapping.teams_from_export(export, "Owner", roles, regions={}, quotas={})
