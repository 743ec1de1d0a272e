"""The needs and resources lists page through the database (a window at a time, counted on the worker,
sorted in SQL); a need closed or reopened by someone else since the list was read gives its message in
the dialog, not the crash dialog; and a resource's matches in a window of their own."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from desktop.services import matching, needs, resources, signin
from desktop.ui import table_model
from desktop.ui.needs.close_dialog import CloseDialog
from desktop.ui.needs.match_dialog import MatchDialog
from desktop.ui.needs.need_window import NeedWindow
from desktop.ui.needs.page import NeedsPage
from desktop.ui.needs.resource_matches import ResourceMatchesWindow
from desktop.ui.volunteers.fields import ReasonDialog
from needs_ui_testing import needs_page, row_named, run_dialog, titles
from register_testing import column, pick
from wushe_testing import DEMO_PASSWORD, shown


def need_titled(demo, title: str) -> needs.NeedRow:
    with demo.read() as session:
        return next(row for row in needs.list_needs(session) if row.title == title)


def test_the_first_window_shows_while_the_worker_counts(qtbot, demo, make_ctx, monkeypatch) -> None:
    monkeypatch.setattr(table_model, "BATCH", 3)  # the demo's needs are a few windows of three
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    ctx = make_ctx(demo)
    release = threading.Event()
    ctx.tasks.run(lambda _progress: release.wait(5), show_progress=False)  # the worker is busy
    page = shown(qtbot, NeedsPage(ctx), (1280, 600))
    tab = page.needs
    assert tab.model.rowCount() == 3 and tab.count.text() == "3+ needs"
    release.set()
    with demo.read() as session:
        waiting = len(needs.list_needs(session, status="unclosed"))
    qtbot.waitUntil(lambda: tab.count.text() == f"{waiting} needs")
    assert 3 <= tab.model.rowCount() < waiting  # counted, not all fetched


def test_the_lists_sort_in_sql_and_say_how_many(qtbot, demo, make_ctx) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    tab = page.needs
    with demo.read() as session:
        waiting = needs.list_needs(session, status="unclosed")
    assert tab.count.text() == f"{len(waiting)} needs"
    tab.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # found on, latest first
    found_on = {r.title: r.found_on for r in waiting}
    assert sorted(titles(tab)) == sorted(found_on)
    assert [found_on[t] for t in titles(tab)] == sorted(found_on.values(), reverse=True)
    resources_tab = page.resources
    with demo.read() as session:
        every = resources.list_resources(session)
    assert resources_tab.count.text() == f"{len(every)} resources"
    assert column(resources_tab, "Name") == [r.name for r in every]


def test_a_need_closed_by_someone_else_is_said_in_the_match_dialog(qtbot, demo, make_ctx, monkeypatch) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    tab = page.needs
    title = "留守儿童暑期缺少看护"
    row_named(tab, title)
    with demo.write() as session:  # someone else, on another computer, since the list was read
        needs.close_need(session, tab.selected().id, "solved", "暑期托管班已开班")
    seen: dict[str, object] = {}

    def fill(dialog: MatchDialog) -> None:
        qtbot.waitUntil(lambda: dialog.loaded)
        seen["error"] = dialog.none.text() if dialog.none.isVisible() else ""
        dialog.grab().save("/tmp/needs_match_stale.png")
        seen["may record"] = dialog.ok_button.isEnabled()

    monkeypatch.setattr(MatchDialog, "exec", run_dialog(qtbot, fill))
    tab.match_button.click()
    assert seen == {"error": "This need is closed (perhaps by someone else just now): reopen it to match it again.",
                    "may record": False}
    assert title not in titles(tab)  # the list was read again: it is closed


def test_closing_or_reopening_a_need_changed_meanwhile_says_so(qtbot, demo, make_ctx, monkeypatch,
                                                               type_text) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    tab = page.needs
    title = "留守儿童暑期缺少看护"
    row_named(tab, title)
    need_id = tab.selected().id
    with demo.write() as session:
        needs.close_need(session, need_id, "unsolvable", "家长已自行安排")
    seen: dict[str, str] = {}

    def close(dialog: CloseDialog) -> None:
        dialog.outcome_text.setPlainText("已安排志愿者")

    def after(dialog: CloseDialog) -> int:
        result = run_dialog(qtbot, close)(dialog)
        seen["close"] = dialog.form._fields["status"].error.text()
        return result

    monkeypatch.setattr(CloseDialog, "exec", after)
    tab.close_button.click()
    assert seen["close"] == "This need is already closed (perhaps by someone else just now)."
    with demo.read() as session:
        assert needs.need(session, need_id).outcome == "家长已自行安排"

    # Shown closed now (the list read again); someone else reopens it before she does.
    pick(tab.filters.combos["status"], "")
    row_named(tab, title)
    with demo.write() as session:
        needs.reopen_need(session, need_id, "家长又需要了")

    def reopen(dialog: ReasonDialog) -> None:
        type_text(dialog.reason, "重新评估")

    def reopened(dialog: ReasonDialog) -> int:
        result = run_dialog(qtbot, reopen)(dialog)
        seen["reopen"] = dialog.form._general_label().text()
        return result

    monkeypatch.setattr(ReasonDialog, "exec", reopened)
    tab.reopen_button.click()
    assert seen["reopen"] == "This need is not closed (perhaps someone else reopened it just now)."


def test_a_resource_shows_the_needs_it_was_put_to(qtbot, demo, make_ctx, monkeypatch) -> None:
    page = needs_page(qtbot, demo, make_ctx, "zhaolei")  # a viewer may look too
    tab = page.resources
    tab.view.selectRow(column(tab, "Name").index("长者助餐送餐上门"))
    assert not tab.matches_button.isHidden() and tab.matches_button.isEnabled()
    opened: list[ResourceMatchesWindow] = []

    def look(window: ResourceMatchesWindow) -> int:
        window.show()
        opened.append(window)
        qtbot.waitUntil(window.view.isVisible)  # read on the database worker
        window.grab().save("/tmp/needs_resource_matches.png")
        return 0

    monkeypatch.setattr(ResourceMatchesWindow, "exec", look)
    tab.matches_button.click()
    [window] = opened
    with demo.read() as session:
        expected = matching.matches_of_resource(session, tab.selected().id)
    assert expected and column(window, "Need") == [m.need_title for m in expected]
    assert column(window, "Status") == [m.status_label for m in expected]
    needs_seen: list[str] = []
    monkeypatch.setattr(NeedWindow, "exec", lambda w: needs_seen.append(w.need_id) or 0)
    window.view.selectRow(0)
    window.open_need()
    assert needs_seen == [expected[0].need_id]


def test_a_resource_never_matched_says_so(qtbot, demo, make_ctx) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    with demo.read() as session:
        lonely = next(r for r in resources.list_resources(session)
                      if not matching.matches_of_resource(session, r.id))
    window = ResourceMatchesWindow(page.resources._ctx, lonely, page)  # closed with the page
    window.show()
    assert window.empty.text() == "Reading the matches…"
    qtbot.waitUntil(lambda: window.empty.text() == "This resource has not been put to any need yet.")
    assert window.empty.isVisible() and not window.view.isVisible()
