"""A receipt voided on one node while another records its official ticket: the merge never trips the
ledger's trigger (a receipt is only ever voided), a voided receipt stays voided in either order, the
ticket version is kept as a conflict, and taking it back is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.errors import ValidationError
from desktop.domain.ledger import Decision
from desktop.domain.permissions import Role
from desktop.services import accounts, disbursements, funds, receipts
from desktop.services.accounts import AccountInput
from desktop.services.acting import acting_as
from desktop.services.demo_ledger import PAYER
from desktop.services.disbursements import DisbursementInput
from desktop.storage.models import Disbursement, DonationReceipt
from desktop.sync import conflicts
from ledger_testing import donate, make_fund
from sync_testing import Node, a, add_community, b, send  # noqa: F401 (fixtures)

DAY = date.today() - timedelta(days=1)


def issued_everywhere(a: Node, b: Node) -> str:
    add_community(a, "河滨社区")
    with a.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        receipt = receipts.issue(session, donate(session, fund.id, 50_000, DAY).id, today=DAY).id
    send(a, b)
    send(b, a)
    return receipt


def void(node: Node, receipt_id: str) -> None:
    with node.db.write() as session:
        receipts.void(session, receipt_id, "金额写错", today=DAY)


def ticket(node: Node, receipt_id: str) -> None:
    with node.db.write() as session:
        receipts.record_official_ticket(session, receipt_id, "36010125", "0000123")


def receipt(node: Node, receipt_id: str) -> tuple[str, str, str]:
    with node.db.read() as session:
        row = session.get(DonationReceipt, receipt_id)
        assert row is not None
        return row.status, row.void_reason, row.official_ticket_number


@pytest.mark.parametrize("void_first", [True, False], ids=["void-earlier", "ticket-earlier"])
@pytest.mark.parametrize("void_node_sends_first", [True, False], ids=["voider-sends-first", "ticketer-sends-first"])
def test_a_voided_receipt_stays_voided_whatever_the_order(a: Node, b: Node, void_first: bool,
                                                          void_node_sends_first: bool) -> None:
    receipt_id = issued_everywhere(a, b)
    for edit in ((lambda: void(a, receipt_id)), (lambda: ticket(b, receipt_id)))[::1 if void_first else -1]:
        edit()
    order = [(a, b), (b, a)] if void_node_sends_first else [(b, a), (a, b)]
    for source, target in order * 2:
        send(source, target)  # never refused by the receipt trigger
    assert receipt(a, receipt_id) == receipt(b, receipt_id) == ("voided", "金额写错", "")
    assert a.dump() == b.dump()
    with a.db.read() as session:
        found = conflicts.list_conflicts(session)
    assert len(found) == 1
    assert {d.field: d.other for d in found[0].differences}["official_ticket_number"] == "0000123"
    with a.db.write() as session, pytest.raises(ValidationError, match="voided receipt stays voided"):
        conflicts.resolve(session, found[0].id, conflicts.TAKE_OTHER)
    with b.db.write() as session:
        conflicts.resolve(session, found[0].id, conflicts.KEEP)


def test_two_voids_keep_their_own_reason_and_each_node_is_told(a: Node, b: Node) -> None:
    receipt_id = issued_everywhere(a, b)
    void(a, receipt_id)
    with b.db.write() as session:
        receipts.void(session, receipt_id, "捐赠人退回", today=DAY)
    for source, target in [(a, b), (b, a)] * 2:
        send(source, target)
    assert receipt(a, receipt_id)[:2] == ("voided", "金额写错")
    assert receipt(b, receipt_id)[:2] == ("voided", "捐赠人退回")
    for node in (a, b):
        with node.db.read() as session:
            assert {c.row_id for c in conflicts.list_conflicts(session)} == {receipt_id}
            assert len(conflicts.list_conflicts(session)) == 2


def test_a_disbursement_seen_proposed_arrives_paid_and_branches_stay_apart(a: Node, b: Node) -> None:
    """A bundle brings a disbursement's latest version: a node that saw it proposed takes it paid (0022's
    trigger allows the jump), never a step back, and two branches (approved here, rejected there) each
    stay where they are."""
    add_community(a, "河滨社区")
    with a.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        donate(session, fund.id, 500_000, DAY)
        spend = DisbursementInput("expense", 10_000, "购买活动物资", payee="青山超市")
        paid, branched = (disbursements.propose_disbursement(session, fund.id, spend, today=DAY).id for _ in range(2))
    send(a, b)
    with a.db.write() as session:
        members = funds.committee(session, fund.id, DAY)
        for member in members[:3]:
            for disbursement_id in (paid, branched):
                disbursements.approve_disbursement(session, disbursement_id, member.id, Decision.APPROVE, today=DAY)
        accounts.add_user(session, AccountInput(PAYER, "王芳", Role.FINANCE, "Qingshan-2026", "18716520938"),
                          temporary_password=False)
        with acting_as(session, PAYER):  # the finance officer pays, not the proposer
            disbursements.post_disbursement(session, paid, DAY, "", today=DAY)
    with b.db.write() as session:
        for member in funds.committee(session, fund.id, DAY)[-3:]:
            disbursements.approve_disbursement(session, branched, member.id, Decision.REJECT, today=DAY)
    for source, target in [(a, b), (b, a)] * 2:
        send(source, target)  # never refused by the disbursement trigger
    status = []
    for node in (a, b):
        with node.db.read() as session:
            status.append({i: session.get(Disbursement, i).status for i in (paid, branched)})  # type: ignore[union-attr]
    assert status[0][paid] == status[1][paid] == "posted"
    assert (status[0][branched], status[1][branched]) == ("approved", "rejected")
