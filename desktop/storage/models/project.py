"""Micro-venture projects (微创投): rounds with their rules, rubric and reviewers; proposals with their
team, activity plan and budget; review sheets; and, once funded, activities, spending, milestones and
evaluations.

Amounts are integer fen. Quantities and scores that may have decimals are integers of hundredths
(``*_centi``) or tenths (``*_tenths``), so nothing on the way to a total is a float. Accounts are
local to a node, so a reviewer is kept as the account's id and the name it had, with no foreign key.
Phones of people named on a proposal are sealed, as everywhere else; the rest of a proposal is what
the station prints and sends to the county and the funders, so it stays in the clear.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced, UtcDateTime
from desktop.storage.sealed import sealed_column

NARRATIVE = 4000  # characters of a narrative section of a proposal, report or evaluation


class ProjectRound(Base, Synced):
    """A round (创投批次): its pool, application window and the budget rules checked at submission."""

    __tablename__ = "project_round"

    name: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer, index=True)
    organiser: Mapped[str] = mapped_column(String(100))
    funding_kind: Mapped[str] = mapped_column(String(16))  # domain.codes.FUNDING_KINDS
    funding_source: Mapped[str] = mapped_column(String(100), default="")  # the fund or budget, by name
    pool_fen: Mapped[int] = mapped_column(BigInteger)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    areas: Mapped[str] = mapped_column(String(200), default="")  # domain.codes.PROJECT_AREAS, comma-joined
    # domain.project_budget.RoundRules, one column per setting; None: no such limit in this round.
    max_grant_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    min_matching_percent: Mapped[int] = mapped_column(Integer, default=0)
    labour_max_percent: Mapped[int] = mapped_column(Integer, default=50)
    training_cap_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    meeting_cap_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    expert_cap_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    notes: Mapped[str] = mapped_column(String(500), default="")


class RoundCriterion(Base, Synced):
    """One criterion of a round's scoring rubric; a round's weights sum to 100."""

    __tablename__ = "round_criterion"

    round_id: Mapped[str] = mapped_column(ForeignKey("project_round.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(50))
    weight: Mapped[int] = mapped_column(Integer)
    guidance: Mapped[str] = mapped_column(String(300), default="")  # what reviewers look for


class RoundReviewer(Base, Synced):
    """An account that reviews the round's proposals (评审专家)."""

    __tablename__ = "round_reviewer"

    round_id: Mapped[str] = mapped_column(ForeignKey("project_round.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(50))


class Project(Base, Synced):
    """A proposal (申报书) and, once approved, the project it becomes. ``status`` follows
    domain.project_workflow; every change of it is a row of ``project_status_change``."""

    __tablename__ = "project"

    number: Mapped[str] = mapped_column(String(24), index=True)  # 创投-2026-0001, per node; not a key
    round_id: Mapped[str] = mapped_column(ForeignKey("project_round.id"), index=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("social_org.id"), index=True)  # 申报单位
    community_id: Mapped[str] = mapped_column(ForeignKey("community.id"), index=True)  # where it runs
    title: Mapped[str] = mapped_column(String(100))
    areas: Mapped[str] = mapped_column(String(200), default="")  # domain.codes.PROJECT_AREAS, comma-joined
    target_group: Mapped[str] = mapped_column(String(200), default="")
    beneficiaries: Mapped[int] = mapped_column(Integer, default=0)  # 受益人数
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(String(500), default="")  # 项目简介, at most 500 characters
    needs: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 必要性与需求分析
    objectives: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 项目目标
    approach: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 实施计划与进度, in words
    outcomes: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 预期成效与评估
    risks: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 风险及应对
    sustainability: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 可持续性
    # Expected outputs (预期产出), counted again from the activities when the project reports.
    planned_sessions: Mapped[int] = mapped_column(Integer, default=0)  # 活动场次
    planned_person_times: Mapped[int] = mapped_column(Integer, default=0)  # 服务人次
    planned_volunteer_times: Mapped[int] = mapped_column(Integer, default=0)  # 志愿者人次
    # Totals of the budget lines, kept with the proposal so lists and the round's pool need no sums.
    requested_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # 申报资金
    matching_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # 配套资金
    approved_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)  # 立项金额
    status: Mapped[str] = mapped_column(String(16), index=True)  # domain.project_workflow.Status
    submitted_on: Mapped[date | None] = mapped_column(Date, default=None)
    leader_name: Mapped[str] = mapped_column(String(50), default="")  # 项目负责人
    leader_phone_sealed: Mapped[bytes | None] = sealed_column("leader_phone")
    contact_name: Mapped[str] = mapped_column(String(50), default="")  # 项目联系人
    contact_phone_sealed: Mapped[bytes | None] = sealed_column("contact_phone")
    contact_email: Mapped[str] = mapped_column(String(100), default="")


class ProjectStatusChange(Base, Synced):
    """Append-only: who moved a project from one status to another, when and why."""

    __tablename__ = "project_status_change"
    __append_only__: ClassVar[bool] = True

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # domain.project_workflow.MOVES, or "create"
    from_status: Mapped[str] = mapped_column(String(16), default="")
    to_status: Mapped[str] = mapped_column(String(16))
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500), default="")
    by_name: Mapped[str] = mapped_column(String(50), default="")


class ProjectTeamMember(Base, Synced):
    """A member of the project's team (项目执行团队)."""

    __tablename__ = "project_team_member"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(50))
    education: Mapped[str] = mapped_column(String(100), default="")  # 学历及专业
    qualification: Mapped[str] = mapped_column(String(100), default="")  # 社会工作职业资格
    role: Mapped[str] = mapped_column(String(100), default="")  # 角色分工
    phone_sealed: Mapped[bytes | None] = sealed_column("phone")


