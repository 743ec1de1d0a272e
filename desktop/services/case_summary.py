"""What the printed case file (个案服务记录表) and the client information sheet hold, read in one go.

Loaders returning frozen dataclasses: codes are already translated labels, the ID number is masked,
phone and address are opened from the vault and shown in full only to roles that may reveal them
(``contacts.shown``), and then noted in the audit log as revealed on that paper (``privacy.printed``:
call them in a write); the narratives and notes are opened in full (``sealing.opened``).
Dates stay ``date`` so the paper formats them for its locale.
A case is visible to its worker and to roles that see every case (services.case_access).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import HAND_OVER, HAND_OVER_LABEL, MOVES, STAGE_LABELS
from desktop.domain.codes import (
    ASSESSMENT_AREAS, CASE_SOURCES, CONSENT_GIVERS, CONSENT_METHODS, GENDERS, GOAL_STATUSES, GOALS_MET,
    HOUSEHOLD_RELATIONS, ID_TYPES, NEED_LEVELS, REFERRAL_STATUSES, REFERRAL_TARGETS, RISK_LEVELS,
    SERVICE_RECORD_KINDS, TARGET_GROUPS, label,
)
from desktop.domain.consent import age_on
from desktop.errors import NotFoundError
from desktop.i18n import N_, _
from desktop.services import case_record, case_referrals
from desktop.services.case_access import load_case, local_day, not_theirs, visible
from desktop.services.case_handover import handover_of
from desktop.services.case_record import PlanView
from desktop.services.case_service_records import service_records
from desktop.services.cases import declined_reason
from desktop.services.contacts import mask_address, shown
from desktop.services.id_numbers import masked_number
from desktop.services.privacy import printed
from desktop.services.received import marked_on, shown_sealed
from desktop.services.sealing import opened
from desktop.services.station import get_profile
from desktop.services.tags import tags_of
from desktop.storage.models import (
    CaseAssessment, CaseAssessmentArea, CaseEvaluation, CaseFile, CaseFollowUp, CaseReferral, CaseStageChange, Client,
    ClientMember, Community,
)

TABLE = "client"
# How each stage change reads in the history: "open" is the first row of every case.
_STEP_LABELS: dict[str, str] = {"open": N_("Case opened"), HAND_OVER: HAND_OVER_LABEL,
                                **{move.action: move.label for move in MOVES}}


@dataclass(frozen=True)
class MemberLine:
    name: str
    relation: str
    birth_year: int | None
    lives_with: bool
    notes: str


@dataclass(frozen=True)
class ClientDetails:
    """The client as the paper shows them; ``phone``/``address`` are masked unless the role may reveal."""

    id: str
    name: str
    sex: str
    birth_date: date | None
    age: int | None  # on the day the paper is printed
    id_type: str
    id_masked: str  # always masked on paper; "" when none is recorded
    phone: str
    address: str
    community: str
    target_groups: tuple[str, ...]
    guardian_name: str
    guardian_relation: str
    guardian_phone: str
    members: tuple[MemberLine, ...]
    registered_on: date
    consent_on: date | None
    consent_method: str
    consent_by: str
    notes: str


@dataclass(frozen=True)
class CaseLine:
    """One of the client's cases, on the client sheet."""

    number: str
    opened_on: date
    stage: str
    worker: str
    closed_on: date | None


@dataclass(frozen=True)
class ClientSheet:
    station: str
    printed_on: date
    client: ClientDetails
    cases: tuple[CaseLine, ...]  # only those the signed-in user may see


@dataclass(frozen=True)
class StageLine:
    on: date
    step: str
    from_stage: str  # "" for the opening
    to_stage: str
    reason: str
    by: str


@dataclass(frozen=True)
class AreaLine:
    area: str
    level: str
    notes: str


@dataclass(frozen=True)
class AssessmentLine:
    assessed_on: date
    by: str
    strengths: str
    summary: str
    areas: tuple[AreaLine, ...]


@dataclass(frozen=True)
class GoalLine:
    goal: str
    indicator: str
    target_on: date | None
    status: str


