"""Before a restore: proof that one may open the backup — a password of one of its accounts, or its
recovery code — then the restore itself; a refusal is shown at the field that was wrong."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QLabel, QLineEdit, QRadioButton, QVBoxLayout,
                               QWidget)

from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.services.backup_access import BackupAccess
from desktop.ui.access.passwords import password_edit
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm
from desktop.ui.operations import restore_from
from desktop.ui.tasks import show_error


class BackupAccessDialog(QDialog):
    """Accepted once the data is restored; ``safety`` is the backup of what was there before."""

    def __init__(self, ctx: AppContext, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._source = ctx, source
        self._busy = False
        self.safety: Path | None = None
        self.setWindowTitle(_("Open the backup"))
        self.setMinimumWidth(500)
        intro = QLabel(_("A backup's protected data opens only for someone who knows one of its passwords. Give "
                         "the user name and password of an account in {file}, or the recovery code printed "
                         "when that station was set up.").format(file=source.name))
        intro.setWordWrap(True)
        self.with_account = QRadioButton(_("An account in the backup"))
        self.with_code = QRadioButton(_("Its recovery code"))
        self.with_account.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.with_account)
        choice.addButton(self.with_code)
        self.form = FieldForm(self)
        who = ctx.gateway.principal
        self.username = QLineEdit(who.username if who.user_id is not None else "")
        self.password = password_edit()
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.form.add_row("username", _("User name"), self.username)
        self.form.add_row("password", _("Password"), self.password)
        self.form.add_row("recovery_code", _("Recovery code"), self.code)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(_("Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.with_account)
        layout.addWidget(self.with_code)
        layout.addLayout(self.form.layout)
        layout.addWidget(buttons)
        self.with_account.toggled.connect(lambda _on: self._show_fields())
        for edit in (self.username, self.password, self.code):
            edit.textChanged.connect(lambda _text: self._update_button())
        self._show_fields()
        (self.password if self.username.text() else self.username).setFocus()

    def _by_account(self) -> bool:
        return self.with_account.isChecked()

    def _show_fields(self) -> None:
        self.form.clear()
        for widget in (self.username, self.password):
            self.form.layout.setRowVisible(widget, self._by_account())
        self.form.layout.setRowVisible(self.code, not self._by_account())
        self._update_button()

    def access(self) -> BackupAccess:
        if self._by_account():
            return BackupAccess(username=self.username.text(), password=self.password.text())
        return BackupAccess(recovery_code=self.code.text())

    def _update_button(self) -> None:
        given = (self.username.text().strip() and self.password.text()) if self._by_account() else self.code.text()
        self.restore_button.setEnabled(bool(given) and not self._busy)

    def restore(self) -> None:
        if self._busy or not self.restore_button.isEnabled():
            return
        self._busy = True
        self._update_button()
        restore_from(self._ctx, self, self._source, self.access(), on_success=self._on_restored,
                     on_failure=self._on_failed)

    def reject(self) -> None:
        if not self._busy:  # a restore under way finishes (or fails) before the dialog closes
            super().reject()

    def _on_restored(self, safety: Path) -> None:
        self._busy = False
        self.safety = safety
        self.accept()

    def _on_failed(self, error: WusheError) -> None:
        self._busy = False
        self._update_button()
        if isinstance(error, ValidationError) and error.field == "backup_access":
            field = "password" if self._by_account() else "recovery_code"
            self.form.show_error(ValidationError(field, error.message))
        else:
            show_error(self, error)
