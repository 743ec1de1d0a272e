"""What a case's file holds: assessments kept on re-assessment, plan versions in force by date, service
records and their corrections, evaluations, referrals and their status, follow-ups due for the right
worker, and the timeline in order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from case_testing import (
    ASSESSMENT, EVALUATION, OPENED, PLAN, RECEIVER, TODAY, as_user, file_next, open_case, user_id, walk,
)
from desktop.domain.case_workflow import Stage
from desktop.errors import NotFoundError
from desktop.i18n import format_date
from desktop.services import case_followups, case_record, case_referrals, case_service_records, case_timeline, cases
from desktop.services.case_record import AreaInput, AssessmentInput, GoalInput, PlanInput
from desktop.services.case_referrals import ReferralInput, Receiver
from desktop.services.case_service_records import RecordInput
from desktop.services.case_timeline import EVENT_KINDS
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import Donor, SocialOrg
from wushe_testing import DemoTemplate, open_copy, refusal

DAY = timedelta(days=1)
RECORD = RecordInput(OPENED + 5 * DAY, "home_visit", 60, "入户了解起居情况", "石桥村三组", "联系助餐点")


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "lixia")
    yield db
    db.close()


@pytest.fixture
def serving(demo: Database) -> str:
    """李霞's case in service, opened 60 days ago, assessed and planned."""
    return walk(demo, open_case(demo).id, Stage.SERVICE).id


# --- needs assessments --------------------------------------------------------------------------

def test_a_reassessment_keeps_the_earlier_one(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.ASSESSMENT, ready=False)
    later = AssessmentInput(OPENED + 30 * DAY, (AreaInput("economic", "mild"), AreaInput("daily_care", "none")),
                            summary="情况好转")
    with demo.write() as session:
        first = case_record.add_assessment(session, case.id, ASSESSMENT)
        second = case_record.add_assessment(session, case.id, later)
        kept = case_record.assessments(session, case.id)
    assert [a.id for a in kept] == [second.id, first.id]  # the latest first
    assert [a.area for a in kept[1].areas] == ["daily_care", "mental"]  # in the order of the form
    assert [(a.area, a.level) for a in kept[0].areas] == [("daily_care", "none"), ("economic", "mild")]
    assert (kept[1].strengths, kept[1].by_name, kept[0].summary) == ("邻里关系好", "李霞", "情况好转")


@pytest.mark.parametrize(("change", "field"), [
    ({"areas": ()}, "areas"),
    ({"areas": (AreaInput("mental", "mild"), AreaInput("mental", "severe"))}, "areas"),
    ({"areas": (AreaInput("astrology", "mild"),)}, "areas"),
    ({"areas": (AreaInput("mental", "dire"),)}, "areas"),
    ({"assessed_on": OPENED - DAY}, "assessed_on"),
    ({"assessed_on": TODAY + DAY}, "assessed_on"),
    ({"strengths": "长" * 1001}, "strengths"),
])
def test_assessment_refusals(demo: Database, change: dict[str, object], field: str) -> None:
    case = open_case(demo)
    assert refusal(demo, lambda s: case_record.add_assessment(s, case.id, replace(ASSESSMENT, **change))).field == field


def test_a_closed_case_takes_no_new_work(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.CLOSED)
    for add in (lambda s: case_record.add_assessment(s, case.id, ASSESSMENT),
                lambda s: case_record.add_plan(s, case.id, PLAN),
                lambda s: case_service_records.add_service_record(s, case.id, RECORD),
                lambda s: case_referrals.add_referral(s, case.id, ReferralInput(RECEIVER, TODAY))):
        error = refusal(demo, add)
        assert error.field == "case_id" and case.number in error.message


# --- service plans ------------------------------------------------------------------------------

