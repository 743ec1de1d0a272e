"""The sign-in window shown at start, after signing out and after a restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.errors import NotFoundError, WusheError
from desktop.i18n import _
from desktop.services import signin
from desktop.services.signin import SignedIn
from desktop.services.station import get_profile
from desktop.ui.access.passwords import password_edit
from desktop.ui.access.recover_dialog import RecoverDialog
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm
from desktop.ui.tasks import Progress

LAST_USER_KEY = "ui/last_user"


def heading_label(text: str, factor: float = 1.4) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(True)
    label.setFont(font)
    return label


class SignInDialog(QDialog):
    """Accepted once someone is signed in; ``signed_in`` says who and whether they must change
    their password. Rejected (Quit) leaves nobody signed in."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.signed_in: SignedIn | None = None
        self.setWindowTitle(_("Sign in — Wushe Desk"))
        self.setMinimumWidth(440)
        try:
            station = ctx.gateway.read(get_profile).name
        except NotFoundError:
            station = _("Wushe Desk")
        self.form = FieldForm(self)
        last = ctx.settings.value(LAST_USER_KEY, "")
        self.username = QLineEdit(last if isinstance(last, str) else "")
        self.username.setMaxLength(32)
        self.password = password_edit()
        self.form.add_row("username", _("User name"), self.username)
        self.form.add_row("password", _("Password"), self.password)
        forgot = _("Forgot all passwords?")  # outside the f-string, where the extractor finds it
        self.forgot = QLabel(f"<a href='recover'>{forgot}</a>")
        self.forgot.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.forgot.linkActivated.connect(lambda _link: self.recover())
        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton(_("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading_label(station))
        layout.addWidget(QLabel(_("Sign in with your user name and password.")))
        layout.addSpacing(6)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.forgot)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        for edit in (self.username, self.password):
            edit.textChanged.connect(lambda _text: self._update_button())
        self._update_button()
        (self.password if self.username.text() else self.username).setFocus()

    def _update_button(self) -> None:
        ready = bool(self.username.text().strip() and self.password.text())
        self.sign_in_button.setEnabled(ready and not self._busy)

    def sign_in(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if self._busy or not username or not password:
            return
        self._busy = True
        self._update_button()
        db = self._ctx.gateway.db

        def job(progress: Progress) -> SignedIn:
            return signin.sign_in(db, username, password, progress)  # the first after an upgrade tidies ID numbers

        self._ctx.tasks.run(job, parent=self, label=_("Signing in…"), on_success=self._on_signed_in,
                            on_failure=self._on_failed)

    def _on_signed_in(self, result: SignedIn) -> None:
        self._busy = False
        self._ctx.settings.setValue(LAST_USER_KEY, result.principal.username)
        self.signed_in = result
        self.accept()

    def _on_failed(self, error: WusheError) -> None:
        """Wrong password, locked or disabled: the service's words, under the password."""
        self._busy = False
        self.password.clear()
        self.form.show_errors({"password": error.message})
        self.password.setFocus()
        self._update_button()

    def recover(self) -> None:
        dialog = RecoverDialog(self._ctx, self.username.text().strip(), parent=self)
        if dialog.exec() and dialog.outcome is not None:
            self._on_signed_in(dialog.outcome)
