"""A committee member's decision recorded on or after the day their membership ended (issue 7) does not count
toward approving a payment not made yet; a payment made on it stands, and ``wushe check`` says so. One node
never records such a decision, so the member's end here is written as a bundle from another node brings it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.ledger import Decision
from desktop.domain.permissions import Role
from desktop.errors import ValidationError
from desktop.services import accounts, disbursements, funds, maintenance
from desktop.services.accounts import AccountInput
from desktop.services.acting import acting_as
from desktop.services.demo_ledger import PAYER
from desktop.services.disbursements import DisbursementInput
from desktop.services.funds import MemberInput
from desktop.services.late_decisions import late_decisions
from desktop.storage.models import Disbursement, FundMember
from ledger_testing import donate, make_fund
from sync_testing import Node, a, add_community  # noqa: F401 (fixtures)

TODAY = date.today()
DAY = TODAY - timedelta(days=1)
SPEND = DisbursementInput("expense", 10_000, "购买活动物资", payee="青山超市")


def approved_twice(node: Node) -> tuple[str, str, str]:
    """A fund whose committee's first three members approve two disbursements on DAY, the second paid:
    the two disbursements and the second member, who approved both."""
    add_community(node, "河滨社区")
    with node.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        donate(session, fund.id, 500_000, DAY)
        unpaid, paid = (disbursements.propose_disbursement(session, fund.id, SPEND, today=DAY).id for _ in range(2))
        members = funds.committee(session, fund.id, DAY)
        for member in members[:3]:
            for disbursement_id in (unpaid, paid):
                disbursements.approve_disbursement(session, disbursement_id, member.id, Decision.APPROVE, today=DAY)
        accounts.add_user(session, AccountInput(PAYER, "王芳", Role.FINANCE, "Qingshan-2026", "18716520938"),
                          temporary_password=False)
        with acting_as(session, PAYER):
            disbursements.post_disbursement(session, paid, DAY, "", today=DAY)
    return unpaid, paid, members[1].id


def leaves(node: Node, member_id: str, left_on: date) -> None:
    """The member's end as another node's bundle brings it, with the member who took the seat that day."""
    with node.db.write() as session:
        row = session.get(FundMember, member_id)
        assert row is not None
        row.left_on = left_on  # both rows as the bundle writes them: here the services refuse a back-dated seat
        session.add(FundMember(fund_id=row.fund_id, name="赵立群", role="member", affiliation="", unpaid=True,
                               joined_on=left_on))


def pay(node: Node, disbursement_id: str) -> None:
    with node.db.write() as session, acting_as(session, PAYER):
        disbursements.post_disbursement(session, disbursement_id, TODAY, "")


def test_a_decision_after_the_member_left_does_not_count_toward_a_payment_not_made(a: Node) -> None:
    unpaid, paid, member = approved_twice(a)
    leaves(a, member, DAY)  # they no longer served on the day they approved
    with pytest.raises(ValidationError) as refused:
        pay(a, unpaid)
    assert refused.value.message == (
        "The committee's decisions do not approve this disbursement: 2 approved, and a committee of 5 needs 3. The "
        "decisions of 何明德, recorded after they left the committee, do not count: the head cancels this "
        "disbursement and the committee decides on a new proposal.")
    with a.db.read() as session:
        assert session.get(Disbursement, unpaid).status == "approved"  # type: ignore[union-attr]
        assert session.get(Disbursement, paid).status == "posted"  # type: ignore[union-attr]  # not undone
        found = late_decisions(session)
        shown = disbursements.disbursement(session, unpaid)
    assert shown.tally == (2, 0)  # as the 拨付 tab and `wushe ledger disbursements` count
    assert len(shown.decisions) == 3 and [d.member_name for d in shown.decisions if not d.counted] == ["何明德"]
    assert [(f.disbursement_id, f.member, f.decided_on, f.left_on, f.paid_entry is not None) for f in found] == [
        (unpaid, "何明德", DAY, DAY, False), (paid, "何明德", DAY, DAY, True)]
    faults = maintenance.check(a.db).faults
    fund = "清河县慈善会河滨社区慈善基金"
    said = f"{fund}, disbursement No. {{number}} (100.00 yuan): 何明德's decision “Approve (同意)” of {DAY} was " \
           f"recorded after their membership ended on {DAY}."
    assert said.format(number=1) + " The decision does not count toward the committee's approval." in faults
    assert said.format(number=2) + " It was paid already by entry No. 2; the payment stands." in faults
    assert f"Entry 2 of {fund} paid a disbursement 2 of the committee approved; 3 were needed." in faults


def test_a_decision_the_day_before_the_member_left_counts(a: Node) -> None:
    unpaid, _paid, member = approved_twice(a)
    leaves(a, member, TODAY)  # the first day they no longer serve: they served on DAY
    pay(a, unpaid)
    with a.db.read() as session:
        assert session.get(Disbursement, unpaid).status == "posted"  # type: ignore[union-attr]
        assert late_decisions(session) == []
    assert not [fault for fault in maintenance.check(a.db).faults if "何明德" in fault]


def test_no_decided_day_s_committee_is_changed_by_a_back_dated_seat(a: Node) -> None:
    """Back-dating a member in or out would recount the committee of a day it decided on (issue 7, T7c #1)."""
    approved_twice(a)
    with a.db.write() as session:
        fund_id = session.scalar(select(FundMember.fund_id))
        silent = funds.committee(session, fund_id, DAY)[4]  # served on DAY without deciding
        for day in (DAY - timedelta(days=30), DAY):
            with pytest.raises(ValidationError) as joined:
                funds.add_member(session, fund_id, MemberInput("赵立群", "member", day))
            assert joined.value.message == f"The committee decided on {DAY} without 赵立群: they join after it."
            with pytest.raises(ValidationError) as left:
                funds.end_membership(session, silent.id, day, reason="误录")
            assert left.value.field == "left_on" and str(DAY) in left.value.message
        funds.add_member(session, fund_id, MemberInput("赵立群", "member", TODAY))
        assert funds.end_membership(session, silent.id, TODAY).left_on == TODAY
