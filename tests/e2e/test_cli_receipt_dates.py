"""``wushe ledger receipt-issue --on`` on a copy of the demo station, whose books a bank statement closed
31 days ago: a receipt dated into the books of its donation's account (a cash count closes the cash's) needs
``--backdate-reason``, refused with the words ``post`` uses,
and none is dated before the receipt numbered before it; ``receipts`` shows in its table, in English and
Chinese, why a receipt was voided and the official ticket recorded; ``post --goods`` needs the quantity
and its unit. Every refusal names the option and writes nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli_testing import as_json, sign_in_env, wushe
from desktop.services import receipts
from desktop.services.demo_ledger import DEMO_FUND, STATEMENT_AGO
from desktop.storage.models import AuditEntry, DonationReceipt, GoodsInKind
from desktop.storage.opening import open_database

TODAY = date.today()
CLOSED = TODAY - timedelta(days=STATEMENT_AGO)  # the demo's bank statement agrees with the ledger


@pytest.fixture
def db(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "admin")
    return demo_file


def counts(db: Path) -> tuple[int, int]:
    """The receipts and the records of goods in the station file."""
    opened = open_database(db)
    try:
        with opened.read() as session:
            return (session.scalar(select(func.count()).select_from(DonationReceipt)) or 0,
                    session.scalar(select(func.count()).select_from(GoodsInKind)) or 0)
    finally:
        opened.close()


def waiting_entry(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, str]:
    """The demo's donation that has no receipt (cash from the 邻里节, before the books were closed)."""
    [entry] = as_json(capsys, db, "ledger", "receipts", "--waiting", "--fund", DEMO_FUND)
    assert date.fromisoformat(entry["posted_on"]) < CLOSED
    return entry


def test_a_receipt_dated_into_closed_books_needs_the_reason_a_posting_needs(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = waiting_entry(capsys, db)
    last = max(date.fromisoformat(r["date"]) for r in as_json(capsys, db, "ledger", "receipts"))
    day = max(last, date.fromisoformat(entry["posted_on"]))  # not before the receipt numbered before it
    # The donation came in cash: the bank's statement leaves its books open; a cash count of that day closes them.
    cash = as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND, "--on", CLOSED.isoformat())["accounts"]["cash"]
    wushe(capsys, db, "ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "cash", "--date", CLOSED.isoformat(),
          "--amount", cash)
    before = counts(db)
    refused = wushe(capsys, db, "ledger", "receipt-issue", "--fund", DEMO_FUND, "--entry", str(entry["entry"]),
                    "--on", day.isoformat(), expect=2)
    posting = wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "5",
                    "--account", "cash", "--donor", "周德明", "--on", day.isoformat(), expect=2)
    assert refused == posting and refused.startswith(f"Error: --backdate-reason: Balance No. 2 (库存现金盘点) fixes "
                                                     f"what Cash on hand (库存现金) of {DEMO_FUND} held at the end of "
                                                     f"{CLOSED.isoformat()}")
    assert counts(db) == before
    issued = as_json(capsys, db, "ledger", "receipt-issue", "--fund", DEMO_FUND, "--entry", str(entry["entry"]),
                     "--on", day.isoformat(), "--backdate-reason", "义卖现金当日未开收据")
    assert (issued["date"], issued["amount"]) == (day.isoformat(), entry["amount"])
    opened = open_database(db)
    try:
        with opened.read() as session:
            detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == receipts.BACKDATED,
                                                                    AuditEntry.row_id == issued["id"]))
    finally:
        opened.close()
    assert json.loads(detail or "{}") == {"reason": "义卖现金当日未开收据", "closed_through": CLOSED.isoformat()}


def test_a_receipt_dated_before_the_one_numbered_before_it_is_refused(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if TODAY == date(TODAY.year, 1, 1):
        pytest.skip("on New Year's Day no earlier day shares today's numbering")
    entry = waiting_entry(capsys, db)
    posted = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "20",
                     "--donor", "李四")
    today = as_json(capsys, db, "ledger", "receipt-issue", "--fund", DEMO_FUND, "--entry",
                    str(posted["entry"]["number"]))
    day = max(date.fromisoformat(entry["posted_on"]), date(TODAY.year, 1, 1))  # in today's year, before today
    before = counts(db)
    refused = wushe(capsys, db, "ledger", "receipt-issue", "--fund", DEMO_FUND, "--entry", str(entry["entry"]),
                    "--on", day.isoformat(), "--backdate-reason", "补开", expect=2)
    assert refused == (f"Error: --on: Receipt {today['number']}, the one before in the numbering, is dated "
                       f"{TODAY.isoformat()}: a receipt may not be dated before the one before it. Date it "
                       f"{TODAY.isoformat()} or later.\n")
    assert counts(db) == before


def test_the_receipts_table_shows_why_one_was_voided_and_the_official_ticket(
        db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    listed = as_json(capsys, db, "ledger", "receipts")
    spoilt = next(r for r in listed if r["status"] == "voided")  # the demo's, jammed in the printer
    standing = next(r for r in listed if r["status"] == "issued")["number"]
    wushe(capsys, db, "ledger", "receipt-ticket", "--receipt", standing, "--ticket-code", "36010125",
          "--ticket-number", "0000123")
    lines = wushe(capsys, db, "ledger", "receipts").splitlines()
    assert lines[0].split() == ["Receipt", "no.", "Fund", "Donor", "Amount", "Date", "Status", "Ticket", "code",
                                "Ticket", "number", "Note"]
    [voided] = [line for line in lines if line.startswith(spoilt["number"])]
    assert voided.endswith(f": {spoilt['void_reason']}") and "Voided on " in voided
    [ticketed] = [line for line in lines if line.startswith(standing)]
    assert ticketed.split()[-2:] == ["36010125", "0000123"]
    monkeypatch.setenv("WUSHE_LOCALE", "zh_CN")
    lines = wushe(capsys, db, "ledger", "receipts").splitlines()
    assert lines[0].split() == ["收据编号", "基金名称", "捐赠人", "金额", "日期", "状态", "票据代码", "票据号码", "备注"]
    [voided] = [line for line in lines if line.startswith(spoilt["number"])]
    assert voided.endswith(f"作废，原因：{spoilt['void_reason']}")
    assert [line for line in lines if line.startswith(standing)][0].split()[-2:] == ["36010125", "0000123"]


@pytest.mark.parametrize(("more", "line"), [
    ((), "Error: --quantity: Goods are recorded by name and quantity: say how many were given.\n"),
    (("--quantity", "3"), "Error: --unit: Give the unit the goods are counted in, like 份, 件 or 袋.\n"),
    (("--quantity", "3", "--unit", " "), "Error: --unit: Give the unit the goods are counted in, like 份, 件 or 袋.\n"),
    (("--amount", "60", "--unit", "本"),
     "Error: --quantity: Goods are recorded by name and quantity: say how many were given.\n"),
])
def test_goods_are_posted_with_their_quantity_and_unit(
        db: Path, capsys: pytest.CaptureFixture[str], more: tuple[str, ...], line: str) -> None:
    before = counts(db)
    assert wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--goods", "书",
                 "--donor", "谭秀兰", *more, expect=2) == line
    assert counts(db) == before
    goods = as_json(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--goods", "书",
                    "--donor", "谭秀兰", "--quantity", "3", "--unit", "本")
    [mine] = [g for g in as_json(capsys, db, "ledger", "goods", "--fund", DEMO_FUND) if g["id"] == goods["goods_id"]]
    assert (mine["name"], mine["quantity"], mine["unit"]) == ("书", "3.00", "本")
