"""What a county office holds of one station (数据同步 → a station's data; ``wushe sync status
--station``): per register the records whose current version that station wrote, how its bundles
stand, and, for the registers that are not about people in need, the records themselves, read-only.

A record counts for the node that last wrote it: one the county corrected counts for the county.
Clients and cases are shown as numbers only; their names stay at the station that serves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import TABLE_LABELS, label
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.guard import require
from desktop.storage.models import SyncBundleLog
from desktop.sync.peers import DATA, RECEIVED, PeerView, find_peer, peer_view
from desktop.sync.registry import table_of

# (table, the column that names a record to a person, or None for a register shown as a number only)
REGISTERS: tuple[tuple[str, str | None], ...] = (
    ("community", "name"), ("social_org", "name"), ("social_worker", "name"), ("volunteer", "name"),
    ("client", None), ("case_file", None), ("project", "title"), ("fund", "name"),
)


@dataclass(frozen=True)
class RegisterCount:
    table: str
    label: str
    count: int
    counts_only: bool  # its records are not listed, only counted


@dataclass(frozen=True)
class StationView:
    peer: PeerView
    registers: tuple[RegisterCount, ...]
    last_bundle_at: datetime | None  # the last data bundle received from it
    last_bundle_rows: int


def _live(table: str, station_id: str) -> list[Any]:
    t = table_of(table).table
    return [t.c.origin_node == station_id, t.c.deleted_at.is_(None)]


def station_view(session: Session, ref: str) -> StationView:
    """How the station ``ref`` (a peer's name or node id) stands here, register by register."""
    require(session, Action.VIEW)
    peer = find_peer(session, ref)
    counts = tuple(RegisterCount(table, label(TABLE_LABELS, table),
                                 session.scalar(select(func.count()).select_from(table_of(table).table)
                                                .where(*_live(table, peer.node_id))) or 0, naming is None)
                   for table, naming in REGISTERS)
    last = session.execute(select(SyncBundleLog.at, SyncBundleLog.rows).where(
        SyncBundleLog.peer_id == peer.node_id, SyncBundleLog.direction == RECEIVED, SyncBundleLog.kind == DATA)
        .order_by(SyncBundleLog.at.desc()).limit(1)).first()
    return StationView(peer_view(session, peer), counts, last[0] if last else None, last[1] if last else 0)


def station_records(session: Session, ref: str, table: str) -> list[str]:
    """The names of the station's live records in one register, in name order; not for the registers
    shown as numbers only."""
    require(session, Action.VIEW)
    naming = dict(REGISTERS).get(table)
    if naming is None:
        raise ValidationError("register", _("Only the number of records is shown for this register."))
    peer = find_peer(session, ref)
    t = table_of(table).table
    order = t.c.name_sort if "name_sort" in t.c else t.c[naming]
    return list(session.scalars(select(t.c[naming]).where(*_live(table, peer.node_id)).order_by(order, t.c.id)))
