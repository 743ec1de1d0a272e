"""The photo files in a backup: those its live attachment rows name, carried in a table of the backup
file itself (``backup_file``), so that the one file restores everything on another computer.

The table is added to the fresh copy before it is verified and named, and taken out again by a restore,
which puts the files back in the data folder's ``attachments/`` and leaves the database as it was.
A file missing or damaged in the data folder when the backup is made is left out, as a bundle leaves
it out: the photo shows as missing after a restore, as it did before.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from desktop.errors import StorageError
from desktop.i18n import _
from desktop.storage.file_store import kept, store, stored_at

log = logging.getLogger(__name__)

TABLE = "backup_file"
_LIVE = "SELECT DISTINCT sha256 FROM attachment WHERE deleted_at IS NULL"


def _has(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is not None


def _named(conn: sqlite3.Connection) -> set[str]:
    """The contents the live attachment rows name (none in a database older than photos)."""
    return {row[0] for row in conn.execute(_LIVE)} if _has(conn, "attachment") else set()


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def embed(copy: Path, folder: Path) -> None:
    """Add to the fresh backup ``copy`` the files its live rows name, read from ``folder``."""
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute(f"CREATE TABLE {TABLE} (sha256 TEXT PRIMARY KEY, content BLOB NOT NULL)")
        for digest in sorted(_named(conn)):
            path = stored_at(folder, digest)
            try:
                content = path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StorageError(_("Cannot read {file}: {reason}").format(
                    file=path, reason=exc.strerror or exc)) from exc
            if _digest(content) != digest:
                log.warning("left the damaged photo file %s out of the backup", path)
                continue
            conn.execute(f"INSERT INTO {TABLE} (sha256, content) VALUES (?, ?)", (digest, content))


def damaged(path: Path) -> list[str]:
    """The hashes of the files in the backup at ``path`` whose content does not match (none in a
    backup made before backups carried photos)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        if not _has(conn, TABLE):
            return []
        return [digest for digest, content in conn.execute(f"SELECT sha256, content FROM {TABLE}")
                if _digest(content) != digest]


def unpack(staging: Path, folder: Path) -> None:
    """Keep the files of the restored copy ``staging`` in ``folder`` and take their table out of it."""
    with closing(sqlite3.connect(staging)) as conn:
        if not _has(conn, TABLE):
            return
        for digest, content in conn.execute(f"SELECT sha256, content FROM {TABLE}"):
            if _digest(content) != digest:  # checked before restoring began; this guards the folder
                raise StorageError(_("The file {name} does not match its hash.").format(name=digest))
            store(folder, digest, content)
        conn.execute(f"DROP TABLE {TABLE}")
        conn.commit()
        conn.execute("VACUUM")  # the copy to restore from holds the database alone, at its own size


def drop_unnamed(db_path: Path, folder: Path) -> None:
    """Delete the files no live row of the database names: after a restore, those of the data it
    replaced (the safety backup holds them)."""
    with closing(sqlite3.connect(db_path, timeout=10)) as conn:
        named = _named(conn)
    for digest in set(kept(folder)) - named:
        try:
            stored_at(folder, digest).unlink(missing_ok=True)
        except OSError as exc:  # the restore is done; a file left over only takes room
            log.warning("could not delete the unused photo file %s: %s", digest, exc)
