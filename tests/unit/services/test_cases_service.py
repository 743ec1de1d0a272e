"""Cases through the service: numbering, opening, every step of the workflow from every stage (allowed
or refused), what each step needs, who/when/why recorded, who sees which case, the list and the demo."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from case_testing import (
    DETAILS, EVALUATION, OPENED, RECEIVER, TODAY, add_client, as_user, changes_of, file_next, open_case, user_id,
    walk,
)
from desktop.domain.case_workflow import MOVES, OPEN_STAGES, Stage
from desktop.domain.id_documents import mask_id_number
from desktop.errors import NotFoundError
from desktop.services import (
    accounts, case_followups, case_handover, case_list, case_record, case_summary, case_timeline, cases, clients,
)
from desktop.services.case_list import CaseQuery
from desktop.services.case_referrals import referrals
from desktop.services.cases import CaseInput
from desktop.services.demo_cases import DEMO_CASES, LINKED_ORG, fill_cases
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import CaseFile, CaseServiceRecord, CaseStageChange
from client_testing import ID_NUMBER, full_input
from wushe_testing import DEMO_PASSWORD, DemoTemplate, community_ids, open_copy, refusal


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "lixia")
    yield db
    db.close()


def highest_serial(db: Database, year: int) -> int:
    with db.read() as session:
        numbers = session.scalars(select(CaseFile.number).where(CaseFile.number.startswith(f"个案-{year}-")))
        return max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0)


def stage_changes(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(CaseStageChange)) or 0


# --- opening and numbering --------------------------------------------------------------------

def test_numbers_run_per_year_of_opening(demo: Database) -> None:
    year = OPENED.year
    first = open_case(demo)
    second = open_case(demo)
    assert (first.number, second.number) == (f"个案-{year}-{highest_serial(demo, year) - 1:04d}",
                                             f"个案-{year}-{highest_serial(demo, year):04d}")
    last_year = TODAY.replace(year=TODAY.year - 1, month=12, day=31)
    expected = highest_serial(demo, last_year.year) + 1
    assert open_case(demo, opened_on=last_year).number == f"个案-{last_year.year}-{expected:04d}"


def test_numbers_are_per_node(demo: Database) -> None:
    """A case another node opened (synced in) does not take a serial of this node's."""
    year = OPENED.year
    ours = highest_serial(demo, year)
    with demo.write() as session:
        session.info["node_id"] = "another-node"  # as if that node had opened it
        theirs = cases.open_case(session, CaseInput(add_client(demo), "问题", opened_on=OPENED))
    assert theirs.number == f"个案-{year}-0001"
    assert open_case(demo).number == f"个案-{year}-{ours + 1:04d}"


def test_opening_records_who_when_and_the_worker(demo: Database) -> None:
    view = open_case(demo, risk="high", source="outreach")
    assert (view.stage, view.worker_name, view.worker_user_id) == (Stage.INTAKE, "李霞", user_id(demo, "lixia"))
    assert (view.risk, view.source, view.opened_on, view.closed_on) == ("high", "outreach", OPENED, None)
    assert set(view.moves) == {"assess", "decline", "refer"}
    assert view.id_masked == ""  # the test client has no ID number on file
    [opened] = changes_of(demo, view.id)
    assert (opened.action, opened.from_stage, opened.to_stage, opened.by_name, opened.created_by) == (
        "open", "", "intake", "李霞", "lixia")
    assert opened.created_at.astimezone().date() == TODAY


@pytest.mark.parametrize(("change", "field"), [
    ({"problem": "  "}, "problem"),
    ({"risk": "extreme"}, "risk"),
    ({"source": "rumour"}, "source"),
    ({"opened_on": TODAY + timedelta(days=1)}, "opened_on"),
    ({"client_id": "no-such-client"}, "client_id"),
])
def test_opening_refusals(demo: Database, change: dict[str, object], field: str) -> None:
    before, client = stage_changes(demo), add_client(demo)
    assert refusal(demo, lambda s: cases.open_case(s, replace(
        CaseInput(client, "问题", opened_on=OPENED), **change))).field == field
    assert stage_changes(demo) == before


