"""What a county office holds of one station (数据同步 → a station's data; ``wushe sync status
--station``): per register the station's records, how its bundles stand, and, for the registers that
are not about people in need, the records themselves, read-only.

A record counts for the node it belongs to, its first writer (``home_node.first_writer``), whoever
changed it since: a station's village another station edited, or a conflict about it settled at the
county, is still that station's. Clients and cases are shown as numbers only; their names stay at the
station that serves them. ``owners`` tells, of any rows, the station each counts for (the 站点 column of
``wushe communities list`` at a county).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.codes import TABLE_LABELS, label
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.batches import in_chunks
from desktop.services.guard import require
from desktop.storage.models import ChangeLogEntry, Station, SyncBundleLog, SyncPeer
from desktop.sync.home_node import READ_ONLY_KINDS, first_writer, node_name
from desktop.sync.peers import DATA, RECEIVED, PeerView, find_peer, identity, peer_view, received_sequences
from desktop.sync.registry import table_of
from desktop.sync.routing import written_by

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
    data_bundles: int = 0  # the data bundles received from it (acknowledgements not counted)
    last_sequence: int = 0  # the highest sequence number among them


@dataclass(frozen=True)
class Owner:
    """The node a record counts for here (its first writer) and what a person calls that node."""

    node_id: str
    name: str


def _only_its_own(table: str, station_id: str) -> list[Any]:
    """The live rows the station wrote and no other node did: its own without looking further."""
    t = table_of(table).table
    return [t.c.deleted_at.is_(None), t.c.origin_node == station_id,
            ~written_by(t, table, ChangeLogEntry.origin_node != station_id)]


def _shared_but_its_own(session: Session, table: str, station_id: str) -> list[str]:
    """The ids of the live rows the station and another node both wrote that are the station's: those it
    wrote first. Few rows are written by two nodes, so each is looked up on its own."""
    t = table_of(table).table
    shared = session.execute(select(t.c.id, t.c.origin_node).where(
        t.c.deleted_at.is_(None), written_by(t, table, ChangeLogEntry.origin_node != station_id),
        (t.c.origin_node == station_id) | written_by(t, table, ChangeLogEntry.origin_node == station_id)))
    return [row_id for row_id, origin in shared if first_writer(session, table, row_id, origin) == station_id]


def _count(session: Session, table: str, station_id: str) -> int:
    t = table_of(table).table
    return (session.scalar(select(func.count()).select_from(t).where(*_only_its_own(table, station_id))) or 0) + \
        len(_shared_but_its_own(session, table, station_id))


def station_view(session: Session, ref: str) -> StationView:
    """How the station ``ref`` (a peer's name or node id) stands here, register by register."""
    require(session, Action.VIEW)
    peer = find_peer(session, node_named(session, ref))
    counts = tuple(RegisterCount(table, label(TABLE_LABELS, table), _count(session, table, peer.node_id),
                                 naming is None) for table, naming in REGISTERS)
    last = session.execute(select(SyncBundleLog.at, SyncBundleLog.rows).where(
        SyncBundleLog.peer_id == peer.node_id, SyncBundleLog.direction == RECEIVED, SyncBundleLog.kind == DATA)
        .order_by(SyncBundleLog.at.desc()).limit(1)).first()
    view = peer_view(session, peer)
    return StationView(view, counts, last[0] if last else None, last[1] if last else 0,
                       len(received_sequences(session, peer.node_id)), view.last_received_sequence)


def owners(session: Session, table: str, ids: Collection[str]) -> dict[str, Owner]:
    """Of each row of ``ids`` in ``table``, the node it counts for, as ``station_view`` counts it: the first
    writer in the change log (one query a chunk of ids), else the writer of its current version."""
    t = table_of(table).table
    later = aliased(ChangeLogEntry)
    first = select(func.min(later.seq)).where(later.table_name == table, later.row_id == ChangeLogEntry.row_id)
    found: dict[str, str] = {}
    for chunk in in_chunks(list(ids)):
        found.update((row_id, node) for row_id, node in session.execute(
            select(t.c.id, t.c.origin_node).where(t.c.id.in_(chunk))))
        found.update((row_id, node) for row_id, node in session.execute(
            select(ChangeLogEntry.row_id, ChangeLogEntry.origin_node).where(
                ChangeLogEntry.table_name == table, ChangeLogEntry.row_id.in_(chunk),
                ChangeLogEntry.seq == first.scalar_subquery())))
    names = {node: node_name(session, node) for node in set(found.values())}
    return {row_id: Owner(node, names[node]) for row_id, node in found.items()}


def node_named(session: Session, ref: str) -> str:
    """The node id of a station (a peer's name or id, as ``find_peer`` takes it, or this node by its name),
    else of the one node known here whose name starts with ``ref``, else contains it (石门 for 石门镇社会工作
    服务站). Several such are refused, naming them; none, as ``find_peer`` refuses."""
    me, wanted = identity(session).node_id, ref.strip()
    if wanted in (me, node_name(session, me)):
        return me
    try:
        return find_peer(session, wanted).node_id
    except NotFoundError:
        named = {node: node_name(session, node) for node in
                 {me, *session.scalars(select(Station.id)), *session.scalars(select(SyncPeer.node_id))}}
        folded = wanted.casefold()
        found = [node for node, name in named.items() if folded and name.casefold().startswith(folded)] or \
            [node for node, name in named.items() if folded and folded in name.casefold()]
        if len(found) == 1:
            return found[0]
        if not found:
            raise
    raise ValidationError("station", _("“{ref}” names several stations: {names}. Give more of the name.").format(
        ref=wanted, names=", ".join(sorted(named[node] for node in found))))


def at_county(session: Session) -> bool:
    """Whether this node is a county office, whose registers hold many stations' records."""
    return identity(session).kind in READ_ONLY_KINDS


def station_records(session: Session, ref: str, table: str) -> list[str]:
    """The names of the station's live records in one register, in name order; not for the registers
    shown as numbers only."""
    require(session, Action.VIEW)
    naming = dict(REGISTERS).get(table)
    if naming is None:
        raise ValidationError("register", _("Only the number of records is shown for this register."))
    peer = find_peer(session, node_named(session, ref))
    t = table_of(table).table
    order = t.c.name_sort if "name_sort" in t.c else t.c[naming]
    shown = select(order, t.c.id, t.c[naming])
    rows = list(session.execute(shown.where(*_only_its_own(table, peer.node_id))))
    for chunk in in_chunks(_shared_but_its_own(session, table, peer.node_id)):
        rows += session.execute(shown.where(t.c.id.in_(chunk)))
    return [name for _order, _id, name in sorted(rows, key=lambda row: (row[0] or "", row[1]))]
