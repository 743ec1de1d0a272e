"""``wushe ledger disbursements|propose|decide|pay`` on a copy of the demo station (test_cli_ledger's: its fund
青山社区慈善基金, whose committee of five needs three approvals, with six disbursements paid and a seventh, of
3,000.00 yuan, proposed by 李霞 and approved by 刘桂芳 alone so far; and a second fund with no money). The
station head proposes; the finance officer 王芳 records the committee's decisions as its clerk (the
proposer records none) and pays. Refusals are one line naming the option, exit 2, and
write nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.services.demo_ledger import DEMO_FUND
from desktop.storage.models import Disbursement, DisbursementApproval, LedgerEntry
from test_cli_ledger import DEMO_BANK, DEMO_CASH, OTHER_FUND, as_json, db, station, wushe  # noqa: F401 (fixture)

TODAY = date.today()
HELD = DEMO_BANK + DEMO_CASH


def rows(db: Path) -> list[int]:
    """How many disbursements, decisions and entries the station holds."""
    with station(db) as session:
        return [session.scalar(select(func.count()).select_from(table)) or 0
                for table in (Disbursement, DisbursementApproval, LedgerEntry)]


def propose(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> dict:
    return as_json(capsys, db, "ledger", "propose", "--fund", DEMO_FUND, *args)["disbursement"]


@contextmanager
def clerk() -> Iterator[None]:
    """The commands sign in as the finance officer, the committee's clerk, then as the head again."""
    os.environ["WUSHE_USER"] = "wangfang"
    try:
        yield
    finally:
        os.environ["WUSHE_USER"] = "admin"


def approve(capsys: pytest.CaptureFixture[str], db: Path, number: int,
            members: tuple[str, ...] = ("刘桂芳", "何明德", "谢文强")) -> dict:
    """Record, as the clerk, ``members``' approvals of the demo fund's disbursement ``number``; it as the last
    left it."""
    with clerk():
        for member in members:
            decided = as_json(capsys, db, "ledger", "decide", str(number), "--fund", DEMO_FUND, "--member", member,
                              "--decision", "approve")["disbursement"]
    return decided


def pay(capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch, number: int,
        *args: str) -> dict:
    monkeypatch.setenv("WUSHE_USER", "wangfang")  # the finance officer pays
    try:
        return as_json(capsys, db, "ledger", "pay", str(number), "--fund", DEMO_FUND, *args)
    finally:
        monkeypatch.setenv("WUSHE_USER", "admin")


def test_proposed_decided_paid_then_the_balance_and_the_statement_show_it(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = wushe(capsys, db, "ledger", "propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "250.5",
                 "--purpose", "敬老慰问品", "--payee", "青山镇好又多超市")
    assert text.splitlines() == [f"Disbursement 8 proposed in {DEMO_FUND}: Expense (支出), 250.50 yuan to 青山镇好又多超市. "
                                 "It awaits the committee: 3 approvals are needed."]
    waiting = as_json(capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND, "--status", "proposed")
    assert [(row["number"], row["amount"], row["approvals"]) for row in waiting] == [
        (7, "3000.00", 1), (8, "250.50", 0)]
    # Decisions as the 拨付 tab records them: one each, a rejection counted, approved at the third approval.
    refused = wushe(capsys, db, "ledger", "decide", "8", "--fund", DEMO_FUND, "--member", "何明德", "--decision",
                    "reject", expect=2)  # the head proposed it: another account records the decisions
    assert refused.startswith("Error: --member: You proposed this disbursement")
    with clerk():
        text = wushe(capsys, db, "ledger", "decide", "8", "--fund", DEMO_FUND, "--member", "何明德", "--decision",
                     "reject", "--note", "价格偏高")
    assert text.splitlines() == [f"何明德: Reject (不同意), recorded on disbursement 8 of {DEMO_FUND}.",
                                 "Approvals: 0 / 3, 1 against. Status: Awaiting the committee (待审批)."]
    decided = approve(capsys, db, 8, ("刘桂芳", "谢文强", "吴春燕"))
    assert (decided["status"], decided["approvals"], decided["rejections"], decided["decided_on"]) == (
        "approved", 3, 1, TODAY.isoformat())
    assert [(d["member"], d["decision"], d["note"], d["by"]) for d in decided["decisions"]] == [
        ("何明德", "reject", "价格偏高", "王芳"), ("刘桂芳", "approve", "", "王芳"),
        ("谢文强", "approve", "", "王芳"), ("吴春燕", "approve", "", "王芳")]
    paid = pay(capsys, db, monkeypatch, 8, "--account", "cash")
    entry = paid["entry"]
    assert (entry["number"], entry["kind"], entry["amount"], entry["memo"], entry["counterparty"], entry["by"]) == (
        15, "expense", "250.50", "敬老慰问品", "青山镇好又多超市", "王芳")
    assert (paid["disbursement"]["status"], paid["disbursement"]["entry"]) == ("posted", 15)
    assert paid["balance"]["accounts"]["cash"] == str(DEMO_CASH - Decimal("250.50"))
    held = as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)
    assert held["available"] == str(HELD - Decimal("250.50"))
    listed = wushe(capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND)
    line = next(line for line in listed.splitlines() if line.startswith("8 "))
    assert "敬老慰问品" in line and "250.50" in line and "3 / 3, 1 against" in line and "Paid and posted (已拨付)" in line
    if shutil.which("pdftotext"):
        out = tmp_path / "statement.pdf"
        wushe(capsys, db, "ledger", "statement", "--fund", DEMO_FUND, "--from",
              (TODAY - timedelta(days=365)).isoformat(), "--to", TODAY.isoformat(), "--out", str(out))
        statement = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout
        assert "敬老慰问品" in statement and "250.50" in statement


