"""`valuekit clv` as a user runs it: the commands of docs/own_data.md on the shipped logs,
its outputs, and bad input (one message naming file, column and line; exit 2; nothing
written)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from valuekit import cli, clv

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "own_data.md"
VALUEKIT = str(Path(sys.executable).with_name("valuekit"))


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("## Lifetime value from your own transaction log"):]


def _clv_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", _section(), re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_the_docs_commands_run_as_written_from_the_repository_root(tmp_path):
    commands = _clv_commands()
    assert len(commands) == 2 and all(c.startswith("valuekit clv ") for c in commands)
    for command in commands:
        args = shlex.split(command)
        out = ROOT / args[args.index("--out") + 1]
        done = subprocess.run([VALUEKIT, *args[1:]], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        assert (out / "customers.csv").is_file() and (out / "clv.html").is_file()


def test_the_error_example_in_the_docs_is_what_the_command_prints(tmp_path):
    rows = ["customer,date,amount"]
    for line in range(2, 60):
        customer = "" if line == 14 else f"c{line % 7}"
        amount = "-120.0" if line in (40, 41) else "100"
        rows.append(f"{customer},2024-01-{line % 28 + 1:02d},{amount}")
    (tmp_path / "sales.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = subprocess.run([VALUEKIT, "clv", "sales.csv", "--customer", "customer", "--date",
                           "date", "--value", "amount", "--out", "out"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    shown = re.search(r"```text\n(.*?)```", _section(), re.S).group(1)
    assert done.stderr == shown
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def cdnow_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("clv")
    from valuekit.clv_command import run

    result = run(ROOT / "datasets/real/cdnow_transactions.csv", "customer_id", "date",
                 "dollars", out, holdout_days=273)
    return result, out


def test_customers_csv(cdnow_run):
    result, out = cdnow_run
    table = pd.read_csv(out / "customers.csv", dtype={"customer_id": str})
    assert list(table.columns) == ["customer_id", "frequency", "recency", "T",
                                   "monetary_value", "expected_purchases", "p_alive",
                                   "expected_spend", "clv", "tier"]
    assert len(table) == result.customers == 2357 and result.transactions == 6919
    assert table["customer_id"].iloc[0] == "0001"  # ids stay text
    assert set(table["tier"]) == {"high", "medium", "low"}
    # customer 0001: purchases on 1997-01-01, 01-18, 08-02, 12-12; log ends 1998-06-30
    one = table.iloc[0]
    assert (one["frequency"], one["recency"], one["T"]) == pytest.approx(
        (3, 345 / 7, 545 / 7), abs=1e-4)
    assert one["monetary_value"] == pytest.approx((29.73 + 14.96 + 26.48) / 3, abs=1e-4)
    expected = clv.bgnbd_conditional_expected(result.bg, 12 * 365.25 / 12 / 7, 3, 345 / 7,
                                              545 / 7)
    assert one["expected_purchases"] == pytest.approx(expected, rel=1e-5)
    assert table["p_alive"].between(0, 1).all() and (table["clv"] >= 0).all()  # 6 decimals


def test_page_is_offline_and_shows_the_published_calibration_fit(cdnow_run):
    _, out = cdnow_run
    page = (out / "clv.html").read_text(encoding="utf-8")
    assert "<script src" not in page and 'src="http' not in page and "<link" not in page
    assert "Holdout check (Fader, Hardie &amp; Lee 2005)" in page
    # the calibration fit on the log up to 1997-09-30 is FHL's: r = 0.243, alpha = 4.41, ...
    assert "up to 1997-09-30 (r = 0.243, alpha = 4.41, a = 0.793, b = 2.43)" in page
    assert page.count('class="valuekit-chart"') == 2


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ("id,day,amount\nA,2024-01-01,5\n,2024-01-02,6\n",
     "log.csv, column 'id', line 3: missing customer id"),
    ("id,day,amount\nA,2024-01-01,5\nA,2024-13-45,6\n",
     "log.csv, column 'day', line 3: not a date"),
    ("id,day,amount\nA,2024-01-01,5\nA,1024-01-02,6\n",
     "log.csv, column 'day', line 3: date out of range"),
    ("id,day,amount\nA,2024-01-01,5\nA,2024-01-02,n/a\n",
     "log.csv, column 'amount', line 3: not a number: 'n/a'"),
    ("id,day,amount\nA,2024-01-01,5\nA,2024-01-02,-6\n",
     "log.csv, column 'amount', line 3: negative value (a cancellation or a return?)"),
    ("id,day\nA,2024-01-01\n", "log.csv: missing column(s) 'amount' (the file has 'id', 'day')"),
    ("id,day,amount\nA,2024-01-01,5\nB,2024-01-02,6\n",
     "fewer than two customers bought more than once"),
])
def test_bad_input_exits_2_with_one_message_and_writes_nothing(tmp_path, capsys, body, message):
    log = _write(tmp_path / "log.csv", body)
    out = tmp_path / "out"
    out.mkdir()
    old = _write(out / "customers.csv", "yesterday's results\n")
    code = cli.main(["clv", str(log), "--customer", "id", "--date", "day", "--value", "amount",
                     "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("valuekit: error: ") and message in err and "Traceback" not in err
    assert old.read_text(encoding="utf-8") == "yesterday's results\n"
    assert sorted(p.name for p in out.iterdir()) == ["customers.csv"]


@pytest.mark.parametrize(("option", "message"), [
    (["--holdout-days", "0"], "--holdout-days must be a positive number of days"),
    (["--margin", "30"], "--margin must be a share between 0 and 1"),
    (["--discount", "10"], "--discount must be an annual rate"),
    (["--end", "1998-01-01"], "after the observation end 1998-01-01"),
])
def test_bad_options_exit_2(tmp_path, capsys, option, message):
    code = cli.main(["clv", str(ROOT / "datasets/real/cdnow_transactions.csv"), "--customer",
                     "customer_id", "--date", "date", "--value", "dollars", "--out",
                     str(tmp_path / "out"), *option])
    assert code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_missing_file(tmp_path, capsys):
    code = cli.main(["clv", str(tmp_path / "none.csv"), "--customer", "a", "--date", "b",
                     "--value", "c", "--out", str(tmp_path / "out")])
    assert code == 2 and "none.csv: no such file" in capsys.readouterr().err


def test_a_young_customer_base_gets_the_cohort_advice(tmp_path, capsys):
    code = cli.main(["clv", str(ROOT / "datasets/real/online_retail_invoices.csv"),
                     "--customer", "customer_id", "--date", "date", "--value", "value",
                     "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "BG/NBD fit did not converge" in err and "--first-before" in err
    assert not (tmp_path / "out").exists()


def test_a_holdout_the_model_cannot_be_refitted_on_still_writes_the_customers(tmp_path, capsys):
    # the customers first seen by January 2011: the whole year fits, the log without its
    # last 100 days does not
    code = cli.main(["clv", str(ROOT / "datasets/real/online_retail_invoices.csv"),
                     "--customer", "customer_id", "--date", "date", "--value", "value",
                     "--first-before", "2011-02-01", "--holdout-days", "100",
                     "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0
    assert "valuekit: warning: no holdout check: BG/NBD fit did not converge" in captured.err
    page = (tmp_path / "clv.html").read_text(encoding="utf-8")
    assert "could not be fitted to the log without its last days" in page
    assert len(pd.read_csv(tmp_path / "customers.csv")) == 1299


def test_a_chinese_excel_export(tmp_path, capsys):
    body = "客户,日期,金额\n甲,2024-01-01,5\n甲,2024-01-09,6\n乙,2024-01-02,7\n乙,2024-02-02,8\n"
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(body.encode("gbk"))  # Excel's plain "CSV" on a Chinese Windows
    args = ["--customer", "客户", "--date", "日期", "--value", "金额", "--out",
            str(tmp_path / "out")]
    assert cli.main(["clv", str(gbk), *args]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    bom = tmp_path / "bom.csv"
    bom.write_bytes(body.encode("utf-8-sig"))  # Excel's "CSV UTF-8": read as is
    from valuekit.clv.transactions import read_transactions

    log = read_transactions(bom, "客户", "日期", "金额")
    assert sorted(set(log["客户"])) == ["乙", "甲"] and log["金额"].sum() == 26
