"""Showing a new recovery code once, and writing its sheet when asked."""

from __future__ import annotations

from pathlib import Path

from desktop.i18n import _
from desktop.reports.recovery_sheet import RecoverySheet, write_recovery_sheet
from desktop.services import station
from desktop.storage.base import utcnow
from desktop.storage.database import Database


def announce_recovery(db: Database, code: str, pdf: Path | None) -> None:
    print(_("Recovery code (print it and keep it locked away; it is shown only now): {code}").format(code=code))
    if pdf:
        profile = station.profile_of(db)
        write_recovery_sheet(RecoverySheet(profile.name, profile.node_id, code, utcnow()), pdf)
        print(_("Recovery sheet written to {path}").format(path=pdf))
