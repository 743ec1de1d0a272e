"""The county's screens from a reviewer's trial (issue 8): a station's project offers at the county only the
round's decisions, the other steps off and saying why; the status bar names the county's role; a station's
window says which station it is, how many bundles came and the last one's number; the conflict pane says when
and by whom each version was written; a field a plain bundle left out stays marked in the read-only client
dialog."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from county_testing import score, sign_in_account, stations_proposal_in_the_countys_round
from desktop.i18n import set_locale
from desktop.services import clients, communities, projects, reviews
from desktop.services.communities import CommunityInput
from desktop.storage.models import SyncConflict
from desktop.ui.cases.client_dialog import ClientDialog
from desktop.ui.main_window import open_main_window
from desktop.ui.projects.project_window import ProjectWindow
from desktop.ui.sync.conflicts_tab import ConflictsTab
from desktop.ui.sync.formatting import when
from desktop.ui.sync.station_window import StationWindow
from sync_testing import (Node, a, add_client, add_community, b, c, carry, edit_community, pair_by_keys, send,
                          trust)
from wushe_testing import shown

__all__ = ["a", "b", "c"]  # the fixtures

PROJECT_REASON = "This record (Projects and proposals) belongs to 甲站 and is read-only here."
MARK = "(not in the bundles received)"


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


def steps_shown(window: ProjectWindow) -> dict[str, tuple[bool, str]]:
    return {action: (button.isEnabled(), button.toolTip()) for action, button in window.move_buttons.items()}


def test_a_stations_project_at_the_county_offers_only_the_rounds_decisions(qtbot, make_ctx, a: Node, b: Node,
                                                                           c: Node) -> None:
    proposal = stations_proposal_in_the_countys_round(a, b, c)
    window = shown(qtbot, ProjectWindow(make_ctx(c.db), proposal), (1100, 700))
    assert steps_shown(window) == {"approve": (True, ""), "reject": (True, "")}  # the round is the county's
    assert window.note.text() == PROJECT_REASON and not window.save_button.isVisible()

    score(c, proposal)
    with c.db.write() as session:
        reviews.set_approved(session, proposal, 1_500_000)
        projects.move(session, proposal, "approve")
    window.reload()  # approved: starting or ending it is the station's
    assert steps_shown(window) == {"start": (False, PROJECT_REASON), "terminate": (False, PROJECT_REASON)}

    send(c, a)
    with a.db.write() as session:
        projects.move(session, proposal, "start")
    send(a, c)
    window.reload()  # running: its mid-term, its end and everything recorded on it are the station's
    assert steps_shown(window) == {"midterm": (False, PROJECT_REASON), "terminate": (False, PROJECT_REASON)}
    edits = [button for tab in window.running for button in tab.edit_buttons]
    assert len(edits) == 9 and all(not b.isEnabled() and b.toolTip() == PROJECT_REASON for b in edits)
    window.close()

    at_station = shown(qtbot, ProjectWindow(make_ctx(a.db), proposal), (1100, 700))  # at 甲站 they are its own
    assert steps_shown(at_station) == {"midterm": (True, ""), "terminate": (True, "")}
    assert at_station.running[0].add_button.isEnabled()


def test_the_status_bar_names_the_county_role(qtbot, make_ctx, a: Node, c: Node) -> None:
    sign_in_account(c, "xian", "刘县")
    county = shown(qtbot, open_main_window(make_ctx(c.db)))
    assert county._user_label.text() == "刘县 (xian), County administrator"
    sign_in_account(a, "jia", "王站")
    station = shown(qtbot, open_main_window(make_ctx(a.db)))
    assert station._user_label.text() == "王站 (jia), Station head"
    sign_in_account(c, "admin", "County administrator")  # named as the role is: said once
    assert shown(qtbot, open_main_window(make_ctx(c.db)))._user_label.text() == "County administrator (admin)"


def test_a_stations_window_says_which_station_and_how_many_bundles(qtbot, make_ctx, a: Node, c: Node,
                                                                   tmp_path: Path) -> None:
    pair_by_keys(a, c)
    for village in ("石门村", "青山村", "白岩村"):
        add_community(a, village, 500)
        carry(a, c, tmp_path)
    window = shown(qtbot, StationWindow(make_ctx(c.db), a.node_id), (800, 560))
    assert window.station.text() == "甲站" and window.station.isVisible()
    assert (window.bundles.text(), window.last_sequence.text()) == ("3", "3")  # acknowledgements not counted


def test_the_conflict_pane_says_when_and_by_whom_each_version_was_written(qtbot, make_ctx, a: Node, c: Node,
                                                                          tmp_path: Path) -> None:
    pair_by_keys(a, c)
    sign_in_account(a, "jia", "甲站站长")
    sign_in_account(c, "xian", "县民政局管理员")
    with c.db.write() as session:
        place = communities.add(session, CommunityInput("县城社区", "urban", 5000)).id
    carry(c, a, tmp_path)
    edit_community(a, place, population=5100)
    edit_community(c, place, population=5200)  # later: the county's version stays current
    carry(a, c, tmp_path)
    with c.db.read() as session:
        [conflict] = session.query(SyncConflict).all()
        stamps = [datetime.fromisoformat(json.loads(v)["fields"]["updated_at"]) for v in (conflict.winner,
                                                                                          conflict.loser)]
    tab = shown(qtbot, ConflictsTab(make_ctx(c.db)), (1000, 640))
    rows = [[tab.comparison.item(row, column).text() for column in range(3)] for row in range(2)]
    assert rows == [["Written at", when(stamps[0]), when(stamps[1])],
                    ["Written by", "县民政局 (County civil-affairs office) · 县民政局管理员 (County administrator)",
                     "甲站 (Township social-work station) · jia"]]  # known here: name and role; else the login name
    fields = [tab.comparison.item(row, 0).text() for row in range(2, tab.comparison.rowCount())]
    assert "Resident population" in fields and "Written by" not in fields  # the fields follow, as before


def test_a_field_left_out_stays_marked_in_the_read_only_client_dialog(qtbot, make_ctx, a: Node, c: Node) -> None:
    trust(c, a)
    trust(a, c)
    add_client(a, add_community(a, "石门村", 800), "张秀英", "500110194803120027", "13800001111")
    send(a, c, sensitive=False)  # a plain bundle: the ID number, the phone and the other sealed fields left out
    ctx = make_ctx(c.db)
    [client] = ctx.gateway.read(clients.list_all)
    assert {"id_number", "phone", "address"} <= set(client.withheld)
    dialog = shown(qtbot, ClientDialog(ctx, client))
    dialog.show_read_only()  # as a county opens a station's client
    assert dialog.phone.isReadOnly() and dialog.phone.text() == "" and dialog.phone.placeholderText() == MARK
    assert dialog.id_number.placeholderText() == MARK and dialog.address.placeholderText() == MARK
    assert dialog.name.placeholderText() == ""  # the hints on what to type are gone
