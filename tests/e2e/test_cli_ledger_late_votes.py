"""A disbursement approved by 3 of its committee of 5 is not paid yet: the two members left record their
decisions for the minutes (a reject too), which change nothing — the status stays approved, it is still paid —
and show as recorded after the committee decided in ``wushe ledger disbursements``. A member still decides once,
and a decision is not dated before the approval. On the demo station of test_cli_ledger_disbursements."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.services.demo_ledger import DEMO_FUND
from test_cli_ledger import as_json, db, wushe  # noqa: F401 (fixture)
from test_cli_ledger_disbursements import approve, clerk


def decide(capsys: pytest.CaptureFixture[str], db: Path, member: str, decision: str, *more: str,
           expect: int = 0) -> str:
    with clerk():
        return wushe(capsys, db, "ledger", "decide", "7", "--fund", DEMO_FUND, "--member", member, "--decision",
                     decision, *more, expect=expect)


def test_late_votes_are_recorded_for_the_minutes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    approved = approve(capsys, db, 7, ("何明德", "谢文强"))  # 刘桂芳 approved in the demo
    assert approved["status"] == "approved"
    said = decide(capsys, db, "吴春燕", "reject", "--note", "价格偏高")
    assert "吴春燕: Reject (不同意), recorded on disbursement 7" in said
    assert "Approvals: 3 / 3, 1 against (1 after the decision). Status: Approved" in said
    assert f"The committee approved it on {approved['decided_on']}: a decision recorded now is for the minutes" in said
    assert decide(capsys, db, "吴春燕", "approve", expect=2).strip() == \
        "Error: --member: 吴春燕 has decided on this disbursement already."
    day_before = (date.fromisoformat(approved["decided_on"]) - timedelta(days=1)).isoformat()
    assert decide(capsys, db, "陈淑华", "approve", "--date", day_before, expect=2).strip() == (
        f"Error: --date: The committee approved this disbursement on {approved['decided_on']}: a decision recorded "
        "since is dated then or later.")
    decide(capsys, db, "陈淑华", "approve")

    [row] = [d for d in as_json(capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND) if d["number"] == 7]
    assert (row["status"], row["approvals"], row["rejections"]) == ("approved", 4, 1)
    assert [(d["member"], d["decision"], d["note"], d["after_decision"]) for d in row["decisions"]] == [
        ("刘桂芳", "approve", "", False), ("何明德", "approve", "", False), ("谢文强", "approve", "", False),
        ("吴春燕", "reject", "价格偏高", True), ("陈淑华", "approve", "", True)]
    assert "4 / 3, 1 against (2 after the decision)" in wushe(
        capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND)
    with clerk():
        paid = as_json(capsys, db, "ledger", "pay", "7", "--fund", DEMO_FUND)
    assert paid["disbursement"]["status"] == "posted"
    refused = decide(capsys, db, "吴春燕", "approve", expect=2)
    assert "decisions are recorded while it awaits the committee or, once approved, its payment." in refused