def test_a_client_has_one_open_case_at_a_time(demo: Database) -> None:
    client = add_client(demo)
    first = open_case(demo, client)
    error = refusal(demo, lambda s: cases.open_case(s, CaseInput(client, "又来了", opened_on=OPENED)))
    assert error.field == "client_id" and first.number in error.message
    walk(demo, first.id, Stage.CLOSED)
    assert open_case(demo, client).stage == Stage.INTAKE  # closed: a new case may open


def test_only_the_head_gives_a_case_to_another_worker(demo: Database) -> None:
    chenjun, wangfang, client = user_id(demo, "chenjun"), user_id(demo, "wangfang"), add_client(demo)
    before = stage_changes(demo)
    assert refusal(demo, lambda s: cases.open_case(s, CaseInput(
        client, "问题", worker_user_id=chenjun, opened_on=OPENED))).field == "worker_user_id"  # the head assigns
    assert stage_changes(demo) == before
    as_user(demo, "admin")
    assert open_case(demo, worker_user_id=chenjun).worker_name == "陈俊"
    assert refusal(demo, lambda s: cases.open_case(s, CaseInput(
        client, "问题", worker_user_id=wangfang))).field == "worker_user_id"  # finance
    with demo.write() as session:
        accounts.set_disabled(session, chenjun, True)
    assert refusal(demo, lambda s: cases.open_case(s, CaseInput(
        client, "问题", worker_user_id=chenjun))).field == "worker_user_id"
    with demo.read() as session:
        assert "chenjun" not in {w.username for w in cases.workers(session)}
        assert {"admin", "lixia"} <= {w.username for w in cases.workers(session)}


# --- the workflow -----------------------------------------------------------------------------

ACTIONS = [move.action for move in MOVES]


@pytest.mark.parametrize("stage", list(Stage))
def test_every_step_from_every_stage(demo: Database, stage: Stage) -> None:
    """From each stage, with everything on file, each step goes where MOVES says, or is refused as
    not open to the stage and changes nothing."""
    for move in MOVES:
        case = walk(demo, open_case(demo).id, stage)
        before = changes_of(demo, case.id)
        if stage in move.sources:
            with demo.write() as session:
                after = cases.move(session, case.id, move.action, **DETAILS)  # type: ignore[arg-type]
            assert after.stage == move.target, move.action
            last = changes_of(demo, case.id)[-1]
            assert (last.action, last.from_stage, last.to_stage, last.reason, last.by_name) == (
                move.action, stage, move.target, DETAILS["reason"], "李霞")
        else:
            error = refusal(demo, lambda s: cases.move(s, case.id, move.action, **DETAILS))  # type: ignore[arg-type]
            assert error.field == "action", move.action
            with demo.read() as session:
                assert cases.get(session, case.id).stage == stage
            assert len(changes_of(demo, case.id)) == len(before)


def test_the_offered_steps_are_the_allowed_ones(demo: Database) -> None:
    case = open_case(demo)
    for stage in (Stage.ASSESSMENT, Stage.PLAN, Stage.SERVICE, Stage.EVALUATION, Stage.CLOSED):
        view = walk(demo, open_case(demo).id, stage)
        assert set(view.moves) == {m.action for m in MOVES if stage in m.sources}
    assert set(case.moves) == {m.action for m in MOVES if Stage.INTAKE in m.sources}


def test_an_unknown_step_is_refused(demo: Database) -> None:
    case = open_case(demo)
    assert refusal(demo, lambda s: cases.move(s, case.id, "teleport")).field == "action"


