"""The UI hides or disables what the services would refuse the signed-in role."""

from __future__ import annotations

import pytest

from desktop.services import signin
from desktop.ui.main_window import open_main_window
from desktop.ui.settings.page import SettingsPage
from wushe_testing import shown


def signed_in_as(db, username: str, password: str):
    signin.sign_out(db)
    signin.sign_in(db, username, password)
    return db


@pytest.fixture
def viewer_page(qtbot, demo_db, make_ctx, password):
    ctx = make_ctx(signed_in_as(demo_db, "zhaolei", password))
    return shown(qtbot, SettingsPage(ctx))


def test_a_viewer_may_look_but_not_change(viewer_page):
    tab = viewer_page.communities
    assert tab.model.total() > 0  # viewing is allowed
    tab.view.selectRow(0)
    for button in (tab.add_button, tab.edit_button, tab.delete_button, tab.restore_button):
        assert not button.isEnabled()
    assert "Viewer" in tab.add_button.toolTip()  # the services' own words say why
    tab.edit()  # a double-click or Enter does nothing either
    assert not viewer_page.station.save_button.isEnabled()
    assert not viewer_page.backups.backup_button.isEnabled()
    assert not viewer_page.backups.restore_button.isEnabled()


def test_a_viewer_has_no_users_or_audit_tab(viewer_page):
    assert viewer_page.users is None and viewer_page.audit is None
    titles = [viewer_page.tabs.tabText(i) for i in range(viewer_page.tabs.count())]
    assert "Users" not in titles and "Audit log" not in titles


def test_a_social_worker_edits_communities_and_backs_up_but_not_more(qtbot, demo_db, make_ctx, password):
    ctx = make_ctx(signed_in_as(demo_db, "lixia", password))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.communities.add_button.isEnabled()
    assert page.backups.backup_button.isEnabled() and not page.backups.restore_button.isEnabled()
    assert page.users is None and page.audit is None


def test_the_head_sees_every_tab(qtbot, demo_db, make_ctx):
    page = SettingsPage(make_ctx(demo_db))
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[-2:] == ["Users", "Audit log"]


def test_the_status_bar_and_file_menu_follow_the_user(qtbot, demo_db, make_ctx, password):
    ctx = make_ctx(signed_in_as(demo_db, "zhaolei", password))
    window = open_main_window(ctx)
    qtbot.addWidget(window)
    assert window._user_label.text() == "赵磊 (zhaolei), Viewer (read only)"
    file_menu = window.menuBar().actions()[0].menu()
    enabled = {a.text(): a.isEnabled() for a in file_menu.actions() if a.text()}
    assert enabled["&Back up now"] is False
    assert enabled["&Lock now"] and enabled["&Change password…"] and enabled["Sign &out"]

    signed_out: list[bool] = []
    ctx.session.sign_out_requested.connect(lambda: signed_out.append(True))
    next(a for a in file_menu.actions() if a.text() == "Sign &out").trigger()
    assert signed_out == [True]

    signed_in_as(demo_db, "admin", password)
    ctx.session.user_changed.emit()  # the access controller says so after signing in again
    assert window._user_label.text() == "周建国 (admin), Station head"
    file_menu = window.menuBar().actions()[0].menu()
    assert next(a for a in file_menu.actions() if a.text() == "&Back up now").isEnabled()
