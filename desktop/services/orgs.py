"""The register of community social organisations: add, edit (status changes kept), list, tombstone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from desktop.domain.codes import ORG_CATEGORIES, ORG_INSPECTIONS, ORG_RATINGS, ORG_STATUSES
from desktop.domain.credit_code import normalize_credit_code
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.forms import count as typed_count, one_of, optional_text, required_text
from desktop.services import batches, records
from desktop.services.contacts import optional_mobile, shown
from desktop.services.guard import require, vault
from desktop.services.links import live_community
from desktop.services.listing import IdPage, id_page, in_listed_order, listed_count, named_select, ordered
from desktop.storage import bulk
from desktop.storage.base import utcnow
from desktop.storage.models import Community, SocialOrg, SocialOrgStatusChange

TABLE = "social_org"
PROFILE = 500  # 单位简介: the proposal's basic table allows at most 500 characters


@dataclass(frozen=True)
class OrgInput:
    name: str
    community_id: str
    category: str
    status: str
    credit_code: str = ""
    founded_on: date | None = None
    leader: str = ""
    leader_phone: str = ""
    members: int | str | None = None
    party_branch: bool = False
    brand: bool = False
    is_federation: bool = False
    federation_id: str | None = None
    notes: str = ""
    # What a proposal's basic table asks of the applicant (FORMS.md).
    address: str = ""  # 通讯地址
    postcode: str = ""  # 邮政编码
    inspection: str = ""  # ORG_INSPECTIONS, "" when not given
    rating: str = ""  # ORG_RATINGS, "" when not given
    profile: str = ""  # 单位简介

    def validated(self) -> OrgInput:
        status = one_of(self.status, ORG_STATUSES, "status")
        code = self.credit_code.strip()
        if status == "registered" or code:
            if not code:
                raise ValidationError("credit_code", _("A registered organisation has a unified social credit code."))
            code = normalize_credit_code(code)
        if self.founded_on and self.founded_on > date.today():
            raise ValidationError("founded_on", _("The founding date is in the future."))
        return replace(
            self, name=required_text(self.name, "name", 100), category=one_of(self.category, ORG_CATEGORIES, "category"),
            status=status, credit_code=code, leader=optional_text(self.leader, "leader", 50),
            leader_phone=optional_mobile(self.leader_phone),
            members=typed_count(self.members, "members", maximum=100_000), notes=optional_text(self.notes, "notes", 500),
            address=optional_text(self.address, "address", 200), postcode=optional_postcode(self.postcode),
            inspection=one_of(self.inspection, ORG_INSPECTIONS, "inspection") if self.inspection else "",
            rating=one_of(self.rating, ORG_RATINGS, "rating") if self.rating else "",
            profile=optional_text(self.profile, "profile", PROFILE),
        )


def optional_postcode(value: str) -> str:
    """邮政编码: six digits, or "" when not given."""
    code = value.strip()
    if code and not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise ValidationError("postcode", _("A postcode has 6 digits."))
    return code


@dataclass(frozen=True)
class OrgView:
    id: str
    name: str
    community_id: str
    community: str
    category: str
    status: str
    credit_code: str
    founded_on: date | None
    leader: str
    leader_phone: str  # masked unless the role may reveal protected fields
    members: int | None
    party_branch: bool
    brand: bool
    is_federation: bool
    federation_id: str | None
    notes: str
    deleted: bool
    address: str
    postcode: str
    inspection: str
    rating: str
    profile: str


@dataclass(frozen=True)
class OrgQuery:
    text: str = ""
    community_id: str = ""
    category: str = ""
    status: str = ""
    include_deleted: bool = False
    federations: bool = False  # only the township federations (联合会)
    order_by: str = "name"  # a key of ORDERS
    descending: bool = False


# What OrgQuery.order_by may name; ties go in pinyin order of the name.
ORDERS: dict[str, ColumnElement[Any]] = {
    "name": SocialOrg.name_sort.expression,
    "community": select(Community.name_sort).where(Community.id == SocialOrg.community_id).scalar_subquery(),
    "category": in_listed_order(SocialOrg.category.expression, ORG_CATEGORIES),
    "status": in_listed_order(SocialOrg.status.expression, ORG_STATUSES),
    "credit_code": SocialOrg.credit_code.expression,
    "founded_on": SocialOrg.founded_on.expression,
    "members": SocialOrg.members.expression,
}


@dataclass(frozen=True)
class StatusChange:
    status: str
    changed_on: date
    note: str


def list_ids(session: Session, query: OrgQuery = OrgQuery()) -> list[str]:
    """Ids in the order asked for (pinyin order of the name by default); filters and sorting in SQL."""
    return list(session.scalars(_select(session, query)))


def list_page(session: Session, query: OrgQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query), offset, limit, with_total)


def count(session: Session, query: OrgQuery = OrgQuery()) -> int:
    """How many ``list_ids`` lists."""
    return listed_count(session, _select(session, query))


def _select(session: Session, query: OrgQuery) -> Select[Any]:
    return named_select(session, SocialOrg, text=query.text, include_deleted=query.include_deleted, equal=(
        (SocialOrg.community_id, query.community_id), (SocialOrg.category, query.category),
        (SocialOrg.status, query.status)), where=(SocialOrg.is_federation.is_(True),) if query.federations else (),
        order=ordered(ORDERS, query.order_by, query.descending))


def get_many(session: Session, ids: Sequence[str]) -> list[OrgView]:
    require(session, Action.VIEW)
    rows = session.execute(select(SocialOrg, Community.name).join(Community, SocialOrg.community_id == Community.id)
                           .where(SocialOrg.id.in_(ids))).all()
    found = {org.id: (org, community) for org, community in rows}
    return [_view(session, *found[i]) for i in ids if i in found]


def _view(session: Session, row: SocialOrg, community: str) -> OrgView:
    return OrgView(row.id, row.name, row.community_id, community, row.category, row.status, row.credit_code,
                   row.founded_on, row.leader, shown(session, TABLE, row.id, "leader_phone", row.leader_phone_sealed),
                   row.members, row.party_branch, row.brand, row.is_federation, row.federation_id, row.notes,
                   row.deleted_at is not None, row.address, row.postcode, row.inspection, row.rating, row.profile)


def list_all(session: Session, query: OrgQuery = OrgQuery()) -> list[OrgView]:
    return get_many(session, list_ids(session, query))


def history(session: Session, org_id: str) -> list[StatusChange]:
    require(session, Action.VIEW)
    rows = session.scalars(select(SocialOrgStatusChange).where(SocialOrgStatusChange.org_id == org_id)
                           .order_by(SocialOrgStatusChange.changed_on, SocialOrgStatusChange.hlc))
    return [StatusChange(r.status, r.changed_on, r.note) for r in rows]


def _check_links(session: Session, data: OrgInput, org_id: str | None) -> None:
    _check_references(session, data, org_id)
    _check_name(session, data.name, data.community_id, org_id)


def _check_references(session: Session, data: OrgInput, org_id: str | None) -> None:
    live_community(session, data.community_id)
    if data.federation_id:
        federation = session.get(SocialOrg, data.federation_id)
        if federation is None or not federation.is_federation or federation.id == org_id:
            raise ValidationError("federation_id", _("Choose a federation (联合会) from the register."))


def _check_name(session: Session, name: str, community_id: str, org_id: str | None) -> None:
    duplicate = session.scalar(select(SocialOrg.id).where(
        SocialOrg.name == name, SocialOrg.community_id == community_id, SocialOrg.deleted_at.is_(None),
        SocialOrg.id != (org_id or "")))
    if duplicate:
        raise _name_taken(name)


def _name_taken(name: str) -> ValidationError:
    return ValidationError("name", _("{name} is already registered in this community.").format(name=name))


def _columns(session: Session, org_id: str, data: OrgInput) -> dict[str, Any]:
    """The row's column values for ``data``, the phone sealed to this row."""
    values = {key: getattr(data, key) for key in (
        "name", "community_id", "category", "status", "credit_code", "founded_on", "leader", "members",
        "party_branch", "brand", "is_federation", "federation_id", "notes", "address", "postcode", "inspection",
        "rating", "profile")}
    values["leader_phone_sealed"] = vault(session).seal(TABLE, org_id, "leader_phone", data.leader_phone)
    return values