def test_declining_needs_a_reason(demo: Database) -> None:
    case = open_case(demo)
    assert refusal(demo, lambda s: cases.move(s, case.id, "decline")).field == "reason"
    with demo.write() as session:
        declined = cases.move(session, case.id, "decline", reason="本人不需要")
        summary = case_summary.case_summary(session, case.id)
        events = case_timeline.timeline(session, case.id)
    # 不接案 ends the case at 结案, the reason on the case, its course and its timeline.
    assert (declined.stage, declined.closed_on, declined.declined_reason) == (Stage.CLOSED, TODAY, "本人不需要")
    assert declined.moves == ("reopen",)
    assert (summary.stage, summary.closed_on, summary.declined_reason) == ("Closed (结案)", TODAY, "本人不需要")
    last = summary.history[-1]
    assert (last.step, last.from_stage, last.to_stage, last.reason) == (
        "Do not take on (不接案)", "Intake (接案)", "Closed (结案)", "本人不需要")
    assert events[0].summary == "Do not take on (不接案): 本人不需要"
    with demo.write() as session:  # reopened and closed in the ordinary way, it was no longer declined
        reopened = cases.move(session, case.id, "reopen", reason="本人又来求助")
    assert (reopened.stage, reopened.declined_reason) == (Stage.ASSESSMENT, "")


@pytest.mark.parametrize(("stage", "action", "needed", "reached"), [
    (Stage.ASSESSMENT, "plan", "assessment", Stage.PLAN),  # planning needs an assessment on file
    (Stage.PLAN, "serve", "plan", Stage.SERVICE),  # the service needs a plan with a goal
])
def test_a_step_needs_its_paper_on_file(demo: Database, stage: Stage, action: str, needed: str,
                                        reached: Stage) -> None:
    case = walk(demo, open_case(demo).id, stage, ready=False)
    assert refusal(demo, lambda s: cases.move(s, case.id, action)).field == needed
    file_next(demo, case.id)  # the assessment, or the plan
    with demo.write() as session:
        assert cases.move(session, case.id, action).stage == reached


def test_closing_needs_an_evaluation_since_the_service_last_began_and_a_summary(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.EVALUATION, ready=False)
    assert refusal(demo, lambda s: cases.move(s, case.id, "close", closing_summary="小结")).field == "evaluation"
    with demo.write() as session:
        case_record.add_evaluation(session, case.id, EVALUATION)
    assert refusal(demo, lambda s: cases.move(s, case.id, "close")).field == "closing_summary"
    with demo.write() as session:  # the evaluation finds goals unmet: the service goes on
        cases.move(session, case.id, "resume", reason="目标未达成")
        cases.move(session, case.id, "evaluate")
    assert refusal(demo, lambda s: cases.move(s, case.id, "close", closing_summary="小结")).field == "evaluation"
    with demo.write() as session:
        case_record.add_evaluation(session, case.id, EVALUATION)
        closed = cases.move(session, case.id, "close", closing_summary="目标达成，结案")
    assert (closed.stage, closed.closed_on, closed.closing_summary) == (Stage.CLOSED, TODAY, "目标达成，结案")
    with demo.write() as session:
        reopened = cases.move(session, case.id, "reopen", reason="老问题复发")
    assert (reopened.stage, reopened.closed_on) == (Stage.ASSESSMENT, None)


@pytest.mark.parametrize("ended", [Stage.CLOSED, Stage.REFERRED])
def test_reopening_asks_what_opening_asks(demo: Database, ended: Stage) -> None:
    """No second open case for the client, and no case of a client deleted from the register."""
    client = add_client(demo, "宋德清")
    first = walk(demo, open_case(demo, client).id, ended)
    second = open_case(demo, client)
    before = stage_changes(demo)
    error = refusal(demo, lambda s: cases.move(s, first.id, "reopen", reason="老问题复发"))
    assert error.field == "client_id" and error.message == f"宋德清 already has an open case ({second.number})."
    walk(demo, second.id, Stage.CLOSED)
    with demo.write() as session:
        clients.delete(session, client)
    error = refusal(demo, lambda s: cases.move(s, first.id, "reopen", reason="老问题复发"))
    assert error.field == "client_id" and "宋德清" in error.message and "deleted" in error.message
    assert stage_changes(demo) == before + 5  # only the second case's steps to closing
    with demo.write() as session:
        clients.restore(session, client)
        assert cases.move(session, first.id, "reopen", reason="老问题复发").stage == Stage.ASSESSMENT


