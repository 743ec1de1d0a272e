"""Cases (个案) and everything recorded on them: stage changes, needs assessments, service plans with
their goals, service records, evaluations, referrals and follow-ups.

Sized for a county: 400,000 cases and 4,000,000 service records. A case's records are a range scan
of (case_id, served_on); the case list reads ``ix_case_listing`` newest first with its filters.
Accounts are local to a node, so the responsible worker is kept as the account's id and the name it
had (``worker_name``), which travels with the case when it is synced; no foreign key.

Everything written about the client in words (the problem, reasons, assessments, plans, records,
feedback, follow-ups) is sealed with the station data key (``*_sealed``, services.sealing); codes,
dates, numbers, workers' names, places and the names of bodies referred to stay in the clear.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from sqlalchemy import Column, ColumnElement, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import Grouping

from desktop.domain.case_workflow import STAGE_LABELS
from desktop.domain.codes import RISK_LEVELS
from desktop.storage.base import Base, Synced
from desktop.storage.listed_order import in_listed_order
from desktop.storage.sealed import sealed_column

_LISTED = ("deleted_at", "stage", "worker_user_id", "community_id", "risk", "client_id", "number")


class CaseFile(Base, Synced):
    """One case of one client. ``stage`` follows domain.case_workflow; every change of it is a row of
    ``case_stage_change``. The community is the client's when the case was opened, kept here so the
    list filters without a join."""

    __tablename__ = "case_file"
    # A social worker's list (only their cases) walks the second one in order: led by the plain worker
    # index, SQLite sorted all of a worker's cases for every page (tests/benchmarks/test_case_files.py).
    # One community's cases are a range of the third: found by scanning the first, the few thousand open
    # ones of a community cost two scans of all 400,000 entries in the clients' name order (350 ms).
    __table_args__ = (Index("ix_case_listing", "opened_on", "id", *_LISTED),
                      Index("ix_case_worker_listing", "worker_user_id", "opened_on", "id",
                            *(column for column in _LISTED if column != "worker_user_id")),
                      Index("ix_case_community_listing", "community_id", "opened_on", "id",
                            *(column for column in _LISTED if column != "community_id")),
                      # The cases closed in a period, for the statistics (0021).
                      Index("ix_case_closed", "closed_on", "stage", "community_id", "deleted_at", "id"))

    number: Mapped[str] = mapped_column(String(24), index=True)  # 个案-2026-0001, per node; not a key
    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    community_id: Mapped[str] = mapped_column(ForeignKey("community.id"))
    worker_user_id: Mapped[str] = mapped_column(String(36))  # led by ix_case_worker_listing
    worker_name: Mapped[str] = mapped_column(String(50))
    opened_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))  # domain.codes.CASE_SOURCES
    problem_sealed: Mapped[bytes | None] = sealed_column("problem")  # 主要问题 as presented
    risk: Mapped[str] = mapped_column(String(8))  # domain.codes.RISK_LEVELS
    stage: Mapped[str] = mapped_column(String(16))  # domain.case_workflow.Stage
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    closing_summary_sealed: Mapped[bytes | None] = sealed_column("closing_summary")  # 结案小结
    referred_to: Mapped[str] = mapped_column(String(100), default="")  # when referred out


# The case list's orders by stage and by risk (services.case_list.ORDERS): the codes as listed.
STAGE_ORDER = in_listed_order(CaseFile.__table__.c.stage, STAGE_LABELS)
RISK_ORDER = in_listed_order(CaseFile.__table__.c.risk, RISK_LEVELS)


def _sorted_by(key: str, expression: ColumnElement[Any]) -> tuple[Index, Index]:
    """The indexes of the case list's order by ``expression``, ties newest opened first, whichever way the
    key goes: a page walks one in order instead of sorting every case (0.5–1.3 s for 400,000). One could
    not serve both directions: read backwards, its ties would come oldest first."""
    newest = (CaseFile.__table__.c.opened_on.desc(), CaseFile.__table__.c.id.desc())
    # PostgreSQL takes an expression other than a column in an index only in parentheses.
    grouped = expression if isinstance(expression, Column) else Grouping(expression)
    return Index(f"ix_case_by_{key}", grouped, *newest), Index(f"ix_case_by_{key}_desc", grouped.desc(), *newest)


# Made on the table's columns, they join its indexes (migration 0014).
SORT_INDEXES = (*_sorted_by("worker", CaseFile.__table__.c.worker_name), *_sorted_by("stage", STAGE_ORDER),
                *_sorted_by("risk", RISK_ORDER))


class CaseStageChange(Base, Synced):
    """Append-only: who moved a case from one stage to another, when and why."""

    __tablename__ = "case_stage_change"
    __append_only__: ClassVar[bool] = True

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # domain.case_workflow.MOVES, or "open"
    from_stage: Mapped[str] = mapped_column(String(16), default="")
    to_stage: Mapped[str] = mapped_column(String(16))
    reason_sealed: Mapped[bytes | None] = sealed_column("reason")
    by_name: Mapped[str] = mapped_column(String(50), default="")


class CaseAssessment(Base, Synced):
    """Append-only: one needs assessment (需求评估); a re-assessment is a new row, the earlier ones stay."""

    __tablename__ = "case_assessment"
    __append_only__: ClassVar[bool] = True

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    assessed_on: Mapped[date] = mapped_column(Date)
    strengths_sealed: Mapped[bytes | None] = sealed_column("strengths")  # 优势与资源
    summary_sealed: Mapped[bytes | None] = sealed_column("summary")  # needs ranked, in the worker's words
    by_name: Mapped[str] = mapped_column(String(50), default="")


class CaseAssessmentArea(Base, Synced):
    """Append-only, with its assessment: the level of need in one area (domain.codes.ASSESSMENT_AREAS)."""

    __tablename__ = "case_assessment_area"
    __append_only__: ClassVar[bool] = True

    assessment_id: Mapped[str] = mapped_column(ForeignKey("case_assessment.id"), index=True)
    area: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(12))  # domain.codes.NEED_LEVELS
    notes_sealed: Mapped[bytes | None] = sealed_column("notes")


class CasePlan(Base, Synced):
    """Append-only: one version of the service plan (服务计划), in force from ``effective_on`` until
    the next version's date. A revision is a new version with its own goals."""

    __tablename__ = "case_plan"
    __append_only__: ClassVar[bool] = True

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective_on: Mapped[date] = mapped_column(Date)
    strategies_sealed: Mapped[bytes | None] = sealed_column("strategies")  # 服务策略与方法
    client_agreed: Mapped[bool] = mapped_column(default=False)  # the client signed the plan
    by_name: Mapped[str] = mapped_column(String(50), default="")


