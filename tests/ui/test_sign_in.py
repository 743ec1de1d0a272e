from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from desktop.services import accounts, signin
from desktop.services.accounts import AccountInput
from desktop.services.signin import MAX_FAILED_LOGINS
from desktop.ui.access.change_password_dialog import ChangePasswordDialog
from desktop.ui.access.recover_dialog import RecoverDialog
from desktop.ui.access.sign_in_dialog import LAST_USER_KEY, SignInDialog
from desktop.ui.main_window import open_main_window
from wushe_testing import shown


@pytest.fixture
def ctx(head_db, make_ctx):
    """A station whose head nobody has signed in as yet."""
    head_db.sign_out()
    return make_ctx(head_db)


@pytest.fixture
def dialog(qtbot, ctx):
    return shown(qtbot, SignInDialog(ctx))


def attempt(qtbot, dialog: SignInDialog, ctx, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    assert dialog.sign_in_button.isEnabled()
    dialog.sign_in_button.click()
    ctx.tasks.wait()
    qtbot.waitUntil(lambda: not ctx.tasks.busy())


def password_error(dialog: SignInDialog) -> str:
    error = dialog.form._fields["password"].error
    return error.text() if error.isVisible() else ""


def test_the_right_password_signs_in_and_is_remembered(qtbot, dialog, ctx, head_db, password, settings):
    assert not dialog.sign_in_button.isEnabled()  # nothing typed yet
    attempt(qtbot, dialog, ctx, "Admin ", password)  # user names are not case-sensitive
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in is not None and not dialog.signed_in.must_change_password
    assert head_db.principal.username == "admin" and head_db.vault is not None
    assert settings.value(LAST_USER_KEY) == "admin"
    again = SignInDialog(ctx)
    qtbot.addWidget(again)
    assert again.username.text() == "admin"


def test_a_wrong_password_is_said_in_the_dialog(qtbot, dialog, ctx, head_db):
    attempt(qtbot, dialog, ctx, "admin", "Wrong-password-1")
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert password_error(dialog) == "Wrong user name or password."
    assert dialog.password.text() == ""  # ready for the next try
    assert head_db.principal.user_id is None


def test_too_many_wrong_passwords_lock_the_account(qtbot, dialog, ctx, password):
    for _ in range(MAX_FAILED_LOGINS):
        attempt(qtbot, dialog, ctx, "admin", "Wrong-password-1")
    attempt(qtbot, dialog, ctx, "admin", password)  # even the right one, for a while
    assert "locked until" in password_error(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_forgot_all_passwords_opens_recovery(qtbot, dialog, ctx, head_db, monkeypatch):
    with head_db.read() as session:
        wrap_exists = accounts.count_accounts(session) == 1
    assert wrap_exists
    seen: list[RecoverDialog] = []

    def fake_exec(recover: RecoverDialog) -> int:
        seen.append(recover)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RecoverDialog, "exec", fake_exec)
    dialog.username.setText("admin")
    dialog.forgot.linkActivated.emit("recover")
    assert seen and seen[0].username.text() == "admin"
    assert dialog.isVisible()


def test_the_recovery_dialog_sets_a_new_password(qtbot, ctx, head_db, settle):
    signin.sign_in(head_db, "admin", "Qingshan-2026")
    with head_db.write() as session:
        code = accounts.new_recovery_code(session)
    head_db.sign_out()
    dialog = RecoverDialog(ctx, "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    dialog.code.setText("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    dialog.passwords.password.setText("Brand-new-2027")
    dialog.passwords.confirm.setText("Brand-new-2027")
    dialog.update_button()
    dialog.save()
    settle(ctx)
    error = dialog.form._fields["recovery_code"].error
    qtbot.waitUntil(error.isVisible)
    assert "does not fit" in error.text()

    dialog.code.setText(code.lower().replace("-", " "))  # as people type it
    dialog.save()
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.outcome.principal.username == "admin"
    head_db.sign_out()
    assert signin.sign_in(head_db, "admin", "Brand-new-2027").principal.username == "admin"


def test_a_temporary_password_must_be_changed_first(qtbot, ctx, head_db, password, when_shown, make_controller):
    signin.sign_in(head_db, "admin", password)
    with head_db.write() as session:
        accounts.add_user(session, AccountInput("lixia", "李霞", "caseworker", "Temporary-1"))
    head_db.sign_out()

    def sign_in(dialog: SignInDialog) -> None:
        dialog.username.setText("lixia")
        dialog.password.setText("Temporary-1")
        dialog.sign_in_button.click()

    def change(dialog: ChangePasswordDialog) -> None:
        assert not dialog.old.isVisible()  # just typed: not asked again
        dialog.passwords.password.setText("Own-choice-2026")
        dialog.passwords.confirm.setText("Own-choice-2026")
        dialog.update_button()
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()

    when_shown(SignInDialog, sign_in)
    when_shown(ChangePasswordDialog, change)
    controller = make_controller(ctx)
    assert controller.start()
    ctx.tasks.wait()
    assert head_db.principal.username == "lixia"
    head_db.sign_out()
    assert not signin.sign_in(head_db, "lixia", "Own-choice-2026").must_change_password


def test_signing_out_asks_who_signs_in_next_and_rebuilds_the_window(qtbot, demo_db, make_ctx, password,
                                                                     when_shown, make_controller):
    ctx = make_ctx(demo_db)
    window = open_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    controller = make_controller(ctx)
    controller.attach(window)
    window_hidden: list[bool] = []

    def sign_in(dialog: SignInDialog) -> None:
        window_hidden.append(not window.isVisible())  # nobody sees the last user's screen
        dialog.username.setText("zhaolei")
        dialog.password.setText(password)
        dialog.sign_in_button.click()

    def change(dialog: ChangePasswordDialog) -> None:  # the demo users have a temporary password
        dialog.passwords.password.setText("Own-choice-2026")
        dialog.passwords.confirm.setText("Own-choice-2026")
        dialog.update_button()
        dialog.ok_button.click()

    when_shown(SignInDialog, sign_in)
    when_shown(ChangePasswordDialog, change)
    ctx.session.sign_out_requested.emit()
    qtbot.waitUntil(lambda: window.isVisible() and "赵磊" in window._user_label.text(), timeout=10_000)
    assert window_hidden == [True]
    assert demo_db.principal.username == "zhaolei"
    window.show_page("settings")
    assert window.page_widget("settings").users is None  # rebuilt for the viewer
