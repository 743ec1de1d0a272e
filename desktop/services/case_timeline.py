"""A case's history as one list of dated events, newest first: the opening, every step of the
workflow and every handover to another worker, assessments, plan versions, service records and their
corrections, evaluations, referrals and what became of them, follow-ups planned and done.

Each event carries the day it belongs to (the date typed for a record, the day a step was taken),
who did it and a one-line summary in the active language. Events of the same day keep the order in
which they were recorded (the HLC order).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import HAND_OVER, find_move
from desktop.domain.codes import (
    CASE_SOURCES, GOALS_MET, REFERRAL_STATUSES, REFERRAL_TARGETS, SERVICE_RECORD_KINDS,
    label,
)
from desktop.i18n import N_, _, format_date
from desktop.services import case_referrals
from desktop.services.case_service_records import correction_reasons
from desktop.services.case_access import load_case, local_day
from desktop.services.case_handover import handover_of
from desktop.services.case_record import needs_by_level
from desktop.services.received import shown_sealed
from desktop.storage.models import (
    CaseAssessment, CaseAssessmentArea, CaseEvaluation, CaseFile, CaseFollowUp, CasePlan, CasePlanGoal, CaseReferral,
    CaseServiceRecord, CaseStageChange, UserAccount,
)

EVENT_KINDS: dict[str, str] = {
    "opened": N_("Opened"),
    "step": N_("Step"),
    "handover": N_("Handover"),
    "assessment": N_("Needs assessment"),
    "plan": N_("Service plan"),
    "record": N_("Service record"),
    "correction": N_("Correction"),
    "evaluation": N_("Evaluation"),
    "referral": N_("Referral"),
    "referral_status": N_("Referral status"),
    "follow_up": N_("Follow-up due"),
    "follow_up_done": N_("Follow-up done"),
    "follow_up_cancelled": N_("Follow-up cancelled"),
}
CLOSE = "close"  # the move whose line carries the closing summary
LINE = 120  # characters of a summary


@dataclass(frozen=True)
class TimelineEvent:
    kind: str  # a key of EVENT_KINDS
    on: date
    who: str
    summary: str  # one line, translated
    row_id: str  # the record the event is about


def _line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LINE else text[:LINE - 1] + "…"


def _listed(items: list[str]) -> str:
    return _(", ").join(items)  # 、 in Chinese, as every list of the app; babel's would end in 和


def _joined(*parts: str) -> str:
    return _("; ").join(part for part in parts if part)


class _Events:
    """Collects events with their (day, HLC) sort key; events of one row that share its HLC (a follow-up
    and its doing, a referral and a status migration 0023 recorded) keep the order they were added in."""

    def __init__(self) -> None:
        self._items: list[tuple[date, int, int, TimelineEvent]] = []

    def add(self, kind: str, on: date, hlc: int, who: str, summary: str, row_id: str) -> None:
        self._items.append((on, hlc, len(self._items), TimelineEvent(kind, on, who, _line(summary), row_id)))

    def newest_first(self) -> list[TimelineEvent]:
        return [item[3] for item in sorted(self._items, key=lambda item: item[:3], reverse=True)]


def timeline(session: Session, case_id: str) -> list[TimelineEvent]:
    case = load_case(session, case_id)
    accounts = list(session.execute(select(UserAccount.id, UserAccount.username, UserAccount.display_name)))
    by_username = {username: name for _id, username, name in accounts}
    by_user_id = {user_id: name for user_id, _username, name in accounts}
    events = _Events()
    _steps(session, case, events)
    _assessments(session, case, events)
    _plans(session, case, events)
    _records(session, case, events)
    for row in _live(session, CaseEvaluation, case):
        summary = label(GOALS_MET, row.goals_met)
        if feedback := shown_sealed(session, row, "client_feedback"):
            summary = _("{goals_met}; the client says: {feedback}").format(goals_met=summary, feedback=feedback)
        events.add("evaluation", row.evaluated_on, row.hlc, row.by_name, summary, row.id)
    _referrals(session, case, events, by_username)
    # A cancelled follow-up is a tombstone with its day and reason (case_followups): on the timeline too.
    for row in session.scalars(select(CaseFollowUp).where(CaseFollowUp.case_id == case.id, CaseFollowUp.deleted_at.is_(
            None) | CaseFollowUp.done_on.is_not(None))):
        worker = by_user_id.get(row.worker_user_id, case.worker_name)
        purpose = shown_sealed(session, row, "purpose")
        events.add("follow_up", row.due_on, row.hlc, worker, purpose, row.id)
        if row.done_on is not None:
            events.add("follow_up_done" if row.deleted_at is None else "follow_up_cancelled", row.done_on, row.hlc,
                       worker, _("{purpose}: {outcome}").format(purpose=purpose, outcome=shown_sealed(session, row, "outcome")),
                       row.id)
    return events.newest_first()


def _live(session: Session, model: Any, case: CaseFile) -> list[Any]:
    """The live rows of a table of the case's records."""
    return list(session.scalars(select(model).where(model.case_id == case.id, model.deleted_at.is_(None))))


