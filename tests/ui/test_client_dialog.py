"""The client dialog on the demo station: the ID number checked as it is typed and filling the birth
date and gender, a duplicate refused with a way to the client who has it, a namesake warned about,
a minor's guardian, the household, and Ctrl+S."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from client_testing import CHILD_BIRTH, CHILD_ID, ID_NUMBER, demo_client
from desktop.domain.identity import make_resident_id
from desktop.services import clients, signin
from desktop.services.clients import ClientQuery
from desktop.ui.cases.client_dialog import ClientDialog
from register_testing import pick, pick_text, refused, save
from wushe_testing import DEMO_PASSWORD, shown

TODAY = date.today()


@pytest.fixture
def ctx(demo, make_ctx):
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)  # a social worker keeps the client register
    return make_ctx(demo)


@pytest.fixture
def dialog(qtbot, ctx) -> ClientDialog:
    return shown(qtbot, ClientDialog(ctx))


def typed(line_edit, text: str) -> None:
    """As a person types: the text, then the signal that marks the field as edited."""
    line_edit.setText(text)
    line_edit.textEdited.emit(text)


def error_text(dialog: ClientDialog, field: str) -> str:
    error = dialog.form._fields[field].error
    return error.text() if error.isVisible() else ""


def consent_today(dialog: ClientDialog, given_by: str = "self") -> None:
    dialog.consent.given_on.set_value(TODAY)
    pick(dialog.consent.method, "written")
    pick(dialog.consent.given_by, given_by)


def test_the_id_number_is_checked_as_typed_and_fills_birth_date_and_gender(dialog):
    typed(dialog.name, "宋德海")
    pick_text(dialog.community, "石桥村")
    typed(dialog.id_number, ID_NUMBER[:-1])
    refused(dialog, "id_number", "18")
    wrong_digit = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")
    typed(dialog.id_number, wrong_digit)
    refused(dialog, "id_number", "check digit")
    assert dialog.birth_date.value() is None

    typed(dialog.id_number, ID_NUMBER)
    assert dialog.birth_date.value() == date(1951, 3, 14)  # client_testing's old man
    assert dialog.gender.currentData() == "male"
    assert error_text(dialog, "id_number") == ""
    pick(dialog.gender, "female")  # disagrees with the card: said at the gender, not the number
    refused(dialog, "gender", "does not agree")
    pick(dialog.gender, "male")
    dialog.birth_date.set_value(date(1951, 3, 15))
    refused(dialog, "birth_date", "1951-03-14")


def test_a_corrected_number_refills_what_the_card_filled(dialog):
    typed(dialog.id_number, ID_NUMBER)
    typed(dialog.id_number, CHILD_ID)
    assert dialog.birth_date.value() == CHILD_BIRTH and dialog.gender.currentData() == "female"


def test_a_number_another_client_has_is_refused_with_a_button_to_that_client(qtbot, dialog, ctx, settle, when_shown):
    zeng, number = demo_client("曾建华")
    typed(dialog.name, "曾建华")
    pick_text(dialog.community, zeng.community)
    typed(dialog.id_number, number)
    consent_today(dialog)
    assert dialog.ok_button.isEnabled()  # the register is the service's to check, on save
    dialog.ok_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: "already registered" in error_text(dialog, "id_number"))
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.open_existing.isVisible()

    seen: list[str] = []

    def look(other: ClientDialog) -> None:
        seen.append(other.name.text())
        other.reject()

    when_shown(ClientDialog, look, ready=lambda other: other.existing is not None)
    dialog.open_existing.click()
    assert seen == ["曾建华"]
    typed(dialog.id_number, ID_NUMBER)  # another number: the way to the other client goes
    assert not dialog.open_existing.isVisibleTo(dialog)


def test_the_same_name_and_birth_date_only_warns(qtbot, dialog, settle):
    zeng, _number = demo_client("曾建华")
    typed(dialog.name, "曾建华")
    pick_text(dialog.community, "石桥村")
    dialog.birth_date.set_value(zeng.birth(TODAY))
    dialog.check_similar()  # what a pause in typing does
    assert dialog.similar.isVisible() and zeng.community in dialog.similar.text()
    saved = save(qtbot, dialog, settle)  # a namesake born the same day may be another person
    assert saved.name == "曾建华" and saved.community == "石桥村"


def test_a_minor_needs_a_guardian_who_is_the_one_consenting(qtbot, dialog, settle):
    typed(dialog.name, "宋小花")
    pick_text(dialog.community, "桂花村")
    assert not dialog.consent.guardian_name.isVisibleTo(dialog)  # an adult's form has no guardian rows
    typed(dialog.id_number, CHILD_ID)
    assert dialog.consent.guardian_name.isVisibleTo(dialog) and dialog.consent.guardian_phone.isVisibleTo(dialog)
    consent_today(dialog, "self")
    dialog.form.touch_all()
    dialog.update_button()
    assert "under 18" in error_text(dialog, "guardian_name")
    typed(dialog.consent.guardian_name, "宋秀兰")
    refused(dialog, "guardian_relation", "related")
    typed(dialog.consent.guardian_relation, "祖母")
    refused(dialog, "consent_by", "guardian must give")  # ten years old: the guardian consents
    pick(dialog.consent.given_by, "guardian")
    typed(dialog.consent.guardian_phone, "139 2301 7799")
    dialog.groups["left_behind_child"].setChecked(True)
    saved = save(qtbot, dialog, settle)
    assert (saved.guardian_name, saved.guardian_relation, saved.consent.given_by) == ("宋秀兰", "祖母", "guardian")
    assert saved.guardian_phone == "13923017799" and saved.target_groups == ("left_behind_child",)


def test_a_minors_missing_guardian_shows_with_the_consent_and_the_other_problems(qtbot, dialog):
    """All that is wrong at once: before, the guardian appeared only once the consent was put right."""
    typed(dialog.id_number, CHILD_ID)
    pick(dialog.consent.method, "written")  # no date: the consent rows cannot even be read
    dialog.form.touch_all()
    dialog.update_button()
    shown = {field: error_text(dialog, field) for field in dialog.form._fields if error_text(dialog, field)}
    assert shown == {"consent_on": "Enter the date the consent was given.", "name": "This field is required.",
                     "guardian_name": "The client is under 18: enter the guardian's name.",
                     "guardian_relation": "Enter how the guardian is related to the client.",
                     "community_id": "Choose a village or community from the list."}
    assert not dialog.ok_button.isEnabled()


def test_the_household_is_entered_and_edited_row_by_row(qtbot, ctx, settle):
    dialog = shown(qtbot, ClientDialog(ctx))
    typed(dialog.name, "宋德海")
    pick_text(dialog.community, "石桥村")
    first, second = dialog.household.add_row(), dialog.household.add_row()
    typed(first.name, "宋军")
    pick(first.relation, "child")
    first.birth_year.setValue(1976)
    first.lives_with.setChecked(False)
    typed(second.name, "写错的人")
    refused(dialog, "members", "Choose one of the listed options")  # no relation chosen
    second.remove.click()
    saved = save(qtbot, dialog, settle)
    assert [(m.name, m.relation, m.birth_year, m.lives_with) for m in saved.members] == [("宋军", "child", 1976, False)]

    again = shown(qtbot, ClientDialog(ctx, saved))
    assert [row.name.text() for row in again.household._rows] == ["宋军"]
    typed(again.household.add_row().name, "刘芳")
    pick(again.household._rows[-1].relation, "spouse")
    updated = save(qtbot, again, settle)
    assert [m.name for m in updated.members] == ["宋军", "刘芳"]
    assert updated.members[0].id == saved.members[0].id  # the same member, kept


def test_ctrl_s_saves_and_escape_cancels(qtbot, ctx, settle):
    dialog = shown(qtbot, ClientDialog(ctx))
    typed(dialog.name, "宋德海")
    pick_text(dialog.community, "石桥村")
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # shortcuts go to the active window
    qtbot.keyClick(dialog.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    with ctx.gateway.db.read() as session:
        assert clients.list_ids(session, ClientQuery(text="宋德海"))
    other = shown(qtbot, ClientDialog(ctx))
    qtbot.keyClick(other.name, Qt.Key.Key_Escape)
    assert other.result() == QDialog.DialogCode.Rejected and not other.isVisible()


def test_editing_keeps_the_stored_number_and_reveals_it_on_request(qtbot, ctx, settle):
    zeng, number = demo_client("曾建华")
    with ctx.gateway.db.read() as session:
        view = clients.get(session, clients.list_ids(session, ClientQuery(text=number[-4:]))[0])
    dialog = shown(qtbot, ClientDialog(ctx, view))
    assert view.id_masked in dialog.id_number.placeholderText() and dialog.id_number.text() == ""
    assert dialog.reveal is not None and dialog.reveal.isVisibleTo(dialog)
    dialog.reveal.reveal()
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.reveal.number.text() == number)
    typed(dialog.notes, "老伴行动不便，每周探访")
    saved = save(qtbot, dialog, settle)
    assert saved.id_masked == view.id_masked and saved.notes == "老伴行动不便，每周探访"


def test_a_number_typed_for_a_child_born_later_than_registered_is_refused(dialog):
    late = make_resident_id("510105", TODAY, 14, True)  # born today: registered before the birth is impossible
    typed(dialog.name, "新生儿")
    dialog.registered_on.set_value(date(TODAY.year - 1, 1, 1))
    typed(dialog.id_number, late)
    assert "before the date entered in the register" in error_text(dialog, "birth_date")
