"""Backups on the database worker and what follows a restore, shared by the menu and the 设置 page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import _
from desktop.services import maintenance
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


def after_restore(ctx: AppContext, parent: QWidget | None, source: Path, safety: Path) -> None:
    """Say what happened, then let the sign-in window come back: nobody is signed in any more, and
    the windows show the restored data once someone is."""
    QMessageBox.information(
        parent, _("Restore finished"),
        _("The data was restored from {source}.\n\nWhat was there before is kept in the backup {safety}.\n\n"
          "Everyone is signed out now; sign in again to go on.").format(source=source.name, safety=safety.name),
    )
    ctx.session.signed_out.emit()
