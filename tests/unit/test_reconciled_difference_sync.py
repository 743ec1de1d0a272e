"""A balance assertion reconciled on one node arrives reconciled on the other: the difference it explained
(``balance_assertion.reconciled_fen``, migration 0026) travels with the row, so the other node shows it
reconciled from the row alone, and the newer version of a row it held unreconciled passes the trigger that
sets the reconciling columns once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from desktop.services import reconciliation
from desktop.storage.models import BalanceAssertion, SyncConflict
from ledger_testing import donate, make_fund
from sync_testing import Node, a, add_community, b, send  # noqa: F401 (fixtures)

DAY = date.today() - timedelta(days=1)


def shown(node: Node, fund_id: str) -> reconciliation.Reconciliation:
    with node.db.read() as session:
        [found] = reconciliation.reconciliation(session, fund_id)
    return found


def test_a_reconciliation_travels_with_its_difference(a: Node, b: Node) -> None:
    add_community(a, "河滨社区")
    with a.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        donate(session, fund.id, 50_000, DAY)
        statement = reconciliation.assert_balance(session, fund.id, "bank", DAY, 49_500, "银行对账单", today=DAY)
    send(a, b)
    assert (shown(b, fund.id).difference_fen, shown(b, fund.id).reconciled) == (-500, False)
    with a.db.write() as session:
        reconciliation.reconcile(session, statement.id, "银行手续费")
    send(a, b)
    there = shown(b, fund.id)
    assert (there.reconciled, there.explained_fen, there.explanation) == (True, -500, "银行手续费")
    with b.db.read() as session:
        assert session.scalar(select(BalanceAssertion.reconciled_fen)) == -500
        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0
