"""A county office adds nothing under a station's record (issue 8: a county could add follow-ups and
service records to a station's case, entries and committee members to its fund): a new row whose foreign
key names another node's row is refused in one line naming the station, and writes nothing. The county's
own records take new rows as before, and its reviewers score stations' proposals in the rounds it runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop.domain.ledger import EntryKind
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import Status
from desktop.services import case_followups, case_service_records, funds, ledger, orgs, projects, rounds
from desktop.services.case_service_records import RecordInput
from desktop.services.funds import MemberInput
from desktop.services.ledger import PostingInput
from desktop.services.orgs import OrgInput
from desktop.storage.models import ProjectMilestone, ReviewScore, ReviewSheet
from desktop.sync.home_node import COUNTY_WORK_UNDER_STATIONS, ReadOnlyHere, parent_links, watch
from county_testing import (TODAY, county_with_two_stations, own_village, score,
                            stations_proposal_in_the_countys_round)
from project_testing import proposal_input, round_input
from sync_testing import Node, a, add_org_with_status, b, c, send

__all__ = ["a", "b", "c"]  # the fixtures

CASE_REFUSAL = "This record (Cases) belongs to 甲站 and is read-only here."
FUND_REFUSAL = "This record (Community funds) belongs to 甲站 and is read-only here."


def test_parents_are_found_from_the_metadata() -> None:
    assert parent_links("case_followup") == (("case_id", "case_file"),)
    assert ("fund_id", "fund") in parent_links("ledger_entry") and ("donor_id", "donor") in parent_links("ledger_entry")
    assert parent_links("policy_profile") == () and parent_links("project_round") == ()
    assert set(COUNTY_WORK_UNDER_STATIONS) == {("review_sheet", "project_id"), ("project_status_change", "project_id")}


def test_the_county_adds_nothing_under_a_stations_case_or_fund(a: Node, b: Node, c: Node) -> None:
    station, _county = county_with_two_stations(a, b, c)
    before = c.dump()
    writes = [
        lambda session: case_followups.add_follow_up(session, station.case, TODAY + timedelta(days=7), "电话回访"),
        lambda session: case_service_records.add_service_record(
            session, station.case, RecordInput(TODAY, "home_visit", 45, "入户探访，了解饮食情况")),
        lambda session: ledger.post(session, station.fund, PostingInput(EntryKind.DONATION_MONEY, 10_000, TODAY,
                                                                        counterparty="王建国")),
        lambda session: funds.add_member(session, station.fund, MemberInput("赵丽", "member", TODAY)),
    ]
    for write, message in zip(writes, (CASE_REFUSAL, CASE_REFUSAL, FUND_REFUSAL, FUND_REFUSAL), strict=True):
        with pytest.raises(ReadOnlyHere) as refused:
            with c.db.write() as session:
                write(session)
        assert refused.value.message == message and refused.value.owner == a.node_id
    assert c.dump() == before  # nothing written, not even a stamp


def test_a_child_of_a_stations_project_is_refused_at_the_flush(a: Node, b: Node, c: Node) -> None:
    """Whatever service adds it: the rule is the flush's, for every table with a key to a synced one."""
    proposal = stations_proposal_in_the_countys_round(a, b, c)
    with pytest.raises(ReadOnlyHere, match="甲站"):
        with c.db.write() as session:
            watch(session, Action.EDIT_PROJECTS)
            session.add(ProjectMilestone(project_id=proposal, position=1, name="中期评估", due_on=TODAY))


def test_the_countys_own_case_and_fund_take_new_rows(a: Node, b: Node, c: Node) -> None:
    _station, county = county_with_two_stations(a, b, c)
    with c.db.write() as session:
        case_followups.add_follow_up(session, county.case, TODAY + timedelta(days=7), "电话回访")
        case_service_records.add_service_record(session, county.case, RecordInput(TODAY, "home_visit", 30, "入户探访"))
        ledger.post(session, county.fund, PostingInput(EntryKind.DONATION_MONEY, 10_000, TODAY, counterparty="王建国"))
        funds.add_member(session, county.fund, MemberInput("赵丽", "member", TODAY))
    with c.db.read() as session:
        assert len(case_followups.follow_ups(session, county.case)) == 1
        assert ledger.balances(session, county.fund).available_fen == 60_000
        assert len(funds.get(session, county.fund).committee) == 6


def test_a_county_organisation_goes_in_the_countys_village_not_a_stations(a: Node, b: Node, c: Node) -> None:
    """A county row pointing at a station's village would also go down to 乙站, which has no such village."""
    station, county = county_with_two_stations(a, b, c)
    data = OrgInput("县社工协会", station.community, "service", "filed", founded_on=date(2025, 1, 1))
    with pytest.raises(ReadOnlyHere, match="Villages and communities.*甲站"):
        with c.db.write() as session:
            orgs.add(session, data)
    with c.db.write() as session:
        orgs.add(session, OrgInput("县社工协会", county.community, "service", "filed", founded_on=date(2025, 1, 1)))
    send(c, b)  # goes down to 乙站 whole


def test_county_reviewers_score_a_stations_proposal_in_the_countys_round(a: Node, b: Node, c: Node) -> None:
    proposal = stations_proposal_in_the_countys_round(a, b, c)
    criteria = score(c, proposal)
    with c.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ReviewScore)) == criteria
        assert projects.get(session, proposal).status == Status.IN_REVIEW
    send(c, a)  # the sheet reaches the station whose proposal it scores
    with a.db.read() as session:
        assert session.scalar(select(ReviewSheet.score_centi).where(ReviewSheet.project_id == proposal)) == 8500


def test_a_sheet_of_a_proposal_in_a_stations_own_round_is_refused(a: Node, b: Node, c: Node) -> None:
    """The exception is the county's rounds only: a station's own round is the station's to review."""
    county_with_two_stations(a, b, c)
    add_org_with_status(a, own_village(a), "石门村老年协会", "registered")
    with a.db.write() as session:
        round_id = rounds.add(session, round_input()).id
        proposal = projects.create(session, proposal_input(session, round_id)).id
    send(a, c)
    with pytest.raises(ReadOnlyHere, match=r"Projects and proposals\) belongs to 甲站"):
        with c.db.write() as session:
            watch(session, Action.REVIEW_PROJECTS)
            session.add(ReviewSheet(project_id=proposal, reviewer_user_id="x", reviewer_name="县评审员"))


def test_the_countys_sheet_of_a_stations_proposal_goes_down_to_that_station_alone(a: Node, b: Node, c: Node) -> None:
    """The sheet names 甲站's proposal, its scores the sheet: 乙站, which has no such proposal, gets neither
    (its import would fail on the foreign key), in an incremental bundle or a full one; 甲站 gets both."""
    proposal = stations_proposal_in_the_countys_round(a, b, c)
    criteria = score(c, proposal)
    for full in (False, True):
        send(c, b, full=full)
    send(c, a)
    with b.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ReviewSheet)) == 0
        assert session.scalar(select(func.count()).select_from(ReviewScore)) == 0
    with a.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ReviewScore)) == criteria
