"""Real-world inputs that broke the loader (issue 9), each with its exact input.

Every test writes a small folder from the committed sample (``datasets/``),
breaks one thing the way an export or a spreadsheet does, and checks what the
user is told: the file, the column and the physical CSV line (header = 1).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import pytest

from valuekit import data, schema
from valuekit.data import DataError
from valuekit.data.check import USES
from valuekit.data.loader import DataNote

ROOT = Path(__file__).resolve().parents[1]

TEAMS_HEADER = "team_id,team_name,region,quota"


def teams_csv(*names: str) -> str:
    """teams.csv with the given team names (T01, T02, ...), region north, quota 1,000,000."""
    rows = [f"T{i + 1:02d},{n},north,1000000" for i, n in enumerate(names)]
    return "\n".join([TEAMS_HEADER, *rows]) + "\n"


def load(folder: Path, *tables: str):
    """Load ``tables``; returns (frames, notes issued)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataNote)
        frames = data.load(folder, tables=list(tables))
    return frames, [str(w.message) for w in caught if issubclass(w.category, DataNote)]


def problems(folder: Path, *tables: str) -> str:
    with pytest.raises(DataError) as err, warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        data.load(folder, tables=list(tables) or None)
    return str(err.value)


def copy(folder: Path, *tables: str) -> Path:
    for t in tables:
        shutil.copy(data.SAMPLE_DIR / f"{t}.csv", folder / f"{t}.csv")
    return folder


def edit(folder: Path, table: str, line: int, column: str, value: str) -> None:
    """Set one field of a file without quotes (the sample's); ``line``: header = 1."""
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    fields = lines[line - 1].split(",")
    fields[lines[0].split(",").index(column)] = value
    lines[line - 1] = ",".join(fields)
    path.write_text("\n".join(lines), encoding="utf-8")


def valuekit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "valuekit", *args], capture_output=True, text=True, cwd=ROOT
    )


# ------------------------------------------------------------------ encodings


def test_a_short_gbk_file_that_is_valid_utf8_by_accident_is_read_as_chinese(tmp_path):
    raw = teams_csv("全盛", "North Commercial").encode("gbk")
    assert raw.decode("utf-8") == teams_csv("ȫʢ", "North Commercial")  # the trap
    (tmp_path / "teams.csv").write_bytes(raw)
    frames, notes = load(tmp_path, "teams")
    assert list(frames["teams"]["team_name"]) == ["全盛", "North Commercial"]
    assert len(notes) == 1
    assert notes[0].startswith("teams.csv: read as GBK/GB18030")
    assert "line 2 reads 'T01,全盛,north,1000000'" in notes[0]
    assert "'CSV UTF-8'" in notes[0]


def test_a_gbk_file_that_is_not_utf8_is_read_as_chinese(tmp_path):
    names = ("华北大客户部", "华东商业", "华南公共事业部", "West Enterprise")
    (tmp_path / "teams.csv").write_bytes(teams_csv(*names).encode("gbk"))
    frames, notes = load(tmp_path, "teams")
    assert tuple(frames["teams"]["team_name"]) == names
    assert len(notes) == 1 and "GBK/GB18030" in notes[0]


def test_every_two_character_gbk_name_that_is_valid_utf8_is_read_as_chinese(tmp_path):
    """The accident is systematic for short names: all 864,900 pairs of the
    930 common characters whose GBK bytes are valid UTF-8 (measured by
    enumerating them all; here one pair of each lead byte, to keep the test short)."""
    from valuekit.data import encoding

    by_lead: dict[int, str] = {}
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            pair = bytes([lead, trail])
            try:
                ch = pair.decode("gb2312")
                pair.decode("utf-8")
            except UnicodeDecodeError:
                continue
            by_lead.setdefault(lead, ch)
    assert len(by_lead) >= 20
    chars = list(by_lead.values())
    for a, b in zip(chars, chars[1:] + chars[:1], strict=True):
        raw = f"T01,{a}{b},north,1\n".encode("gbk")
        assert encoding.doubtful_utf8(raw.decode("utf-8")), a + b
        assert encoding.decode_gb18030(raw) == f"T01,{a}{b},north,1\n"


