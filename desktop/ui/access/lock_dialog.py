"""The idle lock: covers the main window until the signed-in user types their password again.

Everything underneath — the window, open dialogs, half-typed forms — stays as it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.errors import WusheError
from desktop.i18n import _
from desktop.services import signin
from desktop.services.signin import SignedIn
from desktop.ui.access.passwords import password_edit
from desktop.ui.access.sign_in_dialog import heading_label
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm
from desktop.ui.tasks import Progress

PANEL_WIDTH = 440


class LockDialog(QDialog):
    """``unlocked`` once the password fits (the user is signed in again); ``quit_requested`` for
    "Sign out and quit". Escape does nothing: only the password opens it."""

    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, ctx: AppContext, username: str, display_name: str, window: QWidget) -> None:
        super().__init__(window, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self._ctx, self._username, self._window = ctx, username, window
        self._busy = False
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(_("Wushe Desk is locked"))
        self.form = FieldForm(self)
        self.password = password_edit()
        self.form.add_row("password", _("Password"), self.password)
        text = QLabel(_("There was no input for a while, so Wushe Desk locked itself. {name} ({user}): type your "
                        "password to go on. Nothing you were typing is lost.")
                      .format(name=display_name, user=username))
        text.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(_("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setDefault(True)
        self.quit_button = buttons.addButton(_("Sign out and quit"), QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.accepted.connect(self.unlock)
        self.quit_button.clicked.connect(self.quit_requested)
        panel = QFrame()
        panel.setObjectName("lockPanel")
        panel.setFixedWidth(PANEL_WIDTH)
        panel.setStyleSheet("QFrame#lockPanel { border: 1px solid palette(mid); border-radius: 8px;"
                            " background: palette(base); }")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(12)
        inner.addWidget(heading_label(_("Wushe Desk is locked")))
        inner.addWidget(text)
        inner.addLayout(self.form.layout)
        inner.addWidget(buttons)
        row = QHBoxLayout()  # stretches rather than an alignment, so the wrapped text gets its height
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.password.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        self.setGeometry(self._window.geometry())  # the window's content is hidden behind the lock
        super().showEvent(event)

    def reject(self) -> None:
        """Escape and closing the window do not unlock."""

    def unlock(self) -> None:
        password = self.password.text()
        if self._busy or not password:
            return
        self._busy = True
        self.unlock_button.setEnabled(False)
        db, username = self._ctx.gateway.db, self._username

        def job(_progress: Progress) -> SignedIn:
            return signin.sign_in(db, username, password)  # wrong passwords count towards the lock-out

        self._ctx.tasks.run(job, parent=self, label=_("Checking the password…"), on_success=self._on_unlocked,
                            on_failure=self._on_failed)

    def _on_unlocked(self, _result: SignedIn) -> None:
        self._busy = False
        self.accept()
        self.unlocked.emit()

    def _on_failed(self, error: WusheError) -> None:
        self._busy = False
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.form.show_errors({"password": error.message})
        self.password.setFocus()
