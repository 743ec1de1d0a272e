"""The ledger rules through ``wushe ledger`` on a copy of the demo station (test_cli_ledger's), whose bank
statement of 31 days ago agrees with the ledger: a donation dated on or before it is refused unless
``--backdate-reason`` says why; ``ledger balance`` lists the statements that differ, one reconciled before
its difference changed included; a refunded donation's receipt says so in ``receipts --json``; and one
official ticket is not recorded on two receipts."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.services import receipts, reconciliation
from desktop.services.demo_ledger import DEMO_FUND, STATEMENT_AGO
from test_cli_ledger import as_json, db, station, wushe  # noqa: F401 (fixture)
from test_cli_ledger_disbursements import approve, pay, propose

STATEMENT_DAY = date.today() - timedelta(days=STATEMENT_AGO)


def test_a_backdated_donation_needs_a_reason_and_balance_lists_what_differs(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    day = (STATEMENT_DAY - timedelta(days=1)).isoformat()
    donation = ("ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "666", "--donor", "周德明",
                "--on", day)
    refused = wushe(capsys, db, *donation, expect=2)
    assert refused.startswith(f"Error: --backdate-reason: Balance No. 1 (银行对账单（清河县慈善会基金专户）) fixes what "
                              f"Bank deposits (银行存款) of {DEMO_FUND} held at the end of {STATEMENT_DAY.isoformat()}")
    assert as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["differing"] == []
    posted = as_json(capsys, db, *donation, "--backdate-reason", "漏记的义卖款")
    assert posted["entry"]["posted_on"] == day
    held = as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)
    assert [(d["on"], d["difference"], d["reconciled_difference"]) for d in held["differing"]] == [
        (STATEMENT_DAY.isoformat(), "-666.00", None)]
    with station(db, write=True) as session:  # the difference explained; then one more entry changes it
        [statement] = reconciliation.reconciliation(session, held["fund_id"])
        reconciliation.reconcile(session, statement.id, "义卖款当日未存入银行")
    assert as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["differing"] == []
    as_json(capsys, db, *donation, "--backdate-reason", "又一笔漏记")
    text = wushe(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)
    line = next(line for line in text.splitlines() if line.startswith("Differs from the ledger"))
    assert line.endswith(f"{STATEMENT_DAY.isoformat()} 银行对账单（清河县慈善会基金专户）: -1332.00 yuan")
    [again] = as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["differing"]
    assert (again["difference"], again["reconciled_difference"]) == ("-1332.00", "-666.00")


def test_a_refunded_receipt_and_a_ticket_recorded_twice(capsys: pytest.CaptureFixture[str], db: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    listed = as_json(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND)
    first, second = [r for r in listed if r["status"] == "issued"][:2]
    wushe(capsys, db, "ledger", "receipt-ticket", "--receipt", first["number"], "--ticket-code", "50101",
          "--ticket-number", "0001235")
    refused = wushe(capsys, db, "ledger", "receipt-ticket", "--receipt", second["number"], "--ticket-code", "50101",
                    "--ticket-number", "0001235", expect=2)
    assert f"is recorded for receipt {first['number']}" in refused
    entries = as_json(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND)
    assert {r["refunded"] for r in entries} == {"0.00"}
    with station(db) as session:
        number = receipts.get(session, first["id"]).entry_number
    refund = propose(capsys, db, "--kind", "refund", "--donation", str(number), "--amount", "1", "--purpose", "退回")
    approve(capsys, db, refund["number"])
    pay(capsys, db, monkeypatch, refund["number"])
    [shown] = [r for r in as_json(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND) if r["id"] == first["id"]]
    assert shown["refunded"] == "1.00"
    text = wushe(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND)
    assert "1.00 yuan refunded (已退款)" in text
