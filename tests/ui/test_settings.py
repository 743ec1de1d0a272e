from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.i18n import set_locale
from desktop.services import communities, maintenance, signin
from desktop.services.communities import CommunityInput
from desktop.services.station import profile_of
from desktop.storage.backup import list_backups
from desktop.ui.home.page import HomePage
from desktop.ui.operations import back_up_now
from desktop.ui.settings.backup_access_dialog import BackupAccessDialog
from desktop.ui.settings.page import SettingsPage
from wushe_testing import shown


@pytest.fixture
def page(qtbot, ctx):
    return shown(qtbot, SettingsPage(ctx), (1100, 700))


def test_station_profile_saves_with_ctrl_s(qtbot, page, ctx, demo_db, type_text, settle):
    tab = page.station
    page.tabs.setCurrentWidget(tab)
    assert not tab.save_button.isEnabled()  # nothing changed yet
    assert tab.form.kind_text is not None and tab.form.kind_text.isReadOnly()
    type_text(tab.form.phone, "8")
    assert tab.save_button.isEnabled()
    qtbot.keySequence(tab.form.phone, QKeySequence(QKeySequence.StandardKey.Save))
    settle(ctx)
    assert profile_of(demo_db).phone == "023-486123458"
    qtbot.waitUntil(lambda: not tab.save_button.isEnabled())


def test_station_profile_refuses_a_bad_code_as_you_type(page, type_text):
    tab = page.station
    tab.form.division_code.clear()
    type_text(tab.form.division_code, "123")
    assert tab.form.form._fields["division_code"].error.isVisible()
    assert not tab.save_button.isEnabled()


def run_access_dialog(qtbot, ctx, password: str):
    """Stands in for ``BackupAccessDialog.exec``: types the password, restores, waits for the outcome."""
    def run(dialog: BackupAccessDialog) -> int:
        dialog.show()
        assert dialog.username.text() == "admin"  # the signed-in user, by default
        dialog.password.setText(password)
        dialog.save()
        ctx.tasks.wait()
        qtbot.waitUntil(lambda: not dialog._busy)
        return dialog.result()
    return run


def test_back_up_now_then_restore_from_file(qtbot, page, ctx, demo_db, monkeypatch, settle, password):
    set_locale("en")  # the wording is checked below; the autouse fixture puts the locale back
    tab = page.backups
    assert tab.model.total() == 0
    tab.backup_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: tab.model.total() == 1)
    backup = list_backups(demo_db.path)[0].path

    with demo_db.write() as session:
        communities.add(session, CommunityInput("桃源村", "rural", 100))

    questions: list[str] = []
    signed_out: list[bool] = []
    ctx.session.signed_out.connect(lambda: signed_out.append(True))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a: questions.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(BackupAccessDialog, "exec", run_access_dialog(qtbot, ctx, password))
    tab.restore_button.click()
    settle(ctx)
    assert "safety backup" in questions[0]
    assert signed_out == [True]
    assert demo_db.principal.user_id is None  # everyone signs in again; then the pages are rebuilt
    signin.sign_in(demo_db, "admin", password)
    with demo_db.read() as session:
        assert "桃源村" not in [c.name for c in communities.list_all(session)]
    reasons = {info.reason for info in list_backups(demo_db.path)}
    assert "prerestore" in reasons


def test_restore_with_a_wrong_password_says_so_at_the_field(qtbot, ctx, demo_db, settle):
    backup = maintenance.backup(demo_db)
    dialog = BackupAccessDialog(ctx, backup)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()  # no password yet
    dialog.password.setText("Not-the-password-1")
    dialog.update_button()
    dialog.save()
    settle(ctx)
    error = dialog.form._fields["password"].error
    qtbot.waitUntil(error.isVisible)
    assert "protected" in error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert demo_db.principal.username == "admin"  # nothing was restored, nobody signed out

    dialog.with_code.setChecked(True)
    assert not dialog.password.isEnabled() and dialog.code.isEnabled()
    dialog.code.setText("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    dialog.update_button()
    dialog.save()
    settle(ctx)
    code_error = dialog.form._fields["recovery_code"].error
    qtbot.waitUntil(code_error.isVisible)


def test_tab_is_remembered(qtbot, ctx):
    first = SettingsPage(ctx)
    qtbot.addWidget(first)
    first.tabs.setCurrentIndex(2)
    second = SettingsPage(ctx)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 2


def test_home_shows_the_last_backup(qtbot, demo_db, make_ctx, settle):
    ctx = make_ctx(demo_db)
    home = HomePage(ctx)
    qtbot.addWidget(home)
    before = home.last_backup.text()
    back_up_now(ctx, home)
    settle(ctx)
    qtbot.waitUntil(lambda: home.last_backup.text() != before)
    assert Path(demo_db.path).parent.joinpath("backups").is_dir()
