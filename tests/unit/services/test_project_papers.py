"""What the proposal and the final report read: the budget grouped in the categories' order with each
line's number kept and the domain's totals, the areas ticked, the phones masked as on screen unless
the role may reveal them, and then audited; activities
counted with their volunteers, person-times by month with empty months, spending as the spending tab
sums it (net of a reversal), the funds received as last stated by an evaluation of any kind, the latest
final evaluation; a project found by number or id, and nothing for someone signed out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.domain.codes import BUDGET_CATEGORIES, label
from desktop.domain.contact import mask_phone
from desktop.errors import NotFoundError, ValidationError
from desktop.services import signin
from desktop.services.guard import Locked
from desktop.services.ledger import granted_fen
from desktop.services.project_grants import funds_received_fen
from desktop.services.project_papers import FROM_EVALUATION, FROM_LEDGER, final_paper, find_project, proposal_paper
from desktop.services.project_spending import budget_vs_actual
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, Project, ProjectEvaluation
from desktop.storage.opening import open_database
from project_paper_testing import (
    AREAS, CONTACT_PHONE, IN_WORDS, LEADER_PHONE, MATCHING_FEN, MIDTERM_RECEIVED_FEN, NUMBER, REQUESTED_FEN, TEAM,
    build_final, build_proposal,
)
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 王芳 (finance: she may look, not edit) signed in."""
    db = open_copy(demo_template.path, tmp_path / "db")
    signin.sign_in(db, "wangfang", DEMO_PASSWORD)
    yield db
    db.close()


def test_the_proposal_groups_the_budget_and_keeps_each_lines_number(station: Database) -> None:
    with station.write() as session:
        paper = proposal_paper(session, build_proposal(station))
    assert [group.category for group in paper.budget] == [
        "Social service costs (社会服务支出)", "Labour (劳务费)", "Volunteer allowances (志愿者补贴)", "Training (培训费)",
        "Transport (交通费)", "Printing and publicity (印刷宣传费)", "Materials and supplies (物资购置费)"]
    assert [[line.number for line in group.lines] for group in paper.budget] == [[1, 2], [3], [4], [5], [8], [6], [7]]
    transport = paper.budget[4].lines[0]
    assert (transport.quantity, transport.amount_fen, transport.requested_fen, transport.matching_fen) == (
        Decimal("2500.5"), 300_060, 280_000, 20_060)
    assert (paper.budget[0].requested_fen, paper.budget[0].matching_fen, paper.budget[0].amount_fen) == (
        1_140_000, 200_000, 1_340_000)
    assert (paper.lines_requested_fen, paper.lines_matching_fen) == (paper.requested_fen, paper.matching_fen) == (
        REQUESTED_FEN, MATCHING_FEN)
    assert paper.lines_total_fen == 3_270_060 and paper.requested_in_words == IN_WORDS
    assert [name for name, ticked in paper.areas if ticked] == [
        "Services for the elderly (为老服务)", "Volunteer service (志愿服务)", "Health services (健康服务)"]
    assert len(paper.areas) == 10 and len(AREAS) == 3
    # Finance sees the phones masked on screen, and so on paper.
    assert (paper.leader_phone, paper.contact_phone) == (mask_phone(LEADER_PHONE), mask_phone(CONTACT_PHONE))
    assert [(m.name, m.phone) for m in paper.team] == [(name, mask_phone(phone)) for name, *_rest, phone in TEAM]
    assert paper.credit_code == "51500110MJP6543219" and paper.founded_on == date(2012, 10, 9)


def test_the_final_report_counts_what_was_done_and_spent(station: Database) -> None:
    built = build_final(station, activities=20)
    with station.read() as session:
        report = final_paper(session, built.project_id)
    assert len(report.activities) == 20 and [a.held_on for a in report.activities] == sorted(
        a.held_on for a in report.activities)
    assert (report.person_times, report.volunteer_times, report.volunteer_minutes) == (
        built.person_times, built.volunteer_times, built.volunteer_times * 90)
    assert [(m.month, m.person_times > 0) for m in report.by_month] == [(m, m != 7) for m in range(3, 13)]
    spent = {line.category: line.spending.spent_fen for line in report.spending}
    assert spent["Materials and supplies (物资购置费)"] == 0 and report.spent_fen == built.spent_fen == 2_620_000
    assert (report.total.budgeted_fen, report.total.available_fen) == (REQUESTED_FEN + MATCHING_FEN,
                                                                       2_800_000 + MATCHING_FEN)
    assert report.funds_received_fen == 2_800_000
    assert report.evaluation is not None and report.evaluation.conclusion == "Excellent (优秀)"
    assert report.evaluation.evaluated_on == date(2027, 1, 10)  # the final evaluation, not the mid-term one


