"""The register of community social organisations: add, edit (status changes kept), list, tombstone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import ORG_CATEGORIES, ORG_STATUSES
from desktop.domain.contact import mask_mobile, normalize_mobile
from desktop.domain.credit_code import normalize_credit_code
from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.forms import count, one_of, optional_text, required_text
from desktop.services import records
from desktop.services.guard import principal, require, vault
from desktop.storage.base import utcnow
from desktop.storage.models import Community, SocialOrg, SocialOrgStatusChange
from desktop.storage.naming import name_matches

TABLE = "social_org"


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
            leader_phone=normalize_mobile(self.leader_phone) if self.leader_phone.strip() else "",
            members=count(self.members, "members", maximum=100_000), notes=optional_text(self.notes, "notes", 500),
        )


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


@dataclass(frozen=True)
class OrgQuery:
    text: str = ""
    community_id: str = ""
    category: str = ""
    status: str = ""
    include_deleted: bool = False


@dataclass(frozen=True)
class StatusChange:
    status: str
    changed_on: date
    note: str


def _phone(session: Session, row: SocialOrg) -> str:
    if session.info.get("vault") is None:
        return ""
    phone = vault(session).open(TABLE, row.id, "leader_phone", row.leader_phone_sealed)
    return phone if not phone or principal(session).may(Action.REVEAL_ID) else mask_mobile(phone)


def list_ids(session: Session, query: OrgQuery = OrgQuery()) -> list[str]:
    """Ids in pinyin order of the name; filters in SQL."""
    require(session, Action.VIEW)
    stmt = select(SocialOrg.id)
    if not query.include_deleted:
        stmt = stmt.where(SocialOrg.deleted_at.is_(None))
    for column, value in ((SocialOrg.community_id, query.community_id), (SocialOrg.category, query.category),
                          (SocialOrg.status, query.status)):
        if value:
            stmt = stmt.where(column == value)
    if query.text.strip():
        stmt = stmt.where(name_matches(SocialOrg, query.text))
    return list(session.scalars(stmt.order_by(SocialOrg.name_sort, SocialOrg.id)))


def get_many(session: Session, ids: Sequence[str]) -> list[OrgView]:
    require(session, Action.VIEW)
    rows = session.execute(select(SocialOrg, Community.name).join(Community, SocialOrg.community_id == Community.id)
                           .where(SocialOrg.id.in_(ids))).all()
    found = {org.id: (org, community) for org, community in rows}
    return [_view(session, *found[i]) for i in ids if i in found]


def _view(session: Session, row: SocialOrg, community: str) -> OrgView:
    return OrgView(row.id, row.name, row.community_id, community, row.category, row.status, row.credit_code,
                   row.founded_on, row.leader, _phone(session, row), row.members, row.party_branch, row.brand,
                   row.is_federation, row.federation_id, row.notes, row.deleted_at is not None)


def list_all(session: Session, query: OrgQuery = OrgQuery()) -> list[OrgView]:
    return get_many(session, list_ids(session, query))


def history(session: Session, org_id: str) -> list[StatusChange]:
    require(session, Action.VIEW)
    rows = session.scalars(select(SocialOrgStatusChange).where(SocialOrgStatusChange.org_id == org_id)
                           .order_by(SocialOrgStatusChange.changed_on, SocialOrgStatusChange.hlc))
    return [StatusChange(r.status, r.changed_on, r.note) for r in rows]


def _check_links(session: Session, data: OrgInput, org_id: str | None) -> None:
    community = session.get(Community, data.community_id)
    if community is None or community.deleted_at is not None:
        raise ValidationError("community_id", _("Choose a village or community from the list."))
    if data.federation_id:
        federation = session.get(SocialOrg, data.federation_id)
        if federation is None or not federation.is_federation or federation.id == org_id:
            raise ValidationError("federation_id", _("Choose a federation (联合会) from the register."))
    _check_name(session, data.name, data.community_id, org_id)


def _check_name(session: Session, name: str, community_id: str, org_id: str | None) -> None:
    duplicate = session.scalar(select(SocialOrg.id).where(
        SocialOrg.name == name, SocialOrg.community_id == community_id, SocialOrg.deleted_at.is_(None),
        SocialOrg.id != (org_id or "")))
    if duplicate:
        raise ValidationError("name", _("{name} is already registered in this community.").format(name=name))


def _apply(session: Session, row: SocialOrg, data: OrgInput) -> None:
    for key in ("name", "community_id", "category", "status", "credit_code", "founded_on", "leader", "members",
                "party_branch", "brand", "is_federation", "federation_id", "notes"):
        setattr(row, key, getattr(data, key))
    row.leader_phone_sealed = vault(session).seal(TABLE, row.id, "leader_phone", data.leader_phone)


def _record_status(session: Session, org_id: str, status: str, note: str) -> None:
    session.add(SocialOrgStatusChange(org_id=org_id, status=status, changed_on=utcnow().date(), note=note))


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