def test_the_plan_in_force_on_each_day(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.PLAN, ready=False)
    revised = PlanInput(OPENED + 20 * DAY, (GoalInput("每周助餐三次", OPENED + 50 * DAY),), "加强助餐")
    with demo.write() as session:
        v1 = case_record.add_plan(session, case.id, PLAN)
        v2 = case_record.add_plan(session, case.id, revised)

        def version(on: date) -> int | None:
            plan = case_record.plan_in_force(session, case.id, on)
            return None if plan is None else plan.version

        assert [version(OPENED + n * DAY) for n in (1, 2, 19, 20, 59)] == [None, 1, 1, 2, 2]
        assert case_record.plan_in_force(session, case.id) == v2  # today's
        assert [p.version for p in case_record.plans(session, case.id)] == [2, 1]
    assert [g.goal for g in v1.goals] == ["每周助餐两次", "情绪稳定"] and v1.goals[0].indicator == "送餐记录"
    assert (v1.client_agreed, v1.by_name, [g.status for g in v1.goals]) == (True, "李霞", ["pending", "pending"])


@pytest.mark.parametrize(("change", "field"), [
    ({"goals": ()}, "goals"),
    ({"goals": (GoalInput(" "),)}, "goals"),
    ({"goals": (GoalInput("助餐", OPENED),)}, "goals"),  # due before the plan takes effect
    ({"effective_on": OPENED - DAY}, "effective_on"),
    ({"effective_on": TODAY + DAY}, "effective_on"),
])
def test_plan_refusals(demo: Database, change: dict[str, object], field: str) -> None:
    case = open_case(demo)
    assert refusal(demo, lambda s: case_record.add_plan(s, case.id, replace(PLAN, **change))).field == field


def test_a_new_version_cannot_take_effect_before_the_last(demo: Database) -> None:
    case = open_case(demo)
    with demo.write() as session:
        case_record.add_plan(session, case.id, PLAN)
    error = refusal(demo, lambda s: case_record.add_plan(s, case.id, replace(PLAN, effective_on=OPENED + DAY)))
    assert error.field == "effective_on" and "Version 1" in error.message


def test_a_goals_status_changes_as_work_goes_on(demo: Database, serving: str) -> None:
    with demo.write() as session:
        goal = case_record.plans(session, serving)[0].goals[0]
        assert case_record.set_goal_status(session, goal.id, "achieved").status == "achieved"
    assert refusal(demo, lambda s: case_record.set_goal_status(s, goal.id, "forgotten")).field == "status"
    as_user(demo, "chenjun")
    with pytest.raises(NotFoundError), demo.write() as session:
        case_record.set_goal_status(session, goal.id, "not_achieved")


# --- service records ------------------------------------------------------------------------------

def test_a_service_record(demo: Database, serving: str) -> None:
    with demo.write() as session:
        view = case_service_records.add_service_record(session, serving, RECORD)
    assert (view.served_on, view.kind, view.minutes, view.place, view.next_step, view.by_name) == (
        RECORD.served_on, "home_visit", 60, "石桥村三组", "联系助餐点", "李霞")
    assert (view.recorded_on, view.corrects_id, view.corrected) == (TODAY, None, False)


@pytest.mark.parametrize(("change", "field"), [
    ({"minutes": 0}, "minutes"),
    ({"minutes": 1441}, "minutes"),
    ({"minutes": "一小时"}, "minutes"),
    ({"served_on": OPENED - DAY}, "served_on"),
    ({"served_on": TODAY + DAY}, "served_on"),
    ({"kind": "telepathy"}, "kind"),
    ({"content": ""}, "content"),
])
def test_service_record_refusals(demo: Database, serving: str, change: dict[str, object], field: str) -> None:
    assert refusal(demo, lambda s: case_service_records.add_service_record(
        s, serving, replace(RECORD, **change))).field == field


def test_whole_days_of_minutes_are_accepted(demo: Database, serving: str) -> None:
    with demo.write() as session:
        added = [case_service_records.add_service_record(session, serving, replace(RECORD, minutes=m)).minutes
                 for m in (1, 1440, "90")]
        assert len(case_service_records.service_records(session, serving)) == 3
    assert added == [1, 1440, 90]


