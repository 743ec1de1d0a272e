"""A station set up before accounts existed: its head creates the first account, then keeps the
recovery code (``RecoveryCodeDialog``) that ``accounts.make_first_head`` returns."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.services import accounts
from desktop.ui.access.account_form import AccountForm
from desktop.ui.context import AppContext
from desktop.ui.tasks import Progress, show_error


class FirstHeadDialog(QDialog):
    """Accepted once the account exists and is signed in; ``recovery_code`` is then set."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.recovery_code: str | None = None
        self.setWindowTitle(_("Create the station head account"))
        self.setMinimumWidth(520)
        intro = QLabel(_("From now on everyone signs in, and protected data (ID card and phone numbers, case "
                         "notes) is encrypted. First create the station head's account: the head adds the "
                         "other users under Settings → Users."))
        intro.setWordWrap(True)
        self.account = AccountForm(role_editable=False, password_label=_("Password"))
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Create the account"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.account)
        layout.addWidget(buttons)
        self.account.validity_changed.connect(lambda _valid: self._update_button())
        self._update_button()
        self.account.display_name.setFocus()

    def _update_button(self) -> None:
        self.ok_button.setEnabled(self.account.is_valid() and not self._busy)

    def save(self) -> None:
        self.account.form.touch_all()
        data = None if self._busy else self.account.validated()
        if data is None:
            return
        self._busy = True
        self._update_button()
        db = self._ctx.gateway.db

        def job(_progress: Progress) -> str:
            return accounts.make_first_head(db, data)

        self._ctx.tasks.run(job, parent=self, label=_("Creating the account…"), on_success=self._on_done,
                            on_failure=self._on_failed)

    def _on_done(self, code: str) -> None:
        self._busy = False
        self.recovery_code = code
        self.accept()

    def _on_failed(self, error: WusheError) -> None:
        self._busy = False
        self._update_button()
        if isinstance(error, ValidationError):
            self.account.show_error(error)
        else:
            show_error(self, error)
