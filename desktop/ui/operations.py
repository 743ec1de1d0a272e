"""Backup and restore as operations on the database worker, shared by the menu and the 设置 page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import WusheError
from desktop.i18n import _
from desktop.services import maintenance
from desktop.services.backup_access import BackupAccess
from desktop.storage.backup import BackupInfo, backup_if_due
from desktop.ui.context import AppContext
from desktop.ui.tasks import Operation, Progress


def back_up_now(ctx: AppContext, parent: QWidget | None) -> Operation:
    db = ctx.gateway.db

    def job(_progress: Progress) -> Path:
        return maintenance.backup(db)

    def done(path: Path) -> None:
        ctx.events.publish("backups")
        ctx.events.tell(_("Backup saved as {name}.").format(name=path.name))

    return ctx.tasks.run(job, parent=parent, label=_("Backing up the database…"), on_success=done)


def back_up_if_due(ctx: AppContext) -> Operation:
    """The automatic daily backup: quiet unless it fails."""
    path = ctx.gateway.path

    def job(_progress: Progress) -> BackupInfo | None:
        return backup_if_due(path) if path is not None else None

    def done(info: BackupInfo | None) -> None:
        if info is not None:
            ctx.events.publish("backups")

    return ctx.tasks.run(job, label=_("Daily backup…"), show_progress=False, on_success=done)


def restore_from(ctx: AppContext, parent: QWidget | None, source: Path, access: BackupAccess,
                 on_success: Callable[[Path], object], on_failure: Callable[[WusheError], object]) -> Operation:
    """Replace the data with ``source``; the service backs up the current data first (its path is
    what ``on_success`` gets) and signs everyone out."""
    db = ctx.gateway.db

    def job(_progress: Progress) -> Path:
        return maintenance.restore(db, source, access)

    return ctx.tasks.run(job, parent=parent, label=_("Restoring the database…"), on_success=on_success,
                         on_failure=on_failure)


def after_restore(ctx: AppContext, parent: QWidget | None, source: Path, safety: Path) -> None:
    """Say what happened, then let the sign-in window come back: nobody is signed in any more."""
    ctx.events.publish("all")
    QMessageBox.information(
        parent, _("Restore finished"),
        _("The data was restored from {source}.\n\nWhat was there before is kept in the backup {safety}.\n\n"
          "Everyone is signed out now; sign in again to go on.").format(source=source.name, safety=safety.name),
    )
    ctx.session.signed_out.emit()
