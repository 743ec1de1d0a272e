"""Volunteer service certificates (志愿服务记录证明): issue from the records, the register, revoke, verify.

A certificate is computed from the volunteer's service records in the period, net of reversals,
and frozen as issued: the register keeps the facts it states and a SHA-256 digest of them, so a
reprint is identical and verification notices a row changed behind the application's back.
Verification is a look-up in this station's database by whoever is signed in (any role may look);
it tells a caller only what a checker needs: never the full ID number or name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.lists import format_list
from sqlalchemy import Row, Select, or_, select
from sqlalchemy.orm import Session

from desktop.domain.certificates import (
    ALTERED, REVOKED, UNKNOWN, VALID, check_period, mask_name, new_code, normalize_code, official_number,
    plain_number,
)
from desktop.domain.codes import SERVICE_CATEGORIES, label
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, babel_locale, format_date
from desktop.services import volunteers
from desktop.services.forms import required_text
from desktop.services.guard import require
from desktop.services.listing import IdPage, id_page
from desktop.services.station import get_profile
from desktop.storage.digest import canonical_json, sha256_hex
from desktop.storage.models import (
    Volunteer, VolunteerCertificate, VolunteerCertificateRevocation, VolunteerService,
)
from desktop.storage.naming import name_matches

ACTIVITIES_PER_CATEGORY = 3  # the summary names a few; the attached list has them all
CONTENT_LENGTH = 1000
# What the digest covers: every fact the certificate states.
FACTS = ("year", "serial", "number", "official_number", "volunteer_id", "volunteer_number", "volunteer_name",
         "id_type", "id_masked", "period_from", "period_to", "minutes", "content", "lines", "unit", "unit_phone",
         "person_in_charge", "handler", "issued_on", "code")


@dataclass(frozen=True)
class ServiceLine:
    """One service record as the certificate lists it."""

    served_on: date
    activity: str
    content: str
    minutes: int


@dataclass(frozen=True)
class CertificateView:
    id: str
    number: str  # ZYZ-2026-0001, per node and year
    official_number: str  # 青山志证〔2026〕0001号
    volunteer_id: str
    volunteer_number: str
    volunteer_name: str
    id_type: str  # domain.codes.ID_TYPES
    id_masked: str
    period_from: date
    period_to: date
    minutes: int
    content: str
    unit: str
    unit_phone: str
    person_in_charge: str
    handler: str
    issued_on: date
    code: str
    lines: tuple[ServiceLine, ...]
    revoked_on: date | None = None
    revoked_reason: str = ""


@dataclass(frozen=True)
class CertificateQuery:
    text: str = ""  # a certificate or volunteer number, or the volunteer's name (pinyin initials too)
    volunteer_id: str = ""
    year: int | None = None


@dataclass(frozen=True)
class CheckedFacts:
    """What verification tells: enough to match the paper in front of the checker, no more."""

    number: str
    official_number: str
    name: str  # masked: 张*明
    id_type: str
    id_masked: str
    period_from: date
    period_to: date
    minutes: int
    unit: str
    issued_on: date
    revoked_on: date | None
    revoked_reason: str


@dataclass(frozen=True)
class Verification:
    verdict: str  # domain.certificates.VERDICTS
    facts: CheckedFacts | None  # None when the code is unknown


# What a certificate states of a service record. Only these columns are read: loading whole rows
# as ORM objects took 2.5 times as long for a volunteer with 200 records (the benchmark's).
Counted = Row[tuple[date, str, str, int, str]]
_COUNTED = (VolunteerService.served_on, VolunteerService.activity, VolunteerService.content, VolunteerService.minutes,
            VolunteerService.category)


def counted_service(session: Session, volunteer_id: str, start: date, end: date) -> list[Counted]:
    """The volunteer's service records in ``start``–``end`` that still count: a reversed record and
    its reversing row cancel out, so neither is returned."""
    reversed_ids = select(VolunteerService.reverses_id).where(
        VolunteerService.volunteer_id == volunteer_id, VolunteerService.reverses_id.is_not(None))
    return list(session.execute(select(*_COUNTED).where(
        VolunteerService.volunteer_id == volunteer_id, VolunteerService.served_on.between(start, end),
        VolunteerService.reverses_id.is_(None), VolunteerService.deleted_at.is_(None),
        VolunteerService.id.not_in(reversed_ids),
    ).order_by(VolunteerService.served_on, VolunteerService.hlc)))


def _summary(rows: Sequence[Counted]) -> str:
    """服务内容 in one sentence: each category with a few of its activities, in the order served."""
    by_category: dict[str, list[str]] = {}
    for row in rows:
        names = by_category.setdefault(row.category, [])
        if row.activity not in names:
            names.append(row.activity)
    locale = babel_locale()
    parts = []
    for category, names in by_category.items():
        activities = format_list(names[:ACTIVITIES_PER_CATEGORY], locale=locale)
        if len(names) > ACTIVITIES_PER_CATEGORY:
            activities = _("{activities}, and others").format(activities=activities)
        parts.append(_("{category} ({activities})").format(category=label(SERVICE_CATEGORIES, category),
                                                           activities=activities))
    text = format_list(parts, locale=locale)
    return text if len(text) <= CONTENT_LENGTH else text[:CONTENT_LENGTH - 1] + "…"


def _digest(row: VolunteerCertificate) -> str:
    return sha256_hex(canonical_json({key: getattr(row, key) for key in FACTS}))


def _next_serial(session: Session, year: int) -> int:
    latest = session.scalar(select(VolunteerCertificate.serial).where(
        VolunteerCertificate.year == year, VolunteerCertificate.origin_node == session.info["node_id"])
        .order_by(VolunteerCertificate.serial.desc()).limit(1))
    return (latest or 0) + 1


def _unused_code(session: Session) -> str:
    while True:  # 60 random bits: a clash is practically impossible, but cheap to rule out
        code = new_code()
        if session.scalar(select(VolunteerCertificate.id).where(VolunteerCertificate.code == code)) is None:
            return code


def issue(session: Session, volunteer_id: str, period_from: date, period_to: date, person_in_charge: str,
          today: date | None = None) -> CertificateView:
    """Issue a certificate for the service in the period; the signed-in user is the handler (经办人)."""
    who = require(session, Action.EDIT_REGISTERS)
    today = today or date.today()
    check_period(period_from, period_to, today)
    in_charge = required_text(person_in_charge, "person_in_charge", 50)
    volunteers.live(session, volunteer_id)
    volunteer = volunteers.get(session, volunteer_id)
    if not volunteer.id_masked:
        raise ValidationError("volunteer_id", _("A certificate states the volunteer's ID number: record it in the "
                                                "register first."))
    rows = counted_service(session, volunteer_id, period_from, period_to)
    minutes = sum(r.minutes for r in rows)
    if minutes <= 0:
        raise ValidationError("period_from", _("{name} has no service recorded from {start} to {end}.").format(
            name=volunteer.name, start=format_date(period_from), end=format_date(period_to)))
    station = get_profile(session)
    serial = _next_serial(session, today.year)
    row = VolunteerCertificate(
        year=today.year, serial=serial, number=plain_number(today.year, serial),
        official_number=official_number(station.township or station.name, today.year, serial),
        volunteer_id=volunteer_id, volunteer_number=volunteer.number, volunteer_name=volunteer.name,
        id_type=volunteer.id_type, id_masked=volunteer.id_masked, period_from=period_from, period_to=period_to,
        minutes=minutes, content=_summary(rows),
        lines=json.dumps([[r.served_on.isoformat(), r.activity, r.content, r.minutes] for r in rows],
                         ensure_ascii=False),
        unit=station.name, unit_phone=station.phone, person_in_charge=in_charge, handler=who.display_name,
        issued_on=today, code=_unused_code(session))
    row.digest = _digest(row)
    session.add(row)
    session.flush()
    return get_many(session, [row.id])[0]


def list_ids(session: Session, query: CertificateQuery = CertificateQuery()) -> list[str]:
    """The register in the order certificates were numbered."""
    return list(session.scalars(_select(session, query)))


def list_page(session: Session, query: CertificateQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query), offset, limit, with_total)


def _select(session: Session, query: CertificateQuery) -> Select[Any]:
    require(session, Action.VIEW)
    stmt = select(VolunteerCertificate.id).join(Volunteer, VolunteerCertificate.volunteer_id == Volunteer.id)
    if query.volunteer_id:
        stmt = stmt.where(VolunteerCertificate.volunteer_id == query.volunteer_id)
    if query.year:
        stmt = stmt.where(VolunteerCertificate.year == query.year)
    text = query.text.strip()
    if text:
        stmt = stmt.where(or_(VolunteerCertificate.number == text.upper(), VolunteerCertificate.official_number == text,
                              VolunteerCertificate.volunteer_number == text.upper(),
                              VolunteerCertificate.volunteer_name.contains(text, autoescape=True),
                              name_matches(Volunteer, text)))
    return stmt.order_by(VolunteerCertificate.year, VolunteerCertificate.serial, VolunteerCertificate.origin_node)


def get_many(session: Session, ids: Sequence[str]) -> list[CertificateView]:
    require(session, Action.VIEW)
    rows = session.scalars(select(VolunteerCertificate).where(VolunteerCertificate.id.in_(ids)))
    found = {row.id: row for row in rows}
    revocations = _revocations(session, list(found))
    return [_view(found[i], revocations.get(i)) for i in ids if i in found]


def list_all(session: Session, query: CertificateQuery = CertificateQuery()) -> list[CertificateView]:
    return get_many(session, list_ids(session, query))


def _revocations(session: Session, ids: Sequence[str]) -> dict[str, VolunteerCertificateRevocation]:
    """The first revocation of each certificate (two nodes may both have revoked one before syncing)."""
    rows = session.scalars(select(VolunteerCertificateRevocation).where(
        VolunteerCertificateRevocation.certificate_id.in_(ids)).order_by(VolunteerCertificateRevocation.hlc))
    first: dict[str, VolunteerCertificateRevocation] = {}
    for row in rows:
        first.setdefault(row.certificate_id, row)
    return first


def _view(row: VolunteerCertificate, revocation: VolunteerCertificateRevocation | None) -> CertificateView:
    lines = tuple(ServiceLine(date.fromisoformat(day), activity, content, minutes)
                  for day, activity, content, minutes in json.loads(row.lines))
    return CertificateView(
        row.id, row.number, row.official_number, row.volunteer_id, row.volunteer_number, row.volunteer_name,
        row.id_type, row.id_masked, row.period_from, row.period_to, row.minutes, row.content, row.unit,
        row.unit_phone, row.person_in_charge, row.handler, row.issued_on, row.code, lines,
        revocation.revoked_on if revocation else None, revocation.reason if revocation else "")


def by_number(session: Session, number: str) -> CertificateView:
    """A certificate by its number as typed (ZYZ-2026-0001) or printed (青山志证〔2026〕0001号)."""
    require(session, Action.VIEW)
    text = number.strip()
    ids = list(session.scalars(select(VolunteerCertificate.id).where(or_(
        VolunteerCertificate.number == text.upper(), VolunteerCertificate.official_number == text))))
    if not ids:
        raise NotFoundError(_("No certificate has the number {number}.").format(number=text))
    if len(ids) > 1:
        raise ValidationError("number", _("Several certificates have the number {number}: they were issued by "
                                          "different stations.").format(number=text))
    return get_many(session, ids)[0]


def for_reprint(session: Session, number: str) -> CertificateView:
    """An issued certificate to print again as issued; a revoked one is not handed out again."""
    cert = by_number(session, number)
    if cert.revoked_on is not None:
        raise ValidationError("number", _("Certificate {number} was revoked on {date}; it cannot be printed "
                                          "again.").format(number=cert.official_number,
                                                           date=format_date(cert.revoked_on)))
    return cert


def revoke(session: Session, certificate_id: str, reason: str, today: date | None = None) -> CertificateView:
    require(session, Action.EDIT_REGISTERS)
    reason = required_text(reason, "reason", 200)
    if session.get(VolunteerCertificate, certificate_id) is None:
        raise NotFoundError(_("No such certificate."))
    if _revocations(session, [certificate_id]):
        raise ValidationError("reason", _("This certificate is already revoked."))
    session.add(VolunteerCertificateRevocation(certificate_id=certificate_id, revoked_on=today or date.today(),
                                               reason=reason))
    session.flush()
    return get_many(session, [certificate_id])[0]


def verify(session: Session, code: str) -> Verification:
    """valid, revoked, unknown, or altered (the stored facts no longer match their digest)."""
    require(session, Action.VIEW)
    row = session.scalar(select(VolunteerCertificate).where(VolunteerCertificate.code == normalize_code(code)))
    if row is None:
        return Verification(UNKNOWN, None)
    revocation = _revocations(session, [row.id]).get(row.id)
    facts = CheckedFacts(row.number, row.official_number, mask_name(row.volunteer_name), row.id_type, row.id_masked,
                         row.period_from, row.period_to, row.minutes, row.unit, row.issued_on,
                         revocation.revoked_on if revocation else None, revocation.reason if revocation else "")
    if _digest(row) != row.digest:
        verdict = ALTERED
    else:
        verdict = REVOKED if revocation else VALID
    return Verification(verdict, facts)
