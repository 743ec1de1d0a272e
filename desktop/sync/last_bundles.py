"""The last data bundle this node wrote and the last it imported, for the Export and import tab: two
indexed reads of the bundle log, cheap enough for the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.services.guard import require
from desktop.storage.models import SyncBundleLog, SyncPeer
from desktop.sync.peers import DATA


@dataclass(frozen=True)
class LastBundle:
    peer_name: str
    sequence: int
    at: datetime
    rows: int


def last_bundle(session: Session, direction: str) -> LastBundle | None:
    """The latest data bundle ``direction`` (``peers.SENT`` or ``RECEIVED``), or None before the first."""
    require(session, Action.VIEW)
    row = session.execute(
        select(SyncPeer.name, SyncBundleLog.sequence, SyncBundleLog.at, SyncBundleLog.rows)
        .join(SyncPeer, SyncPeer.node_id == SyncBundleLog.peer_id)
        .where(SyncBundleLog.direction == direction, SyncBundleLog.kind == DATA)
        .order_by(SyncBundleLog.at.desc()).limit(1)).first()
    return None if row is None else LastBundle(*row)