def _apply(session: Session, row: SocialOrg, data: OrgInput) -> None:
    for key, value in _columns(session, row.id, data).items():
        setattr(row, key, value)


def _status_columns(org_id: str, status: str, note: str) -> dict[str, Any]:
    return {"org_id": org_id, "status": status, "changed_on": utcnow().date(), "note": note}


def _record_status(session: Session, org_id: str, status: str, note: str) -> None:
    session.add(SocialOrgStatusChange(**_status_columns(org_id, status, note)))


def add(session: Session, data: OrgInput) -> OrgView:
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    _check_links(session, data, None)
    row = SocialOrg(id=new_id())  # the sealed phone is bound to the id, so it is needed before the flush
    _apply(session, row, data)
    session.add(row)
    session.flush()
    _record_status(session, row.id, data.status, _("entered in the register"))
    session.flush()
    return get_many(session, [row.id])[0]


def add_many(session: Session, inputs: Sequence[OrgInput], *, validated: bool = False) -> list[str]:
    """``add`` for many organisations at once (an import), one statement per table: the same checks,
    also between the inputs, and the same rows and history; ``validated`` says the inputs are what
    ``OrgInput.validated`` returned (the import engine's are). A refusal is a ``batches.ItemRefused``
    naming its input. The new ids, in order."""
    require(session, Action.EDIT_REGISTERS)
    data = list(inputs) if validated else batches.each(inputs, OrgInput.validated)
    batches.once_per(data, lambda d: (d.community_id, d.federation_id), lambda d: _check_references(session, d, None))
    registered = _registered(session, {d.name for d in data})
    for index, item in enumerate(data):
        if (item.name, item.community_id) in registered:
            raise batches.ItemRefused(index, _name_taken(item.name))
        registered.add((item.name, item.community_id))
    ids = [new_id() for _ in data]
    bulk.insert_many(session, SocialOrg, [{"id": i, **_columns(session, i, d)} for i, d in zip(ids, data)])
    note = _("entered in the register")
    bulk.insert_many(session, SocialOrgStatusChange, [_status_columns(i, d.status, note) for i, d in zip(ids, data)])
    return ids


