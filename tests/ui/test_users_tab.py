from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.services import signin
from desktop.services.demo import DEMO_USERS
from desktop.ui.access.recovery_code import RecoveryCodeDialog
from desktop.ui.settings.user_dialogs import AddUserDialog, EditUserDialog, ResetPasswordDialog
from desktop.ui.settings.users_tab import UsersTab
from wushe_testing import shown


@pytest.fixture
def tab(qtbot, ctx):
    return shown(qtbot, UsersTab(ctx))


def rows(tab: UsersTab) -> dict[str, list[str]]:
    model = tab.model
    return {model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())}


def select(tab: UsersTab, username: str) -> None:
    tab.view.selectRow(list(rows(tab)).index(username))


def run_dialog(qtbot, ctx, dialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.update_button()
    assert dialog.ok_button.isEnabled()
    dialog.save()
    ctx.tasks.wait()
    qtbot.waitUntil(lambda: not dialog._busy)


def test_lists_the_accounts_with_role_and_status(tab):
    listed = rows(tab)
    assert set(listed) == {"admin", *(u for u, *_ in DEMO_USERS)}
    assert listed["zhaolei"][1:3] == ["赵磊", "Viewer (read only)"]
    assert listed["zhaolei"][3] == "13658792041"  # the head sees phone numbers in full
    assert listed["zhaolei"][4] == "Active"  # demo accounts keep their shared password
    assert listed["admin"][4] == "Active"


def test_add_a_user_through_the_form(qtbot, tab, ctx, demo_db, type_text, password):
    dialog = AddUserDialog(ctx, parent=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    fields = dialog.fields
    type_text(fields.username, "Sunli")
    type_text(fields.display_name, "孙丽")
    fields.role.setCurrentIndex(fields.role.findData("finance"))
    type_text(fields.phone, "138 0013 8000")
    type_text(fields.passwords.password, "Start-2026")
    type_text(fields.passwords.confirm, "Start-2026")
    assert dialog.ok_button.isEnabled()
    dialog.save()
    ctx.tasks.wait()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    tab.reload()
    assert rows(tab)["sunli"][1:5] == ["孙丽", "Finance officer", "13800138000", "Must change password"]

    again = AddUserDialog(ctx, parent=tab)
    for edit, text in ((again.fields.username, "sunli"), (again.fields.display_name, "孙丽"),
                       (again.fields.passwords.password, "Start-2026"), (again.fields.passwords.confirm, "Start-2026")):
        edit.setText(text)
    run_dialog(qtbot, ctx, again)
    error = again.form._fields["username"].error
    assert error.isVisible() and "taken" in error.text()  # the service's verdict, at its field


def test_edit_name_and_role(qtbot, tab, ctx):
    select(tab, "chenjun")
    dialog = EditUserDialog(ctx, tab.selected(), parent=tab)
    dialog.display_name.setText("陈俊杰")
    dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
    run_dialog(qtbot, ctx, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    tab.reload()
    assert rows(tab)["chenjun"][1:3] == ["陈俊杰", "Viewer (read only)"]


def test_reset_password_gives_a_temporary_one(qtbot, tab, ctx, demo_db):
    select(tab, "lixia")
    dialog = ResetPasswordDialog(ctx, tab.selected(), parent=tab)
    dialog.passwords.password.setText("Temp-pass-77")
    dialog.passwords.confirm.setText("Temp-pass-77")
    run_dialog(qtbot, ctx, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    head = demo_db.principal
    signin.sign_out(demo_db)
    signed_in = signin.sign_in(demo_db, "lixia", "Temp-pass-77")
    assert signed_in.must_change_password
    demo_db.sign_in(head, demo_db.vault)


def test_disable_and_enable_but_not_yourself(qtbot, tab, ctx, settle):
    select(tab, "admin")
    assert not tab.disable_button.isEnabled()  # the services refuse to disable one's own account
    select(tab, "wangfang")
    assert tab.disable_button.text() == "Disable"
    tab.disable_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: rows(tab)["wangfang"][4].startswith("Disabled"))
    assert tab.selected().username == "wangfang"
    assert tab.disable_button.text() == "Enable"
    tab.disable_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: not rows(tab)["wangfang"][4].startswith("Disabled"))


def test_new_recovery_code_is_shown_once(qtbot, tab, ctx, demo_db, monkeypatch, settle):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    shown: list[str] = []

    def fake_exec(dialog: RecoveryCodeDialog) -> int:
        shown.append(dialog.view.code.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryCodeDialog, "exec", fake_exec)
    tab.recovery_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: bool(shown))
    signin.sign_out(demo_db)
    assert signin.recover(demo_db, shown[0], "admin", "After-recovery-1").principal.username == "admin"


def test_lock_minutes_are_saved(qtbot, tab, ctx, demo_db, settle):
    published: list[str] = []
    ctx.events.changed.connect(published.append)
    tab.lock_minutes.setValue(3)
    qtbot.waitUntil(lambda: "lock" in published)
    with demo_db.read() as session:
        assert signin.lock_minutes(session) == 3
    tab.lock_minutes.setValue(0)
    assert tab.lock_minutes.text() == "never"
