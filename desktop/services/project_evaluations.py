"""Mid-term and final evaluations of a project (中期评估, 结项评估).

Evaluations are append-only: an evaluation done again is a new row, and the latest of a kind counts.
The mid-term evaluation is recorded while the project runs and lets it move to 中期评估; the final one
is recorded at mid-term and lets it close. Outputs achieved and spending are not stored with it:
each view counts them from the activities and expenses as they stood on the day of the evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import EVALUATION_CONCLUSIONS, PROJECT_EVALUATION_KINDS
from desktop.domain.money import MAX_FEN, from_fen
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import Status
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import project_activities, project_spending
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import require
from desktop.services.project_access import load_project, project_day, project_in
from desktop.services.project_activities import Outputs
from desktop.services.project_spending import Spending
from desktop.storage.models import ProjectEvaluation
from desktop.storage.models.project import NARRATIVE

# The status at which each kind is recorded.
RECORDED_AT: dict[str, Status] = {"midterm": Status.RUNNING, "final": Status.MIDTERM}
NARRATIVES = ("progress", "outcomes", "management", "spending", "next_steps")


@dataclass(frozen=True)
class EvaluationInput:
    kind: str  # domain.codes.PROJECT_EVALUATION_KINDS
    evaluated_on: date
    evaluator: str  # who assessed: the county, a third party
    conclusion: str  # domain.codes.EVALUATION_CONCLUSIONS
    funds_received_fen: int | None = None  # 到位资金; None: not stated
    progress: str = ""  # 执行情况
    outcomes: str = ""  # 目标达成与社会效益
    management: str = ""  # 组织管理
    spending: str = ""  # 经费使用, and the reasons for variances
    next_steps: str = ""  # 问题与下一步

    def validated(self) -> EvaluationInput:
        funds = self.funds_received_fen
        if funds is not None and (isinstance(funds, bool) or not isinstance(funds, int) or not 0 <= funds <= MAX_FEN):
            raise ValidationError("funds_received", _("Enter an amount of 0 or more."))
        texts = {field: optional_text(getattr(self, field), field, NARRATIVE) for field in NARRATIVES}
        if not texts["progress"]:
            raise ValidationError("progress", _("This field is required."))
        return replace(self, kind=one_of(self.kind, PROJECT_EVALUATION_KINDS, "kind"),
                       conclusion=one_of(self.conclusion, EVALUATION_CONCLUSIONS, "conclusion"),
                       evaluator=required_text(self.evaluator, "evaluator", 100), **texts)


@dataclass(frozen=True)
class EvaluationView:
    id: str
    project_id: str
    kind: str
    evaluated_on: date
    evaluator: str
    conclusion: str
    funds_received_fen: int | None
    progress: str
    outcomes: str
    management: str
    spending: str
    next_steps: str
    by_name: str
    outputs: Outputs  # planned against achieved on ``evaluated_on``
    budget: Spending  # the project's budget against its spending on ``evaluated_on``


def add_evaluation(session: Session, project_id: str, data: EvaluationInput,
                   today: date | None = None) -> EvaluationView:
    """Record an evaluation: a mid-term one while the project runs, a final one at mid-term."""
    who = require(session, Action.EDIT_PROJECTS)
    data = data.validated()
    project = project_in(session, project_id, Action.EDIT_PROJECTS, {RECORDED_AT[data.kind]})
    total = (project.approved_fen or 0) + project.matching_fen
    if data.funds_received_fen is not None and data.funds_received_fen > total:
        raise ValidationError("funds_received", _("Funds received cannot exceed the approved amount and the "
                                                  "matching funds, {total} yuan.").format(total=from_fen(total)))
    row = ProjectEvaluation(project_id=project.id, kind=data.kind,
                            evaluated_on=project_day(project, data.evaluated_on, "evaluated_on", today or date.today()),
                            evaluator=data.evaluator, conclusion=data.conclusion,
                            funds_received_fen=data.funds_received_fen, progress=data.progress, outcomes=data.outcomes,
                            management=data.management, spending=data.spending, next_steps=data.next_steps,
                            by_name=who.display_name)
    session.add(row)
    session.flush()
    return _view(session, row)


def _view(session: Session, row: ProjectEvaluation) -> EvaluationView:
    return EvaluationView(row.id, row.project_id, row.kind, row.evaluated_on, row.evaluator, row.conclusion,
                          row.funds_received_fen, row.progress, row.outcomes, row.management, row.spending,
                          row.next_steps, row.by_name,
                          project_activities.outputs(session, row.project_id, as_of=row.evaluated_on),
                          project_spending.budget_vs_actual(session, row.project_id, as_of=row.evaluated_on).total)


def evaluations(session: Session, project_id: str) -> list[EvaluationView]:
    """Every evaluation of the project, in the order they were recorded."""
    require(session, Action.VIEW)
    load_project(session, project_id)
    return [_view(session, row) for row in session.scalars(select(ProjectEvaluation).where(
        ProjectEvaluation.project_id == project_id).order_by(ProjectEvaluation.hlc))]


def latest(session: Session, project_id: str, kind: str) -> EvaluationView | None:
    """The evaluation of ``kind`` that counts: the last recorded."""
    require(session, Action.VIEW)
    load_project(session, project_id)
    row = session.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project_id,
                                                         ProjectEvaluation.kind == kind)
                         .order_by(ProjectEvaluation.hlc.desc()).limit(1))
    return None if row is None else _view(session, row)
