"""What the proposal (公益创投项目申报书) and the final report (结项报告) print, read in one go.

Read-only loaders of frozen dataclasses of plain values, straight from the ORM rows: codes are
translated labels, amounts are fen, quantities Decimal, dates stay ``date`` so the paper formats them
for its locale. The budget's arithmetic is the domain's (``project_budget``), so the printed totals
are the ones the round's rules were checked against; what was spent is the 支出 tab's
(``project_spending.budget_vs_actual``), so the report and the screen give one figure. Anyone who may
look at the data may print the proposal; the phones of the people it names print as the screen shows
them to that role (``contacts.shown``), and where they print in full the audit log records a reveal,
as paper leaves the station where a masked screen does not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.codes import (
    ACTIVITY_KINDS, BUDGET_CATEGORIES, EVALUATION_CONCLUSIONS, ORG_INSPECTIONS, ORG_RATINGS, PROJECT_AREAS, label,
)
from desktop.domain.money import amount_in_words, from_fen
from desktop.domain.permissions import Action
from desktop.domain.project_budget import BudgetLine, totals
from desktop.domain.project_workflow import FUNDED, STATUS_LABELS
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.contacts import shown
from desktop.services.guard import require
from desktop.services.ledger import granted_fen
from desktop.services.privacy import printed
from desktop.services.project_grants import Termination, funds_received_fen, termination
from desktop.services.project_spending import Spending, budget_vs_actual
from desktop.services.sealing import SUFFIX
from desktop.services.station import get_profile
from desktop.services.tags import tags_of
from desktop.storage.models import (
    Community, Project, ProjectActivity, ProjectActivityVolunteer, ProjectBudgetLine, ProjectEvaluation,
    ProjectPlannedActivity, ProjectRound, ProjectTeamMember, SocialOrg,
)

CENTI = Decimal(100)  # quantities are stored in hundredths
FROM_EVALUATION = "evaluation"  # 到位资金 as an evaluation states it
FROM_LEDGER = "ledger"  # 到位资金 as the fund ledger's grants to the project add up


@dataclass(frozen=True)
class ProjectHead:
    """What both papers say about the project at their head and on every page."""

    station: str
    number: str
    title: str
    status: str
    round_name: str
    organiser: str
    org: str  # 申报单位 / 承接机构
    community: str  # where it runs
    leader: str  # 项目负责人
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class TeamLine:
    name: str
    education: str
    qualification: str
    role: str
    phone: str


@dataclass(frozen=True)
class PlannedLine:
    name: str
    starts_on: date
    ends_on: date
    content: str
    sessions: int
    person_times: int


@dataclass(frozen=True)
class BudgetRow:
    number: int  # counted from 1 in the order entered, as the budget rules name lines
    item: str
    unit: str
    unit_price_fen: int
    quantity: Decimal
    amount_fen: int
    requested_fen: int  # 申报资金
    matching_fen: int  # 配套资金


@dataclass(frozen=True)
class BudgetGroup:
    """The lines of one category of the budget table, with the category's subtotals."""

    category: str
    lines: tuple[BudgetRow, ...]
    requested_fen: int
    matching_fen: int

    @property
    def amount_fen(self) -> int:
        return self.requested_fen + self.matching_fen


@dataclass(frozen=True)
class ProposalPaper:
    head: ProjectHead
    credit_code: str  # 登记证号: the organisation's unified social credit code
    founded_on: date | None
    org_leader: str
    org_address: str  # 通讯地址
    org_postcode: str  # 邮政编码
    org_inspection: str  # 年度年检结论
    org_rating: str  # 评估等级
    org_profile: str  # 单位简介
    areas: tuple[tuple[str, bool], ...]  # every 项目领域 label, and whether the proposal ticks it
    target_group: str
    beneficiaries: int
    requested_fen: int  # the amount applied for, as stated on the proposal
    requested_in_words: str  # 大写
    matching_fen: int
    leader_phone: str
    contact_name: str
    contact_phone: str
    contact_email: str
    submitted_on: date | None
    summary: str
    needs: str
    objectives: str
    approach: str
    outcomes: str
    risks: str
    sustainability: str
    planned_sessions: int
    planned_person_times: int
    planned_volunteer_times: int
    team: tuple[TeamLine, ...]
    plan: tuple[PlannedLine, ...]
    budget: tuple[BudgetGroup, ...]  # in the order of the budget categories
    lines_requested_fen: int  # 合计 of the lines: equals ``requested_fen`` in a sound proposal
    lines_matching_fen: int

    @property
    def lines_total_fen(self) -> int:
        return self.lines_requested_fen + self.lines_matching_fen


