"""The register of charity resources: donors and partners, their contacts, and what they can offer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from desktop.domain.codes import DONOR_KINDS, OFFER_KINDS
from desktop.domain.credit_code import normalize_credit_code
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import records
from desktop.services.contacts import mask_address, optional_mobile, shown
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import require, vault
from desktop.services.links import live_community
from desktop.services.listing import IdPage, id_page, in_listed_order, listed_count, named_select, ordered
from desktop.services.tags import has_tag, tags_column, tags_of
from desktop.storage.models import Community, Donor

TABLE = "donor"


def _in_code_order(offers: Iterable[str]) -> tuple[str, ...]:
    """Each offer once, in the order the codes are listed: ("venue", "goods", "venue") → ("goods", "venue")."""
    chosen = set(offers)
    return tuple(code for code in OFFER_KINDS if code in chosen)


@dataclass(frozen=True)
class DonorInput:
    name: str
    kind: str
    offers: tuple[str, ...] = ()  # codes of OFFER_KINDS
    community_id: str | None = None
    credit_code: str = ""
    contact_person: str = ""
    phone: str = ""
    address: str = ""
    offer_notes: str = ""
    first_contact_on: date | None = None
    notes: str = ""

    def validated(self) -> DonorInput:
        kind = one_of(self.kind, DONOR_KINDS, "kind")
        code = self.credit_code.strip()
        if code and kind == "individual":
            raise ValidationError("credit_code", _("A person has no unified social credit code."))
        if self.first_contact_on and self.first_contact_on > date.today():
            raise ValidationError("first_contact_on", _("The date of first contact is in the future."))
        for offer in self.offers:
            one_of(offer, OFFER_KINDS, "offers")
        return replace(
            self, name=required_text(self.name, "name", 100), kind=kind, offers=_in_code_order(self.offers),
            community_id=self.community_id or None, credit_code=normalize_credit_code(code) if code else "",
            contact_person=optional_text(self.contact_person, "contact_person", 50), phone=optional_mobile(self.phone),
            address=optional_text(self.address, "address", 200), notes=optional_text(self.notes, "notes", 500),
            offer_notes=optional_text(self.offer_notes, "offer_notes", 500),
        )


@dataclass(frozen=True)
class DonorView:
    id: str
    name: str
    kind: str
    offers: tuple[str, ...]
    community_id: str | None
    community: str  # "" when the donor is not tied to one community
    credit_code: str
    contact_person: str
    phone: str  # phone and address are masked unless the role may reveal protected fields
    address: str
    offer_notes: str
    first_contact_on: date | None
    notes: str
    deleted: bool

    def as_input(self) -> DonorInput:
        return DonorInput(self.name, self.kind, self.offers, self.community_id, self.credit_code, self.contact_person,
                          self.phone, self.address, self.offer_notes, self.first_contact_on, self.notes)


@dataclass(frozen=True)
class DonorQuery:
    text: str = ""
    kind: str = ""
    offer: str = ""  # donors who offer this
    community_id: str = ""
    include_deleted: bool = False
    order_by: str = "name"  # a key of ORDERS
    descending: bool = False


# What DonorQuery.order_by may name; ties go in pinyin order of the name.
ORDERS: dict[str, ColumnElement[Any]] = {
    "name": Donor.name_sort.expression,
    "kind": in_listed_order(Donor.kind.expression, DONOR_KINDS),
    "community": select(Community.name_sort).where(Community.id == Donor.community_id).scalar_subquery(),
    "credit_code": Donor.credit_code.expression,
    "contact_person": Donor.contact_person.expression,
    "first_contact_on": Donor.first_contact_on.expression,
}


def list_ids(session: Session, query: DonorQuery = DonorQuery()) -> list[str]:
    """Ids in the order asked for (pinyin order of the name by default); filters and sorting in SQL."""
    return list(session.scalars(_select(session, query)))


def list_page(session: Session, query: DonorQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query), offset, limit, with_total)


def count(session: Session, query: DonorQuery = DonorQuery()) -> int:
    """How many ``list_ids`` lists."""
    return listed_count(session, _select(session, query))


def _select(session: Session, query: DonorQuery) -> Select[Any]:
    return named_select(session, Donor, text=query.text, include_deleted=query.include_deleted, equal=(
        (Donor.kind, query.kind), (Donor.community_id, query.community_id),
    ), where=[has_tag(Donor.offers, query.offer)] if query.offer else [],
        order=ordered(ORDERS, query.order_by, query.descending))


def get_many(session: Session, ids: Sequence[str]) -> list[DonorView]:
    require(session, Action.VIEW)
    rows = session.execute(select(Donor, Community.name).outerjoin(Community, Donor.community_id == Community.id)
                           .where(Donor.id.in_(ids))).all()
    found = {donor.id: (donor, community) for donor, community in rows}
    return [_view(session, *found[i]) for i in ids if i in found]


def _view(session: Session, row: Donor, community: str | None) -> DonorView:
    return DonorView(
        row.id, row.name, row.kind, tags_of(row.offers), row.community_id, community or "", row.credit_code,
        row.contact_person, shown(session, TABLE, row.id, "phone", row.phone_sealed),
        shown(session, TABLE, row.id, "address", row.address_sealed, mask_address), row.offer_notes,
        row.first_contact_on, row.notes, row.deleted_at is not None)


def list_all(session: Session, query: DonorQuery = DonorQuery()) -> list[DonorView]:
    return get_many(session, list_ids(session, query))


def _check_unique(session: Session, name: str, kind: str, credit_code: str, donor_id: str | None) -> None:
    """Among live donors, a name is one donor of each kind, and a credit code is one donor's."""
    others = select(Donor.name).where(Donor.deleted_at.is_(None), Donor.id != (donor_id or ""))
    if session.scalar(others.where(Donor.name == name, Donor.kind == kind)):
        raise ValidationError("name", _("{name} is already in the register.").format(name=name))
    holder = session.scalar(others.where(Donor.credit_code == credit_code)) if credit_code else None
    if holder:
        raise ValidationError("credit_code", _("This credit code is already registered to {name}.").format(
            name=holder))


