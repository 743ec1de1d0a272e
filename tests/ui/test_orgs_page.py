"""社会组织: the register page on the demo station, as each role sees it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox

from desktop.domain.credit_code import make_credit_code
from desktop.domain.pinyin import sort_key
from desktop.services import orgs, signin
from desktop.services.demo import DEMO_ORG_DETAILS, DEMO_ORGS, DEMO_POSTCODE
from desktop.services.orgs import OrgQuery
from desktop.ui.forms import ERROR_COLOR, combo_value
from desktop.ui.orgs.org_dialog import OrgDialog
from desktop.ui.orgs.page import COLUMNS, OrgsPage
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def open_page(qtbot, demo, make_ctx):
    def open_as(username: str) -> OrgsPage:
        signin.sign_in(demo, username, DEMO_PASSWORD)
        return shown(qtbot, OrgsPage(make_ctx(demo)), (1280, 700))

    return open_as


@pytest.fixture
def page(open_page) -> OrgsPage:
    return open_page("lixia")  # a social worker keeps the registers


def column(page: OrgsPage, header: str) -> list[str]:
    number = next(n for n, c in enumerate(COLUMNS) if c.header == header)
    model = page.model
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def names(page: OrgsPage) -> list[str]:
    return column(page, "Name")


def pick(combo: QComboBox, code: str) -> None:
    """Choose the item holding ``code`` as a user does (``activated``, which marks a form field as edited)."""
    combo.setCurrentIndex(combo.findData(code))
    combo.activated.emit(combo.currentIndex())


def select(page: OrgsPage, name: str) -> None:
    page.view.selectRow(names(page).index(name))


def test_lists_the_register_in_pinyin_order_and_sorts_by_a_header(page):
    assert names(page) == sorted((o[0] for o in DEMO_ORGS), key=sort_key)
    assert page.count.text() == "10 organisations"
    assert "Party branch · Brand · Federation" in column(page, "Marks")
    members = next(n for n, c in enumerate(COLUMNS) if c.header == "Members")
    page.view.sortByColumn(members, Qt.SortOrder.DescendingOrder)  # a click on the header, twice
    assert names(page)[0] == "新华社区老年协会"  # 120 members


def test_search_finds_chinese_and_pinyin_initials(qtbot, page, type_text):
    page.view.setFocus()
    qtbot.keySequence(page.view, QKeySequence(QKeySequence.StandardKey.Find))
    search = page.filters.search
    assert search.hasFocus()
    type_text(search, "广场舞")
    qtbot.waitUntil(lambda: names(page) == ["青山社区广场舞队"])
    search.clear()
    type_text(search, "gcw")
    qtbot.waitUntil(lambda: names(page) == ["青山社区广场舞队"])
    assert page.count.text() == "1 organisation"


def test_filters_narrow_the_list_and_say_when_nothing_matches(page):
    combos = page.filters.combos
    community = combos["community"]
    pick(community, community.itemData(community.findText("青山社区")))
    assert len(names(page)) == 4 and all(name.startswith("青山") for name in names(page))
    pick(combos["category"], "mutual_aid")
    assert names(page) == ["青山社区邻里互助会"]
    pick(combos["status"], "registered")
    assert names(page) == [] and page.empty.isVisible()
    assert page.empty.text() == "Nothing matches the search and filters."
    pick(community, "")
    pick(combos["category"], "")
    assert sorted(names(page)) == sorted(o[0] for o in DEMO_ORGS if o[3] == "registered")


def test_an_empty_register_says_how_to_begin(qtbot, head_db, make_ctx):
    page = shown(qtbot, OrgsPage(make_ctx(head_db)))
    assert page.empty.isVisible() and not page.view.isVisible()
    assert "No social organisations" in page.empty.text() and "Add…" in page.empty.text()


def test_a_bad_credit_code_is_shown_at_its_field_and_nothing_is_saved(qtbot, page, demo, type_text, settle):
    dialog = page.detail(None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    type_text(dialog.name, "石桥村巾帼志愿服务队")
    pick(dialog.community, dialog.community.itemData(dialog.community.findText("石桥村")))
    pick(dialog.category, "service")
    pick(dialog.status, "registered")
    type_text(dialog.credit_code, "51500110MJP1234567")  # the check character is wrong
    error = dialog.form._fields["credit_code"].error
    assert error.isVisible() and "check character" in error.text()
    assert not dialog.ok_button.isEnabled()
    dialog.save()  # Enter does the same: nothing goes to the database
    settle(page._ctx)
    with demo.read() as session:
        assert len(orgs.list_ids(session)) == len(DEMO_ORGS)

    dialog.credit_code.clear()
    type_text(dialog.credit_code, make_credit_code("51500110MJP777777"))
    assert not error.isVisible() and dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert "石桥村巾帼志愿服务队" in names(page)  # the page heard about the change
    with demo.read() as session:
        saved = orgs.list_all(session, OrgQuery(text="巾帼"))
    assert [(o.community, o.status, o.credit_code) for o in saved] == [
        ("石桥村", "registered", make_credit_code("51500110MJP777777"))]


def test_what_a_proposal_asks_is_filled_checked_at_its_field_and_saved(qtbot, page, demo, type_text, settle):
    select(page, "新华社区老年协会")
    dialog = page.detail(page.selected())
    qtbot.addWidget(dialog)
    dialog.show()
    address, inspection, rating, profile = DEMO_ORG_DETAILS["新华社区老年协会"]
    assert (dialog.address.text(), dialog.postcode.text(), combo_value(dialog.inspection), combo_value(dialog.rating),
            dialog.profile.toPlainText()) == (address, DEMO_POSTCODE, inspection, rating, profile)
    assert dialog.profile_count.text() == f"{len(profile)}/500"

    dialog.postcode.clear()
    type_text(dialog.postcode, "4014")
    error = dialog.form._fields["postcode"].error
    assert error.isVisible() and error.text() == "A postcode has 6 digits."
    assert not dialog.ok_button.isEnabled()
    type_text(dialog.postcode, "21")
    assert dialog.postcode.text() == "401421" and not error.isVisible() and dialog.ok_button.isEnabled()

    dialog.profile.moveCursor(dialog.profile.textCursor().MoveOperation.End)
    type_text(dialog.profile, "长" * (500 - len(profile) + 1))  # one character too many
    too_long = dialog.form._fields["profile"].error
    assert dialog.profile_count.text() == "501/500" and ERROR_COLOR in dialog.profile_count.styleSheet()
    assert too_long.isVisible() and too_long.text() == "At most 500 characters." and not dialog.ok_button.isEnabled()
    dialog.profile.textCursor().deletePreviousChar()
    assert dialog.profile_count.text() == "500/500" and not too_long.isVisible() and dialog.ok_button.isEnabled()

    pick(dialog.inspection, "basically_qualified")
    pick(dialog.rating, "")
    dialog.ok_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    with demo.read() as session:
        saved = orgs.get_many(session, [dialog.outcome.id])[0]
    assert (saved.postcode, saved.inspection, saved.rating, len(saved.profile)) == (
        "401421", "basically_qualified", "", 500)


def test_tab_goes_through_the_proposal_fields_in_order(qtbot, page):
    dialog = page.detail(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.founded_on.setFocus()
    order = []
    for _field in range(5):
        dialog.focusNextChild()
        order.append(QApplication.focusWidget())
    assert order == [dialog.address, dialog.postcode, dialog.inspection, dialog.rating, dialog.leader]
    dialog.profile.setFocus()
    qtbot.keyClick(dialog.profile, Qt.Key.Key_Tab)  # moves on rather than typing a tab into the profile
    assert QApplication.focusWidget() is dialog.notes and dialog.profile.toPlainText() == ""


def test_a_change_of_status_asks_why_and_is_kept_in_the_history(qtbot, page, demo, type_text, settle):
    select(page, "青山社区邻里互助会")
    dialog = page.detail(page.selected())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.status_note.isVisible()  # only a change of status has a reason
    pick(dialog.status, "registered")
    assert dialog.form._fields["credit_code"].error.isVisible()  # what registering asks for, said at once
    pick(dialog.status, "filed")
    assert not dialog.form._fields["credit_code"].error.isVisible()
    assert dialog.status_note.isVisible()
    type_text(dialog.status_note, "已在街道办事处备案")
    dialog.ok_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    with demo.read() as session:
        changes = orgs.history(session, dialog.outcome.id)
    assert [(c.status, c.note) for c in changes][-1] == ("filed", "已在街道办事处备案")

    select(page, "青山社区邻里互助会")
    again = page.detail(page.selected())
    qtbot.addWidget(again)
    assert again.history is not None and "已在街道办事处备案" in again.history.text()


def test_delete_asks_then_restore_brings_it_back(qtbot, page, demo, monkeypatch, settle):
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    select(page, "石桥村红白理事会")
    page.delete_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: "石桥村红白理事会" not in names(page))
    assert page.count.text() == "9 organisations"

    page.filters.show_deleted.setChecked(True)
    select(page, "石桥村红白理事会")
    assert page.restore_button.isEnabled() and not page.edit_button.isEnabled()
    page.restore_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: page.delete_button.isEnabled())
    with demo.read() as session:
        assert "石桥村红白理事会" in [o.name for o in orgs.list_all(session)]


def test_enter_on_a_row_opens_its_detail(qtbot, page, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(OrgDialog, "exec", lambda dialog: opened.append(dialog.name.text()) or 0)
    select(page, "龙泉村文艺宣传队")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened == ["龙泉村文艺宣传队"]


def test_a_viewer_has_no_edit_buttons(open_page, monkeypatch):
    page = open_page("zhaolei")
    assert len(names(page)) == len(DEMO_ORGS)
    assert not any(button.isVisible() for button in (page.add_button, page.edit_button, page.delete_button,
                                                     page.restore_button))
    assert page.read_only.isVisible() and "Viewer" in page.read_only.text()
    monkeypatch.setattr(OrgDialog, "exec", lambda _dialog: pytest.fail("a viewer opened the editor"))
    select(page, "龙泉村文艺宣传队")
    page.edit()


def test_finance_sees_leaders_phones_masked(open_page):
    phones = column(open_page("wangfang"), "Phone")
    assert phones and all("****" in phone for phone in phones)


def test_a_viewer_opens_a_record_read_only(open_page, monkeypatch):
    """A double-click on a row shows the viewer everything the form holds, with nothing to change and no Save."""
    page = open_page("zhaolei")
    seen: list[OrgDialog] = []

    def look(dialog: OrgDialog) -> int:
        seen.append(dialog)
        assert dialog.name.text() == "龙泉村文艺宣传队" and dialog.name.isReadOnly()
        assert not dialog.ok_button.isVisibleTo(dialog)
        assert not any(combo.isEnabled() for combo in dialog.findChildren(QComboBox))
        assert dialog.profile.isReadOnly()
        dialog.save()  # Ctrl+S does nothing in a dialog that only shows a record
        assert dialog.outcome is None
        return 0

    monkeypatch.setattr(OrgDialog, "exec", look)
    select(page, "龙泉村文艺宣传队")
    page.view.doubleClicked.emit(page.view.currentIndex())
    assert len(seen) == 1
