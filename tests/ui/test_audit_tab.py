from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import QDate

from desktop.services import communities, signin
from desktop.services.communities import CommunityInput
from desktop.ui.forms import combo_value
from desktop.ui.settings.audit_tab import NO_DATE, AuditTab
from wushe_testing import shown


@pytest.fixture
def ctx(demo_db, make_ctx, password):
    signin.sign_out(demo_db)
    signin.sign_in(demo_db, "lixia", password)
    with demo_db.write() as session:  # one entry by someone else than the head
        communities.add(session, CommunityInput("桃源村", "rural", 100))
    signin.sign_out(demo_db)
    signin.sign_in(demo_db, "admin", password)
    return make_ctx(demo_db)


@pytest.fixture
def tab(qtbot, ctx):
    return shown(qtbot, AuditTab(ctx), (1100, 600))


def column(tab: AuditTab, index: int) -> list[str]:
    return [tab.model.index(r, index).data() for r in range(tab.model.rowCount())]


def test_lists_entries_newest_first(tab):
    assert tab.model.total() > 10
    numbers = [int(n.replace(",", "")) for n in column(tab, 0)]
    assert numbers == sorted(numbers, reverse=True)
    assert column(tab, 4)[0] == "Signed in" and column(tab, 3)[0] == "admin"  # labels, not codes
    assert "entries" in tab.count.text()


def test_filter_by_actor_action_and_dates(tab):
    actors = [tab.actor.itemData(i) for i in range(tab.actor.count())]
    assert actors[0] == "" and {"admin", "lixia"} <= set(actors)
    tab.actor.setCurrentIndex(tab.actor.findData("lixia"))
    tab.actor.activated.emit(tab.actor.currentIndex())
    assert set(column(tab, 3)) == {"lixia"}
    assert column(tab, 4) == ["Signed out", "Added", "Signed in", "Added"]  # the last: the demo's proposal
    assert column(tab, 5)[1] == "Villages and communities"

    tab.clear_filters()
    assert combo_value(tab.actor) == ""
    tab.action.setText("user.")
    tab.reload()
    assert set(column(tab, 4)) == {"Added a user"}

    tab.action.clear()
    tab.since.setDate(QDate.currentDate().addDays(1))
    tab.reload()
    assert tab.model.total() == 0
    tab.since.setDate(NO_DATE)
    tab.until.setDate(QDate.currentDate())
    tab.reload()
    assert tab.model.total() > 10


def test_each_entry_names_its_node_and_the_node_filter_keeps_one(tab, demo_db):
    nodes = [tab.node.itemData(i) for i in range(tab.node.count())]
    assert nodes == ["", demo_db.node_id]  # every node, then each node whose entries are here
    everyone = tab.model.total()
    [name] = set(column(tab, 1))
    assert name == tab.node.itemText(1) and name != demo_db.node_id[:8]  # its name, not its id
    tab.node.setCurrentIndex(1)
    tab.node.activated.emit(1)
    assert tab.model.total() == everyone and combo_value(tab.node) == demo_db.node_id


def test_verify_says_the_chain_is_intact(qtbot, tab, ctx, settle):
    tab.verify_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: "intact" in tab.verdict.text())


def test_verify_names_and_selects_a_tampered_entry(qtbot, tab, ctx, demo_db, settle):
    target = int(column(tab, 0)[5].replace(",", ""))
    with closing(sqlite3.connect(demo_db.path, isolation_level=None)) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET detail = '{\"forged\": 1}' WHERE seq = ?", (target,))
    tab.verify_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: "broken" in tab.verdict.text())
    assert str(target) in tab.verdict.text()
    selected = tab.view.selectionModel().selectedRows()
    assert [tab.model.row_object(index).seq for index in selected] == [target]
