"""Changing one's own password: from File ▸ Change password…, or at once after signing in with a
temporary password (the old one is then known and not asked again)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.domain.passwords import check_password
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import signin
from desktop.ui.access.passwords import PasswordPair, password_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job


def _intro(ctx: AppContext, temporary: bool) -> str:
    user = ctx.gateway.principal
    if temporary:
        return _("{name}, your password was set by the station head. Choose your own before you go on.").format(
            name=user.display_name)
    return _("A new password for {name} ({user}).").format(name=user.display_name, user=user.username)


class ChangePasswordDialog(FormDialog):
    def __init__(self, ctx: AppContext, old_password: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Change password"), ok_text=_("Change password"),
                         intro=_intro(ctx, old_password is not None), parent=parent)
        self._known_old = old_password
        self.old = password_edit()
        if old_password is None:
            self.form.add_row("old_password", _("Current password"), self.old)
        self.passwords = PasswordPair(self.form, "new_password", _("New password"))
        self.update_button()
        (self.old if old_password is None else self.passwords.password).setFocus()

    def checked(self) -> tuple[str, str]:
        old = self._known_old if self._known_old is not None else self.old.text()
        if not old:
            raise ValidationError("old_password", _("Type your current password."))
        check_password(self.passwords.password.text(), self._ctx.gateway.principal.username, field="new_password")
        new = self.passwords.matched()
        if new == old:
            raise ValidationError("new_password", _("Choose a password different from the current one."))
        return old, new

    def job(self, values: tuple[str, str]) -> Job:
        db = self._ctx.gateway.db
        old, new = values
        return lambda _progress: signin.change_password(db, old, new)

    def progress_text(self) -> str:
        return _("Changing the password…")