UTF8_NAMES = {
    "french": "Café Société Générale",
    "german": "Müller Straße GmbH",
    "polish": "Łódź Spółka Żółć",
    "czech": "Dvořák Škoda Česká",
    "romanian": "Timișoara Bănci Științe",
    "vietnamese": "Nguyễn Sơn Phở Hà Nội",
    "turkish": "İstanbul Şişecam Ağrı",
    "azerbaijani": "Bakı Ələkbərov",
    "portuguese": "São Paulo é Ação",
    "icelandic": "Þórður Ægir",
    "greek": "Αθήνα Ελληνικά",
    "russian": "Москва Сбербанк",
    "hebrew": "תל אביב",
    "arabic": "الرياض شركة",
    "chinese": "全盛 华北大客户部",
    "japanese": "東京 株式会社",
    "korean": "삼성전자 서울",
}


@pytest.mark.parametrize("language", UTF8_NAMES)
def test_real_utf8_names_stay_utf8_without_a_note(tmp_path, language):
    name = UTF8_NAMES[language]
    (tmp_path / "teams.csv").write_text(teams_csv(name, "B"), encoding="utf-8")
    frames, notes = load(tmp_path, "teams")
    assert frames["teams"]["team_name"].iloc[0] == name
    assert notes == []


def test_a_latin1_file_is_refused_naming_both_excel_encodings(tmp_path):
    (tmp_path / "teams.csv").write_bytes(teams_csv("Café Société Holdings").encode("latin-1"))
    msg = problems(tmp_path, "teams")
    assert "teams.csv: not UTF-8: line 2 has the byte 0xE9" in msg
    assert "latin-1 or Windows-1252; GBK/GB18030 on a Chinese system" in msg
    assert "'CSV UTF-8'" in msg


def test_a_latin1_file_that_decodes_as_gb18030_is_still_refused(tmp_path):
    # "Crème" in latin-1 is valid GB18030 ("Cr鑝e"): a rare character wedged in a word.
    (tmp_path / "teams.csv").write_bytes(teams_csv("Crème Brûlée Partners").encode("latin-1"))
    assert "teams.csv: not UTF-8: line 2 has the byte 0xE8" in problems(tmp_path, "teams")


def test_a_gbk_file_of_rare_characters_is_refused_naming_gbk(tmp_path):
    # 喆 and 堃 (common in given names) are GBK but not GB2312: no confident guess.
    (tmp_path / "teams.csv").write_bytes(teams_csv("喆堃", "堃喆").encode("gbk"))
    msg = problems(tmp_path, "teams")
    assert "teams.csv: not UTF-8" in msg and "GBK/GB18030" in msg


