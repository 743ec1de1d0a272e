"""``wushe ledger statement``, ``wushe ledger notice`` and ``wushe ledger receipt`` on a copy of the demo
station: the file written (PDF, or the statement's .xlsx) and a summary or JSON printed, as the read-only
赵磊; an unknown fund or receipt, a period that ends before it starts, or a file that cannot be written is
one line on stderr and exit 2, with nothing written."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from cli_testing import sign_in_env, wushe
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.spreadsheet import read_sheet

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

TODAY = date.today()
START, END = (TODAY - timedelta(days=365)).isoformat(), TODAY.isoformat()
# The demo fund's year: 108,886.50 yuan in (money, goods valued and the cash of the 邻里节), 29,136.50 out.
IN, OUT, CLOSING = "108886.50", "29136.50", "79750.00"


@pytest.fixture
def station(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo station; the commands sign in as 赵磊 (read-only)."""
    sign_in_env(monkeypatch, "zhaolei")
    return demo_file


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_ledger_statement_as_pdf_and_workbook(station: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = wushe(capsys, station, "ledger", "statement", "--fund", DEMO_FUND, "--from", START, "--to", END,
                "--out", str(tmp_path / "statement.pdf"))
    for fact in (DEMO_FUND, "0.00 yuan", f"{IN} yuan", f"{OUT} yuan", f"{CLOSING} yuan", "statement.pdf"):
        assert fact in out, fact
    text = pdf_text(tmp_path / "statement.pdf")
    assert "Fund Statement" in text and "Reverses no. 4" in text and "-800.00" in text
    data = json.loads(wushe(capsys, station, "ledger", "statement", "--fund", DEMO_FUND, "--from", START, "--to", END,
                            "--out", str(tmp_path / "statement.xlsx"), "--json"))
    assert data["file"] == str(tmp_path / "statement.xlsx") and data["statement"]["closing_fen"] == 7_975_000
    journal = read_sheet(tmp_path / "statement.xlsx", "Journal").rows
    # the statement's head (six lines and a blank one), the header, the opening and the closing rows
    assert len(journal) == 7 + len(data["statement"]["lines"]) + 3
    assert journal[-1][2] == "Closing balance" and journal[-1][5:8] == [108_886.5, 29_136.5, 79_750.0]


def test_ledger_notice(station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = wushe(capsys, station, "ledger", "notice", "--fund", DEMO_FUND, "--from", START, "--to", END,
                "--out", str(tmp_path / "notice.pdf"), "--posted-on", END, "--days", "10")
    assert f"{IN} yuan" in out and f"{OUT} yuan" in out and f"{END} – {(TODAY + timedelta(days=9)).isoformat()}" in out
    text = pdf_text(tmp_path / "notice.pdf")
    assert "Anonymous well-wisher (爱心人士)" in text and "周德明" in text
    data = json.loads(wushe(capsys, station, "ledger", "notice", "--fund", DEMO_FUND, "--from", START, "--to", END,
                            "--out", str(tmp_path / "hidden.pdf"), "--anonymise-all", "--json"))
    assert {d["donor"] for d in data["notice"]["donations"]} == {"Anonymous well-wisher (爱心人士)"}
    assert "周德明" not in pdf_text(tmp_path / "hidden.pdf")


def test_ledger_receipt(station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = json.loads(wushe(capsys, station, "ledger", "receipts", "--json"))
    first = next(r for r in listed if r["amount"] == "50000.00")
    out = wushe(capsys, station, "ledger", "receipt", "--receipt", first["number"], "--out", str(tmp_path / "r.pdf"))
    assert first["number"] in out and "50000.00 yuan (伍万元整)" in out and "Issued (已开具)" in out
    text = pdf_text(tmp_path / "r.pdf")
    assert text.count("伍万元整") == 2 and text.count(first["number"]) == 2 and "VOID" not in text
    voided = next(r for r in listed if r["status"] == "voided")
    data = json.loads(wushe(capsys, station, "ledger", "receipt", "--receipt", voided["number"], "--out",
                            str(tmp_path / "v.pdf"), "--json"))
    assert data["receipt"]["status"] == "voided" and data["receipt"]["void_reason"]
    assert pdf_text(tmp_path / "v.pdf").count("VOID (作废)") == 2
    typed = first["number"].replace("〔", "[").replace("〕", "]")  # as typed on a keyboard without 〔〕
    data = json.loads(wushe(capsys, station, "ledger", "receipt", "--receipt", typed, "--fund", first["fund"],
                            "--out", str(tmp_path / "t.pdf"), "--json"))
    assert data["receipt"]["number"] == first["number"]


def test_refusals_are_one_line(station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = wushe(capsys, station, "ledger", "statement", "--fund", "无此基金", "--from", START, "--to", END,
                    "--out", str(tmp_path / "x.pdf"), expect=2)
    assert message.strip() == "Error: No fund is named 无此基金."
    message = wushe(capsys, station, "ledger", "notice", "--fund", DEMO_FUND, "--from", END, "--to", START,
                    "--out", str(tmp_path / "x.pdf"), expect=2)
    assert message.strip() == "Error: --to: The period ends before it starts."
    message = wushe(capsys, station, "ledger", "statement", "--fund", DEMO_FUND, "--from", START, "--to", END,
                    "--out", str(tmp_path / "x.docx"), expect=2)
    assert message.startswith("Error: --out:")
    message = wushe(capsys, station, "ledger", "receipt", "--receipt", "青山基金收〔1999〕0001号", "--out",
                    str(tmp_path / "x.pdf"), expect=2)
    assert "青山基金收〔1999〕0001号" in message
    message = wushe(capsys, station, "ledger", "statement", "--fund", DEMO_FUND, "--from", START, "--to", END,
                    "--out", str(tmp_path / "no" / "x.xlsx"), expect=2)
    assert message.startswith("Error: --out:")
    assert not list(tmp_path.glob("x.*"))