@dataclass(frozen=True)
class ActivityLine:
    held_on: date
    title: str
    kind: str
    place: str
    attendance: int
    person_times: int
    volunteers: int  # volunteers who served at it (志愿者人次)
    volunteer_minutes: int


@dataclass(frozen=True)
class MonthLine:
    year: int
    month: int
    person_times: int


@dataclass(frozen=True)
class SpendingLine:
    category: str
    spending: Spending  # as the 支出 tab sums it: budgeted, what may be spent, what was


@dataclass(frozen=True)
class EvaluationPart:
    evaluated_on: date
    evaluator: str
    conclusion: str
    progress: str  # 执行情况
    outcomes: str  # 目标达成与社会效益
    management: str  # 组织管理
    spending: str  # 经费使用, with the reasons for variances
    next_steps: str  # 问题与下一步
    by: str


@dataclass(frozen=True)
class FinalPaper:
    head: ProjectHead
    funds_received_fen: int | None  # 到位资金: as the latest evaluation stating it says, else as the fund ledger paid
    funds_received_from: str | None  # where that figure comes from: FROM_EVALUATION or FROM_LEDGER
    termination: Termination | None  # a terminated project's: its report is the 终止报告
    planned_sessions: int
    planned_person_times: int
    planned_volunteer_times: int
    activities: tuple[ActivityLine, ...]  # in date order
    by_month: tuple[MonthLine, ...]  # every month of the project, and of any activity outside it
    spending: tuple[SpendingLine, ...]  # in the order of the budget categories
    total: Spending  # the whole budget: its approved part is the grant (the request before approval)
    evaluation: EvaluationPart | None  # the latest final evaluation

    @property
    def spent_fen(self) -> int:
        return self.total.spent_fen

    @property
    def person_times(self) -> int:
        return sum(a.person_times for a in self.activities)

    @property
    def volunteer_times(self) -> int:
        return sum(a.volunteers for a in self.activities)

    @property
    def volunteer_minutes(self) -> int:
        return sum(a.volunteer_minutes for a in self.activities)


def find_project(session: Session, number_or_id: str) -> str:
    """The id of the live project with this number (创投-2026-0001) or id."""
    require(session, Action.VIEW)
    key = number_or_id.strip()
    ids = list(session.scalars(select(Project.id).where(or_(Project.id == key, Project.number == key),
                                                        Project.deleted_at.is_(None))))
    if len(ids) != 1:
        raise NotFoundError(_("No project has the number {number}.").format(number=key) if not ids else
                            _("Several projects have the number {number}; give the project's id.").format(number=key))
    return ids[0]