def test_the_command_prints_the_note(tmp_path):
    copy(tmp_path, *USES["reports"])
    text = (tmp_path / "teams.csv").read_text(encoding="utf-8")
    (tmp_path / "teams.csv").write_bytes(text.replace("North Enterprise", "全盛").encode("gbk"))
    out = valuekit("data", "check", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "valuekit: note: teams.csv: read as GBK/GB18030" in out.stderr
    assert "Traceback" not in out.stderr


def test_utf16_is_still_named_and_a_nul_byte_is_not_taken_for_utf16(tmp_path):
    (tmp_path / "teams.csv").write_bytes(teams_csv("A", "B").encode("utf-16-le"))
    assert "teams.csv: the file is UTF-16" in problems(tmp_path, "teams")
    (tmp_path / "teams.csv").write_bytes(teams_csv("North\x00Enterprise", "B").encode())
    msg = problems(tmp_path, "teams")
    assert "UTF-16" not in msg
    assert "teams.csv, column 'team_name', line 2: holds a control character" in msg
    assert "'North\\x00Enterprise'" in msg  # escaped, never the raw byte


# ------------------------------------------------------------- control characters


def test_terminal_control_characters_in_a_name_are_refused_escaped(tmp_path):
    name = "\x1b[2J\x1b[31mEvil Team"  # clear the screen, turn red
    (tmp_path / "teams.csv").write_text(teams_csv("A", name, "C\x07"), encoding="utf-8")
    msg = problems(tmp_path, "teams")
    assert "teams.csv, column 'team_name', lines 3, 4: holds a control character" in msg
    assert "\x1b" not in msg and "\x07" not in msg
    assert "'\\x1b[2J\\x1b[31mEvil Team'" in msg


def test_tabs_and_line_breaks_inside_quotes_are_text(tmp_path):
    (tmp_path / "teams.csv").write_text(teams_csv('"North\tEast"', '"Two\nLines"'), "utf-8")
    frames, _ = load(tmp_path, "teams")
    assert list(frames["teams"]["team_name"]) == ["North\tEast", "Two\nLines"]


# ------------------------------------------------------------ NFC normalisation


def test_names_stored_decomposed_are_loaded_composed(tmp_path):
    nfd = unicodedata.normalize("NFD", "Société Générale Équipe")
    assert nfd != "Société Générale Équipe"
    (tmp_path / "teams.csv").write_text(teams_csv(nfd), encoding="utf-8")
    frames, _ = load(tmp_path, "teams")
    assert frames["teams"]["team_name"].iloc[0] == "Société Générale Équipe"


# ------------------------------------------------------------- numbers


def test_1e20_in_a_whole_number_column_is_refused_not_wrapped(tmp_path):
    copy(tmp_path, "contracts")
    edit(tmp_path, "contracts", 4, "renewal_number", "1e20")
    msg = problems(tmp_path, "contracts")
    assert (
        "contracts.csv, column 'renewal_number', line 4: beyond the plausible limit of 1,000"
        in msg
    )
    assert "'1e20'" in msg and "-9223372036854775808" not in msg


def test_1e308_amounts_and_quotas_are_refused_with_the_row(tmp_path):
    copy(tmp_path, "teams", "opportunities")
    edit(tmp_path, "teams", 3, "quota", "1e308")
    edit(tmp_path, "opportunities", 7, "amount", "1e308")
    msg = problems(tmp_path, "teams", "opportunities")
    limit = "beyond the plausible limit of 1,000,000,000,000 USD"
    assert f"teams.csv, column 'quota', line 3: {limit}" in msg
    assert f"opportunities.csv, column 'amount', line 7: {limit}" in msg
    assert "'1e308'" in msg


def test_a_negative_margin_beyond_the_limit_is_refused(tmp_path):
    copy(tmp_path, "invoices")
    edit(tmp_path, "invoices", 5, "margin", "-2e12")
    assert "invoices.csv, column 'margin', line 5: beyond the plausible limit" in problems(
        tmp_path, "invoices"
    )


def test_every_money_column_has_a_limit_and_the_sample_is_far_inside(sample):
    for table in schema.TABLES.values():
        for col in table.columns:
            if col.unit == "USD":
                assert col.limit == schema.MONEY_LIMIT, col.name
            if col.limit is not None:
                assert sample[table.name][col.name].abs().max() < col.limit / 10


# ------------------------------------------------------------- dates


def test_no_end_date_placeholders_are_named_and_other_problems_still_reported(tmp_path):
    copy(tmp_path, "contracts", "opportunities", "teams")
    edit(tmp_path, "contracts", 5, "end_date", "9999-12-31")
    edit(tmp_path, "opportunities", 6, "created_date", "1600-01-01")
    edit(tmp_path, "teams", 2, "quota", "-5")
    msg = problems(tmp_path, "contracts", "opportunities", "teams")
    assert msg.startswith("3 problems in the data:")
    assert (
        "contracts.csv, column 'end_date', line 5: outside the dates the kit accepts "
        "(1900-01-01 to 2199-12-31; a placeholder for 'no date' such as 9999-12-31: "
        "this column needs a real date): '9999-12-31'"
    ) in msg
    assert "opportunities.csv, column 'created_date', line 6: outside the dates" in msg
    assert "teams.csv, column 'quota', line 2: negative quota" in msg
    assert "Out of bounds" not in msg


def test_a_placeholder_in_a_column_that_may_be_empty_says_leave_it_empty(tmp_path):
    copy(tmp_path, "accounts")
    line = 2 + data.load(tmp_path, tables=["accounts"])["accounts"][
        "first_purchase_date"
    ].notna().argmax()
    edit(tmp_path, "accounts", line, "first_purchase_date", "9999-12-31")
    assert f"line {line}: outside the dates" in (msg := problems(tmp_path, "accounts"))
    assert "leave the cell empty" in msg


# ------------------------------------------------------------- line numbers


def test_lines_after_a_quoted_value_with_a_line_break_are_physical_lines(tmp_path):
    text = teams_csv('"North\nEnterprise"', "B", "C", "D")
    text = text.replace("T03,C,north,1000000", "T03,C,north,12k")
    (tmp_path / "teams.csv").write_text(text, encoding="utf-8")
    assert text.split("\n")[4] == "T03,C,north,12k"  # physical line 5
    msg = problems(tmp_path, "teams")
    assert "teams.csv, column 'quota', line 5: not a number: '12k'" in msg


def test_too_many_fields_after_a_quoted_line_break_names_the_physical_line(tmp_path):
    text = teams_csv('"North\nEnterprise"', "B", "C,extra")
    (tmp_path / "teams.csv").write_text(text, encoding="utf-8")
    assert text.split("\n")[4].startswith("T03,C,extra")
    assert "teams.csv: line 5 has 5 fields, the header has 4" in problems(tmp_path, "teams")


def test_a_quote_left_open_names_its_physical_line(tmp_path):
    text = teams_csv('"North\nEnterprise"', '"Open, north', "C")
    (tmp_path / "teams.csv").write_text(text, encoding="utf-8")
    msg = problems(tmp_path, "teams")
    assert "teams.csv: line 4 opens a double quote that is never closed" in msg


def test_a_value_longer_than_the_csv_modules_limit_is_a_message(tmp_path):
    text = teams_csv('"North\nEnterprise"', '"' + "x" * 200_000 + '"', "C").replace(
        "T03,C,north,1000000", "T03,C,north,z"
    )
    (tmp_path / "teams.csv").write_text(text, encoding="utf-8")
    assert "teams.csv, column 'quota', line 5: not a number: 'z'" in problems(tmp_path, "teams")


def test_cr_only_line_ends_of_excel_for_mac_are_read(tmp_path):
    (tmp_path / "teams.csv").write_bytes(teams_csv("A", '"B\rC"', "D").replace("\n", "\r").encode())
    frames, _ = load(tmp_path, "teams")
    assert list(frames["teams"]["team_id"]) == ["T01", "T02", "T03"]
    edit_text = teams_csv("A", "B", "C").replace("T03,C,north,1000000", "T03,C,north,x")
    (tmp_path / "teams.csv").write_bytes(edit_text.replace("\n", "\r").encode())
    assert "teams.csv, column 'quota', line 4: not a number: 'x'" in problems(tmp_path, "teams")


# ------------------------------------------------------------- columns


def test_50k_trailing_empty_columns_are_dropped_with_a_note(tmp_path):
    pad = "," * 50_000
    text = "\n".join(line + pad for line in teams_csv("A", "B").splitlines()) + "\n"
    (tmp_path / "teams.csv").write_text(text, encoding="utf-8")
    frames, notes = load(tmp_path, "teams")
    assert frames["teams"].shape == (2, 4)
    assert notes == ["teams.csv: ignored 50,000 empty column(s) without a name at the end"]


def test_a_value_under_a_trailing_unnamed_column_is_refused_with_its_line(tmp_path):
    pad = "," * 200_000
    lines = [line + pad for line in teams_csv("A", "B").splitlines()]
    lines[2] = lines[2][:-10] + "oops" + lines[2][-10:]
    (tmp_path / "teams.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    msg = problems(tmp_path, "teams")
    assert msg.startswith("teams.csv: 200,000 column(s) without a name at the end of the header")
    assert "(line 3)" in msg and len(msg) < 500


def test_50k_unexpected_named_columns_are_summarised(tmp_path):
    extra = ",".join(f"x{i}" for i in range(50_000))
    lines = teams_csv("A").splitlines()
    text = f"{lines[0]},{extra}\n{lines[1]}" + "," * 50_000 + "\n"
    (tmp_path / "teams.csv").write_text(text, encoding="utf-8")
    msg = problems(tmp_path, "teams")
    assert "teams.csv: 50,000 unexpected columns: 'x0', 'x1', 'x2'" in msg
    assert "'x6' and 49,993 more; remove or rename them" in msg
    assert len(msg) < 1000


# ------------------------------------------------------------- empty files


def test_a_whitespace_only_file_says_so(tmp_path):
    (tmp_path / "teams.csv").write_bytes(b"  \r\n\n \t\n")
    msg = problems(tmp_path, "teams")
    assert "teams.csv: the file holds only whitespace (8 bytes of spaces or line ends)" in msg
    assert "0 bytes" not in msg


# ------------------------------------------------------------- data check


def test_the_reports_tables_are_the_team_reports_tables():
    from valuekit.team_report import REPORT_TABLES

    assert USES["reports"] == tuple(REPORT_TABLES)


def test_data_check_passes_the_six_table_folder_of_own_data_md(tmp_path):
    own_data = (ROOT / "docs" / "own_data.md").read_text(encoding="utf-8")
    for table in USES["reports"]:
        assert f"| `{table}.csv` |" in own_data  # the folder the page describes
    copy(tmp_path, *USES["reports"])
    out = valuekit("data", "check", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "checked 6 tables: the tables the team reports need" in out.stdout
    assert "campaign_touches.csv, product_sales.csv, value_survey.csv" in out.stdout
    strict = valuekit("data", "check", str(tmp_path), "--for", "all")
    assert strict.returncode == 2
    assert "campaign_touches.csv: missing file" in strict.stderr


def test_data_check_of_a_folder_missing_a_report_table_lists_it(tmp_path):
    # issue 18: an optional report table missing is not an error; the check names the
    # section it would add. A missing required one (opportunities) still is.
    copy(tmp_path, "teams", "accounts", "products", "opportunities", "contracts")
    out = valuekit("data", "check", str(tmp_path), "--for", "reports")
    assert out.returncode == 0, out.stderr
    assert "Customers: concentration and lifetime value: add invoices.csv" in out.stdout
    (tmp_path / "opportunities.csv").unlink()
    out = valuekit("data", "check", str(tmp_path), "--for", "reports")
    assert out.returncode == 2
    assert "opportunities.csv: missing file" in out.stderr
    assert "campaign_touches" not in out.stderr


def test_data_check_of_a_full_folder_checks_every_table(tmp_path):
    copy(tmp_path, *schema.TABLES)
    (tmp_path / "value_survey.csv").write_text("response_id\n", encoding="utf-8")
    out = valuekit("data", "check", str(tmp_path))
    assert out.returncode == 2 and "value_survey.csv: missing column(s)" in out.stderr


# ------------------------------------------------------------- documentation


def test_the_data_guide_documents_encodings_and_every_limit():
    guide = (ROOT / "docs" / "data_guide.md").read_text(encoding="utf-8")
    for words in ("GBK/GB18030", "UTF-16", "CR", "NFC", "control character", "16,384"):
        assert words in guide, words
    assert f"{schema.DATE_MIN} to {schema.DATE_MAX}" in guide
    for table in schema.TABLES.values():
        for col in table.columns:
            if col.limit is not None:
                assert f"`{table.name}.{col.name}`" in guide, col.name
    for limit in (schema.MONEY_LIMIT, schema.PEOPLE_LIMIT, schema.UNITS_LIMIT,
                  schema.RENEWALS_LIMIT):
        assert f"{limit:,.0f}" in guide


def test_the_loaded_frames_keep_their_types(tmp_path):
    copy(tmp_path, "contracts")
    frames, _ = load(tmp_path, "contracts")
    contracts = frames["contracts"]
    assert contracts["renewal_number"].dtype == "int64"
    assert contracts["end_date"].dtype == "datetime64[ns]"
    pd.testing.assert_frame_equal(contracts, data.load(tables=["contracts"])["contracts"])
