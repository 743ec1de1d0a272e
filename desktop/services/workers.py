"""The register of social workers: employer, certificate, the communities each covers, a linked account."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session

from desktop.domain.codes import CERT_LEVELS, EMPLOYER_KINDS, EMPLOYMENT_KINDS, GENDERS, WORKER_STATUSES
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import records
from desktop.services.contacts import optional_mobile, shown
from desktop.services.forms import count as typed_count, one_of, optional_text, required_text
from desktop.services.guard import require, vault
from desktop.services.links import live_community
from desktop.services.listing import IdPage, id_page, in_listed_order, listed_count, named_select, ordered
from desktop.storage.models import Community, SocialWorker, SocialWorkerCoverage, UserAccount

TABLE = "social_worker"
FIRST_EXAM_YEAR = 2008  # the first national social-work qualification exam


@dataclass(frozen=True)
class WorkerInput:
    name: str
    employer_kind: str
    employment: str
    cert_level: str = "none"
    cert_number: str = ""
    cert_year: int | str | None = None
    employer_name: str = ""
    gender: str = ""
    phone: str = ""
    community_ids: tuple[str, ...] = ()
    user_id: str | None = None
    status: str = "active"
    joined_on: date | None = None
    notes: str = ""

    def validated(self) -> WorkerInput:
        level, number, year = _certificate(self.cert_level, self.cert_number, self.cert_year)
        kind = one_of(self.employer_kind, EMPLOYER_KINDS, "employer_kind")
        employer = optional_text(self.employer_name, "employer_name", 100)
        if kind == "agency" and not employer:
            raise ValidationError("employer_name", _("Name the social-work agency."))
        if self.joined_on and self.joined_on > date.today():
            raise ValidationError("joined_on", _("The date of joining is in the future."))
        return replace(
            self, name=required_text(self.name, "name", 50), employer_kind=kind, employer_name=employer,
            employment=one_of(self.employment, EMPLOYMENT_KINDS, "employment"), cert_level=level,
            cert_number=number, cert_year=year, gender=one_of(self.gender, GENDERS, "gender") if self.gender else "",
            phone=optional_mobile(self.phone), community_ids=tuple(dict.fromkeys(self.community_ids)),
            user_id=self.user_id or None, status=one_of(self.status, WORKER_STATUSES, "status"),
            notes=optional_text(self.notes, "notes", 500),
        )


def _certificate(level: str, number: str, year: int | str | None) -> tuple[str, str, int | None]:
    """Level, number and year go together: all three for a certificate holder, neither number nor year without."""
    level = one_of(level, CERT_LEVELS, "cert_level")
    number = "".join(number.split()).upper()
    year = typed_count(year, "cert_year", maximum=9999)
    if level == "none":
        if number or year is not None:
            raise ValidationError("cert_level", _("Choose the level of this certificate."))
        return level, "", None
    if not number:
        raise ValidationError("cert_number", _("Enter the certificate number."))
    if len(number) > 32 or not (number.isascii() and number.isalnum()):
        raise ValidationError("cert_number", _("A certificate number has at most 32 letters and digits."))
    if year is None:
        raise ValidationError("cert_year", _("Enter the year the certificate was obtained."))
    if not FIRST_EXAM_YEAR <= year <= date.today().year:
        raise ValidationError("cert_year", _("Enter a year from {first} to {last}.").format(
            first=FIRST_EXAM_YEAR, last=date.today().year))
    return level, number, year


@dataclass(frozen=True)
class WorkerView:
    id: str
    name: str
    gender: str
    employer_kind: str
    employer_name: str
    employment: str
    cert_level: str
    cert_number: str
    cert_year: int | None
    phone: str  # masked unless the role may reveal protected fields
    user_id: str | None
    username: str  # of the linked account, "" when none is linked here
    status: str
    joined_on: date | None
    notes: str
    community_ids: tuple[str, ...]  # the live communities covered, in pinyin order
    communities: tuple[str, ...]
    deleted: bool

    def as_input(self) -> WorkerInput:
        return WorkerInput(self.name, self.employer_kind, self.employment, self.cert_level, self.cert_number,
                           self.cert_year, self.employer_name, self.gender, self.phone, self.community_ids,
                           self.user_id, self.status, self.joined_on, self.notes)


@dataclass(frozen=True)
class WorkerQuery:
    text: str = ""
    community_id: str = ""  # workers who cover this community
    cert_level: str = ""
    employer_kind: str = ""
    employment: str = ""
    status: str = ""
    include_deleted: bool = False
    order_by: str = "name"  # a key of ORDERS
    descending: bool = False


# What WorkerQuery.order_by may name; ties go in pinyin order of the name.
ORDERS: dict[str, ColumnElement[Any]] = {
    "name": SocialWorker.name_sort.expression,
    "employer": SocialWorker.employer_name.expression,
    "employment": in_listed_order(SocialWorker.employment.expression, EMPLOYMENT_KINDS),
    "cert_level": in_listed_order(SocialWorker.cert_level.expression, CERT_LEVELS),
    "cert_number": SocialWorker.cert_number.expression,
    "cert_year": SocialWorker.cert_year.expression,
    "status": in_listed_order(SocialWorker.status.expression, WORKER_STATUSES),
    "joined_on": SocialWorker.joined_on.expression,
}


def list_ids(session: Session, query: WorkerQuery = WorkerQuery()) -> list[str]:
    """Ids in the order asked for (pinyin order of the name by default); filters and sorting in SQL."""
    return list(session.scalars(_select(session, query)))


def list_page(session: Session, query: WorkerQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query), offset, limit, with_total)


def count(session: Session, query: WorkerQuery = WorkerQuery()) -> int:
    """How many ``list_ids`` lists."""
    return listed_count(session, _select(session, query))


def _select(session: Session, query: WorkerQuery) -> Select[Any]:
    covers = exists().where(SocialWorkerCoverage.worker_id == SocialWorker.id,
                            SocialWorkerCoverage.community_id == query.community_id,
                            SocialWorkerCoverage.deleted_at.is_(None))
    return named_select(session, SocialWorker, text=query.text, include_deleted=query.include_deleted, equal=(
        (SocialWorker.cert_level, query.cert_level), (SocialWorker.employer_kind, query.employer_kind),
        (SocialWorker.employment, query.employment), (SocialWorker.status, query.status),
    ), where=[covers] if query.community_id else [], order=ordered(ORDERS, query.order_by, query.descending))


def get_many(session: Session, ids: Sequence[str]) -> list[WorkerView]:
    require(session, Action.VIEW)
    rows = {w.id: w for w in session.scalars(select(SocialWorker).where(SocialWorker.id.in_(ids)))}
    covered: dict[str, dict[str, str]] = {}
    for worker_id, community_id, name in session.execute(
            select(SocialWorkerCoverage.worker_id, Community.id, Community.name)
            .join(Community, SocialWorkerCoverage.community_id == Community.id)
            .where(SocialWorkerCoverage.worker_id.in_(ids), SocialWorkerCoverage.deleted_at.is_(None),
                   Community.deleted_at.is_(None)).order_by(Community.name_sort)):
        covered.setdefault(worker_id, {})[community_id] = name  # rows added on two nodes show once
    linked = [w.user_id for w in rows.values() if w.user_id]
    usernames = {user_id: username for user_id, username in session.execute(
        select(UserAccount.id, UserAccount.username).where(UserAccount.id.in_(linked)))}
    return [_view(session, rows[i], covered.get(i, {}), usernames) for i in ids if i in rows]


def _view(session: Session, row: SocialWorker, covered: dict[str, str], usernames: dict[str, str]) -> WorkerView:
    return WorkerView(
        row.id, row.name, row.gender, row.employer_kind, row.employer_name, row.employment, row.cert_level,
        row.cert_number, row.cert_year, shown(session, TABLE, row.id, "phone", row.phone_sealed), row.user_id,
        usernames.get(row.user_id or "", ""), row.status, row.joined_on, row.notes, tuple(covered),
        tuple(covered.values()), row.deleted_at is not None)


def list_all(session: Session, query: WorkerQuery = WorkerQuery()) -> list[WorkerView]:
    return get_many(session, list_ids(session, query))


def _check_links(session: Session, data: WorkerInput, row: SocialWorker | None) -> None:
    for community_id in data.community_ids:
        live_community(session, community_id, "community_ids")
    if data.user_id and data.user_id != (row.user_id if row else None):  # a link kept may outlive the account
        user = session.get(UserAccount, data.user_id)
        if user is None or user.disabled_at is not None:
            raise ValidationError("user_id", _("Choose an enabled user account."))
    _check_unique(session, data.cert_number, data.user_id, row.id if row else None)


def _check_unique(session: Session, cert_number: str, user_id: str | None, worker_id: str | None) -> None:
    """Among live workers, a certificate number is one person's and an account is linked to one worker."""
    others = select(SocialWorker.name).where(SocialWorker.deleted_at.is_(None), SocialWorker.id != (worker_id or ""))
    holder = session.scalar(others.where(SocialWorker.cert_number == cert_number)) if cert_number else None
    if holder:
        raise ValidationError("cert_number", _("Certificate {number} is already registered to {name}.").format(
            number=cert_number, name=holder))
    linked = session.scalar(others.where(SocialWorker.user_id == user_id)) if user_id else None
    if linked:
        raise ValidationError("user_id", _("This account is already linked to {name}.").format(name=linked))


