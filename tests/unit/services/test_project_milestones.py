"""Milestones of a funded project: planned within its period, marked done once, and listed on the
home page when overdue or due within two weeks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.project_workflow import Status
from desktop.errors import NotFoundError
from desktop.services import project_milestones
from desktop.services.project_milestones import MilestoneInput
from desktop.storage.database import Database
from running_testing import ENDS, STARTED, head, project, projects_template  # noqa: F401 (fixtures)
from wushe_testing import refusal

TODAY = date.today()


def add(db: Database, project_id: str, name: str, due_on: date) -> project_milestones.MilestoneView:
    with db.write() as session:
        return project_milestones.add_milestone(session, project_id, MilestoneInput(name, due_on, "按协议"))


def test_due_lists_overdue_and_the_next_two_weeks_soonest_first(head: Database, project: dict[Status, str]) -> None:
    running, approved = project[Status.RUNNING], project[Status.APPROVED]
    overdue = add(head, running, "完成需求调研", TODAY - timedelta(days=3))
    soon = add(head, approved, "签订资助协议", TODAY + timedelta(days=14))
    add(head, running, "中期评估", TODAY + timedelta(days=15))
    done = add(head, running, "招募志愿者", TODAY - timedelta(days=20))
    closed = project[Status.CLOSED]
    with head.write() as session:
        project_milestones.mark_done(session, done.id, TODAY - timedelta(days=19))
    with head.read() as session:
        listed = [m for m in project_milestones.due(session) if m.project_id in project.values()]  # not the demo's
        assert [m.name for m in project_milestones.milestones(session, running)] == [
            "招募志愿者", "完成需求调研", "中期评估"]
    assert [(m.name, m.overdue) for m in listed] == [("完成需求调研", True), ("签订资助协议", False)]
    assert listed[0].project_number and listed[0].id == overdue.id and listed[1].id == soon.id
    assert all(m.project_id != closed for m in listed)


def test_a_milestone_is_done_once_and_not_in_the_future(head: Database, project: dict[Status, str]) -> None:
    milestone = add(head, project[Status.RUNNING], "完成需求调研", TODAY)
    assert refusal(head, lambda s: project_milestones.mark_done(
        s, milestone.id, TODAY + timedelta(days=1))).field == "done_on"
    with head.write() as session:
        assert project_milestones.mark_done(session, milestone.id).done_on == TODAY
    assert "already done" in refusal(head, lambda s: project_milestones.mark_done(s, milestone.id)).message


def test_update_and_remove(head: Database, project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    milestone = add(head, running, "完成需求调研", TODAY)
    with head.write() as session:
        changed = project_milestones.update_milestone(session, milestone.id,
                                                      MilestoneInput("完成入户调研", TODAY + timedelta(days=3)))
        assert (changed.name, changed.due_on, changed.note) == ("完成入户调研", TODAY + timedelta(days=3), "")
        project_milestones.remove_milestone(session, milestone.id)
    with head.read() as session:
        assert project_milestones.milestones(session, running) == []
    with pytest.raises(NotFoundError), head.write() as session:
        project_milestones.mark_done(session, milestone.id)


@pytest.mark.parametrize(("due_on", "name", "field"), [
    (STARTED - timedelta(days=1), "调研", "due_on"),
    (ENDS + timedelta(days=1), "调研", "due_on"),
    (TODAY, "  ", "name"),
])
def test_bad_milestones_are_refused(head: Database, project: dict[Status, str], due_on: date, name: str,
                                    field: str) -> None:
    assert refusal(head, lambda s: project_milestones.add_milestone(
        s, project[Status.RUNNING], MilestoneInput(name, due_on))).field == field


def test_a_closed_project_takes_no_milestones(head: Database, project: dict[Status, str]) -> None:
    assert refusal(head, lambda s: project_milestones.add_milestone(
        s, project[Status.CLOSED], MilestoneInput("回访", TODAY))).field == "project_id"
