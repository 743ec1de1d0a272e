"""A child under 14 in the client form: 同意人 turns to 监护人 as soon as the ID card tells the age, and a
missing consent is asked of the guardian; a giver the user picked stays picked."""

from __future__ import annotations

from datetime import date

import pytest

from client_testing import CHILD_ID, ID_NUMBER
from desktop.services import signin
from desktop.ui.cases.client_dialog import ClientDialog
from register_testing import pick, pick_text, refused
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def dialog(qtbot, demo, make_ctx) -> ClientDialog:
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    return shown(qtbot, ClientDialog(make_ctx(demo)))


def typed(line_edit, text: str) -> None:
    line_edit.setText(text)
    line_edit.textEdited.emit(text)


def test_a_childs_consent_is_the_guardians_by_default(dialog):
    typed(dialog.name, "宋小花")
    pick_text(dialog.community, "桂花村")
    assert dialog.consent.given_by.currentData() == "self"
    typed(dialog.id_number, CHILD_ID)  # ten years old
    assert dialog.consent.given_by.currentData() == "guardian"
    assert dialog.consent.guardian_name.isVisibleTo(dialog)
    dialog.form.touch_all()
    dialog.update_button()
    refused(dialog, "consent_on", "guardian's consent")
    dialog.consent.given_on.set_value(date.today())
    pick(dialog.consent.method, "written")
    typed(dialog.consent.guardian_name, "宋秀兰")
    typed(dialog.consent.guardian_relation, "祖母")
    dialog.groups["left_behind_child"].setChecked(True)
    dialog.update_button()
    assert dialog.ok_button.isEnabled()


def test_a_giver_the_user_picked_stays(dialog):
    typed(dialog.id_number, CHILD_ID)
    pick(dialog.consent.given_by, "self")
    dialog.birth_date.set_value(date(date.today().year - 9, 1, 1))
    assert dialog.consent.given_by.currentData() == "self"  # refused on its own terms, not overridden
    typed(dialog.id_number, ID_NUMBER)  # an old man: nothing turns to the guardian
    assert dialog.consent.given_by.currentData() == "self"
