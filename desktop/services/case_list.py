"""The case list: ids in display order with every filter in SQL, then rows for the ids on screen.

Sized for 400,000 cases. The default order, newest opened first, walks ``ix_case_listing``
(opened_on, id, then the filtered columns) backwards, so the ids come off the index without a sort
or a table read; filters on the client (target group, name, ID digits) and on follow-ups are
sub-queries of their own tables. Only the cases the signed-in user may see are listed: a social
worker's come off the worker index and are sorted, which a caseload of hundreds makes cheap. In the
clients' name order a list walks the clients' index and each client's cases (``_walking_clients``),
unless it is a few thousand cases no filter on the client narrows, which are sorted instead. In the
order of the worker, the stage or the risk a page walks that order's index (``SORT_WALK_FROM``).
``list_page`` gives a window of the list, for a paged table; ``list_ids`` all of it; ``count`` how
many it lists (the case table asks it on the database worker).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Column, ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.visitors import iterate, replacement_traverse

from desktop.domain.case_workflow import OPEN_STAGES, STAGE_LABELS, Stage
from desktop.domain.permissions import Action
from desktop.i18n import N_, _
from desktop.services import batches
from desktop.services.case_access import may_see, visible
from desktop.services.cases import NUMBER_PREFIX, masked_id
from desktop.services.clients import text_matches
from desktop.services.guard import principal, require
from desktop.services.listing import IdPage, id_page
from desktop.services.tags import has_tag
from desktop.storage.models import CaseFile, CaseFollowUp, Client, Community
from desktop.storage.models.case_file import RISK_ORDER, STAGE_ORDER

# Groups of stages a list may filter on besides a single stage.
STAGE_GROUPS: dict[str, frozenset[str]] = {
    "open": frozenset(OPEN_STAGES),
    "ended": frozenset({Stage.CLOSED, Stage.REFERRED}),
}
STAGE_GROUP_LABELS: dict[str, str] = {
    "open": N_("Open cases"),
    "ended": N_("Closed or referred out"),
}


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""  # part of the client's name, pinyin initials, the last 4 ID characters, or a case number
    stage: str = ""  # a Stage, or a key of STAGE_GROUPS
    community_id: str = ""
    worker_user_id: str = ""  # another worker's only for the head
    target_group: str = ""  # the client's, domain.codes.TARGET_GROUPS
    risk: str = ""
    overdue: bool = False  # a case (at any stage) with a follow-up neither done nor cancelled, due before today
    order_by: str = "opened"  # a key of ORDERS, or "client"
    descending: bool = True


@dataclass(frozen=True)
class CaseRow:
    id: str
    number: str
    client_name: str
    id_masked: str
    community: str
    worker_name: str
    stage: str  # domain.case_workflow.Stage
    risk: str  # domain.codes.RISK_LEVELS
    opened_on: date
    next_due: date | None  # the soonest follow-up neither done nor cancelled
    overdue: bool

    @property
    def stage_label(self) -> str:
        return _(STAGE_LABELS[self.stage]) if self.stage in STAGE_LABELS else self.stage


# What CaseQuery.order_by may name besides "client" (``_by_client``), each key taken in the query's
# direction; ties go newest opened first, which the worker, stage and risk orders read off an index each
# way (``case_file._sorted_by``). Not the community: its order is of the community's name, which no index
# of the cases holds, so it sorted every case (1.3 s for 400,000); the community filter lists one
# community's cases anyway.
ORDERS: dict[str, ColumnElement[Any]] = {
    "opened": CaseFile.opened_on.expression,
    "number": CaseFile.number.expression,
    "worker": CaseFile.worker_name.expression,
    "stage": STAGE_ORDER,
    "risk": RISK_ORDER,
}
NEWEST = (CaseFile.opened_on.desc(), CaseFile.id.desc())
# Sorting the cases a filter leaves costs each of them; walking the clients in name order costs each case
# up to the window. From this many matches on, the walk is the cheaper (measured at 400,000 cases); with
# a filter on the client it walks anyway, passing over the other clients on their index entries.
CLIENT_WALK_FROM = 3_000
# The orders with indexes of their own. On the worker's or the community's condition SQLite reads that one's
# listing index and sorts what it finds: cheap for a caseload of hundreds, 200 ms for 180,000. A page that
# walks the order's index instead reads a case for each entry up to the window (about 200 × all / matched,
# 16 ms for those 180,000): for 400,000 cases the two cost alike at some 10,000 matches; this many is safe.
INDEXED_ORDERS = frozenset({"worker", "stage", "risk"})
SORT_WALK_FROM = 20_000


def _where(session: Session, query: CaseQuery, today: date, client_joined: bool = False) -> list[ColumnElement[bool]]:
    """The conditions of ``query``; those on the client (``_client_filters``) on the ``Client`` joined to
    the case when ``client_joined``, else through a sub-query of the clients."""
    where = list(visible(session))
    if query.worker_user_id:
        if query.worker_user_id != principal(session).user_id:
            require(session, Action.VIEW_ALL_CASES)
        where.append(CaseFile.worker_user_id == query.worker_user_id)
    if query.stage:
        where.append(CaseFile.stage.in_(STAGE_GROUPS.get(query.stage, {query.stage})))
    for column, value in ((CaseFile.community_id, query.community_id), (CaseFile.risk, query.risk)):
        if value:
            where.append(column == value)
    if query.overdue:  # a closed or referred case's follow-ups stay due too (case_followups)
        where.append(CaseFile.id.in_(select(CaseFollowUp.case_id).where(
            CaseFollowUp.done_on.is_(None), CaseFollowUp.due_on < today, CaseFollowUp.deleted_at.is_(None))))
    return where + _client_filters(session, query, client_joined)


def _client_filters(session: Session, query: CaseQuery, joined: bool) -> list[ColumnElement[bool]]:
    """The target group, and the text: a case number, or a client found by name (Chinese part, pinyin
    initials) or ID number ending. Joined, the text also gives what the walk checks on a client's index
    entry, so that it reads no case of a client the text leaves out."""
    def of_client(condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return condition if joined else CaseFile.client_id.in_(select(Client.id).where(condition))

    filters = []
    if query.target_group:
        filters.append(of_client(has_tag(Client.target_groups, query.target_group)))
    if text := query.text.strip():
        numbered, named = _number_matches(session, text), text_matches(text)
        filters.append(or_(numbered, of_client(named)))
        if joined:
            filters.append(or_(named, Client.id.in_(select(CaseFile.client_id).where(numbered))))
    return filters


# The end of a case number as people say it: "0016" or "2026-0016" for 个案-2026-0016.
_NUMBER_END = re.compile(r"(?:(\d{4})-)?(\d{4,})")
# Any other part of one: digits with hyphens or the prefix around them (个案-2026-001, 2026-00, -001, 001).
_NUMBER_PART = re.compile(f"[{NUMBER_PREFIX}\\-\\d]*\\d[{NUMBER_PREFIX}\\-\\d]*")


def _number_matches(session: Session, text: str) -> ColumnElement[bool]:
    """The case with this number, or with this serial (of any year of opening, or of the year given),
    spelled out so that the number index answers (four digits are also the last of an ID number, a search
    that must stay quick), and four digits that are a year of opening the cases numbered in it (a range
    of the index); any other part of a number matches wherever it stands in one (LIKE '%…%')."""
    typed = unicodedata.normalize("NFKC", text)
    end = _NUMBER_END.fullmatch(typed)
    if end is None:
        return CaseFile.number.contains(typed, autoescape=True) if _NUMBER_PART.fullmatch(typed) else \
            CaseFile.number == text
    year, serial = end.groups()
    if year is not None:
        years = [int(year)]
    else:
        first = session.scalar(select(func.min(CaseFile.opened_on)))
        years = list(range(first.year, date.today().year + 1)) if first is not None else []
    numbered = CaseFile.number.in_([text, *(f"{NUMBER_PREFIX}-{y}-{serial}" for y in years)])
    if year is not None or int(serial) not in years:
        return numbered
    of_year = f"{NUMBER_PREFIX}-{serial}-"  # ends in "-", which sorts just before "."
    return or_(numbered, (CaseFile.number >= of_year) & (CaseFile.number < f"{of_year[:-1]}."))


def _order(query: CaseQuery) -> tuple[ColumnElement[Any], ...]:
    if query.order_by not in ORDERS or query.order_by == "opened":
        return NEWEST if query.descending else (CaseFile.opened_on, CaseFile.id)
    key = ORDERS[query.order_by]
    return (key.desc() if query.descending else key, *NEWEST)


def list_ids(session: Session, query: CaseQuery = CaseQuery(), today: date | None = None) -> list[str]:
    """Ids of the cases the signed-in user may see that match ``query``, in its order."""
    return list(session.scalars(_select(session, query, today)))


def list_page(session: Session, query: CaseQuery, offset: int, limit: int, with_total: bool,
              today: date | None = None) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query, today), offset, limit, with_total)


def _select(session: Session, query: CaseQuery, today: date | None) -> Select[Any]:
    today = today or date.today()
    where = _where(session, query, today)
    if query.order_by in INDEXED_ORDERS and _led(where) and _at_least(session, where, SORT_WALK_FROM):
        where = [replacement_traverse(clause, {}, _unindexed_leaders) for clause in where]
    if query.order_by != "client":
        return select(CaseFile.id).where(*where).order_by(*_order(query))
    if query.target_group or query.text.strip() or _at_least(session, where, CLIENT_WALK_FROM):
        return _walking_clients(_where(session, query, today, client_joined=True), query.descending)
    return _sorted_by_client(where, query.descending)


def _at_least(session: Session, where: list[ColumnElement[bool]], n: int) -> bool:
    """Whether ``where`` leaves ``n`` cases or more, read no further than the ``n``-th."""
    first = select(CaseFile.id).where(*where).limit(n).subquery()
    return (session.scalar(select(func.count()).select_from(first)) or 0) >= n


# In the clients' name order (namesakes by the client's id), each client's cases newest first, one of two
# ways. SQLite is kept on the way chosen by ``|| ''``, since no index serves an expression: of two tables
# joined on one, the side with it is read first.
def _walking_clients(where: list[ColumnElement[bool]], descending: bool) -> Select[Any]:
    """Walk ``ix_client_listing`` and each client's cases by ``client_id`` (``where`` with the client
    joined): a window costs the cases up to it rather than a sort of all of them (3.7 s for 400,000). The
    worker's and the community's conditions on ``… || ''`` too, or SQLite read each client's cases as all
    of the worker's (30 s), or of the community's, through the listing index led by it."""
    return (select(CaseFile.id).select_from(Client).join(CaseFile, CaseFile.client_id == Client.id + "")
            .where(*(replacement_traverse(clause, {}, _unindexed_leaders) for clause in where))
            .order_by(*_by_client(descending)))


def _sorted_by_client(where: list[ColumnElement[bool]], descending: bool) -> Select[Any]:
    """Read the cases ``where`` leaves, each one's client by id, and sort them: for a list of a few
    thousand, which the walk would cross every client to find."""
    return (select(CaseFile.id).join(Client, Client.id == CaseFile.client_id + "").where(*where)
            .order_by(*_by_client(descending)))


def _by_client(descending: bool) -> tuple[ColumnElement[Any], ...]:
    keys = (Client.name_sort, Client.id)
    return (*(key.desc() if descending else key for key in keys), *NEWEST)


_LEADERS = frozenset({"worker_user_id", "community_id"})  # of ix_case_worker_listing, ix_case_community_listing


def _led(where: list[ColumnElement[bool]]) -> bool:
    """Whether ``where`` tests a column that leads a listing index of the cases."""
    return any(isinstance(element, Column) and element.table is CaseFile.__table__ and element.key in _LEADERS
               for clause in where for element in iterate(clause))


def _unindexed_leaders(element: Any) -> ColumnElement[str] | None:
    """The columns that lead a listing index of the cases, as expressions no index serves."""
    if isinstance(element, Column) and element.table is CaseFile.__table__ and element.key in _LEADERS:
        return element + ""
    return None


def count(session: Session, query: CaseQuery = CaseQuery(), today: date | None = None) -> int:
    where = _where(session, query, today or date.today())
    return session.scalar(select(func.count()).select_from(CaseFile).where(*where)) or 0


def rows(session: Session, ids: Sequence[str], today: date | None = None) -> list[CaseRow]:
    """The rows of ``ids`` (a page of ``list_ids``) the signed-in user may see, in the order given."""
    today = today or date.today()
    who = require(session, Action.VIEW_CASES)
    found: dict[str, CaseRow] = {}
    for chunk in batches.in_chunks(ids):
        due = {case_id: day for case_id, day in session.execute(
            select(CaseFollowUp.case_id, func.min(CaseFollowUp.due_on)).where(
                CaseFollowUp.case_id.in_(chunk), CaseFollowUp.done_on.is_(None), CaseFollowUp.deleted_at.is_(None))
            .group_by(CaseFollowUp.case_id))}
        for row in session.execute(
                select(CaseFile.id, CaseFile.number, Client,
                       Community.name.label("community"), CaseFile.worker_name, CaseFile.stage, CaseFile.risk,
                       CaseFile.opened_on, CaseFile.worker_user_id, CaseFile.deleted_at)
                .join(Client, CaseFile.client_id == Client.id).join(Community, CaseFile.community_id == Community.id)
                .where(CaseFile.id.in_(chunk))):
            # Checked here, not in SQL: with the worker's condition in the WHERE clause SQLite read these
            # rows through the worker's index rather than by primary key (260 ms for a page of 180,000).
            if not may_see(who, row.worker_user_id, row.deleted_at):
                continue
            next_due = due.get(row.id)
            found[row.id] = CaseRow(row.id, row.number, row.Client.name, masked_id(session, row.Client),
                                    row.community, row.worker_name, row.stage, row.risk, row.opened_on, next_due,
                                    next_due is not None and next_due < today)
    return [found[i] for i in ids if i in found]


def list_all(session: Session, query: CaseQuery = CaseQuery(), today: date | None = None) -> list[CaseRow]:
    return rows(session, list_ids(session, query, today), today)
