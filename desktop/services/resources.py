"""The resources list (资源清单): what donors, social organisations, volunteers' skills, venues, departments
and service projects offer, for which needs, how many at once and when (issue 9).

A resource names its provider from a register (a donor, an organisation, a volunteer) or by name (a
department, a venue's owner). Its categories are the need categories it serves, kept like a donor's offers
(services.tags); its capacity is how many needs it can take on at once, counted against its matches under
way (services.matching).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop.domain.codes import NEED_CATEGORIES, RESOURCE_KINDS, RESOURCE_STATUSES, label
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _, format_date, ngettext
from desktop.services import records
from desktop.services.cell_parsers import listing
from desktop.services.forms import count as typed_count, one_of, optional_text, required_text
from desktop.services.batches import in_chunks
from desktop.services.guard import require
from desktop.services.links import live_community
from desktop.services.listing import IdPage, id_page, in_listed_order, listed_count, named_select, ordered
from desktop.services.needs import under_way
from desktop.services.tags import has_tag, tags_column, tags_of
from desktop.storage.models import Community, Donor, Need, NeedMatch, Resource, SocialOrg, Volunteer
from desktop.storage.naming import name_matches

# The registers a resource may come from, by the input's field.
PROVIDERS = {"donor_id": Donor, "org_id": SocialOrg, "volunteer_id": Volunteer}
# The kinds that are a register's records, by the field that links them: such a resource comes from that
# register (an organisation's resource is no donor's); a venue or a project may come from any.
KIND_REGISTERS = {"donor": "donor_id", "org": "org_id", "volunteer_skill": "volunteer_id"}
MAX_CAPACITY = 100_000


def expired_label() -> str:
    return _("Expired (已过期)")


def expired(available_until: date | None, today: date) -> bool:
    """Past its last day: no longer matched, whatever its status says."""
    return available_until is not None and available_until < today


def dates_label(row: ResourceRow) -> str:
    """From when until when it is offered ("2026年3月1日 – 2026年12月31日"), an open end left empty."""
    if not (row.available_from or row.available_until):
        return ""
    return _("{start} – {end}").format(start=format_date(row.available_from) if row.available_from else "",
                                       end=format_date(row.available_until) if row.available_until else "")


def township_wide() -> str:
    return _("Township-wide")


def categories_label(categories: Iterable[str]) -> str:
    return listing(label(NEED_CATEGORIES, code) for code in categories)


def places(value: int | str | None) -> int | None:
    """A capacity as typed or given: a whole number from 1 to MAX_CAPACITY, or None (left empty) for no limit."""
    try:
        capacity = typed_count(value, "capacity", maximum=MAX_CAPACITY)
    except ValidationError:
        capacity = 0
    if capacity == 0:
        raise ValidationError("capacity", _("Enter the places as a whole number from 1 to {max}, or leave it empty "
                                            "when they are not limited.").format(max=MAX_CAPACITY))
    return capacity


@dataclass
class ResourceInput:
    name: str
    kind: str
    categories: tuple[str, ...]
    donor_id: str | None = None
    org_id: str | None = None
    volunteer_id: str | None = None
    provider_name: str = ""
    community_id: str | None = None  # None: township-wide
    capacity: int | None = None  # needs at once; None: not limited
    capacity_note: str = ""
    available_from: date | None = None
    available_until: date | None = None
    availability: str = ""
    status: str = "available"
    contact: str = ""
    notes: str = ""

    def validated(self) -> ResourceInput:
        chosen = {one_of(code, NEED_CATEGORIES, "categories") for code in self.categories}
        if not chosen:
            raise ValidationError("categories", _("Choose at least one category of needs it serves."))
        providers = [field for field in PROVIDERS if getattr(self, field)]
        if len(providers) > 1:
            raise ValidationError(providers[1], _("Choose one provider: a donor, an organisation or a volunteer."))
        fits = KIND_REGISTERS.get(self.kind)
        if providers and fits is not None and providers[0] != fits:
            raise ValidationError(providers[0], _("A resource of the kind “{kind}” comes from that register: choose "
                                                  "one there, or another kind.").format(
                                                      kind=label(RESOURCE_KINDS, self.kind)))
        capacity = places(self.capacity)
        if self.available_from and self.available_until and self.available_until < self.available_from:
            raise ValidationError("available_until", _("The end is before the start."))
        return replace(
            self, name=required_text(self.name, "name", 100), kind=one_of(self.kind, RESOURCE_KINDS, "kind"),
            categories=tuple(code for code in NEED_CATEGORIES if code in chosen),
            provider_name=optional_text(self.provider_name, "provider_name", 100),
            community_id=self.community_id or None, capacity=capacity,
            capacity_note=optional_text(self.capacity_note, "capacity_note", 100),
            availability=optional_text(self.availability, "availability", 200),
            status=one_of(self.status, RESOURCE_STATUSES, "status"),
            contact=optional_text(self.contact, "contact", 100), notes=optional_text(self.notes, "notes", 500))


@dataclass(frozen=True)
class ResourceRow:
    id: str
    name: str
    kind: str
    kind_label: str
    categories: tuple[str, ...]
    categories_label: str
    provider: str  # the donor's, organisation's or volunteer's name, or the provider named
    community: str  # its village or community, or township-wide
    capacity: int | None
    in_use: int  # matches under way
    capacity_note: str
    available_from: date | None
    available_until: date | None
    availability: str
    status: str
    status_label: str  # 已过期 for an available one past its last day


def _load(session: Session, resource_id: str) -> Resource:
    row = records.load(session, Resource, resource_id, _("This resource is not in the list."))
    if row.deleted_at is not None:
        raise ValidationError("resource_id", _("This resource was deleted."))
    return row


def _check(session: Session, data: ResourceInput) -> None:
    if data.community_id:
        live_community(session, data.community_id)
    for field, model in PROVIDERS.items():
        wanted = getattr(data, field)
        found = session.get(model, wanted) if wanted else None
        if wanted and (found is None or found.deleted_at is not None):
            raise ValidationError(field, _("Choose one from the register."))


def _apply(row: Resource, data: ResourceInput) -> None:
    for key in ("name", "kind", "donor_id", "org_id", "volunteer_id", "provider_name", "community_id", "capacity",
                "capacity_note", "available_from", "available_until", "availability", "status", "contact", "notes"):
        setattr(row, key, getattr(data, key))
    row.categories = tags_column(data.categories)


def add_resource(session: Session, data: ResourceInput) -> str:
    require(session, Action.EDIT_NEEDS)
    data = data.validated()
    _check(session, data)
    row = Resource()
    _apply(row, data)
    session.add(row)
    session.flush()
    return row.id


def open_matches(session: Session, resource_id: str) -> list[tuple[str, str]]:
    """The resource's matches under way: (match id, the need's title), the oldest first."""
    return [(match_id, title) for match_id, title in session.execute(
        select(NeedMatch.id, Need.title).join(Need, Need.id == NeedMatch.need_id)
        .where(NeedMatch.resource_id == resource_id, under_way()).order_by(NeedMatch.matched_on, NeedMatch.id))]


def _refuse_ending_matched(session: Session, row: Resource, status: str) -> None:
    """An ended resource serves no one: its matches under way are closed first (matching.end_resource), not
    left 对接中 behind it."""
    if status != "ended" or row.status == "ended":
        return
    under = open_matches(session, row.id)
    if under:
        raise ValidationError("status", ngettext(
            "{name} still has {n} match under way ({needs}): close it first, or end the resource closing it as "
            "did not work, with a reason.",
            "{name} still has {n} matches under way ({needs}): close them first, or end the resource closing them "
            "as did not work, with a reason.", len(under)).format(
                name=row.name, n=len(under), needs=listing(t for _i, t in under)))


def update_resource(session: Session, resource_id: str, data: ResourceInput) -> None:
    require(session, Action.EDIT_NEEDS)
    row = _load(session, resource_id)
    data = data.validated()
    _check(session, data)
    _refuse_ending_matched(session, row, data.status)
    _apply(row, data)
    session.flush()


def set_status(session: Session, resource_id: str, status: str) -> None:
    """Make a resource available, pause it (its matches under way go on) or end it (refused while it has matches
    under way)."""
    require(session, Action.EDIT_NEEDS)
    row = _load(session, resource_id)
    status = one_of(status, RESOURCE_STATUSES, "status")
    _refuse_ending_matched(session, row, status)
    row.status = status
    session.flush()


def delete_resource(session: Session, resource_id: str) -> None:
    """Take a resource off the list (a tombstone); not while it is matched to a need."""
    require(session, Action.EDIT_NEEDS)
    row = _load(session, resource_id)
    if session.scalar(_in_use().where(NeedMatch.resource_id == resource_id)):
        raise ValidationError("resource_id", _("This resource has matches under way: close them first."))
    records.tombstone(session, row)


def _in_use() -> Select[tuple[int]]:
    return select(func.count()).select_from(NeedMatch).where(under_way())


def _select() -> Select[tuple[Resource, str | None, str | None, str | None, str | None, int]]:
    return (select(Resource, Community.name, Donor.name, SocialOrg.name, Volunteer.name,
                   _in_use().where(NeedMatch.resource_id == Resource.id).scalar_subquery())
            .outerjoin(Community, Community.id == Resource.community_id)
            .outerjoin(Donor, Donor.id == Resource.donor_id).outerjoin(SocialOrg, SocialOrg.id == Resource.org_id)
            .outerjoin(Volunteer, Volunteer.id == Resource.volunteer_id)
            .where(Resource.deleted_at.is_(None)).order_by(Resource.name_sort, Resource.id))


def _rows(session: Session, stmt: Select[tuple[Resource, str | None, str | None, str | None, str | None, int]]
          ) -> list[ResourceRow]:
    found, today = [], date.today()
    for row, community, donor, org, volunteer, in_use in session.execute(stmt):
        categories = tags_of(row.categories)
        status = expired_label() if row.status == "available" and expired(row.available_until, today) else \
            label(RESOURCE_STATUSES, row.status)
        found.append(ResourceRow(
            row.id, row.name, row.kind, label(RESOURCE_KINDS, row.kind), categories, categories_label(categories),
            donor or org or volunteer or row.provider_name, community or township_wide(), row.capacity, in_use,
            row.capacity_note, row.available_from, row.available_until, row.availability, row.status, status))
    return found


def _name_of(model: type[Donor | SocialOrg | Volunteer], column: InstrumentedAttribute[str | None]) -> Any:
    return select(model.name_sort).where(model.id == column).scalar_subquery()


# What ResourceQuery.order_by may name; ties go in pinyin order of the name.
ORDERS: dict[str, ColumnElement[Any]] = {
    "name": Resource.name_sort.expression,
    "kind": in_listed_order(Resource.kind.expression, RESOURCE_KINDS),
    "provider": func.coalesce(_name_of(Donor, Resource.donor_id), _name_of(SocialOrg, Resource.org_id),
                              _name_of(Volunteer, Resource.volunteer_id), Resource.provider_name),
    # Township-wide ones first, as the empty name they would have.
    "community": func.coalesce(select(Community.name_sort).where(Community.id == Resource.community_id)
                               .scalar_subquery(), ""),
    "status": in_listed_order(Resource.status.expression, RESOURCE_STATUSES),
}


@dataclass(frozen=True)
class ResourceQuery:
    """The resources listed; ``text`` finds the name (or its pinyin), the provider named, or words of the
    availability and notes."""

    text: str = ""
    kind: str = ""
    category: str = ""
    community_id: str = ""
    status: str = ""
    order_by: str = "name"  # a key of ORDERS
    descending: bool = False


def _where(query: ResourceQuery) -> list[ColumnElement[bool]]:
    where = []
    if query.category:
        where.append(has_tag(Resource.categories, query.category))
    if text := query.text.strip():
        where.append(or_(name_matches(Resource, text), *(
            column.contains(text, autoescape=True) for column in (Resource.provider_name, Resource.availability,
                                                                 Resource.notes))))
    return where


def _listed_ids(session: Session, query: ResourceQuery) -> Select[Any]:
    return named_select(session, Resource, where=_where(query),
                        equal=((Resource.kind, query.kind), (Resource.community_id, query.community_id),
                               (Resource.status, query.status)),
                        order=ordered(ORDERS, query.order_by, query.descending))


def list_page(session: Session, query: ResourceQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of the resources ``query`` lists (and how many it lists, when asked), for a paged table."""
    return id_page(session, _listed_ids(session, query), offset, limit, with_total)


