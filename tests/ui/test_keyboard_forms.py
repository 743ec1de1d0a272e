"""Keyboard-first forms (issue 5's screens trial): Tab leaves every date field, Esc or Cancel asks before
throwing typed work away, and the new-case form chooses no client by itself and marks every field missing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from case_testing import add_client, as_user, open_case
from dialog_testing import errors
from desktop.services import clients
from desktop.ui import form_dialog
from desktop.ui.cases.case_form import CaseForm
from desktop.ui.cases.client_dialog import ClientDialog
from desktop.ui.cases.followups_tab import FollowUpDialog
from desktop.ui.cases.records_tab import RecordDialog
from desktop.ui.form_dialog import ask_discard  # the real question, before the tests' stand-in replaces it
from wushe_testing import shown


@pytest.fixture
def ctx(demo, make_ctx):
    return make_ctx(as_user(demo, "lixia"))


def focused_after(qtbot, widget: QWidget, key: Qt.Key) -> QWidget:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    modifiers = Qt.KeyboardModifier.ShiftModifier if key == Qt.Key.Key_Backtab else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)
    return QApplication.focusWidget()


def test_tab_and_shift_tab_leave_an_unknown_date_and_typing_fills_it(qtbot, ctx):
    dialog = shown(qtbot, ClientDialog(ctx))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.birth_date.value() is None  # shown as "Not known"
    assert focused_after(qtbot, dialog.gender, Qt.Key.Key_Tab) is dialog.birth_date
    assert focused_after(qtbot, dialog.birth_date, Qt.Key.Key_Tab) is dialog.phone
    assert focused_after(qtbot, dialog.birth_date, Qt.Key.Key_Backtab) is dialog.gender
    focused_after(qtbot, dialog.gender, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.birth_date, "19510314")
    assert dialog.birth_date.value() == date(1951, 3, 14)
    qtbot.keyClick(dialog.birth_date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.phone  # not the month, then the day


def test_tab_leaves_a_date_given_and_the_arrow_keys_move_between_its_parts(qtbot, ctx):
    case = open_case(ctx.gateway.db)
    dialog = shown(qtbot, FollowUpDialog(ctx, case))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert focused_after(qtbot, dialog.due_on, Qt.Key.Key_Tab) is dialog.purpose
    assert focused_after(qtbot, dialog.purpose, Qt.Key.Key_Backtab) is dialog.due_on
    qtbot.keyClick(dialog.due_on, Qt.Key.Key_Right)  # the arrows still step through year, month, day
    assert QApplication.focusWidget() is dialog.due_on


def test_cancelling_a_form_typed_in_asks_first_and_an_untouched_one_closes_at_once(qtbot, ctx, monkeypatch):
    asked: list[str] = []
    answer = {"discard": False}

    def ask(dialog: QWidget) -> bool:
        asked.append(dialog.windowTitle())
        return answer["discard"]

    monkeypatch.setattr(form_dialog, "ask_discard", ask)
    untouched = shown(qtbot, ClientDialog(ctx))
    qtbot.keyClick(untouched.name, Qt.Key.Key_Escape)
    assert not untouched.isVisible() and asked == []

    dialog = shown(qtbot, ClientDialog(ctx))
    qtbot.keyClicks(dialog.name, "He")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1  # 继续编辑: the typing is kept
    assert dialog.name.text() == "He"
    dialog.name.setText("")  # typed, then taken back: nothing to lose
    dialog.cancel_button.click()
    assert not dialog.isVisible() and len(asked) == 1

    case = open_case(ctx.gateway.db)
    record = shown(qtbot, RecordDialog(ctx, case, None))
    record.content_text.setPlainText("电话了解近况，需要联系卫生院上门。")
    record.cancel_button.click()
    assert record.isVisible() and len(asked) == 2
    answer["discard"] = True
    qtbot.keyClick(record.content_text, Qt.Key.Key_Escape)
    assert not record.isVisible() and len(asked) == 3


def test_the_question_offers_discard_and_keep_editing_the_default(qtbot, ctx, when_shown):
    seen: list[tuple[list[str], str]] = []

    def look(box: QMessageBox) -> None:
        seen.append(([button.text() for button in box.buttons()], box.defaultButton().text()))
        box.defaultButton().click()

    dialog = shown(qtbot, ClientDialog(ctx))
    dialog.name.setText("何秀英")
    when_shown(QMessageBox, look)
    assert ask_discard(dialog) is False
    assert seen and sorted(seen[0][0]) == ["Discard", "Keep editing"] and seen[0][1] == "Keep editing"


def test_a_new_case_has_no_client_until_one_is_picked_and_ctrl_s_marks_every_missing_field(qtbot, ctx):
    form = shown(qtbot, CaseForm(ctx))
    assert form.picker.client() is None and form.picker.matches.count() > 0
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form.picker.search, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible()
    assert errors(form) == ["Choose a client from the register.", "Choose one of the listed options.",
                            "Choose one of the listed options.", "This field is required."]
    qtbot.keyClick(form.picker.matches, Qt.Key.Key_Down)  # picked with the keyboard
    assert form.picker.client() is not None
    assert "Choose a client from the register." not in errors(form)


def test_a_case_opened_from_a_client_keeps_that_client(qtbot, ctx):
    with ctx.gateway.db.read() as session:
        client = clients.get(session, add_client(ctx.gateway.db))
    form = shown(qtbot, CaseForm(ctx, client))
    assert form.picker.client().id == client.id
