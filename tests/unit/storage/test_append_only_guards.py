"""Every append-only table refuses UPDATE and DELETE in the database itself (migration 0025 for the records
outside the ledger, 0013 and 0014 for the ledger's): raw SQL that edits, stamps, tombstones, deletes or
replaces a stored row of a case, a volunteer, a certificate, a project or a social organisation fails with
the trigger's message and changes nothing, on a bare sqlite3 connection and through the app's engine; the
services go on adding rows (a revocation here); the downgrade drops 0025's triggers and nothing else."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from importlib import import_module
from pathlib import Path

import pytest
from sqlalchemy import Integer, String, delete, exc, literal, select, update
from sqlalchemy.sql.elements import ColumnElement

from desktop.domain.permissions import Role
from desktop.services import certificates
from desktop.storage.base import Base, Synced, synced_tables
from desktop.storage.database import Database
from desktop.storage.migrate import upgrade
from desktop.storage.models import VolunteerCertificate
from wushe_testing import DemoTemplate, acting_as, open_copy
from migration_testing import downgrade_to

GUARDED = import_module("desktop.storage.migrations.versions.0025_append_only_guards").GUARDED
LEDGER = ("ledger_entry", "ledger_line", "disbursement_approval", "goods_in_kind")  # 0013's and 0014's
LATER = ("balance_assertion_withdrawal", "fund_publication")  # append-only tables made after 0025, guarded by their own migration
GUARDS = ("no_update", "no_delete", "no_replace")
STAMPS = set(Synced.__annotations__) - {"__append_only__"}


def content_column(table: str) -> str:
    """The table's first column that is neither a record stamp nor a link to another row."""
    return next(column.name for column in Base.metadata.tables[table].columns
                if column.name not in STAMPS and not column.foreign_keys)


def changed(table: str) -> ColumnElement[object]:
    """A different value for ``content_column``: a number plus one, else text with a character added
    (SQLite stores it whatever the column's type)."""
    column = Base.metadata.tables[table].c[content_column(table)]
    return column + 1 if isinstance(column.type, Integer) else column.op("||")(literal("改", String()))


@pytest.fixture(scope="module")
def records(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo station, with a certificate revoked so every guarded table has rows; closed, for raw SQL.
    Each test rolls back what it tried, so the file is shared."""
    db = open_copy(demo_template.path, tmp_path_factory.mktemp("append-only"))
    acting_as(db, "测试", Role.ADMIN)
    with db.write() as session:
        certificate = session.scalars(select(VolunteerCertificate.id)).first()
        assert certificate is not None
        certificates.revoke(session, certificate, "服务记录更正后重新出具")  # a new row: still allowed
    assert db.path is not None
    db.close()
    yield db.path


def rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def triggers(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


@pytest.mark.parametrize("table", GUARDED)
@pytest.mark.parametrize("statement", [
    "UPDATE {table} SET {content} = {content} || '改'",
    "UPDATE {table} SET hlc = hlc + 1",  # not the stamps either
    "UPDATE {table} SET deleted_at = '2026-03-02 00:00:00'",  # nor a tombstone
    "DELETE FROM {table}",
    "INSERT OR REPLACE INTO {table} SELECT * FROM {table}",  # a replace deletes without a DELETE trigger
])
def test_raw_sql_cannot_change_a_stored_row(records: Path, table: str, statement: str) -> None:
    with closing(sqlite3.connect(records)) as conn:
        before = rows(conn, table)
        assert before
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
            conn.execute(statement.format(table=table, content=content_column(table)))
        conn.rollback()
        assert rows(conn, table) == before


@pytest.mark.parametrize("table", GUARDED)
def test_sql_through_the_app_is_refused(records: Path, table: str) -> None:
    """Core statements, which pass the session hook by, inside a unit of work: refused, nothing written."""
    t = Base.metadata.tables[table]
    db = Database.open_file(records)
    try:
        with db.read() as session:
            before = session.execute(select(t).order_by(t.c.id)).all()
        for statement in (update(t).values({content_column(table): changed(table)}), delete(t)):
            with pytest.raises(exc.IntegrityError, match=f"{table} is append-only"), db.write() as session:
                session.execute(statement)
        with db.read() as session:
            assert session.execute(select(t).order_by(t.c.id)).all() == before
    finally:
        db.close()


def test_every_append_only_table_is_guarded_at_head(db: Database) -> None:
    """A new append-only table gets its guards in its migration, and no batch copy loses them."""
    assert db.path is not None
    wanted = {f"{model.__tablename__}_{guard}" for model in synced_tables() if model.__append_only__
              for guard in GUARDS}
    assert wanted - triggers(db.path) == set()


def test_0025_and_the_ledger_migrations_name_every_append_only_table() -> None:
    assert set(GUARDED) | set(LEDGER) | set(LATER) == {m.__tablename__ for m in synced_tables() if m.__append_only__}


def test_downgrade_drops_these_triggers_only_and_upgrade_restores_them(db: Database) -> None:
    path = db.path
    assert path is not None
    db.close()
    ours = {f"{table}_{guard}" for table in GUARDED for guard in GUARDS}
    kept = {f"{table}_{guard}" for table in LEDGER for guard in GUARDS} | {"audit_log_no_update"}
    assert ours | kept <= triggers(path)
    downgrade_to(path, "0024")
    assert not ours & triggers(path)
    assert kept <= triggers(path)
    assert upgrade(path) is True
    assert ours | kept <= triggers(path)
