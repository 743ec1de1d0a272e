"""Rules a fresh-clone trial found missing in the ledger: a reconciliation explains one difference; the
account that proposed a disbursement does not record the committee's decisions; the books a confirmed
bank balance closed take a back-dated entry only with a reason; a refunded donation's receipt says so; one
official ticket goes with one receipt; and a committee that breaks the FORMS.md rules gets no proposals."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop.domain.ledger import Decision, EntryKind
from desktop.services import disbursements, funds, ledger, reconciliation, receipts
from desktop.services.disbursements import DisbursementInput
from desktop.services.guard import PermissionDenied
from desktop.services.ledger import PostingInput
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry
from ledger_testing import COMMITTEE, OPENED, TODAY, donate, head, make_fund, pay  # noqa: F401 (fixture)
from project_testing import acting
from wushe_testing import refusal

DAY = OPENED + timedelta(days=10)
WHY = "银行补记的捐赠"


def test_a_reconciliation_explains_one_difference_and_differs_again_when_it_changes(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 12_345, DAY)
        statement = reconciliation.assert_balance(session, fund.id, "bank", DAY, 20_000, "银行对账单")
        explained = reconciliation.reconcile(session, statement.id, "银行未达账项")
    assert (explained.difference_fen, explained.explained_fen, explained.reconciled) == (7_655, 7_655, True)
    with head.write() as session:  # 50,000 posted for that day: the difference is no longer the one explained
        donate(session, fund.id, 5_000_000, DAY, backdate_reason=WHY)
        [now] = reconciliation.reconciliation(session, fund.id)
    assert (now.difference_fen, now.explained_fen, now.explained, now.reconciled) == (-4_992_345, 7_655, False, False)
    with head.write() as session:  # the new difference is explained in its turn; the audit log keeps both
        again = reconciliation.reconcile(session, statement.id, "大额捐赠银行尚未入账")
        kept = [json.loads(detail)["difference_fen"] for detail in session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == reconciliation.RECONCILED,
                                            AuditEntry.row_id == statement.id).order_by(AuditEntry.seq))]
    assert (again.reconciled, again.explanation, kept) == (True, "大额捐赠银行尚未入账", [7_655, -4_992_345])
    assert "reconciled already" in refusal(head, lambda s: reconciliation.reconcile(s, statement.id, "再")).message


def test_the_proposer_does_not_record_the_committees_decisions(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
    with acting(head, "lixia"), head.write() as session:  # a social worker proposes
        waiting = disbursements.propose_disbursement(session, fund.id, DisbursementInput(
            EntryKind.EXPENSE, 100, "慰问品", payee="青山超市")).id
        members = [m.id for m in funds.committee(session, fund.id)]
    with acting(head, "lixia"), pytest.raises(PermissionDenied), head.write() as session:  # not the clerk
        disbursements.approve_disbursement(session, waiting, members[0], Decision.APPROVE)
    with acting(head, "wangfang"), head.write() as session:  # the finance officer records them as its clerk
        view = disbursements.approve_disbursement(session, waiting, members[0], Decision.APPROVE)
    assert [(d.member_name, d.by_name) for d in view.decisions] == [(COMMITTEE[0][0], "王芳")]
    with head.write() as session:  # the head proposes: another account records the decisions
        mine = disbursements.propose_disbursement(session, fund.id, DisbursementInput(
            EntryKind.EXPENSE, 100, "慰问品", payee="青山超市")).id
    found = refusal(head, lambda s: disbursements.approve_disbursement(s, mine, members[0], Decision.APPROVE))
    assert found.field == "member_id" and "You proposed this disbursement" in found.message


def test_an_entry_dated_into_books_a_confirmed_balance_closed_needs_a_reason(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 100_000, DAY)
        reconciliation.assert_balance(session, fund.id, "bank", DAY + timedelta(days=30), 100_000, "银行对账单")
        donate(session, fund.id, 500, DAY + timedelta(days=31))  # after the statement: open
    for day in (DAY, DAY + timedelta(days=30)):
        found = refusal(head, lambda s, d=day: ledger.post(s, fund.id, PostingInput(
            "donation_money", 666, d, counterparty="周德明")))
        assert found.field == "backdate_reason" and (DAY + timedelta(days=30)).isoformat() in found.message
    assert refusal(head, lambda s: ledger.post(s, fund.id, PostingInput(
        "donation_money", 666, TODAY + timedelta(days=1), counterparty="周德明"))).field == "posted_on"  # the future
    with head.write() as session:
        entry = donate(session, fund.id, 666, DAY, backdate_reason="  漏记的义卖款 ")
        detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == ledger.BACKDATED,
                                                                AuditEntry.row_id == entry.id))
        [statement] = reconciliation.reconciliation(session, fund.id)
    assert json.loads(detail or "{}") == {"reason": "漏记的义卖款", "closed_through": (DAY + timedelta(days=30)).isoformat()}
    assert not statement.reconciled  # the reason lets it in; the statement differs now, as it should
    # A differing statement closes the books as well (issue 7 #3): reversing into them needs a reason too.
    assert refusal(head, lambda s: ledger.reverse(s, entry.id, "重复记账", on=DAY + timedelta(days=1))).field == \
        "backdate_reason"
    with head.write() as session:
        reversal = ledger.reverse(session, entry.id, "重复记账", on=DAY + timedelta(days=1), backdate_reason="冲销重复记账")
    assert reversal.posted_on == DAY + timedelta(days=1)
    # Paying into them is refused the same way.
    found = refusal(head, lambda s: pay(s, fund.id, DisbursementInput(EntryKind.EXPENSE, 100, "慰问品", payee="青山超市"),
                                       DAY + timedelta(days=2)))
    assert found.field == "backdate_reason"


def test_a_refunded_donations_receipt_says_how_much_went_back(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donation = donate(session, fund.id, 1_005, DAY)
        receipt = receipts.issue(session, donation.id)
        pay(session, fund.id, DisbursementInput(EntryKind.REFUND, 600, "退还捐赠", refund_of_id=donation.id), DAY)
        part = receipts.get(session, receipt.id)
        pay(session, fund.id, DisbursementInput(EntryKind.REFUND, 405, "退还捐赠", refund_of_id=donation.id), DAY)
        [whole] = receipts.receipts(session, fund.id)
    assert (part.refunded_fen, part.status_label) == (600, "Issued (已开具), 6.00 yuan refunded (已退款)")
    assert (whole.refunded_fen, whole.status_label) == (1_005, "Issued (已开具), fully refunded (已全额退款)")
    assert receipt.status_label == "Issued (已开具)"


def test_one_official_ticket_goes_with_one_receipt(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        first = receipts.issue(session, donate(session, fund.id, 1_005, DAY).id)
        second = receipts.issue(session, donate(session, fund.id, 2_000, DAY, counterparty="王小明").id)
        receipts.record_official_ticket(session, first.id, "50101", "0001235")
    found = refusal(head, lambda s: receipts.record_official_ticket(s, second.id, "50101", "0001235"))
    assert found.field == "official_ticket_number" and first.number in found.message
    for typed in (("５０１０１", "０００１２３５"), ("501 01", " 0001-235")):  # full width, spaces: the same ticket
        again = refusal(head, lambda s, typed=typed: receipts.record_official_ticket(s, second.id, *typed))
        assert "one ticket goes with one receipt" in again.message
    same = refusal(head, lambda s: receipts.record_official_ticket(s, first.id, "50101", "0001235", "改正"))
    assert "nothing to correct" in same.message
    with head.write() as session:  # once the first receipt is void, its ticket may go with another
        receipts.void(session, first.id, "开错")
        moved = receipts.record_official_ticket(session, second.id, "50101", "0001235")
    assert (moved.official_ticket_code, moved.official_ticket_number) == ("50101", "0001235")


@pytest.mark.parametrize(("committee", "lacks"), [
    (COMMITTEE[:4], "at least 5 members"),
    (COMMITTEE[:4] + (("冉晓梅", "member"),), "supervisor"),
    (COMMITTEE + (("冉晓梅", "member"),), "odd number"),
])
def test_a_committee_that_breaks_the_rules_gets_no_proposals(head: Database, committee: tuple[tuple[str, str], ...],
                                                            lacks: str) -> None:
    with head.write() as session:
        fund = make_fund(session, committee)
    found = refusal(head, lambda s: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
        EntryKind.EXPENSE, 100, "慰问品", payee="青山超市")))
    assert found.field == "committee" and lacks in found.message


def test_the_supervisor_votes_as_a_member_of_the_committee(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 1_000, DAY)
        waiting = disbursements.propose_disbursement(session, fund.id, DisbursementInput(
            EntryKind.EXPENSE, 100, "慰问品", payee="青山超市")).id
        supervisor = next(m for m in funds.committee(session, fund.id) if m.role == "supervisor")
    with acting(head, "wangfang"), head.write() as session:
        view = disbursements.approve_disbursement(session, waiting, supervisor.id, Decision.APPROVE)
    assert [d.member_name for d in view.decisions] == ["陈淑华"]
