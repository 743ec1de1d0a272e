"""This node's public keys, the peers it trusts, and how the exchange with each stands."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import NODE_KINDS, label
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.guard import require
from desktop.storage import audit
from desktop.storage.models import ChangeLogEntry, NodeIdentity, Station, SyncBundleLog, SyncConflict, SyncPeer
from desktop.sync.peer_keys import PeerKey, fingerprint

SENT, RECEIVED = "sent", "received"
DATA, ACK = "data", "ack"


@dataclass(frozen=True)
class PeerView:
    node_id: str
    name: str
    kind: str
    kind_label: str
    fingerprint: str
    added_at: datetime
    bundles_sent: int
    bundles_received: int
    last_sent_at: datetime | None
    last_received_at: datetime | None
    last_received_sequence: int  # the highest data bundle sequence received from the peer
    missing_sequences: tuple[int, ...]  # data bundles of the peer not received (gaps)
    acked_change_seq: int  # how far our change log has reached the peer
    unacked_changes: int  # our change-log entries the peer has not acknowledged
    open_conflicts: int  # conflicts found in bundles from this peer, not yet resolved
    clock_ahead_ms: int  # how far the peer's newest stamp in its last bundle was ahead of our clock


def identity(session: Session) -> NodeIdentity:
    found = session.scalar(select(NodeIdentity))
    if found is None:
        raise NotFoundError(_("This database has not been set up yet; run the setup first."))
    return found


def my_key(session: Session) -> PeerKey:
    """This node's public keys, as a peer adds them."""
    me = identity(session)
    station = session.get(Station, me.node_id)
    assert station is not None
    return PeerKey(me.node_id, station.name, me.kind, me.signing_public, me.encryption_public)


def add_peer(session: Session, key: PeerKey) -> PeerView:
    """Trust ``key``'s node. Adding a known node again with other keys replaces them (it was set up
    again); the audit log records either."""
    require(session, Action.SYNC)
    if key.node_id == identity(session).node_id:
        raise ValidationError("file", _("This is this node's own key file; add the other node's."))
    peer = session.get(SyncPeer, key.node_id)
    action = "sync.peer.add" if peer is None else "sync.peer.rekey"
    if peer is None:
        peer = SyncPeer(node_id=key.node_id, acked_change_seq=0, applied_change_seq=0)
        session.add(peer)
    elif (peer.signing_public, peer.encryption_public, peer.name, peer.kind) == \
            (key.signing_public, key.encryption_public, key.name, key.kind):
        return peer_view(session, peer)
    peer.name, peer.kind = key.name, key.kind
    peer.signing_public, peer.encryption_public = key.signing_public, key.encryption_public
    peer.added_by = session.info.get("actor", "")
    session.flush()
    audit.append(session, action, table_name=SyncPeer.__tablename__, row_id=key.node_id,
                 detail={"name": key.name, "kind": key.kind, "fingerprint": fingerprint(key.signing_public)})
    return peer_view(session, peer)


def find_peer(session: Session, ref: str) -> SyncPeer:
    """A peer by node id, by the start of it (8+ characters) or by its exact name."""
    ref = ref.strip()
    peer = session.get(SyncPeer, ref)
    if peer is None and ref:
        matches = list(session.scalars(select(SyncPeer).where(SyncPeer.name == ref)))
        if not matches and len(ref) >= 8:
            matches = list(session.scalars(select(SyncPeer).where(SyncPeer.node_id.startswith(ref, autoescape=True))))
        peer = matches[0] if len(matches) == 1 else None
    if peer is None:
        raise NotFoundError(_("No trusted peer {peer}; add its key file first.").format(peer=ref))
    return peer


def received_sequences(session: Session, peer_id: str) -> list[int]:
    return list(session.scalars(select(SyncBundleLog.sequence).where(
        SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == RECEIVED, SyncBundleLog.kind == DATA)
        .order_by(SyncBundleLog.sequence)))


def missing_sequences(received: list[int]) -> tuple[int, ...]:
    """The sequence numbers below the highest received that never arrived."""
    have = set(received)
    return tuple(n for n in range(1, max(have, default=0)) if n not in have)


def last_sent(session: Session, peer_id: str) -> SyncBundleLog | None:
    """Our last data bundle to the peer: the next one follows its sequence and names its hash."""
    return session.scalar(select(SyncBundleLog).where(
        SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == SENT, SyncBundleLog.kind == DATA)
        .order_by(SyncBundleLog.sequence.desc()).limit(1))


def peer_view(session: Session, peer: SyncPeer) -> PeerView:
    logs = session.execute(select(SyncBundleLog.direction, func.count(), func.max(SyncBundleLog.at)).where(
        SyncBundleLog.peer_id == peer.node_id).group_by(SyncBundleLog.direction)).all()
    by_direction = {direction: (count, at) for direction, count, at in logs}
    received = received_sequences(session, peer.node_id)
    last = session.scalar(select(SyncBundleLog.detail).where(
        SyncBundleLog.peer_id == peer.node_id, SyncBundleLog.direction == RECEIVED, SyncBundleLog.kind == DATA)
        .order_by(SyncBundleLog.at.desc()).limit(1))
    conflicts = session.scalar(select(func.count()).select_from(SyncConflict).join(
        SyncBundleLog, SyncBundleLog.bundle_id == SyncConflict.bundle_id).where(
        SyncBundleLog.peer_id == peer.node_id, SyncConflict.resolved_at.is_(None))) or 0
    unacked = session.scalar(select(func.count()).select_from(ChangeLogEntry).where(  # the peer's own never go back
        ChangeLogEntry.seq > peer.acked_change_seq, ChangeLogEntry.origin_node != peer.node_id)) or 0
    return PeerView(
        peer.node_id, peer.name, peer.kind, label(NODE_KINDS, peer.kind), fingerprint(peer.signing_public),
        peer.added_at, by_direction.get(SENT, (0, None))[0], by_direction.get(RECEIVED, (0, None))[0],
        by_direction.get(SENT, (0, None))[1], by_direction.get(RECEIVED, (0, None))[1],
        max(received, default=0), missing_sequences(received), peer.acked_change_seq, unacked, conflicts,
        json.loads(last).get("skew_ms", 0) if last else 0)


def list_peers(session: Session) -> list[PeerView]:
    require(session, Action.VIEW)
    return [peer_view(session, peer) for peer in session.scalars(select(SyncPeer).order_by(SyncPeer.name))]


@dataclass(frozen=True)
class SyncStatus:
    node_id: str
    name: str
    kind: str
    fingerprint: str
    change_seq: int  # the head of our change log
    open_conflicts: int
    peers: list[PeerView]


def status(session: Session) -> SyncStatus:
    require(session, Action.VIEW)
    key = my_key(session)
    return SyncStatus(
        key.node_id, key.name, key.kind, fingerprint(key.signing_public),
        session.scalar(select(func.max(ChangeLogEntry.seq))) or 0,
        session.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))) or 0,
        list_peers(session))
