"""The clients (服务对象) of the station's case work and their households.

ID number, phone, address and the guardian's phone are sealed, as the volunteers' are, and so are the
notes on the client and the household (services.sealing); the ID number is found and de-duplicated
through the keyed blind index: a number another live client has is refused (``DuplicateClient`` names
and links that client). The same name and birth date only warns
(``similar``): namesakes born on one day exist in a county. Clients are personal information of
vulnerable people (PIPL), so only roles that see cases list or read them (``Action.VIEW_CASES``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import OPEN_STAGES
from desktop.domain.codes import TARGET_GROUPS, label
from desktop.domain.consent import Consent, age_on
from desktop.domain.id_documents import mask_id_number, tidy_id_text
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.security.vault import Vault
from desktop.services import batches, records
# Re-exported: what the forms and imports give the services below.
from desktop.services.client_input import ClientInput as ClientInput, MemberInput as MemberInput, person_name
from desktop.services.client_rows import TABLE as TABLE, NewClient as NewClient, new_client, row_columns
from desktop.services.contacts import mask_address, shown
from desktop.services.guard import require, vault
# BLIND re-exported for code that writes client rows itself (the benchmarks' bulk data).
from desktop.services.id_numbers import BLIND as BLIND, blind_of, keeping_stored, masked_number, stored_number
from desktop.services.links import live_community
from desktop.services.listing import IdPage, id_page, named_select, ordered
from desktop.services.sealing import opened, seal_onto, sealed
from desktop.services.tags import has_tag, tags_of
from desktop.storage import bulk
from desktop.storage.models import CaseFile, Client, ClientMember, Community
from desktop.storage.naming import name_is, name_matches
from desktop.storage.withheld import withheld_fields

_TAIL = re.compile(r"[0-9]{3}[0-9X]")  # the last four characters of an ID card number
_SHORT = re.compile(r"[0-9a-f]{8}")
# Characters of the client's number (编号) that lists show: the end of the id, which is random (a UUIDv7
# starts with the time, the same for every client of an import).
SHORT_ID = 8


def short_id(client_id: str) -> str:
    """The client's number (编号) as lists show it and the command line takes it."""
    return client_id[-SHORT_ID:]


class DuplicateClient(ValidationError):
    """The ID number is another live client's: ``existing_id`` is that client, for a link to them."""

    def __init__(self, existing_id: str, name: str, number: str) -> None:
        super().__init__("id_number", _("This ID number is already registered to the client {name} ({id})."
                                        ).format(name=name, id=mask_id_number(number)))
        self.existing_id = existing_id


@dataclass(frozen=True)
class MemberView:
    id: str
    name: str
    relation: str  # HOUSEHOLD_RELATIONS
    birth_year: int | None
    lives_with: bool
    notes: str

    def as_input(self) -> MemberInput:
        return MemberInput(self.name, self.relation, self.birth_year, self.lives_with, self.notes, self.id)


@dataclass(frozen=True)
class ClientView:
    id: str
    name: str
    gender: str
    birth_date: date | None
    age: int | None  # whole years today
    id_type: str
    id_masked: str  # "" when none is recorded or the data key is locked
    phone: str  # masked unless the role may reveal protected fields
    address: str  # the same
    community_id: str
    community: str
    target_groups: tuple[str, ...]
    group_labels: tuple[str, ...]  # translated when read
    guardian_name: str
    guardian_relation: str
    guardian_phone: str  # masked unless the role may reveal protected fields
    consent: Consent | None
    registered_on: date
    notes: str
    members: tuple[MemberView, ...]
    deleted: bool
    # Sealed fields a plain bundle left out (id_number, phone, …: ``storage.withheld``): their values above
    # are "" and an edit keeps them; screens show ``services.received``'s mark instead.
    withheld: tuple[str, ...] = ()

    def as_input(self) -> ClientInput:
        """For an edit form: the stored ID number is kept unless a new one is typed."""
        return ClientInput(self.name, self.community_id, self.id_type, None, self.gender, self.birth_date, self.phone,
                           self.address, self.target_groups, self.guardian_name, self.guardian_relation,
                           self.guardian_phone, self.consent, self.notes, self.registered_on,
                           tuple(member.as_input() for member in self.members))


@dataclass(frozen=True)
class ClientQuery:
    text: str = ""  # part of the name (any length), pinyin initials (zs, zjh), or the ID number's last 4
    community_id: str = ""
    target_group: str = ""
    include_deleted: bool = False
    order_by: str = "name"  # a key of ORDERS
    descending: bool = False