@pytest.mark.parametrize(("stage", "action"), [
    (Stage.PLAN, "reassess"), (Stage.SERVICE, "revise_plan"), (Stage.EVALUATION, "resume"),
    (Stage.CLOSED, "reopen"), (Stage.SERVICE, "refer"),
])
def test_going_back_or_out_needs_a_reason(demo: Database, stage: Stage, action: str) -> None:
    case = walk(demo, open_case(demo).id, stage)
    assert refusal(demo, lambda s: cases.move(s, case.id, action, receiver=RECEIVER, reason=" ")).field == "reason"


def test_referring_out_needs_a_receiver_and_records_the_referral(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.SERVICE)
    assert refusal(demo, lambda s: cases.move(s, case.id, "refer", reason="需专科治疗")).field == "receiver"
    with demo.write() as session:
        referred = cases.move(session, case.id, "refer", reason="需专科治疗", receiver=RECEIVER)
        [referral] = referrals(session, case.id)
    assert (referred.stage, referred.referred_to, referred.closed_on) == (Stage.REFERRED, "清河县民政局", None)
    assert (referral.target_kind, referral.target_name, referral.reason, referral.status, referral.referred_on) == (
        "department", "清河县民政局", "需专科治疗", "referred", TODAY)
    with demo.write() as session:
        back = cases.move(session, case.id, "reopen", reason="转介未成功")
    assert (back.stage, back.referred_to) == (Stage.ASSESSMENT, "")


def test_a_step_taken_on_a_past_day_is_dated_that_day(demo: Database) -> None:
    case = open_case(demo)
    with demo.write() as session:
        cases.move(session, case.id, "assess", today=OPENED + timedelta(days=3))
    assert changes_of(demo, case.id)[-1].created_at.astimezone().date() == OPENED + timedelta(days=3)


# --- who sees which case ------------------------------------------------------------------------

def test_a_social_worker_sees_only_their_own_cases(demo: Database) -> None:
    mine = open_case(demo)
    as_user(demo, "chenjun")
    with demo.read() as session:
        for read in (lambda: cases.get(session, mine.id),
                     lambda: case_timeline.timeline(session, mine.id), lambda: case_record.plans(session, mine.id)):
            with pytest.raises(NotFoundError):
                read()
        with pytest.raises(PermissionDenied, match=f"Case {mine.number} is 李霞's"):  # by number: whose, to ask
            cases.by_number(session, mine.number)
        assert mine.id not in case_list.list_ids(session)
        assert case_list.rows(session, [mine.id]) == [] and cases.get_many(session, [mine.id]) == []
        assert {r.worker_name for r in case_list.list_all(session)} == {"陈俊"}
    for write in (lambda s: cases.move(s, mine.id, "assess"),
                  lambda s: cases.update_case(s, mine.id, mine.as_input()),
                  lambda s: case_followups.add_follow_up(s, mine.id, TODAY, "回访")):
        with pytest.raises(NotFoundError), demo.write() as session:
            write(session)
    as_user(demo, "admin")  # the station head sees every case
    with demo.read() as session:
        assert cases.get(session, mine.id).worker_name == "李霞"
        assert case_list.count(session) == session.scalar(select(func.count()).select_from(CaseFile))


@pytest.mark.parametrize("username", ["wangfang", "zhaolei"])
def test_finance_and_viewers_see_no_case(demo: Database, username: str) -> None:
    mine = open_case(demo)
    as_user(demo, username)
    with demo.read() as session:
        for read in (lambda: case_list.list_ids(session), lambda: cases.get(session, mine.id),
                     lambda: case_followups.due_follow_ups(session)):
            with pytest.raises(PermissionDenied):
                read()


