"""A disbursement's number (拨付 tab, ``wushe ledger disbursements``, and what ``decide|pay|withdraw NO`` take)
is its place in the fund by creation order (``disbursements.numbered``, over UUIDv7 ids). One written
earlier on another node and arriving later by sync takes a place before those already numbered here, so
their numbers move up by one after they were shown, noted or typed. Known and not fixed without a
migration: a stored number column, assigned like a receipt's serial and merged as MONOTONIC, would keep
them put (reported for issue 7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.services import disbursements
from desktop.services.disbursements import DisbursementInput
from ledger_testing import donate, make_fund
from sync_testing import Node, a, add_community, b, send  # noqa: F401 (fixtures)

DAY = date.today() - timedelta(days=1)
SPEND = DisbursementInput("expense", 10_000, "购买活动物资", payee="青山超市")


@pytest.mark.xfail(strict=True, reason="numbers are creation order at display time; a stored number needs a "
                                       "migration (issue 7)")
def test_a_disbursement_keeps_its_number_when_an_earlier_one_arrives_from_another_node(a: Node, b: Node) -> None:
    add_community(a, "河滨社区")
    with a.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        donate(session, fund.id, 500_000, DAY)
    send(a, b)
    with b.db.write() as session:  # written first, at the village room, not yet brought to the station
        disbursements.propose_disbursement(session, fund.id, SPEND, today=DAY)
    with a.db.write() as session:
        here = disbursements.propose_disbursement(session, fund.id, SPEND, today=DAY).id
    with a.db.read() as session:
        shown = disbursements.numbered(session, fund.id)[here]
    assert shown == 1  # what the station's screen and `wushe ledger disbursements` said
    send(b, a)
    with a.db.read() as session:
        assert disbursements.numbered(session, fund.id)[here] == shown
