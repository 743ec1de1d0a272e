"""A referral's every status (case_referral_change, migration 0023): written with each change in the same
unit of work, shown line by line on the timeline and the paper, back-filled for referrals made before
the table, and carried by sync with its feedback sealed to the receiver's key."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from case_testing import OPENED, TODAY, as_user, open_case
from desktop.domain.codes import REFERRAL_STATUSES, label
from desktop.errors import ValidationError
from desktop.i18n import set_locale
from desktop.reports.case_record_sheet import write_case_record
from desktop.services import case_referrals, case_summary, case_timeline, cases
from desktop.services.case_referrals import Receiver, ReferralInput
from desktop.storage.database import Database
from desktop.storage.migrate import upgrade
from desktop.services.sealing import seal_onto
from desktop.storage.models import CaseFile, CaseReferral, CaseReferralChange
from desktop.sync.registry import synced
from sync_testing import a, b  # noqa: F401 (fixtures)
from sync_testing import Node, add_client, add_community, send
from wushe_testing import DemoTemplate, open_copy
from migration_testing import downgrade_to

DAY = OPENED + timedelta(days=10)


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "lixia")
    yield db
    db.close()


def _accepted_and_completed_on_one_day(db: Database) -> tuple[str, str]:
    """A case with a referral the receiver accepted and completed on the same day; (case id, referral id)."""
    case_id = open_case(db).id
    with db.write() as session:
        made = case_referrals.add_referral(session, case_id, ReferralInput(Receiver("镇卫生院", "service"), DAY,
                                                                           "需要定期量血压"))
        case_referrals.update_referral_status(session, made.id, "accepted", "已安排家庭医生", DAY)
        case_referrals.update_referral_status(session, made.id, "completed", "已签约", DAY)
    return case_id, made.id


def _changes(db: Database, referral_id: str) -> list[tuple[str, str, date, str]]:
    with db.read() as session:
        return [(row.from_status, row.to_status, row.changed_on, row.by_name)
                for row in session.scalars(select(CaseReferralChange).where(
                    CaseReferralChange.referral_id == referral_id).order_by(CaseReferralChange.hlc))]


def test_each_change_is_a_row_written_with_it(demo: Database) -> None:
    _case_id, referral_id = _accepted_and_completed_on_one_day(demo)
    assert _changes(demo, referral_id) == [("", "referred", DAY, "李霞"), ("referred", "accepted", DAY, "李霞"),
                                           ("accepted", "completed", DAY, "李霞")]
    with demo.read() as session:
        [view] = case_referrals.referrals(session, _case_id)
        stored = session.scalars(select(CaseReferralChange.feedback_sealed).where(
            CaseReferralChange.referral_id == referral_id)).all()
    assert (view.status, view.feedback) == ("completed", "已签约")  # the referral keeps the latest
    assert all(b"\xe5\xb7\xb2" not in (value or b"") for value in stored)  # 已…: sealed, never in the clear


def test_a_refused_change_writes_no_step(demo: Database) -> None:
    _case_id, referral_id = _accepted_and_completed_on_one_day(demo)
    with pytest.raises(ValidationError), demo.write() as session:
        case_referrals.update_referral_status(session, referral_id, "failed", "没去", DAY)
    assert len(_changes(demo, referral_id)) == 3


def test_referring_the_client_out_records_the_making(demo: Database) -> None:
    case_id = open_case(demo).id
    with demo.write() as session:
        cases.move(session, case_id, "refer", reason="需要康复", receiver=Receiver("县人民医院", "department"))
        [view] = case_referrals.referrals(session, case_id)
    assert [(old, new) for old, new, _on, _by in _changes(demo, view.id)] == [("", "referred")]


def test_the_timeline_shows_both_changes_of_one_day_in_order(demo: Database) -> None:
    case_id, _referral_id = _accepted_and_completed_on_one_day(demo)
    set_locale("zh_CN")
    with demo.read() as session:
        events = [e for e in case_timeline.timeline(session, case_id) if e.kind.startswith("referral")]
    assert [(e.kind, e.summary, e.who) for e in events] == [
        ("referral_status", "镇卫生院：已完成；已签约", "李霞"),
        ("referral_status", "镇卫生院：已接收；已安排家庭医生", "李霞"),
        ("referral", "转至镇卫生院（服务或机构）：需要定期量血压", "李霞")]  # newest first


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_paper_prints_every_step(demo: Database, tmp_path: Path) -> None:
    case_id, _referral_id = _accepted_and_completed_on_one_day(demo)
    with demo.read() as session:
        summary = case_summary.case_summary(session, case_id)
    [line] = summary.referrals
    statuses = [label(REFERRAL_STATUSES, code) for code in ("referred", "accepted", "completed")]
    assert [(step.status, step.feedback) for step in line.steps] == [
        (statuses[0], ""), (statuses[1], "已安排家庭医生"), (statuses[2], "已签约")]
    pdf = write_case_record(summary, tmp_path / "case.pdf")
    text = re.sub(r"\s", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                            check=True).stdout)
    section = text[text.index("5.Referrals"):text.index("6.Evaluation")]
    places = [section.index(re.sub(r"\s", "", word))
              for word in (statuses[0], statuses[1], "已安排家庭医生", statuses[2], "已签约")]
    assert places == sorted(places) and section.count("镇卫生院") == 1  # the receiver once, over its steps


# --- migration 0023: referrals made before --------------------------------------------------------

def _as_before_0023(template: Path, folder: Path) -> Path:
    """A copy of the demo station taken back to 0022 (its referrals made, accepted, and given feedback)."""
    folder.mkdir()
    path = folder / "wushe.db"
    shutil.copy(template, path)
    downgrade_to(path, "0022")
    return path


def _table(path: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(query).fetchall()


STEPS = ("SELECT id, referral_id, from_status, to_status, changed_on, by_name, created_by, origin_node, hlc, "
         "feedback_sealed FROM case_referral_change ORDER BY referral_id, from_status")


def test_the_migration_writes_the_steps_of_earlier_referrals_alike_on_every_node(demo_template: DemoTemplate,
                                                                                 tmp_path: Path) -> None:
    first, second = (_as_before_0023(demo_template.path, tmp_path / name) for name in ("a", "b"))
    assert "case_referral_change" not in {name for (name,) in _table(first, "SELECT name FROM sqlite_master")}
    upgrade(first)
    upgrade(second)
    referrals = _table(first, "SELECT r.id, r.referred_on, r.status, r.status_on, r.origin_node, r.hlc, "
                              "u.display_name, r.created_by FROM case_referral r "
                              "JOIN user_account u ON u.username = r.created_by ORDER BY r.id")
    assert referrals and all(status != "referred" for _id, _on, status, *_rest in referrals)
    expected = []
    for row_id, referred_on, status, status_on, origin, hlc, maker, username in referrals:
        expected += [(row_id, "", "referred", referred_on, maker, username, origin, hlc, None),
                     (row_id, "referred", status, status_on, "", None, origin, hlc, None)]
    rows = _table(first, STEPS)
    assert [row[1:] for row in rows] == expected
    assert rows == _table(second, STEPS)  # the same ids: a bundle between the two adds no second copy
    with closing(sqlite3.connect(first)) as conn:
        [(kind,)] = [(row[2],) for row in conn.execute("PRAGMA table_info(need_match)") if row[1] == "follow_up"]
    assert kind == "TEXT"


def _steps(db: Database, referral_id: str) -> list[tuple[str, date, str]]:
    with db.read() as session:
        rows = list(session.scalars(select(CaseReferral).where(CaseReferral.id == referral_id)))
        return [(s.status, s.on, s.feedback) for s in case_referrals.steps(session, rows)[referral_id]]


def test_a_referral_without_its_steps_still_shows_its_status_and_feedback(demo: Database) -> None:
    """A referral as 0023 finds one (the feedback sealed to the referral, which the back-filled step cannot
    carry), or as a node holds one whose steps did not reach it: its own status and feedback are its
    latest line, after its making."""
    case_id = open_case(demo).id
    with demo.write() as session:
        row = CaseReferral(case_id=case_id, referred_on=DAY, target_kind="department", target_name="县残联",
                           status="accepted", status_on=DAY + timedelta(days=3))
        seal_onto(session, row, feedback="已受理")
        session.add(row)
    assert _steps(demo, row.id) == [("referred", DAY, ""), ("accepted", DAY + timedelta(days=3), "已受理")]
    with demo.write() as session:  # the step the migration wrote for it, without the feedback
        session.add(CaseReferralChange(referral_id=row.id, from_status="referred", to_status="accepted",
                                       changed_on=DAY + timedelta(days=3)))
    assert _steps(demo, row.id) == [("referred", DAY, ""), ("accepted", DAY + timedelta(days=3), "已受理")]
    # Completed with nothing said (as a node from before 已完成 needed feedback sent it): the earlier words
    # stay with the acceptance.
    with demo.write() as session:
        stored = session.get(CaseReferral, row.id)
        assert stored is not None
        stored.status, stored.status_on = "completed", DAY + timedelta(days=5)
        session.add(CaseReferralChange(referral_id=row.id, from_status="accepted", to_status="completed",
                                       changed_on=DAY + timedelta(days=5), by_name="李霞"))
    assert _steps(demo, row.id) == [("referred", DAY, ""), ("accepted", DAY + timedelta(days=3), "已受理"),
                                    ("completed", DAY + timedelta(days=5), "")]


# --- sync ---------------------------------------------------------------------------------------

def test_the_steps_travel_by_declaration_with_their_feedback(a: Node, b: Node) -> None:  # noqa: F811
    table = synced()["case_referral_change"]
    assert table.append_only and table.sealed == {"feedback_sealed": "feedback"}
    place = add_community(a, "石门村")
    client_id = add_client(a, place, "曾建华", "110101195001011237")
    with a.db.write() as session:  # a case as stored (opening one is another test's: it needs a worker account)
        case = CaseFile(number="个案-2026-0001", client_id=client_id, community_id=place, worker_user_id="w1",
                        worker_name="李霞", opened_on=TODAY, source="self", risk="medium", stage="service")
        session.add(case)
        session.flush()
        made = case_referrals.add_referral(session, case.id, ReferralInput(Receiver("镇卫生院", "service"), TODAY))
        case_referrals.update_referral_status(session, made.id, "accepted", "已安排家庭医生", TODAY)
        case_referrals.update_referral_status(session, made.id, "completed", "已签约", TODAY)
    send(a, b)
    assert [(status, feedback) for status, _on, feedback in _steps(b.db, made.id)] == [
        ("referred", ""), ("accepted", "已安排家庭医生"), ("completed", "已签约")]
    ids = select(CaseReferralChange.id, CaseReferralChange.hlc, CaseReferralChange.origin_node)
    with a.db.read() as sa, b.db.read() as sb:
        assert set(sa.execute(ids)) == set(sb.execute(ids))  # each step as its node wrote it
