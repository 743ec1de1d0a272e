"""Proving one may open a backup before restoring it: an account's password or the recovery code."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.security import crypto
from desktop.security.crypto import DecryptionError
from desktop.services import keys
from desktop.services.accounts import RECOVERY, key_aad


@dataclass(frozen=True)
class BackupAccess:
    username: str = ""
    password: str = ""
    recovery_code: str = ""


def _rows(conn: sqlite3.Connection, sql: str, args: tuple[str, ...]) -> list[tuple]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError:  # a backup from before accounts existed
        return []


def check_backup_access(path: Path, access: BackupAccess) -> None:
    """Refuses unless ``access`` unwraps the backup's data key; a backup without accounts needs none."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        accounts = _rows(conn, "SELECT count(*) FROM user_account", ())
        if not accounts or not accounts[0][0]:
            return
        if access.recovery_code:
            rows = _rows(conn, "SELECT kek_salt, kek_params, wrapped_key FROM key_wrap WHERE purpose = ?",
                         (RECOVERY,))
            secret, aad = crypto.normalize_recovery_code(access.recovery_code), RECOVERY
        else:
            rows = _rows(conn, "SELECT kek_salt, kek_params, wrapped_key, id FROM user_account WHERE username = ?",
                         (access.username.strip().lower(),))
            secret, aad = access.password, key_aad(rows[0][3]) if rows else ""
    try:
        if rows:
            keys.unwrap(keys.Wrapped(rows[0][0], rows[0][1], rows[0][2]), secret, aad)
            return
    except DecryptionError:
        pass
    raise ValidationError("backup_access", _(
        "This backup is protected: give the password of one of its accounts, or its recovery code."))
