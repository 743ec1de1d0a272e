"""Referrals and resource links of a case (转介/资源链接): to a department, a social organisation, a
donor or a service, with the status the receiving side reports back (回执) and its feedback.

The referral keeps its latest status and feedback; every status it took, its making included, is also a
``CaseReferralChange`` row written with it, so the case's history shows each step (``steps``), and so does
the referral's view (``ReferralView.steps``).

A social organisation or a donor is one of our registers', named by its id or by its name in either
script (the name is taken from the register); departments and services, and any body not registered, are
named in free text. Referring the client out (the ``refer`` step of the workflow) writes a referral too,
through ``referral_row``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import REFERRAL_STATUSES, REFERRAL_TARGETS
from desktop.domain.permissions import Action
from desktop.domain.referral_workflow import check_status
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _, format_date
from desktop.services.case_access import case_day, load_case, load_open_case, written
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import principal, require
from desktop.services.received import shown_sealed
from desktop.services.sealing import opened, seal_onto
from desktop.storage.models import CaseFile, CaseReferral, CaseReferralChange, Donor, SocialOrg
from desktop.storage.naming import name_is

# The registers a receiver may be chosen from, by REFERRAL_TARGETS code, and what they are called.
REGISTERS: dict[str, Any] = {"social_org": SocialOrg, "donor": Donor}
REGISTER_NAMES: dict[str, str] = {"social_org": N_("the register of social organisations"),
                                  "donor": N_("the register of charity resources and donors")}


@dataclass(frozen=True)
class Receiver:
    """Who the client is referred or linked to: ``target_id`` names a social organisation or donor
    of the registers; otherwise ``name`` says who, in free text."""

    name: str = ""
    kind: str = "service"  # domain.codes.REFERRAL_TARGETS
    target_id: str | None = None

    @property
    def named(self) -> bool:
        return bool(self.target_id or self.name.strip())


@dataclass(frozen=True)
class ReferralInput:
    receiver: Receiver
    referred_on: date
    reason: str = ""


@dataclass(frozen=True)
class ReferralView:
    id: str
    case_id: str
    referred_on: date
    target_kind: str
    target_id: str | None
    target_name: str
    reason: str
    status: str  # domain.codes.REFERRAL_STATUSES
    status_on: date
    feedback: str
    steps: tuple[ReferralStep, ...]  # every status it took, its making first (``steps``)


@dataclass(frozen=True)
class ReferralStep:
    """One status a referral took: the day, who recorded it and what the receiver said then."""

    referral_id: str
    status: str  # domain.codes.REFERRAL_STATUSES
    on: date
    by: str
    feedback: str
    hlc: int


def _resolved(session: Session, receiver: Receiver) -> Receiver:
    kind = one_of(receiver.kind, REFERRAL_TARGETS, "receiver")
    model = REGISTERS.get(kind)
    if not receiver.target_id:
        name = required_text(receiver.name, "receiver", 100)
        return Receiver(name, kind) if model is None else _registered(session, model, kind, name)
    row = session.get(model, receiver.target_id) if model else None
    if row is None or row.deleted_at is not None:
        raise ValidationError("receiver", _("Choose a social organisation or donor from the registers."))
    return Receiver(row.name[:100], kind, row.id)


def _registered(session: Session, model: Any, kind: str, name: str) -> Receiver:
    """The live entry of ``kind``'s register named ``name`` (traditional or simplified characters)."""
    rows = list(session.scalars(select(model).where(name_is(model, name), model.deleted_at.is_(None)).limit(2)))
    register = _(REGISTER_NAMES[kind])
    if not rows:
        raise ValidationError("receiver", _("“{name}” is not in {register}: name one of its entries, or refer to a "
                                            "body not registered as “{other}”.").format(
            name=name, register=register, other=_(REFERRAL_TARGETS["service"])))
    if len(rows) > 1:
        raise ValidationError("receiver", _("Several entries of {register} are named “{name}”: choose one in the "
                                            "case's window.").format(register=register, name=name))
    return Receiver(rows[0].name[:100], kind, rows[0].id)


def referral_row(session: Session, case: CaseFile, receiver: Receiver, reason: str, on: date,
                 today: date | None = None) -> CaseReferral:
    """A new referral of ``case``, added to the session (``today`` as in ``add_referral``)."""
    target = _resolved(session, receiver)
    row = CaseReferral(case_id=case.id, referred_on=on, target_kind=target.kind, target_id=target.target_id,
                       target_name=target.name, status="referred", status_on=on, **written(today))
    seal_onto(session, row, reason=optional_text(reason, "reason", 500))
    session.add(row)
    _record_step(session, row, "", "", today)
    return row


