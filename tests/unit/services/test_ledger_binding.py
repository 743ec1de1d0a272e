"""What the committee decided binds (a trial of issue 7): SQL cannot change a disbursement's amount, payee
or purpose after the decisions, nor move its status backwards, nor delete or re-role a committee member,
nor edit what a bank statement said; each approval names the amount, a payment needs every approval to
name the amount paid and ``wushe check`` reports one that does not; nobody pays what they proposed; a
disbursement not paid is withdrawn or cancelled with a reason and stops reserving the project's money."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import exc, select, text

from desktop.domain.ledger import Decision, EntryKind
from desktop.services import disbursements, funds, grant_room, maintenance, reconciliation
from desktop.services.acting import acting_as
from desktop.services.disbursement_withdrawal import withdraw
from desktop.services.disbursements import DisbursementInput
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import DisbursementApproval
from ledger_testing import OPENED, decide, donate, head, make_fund, running_projects  # noqa: F401 (fixture)
from project_testing import acting
from wushe_testing import refusal

DAY = OPENED + timedelta(days=10)


def approved(db: Database, fund_id: str, proposer: str = "lixia", voters: int = 3, **more: object) -> str:
    """An expense of 300 yuan to 青山超市 proposed by ``proposer`` and approved by ``voters``; its id."""
    data = DisbursementInput(**{"kind": EntryKind.EXPENSE, "amount_fen": 30_000, "purpose": "慰问品",
                                "payee": "青山超市", **more})  # type: ignore[arg-type]
    with db.write() as session, acting_as(session, proposer):
        view = disbursements.propose_disbursement(session, fund_id, data, today=DAY)
        decide(session, view.id, DAY, voters)
        return view.id


@pytest.fixture
def fund_id(head: Database) -> str:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 1_000_000, DAY)
        return fund.id


@pytest.mark.parametrize("statement", [
    "UPDATE disbursement SET amount_fen = 800000",
    "UPDATE disbursement SET payee = '别人'",
    "UPDATE disbursement SET purpose = '别的'",
    "UPDATE disbursement SET kind = 'transfer_out'",
    "UPDATE disbursement SET fund_id = 'x'",
    "UPDATE disbursement SET status = 'proposed'",  # back from approved
    "UPDATE disbursement SET status = 'posted'",  # paid with no entry
    "UPDATE disbursement SET deleted_at = updated_at",
    "UPDATE disbursement SET close_reason = '改'",  # a closing with no withdrawal
    "DELETE FROM fund_member",
    "UPDATE fund_member SET role = 'chair'",
    "UPDATE fund_member SET name = '别人'",
    "UPDATE balance_assertion SET amount_fen = amount_fen + 1",
    "DELETE FROM balance_assertion",
])
def test_sql_cannot_change_what_was_decided(head: Database, fund_id: str, statement: str) -> None:
    approved(head, fund_id)
    with head.write() as session:
        reconciliation.assert_balance(session, fund_id, "bank", DAY, 1_000_000, "银行对账单", today=DAY)
    with pytest.raises(exc.IntegrityError, match="never|keeps|only"), head.write() as session:
        session.execute(text(statement))


def test_the_workflow_and_sync_still_change_what_they_may(head: Database, fund_id: str) -> None:
    waiting = approved(head, fund_id)
    with head.write() as session:
        session.execute(text("UPDATE disbursement SET hlc = hlc + 1"))  # sync's stamps
        session.execute(text("UPDATE fund_member SET hlc = hlc + 1"))
        member = funds.committee(session, fund_id, DAY)[1]
        funds.end_membership(session, member.id, DAY + timedelta(days=1), today=DAY + timedelta(days=1))
        mismatch = reconciliation.assert_balance(session, fund_id, "bank", DAY, 1, "银行对账单", today=DAY)
        reconciliation.reconcile(session, mismatch.id, "在途款项")
    with pytest.raises(exc.IntegrityError, match="leaving"), head.write() as session:
        session.execute(text("UPDATE fund_member SET left_on = joined_on WHERE id = :id"), {"id": member.id})
    with pytest.raises(exc.IntegrityError, match="reconciled once"), head.write() as session:
        session.execute(text("UPDATE balance_assertion SET reconciled_note = '改'"))
    with head.write() as session:  # the head pays what 李霞 proposed, into the day the statement closed
        assert disbursements.post_disbursement(session, waiting, DAY, today=DAY,
                                               backdate_reason="对账单日的付款").amount_fen == 30_000
        assert disbursements.disbursement(session, waiting).status == "posted"


def test_each_approval_names_the_amount_and_a_changed_amount_is_not_paid(head: Database, fund_id: str) -> None:
    waiting = approved(head, fund_id)
    with head.read() as session:
        view = disbursements.disbursement(session, waiting)
    assert [d.amount_fen for d in view.decisions] == [30_000] * 3
    assert maintenance.check(head).faults == []
    with head.write() as session:  # someone with the file drops the guard and raises the amount
        session.execute(text("DROP TRIGGER disbursement_bound"))
        session.execute(text("UPDATE disbursement SET amount_fen = 800000 WHERE id = :id"), {"id": waiting})
    message = refusal(head, lambda s: disbursements.post_disbursement(s, waiting, DAY, today=DAY)).message
    assert "approval was given for 300.00 yuan, not the 8000.00 yuan to be paid" in message
    faults = maintenance.check(head).faults
    assert any("for 8000.00 yuan" in f and "approvals given for 300.00 yuan" in f for f in faults), faults


def test_an_approval_that_names_no_amount_does_not_pay(head: Database, fund_id: str) -> None:
    waiting = approved(head, fund_id, voters=2)
    with head.write() as session:  # as an older version recorded it
        third = funds.committee(session, fund_id, DAY)[2]
        session.add(DisbursementApproval(disbursement_id=waiting, member_id=third.id, decision=Decision.APPROVE,
                                         decided_on=DAY))
        session.execute(text("UPDATE disbursement SET status = 'approved' WHERE id = :id"), {"id": waiting})
    message = refusal(head, lambda s: disbursements.post_disbursement(s, waiting, DAY, today=DAY)).message
    assert "does not say what amount it approved" in message


def test_nobody_pays_what_they_proposed(head: Database, fund_id: str) -> None:
    waiting = approved(head, fund_id, proposer="wangfang")
    with acting(head, "wangfang"):
        message = refusal(head, lambda s: disbursements.post_disbursement(s, waiting, DAY, today=DAY)).message
    assert "You proposed this disbursement: another account pays it" in message
    with head.write() as session:
        assert disbursements.post_disbursement(session, waiting, DAY, today=DAY).by_name == "周建国"


def test_a_proposal_is_withdrawn_and_an_approved_one_cancelled_with_a_reason(head: Database, fund_id: str) -> None:
    with head.read() as session:
        project = running_projects(session)[0].id
        room = next(r for r in grant_room.grant_rooms(session) if r.project_id == project)
    grant = approved(head, fund_id, voters=0, kind=EntryKind.GRANT, amount_fen=room.left_fen, project_id=project,
                     payee="")
    assert refusal(head, lambda s: disbursements.propose_disbursement(s, fund_id, DisbursementInput(
        EntryKind.GRANT, 100, "尾款", project))).field == "amount"  # the proposal reserves the rest
    with acting(head, "chenjun"):  # neither its proposer nor the head
        assert "Only whoever proposed it" in refusal(head, lambda s: withdraw(s, grant, "重复申请")).message
    with acting(head, "lixia"):
        assert refusal(head, lambda s: withdraw(s, grant, " ")).field == "reason"
        with head.write() as session:
            view = withdraw(session, grant, "重复申请", today=DAY)
    assert (view.status, view.status_label, view.close_reason, view.closed_by, view.closed_on) == (
        "withdrawn", "Withdrawn (已撤回)", "重复申请", "李霞", DAY)
    with head.read() as session:  # the reserved money is free again
        assert next(r for r in grant_room.grant_rooms(session) if r.project_id == project).left_fen == room.left_fen
    assert "Only a disbursement awaiting" in refusal(head, lambda s: withdraw(s, grant, "再撤")).message

    expense = approved(head, fund_id)
    with acting(head, "lixia"):  # its proposer, but approved now: the head's to cancel
        assert "Only the head cancels" in refusal(head, lambda s: withdraw(s, expense, "不需要了")).message
    with acting(head, "zhaolei"), pytest.raises(PermissionDenied), head.write() as session:
        withdraw(session, expense, "不需要了")
    with head.write() as session:
        assert withdraw(session, expense, "活动取消", today=DAY).status == "cancelled"
    assert "this one is “Cancelled (已取消)”" in refusal(
        head, lambda s: disbursements.post_disbursement(s, expense, DAY, today=DAY)).message
    with head.read() as session:
        assert session.scalar(select(DisbursementApproval.amount_fen).where(
            DisbursementApproval.disbursement_id == expense).limit(1)) == 30_000  # decisions stay
