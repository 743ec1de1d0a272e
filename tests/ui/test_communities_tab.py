from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.domain.pinyin import sort_key
from desktop.i18n import set_locale
from desktop.services import communities, signin
from desktop.services.communities import CommunityQuery
from desktop.services.demo import DEMO_COMMUNITIES
from desktop.ui.settings.communities_tab import CommunitiesTab
from desktop.ui.settings.community_dialog import CommunityDialog
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def ctx(demo, make_ctx):
    """A copy of the shared demo station, its head signed in (quicker than loading the demo each time)."""
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    return make_ctx(demo)


@pytest.fixture
def tab(qtbot, ctx):
    return shown(qtbot, CommunitiesTab(ctx))


def names(tab: CommunitiesTab) -> list[str]:
    model = tab.model
    return [model.row_object(model.index(row, 0)).name for row in range(model.rowCount())]


def select(tab: CommunitiesTab, name: str) -> None:
    tab.view.selectRow(names(tab).index(name))


def test_lists_the_communities_sorted_in_sql(tab):
    assert sorted(names(tab)) == sorted(n for n, *_ in DEMO_COMMUNITIES)
    assert names(tab) == sorted(names(tab), key=sort_key)
    tab.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # resident population, largest first
    assert names(tab)[0] == "青山社区"


def test_add_through_the_form(qtbot, tab, ctx, demo, type_text, settle):
    dialog = CommunityDialog(ctx, parent=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()  # a name is required
    type_text(dialog.name, "桃源村")
    dialog.setting.setCurrentIndex(dialog.setting.findData("rural"))
    type_text(dialog.population, "1250")
    type_text(dialog.division_code, "500110108208")
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.division_code, Qt.Key.Key_Return)  # Enter saves
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)

    with demo.read() as session:
        saved = [c for c in communities.list_all(session) if c.name == "桃源村"]
    assert [(c.setting, c.population, c.division_code) for c in saved] == [("rural", 1250, "500110108208")]
    assert "桃源村" in names(tab)  # the list heard about the change


def test_duplicate_name_is_shown_at_the_field(qtbot, tab, ctx, type_text, settle):
    dialog = CommunityDialog(ctx, parent=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name, "青山社区")
    dialog.ok_button.click()
    settle(ctx)
    error = dialog.form._fields["name"].error
    qtbot.waitUntil(error.isVisible)
    assert "青山社区" in error.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted


def test_typing_a_bad_number_says_so_before_saving(qtbot, ctx, type_text):
    dialog = CommunityDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name, "桃源村")
    type_text(dialog.population, "abc")
    assert dialog.form._fields["population"].error.isVisible()
    assert not dialog.ok_button.isEnabled()


def test_delete_asks_then_restore_brings_it_back(qtbot, tab, ctx, demo, monkeypatch, settle):
    set_locale("en")  # the wording is checked below; the autouse fixture puts the locale back
    asked: list[str] = []

    def confirm(_parent, title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    select(tab, "石桥村")
    assert tab.delete_button.isEnabled() and not tab.restore_button.isEnabled()
    tab.delete_button.click()
    settle(ctx)
    assert asked and "Restore" in asked[0]  # the question explains how to undo
    qtbot.waitUntil(lambda: "石桥村" not in names(tab))
    with demo.read() as session:
        assert len(communities.list_ids(session)) == len(DEMO_COMMUNITIES) - 1

    tab.filters.show_deleted.setChecked(True)
    assert "石桥村" in names(tab)
    row = names(tab).index("石桥村")
    assert tab.model.data(tab.model.index(row, 0), Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    select(tab, "石桥村")
    assert tab.restore_button.isEnabled() and not tab.edit_button.isEnabled()
    tab.restore_button.click()
    settle(ctx)
    with demo.read() as session:
        assert "石桥村" in [c.name for c in communities.list_all(session, CommunityQuery())]
    qtbot.waitUntil(lambda: tab.delete_button.isEnabled())


def test_search_box_filters_and_ctrl_f_focuses_it(qtbot, tab, type_text):
    tab.view.setFocus()
    qtbot.keySequence(tab.view, QKeySequence(QKeySequence.StandardKey.Find))
    assert tab.filters.search.hasFocus()
    type_text(tab.filters.search, "社区")
    qtbot.waitUntil(lambda: len(names(tab)) == 3)
    assert all("社区" in name for name in names(tab))
    setting = tab.filters.combos["setting"]
    setting.setCurrentIndex(setting.findData("rural"))
    setting.activated.emit(setting.currentIndex())
    assert names(tab) == []
    assert "0" in tab.count.text()
    assert tab.empty.isVisible() and "Nothing matches" in tab.empty.text()  # not "the register is empty"


def test_editing_keeps_the_record_and_changes_it(qtbot, tab, ctx, demo, type_text, settle):
    select(tab, "白云村")
    dialog = CommunityDialog(ctx, tab.selected(), parent=tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.population.clear()
    type_text(dialog.population, "1500")
    dialog.ok_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.outcome is not None and dialog.outcome.population == 1500
    with demo.read() as session:
        assert communities.get(session, dialog.outcome.id).population == 1500