def _record_step(session: Session, row: CaseReferral, from_status: str, feedback: str, today: date | None) -> None:
    """The step ``row`` has just taken (its status and status day), in the same unit of work."""
    step = CaseReferralChange(referral_id=row.id, from_status=from_status, to_status=row.status,
                              changed_on=row.status_on, by_name=principal(session).display_name, **written(today))
    seal_onto(session, step, feedback=feedback)
    session.add(step)


def _views(session: Session, rows: list[CaseReferral]) -> list[ReferralView]:
    taken = steps(session, rows)
    return [ReferralView(row.id, row.case_id, row.referred_on, row.target_kind, row.target_id, row.target_name,
                         shown_sealed(session, row, "reason"), row.status, row.status_on,
                         shown_sealed(session, row, "feedback"), tuple(taken[row.id])) for row in rows]


def add_referral(session: Session, case_id: str, data: ReferralInput, today: date | None = None) -> ReferralView:
    """Link the client to a resource while the case goes on; ``today`` is the date of entry."""
    require(session, Action.EDIT_CASES)
    case = load_open_case(session, case_id)
    on = case_day(case, data.referred_on, "referred_on", today or date.today())
    row = referral_row(session, case, data.receiver, data.reason, on, today)
    session.flush()
    return _views(session, [row])[0]


def update_referral_status(session: Session, referral_id: str, status: str, feedback: str = "",
                           status_on: date | None = None, today: date | None = None) -> ReferralView:
    """What the receiving side reported, as ``domain.referral_workflow`` allows: accepted, then completed,
    or not successful; the last two with the feedback. Allowed after the case was referred out or closed:
    the 回执 often comes later."""
    require(session, Action.EDIT_CASES)
    row = session.get(CaseReferral, referral_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such referral."))
    case = load_case(session, row.case_id, Action.EDIT_CASES)
    today = today or date.today()
    feedback = optional_text(feedback, "feedback", 1000)
    check_status(row.status, one_of(status, REFERRAL_STATUSES, "status"), feedback)
    on = case_day(case, status_on or today, "status_on", today)
    if on < row.status_on:
        raise ValidationError("status_on", _("The date is before the referral's last change ({date}).").format(
            date=format_date(row.status_on)))
    previous, row.status, row.status_on = row.status, status, on
    if feedback:  # else what the receiver said before stays
        seal_onto(session, row, feedback=feedback)
    _record_step(session, row, previous, feedback, today)
    session.flush()
    return _views(session, [row])[0]


def referrals(session: Session, case_id: str) -> list[ReferralView]:
    """The case's referrals and resource links, the latest first."""
    load_case(session, case_id)
    return _views(session, list(session.scalars(select(CaseReferral).where(
        CaseReferral.case_id == case_id, CaseReferral.deleted_at.is_(None))
        .order_by(CaseReferral.referred_on.desc(), CaseReferral.hlc.desc()))))


def steps(session: Session, rows: list[CaseReferral]) -> dict[str, list[ReferralStep]]:
    """Every status each of the referral ``rows`` took, in order, by referral id. The referral's own
    latest status and feedback always show: a referral whose steps did not all reach this node gets its
    making and its current status from the row, and feedback no step carries (sealed to the referral
    before 0023 kept steps) goes on the latest step whose recorder is unknown (the one 0023 wrote, or
    made up here), the one it was given with."""
    found: dict[str, list[ReferralStep]] = {row.id: [] for row in rows}
    for step in session.scalars(select(CaseReferralChange).where(CaseReferralChange.referral_id.in_(found))
                                .order_by(CaseReferralChange.changed_on, CaseReferralChange.hlc,
                                          CaseReferralChange.from_status != "")):  # the making first
        found[step.referral_id].append(ReferralStep(step.referral_id, step.to_status, step.changed_on, step.by_name,
                                                    shown_sealed(session, step, "feedback"), step.hlc))
    for row in rows:
        listed = found[row.id]
        if not any(step.status == "referred" for step in listed):
            listed.insert(0, ReferralStep(row.id, "referred", row.referred_on, "", "", row.hlc))
        if not any(step.status == row.status for step in listed):
            listed.append(ReferralStep(row.id, row.status, row.status_on, "", "", row.hlc))
        feedback = opened(session, row, "feedback")
        if feedback and all(step.feedback != feedback for step in listed):
            at = max((n for n, step in enumerate(listed) if not step.by and step.status != "referred"),
                     default=len(listed) - 1)
            listed[at] = replace(listed[at], feedback=feedback)
    return found
