"""Everything a proposal (申报书) shows and prints: the head, the applicant as the register has it, the
narrative, the team, the budget lines with their amounts, the activity plan and the status history.
Phones are masked for roles that may not reveal them, as in the registers; the editors see them whole,
so ``as_input`` gives back what was typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.project_budget import BudgetLine, BudgetTotals, totals
from desktop.services import projects
from desktop.services.contacts import shown
from desktop.services.project_input import PlannedActivityInput, ProposalInput, TeamMemberInput
from desktop.services.projects import ProjectView, budget_line, live_rows
from desktop.storage.models import (
    Project, ProjectBudgetLine, ProjectPlannedActivity, ProjectStatusChange, ProjectTeamMember, SocialOrg,
)


@dataclass(frozen=True)
class TeamMemberView:
    id: str
    name: str
    education: str
    qualification: str
    role: str
    phone: str  # masked unless the role may reveal protected fields

    def as_input(self) -> TeamMemberInput:
        return TeamMemberInput(self.name, self.education, self.qualification, self.role, self.phone)


@dataclass(frozen=True)
class BudgetLineView:
    id: str  # what spending is recorded against
    category: str  # domain.codes.BUDGET_CATEGORIES
    item: str
    unit: str
    unit_price_fen: int
    quantity: Decimal
    amount_fen: int
    matching_fen: int
    requested_fen: int

    def line(self) -> BudgetLine:
        return BudgetLine(self.category, self.item, self.unit, self.unit_price_fen, self.quantity, self.matching_fen)


@dataclass(frozen=True)
class PlannedActivityView:
    id: str
    name: str
    starts_on: date
    ends_on: date
    content: str
    sessions: int
    person_times: int

    def as_input(self) -> PlannedActivityInput:
        return PlannedActivityInput(self.name, self.starts_on, self.ends_on, self.content, self.sessions,
                                    self.person_times)


@dataclass(frozen=True)
class StatusChangeView:
    action: str  # domain.project_workflow.MOVES, or "create"
    from_status: str
    to_status: str
    changed_on: date
    reason: str
    by_name: str


@dataclass(frozen=True)
class ProposalDetail:
    project: ProjectView
    org_credit_code: str  # 登记证号 (统一社会信用代码)
    org_founded_on: date | None  # 成立时间
    org_leader: str
    target_group: str
    beneficiaries: int
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
    leader_name: str
    leader_phone: str
    contact_name: str
    contact_phone: str
    contact_email: str
    team: tuple[TeamMemberView, ...]
    budget: tuple[BudgetLineView, ...]
    plan: tuple[PlannedActivityView, ...]
    history: tuple[StatusChangeView, ...]  # oldest first

    @property
    def totals(self) -> BudgetTotals:
        return totals([line.line() for line in self.budget])

    def as_input(self) -> ProposalInput:
        p = self.project
        return ProposalInput(
            p.round_id, p.org_id, p.community_id, p.title, p.starts_on, p.ends_on, p.areas, self.target_group,
            self.beneficiaries, self.summary, self.needs, self.objectives, self.approach, self.outcomes, self.risks,
            self.sustainability, self.planned_sessions, self.planned_person_times, self.planned_volunteer_times,
            self.leader_name, self.leader_phone, self.contact_name, self.contact_phone, self.contact_email,
            tuple(m.as_input() for m in self.team), tuple(b.line() for b in self.budget),
            tuple(a.as_input() for a in self.plan))


def _line(row: ProjectBudgetLine) -> BudgetLineView:
    line = budget_line(row)
    return BudgetLineView(row.id, row.category, row.item, row.unit, row.unit_price_fen, line.quantity, row.amount_fen,
                          row.matching_fen, row.amount_fen - row.matching_fen)


def detail(session: Session, project_id: str) -> ProposalDetail:
    """The whole proposal of one project (VIEW)."""
    view = projects.get(session, project_id)
    row = session.get(Project, project_id)
    org = session.get(SocialOrg, view.org_id)
    assert row is not None and org is not None  # projects.get found them

    team = tuple(TeamMemberView(m.id, m.name, m.education, m.qualification, m.role,
                                shown(session, "project_team_member", m.id, "phone", m.phone_sealed))
                 for m in live_rows(session, ProjectTeamMember, project_id))
    plan = tuple(PlannedActivityView(a.id, a.name, a.starts_on, a.ends_on, a.content, a.sessions, a.person_times)
                 for a in live_rows(session, ProjectPlannedActivity, project_id))
    history = tuple(StatusChangeView(c.action, c.from_status, c.to_status, c.changed_on, c.reason, c.by_name)
                    for c in session.scalars(select(ProjectStatusChange).where(
                        ProjectStatusChange.project_id == project_id).order_by(ProjectStatusChange.hlc)))
    return ProposalDetail(
        view, org.credit_code, org.founded_on, org.leader, row.target_group, row.beneficiaries, row.summary, row.needs,
        row.objectives, row.approach, row.outcomes, row.risks, row.sustainability, row.planned_sessions,
        row.planned_person_times, row.planned_volunteer_times, row.leader_name,
        shown(session, "project", row.id, "leader_phone", row.leader_phone_sealed), row.contact_name,
        shown(session, "project", row.id, "contact_phone", row.contact_phone_sealed), row.contact_email, team,
        tuple(_line(line) for line in live_rows(session, ProjectBudgetLine, project_id)), plan, history)
