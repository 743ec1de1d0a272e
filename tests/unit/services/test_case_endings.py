"""What a fresh-clone trial of the case files found: a case entered from the paper files opening before
the client's (defaulted) registration date; the hand-over refused with the head's own words, and given
for a referred case whose follow-ups are still open; and after a reopening, the timeline and the paper
saying how the case last ended (the closing summary on the 结案 line, a referral as a referral)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from case_testing import OPENED, RECEIVER, TODAY, add_client, as_user, open_case, user_id, walk
from desktop.domain.case_workflow import Stage
from desktop.i18n import set_locale
from desktop.reports.case_record_sheet import write_case_record
from desktop.services import case_followups, case_handover, case_referrals, case_summary, case_timeline, cases
from desktop.services.case_referrals import Receiver
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import Client
from wushe_testing import DemoTemplate, open_copy, refusal


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "lixia")
    yield db
    db.close()


def registered_on(db: Database, client_id: str) -> object:
    with db.read() as session:
        row = session.get(Client, client_id)
        assert row is not None
        return row.registered_on


def test_a_case_from_the_paper_files_opens_before_the_registration(demo: Database) -> None:
    """An import without 登记日期 registers everyone today; their cases are entered afterwards."""
    client = add_client(demo, registered_on=TODAY)
    earlier = TODAY - timedelta(days=700)
    case = open_case(demo, client, opened_on=earlier)
    assert case.opened_on == earlier and registered_on(demo, client) == earlier  # a client by then
    later = add_client(demo, registered_on=TODAY - timedelta(days=30))
    open_case(demo, later, opened_on=TODAY - timedelta(days=10))
    assert registered_on(demo, later) == TODAY - timedelta(days=30)  # a later case leaves it alone
    with demo.write() as session:
        born = session.get(Client, client)
        assert born is not None
        born.birth_date = TODAY - timedelta(days=1000)
    second = add_client(demo, registered_on=TODAY)
    with demo.write() as session:
        row = session.get(Client, second)
        assert row is not None
        row.birth_date = TODAY - timedelta(days=100)
    refused = refusal(demo, lambda s: cases.open_case(s, cases.CaseInput(second, "问题",
                                                                         opened_on=TODAY - timedelta(days=200))))
    assert refused.field == "opened_on" and "born" in refused.message
    assert registered_on(demo, second) == TODAY


def _referred_with_a_follow_up(demo: Database) -> str:
    case = walk(demo, open_case(demo).id, Stage.SERVICE)
    with demo.write() as session:
        case_followups.add_follow_up(session, case.id, TODAY + timedelta(days=7), "转介后回访")
        cases.move(session, case.id, "refer", reason="需要医疗", receiver=RECEIVER)
    return case.id


def test_a_social_worker_is_told_only_the_head_hands_over(demo: Database) -> None:
    case_id = _referred_with_a_follow_up(demo)
    with pytest.raises(PermissionDenied) as caught, demo.write() as session:
        case_handover.hand_over(session, case_id, user_id(demo, "chenjun"), "调岗")
    assert caught.value.message == "Only the station head hands a case over to another social worker."


def test_a_referred_case_with_open_follow_ups_is_handed_over_with_them(demo: Database) -> None:
    case_id = _referred_with_a_follow_up(demo)
    chenjun = user_id(demo, "chenjun")
    as_user(demo, "admin")
    with demo.read() as session:
        assert case_handover.may_hand_over(session, case_id)
    with demo.write() as session:
        handed = case_handover.hand_over(session, case_id, chenjun, "李霞调岗")
        workers = {f.worker_user_id for f in case_followups.follow_ups(session, case_id)}
    assert (handed.stage, handed.worker_name, workers) == (Stage.REFERRED, "陈俊", {chenjun})
    as_user(demo, "chenjun")
    with demo.write() as session:  # the follow-up done, the referred case stays where it is
        follow_up = case_followups.follow_ups(session, case_id)[0]
        case_followups.complete_follow_up(session, follow_up.id, "已就医")
    as_user(demo, "admin")
    with demo.read() as session:
        assert not case_handover.may_hand_over(session, case_id)
    refused = refusal(demo, lambda s: case_handover.hand_over(s, case_id, user_id(demo, "lixia"), "回到原社工"))
    assert refused.field == "case_id" and "follow-ups still open" in refused.message


def _reopened_and_referred(demo: Database) -> str:
    """Closed with a summary, reopened, referred out; the referral accepted, then completed, on one day."""
    case = walk(demo, open_case(demo).id, Stage.CLOSED)
    with demo.write() as session:
        cases.move(session, case.id, "reopen", reason="又摔倒了")
        cases.move(session, case.id, "refer", reason="需要康复治疗", receiver=Receiver("县人民医院", "department"))
        cases.move(session, case.id, "reopen", reason="医院未收治")
        cases.move(session, case.id, "refer", reason="改转县中医院", receiver=Receiver("县中医院", "department"))
        referral = case_referrals.referrals(session, case.id)[0]
        case_referrals.update_referral_status(session, referral.id, "accepted", "已接收")
        case_referrals.update_referral_status(session, referral.id, "completed", "已签约家庭医生")
    return case.id


def test_the_timeline_after_a_reopening(demo: Database) -> None:
    case_id = _reopened_and_referred(demo)
    set_locale("zh_CN")
    with demo.read() as session:
        events = case_timeline.timeline(session, case_id)
    steps = [e.summary for e in events if e.kind == "step"]
    assert steps[:5] == ["转介：改转县中医院", "重新开案：医院未收治", "转介：需要康复治疗", "重新开案：又摔倒了",
                         "结案：情况有变；目标达成，结案"]  # the closing summary on the 结案 line
    assert [e.summary for e in events if e.kind == "referral"] == [
        "转至县中医院（政府部门）：改转县中医院", "转至县人民医院（政府部门）：需要康复治疗"]
    # Both changes of the one day, each its own line, the latest first (0023's referral history).
    assert [e.summary for e in events if e.kind == "referral_status"] == ["县中医院：已完成；已签约家庭医生",
                                                                           "县中医院：已接收；已接收"]
    plan = next(e.summary for e in events if e.kind == "plan")
    assert plan == "第 1 版：每周助餐两次、情绪稳定"


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_paper_says_the_case_was_referred_out(demo: Database, tmp_path: Path) -> None:
    case_id = _reopened_and_referred(demo)
    with demo.read() as session:
        summary = case_summary.case_summary(session, case_id)
    pdf = write_case_record(summary, tmp_path / "case.pdf")
    pages = _pages(pdf)
    closing = "".join(pages)[("".join(pages)).index("7. Closing"):]
    assert "The case is open." not in closing
    for text in ("Referred out on", "Referred to", "县中医院", "Reason for the", "改转县中医院",
                 "Summary of an", "目标达成，结案"):
        assert text in closing, text
    assert "Closing summary" not in closing
    last = [page for page in pages if page.strip()][-1]
    assert "signature" in last and "Follow-up visits" in last  # the lines to sign never alone on a last page


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_a_reopened_open_case_calls_the_old_summary_earlier(demo: Database, tmp_path: Path) -> None:
    case = walk(demo, open_case(demo, opened_on=OPENED).id, Stage.CLOSED)
    with demo.write() as session:
        cases.move(session, case.id, "reopen", reason="又摔倒了")
        summary = case_summary.case_summary(session, case.id)
    closing = "".join(_pages(write_case_record(summary, tmp_path / "case.pdf")))
    closing = closing[closing.index("7. Closing"):]
    assert "The case is open." in closing and "Summary of an" in closing and "Closing summary" not in closing
