"""Which rows a node passes on to a peer. A county office sees every station's data, but a station
must never receive another station's records (DESIGN §7, issue 8): from a county to a station or a
village room only the row versions the county wrote itself, or the recipient wrote, travel; those the
county got from other stations stay there. Every other pair of nodes exchanges everything.

A row counts for the node that last wrote it (as ``station_view`` counts it): the recipient's own row
edited back at the county, a conflict settled there say, reaches it as the county's. But a row the
county last wrote that another station wrote before (its change log says so) is that station's and stays:
it would show the other station's data, and name records the recipient does not have. A county's
pruned change log still tells: it keeps an entry of every node that wrote a row (``pruning.py``). A
conflict record carries both versions of a row, so one goes down only to a node that wrote one of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.storage.models import ChangeLogEntry, NodeIdentity, SyncConflict, SyncPeer
from desktop.sync.registry import SyncedTable

LOCAL_KINDS = ("station", "room")  # the nodes that serve people and hold only their own records


@dataclass(frozen=True)
class Route:
    """From a county (``sender``) down to one of its stations (``recipient``)."""

    sender: str
    recipient: str

    def conditions(self, table: SyncedTable) -> list[Any]:
        """What a row of ``table`` must satisfy to go down this route."""
        t = table.table
        elsewhere = select(ChangeLogEntry.row_id).where(
            ChangeLogEntry.row_id == t.c.id, ChangeLogEntry.table_name == table.name,
            ChangeLogEntry.origin_node.not_in((self.sender, self.recipient)))
        where = [or_(t.c.origin_node == self.recipient, (t.c.origin_node == self.sender) & ~elsewhere.exists())]
        if table.name == SyncConflict.__tablename__:
            where.append(or_(*(func.json_extract(t.c[side], "$.origin") == self.recipient
                               for side in ("winner", "loser"))))
        return where


def route_to(session: Session, peer_id: str, peer_kind: str) -> Route | None:
    """How rows to the peer are narrowed, or None when everything goes."""
    me = session.scalar(select(NodeIdentity))
    if me is not None and me.kind == "county" and peer_kind in LOCAL_KINDS:
        return Route(me.node_id, peer_id)
    return None


def unsent_changes(session: Session, peer: SyncPeer) -> int:
    """Our change-log entries the peer has not acknowledged and would be sent: the peer's own never go
    back, and those that stay here by the route are not waiting for it."""
    where = [ChangeLogEntry.seq > peer.acked_change_seq, ChangeLogEntry.origin_node != peer.node_id]
    route = route_to(session, peer.node_id, peer.kind)
    if route is not None:
        where.append(ChangeLogEntry.origin_node == route.sender)
    return session.scalar(select(func.count()).select_from(ChangeLogEntry).where(*where)) or 0
