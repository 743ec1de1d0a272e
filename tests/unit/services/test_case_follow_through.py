"""What goes on after a case ends and what the case flow says (issue 5, fifth trial): follow-ups of a closed
or referred case stay due until done or cancelled with a reason; referrals move by their table and need
feedback to end; the refusals name what is possible; a partial case number and pinyin from a name's start
find cases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from case_testing import OPENED, RECEIVER, TODAY, add_client, as_user, open_case, user_id, walk
from desktop.domain.case_workflow import Stage
from desktop.services import case_followups, case_list, case_referrals, cases
from desktop.services.case_list import CaseQuery
from desktop.services.case_referrals import ReferralInput
from desktop.services.clients import text_matches
from desktop.storage.database import Database
from desktop.storage.models import Client
from wushe_testing import DemoTemplate, open_copy, refusal

DAY = timedelta(days=1)


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "lixia")
    yield db
    db.close()


def _overdue_case(demo: Database, stage: Stage) -> tuple[str, str]:
    """A case of lixia's at ``stage`` (ready to leave it) with a follow-up two days overdue: (case, follow-up)."""
    case = walk(demo, open_case(demo).id, stage)
    with demo.write() as session:
        follow_up = case_followups.add_follow_up(session, case.id, TODAY - 2 * DAY, "结案回访", today=TODAY - 9 * DAY)
    return case.id, follow_up.id


@pytest.mark.parametrize(("stage", "action", "details"), [
    (Stage.EVALUATION, "close", {"closing_summary": "目标达成"}),
    (Stage.SERVICE, "refer", {"receiver": RECEIVER, "reason": "需专科治疗"}),
])
def test_follow_ups_of_a_closed_or_referred_case_stay_due(demo: Database, stage: Stage, action: str,
                                                          details: dict[str, object]) -> None:
    case_id, follow_up_id = _overdue_case(demo, stage)
    with demo.write() as session:
        assert case_followups.open_count(session, case_id) == 1
        ended = cases.move(session, case_id, action, **details)  # type: ignore[arg-type]
        due = {f.id: f for f in case_followups.due_follow_ups(session)}
        [row] = case_list.rows(session, [case_id])
        overdue_cases = case_list.list_ids(session, CaseQuery(overdue=True))
        assert case_followups.open_count(session, case_id) == 1
    assert ended.stage in ("closed", "referred")
    assert due[follow_up_id].overdue  # still on the 工作台, in red
    assert (row.next_due, row.overdue) == (TODAY - 2 * DAY, True)  # the case list's 下次回访, in red
    assert case_id in overdue_cases


def test_a_follow_up_is_cancelled_with_its_reason_and_kept_on_the_case(demo: Database) -> None:
    case_id, follow_up_id = _overdue_case(demo, Stage.EVALUATION)
    with demo.write() as session:
        cases.move(session, case_id, "close", closing_summary="目标达成")
    assert refusal(demo, lambda s: case_followups.cancel_follow_up(s, follow_up_id, " ")).field == "reason"
    with demo.write() as session:
        cancelled = case_followups.cancel_follow_up(session, follow_up_id, "服务对象已迁居外地")
        listed = case_followups.follow_ups(session, case_id)
        due = [f.id for f in case_followups.due_follow_ups(session)]
        remaining = case_followups.open_count(session, case_id)
        [row] = case_list.rows(session, [case_id])
    assert (cancelled.cancelled, cancelled.done_on, cancelled.outcome, cancelled.overdue) == (
        True, TODAY, "服务对象已迁居外地", False)
    assert [(f.id, f.cancelled, f.outcome) for f in listed] == [(follow_up_id, True, "服务对象已迁居外地")]
    assert follow_up_id not in due and remaining == 0 and (row.next_due, row.overdue) == (None, False)
    # Neither done nor cancelled a second time.
    assert refusal(demo, lambda s: case_followups.complete_follow_up(s, follow_up_id, "好")).field == "follow_up_id"
    assert refusal(demo, lambda s: case_followups.cancel_follow_up(s, follow_up_id, "再取消")).field == "follow_up_id"


def test_a_done_follow_up_cannot_be_cancelled(demo: Database) -> None:
    case_id, follow_up_id = _overdue_case(demo, Stage.SERVICE)
    with demo.write() as session:
        case_followups.complete_follow_up(session, follow_up_id, "情况稳定")
    error = refusal(demo, lambda s: case_followups.cancel_follow_up(s, follow_up_id, "不需要了"))
    assert (error.field, error.message) == ("follow_up_id", "This follow-up is already done.")


