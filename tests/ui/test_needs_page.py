"""供需对接 on the demo station: the needs, resources and projects lists as tabs, as each role sees them;
recording and closing a need; and the page in the sidebar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import needs, resources
from desktop.services.demo_needs import DEMO_NEEDS, DEMO_RESOURCES
from desktop.ui.needs.close_dialog import CloseDialog
from desktop.ui.needs.need_dialog import NeedDialog
from desktop.ui.needs.page import NeedsPage
from desktop.ui.needs.resource_dialog import ResourceDialog
from desktop.ui.pages import page_ids
from needs_ui_testing import needs_page, run_dialog, row_named, titles
from register_testing import column, pick, pick_text
from wushe_testing import shown


@pytest.fixture
def page(qtbot, demo, make_ctx) -> NeedsPage:
    return needs_page(qtbot, demo, make_ctx, "lixia")  # a social worker keeps the lists


def listed(demo, **filters) -> list[str]:
    with demo.read() as session:
        return [row.title for row in needs.list_needs(session, **filters)]


def demo_needs(demo) -> list[needs.NeedRow]:
    with demo.read() as session:
        return needs.list_needs(session)


def test_the_page_is_in_the_sidebar_with_its_three_tabs(page) -> None:
    assert "needs" in page_ids() and page_ids().index("sync") == page_ids().index("settings") - 1
    assert [page.tabs.tabText(n) for n in range(page.tabs.count())] == ["Needs list", "Resources list",
                                                                        "Projects list"]


def test_the_needs_list_shows_those_not_closed_most_urgent_first(page, demo) -> None:
    tab = page.needs
    assert titles(tab) == listed(demo, status="unclosed")
    assert tab.count.text() == f"{len(titles(tab))} needs"
    urgencies = column(tab, "Urgency")
    most_urgent_first = ["Urgent (紧急)", "Fairly urgent (较急)", "Not urgent (一般)"]
    assert urgencies == sorted(urgencies, key=most_urgent_first.index)
    closed = {n.title for n in DEMO_NEEDS if n.closed[0]}
    assert closed and not closed & set(titles(tab))
    row = titles(tab).index("高龄老人午餐难以解决")  # matched to a project, urgent: its urgency in red
    assert tab.model.data(tab.model.index(row, 0), Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    # She sees clients, so a client's need names the client.
    assert column(tab, "For whom")[titles(tab).index("行动不便的老人需要送餐上门")] == "钱文彬"


def test_filters_and_search_narrow_the_needs(qtbot, page, demo, type_text) -> None:
    tab = page.needs
    pick(tab.filters.combos["status"], "")
    assert titles(tab) == listed(demo)
    pick(tab.filters.combos["status"], "solved")
    assert set(titles(tab)) == {n.title for n in DEMO_NEEDS if n.closed[0] == "solved"}
    pick(tab.filters.combos["status"], "unclosed")
    pick_text(tab.filters.combos["community"], "桂花村")
    pick(tab.filters.combos["category"], "children")
    assert sorted(titles(tab)) == sorted(["留守儿童作业无人辅导", "留守儿童需要心理疏导"])
    type_text(tab.filters.search, "心理")
    qtbot.waitUntil(lambda: titles(tab) == ["留守儿童需要心理疏导"])
    type_text(tab.filters.search, "没有这回事")
    qtbot.waitUntil(lambda: tab.model.total() == 0)
    assert tab.empty.text() == "No need matches the search and filters."


def test_a_viewer_reads_the_lists_without_clients_or_buttons(qtbot, demo, make_ctx, monkeypatch) -> None:
    page = needs_page(qtbot, demo, make_ctx, "zhaolei")
    tab = page.needs
    assert titles(tab)
    for button in (tab.add_button, tab.edit_button, tab.match_button, tab.close_button, tab.delete_button):
        assert not button.isVisible()
    assert tab.open_button.isVisible()
    assert column(tab, "For whom")[titles(tab).index("行动不便的老人需要送餐上门")] == "A client (hidden)"
    assert not page.resources.add_button.isVisible() and page.resources.model.total() == len(DEMO_RESOURCES)
    looked: list[tuple[str, bool]] = []
    monkeypatch.setattr(ResourceDialog, "exec", lambda dialog: looked.append(
        (dialog.name.text(), dialog.ok_button.isHidden() and dialog.name.isReadOnly())) or 0)
    page.resources.view.selectRow(0)
    page.resources._open_selected()  # a double-click: the resource, read-only
    assert looked == [(column(page.resources, "Name")[0], True)]


def test_a_new_group_need_is_recorded_and_selected(qtbot, page, demo, monkeypatch, type_text) -> None:
    tab = page.needs
    shown_rows: list[tuple[bool, bool]] = []

    def fill(dialog: NeedDialog) -> None:
        layout = dialog.form.layout
        pick(dialog.holder, "client")  # the client picker for a social worker
        shown_rows.append((layout.isRowVisible(dialog.picker.matches), layout.isRowVisible(dialog.group_label)))
        pick(dialog.holder, "group")
        shown_rows.append((layout.isRowVisible(dialog.picker.matches), layout.isRowVisible(dialog.group_label)))
        pick_text(dialog.community, "龙泉村")
        pick(dialog.category, "elderly")
        type_text(dialog.title, "空巢老人冬季缺少棉衣")
        type_text(dialog.group_label, "空巢老人")
        type_text(dialog.people, "11")
        pick(dialog.urgency, "high")

    monkeypatch.setattr(NeedDialog, "exec", run_dialog(qtbot, fill))
    tab.add_button.click()
    assert shown_rows == [(True, False), (False, True)]
    qtbot.waitUntil(lambda: "空巢老人冬季缺少棉衣" in titles(tab))
    assert tab.selected() is not None and tab.selected().title == "空巢老人冬季缺少棉衣"
    row = tab.selected()
    assert (row.community, row.holder_label, row.people, row.urgency, row.status) == (
        "龙泉村", "空巢老人", 11, "high", "open")


def test_a_need_is_not_saved_without_its_title(qtbot, page, monkeypatch) -> None:
    states: list[bool] = []

    def fill(dialog: NeedDialog) -> None:
        pick_text(dialog.community, "龙泉村")
        pick(dialog.category, "elderly")
        states.append(dialog.ok_button.isEnabled())

    monkeypatch.setattr(NeedDialog, "exec", run_dialog(qtbot, fill))
    page.needs.add_button.click()
    assert states == [False]


def test_editing_keeps_the_stored_fields(qtbot, page, demo, monkeypatch) -> None:
    tab = page.needs
    row_named(tab, "行动不便的老人需要送餐上门")
    seen: list[tuple[str, str, str]] = []

    def fill(dialog: NeedDialog) -> None:
        client = dialog.picker.client()
        seen.append((dialog.holder.currentData(), client.name if client else "", dialog.title.text()))
        dialog.title.setText("行动不便的老人需要每日送餐上门")
        dialog.title.textEdited.emit(dialog.title.text())

    monkeypatch.setattr(NeedDialog, "exec", run_dialog(qtbot, fill))
    tab.edit_button.click()
    assert seen == [("client", "钱文彬", "行动不便的老人需要送餐上门")]
    qtbot.waitUntil(lambda: "行动不便的老人需要每日送餐上门" in titles(tab))


def test_closing_a_need_asks_how_it_ended_and_takes_it_off_the_open_list(qtbot, page, demo, monkeypatch,
                                                                          type_text) -> None:
    tab = page.needs
    row_named(tab, "村内河沟垃圾堆积")
    enabled: list[bool] = []

    def fill(dialog: CloseDialog) -> None:
        enabled.append(dialog.ok_button.isEnabled())
        pick(dialog.status, "solved")
        type_text(dialog.outcome_text, "村委会组织志愿者清理河沟，并设置垃圾收集点")
        enabled.append(dialog.ok_button.isEnabled())

    monkeypatch.setattr(CloseDialog, "exec", run_dialog(qtbot, fill))
    tab.close_button.click()
    assert enabled == [False, True]  # the outcome is required
    qtbot.waitUntil(lambda: "村内河沟垃圾堆积" not in titles(tab))
    solved = next(r for r in demo_needs(demo) if r.title == "村内河沟垃圾堆积")
    assert solved.status == "solved" and solved.outcome == "村委会组织志愿者清理河沟，并设置垃圾收集点"


def test_a_need_recorded_by_mistake_is_deleted(qtbot, page, demo, monkeypatch) -> None:
    tab = page.needs
    row_named(tab, "码头街老旧楼道照明损坏")  # no match: may be deleted
    assert tab.delete_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    tab.delete_button.click()
    qtbot.waitUntil(lambda: "码头街老旧楼道照明损坏" not in titles(tab))
    assert "码头街老旧楼道照明损坏" not in listed(demo)
    row_named(tab, "高龄老人午餐难以解决")  # matched: closed, never deleted
    assert not tab.delete_button.isEnabled()


def test_the_resources_tab_lists_and_filters_what_is_on_offer(page, demo) -> None:
    tab = page.resources
    with demo.read() as session:
        every = [r.name for r in resources.list_resources(session)]
    assert column(tab, "Name") == every
    pick(tab.filters.combos["category"], "children")
    assert set(column(tab, "Name")) == {"周末课业辅导与心理陪伴", "镇中心小学多功能教室"}
    pick(tab.filters.combos["category"], "")
    pick(tab.filters.combos["status"], "paused")
    assert column(tab, "Name") == ["困难家庭危房修缮建材"]


def test_the_projects_tab_lists_projects_with_the_needs_they_answer(qtbot, page) -> None:
    tab = page.projects
    qtbot.waitUntil(lambda: tab.whole.loaded)  # read on the database worker
    names = column(tab, "Project")
    assert "“银龄安康”居家养老上门服务" in names
    row = next(n for n, name in enumerate(names) if "幸福食堂" in name)
    assert column(tab, "Kind")[row] == "Micro-venture project"
    assert "高龄老人午餐难以解决" in column(tab, "Needs it answers")[row]
    pick(tab.filters.combos["kind"], "service_project")
    assert column(tab, "Project") == ["“银龄安康”居家养老上门服务"]


def test_a_client_need_takes_the_community_of_the_client(qtbot, page, monkeypatch, type_text) -> None:
    seen: list[str] = []

    def fill(dialog: NeedDialog) -> None:
        pick(dialog.holder, "client")
        type_text(dialog.picker.search, "钱文彬")
        dialog.picker.find()
        seen.append(dialog.community.currentText())

    monkeypatch.setattr(NeedDialog, "exec", run_dialog(qtbot, fill))
    page.needs.add_button.click()  # no title: nothing is saved
    assert seen == ["新华社区"]


def test_a_station_without_needs_says_what_to_do(qtbot, head_db, make_ctx) -> None:
    page = shown(qtbot, NeedsPage(make_ctx(head_db)), (1280, 760))
    assert page.needs.empty.text() == ("No need is waiting for a match or under way.\n\n"
                                       "Choose New need… to record one found on a visit or asked for.")
    pick(page.needs.filters.combos["status"], "")
    assert page.needs.empty.text().startswith("No needs on the list yet.")
    assert page.resources.empty.text().startswith("No resources on the list yet.")
    qtbot.waitUntil(lambda: page.projects.empty.text().startswith("No projects yet"))
