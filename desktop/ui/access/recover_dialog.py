"""“Forgot all passwords?”: the printed recovery code, a user name and a new password for them."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.domain.passwords import check_password
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import signin
from desktop.ui.access.passwords import PasswordPair
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job

CODE_FORMAT_HINT = "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"


class RecoverDialog(FormDialog):
    """Accepted once the code fitted and the new password is set; ``outcome`` is the ``SignedIn``."""

    def __init__(self, ctx: AppContext, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Sign in with the recovery code"), ok_text=_("Set the password and sign in"),
                         parent=parent, intro=_(
                             "Type the code from the recovery sheet printed at set-up, the user name whose "
                             "password is lost (usually the station head's) and a new password for it."))
        self.code = QLineEdit()
        self.code.setPlaceholderText(CODE_FORMAT_HINT)
        self.code.setMaxLength(64)
        self.username = QLineEdit(username)
        self.username.setMaxLength(32)
        self.form.add_row("recovery_code", _("Recovery code"), self.code)
        self.form.add_row("username", _("User name"), self.username)
        self.passwords = PasswordPair(self.form, "new_password", _("New password"))
        self.update_button()
        self.code.setFocus()

    def checked(self) -> tuple[str, str, str]:
        if not self.code.text().strip():
            raise ValidationError("recovery_code", _("Type the recovery code."))
        username = self.username.text().strip()
        if not username:
            raise ValidationError("username", _("Type the user name."))
        check_password(self.passwords.password.text(), username, field="new_password")
        return self.code.text(), username, self.passwords.matched()

    def job(self, values: tuple[str, str, str]) -> Job:
        db = self._ctx.gateway.db
        code, username, password = values
        return lambda _progress: signin.recover(db, code, username, password)

    def progress_text(self) -> str:
        return _("Checking the recovery code…")
