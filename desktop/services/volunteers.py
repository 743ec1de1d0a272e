"""The register of community volunteers (社区志愿者): real-name records with sealed ID numbers and phones.

ID numbers are found and de-duplicated through a keyed blind index, never the plaintext; views show
them masked (the full number is an audited reveal, ``privacy.reveal(session, "volunteer", id,
"id_number")``), phones masked unless the role may reveal. Sealed fields need the person's consent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import ID_TYPES, SERVICE_CATEGORIES, VOLUNTEER_STATUSES
from desktop.domain.consent import Consent, checked_consent
from desktop.domain.id_documents import checked_identity, normalize_id_number
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.domain.pinyin import sort_key
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import batches, records
from desktop.services.contacts import optional_mobile, shown
from desktop.services.forms import one_of, optional_text, registration_day, required_text
from desktop.services.guard import require, vault
# BLIND re-exported for code that writes volunteer rows itself (the benchmarks' bulk data).
from desktop.services.id_numbers import BLIND as BLIND, blind_of, keeping_stored, masked_number
from desktop.services.links import live_community
from desktop.services.listing import IdPage, id_page, in_listed_order, listed_count, named_select, ordered
from desktop.services.tags import has_tag, tags_column, tags_of
from desktop.security.vault import Vault
from desktop.storage import bulk
from desktop.storage.models import Community, TimebankEntry, Volunteer, VolunteerService

TABLE = "volunteer"


@dataclass(frozen=True)
class VolunteerInput:
    """What a form or an import gives. On update, ``id_number=None`` keeps the stored number (views
    carry only the masked one); on add it means none."""

    name: str
    community_id: str
    id_type: str = "resident_id"
    id_number: str | None = None
    gender: str = ""
    birth_date: date | None = None
    phone: str = ""
    residence: str = ""
    skills: str = ""
    categories: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    registered_on: date | None = None  # today when not given
    status: str = "active"
    consent: Consent | None = None
    notes: str = ""

    def validated(self, today: date | None = None) -> VolunteerInput:
        today = today or date.today()
        # The number checked; for an ID card, birth date and gender agree with it (filled when blank).
        found = checked_identity(self.id_type, self.id_number or "", self.gender, self.birth_date, today)
        registered = registration_day(self.registered_on, found.birth_date, today)
        phone = optional_mobile(self.phone)
        for code in self.categories:
            one_of(code, SERVICE_CATEGORIES, "categories")
        return replace(  # one copy: an import validates 200,000 volunteers
            self, id_number=found.number, gender=found.gender, birth_date=found.birth_date,
            name=required_text(self.name, "name", 100), phone=phone, registered_on=registered,
            residence=optional_text(self.residence, "residence", 100), skills=optional_text(self.skills, "skills", 200),
            categories=tuple(c for c in SERVICE_CATEGORIES if c in self.categories), teams=_teams(self.teams),
            status=one_of(self.status, VOLUNTEER_STATUSES, "status"), notes=optional_text(self.notes, "notes", 500),
            consent=checked_consent(self.consent, sensitive=bool(found.number or phone),
                                    birth_date=found.birth_date, today=today),
        )


def _teams(names: Sequence[str]) -> tuple[str, ...]:
    teams: list[str] = []
    for name in names:
        team = optional_text(" ".join(name.split()), "teams", 50)
        if "," in team:
            raise ValidationError("teams", _("A team name cannot contain a comma."))
        if team and team not in teams:
            teams.append(team)
    return tuple(teams)


@dataclass(frozen=True)
class VolunteerView:
    id: str
    number: str
    name: str
    gender: str
    birth_date: date | None
    id_type: str
    id_masked: str  # "" when none is recorded or the data key is locked
    phone: str  # masked unless the role may reveal protected fields
    residence: str
    community_id: str
    community: str
    skills: str
    categories: tuple[str, ...]
    teams: tuple[str, ...]
    registered_on: date
    status: str
    consent: Consent | None
    notes: str
    deleted: bool
    minutes: int = 0  # confirmed service, net of reversals
    balance: int = 0  # time-bank points held, in hundredths

    def as_input(self) -> VolunteerInput:
        """For an edit form: the stored ID number is kept unless a new one is typed."""
        return VolunteerInput(self.name, self.community_id, self.id_type, None, self.gender, self.birth_date,
                              self.phone, self.residence, self.skills, self.categories, self.teams,
                              self.registered_on, self.status, self.consent, self.notes)


@dataclass(frozen=True)
class VolunteerQuery:
    text: str = ""  # part of the name, pinyin initials, or a volunteer number (V-2026-0001)
    community_id: str = ""
    status: str = ""
    category: str = ""
    team: str = ""
    id_number: str = ""  # exact, through the blind index
    include_deleted: bool = False
    order_by: str = "name"  # a key of ORDERS
    descending: bool = False


# What VolunteerQuery.order_by may name; ties go in pinyin order of the name.
ORDERS: dict[str, ColumnElement[Any]] = {
    "name": Volunteer.name_sort.expression,
    "number": Volunteer.number.expression,
    "gender": Volunteer.gender.expression,
    "birth_date": Volunteer.birth_date.expression,
    "community": select(Community.name_sort).where(Community.id == Volunteer.community_id).scalar_subquery(),
    "registered_on": Volunteer.registered_on.expression,
    "status": in_listed_order(Volunteer.status.expression, VOLUNTEER_STATUSES),
}


def _blind_candidates(session: Session, text: str) -> list[str]:
    """The blind index of ``text`` read as each document type it can be."""
    found = []
    for id_type in ID_TYPES:
        try:
            found.append(blind_of(vault(session), id_type, normalize_id_number(id_type, text)))
        except ValidationError:
            continue
    return found


def list_ids(session: Session, query: VolunteerQuery = VolunteerQuery()) -> list[str]:
    """Ids in pinyin order of the name; every filter in SQL."""
    return list(session.scalars(_select(session, query)))


def list_page(session: Session, query: VolunteerQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query), offset, limit, with_total)


def count(session: Session, query: VolunteerQuery = VolunteerQuery()) -> int:
    """How many ``list_ids`` lists."""
    return listed_count(session, _select(session, query))


def _select(session: Session, query: VolunteerQuery) -> Select[Any]:
    where = []
    text = query.text.strip()
    if text.upper().startswith("V-"):
        where.append(Volunteer.number == text.upper())
        text = ""
    if query.category:
        where.append(has_tag(Volunteer.categories, query.category))
    if query.team.strip():
        where.append(has_tag(Volunteer.teams, " ".join(query.team.split())))
    if query.id_number.strip():
        where.append(Volunteer.id_blind.in_(_blind_candidates(session, query.id_number)))
    return named_select(session, Volunteer, text=text, include_deleted=query.include_deleted, where=where,
                        equal=((Volunteer.community_id, query.community_id), (Volunteer.status, query.status)),
                        order=ordered(ORDERS, query.order_by, query.descending))


def team_names(session: Session) -> list[str]:
    """The teams live volunteers belong to, for a filter."""
    require(session, Action.VIEW)
    stored = session.scalars(select(Volunteer.teams).where(Volunteer.deleted_at.is_(None)).distinct())
    return sorted({team for column in stored for team in tags_of(column)}, key=sort_key)


def get_many(session: Session, ids: Sequence[str]) -> list[VolunteerView]:
    require(session, Action.VIEW)
    rows = session.execute(select(Volunteer, Community.name).join(Community, Volunteer.community_id == Community.id)
                           .where(Volunteer.id.in_(ids))).all()
    found = {row.id: (row, community) for row, community in rows}
    minutes, held = _totals(session, VolunteerService.minutes, ids), _totals(session, TimebankEntry.amount, ids)
    return [replace(_view(session, *found[i]), minutes=minutes.get(i, 0), balance=held.get(i, 0))
            for i in ids if i in found]


def _totals(session: Session, column: Any, ids: Sequence[str]) -> dict[str, int]:
    """The sum of ``column`` per volunteer, in one grouped query. Service rows sum to what stands,
    since a reversal is the negative of the row it reverses."""
    table = column.class_
    return {v: int(total) for v, total in session.execute(
        select(table.volunteer_id, func.sum(column)).where(table.volunteer_id.in_(ids)).group_by(table.volunteer_id))}


def get(session: Session, volunteer_id: str) -> VolunteerView:
    views = get_many(session, [volunteer_id])
    if not views:
        raise NotFoundError(_("No such volunteer."))
    return views[0]


def list_all(session: Session, query: VolunteerQuery = VolunteerQuery()) -> list[VolunteerView]:
    return get_many(session, list_ids(session, query))


def by_number(session: Session, number: str) -> VolunteerView:
    """The live volunteer with this number (numbers are per node; a county file may hold two)."""
    require(session, Action.VIEW)
    ids = list(session.scalars(select(Volunteer.id).where(Volunteer.number == number.strip().upper(),
                                                          Volunteer.deleted_at.is_(None))))
    if len(ids) != 1:
        raise NotFoundError(_("No volunteer has the number {number}.").format(number=number) if not ids else
                         _("Several volunteers have the number {number}; use the list.").format(number=number))
    return get(session, ids[0])


def _view(session: Session, row: Volunteer, community: str) -> VolunteerView:
    consent = None if row.consent_on is None else Consent(row.consent_on, row.consent_method, row.consent_by,
                                                          row.guardian_name, row.guardian_relation)
    return VolunteerView(
        row.id, row.number, row.name, row.gender, row.birth_date, row.id_type, masked_number(session, TABLE, row),
        shown(session, TABLE, row.id, "phone", row.phone_sealed), row.residence, row.community_id, community,
        row.skills, tags_of(row.categories), tags_of(row.teams), row.registered_on, row.status, consent, row.notes,
        row.deleted_at is not None)


def _check_unique_id(session: Session, blind: str | None, volunteer_id: str | None) -> None:
    if blind is None:
        return
    existing = session.execute(select(Volunteer.name, Volunteer.number).where(
        Volunteer.id_blind == blind, Volunteer.deleted_at.is_(None), Volunteer.id != (volunteer_id or ""))).first()
    if existing:
        raise _id_taken(existing.name, existing.number)


def _id_taken(name: str, number: str) -> ValidationError:
    return ValidationError("id_number", _("This ID number is already registered: {name} ({number}).").format(
        name=name, number=number))


_SERIALS = "volunteer_serials"  # session.info: (its transaction, year → the next serial it gives out)


def _serials(session: Session, year: int, count: int) -> range:
    """``count`` new serials of the year (V-2026-0001 has serial 1), after the highest this database holds.
    Finding that reads every number of the year, so a transaction asks once and counts on from there:
    an import numbers 200,000 volunteers in 200 batches, and numbers are given out nowhere else."""
    transaction, following = session.info.get(_SERIALS, (None, {}))
    if transaction is not session.get_transaction():
        transaction, following = session.get_transaction(), {}
        session.info[_SERIALS] = (transaction, following)
    if year not in following:
        prefix = _prefix(year)
        latest = session.scalar(select(Volunteer.number).where(Volunteer.number.startswith(prefix))
                                .order_by(func.length(Volunteer.number).desc(), Volunteer.number.desc()).limit(1))
        following[year] = int(latest.removeprefix(prefix)) + 1 if latest else 1
    first = following[year]
    following[year] += count
    return range(first, first + count)


def _prefix(year: int) -> str:
    return f"V-{year}-"


def _number(year: int, serial: int) -> str:
    return f"{_prefix(year)}{serial:04d}"


def _columns(keys: Vault, row_id: str, data: VolunteerInput, blind: str | None) -> dict[str, Any]:
    """The row's column values for ``data``, the ID number and phone sealed to this row."""
    consent = data.consent
    values = {key: getattr(data, key) for key in (
        "name", "community_id", "id_type", "gender", "birth_date", "residence", "skills", "registered_on", "status",
        "notes")}
    values.update(
        id_blind=blind, id_number_sealed=keys.seal(TABLE, row_id, "id_number", data.id_number or ""),
        phone_sealed=keys.seal(TABLE, row_id, "phone", data.phone), categories=tags_column(data.categories),
        teams=tags_column(data.teams))
    values.update(zip(("consent_on", "consent_method", "consent_by", "guardian_name", "guardian_relation"), (
        consent.given_on, consent.method, consent.given_by, consent.guardian_name, consent.guardian_relation)
        if consent else (None, "", "", "", "")))
    return values