@dataclass(frozen=True)
class PlanVersion:
    version: int
    effective_on: date
    strategies: str
    client_agreed: bool
    by: str
    goals: tuple[GoalLine, ...]


@dataclass(frozen=True)
class RecordLine:
    """A service record as it stands: a corrected record is shown by its latest correction."""

    served_on: date
    kind: str
    minutes: int
    place: str
    content: str
    next_step: str
    by: str
    corrected: bool  # this line is a correction (更正) standing in for the record it corrects
    correction_reason: str = ""  # why it was corrected, when the correction said


@dataclass(frozen=True)
class EvaluationLine:
    evaluated_on: date
    goals_met: str
    client_feedback: str
    worker_view: str
    by: str


@dataclass(frozen=True)
class ReferralStepLine:
    """A status the referral took (its making first), on the day it did, with the receiver's feedback then."""

    status: str
    on: date
    feedback: str
    by: str


@dataclass(frozen=True)
class ReferralLine:
    referred_on: date
    target_kind: str
    target_name: str
    reason: str
    steps: tuple[ReferralStepLine, ...]  # in order


@dataclass(frozen=True)
class FollowUpLine:
    due_on: date
    purpose: str
    done_on: date | None
    outcome: str


@dataclass(frozen=True)
class CaseSummary:
    station: str
    printed_on: date
    number: str
    client: ClientDetails
    worker: str
    opened_on: date
    source: str
    risk: str
    problem: str
    stage: str
    closed: bool
    history: tuple[StageLine, ...]  # oldest first
    assessments: tuple[AssessmentLine, ...]  # latest first
    plan: PlanVersion | None  # the version in force on ``printed_on``
    other_plans: tuple[PlanVersion, ...]  # every other version, latest first
    records: tuple[RecordLine, ...]  # in date order
    evaluations: tuple[EvaluationLine, ...]  # oldest first
    referrals: tuple[ReferralLine, ...]  # oldest first
    follow_ups: tuple[FollowUpLine, ...]  # by due date
    closed_on: date | None
    closing_summary: str
    declined_reason: str  # why the case was not taken on (不接案), when that is how it closed
    referred_to: str

    @property
    def minutes(self) -> int:
        return sum(record.minutes for record in self.records)


def case_summary(session: Session, number_or_id: str, *, on: date | None = None) -> CaseSummary:
    """Everything the 个案服务记录表 prints, for the case with this id or number; ``on`` (default today)
    is the printing day, which decides the plan in force and the client's age."""
    case = _find_case(session, number_or_id.strip())
    today = on or date.today()
    in_force = case_record.plan_in_force(session, case.id, today)
    plans = case_record.plans(session, case.id)
    return CaseSummary(
        station=get_profile(session).name, printed_on=today, number=case.number,
        client=_client_details(session, _live_client(session, case.client_id), today, "case_record"),
        worker=case.worker_name,
        opened_on=case.opened_on, source=label(CASE_SOURCES, case.source), risk=label(RISK_LEVELS, case.risk),
        problem=marked_on(case, "problem", opened(session, case, "problem")), stage=label(STAGE_LABELS, case.stage),
        closed=case.closed_on is not None,
        history=_history(session, case), assessments=_assessments(session, case.id),
        plan=_plan_version(in_force) if in_force else None,
        other_plans=tuple(_plan_version(p) for p in plans if in_force is None or p.id != in_force.id),
        records=_records(session, case.id),
        evaluations=_evaluations(session, case.id), referrals=_referrals(session, case.id),
        follow_ups=_follow_ups(session, case.id), closed_on=case.closed_on,
        closing_summary=shown_sealed(session, case, "closing_summary"), declined_reason=declined_reason(session, case),
        referred_to=case.referred_to)


def client_sheet(session: Session, client_id: str, *, on: date | None = None) -> ClientSheet:
    """The 服务对象基本信息表 of one client, with the cases of theirs the signed-in user may see."""
    mine = visible(session)  # refuses a role that sees no clients
    today = on or date.today()
    client = _live_client(session, client_id)
    cases = session.scalars(select(CaseFile).where(CaseFile.client_id == client.id, *mine)
                            .order_by(CaseFile.opened_on, CaseFile.number))
    lines = tuple(CaseLine(c.number, c.opened_on, label(STAGE_LABELS, c.stage), c.worker_name, c.closed_on)
                  for c in cases)
    return ClientSheet(get_profile(session).name, today, _client_details(session, client, today, "client_sheet"),
                       lines)