def test_only_the_head_lists_another_workers_cases(demo: Database) -> None:
    lixia, chenjun = user_id(demo, "lixia"), user_id(demo, "chenjun")
    with demo.read() as session:
        assert case_list.list_ids(session, CaseQuery(worker_user_id=lixia)) == case_list.list_ids(session)
        with pytest.raises(PermissionDenied):
            case_list.list_ids(session, CaseQuery(worker_user_id=chenjun))
    as_user(demo, "admin")
    with demo.read() as session:
        assert {r.worker_name for r in case_list.list_all(session, CaseQuery(worker_user_id=chenjun))} == {"陈俊"}


def test_updating_the_head_fields(demo: Database) -> None:
    case = open_case(demo)
    with demo.write() as session:
        changed = cases.update_case(session, case.id, replace(case.as_input(), problem="新问题", risk="high"))
    assert (changed.problem, changed.risk, changed.worker_name) == ("新问题", "high", "李霞")
    another = add_client(demo)
    assert refusal(demo, lambda s: cases.update_case(s, case.id, replace(
        case.as_input(), client_id=another))).field == "client_id"
    as_user(demo, "admin")  # even the head gives a case to another worker by a handover only, with its reason
    assert refusal(demo, lambda s: cases.update_case(s, case.id, replace(
        case.as_input(), worker_user_id=user_id(demo, "chenjun")))).field == "worker_user_id"


def test_handing_over_records_from_whom_to_whom_when_and_why(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.SERVICE)
    with demo.write() as session:
        due = case_followups.add_follow_up(session, case.id, TODAY + timedelta(days=3), "回访")
        done = case_followups.add_follow_up(session, case.id, TODAY, "电话回访")
        case_followups.complete_follow_up(session, done.id, "已联系")
        case_record.add_evaluation(session, case.id, EVALUATION)
    chenjun, lixia = user_id(demo, "chenjun"), user_id(demo, "lixia")
    with pytest.raises(PermissionDenied), demo.write() as session:  # the head's step
        case_handover.hand_over(session, case.id, chenjun, "调岗")
    as_user(demo, "admin")
    assert refusal(demo, lambda s: case_handover.hand_over(s, case.id, chenjun, " ")).field == "reason"
    assert refusal(demo, lambda s: case_handover.hand_over(s, case.id, lixia, "调岗")).field == "worker_user_id"
    assert refusal(demo, lambda s: case_handover.hand_over(s, case.id, "", "调岗")).field == "worker_user_id"
    with demo.write() as session:
        handed = case_handover.hand_over(session, case.id, chenjun, "李霞调岗，由陈俊接手")
        workers = {f.id: f.worker_user_id for f in case_followups.follow_ups(session, case.id)}
        events = case_timeline.timeline(session, case.id)
        history = case_summary.case_summary(session, case.id).history
        evaluated = case_record.evaluated_since_service(session, case.id)
    assert (handed.worker_name, handed.stage) == ("陈俊", Stage.SERVICE)
    assert workers == {due.id: chenjun, done.id: lixia}  # the open follow-up goes with the case
    assert evaluated  # a handover keeps the stage: the evaluation still counts for closing
    last = changes_of(demo, case.id)[-1]
    assert (last.action, last.from_stage, last.to_stage, last.by_name) == ("hand_over", "service", "service", "周建国")
    event = next(e for e in events if e.kind == "handover")
    assert (event.on, event.who, event.summary) == (TODAY, "周建国", "From 李霞 to 陈俊: 李霞调岗，由陈俊接手")
    line = history[-1]
    assert (line.on, line.step, line.from_stage, line.reason) == (
        TODAY, "Hand over (转交)", "", "From 李霞 to 陈俊: 李霞调岗，由陈俊接手")
    as_user(demo, "chenjun")
    with demo.read() as session:
        assert cases.get(session, case.id).worker_name == "陈俊"  # now theirs to see
    with demo.write() as session:
        cases.move(session, case.id, "evaluate")
        closed = cases.move(session, case.id, "close", closing_summary="目标达成")
    assert closed.stage == Stage.CLOSED
    as_user(demo, "admin")
    refused = refusal(demo, lambda s: case_handover.hand_over(s, case.id, lixia, "回到原社工"))
    assert refused.field == "case_id"  # a closed case is reopened first


