"""志愿者: the register page and the volunteer dialog on the demo station, as each role sees it."""

from __future__ import annotations

from datetime import date

import pytest
from desktop.domain.identity import make_resident_id
from desktop.services import audit_log, privacy, signin, volunteers
from desktop.services.demo_volunteers import DEMO_VOLUNTEERS
from desktop.ui.volunteers.page import COLUMNS, VolunteersPage
from desktop.ui.volunteers.record_window import RecordWindow
from desktop.ui.volunteers.volunteer_dialog import VolunteerDialog
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def open_page(qtbot, demo, make_ctx):
    def open_as(username: str) -> VolunteersPage:
        signin.sign_in(demo, username, DEMO_PASSWORD)
        return shown(qtbot, VolunteersPage(make_ctx(demo)), (1280, 700))

    return open_as


@pytest.fixture
def page(open_page) -> VolunteersPage:
    return open_page("lixia")  # a social worker keeps the registers


def column(page: VolunteersPage, header: str) -> list[str]:
    number = next(n for n, c in enumerate(COLUMNS) if c.header == header)
    model = page.model
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def select(page: VolunteersPage, name: str) -> None:
    page.view.selectRow(column(page, "Name").index(name))


def pick(combo, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))
    combo.activated.emit(combo.currentIndex())


def test_lists_every_volunteer_with_masked_ids_and_totals(page):
    assert sorted(column(page, "Name")) == sorted(d.name for d in DEMO_VOLUNTEERS)
    assert page.count.text() == f"{len(DEMO_VOLUNTEERS)} volunteers"
    assert all("*" in shown_id for shown_id in column(page, "ID number") if shown_id)
    assert any(float(hours) > 0 for hours in column(page, "Hours"))
    assert any(float(points) > 0 for points in column(page, "Points"))


def test_search_filters_and_exact_id_lookup(qtbot, page, type_text):
    type_text(page.filters.search, "wxl")
    qtbot.waitUntil(lambda: column(page, "Name") == ["王秀兰"])
    page.filters.search.clear()
    qtbot.waitUntil(lambda: len(column(page, "Name")) == len(DEMO_VOLUNTEERS))
    pick(page.filters.combos["team"], "石桥村党员先锋队")
    assert len(column(page, "Name")) == 4 and set(column(page, "Community")) == {"石桥村"}
    pick(page.filters.combos["team"], "")
    pick(page.filters.combos["status"], "paused")
    assert len(column(page, "Name")) == 1
    pick(page.filters.combos["status"], "")
    with page._ctx.gateway.db.write() as session:
        wang = volunteers.list_all(session, volunteers.VolunteerQuery(text="王秀兰"))[0]
        number = privacy.reveal(session, "volunteer", wang.id, "id_number")
    page.id_lookup.setText(number.lower())
    page.id_lookup.returnPressed.emit()
    assert column(page, "Name") == ["王秀兰"]
    page.id_lookup.clear()
    assert len(column(page, "Name")) == len(DEMO_VOLUNTEERS)


def test_double_click_opens_the_record_and_edit_the_details(qtbot, page, when_shown):
    select(page, "王秀兰")
    opened = []

    def close(window: RecordWindow) -> None:
        opened.append(window.volunteer.name)
        window.reject()

    when_shown(RecordWindow, close)
    index = page.model.index(column(page, "Name").index("王秀兰"), 1)
    page.view.doubleClicked.emit(index)
    assert opened == ["王秀兰"]
    assert isinstance(page.detail(page.selected()), VolunteerDialog)


def test_a_bad_id_number_is_shown_at_its_field(qtbot, page, type_text):
    dialog = shown(qtbot, page.detail(None))
    type_text(dialog.name, "测试人")
    dialog.id_number.setText("110101199001011234")
    dialog.id_number.textEdited.emit("110101199001011234")
    assert not dialog.ok_button.isEnabled()
    error = dialog.form._fields["id_number"].error
    assert error.isVisible() and "check digit" in error.text()


def test_consent_is_required_for_an_id_number_and_a_guardian_for_a_child(qtbot, page, settle):
    dialog = shown(qtbot, page.detail(None))
    dialog.name.setText("测试人")
    pick(dialog.community, dialog.community.itemData(0))
    number = make_resident_id("500110", date(2016, 3, 1), 7, True)
    dialog.id_number.setText(number)
    dialog.form.touch_all()
    dialog.update_button()
    assert not dialog.ok_button.isEnabled()
    assert "consent" in dialog.form._fields["consent_on"].error.text()
    dialog.consent.given_on.set_value(date.today())
    pick(dialog.consent.method, "written")
    dialog.update_button()
    assert "guardian" in dialog.form._fields["consent_by"].error.text()
    pick(dialog.consent.given_by, "guardian")
    dialog.consent.guardian_name.setText("测试家长")
    dialog.update_button()
    assert dialog.ok_button.isEnabled()
    dialog.save()
    settle(page._ctx)
    assert dialog.outcome is not None and dialog.outcome.consent.given_by == "guardian"
    assert "测试人" in column(page, "Name")


def test_reveal_is_audited_and_shown_in_the_dialog_only(qtbot, page, demo, settle):
    select(page, "王秀兰")
    row = page.selected()
    dialog = shown(qtbot, page.detail(row))
    assert dialog.reveal is not None and dialog.reveal.isVisibleTo(dialog)
    dialog.reveal.reveal()
    settle(page._ctx)
    assert len(dialog.reveal.number.text()) == 18 and "*" not in dialog.reveal.number.text()
    signin.sign_in(demo, "admin", DEMO_PASSWORD)  # the station head reads the audit log
    with demo.read() as session:
        entries = audit_log.get_many(session, audit_log.list_ids(session, audit_log.AuditQuery(action="reveal")))
    assert any(e.row_id == row.id and "lixia" in e.actor for e in entries), entries
    assert "*" in column(page, "ID number")[column(page, "Name").index("王秀兰")]


def test_viewer_sees_no_edit_actions_and_finance_sees_masked_phones(open_page):
    viewer = open_page("zhaolei")
    assert not viewer.add_button.isVisible() and not viewer.sheet_button.isVisible()
    select(viewer, "王秀兰")
    window = RecordWindow(viewer._ctx, viewer.selected().id, viewer)
    assert not window.edit_button.isVisible() and not window.service.record_button.isVisible()
    assert not window.issue_button.isVisible()
    window.deleteLater()
    finance = open_page("wangfang")
    phones = [p for p in column(finance, "Phone") if p]
    assert phones and all("*" in p for p in phones)
