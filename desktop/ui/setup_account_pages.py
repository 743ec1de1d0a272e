"""The setup wizard's pages about accounts: the station head, the demo password, the recovery code."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWizardPage

from desktop.domain.codes import label
from desktop.domain.passwords import check_password
from desktop.domain.permissions import Role, head_title, role_labels
from desktop.i18n import _
from desktop.reports.recovery_sheet import RecoverySheet
from desktop.services.accounts import AccountInput
from desktop.services.demo import DEMO_HEAD, DEMO_USERS
from desktop.ui.access.account_form import AccountFields
from desktop.ui.access.passwords import PasswordPair
from desktop.ui.access.recovery_code import RecoveryCodeView
from desktop.ui.forms import FieldForm
from desktop.ui.tasks import TaskRunner


class AccountPage(QWizardPage):
    """站长账户 (县级管理员 at a county, as ``node_kind`` tells the kind chosen): the first account, made in the
    same unit of work as the station."""

    def __init__(self, node_kind: Callable[[], str]) -> None:
        super().__init__()
        self._node_kind = node_kind
        self._name_head("")
        self.form = FieldForm(self)
        self.fields = AccountFields(self.form, role_editable=False, password_label=_("Password"))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.layout)
        layout.addStretch(1)
        self.form.edited.connect(lambda _field: self.completeChanged.emit())

    def _name_head(self, kind: str) -> None:
        self.setTitle(_("{head} account").format(head=label(role_labels(kind), Role.ADMIN)))
        self.setSubTitle(_("The {head} signs in with this account and adds the other users later. Its password "
                           "also unlocks the protected data, so choose one only the head knows.").format(
            head=head_title(kind)))

    def initializePage(self) -> None:
        self._name_head(self._node_kind())
        # After the wizard has focused the page's first field (the user name, usually kept as "admin").
        QTimer.singleShot(0, self.fields.display_name.setFocus)

    def validated(self) -> AccountInput | None:
        return self.form.check(self.fields.checked)

    def isComplete(self) -> bool:
        return self.validated() is not None


class DemoPage(QWizardPage):
    """The demo's head ``admin`` and the demo users share one password, chosen here."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Demo data"))
        users = ", ".join([DEMO_HEAD[0], *(username for username, *_rest in DEMO_USERS)])
        self.setSubTitle(_("Choose a password for the demo accounts ({users}); they all share it. "
                           "You are signed in as the station head, admin.").format(users=users))
        self.form = FieldForm(self)
        self.passwords = PasswordPair(self.form, "password", _("Password"))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.layout)
        layout.addStretch(1)
        self.form.edited.connect(lambda _field: self.completeChanged.emit())

    def password(self) -> str | None:
        """The chosen password, or None while it is too weak or not repeated."""
        def build() -> str:
            check_password(self.passwords.password.text(), DEMO_HEAD[0])
            return self.passwords.matched()

        return self.form.check(build)

    def isComplete(self) -> bool:
        return self.password() is not None

    def nextId(self) -> int:
        return -1


class RecoveryPage(QWizardPage):
    """恢复码: shown once the station is saved; Finish waits for the tick that the code is kept."""

    def __init__(self, tasks: TaskRunner) -> None:
        super().__init__()
        self.setTitle(_("Recovery code"))
        self.setSubTitle(_("The station is saved. One more step: keep the recovery code."))
        self.view = RecoveryCodeView(tasks)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.view.confirmed.connect(lambda _on: self.completeChanged.emit())

    def set_sheet(self, sheet: RecoverySheet) -> None:
        self.view.set_sheet(sheet)

    def isComplete(self) -> bool:
        return self.view.is_confirmed()

    def nextId(self) -> int:
        return -1