def test_a_correction_stands_in_place_of_the_record(demo: Database, serving: str) -> None:
    with demo.write() as session:
        wrong = case_service_records.add_service_record(session, serving, RECORD)
        other = case_service_records.add_service_record(session, serving, replace(RECORD, served_on=OPENED + 9 * DAY))
        fixed = case_service_records.correct_service_record(session, wrong.id, replace(RECORD, minutes=90), "时长记错")
    assert (fixed.corrects_id, fixed.minutes, fixed.correction_reason) == (wrong.id, 90, "时长记错")
    error = refusal(demo, lambda s: case_service_records.correct_service_record(s, wrong.id, RECORD, "又错了"))
    assert error.field == "record_id" and "correct the correction" in error.message
    with demo.write() as session:  # a second mistake: the correction is corrected
        again = case_service_records.correct_service_record(session, fixed.id, replace(RECORD, minutes=75), "仍不对")
        standing = case_service_records.service_records(session, serving)
        history = case_service_records.service_records(session, serving, include_corrected=True)
    assert [r.id for r in standing] == [other.id, again.id]  # the latest contact first
    assert {r.id: r.corrected for r in history} == {other.id: False, again.id: False, fixed.id: True, wrong.id: True}
    assert {r.id: r.correction_reason for r in history} == {other.id: "", again.id: "仍不对", fixed.id: "时长记错",
                                                            wrong.id: ""}


def test_a_correction_needs_its_reason(demo: Database, serving: str) -> None:
    with demo.write() as session:
        wrong = case_service_records.add_service_record(session, serving, RECORD)
    error = refusal(demo, lambda s: case_service_records.correct_service_record(s, wrong.id, RECORD, "  "))
    assert error.field == "reason"
    with demo.read() as session:
        assert [r.id for r in case_service_records.service_records(session, serving)] == [wrong.id]  # nothing written


def test_a_record_of_a_closed_case_can_still_be_corrected(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.SERVICE)
    with demo.write() as session:
        record = case_service_records.add_service_record(session, case.id, RECORD)
        cases.move(session, case.id, "evaluate")
    file_next(demo, case.id)
    with demo.write() as session:
        cases.move(session, case.id, "close", closing_summary="结案")
        fixed = case_service_records.correct_service_record(session, record.id, replace(RECORD, content="更正内容"),
                                                            "内容写错")
    assert fixed.corrects_id == record.id


# --- evaluations ----------------------------------------------------------------------------------

def test_an_evaluation_needs_the_service_started(demo: Database, serving: str) -> None:
    planned = walk(demo, open_case(demo).id, Stage.PLAN)
    assert refusal(demo, lambda s: case_record.add_evaluation(s, planned.id, EVALUATION)).field == "case_id"
    assert refusal(demo, lambda s: case_record.add_evaluation(
        s, serving, replace(EVALUATION, goals_met="perhaps"))).field == "goals_met"
    with demo.write() as session:
        view = case_record.add_evaluation(session, serving, EVALUATION)
        assert case_record.evaluations(session, serving) == [view]
    assert (view.goals_met, view.client_feedback, view.by_name) == ("most", "挺好的", "李霞")


# --- referrals --------------------------------------------------------------------------------------

def test_referral_status_flow(demo: Database, serving: str) -> None:
    with demo.write() as session:
        org = session.scalars(select(SocialOrg).where(SocialOrg.deleted_at.is_(None))).first()
        donor = session.scalars(select(Donor).where(Donor.deleted_at.is_(None))).first()
        assert org is not None and donor is not None
        to_org = case_referrals.add_referral(session, serving, ReferralInput(
            Receiver(kind="social_org", target_id=org.id), OPENED + 10 * DAY, "陪伴"))
        to_donor = case_referrals.add_referral(session, serving, ReferralInput(
            Receiver("ignored", "donor", donor.id), OPENED + 11 * DAY))
        accepted = case_referrals.update_referral_status(session, to_org.id, "accepted", "每周两次", OPENED + 12 * DAY)
    # Completed only with what came of it (已完成 needs the receiving side's feedback).
    assert refusal(demo, lambda s: case_referrals.update_referral_status(
        s, to_org.id, "completed", status_on=OPENED + 20 * DAY)).field == "feedback"
    with demo.write() as session:
        done = case_referrals.update_referral_status(session, to_org.id, "completed", "陪伴三个月，已结束",
                                                     status_on=OPENED + 20 * DAY)
    assert (to_org.target_name, to_org.target_id, to_donor.target_name) == (org.name, org.id, donor.name)
    assert (accepted.status, done.status, done.status_on, done.feedback) == (
        "accepted", "completed", OPENED + 20 * DAY, "陪伴三个月，已结束")
    assert refusal(demo, lambda s: case_referrals.update_referral_status(s, to_org.id, "failed", "x")).field == "status"
    assert refusal(demo, lambda s: case_referrals.update_referral_status(s, to_donor.id, "failed")).field == "feedback"
    assert refusal(demo, lambda s: case_referrals.update_referral_status(
        s, to_donor.id, "accepted", status_on=OPENED + 10 * DAY)).field == "status_on"  # before it was made
    with demo.write() as session:
        failed = case_referrals.update_referral_status(session, to_donor.id, "failed", "物资已发完")
        assert [r.id for r in case_referrals.referrals(session, serving)] == [to_donor.id, to_org.id]
    assert (failed.status, failed.feedback, failed.status_on) == ("failed", "物资已发完", TODAY)


