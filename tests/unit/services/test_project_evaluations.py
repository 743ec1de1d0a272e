"""Evaluations: a mid-term one while the project runs, a final one at mid-term, append-only with the
latest counting, each showing outputs and spending as they stood on its day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.project_workflow import Status
from desktop.services import project_activities, project_evaluations, project_spending, projects
from desktop.services.project_activities import ActivityInput
from desktop.services.project_evaluations import EvaluationInput
from desktop.services.project_spending import ExpenseInput
from desktop.storage.database import Database
from desktop.storage.models import ProjectBudgetLine
from running_testing import STARTED, head, project, projects_template  # noqa: F401 (fixtures)
from wushe_testing import refusal

TODAY = date.today()
EVALUATED = TODAY - timedelta(days=10)


def midterm(**changes: object) -> EvaluationInput:
    data = EvaluationInput("midterm", EVALUATED, "清河县社会工作指导中心", "good", 1_000_000,
                           "按计划开展助餐服务", "老人满意度高", "台账规范", "支出合规", "加强志愿者培训")
    return replace(data, **changes)


def evaluate(db: Database, project_id: str, data: EvaluationInput) -> project_evaluations.EvaluationView:
    with db.write() as session:
        return project_evaluations.add_evaluation(session, project_id, data)


def test_an_evaluation_shows_outputs_and_spending_as_they_stood_on_its_day(head: Database,
                                                                           project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    with head.write() as session:
        line = session.scalar(select(ProjectBudgetLine.id).where(ProjectBudgetLine.project_id == running)
                              .order_by(ProjectBudgetLine.position))
        assert line is not None
        for day, person_times, fen in ((EVALUATED - timedelta(days=1), 30, 40_000),
                                       (EVALUATED + timedelta(days=1), 12, 5_000)):
            project_activities.add_activity(session, running, ActivityInput(day, "助餐服务", "volunteer_service",
                                                                             person_times=person_times))
            project_spending.record_expense(session, running, ExpenseInput(line, day, fen, "记-001"))
    view = evaluate(head, running, midterm())
    assert (view.kind, view.evaluator, view.conclusion, view.funds_received_fen, view.by_name) == (
        "midterm", "清河县社会工作指导中心", "good", 1_000_000, "周建国")
    assert (view.outputs.sessions.achieved, view.outputs.person_times.achieved, view.outputs.sessions.planned) == (
        1, 30, 24)
    assert (view.budget.spent_fen, view.budget.budgeted_fen) == (40_000, 2_000_000)
    with head.write() as session:  # the evaluation lets the project move to mid-term
        assert projects.move(session, running, "midterm").status == Status.MIDTERM


def test_evaluations_are_appended_and_the_latest_of_a_kind_counts(head: Database,
                                                                  project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    evaluate(head, running, midterm(conclusion="pass"))
    evaluate(head, running, midterm(conclusion="excellent", evaluated_on=TODAY))
    with head.read() as session:
        counting = project_evaluations.latest(session, running, "midterm")
        assert counting is not None and counting.conclusion == "excellent"
        assert project_evaluations.latest(session, running, "final") is None
        assert [e.conclusion for e in project_evaluations.evaluations(session, running)] == ["pass", "excellent"]


@pytest.mark.parametrize(("kind", "status", "allowed"), [
    ("midterm", Status.RUNNING, True), ("midterm", Status.MIDTERM, False), ("midterm", Status.APPROVED, False),
    ("final", Status.MIDTERM, True), ("final", Status.RUNNING, False), ("final", Status.CLOSED, False),
])
def test_each_kind_is_recorded_at_its_status(head: Database, project: dict[Status, str], kind: str, status: Status,
                                             allowed: bool) -> None:
    data = midterm(kind=kind)
    if allowed:
        assert evaluate(head, project[status], data).kind == kind
    else:
        assert refusal(head, lambda s: project_evaluations.add_evaluation(s, project[status], data)).field == \
            "project_id"


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "annual"}, "kind"),
    ({"conclusion": "great"}, "conclusion"),
    ({"evaluator": " "}, "evaluator"),
    ({"progress": ""}, "progress"),
    ({"outcomes": "好" * 4001}, "outcomes"),
    ({"funds_received_fen": -1}, "funds_received"),
    ({"funds_received_fen": 2_000_001}, "funds_received"),  # above the approved 20,000 yuan and no matching
    ({"evaluated_on": TODAY + timedelta(days=1)}, "evaluated_on"),
    ({"evaluated_on": STARTED - timedelta(days=1)}, "evaluated_on"),
])
def test_bad_evaluations_are_refused_at_their_field(head: Database, project: dict[Status, str],
                                                    change: dict[str, object], field: str) -> None:
    data = midterm(**change)
    assert refusal(head, lambda s: project_evaluations.add_evaluation(s, project[Status.RUNNING], data)).field == field