def count(session: Session, query: ResourceQuery = ResourceQuery()) -> int:
    return listed_count(session, _listed_ids(session, query))


def get_many(session: Session, ids: Sequence[str]) -> list[ResourceRow]:
    """The rows of ``ids`` (a window of ``list_page``), in the order given; ones deleted meanwhile are left out."""
    require(session, Action.VIEW)
    found = {row.id: row for chunk in in_chunks(list(ids))
             for row in _rows(session, _select().where(Resource.id.in_(chunk)))}
    return [found[i] for i in ids if i in found]


def list_resources(session: Session, *, kind: str | None = None, category: str | None = None,
                   community_id: str | None = None, status: str | None = None, search: str = "") -> list[ResourceRow]:
    """Every resource ``ResourceQuery`` lists, in pinyin order of the name (the command line, the projects list)."""
    require(session, Action.VIEW)
    query = ResourceQuery(search, kind or "", category or "", community_id or "", status or "")
    stmt = _select().where(*_where(query))
    for column, value in ((Resource.kind, query.kind), (Resource.community_id, query.community_id),
                          (Resource.status, query.status)):
        if value:
            stmt = stmt.where(column == value)
    return _rows(session, stmt)


def resource(session: Session, resource_id: str) -> ResourceRow:
    require(session, Action.VIEW)
    _load(session, resource_id)
    return _rows(session, _select().where(Resource.id == resource_id))[0]


def resource_input(session: Session, resource_id: str) -> ResourceInput:
    """A resource's fields as the form edits them."""
    require(session, Action.VIEW)
    row = _load(session, resource_id)
    return ResourceInput(row.name, row.kind, tags_of(row.categories), row.donor_id, row.org_id, row.volunteer_id,
                         row.provider_name, row.community_id, row.capacity, row.capacity_note, row.available_from,
                         row.available_until, row.availability, row.status, row.contact, row.notes)