def _find_case(session: Session, key: str) -> CaseFile:
    """The case with this id or number, if the signed-in user may see it: another worker's case is
    "not found" by its id and refused naming its worker by its number, as case_access has it."""
    ids = list(session.scalars(select(CaseFile.id).where(or_(CaseFile.id == key, CaseFile.number == key),
                                                         *visible(session))))
    if not ids:
        not_theirs(session, key)
    if len(ids) != 1:
        raise NotFoundError(_("No case has the number {number}.").format(number=key) if not ids else
                            _("Several cases have the number {number}; use the list.").format(number=key))
    return load_case(session, ids[0])


def _live_client(session: Session, client_id: str) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        raise NotFoundError(_("No such client."))
    return client


def _client_details(session: Session, row: Client, today: date, paper: str) -> ClientDetails:
    """The client as ``paper`` prints them: phones and address in full only for a role that may reveal
    them, and then noted as revealed on that paper."""
    masked = masked_number(session, TABLE, row)
    members = session.scalars(select(ClientMember).where(ClientMember.client_id == row.id,
                                                         ClientMember.deleted_at.is_(None))
                              .order_by(ClientMember.created_at, ClientMember.id))
    community = session.get(Community, row.community_id)
    return ClientDetails(
        id=row.id, name=row.name, sex=label(GENDERS, row.gender) if row.gender else "", birth_date=row.birth_date,
        age=age_on(row.birth_date, today) if row.birth_date else None,
        id_type=label(ID_TYPES, row.id_type) if masked else "", id_masked=marked_on(row, "id_number", masked),
        phone=marked_on(row, "phone", printed(session, TABLE, row.id, "phone",
                                              shown(session, TABLE, row.id, "phone", row.phone_sealed), paper)),
        address=marked_on(row, "address", printed(session, TABLE, row.id, "address", shown(
            session, TABLE, row.id, "address", row.address_sealed, mask_address), paper)),
        community=community.name if community else "",
        target_groups=tuple(label(TARGET_GROUPS, code) for code in tags_of(row.target_groups)),
        guardian_name=row.guardian_name, guardian_relation=row.guardian_relation,
        guardian_phone=marked_on(row, "guardian_phone", printed(
            session, TABLE, row.id, "guardian_phone",
            shown(session, TABLE, row.id, "guardian_phone", row.guardian_phone_sealed), paper)),
        members=tuple(MemberLine(m.name, label(HOUSEHOLD_RELATIONS, m.relation), m.birth_year, m.lives_with,
                                 opened(session, m, "notes")) for m in members),
        registered_on=row.registered_on, consent_on=row.consent_on,
        consent_method=label(CONSENT_METHODS, row.consent_method) if row.consent_method else "",
        consent_by=label(CONSENT_GIVERS, row.consent_by) if row.consent_by else "",
        notes=marked_on(row, "notes", opened(session, row, "notes")))


def _history(session: Session, case: CaseFile) -> tuple[StageLine, ...]:
    rows = session.scalars(select(CaseStageChange).where(CaseStageChange.case_id == case.id)
                           .order_by(CaseStageChange.created_at, CaseStageChange.id))
    return tuple(_stage_line(session, case, r) for r in rows)


def _stage_line(session: Session, case: CaseFile, row: CaseStageChange) -> StageLine:
    """A step, or a handover: the stage it keeps, and from whom to whom with the reason. The opening is dated
    the case's opening date (it may be earlier than its entry), as on the timeline (``case_timeline``); the
    steps after it are taken on the day they are entered."""
    handover = row.action == HAND_OVER
    reason = handover_of(session, row).summary() if handover else shown_sealed(session, row, "reason")
    moved = row.from_stage and not handover
    on = case.opened_on if row.action == "open" else local_day(row.created_at)
    return StageLine(on, label(_STEP_LABELS, row.action),
                     label(STAGE_LABELS, row.from_stage) if moved else "", label(STAGE_LABELS, row.to_stage),
                     reason, row.by_name)


