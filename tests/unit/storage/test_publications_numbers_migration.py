"""Migration 0030: a balance assertion and an acknowledgement of goods with no valuation keep the numbers they
were shown with (each fund's in the order of their clock stamps), one to a row in a fund, and an assertion's is
kept once set by 0026's trigger, now with the number; ``fund_publication`` is made append-only. The downgrade
gives back 0026's trigger and no columns."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import exc, text

from desktop.services import ledger, reconciliation
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.storage.database import Database
from desktop.storage.migrate import upgrade
from ledger_testing import OPENED, donate, head, make_fund  # noqa: F401 (fixture)
from migration_testing import downgrade_to

DAY = OPENED + timedelta(days=10)
NUMBERED = {"balance_assertion": "number", "goods_in_kind": "ack_number"}


def two_funds(db: Database) -> None:
    """Two funds, each with three balances and two records of goods with no valuation (one valued too),
    recorded in turn."""
    with db.write() as session:
        made = [make_fund(session, name=name).id for name in ("河滨社区慈善基金", "石门社区慈善基金")]
        for fund_id in made:
            donate(session, fund_id, 500_000, DAY)
        for n in range(3):
            for fund_id in made:
                reconciliation.assert_balance(session, fund_id, "bank", DAY + timedelta(days=n), 500_000, "银行对账单")
                ledger.post(session, fund_id, PostingInput("donation_goods", None if n < 2 else 1_000, DAY,
                                                           counterparty="王秀英",
                                                           goods=GoodsInput("旧衣物", Decimal(3), "件")))


def stored(path: Path, table: str) -> list[tuple[str, str, int | None]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"SELECT fund_id, id, {NUMBERED[table]} FROM {table} ORDER BY fund_id, hlc, id").fetchall()


def sql_of(path: Path, name: str) -> str | None:
    with closing(sqlite3.connect(path)) as conn:
        found = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return found[0] if found else None



def test_the_migration_numbers_earlier_rows_as_they_were_shown_and_the_downgrade_undoes_it(head: Database) -> None:
    two_funds(head)
    path = head.path
    assert path is not None
    head.close()
    before = {table: stored(path, table) for table in NUMBERED}
    downgrade_to(path, "0029")
    for table, column in NUMBERED.items():
        with closing(sqlite3.connect(path)) as conn:
            assert column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    assert sql_of(path, "fund_publication") is None
    assert "number" not in (sql_of(path, "balance_assertion_bound") or "")  # 0026's again
    assert sql_of(path, "goods_in_kind_no_update") is not None  # goods keep their guards
    assert upgrade(path) is True
    for table, column in NUMBERED.items():
        after = stored(path, table)
        assert after == before[table]
        ranks: dict[str, int] = {}
        for fund_id, _row_id, number in after:
            if number is not None:
                ranks[fund_id] = ranks.get(fund_id, 0) + 1
                assert number == ranks[fund_id]  # by fund, in the order of their clock stamps
        assert len(ranks) >= 2 and sql_of(path, f"ix_{table}_fund_{column}")
    # Valued goods have a receipt, not a number; goods and publications stay append-only.
    assert sum(1 for row in stored(path, "goods_in_kind") if row[2] is None) >= 2
    assert "OLD.number IS NOT NULL" in (sql_of(path, "balance_assertion_bound") or "")
    assert sql_of(path, "goods_in_kind_no_update") and sql_of(path, "fund_publication_no_update")


@pytest.mark.parametrize("statement, refused", [
    ("UPDATE balance_assertion SET number = number + 10", "reconciled once"),
    ("UPDATE balance_assertion SET number = NULL", "reconciled once"),
    ("UPDATE goods_in_kind SET ack_number = 9", "append-only"),
])
def test_sql_cannot_change_a_number(head: Database, statement: str, refused: str) -> None:
    two_funds(head)
    with pytest.raises(exc.IntegrityError, match=refused), head.write() as session:
        session.execute(text(statement))
