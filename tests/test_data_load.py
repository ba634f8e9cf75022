"""The loader: the sample loads with the documented types; every kind of bad
input raises a DataError naming the file, the column and the CSV lines.

Each test copies a small valid data set (seed 1, 300 accounts) and breaks one
thing. Line numbers in messages count the header as line 1, so the frame row
``i`` is CSV line ``i + 2``.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from valuekit import data, schema
from valuekit.data import DataError


@pytest.fixture(scope="session")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("small")
    data.write_sample(out, seed=1, n_accounts=300)
    return out


@pytest.fixture
def folder(small, tmp_path) -> Path:
    for p in small.glob("*.csv"):
        shutil.copy(p, tmp_path / p.name)
    return tmp_path


def rows(folder: Path, table: str) -> list[list[str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def save(folder: Path, table: str, lines: list[list[str]]) -> None:
    with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(lines)


def edit(folder: Path, table: str, line: int, column: str, value: str) -> None:
    """Set one field; ``line`` is the CSV line number (header = 1)."""
    lines = rows(folder, table)
    lines[line - 1][lines[0].index(column)] = value
    save(folder, table, lines)


def first_line(folder: Path, table: str, column: str, value: str) -> int:
    """CSV line number of the first row whose ``column`` equals ``value``."""
    lines = rows(folder, table)
    j = lines[0].index(column)
    return next(i + 1 for i, r in enumerate(lines) if i and r[j] == value)


def problems(folder: Path, **kw) -> str:
    with pytest.raises(DataError) as err:
        data.load(folder, **kw)
    assert isinstance(err.value, ValueError)
    assert "Traceback" not in str(err.value)
    return str(err.value)


# ----------------------------------------------------------------- good input


def test_the_committed_sample_loads_with_documented_types(sample):
    assert list(sample) == list(schema.TABLES)
    opps = sample["opportunities"]
    assert opps["created_date"].dtype == "datetime64[ns]"
    assert opps["stage"].dtype == "str" and opps["amount"].dtype == np.float64
    assert sample["contracts"]["renewal_number"].dtype == np.int64
    assert opps["closed_date"].isna().any() and opps["loss_reason"].isna().any()
    assert len(sample["accounts"]) == data.DEFAULT_N_ACCOUNTS


def test_load_without_a_path_reads_sample_dir(sample):
    assert data.SAMPLE_DIR.name == "datasets"
    pd.testing.assert_frame_equal(data.load(tables=["teams"])["teams"], sample["teams"])


def test_valuekit_data_env_var_points_at_another_folder(folder):
    code = "from valuekit import data; print(data.SAMPLE_DIR); print(len(data.load()['accounts']))"
    env = {**os.environ, "VALUEKIT_DATA": str(folder)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [str(folder), "300"]


def test_a_subset_needs_only_its_files_and_checks_keys_among_them(folder):
    for name in ("products", "invoices", "contracts", "campaign_touches"):
        (folder / f"{name}.csv").unlink()
    line = first_line(folder, "opportunities", "product_id", "P03")
    edit(folder, "opportunities", line, "product_id", "P99")  # products.csv is not loaded
    got = data.load(folder, tables=["opportunities", "accounts", "teams"])
    assert list(got) == ["opportunities", "accounts", "teams"]
    assert data.load(folder, tables="teams")["teams"].shape == (12, 4)
    # ...but the unknown product is found when products are loaded too.
    shutil.copy(data.SAMPLE_DIR / "products.csv", folder / "products.csv")
    msg = problems(folder, tables=["opportunities", "products"])
    assert f"opportunities.csv, column 'product_id', line {line}: unknown product_id" in msg


def test_utf8_bom_crlf_blank_lines_and_padding_are_accepted(folder):
    text = (folder / "teams.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].replace(",", " , ")
    lines.insert(3, "")
    (folder / "teams.csv").write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode())
    teams = data.load(folder, tables=["teams"])["teams"]
    assert len(teams) == 12 and teams["team_id"].iloc[0] == "T01"
    assert list(teams.index) == list(range(12))


def test_an_empty_optional_table_is_fine(folder):
    header = ",".join(schema.TABLES["value_survey"].column_names) + "\n"
    (folder / "value_survey.csv").write_text(header, encoding="utf-8")
    assert len(data.load(folder)["value_survey"]) == 0


# ------------------------------------------------------------- file problems


def test_missing_file(folder):
    (folder / "contracts.csv").unlink()
    msg = problems(folder)
    assert "contracts.csv: missing file" in msg
    assert "contract_id,account_id" in msg  # says what the file should hold


def test_missing_folder(tmp_path):
    assert "no such folder" in problems(tmp_path / "nowhere")


def test_unknown_table_name(folder):
    assert "unknown table(s) 'deals'" in problems(folder, tables=["deals"])


def test_empty_file_of_zero_bytes(folder):
    (folder / "accounts.csv").write_bytes(b"")
    assert "accounts.csv: the file is empty (0 bytes)" in problems(folder)


def test_header_only_file_of_a_table_that_needs_rows(folder):
    header = ",".join(schema.TABLES["opportunities"].column_names) + "\n"
    (folder / "opportunities.csv").write_text(header, encoding="utf-8")
    assert "opportunities.csv: has a header but no rows" in problems(folder)


def test_missing_column(folder):
    lines = [r[:-1] for r in rows(folder, "teams")]  # drop quota
    save(folder, "teams", lines)
    assert "teams.csv: missing column(s) 'quota'" in problems(folder)


def test_unexpected_column(folder):
    lines = rows(folder, "teams")
    save(folder, "teams", [r + (["manager"] if i == 0 else ["Ann"]) for i, r in enumerate(lines)])
    assert "teams.csv: unexpected column(s) 'manager'" in problems(folder)


def test_wrong_encoding_utf16(folder):
    text = (folder / "accounts.csv").read_text(encoding="utf-8").replace("Northwind", "Nörthwind")
    (folder / "accounts.csv").write_bytes(text.encode("utf-16"))
    msg = problems(folder)
    assert "accounts.csv: the file is UTF-16" in msg and "save it as UTF-8" in msg


def test_wrong_encoding_latin1(folder):
    lines = rows(folder, "accounts")
    lines[5][1] = "Café Société Holdings"
    text = "\n".join(",".join(r) for r in lines) + "\n"
    (folder / "accounts.csv").write_bytes(text.encode("latin-1"))
    msg = problems(folder)
    assert "accounts.csv: not UTF-8: line 6 has the byte 0xE9" in msg
    assert "save the file as UTF-8" in msg


@pytest.mark.parametrize(("delimiter", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_wrong_delimiter(folder, delimiter, word):
    text = "\n".join(delimiter.join(r) for r in rows(folder, "products")) + "\n"
    (folder / "products.csv").write_text(text, encoding="utf-8")
    msg = problems(folder)
    assert f"products.csv: columns are separated by {word}, not commas" in msg


def test_a_row_with_too_many_fields(folder):
    lines = rows(folder, "teams")
    lines[4].append("extra")
    save(folder, "teams", lines)
    assert "teams.csv: line 5 has 5 fields, the header has 4" in problems(folder)


# ------------------------------------------------------------ column problems


def test_wrong_type_text_in_a_number_column(folder):
    edit(folder, "opportunities", 9, "amount", "12k")
    msg = problems(folder)
    assert "opportunities.csv, column 'amount', line 9: not a number: '12k'" in msg
    assert "counting the header as line 1" in msg


def test_wrong_type_fraction_in_a_whole_number_column(folder):
    edit(folder, "contracts", 4, "renewal_number", "1.5")
    assert "contracts.csv, column 'renewal_number', line 4: not a whole number: '1.5'" in problems(
        folder
    )


def test_unparseable_date(folder):
    edit(folder, "opportunities", 3, "created_date", "31/12/2025")
    msg = problems(folder)
    assert (
        "opportunities.csv, column 'created_date', line 3: not a date in YYYY-MM-DD form: " in msg
    )
    assert "'31/12/2025'" in msg


def test_month_column_must_be_the_first_of_the_month(folder):
    edit(folder, "invoices", 2, "month", "2023-01-15")
    assert "invoices.csv, column 'month', line 2: not the first day of a month" in problems(folder)


def test_negative_amount_lists_lines(folder):
    for line in (14, 27, 30, 41, 52, 60, 71):
        edit(folder, "opportunities", line, "amount", "-120.0")
    msg = problems(folder)
    assert (
        "opportunities.csv, column 'amount', lines 14, 27, 30, 41, 52 and 2 more: "
        "negative amount '-120.0'"
    ) in msg


def test_duplicate_id(folder):
    lines = rows(folder, "accounts")
    lines[7][0] = lines[3][0]
    save(folder, "accounts", lines)
    msg = problems(folder)
    assert (
        f"accounts.csv, column 'account_id', lines 4, 8: duplicate account_id: '{lines[3][0]}'"
        in msg
    )


def test_unknown_foreign_key(folder):
    edit(folder, "invoices", 6, "account_id", "A99999")
    msg = problems(folder)
    assert (
        "invoices.csv, column 'account_id', line 6: unknown account_id (not in accounts.csv): "
        "'A99999'"
    ) in msg


def test_value_outside_the_categories(folder):
    edit(folder, "opportunities", 2, "status", "Won")
    assert "column 'status', line 2: not one of W, L, C, D: 'Won'" in problems(folder)


def test_below_the_minimum_and_above_the_maximum(folder):
    edit(folder, "products", 3, "gross_margin", "1.5")
    edit(folder, "value_survey", 2, "image_value", "0")
    edit(folder, "value_survey", 3, "money_cost", "11")
    msg = problems(folder)
    assert "products.csv, column 'gross_margin', line 3: above the maximum 1: '1.5'" in msg
    assert "value_survey.csv, column 'image_value', line 2: below the minimum 1: '0'" in msg
    assert "value_survey.csv, column 'money_cost', line 3: above the maximum 10: '11'" in msg
    assert msg.startswith("3 problems in the data:")


def test_empty_value_in_a_required_column(folder):
    edit(folder, "accounts", 5, "account_name", "")
    edit(folder, "accounts", 6, "first_purchase_date", "")  # nullable: fine
    msg = problems(folder)
    assert msg.startswith("accounts.csv, column 'account_name', line 5: empty value")


# ---------------------------------------------------------- cross-column rules


def test_closed_before_created(folder):
    line = first_line(folder, "opportunities", "status", "L")
    edit(folder, "opportunities", line, "closed_date", "2022-06-01")
    msg = problems(folder)
    assert f"column 'closed_date', line {line}: closed_date is before created_date" in msg


def test_won_must_be_at_target_or_beyond(folder):
    """The funnel deck wins the sale at target: a won deal at possible is an error."""
    line = first_line(folder, "opportunities", "status", "W")
    edit(folder, "opportunities", line, "stage", "possible")
    msg = problems(folder)
    assert f"column 'stage', line {line}: won (status W) but the stage is before 'target'" in msg


def test_only_won_deals_are_effective(folder):
    line = first_line(folder, "opportunities", "status", "C")
    edit(folder, "opportunities", line, "stage", "effective")
    msg = problems(folder)
    assert f"column 'stage', line {line}: stage 'effective' but not won (status W)" in msg


def test_loss_reason_only_when_lost(folder):
    line = first_line(folder, "opportunities", "status", "W")
    edit(folder, "opportunities", line, "loss_reason", "price")
    msg = problems(folder)
    assert (
        f"column 'loss_reason', line {line}: a loss_reason is given but the status is not L" in msg
    )


def test_loss_reason_required_when_lost(folder):
    line = first_line(folder, "opportunities", "status", "L")
    edit(folder, "opportunities", line, "loss_reason", "")
    msg = problems(folder)
    assert f"column 'loss_reason', line {line}: lost (status L) without a loss_reason" in msg


def test_closed_date_follows_the_status(folder):
    won = first_line(folder, "opportunities", "status", "W")
    open_ = first_line(folder, "opportunities", "status", "C")
    edit(folder, "opportunities", won, "closed_date", "")
    edit(folder, "opportunities", open_, "closed_date", "2025-12-01")
    msg = problems(folder)
    assert f"line {won}: won or lost (status W or L) without a closed_date" in msg
    assert f"line {open_}: still open (status C or D) but has a closed_date" in msg


def test_contract_end_after_start(folder):
    lines = rows(folder, "contracts")
    edit(folder, "contracts", 7, "end_date", lines[6][3])  # end = start
    assert "contracts.csv, column 'end_date', line 7: end_date is not after start_date" in problems(
        folder
    )


def test_responses_at_most_contacts(folder):
    edit(folder, "campaign_touches", 4, "responses", "99999999")
    msg = problems(folder)
    assert "campaign_touches.csv, column 'responses', line 4: more responses than contacts" in msg


def test_product_sales_month_once_per_product(folder):
    lines = rows(folder, "product_sales")
    lines.append(lines[10])
    save(folder, "product_sales", lines)
    msg = problems(folder)
    assert f"product_sales.csv, column 'month', lines 11, {len(lines)}: the same product_id" in msg


def test_all_problems_of_all_files_come_at_once(folder):
    (folder / "teams.csv").unlink()
    edit(folder, "opportunities", 2, "amount", "-5")
    edit(folder, "contracts", 2, "outcome", "lost")
    msg = problems(folder)
    assert msg.startswith("3 problems in the data:")
    assert "teams.csv: missing file" in msg
    assert "opportunities.csv, column 'amount', line 2" in msg
    assert "contracts.csv, column 'outcome', line 2" in msg


def test_a_row_with_too_few_fields_is_reported_as_empty_values(folder):
    lines = rows(folder, "teams")
    lines[6] = lines[6][:2]
    save(folder, "teams", lines)
    msg = problems(folder)
    assert "teams.csv, column 'region', line 7: empty value" in msg
    assert "teams.csv, column 'quota', line 7: empty value" in msg


def test_a_column_named_twice(folder):
    lines = rows(folder, "teams")
    save(folder, "teams", [r + [r[3]] for r in lines])
    assert "teams.csv: column(s) 'quota' appear more than once" in problems(folder)
