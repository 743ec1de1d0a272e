"""设置 → 用户's dialogs: add an account, edit one, give one a temporary password."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.domain.contact import normalize_mobile
from desktop.domain.passwords import check_password
from desktop.domain.permissions import ROLE_LABELS
from desktop.i18n import _
from desktop.services import accounts
from desktop.services.accounts import AccountInput, UserView
from desktop.services.forms import one_of, required_text
from desktop.ui.access.account_form import AccountFields, role_combo
from desktop.ui.access.passwords import PasswordPair
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value
from desktop.ui.tasks import Job


class AddUserDialog(FormDialog):
    """``outcome`` is the new ``UserView``; the user picks their own password at first sign-in."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("New user"), ok_text=_("Add"), parent=parent, intro=_(
            "Tell the new user their initial password in person; they choose their own at first sign-in."))
        self.fields = AccountFields(self.form, role_editable=True, password_label=_("Initial password"),
                                    node_kind=ctx.gateway.node_kind)
        self.update_button()
        self.fields.username.setFocus()

    def checked(self) -> AccountInput:
        return self.fields.checked()

    def job(self, values: AccountInput) -> Job:
        gateway = self._ctx.gateway
        return lambda _progress: gateway.write(accounts.add_user, values)


class EditUserDialog(FormDialog):
    """Name, role and mobile of an account; the user name stays (it is how they sign in)."""

    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Edit {user}").format(user=user.username), ok_text=_("Save"), parent=parent)
        self._user = user
        self.display_name = QLineEdit(user.display_name)
        self.display_name.setMaxLength(50)
        self.role = role_combo(user.role, ctx.gateway.node_kind)
        self.phone = QLineEdit(user.phone)
        self.phone.setPlaceholderText(_("Optional"))
        self.form.add_row("display_name", _("Full name"), self.display_name)
        self.form.add_row("role", _("Role"), self.role)
        self.form.add_row("phone", _("Mobile"), self.phone)
        self.update_button()
        self.display_name.setFocus()

    def checked(self) -> tuple[str, str, str]:
        """The same checks as ``accounts.update_user``, as you type."""
        name = required_text(self.display_name.text(), "display_name", 50)
        role = one_of(combo_value(self.role), ROLE_LABELS, "role")
        phone = normalize_mobile(self.phone.text()) if self.phone.text().strip() else ""
        return name, role, phone

    def job(self, values: tuple[str, str, str]) -> Job:
        gateway, user_id = self._ctx.gateway, self._user.id
        return lambda _progress: gateway.write(accounts.update_user, user_id, *values)


class ResetPasswordDialog(FormDialog):
    """A temporary password; it also lifts a lock-out. The user must change it at sign-in."""

    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Reset the password of {user}").format(user=user.username),
                         ok_text=_("Reset password"), parent=parent, intro=_(
                             "{name} signs in with this temporary password and must then choose a new one. "
                             "A lock-out after wrong passwords ends too.").format(name=user.display_name))
        self._user = user
        self.passwords = PasswordPair(self.form, "password", _("Temporary password"))
        self.update_button()
        self.passwords.password.setFocus()

    def checked(self) -> str:
        check_password(self.passwords.password.text(), self._user.username)
        return self.passwords.matched()

    def job(self, values: str) -> Job:
        gateway, user_id = self._ctx.gateway, self._user.id
        return lambda _progress: gateway.write(accounts.reset_password, user_id, values)