def proposal_paper(session: Session, project_id: str) -> ProposalPaper:
    """Everything the 申报书 prints, as the proposal stands. Call it in a unit of work that may write:
    phones printed in full are recorded as revealed."""
    require(session, Action.VIEW)
    project = _live_project(session, project_id)
    org = session.get(SocialOrg, project.org_id)
    lines = _budget_lines(session, project.id)
    sums = totals([line for _row, line in lines])
    ticked = set(tags_of(project.areas))
    areas = [(label(PROJECT_AREAS, code), code in ticked) for code in PROJECT_AREAS]
    areas += [(code, True) for code in sorted(ticked - set(PROJECT_AREAS))]  # from a newer node
    return ProposalPaper(
        head=_head(session, project), credit_code=org.credit_code if org else "",
        founded_on=org.founded_on if org else None, org_leader=org.leader if org else "",
        org_address=org.address if org else "", org_postcode=org.postcode if org else "",
        org_inspection=label(ORG_INSPECTIONS, org.inspection) if org else "",
        org_rating=label(ORG_RATINGS, org.rating) if org else "", org_profile=org.profile if org else "",
        areas=tuple(areas),
        target_group=project.target_group, beneficiaries=project.beneficiaries, requested_fen=project.requested_fen,
        requested_in_words=amount_in_words(from_fen(project.requested_fen)), matching_fen=project.matching_fen,
        leader_phone=_phone(session, project, "leader_phone"), contact_name=project.contact_name,
        contact_phone=_phone(session, project, "contact_phone"), contact_email=project.contact_email,
        submitted_on=project.submitted_on, summary=project.summary, needs=project.needs,
        objectives=project.objectives, approach=project.approach, outcomes=project.outcomes, risks=project.risks,
        sustainability=project.sustainability, planned_sessions=project.planned_sessions,
        planned_person_times=project.planned_person_times, planned_volunteer_times=project.planned_volunteer_times,
        team=_team(session, project.id), plan=_plan(session, project.id),
        budget=tuple(BudgetGroup(label(BUDGET_CATEGORIES, code),
                                 tuple(row for row, line in lines if line.category == code), requested, matching)
                     for code, (requested, matching) in sums.by_category.items()),
        lines_requested_fen=sums.requested_fen, lines_matching_fen=sums.matching_fen)


def _funds_received(session: Session, project_id: str) -> tuple[int | None, str | None]:
    """到位资金 and its source: an evaluation's count of the instalments is what the county checked; without
    one, what the fund ledger shows the project was granted (nothing granted either: not known, left blank)."""
    stated = funds_received_fen(session, project_id)
    if stated is not None:
        return stated, FROM_EVALUATION
    granted = granted_fen(session, project_id)
    return (granted, FROM_LEDGER) if granted else (None, None)


def final_paper(session: Session, project_id: str) -> FinalPaper:
    """Everything the 结项报告 prints: outputs counted from the activities held, spending as the 支出 tab
    shows it (``project_spending.budget_vs_actual``: a reversal cancels what it reverses, and the rate is
    of what may be spent), the funds received as last stated or else as the ledger granted, and the latest
    final evaluation; for a terminated project, when and why, and what of its grant went back to the pool.
    A project that was never funded has nothing to report on and is refused."""
    require(session, Action.VIEW)
    project = _live_project(session, project_id)
    if project.status not in FUNDED:
        raise ValidationError("status", _("Only a funded project has a final report; project {number} is at "
                                          "“{status}”.").format(number=project.number,
                                                                status=label(STATUS_LABELS, project.status)))
    activities = _activities(session, project.id)
    latest = (ProjectEvaluation.evaluated_on.desc(), ProjectEvaluation.created_at.desc())
    live = (ProjectEvaluation.project_id == project.id, ProjectEvaluation.deleted_at.is_(None))
    evaluation = session.scalars(select(ProjectEvaluation).where(*live, ProjectEvaluation.kind == "final")
                                 .order_by(*latest).limit(1)).first()
    budget = budget_vs_actual(session, project.id)
    received, received_from = _funds_received(session, project.id)
    return FinalPaper(
        head=_head(session, project), funds_received_fen=received, funds_received_from=received_from,
        termination=termination(session, project),
        planned_sessions=project.planned_sessions, planned_person_times=project.planned_person_times,
        planned_volunteer_times=project.planned_volunteer_times, activities=activities,
        by_month=_by_month(project.starts_on, project.ends_on, activities),
        spending=tuple(SpendingLine(label(BUDGET_CATEGORIES, code), spending) for code, spending in budget.categories),
        total=budget.total,
        evaluation=EvaluationPart(
            evaluation.evaluated_on, evaluation.evaluator, label(EVALUATION_CONCLUSIONS, evaluation.conclusion),
            evaluation.progress, evaluation.outcomes, evaluation.management, evaluation.spending,
            evaluation.next_steps, evaluation.by_name) if evaluation else None)


def _live_project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.deleted_at is not None:
        raise NotFoundError(_("No such project."))
    return project


