"""A test's database file taken down to an earlier revision by the migrations' own downgrades, with foreign
keys off as Alembic's command line runs them (a downgrade rebuilds tables)."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from desktop.storage.database import make_engine, sqlite_url
from desktop.storage.migrate import alembic_config


def downgrade_to(path: Path, revision: str) -> None:
    engine = make_engine(sqlite_url(path), foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()
