"""The fields of a new account, validated as you type with ``AccountInput.validated()``.

Shared by the setup wizard and the first-account dialog (the station head) and by 设置 → 用户
(any role, with an initial password the user replaces at first sign-in).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.permissions import ROLE_LABELS, Role
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.accounts import AccountInput
from desktop.ui.access.passwords import PasswordPair
from desktop.ui.forms import FieldForm, combo_value, fill_combo

HEAD_USERNAME = "admin"


def role_combo(selected: str) -> QComboBox:
    combo = QComboBox()
    fill_combo(combo, {code: _(text) for code, text in ROLE_LABELS.items()}, selected)
    return combo


class AccountForm(QWidget):
    """``role_editable`` False: the station head (role fixed, user name prefilled "admin")."""

    validity_changed = Signal(bool)

    def __init__(self, *, role_editable: bool, password_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = FieldForm(self)
        self.username = QLineEdit("" if role_editable else HEAD_USERNAME)
        self.username.setMaxLength(32)
        self.username.setPlaceholderText(_("Lower-case letters and digits, e.g. lixia"))
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(50)
        self.role = role_combo(Role.CASEWORKER) if role_editable else None
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("Optional"))
        self.form.add_row("username", _("User name"), self.username)
        self.form.add_row("display_name", _("Name"), self.display_name)
        if self.role is not None:
            self.form.add_row("role", _("Role"), self.role)
        self.form.add_row("phone", _("Mobile"), self.phone)
        self.passwords = PasswordPair(self.form, "password", password_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form.layout)
        self._valid = False
        self.form.edited.connect(lambda _field: self.revalidate())

    def value(self) -> AccountInput:
        """What is typed, unvalidated."""
        role = combo_value(self.role) if self.role is not None else Role.ADMIN
        return AccountInput(self.username.text(), self.display_name.text(), role,
                            self.passwords.password.text(), self.phone.text())

    def validated(self) -> AccountInput | None:
        def build() -> AccountInput:
            data = self.value().validated()
            self.passwords.matched()
            return data

        return self.form.check(build)

    def is_valid(self) -> bool:
        return self._valid

    def revalidate(self) -> bool:
        valid = self.validated() is not None
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        return valid

    def show_error(self, error: ValidationError) -> None:
        """A service's verdict on save (a user name taken, say), at its field."""
        self.form.show_error(error)
