"""The fields of a new account as rows of a ``FieldForm``, checked with ``AccountInput.validated()``.

Shared by the setup wizard and the first-account dialog (the station head) and by 设置 → 用户
(any role, with an initial password the user replaces at first sign-in).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop.domain.permissions import Role, role_labels
from desktop.i18n import _
from desktop.services.accounts import AccountInput
from desktop.ui.access.passwords import PasswordPair
from desktop.ui.forms import FieldForm, combo_value, fill_combo

HEAD_USERNAME = "admin"


def role_combo(selected: str, node_kind: str) -> QComboBox:
    """The roles as a node of ``node_kind`` names them (县级管理员, not 站长, at a county)."""
    combo = QComboBox()
    fill_combo(combo, {code: _(text) for code, text in role_labels(node_kind).items()}, selected)
    return combo


class AccountFields:
    """``role_editable`` False: the station head (role fixed, user name prefilled "admin")."""

    def __init__(self, form: FieldForm, *, role_editable: bool, password_label: str, node_kind: str = "") -> None:
        self.username = QLineEdit("" if role_editable else HEAD_USERNAME)
        self.username.setMaxLength(32)
        self.username.setPlaceholderText(_("Lower-case letters and digits, e.g. lixia"))
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(50)
        self.role = role_combo(Role.CASEWORKER, node_kind) if role_editable else None
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("Optional"))
        form.add_row("username", _("User name"), self.username)
        form.add_row("display_name", _("Full name"), self.display_name)
        if self.role is not None:
            form.add_row("role", _("Role"), self.role)
        form.add_row("phone", _("Mobile"), self.phone)
        self.passwords = PasswordPair(form, "password", password_label)

    def value(self) -> AccountInput:
        """What is typed, unvalidated."""
        role = combo_value(self.role) if self.role is not None else Role.ADMIN
        return AccountInput(self.username.text(), self.display_name.text(), role,
                            self.passwords.password.text(), self.phone.text())

    def checked(self) -> AccountInput:
        """The validated account; raises ``ValidationError`` at the first field that is wrong."""
        data = self.value().validated()
        self.passwords.matched()
        return data
