"""Micro-venture proposals (申报书) and the projects they become: writing a draft, the list, and moving a
project through ``domain.project_workflow``.

The moves and what each needs are data in the domain; ``move`` finds out which needs the project meets
and lets ``check_move`` decide, except that a proposal breaking the round's rules (its budget, its areas)
is refused with every rule it breaks, so the applicant sees all there is to fix. Every move, and the creation, is a
``ProjectStatusChange`` row saying who took which step, when and why. Numbers are ``创投-2026-0001``, per
node and year of creation. What a proposal prints: ``project_detail``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel.lists import format_list
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.codes import PROJECT_AREAS, label
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action, Principal
from desktop.domain.project_budget import BudgetLine, budget_problems, raise_problems, totals
from desktop.domain.project_scoring import check_approvals
from desktop.domain.project_workflow import (
    EDITABLE, FUNDED, STATUS_LABELS, Requirement, Status, check_move, find_move, moves_from,
)
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, babel_locale
from desktop.services import records, rounds
from desktop.services.case_access import written
from desktop.services.forms import optional_text
from desktop.services.guard import require
from desktop.services.numbering import next_number
from desktop.services.links import live_community
from desktop.services.listing import IdPage, id_page, in_listed_order
from desktop.services.project_access import load_project
from desktop.services.project_input import ProposalInput
from desktop.services.sealing import seal_onto
from desktop.services.tags import tags_column, tags_of
from desktop.storage.models import (
    Community, Project, ProjectBudgetLine, ProjectEvaluation, ProjectPlannedActivity, ProjectRound,
    ProjectStatusChange, ProjectTeamMember, ReviewSheet, RoundReviewer, SocialOrg,
)

NUMBER_PREFIX = "创投"  # the product's project number, 创投-2026-0001, in every language
KNOWN_STATUSES: frozenset[str] = frozenset(Status)
# Who may take each step: the applicant's side submits and runs the project; the round's secretary
# (MANAGE_ROUNDS) reviews, decides and ends it.
MOVE_PERMISSIONS: dict[str, Action] = {
    "submit": Action.EDIT_PROJECTS,
    "withdraw": Action.MANAGE_ROUNDS,
    "start_review": Action.MANAGE_ROUNDS,
    "approve": Action.MANAGE_ROUNDS,
    "reject": Action.MANAGE_ROUNDS,
    "start": Action.EDIT_PROJECTS,
    "midterm": Action.EDIT_PROJECTS,
    "close": Action.EDIT_PROJECTS,
    "terminate": Action.MANAGE_ROUNDS,
}


@dataclass(frozen=True)
class ProjectView:
    id: str
    number: str
    round_id: str
    round_name: str
    org_id: str
    org_name: str  # 申报单位
    community_id: str
    community: str
    title: str
    areas: tuple[str, ...]
    status: str  # domain.project_workflow.Status
    starts_on: date
    ends_on: date
    requested_fen: int  # 申报资金
    matching_fen: int  # 配套资金
    approved_fen: int | None  # 立项金额, once set
    submitted_on: date | None
    leader_name: str
    moves: tuple[str, ...]  # the steps open to the project now (domain.project_workflow.MOVES actions)

    @property
    def total_fen(self) -> int:
        return self.requested_fen + self.matching_fen

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status]) if self.status in STATUS_LABELS else self.status


@dataclass(frozen=True)
class ProjectQuery:
    round_id: str = ""
    status: str = ""  # a domain.project_workflow.Status
    org_id: str = ""
    community_id: str = ""
    text: str = ""  # part of the title or the number
    order_by: str = "number"  # a key of ORDERS
    descending: bool = True  # newest number first


# What ProjectQuery.order_by may name; ties go by number. A station has hundreds of projects, so a
# sort without an index costs nothing worth one.
ORDERS: dict[str, ColumnElement[Any]] = {
    "number": Project.number.expression,
    "status": in_listed_order(Project.status, STATUS_LABELS),
    "requested": Project.requested_fen.expression,
    "approved": func.coalesce(Project.approved_fen, -1),
}


def _live_org(session: Session, org_id: str) -> SocialOrg:
    org = session.get(SocialOrg, org_id) if org_id else None
    if org is None or org.deleted_at is not None:
        raise ValidationError("org_id", _("Choose the applicant from the register of social organisations."))
    return org


def _check_links(session: Session, data: ProposalInput) -> None:
    rounds.load_round(session, data.round_id)
    _live_org(session, data.org_id)
    live_community(session, data.community_id)


def _apply(session: Session, row: Project, data: ProposalInput) -> None:
    """The head, the narrative and the totals of ``data`` onto ``row``, the phones sealed."""
    for key in ("round_id", "org_id", "community_id", "title", "target_group", "beneficiaries", "starts_on", "ends_on",
                "summary", "needs", "objectives", "approach", "outcomes", "risks", "sustainability", "planned_sessions",
                "planned_person_times", "planned_volunteer_times", "leader_name", "contact_name", "contact_email"):
        setattr(row, key, getattr(data, key))
    row.areas = tags_column(data.areas)
    sums = totals(data.budget)
    row.requested_fen, row.matching_fen = sums.requested_fen, sums.matching_fen
    seal_onto(session, row, leader_phone=data.leader_phone, contact_phone=data.contact_phone)


def live_rows(session: Session, model: Any, project_id: str) -> list[Any]:
    """The live rows of one of a proposal's tables (team, budget, plan), in their order."""
    return list(session.scalars(select(model).where(model.project_id == project_id, model.deleted_at.is_(None))
                                .order_by(model.position)))


