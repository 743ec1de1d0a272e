"""Service records of a case (服务记录): each contact with the client, append-only.

A mistake is corrected by a new record that points at the one it corrects; the list then shows the
correction in its place. A record is corrected once: a second mistake is fixed by correcting the
correction, so the chain stays a line and the record that stands is always its last link.

A correction says why (what was wrong in the record). The records' table has no column for it, so the
reason is the detail of an audit entry (``CORRECTED``) written with the correction, whose id is the
correction's own: it is found by the audit log's unique index on ids, and it travels with the audit chain.
Like every audit detail it is not sealed: it says what was wrong with the record, not about the client.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.codes import SERVICE_RECORD_KINDS
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.case_access import case_day, load_case, load_open_case, local_day, written
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import require
from desktop.services.received import shown_sealed
from desktop.services.sealing import opened, seal_onto
from desktop.services.volunteer_hours import duration
from desktop.storage import audit
from desktop.storage.models import AuditEntry, CaseFile, CaseServiceRecord

CORRECTED = "case_service_record.corrected"  # audit action of a correction, its id the correction's: {"reason"}


@dataclass(frozen=True)
class RecordInput:
    served_on: date
    kind: str  # domain.codes.SERVICE_RECORD_KINDS
    minutes: int | str
    content: str
    place: str = ""
    next_step: str = ""

    def validated(self, case: CaseFile, today: date) -> RecordInput:
        return replace(
            self, served_on=case_day(case, self.served_on, "served_on", today),
            kind=one_of(self.kind, SERVICE_RECORD_KINDS, "kind"),
            minutes=duration(self.minutes, _("Enter how long the contact lasted, more than zero.")),
            content=required_text(self.content, "content", 2000), place=optional_text(self.place, "place", 100),
            next_step=optional_text(self.next_step, "next_step", 500))


@dataclass(frozen=True)
class RecordView:
    id: str
    case_id: str
    served_on: date
    kind: str
    minutes: int
    place: str
    content: str
    next_step: str
    by_name: str
    recorded_on: date
    corrects_id: str | None  # the record this one corrects
    corrected: bool  # a later record corrects this one
    correction_reason: str = ""  # why this correction was made ("" for a record that corrects none)


_later = aliased(CaseServiceRecord)
_CORRECTED = exists().where(_later.corrects_id == CaseServiceRecord.id, _later.deleted_at.is_(None))


def _view(session: Session, row: CaseServiceRecord, corrected: bool, reason: str = "") -> RecordView:
    return RecordView(row.id, row.case_id, row.served_on, row.kind, row.minutes, row.place,
                      shown_sealed(session, row, "content"), shown_sealed(session, row, "next_step"), row.by_name,
                      local_day(row.created_at), row.corrects_id, corrected, reason)


def correction_reasons(session: Session, correction_ids: list[str]) -> dict[str, str]:
    """Why each of the corrections ``correction_ids`` was made, by id (a correction from before reasons
    were asked, or whose node's audit chain has not reached this one, has none)."""
    if not correction_ids:
        return {}
    return {row_id: json.loads(detail).get("reason", "") for row_id, detail in session.execute(
        select(AuditEntry.id, AuditEntry.detail).where(AuditEntry.id.in_(correction_ids),
                                                       AuditEntry.action == CORRECTED))}


def _add(session: Session, case: CaseFile, data: RecordInput, today: date | None,
         corrects: CaseServiceRecord | None = None) -> RecordView:
    who = require(session, Action.EDIT_CASES)
    data = data.validated(case, today or date.today())
    row = CaseServiceRecord(case_id=case.id, served_on=data.served_on, kind=data.kind, minutes=int(data.minutes),
                            place=data.place, by_name=who.display_name, corrects_id=corrects.id if corrects else None,
                            **written(today))
    seal_onto(session, row, content=data.content, next_step=data.next_step)
    session.add(row)
    session.flush()
    return _view(session, row, False)


def add_service_record(session: Session, case_id: str, data: RecordInput, today: date | None = None) -> RecordView:
    """Record a contact on an open case; ``today`` is the date of entry (the clock's unless given)."""
    return _add(session, load_open_case(session, case_id), data, today)


def correct_service_record(session: Session, record_id: str, data: RecordInput, reason: str,
                           today: date | None = None) -> RecordView:
    """A new record in place of a mistaken one, which stays on file, with the reason for the correction.
    Allowed on a closed case too: a mistake in the file is worth fixing whatever the stage."""
    require(session, Action.EDIT_CASES)
    reason = required_text(reason, "reason", 300)
    row = session.get(CaseServiceRecord, record_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such service record."))
    case = load_case(session, row.case_id, Action.EDIT_CASES)
    if session.scalar(select(CaseServiceRecord.id).where(CaseServiceRecord.corrects_id == row.id,
                                                         CaseServiceRecord.deleted_at.is_(None))):
        raise ValidationError("record_id", _("This record has already been corrected; correct the correction "
                                             "instead."))
    view = _add(session, case, data, today, corrects=row)
    values = audit.entry_values(session, CORRECTED, table_name=CaseServiceRecord.__tablename__, row_id=view.id,
                                detail={"reason": reason})
    session.add(AuditEntry(**audit.chained(session, {**values, "id": view.id})))
    session.flush()
    return replace(view, correction_reason=reason)


def service_records(session: Session, case_id: str, *, include_corrected: bool = False) -> list[RecordView]:
    """The records that stand (corrections in place of what they correct), the latest contact first;
    ``include_corrected`` adds the corrected ones, for the full history."""
    load_case(session, case_id)
    stmt = select(CaseServiceRecord, _CORRECTED).where(
        CaseServiceRecord.case_id == case_id, CaseServiceRecord.deleted_at.is_(None))
    if not include_corrected:
        stmt = stmt.where(~_CORRECTED)
    rows = session.execute(stmt.order_by(CaseServiceRecord.served_on.desc(), CaseServiceRecord.hlc.desc())).all()
    reasons = correction_reasons(session, [row.id for row, _corrected in rows if row.corrects_id])
    return [_view(session, row, bool(corrected), reasons.get(row.id, "")) for row, corrected in rows]
