"""Who sits at the keyboard: set-up or sign-in before the main window, signing in again after
signing out or a restore, and the idle lock over the window."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.services import signin
from desktop.services.station import is_initialized
from desktop.ui.access.change_password_dialog import ChangePasswordDialog
from desktop.ui.access.first_head_dialog import FirstHeadDialog
from desktop.ui.access.idle import IdleWatcher
from desktop.ui.access.lock_dialog import LockDialog
from desktop.ui.access.recovery_code import RecoveryCodeDialog, sheet_for
from desktop.ui.access.sign_in_dialog import SignInDialog
from desktop.ui.context import AppContext
from desktop.ui.setup_wizard import SetupWizard

MINUTE_MS = 60_000


@contextmanager
def _keep_running(app: QApplication) -> Iterator[None]:
    """The main window is hidden while someone signs in; closing that dialog must not end the app."""
    before = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        yield
    finally:
        app.setQuitOnLastWindowClosed(before)


class AccessController(QObject):
    def __init__(self, ctx: AppContext, app: QApplication) -> None:
        super().__init__()
        self._ctx, self._app = ctx, app
        self._window: QWidget | None = None
        self.lock_dialog: LockDialog | None = None
        self.watcher = IdleWatcher(self)
        self.watcher.idle.connect(self.lock)
        app.installEventFilter(self.watcher)
        # Queued: the menu action that asked is rebuilt for the next user, so let it return first.
        queued = Qt.ConnectionType.QueuedConnection
        ctx.session.lock_requested.connect(self.lock, queued)
        ctx.session.sign_out_requested.connect(self.sign_out, queued)
        ctx.session.signed_out.connect(self.sign_in_again, queued)
        ctx.events.changed.connect(self._on_data_changed)

    def start(self) -> bool:
        """Before the main window: set up, create the first account, or sign in. False: quit."""
        db = self._ctx.gateway.db
        if not is_initialized(db):
            ready = SetupWizard(self._ctx).exec() == QDialog.DialogCode.Accepted
        elif not signin.has_accounts(db):
            ready = self._create_first_head()
        else:
            ready = self._sign_in()
        if ready:
            self._watch()
        return ready

    def attach(self, window: QWidget) -> None:
        """The window the lock covers and that is hidden while nobody is signed in."""
        self._window = window

    def close(self) -> None:
        """Stop watching: the window is gone, so no idle time may lock it any more."""
        self.watcher.stop()
        self._app.removeEventFilter(self.watcher)
        self._window = None

    # --- signing in -----------------------------------------------------------------------
    def _sign_in(self) -> bool:
        db = self._ctx.gateway.db
        while True:
            dialog = SignInDialog(self._ctx)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.signed_in is None:
                return False
            if not dialog.signed_in.must_change_password:
                return True
            change = ChangePasswordDialog(self._ctx, old_password=dialog.password.text())
            if change.exec() == QDialog.DialogCode.Accepted:
                return True
            # A temporary password is no way in: back to the sign-in window.
            self._ctx.tasks.run(lambda _progress: signin.sign_out(db), show_progress=False)

    def _create_first_head(self) -> bool:
        dialog = FirstHeadDialog(self._ctx)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome is None:
            return False
        RecoveryCodeDialog(self._ctx.tasks, sheet_for(self._ctx.gateway, dialog.outcome)).exec()
        return True

    def sign_out(self) -> None:
        db = self._ctx.gateway.db
        self.watcher.stop()
        self._ctx.tasks.run(lambda _progress: signin.sign_out(db), show_progress=False,
                            on_success=lambda _result: self.sign_in_again())

    def sign_in_again(self) -> None:
        """Nobody is signed in (signed out, or a restore): hide the window until someone is."""
        self.watcher.stop()
        window = self._window
        if window is not None:
            window.hide()
        with _keep_running(self._app):
            ready = self.start()
        if not ready:
            self._quit()
        elif window is not None:
            self._ctx.session.user_changed.emit()
            window.show()

    def _quit(self) -> None:
        if self._window is not None:
            self._window.close()
        self._app.quit()

    # --- the idle lock --------------------------------------------------------------------
    def _watch(self) -> None:
        if self._ctx.gateway.principal.user_id is None:
            self.watcher.stop()
            return
        self.watcher.start(self._ctx.gateway.read(signin.lock_minutes) * MINUTE_MS)

    def _on_data_changed(self, topic: str) -> None:
        if topic == "lock" and self.lock_dialog is None:
            self._watch()

    def lock(self) -> None:
        """Cover the window and forget the data key until the same user's password is typed again."""
        db, who = self._ctx.gateway.db, self._ctx.gateway.principal
        if self.lock_dialog is not None or who.user_id is None or self._window is None:
            return
        self.watcher.stop()
        # On the worker, so a save queued before the lock still runs as its user.
        self._ctx.tasks.run(lambda _progress: db.sign_out(), show_progress=False)
        self.lock_dialog = LockDialog(self._ctx, who.username, who.display_name, self._window)
        self.lock_dialog.unlocked.connect(self._unlocked)
        self.lock_dialog.quit_requested.connect(self._quit)
        self.lock_dialog.show()  # application-modal: it covers open dialogs too, which stay as they are

    def _unlocked(self) -> None:
        if self.lock_dialog is not None:
            self.lock_dialog.deleteLater()
            self.lock_dialog = None
        self._watch()
