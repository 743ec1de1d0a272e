"""Mistakes undone on the command line, on a copy of the demo station (test_cli_ledger's): a committee member
added by mistake is withdrawn the same day with a reason (the fund, whose even committee refused every
proposal, takes them again); a mistyped balance is replaced by recording another for its account and day
with ``--replace``, or withdrawn with ``assertion-withdraw``, and stays listed with ``--all``; a re-opened
reconciliation reads as the 对账 tab shows it; a balance's source follows its account."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli_testing import as_json, sign_in_env, wushe
from desktop.services.demo_ledger import DEMO_FUND
from desktop.storage.models import AuditEntry, BalanceAssertion, BalanceAssertionWithdrawal, FundMember
from test_cli_ledger import DEMO_BANK, db, station  # noqa: F401 (fixture)

TODAY = date.today()
PROPOSAL = ("ledger", "propose", "--fund", DEMO_FUND, "--kind", "expense", "--amount", "120", "--purpose", "活动物资",
            "--payee", "青山超市")


def table_rows(text: str) -> list[list[str]]:
    """The rows of a printed table, cells split where two or more spaces part them (the header first)."""
    return [re.split(r" {2,}", line.strip()) for line in text.splitlines() if line.strip() and set(line) != {"-", " "}]


def counts(db: Path) -> tuple[int, int]:
    with station(db) as session:
        return (session.scalar(select(func.count()).select_from(BalanceAssertion)) or 0,
                session.scalar(select(func.count()).select_from(BalanceAssertionWithdrawal)) or 0)


def test_a_member_added_by_mistake_is_withdrawn_the_same_day(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    wushe(capsys, db, "ledger", "member-add", "--fund", DEMO_FUND, "--name", "钱多多", "--role", "member")
    # Six serving today: an even committee takes no proposal, and a future --on is refused, so it stays so today.
    assert "odd number" in wushe(capsys, db, *PROPOSAL, expect=2)
    assert wushe(capsys, db, "ledger", "member-end", "--fund", DEMO_FUND, "--member", "钱多多", expect=2).strip() == (
        f"Error: --reason: 钱多多 joined on {TODAY.isoformat()}: ending the membership that day withdraws it as "
        "entered by mistake (they served on no day). Give the reason.")

    text = wushe(capsys, db, "ledger", "member-end", "--fund", DEMO_FUND, "--member", "钱多多", "--reason", "应为候补委员，误录")
    assert text.splitlines()[:2] == [
        f"钱多多's membership of the committee of {DEMO_FUND} is withdrawn as entered by mistake: they served on no day.",
        "5 members meet the rules; a disbursement needs 3 approvals."]
    assert "钱多多" not in [m["name"] for m in as_json(capsys, db, "ledger", "members", "--fund", DEMO_FUND)["members"]]
    wushe(capsys, db, *PROPOSAL)  # the committee decides again
    assert [row["status"] for row in as_json(capsys, db, "ledger", "disbursements", "--fund", DEMO_FUND)
            if row["purpose"] == "活动物资"] == ["proposed"]
    with station(db) as session:
        member_id, joined_on, left_on = session.execute(select(FundMember.id, FundMember.joined_on, FundMember.left_on)
                                                        .where(FundMember.name == "钱多多")).one()
        reason = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "fund_member.withdrawn",
                                                                AuditEntry.row_id == member_id))
    assert (joined_on, left_on) == (TODAY, TODAY)  # kept on file, serving on no day
    assert reason is not None and "应为候补委员，误录" in reason
    # Their name is free again; ordinary leaving (期满, 辞任) may give a reason too, kept in the audit log (#5).
    wushe(capsys, db, "ledger", "member-add", "--fund", DEMO_FUND, "--name", "钱多多", "--role", "member")
    wushe(capsys, db, "ledger", "member-add", "--fund", DEMO_FUND, "--name", "孙小梅", "--role", "member")
    assert wushe(capsys, db, "ledger", "member-end", "--fund", DEMO_FUND, "--member", "刘桂芳", "--reason", "任期届满"
                 ).startswith(f"刘桂芳 leaves the committee of {DEMO_FUND}: {TODAY.isoformat()} is the first day")
    with station(db) as session:
        ended = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "fund_member.ended"))
    assert ended is not None and json.loads(ended)["reason"] == "任期届满"
    wushe(capsys, db, "ledger", "member-end", "--fund", DEMO_FUND, "--member", "何明德")  # and need not


def test_a_mistyped_balance_is_replaced_or_withdrawn_and_kept(capsys: pytest.CaptureFixture[str], db: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    recording = ("ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "bank", "--date", TODAY.isoformat())
    typo = as_json(capsys, db, *recording, "--amount", str(DEMO_BANK / 10))
    assert (typo["state"], typo["source"]) == ("differs", "银行对账单")
    before = counts(db)
    assert wushe(capsys, db, *recording, "--amount", str(DEMO_BANK), expect=2).strip() == (
        f"Error: --replace: 银行对账单 says {DEMO_BANK / 10:.2f} yuan for Bank deposits (银行存款) at the end of {TODAY.isoformat()} "
        f"already (No. {typo['number']}). Recording another withdraws it: give the reason.")
    assert counts(db) == before

    right = as_json(capsys, db, *recording, "--amount", str(DEMO_BANK), "--replace", "少输一位")
    assert right["state"] == "agrees"
    assert counts(db) == (before[0] + 1, before[1] + 1)  # the typo withdrawn, not deleted
    assert [row["number"] for row in as_json(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND)] == [
        right["number"], as_json(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND)[1]["number"]]
    every = {row["number"]: row for row in as_json(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND, "--all")}
    old = every[typo["number"]]
    assert (old["state"], old["shown"], old["withdrawal"]["reason"], old["withdrawal"]["replaced_by"]) == (
        "withdrawn", f"Replaced by No. {right['number']}: 少输一位", "少输一位", right["number"])
    assert as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["differing"] == []  # the typo no longer counts
    printed = table_rows(wushe(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND, "--all"))
    assert printed[0][-3:] == ["State", "Reason", "Note"]  # the state under State, why under Reason (#7)
    assert [row[-3:] for row in printed if row[0] == str(typo["number"])] == [
        [f"Replaced by No. {right['number']}", "少输一位", f"Withdrawn by 周建国 on {TODAY.isoformat()}."]]

    # The finance officer withdraws a typo of theirs outright; a withdrawn balance is not reconciled or withdrawn again.
    sign_in_env(monkeypatch, "wangfang")
    cash = as_json(capsys, db, "ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "cash", "--date",
                   TODAY.isoformat(), "--amount", "1")
    assert cash["source"] == "库存现金盘点" and cash["state"] == "differs"
    assert len(as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["differing"]) == 1
    gone = as_json(capsys, db, "ledger", "assertion-withdraw", "--fund", DEMO_FUND, "--assertion", str(cash["number"]),
                   "--reason", "盘点单看错行")
    assert (gone["state"], gone["shown"], gone["withdrawal"]["by"]) == ("withdrawn", "Withdrawn: 盘点单看错行", "王芳")
    assert as_json(capsys, db, "ledger", "balance", "--fund", DEMO_FUND)["differing"] == []
    assert cash["number"] not in [row["number"] for row in as_json(capsys, db, "ledger", "assertions", "--fund",
                                                                   DEMO_FUND)]
    assert wushe(capsys, db, "ledger", "reconcile", "--fund", DEMO_FUND, "--assertion", str(cash["number"]), "--note", "x", expect=2).startswith(
        "Error: --assertion: This balance was withdrawn (盘点单看错行)")
    assert wushe(capsys, db, "ledger", "assertion-withdraw", "--fund", DEMO_FUND, "--assertion", str(cash["number"]),
                 "--reason", "再撤", expect=2).strip() == "Error: --assertion: This balance was withdrawn already: 盘点单看错行"
    goods = as_json(capsys, db, "ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "goods", "--date",
                    TODAY.isoformat(), "--amount", "1800")
    assert goods["source"] == "实物盘点"
    sign_in_env(monkeypatch, "lixia")  # a social worker does not keep the ledger
    assert "may not post to the fund ledgers" in wushe(capsys, db, "ledger", "assertion-withdraw", "--fund", DEMO_FUND,
                                                       "--assertion", str(goods["number"]), "--reason", "无", expect=2)

    with closing(sqlite3.connect(db)) as conn:  # append-only in the database, as the assertions are kept
        for statement in ("UPDATE balance_assertion_withdrawal SET reason = '改'", "DELETE FROM balance_assertion_withdrawal",
                          "DELETE FROM balance_assertion"):
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(statement)


def test_a_reopened_reconciliation_reads_as_the_tab_shows_it(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    says = DEMO_BANK + Decimal("100")
    found = as_json(capsys, db, "ledger", "assert-balance", "--fund", DEMO_FUND, "--account", "bank", "--date",
                    TODAY.isoformat(), "--amount", str(says))
    wushe(capsys, db, "ledger", "reconcile", "--fund", DEMO_FUND, "--assertion", str(found["number"]), "--note", "银行未达账项")
    wushe(capsys, db, "ledger", "post", "--fund", DEMO_FUND, "--kind", "donation", "--amount", "500", "--donor", "周德明",
          "--backdate-reason", "对账后到账的捐赠")
    [row] = [row for row in table_rows(wushe(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND))
             if row[0] == str(found["number"])]
    assert row[-2:] == ["Differs: now -400.00 yuan (100.00 yuan was reconciled)", "银行未达账项"]
    listed = as_json(capsys, db, "ledger", "assertions", "--fund", DEMO_FUND)[0]
    assert (listed["state"], listed["shown"]) == ("differs", "Differs: now -400.00 yuan (100.00 yuan was reconciled)")