class ProjectBudgetLine(Base, Synced):
    """One line of the budget table (domain.project_budget.BudgetLine): ``amount_fen`` is unit price ×
    quantity, of which ``matching_fen`` comes from matching funds and the rest is requested."""

    __tablename__ = "project_budget_line"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(24))  # domain.codes.BUDGET_CATEGORIES
    item: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_price_fen: Mapped[int] = mapped_column(BigInteger)
    quantity_centi: Mapped[int] = mapped_column(BigInteger)  # the quantity in hundredths
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    matching_fen: Mapped[int] = mapped_column(BigInteger, default=0)


class ProjectPlannedActivity(Base, Synced):
    """One line of the activity plan with dates (实施计划与进度)."""

    __tablename__ = "project_planned_activity"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(String(500), default="")
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    person_times: Mapped[int] = mapped_column(Integer, default=0)


class ReviewSheet(Base, Synced):
    """One reviewer's scores of one proposal. Until ``submitted_at`` it is the reviewer's own draft,
    shown to no one else; a submitted sheet is final and ``score_centi`` is its weighted score."""

    __tablename__ = "review_sheet"
    __table_args__ = (Index("ix_review_sheet_project_reviewer", "project_id", "reviewer_user_id"),)

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    reviewer_user_id: Mapped[str] = mapped_column(String(36))
    reviewer_name: Mapped[str] = mapped_column(String(50))
    opinion: Mapped[str] = mapped_column(String(1000), default="")  # 评审意见
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    score_centi: Mapped[int | None] = mapped_column(Integer, default=None)


class ReviewScore(Base, Synced):
    """The score (0–100, in tenths) one sheet gives one criterion."""

    __tablename__ = "review_score"

    sheet_id: Mapped[str] = mapped_column(ForeignKey("review_sheet.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("round_criterion.id"))
    score_tenths: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(String(300), default="")


class ProjectActivity(Base, Synced):
    """An activity held (实际开展的活动): attendance, person-times served, and the volunteers' hours,
    which are written to their volunteer records too (``ProjectActivityVolunteer.service_id``)."""

    __tablename__ = "project_activity"
    __table_args__ = (Index("ix_project_activity_day", "project_id", "held_on"),)

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"))
    planned_id: Mapped[str | None] = mapped_column(ForeignKey("project_planned_activity.id"), default=None)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(24))  # domain.codes.ACTIVITY_KINDS
    place: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(String(1000), default="")
    attendance: Mapped[int] = mapped_column(Integer, default=0)  # 参与人数
    person_times: Mapped[int] = mapped_column(Integer, default=0)  # 服务人次
    by_name: Mapped[str] = mapped_column(String(50), default="")


class ProjectActivityVolunteer(Base, Synced):
    """A volunteer at an activity, with the hours that went to their record (``service_id``)."""

    __tablename__ = "project_activity_volunteer"

    activity_id: Mapped[str] = mapped_column(ForeignKey("project_activity.id"), index=True)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer_service.id"), default=None)


class ProjectExpense(Base, Synced):
    """Append-only: money actually spent against a budget line (实际支出). A mistake is undone by a
    reversing row with the negated amount and ``reverses_id``."""

    __tablename__ = "project_expense"
    __append_only__: ClassVar[bool] = True

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    budget_line_id: Mapped[str] = mapped_column(ForeignKey("project_budget_line.id"), index=True)
    spent_on: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    payee: Mapped[str] = mapped_column(String(100), default="")
    voucher_no: Mapped[str] = mapped_column(String(50), default="")  # 凭证号
    note: Mapped[str] = mapped_column(String(200), default="")
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("project_expense.id"), default=None)
    by_name: Mapped[str] = mapped_column(String(50), default="")


class ProjectMilestone(Base, Synced):
    """A milestone (关键节点) due on a date, reached when ``done_on`` is set."""

    __tablename__ = "project_milestone"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(String(200), default="")


class ProjectEvaluation(Base, Synced):
    """Append-only: a mid-term or final evaluation (中期评估, 结项评估); the latest of a kind counts.
    Outputs achieved are counted from the activities when it is shown, not stored here."""

    __tablename__ = "project_evaluation"
    __append_only__: ClassVar[bool] = True

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # domain.codes.PROJECT_EVALUATION_KINDS
    evaluated_on: Mapped[date] = mapped_column(Date)
    evaluator: Mapped[str] = mapped_column(String(100), default="")  # who assessed: county, third party
    conclusion: Mapped[str] = mapped_column(String(16))  # domain.codes.EVALUATION_CONCLUSIONS
    funds_received_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)  # 到位资金
    progress: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 执行情况
    outcomes: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 目标达成与社会效益
    management: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 组织管理
    spending: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 经费使用 and reasons for variances
    next_steps: Mapped[str] = mapped_column(String(NARRATIVE), default="")  # 问题与下一步
    by_name: Mapped[str] = mapped_column(String(50), default="")


class Attachment(Base, Synced):
    """A file attached to a record (an activity's photos): the bytes live once per content in the data
    folder's ``attachments/`` under their SHA-256, which bundles carry alongside the rows."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_owner", "owner_table", "owner_id"),)

    owner_table: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[str] = mapped_column(String(36))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    caption: Mapped[str] = mapped_column(String(200), default="")
    removed_reason: Mapped[str] = mapped_column(String(200), default="")  # why it was taken off (tombstoned)
    removed_by: Mapped[str] = mapped_column(String(50), default="")