def _apply(session: Session, row: Volunteer, data: VolunteerInput) -> None:
    keys = vault(session)
    blind = blind_of(keys, data.id_type, data.id_number)
    if blind != row.id_blind:  # a number kept as it was is no new duplicate: one that came by sync is ``wushe check``'s
        _check_unique_id(session, blind, row.id)
    for key, value in _columns(keys, row.id, data, blind).items():
        setattr(row, key, value)


def add(session: Session, data: VolunteerInput) -> VolunteerView:
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    live_community(session, data.community_id)
    assert data.registered_on is not None
    # The sealed fields are bound to the id, so it is needed before the flush.
    year = data.registered_on.year
    row = Volunteer(id=new_id(), number=_number(year, _serials(session, year, 1)[0]))
    _apply(session, row, data)
    session.add(row)
    session.flush()
    return get(session, row.id)


def add_many(session: Session, inputs: Sequence[VolunteerInput], *, validated: bool = False) -> list[str]:
    """``add`` for many volunteers at once (an import), one statement per table: the same checks, an ID
    number also against the inputs before it, the same sealed rows, numbered in one block per year;
    ``validated`` says the inputs are what ``VolunteerInput.validated`` returned (the import engine's
    are). A refusal is a ``batches.ItemRefused`` naming its input. The new ids, in order."""
    require(session, Action.EDIT_REGISTERS)
    today = date.today()
    data = list(inputs) if validated else batches.each(inputs, lambda item: item.validated(today))
    batches.once_per(data, lambda d: d.community_id, lambda d: live_community(session, d.community_id))
    keys = vault(session)
    blinds = [blind_of(keys, d.id_type, d.id_number) for d in data]
    numbers = _numbers(session, [(d.registered_on or today).year for d in data])
    holders = _holders(session, [b for b in blinds if b])
    for index, (item, blind, number) in enumerate(zip(data, blinds, numbers)):
        if blind in holders:
            raise batches.ItemRefused(index, _id_taken(*holders[blind]))
        if blind:
            holders[blind] = (item.name, number)
    ids = [new_id() for _ in data]
    bulk.insert_many(session, Volunteer, [{"id": i, "number": n, **_columns(keys, i, d, b)}
                                          for i, n, d, b in zip(ids, numbers, data, blinds)])
    return ids


