from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from desktop.services import signin
from desktop.ui.access.controller import AccessController
from desktop.ui.settings.community_dialog import CommunityDialog




@pytest.fixture
def controller(ctx, window, make_controller):
    controller = make_controller(ctx)
    controller.attach(window)
    yield controller
    if controller.lock_dialog is not None:
        controller.lock_dialog.deleteLater()


def unlock_with(qtbot, ctx, controller: AccessController, password: str) -> None:
    dialog = controller.lock_dialog
    assert dialog is not None
    dialog.password.setText(password)
    dialog.unlock_button.click()
    ctx.tasks.wait()
    qtbot.waitUntil(lambda: not ctx.tasks.busy())


def test_idle_time_locks_and_the_password_unlocks_keeping_a_half_typed_form(
        qtbot, ctx, demo_db, window, controller, type_text, password):
    half_typed = CommunityDialog(ctx, parent=window)
    qtbot.addWidget(half_typed)
    half_typed.show()
    type_text(half_typed.name, "桃源")

    controller.watcher.start(50)  # minutes in real life
    qtbot.waitUntil(lambda: controller.lock_dialog is not None and controller.lock_dialog.isVisible())
    lock = controller.lock_dialog
    assert any("周建国 (admin)" in label.text() for label in lock.findChildren(QLabel))
    ctx.tasks.wait()
    qtbot.waitUntil(lambda: demo_db.vault is None)  # the data key is forgotten while locked
    assert demo_db.principal.user_id is None
    assert lock.geometry() == window.geometry()  # the window's content is covered
    lock.reject()  # Escape does not unlock
    assert lock.isVisible()

    unlock_with(qtbot, ctx, controller, "Wrong-password-1")
    assert lock.isVisible()
    assert lock.form._fields["password"].error.text() == "Wrong user name or password."

    unlock_with(qtbot, ctx, controller, password)
    assert controller.lock_dialog is None
    assert demo_db.principal.username == "admin" and demo_db.vault is not None
    assert half_typed.isVisible() and half_typed.name.text() == "桃源"  # nothing typed was lost
    assert controller.watcher.is_watching()  # counting again, from the station's setting


def test_lock_now_from_the_file_menu(qtbot, ctx, window, controller):
    file_menu = window.menuBar().actions()[0].menu()
    lock_now = next(a for a in file_menu.actions() if a.shortcut().toString() == "Ctrl+L")
    lock_now.trigger()
    qtbot.waitUntil(lambda: controller.lock_dialog is not None and controller.lock_dialog.isVisible())


def test_sign_out_and_quit_from_the_lock(qtbot, ctx, controller):
    quits: list[bool] = []
    controller._quit = lambda: quits.append(True)
    controller.lock()
    assert controller.lock_dialog is not None
    controller.lock_dialog.quit_button.click()
    assert quits == [True]


def test_the_stations_lock_minutes_are_used(qtbot, ctx, demo_db, controller):
    with demo_db.write() as session:
        signin.set_lock_minutes(session, 0)
    ctx.events.publish("lock")
    assert not controller.watcher.is_watching()  # 0: never
    with demo_db.write() as session:
        signin.set_lock_minutes(session, 5)
    ctx.events.publish("lock")
    assert controller.watcher.is_watching()
