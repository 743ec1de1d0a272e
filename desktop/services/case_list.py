"""The case list: ids in display order with every filter in SQL, then rows for the ids on screen.

Sized for 400,000 cases. The default order, newest opened first, walks ``ix_case_listing``
(opened_on, id, then the filtered columns) backwards, so the ids come off the index without a sort
or a table read; filters on the client (target group, name, ID digits) and on follow-ups are
sub-queries of their own tables. Only the cases the signed-in user may see are listed: a social
worker's come off the worker index and are sorted, which a caseload of hundreds makes cheap.
``list_page`` gives a window of the list, for a paged table; ``list_ids`` all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import OPEN_STAGES, STAGE_LABELS, Stage
from desktop.domain.codes import RISK_LEVELS
from desktop.domain.permissions import Action
from desktop.i18n import N_, _
from desktop.services import batches
from desktop.services.case_access import may_see, visible
from desktop.services.cases import masked_tail
from desktop.services.clients import text_matches
from desktop.services.guard import principal, require
from desktop.services.listing import IdPage, id_page, in_listed_order
from desktop.services.tags import has_tag
from desktop.storage.models import CaseFile, CaseFollowUp, Client, Community

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
    overdue: bool = False  # a follow-up not done and due before today
    order_by: str = "opened"  # a key of ORDERS
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
    next_due: date | None  # the soonest follow-up not yet done
    overdue: bool

    @property
    def stage_label(self) -> str:
        return _(STAGE_LABELS[self.stage]) if self.stage in STAGE_LABELS else self.stage


# What CaseQuery.order_by may name; ties go newest opened first.
ORDERS: dict[str, ColumnElement[Any]] = {
    "opened": CaseFile.opened_on.expression,
    "number": CaseFile.number.expression,
    "client": select(Client.name_sort).where(Client.id == CaseFile.client_id).scalar_subquery(),
    "community": select(Community.name_sort).where(Community.id == CaseFile.community_id).scalar_subquery(),
    "worker": CaseFile.worker_name.expression,
    "stage": in_listed_order(CaseFile.stage.expression, STAGE_LABELS),
    "risk": in_listed_order(CaseFile.risk.expression, RISK_LEVELS),
}

def _text_match(text: str) -> ColumnElement[bool]:
    """A case number, or a client found by name (Chinese part, pinyin initials) or ID number ending."""
    return or_(CaseFile.number == text, CaseFile.client_id.in_(select(Client.id).where(text_matches(text))))


def _where(session: Session, query: CaseQuery, today: date) -> list[ColumnElement[bool]]:
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
    if query.target_group:
        where.append(CaseFile.client_id.in_(select(Client.id).where(has_tag(Client.target_groups, query.target_group))))
    if query.overdue:
        where.append(CaseFile.id.in_(select(CaseFollowUp.case_id).where(
            CaseFollowUp.done_on.is_(None), CaseFollowUp.due_on < today, CaseFollowUp.deleted_at.is_(None))))
    if query.text.strip():
        where.append(_text_match(query.text.strip()))
    return where


def _order(query: CaseQuery) -> tuple[ColumnElement[Any], ...]:
    newest = (CaseFile.opened_on.desc(), CaseFile.id.desc())
    if query.order_by not in ORDERS or query.order_by == "opened":
        return newest if query.descending else (CaseFile.opened_on, CaseFile.id)
    key = ORDERS[query.order_by]
    return (key.desc() if query.descending else key, *newest)


def list_ids(session: Session, query: CaseQuery = CaseQuery(), today: date | None = None) -> list[str]:
    """Ids of the cases the signed-in user may see that match ``query``, in its order."""
    return list(session.scalars(_select(session, query, today)))


def list_page(session: Session, query: CaseQuery, offset: int, limit: int, with_total: bool,
              today: date | None = None) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query, today), offset, limit, with_total)


def _select(session: Session, query: CaseQuery, today: date | None) -> Select[Any]:
    where = _where(session, query, today or date.today())
    return select(CaseFile.id).where(*where).order_by(*_order(query))


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
                select(CaseFile.id, CaseFile.number, Client.name.label("client"), Client.id_tail,
                       Community.name.label("community"), CaseFile.worker_name, CaseFile.stage, CaseFile.risk,
                       CaseFile.opened_on, CaseFile.worker_user_id, CaseFile.deleted_at)
                .join(Client, CaseFile.client_id == Client.id).join(Community, CaseFile.community_id == Community.id)
                .where(CaseFile.id.in_(chunk))):
            # Checked here, not in SQL: with the worker's condition in the WHERE clause SQLite read these
            # rows through the worker's index rather than by primary key (260 ms for a page of 180,000).
            if not may_see(who, row.worker_user_id, row.deleted_at):
                continue
            next_due = due.get(row.id)
            found[row.id] = CaseRow(row.id, row.number, row.client, masked_tail(row.id_tail), row.community,
                                    row.worker_name, row.stage, row.risk, row.opened_on, next_due,
                                    next_due is not None and next_due < today)
    return [found[i] for i in ids if i in found]


def list_all(session: Session, query: CaseQuery = CaseQuery(), today: date | None = None) -> list[CaseRow]:
    return rows(session, list_ids(session, query, today), today)
