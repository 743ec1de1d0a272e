"""The 供需对接 page never reads a growing list on the GUI thread: the match dialog ranks its candidates on
the database worker and says so meanwhile (a ranking for a dialog closed since is dropped); the projects
list and the 工作台 panel of needs waiting are read there too. A need deleted by someone else since the
list was read is said plainly when it is opened or edited, and the list is read again."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import _, set_locale
from desktop.services import matching, needs, signin
from desktop.ui.context import AppContext
from desktop.ui.fonts import register_font
from desktop.ui.needs.match_dialog import MatchDialog
from desktop.ui.needs.need_dialog import NeedDialog
from desktop.ui.needs.need_fields import TOPIC
from desktop.ui.needs.need_window import NeedWindow
from desktop.ui.needs.page import NeedsPage
from desktop.ui.needs.unmatched_panel import UnmatchedNeedsPanel
from needs_ui_testing import needs_page, row_named, titles
from register_testing import column, pick
from wushe_testing import DEMO_PASSWORD, shown

WAITING = "留守儿童暑期缺少看护"  # 石桥村, waiting for a match
GONE_TEXT = "This need was deleted.\n\nSomeone else changed it since the list was read: the list now shows the needs " \
            "as they are."


def busy(ctx: AppContext) -> threading.Event:
    """Keep the database worker busy until the event is set (at most ten seconds)."""
    release = threading.Event()
    ctx.tasks.run(lambda _progress: release.wait(10), show_progress=False)
    return release


def unmatched_needs(demo) -> list[needs.NeedRow]:  # type: ignore[no-untyped-def]
    """Open needs never matched: the ones a need's delete button takes off the list."""
    with demo.read() as session:
        return [row for row in needs.list_needs(session, status="open") if not row.matches
                and not matching.matches_of_need(session, row.id)]


def test_the_match_dialog_ranks_on_the_worker_in_chinese(qapp, qtbot, demo, make_ctx, monkeypatch,
                                                         tmp_path: Path) -> None:
    """Written to $WUSHE_SHOTS when set, to look at: the dialog while it ranks, and once ranked."""
    set_locale("zh_CN")
    register_font(qapp)
    folder = Path(os.environ.get("WUSHE_SHOTS") or tmp_path)
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    tab = page.needs
    with demo.read() as session:
        need = next(row for row in needs.list_needs(session) if row.title == WAITING)
        expected = matching.candidates(session, need.id)
    tab.select(need.id)  # by id: the headers are in Chinese
    release = busy(tab._ctx)
    seen: dict[str, object] = {}

    def look(dialog: MatchDialog) -> int:
        dialog.show()
        qtbot.wait(50)
        seen["meanwhile"] = (dialog.none.text(), dialog.view.isVisible(), dialog.reason.isEnabled(),
                             dialog.ok_button.isEnabled())
        dialog.grab().save(str(folder / "needs-match-loading-zh_CN.png"))
        release.set()
        qtbot.waitUntil(lambda: dialog.loaded)
        seen["ranked"] = [dialog.model.row_object(dialog.model.index(n, 0)).name
                          for n in range(dialog.model.rowCount())]
        seen["then"] = (dialog.view.isVisible(), dialog.none.isVisible(), dialog.reason.text(),
                        dialog.ok_button.isEnabled())
        dialog.grab().save(str(folder / "needs-match-loaded-zh_CN.png"))
        return 0

    monkeypatch.setattr(MatchDialog, "exec", look)
    tab.match_button.click()
    assert seen["meanwhile"] == (_("Looking for resources to match…"), False, False, False)
    assert seen["ranked"] == [c.name for c in expected]
    assert seen["then"] == (True, False, _("; ").join(expected[0].reasons), True)
    for name in ("loading", "loaded"):
        assert not QImage(str(folder / f"needs-match-{name}-zh_CN.png")).isNull()


def test_a_ranking_for_a_dialog_closed_meanwhile_is_dropped(qtbot, demo, make_ctx) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    tab = page.needs
    row_named(tab, WAITING)
    ctx = tab._ctx
    release = busy(ctx)
    closed = MatchDialog(ctx, tab.selected(), tab)
    closed.show()
    closed.reject()
    dropped = MatchDialog(ctx, tab.selected(), tab)
    dropped.deleteLater()
    qtbot.wait(10)  # deleted before its ranking comes back
    release.set()
    ctx.tasks.wait()
    qtbot.wait(50)  # the rankings' arrival, queued to the GUI thread: no error from either
    assert not closed.loaded and closed.model.rowCount() == 0
    assert closed.none.text() == "Looking for resources to match…"


def test_a_need_deleted_meanwhile_is_said_when_opened_or_edited(qtbot, demo, make_ctx, monkeypatch) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    tab = page.needs
    first, second = unmatched_needs(demo)[:2]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *_args: said.append(text))
    monkeypatch.setattr(NeedWindow, "exec", lambda _window: said.append("opened") or 0)
    monkeypatch.setattr(NeedDialog, "exec", lambda _dialog: said.append("edited") or 0)
    for need, button in ((first, tab.open_button), (second, tab.edit_button)):
        row_named(tab, need.title)
        with demo.write() as session:  # someone else, on another computer, since the list was read
            needs.delete_need(session, need.id)
        button.click()
        assert said == [GONE_TEXT]
        assert need.title not in titles(tab)  # the list was read again
        said.clear()


def test_the_need_window_closes_when_its_need_is_deleted_elsewhere(qtbot, demo, make_ctx, monkeypatch) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    need = unmatched_needs(demo)[0]
    ctx = page.needs._ctx
    window = NeedWindow(ctx, need.id, page)  # closed with the page
    window.show()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *_args: said.append(text))
    with demo.write() as session:
        needs.delete_need(session, need.id)
    ctx.events.publish(TOPIC)
    ctx.events.publish(TOPIC)  # said once: the window no longer listens
    assert said == [GONE_TEXT] and not window.isVisible()


def test_the_projects_list_is_read_on_the_worker(qtbot, demo, make_ctx) -> None:
    signin.sign_in(demo, "zhaolei", DEMO_PASSWORD)  # a viewer
    ctx = make_ctx(demo)
    release = busy(ctx)
    page = shown(qtbot, NeedsPage(ctx), (1280, 760))
    tab = page.projects
    assert tab.empty.text() == "Reading the projects…" and tab.count.text() == "" and tab.model.rowCount() == 0
    release.set()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    with demo.read() as session:
        every = matching.projects_list(session)
    assert column(tab, "Project") == [row.name for row in every]
    assert tab.count.text() == f"{len(every)} projects"
    release = busy(ctx)  # narrowing reads nothing more: the list is kept whole
    pick(tab.filters.combos["kind"], "service_project")
    assert column(tab, "Project") == [row.name for row in every if row.kind == "service_project"]
    release.set()


def test_the_home_panel_counts_on_the_worker(qtbot, demo, make_ctx) -> None:
    signin.sign_in(demo, "zhaolei", DEMO_PASSWORD)
    ctx = make_ctx(demo)
    release = busy(ctx)
    panel = UnmatchedNeedsPanel(ctx)
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.isHidden() and panel.model.rowCount() == 0  # until the counts arrive
    release.set()
    qtbot.waitUntil(panel.isVisible)
    with demo.read() as session:
        waiting = needs.unmatched_by_community(session)
    assert column(panel, "Village or community") == [name for _id, name, _n, _u in waiting]
