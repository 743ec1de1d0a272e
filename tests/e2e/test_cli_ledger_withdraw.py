"""``wushe ledger members|withdraw`` and ``receipts --json`` on a copy of the demo station (test_cli_ledger's):
the committee a decision names, a proposal withdrawn and an approved one cancelled with a reason, the
proposer refused the payment, and a receipt's void reason and official ticket in the JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.demo_ledger import DEMO_FUND
from test_cli_ledger import as_json, db, wushe  # noqa: F401 (fixture)
from test_cli_ledger_disbursements import approve, propose


def test_members_lists_the_committee_a_decision_names(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    listed = as_json(capsys, db, "ledger", "members", "--fund", DEMO_FUND)
    assert [m["name"] for m in listed["members"]] == ["刘桂芳", "何明德", "吴春燕", "谢文强", "陈淑华"]
    assert (listed["approvals_needed"], listed["members"][0]["role"]) == (3, "chair")
    text = wushe(capsys, db, "ledger", "members", "--fund", DEMO_FUND)
    assert "刘桂芳" in text and "Chair (主任)" in text and "Serving since" in text


def test_withdrawn_and_cancelled_with_a_reason(capsys: pytest.CaptureFixture[str], db: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUSHE_USER", "chenjun")  # neither the proposer of disbursement 7 nor the head
    refused = wushe(capsys, db, "ledger", "withdraw", "7", "--fund", DEMO_FUND, "--reason", "活动取消", expect=2)
    assert refused.strip() == "Error: Only whoever proposed it, or the head, withdraws a disbursement."
    monkeypatch.setenv("WUSHE_USER", "admin")
    text = wushe(capsys, db, "ledger", "withdraw", "7", "--fund", DEMO_FUND, "--reason", "活动取消")
    assert text.strip() == f"Disbursement 7 of {DEMO_FUND}: Withdrawn (已撤回). Reason: 活动取消"
    assert "--reason" in wushe(capsys, db, "ledger", "withdraw", "7", "--fund", DEMO_FUND, "--reason", " ",
                               expect=2)

    number = propose(capsys, db, "--kind", "expense", "--amount", "10", "--purpose", "茶水", "--payee", "超市")["number"]
    approve(capsys, db, number)
    # 募用分离: the head proposed it, so the head does not pay it.
    refused = wushe(capsys, db, "ledger", "pay", str(number), "--fund", DEMO_FUND, expect=2)
    assert "You proposed this disbursement: another account pays it" in refused
    cancelled = as_json(capsys, db, "ledger", "withdraw", str(number), "--fund", DEMO_FUND, "--reason", "重复")
    row = cancelled["disbursement"]
    assert (row["status"], row["close_reason"], row["closed_by"]) == ("cancelled", "重复", "周建国")
    assert {d["amount"] for d in row["decisions"]} == {"10.00"}


def test_receipts_json_has_the_void_reason_and_the_official_ticket(capsys: pytest.CaptureFixture[str],
                                                                   db: Path) -> None:
    listed = as_json(capsys, db, "ledger", "receipts", "--fund", DEMO_FUND)
    voided = [r for r in listed if r["status"] == "voided"]
    assert voided and all(r["void_reason"] and r["voided_on"] for r in voided)
    assert {"official_ticket_code", "official_ticket_number", "ticket_correction"} <= set(listed[0])
