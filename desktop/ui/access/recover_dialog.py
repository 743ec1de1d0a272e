"""“Forgot all passwords?”: the printed recovery code, a user name and a new password for them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.passwords import check_password
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.services import signin
from desktop.services.signin import SignedIn
from desktop.ui.access.passwords import PasswordPair
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm
from desktop.ui.tasks import Progress, show_error


class RecoverDialog(QDialog):
    """Accepted with ``signed_in`` once the code fitted and the new password is set."""

    def __init__(self, ctx: AppContext, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.signed_in: SignedIn | None = None
        self.setWindowTitle(_("Sign in with the recovery code"))
        self.setMinimumWidth(520)
        intro = QLabel(_("Type the code from the recovery sheet printed at set-up, the user name whose "
                         "password is lost (usually the station head's) and a new password for it."))
        intro.setWordWrap(True)
        self.form = FieldForm(self)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.code.setMaxLength(64)
        self.username = QLineEdit(username)
        self.username.setMaxLength(32)
        self.form.add_row("recovery_code", _("Recovery code"), self.code)
        self.form.add_row("username", _("User name"), self.username)
        self.passwords = PasswordPair(self.form, "new_password", _("New password"))
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Set the password and sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
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
        self.code.setFocus()

    def _checked(self) -> tuple[str, str, str]:
        if not self.code.text().strip():
            raise ValidationError("recovery_code", _("Type the recovery code."))
        username = self.username.text().strip()
        if not username:
            raise ValidationError("username", _("Type the user name."))
        check_password(self.passwords.password.text(), username, field="new_password")
        return self.code.text(), username, self.passwords.matched()

    def _update_button(self) -> None:
        valid = self.form.check(self._checked) is not None
        self.ok_button.setEnabled(valid and not self._busy)

    def save(self) -> None:
        self.form.touch_all()
        checked = None if self._busy else self.form.check(self._checked)
        if checked is None:
            return
        code, username, password = checked
        self._busy = True
        self._update_button()
        db = self._ctx.gateway.db

        def job(_progress: Progress) -> SignedIn:
            return signin.recover(db, code, username, password)

        self._ctx.tasks.run(job, parent=self, label=_("Checking the recovery code…"),
                            on_success=self._on_done, on_failure=self._on_failed)

    def _on_done(self, result: SignedIn) -> None:
        self._busy = False
        self.signed_in = result
        self.accept()

    def _on_failed(self, error: WusheError) -> None:
        self._busy = False
        self._update_button()
        if isinstance(error, ValidationError):
            self.form.show_error(error)
        else:
            show_error(self, error)
