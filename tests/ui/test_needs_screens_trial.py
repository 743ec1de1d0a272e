"""What a second fresh-clone trial of issue 9 found in the windows: ending a resource with a match under way
asks why and closes the match; a need with no match shows its heading and the empty line at the top of a
window sized to them; the 工作台 of a new station keeps what is due at the top; the station head's default
name is not followed by the same role. Screens are written to $WUSHE_SHOTS when set, to look at."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QLabel

from desktop.domain.permissions import Role
from desktop.i18n import set_locale
from desktop.services import matching, needs, resources, station
from desktop.services.accounts import AccountInput
from desktop.services.demo import DEMO_STATION
from desktop.storage.database import Database
from desktop.ui.fonts import register_font
from desktop.ui.home.page import HomePage
from desktop.ui.main_window import open_main_window
from desktop.ui.needs.end_resource_dialog import EndResourceDialog
from desktop.ui.needs.need_window import NeedWindow
from desktop.ui.needs.resource_dialog import ResourceDialog
from needs_ui_testing import needs_page
from wushe_testing import DEMO_PASSWORD, shown


def _shot(widget, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    widget.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / name))


def test_ending_a_matched_resource_asks_why_and_closes_its_match(qapp, qtbot, demo, make_ctx, tmp_path) -> None:
    register_font(qapp)
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    ctx = page.needs._ctx
    with demo.read() as session:
        [meal] = [r for r in resources.list_resources(session) if r.name == "长者助餐送餐上门"]
        [(_match, need_title)] = resources.open_matches(session, meal.id)
    dialog = shown(qtbot, ResourceDialog(ctx, meal, page))
    dialog.status.setCurrentIndex(dialog.status.findData("ended"))
    dialog.save()
    confirm = dialog.findChild(EndResourceDialog)
    assert confirm is not None and confirm.isVisible()
    assert any(need_title in label.text() for label in confirm.findChildren(QLabel))  # names the match
    assert not confirm.ok_button.isEnabled()  # a reason is required
    confirm.reason.setText("送餐志愿者已离开")
    _shot(confirm, "end_resource.png", tmp_path)
    confirm.save()
    ctx.tasks.wait()
    qtbot.waitUntil(lambda: dialog.result() == 1)
    with demo.read() as session:
        assert resources.resource(session, meal.id).status == "ended"
        [row] = needs.list_needs(session, search=need_title)
        [closed] = matching.matches_of_resource(session, meal.id)
    assert (row.status, closed.status, closed.outcome) == ("open", "failed", "Resource ended: 送餐志愿者已离开")


def test_a_need_with_no_match_opens_small_with_its_heading_on_top(qapp, qtbot, demo, make_ctx, tmp_path) -> None:
    register_font(qapp)
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    with demo.read() as session:
        [row] = needs.list_needs(session, search="高龄老人需要助餐服务")
        assert matching.matches_of_need(session, row.id) == []
    window = shown(qtbot, NeedWindow(page.needs._ctx, row.id, page))
    qtbot.wait(20)
    _shot(window, "need_window_empty.png", tmp_path)
    assert window.width() < 800 and window.height() < 300
    assert window.heading.geometry().top() < 20  # at the top, not floating in the middle
    assert window.empty.geometry().top() - window.heading.geometry().bottom() < 20


def test_a_new_station_keeps_what_is_due_at_the_top_and_names_its_head_once(qapp, qtbot, db: Database, make_ctx,
                                                                            tmp_path) -> None:
    set_locale("zh_CN")
    register_font(qapp)
    station.initialize(db, DEMO_STATION, (), AccountInput("admin", "站长", Role.ADMIN, DEMO_PASSWORD))  # as `wushe init`
    window = shown(qtbot, open_main_window(make_ctx(db)), (1280, 800))
    home = window.page_widget("home")
    assert isinstance(home, HomePage) and home.follow_ups is not None
    qtbot.wait(100)  # the unmatched needs are counted on the worker: none, the panel stays hidden
    _shot(window, "home_new_station.png", tmp_path)
    tiles = list(home.tiles.values())
    assert max(t.height() for t in tiles) < 150  # the figures do not take the page's height
    gap = home.milestones.geometry().top() - home.follow_ups.geometry().bottom()
    assert gap < 40 and home.last_backup.geometry().top() - home.milestones.geometry().bottom() < 40
    assert "admin" in window._user_label.text() and window._user_label.text().count("站长") == 1