def _write_rows(session: Session, project_id: str, data: ProposalInput) -> None:
    """The team, budget and plan of ``data``, replacing the live ones (kept as tombstones)."""
    for model in (ProjectTeamMember, ProjectBudgetLine, ProjectPlannedActivity):
        for old in live_rows(session, model, project_id):
            records.tombstone(session, old)
    for position, member in enumerate(data.team, 1):
        row = ProjectTeamMember(project_id=project_id, position=position, name=member.name,
                                education=member.education, qualification=member.qualification, role=member.role)
        seal_onto(session, row, phone=member.phone)
        session.add(row)
    for position, line in enumerate(data.budget, 1):
        session.add(ProjectBudgetLine(project_id=project_id, position=position, category=line.category,
                                      item=line.item, unit=line.unit, unit_price_fen=line.unit_price_fen,
                                      quantity_centi=int(line.quantity.scaleb(2)), amount_fen=line.amount_fen,
                                      matching_fen=line.matching_fen))
    for position, planned in enumerate(data.plan, 1):
        session.add(ProjectPlannedActivity(project_id=project_id, position=position, name=planned.name,
                                           starts_on=planned.starts_on, ends_on=planned.ends_on,
                                           content=planned.content, sessions=planned.sessions,
                                           person_times=planned.person_times))
    session.flush()


def _record_change(session: Session, row: Project, action: str, from_status: str, reason: str, who: Principal,
                   day: date, today: date | None) -> None:
    session.add(ProjectStatusChange(project_id=row.id, action=action, from_status=from_status, to_status=row.status,
                                    changed_on=day, reason=reason, by_name=who.display_name, **written(today)))


def create(session: Session, data: ProposalInput, today: date | None = None) -> ProjectView:
    """A new proposal, as a draft; ``today`` is the day it is entered (the clock's unless given)."""
    who = require(session, Action.EDIT_PROJECTS)
    day = today or date.today()
    data = data.validated()
    _check_links(session, data)
    number = next_number(session, Project.number, Project.origin_node, NUMBER_PREFIX, day.year)
    row = Project(id=new_id(), number=number, status=Status.DRAFT, **written(today))
    _apply(session, row, data)
    session.add(row)
    session.flush()
    _write_rows(session, row.id, data)
    _record_change(session, row, "create", "", "", who, day, today)
    session.flush()
    return get(session, row.id)


def update(session: Session, project_id: str, data: ProposalInput) -> ProjectView:
    """Rewrite a draft: once submitted, the proposal is the form contract and stays as it was."""
    require(session, Action.EDIT_PROJECTS)
    row = load_project(session, project_id)
    if row.status not in EDITABLE:
        raise ValidationError("status", _("Only a draft can be changed; project {number} is at “{status}”.").format(
            number=row.number, status=label(STATUS_LABELS, row.status)))
    data = data.validated()
    _check_links(session, data)
    _apply(session, row, data)
    _write_rows(session, row.id, data)
    return get(session, row.id)


def delete(session: Session, project_id: str) -> None:
    """Tombstone a draft entered by mistake; its budget, plan and team go with it, reached only through
    it. A proposal once submitted is on the round's record: it is withdrawn or terminated, never deleted."""
    require(session, Action.EDIT_PROJECTS)
    row = load_project(session, project_id)
    if row.status not in EDITABLE:
        raise ValidationError("status", _(
            "Only a draft can be deleted; project {number} is at “{status}”. A submitted proposal stays on the "
            "round's record: withdraw it, or terminate the project, instead.").format(
            number=row.number, status=label(STATUS_LABELS, row.status)))
    records.tombstone(session, row)