class CasePlanGoal(Base, Synced):
    """A goal of one plan version: its target date, indicator and status (which changes as work goes on)."""

    __tablename__ = "case_plan_goal"

    plan_id: Mapped[str] = mapped_column(ForeignKey("case_plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    goal_sealed: Mapped[bytes | None] = sealed_column("goal")
    indicator_sealed: Mapped[bytes | None] = sealed_column("indicator")  # how achievement is judged
    target_on: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # domain.codes.GOAL_STATUSES


class CaseServiceRecord(Base, Synced):
    """Append-only: one contact with the client (服务记录). A mistake is corrected by a new record
    that points at the one it corrects (``corrects_id``); lists then show the correction in its place."""

    __tablename__ = "case_service_record"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (Index("ix_case_service_record_case_day", "case_id", "served_on"),
                      # A period's records for the statistics (0021), and the corrected ones.
                      Index("ix_case_service_record_day", "served_on", "case_id", "kind", "deleted_at", "id"),
                      Index("ix_case_service_record_corrects", "corrects_id", "deleted_at"))

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"))
    served_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # domain.codes.SERVICE_RECORD_KINDS
    minutes: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(100), default="")
    content_sealed: Mapped[bytes | None] = sealed_column("content")
    next_step_sealed: Mapped[bytes | None] = sealed_column("next_step")
    by_name: Mapped[str] = mapped_column(String(50), default="")
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("case_service_record.id"), default=None)


class CaseEvaluation(Base, Synced):
    """Append-only: an evaluation of the service (评估), needed before a case may close."""

    __tablename__ = "case_evaluation"
    __append_only__: ClassVar[bool] = True

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    evaluated_on: Mapped[date] = mapped_column(Date)
    goals_met: Mapped[str] = mapped_column(String(8))  # domain.codes.GOALS_MET
    client_feedback_sealed: Mapped[bytes | None] = sealed_column("client_feedback")
    worker_view_sealed: Mapped[bytes | None] = sealed_column("worker_view")
    by_name: Mapped[str] = mapped_column(String(50), default="")


class CaseReferral(Base, Synced):
    """A referral or resource link (转介/资源链接) to a department, organisation, donor or service.
    ``target_id`` names the register row when the receiver is one of ours (an org or a donor)."""

    __tablename__ = "case_referral"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    referred_on: Mapped[date] = mapped_column(Date)
    target_kind: Mapped[str] = mapped_column(String(16))  # domain.codes.REFERRAL_TARGETS
    target_id: Mapped[str | None] = mapped_column(String(36), default=None)
    target_name: Mapped[str] = mapped_column(String(100))
    reason_sealed: Mapped[bytes | None] = sealed_column("reason")
    status: Mapped[str] = mapped_column(String(12), default="referred")  # domain.codes.REFERRAL_STATUSES
    status_on: Mapped[date] = mapped_column(Date)
    feedback_sealed: Mapped[bytes | None] = sealed_column("feedback")  # 回执 and what came of it


class CaseReferralChange(Base, Synced):
    """Append-only: one status of a referral, from its making (``from_status`` "", to "referred") to each
    change the receiving side reported, with what it said then. The referral keeps its latest status and
    feedback; these keep every step, two on one day too. Migration 0023 wrote the steps of the referrals
    made before it (ids derived from the referral's, so every node wrote the same rows)."""

    __tablename__ = "case_referral_change"
    __append_only__: ClassVar[bool] = True

    referral_id: Mapped[str] = mapped_column(ForeignKey("case_referral.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(12), default="")  # domain.codes.REFERRAL_STATUSES, "" first
    to_status: Mapped[str] = mapped_column(String(12))
    changed_on: Mapped[date] = mapped_column(Date)
    feedback_sealed: Mapped[bytes | None] = sealed_column("feedback")  # what the receiver said with this change
    by_name: Mapped[str] = mapped_column(String(50), default="")


class CaseFollowUp(Base, Synced):
    """A follow-up (回访) due on a date for a worker; done when ``done_on`` is set."""

    __tablename__ = "case_followup"
    __table_args__ = (Index("ix_case_followup_due", "worker_user_id", "done_on", "due_on"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    worker_user_id: Mapped[str] = mapped_column(String(36))
    due_on: Mapped[date] = mapped_column(Date)
    purpose_sealed: Mapped[bytes | None] = sealed_column("purpose")
    done_on: Mapped[date | None] = mapped_column(Date, default=None)
    outcome_sealed: Mapped[bytes | None] = sealed_column("outcome")