def test_only_a_funded_project_has_a_final_report(station: Database) -> None:
    project_id = build_proposal(station)  # submitted, never approved
    with station.read() as session, pytest.raises(ValidationError) as refused:
        final_paper(session, project_id)
    assert refused.value.field == "status"
    assert refused.value.message == (f"Only a funded project has a final report; project {NUMBER} is at "
                                     "“Submitted (已申报)”.")


def test_the_final_reports_spending_is_the_spending_tabs(station: Database) -> None:
    built = build_final(station)
    with station.read() as session:
        report = final_paper(session, built.project_id)
        tab = budget_vs_actual(session, built.project_id)
    assert [(line.category, line.spending) for line in report.spending] == [
        (label(BUDGET_CATEGORIES, code), spending) for code, spending in tab.categories]
    assert report.total == tab.total and report.total.percent_used == Decimal("85.3")  # 26,200.00 of 30,700.60


def test_the_funds_received_are_the_last_stated(station: Database) -> None:
    built = build_final(station, final=False)
    with station.read() as session:
        assert final_paper(session, built.project_id).funds_received_fen == MIDTERM_RECEIVED_FEN
    with station.write() as session:  # a final evaluation that leaves the funds unstated
        session.add(ProjectEvaluation(project_id=built.project_id, kind="final", evaluated_on=date(2027, 1, 5),
                                      evaluator="清河县社会工作指导中心", conclusion="good", by_name="周建国"))
    with station.read() as session:
        report = final_paper(session, built.project_id)
    assert report.funds_received_fen == MIDTERM_RECEIVED_FEN and report.evaluation is not None
    assert report.evaluation.conclusion == "Good (良好)"


def test_a_project_is_found_by_number_or_id(station: Database) -> None:
    project_id = build_proposal(station)
    with station.read() as session:
        assert find_project(session, f" {NUMBER} ") == find_project(session, project_id) == project_id
        with pytest.raises(NotFoundError, match="创投-2026-0999"):
            find_project(session, "创投-2026-0999")
        with pytest.raises(NotFoundError):
            proposal_paper(session, "no-such-id")


def test_nobody_signed_in_reads_nothing(station: Database, tmp_path: Path) -> None:
    project_id = build_proposal(station)
    path = station.path
    assert path is not None
    station.close()
    db = open_database(path)
    try:
        with pytest.raises(Locked), db.read() as session:
            proposal_paper(session, project_id)
        with pytest.raises(Locked), db.read() as session:
            final_paper(session, project_id)
    finally:
        db.close()


def test_phones_print_in_full_only_to_a_role_that_may_reveal_them_and_that_is_audited(station: Database) -> None:
    project_id = build_proposal(station)
    with station.read() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "reveal"))
    with station.write() as session:  # finance: masked, nothing revealed
        proposal_paper(session, project_id)
    signin.sign_in(station, "chenjun", DEMO_PASSWORD)  # a caseworker may reveal
    with station.write() as session:
        paper = proposal_paper(session, project_id)
    assert (paper.leader_phone, paper.contact_phone) == (LEADER_PHONE, CONTACT_PHONE)
    assert [m.phone for m in paper.team] == [phone for *_rest, phone in TEAM]
    with station.read() as session:
        reveals = [(entry.table_name, json.loads(entry.detail)) for entry in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "reveal").order_by(AuditEntry.seq))][before:]
    assert reveals == [
        ("project", {"field": "leader_phone", "paper": "proposal"}),
        ("project", {"field": "contact_phone", "paper": "proposal"}),
        *[("project_team_member", {"field": "phone", "paper": "proposal"})] * len(TEAM)]


def test_without_a_stated_figure_the_funds_received_are_what_the_ledger_granted(station: Database) -> None:
    with station.read() as session:
        unstated = [p for p in session.scalars(select(Project).where(Project.status == "running"))
                    if funds_received_fen(session, p.id) is None]
        assert unstated  # the demo fund paid one running project, whose evaluation has not counted it
        for project in unstated:
            report = final_paper(session, project.id)
            granted = granted_fen(session, project.id)
            assert granted > 0 and (report.funds_received_fen, report.funds_received_from) == (granted, FROM_LEDGER)
    with station.read() as session:
        stated = final_paper(session, build_final(station).project_id)
    assert (stated.funds_received_fen, stated.funds_received_from) == (2_800_000, FROM_EVALUATION)