def _numbers(session: Session, years: Sequence[int]) -> list[str]:
    """Numbers for new volunteers registered in these years, in order: one block per year after the highest held."""
    blocks = {year: iter(_serials(session, year, count)) for year, count in Counter(years).items()}
    return [_number(year, next(blocks[year])) for year in years]


def _holders(session: Session, blinds: Sequence[str]) -> dict[str | None, tuple[str, str]]:
    """Name and number of the live volunteer holding each of these ID numbers (by blind index)."""
    found: dict[str | None, tuple[str, str]] = {}
    for chunk in batches.in_chunks(blinds):
        found.update((blind, (name, number)) for blind, name, number in session.execute(
            select(Volunteer.id_blind, Volunteer.name, Volunteer.number).where(
                Volunteer.id_blind.in_(chunk), Volunteer.deleted_at.is_(None))))
    return found


def update(session: Session, volunteer_id: str, data: VolunteerInput) -> VolunteerView:
    require(session, Action.EDIT_REGISTERS)
    row = _load(session, volunteer_id)
    if row.deleted_at is not None:
        raise ValidationError("name", _("This volunteer was deleted; restore the record before editing."))
    data = keeping_stored(session, TABLE, row, data).validated()
    live_community(session, data.community_id)
    _apply(session, row, data)
    session.flush()
    return get(session, volunteer_id)