@pytest.mark.parametrize(("receiver", "field"), [
    (Receiver(" ", "department"), "receiver"),
    (Receiver("某部门", "ministry"), "receiver"),
    (Receiver(kind="social_org", target_id="no-such-org"), "receiver"),
    (Receiver(kind="department", target_id="no-such-org"), "receiver"),  # only orgs and donors are registers
])
def test_referral_refusals(demo: Database, serving: str, receiver: Receiver, field: str) -> None:
    assert refusal(demo, lambda s: case_referrals.add_referral(
        s, serving, ReferralInput(receiver, TODAY))).field == field


def test_the_return_slip_of_a_case_referred_out_is_recorded(demo: Database, serving: str) -> None:
    with demo.write() as session:
        cases.move(session, serving, "refer", reason="需专科治疗", receiver=RECEIVER)
        [referral] = case_referrals.referrals(session, serving)
        assert case_referrals.update_referral_status(session, referral.id, "accepted").status == "accepted"


# --- follow-ups --------------------------------------------------------------------------------------

def test_follow_ups_due_for_the_right_worker(demo: Database) -> None:
    mine = open_case(demo)
    with demo.write() as session:
        overdue = case_followups.add_follow_up(session, mine.id, TODAY - 2 * DAY, "入户回访", today=TODAY - 9 * DAY)
        due = case_followups.add_follow_up(session, mine.id, TODAY, "电话回访")
        later = case_followups.add_follow_up(session, mine.id, TODAY + 3 * DAY, "再回访")
        done = case_followups.add_follow_up(session, mine.id, TODAY, "已完成的回访")
        case_followups.complete_follow_up(session, done.id, "已联系，情况稳定")
    as_user(demo, "chenjun")
    theirs = open_case(demo)
    with demo.write() as session:
        case_followups.add_follow_up(session, theirs.id, TODAY, "陈俊的回访")
    as_user(demo, "lixia")
    with demo.read() as session:
        listed = {f.id: f for f in case_followups.due_follow_ups(session) if f.case_id == mine.id}
        assert all(f.worker_user_id == user_id(demo, "lixia") for f in case_followups.due_follow_ups(session))
        with pytest.raises(PermissionDenied):  # not cases she may see: refused, not an empty list
            case_followups.due_follow_ups(session, user_id(demo, "chenjun"))
        assert [f.id for f in case_followups.due_follow_ups(session, today=TODAY + 5 * DAY)
                if f.case_id == mine.id] == [overdue.id, due.id, later.id]
    assert set(listed) == {overdue.id, due.id}
    assert (listed[overdue.id].overdue, listed[due.id].overdue) == (True, False)
    assert (listed[due.id].case_number, listed[due.id].client_name) == (mine.number, mine.client_name)
    as_user(demo, "admin")  # the head may look at anyone's
    with demo.read() as session:
        assert "陈俊的回访" in {f.purpose for f in case_followups.due_follow_ups(session, user_id(demo, "chenjun"))}