# What ClientQuery.order_by may name; ties go in pinyin order of the name.
ORDERS: dict[str, ColumnElement[Any]] = {
    "name": Client.name_sort.expression,
    "gender": Client.gender.expression,
    "birth_date": Client.birth_date.expression,
    "community": select(Community.name_sort).where(Community.id == Client.community_id).scalar_subquery(),
    "registered_on": Client.registered_on.expression,
}


def _where(query: ClientQuery) -> list[ColumnElement[bool]]:
    """Every condition of ``query`` but its order, leaving out the tombstones included."""
    where: list[ColumnElement[bool]] = [] if query.include_deleted else [Client.deleted_at.is_(None)]
    if query.community_id:
        where.append(Client.community_id == query.community_id)
    if query.target_group:
        where.append(has_tag(Client.target_groups, query.target_group))
    if query.text.strip():
        where.append(text_matches(query.text))
    return where


def text_matches(text: str) -> ColumnElement[bool]:
    """The last four characters of the ID number (no name is digits: the id_tail index alone answers,
    where OR-ing the name search in would scan every client), else the name: Chinese part or pinyin, typed
    with spaces or not (曾 建华 finds 曾建华, as names are stored)."""
    text = person_name(text)
    tail = tidy_id_text(text)
    return Client.id_tail == tail if _TAIL.fullmatch(tail) else name_matches(Client, text)


def list_ids(session: Session, query: ClientQuery = ClientQuery()) -> list[str]:
    """Ids in the order asked (pinyin order of the name by default); every filter in SQL."""
    return list(session.scalars(_select(session, query)))


def list_page(session: Session, query: ClientQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query), offset, limit, with_total)


def _select(session: Session, query: ClientQuery) -> Select[Any]:
    require(session, Action.VIEW_CASES)
    # _where leaves out the tombstones itself (count shares it), hence include_deleted here.
    return named_select(session, Client, include_deleted=True, where=_where(query),
                        order=ordered(ORDERS, query.order_by, query.descending))


def count(session: Session, query: ClientQuery = ClientQuery()) -> int:
    require(session, Action.VIEW_CASES)
    return session.scalar(select(func.count()).select_from(Client).where(*_where(query))) or 0


def get_many(session: Session, ids: Sequence[str]) -> list[ClientView]:
    """The clients of ``ids`` in that order, each with the live members of the household."""
    require(session, Action.VIEW_CASES)
    rows = session.execute(select(Client, Community.name).join(Community, Client.community_id == Community.id)
                           .where(Client.id.in_(ids))).all()
    found = {row.id: (row, community) for row, community in rows}
    households: dict[str, list[MemberView]] = {}
    for member in session.scalars(select(ClientMember).where(ClientMember.client_id.in_(ids),
                                                             ClientMember.deleted_at.is_(None))
                                  .order_by(ClientMember.created_at, ClientMember.id)):
        households.setdefault(member.client_id, []).append(MemberView(
            member.id, member.name, member.relation, member.birth_year, member.lives_with,
            opened(session, member, "notes")))
    today = date.today()
    return [_view(session, *found[i], tuple(households.get(i, ())), today) for i in ids if i in found]


def get(session: Session, client_id: str) -> ClientView:
    views = get_many(session, [client_id])
    if not views:
        raise NotFoundError(_("No such client."))
    return views[0]


def list_all(session: Session, query: ClientQuery = ClientQuery()) -> list[ClientView]:
    return get_many(session, list_ids(session, query))


def find(session: Session, text: str) -> str:
    """The id of the live client named by ``text``: their id, their number (``short_id``), the last four
    characters of their ID number, or their full name. When several match, the refusal lists each with
    what tells them apart (number, community, year of birth, masked ID number)."""
    require(session, Action.VIEW_CASES)
    text = text.strip()
    tail = tidy_id_text(text)
    live = select(Client.id).where(Client.deleted_at.is_(None))
    if _SHORT.fullmatch(text.lower()):
        found = list(session.scalars(live.where(Client.id.endswith(text.lower()))))
    else:
        found = list(session.scalars(live.where(Client.id == text)))
    if not found and _TAIL.fullmatch(tail):
        found = list(session.scalars(live.where(Client.id_tail == tail)))
    if not found:
        found = list(session.scalars(live.where(name_is(Client, person_name(text)))))
    if not found:
        raise NotFoundError(_("No client has the id, number, ID number ending or name {text}.").format(text=text))
    if len(found) > 1:
        raise NotFoundError(_("Several clients match {text}; give one's number: {clients}.").format(
            text=text, clients=_("; ").join(namesake_line(view) for view in get_many(session, found))))
    return found[0]


