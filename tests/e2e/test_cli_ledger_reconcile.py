"""``wushe ledger assert-balance|reconcile|assertions`` (对账) on a copy of the demo station (test_cli_ledger's),
whose bank statement of 31 days ago agrees with the ledger: a statement that differs is recorded and shown
as differing (``balance`` lists it) until reconciled by its number, and the row keeps the difference it
explained; bad input and a role that may not keep the ledger get one line, exit 2, and write nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli_testing import as_json, sign_in_env, wushe
from desktop.services.demo_ledger import DEMO_FUND
from desktop.storage.models import AuditEntry, BalanceAssertion
from test_cli_ledger import DEMO_BANK, db, station  # noqa: F401 (fixture)

TODAY = date.today()
SAYS = DEMO_BANK - Decimal("12.50")  # the bank charged a fee the ledger has not seen yet


def assertions(db: Path) -> int:
    with station(db) as session:
        return session.scalar(select(func.count()).select_from(BalanceAssertion)) or 0


def test_a_differing_balance_is_shown_until_reconciled(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    recorded = wushe(capsys, db, "ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "bank", "--date",
                     TODAY.isoformat(), "--amount", str(SAYS), "--note", "十二月对账单")
    pairs = dict(re.split(r" {2,}", line, maxsplit=1) for line in recorded.splitlines()[:-1])
    number = pairs["Number"]
    assert (pairs["Difference (yuan)"], pairs["State"], pairs["Note"]) == ("-12.50", "Differs", "十二月对账单")
    assert recorded.rstrip().endswith(f"wushe ledger reconcile --fund {DEMO_FUND} --assertion {number} --note REASON")
    listed = as_json(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND)
    assert [(row["number"], row["says"], row["ledger"], row["difference"], row["state"]) for row in listed] == [
        (int(number), str(SAYS), str(DEMO_BANK), "-12.50", "differs"),
        (listed[1]["number"], str(DEMO_BANK), str(DEMO_BANK), "0.00", "agrees")]  # the demo's statement
    assert [d["difference"] for d in as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["differing"]] == [
        "-12.50"]

    done = as_json(capsys, db, "ledger", "reconcile", "--fund", DEMO_FUND, "--assertion", number, "--note",
                   "银行手续费未入账")
    assert (done["state"], done["reconciled_difference"], done["explanation"], done["reconciled_by"]) == (
        "reconciled", "-12.50", "银行手续费未入账", "周建国")
    assert as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["differing"] == []
    with station(db) as session:  # the row keeps the difference explained; the audit log the reconciliation
        kept = session.scalar(select(BalanceAssertion.reconciled_fen).where(BalanceAssertion.id == done["id"]))
        audited = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "balance_assertion.reconciled", AuditEntry.row_id == done["id"]))
    assert (kept, audited) == (-1_250, 1)
    again = wushe(capsys, db, "ledger", "reconcile", "--fund", DEMO_FUND, "--assertion", done["id"], "--note", "再说一次",
                  expect=2)
    assert again.strip() == "Error: --assertion: This difference was reconciled already."


def test_bad_input_is_refused_in_one_line_and_writes_nothing(capsys: pytest.CaptureFixture[str], db: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    before = assertions(db)
    recording = ("ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "bank")
    refusals = {
        ("--date", TODAY.isoformat(), "--amount", "七百元"): "Error: --amount: “七百元” is not an amount",
        ("--date", TODAY.isoformat(), "--amount", "-1"): "Error: --amount: Enter an amount of 0 or more.",
        ("--date", (TODAY + timedelta(days=1)).isoformat(), "--amount", "1"): "Error: --date: The date is in the future.",
    }
    for args, message in refusals.items():
        assert wushe(capsys, db, *recording, *args, expect=2).startswith(message)
    assert wushe(capsys, db, "ledger", "assert-balance", "--fund", "没有这个基金", "--account", "cash", "--date",
                 TODAY.isoformat(), "--amount", "1", expect=2).startswith("Error: --fund: ")
    assert wushe(capsys, db, "ledger", "reconcile", "--fund", DEMO_FUND, "--assertion", "7", "--note", "无",
                 expect=2).strip() == "Error: --assertion: No balance was recorded with the number 7."
    [demo_statement] = as_json(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND)
    agrees = wushe(capsys, db, "--locale", "zh_CN", "ledger", "reconcile", "--fund", DEMO_FUND, "--assertion",
                   str(demo_statement["number"]), "--note", "无", expect=2)
    assert "账面余额与此一致，无需调节。" in agrees
    sign_in_env(monkeypatch, "lixia")  # a social worker looks, but does not keep the ledger
    assert as_json(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND)[0]["state"] == "agrees"
    refused = wushe(capsys, db, *recording, "--date", TODAY.isoformat(), "--amount", "1", expect=2)
    assert "may not post to the fund ledgers" in refused
    assert assertions(db) == before