def _registered(session: Session, names: set[str]) -> set[tuple[str, str]]:
    """(name, community id) of the live organisations that have one of these names."""
    found: set[tuple[str, str]] = set()
    for chunk in batches.in_chunks(sorted(names)):
        found.update(session.execute(select(SocialOrg.name, SocialOrg.community_id).where(
            SocialOrg.name.in_(chunk), SocialOrg.deleted_at.is_(None))))
    return found


def update(session: Session, org_id: str, data: OrgInput, status_note: str = "") -> OrgView:
    """Edit; a change of status also appends to the history, with ``status_note`` as the reason."""
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    row = _load(session, org_id)
    if row.deleted_at is not None:
        raise ValidationError("name", _("This organisation was deleted; restore it before editing."))
    _check_links(session, data, org_id)
    changed = data.status != row.status
    _apply(session, row, data)
    if changed:
        _record_status(session, org_id, data.status, optional_text(status_note, "status_note", 200))
    session.flush()
    return get_many(session, [org_id])[0]


def _load(session: Session, org_id: str) -> SocialOrg:
    return records.load(session, SocialOrg, org_id, _("No such organisation."))


def delete(session: Session, org_id: str) -> None:
    require(session, Action.EDIT_REGISTERS)
    records.tombstone(session, _load(session, org_id))


def restore(session: Session, org_id: str) -> OrgView:
    require(session, Action.EDIT_REGISTERS)
    row = _load(session, org_id)
    if row.deleted_at is not None:
        _check_name(session, row.name, row.community_id, org_id)
    records.untombstone(session, row)
    return get_many(session, [org_id])[0]
