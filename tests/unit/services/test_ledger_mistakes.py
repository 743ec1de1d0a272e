"""Mistakes in a fund's records undone through the services: a committee membership ended on the day it began
is withdrawn (the committee of no day counts the member, the reason audited; not one with a decision); a
withdrawn balance is kept but no longer compared and closes no books, and one fund, account and day has one
standing balance; a fund does not open before 2000; ``wushe check`` names two live funds of one name."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from desktop.domain.committee_state import withdraws
from desktop.domain.ids import new_id
from desktop.domain.ledger import Decision
from desktop.services import disbursements, funds, maintenance, reconciliation
from desktop.services.acting import acting_as
from desktop.services.demo_ledger import PAYER
from desktop.services.disbursements import DisbursementInput
from desktop.services.funds import FundInput, MemberInput
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, Community, Fund, Station
from ledger_testing import OPENED, TODAY, donate, fund_input, head, make_fund  # noqa: F401 (fixture)
from wushe_testing import refusal

YESTERDAY = TODAY - timedelta(days=1)


def test_a_membership_ended_on_its_first_day_served_on_no_day() -> None:
    assert withdraws(TODAY, TODAY) and not withdraws(YESTERDAY, TODAY) and not withdraws(TODAY, None)


def test_a_member_entered_by_mistake_is_withdrawn_from_the_committee_of_every_day(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        mistake = funds.add_member(session, fund.id, MemberInput("钱多多", "member", YESTERDAY, ""), today=TODAY)
        assert funds.get(session, fund.id).problems  # six: an even committee decides nothing
    assert refusal(head, lambda s: funds.end_membership(s, mistake.id, YESTERDAY)).field == "reason"
    with head.write() as session:
        ended = funds.end_membership(session, mistake.id, YESTERDAY, reason="  应为候补委员  ")
        assert ended.withdrawn and ended.left_on == YESTERDAY
        for day in (YESTERDAY, TODAY):
            assert "钱多多" not in [m.name for m in funds.committee(session, fund.id, day)]
        assert funds.get(session, fund.id).problems == ()
        assert funds.committee_size(session, fund.id, YESTERDAY) == 5
        detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == funds.WITHDRAWN,
                                                                AuditEntry.row_id == mistake.id))
    assert detail is not None and json.loads(detail)["reason"] == "应为候补委员"


def test_a_member_who_recorded_a_decision_is_not_withdrawn(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session, opened_on=TODAY - timedelta(days=10))
        donate(session, fund.id, 100_000, TODAY - timedelta(days=5))
        leaving = next(m for m in funds.committee(session, fund.id) if m.name == "何明德")
        funds.end_membership(session, leaving.id, TODAY)
        member = funds.add_member(session, fund.id, MemberInput("钱多多", "member", TODAY, ""))  # five again
        proposal = disbursements.propose_disbursement(session, fund.id, DisbursementInput(
            "expense", 10_000, "活动物资", payee="青山超市"))
        with acting_as(session, PAYER):  # the committee's clerk, not the head who proposed it
            disbursements.approve_disbursement(session, proposal.id, member.id, Decision.APPROVE)
    found = refusal(head, lambda s: funds.end_membership(s, member.id, TODAY, reason="误录"))
    assert (found.field, found.message) == ("left_on", f"钱多多 recorded a decision on {TODAY}: they leave after it.")


def test_a_withdrawn_balance_is_kept_but_no_longer_compared_and_closes_no_books(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 50_000, YESTERDAY)
        agrees = reconciliation.assert_balance(session, fund.id, "bank", YESTERDAY, 50_000, "银行对账单")
        assert reconciliation.closed_through(session, fund.id) == YESTERDAY
    found = refusal(head, lambda s: reconciliation.assert_balance(s, fund.id, "bank", YESTERDAY, 5_000, "银行对账单"))
    assert found.field == "replace" and f"(No. {agrees.number})" in found.message
    assert refusal(head, lambda s: reconciliation.assert_balance(
        s, fund.id, "cash", YESTERDAY, 0, "库存现金盘点", replace_reason="无")).field == "replace"  # nothing to replace
    with head.write() as session:
        withdrawn = reconciliation.withdraw(session, agrees.id, "对账单日期看错")
        assert withdrawn.state == "withdrawn" and not withdrawn.reconciled
        assert reconciliation.closed_through(session, fund.id) is None  # the books it closed are open again
        assert reconciliation.reconciliation(session, fund.id) == []
        assert [r.id for r in reconciliation.reconciliation(session, fund.id, withdrawn=True)] == [agrees.id]
        assert reconciliation.standing_on(session, fund.id, "bank", YESTERDAY) is None
        again = reconciliation.assert_balance(session, fund.id, "bank", YESTERDAY, 49_000, "银行对账单")  # none stands
        assert again.state == "differs"
        fixed = reconciliation.assert_balance(session, fund.id, "bank", YESTERDAY, 50_000, "银行对账单",
                                              replace_reason="手误")
        listed = {r.id: r for r in reconciliation.reconciliation(session, fund.id, withdrawn=True)}
    assert listed[again.id].withdrawal is not None and listed[again.id].withdrawal.replaced_by == fixed.number
    assert reconciliation.state_text(listed[again.id], str) == f"Replaced by No. {fixed.number}: 手误"
    assert reconciliation.state_note(listed[agrees.id]) == f"Withdrawn by 周建国 on {TODAY.isoformat()}."
    assert listed[fixed.id].reconciled


def test_a_fund_opens_between_2000_and_today(head: Database) -> None:
    def opened(day: date) -> str:
        return refusal(head, lambda s: funds.add(s, fund_input(s, opened_on=day))).message

    assert opened(date(1999, 12, 31)) == "A fund opens on 2000-01-01 or later: check the year."
    assert opened(TODAY + timedelta(days=1)) == "The date is in the future."
    with head.write() as session:
        assert funds.add(session, fund_input(session, opened_on=date(2000, 1, 1))).opened_on == date(2000, 1, 1)


def test_check_names_two_live_funds_of_one_name(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        first = session.get(Fund, fund.id)
        assert first is not None
        # As a bundle from another node stores it: the services refuse a second name here.
        twin = Fund(name=fund.name, community_id=first.community_id, host_charity="清河县慈善会", opened_on=OPENED,
                    receipt_prefix="河滨二")
        session.add(twin)
        session.flush()
        twin_id = twin.id
    faults = maintenance.check(head).faults
    assert [f for f in faults if "live funds are named" in f] == [
        f"2 live funds are named {fund.name}: {fund.community} (id {min(fund.id, twin_id)}), {fund.community} (id "
        f"{max(fund.id, twin_id)}); rename all but one."]
    with head.write() as session:
        funds.update(session, twin_id, FundInput("清河县慈善会河滨社区慈善基金（二）", fund.community_id, "清河县慈善会",
                                                 OPENED, receipt_prefix="河滨二"))
    assert not [f for f in maintenance.check(head).faults if "live funds are named" in f]


def test_funds_of_two_stations_may_share_a_name(head: Database) -> None:
    """A county holds every station's funds and may rename none of them: only one station's twins are a fault."""
    with head.write() as session:
        fund = make_fund(session)
        other = Station(id=new_id(), name="白沙镇社工站", kind="station", division_code="500110109000")
        session.add(other)
        session.flush()
        elsewhere = Community(name="白沙村", station_id=other.id, setting="village", division_code="500110109001",
                              notes="", name_sort="bai sha cun")
        session.add(elsewhere)
        session.flush()
        session.add(Fund(name=fund.name, community_id=elsewhere.id, host_charity="清河县慈善会", opened_on=OPENED,
                         receipt_prefix="白沙"))
    assert not [f for f in maintenance.check(head).faults if "live funds are named" in f]
