"""Reading the audit log (设置 → 审计, ``wushe audit``): filters, pages, and the chain check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.services.guard import require
from desktop.services.listing import IdPage, id_page
from desktop.storage import audit
from desktop.storage.models import AuditEntry


@dataclass(frozen=True)
class AuditQuery:
    actor: str = ""
    action: str = ""  # exact action code, or a prefix ending in "." (e.g. "user.")
    table: str = ""
    since: datetime | None = None
    until: datetime | None = None
    node: str = ""  # the node whose chain: this one's, or another's that came in bundles


@dataclass(frozen=True)
class AuditView:
    seq: int
    at: datetime
    actor: str
    action: str
    table_name: str
    row_id: str
    detail: str
    node_id: str


def list_ids(session: Session, query: AuditQuery = AuditQuery()) -> list[int]:
    """Sequence numbers, newest first, filtered in SQL."""
    return list(session.scalars(_select(session, query)))


def list_page(session: Session, query: AuditQuery, offset: int, limit: int, with_total: bool) -> IdPage[int]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(session, query), offset, limit, with_total)


def _select(session: Session, query: AuditQuery) -> Select[Any]:
    require(session, Action.VIEW_AUDIT)
    stmt = select(AuditEntry.seq)
    if query.actor:
        stmt = stmt.where(AuditEntry.actor == query.actor)
    if query.action.endswith("."):
        stmt = stmt.where(AuditEntry.action.startswith(query.action, autoescape=True))
    elif query.action:
        stmt = stmt.where(AuditEntry.action == query.action)
    if query.table:
        stmt = stmt.where(AuditEntry.table_name == query.table)
    if query.since:
        stmt = stmt.where(AuditEntry.at >= query.since)
    if query.until:
        stmt = stmt.where(AuditEntry.at <= query.until)
    if query.node:
        stmt = stmt.where(AuditEntry.node_id == query.node)
    return stmt.order_by(AuditEntry.seq.desc())


def get_many(session: Session, seqs: Sequence[int]) -> list[AuditView]:
    require(session, Action.VIEW_AUDIT)
    rows = {r.seq: r for r in session.scalars(select(AuditEntry).where(AuditEntry.seq.in_(seqs)))}
    return [AuditView(r.seq, r.at, r.actor, r.action, r.table_name, r.row_id, r.detail, r.node_id)
            for r in (rows[s] for s in seqs if s in rows)]


def actors(session: Session) -> list[str]:
    """Everyone who appears in the log, for the filter's choices."""
    require(session, Action.VIEW_AUDIT)
    return list(session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))


def nodes(session: Session) -> list[str]:
    """The nodes whose entries are here (this one's, and those that came in bundles), for the filter's choices."""
    require(session, Action.VIEW_AUDIT)
    return list(session.scalars(select(AuditEntry.node_id).distinct().order_by(AuditEntry.node_id)))


def verify(session: Session) -> audit.ChainReport:
    require(session, Action.VIEW_AUDIT)
    return audit.verify_chain(session)