def _head(session: Session, project: Project) -> ProjectHead:
    round_ = session.get(ProjectRound, project.round_id)
    org = session.get(SocialOrg, project.org_id)
    community = session.get(Community, project.community_id)
    return ProjectHead(
        station=get_profile(session).name, number=project.number, title=project.title,
        status=label(STATUS_LABELS, project.status), round_name=round_.name if round_ else "",
        organiser=round_.organiser if round_ else "", org=org.name if org else "",
        community=community.name if community else "", leader=project.leader_name, starts_on=project.starts_on,
        ends_on=project.ends_on)


def _team(session: Session, project_id: str) -> tuple[TeamLine, ...]:
    rows = session.scalars(select(ProjectTeamMember).where(ProjectTeamMember.project_id == project_id,
                                                           ProjectTeamMember.deleted_at.is_(None))
                           .order_by(ProjectTeamMember.position, ProjectTeamMember.created_at))
    return tuple(TeamLine(r.name, r.education, r.qualification, r.role, _phone(session, r, "phone")) for r in rows)


def _phone(session: Session, row: Project | ProjectTeamMember, field: str) -> str:
    """A phone for the proposal, masked as on screen for a role that may not reveal it; in full, a reveal."""
    table = str(row.__tablename__)
    return printed(session, table, row.id, field, shown(session, table, row.id, field, getattr(row, field + SUFFIX)),
                   "proposal")


def _plan(session: Session, project_id: str) -> tuple[PlannedLine, ...]:
    rows = session.scalars(select(ProjectPlannedActivity).where(ProjectPlannedActivity.project_id == project_id,
                                                                ProjectPlannedActivity.deleted_at.is_(None))
                           .order_by(ProjectPlannedActivity.position, ProjectPlannedActivity.created_at))
    return tuple(PlannedLine(r.name, r.starts_on, r.ends_on, r.content, r.sessions, r.person_times) for r in rows)


def _budget_lines(session: Session, project_id: str) -> list[tuple[BudgetRow, BudgetLine]]:
    """Each live line as printed and as the domain reckons it, in the order entered."""
    rows = session.scalars(select(ProjectBudgetLine).where(ProjectBudgetLine.project_id == project_id,
                                                           ProjectBudgetLine.deleted_at.is_(None))
                           .order_by(ProjectBudgetLine.position, ProjectBudgetLine.created_at))
    found = []
    for number, r in enumerate(rows, start=1):
        line = BudgetLine(r.category, r.item, r.unit, r.unit_price_fen, Decimal(r.quantity_centi) / CENTI,
                          r.matching_fen)
        found.append((BudgetRow(number, r.item, r.unit, r.unit_price_fen, line.quantity, line.amount_fen,
                                line.requested_fen, line.matching_fen), line))
    return found


def _activities(session: Session, project_id: str) -> tuple[ActivityLine, ...]:
    served = {activity_id: (count, minutes) for activity_id, count, minutes in session.execute(
        select(ProjectActivityVolunteer.activity_id, func.count(), func.sum(ProjectActivityVolunteer.minutes))
        .join(ProjectActivity, ProjectActivity.id == ProjectActivityVolunteer.activity_id)
        .where(ProjectActivity.project_id == project_id, ProjectActivityVolunteer.deleted_at.is_(None))
        .group_by(ProjectActivityVolunteer.activity_id))}
    rows = session.scalars(select(ProjectActivity).where(ProjectActivity.project_id == project_id,
                                                         ProjectActivity.deleted_at.is_(None))
                           .order_by(ProjectActivity.held_on, ProjectActivity.created_at))
    return tuple(ActivityLine(r.held_on, r.title, label(ACTIVITY_KINDS, r.kind), r.place, r.attendance,
                              r.person_times, *served.get(r.id, (0, 0))) for r in rows)


def _by_month(starts_on: date, ends_on: date, activities: tuple[ActivityLine, ...]) -> tuple[MonthLine, ...]:
    """Person-times in every month from the first to the last, months with none included."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for a in activities:
        counts[(a.held_on.year, a.held_on.month)] += a.person_times
    days = [starts_on, ends_on, *(a.held_on for a in activities)]
    first, last = min(days), max(days)
    year, month = first.year, first.month
    months = []
    while (year, month) <= (last.year, last.month):
        months.append(MonthLine(year, month, counts[(year, month)]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)
