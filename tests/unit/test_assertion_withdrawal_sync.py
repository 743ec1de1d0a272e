"""A balance assertion withdrawn on one node arrives withdrawn on the other: the withdrawal (migration 0028)
is an append-only row of its own, a union by id in sync, so a withdrawal on one node and a reconciliation of
the same assertion on the other both stand, with no conflict, and each node shows it withdrawn."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from desktop.services import reconciliation
from desktop.storage.models import BalanceAssertionWithdrawal, SyncConflict
from desktop.sync.registry import synced
from ledger_testing import donate, make_fund
from sync_testing import Node, a, add_community, b, send  # noqa: F401 (fixtures)

DAY = date.today() - timedelta(days=1)


def listed(node: Node, fund_id: str) -> list[reconciliation.Reconciliation]:
    with node.db.read() as session:
        return reconciliation.reconciliation(session, fund_id, withdrawn=True)


def test_the_withdrawal_table_travels_append_only() -> None:
    assert synced()["balance_assertion_withdrawal"].append_only


def test_a_withdrawal_and_a_reconciliation_made_apart_both_stand(a: Node, b: Node) -> None:
    add_community(a, "河滨社区")
    with a.db.write() as session:
        fund = make_fund(session, opened_on=DAY - timedelta(days=30))
        donate(session, fund.id, 50_000, DAY)
        statement = reconciliation.assert_balance(session, fund.id, "bank", DAY, 5_000, "银行对账单", today=DAY)
    send(a, b)
    with a.db.write() as session:
        reconciliation.reconcile(session, statement.id, "银行手续费")
    with b.db.write() as session:
        reconciliation.withdraw(session, statement.id, "少输一位")
    send(a, b)
    send(b, a)
    for node in (a, b):
        [there] = listed(node, fund.id)
        assert (there.state, there.withdrawal and there.withdrawal.reason, there.explanation) == (
            "withdrawn", "少输一位", "银行手续费")
        with node.db.read() as session:
            assert reconciliation.reconciliation(session, fund.id) == []
            assert session.scalar(select(func.count()).select_from(BalanceAssertionWithdrawal)) == 1
            assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0
