from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.services import signin
from desktop.services.station import is_initialized
from desktop.storage.opening import open_database
from desktop.ui.access.first_head_dialog import FirstHeadDialog
from desktop.ui.access.recovery_code import RecoveryCodeDialog
from desktop.ui.access.sign_in_dialog import SignInDialog
from desktop.ui.application import run_gui
from desktop.ui.main_window import MainWindow
from desktop.ui.setup_wizard import SetupWizard


def sign_in_as(username: str, password: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog)
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.sign_in_button.click()
    return act


def test_cancelling_the_wizard_leaves_the_database_blank(qapp, db_path, when_shown):
    hook = sys.excepthook
    when_shown(SetupWizard, QWidget.close)
    assert run_gui(db_path, locale="en") == 0
    assert sys.excepthook is hook  # the crash handler is taken down again
    db = open_database(db_path)
    try:
        assert not is_initialized(db)
    finally:
        db.close()


def test_signing_in_opens_the_main_window_and_backs_up(qapp, head_db, password, when_shown):
    head_db.sign_out()
    shown: list[str] = []

    def look(window: QWidget) -> None:
        shown.append(window.windowTitle())
        window.close()

    when_shown(SignInDialog, sign_in_as("admin", password))
    when_shown(MainWindow, look, MainWindow.is_attached)
    assert run_gui(head_db.path, locale="en") == 0
    assert shown and "青山镇" in shown[0]
    assert (head_db.path.parent / "backups").is_dir()  # the daily backup ran
    assert (head_db.path.parent / "logs" / "wushe.log").is_file()


def test_quitting_the_sign_in_quits_the_app(qapp, head_db, when_shown):
    when_shown(SignInDialog, lambda dialog: dialog.reject())
    assert run_gui(head_db.path, locale="en") == 0
    assert not any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_station_without_accounts_gets_its_head_first(qapp, initialized_db, password, when_shown):
    initialized_db.close()
    codes: list[str] = []

    def create(dialog: QWidget) -> None:
        assert isinstance(dialog, FirstHeadDialog)
        assert dialog.fields.username.text() == "admin"
        dialog.fields.display_name.setText("周站长")
        dialog.fields.passwords.password.setText(password)
        dialog.fields.passwords.confirm.setText(password)
        dialog.update_button()
        dialog.ok_button.click()

    def keep(dialog: QWidget) -> None:
        assert isinstance(dialog, RecoveryCodeDialog)
        assert not dialog.close_button.isEnabled()
        codes.append(dialog.view.code.text())
        dialog.view.kept.click()
        dialog.close_button.click()

    when_shown(FirstHeadDialog, create)
    when_shown(RecoveryCodeDialog, keep)
    when_shown(MainWindow, QWidget.close, MainWindow.is_attached)
    assert run_gui(initialized_db.path, locale="en") == 0
    db = open_database(initialized_db.path)
    try:
        assert signin.sign_in(db, "admin", password).principal.role == "admin"
        signin.sign_out(db)
        assert signin.recover(db, codes[0], "admin", "Another-2027").principal.username == "admin"
    finally:
        db.close()


def test_a_foreign_file_is_refused_with_a_message(qapp, tmp_path, monkeypatch):
    bogus = tmp_path / "wushe.db"
    bogus.write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert run_gui(bogus, locale="en") == 1
    assert shown and str(bogus) in shown[0]