# --- the list ---------------------------------------------------------------------------------

def test_the_list_filters_and_searches(demo: Database) -> None:
    target = open_case(demo, add_client(demo, "欧阳丽华", "桂花村", "091X", ("dibao", "disabled")), risk="high")
    other = open_case(demo, add_client(demo, "欧阳明", "石桥村", "5555", ("elderly_alone",)), risk="low")
    with demo.write() as session:
        case_followups.add_follow_up(session, target.id, TODAY - timedelta(days=2), "回访",
                                     today=TODAY - timedelta(days=9))
        case_followups.add_follow_up(session, other.id, TODAY + timedelta(days=5), "回访")
    walk(demo, other.id, Stage.CLOSED)

    def ids(**query: object) -> list[str]:
        with demo.read() as session:
            return case_list.list_ids(session, CaseQuery(**query))  # type: ignore[arg-type]

    assert ids(text="欧阳") == [other.id, target.id]  # opened the same day: the later first
    assert ids(text="oylh") == [target.id] and ids(text="091x") == [target.id]
    assert ids(text=other.number) == [other.id]
    assert target.id in ids(target_group="dibao") and other.id not in ids(target_group="dibao")
    assert target.id in ids(risk="high") and other.id not in ids(risk="high")
    assert ids(text="欧阳", community_id=community_ids(demo)["桂花村"]) == [target.id]
    assert ids(text="欧阳", stage="closed") == [other.id] and ids(text="欧阳", stage="ended") == [other.id]
    assert ids(text="欧阳", stage="open") == [target.id] and ids(text="欧阳", stage="intake") == [target.id]
    assert target.id in ids(overdue=True) and other.id not in ids(overdue=True)
    with demo.read() as session:
        assert all(r.overdue for r in case_list.list_all(session, CaseQuery(overdue=True)))
        assert all(r.stage in OPEN_STAGES for r in case_list.list_all(session, CaseQuery(stage="open")))
        assert case_list.count(session, CaseQuery(text="欧阳")) == 2
        [row] = case_list.rows(session, [target.id])
    assert (row.number, row.client_name, row.id_masked, row.community, row.worker_name) == (
        target.number, "欧阳丽华", "", "桂花村", "李霞")
    assert (row.stage, row.stage_label, row.risk, row.opened_on) == ("intake", "Intake (接案)", "high", OPENED)
    assert (row.next_due, row.overdue) == (TODAY - timedelta(days=2), True)


def test_the_list_finds_a_case_by_part_of_its_number_and_a_spaced_name(demo: Database) -> None:
    target = open_case(demo, add_client(demo, "诸葛建国"))
    year_serial = target.number.split("-", 1)[1]  # 2026-0016
    serial = year_serial.split("-")[1]

    def ids(text: str, order_by: str = "opened") -> list[str]:
        with demo.read() as session:
            return case_list.list_ids(session, CaseQuery(text=text, order_by=order_by))

    for order_by in ("opened", "client"):  # the client order walks the clients with the text joined
        assert ids(year_serial, order_by) == [target.id] and ids(target.number, order_by) == [target.id]
        assert target.id in ids(serial, order_by)
        assert ids("诸葛 建国", order_by) == [target.id] and ids(" 诸 葛建 国 ", order_by) == [target.id]
    with demo.read() as session:
        found = case_list.list_all(session, CaseQuery(text=serial))
    assert all(row.number.endswith(f"-{serial}") for row in found)
    assert ids(f"{int(year_serial[:4]) - 5}-{serial}") == [] and ids("1999-") == []
    with demo.read() as session:  # any other part of a number matches wherever it stands
        that_year = {row.id for row in case_list.list_all(session) if f"-{year_serial[:4]}-" in row.number}
    assert set(ids(f"{year_serial[:4]}-")) == that_year and target.id in ids(target.number[:-1])


