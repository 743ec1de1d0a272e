"""A county that runs a micro-venture round (县级微创投) decides the stations' proposals in it (issue 8):
the round's owner decides, the station owns its proposal. At the county its secretary approves or
rejects a station's proposal and sets the approved amount; nothing else of the proposal, and no step of
running it, is the county's. The decided proposal goes down to that station alone, which takes it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.domain.permissions import Action
from desktop.domain.project_workflow import Status
from desktop.services import projects, reviews, rounds
from desktop.storage.models import Project, ProjectStatusChange, ReviewSheet, SyncConflict
from desktop.sync.home_node import ReadOnlyHere, read_only_reason, watch
from county_testing import (county_with_two_stations, own_village, score, sign_in_account,
                            stations_proposal_in_the_countys_round)
from project_testing import proposal_input, round_input
from sync_testing import Node, a, add_org_with_status, b, c, send, station_share

__all__ = ["a", "b", "c"]  # the fixtures

GRANT = 1_500_000  # 15,000 yuan of the 20,000 asked
REFUSED = r"This record \(Projects and proposals\) belongs to 甲站 and is read-only here\."


def project(node: Node, project_id: str) -> Project | None:
    with node.db.read() as session:
        row = session.get(Project, project_id)
        if row is not None:
            session.expunge(row)
        return row


def steps(node: Node, project_id: str) -> list[tuple[str, str, str]]:
    """(action, reason, by whom) of the project's status changes at ``node``, in the order taken."""
    with node.db.read() as session:
        return [tuple(row) for row in session.execute(
            select(ProjectStatusChange.action, ProjectStatusChange.reason, ProjectStatusChange.by_name)
            .where(ProjectStatusChange.project_id == project_id).order_by(ProjectStatusChange.hlc))]


def test_the_county_approves_a_stations_proposal_in_its_round_and_the_station_takes_it(
        a: Node, b: Node, c: Node) -> None:
    proposal = stations_proposal_in_the_countys_round(a, b, c)
    score(c, proposal)
    with c.db.write() as session:
        reviews.set_approved(session, proposal, GRANT)
        assert projects.move(session, proposal, "approve").status == Status.APPROVED
    decided = project(c, proposal)
    assert decided is not None and (decided.status, decided.approved_fen) == (Status.APPROVED, GRANT)
    with c.db.read() as session:  # still 甲站's proposal
        assert "甲站" in read_only_reason(session, "project", proposal)
    with pytest.raises(ReadOnlyHere, match=REFUSED):  # running the project is the station's
        with c.db.write() as session:
            projects.move(session, proposal, "start")
    with pytest.raises(ReadOnlyHere, match=REFUSED):  # the amount is the review's: once approved it stays
        with c.db.write() as session:
            watch(session, Action.MANAGE_ROUNDS)
            session.get(Project, proposal).approved_fen = GRANT + 100  # type: ignore[union-attr]

    for full in (False, True):  # 乙站 has no such proposal, and gets none of it
        send(c, b, full=full)
    assert project(b, proposal) is None and steps(b, proposal) == []
    merged = send(c, a)
    taken = project(a, proposal)
    assert taken is not None and (taken.status, taken.approved_fen) == (Status.APPROVED, GRANT)
    assert steps(a, proposal)[-1] == ("approve", "", "县评审员")
    with a.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0, merged
    with a.db.write() as session:  # the station runs its approved project, and the county sees it
        projects.move(session, proposal, "start")
    send(a, c)
    assert project(c, proposal).status == Status.RUNNING  # type: ignore[union-attr]
    for station in (a, b):
        send(c, station)
        assert station.dump() == station_share(c.db, station.node_id)
    with b.db.read() as session:  # what the county wrote under 甲站's proposal stayed at the county
        assert session.scalar(select(func.count()).select_from(ReviewSheet)) == 0


def test_the_county_rejects_with_its_reason_but_changes_nothing_else_of_the_proposal(
        a: Node, b: Node, c: Node) -> None:
    proposal = stations_proposal_in_the_countys_round(a, b, c)
    score(c, proposal)
    before = c.dump()
    with pytest.raises(ReadOnlyHere, match=REFUSED):  # a decision with anything else of the proposal
        with c.db.write() as session:
            reviews.set_approved(session, proposal, GRANT)
            session.get(Project, proposal).title = "县里改过的标题"  # type: ignore[union-attr]
    assert c.dump() == before
    with c.db.write() as session:
        reviews.set_approved(session, proposal, GRANT)  # pencilled in, then not approved after all
        projects.move(session, proposal, "reject", reason="服务对象与本批次重点不符")
    send(c, a)
    taken = project(a, proposal)
    assert taken is not None and (taken.status, taken.approved_fen) == (Status.REJECTED, None)
    assert steps(a, proposal)[-1] == ("reject", "服务对象与本批次重点不符", "县评审员")


def test_a_proposal_in_a_stations_own_round_is_not_the_countys_to_decide(a: Node, b: Node, c: Node) -> None:
    county_with_two_stations(a, b, c)
    sign_in_account(c, "pingshen", "县评审员")
    add_org_with_status(a, own_village(a), "石门村老年协会", "registered")
    with a.db.write() as session:
        round_id = rounds.add(session, round_input()).id
        proposal = projects.create(session, proposal_input(session, round_id)).id
        projects.move(session, proposal, "submit")
    send(a, c)
    before = c.dump()
    with pytest.raises(ReadOnlyHere, match=REFUSED):
        with c.db.write() as session:
            projects.move(session, proposal, "start_review")
    with a.db.write() as session:
        projects.move(session, proposal, "start_review")
    send(a, c)
    with pytest.raises(ReadOnlyHere, match=REFUSED):
        with c.db.write() as session:
            reviews.set_approved(session, proposal, GRANT)
    assert project(c, proposal).approved_fen is None  # type: ignore[union-attr]
    assert c.dump() != before and steps(c, proposal)[-1][0] == "start_review"  # 甲站's own step arrived
