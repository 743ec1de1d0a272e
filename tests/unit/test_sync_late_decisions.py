"""Issue 7 across two nodes by bundle files: node A ends a committee member's membership while node B, not
knowing, records that member's approvals and pays one disbursement on them. Each import's report names the
decisions it made late, the unpaid disbursement is no longer payable on either node, the paid one stays paid,
and ``wushe check`` says so on both."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.domain.ledger import Decision
from desktop.domain.permissions import Role
from desktop.errors import ValidationError
from desktop.services import accounts, disbursements, funds, maintenance
from desktop.services.accounts import AccountInput
from desktop.services.acting import acting_as
from desktop.services.demo_ledger import PAYER
from desktop.services.disbursements import DisbursementInput
from desktop.services.funds import MemberInput
from desktop.storage.models import Disbursement
from desktop.sync.exchange import ImportResult
from desktop.sync.import_text import imported_lines
from ledger_testing import donate, make_fund
from sync_testing import Node, a, add_community, b, carry, exchanged, pair_by_keys  # noqa: F401 (fixtures)

TODAY = date.today()
DAY = TODAY - timedelta(days=1)
FUND = "清河县慈善会河滨社区慈善基金"
SPEND = DisbursementInput("expense", 10_000, "购买活动物资", payee="青山超市")


def bundle(source: Node, target: Node, folder: Path) -> ImportResult:
    """``source``'s bundle imported at ``target``, acknowledged back."""
    return exchanged(source, target, folder)[1]


def late_lines(done: ImportResult) -> list[str]:
    return [line for line in imported_lines(done) if "何明德" in line]


def test_a_vote_recorded_on_one_node_after_the_member_left_on_another(a: Node, b: Node, tmp_path: Path) -> None:
    pair_by_keys(a, b)
    for node in (a, b):  # accounts stay on their node
        with node.db.write() as session:
            accounts.add_user(session, AccountInput(PAYER, "王芳", Role.FINANCE, "Qingshan-2026", "18716520938"),
                              temporary_password=False)
    add_community(a, "河滨社区")
    with a.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        donate(session, fund.id, 500_000, DAY)
        unpaid, paid = (disbursements.propose_disbursement(session, fund.id, SPEND, today=DAY).id for _ in range(2))
        member = funds.committee(session, fund.id, DAY)[1]
    carry(a, b, tmp_path)

    with a.db.write() as session:  # 何明德 withdraws from DAY on; 赵立群 takes the seat
        funds.end_membership(session, member.id, DAY)
        funds.add_member(session, fund.id, MemberInput("赵立群", "member", DAY))
    with b.db.write() as session:  # meanwhile B records his approvals with two others', and pays one
        for voter in funds.committee(session, fund.id, DAY)[:3]:
            for disbursement_id in (unpaid, paid):
                disbursements.approve_disbursement(session, disbursement_id, voter.id, Decision.APPROVE, today=DAY)
        with acting_as(session, PAYER):
            disbursements.post_disbursement(session, paid, DAY, "", today=DAY)

    said = f"{FUND}, disbursement No. {{number}} (100.00 yuan): 何明德's decision “Approve (同意)” of {DAY} was " \
           f"recorded after their membership ended on {DAY}."
    expected = [said.format(number=1) + " The decision does not count toward the committee's approval.",
                said.format(number=2) + " It was paid already by entry No. 2; the payment stands."]
    at_a = bundle(b, a, tmp_path)  # A gets the votes
    assert [(f.member, f.decided_on, f.left_on) for f in at_a.late] == [("何明德", DAY, DAY)] * 2
    assert late_lines(at_a) == expected
    at_b = bundle(a, b, tmp_path)  # B gets the end of the membership
    assert late_lines(at_b) == expected
    assert late_lines(bundle(b, a, tmp_path)) == []  # said once: a later bundle brings nothing new late

    for node in (a, b):
        with node.db.read() as session:
            assert session.get(Disbursement, paid).status == "posted"  # type: ignore[union-attr]  # stands
        with pytest.raises(ValidationError, match="The decisions of 何明德, recorded after they left the committee, "
                                                  "do not count"):
            with node.db.write() as session, acting_as(session, PAYER):
                disbursements.post_disbursement(session, unpaid, TODAY, "")
        faults = maintenance.check(node.db).faults
        assert set(expected) <= set(faults)
        assert f"Entry 2 of {FUND} paid a disbursement 2 of the committee approved; 3 were needed." in faults
    assert a.dump() == b.dump()
