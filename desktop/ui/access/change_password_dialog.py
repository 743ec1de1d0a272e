"""Changing one's own password: from File ▸ Change password…, or at once after signing in with a
temporary password (the old one is then known and not asked again)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.passwords import check_password
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.services import signin
from desktop.ui.access.passwords import PasswordPair, password_edit
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm
from desktop.ui.tasks import Progress, show_error


class ChangePasswordDialog(QDialog):
    def __init__(self, ctx: AppContext, old_password: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self._known_old = old_password
        self.setWindowTitle(_("Change password"))
        self.setMinimumWidth(480)
        user = ctx.gateway.principal
        intro = QLabel(_("{name}, your password was set by the station head. Choose your own before you go on.")
                       .format(name=user.display_name) if old_password is not None
                       else _("A new password for {name} ({user}).").format(name=user.display_name,
                                                                            user=user.username))
        intro.setWordWrap(True)
        self.form = FieldForm(self)
        self.old = password_edit()
        if old_password is None:
            self.form.add_row("old_password", _("Current password"), self.old)
        self.passwords = PasswordPair(self.form, "new_password", _("New password"))
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Change password"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form.layout)
        layout.addWidget(buttons)
        self.form.edited.connect(lambda _field: self._update_button())
        self._update_button()
        (self.old if old_password is None else self.passwords.password).setFocus()

    def _checked(self) -> tuple[str, str]:
        old = self._known_old if self._known_old is not None else self.old.text()
        if not old:
            raise ValidationError("old_password", _("Type your current password."))
        check_password(self.passwords.password.text(), self._ctx.gateway.principal.username, field="new_password")
        new = self.passwords.matched()
        if new == old:
            raise ValidationError("new_password", _("Choose a password different from the current one."))
        return old, new

    def _update_button(self) -> None:
        self.ok_button.setEnabled(self.form.check(self._checked) is not None and not self._busy)

    def save(self) -> None:
        self.form.touch_all()
        checked = None if self._busy else self.form.check(self._checked)
        if checked is None:
            return
        old, new = checked
        self._busy = True
        self._update_button()
        db = self._ctx.gateway.db

        def job(_progress: Progress) -> None:
            signin.change_password(db, old, new)

        self._ctx.tasks.run(job, parent=self, label=_("Changing the password…"), on_success=self._on_done,
                            on_failure=self._on_failed)

    def _on_done(self, _result: None) -> None:
        self._busy = False
        self._ctx.events.tell(_("Your password is changed."))
        self.accept()

    def _on_failed(self, error: WusheError) -> None:
        self._busy = False
        self._update_button()
        if isinstance(error, ValidationError):
            self.form.show_error(error)
        else:
            show_error(self, error)
