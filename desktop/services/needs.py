"""The needs list (需求清单): what visits and requests found in each village or community, followed from
待对接 through 已对接 to 已解决 or 无法解决 (issue 9).

A need belongs to a client, a group or the whole community. A client's name is personal information of the
case work: only roles that may see clients (Action.VIEW_CASES) read it; the others see that a client holds
the need, not who. The status moves with the matches (services.matching): a need with a match under way is
"matched"; closing the need closes its matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.codes import NEED_CATEGORIES, NEED_HOLDERS, NEED_SOURCES, NEED_STATUSES, NEED_URGENCIES, label
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _, format_date
from desktop.services import records
from desktop.services.forms import count as typed_count, one_of, optional_text, required_text
from desktop.services.batches import in_chunks
from desktop.services.guard import principal, require
from desktop.services.links import live_community
from desktop.services.listing import IdPage, id_page, in_listed_order, listed_count
from desktop.storage.models import Client, Community, Need, NeedMatch
from desktop.storage.models.needs import MOST_URGENT_FIRST

CLOSED = ("solved", "unsolvable")
UNCLOSED = ("open", "matched")
# Closing a need closes the matches still under way with it, neither done nor failed: whether each helped is
# not known, so their resources' past success leaves them out (services.matching). Close a match first to say.
WITH_NEED = "with_need"


LISTS_BEGIN = date(2000, 1, 1)  # no station kept a needs list before: an earlier day is a typing slip (1900)


def day_between(on: date | None, earliest: date, field: str, today: date | None = None) -> date:
    """A day of the lists (today when not given): not before ``earliest`` (the need found, the match made, or
    LISTS_BEGIN) nor after today."""
    today = today or date.today()
    on = on or today
    if on > today or on < earliest:
        raise ValidationError(field, _("The date must be between {start} and today.").format(
            start=format_date(earliest)))
    return on


@dataclass
class NeedInput:
    community_id: str
    category: str
    title: str
    details: str = ""
    holder: str = "community"
    client_id: str | None = None
    group_label: str = ""
    people: int | None = None
    urgency: str = "medium"
    source: str = "visit"
    found_on: date | None = None  # None: today

    def validated(self, today: date) -> NeedInput:
        holder = one_of(self.holder, NEED_HOLDERS, "holder")
        if holder == "client" and not self.client_id:
            raise ValidationError("client_id", _("Choose the client who has this need."))
        group = optional_text(self.group_label, "group_label", 100)
        if holder == "group" and not group:
            raise ValidationError("group_label", _("Name the group, like 留守儿童."))
        people = typed_count(self.people, "people", maximum=1_000_000)
        found_on = day_between(self.found_on, LISTS_BEGIN, "found_on", today)
        return replace(
            self, category=one_of(self.category, NEED_CATEGORIES, "category"),
            title=required_text(self.title, "title", 100), details=optional_text(self.details, "details", 1000),
            holder=holder, client_id=self.client_id if holder == "client" else None,
            group_label=group if holder == "group" else "", people=people or None,
            urgency=one_of(self.urgency, NEED_URGENCIES, "urgency"), source=one_of(self.source, NEED_SOURCES, "source"),
            found_on=found_on)


@dataclass(frozen=True)
class NeedRow:
    id: str
    community_id: str
    community: str
    category: str
    category_label: str
    title: str
    holder_label: str  # the client's name (or that a client, hidden), the group, or the community
    people: int | None
    urgency: str
    urgency_label: str
    source: str
    source_label: str
    found_on: date
    status: str
    status_label: str
    matches: int  # matches under way
    outcome: str
    closed_on: date | None


def hidden_client() -> str:
    return _("A client (hidden)")


def _load(session: Session, need_id: str) -> Need:
    row = records.load(session, Need, need_id, _("This need is not in the list."))
    if row.deleted_at is not None:
        raise ValidationError("need_id", _("This need was deleted."))
    return row


def _check(session: Session, data: NeedInput) -> None:
    community = live_community(session, data.community_id)
    if data.client_id is None:
        return
    if not principal(session).may(Action.VIEW_CASES):
        raise ValidationError("client_id", _("Only a role that may see clients may name one."))
    client = session.get(Client, data.client_id)
    if client is None or client.deleted_at is not None:
        raise ValidationError("client_id", _("Choose a client from the list."))
    if client.community_id != community.id:
        raise ValidationError("client_id", _("The client lives in another village or community."))


def _apply(row: Need, data: NeedInput) -> None:
    for key in ("community_id", "category", "title", "details", "holder", "client_id", "group_label", "people",
                "urgency", "source", "found_on"):
        setattr(row, key, getattr(data, key))


def add_need(session: Session, data: NeedInput) -> str:
    """Put a need on the list, waiting for a match; returns its id."""
    who = require(session, Action.EDIT_NEEDS)
    data = data.validated(date.today())
    _check(session, data)
    row = Need(status="open", recorded_by=who.display_name)
    _apply(row, data)
    session.add(row)
    session.flush()
    return row.id


def update_need(session: Session, need_id: str, data: NeedInput) -> None:
    require(session, Action.EDIT_NEEDS)
    row = _load(session, need_id)
    if row.status in CLOSED:
        raise ValidationError("need_id", _("This need is closed; reopen it before editing."))
    data = data.validated(date.today())
    _check(session, data)
    _apply(row, data)
    session.flush()


def _active_matches(session: Session, need_id: str) -> list[NeedMatch]:
    return list(session.scalars(select(NeedMatch).where(
        NeedMatch.need_id == need_id, NeedMatch.status == "active", NeedMatch.deleted_at.is_(None))))


def close_need(session: Session, need_id: str, status: str, outcome: str, on: date | None = None) -> None:
    """Close the need as solved or unsolvable, saying how; its matches still under way close with it
    (``WITH_NEED``), with the same outcome."""
    require(session, Action.EDIT_NEEDS)
    row = _load(session, need_id)
    if status not in CLOSED:
        raise ValidationError("status", _("Choose solved or cannot be solved."))
    if row.status in CLOSED:
        raise ValidationError("status", _("This need is already closed (perhaps by someone else just now)."))
    outcome = required_text(outcome, "outcome", 500)
    on = day_between(on, row.found_on, "closed_on")
    for match in _active_matches(session, need_id):
        match.status, match.outcome, match.closed_on = WITH_NEED, outcome, max(on, match.matched_on)
    row.status, row.outcome, row.closed_on = status, outcome, on
    session.flush()


def reopen_need(session: Session, need_id: str, reason: str) -> None:
    """Put a closed need back on the list, waiting for a match; the reason is kept in its outcome."""
    require(session, Action.EDIT_NEEDS)
    row = _load(session, need_id)
    reason = required_text(reason, "reason", 200)
    if row.status not in CLOSED:
        raise ValidationError("need_id", _("This need is not closed (perhaps someone else reopened it just "
                                           "now)."))
    row.status, row.closed_on = "open", None
    row.outcome = _("Reopened: {reason} (before: {outcome})").format(reason=reason, outcome=row.outcome)[:500]
    session.flush()


def delete_need(session: Session, need_id: str) -> None:
    """Take a need off the list (a tombstone); one that was matched keeps its history instead."""
    require(session, Action.EDIT_NEEDS)
    row = _load(session, need_id)
    if session.scalar(select(NeedMatch.id).where(NeedMatch.need_id == need_id, NeedMatch.deleted_at.is_(None))):
        raise ValidationError("need_id", _("This need has matches: close it instead of deleting it."))
    records.tombstone(session, row)


def under_way() -> ColumnElement[bool]:
    """A match under way. Written so that SQLite cannot answer it from the status index, which holds
    every match under way of the station: a need's or a resource's matches are found by its own index."""
    return (NeedMatch.status + "" == "active") & NeedMatch.deleted_at.is_(None)


def _active_count() -> Select[tuple[int]]:
    return select(func.count()).select_from(NeedMatch).where(NeedMatch.need_id == Need.id, under_way())


def _rows(session: Session, stmt: Select[tuple[Need, str, str | None, int]]) -> list[NeedRow]:
    shows_clients = principal(session).may(Action.VIEW_CASES)
    found = []
    for need, community, client, active in session.execute(stmt):
        holder = {"client": (client or "") if shows_clients else hidden_client(),
                  "group": need.group_label}.get(need.holder, community)
        found.append(NeedRow(
            need.id, need.community_id, community, need.category, label(NEED_CATEGORIES, need.category), need.title,
            holder, need.people, need.urgency, label(NEED_URGENCIES, need.urgency), need.source,
            label(NEED_SOURCES, need.source),
            need.found_on, need.status, label(NEED_STATUSES, need.status), active, need.outcome, need.closed_on))
    return found


LISTED = (MOST_URGENT_FIRST, Need.found_on, Need.title, Need.id)  # the list's own order, and every sort's ties
# What NeedQuery.order_by may name.
ORDERS: dict[str, ColumnElement[Any]] = {
    "urgency": MOST_URGENT_FIRST,
    "found_on": Need.found_on.expression,
    "community": select(Community.name_sort).where(Community.id == Need.community_id).scalar_subquery(),
    "category": in_listed_order(Need.category.expression, NEED_CATEGORIES),
    "title": Need.title.expression,
    "people": func.coalesce(Need.people, 0),
    "status": in_listed_order(Need.status.expression, NEED_STATUSES),
    "matches": _active_count().scalar_subquery(),
}


@dataclass(frozen=True)
class NeedQuery:
    """The needs listed: ``status`` "unclosed" means open or matched; ``text`` finds words of the title, the
    details or the group (never a client's name)."""

    text: str = ""
    community_id: str = ""
    status: str = ""
    category: str = ""
    order_by: str = "urgency"  # a key of ORDERS
    descending: bool = False


def _where(query: NeedQuery, walk_listing: bool = False) -> list[ColumnElement[bool]]:
    """``walk_listing``: keep SQLite off the status index (``status || ''``), so that a page in the list's own
    order walks ``ix_need_listing`` and stops at the page's end instead of sorting every need of the status."""
    where = [Need.deleted_at.is_(None)]
    status = Need.status.concat("") if walk_listing else Need.status
    if query.community_id:
        where.append(Need.community_id == query.community_id)
    if query.status == "unclosed":
        where.append(status.in_(UNCLOSED))
    elif query.status:
        where.append(status == query.status)
    if query.category:
        where.append(Need.category == query.category)
    if text := query.text.strip():
        where.append(or_(*(column.contains(text, autoescape=True)
                           for column in (Need.title, Need.details, Need.group_label))))
    return where


def _select() -> Select[tuple[Need, str, str | None, int]]:
    return (select(Need, Community.name, Client.name, _active_count().scalar_subquery())
            .join(Community, Community.id == Need.community_id).outerjoin(Client, Client.id == Need.client_id)
            .where(Need.deleted_at.is_(None)).order_by(*LISTED))


def _listed_ids(session: Session, query: NeedQuery, paging: bool = True) -> Select[tuple[str]]:
    require(session, Action.VIEW)
    key = ORDERS.get(query.order_by, MOST_URGENT_FIRST)
    walk = paging and key is MOST_URGENT_FIRST and not query.descending  # a count reads the status index
    ties = (column for column in LISTED if column is not key)  # a repeated key would cost a sort
    return select(Need.id).where(*_where(query, walk)).order_by(key.desc() if query.descending else key, *ties)


def list_page(session: Session, query: NeedQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of the needs ``query`` lists, in its order (and how many it lists, when asked), for a paged table."""
    return id_page(session, _listed_ids(session, query), offset, limit, with_total)


def count(session: Session, query: NeedQuery = NeedQuery()) -> int:
    """How many needs ``query`` lists: the list's count, asked on the database worker."""
    return listed_count(session, _listed_ids(session, query, paging=False))


def get_many(session: Session, ids: Sequence[str]) -> list[NeedRow]:
    """The rows of ``ids`` (a window of ``list_page``), in the order given; ones deleted meanwhile are left out."""
    require(session, Action.VIEW)
    found = {row.id: row for chunk in in_chunks(list(ids))
             for row in _rows(session, _select().where(Need.id.in_(chunk)))}
    return [found[i] for i in ids if i in found]


def list_needs(session: Session, *, community_id: str | None = None, status: str | None = None,
               category: str | None = None, search: str = "") -> list[NeedRow]:
    """Every need ``NeedQuery`` lists, most urgent first and then the longest waiting (for the command line)."""
    require(session, Action.VIEW)
    query = NeedQuery(search, community_id or "", status or "", category or "")
    return _rows(session, _select().where(*_where(query)))


def need(session: Session, need_id: str) -> NeedRow:
    require(session, Action.VIEW)
    _load(session, need_id)
    return _rows(session, _select().where(Need.id == need_id))[0]


def need_input(session: Session, need_id: str) -> NeedInput:
    """A need's fields as the form edits them (the client only for a role that may see clients)."""
    require(session, Action.VIEW)
    row = _load(session, need_id)
    client_id = row.client_id if principal(session).may(Action.VIEW_CASES) else None
    return NeedInput(row.community_id, row.category, row.title, row.details, row.holder, client_id, row.group_label,
                     row.people, row.urgency, row.source, row.found_on)


def unmatched_by_community(session: Session) -> list[tuple[str, str, int, int]]:
    """(community id, name, open needs without a match under way, of them urgent) for each village or
    community that has any, the most urgent first."""
    require(session, Action.VIEW)
    urgent = func.sum(case((Need.urgency == "high", 1), else_=0))
    rows = session.execute(
        select(Community.id, Community.name, func.count(Need.id), urgent)
        .join(Need, Need.community_id == Community.id)
        .where(Need.deleted_at.is_(None), Community.deleted_at.is_(None), Need.status == "open",
               Need.id.not_in(select(NeedMatch.need_id).where(NeedMatch.status == "active",
                                                              NeedMatch.deleted_at.is_(None))))
        .group_by(Community.id, Community.name, Community.name_sort)
        .order_by(urgent.desc(), func.count(Need.id).desc(), Community.name_sort))
    return [(cid, name, int(total), int(pressing or 0)) for cid, name, total, pressing in rows]