def _apply(session: Session, row: SocialWorker, data: WorkerInput) -> None:
    for key in ("name", "gender", "employer_kind", "employer_name", "employment", "cert_level", "cert_number",
                "cert_year", "user_id", "status", "joined_on", "notes"):
        setattr(row, key, getattr(data, key))
    row.phone_sealed = vault(session).seal(TABLE, row.id, "phone", data.phone)


def _cover(session: Session, worker_id: str, community_ids: tuple[str, ...]) -> None:
    """Make the live coverage rows match ``community_ids``: a community taken off is tombstoned (so the change
    syncs), one put back revives its old row, and a new one gets a row."""
    kept: set[str] = set()
    rows = session.scalars(select(SocialWorkerCoverage).where(SocialWorkerCoverage.worker_id == worker_id)).all()
    for row in sorted(rows, key=lambda r: r.deleted_at is not None):  # live rows first
        if row.community_id in community_ids and row.community_id not in kept:
            records.untombstone(session, row)
            kept.add(row.community_id)
        else:
            records.tombstone(session, row)
    session.add_all(SocialWorkerCoverage(worker_id=worker_id, community_id=c) for c in community_ids if c not in kept)


def add(session: Session, data: WorkerInput) -> WorkerView:
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    _check_links(session, data, None)
    row = SocialWorker(id=new_id())  # the sealed phone is bound to the id, so it is needed before the flush
    _apply(session, row, data)
    session.add(row)
    session.flush()
    _cover(session, row.id, data.community_ids)
    session.flush()
    return get_many(session, [row.id])[0]


def update(session: Session, worker_id: str, data: WorkerInput) -> WorkerView:
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    row = _load(session, worker_id)
    if row.deleted_at is not None:
        raise ValidationError("name", _("This social worker was deleted; restore the record before editing."))
    _check_links(session, data, row)
    _apply(session, row, data)
    _cover(session, worker_id, data.community_ids)
    session.flush()
    return get_many(session, [worker_id])[0]


def _load(session: Session, worker_id: str) -> SocialWorker:
    return records.load(session, SocialWorker, worker_id, _("No such social worker."))


def delete(session: Session, worker_id: str) -> None:
    """Tombstone the worker; the coverage rows stay as they are, so a restore brings them back."""
    require(session, Action.EDIT_REGISTERS)
    records.tombstone(session, _load(session, worker_id))


def restore(session: Session, worker_id: str) -> WorkerView:
    require(session, Action.EDIT_REGISTERS)
    row = _load(session, worker_id)
    if row.deleted_at is not None:
        _check_unique(session, row.cert_number, row.user_id, worker_id)
    records.untombstone(session, row)
    return get_many(session, [worker_id])[0]
