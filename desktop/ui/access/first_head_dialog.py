"""A station set up before accounts existed: its head creates the first account, then keeps the
recovery code (``RecoveryCodeDialog``) that ``accounts.make_first_head`` returns."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.domain.permissions import head_title
from desktop.i18n import _
from desktop.services import accounts
from desktop.services.accounts import AccountInput
from desktop.ui.access.account_form import AccountFields
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job


class FirstHeadDialog(FormDialog):
    """Accepted once the account exists and is signed in; ``outcome`` is the recovery code."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        head = head_title(ctx.gateway.node_kind)  # the county administrator at a county
        super().__init__(ctx, title=_("Create the {head} account").format(head=head), ok_text=_("Create the account"),
                         cancel_text=_("Quit"), parent=parent, intro=_(
                             "From now on everyone signs in, and protected data (ID card and phone numbers, case "
                             "notes) is encrypted. First create the {head}'s account: the head adds the other "
                             "users under Settings → Users.").format(head=head))
        self.fields = AccountFields(self.form, role_editable=False, password_label=_("Password"))
        self.update_button()
        self.fields.display_name.setFocus()

    def checked(self) -> AccountInput:
        return self.fields.checked()

    def job(self, values: AccountInput) -> Job:
        db = self._ctx.gateway.db
        return lambda _progress: accounts.make_first_head(db, values)

    def progress_text(self) -> str:
        return _("Creating the account…")
