"""What a case's file holds besides its service records: needs assessments (需求评估), versions of the
service plan (服务计划) with their goals, and evaluations of the service (评估).

Assessments, plans and evaluations are append-only: a re-assessment or a revised plan is a new row
and the earlier ones stay on file. Only a goal's status changes as the work goes on. Writes need
EDIT_CASES and an open case; reads need a case the signed-in user may see (services.case_access).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import HAND_OVER, Stage
from desktop.domain.codes import ASSESSMENT_AREAS, GOAL_STATUSES, GOALS_MET, NEED_LEVELS, label
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.services.case_access import case_day, load_case, load_open_case, written
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import require
from desktop.services.received import shown_sealed
from desktop.services.sealing import opened, seal_onto
from desktop.storage.models import (
    CaseAssessment, CaseAssessmentArea, CaseEvaluation, CaseFile, CasePlan, CasePlanGoal, CaseStageChange,
)


@dataclass(frozen=True)
class AreaInput:
    area: str  # domain.codes.ASSESSMENT_AREAS
    level: str  # domain.codes.NEED_LEVELS
    notes: str = ""


LISTED_LEVELS = ("severe", "moderate", "mild")  # the NEED_LEVELS an assessment's line names, the worst first


def needs_by_level(areas: Sequence[tuple[str, str]]) -> str:
    """Areas (area, level) by level, the worst first: "重度：生活照料；中度：身体健康、居住安全"; "" when none has a
    need (every level "none")."""
    parts = []
    for level in LISTED_LEVELS:
        named = [label(ASSESSMENT_AREAS, area) for area, of in areas if of == level]
        if named:  # 、 in Chinese, as every list of the app; babel's would end in 和
            parts.append(_("{level}: {areas}").format(level=label(NEED_LEVELS, level), areas=_(", ").join(named)))
    return _("; ").join(parts)


@dataclass(frozen=True)
class AssessmentInput:
    """All eight areas or only those assessed this time."""

    assessed_on: date
    areas: tuple[AreaInput, ...]
    strengths: str = ""
    summary: str = ""

    def validated(self, case: CaseFile, today: date) -> AssessmentInput:
        if not self.areas:
            raise ValidationError("areas", _("Assess at least one area."))
        by_area: dict[str, AreaInput] = {}
        for item in self.areas:
            if one_of(item.area, ASSESSMENT_AREAS, "areas") in by_area:
                raise ValidationError("areas", _("Each area is assessed once."))
            by_area[item.area] = replace(item, level=one_of(item.level, NEED_LEVELS, "areas"),
                                         notes=optional_text(item.notes, "areas", 500))
        return replace(self, assessed_on=case_day(case, self.assessed_on, "assessed_on", today),
                       areas=tuple(by_area[a] for a in ASSESSMENT_AREAS if a in by_area),
                       strengths=optional_text(self.strengths, "strengths", 1000),
                       summary=optional_text(self.summary, "summary", 1000))


@dataclass(frozen=True)
class AssessmentView:
    id: str
    case_id: str
    assessed_on: date
    areas: tuple[AreaInput, ...]  # in the order of ASSESSMENT_AREAS
    strengths: str
    summary: str
    by_name: str


@dataclass(frozen=True)
class GoalInput:
    goal: str
    target_on: date | None = None
    indicator: str = ""  # how achievement is judged


@dataclass(frozen=True)
class PlanInput:
    effective_on: date
    goals: tuple[GoalInput, ...]
    strategies: str = ""
    client_agreed: bool = False  # the client signed the plan

    def validated(self, case: CaseFile, previous: CasePlan | None, today: date) -> PlanInput:
        effective = case_day(case, self.effective_on, "effective_on", today)
        if previous is not None and effective < previous.effective_on:
            raise ValidationError("effective_on", _("Version {version} is in force from {date}; a new version "
                                                    "cannot take effect before it.").format(
                version=previous.version, date=format_date(previous.effective_on)))
        if not self.goals:
            raise ValidationError("goals", _("Give the plan at least one goal."))
        goals = []
        for item in self.goals:
            if item.target_on is not None and item.target_on < effective:
                raise ValidationError("goals", _("A goal's target date is before the plan takes effect."))
            goals.append(replace(item, goal=required_text(item.goal, "goals", 300),
                                 indicator=optional_text(item.indicator, "goals", 300)))
        return replace(self, effective_on=effective, goals=tuple(goals),
                       strategies=optional_text(self.strategies, "strategies", 1000))


@dataclass(frozen=True)
class GoalView:
    id: str
    position: int
    goal: str
    indicator: str
    target_on: date | None
    status: str  # domain.codes.GOAL_STATUSES


@dataclass(frozen=True)
class PlanView:
    id: str
    case_id: str
    version: int
    effective_on: date
    strategies: str
    client_agreed: bool
    by_name: str
    goals: tuple[GoalView, ...]


@dataclass(frozen=True)
class EvaluationInput:
    evaluated_on: date
    goals_met: str  # domain.codes.GOALS_MET
    client_feedback: str = ""
    worker_view: str = ""

    def validated(self, case: CaseFile, today: date) -> EvaluationInput:
        return replace(self, evaluated_on=case_day(case, self.evaluated_on, "evaluated_on", today),
                       goals_met=one_of(self.goals_met, GOALS_MET, "goals_met"),
                       client_feedback=optional_text(self.client_feedback, "client_feedback", 1000),
                       worker_view=optional_text(self.worker_view, "worker_view", 1000))


@dataclass(frozen=True)
class EvaluationView:
    id: str
    case_id: str
    evaluated_on: date
    goals_met: str
    client_feedback: str
    worker_view: str
    by_name: str


# --- needs assessments ---------------------------------------------------------------------

def add_assessment(session: Session, case_id: str, data: AssessmentInput, today: date | None = None) -> AssessmentView:
    """A needs assessment; a re-assessment is another one, and the earlier ones stay."""
    who = require(session, Action.EDIT_CASES)
    case = load_open_case(session, case_id)
    data = data.validated(case, today or date.today())
    row = CaseAssessment(id=new_id(), case_id=case.id, assessed_on=data.assessed_on, by_name=who.display_name,
                         **written(today))
    seal_onto(session, row, strengths=data.strengths, summary=data.summary)
    session.add(row)
    for item in data.areas:
        area = CaseAssessmentArea(assessment_id=row.id, area=item.area, level=item.level)
        seal_onto(session, area, notes=item.notes)
        session.add(area)
    session.flush()
    return AssessmentView(row.id, row.case_id, row.assessed_on, data.areas, data.strengths, data.summary,
                          row.by_name)


def assessments(session: Session, case_id: str) -> list[AssessmentView]:
    """Every assessment of the case, the latest first."""
    load_case(session, case_id)
    rows = list(session.scalars(select(CaseAssessment).where(
        CaseAssessment.case_id == case_id, CaseAssessment.deleted_at.is_(None))
        .order_by(CaseAssessment.assessed_on.desc(), CaseAssessment.hlc.desc())))
    areas: dict[str, list[AreaInput]] = {row.id: [] for row in rows}
    for area in session.scalars(select(CaseAssessmentArea).where(
            CaseAssessmentArea.assessment_id.in_(areas), CaseAssessmentArea.deleted_at.is_(None))):
        areas[area.assessment_id].append(AreaInput(area.area, area.level, opened(session, area, "notes")))
    order = list(ASSESSMENT_AREAS)
    return [AssessmentView(row.id, row.case_id, row.assessed_on,
                           tuple(sorted(areas[row.id], key=lambda a: order.index(a.area) if a.area in order
                                        else len(order))),
                           opened(session, row, "strengths"), opened(session, row, "summary"), row.by_name)
            for row in rows]


def has_assessment(session: Session, case_id: str) -> bool:
    return session.scalar(select(CaseAssessment.id).where(
        CaseAssessment.case_id == case_id, CaseAssessment.deleted_at.is_(None)).limit(1)) is not None


# --- service plans -------------------------------------------------------------------------

def _latest_plan(session: Session, case_id: str) -> CasePlan | None:
    return session.scalar(select(CasePlan).where(CasePlan.case_id == case_id, CasePlan.deleted_at.is_(None))
                          .order_by(CasePlan.version.desc()).limit(1))


def add_plan(session: Session, case_id: str, data: PlanInput, today: date | None = None) -> PlanView:
    """A new version of the service plan, with its own goals; the earlier versions stay on file."""
    who = require(session, Action.EDIT_CASES)
    case = load_open_case(session, case_id)
    previous = _latest_plan(session, case.id)
    data = data.validated(case, previous, today or date.today())
    row = CasePlan(id=new_id(), case_id=case.id, version=previous.version + 1 if previous else 1,
                   effective_on=data.effective_on, client_agreed=data.client_agreed, by_name=who.display_name,
                   **written(today))
    seal_onto(session, row, strategies=data.strategies)
    session.add(row)
    for n, item in enumerate(data.goals, start=1):
        goal = CasePlanGoal(plan_id=row.id, position=n, target_on=item.target_on)
        seal_onto(session, goal, goal=item.goal, indicator=item.indicator)
        session.add(goal)
    session.flush()
    return _plan_views(session, [row])[0]


def _plan_views(session: Session, rows: Sequence[CasePlan]) -> list[PlanView]:
    goals: dict[str, list[GoalView]] = {row.id: [] for row in rows}
    for goal in session.scalars(select(CasePlanGoal).where(
            CasePlanGoal.plan_id.in_(goals), CasePlanGoal.deleted_at.is_(None)).order_by(CasePlanGoal.position)):
        goals[goal.plan_id].append(_goal_view(session, goal))
    return [PlanView(row.id, row.case_id, row.version, row.effective_on, opened(session, row, "strategies"),
                     row.client_agreed, row.by_name, tuple(goals[row.id])) for row in rows]


def _goal_view(session: Session, goal: CasePlanGoal) -> GoalView:
    return GoalView(goal.id, goal.position, opened(session, goal, "goal"), opened(session, goal, "indicator"),
                    goal.target_on, goal.status)


def plans(session: Session, case_id: str) -> list[PlanView]:
    """Every version of the plan, the latest first."""
    load_case(session, case_id)
    return _plan_views(session, list(session.scalars(select(CasePlan).where(
        CasePlan.case_id == case_id, CasePlan.deleted_at.is_(None)).order_by(CasePlan.version.desc()))))


def plan_in_force(session: Session, case_id: str, on: date | None = None) -> PlanView | None:
    """The version in force on ``on`` (today by default): the latest to take effect by then."""
    load_case(session, case_id)
    row = session.scalar(select(CasePlan).where(
        CasePlan.case_id == case_id, CasePlan.deleted_at.is_(None), CasePlan.effective_on <= (on or date.today()))
        .order_by(CasePlan.effective_on.desc(), CasePlan.version.desc()).limit(1))
    return None if row is None else _plan_views(session, [row])[0]


def set_goal_status(session: Session, goal_id: str, status: str) -> GoalView:
    require(session, Action.EDIT_CASES)
    goal = session.get(CasePlanGoal, goal_id)
    plan = None if goal is None or goal.deleted_at is not None else session.get(CasePlan, goal.plan_id)
    if goal is None or plan is None:
        raise NotFoundError(_("No such goal."))
    load_open_case(session, plan.case_id)
    goal.status = one_of(status, GOAL_STATUSES, "status")
    session.flush()
    return _goal_view(session, goal)


def has_plan(session: Session, case_id: str) -> bool:
    """A service plan is on file (of any version, with goals or not)."""
    return _latest_plan(session, case_id) is not None


def plan_has_goals(session: Session, case_id: str) -> bool:
    """The latest version of the plan has at least one goal (what starting the service needs)."""
    latest = _latest_plan(session, case_id)
    return latest is not None and session.scalar(select(CasePlanGoal.id).where(
        CasePlanGoal.plan_id == latest.id, CasePlanGoal.deleted_at.is_(None)).limit(1)) is not None


# --- evaluations ---------------------------------------------------------------------------

def add_evaluation(session: Session, case_id: str, data: EvaluationInput, today: date | None = None) -> EvaluationView:
    """An evaluation of the service, once it has started; closing needs one since it last (re)started."""
    who = require(session, Action.EDIT_CASES)
    case = load_open_case(session, case_id)
    if case.stage not in (Stage.SERVICE, Stage.EVALUATION):
        raise ValidationError("case_id", _("Evaluate the service once it has started."))
    data = data.validated(case, today or date.today())
    row = CaseEvaluation(case_id=case.id, evaluated_on=data.evaluated_on, goals_met=data.goals_met,
                         by_name=who.display_name, **written(today))
    seal_onto(session, row, client_feedback=data.client_feedback, worker_view=data.worker_view)
    session.add(row)
    session.flush()
    return _evaluation_view(session, row)


def _evaluation_view(session: Session, row: CaseEvaluation) -> EvaluationView:
    return EvaluationView(row.id, row.case_id, row.evaluated_on, row.goals_met,
                          shown_sealed(session, row, "client_feedback"), shown_sealed(session, row, "worker_view"),
                          row.by_name)


def evaluations(session: Session, case_id: str) -> list[EvaluationView]:
    load_case(session, case_id)
    return [_evaluation_view(session, row) for row in session.scalars(select(CaseEvaluation).where(
        CaseEvaluation.case_id == case_id, CaseEvaluation.deleted_at.is_(None))
        .order_by(CaseEvaluation.evaluated_on.desc(), CaseEvaluation.hlc.desc()))]


def evaluated_since_service(session: Session, case_id: str) -> bool:
    """An evaluation was recorded after the service last (re)started. Recording order is the HLC
    order, which a typed date cannot upset and which holds across synced nodes."""
    began = select(func.max(CaseStageChange.hlc)).where(
        CaseStageChange.case_id == case_id, CaseStageChange.to_stage == Stage.SERVICE,
        CaseStageChange.action != HAND_OVER).scalar_subquery()  # a handover keeps the stage: no restart
    return session.scalar(select(CaseEvaluation.id).where(
        CaseEvaluation.case_id == case_id, CaseEvaluation.deleted_at.is_(None),
        CaseEvaluation.hlc > func.coalesce(began, 0)).limit(1)) is not None
