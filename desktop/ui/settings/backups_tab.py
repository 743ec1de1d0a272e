"""Backups: the list beside the database, "Back up now", and restoring from a file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (QDialog, QFileDialog, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_datetime, format_number
from desktop.paths import backups_dir
from desktop.storage.backup import KEEP_PER_REASON, BackupInfo, list_backups
from desktop.ui.layouts import button_row
from desktop.ui.context import AppContext
from desktop.ui.operations import after_restore, back_up_now
from desktop.ui.settings.backup_access_dialog import BackupAccessDialog
from desktop.ui.list_view import list_view
from desktop.ui.table_model import RIGHT, Column, PagedTableModel, whole_list

REASONS = {
    "daily": N_("Daily, at start-up"),
    "manual": N_("Made by hand"),
    "prerestore": N_("Before a restore"),
    "premigrate": N_("Before an upgrade"),
}


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{size} MB").format(size=format_number(round(Decimal(size) / (1024 * 1024), 1)))
    return _("{size} KB").format(size=format_number(max(1, round(size / 1024))))


COLUMNS: list[Column[BackupInfo]] = [
    Column(N_("Made at"), None, lambda b: format_datetime(b.created.astimezone(), "medium")),
    Column(N_("Why"), None, lambda b: _(REASONS[b.reason]) if b.reason in REASONS else b.reason),
    Column(N_("Size"), None, lambda b: size_text(b.size), RIGHT),
    Column(N_("File"), None, lambda b: b.path.name),
]


class BackupsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._db_path = ctx.gateway.path
        self._found: dict[str, BackupInfo] = {}
        folder = backups_dir(self._db_path) if self._db_path else None
        about = QLabel(_("A backup is made every day at start-up, before every upgrade and before every restore; "
                         "the newest {keep} of each kind are kept in {folder}.")
                       .format(keep=KEEP_PER_REASON, folder=folder))
        about.setWordWrap(True)
        # A few dozen files at most, but the same model as every other list keeps one way of doing lists.
        self.model: PagedTableModel[BackupInfo] = PagedTableModel(
            COLUMNS, whole_list(self._fetch_ids), self._fetch_rows, row_id=lambda b: str(b.path))
        self.view = list_view(self.model)
        # Stretch rather than fit to contents: an empty list must still show readable headers.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.clicked.connect(lambda: back_up_now(ctx, self))
        self.restore_button = QPushButton(_("Restore from file…"))
        self.restore_button.clicked.connect(self.choose_restore)
        for button, action in ((self.backup_button, Action.MAKE_BACKUP), (self.restore_button, Action.RESTORE_BACKUP)):
            button.setEnabled(ctx.gateway.may(action))
            button.setToolTip(ctx.gateway.refusal(action))
        buttons = button_row(self.backup_button, self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(about)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        ctx.events.changed.connect(self._on_data_changed)
        self.model.reload()

    def _fetch_ids(self, _order_by: str, _descending: bool) -> list[str]:
        infos = list_backups(self._db_path) if self._db_path else []  # newest first
        self._found = {str(info.path): info for info in infos}
        return list(self._found)

    def _fetch_rows(self, ids: list[str]) -> list[BackupInfo]:
        return [self._found[i] for i in ids if i in self._found]

    def _on_data_changed(self, topic: str) -> None:
        if topic in ("backups", "all"):
            self.model.reload()

    def choose_restore(self) -> None:
        start = str(backups_dir(self._db_path)) if self._db_path else ""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup to restore"), start, _("Wushe Desk databases (*.db);;All files (*)"))
        if not name:
            return
        source = Path(name)
        answer = QMessageBox.question(
            self, _("Restore from a backup?"),
            _("Everything now in the database will be replaced by the content of {file}.\n\n"
              "A safety backup of the current data is made first, so you can go back to it.")
            .format(file=source.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        dialog = BackupAccessDialog(self._ctx, source, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.outcome is not None:
            after_restore(self._ctx, self, source, dialog.outcome)
