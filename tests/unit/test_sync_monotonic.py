"""A receipt voided on one node while another records its official ticket: the merge never trips the
ledger's trigger (a receipt is only ever voided), a voided receipt stays voided in either order, the
ticket version is kept as a conflict, and taking it back is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.errors import ValidationError
from desktop.services import receipts
from desktop.storage.models import DonationReceipt
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