def test_cases_mask_the_id_number_as_the_client_register_does(demo: Database) -> None:
    with demo.write() as session:
        client = clients.add(session, full_input(demo))
    case = open_case(demo, client.id)
    with demo.read() as session:
        [row] = case_list.rows(session, [case.id])
    assert case.id_masked == row.id_masked == client.id_masked == mask_id_number(ID_NUMBER)
    assert case.id_masked.startswith(ID_NUMBER[:4]) and case.id_masked.endswith(ID_NUMBER[-4:])


def test_follow_ups_of_ended_cases_stay_due(demo: Database) -> None:
    """Closing or referring a case out leaves its follow-ups on the 工作台 and in the red (结案回访, 转介跟进),
    and reopening keeps them so."""
    lixia = user_id(demo, "lixia")
    cases_ = [open_case(demo), open_case(demo)]
    with demo.write() as session:
        for case in cases_:
            case_followups.add_follow_up(session, case.id, TODAY - timedelta(days=2), "回访",
                                         today=TODAY - timedelta(days=9))

    def due() -> set[str]:
        with demo.read() as session:
            return {f.case_id for f in case_followups.due_follow_ups(session, lixia) if f.overdue}

    assert {c.id for c in cases_} <= due()
    walk(demo, cases_[0].id, Stage.CLOSED)
    walk(demo, cases_[1].id, Stage.REFERRED)
    assert {c.id for c in cases_} <= due()
    with demo.read() as session:
        assert all(f.overdue for c in cases_ for f in case_followups.follow_ups(session, c.id))
        assert all(row.overdue for row in case_list.rows(session, [c.id for c in cases_]))
        assert {c.id for c in cases_} <= set(case_list.list_ids(session, CaseQuery(overdue=True)))
    with demo.write() as session:
        cases.move(session, cases_[0].id, "reopen", reason="老问题复发")
    assert {c.id for c in cases_} <= due()


def test_the_list_is_newest_opened_first_unless_asked(demo: Database) -> None:
    with demo.read() as session:
        newest = case_list.list_all(session)
        oldest = case_list.list_all(session, CaseQuery(descending=False))
        by_risk = case_list.list_all(session, CaseQuery(order_by="risk", descending=False))
    opened = [r.opened_on for r in newest]
    assert opened == sorted(opened, reverse=True) and [r.id for r in oldest] == [r.id for r in reversed(newest)]
    assert [r.risk for r in by_risk] == sorted((r.risk for r in by_risk), key=["high", "medium", "low"].index)


# --- the demo ---------------------------------------------------------------------------------

def test_the_demo_cases(demo: Database) -> None:
    as_user(demo, "admin")
    with demo.read() as session:
        rows = case_list.list_all(session)
        service = session.scalar(select(func.count()).select_from(CaseServiceRecord).where(
            CaseServiceRecord.corrects_id.is_not(None)))
        linked = [r for row in rows for r in referrals(session, row.id) if r.target_id]
        lixia_due = case_followups.due_follow_ups(session, user_id(demo, "lixia"))
    assert len(rows) == len(DEMO_CASES)
    assert {r.stage for r in rows} == set(Stage) and {r.worker_name for r in rows} == {"李霞", "陈俊", "周建国"}
    assert service == 1 and [r.target_name for r in linked] == [LINKED_ORG]
    assert any(f.overdue for f in lixia_due) and any(not f.overdue for f in lixia_due)
    assert fill_cases(demo, DEMO_PASSWORD) == 0  # once only
