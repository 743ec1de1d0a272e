"""This node's public keys, the peers it trusts, and how the exchange with each stands."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.codes import NODE_KINDS, label
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.guard import require, vault
from desktop.storage import audit
from desktop.storage.models import ChangeLogEntry, NodeIdentity, Station, SyncBundleLog, SyncConflict, SyncPeer
from desktop.sync.key_storage import open_encryption_key, open_signing_key
from desktop.sync.peer_keys import PeerKey, fingerprint, fingerprint_matches

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
    open_conflicts: int  # conflicts found here in bundles from this peer, or found by it; not yet resolved
    clock_ahead_ms: int  # how far the peer's newest stamp in its last bundle was ahead of our clock


def identity(session: Session) -> NodeIdentity:
    found = session.scalar(select(NodeIdentity))
    if found is None:
        raise NotFoundError(_("This database has not been set up yet; run the setup first."))
    return found


def signing_key(session: Session) -> Ed25519PrivateKey:
    """This node's private signing key, opened with the data key (sign in first)."""
    me = identity(session)
    return open_signing_key(vault(session), me.node_id, me.signing_private)


def encryption_key(session: Session) -> X25519PrivateKey:
    """This node's private X25519 key, opened with the data key (sign in first)."""
    me = identity(session)
    return open_encryption_key(vault(session), me.node_id, me.encryption_private)


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


def add_peer_by_fingerprint(session: Session, key: PeerKey, typed: str) -> PeerView:
    """Trust ``key``'s node only if ``typed``, the fingerprint the other node read out (all of it or
    the first half), is its key's: for a key from a file or a bundle (``bundle.peek_sender``)."""
    if not fingerprint_matches(key.signing_public, typed):
        raise ValidationError("fingerprint", _("The key in this file has another fingerprint ({fp}); do not add "
                                               "it before checking with the other node.").format(
            fp=fingerprint(key.signing_public)))
    return add_peer(session, key)


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
    conflicts = session.scalar(select(func.count()).select_from(SyncConflict).outerjoin(
        SyncBundleLog, SyncBundleLog.bundle_id == SyncConflict.bundle_id).where(
        or_(SyncBundleLog.peer_id == peer.node_id, SyncConflict.origin_node == peer.node_id),
        SyncConflict.resolved_at.is_(None))) or 0
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
