"""A client import that outnumbers the register builds the table's listing and search indexes once, as
the models (and migrations) define them, instead of maintaining them row by row; a cancel part-way, or a
failure the caller catches, leaves them as they were."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bulk_testing import client_rows, client_workbook, statements_run
from desktop.services import client_io, imports, maintenance
from desktop.services.clients import ClientQuery, list_ids
from desktop.storage import bulk
from desktop.storage.database import Database
from desktop.storage.models import Client
from volunteer_testing import signed_in

REGISTERED = date(2024, 3, 1)
ROWS = 150  # more than the demo's clients


@pytest.fixture
def clerk(demo: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The demo station signed in, with rebuilds from 100 rows and progress every 40 rows."""
    monkeypatch.setattr(bulk, "REBUILD_FROM_ROWS", 100)
    monkeypatch.setattr(imports, "PROGRESS_STEP", 40)
    return signed_in(demo)


def indexes(session: Session) -> dict[str, str]:
    """The client table's indexes as the file has them: name → SQL."""
    return {name: sql for name, sql in session.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'client' AND sql IS NOT NULL"))}


def clients_and_indexes(db: Database) -> tuple[int, dict[str, str]]:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Client)) or 0, indexes(session)


def import_clients(db: Database, folder: Path, rows: int, progress: imports.Progress | None = None) -> list[str]:
    """The statements an import of ``rows`` clients ran."""
    table = imports.load_table(client_workbook(folder, rows, REGISTERED), client_io.IMPORT)
    with statements_run(db) as statements, db.write() as session:
        result = imports.import_rows(session, client_io.IMPORT, table, imports.guess_mapping(client_io.IMPORT, table),
                                     progress=progress)
        assert result.added == rows
    return [statement.strip() for statement in statements]


def test_a_large_import_rebuilds_the_indexes_as_they_were_and_finds_its_clients(clerk: Database,
                                                                               tmp_path: Path) -> None:
    count, before = clients_and_indexes(clerk)
    assert ROWS > count and "ix_client_listing" in before
    statements = import_clients(clerk, tmp_path, ROWS)
    assert "DROP INDEX ix_client_listing" in statements and "DROP INDEX ix_client_id_blind" not in statements
    assert clients_and_indexes(clerk) == (count + ROWS, before)
    *_, last = client_rows(ROWS, REGISTERED)
    with clerk.read() as session:
        for query in (str(last[4])[-4:], str(last[0])):  # the ID number's last four, the name
            assert list_ids(session, ClientQuery(text=query)), query
        plan = " ".join(str(row[-1]) for row in session.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM client WHERE id_tail = '1234'")))
        assert "ix_client_id_tail" in plan
    assert maintenance.check(clerk).ok


def test_a_small_import_maintains_the_indexes(clerk: Database, tmp_path: Path) -> None:
    statements = import_clients(clerk, tmp_path, 40)
    assert not any(statement.startswith(("DROP INDEX", "CREATE INDEX")) for statement in statements)


def test_a_cancel_part_way_leaves_the_indexes_and_writes_nothing(clerk: Database, tmp_path: Path) -> None:
    before = clients_and_indexes(clerk)

    class Cancelled(Exception):
        pass

    def progress(done: int, _total: int, text: str) -> None:
        if text.startswith("Importing") and done == 120:
            raise Cancelled

    with statements_run(clerk) as statements, pytest.raises(Cancelled):
        import_clients(clerk, tmp_path, ROWS, progress)
    assert "DROP INDEX ix_client_listing" in [statement.strip() for statement in statements]
    assert clients_and_indexes(clerk) == before


def test_a_failure_caught_inside_the_transaction_leaves_the_indexes(clerk: Database) -> None:
    count, before = clients_and_indexes(clerk)
    with clerk.write() as session:
        with pytest.raises(ZeroDivisionError):
            with bulk.indexes_rebuilt(session, Client, 1_000, kept=("id_blind",)):
                assert indexes(session) == {name: sql for name, sql in before.items()
                                            if name.startswith("ix_client_id_blind")}
                raise ZeroDivisionError
        assert indexes(session) == before
    assert clients_and_indexes(clerk) == (count, before)