def namesake_line(view: ClientView) -> str:
    """A client among others of the same name: 3f9c2a1e 王秀兰（青山社区，1951 年生，5101**********1234）."""
    facts = [view.community]
    if view.birth_date:
        facts.append(_("born {year}").format(year=view.birth_date.year))
    if view.id_masked:
        facts.append(view.id_masked)
    return _("{number} {name} ({facts})").format(number=short_id(view.id), name=view.name,
                                                 facts=_(", ").join(facts))


def similar(session: Session, name: str, birth_date: date | None, exclude_id: str | None = None) -> list[ClientView]:
    """Live clients with this name and birth date: perhaps the same person, for a form to warn about
    before it saves (never a refusal)."""
    require(session, Action.VIEW_CASES)
    if birth_date is None or not name.strip():
        return []
    ids = session.scalars(select(Client.id).where(
        name_is(Client, person_name(name)), Client.birth_date == birth_date, Client.deleted_at.is_(None),
        Client.id != (exclude_id or "")).order_by(Client.registered_on, Client.id))
    return get_many(session, list(ids))


def _view(session: Session, row: Client, community: str, members: tuple[MemberView, ...], today: date) -> ClientView:
    by_guardian = row.consent_by == "guardian"
    consent = None if row.consent_on is None else Consent(
        row.consent_on, row.consent_method, row.consent_by, row.guardian_name if by_guardian else "",
        row.guardian_relation if by_guardian else "")
    groups = tags_of(row.target_groups)
    return ClientView(
        row.id, row.name, row.gender, row.birth_date, age_on(row.birth_date, today) if row.birth_date else None,
        row.id_type, masked_number(session, TABLE, row), shown(session, TABLE, row.id, "phone", row.phone_sealed),
        shown(session, TABLE, row.id, "address", row.address_sealed, mask_address), row.community_id, community,
        groups, tuple(label(TARGET_GROUPS, g) for g in groups), row.guardian_name, row.guardian_relation,
        shown(session, TABLE, row.id, "guardian_phone", row.guardian_phone_sealed), consent, row.registered_on,
        opened(session, row, "notes"), members, row.deleted_at is not None, withheld_fields(row))


def _holders(session: Session, blinds: Sequence[str], exclude_id: str = "") -> dict[str | None, tuple[str, str]]:
    """Id and name of the live client holding each of these ID numbers (by blind index)."""
    found: dict[str | None, tuple[str, str]] = {}
    for chunk in batches.in_chunks(blinds):
        found.update((blind, (client_id, name)) for blind, client_id, name in session.execute(
            select(Client.id_blind, Client.id, Client.name).where(
                Client.id_blind.in_(chunk), Client.deleted_at.is_(None), Client.id != exclude_id)))
    return found


def _check_unique_id(session: Session, blind: str | None, number: str, client_id: str) -> None:
    holder = _holders(session, [blind], client_id).get(blind) if blind else None
    if holder:
        raise DuplicateClient(holder[0], holder[1], number)


def _member_columns(member: MemberInput) -> dict[str, Any]:
    """The member's columns in the clear; the notes are sealed apart."""
    return {"name": member.name, "relation": member.relation, "birth_year": member.birth_year,
            "lives_with": member.lives_with}


def _new_member(keys: Vault, client_id: str, member: MemberInput) -> dict[str, Any]:
    """A new member's row; the id is made first, as the sealed notes are bound to it."""
    member_id = new_id()
    return {"id": member_id, "client_id": client_id, **_member_columns(member),
            **sealed(keys, ClientMember, member_id, notes=member.notes)}


def add(session: Session, data: ClientInput) -> ClientView:
    """A new client and household. Check ``similar`` first to warn about a namesake born the same day."""
    require(session, Action.EDIT_CASES)
    data = data.validated()
    live_community(session, data.community_id)
    keys = vault(session)
    row_id = new_id()  # the sealed fields are bound to the id, so it is needed before the flush
    blind = blind_of(keys, data.id_type, data.id_number)
    _check_unique_id(session, blind, data.id_number or "", row_id)
    session.add(Client(id=row_id, **row_columns(keys, row_id, data, blind)))
    session.add_all(ClientMember(**_new_member(keys, row_id, m)) for m in data.members)
    session.flush()
    return get(session, row_id)


