"""``wushe ledger receipt-issue|receipt-void|receipt-ticket`` and ``receipts --waiting`` on a copy of the demo
station: the numbering of the 收据 tab (next number of the fund's year, a voided receipt keeps its number
and reason), the official ticket recorded and corrected only with a reason, and the rights of the screen
(a viewer lists, the finance officer issues); refusals name the option and write nothing. Goods that
cannot be valued get their acknowledgement (``goods``, ``goods-acknowledgement``) instead of a receipt."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli_testing import as_json, sign_in_env, wushe
from desktop.services.demo_ledger import DEMO_FUND
from desktop.storage.models import DonationReceipt
from desktop.storage.opening import open_database

TODAY = date.today()


@pytest.fixture
def db(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return demo_file


def receipt_count(db: Path) -> int:
    opened = open_database(db)
    try:
        with opened.read() as session:
            return session.scalar(select(func.count()).select_from(DonationReceipt)) or 0
    finally:
        opened.close()


def donation(capsys: pytest.CaptureFixture[str], db: Path, amount: str = "88.80") -> int:
    posted = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", amount,
                     "--donor", "李四", "--memo", "助学")
    return int(posted["entry"]["number"])


def test_issued_voided_and_issued_again_with_the_next_number(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = as_json(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND, "--year", str(TODAY.year))
    entry = donation(capsys, db)
    waiting = as_json(capsys, db, "ledger", "receipts", "--waiting")
    assert waiting[0]["entry"] == entry and waiting[0]["amount"] == "88.80"  # the newest first

    first = as_json(capsys, db, "ledger", "receipt-issue", "--entry", str(entry), "--fund", DEMO_FUND)
    assert first["number"] == f"青山基金收〔{TODAY.year}〕{len(before) + 1:04d}号"
    assert (first["donor"], first["amount"], first["status"]) == ("李四", "88.80", "issued")
    assert entry not in [row["entry"] for row in as_json(capsys, db, "ledger", "receipts", "--waiting")]

    # Typed with [ ] for 〔 〕, as a keyboard has them.
    typed = first["number"].replace("〔", "[").replace("〕", "]")
    said = wushe(capsys, db, "ledger", "receipt-void", "--receipt", typed, "--reason", "捐赠人姓名写错")
    assert said.startswith(f"Receipt {first['number']} is void: 捐赠人姓名写错.")

    second = as_json(capsys, db, "ledger", "receipt-issue", "--entry", str(entry), "--donor", "李四先生",
                     "--purpose", "资助困难学生")
    assert second["number"] == f"青山基金收〔{TODAY.year}〕{len(before) + 2:04d}号"
    assert second["donor"] == "李四先生"
    listed = as_json(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND, "--year", str(TODAY.year))
    assert [r["number"] for r in listed] == [f"青山基金收〔{TODAY.year}〕{n:04d}号" for n in range(1, len(before) + 3)]
    voided = next(r for r in listed if r["id"] == first["id"])
    assert (voided["status"], voided["void_reason"], voided["voided_on"]) == ("voided", "捐赠人姓名写错",
                                                                              TODAY.isoformat())


def test_the_official_ticket_is_recorded_then_corrected_only_with_a_reason(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issued = as_json(capsys, db, "ledger", "receipt-issue", "--entry", str(donation(capsys, db)))
    number = issued["number"]
    recorded = as_json(capsys, db, "ledger", "receipt-ticket", "--receipt", number, "--ticket-code", "36010125",
                       "--ticket-number", "0000123")
    assert (recorded["official_ticket_code"], recorded["official_ticket_number"]) == ("36010125", "0000123")
    refused = wushe(capsys, db, "ledger", "receipt-ticket", "--receipt", number, "--ticket-code", "36010125",
                    "--ticket-number", "0000132", expect=2)
    assert refused.startswith("Error: --correction: Ticket 36010125 0000123 is recorded")
    corrected = as_json(capsys, db, "ledger", "receipt-ticket", "--receipt", number, "--ticket-code", "36010125",
                        "--ticket-number", "0000132", "--correction", "号码抄错")
    assert (corrected["official_ticket_number"], corrected["ticket_correction"]) == ("0000132", "号码抄错")
    wushe(capsys, db, "ledger", "receipt-void", "--receipt", number, "--reason", "重开")
    assert wushe(capsys, db, "ledger", "receipt-ticket", "--receipt", number, "--ticket-code", "1",
                 "--ticket-number", "2", expect=2).startswith(f"Error: --receipt: Receipt {number} is void.")


def test_a_viewer_lists_but_only_who_keeps_the_ledger_issues_or_voids(
        db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    entry = donation(capsys, db)
    before = receipt_count(db)
    monkeypatch.setenv("WUSHE_USER", "zhaolei")  # a viewer
    assert as_json(capsys, db, "ledger", "receipts", "--waiting")[0]["entry"] == entry
    standing = next(r["number"] for r in as_json(capsys, db, "ledger", "receipts") if r["status"] == "issued")
    for args in (("receipt-issue", "--entry", str(entry)), ("receipt-void", "--receipt", standing, "--reason", "错")):
        assert wushe(capsys, db, "ledger", *args, expect=2).startswith("Error: As Viewer")
    monkeypatch.setenv("WUSHE_USER", "chenjun")  # a caseworker: approves disbursements, keeps no ledger
    assert wushe(capsys, db, "ledger", "receipt-issue", "--entry", str(entry), expect=2).startswith("Error: As ")
    assert receipt_count(db) == before
    monkeypatch.setenv("WUSHE_USER", "wangfang")  # the finance officer
    assert as_json(capsys, db, "ledger", "receipt-issue", "--entry", str(entry))["status"] == "issued"


def test_a_voided_receipt_is_not_voided_again_and_a_void_needs_its_reason(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = as_json(capsys, db, "ledger", "receipts")
    spoilt = next(r["number"] for r in listed if r["status"] == "voided")  # the demo's spoilt receipt
    standing = next(r["number"] for r in listed if r["status"] == "issued")
    assert wushe(capsys, db, "ledger", "receipt-void", "--receipt", spoilt, "--reason", "错", expect=2) == \
        f"Error: --receipt: Receipt {spoilt} is void already.\n"
    assert wushe(capsys, db, "ledger", "receipt-void", "--receipt", standing, "--reason", " ",
                 expect=2).startswith("Error: --reason: ")
    assert as_json(capsys, db, "ledger", "receipts") == listed


@pytest.mark.parametrize(("args", "line"), [
    (("receipt-issue", "--entry", "999"), "Error: --entry: 青山社区慈善基金 has no entry 999."),
    (("receipt-issue", "--entry", "3"), "Error: --entry: A receipt acknowledges a donation."),  # an expense
    (("receipt-issue", "--entry", "1"), "Error: --entry: Receipt 青山基金收〔"),  # issued already
    (("receipt-issue", "--entry", "10", "--on", "2000-01-01"), "Error: --on: A receipt is issued on or after"),
    (("receipt-void", "--receipt", "青山基金收〔1999〕0001号", "--reason", "错"),
     "Error: --receipt: No receipt has the number 青山基金收〔1999〕0001号."),
    (("receipt-void", "--receipt", "青山基金收〔1999〕0001号", "--fund", "没有的基金", "--reason", "错"),
     "Error: --fund: No fund is named 没有的基金."),
    (("receipts", "--waiting", "--fund", "没有的基金"), "Error: --fund: No fund is named 没有的基金."),
])
def test_refusals_name_the_option_and_write_nothing(db: Path, capsys: pytest.CaptureFixture[str],
                                                    args: tuple[str, ...], line: str) -> None:
    before = receipt_count(db)
    assert wushe(capsys, db, "ledger", *args, expect=2).startswith(line)
    assert receipt_count(db) == before


def test_goods_that_cannot_be_valued_get_an_acknowledgement_with_no_amount(
        db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    said = wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--goods", "书包",
                 "--quantity", "12", "--unit", "个", "--donor", "王秀英")
    number = said.split("The donor's acknowledgement is no. ")[1].split(":")[0]
    listed = as_json(capsys, db, "ledger", "goods", "--fund", DEMO_FUND)
    mine = next(g for g in listed if g["acknowledgement"] == number)
    assert (mine["name"], mine["quantity"], mine["valued"], mine["entry"]) == ("书包", "12.00", None, None)
    assert all(g["acknowledgement"] is None for g in listed if g["entry"])  # valued goods have a receipt
    monkeypatch.setenv("WUSHE_USER", "zhaolei")  # a viewer may print it, as a receipt
    written = as_json(capsys, db, "ledger", "goods-acknowledgement", "--goods", number, "--out",
                      str(tmp_path / "ack.pdf"))
    assert written["acknowledgement"]["number"] == number and written["acknowledgement"]["superseded"] is None
    assert (tmp_path / "ack.pdf").read_bytes().startswith(b"%PDF-")
    valued = next(g["id"] for g in listed if g["entry"])
    assert wushe(capsys, db, "ledger", "goods-acknowledgement", "--goods", valued, "--out", str(tmp_path / "v.pdf"),
                 expect=2).startswith("Error: --goods: These goods were valued and counted as income (entry ")
    assert wushe(capsys, db, "ledger", "goods-acknowledgement", "--goods", "00000000", "--out",
                 str(tmp_path / "v.pdf"), expect=2) == "Error: --goods: No goods were recorded with the number 00000000.\n"
