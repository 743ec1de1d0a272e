"""Alembic migrations: models match head, upgrade keeps data, a failure or a newer file changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desktop.errors import StorageError
from desktop.paths import backups_dir
from desktop.storage.base import Base
from desktop.storage.database import Database, make_engine, sqlite_url
from desktop.storage.migrate import MIGRATIONS, alembic_config, current_revision, head_revision, upgrade
from desktop.storage.opening import open_database

pytestmark = pytest.mark.usefixtures("english")  # error messages are matched in English

NODE = "01900000-0000-7000-8000-000000000001"


def revision_of(path: Path) -> str | None:
    engine = make_engine(sqlite_url(path))
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def insert_station_raw(path: Path) -> None:
    now = datetime(2024, 5, 1, 8, 30, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "INSERT INTO node_identity (node_id, kind, signing_public, signing_private, created_at)"
            " VALUES (?, 'station', ?, ?, ?)", (NODE, b"\x01" * 32, b"\x02" * 32, now),
        )
        conn.execute(
            "INSERT INTO station (id, created_at, updated_at, origin_node, hlc, created_by, deleted_at,"
            " name, kind, township, county, division_code, address, phone)"
            " VALUES (?, ?, ?, ?, 12345, 'raw', NULL, '青山镇社会工作服务站', 'station',"
            " '青山镇', '清河县', '500110108', '', '')", (NODE, now, now, NODE),
        )
        conn.commit()


def test_fresh_database_is_at_head(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()
    assert db.path is not None
    assert {"node_identity", "station", "change_log", "audit_log", "community"} <= tables(db.path)


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_on_a_database_at_head_does_nothing(db_path: Path) -> None:
    assert upgrade(db_path) is True
    before = dump(db_path)
    assert upgrade(db_path) is False
    assert dump(db_path) == before
    assert not backups_dir(db_path).exists()  # nothing to migrate: no backup either


def test_upgrade_from_the_first_migration_keeps_data(db_path: Path) -> None:
    assert upgrade(db_path, target="0001") is True
    assert revision_of(db_path) == "0001"
    assert "community" not in tables(db_path)
    assert not backups_dir(db_path).exists()  # a new file has nothing to back up
    insert_station_raw(db_path)

    assert upgrade(db_path) is True

    assert revision_of(db_path) == head_revision()
    assert "community" in tables(db_path)
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT id, name, hlc, created_by FROM station").fetchall() == [
            (NODE, "青山镇社会工作服务站", 12345, "raw")
        ]
        assert conn.execute("SELECT node_id, signing_public FROM node_identity").fetchall() == [(NODE, b"\x01" * 32)]
    backups = list(backups_dir(db_path).glob("*-premigrate.db"))
    assert len(backups) == 1
    # the backup is the database as it was before the upgrade
    assert revision_of(backups[0]) == "0001"
    assert "community" not in tables(backups[0])
    with closing(sqlite3.connect(backups[0])) as conn:
        assert conn.execute("SELECT name FROM station").fetchall() == [("青山镇社会工作服务站",)]


def test_opened_after_upgrade_the_data_is_usable(db_path: Path) -> None:
    upgrade(db_path, target="0001")
    insert_station_raw(db_path)
    db = open_database(db_path)
    try:
        assert db.node_id == NODE
    finally:
        db.close()


BROKEN = '''"""A revision that fails half-way.

Revision ID: broken
Revises: {head}
"""
import sqlalchemy as sa
from alembic import op

revision = "broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO half_done (id) VALUES (1)")
    op.execute("UPDATE station SET name = 'changed by a broken migration'")
    op.execute("THIS IS NOT SQL AT ALL")


def downgrade() -> None:
    op.drop_table("half_done")
'''


@pytest.fixture
def broken_migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations-copy"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    # A new last revision on top of whatever head is now.
    (folder / "versions" / "9999_broken.py").write_text(BROKEN.replace("{head}", head_revision()), encoding="utf-8")
    return folder


def test_a_failing_migration_leaves_the_old_file_untouched(
    initialized_db: Database, broken_migrations: Path
) -> None:
    path = initialized_db.path
    assert path is not None
    initialized_db.close()
    before = dump(path)
    assert revision_of(path) == head_revision()

    with pytest.raises(StorageError, match="left unchanged"):
        upgrade(path, cfg=alembic_config(broken_migrations))

    assert dump(path) == before
    assert "half_done" not in tables(path)
    assert revision_of(path) == head_revision()
    # it was backed up before trying, and the backup is sound
    assert len(list(backups_dir(path).glob("*-premigrate.db"))) == 1
    # and it still opens and works at its old revision
    assert upgrade(path) is False


def test_a_database_from_a_newer_version_is_refused(initialized_db: Database) -> None:
    path = initialized_db.path
    assert path is not None
    initialized_db.close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    before = dump(path)

    with pytest.raises(StorageError, match="newer version") as info:
        upgrade(path)
    assert "9999_future" in info.value.message
    with pytest.raises(StorageError):
        open_database(path)
    assert dump(path) == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "wushe.db"
    content = ("这不是数据库 " * 500).encode()
    path.write_bytes(content)
    with pytest.raises(StorageError, match="not a sound database") as info:
        open_database(path)
    assert str(path) in info.value.message
    assert path.read_bytes() == content
    assert not backups_dir(path).exists()


def test_schema_head_constant_is_the_migrations_head() -> None:
    """Start-up skips Alembic when the file is at SCHEMA_HEAD, so the constant must follow new revisions."""
    from desktop.storage.schema import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision()