def test_a_grant_a_transfer_and_a_refund(db: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    grant = propose(capsys, db, "--kind", "grant", "--project", "创投-2026-0001", "--amount", "14000",
                    "--purpose", "幸福食堂二期资助款")
    assert (grant["number"], grant["kind"], grant["project"], grant["payee"]) == (
        8, "grant", "创投-2026-0001", "新华社区老年协会")  # the project's organisation
    moved = propose(capsys, db, "--kind", "transfer", "--to-fund", OTHER_FUND, "--amount", "5000",
                    "--purpose", "支援河滨社区")
    assert (moved["number"], moved["kind"], moved["payee"]) == (9, "transfer_out", OTHER_FUND)
    refund = propose(capsys, db, "--kind", "refund", "--donation", "12", "--amount", "500", "--purpose", "重复捐款退回")
    assert (refund["number"], refund["donation"], refund["payee"]) == (10, 12, "周德明")  # the donor
    for number in (8, 9, 10):
        assert approve(capsys, db, number)["status"] == "approved"
    assert pay(capsys, db, monkeypatch, 8)["entry"]["lines"][0] == {
        "account": "grants_paid", "side": "debit", "amount": "14000.00"}
    assert pay(capsys, db, monkeypatch, 9)["entry"]["kind"] == "transfer_out"
    last = pay(capsys, db, monkeypatch, 10)
    assert (last["entry"]["kind"], last["entry"]["counterparty"], last["balance"]["accounts"]["refunds"]) == (
        "refund", "周德明", "500.00")
    assert last["balance"]["available"] == str(HELD - 14000 - 5000 - 500)
    assert as_json(capsys, db, "ledger", "balance", "--fund", OTHER_FUND)["available"] == "5000.00"
    # What is left of the project's approved amount, and of the donation, is checked on each proposal.
    assert wushe(capsys, db, "ledger", "propose", "--fund", DEMO_FUND, "--kind", "grant", "--project",
                 "创投-2026-0001", "--amount", "0.01", "--purpose", "尾款", expect=2).startswith(
        "Error: --amount: Grants to project 创投-2026-0001 would come to 28000.01 yuan")
    assert wushe(capsys, db, "ledger", "propose", "--fund", DEMO_FUND, "--kind", "refund", "--donation", "12",
                 "--amount", "1500.01", "--purpose", "退回", expect=2).strip() == (
        "Error: --amount: Donation No. 12 was 2000.00 yuan and 500.00 yuan of it is refunded or awaiting refund: "
        "at most 1500.00 yuan is left to refund.")


def test_over_the_fund_balance_is_proposed_but_not_paid(db: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    text = wushe(capsys, db, "ledger", "propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "80000",
                 "--purpose", "活动中心装修", "--payee", "青山装饰公司")
    assert text.splitlines()[1] == (f"{Decimal(80000) - HELD} yuan more than the fund has available now: it can be "
                                    "paid only once the fund holds it.")
    approve(capsys, db, 8)
    before = rows(db)
    monkeypatch.setenv("WUSHE_USER", "wangfang")
    refused = wushe(capsys, db, "ledger", "pay", "8", "--fund", DEMO_FUND, expect=2)
    assert refused.strip() == (f"Error: Bank deposits (银行存款) of {DEMO_FUND} would go below zero: it holds "
                               f"{DEMO_BANK} yuan on {TODAY.isoformat()}, and this takes 80000.00 yuan.")
    assert rows(db) == before
    assert as_json(capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND, "--status", "approved")[0]["number"] == 8


@pytest.mark.parametrize(("args", "line"), [
    (("pay", "7", "--fund", DEMO_FUND),  # 募用分离: approved first
     "Error: Only an approved disbursement is paid; this one is “Awaiting the committee (待审批)”."),
    (("propose", "--fund", DEMO_FUND, "--kind", "transfer", "--to-fund", DEMO_FUND, "--amount", "1", "--purpose", "调"),
     "Error: --to-fund: A transfer goes to another fund."),
    (("propose", "--fund", DEMO_FUND, "--kind", "refund", "--donation", "12", "--amount", "2000.01", "--purpose", "退"),
     "Error: --amount: Donation No. 12 was 2000.00 yuan and 0.00 yuan of it is refunded or awaiting refund: at most "
     "2000.00 yuan is left to refund."),
    (("propose", "--fund", DEMO_FUND, "--kind", "refund", "--donation", "3", "--amount", "1", "--purpose", "退"),
     f"Error: --donation: A refund gives back a donation of money to {DEMO_FUND}."),
    (("propose", "--fund", DEMO_FUND, "--kind", "refund", "--donation", "99", "--amount", "1", "--purpose", "退"),
     f"Error: --donation: {DEMO_FUND} has no entry 99."),
    (("propose", "--fund", DEMO_FUND, "--kind", "refund", "--amount", "1", "--purpose", "退"),
     "Error: --donation: Choose the donation that is refunded."),
    (("propose", "--fund", DEMO_FUND, "--kind", "grant", "--amount", "1", "--purpose", "资助"),
     "Error: --project: Choose the project the grant goes to."),
    (("propose", "--fund", DEMO_FUND, "--kind", "grant", "--project", "创投-2026-0001", "--amount", "14000.01",
      "--purpose", "资助"), "Error: --amount: Grants to project 创投-2026-0001 would come to 28000.01 yuan"),
    (("propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1", "--purpose", "茶水"), "Error: --payee: "),
    (("propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1", "--purpose", "茶水", "--payee", "某店",
      "--project", "创投-2026-0001"), "Error: --project: Only a grant names a project."),
    (("propose", "--fund", DEMO_FUND, "--kind", "transfer", "--to-fund", OTHER_FUND, "--amount", "1", "--purpose",
      "调", "--payee", "某人"), "Error: --payee: A transfer pays the fund that receives it: name it with --to-fund."),
    (("propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1.234", "--purpose", "茶水", "--payee", "某店"),
     "Error: --amount: "),
    (("propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "0", "--purpose", "茶水", "--payee", "某店"),
     "Error: --amount: Enter an amount above zero."),
    (("propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1", "--purpose", " ", "--payee", "某店"),
     "Error: --purpose: "),
    (("propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1", "--purpose", "茶水", "--payee", "某店",
      "--date", (TODAY + timedelta(days=1)).isoformat()), "Error: --date: The date is in the future."),
    (("propose", "--fund", "没有的基金", "--kind", "expense", "--amount", "1", "--purpose", "茶水", "--payee", "某店"),
     "Error: --fund: No fund is named 没有的基金."),
    (("decide", "7", "--fund", DEMO_FUND, "--member", "刘桂芳", "--decision", "approve"),
     "Error: --member: 刘桂芳 has decided on this disbursement already."),
    (("decide", "7", "--fund", DEMO_FUND, "--member", "张三", "--decision", "approve"),
     "Error: --member: 张三 is not on the committee serving on"),
    (("decide", "1", "--fund", DEMO_FUND, "--member", "何明德", "--decision", "approve"),
     "Error: The disbursement is “Paid and posted (已拨付)”: decisions are recorded while it awaits the committee or, "
     "once approved, its payment."),
    (("decide", "99", "--fund", DEMO_FUND, "--member", "何明德", "--decision", "approve"),
     f"Error: {DEMO_FUND} has no disbursement 99."),
    (("decide", "7", "--fund", OTHER_FUND, "--member", "何明德", "--decision", "approve"),
     f"Error: {OTHER_FUND} has no disbursement 7."),  # numbers run per fund
    (("pay", "1", "--fund", DEMO_FUND), "Error: Only an approved disbursement is paid; this one is “Paid and posted"),
])
def test_refusals_name_the_option_and_write_nothing(db: Path, capsys: pytest.CaptureFixture[str],
                                                    args: tuple[str, ...], line: str) -> None:
    before = rows(db)
    assert wushe(capsys, db, "ledger", *args, expect=2).startswith(line)
    assert rows(db) == before


def test_a_decision_is_dated_within_the_disbursements_life(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proposed_on = date.fromisoformat(as_json(capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND, "--status",
                                             "proposed")[0]["proposed_on"])
    before = rows(db)
    assert wushe(capsys, db, "ledger", "decide", "7", "--fund", DEMO_FUND, "--member", "何明德", "--decision",
                 "approve", "--date", (proposed_on - timedelta(days=1)).isoformat(), expect=2).strip() == (
        f"Error: --date: The decision is dated before the disbursement was proposed ({proposed_on.isoformat()}).")
    assert rows(db) == before
    decided = as_json(capsys, db, "ledger", "decide", "7", "--fund", DEMO_FUND, "--member", "何明德", "--decision",
                      "approve", "--date", proposed_on.isoformat())["disbursement"]
    assert [(d["member"], d["on"]) for d in decided["decisions"]][0] == ("何明德", proposed_on.isoformat())


def test_only_who_may_propose_proposes_and_only_finance_pays(db: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    before = rows(db)
    monkeypatch.setenv("WUSHE_USER", "zhaolei")  # a viewer reads the list, and proposes nothing
    assert len(as_json(capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND)) == 7
    assert wushe(capsys, db, "ledger", "propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "1",
                 "--purpose", "茶水", "--payee", "某店", expect=2).startswith("Error: ")
    assert rows(db) == before
