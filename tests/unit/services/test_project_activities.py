"""Activities of a running project: volunteers' hours go to their records (and corrections reverse
them, never delete them), outputs against the plan, the monthly person-times, and when it is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from case_testing import as_user
from desktop.domain.project_workflow import Status
from desktop.errors import NotFoundError
from desktop.services import project_activities, projects, timebank, volunteer_hours
from desktop.services.guard import PermissionDenied
from desktop.services.project_activities import ActivityInput
from desktop.storage.database import Database
from desktop.storage.models import ProjectPlannedActivity
from running_testing import STARTED, head, project, projects_template  # noqa: F401 (fixtures)
from volunteer_testing import new_volunteer
from wushe_testing import refusal

HELD = date.today() - timedelta(days=3)


def meal(*served: tuple[str, int], **changes: object) -> ActivityInput:
    data = ActivityInput(HELD, "助餐服务", "volunteer_service", "青山社区长者食堂", "为独居老人送午餐", 30, 32,
                         volunteers=served)
    return replace(data, **changes)


def add(db: Database, project_id: str, data: ActivityInput) -> project_activities.ActivityView:
    with db.write() as session:
        return project_activities.add_activity(session, project_id, data)


def services(db: Database, volunteer_id: str) -> list[volunteer_hours.ServiceView]:
    with db.read() as session:
        return volunteer_hours.list_services(session, volunteer_id)


def standing_minutes(db: Database, volunteer_id: str) -> int:
    with db.read() as session:
        return volunteer_hours.summary(session, volunteer_id).minutes


def test_volunteers_hours_go_to_their_records_as_the_organisers_confirmation(head: Database,
                                                                              project: dict[Status, str]) -> None:
    a, b = new_volunteer(head, "志愿者甲").id, new_volunteer(head, "志愿者乙").id
    view = add(head, project[Status.RUNNING], meal((a, 90), (b, 120)))
    with head.read() as session:
        running = projects.get(session, project[Status.RUNNING])
        points = timebank.balance(session, b)
    assert [(v.name, v.minutes) for v in view.volunteers] == [("志愿者甲", 90), ("志愿者乙", 120)]
    [record] = services(head, a)
    assert (record.activity, record.served_on, record.minutes, record.place, record.content) == (
        f"{running.title}·助餐服务", HELD, 90, "青山社区长者食堂", "为独居老人送午餐")
    assert (record.organiser, record.in_charge, record.category, record.late) == (
        running.org_name, "刘桂芳", "elderly_disabled", False)
    assert record.id == view.volunteers[0].service_id
    assert points == 200  # the time bank credits the two hours at once


def test_an_entry_made_after_ten_working_days_is_flagged_late_on_the_record(head: Database,
                                                                            project: dict[Status, str]) -> None:
    volunteer = new_volunteer(head).id
    add(head, project[Status.RUNNING], meal((volunteer, 60), held_on=STARTED + timedelta(days=1)))
    assert services(head, volunteer)[0].late


def test_correcting_minutes_reverses_the_old_hours_and_leaves_the_unchanged_alone(head: Database,
                                                                                   project: dict[Status, str]) -> None:
    a, b, c = (new_volunteer(head, name).id for name in ("甲", "乙", "丙"))
    view = add(head, project[Status.RUNNING], meal((a, 90), (b, 120)))
    with head.write() as session:
        fixed = project_activities.correct_activity(session, view.id, meal((a, 90), (b, 60), (c, 30),
                                                                           person_times=40), "时长登记错误")
    assert [(v.name, v.minutes) for v in fixed.volunteers] == [("甲", 90), ("乙", 60), ("丙", 30)]
    assert fixed.person_times == 40
    assert [(s.minutes, s.reason) for s in services(head, a)] == [(90, "")]  # untouched: no needless reversal
    assert sorted((s.minutes, s.reason, s.reversed) for s in services(head, b)) == [
        (-120, "时长登记错误", False), (60, "", False), (120, "", True)]
    assert (standing_minutes(head, b), standing_minutes(head, c)) == (60, 30)


def test_changing_what_the_record_shows_reverses_every_volunteers_hours(head: Database,
                                                                       project: dict[Status, str]) -> None:
    volunteer = new_volunteer(head).id
    view = add(head, project[Status.RUNNING], meal((volunteer, 90)))
    with head.write() as session:
        project_activities.correct_activity(session, view.id, meal((volunteer, 90), held_on=HELD - timedelta(days=1)),
                                            "日期记错")
    rows = services(head, volunteer)
    assert sorted((s.served_on, s.minutes) for s in rows) == [
        (HELD - timedelta(days=1), 90), (HELD, -90), (HELD, 90)]
    assert standing_minutes(head, volunteer) == 90


def test_removing_an_activity_reverses_its_hours_and_takes_it_off_the_outputs(head: Database,
                                                                              project: dict[Status, str]) -> None:
    running, volunteer = project[Status.RUNNING], new_volunteer(head).id
    view = add(head, running, meal((volunteer, 90)))
    with head.write() as session:
        project_activities.remove_activity(session, view.id, "重复登记")
    with head.read() as session:
        assert project_activities.activities(session, running) == []
        assert project_activities.outputs(session, running).sessions.achieved == 0
        with pytest.raises(NotFoundError):
            project_activities.get(session, view.id)
    assert sorted((s.minutes, s.reason) for s in services(head, volunteer)) == [(-90, "重复登记"), (90, "")]
    assert standing_minutes(head, volunteer) == 0


def test_outputs_count_sessions_person_times_and_volunteers_against_the_plan(head: Database,
                                                                             project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    a, b = new_volunteer(head, "甲").id, new_volunteer(head, "乙").id
    add(head, running, meal((a, 90), (b, 60), held_on=HELD - timedelta(days=40), person_times=100))
    add(head, running, meal((a, 120), person_times=92))
    add(head, running, meal(person_times=48, held_on=HELD - timedelta(days=1)))
    with head.read() as session:
        now = project_activities.outputs(session, running)
        then = project_activities.outputs(session, running, as_of=HELD - timedelta(days=2))
    assert [(o.code, o.planned, o.achieved) for o in now.rows()] == [
        ("sessions", 24, 3), ("person_times", 960, 240), ("volunteer_times", 120, 3),
        ("volunteer_minutes", None, 270)]
    assert (now.sessions.percent, now.person_times.percent, now.volunteer_minutes.percent) == (
        Decimal("12.5"), Decimal("25.0"), None)
    assert [o.achieved for o in then.rows()] == [1, 100, 2, 150]
    assert now.person_times.label == "Person-times served (服务人次)"


def test_person_times_by_month_runs_without_gaps(head: Database, project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    first = STARTED.replace(day=1) + timedelta(days=40)  # a day in the month after the start's
    add(head, running, meal(held_on=first, attendance=10, person_times=10))
    add(head, running, meal(held_on=first + timedelta(days=1), attendance=5, person_times=5))
    add(head, running, meal(held_on=HELD, attendance=4, person_times=7))
    with head.read() as session:
        months = project_activities.person_times_by_month(session, running)
    assert months[0] == (f"{first:%Y-%m}", 15) and months[-1][0] == f"{HELD:%Y-%m}"
    assert sum(n for _m, n in months) == 22 and len({m for m, _n in months}) == len(months)
    assert all(n == 0 for _m, n in months[1:-1]) and len(months) >= 3


def test_an_activity_may_name_a_line_of_its_own_plan_only(head: Database, project: dict[Status, str]) -> None:
    with head.read() as session:
        plans = {row.project_id: row.id for row in session.scalars(select(ProjectPlannedActivity))}
    view = add(head, project[Status.RUNNING], meal(planned_id=plans[project[Status.RUNNING]]))
    assert view.planned_id == plans[project[Status.RUNNING]]
    assert refusal(head, lambda s: project_activities.add_activity(
        s, project[Status.RUNNING], meal(planned_id=plans[project[Status.MIDTERM]]))).field == "planned_id"


@pytest.mark.parametrize("status", [Status.RUNNING, Status.MIDTERM])
def test_activities_are_recorded_while_the_project_runs(head: Database, project: dict[Status, str],
                                                        status: Status) -> None:
    assert add(head, project[status], meal()).held_on == HELD


@pytest.mark.parametrize("status", [Status.APPROVED, Status.CLOSED])
def test_activities_are_refused_before_and_after_the_project_runs(head: Database, project: dict[Status, str],
                                                                  status: Status) -> None:
    error = refusal(head, lambda s: project_activities.add_activity(s, project[status], meal()))
    assert error.field == "project_id" and "recorded only at" in error.message


@pytest.mark.parametrize(("change", "field"), [
    ({"held_on": date.today() + timedelta(days=1)}, "held_on"),
    ({"held_on": STARTED - timedelta(days=1)}, "held_on"),
    ({"title": " "}, "title"),
    ({"kind": "party"}, "kind"),
    ({"person_times": "-3"}, "person_times"),
    ({"attendance": 50, "person_times": 10}, "person_times"),  # 服务人次 counts each of the 参与人数 at least once
    ({"volunteers": (("v", 60), ("v", 30))}, "volunteers"),
    ({"volunteers": (("v", 0),)}, "minutes"),
    ({"volunteers": (("no-such-volunteer", 60),)}, "volunteer_id"),
])
def test_bad_activities_are_refused_at_their_field(head: Database, project: dict[Status, str],
                                                   change: dict[str, object], field: str) -> None:
    error = refusal(head, lambda s: project_activities.add_activity(s, project[Status.RUNNING], meal(**change)))
    assert error.field == field
    with head.read() as session:
        assert project_activities.activities(session, project[Status.RUNNING]) == []


def test_person_times_may_equal_attendance_but_not_fall_below_it(head: Database, project: dict[Status, str]) -> None:
    assert add(head, project[Status.RUNNING], meal(attendance="30", person_times="30")).person_times == 30
    error = refusal(head, lambda s: project_activities.add_activity(s, project[Status.RUNNING],
                                                                    meal(attendance=50, person_times=10)))
    assert (error.field, error.message) == (
        "person_times", "Person-times served cannot be fewer than the 50 people who took part.")


def test_the_daily_cap_of_the_volunteer_record_holds_and_nothing_is_written(head: Database,
                                                                             project: dict[Status, str]) -> None:
    volunteer = new_volunteer(head).id
    add(head, project[Status.RUNNING], meal((volunteer, 420)))
    assert refusal(head, lambda s: project_activities.add_activity(
        s, project[Status.RUNNING], meal((volunteer, 120), title="探访"))).field == "minutes"
    assert len(services(head, volunteer)) == 1
    with head.read() as session:
        assert len(project_activities.activities(session, project[Status.RUNNING])) == 1


def test_finance_may_not_record_activities(head: Database, project: dict[Status, str]) -> None:
    as_user(head, "wangfang")
    with pytest.raises(PermissionDenied), head.write() as session:
        project_activities.add_activity(session, project[Status.RUNNING], meal())