def test_follow_up_refusals(demo: Database) -> None:
    case = open_case(demo)
    assert refusal(demo, lambda s: case_followups.add_follow_up(s, case.id, TODAY - DAY, "回访")).field == "due_on"
    assert refusal(demo, lambda s: case_followups.add_follow_up(s, case.id, TODAY, " ")).field == "purpose"
    with demo.write() as session:
        follow_up = case_followups.add_follow_up(session, case.id, TODAY, "回访")
    assert refusal(demo, lambda s: case_followups.complete_follow_up(s, follow_up.id, "")).field == "outcome"
    assert refusal(demo, lambda s: case_followups.complete_follow_up(
        s, follow_up.id, "好", TODAY + DAY)).field == "done_on"
    with demo.write() as session:
        assert case_followups.complete_follow_up(session, follow_up.id, "好").done_on == TODAY
    assert refusal(demo, lambda s: case_followups.complete_follow_up(s, follow_up.id, "好")).field == "follow_up_id"


# --- the timeline ---------------------------------------------------------------------------------------

def test_the_timeline_newest_first(demo: Database) -> None:
    case = open_case(demo)
    with demo.write() as session:
        cases.move(session, case.id, "assess", today=OPENED)
    file_next(demo, case.id)
    with demo.write() as session:
        cases.move(session, case.id, "plan", today=OPENED + 2 * DAY)
        case_record.add_plan(session, case.id, PLAN)
        cases.move(session, case.id, "serve", today=OPENED + 3 * DAY)
        record = case_service_records.add_service_record(session, case.id, RECORD)
        case_service_records.correct_service_record(session, record.id, replace(RECORD, minutes=80), "时长记错")
        referral = case_referrals.add_referral(session, case.id, ReferralInput(RECEIVER, OPENED + 6 * DAY, "低保"))
        case_referrals.update_referral_status(session, referral.id, "accepted", "已受理", OPENED + 8 * DAY)
        cases.move(session, case.id, "evaluate", today=OPENED + 19 * DAY)
        case_record.add_evaluation(session, case.id, EVALUATION)
        cases.move(session, case.id, "close", closing_summary="结案", today=OPENED + 21 * DAY)
        follow_up = case_followups.add_follow_up(session, case.id, OPENED + 30 * DAY, "结案回访",
                                                 today=OPENED + 21 * DAY)
        case_followups.complete_follow_up(session, follow_up.id, "稳定", OPENED + 30 * DAY)
        dropped = case_followups.add_follow_up(session, case.id, OPENED + 40 * DAY, "电话回访", today=OPENED + 21 * DAY)
        case_followups.cancel_follow_up(session, dropped.id, "已迁居外地", today=OPENED + 31 * DAY)
        events = case_timeline.timeline(session, case.id)
    days = [e.on for e in events]
    assert days == sorted(days, reverse=True)
    assert [e.kind for e in events if e.on == OPENED] == ["step", "opened"]  # recorded after the opening
    assert {e.kind for e in events} == set(EVENT_KINDS) - {"handover"}  # the head's step: test_cases_service
    assert {e.who for e in events} == {"李霞"}
    by_kind = {e.kind: e for e in events}
    assert by_kind["correction"].summary == (
        f"In place of the record of {format_date(RECORD.served_on)} (时长记错): Home visit (入户走访), 80 min: 入户了解起居情况")
    assert by_kind["follow_up_cancelled"].summary == "电话回访: 已迁居外地"
    assert by_kind["follow_up_cancelled"].on == OPENED + 31 * DAY
    assert by_kind["referral"].summary == "To 清河县民政局 (Government department): 低保"
    assert by_kind["referral_status"].summary == "清河县民政局: Accepted (已接收); 已受理"
    # every level with its areas, the worst first, and the worker's own summary (a mild need is one too)
    assert by_kind["assessment"].summary == ("Severe: Daily care (生活照料); Moderate: Mood and mental health "
                                             "(心理情绪); 先解决吃饭问题")
    assert by_kind["plan"].summary == "Version 1: 每周助餐两次, 情绪稳定"  # 、 in Chinese
    assert by_kind["follow_up_done"].summary == "结案回访: 稳定"
    assert next(e.summary for e in events if e.kind == "step") == "Close the case (结案): 结案"  # the summary
    as_user(demo, "chenjun")
    with pytest.raises(NotFoundError), demo.read() as session:
        case_timeline.timeline(session, case.id)