def add_many(session: Session, inputs: Sequence[ClientInput], *, validated: bool = False) -> list[str]:
    """``add`` for many clients at once, one statement per table: the same checks, an ID number also
    against the inputs before it; ``validated`` says the inputs are what ``ClientInput.validated``
    returned. A refusal is a ``batches.ItemRefused`` naming its input. The new ids, in order."""
    require(session, Action.EDIT_CASES)
    today = date.today()
    data = list(inputs) if validated else batches.each(inputs, lambda item: item.validated(today))
    keys = vault(session)
    return store_many(session, [new_client(keys, d) for d in data])


def store_many(session: Session, clients: Sequence[NewClient]) -> list[str]:
    """``add_many`` of clients made ready (``new_client``; an import's rows): their communities and ID
    numbers checked against the register, then written. The new ids, in order."""
    require(session, Action.EDIT_CASES)
    batches.once_per(clients, lambda c: c.community_id, lambda c: live_community(session, c.community_id))
    holders = _holders(session, [c.blind for c in clients if c.blind])
    for index, client in enumerate(clients):
        if client.blind in holders:
            raise batches.ItemRefused(index, DuplicateClient(*holders[client.blind], client.id_number or ""))
        if client.blind:
            holders[client.blind] = (client.id, client.name)
    keys = vault(session)
    bulk.insert_many(session, Client, [{"id": c.id, **row_columns(keys, c.id, c.data, c.blind)}
                                      for c in clients])
    bulk.insert_many(session, ClientMember, [_new_member(keys, c.id, m) for c in clients for m in c.data.members])
    return [c.id for c in clients]


def importing(session: Session, count: int) -> AbstractContextManager[None]:
    """Around ``add_many`` of ``count`` clients in all (an import's batches): the table's listing and
    search indexes built once at the end when the import outnumbers the register (``bulk.indexes_rebuilt``);
    the ID number's blind index stays, as ``add_many`` looks each batch's numbers up in it."""
    return bulk.indexes_rebuilt(session, Client, count, kept=("id_blind",))


def update(session: Session, client_id: str, data: ClientInput) -> ClientView:
    require(session, Action.EDIT_CASES)
    row = _load(session, client_id)
    if row.deleted_at is not None:
        raise ValidationError("name", _("This client was deleted; restore the record before editing."))
    data = keeping_stored(session, TABLE, row, data).validated()
    live_community(session, data.community_id)
    keys = vault(session)
    blind = blind_of(keys, data.id_type, data.id_number)
    if blind != row.id_blind:  # a number kept as it was is no new duplicate: one that came by sync is ``wushe check``'s
        _check_unique_id(session, blind, data.id_number or "", row.id)
    for key, value in row_columns(keys, row.id, data, blind).items():
        setattr(row, key, value)
    _update_household(session, keys, row.id, data.members)
    session.flush()
    return get(session, client_id)


def _update_household(session: Session, keys: Vault, client_id: str, members: Sequence[MemberInput]) -> None:
    """Members with an id are changed, those without added; a stored member left out is tombstoned."""
    stored = {m.id: m for m in session.scalars(select(ClientMember).where(
        ClientMember.client_id == client_id, ClientMember.deleted_at.is_(None)))}
    kept = {member.id for member in members if member.id}
    if kept - stored.keys():
        raise ValidationError("members", _("A household member was removed meanwhile; reopen the client."))
    for member in members:
        if member.id:
            for key, value in _member_columns(member).items():
                setattr(stored[member.id], key, value)
            seal_onto(session, stored[member.id], notes=member.notes)
        else:
            session.add(ClientMember(**_new_member(keys, client_id, member)))
    for member_id in stored.keys() - kept:
        records.tombstone(session, stored[member_id])


def _load(session: Session, client_id: str) -> Client:
    return records.load(session, Client, client_id, _("No such client."))


def delete(session: Session, client_id: str) -> None:
    """A tombstone; refused while a case of the client is open (close or refer it first)."""
    require(session, Action.EDIT_CASES)
    row = _load(session, client_id)
    if session.scalar(select(func.count()).select_from(CaseFile).where(
            CaseFile.client_id == row.id, CaseFile.deleted_at.is_(None), CaseFile.stage.in_(OPEN_STAGES))):
        raise ValidationError("name", _("{name} has an open case; close or refer it before deleting the client.")
                              .format(name=row.name))
    records.tombstone(session, row)


def restore(session: Session, client_id: str) -> ClientView:
    """Back in the register, unless another live client has taken the ID number meanwhile."""
    require(session, Action.EDIT_CASES)
    row = _load(session, client_id)
    if row.deleted_at is not None:
        _check_unique_id(session, row.id_blind, stored_number(session, TABLE, row), row.id)
    records.untombstone(session, row)
    return get(session, client_id)
