from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard

from desktop.domain.division import normalize_division_code
from desktop.errors import ValidationError
from desktop.services import communities
from desktop.services.demo import DEMO_COMMUNITIES
from desktop.services.station import is_initialized, profile_of
from desktop.ui.setup_wizard import COMMUNITIES, STATION, SUMMARY, SetupWizard


@pytest.fixture
def wizard(qtbot, db, make_ctx):
    ctx = make_ctx(db)
    wizard = SetupWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def next_enabled(wizard: SetupWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_station_and_two_communities_are_saved(qtbot, wizard, db, type_text, settle):
    wizard.next()
    assert wizard.currentId() == STATION
    assert not next_enabled(wizard)
    form = wizard.station.form
    type_text(form.name, "石门镇社会工作服务站")
    type_text(form.township, "石门镇")
    type_text(form.county, "清河县")
    type_text(form.division_code, "500110109")
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
    assert wizard.currentId() == SUMMARY
    summary = wizard.page(SUMMARY).text.text()
    assert "石门镇社会工作服务站" in summary and "柳树村" in summary
    wizard.button(QWizard.WizardButton.FinishButton).click()
    settle(wizard._ctx)
    qtbot.waitUntil(lambda: wizard.result() == QDialog.DialogCode.Accepted)

    assert profile_of(db).name == "石门镇社会工作服务站"
    assert profile_of(db).division_code == "500110109"
    with db.read() as session:
        saved = {(c.name, c.setting, c.population) for c in communities.list_all(session)}
    assert saved == {("东风社区", "urban", 4200), ("柳树村", "rural", None)}


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


def test_demo_choice_finishes_at_once(qtbot, wizard, db, settle):
    wizard.welcome.demo.setChecked(True)
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    settle(wizard._ctx)
    qtbot.waitUntil(lambda: wizard.result() == QDialog.DialogCode.Accepted)
    assert is_initialized(db)
    with db.read() as session:
        assert len(communities.list_ids(session)) == len(DEMO_COMMUNITIES)