def test_the_referral_table_asks_for_acceptance_and_for_feedback_to_end(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.SERVICE)
    with demo.write() as session:
        referral = case_referrals.add_referral(session, case.id, ReferralInput(RECEIVER, OPENED + 5 * DAY, "低保"))
        turned_away = case_referrals.add_referral(session, case.id, ReferralInput(RECEIVER, OPENED + 6 * DAY))
    skipped = refusal(demo, lambda s: case_referrals.update_referral_status(s, referral.id, "completed", "已发放"))
    assert (skipped.field, skipped.message) == ("status", "A referral that is “Referred (已转介)” cannot become "
                                                          "“Completed (已完成)”. Next it may become: “Accepted (已接收)”, "
                                                          "“Not successful (未成功)”.")
    with demo.write() as session:
        case_referrals.update_referral_status(session, referral.id, "accepted")  # feedback may come later
    unsaid = refusal(demo, lambda s: case_referrals.update_referral_status(s, referral.id, "completed", "  "))
    assert (unsaid.field, unsaid.message) == ("feedback", "Say what came of the referral (the receiving side's "
                                                          "feedback).")
    with demo.write() as session:
        done = case_referrals.update_referral_status(session, referral.id, "completed", "已发放临时救助")
        failed = case_referrals.update_referral_status(session, turned_away.id, "failed", "不符合条件")
    assert [step.status for step in done.steps] == ["referred", "accepted", "completed"]
    assert (failed.status, failed.feedback) == ("failed", "不符合条件")
    ended = refusal(demo, lambda s: case_referrals.update_referral_status(s, referral.id, "failed", "x"))
    assert ended.message == "A referral that is “Completed (已完成)” cannot become “Not successful (未成功)”."


def test_a_refused_step_names_the_steps_open_now(demo: Database) -> None:
    case = walk(demo, open_case(demo).id, Stage.ASSESSMENT)
    error = refusal(demo, lambda s: cases.move(s, case.id, "close", closing_summary="结案"))
    assert error.field == "action"
    assert error.message == ("A case at “Needs assessment (需求评估)” cannot take the step “Close the case (结案)”. "
                             "Steps open now: “Draw up the service plan” (plan), “Refer out (转介)” (refer).")


def test_a_social_worker_opening_a_case_for_another_is_told_the_head_assigns(demo: Database) -> None:
    client = add_client(demo)
    error = refusal(demo, lambda s: cases.open_case(s, cases.CaseInput(client, "独居", worker_user_id=user_id(
        demo, "chenjun"))))
    assert (error.field, error.message) == ("worker_user_id", "You may open a case only as its worker yourself; "
                                                              "the station head gives cases to other workers.")


def test_part_of_a_case_number_finds_the_cases_that_hold_it(demo: Database) -> None:
    with demo.read() as session:
        mine = {row.number: row.id for row in case_list.list_all(session)}

        def found(text: str) -> set[str]:
            return set(case_list.list_ids(session, CaseQuery(text=text)))

        year = TODAY.year
        assert found(f"个案-{year}-001") == {i for n, i in mine.items() if n.startswith(f"个案-{year}-001")}
        assert found(f"个案-{year}-001") and found(f"{year}-001") == found(f"个案-{year}-001")
        some = next(iter(mine))
        assert found(some) == {mine[some]} and found(some[-4:]) >= {mine[some]}  # whole, and by its serial
        assert found("个案-1999-") == set()


def test_pinyin_finds_a_name_from_its_start_only(demo: Database) -> None:
    names = {name: add_client(demo, name) for name in ("陈小雨", "欧阳丽华", "张三", "曾建华", "单小明")}
    with demo.read() as session:
        def found(text: str) -> set[str]:
            matched = set(session.scalars(select(Client.id).where(text_matches(text))))
            return {client for client in names.values() if client in matched}

        assert found("oy") == {names["欧阳丽华"]}  # not 陈小雨 (chen xiao yu): no syllable of hers starts with o
        assert found("cxy") == found("chenx") == found("chenxiaoyu") == {names["陈小雨"]}
        assert found("xy") == found("xiaoyu") == found("xiaoy") == {names["陈小雨"]}  # from her second syllable
        assert found("iaoyu") == found("enxiao") == set()  # from inside a syllable
        assert found("xiaoming") == found("xm") == {names["单小明"]}
        assert found("zs") == {names["张三"]} and found("zjh") == {names["曾建华"]} and found("sxm") == {names["单小明"]}
        assert found("小雨") == {names["陈小雨"]}  # Chinese matches anywhere
