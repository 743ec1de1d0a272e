"""At a county the head's role is the county administrator (县级管理员), never the station head, wherever the
role is named: the users list and its role choice, the refusals that name the head, and the setup wizard once
the county kind is chosen. A station's client opened at the county offers no 添加成员, and the county's 活动 tab
of a station's project names no button it holds off (issue 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from county_testing import score, sign_in_account, stations_proposal_in_the_countys_round
from desktop.errors import ValidationError
from desktop.services import accounts, clients, projects, reviews
from desktop.services.guard import PermissionDenied
from desktop.storage.models import ClientMember
from desktop.ui.cases.client_dialog import ClientDialog
from desktop.ui.projects.activities_tab import ActivitiesTab
from desktop.ui.settings.user_dialogs import AddUserDialog
from desktop.ui.settings.users_tab import UsersTab
from desktop.ui.setup_wizard import ACCOUNT, STATION, SUMMARY, SetupWizard
from sync_testing import Node, a, add_client, add_community, b, c, send, trust
from test_setup_wizard import fill_head, fill_station
from wushe_testing import shown

__all__ = ["a", "b", "c"]  # the fixtures

ROLE_COLUMN = 2
STATION_HINT = "No activity recorded yet. Record an activity… adds one with its volunteers' hours."
COUNTY_HINT = ("No activity recorded yet. The station running the project records its activities; they come here "
               "with its bundles.")


def roles_listed(tab: UsersTab) -> list[str]:
    return [tab.model.index(row, ROLE_COLUMN).data() for row in range(tab.model.rowCount())]


def test_the_users_list_and_the_role_choice_name_the_county_administrator(qtbot, make_ctx, a: Node,
                                                                          c: Node) -> None:
    sign_in_account(c, "xian", "刘县")
    sign_in_account(a, "jia", "王站")
    county = make_ctx(c.db)
    assert roles_listed(shown(qtbot, UsersTab(county))) == ["County administrator"]
    assert roles_listed(shown(qtbot, UsersTab(make_ctx(a.db)))) == ["Station head"]
    role = shown(qtbot, AddUserDialog(county)).fields.role
    assert role is not None
    assert [role.itemText(i) for i in range(role.count())] == [
        "County administrator", "Social worker", "Finance officer", "Viewer (read only)"]


def test_the_refusals_name_the_head_as_the_node_calls_it(a: Node, c: Node) -> None:
    for node, head in ((c, "county administrator"), (a, "station head")):
        me = sign_in_account(node, "tou", "负责人")
        with pytest.raises(ValidationError) as last, node.db.write() as session:
            accounts.update_user(session, me.user_id or "", "负责人", "viewer", "")
        assert last.value.message == f"Keep at least one {head}: this is the last."


def test_score_sheets_are_refused_naming_the_county_administrator(a: Node, b: Node, c: Node) -> None:
    proposal = stations_proposal_in_the_countys_round(a, b, c)
    sign_in_account(c, "kan", "县民政局会计", role="finance")  # neither the head nor a reviewer
    with pytest.raises(PermissionDenied) as refused, c.db.read() as session:
        reviews.sheets(session, proposal)
    assert refused.value.message == "Only the county administrator and the round's reviewers see score sheets."


def test_the_setup_wizard_names_the_head_by_the_kind_chosen(qtbot, db, make_ctx, type_text) -> None:
    wizard = shown(qtbot, SetupWizard(make_ctx(db)))
    wizard.next()
    assert wizard.currentId() == STATION
    fill_station(wizard, type_text)
    kinds = wizard.station.form.kind_combo
    assert kinds is not None
    kinds.setCurrentIndex(kinds.findData("county"))
    wizard.next()
    wizard.next()
    assert wizard.currentId() == ACCOUNT
    assert wizard.account.title() == "County administrator account"
    assert wizard.account.subTitle().startswith("The county administrator signs in with this account")
    fill_head(wizard, type_text, "Qingshan-2026")
    wizard.next()
    assert wizard.currentId() == SUMMARY
    assert "County administrator" in wizard.page(SUMMARY).text.text()
    assert "Station head" not in wizard.page(SUMMARY).text.text()
    wizard.back()
    wizard.back()
    wizard.back()
    kinds.setCurrentIndex(kinds.findData("station"))  # back to a station: its head again
    wizard.next()
    wizard.next()
    assert wizard.account.title() == "Station head account"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_stations_client_at_the_county_offers_no_household_buttons(qtbot, make_ctx, a: Node, c: Node) -> None:
    trust(c, a)
    trust(a, c)
    client_id = add_client(a, add_community(a, "石门村", 800), "张秀英", "500110194803120027", "13800001111")
    with a.db.write() as session:
        session.add(ClientMember(client_id=client_id, name="王建国", relation="spouse", birth_year=1946))
    send(a, c)
    ctx = make_ctx(c.db)
    [client] = ctx.gateway.read(clients.list_all)
    dialog = shown(qtbot, ClientDialog(ctx, client))
    household = dialog.household
    assert household.add_button.isEnabled() and len(household._rows) == 1
    dialog.show_read_only()  # as a county opens a station's client
    assert not household.add_button.isEnabled()
    assert not household._rows[0].remove.isEnabled()
    qtbot.mouseClick(household.add_button, Qt.MouseButton.LeftButton)
    assert len(household._rows) == 1  # nothing added


def test_the_countys_activities_tab_names_no_button_it_holds_off(qtbot, make_ctx, a: Node, b: Node,
                                                                 c: Node) -> None:
    proposal = stations_proposal_in_the_countys_round(a, b, c)
    score(c, proposal)
    with c.db.write() as session:
        reviews.set_approved(session, proposal, 1_500_000)
        projects.move(session, proposal, "approve")
    send(c, a)
    with a.db.write() as session:
        projects.move(session, proposal, "start")
    send(a, c)
    at_county = shown(qtbot, ActivitiesTab(make_ctx(c.db), proposal))
    assert at_county.totals.text() == COUNTY_HINT
    at_station = shown(qtbot, ActivitiesTab(make_ctx(a.db), proposal))
    assert at_station.totals.text() == STATION_HINT and at_station.add_button.isEnabled()
