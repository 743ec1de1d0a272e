"""A disbursement is judged by the committee serving the day it was decided, not today's nor the payment
day's: members who join later raise the bar for what is still open, never for what was decided
(``disbursements._check_approved``, ``DisbursementView.approvals_needed``, ``wushe check``). A member's
leaving day cannot fall on or before a decision they recorded, and two live funds cannot share a name."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from desktop.domain.ledger import EntryKind
from desktop.services import disbursements, funds, maintenance
from desktop.services.acting import acting_as
from desktop.services.disbursements import DisbursementInput
from desktop.services.funds import MemberInput
from desktop.storage.database import Database
from ledger_testing import OPENED, decide, donate, head, make_fund, pay  # noqa: F401 (fixture)
from wushe_testing import refusal

DAY = OPENED + timedelta(days=10)
JOINED = DAY + timedelta(days=5)  # two members join: the committee of five becomes seven, a majority four
EXPENSE = DisbursementInput(EntryKind.EXPENSE, 30_000, "慰问品", payee="青山超市")


def grow(db: Database, fund_id: str) -> None:
    with db.write() as session:
        for name in ("冉晓梅", "张立新"):
            funds.add_member(session, fund_id, MemberInput(name, "member", JOINED))


def test_members_who_join_later_do_not_make_earlier_decisions_short(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 1_000_000, DAY)
        paid = pay(session, fund.id, EXPENSE, DAY)  # three of five approved, paid that day
        with acting_as(session, "lixia"):  # approved by three of five, paid after the committee grew
            waiting = disbursements.propose_disbursement(session, fund.id, EXPENSE, today=DAY).id
            decide(session, waiting, DAY)
    grow(head, fund.id)
    assert maintenance.check(head).faults == []
    later = JOINED + timedelta(days=1)
    with head.write() as session:
        assert disbursements.post_disbursement(session, waiting, later, today=later).amount_fen == 30_000
        with acting_as(session, "lixia"):
            still_open = disbursements.propose_disbursement(session, fund.id, EXPENSE, today=later).id
        views = disbursements.disbursements(session, fund.id)
    assert maintenance.check(head).faults == []
    # Decided by the five: three needed, paid then or later; awaiting the seven: four.
    needed = {view.id if view.posted_entry_id != paid.id else "paid": view.approvals_needed for view in views}
    assert (needed["paid"], needed[waiting], needed[still_open]) == (3, 3, 4)


def test_a_decision_short_of_its_own_committee_is_still_refused_and_reported(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 1_000_000, DAY)
        with acting_as(session, "lixia"):
            short = disbursements.propose_disbursement(session, fund.id, EXPENSE, today=DAY).id
            decide(session, short, DAY, voters=2)
    grow(head, fund.id)
    with head.write() as session:  # marked approved outside the program on the day two of five approved
        session.execute(text("UPDATE disbursement SET status = 'approved', decided_on = :day WHERE id = :id"),
                        {"day": DAY, "id": short})
    assert "2 approved, and a committee of 5 needs 3" in refusal(
        head, lambda s: disbursements.post_disbursement(s, short, JOINED, today=JOINED)).message


def test_a_member_does_not_leave_before_a_decision_they_recorded(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        with acting_as(session, "lixia"):
            proposal = disbursements.propose_disbursement(session, fund.id, EXPENSE, today=DAY).id
            decide(session, proposal, DAY, voters=1)
        chair = funds.committee(session, fund.id, DAY)[0]
    for left in (DAY - timedelta(days=1), DAY):
        assert refusal(head, lambda s, left=left: funds.end_membership(s, chair.id, left)).message == (
            f"{chair.name} recorded a decision on {DAY.isoformat()}: they leave after it.")
    with head.write() as session:
        assert funds.end_membership(session, chair.id, DAY + timedelta(days=1)).left_on == DAY + timedelta(days=1)


def test_two_live_funds_do_not_share_a_name(head: Database) -> None:
    with head.write() as session:
        first = make_fund(session)
        second = make_fund(session, name="青山第二基金", receipt_prefix="青二收")
    message = "A fund named 清河县慈善会河滨社区慈善基金 exists already; choose another name."
    assert refusal(head, lambda s: make_fund(s, receipt_prefix="河三收")).message == message
    renamed = funds.FundInput(first.name, second.community_id, second.host_charity, second.opened_on, second.purpose,
                              second.approval_rule, second.receipt_prefix)
    assert refusal(head, lambda s: funds.update(s, second.id, renamed)).message == message
    with head.write() as session:  # keeping its own name is no clash
        assert funds.update(session, first.id, funds.FundInput(
            first.name, first.community_id, first.host_charity, first.opened_on, "新用途", first.approval_rule,
            first.receipt_prefix)).purpose == "新用途"
