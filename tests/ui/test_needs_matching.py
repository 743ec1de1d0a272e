"""对接 on the demo station: the ranked candidates of a need with their reasons, a match recorded from them,
followed and closed in the need's window; resources added from a register or named; and the 工作台 panel of
needs waiting for a match, which opens the needs list at a community."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services import matching, needs, resources
from desktop.ui.needs.close_dialog import CloseDialog
from desktop.ui.needs.follow_up_dialog import FollowUpDialog
from desktop.ui.needs.match_dialog import WARNINGS, MatchDialog
from desktop.ui.needs.need_fields import WARNING_COLOR
from desktop.ui.needs.need_window import NeedWindow
from desktop.ui.needs.page import NeedsPage
from desktop.ui.needs.resource_dialog import ResourceDialog
from desktop.ui.needs.unmatched_panel import UnmatchedNeedsPanel
from needs_ui_testing import needs_page, row_named, run_dialog, titles
from register_testing import column, pick, pick_text
from wushe_testing import shown


def need_titled(demo, title: str) -> needs.NeedRow:
    with demo.read() as session:
        return next(row for row in needs.list_needs(session) if row.title == title)


def test_find_a_match_ranks_candidates_and_records_the_chosen_one(qtbot, demo, make_ctx, monkeypatch) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    tab = page.needs
    row_named(tab, "留守儿童暑期缺少看护")  # 石桥村, waiting: its earlier match did not work
    with demo.read() as session:
        expected = matching.candidates(session, tab.selected().id)
    seen: dict[str, object] = {}

    def fill(dialog: MatchDialog) -> None:
        qtbot.waitUntil(lambda: dialog.loaded)  # ranked on the database worker
        model = dialog.model
        seen["names"] = [model.row_object(model.index(n, 0)).name for n in range(model.rowCount())]
        seen["scores"] = column(dialog, "Score")
        seen["first reason"] = dialog.reason.text()
        warned = [n for n in range(model.rowCount()) if model.row_object(model.index(n, 0)).warnings]
        seen["amber"] = all(model.data(model.index(n, WARNINGS), Qt.ItemDataRole.ForegroundRole) == WARNING_COLOR
                            for n in warned)
        dialog.view.selectRow(1)
        seen["chosen"] = dialog.candidate()
        dialog.reason.setText("离村较近，周末可安排志愿者接送")

    monkeypatch.setattr(MatchDialog, "exec", run_dialog(qtbot, fill))
    tab.match_button.click()
    assert seen["names"] == [c.name for c in expected]
    assert seen["scores"] == [str(c.score) for c in expected]
    assert seen["first reason"] == "; ".join(expected[0].reasons)
    assert seen["amber"]
    chosen = seen["chosen"]
    need = need_titled(demo, "留守儿童暑期缺少看护")
    assert need.status == "matched"
    qtbot.waitUntil(lambda: column(tab, "Status")[titles(tab).index(need.title)] == "Matched (已对接)")
    with demo.read() as session:
        latest = [m for m in matching.matches_of_need(session, need.id) if m.status == "active"]
    assert [(m.target_id, m.reason) for m in latest] == [(chosen.id, "离村较近，周末可安排志愿者接送")]


def test_the_need_window_follows_a_match_and_closes_it(qtbot, demo, make_ctx, monkeypatch, type_text) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    need = need_titled(demo, "行动不便的老人需要送餐上门")
    window = shown(qtbot, NeedWindow(page.needs._ctx, need.id, page))
    assert "行动不便的老人需要送餐上门" in window.heading.text() and "钱文彬" in window.heading.text()
    assert column(window, "Resource or project") == ["长者助餐送餐上门"]
    assert not window.note_button.isEnabled()
    window.view.selectRow(0)
    assert window.note_button.isEnabled() and window.close_button.isEnabled()

    def note(dialog: FollowUpDialog) -> None:
        dialog.notes.setPlainText("3月5日 电话回访，已送餐两周，老人满意")

    monkeypatch.setattr(FollowUpDialog, "exec", run_dialog(qtbot, note))
    window.note_button.click()
    # dated and signed, after the notes before it
    qtbot.waitUntil(lambda: column(window, "Latest follow-up")[0].endswith(": 3月5日 电话回访，已送餐两周，老人满意"))

    def failed(dialog: CloseDialog) -> None:
        pick(dialog.status, "failed")
        type_text(dialog.outcome_text, "送餐志愿者不足，暂停送餐")

    window.view.selectRow(0)
    monkeypatch.setattr(CloseDialog, "exec", run_dialog(qtbot, failed))
    window.close_button.click()
    qtbot.waitUntil(lambda: column(window, "Status") == ["Did not work (未成功)"])
    assert need_titled(demo, need.title).status == "open"  # its only match failed: waiting again
    assert "Waiting for a match" in window.heading.text()


def test_a_resource_from_the_organisations_register(qtbot, demo, make_ctx, monkeypatch, type_text) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    page.tabs.setCurrentWidget(page.resources)

    def fill(dialog: ResourceDialog) -> None:
        type_text(dialog.name, "老年大学书法班")
        pick(dialog.kind, "org")  # suggests the organisations register
        assert dialog.provider.field() == "org_id"
        type_text(dialog.provider.search, "老年协会")
        dialog.provider.find()
        dialog.categories["culture"].setChecked(True)
        pick_text(dialog.community, "新华社区")
        type_text(dialog.capacity, "3")

    monkeypatch.setattr(ResourceDialog, "exec", run_dialog(qtbot, fill))
    page.resources.add_button.click()
    qtbot.waitUntil(lambda: "老年大学书法班" in column(page.resources, "Name"))
    row = page.resources.selected()
    assert (row.name, row.provider, row.community, row.capacity, row.categories) == (
        "老年大学书法班", "新华社区老年协会", "新华社区", 3, ("culture",))


def test_a_resource_named_in_words_and_edited(qtbot, demo, make_ctx, monkeypatch, type_text) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    tab = page.resources
    tab.view.selectRow(column(tab, "Name").index("就业技能培训（家政、电商）"))
    seen: list[tuple[str, str, bool]] = []

    def fill(dialog: ResourceDialog) -> None:
        layout = dialog.form.layout
        seen.append((dialog.provider.field(), dialog.provider.name.text(), layout.isRowVisible(dialog.provider.name)))
        dialog.provider.name.setText("青山镇人社服务所")
        dialog.provider.name.textEdited.emit(dialog.provider.name.text())

    monkeypatch.setattr(ResourceDialog, "exec", run_dialog(qtbot, fill))
    tab.edit_button.click()
    assert seen == [("", "青山镇劳动就业和社会保障服务所", True)]
    qtbot.waitUntil(lambda: "青山镇人社服务所" in column(tab, "Provided by"))
    with demo.read() as session:
        assert resources.resource(session, tab.selected().id).provider == "青山镇人社服务所"


def test_the_home_panel_opens_the_needs_of_a_community(qtbot, window, demo_db) -> None:
    panel = window.page_widget("home").unmatched
    with demo_db.read() as session:
        waiting = needs.unmatched_by_community(session)
    qtbot.waitUntil(panel.isVisible)  # counted on the database worker
    assert column(panel, "Village or community") == [name for _id, name, _n, _u in waiting]
    community_id, name, count, _urgent = waiting[0]
    panel.view.activated.emit(panel.model.index(0, 0))
    assert window.current_page() == "needs"
    page = window.page_widget("needs")
    assert isinstance(page, NeedsPage) and page.tabs.currentWidget() is page.needs
    assert page.needs.filters.combos["community"].currentData() == community_id
    assert set(column(page.needs, "Community")) == {name} and page.needs.model.total() == count


def test_the_home_panel_hides_while_no_need_waits(qtbot, head_db, make_ctx) -> None:
    ctx = make_ctx(head_db)
    panel = shown(qtbot, UnmatchedNeedsPanel(ctx))
    panel.refresh()
    ctx.tasks.wait()
    qtbot.wait(50)  # the counts' arrival, queued to the GUI thread
    assert not panel.isVisible() and panel.model.rowCount() == 0
