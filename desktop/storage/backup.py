"""Online backups with SQLite's backup API, verified, rotated, and restored all-or-nothing.

A backup is one file: the database with the photo files its rows name (``backup_files``)."""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.errors import StorageError
from desktop.i18n import _
from desktop.paths import attachments_dir, backups_dir
from desktop.storage import backup_files

KEEP_PER_REASON = 10
_NAME = re.compile(r"^wushe-(\d{8}-\d{6}-\d{6})-([a-z]+)\.db$")
REQUIRED_TABLES = {"node_identity", "station", "audit_log", "alembic_version"}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int


def integrity_errors(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of the file; empty when it is sound."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _copy(source: Path, dest: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(dest)) as dst:
        src.backup(dst)
        # The copy inherits WAL mode; make it one self-contained file (no -wal/-shm left beside it).
        dst.execute("PRAGMA journal_mode = DELETE")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_to(db_path: Path, dest: Path) -> Path:
    """Copy the live database and its photos to ``dest`` through a temporary file; verified before it
    is named."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        _copy(db_path, tmp)
        backup_files.embed(tmp, attachments_dir(db_path))
        errors = integrity_errors(tmp) or backup_files.damaged(tmp)
        if errors:
            raise StorageError(_("The backup failed its integrity check: {error}").format(error=errors[0]))
        _fsync(tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def make_backup(db_path: Path, reason: str = "manual") -> BackupInfo:
    """A timestamped backup in the backups folder beside the database, then rotation."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_to(db_path, backups_dir(db_path) / f"wushe-{stamp}-{reason}.db")
    rotate(db_path)
    return _info(dest)


def _info(path: Path) -> BackupInfo:
    match = _NAME.match(path.name)
    assert match
    created = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
    return BackupInfo(path, created, match.group(2), path.stat().st_size)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = [_info(p) for p in folder.iterdir() if _NAME.match(p.name)]
    return sorted(found, key=lambda b: b.created, reverse=True)


def rotate(db_path: Path, keep: int = KEEP_PER_REASON) -> None:
    """Keep the newest ``keep`` backups of each reason."""
    seen: dict[str, int] = {}
    for info in list_backups(db_path):
        seen[info.reason] = seen.get(info.reason, 0) + 1
        if seen[info.reason] > keep:
            info.path.unlink(missing_ok=True)


def backup_if_due(db_path: Path, every: timedelta = timedelta(hours=24)) -> BackupInfo | None:
    """The automatic daily backup, made at start-up when the last one is older than ``every``."""
    latest = next((b for b in list_backups(db_path) if b.reason == "daily"), None)
    if latest and datetime.now(UTC) - latest.created < every:
        return None
    return make_backup(db_path, reason="daily")


def check_restorable(source: Path) -> None:
    """Refuse a file that is not a sound Wushe Desk database, with a message naming why."""
    if not source.is_file():
        raise StorageError(_("No such file: {path}").format(path=source))
    errors = integrity_errors(source)
    if errors:
        raise StorageError(_("{path} is not a sound database: {error}").format(path=source, error=errors[0]))
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not REQUIRED_TABLES <= tables:
        raise StorageError(_("{path} is not a Wushe Desk database.").format(path=source))
    damaged = backup_files.damaged(source)
    if damaged:
        raise StorageError(_("{path} holds a damaged photo file ({name}); restore another backup.").format(
            path=source, name=damaged[0]))


def restore(db_path: Path, source: Path) -> BackupInfo:
    """Replace the database's content and photos with ``source``'s; the current ones are backed up first.

    The photos are put in the data folder before the database changes (a file is never written over,
    being named by its content), then the backup API writes the whole database in one transaction of
    the destination, so a failure leaves the database as it was, its files all there. The files only
    the replaced data named go last. Returns the safety backup made before restoring.
    """
    check_restorable(source)
    safety = make_backup(db_path, reason="prerestore")
    folder = attachments_dir(db_path)
    staging = db_path.with_name(f".{db_path.name}.restoring")
    staging.unlink(missing_ok=True)
    try:
        _copy(source, staging)
        backup_files.unpack(staging, folder)
        with closing(sqlite3.connect(staging)) as src, closing(sqlite3.connect(db_path, timeout=10)) as dst:
            src.backup(dst)
    finally:
        staging.unlink(missing_ok=True)
    backup_files.drop_unnamed(db_path, folder)
    return safety