def budget_lines(session: Session, project_id: str) -> list[BudgetLine]:
    """The project's live budget lines as the domain counts them."""
    return [budget_line(line) for line in live_rows(session, ProjectBudgetLine, project_id)]


def budget_line(row: ProjectBudgetLine) -> BudgetLine:
    """A stored line as the domain counts it (the quantity back from hundredths)."""
    return BudgetLine(row.category, row.item, row.unit, row.unit_price_fen, Decimal(row.quantity_centi).scaleb(-2),
                      row.matching_fen)


def _area_problems(row: Project, round_: ProjectRound) -> list[tuple[str, str]]:
    """The round funds its areas (none named: any). A proposal in none of them is outside the round; one
    that adds an area besides (志愿服务 to 儿童关爱) is not. A draft may stray while it is written;
    submitting checks."""
    funded, areas = tags_of(round_.areas), tags_of(row.areas)
    if not funded or set(areas) & set(funded):
        return []

    def listed(codes: Sequence[str]) -> str:
        return format_list([label(PROJECT_AREAS, code) for code in codes], locale=babel_locale())

    if not areas:
        return [("areas", _("Choose the project's areas among the round's: {areas}.").format(areas=listed(funded)))]
    return [("areas", _("Round {round} funds only {areas}: the proposal is for {outside}.").format(
        round=round_.name, areas=listed(funded), outside=listed(areas)))]


def _budget_valid(session: Session, row: Project, round_: ProjectRound) -> bool:
    """Raises every problem that keeps the proposal from submission at once (its areas, each budget rule it
    breaks), so the applicant corrects them in one go."""
    raise_problems([*_area_problems(row, round_),
                    *budget_problems(budget_lines(session, row.id), rounds.rules_of(round_), row.requested_fen)])
    return True


def _reviews_done(session: Session, row: Project) -> bool:
    reviewers = set(session.scalars(select(RoundReviewer.user_id).where(
        RoundReviewer.round_id == row.round_id, RoundReviewer.deleted_at.is_(None))))
    submitted = set(session.scalars(select(ReviewSheet.reviewer_user_id).where(
        ReviewSheet.project_id == row.id, ReviewSheet.submitted_at.is_not(None), ReviewSheet.deleted_at.is_(None))))
    return bool(reviewers) and reviewers <= submitted


def _approved_amount(session: Session, row: Project, round_: ProjectRound) -> bool:
    """Within the request, and the round's grants with this one within the pool; an amount that is set
    but wrong is refused with what is wrong."""
    if row.approved_fen is None:
        return False
    others = session.execute(select(Project.number, Project.requested_fen, Project.approved_fen).where(
        Project.round_id == row.round_id, Project.id != row.id, Project.status.in_(FUNDED),
        Project.approved_fen.is_not(None), Project.deleted_at.is_(None))).all()
    try:
        check_approvals([*((number, requested, approved) for number, requested, approved in others),
                         (row.number, row.requested_fen, row.approved_fen)], round_.pool_fen)
    except ValidationError as exc:
        raise ValidationError(Requirement.APPROVED_AMOUNT.value, exc.message) from None
    return True


def _evaluated(session: Session, row: Project, kind: str) -> bool:
    return session.scalar(select(ProjectEvaluation.id).where(
        ProjectEvaluation.project_id == row.id, ProjectEvaluation.kind == kind,
        ProjectEvaluation.deleted_at.is_(None)).limit(1)) is not None


def _needs_met(session: Session, row: Project, needs: frozenset[Requirement], reason: str,
               day: date) -> set[Requirement]:
    """Which of ``needs`` the project and the step's details meet."""
    round_ = rounds.load_round(session, row.round_id)
    met: dict[Requirement, Callable[[], bool]] = {
        Requirement.REASON: lambda: bool(reason),
        Requirement.BUDGET_VALID: lambda: _budget_valid(session, row, round_),
        Requirement.WINDOW_OPEN: lambda: round_.opens_on <= day <= round_.closes_on,
        Requirement.REVIEWS_DONE: lambda: _reviews_done(session, row),
        Requirement.APPROVED_AMOUNT: lambda: _approved_amount(session, row, round_),
        Requirement.MIDTERM_EVALUATION: lambda: _evaluated(session, row, "midterm"),
        Requirement.FINAL_EVALUATION: lambda: _evaluated(session, row, "final"),
    }
    # In declared order, as check_move reports them: a need that raises its own refusal comes in turn.
    return {need for need in Requirement if need in needs and met[need]()}


