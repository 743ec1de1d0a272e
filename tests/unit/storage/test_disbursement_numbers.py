"""Migration 0024: a disbursement's number is stored, one to a disbursement in its fund, and kept once set in
the database too (0022's trigger, now with the number); the rows written before are numbered as they were
shown (each fund's in the order of their ids), and the downgrade gives back 0022's trigger and no column."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import exc, text

from desktop.services import disbursements
from desktop.services.disbursements import DisbursementInput
from desktop.storage.database import Database, make_engine, sqlite_url
from desktop.storage.migrate import alembic_config, upgrade
from ledger_testing import OPENED, donate, head, make_fund  # noqa: F401 (fixture)

DAY = OPENED + timedelta(days=10)
SPEND = DisbursementInput("expense", 10_000, "购买活动物资", payee="青山超市")
KEPT = "keeps what the committee decided"


def two_funds(db: Database) -> list[str]:
    """Two funds with three disbursements each, proposed in turn; the funds' ids."""
    with db.write() as session:
        made = [make_fund(session, name=name).id for name in ("河滨社区慈善基金", "石门社区慈善基金")]
        for fund_id in made:
            donate(session, fund_id, 500_000, DAY)
        for _ in range(3):
            for fund_id in made:
                disbursements.propose_disbursement(session, fund_id, SPEND, today=DAY)
    return made


def stored(path: Path) -> list[tuple[str, str, int | None]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT fund_id, id, number FROM disbursement ORDER BY fund_id, id").fetchall()


def bound_trigger(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'disbursement_bound'").fetchone()
    return sql


def test_proposals_are_numbered_in_their_fund(head: Database) -> None:
    made = two_funds(head)
    with head.read() as session:
        for fund_id in made:
            shown = disbursements.numbered(session, fund_id)
            assert sorted(shown.values()) == [1, 2, 3]
            assert [shown[row.id] for row in disbursements.disbursements(session, fund_id)] == [3, 2, 1]  # latest first


@pytest.mark.parametrize("statement", [
    "UPDATE disbursement SET number = number + 10",
    "UPDATE disbursement SET number = NULL",
])
def test_sql_cannot_change_a_number(head: Database, statement: str) -> None:
    two_funds(head)
    with pytest.raises(exc.IntegrityError, match=KEPT), head.write() as session:
        session.execute(text(statement))


def test_one_number_to_one_disbursement_and_a_missing_one_is_given_once(head: Database) -> None:
    fund_id = two_funds(head)[0]
    with head.write() as session:  # a row without a number, as a tombstone the migration left
        columns = ", ".join(name for (name,) in session.execute(text(
            "SELECT name FROM pragma_table_info('disbursement') WHERE name NOT IN ('id', 'number')")))
        session.execute(text(f"INSERT INTO disbursement (id, number, {columns}) SELECT 'x', NULL, {columns} "
                             "FROM disbursement WHERE fund_id = :fund AND number = 1"), {"fund": fund_id})
    with pytest.raises(exc.IntegrityError, match="UNIQUE"), head.write() as session:
        session.execute(text("UPDATE disbursement SET number = 2 WHERE id = 'x'"))
    with head.write() as session:
        session.execute(text("UPDATE disbursement SET number = 4 WHERE id = 'x'"))  # NULL → a number, once
    with pytest.raises(exc.IntegrityError, match=KEPT), head.write() as session:
        session.execute(text("UPDATE disbursement SET number = 5 WHERE id = 'x'"))


def _migrate(path: Path, down_to: str | None) -> None:
    engine = make_engine(sqlite_url(path), foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, down_to) if down_to else command.upgrade(cfg, "head")
    finally:
        engine.dispose()


def test_the_migration_numbers_earlier_rows_as_they_were_shown_and_the_downgrade_undoes_it(head: Database) -> None:
    two_funds(head)
    path = head.path
    assert path is not None
    head.close()
    before = stored(path)
    _migrate(path, "0023")
    with closing(sqlite3.connect(path)) as conn:
        assert "number" not in {row[1] for row in conn.execute("PRAGMA table_info(disbursement)")}
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'ix_disbursement_fund_number'").fetchall()
    assert "number" not in bound_trigger(path) and "status" in bound_trigger(path)  # 0022's again
    assert upgrade(path) is True
    after = stored(path)
    assert after == before
    ranks: dict[str, int] = {}
    for fund_id, _row_id, number in after:  # by fund, then id
        ranks[fund_id] = ranks.get(fund_id, 0) + 1
        assert number == ranks[fund_id]
    assert len(ranks) >= 2 and "OLD.number IS NOT NULL" in bound_trigger(path)
