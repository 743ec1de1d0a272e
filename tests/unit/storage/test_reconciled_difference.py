"""Migration 0026: a reconciled balance assertion keeps the difference it explained on the row
(``reconciled_fen``), back-filled from the first audit entry of its reconciliation, or, for one reconciled
before there were such entries, from the difference as it stands; the database sets it once, on a
reconciled row, and never changes it; the downgrade gives back 0022's trigger and no column."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import exc, text

from desktop.services import reconciliation
from desktop.storage.database import Database
from desktop.storage.migrate import upgrade
from desktop.storage.opening import open_database
from ledger_testing import OPENED, donate, head, make_fund  # noqa: F401 (fixture)
from project_testing import acting
from test_disbursement_numbers import _migrate

DAY = OPENED + timedelta(days=10)
KEPT = "reconciled once"


def stored(path: Path, fund_id: str) -> dict[str, int | None]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT id, reconciled_fen FROM balance_assertion WHERE fund_id = ?", (fund_id,)))


def bound_trigger(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'balance_assertion_bound'").fetchone()
    return sql


def test_the_migration_fills_the_reconciled_difference_and_the_downgrade_takes_it_away(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 100_000, DAY)
        days = [DAY + timedelta(days=n) for n in range(4)]
        with_audit, again, old, open_one = (reconciliation.assert_balance(session, fund.id, "bank", day, amount,
                                                                          "银行对账单").id
                                            for day, amount in zip(days, (99_000, 98_000, 97_000, 96_000)))
        reconciliation.reconcile(session, with_audit, "银行手续费")
        reconciliation.reconcile(session, again, "在途款项")
    with head.write() as session:  # ``again``'s difference changes, and is reconciled once more (audit only)
        donate(session, fund.id, 5_000, days[1], backdate_reason="漏记的捐赠")
        reconciliation.reconcile(session, again, "捐赠银行尚未入账")
    path = head.path
    assert path is not None
    head.close()
    _migrate(path, "0025")
    assert "reconciled_fen" not in bound_trigger(path)  # 0022's trigger again, and the column gone
    with closing(sqlite3.connect(path)) as conn:
        assert "reconciled_fen" not in {row[1] for row in conn.execute("PRAGMA table_info(balance_assertion)")}
        # Reconciled before there were audit entries of it, as an earlier version did: the row's columns only.
        conn.execute("UPDATE balance_assertion SET reconciled_at = updated_at, reconciled_note = '未达账项', "
                     "reconciled_by = '周建国' WHERE id = ?", (old,))
        conn.commit()
    assert upgrade(path) is True
    # The first reconciliation's difference (its note is the row's); the one standing at the migration.
    assert stored(path, fund.id) == {with_audit: -1_000, again: -2_000, old: -8_000, open_one: None}
    assert "OLD.reconciled_fen IS NOT NULL" in bound_trigger(path)
    reopened = open_database(path)
    try:
        with acting(reopened, "admin"), reopened.read() as session:
            shown = {found.id: found for found in reconciliation.reconciliation(session, fund.id)}
    finally:
        reopened.close()
    assert [shown[row].reconciled for row in (with_audit, again, old, open_one)] == [True, True, True, False]
    assert (shown[old].explained_fen, shown[old].explanation) == (-8_000, "未达账项")
    assert (shown[again].explained_fen, shown[again].explanation) == (-7_000, "捐赠银行尚未入账")


@pytest.mark.parametrize("statement", [
    "UPDATE balance_assertion SET reconciled_fen = reconciled_fen + 1 WHERE reconciled_fen IS NOT NULL",
    "UPDATE balance_assertion SET reconciled_fen = NULL",
    "UPDATE balance_assertion SET reconciled_fen = 5 WHERE reconciled_at IS NULL",  # no reconciliation
])
def test_sql_cannot_change_a_reconciled_difference(head: Database, statement: str) -> None:
    with head.write() as session:
        fund = make_fund(session)
        differing = reconciliation.assert_balance(session, fund.id, "bank", DAY, 1_000, "银行对账单")
        reconciliation.reconcile(session, differing.id, "在途款项")
        reconciliation.assert_balance(session, fund.id, "bank", DAY + timedelta(days=1), 2_000, "银行对账单")
    with pytest.raises(exc.IntegrityError, match=KEPT), head.write() as session:
        session.execute(text(statement))


def test_a_reconciled_row_without_its_difference_takes_it_once(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        row = reconciliation.assert_balance(session, fund.id, "bank", DAY, 1_000, "银行对账单").id
        session.execute(text("UPDATE balance_assertion SET reconciled_at = updated_at, reconciled_note = '在途款项' "
                             "WHERE id = :id"), {"id": row})
        session.execute(text("UPDATE balance_assertion SET reconciled_fen = 1000 WHERE id = :id"), {"id": row})
    with pytest.raises(exc.IntegrityError, match=KEPT), head.write() as session:
        session.execute(text("UPDATE balance_assertion SET reconciled_fen = 999 WHERE id = :id"), {"id": row})
