"""Schema migrations with Alembic: backup first, one transaction, the old file untouched on failure."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from desktop.errors import StorageError
from desktop.i18n import _
from desktop.storage.backup import make_backup
from desktop.storage.database import make_engine, sqlite_url

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(script_location: Path = MIGRATIONS) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


def head_revision(cfg: Config | None = None) -> str:
    head = ScriptDirectory.from_config(cfg or alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(path: Path, *, target: str = "head", cfg: Config | None = None) -> bool:
    """Bring the file at ``path`` to ``target``. Returns True when a migration ran.

    An existing database is backed up first. All revisions run in one transaction (SQLite DDL
    is transactional once we emit BEGIN ourselves), so a failure leaves the file as it was.
    """
    cfg = cfg or alembic_config()
    script = ScriptDirectory.from_config(cfg)
    # Batch-mode table copies would trip foreign keys half-way; _run checks them all at the end.
    engine = make_engine(sqlite_url(path), foreign_keys=False)
    try:
        try:
            current = current_revision(engine)
        except DBAPIError as exc:  # not a database at all, or damaged beyond opening
            raise StorageError(
                _("{path} is not a sound database: {error}").format(path=path, error=exc.orig)
            ) from exc
        wanted = script.get_current_head() if target == "head" else target
        if current == wanted:
            return False
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            raise StorageError(
                _("The database was made by a newer version of Wushe Desk (schema {rev}); please update the app.")
                .format(rev=current)
            )
        if current is not None:
            backup = make_backup(path, reason="premigrate")
            log.info("backed up %s to %s before migrating from %s", path, backup.path, current)
        _run(engine, cfg, target)
        return True
    finally:
        engine.dispose()


def _run(engine: Engine, cfg: Config, target: str) -> None:
    with engine.connect() as conn:
        with conn.begin():
            cfg.attributes["connection"] = conn
            try:
                command.upgrade(cfg, target)
            except Exception as exc:
                log.exception("migration failed")
                raise StorageError(_("The database could not be upgraded; it was left unchanged. ({error})")
                                   .format(error=exc)) from exc
            broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            if broken:
                raise StorageError(_("The upgrade would break links between records; it was left unchanged."))
