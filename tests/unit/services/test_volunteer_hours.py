"""Service records: confirmed hours with late flags and a daily cap, corrected by reversing rows only;
the other blocks of the record (training, awards, evaluation)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.services import rewards, signin, timebank, volunteer_hours, volunteer_record, volunteers
from desktop.services.guard import PermissionDenied
from desktop.services.volunteer_hours import ServiceInput
from desktop.services.volunteer_record import AwardInput, EvaluationInput, TrainingInput
from desktop.storage.database import Database
from desktop.storage.models import TimebankEntry, VolunteerService
from desktop.storage.tracking import RecordRuleError
from volunteer_testing import TODAY, new_volunteer, signed_in
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy, refusal

ACTIVITY_DAY = date(2025, 9, 30)  # a Tuesday before the National Day week: due by 2025-10-21


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = signed_in(open_copy(demo_template.path, tmp_path))
    yield db
    db.close()


@pytest.fixture
def volunteer(demo: Database) -> str:
    return new_volunteer(demo, registered_on=date(2025, 1, 1)).id


def served(volunteer_id: str, minutes: int | str = 120, day: date = ACTIVITY_DAY, **changes: object) -> ServiceInput:
    data = ServiceInput(volunteer_id, "助老送餐", day, minutes, "为独居老人送午餐", "青山社区长者食堂",
                        "elderly_disabled", in_charge="李霞")
    return replace(data, **changes)


def record(db: Database, data: ServiceInput, today: date) -> volunteer_hours.ServiceView:
    with db.write() as session:
        return volunteer_hours.record_service(session, data, today=today)


def test_a_record_is_confirmed_by_the_signed_in_user_and_earns_points(demo: Database, volunteer: str) -> None:
    row = record(demo, served(volunteer), date(2025, 10, 21))
    assert (row.minutes, row.confirmed_by, row.late, row.recorded_on) == (120, "李霞", False, date(2025, 10, 21))
    assert row.organiser == "青山镇社会工作服务站"  # the station when none is given
    with demo.read() as session:
        assert timebank.balance(session, volunteer) == 200  # two points for two hours
        assert [line.deposit for line in timebank.passbook(session, volunteer)] == [200]


def test_an_entry_after_ten_working_days_is_kept_and_flagged(demo: Database, volunteer: str) -> None:
    assert record(demo, served(volunteer), date(2025, 10, 22)).late
    with demo.read() as session:
        assert volunteer_hours.summary(session, volunteer).late == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"minutes": 0}, "minutes"),
    ({"minutes": "-30"}, "minutes"),
    ({"minutes": "1.5"}, "minutes"),
    ({"activity": ""}, "activity"),
    ({"category": "sleeping"}, "category"),
    ({"served_on": date(2025, 10, 23)}, "served_on"),  # after the day of entry
    ({"served_on": date(2024, 12, 31)}, "served_on"),  # before registration
    ({"volunteer_id": "no-such-volunteer"}, "volunteer_id"),
])
def test_bad_records_are_refused_at_their_field(demo: Database, volunteer: str, change: dict[str, object],
                                                field: str) -> None:
    data = replace(served(volunteer), **change)
    assert refusal(demo, lambda s: volunteer_hours.record_service(s, data, today=date(2025, 10, 22))).field == field


def test_the_daily_cap_counts_the_days_records_and_a_reversal_frees_it(demo: Database, volunteer: str) -> None:
    first = record(demo, served(volunteer, 300), ACTIVITY_DAY)
    error = refusal(demo, lambda s: volunteer_hours.record_services(
        s, [served(volunteer, 120), served(volunteer, 90)], today=ACTIVITY_DAY))  # 300 + 210 > 480
    assert error.field == "minutes" and "5" in error.message
    with demo.read() as session:
        assert volunteer_hours.summary(session, volunteer).records == 1  # the sheet wrote nothing
    with demo.write() as session:
        volunteer_hours.reverse_service(session, first.id, "时长录错", today=ACTIVITY_DAY)
        sheet = volunteer_hours.record_services(session, [served(volunteer, 300), served(volunteer, 180)],
                                                today=ACTIVITY_DAY)
    assert [r.minutes for r in sheet] == [300, 180]


def test_a_paused_volunteer_cannot_serve(demo: Database, volunteer: str) -> None:
    with demo.write() as session:
        view = volunteers.get(session, volunteer)
        volunteers.update(session, volunteer, replace(view.as_input(), status="paused"))
    assert refusal(demo, lambda s: volunteer_hours.record_service(s, served(volunteer), today=TODAY)).field == \
        "volunteer_id"


def test_a_reversal_negates_the_record_and_its_points_once(demo: Database, volunteer: str) -> None:
    row = record(demo, served(volunteer, 90), ACTIVITY_DAY)
    record(demo, served(volunteer, 60, category="children", activity="四点半课堂辅导"), ACTIVITY_DAY)
    assert refusal(demo, lambda s: volunteer_hours.reverse_service(s, row.id, " ")).field == "reason"
    with demo.write() as session:
        reversal = volunteer_hours.reverse_service(session, row.id, "志愿者当天未到场")
    assert (reversal.minutes, reversal.reverses_id, reversal.reason) == (-90, row.id, "志愿者当天未到场")
    assert refusal(demo, lambda s: volunteer_hours.reverse_service(s, row.id, "again")).field == "record_id"
    assert refusal(demo, lambda s: volunteer_hours.reverse_service(s, reversal.id, "undo")).field == "record_id"
    with demo.read() as session:
        rows = volunteer_hours.list_services(session, volunteer)
        summary = volunteer_hours.summary(session, volunteer)
        balance = timebank.balance(session, volunteer)
    assert [(r.minutes, r.reversed) for r in rows] == [(90, True), (60, False), (-90, False)]
    assert (summary.records, summary.minutes, summary.by_category) == (1, 60, {"children": 60})
    assert balance == 100


def test_a_record_whose_points_are_spent_is_not_reversed(demo: Database, volunteer: str) -> None:
    row = record(demo, served(volunteer, 480), ACTIVITY_DAY)
    with demo.write() as session:
        reward = next(r for r in rewards.list_rewards(session) if r.cost <= 800)
        timebank.redeem(session, volunteer, reward.id)
    error = refusal(demo, lambda s: volunteer_hours.reverse_service(s, row.id, "录错了"))
    assert error.field == "amount"
    with demo.read() as session:
        assert session.scalar(select(VolunteerService.id).where(VolunteerService.reverses_id == row.id)) is None


def test_rows_are_append_only(demo: Database, volunteer: str) -> None:
    row = record(demo, served(volunteer), ACTIVITY_DAY)
    with pytest.raises(RecordRuleError), demo.write() as session:
        stored = session.get(VolunteerService, row.id)
        assert stored is not None
        stored.minutes = 60
        session.flush()
    with pytest.raises(RecordRuleError), demo.write() as session:
        line = session.scalar(select(TimebankEntry).where(TimebankEntry.service_id == row.id))
        assert line is not None
        line.amount = 1
        session.flush()


def test_summary_in_a_period(demo: Database, volunteer: str) -> None:
    for day, minutes in ((date(2025, 3, 3), 60), (date(2025, 6, 2), 90), (date(2025, 9, 1), 120)):
        record(demo, served(volunteer, minutes, day), day)
    with demo.read() as session:
        half = volunteer_hours.summary(session, volunteer, date(2025, 1, 1), date(2025, 6, 30))
        listed = volunteer_hours.list_services(session, volunteer, since=date(2025, 6, 1))
    assert (half.records, half.minutes) == (2, 150) and [r.minutes for r in listed] == [90, 120]


def test_finance_may_look_but_not_record(demo: Database, volunteer: str) -> None:
    signin.sign_in(demo, "wangfang", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied), demo.write() as session:
        volunteer_hours.record_service(session, served(volunteer), today=ACTIVITY_DAY)
    with demo.read() as session:
        assert volunteer_hours.list_services(session, volunteer) == []


def test_training_awards_and_evaluations(demo: Database, volunteer: str) -> None:
    other = new_volunteer(demo, "另一位志愿者").id
    row = record(demo, served(volunteer), ACTIVITY_DAY)
    with demo.write() as session:
        trained = volunteer_record.add_training(session, TrainingInput(
            (volunteer, other, volunteer), "应急救护培训", date(2025, 5, 10), 240, "心肺复苏", "清河县红十字会"))
        volunteer_record.add_award(session, AwardInput(volunteer, "优秀志愿者", date(2025, 12, 5), "青山镇人民政府"))
        evaluation = volunteer_record.add_evaluation(session, EvaluationInput(row.id, 5, date(2025, 10, 30), "认真"),
                                                     today=date(2025, 10, 30))
    assert len(trained) == 2 and evaluation.late and evaluation.activity == "助老送餐"
    assert refusal(demo, lambda s: volunteer_record.add_evaluation(
        s, EvaluationInput(row.id, 4, date(2025, 10, 30)))).field == "service_id"
    assert refusal(demo, lambda s: volunteer_record.add_evaluation(
        s, EvaluationInput(row.id, 6, date(2025, 10, 30)))).field == "rating"
    assert refusal(demo, lambda s: volunteer_record.add_award(
        s, AwardInput(volunteer, "优秀志愿者", TODAY + timedelta(days=1)))).field == "awarded_on"
    with demo.write() as session:
        volunteer_record.delete(session, trained[0].id)
        assert volunteer_record.trainings(session, volunteer) == []
        assert [a.name for a in volunteer_record.awards(session, volunteer)] == ["优秀志愿者"]
        assert [(e.rating, e.late) for e in volunteer_record.evaluations(session, volunteer)] == [(5, True)]
        assert [t.name for t in volunteer_record.trainings(session, other)] == ["应急救护培训"]


def test_the_demo_record_has_a_late_entry_and_a_reversal(demo: Database) -> None:
    with demo.read() as session:
        rows = session.execute(select(VolunteerService.late, VolunteerService.reverses_id,
                                      VolunteerService.served_on, VolunteerService.recorded_on)).all()
    assert len(rows) >= 200
    assert any(late for late, *_ in rows) and sum(reverses is not None for _l, reverses, *_ in rows) == 1
    assert all(TODAY - timedelta(days=181) <= served <= recorded <= TODAY for *_, served, recorded in rows)