def move(session: Session, project_id: str, action: str, reason: str = "", today: date | None = None) -> ProjectView:
    """Take a step of the workflow (an action of ``domain.project_workflow.MOVES``), refused with the
    first thing missing. Submitting dates the proposal; withdrawing it clears the date. ``today`` is
    the day the step is taken (the clock's unless given)."""
    step = find_move(action)
    who = require(session, MOVE_PERMISSIONS[step.action])
    row = load_project(session, project_id)
    day = today or date.today()
    reason = optional_text(reason, "reason", 500)
    status = Status(row.status)
    check_move(status, action, step.needs)  # a step the status does not allow is refused before any need
    target = check_move(status, action, _needs_met(session, row, step.needs, reason, day))
    if target is Status.SUBMITTED:
        row.submitted_on = day
    elif target is Status.DRAFT:
        row.submitted_on = None
    elif target is Status.REJECTED:
        row.approved_fen = None  # an amount pencilled in during the review is no grant
    from_status, row.status = row.status, target
    _record_change(session, row, action, from_status, reason, who, day, today)
    session.flush()
    return get(session, row.id)


def _select(session: Session, query: ProjectQuery) -> Select[Any]:
    require(session, Action.VIEW)
    where: list[ColumnElement[bool]] = [Project.deleted_at.is_(None)]
    for column, value in ((Project.round_id, query.round_id), (Project.status, query.status),
                          (Project.org_id, query.org_id), (Project.community_id, query.community_id)):
        if value:
            where.append(column == value)
    text = query.text.strip()
    if text:
        where.append(or_(Project.title.contains(text, autoescape=True), Project.number.contains(text, autoescape=True)))
    key = ORDERS.get(query.order_by, ORDERS["number"])
    number = Project.number.desc() if query.descending else Project.number
    return select(Project.id).where(*where).order_by(key.desc() if query.descending else key, number, Project.id)


def list_ids(session: Session, query: ProjectQuery = ProjectQuery()) -> list[str]:
    """Ids of the projects matching ``query``, in its order (newest number first unless it says)."""
    return list(session.scalars(_select(session, query)))


def list_page(session: Session, query: ProjectQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query), offset, limit, with_total)


def get_many(session: Session, ids: Sequence[str]) -> list[ProjectView]:
    """The live projects of ``ids``, in the order given."""
    require(session, Action.VIEW)
    rows = session.execute(select(Project, ProjectRound.name, SocialOrg.name, Community.name)
                           .join(ProjectRound, Project.round_id == ProjectRound.id)
                           .join(SocialOrg, Project.org_id == SocialOrg.id)
                           .join(Community, Project.community_id == Community.id)
                           .where(Project.id.in_(ids), Project.deleted_at.is_(None))).all()
    found = {row.id: view_of(row, round_name, org, community) for row, round_name, org, community in rows}
    return [found[i] for i in ids if i in found]


def view_of(row: Project, round_name: str, org: str, community: str) -> ProjectView:
    # A status this version does not know (from a newer node) offers no step.
    moves = tuple(m.action for m in moves_from(Status(row.status))) if row.status in KNOWN_STATUSES else ()
    return ProjectView(row.id, row.number, row.round_id, round_name, row.org_id, org, row.community_id, community,
                       row.title, tags_of(row.areas), row.status, row.starts_on, row.ends_on, row.requested_fen,
                       row.matching_fen, row.approved_fen, row.submitted_on, row.leader_name, moves)


def list_all(session: Session, query: ProjectQuery = ProjectQuery()) -> list[ProjectView]:
    return get_many(session, list_ids(session, query))


def get(session: Session, project_id: str) -> ProjectView:
    views = get_many(session, [project_id])
    if not views:
        raise NotFoundError(_("No such project."))
    return views[0]


def ids_by_number(session: Session, number: str) -> list[str]:
    """The ids of the projects with this number (numbers are per node: a county file may hold two)."""
    require(session, Action.VIEW)
    return list(session.scalars(select(Project.id).where(Project.number == number.strip(),
                                                         Project.deleted_at.is_(None))))


def by_number(session: Session, number: str) -> ProjectView:
    """The project with this number, if only one has it."""
    ids = ids_by_number(session, number)
    if len(ids) != 1:
        raise NotFoundError(_("No project has the number {number}.").format(number=number) if not ids else
                            _("Several projects have the number {number}; use the list.").format(number=number))
    return get(session, ids[0])
