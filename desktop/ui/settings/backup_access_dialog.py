"""Before a restore: proof that one may open the backup — a password of one of its accounts, or its
recovery code — then the restore itself; a refusal is shown at the field that was wrong."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QButtonGroup, QLineEdit, QRadioButton, QWidget

from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.services import maintenance
from desktop.services.backup_access import BackupAccess
from desktop.ui.access.passwords import password_edit
from desktop.ui.access.recover_dialog import CODE_FORMAT_HINT
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job


class BackupAccessDialog(FormDialog):
    """Accepted once the data is restored; ``outcome`` is the safety backup of what was there before.
    The service signs everyone out: the caller lets the sign-in window come back."""

    def __init__(self, ctx: AppContext, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Open the backup"), ok_text=_("Restore"), parent=parent, intro=_(
            "A backup's protected data opens only for someone who knows one of its passwords. Give the user "
            "name and password of an account in {file}, or the recovery code printed when that station was "
            "set up.").format(file=source.name))
        self._source = source
        self.with_account = QRadioButton(_("An account in the backup"))
        self.with_code = QRadioButton(_("Its recovery code"))
        self.with_account.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.with_account)
        choice.addButton(self.with_code)
        who = ctx.gateway.principal
        self.username = QLineEdit(who.username if who.user_id is not None else "")
        self.password = password_edit()
        self.code = QLineEdit()
        self.code.setPlaceholderText(CODE_FORMAT_HINT)
        self.form.layout.addRow(self.with_account)
        self.form.add_row("username", _("User name"), self.username)
        self.form.add_row("password", _("Password"), self.password)
        self.form.layout.addRow(self.with_code)
        self.form.add_row("recovery_code", _("Recovery code"), self.code)
        self.with_account.toggled.connect(lambda _on: self._show_fields())
        self._show_fields()
        (self.password if self.username.text() else self.username).setFocus()

    def _by_account(self) -> bool:
        return self.with_account.isChecked()

    def _show_fields(self) -> None:
        self.form.clear()
        for widget, shown in ((self.username, self._by_account()), (self.password, self._by_account()),
                              (self.code, not self._by_account())):
            widget.setEnabled(shown)
        self.update_button()

    def checked(self) -> BackupAccess:
        if not self._by_account():
            if not self.code.text().strip():
                raise ValidationError("recovery_code", _("Type the recovery code."))
            return BackupAccess(recovery_code=self.code.text())
        if not self.username.text().strip():
            raise ValidationError("username", _("Type the user name."))
        if not self.password.text():
            raise ValidationError("password", _("Type the password."))
        return BackupAccess(username=self.username.text(), password=self.password.text())

    def job(self, values: BackupAccess) -> Job:
        db, source = self._ctx.gateway.db, self._source
        return lambda _progress: maintenance.restore(db, source, values)

    def progress_text(self) -> str:
        return _("Restoring the database…")

    def show_failure(self, error: WusheError) -> None:
        if isinstance(error, ValidationError) and error.field == "backup_access":
            field = "password" if self._by_account() else "recovery_code"
            error = ValidationError(field, error.message)
        super().show_failure(error)
