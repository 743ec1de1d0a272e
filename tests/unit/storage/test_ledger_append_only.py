"""The journal is append-only in the database itself: raw SQL that updates, deletes or replaces a
posted entry or line fails with the trigger's message and changes nothing; the ORM refuses too; and
the migration's downgrade drops the triggers with the tables."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.services import communities, funds, ledger
from desktop.services.communities import CommunityInput
from desktop.services.funds import FundInput
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.storage.database import Database
from desktop.storage.migrate import upgrade
from desktop.storage.models import LedgerEntry
from desktop.storage.tracking import RecordRuleError
from migration_testing import downgrade_to

GUARDED = ("ledger_entry", "ledger_line", "goods_in_kind")  # goods' guards are 0014's
TRIGGERS = {f"{table}_{guard}" for table in ("ledger_entry", "ledger_line")
            for guard in ("no_update", "no_delete", "no_replace")}


@pytest.fixture
def posted(initialized_db: Database) -> Iterator[Path]:
    """A station file with one donation posted (two lines) and goods that could not be valued, closed so
    raw SQL may open it."""
    db = initialized_db
    with db.write() as session:
        community = communities.add(session, CommunityInput("青山社区", "urban", 8650, "500110108001")).id
        fund = funds.add(session, FundInput("青山社区慈善基金", community, "清河县慈善会", date(2025, 1, 1))).id
        ledger.post(session, fund, PostingInput("donation_money", 500_000, date(2025, 3, 1), counterparty="周德明"))
        ledger.post(session, fund, PostingInput("donation_goods", None, date(2025, 3, 2), counterparty="青山超市",
                                                 goods=GoodsInput("大米", Decimal(20), "袋")))
    assert db.path is not None
    db.close()
    yield db.path


def rows(path: Path, table: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


@pytest.mark.parametrize("table", GUARDED)
@pytest.mark.parametrize("statement", [
    "UPDATE {table} SET created_by = 'someone else'",
    "UPDATE {table} SET deleted_at = '2025-03-02 00:00:00'",  # not even a tombstone
    "DELETE FROM {table}",
    "INSERT OR REPLACE INTO {table} SELECT * FROM {table}",  # a replace deletes without a DELETE trigger
])
def test_raw_sql_cannot_change_a_posted_entry(posted: Path, table: str, statement: str) -> None:
    before = rows(posted, table)
    assert before
    with closing(sqlite3.connect(posted)) as conn:
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
            conn.execute(statement.format(table=table))
        conn.rollback()
    assert rows(posted, table) == before


def test_the_orm_refuses_to_change_an_entry_before_it_reaches_the_database(posted: Path) -> None:
    db = Database.open_file(posted)
    try:
        with pytest.raises(RecordRuleError, match="append-only"), db.write() as session:
            entry = session.scalars(select(LedgerEntry)).one()
            entry.memo = "改过的摘要"
    finally:
        db.close()


def triggers(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_downgrade_drops_the_triggers_and_the_tables_and_upgrade_restores_them(posted: Path) -> None:
    assert TRIGGERS <= triggers(posted)
    downgrade_to(posted, "0012")
    assert not TRIGGERS & triggers(posted)
    assert "audit_log_no_update" in triggers(posted)  # 0001's guard is not the ledger's to drop
    with closing(sqlite3.connect(posted)) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not {"fund", "ledger_entry", "ledger_line", "donation_receipt"} & tables
    assert upgrade(posted) is True
    assert TRIGGERS <= triggers(posted)