def _check(session: Session, data: DonorInput, donor_id: str | None) -> None:
    if data.community_id:
        live_community(session, data.community_id)
    _check_unique(session, data.name, data.kind, data.credit_code, donor_id)


def _apply(session: Session, row: Donor, data: DonorInput) -> None:
    for key in ("name", "kind", "community_id", "credit_code", "contact_person", "offer_notes", "first_contact_on",
                "notes"):
        setattr(row, key, getattr(data, key))
    row.offers = tags_column(data.offers)
    row.phone_sealed = vault(session).seal(TABLE, row.id, "phone", data.phone)
    row.address_sealed = vault(session).seal(TABLE, row.id, "address", data.address)


def add(session: Session, data: DonorInput) -> DonorView:
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    _check(session, data, None)
    row = Donor(id=new_id())  # sealed values are bound to the id, so it is needed before the flush
    _apply(session, row, data)
    session.add(row)
    session.flush()
    return get_many(session, [row.id])[0]


def update(session: Session, donor_id: str, data: DonorInput) -> DonorView:
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    row = _load(session, donor_id)
    if row.deleted_at is not None:
        raise ValidationError("name", _("This donor was deleted; restore the record before editing."))
    _check(session, data, donor_id)
    _apply(session, row, data)
    session.flush()
    return get_many(session, [donor_id])[0]


def _load(session: Session, donor_id: str) -> Donor:
    return records.load(session, Donor, donor_id, _("No such donor."))


def delete(session: Session, donor_id: str) -> None:
    require(session, Action.EDIT_REGISTERS)
    records.tombstone(session, _load(session, donor_id))


def restore(session: Session, donor_id: str) -> DonorView:
    require(session, Action.EDIT_REGISTERS)
    row = _load(session, donor_id)
    if row.deleted_at is not None:
        _check_unique(session, row.name, row.kind, row.credit_code, donor_id)
    records.untombstone(session, row)
    return get_many(session, [donor_id])[0]
