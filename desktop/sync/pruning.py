"""Pruning the change log: entries every trusted peer has acknowledged, older than ``KEEP_DAYS``.

An incremental export reads the log after the peer's acknowledgement, so entries every peer has
acknowledged are never read again, except by a peer added later, which is sent a full bundle
(``needs_full``). The last days are kept all the same: a bundle written before its sender's latest
acknowledgement may still arrive, and the merge finds concurrent edits in the entries it did not see.
Two entries always stay: the newest (SQLite would hand its seq out again) and the one with the greatest
stamp (the clock starts past it). A county also keeps, of each row, the entries that say who wrote it:
its first (the node the row belongs to, ``home_node``) and the first of every other node that wrote it (a
row goes down only to the stations that wrote it, ``routing``); a station's many edits of a row
leave one entry.
Each pruning is an audit entry ``sync.prune`` naming how far it went.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.hlc import pack, wall_ms
from desktop.domain.permissions import Action
from desktop.services.guard import require
from desktop.storage import audit
from desktop.storage.models import AuditEntry, ChangeLogEntry, NodeIdentity, SyncPeer

KEEP_DAYS = 30
PRUNE_ACTION = "sync.prune"
_DAY_MS = 24 * 60 * 60 * 1000


@dataclass(frozen=True)
class PruneResult:
    through: int  # entries up to this seq were pruned (those not kept); 0: none may be
    entries: int  # how many were (or, on a dry run, would be) removed
    remaining: int  # entries left in the log
    dry_run: bool


def _kept(session: Session) -> set[int]:
    newest = session.scalar(select(func.max(ChangeLogEntry.seq)))
    latest_stamp = session.scalar(select(ChangeLogEntry.seq).order_by(ChangeLogEntry.hlc.desc()).limit(1))
    return {seq for seq in (newest, latest_stamp) if seq is not None}


def _not_who_wrote(me: str) -> ColumnElement[bool]:
    """The entries that say nothing new about who wrote a row: after the row's first, and either ours
    (``me``) or after an earlier one of the same node."""
    earlier = aliased(ChangeLogEntry)
    of_row = (earlier.row_id == ChangeLogEntry.row_id, earlier.table_name == ChangeLogEntry.table_name,
              earlier.seq < ChangeLogEntry.seq)
    by_same = select(earlier.seq).where(*of_row, earlier.origin_node == ChangeLogEntry.origin_node).exists()
    return select(earlier.seq).where(*of_row).exists() & or_(ChangeLogEntry.origin_node == me, by_same)


def prune(session: Session, *, keep_days: int | None = None, dry_run: bool = False) -> PruneResult:
    """Remove the change-log entries every trusted peer has acknowledged and stamped more than
    ``keep_days`` (``KEEP_DAYS``) ago. A node with no peers keeps its whole log."""
    require(session, Action.SYNC)
    keep_days = KEEP_DAYS if keep_days is None else keep_days
    through = session.scalar(select(func.min(SyncPeer.acked_change_seq))) or 0
    before = pack(wall_ms() - keep_days * _DAY_MS, 0)
    where = [ChangeLogEntry.seq <= through, ChangeLogEntry.hlc < before, ChangeLogEntry.seq.not_in(_kept(session))]
    me = session.scalar(select(NodeIdentity))
    if me is not None and me.kind == "county":
        where.append(_not_who_wrote(me.node_id))
    count = session.scalar(select(func.count()).select_from(ChangeLogEntry).where(*where)) or 0
    if count and not dry_run:
        session.execute(delete(ChangeLogEntry).where(*where))
        audit.append(session, PRUNE_ACTION, table_name=ChangeLogEntry.__tablename__,
                     detail={"through": through, "entries": count, "keep_days": keep_days})
    remaining = session.scalar(select(func.count()).select_from(ChangeLogEntry)) or 0
    return PruneResult(through if count else 0, count, remaining - (count if dry_run else 0), dry_run)


def pruned_through(session: Session) -> int:
    """How far the change log has been pruned: a peer that acknowledged less needs a full bundle."""
    detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == PRUNE_ACTION)
                            .order_by(AuditEntry.seq.desc()).limit(1))
    return int(json.loads(detail)["through"]) if detail else 0


def needs_full(session: Session, peer: SyncPeer) -> bool:
    return peer.acked_change_seq < pruned_through(session)