def _load(session: Session, volunteer_id: str) -> Volunteer:
    return records.load(session, Volunteer, volunteer_id, _("No such volunteer."))


def live_many(session: Session, volunteer_ids: Sequence[str]) -> dict[str, Volunteer]:
    """Volunteers who are in the register (not deleted), by id, in one query; refused if one is not."""
    rows = {row.id: row for row in session.scalars(select(Volunteer).where(
        Volunteer.id.in_(set(volunteer_ids)), Volunteer.deleted_at.is_(None)))}
    if any(volunteer_id not in rows for volunteer_id in volunteer_ids):
        raise ValidationError("volunteer_id", _("Choose a volunteer from the register."))
    return rows


def live(session: Session, volunteer_id: str) -> Volunteer:
    """A volunteer who is in the register, for the record and the time bank."""
    return live_many(session, [volunteer_id])[volunteer_id]


def delete(session: Session, volunteer_id: str) -> None:
    require(session, Action.EDIT_REGISTERS)
    records.tombstone(session, _load(session, volunteer_id))


def restore(session: Session, volunteer_id: str) -> VolunteerView:
    require(session, Action.EDIT_REGISTERS)
    row = _load(session, volunteer_id)
    if row.deleted_at is not None:
        _check_unique_id(session, row.id_blind, row.id)
    records.untombstone(session, row)
    return get(session, volunteer_id)
