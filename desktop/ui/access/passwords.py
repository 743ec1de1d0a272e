"""A password and its confirmation as two rows of a ``FieldForm``."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from desktop.domain.passwords import MIN_LENGTH
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.ui.forms import FieldForm

MAX_PASSWORD = 128


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(MAX_PASSWORD)
    return edit


class PasswordPair:
    """``field`` is the service's name for the password; a mismatch is reported at the confirmation."""

    def __init__(self, form: FieldForm, field: str, label: str, confirm_label: str = "") -> None:
        self.field, self.confirm_field = field, f"{field}_confirm"
        self.password = password_edit()
        self.password.setPlaceholderText(_("At least {n} characters: letters with digits or symbols")
                                         .format(n=MIN_LENGTH))
        self.confirm = password_edit()
        form.add_row(self.field, label, self.password)
        form.add_row(self.confirm_field, confirm_label or _("Repeat the password"), self.confirm)

    def matched(self) -> str:
        """The password once the confirmation repeats it; raises ``ValidationError`` at the confirmation."""
        if self.confirm.text() != self.password.text():
            raise ValidationError(self.confirm_field, _("The two passwords are not the same."))
        return self.password.text()