def _assessments(session: Session, case_id: str) -> tuple[AssessmentLine, ...]:
    rows = list(session.scalars(select(CaseAssessment).where(CaseAssessment.case_id == case_id)
                                .order_by(CaseAssessment.assessed_on.desc(), CaseAssessment.created_at.desc())))
    areas: dict[str, list[CaseAssessmentArea]] = defaultdict(list)
    for area in session.scalars(select(CaseAssessmentArea).where(
            CaseAssessmentArea.assessment_id.in_([r.id for r in rows]))):
        areas[area.assessment_id].append(area)
    order = {code: n for n, code in enumerate(ASSESSMENT_AREAS)}  # the form's order, not the typing order
    return tuple(AssessmentLine(
        r.assessed_on, r.by_name, shown_sealed(session, r, "strengths"), shown_sealed(session, r, "summary"),
        tuple(AreaLine(label(ASSESSMENT_AREAS, a.area), label(NEED_LEVELS, a.level), shown_sealed(session, a, "notes"))
              for a in sorted(areas[r.id], key=lambda a: (order.get(a.area, len(order)), a.area))))
        for r in rows)


def _plan_version(plan: PlanView) -> PlanVersion:
    return PlanVersion(plan.version, plan.effective_on, plan.strategies, plan.client_agreed, plan.by_name,
                       tuple(GoalLine(g.goal, g.indicator, g.target_on, label(GOAL_STATUSES, g.status))
                             for g in plan.goals))


def _records(session: Session, case_id: str) -> tuple[RecordLine, ...]:
    """Each record as it finally stands (a correction in place of what it corrects), in date order."""
    return tuple(RecordLine(r.served_on, label(SERVICE_RECORD_KINDS, r.kind), r.minutes, r.place, r.content,
                            r.next_step, r.by_name, r.corrects_id is not None, r.correction_reason)
                 for r in reversed(service_records(session, case_id)))


def _evaluations(session: Session, case_id: str) -> tuple[EvaluationLine, ...]:
    rows = session.scalars(select(CaseEvaluation).where(CaseEvaluation.case_id == case_id)
                           .order_by(CaseEvaluation.evaluated_on, CaseEvaluation.created_at))
    return tuple(EvaluationLine(r.evaluated_on, label(GOALS_MET, r.goals_met),
                                shown_sealed(session, r, "client_feedback"), shown_sealed(session, r, "worker_view"),
                                r.by_name) for r in rows)


def _referrals(session: Session, case_id: str) -> tuple[ReferralLine, ...]:
    rows = list(session.scalars(select(CaseReferral).where(CaseReferral.case_id == case_id,
                                                           CaseReferral.deleted_at.is_(None))
                                .order_by(CaseReferral.referred_on, CaseReferral.created_at)))
    steps = case_referrals.steps(session, rows)
    return tuple(ReferralLine(r.referred_on, label(REFERRAL_TARGETS, r.target_kind), r.target_name,
                              shown_sealed(session, r, "reason"),
                              tuple(ReferralStepLine(label(REFERRAL_STATUSES, step.status), step.on, step.feedback,
                                                     step.by) for step in steps[r.id])) for r in rows)


def _follow_ups(session: Session, case_id: str) -> tuple[FollowUpLine, ...]:
    """Every follow-up, a cancelled one (a tombstone with its day and reason, ``case_followups``) saying so."""
    rows = session.scalars(select(CaseFollowUp).where(
        CaseFollowUp.case_id == case_id, CaseFollowUp.deleted_at.is_(None) | CaseFollowUp.done_on.is_not(None))
                           .order_by(CaseFollowUp.due_on, CaseFollowUp.created_at))
    return tuple(FollowUpLine(r.due_on, shown_sealed(session, r, "purpose"), r.done_on,
                              shown_sealed(session, r, "outcome") if r.deleted_at is None else
                              _("Cancelled: {reason}").format(reason=shown_sealed(session, r, "outcome")))
                 for r in rows)
