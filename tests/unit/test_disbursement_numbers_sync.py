"""A disbursement's number (拨付 tab, ``wushe ledger disbursements``, and what ``decide|pay|withdraw NO`` take)
is its own (``disbursement.number``, migration 0024): taken when it is proposed and never changed after, by
sync neither (``sync.registry.Numbered``). It travels with the row, so nodes that take turns show the numbers
the proposing node gave. When two nodes gave one number in one fund between two exchanges, each keeps the
number it showed, the row arriving takes the next one there, and later versions change no number."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop.services import disbursements
from desktop.services.disbursement_withdrawal import withdraw
from desktop.services.disbursements import DisbursementInput
from desktop.storage.models import SyncConflict
from ledger_testing import donate, make_fund
from sync_testing import Node, a, add_community, b, send  # noqa: F401 (fixtures)

DAY = date.today() - timedelta(days=1)
SPEND = DisbursementInput("expense", 10_000, "购买活动物资", payee="青山超市")


def shared_fund(a: Node, b: Node) -> str:
    """A fund with money, made at ``a`` and sent to ``b``."""
    add_community(a, "河滨社区")
    with a.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        donate(session, fund.id, 500_000, DAY)
    send(a, b)
    return fund.id


def propose(node: Node, fund_id: str) -> str:
    with node.db.write() as session:
        return disbursements.propose_disbursement(session, fund_id, SPEND, today=DAY).id


def numbers(node: Node, fund_id: str) -> dict[str, int]:
    with node.db.read() as session:
        return disbursements.numbered(session, fund_id)


def conflicts(node: Node) -> int:
    with node.db.read() as session:
        return session.scalar(select(func.count()).select_from(SyncConflict)) or 0


def test_a_disbursement_keeps_its_number_when_an_earlier_one_arrives_from_another_node(a: Node, b: Node) -> None:
    fund_id = shared_fund(a, b)
    there = propose(b, fund_id)  # written first, at the village room, not yet brought to the station
    here = propose(a, fund_id)
    assert numbers(a, fund_id) == {here: 1}  # what the station's screen and `wushe ledger disbursements` said
    assert numbers(b, fund_id) == {there: 1}
    send(b, a)
    send(a, b)
    # Each keeps what it showed; the arrival takes the next number there.
    assert numbers(a, fund_id) == {here: 1, there: 2}
    assert numbers(b, fund_id) == {there: 1, here: 2}
    with b.db.write() as session:  # a later version of each, from the other node
        withdraw(session, here, "重复申请", today=DAY)
    with a.db.write() as session:
        withdraw(session, there, "重复申请", today=DAY)
    for source, target in [(a, b), (b, a)] * 2:
        send(source, target)
    assert numbers(a, fund_id) == {here: 1, there: 2}
    assert numbers(b, fund_id) == {there: 1, here: 2}
    assert conflicts(a) == conflicts(b) == 0  # a number is each node's, never a difference between versions
    assert propose(a, fund_id) and sorted(numbers(a, fund_id).values()) == [1, 2, 3]


def test_numbers_travel_as_given_when_nodes_take_turns(a: Node, b: Node) -> None:
    fund_id = shared_fund(a, b)
    first, second = propose(a, fund_id), propose(a, fund_id)
    send(a, b)
    third = propose(b, fund_id)
    send(b, a)
    assert numbers(a, fund_id) == numbers(b, fund_id) == {first: 1, second: 2, third: 3}
    send(a, b)
    assert a.dump() == b.dump()


@pytest.mark.parametrize("arrival_first", [True, False], ids=["arrival-first", "proposal-first"])
def test_one_bundle_with_rows_of_one_number_keeps_them_apart(a: Node, b: Node, arrival_first: bool) -> None:
    """Rows merged together that claim the numbers held here, in one chunk, each get their own."""
    fund_id = shared_fund(a, b)
    theirs = [propose(b, fund_id) for _ in range(3)]
    if not arrival_first:
        propose(a, fund_id)  # takes 1 here, as the first of theirs did there
    send(b, a)
    propose(a, fund_id)
    got = numbers(a, fund_id)
    assert sorted(got.values()) == list(range(1, len(got) + 1))  # no number twice, none skipped
    assert [got[row] for row in theirs] == ([1, 2, 3] if arrival_first else [2, 3, 4])
