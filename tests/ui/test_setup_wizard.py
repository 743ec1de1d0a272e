from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard

from desktop.domain.division import normalize_division_code
from desktop.errors import ValidationError
from desktop.services import communities, signin
from desktop.services.demo import DEMO_COMMUNITIES
from desktop.services.station import is_initialized, profile_of
from desktop.ui.setup_wizard import ACCOUNT, COMMUNITIES, DEMO, RECOVERY, STATION, SUMMARY, SetupWizard
from wushe_testing import shown


@pytest.fixture
def wizard(qtbot, db, make_ctx):
    ctx = make_ctx(db)
    return shown(qtbot, SetupWizard(ctx))


def next_enabled(wizard: SetupWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def fill_station(wizard: SetupWizard, type_text) -> None:
    form = wizard.station.form
    type_text(form.name, "石门镇社会工作服务站")
    type_text(form.township, "石门镇")
    type_text(form.county, "清河县")
    type_text(form.division_code, "500110109")


def fill_head(wizard: SetupWizard, type_text, password: str, confirmation: str | None = None) -> None:
    fields = wizard.account.fields
    type_text(fields.display_name, "周站长")
    type_text(fields.phone, "139 0831 7265")
    type_text(fields.passwords.password, password)
    type_text(fields.passwords.confirm, password if confirmation is None else confirmation)


def test_station_communities_and_head_are_saved_then_the_code_is_kept(qtbot, wizard, db, type_text, settle,
                                                                       password):
    wizard.next()
    assert wizard.currentId() == STATION
    assert not next_enabled(wizard)
    fill_station(wizard, type_text)
    assert next_enabled(wizard)

    wizard.next()
    assert wizard.currentId() == COMMUNITIES
    rows = wizard.communities.rows
    type_text(rows.rows[0].name, "东风社区")
    type_text(rows.rows[0].population, "4200")
    qtbot.mouseClick(rows.add_button, Qt.MouseButton.LeftButton)
    second = rows.rows[1]
    type_text(second.name, "柳树村")
    qtbot.keyClick(second.setting, Qt.Key.Key_Down)  # urban → rural, from the keyboard
    assert next_enabled(wizard)

    wizard.next()
    assert wizard.currentId() == ACCOUNT
    assert wizard.account.fields.username.text() == "admin"
    assert not next_enabled(wizard)
    fill_head(wizard, type_text, password)
    assert next_enabled(wizard)

    wizard.next()
    assert wizard.currentId() == SUMMARY
    summary = wizard.page(SUMMARY).text.text()
    assert "石门镇社会工作服务站" in summary and "柳树村" in summary and "周站长" in summary
    assert not is_initialized(db)  # nothing is written before Save
    wizard.button(QWizard.WizardButton.CommitButton).click()
    settle(wizard._ctx)
    qtbot.waitUntil(lambda: wizard.currentId() == RECOVERY)

    assert profile_of(db).name == "石门镇社会工作服务站"
    assert profile_of(db).division_code == "500110109"
    assert db.principal.username == "admin"  # the head is signed in
    with db.read() as session:
        saved = {(c.name, c.setting, c.population) for c in communities.list_all(session)}
    assert saved == {("东风社区", "urban", 4200), ("柳树村", "rural", None)}

    # The code: shown once, selectable, and Finish waits for the tick; there is no going back or cancelling.
    view = wizard.recovery.view
    code = view.code.text()
    assert len(code.replace("-", "")) == 30
    assert view.code.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    wizard.reject()
    assert wizard.isVisible()
    view.kept.click()
    assert finish.isEnabled()
    finish.click()
    assert wizard.result() == QDialog.DialogCode.Accepted

    # The code really unlocks the data: every password forgotten, it sets a new one.
    signin.sign_out(db)
    signed_in = signin.recover(db, code, "admin", "Shimen-2027!")
    assert signed_in.principal.username == "admin"
    assert signin.sign_in(db, "admin", "Shimen-2027!").principal.role == "admin"


def test_head_passwords_are_checked_as_you_type(wizard, type_text, password):
    wizard.next()
    fill_station(wizard, type_text)
    wizard.next()
    wizard.next()
    fields = wizard.account.fields
    type_text(fields.display_name, "周站长")
    type_text(fields.passwords.password, "short")
    password_error = wizard.account.form._fields["password"].error
    assert password_error.isVisible() and "8" in password_error.text()
    fields.passwords.password.clear()
    type_text(fields.passwords.password, password)
    assert not password_error.isVisible()
    type_text(fields.passwords.confirm, password + "x")
    confirm_error = wizard.account.form._fields["password_confirm"].error
    assert confirm_error.isVisible() and "not the same" in confirm_error.text()
    assert not next_enabled(wizard)
    fields.passwords.confirm.clear()
    type_text(fields.passwords.confirm, password)
    assert not confirm_error.isVisible()
    assert next_enabled(wizard)


def test_invalid_division_code_keeps_next_disabled_and_says_why(wizard, type_text):
    wizard.next()
    form = wizard.station.form
    type_text(form.name, "石门镇社会工作服务站")
    type_text(form.division_code, "99")
    with pytest.raises(ValidationError) as expected:
        normalize_division_code("99")
    error = form.form._fields["division_code"].error
    assert not next_enabled(wizard)
    assert error.isVisible() and error.text() == expected.value.message
    # The untouched optional fields say nothing; the name is fine.
    assert not form.form._fields["township"].error.isVisible()
    assert not form.form._fields["name"].error.isVisible()

    form.division_code.clear()
    type_text(form.division_code, "500110109")
    assert next_enabled(wizard)
    assert not error.isVisible()


def test_a_bad_row_blocks_next_and_is_explained(wizard, type_text):
    wizard.next()
    type_text(wizard.station.form.name, "石门镇社会工作服务站")
    type_text(wizard.station.form.division_code, "500110109")
    wizard.next()
    rows = wizard.communities.rows
    type_text(rows.rows[0].name, "东风社区")
    type_text(rows.rows[0].population, "many")
    assert not next_enabled(wizard)
    assert rows.rows[0].error.isVisible()
    rows.add_row()
    type_text(rows.rows[0].population, "")
    rows.rows[0].population.clear()
    type_text(rows.rows[1].name, "东风社区")
    assert not next_enabled(wizard)
    assert "东风社区" in rows.rows[1].error.text()  # the same name twice in the list

    qtbot_click_remove = rows.rows[1].remove
    qtbot_click_remove.click()
    assert len(rows.rows) == 1
    assert next_enabled(wizard)


def test_demo_asks_for_a_password_then_signs_the_head_in(qtbot, wizard, db, type_text, settle, password):
    wizard.welcome.demo.setChecked(True)
    wizard.next()
    assert wizard.currentId() == DEMO
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and not finish.isEnabled()
    type_text(wizard.demo.passwords.password, password)
    type_text(wizard.demo.passwords.confirm, password)
    assert finish.isEnabled()
    finish.click()
    settle(wizard._ctx)
    qtbot.waitUntil(lambda: wizard.result() == QDialog.DialogCode.Accepted)
    assert is_initialized(db)
    assert db.principal.username == "admin"
    with db.read() as session:
        assert len(communities.list_ids(session)) == len(DEMO_COMMUNITIES)
    signin.sign_out(db)
    assert signin.sign_in(db, "zhaolei", password).principal.role == "viewer"  # the demo users share it
