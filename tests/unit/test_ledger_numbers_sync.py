"""A balance's number (对账 tab, ``wushe ledger assertions``) and an acknowledgement's of goods with no valuation
are their own (migration 0030), taken when recorded: one recorded earlier at another node (an older clock stamp)
and synced in takes the next number here instead of moving every later one up (``sync.registry.Numbered``);
valued goods arrive with no number; a publication travels as the append-only row it is."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from desktop.services import ledger, reconciliation
from desktop.services.goods_acknowledgement import acknowledgement_numbers, find_goods
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.sync.registry import synced
from ledger_testing import donate, make_fund
from sync_testing import Node, a, add_community, b, send  # noqa: F401 (fixtures)

DAY = date.today() - timedelta(days=1)


def shared_fund(a: Node, b: Node) -> str:
    add_community(a, "河滨社区")
    with a.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        donate(session, fund.id, 500_000, DAY - timedelta(days=20))
    send(a, b)
    return fund.id


def numbers(node: Node, fund_id: str) -> dict[str, int]:
    with node.db.read() as session:
        return {found.id: found.number for found in reconciliation.reconciliation(session, fund_id)}


def goods(node: Node, fund_id: str, amount_fen: int | None = None) -> str:
    with node.db.write() as session:
        posted = ledger.post(session, fund_id, PostingInput("donation_goods", amount_fen, DAY, counterparty="王秀英",
                                                           goods=GoodsInput("旧衣物", Decimal(3), "件")))
    assert posted.goods_id is not None
    return posted.goods_id


def test_the_publication_table_travels_append_only() -> None:
    assert synced()["fund_publication"].append_only


def test_numbers_stay_put_when_an_older_row_arrives(a: Node, b: Node) -> None:
    fund_id = shared_fund(a, b)
    with b.db.write() as session:  # recorded first, at the village room, not yet brought to the station
        there = reconciliation.assert_balance(session, fund_id, "bank", DAY - timedelta(days=10), 500_000, "银行对账单").id
    there_goods = goods(b, fund_id)
    with a.db.write() as session:
        here = reconciliation.assert_balance(session, fund_id, "bank", DAY, 500_000, "银行对账单").id
    here_goods = goods(a, fund_id)
    valued = goods(b, fund_id, 1_000)
    send(b, a)
    assert numbers(a, fund_id) == {here: 1, there: 2}  # the station's No. 1 stays its No. 1
    with a.db.read() as session:
        assert acknowledgement_numbers(session, fund_id) == {here_goods: "1", there_goods: "2"}
        assert find_goods(session, "2", fund_id) == there_goods and valued not in acknowledgement_numbers(session, fund_id)
        assert reconciliation.find_assertion(session, "2", fund_id) == there
    assert numbers(b, fund_id) == {there: 1}  # what the village room showed, as it keeps it
