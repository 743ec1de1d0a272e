"""Funds and their management committees: the FORMS.md rules shown while the committee forms and
enforced before it decides, members joining and leaving, and who may manage funds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop.errors import NotFoundError
from desktop.services import funds, records
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.funds import MemberInput
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import Fund, UserAccount
from ledger_testing import COMMITTEE, OPENED, TODAY, donate, fund_input, head, make_fund  # noqa: F401 (fixture)
from project_testing import acting
from wushe_testing import refusal


def test_a_new_fund_lists_what_its_committee_lacks_until_it_meets_every_rule(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session, committee=())
        assert (fund.name, fund.community, fund.host_charity, fund.status) == (
            "清河县慈善会河滨社区慈善基金", "河滨社区", "清河县慈善会", "active")
        assert len(fund.problems) == 3  # fewer than five, an even number (none), no supervisor
        for name, role in COMMITTEE[:4]:
            funds.add_member(session, fund.id, MemberInput(name, role, OPENED))
        fund = funds.get(session, fund.id)
        assert [p.split(";")[0] for p in fund.problems] == [
            "A management committee has at least 5 members", "A management committee has an odd number of members",
            "A management committee needs at least one supervisor (监督)."]
        funds.add_member(session, fund.id, MemberInput(*COMMITTEE[4], OPENED, "社区居务监督委员会"))
        fund = funds.get(session, fund.id)
    assert fund.problems == ()
    assert [m.role for m in fund.committee] == ["chair", "member", "member", "member", "supervisor"]
    assert fund.approvals_needed == 3


def test_the_approval_rule_is_a_fund_setting(head: Database) -> None:
    with head.write() as session:
        assert make_fund(session, approval_rule="two_thirds").approvals_needed == 4
        assert make_fund(session, name="另一个基金", approval_rule="all").approvals_needed == 5
    assert refusal(head, lambda s: make_fund(s, approval_rule="chair")).field == "approval_rule"


@pytest.mark.parametrize(("member", "field"), [
    (MemberInput("赵大海", "member", OPENED, unpaid=False), "unpaid"),
    (MemberInput("赵大海", "chair", OPENED), "role"),  # a second chair
    (MemberInput("何明德", "member", OPENED), "name"),  # serving already
    (MemberInput("赵大海", "treasurer", OPENED), "role"),
    (MemberInput("赵大海", "member", TODAY + timedelta(days=1)), "joined_on"),
    (MemberInput("赵大海", "member", OPENED, user_id="no-such-account"), "user_id"),
])
def test_a_member_who_breaks_a_rule_is_refused(head: Database, member: MemberInput, field: str) -> None:
    with head.write() as session:
        fund = make_fund(session)
    assert refusal(head, lambda s: funds.add_member(s, fund.id, member)).field == field


def test_a_member_who_leaves_no_longer_serves_and_the_committee_shows_it(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        supervisor = fund.committee[-1]
        left = funds.end_membership(session, supervisor.id, TODAY - timedelta(days=10))
        assert left.left_on == TODAY - timedelta(days=10)
        assert len(funds.committee(session, fund.id, TODAY - timedelta(days=11))) == 5  # served until then
        fund = funds.get(session, fund.id)
    assert len(fund.committee) == 4
    assert any("supervisor" in p for p in fund.problems) and any("odd number" in p for p in fund.problems)
    assert refusal(head, lambda s: funds.end_membership(s, supervisor.id, TODAY)).field == "member_id"
    # Someone may serve again after leaving.
    with head.write() as session:
        funds.add_member(session, fund.id, MemberInput(supervisor.name, "supervisor", TODAY))
        assert funds.get(session, fund.id).problems == ()


def test_a_member_with_an_account_is_linked_to_it(head: Database) -> None:
    with head.write() as session:
        chenjun = session.scalar(select(UserAccount.id).where(UserAccount.username == "chenjun"))
        fund = make_fund(session, committee=())
        member = funds.add_member(session, fund.id, MemberInput("陈俊", "member", OPENED, user_id=chenjun))
    assert member.user_id == chenjun and member.unpaid


def test_update_changes_the_particulars_but_not_to_open_after_the_first_entry(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 10_000, OPENED + timedelta(days=5))
        changed = funds.update(session, fund.id, fund_input(session, purpose="助学", receipt_prefix="河滨基金收"))
    assert (changed.purpose, changed.receipt_prefix) == ("助学", "河滨基金收")
    later = OPENED + timedelta(days=6)
    assert refusal(head, lambda s: funds.update(s, fund.id, fund_input(s, opened_on=later))).field == "opened_on"
    with head.write() as session:
        assert funds.update(session, fund.id, fund_input(session, status="closed")).status_label == "Closed (已终止)"


def test_the_list_puts_active_funds_first(head: Database) -> None:
    with head.write() as session:
        make_fund(session, name="A 已终止基金", status="closed")
        make_fund(session, name="B 基金")
        names = [f.name for f in funds.list_all(session)]
    assert names == ["B 基金", DEMO_FUND, "A 已终止基金"]


def test_only_the_head_manages_funds_and_a_deleted_fund_is_not_found(head: Database) -> None:
    with acting(head, "wangfang"), pytest.raises(PermissionDenied), head.write() as session:
        make_fund(session)
    with head.write() as session:
        fund = make_fund(session)
        row = session.get(Fund, fund.id)
        assert row is not None
        records.tombstone(session, row)
    with pytest.raises(NotFoundError), head.read() as session:
        funds.get(session, fund.id)