def _steps(session: Session, case: CaseFile, events: _Events) -> None:
    rows = _live(session, CaseStageChange, case)
    # The case keeps the summary of its latest closing (an earlier one is replaced): it goes on that line.
    last_close = max((row.hlc for row in rows if row.action == CLOSE), default=None)
    for row in rows:
        if row.action == "open":
            events.add("opened", case.opened_on, row.hlc, row.by_name, _("{source}: {problem}").format(
                source=label(CASE_SOURCES, case.source), problem=shown_sealed(session, case, "problem")), case.id)
            continue
        if row.action == HAND_OVER:
            events.add("handover", local_day(row.created_at), row.hlc, row.by_name,
                       handover_of(session, row).summary(), row.id)
            continue
        step = _(find_move(row.action).label)
        said = _joined(shown_sealed(session, row, "reason"),
                       shown_sealed(session, case, "closing_summary") if row.hlc == last_close else "")
        events.add("step", local_day(row.created_at), row.hlc, row.by_name,
                   _("{step}: {reason}").format(step=step, reason=said) if said else step, row.id)


def _referrals(session: Session, case: CaseFile, events: _Events, by_username: dict[str, str]) -> None:
    """The making of each referral, then every status it took after, each its own line."""
    rows = _live(session, CaseReferral, case)
    steps = case_referrals.steps(session, rows)
    for row in rows:
        who = by_username.get(row.created_by or "", row.created_by or "")
        to = _("To {name} ({kind})").format(name=row.target_name, kind=label(REFERRAL_TARGETS, row.target_kind))
        reason = shown_sealed(session, row, "reason")
        made = next(step for step in steps[row.id] if step.status == "referred")
        events.add("referral", row.referred_on, made.hlc, who,
                   _("{to}: {reason}").format(to=to, reason=reason) if reason else to, row.id)
        for step in steps[row.id]:
            if step is made:  # the line above
                continue
            status = _("{name}: {status}").format(name=row.target_name, status=label(REFERRAL_STATUSES, step.status))
            events.add("referral_status", step.on, step.hlc, step.by, _joined(status, step.feedback), row.id)


def _assessments(session: Session, case: CaseFile, events: _Events) -> None:
    rows = _live(session, CaseAssessment, case)
    areas: dict[str, list[CaseAssessmentArea]] = {row.id: [] for row in rows}
    for area in session.scalars(select(CaseAssessmentArea).where(CaseAssessmentArea.assessment_id.in_(areas))):
        areas[area.assessment_id].append(area)
    for row in rows:
        summary = _joined(needs_by_level([(a.area, a.level) for a in areas[row.id]]),
                          shown_sealed(session, row, "summary"))
        events.add("assessment", row.assessed_on, row.hlc, row.by_name, summary or _("No need found."), row.id)


def _plans(session: Session, case: CaseFile, events: _Events) -> None:
    rows = _live(session, CasePlan, case)
    goals: dict[str, list[str]] = {row.id: [] for row in rows}
    for goal in session.scalars(select(CasePlanGoal).where(CasePlanGoal.plan_id.in_(goals))
                                .order_by(CasePlanGoal.position)):
        goals[goal.plan_id].append(shown_sealed(session, goal, "goal"))
    for row in rows:
        events.add("plan", row.effective_on, row.hlc, row.by_name, _("Version {version}: {goals}").format(
            version=row.version, goals=_listed(goals[row.id])), row.id)


def _records(session: Session, case: CaseFile, events: _Events) -> None:
    rows = {row.id: row for row in session.scalars(select(CaseServiceRecord).where(
        CaseServiceRecord.case_id == case.id, CaseServiceRecord.deleted_at.is_(None)))}
    reasons = correction_reasons(session, [row.id for row in rows.values() if row.corrects_id])
    for row in rows.values():
        summary = _("{kind}, {minutes} min: {content}").format(
            kind=label(SERVICE_RECORD_KINDS, row.kind), minutes=row.minutes, content=shown_sealed(session, row, "content"))
        corrected = rows.get(row.corrects_id or "")
        if corrected is not None and reasons.get(row.id):
            summary = _("In place of the record of {date} ({reason}): {record}").format(
                date=format_date(corrected.served_on), reason=reasons[row.id], record=summary)
        elif corrected is not None:
            summary = _("In place of the record of {date}: {record}").format(
                date=format_date(corrected.served_on), record=summary)
        events.add("record" if corrected is None else "correction", row.served_on, row.hlc, row.by_name, summary,
                   row.id)
