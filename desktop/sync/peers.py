"""This node's public keys, the peers it trusts, and how the exchange with each stands.

How the exchange stands comes in two parts: ``status`` / ``peer_view`` at once (a few indexed queries a peer),
and ``waiting_counts``, what the next bundle to each peer would carry, which takes 0.5–2.4 s a peer on
200,000 unacknowledged records: the screens count it on the database worker, the CLI right after the status."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
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
from desktop.sync.routing import unsent_changes

SENT, RECEIVED = "sent", "received"
DATA, ACK = "data", "ack"
FULL_MARK = '"full": true'  # in a received data bundle's ``detail`` (JSON), when it was a full bundle
FULL_KEY = '"full":'  # in the ``detail`` of every data bundle received since the flag was recorded
# In a received data bundle's ``detail``, when its sender sent it again after hearing this node restored a backup:
# it carries all this node lacks of the sender's log, as a full bundle does.
RESENT_MARK = '"resent": true'
# In the ``detail`` of a peer's bundle that showed the peer had restored a backup and lost some of what we sent it.
RESTORED_MARK = '"peer_restored": true'


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
    unacked_changes: int | None  # records the next bundle to the peer would carry; None until counted
    open_conflicts: int  # conflicts found here in bundles from this peer, or found by it; not yet resolved
    clock_ahead_ms: int  # how far the peer's newest stamp in its last bundle was ahead of our clock
    resend_pending: bool = False  # it restored a backup: our next data bundle carries again what it lost


def peer_label(name: str, kind: str) -> str:
    """How a node is named to a person: its name and kind, 青山镇社工站 (station)."""
    return _("{name} ({kind})").format(name=name, kind=label(NODE_KINDS, kind))


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


class KeyChanged(ValidationError):
    """A known node's file or bundle has other keys than the ones trusted here: set up again, or
    someone else's. Its keys replace the trusted ones only when asked for (``replace_key``)."""

    def __init__(self, name: str, old: str, new: str) -> None:
        super().__init__("file", _("{name} is already trusted here with another key (fingerprint {old}); this one has "
                                   "the fingerprint {new}. Replace the trusted key only after checking the new "
                                   "fingerprint with that node.").format(name=name, old=old, new=new))
        self.old, self.new = old, new


def already_trusted(session: Session, key: PeerKey) -> bool:
    """Whether ``key``'s node is trusted here with these very keys."""
    peer = session.get(SyncPeer, key.node_id)
    return peer is not None and (peer.signing_public, peer.encryption_public) == \
        (key.signing_public, key.encryption_public)


def trusted_fingerprint(session: Session, node_id: str) -> str | None:
    """The fingerprint of the key a node is trusted with here, or None when it is not trusted."""
    peer = session.get(SyncPeer, node_id)
    return None if peer is None else fingerprint(peer.signing_public)


def add_peer(session: Session, key: PeerKey, *, replace_key: bool = False) -> PeerView:
    """Trust ``key``'s node. A known node with other keys (set up again, or an impostor) raises
    KeyChanged unless ``replace_key``; the same keys again only take its name and kind. The audit log
    records an addition, a replaced key (with both fingerprints) or a change of name."""
    require(session, Action.SYNC)
    if key.node_id == identity(session).node_id:
        raise ValidationError("file", _("This is this node's own key file; add the other node's."))
    peer = session.get(SyncPeer, key.node_id)
    detail = {"name": key.name, "kind": key.kind, "fingerprint": fingerprint(key.signing_public)}
    if peer is None:
        action = "sync.peer.add"
        peer = SyncPeer(node_id=key.node_id, acked_change_seq=0, applied_change_seq=0)
        session.add(peer)
    elif not already_trusted(session, key):
        if not replace_key:
            raise KeyChanged(peer.name, fingerprint(peer.signing_public), fingerprint(key.signing_public))
        action = "sync.peer.rekey"
        detail["old_fingerprint"] = fingerprint(peer.signing_public)
    elif (peer.name, peer.kind) == (key.name, key.kind):
        return peer_view(session, peer)
    else:
        action = "sync.peer.rename"
    peer.name, peer.kind = key.name, key.kind
    peer.signing_public, peer.encryption_public = key.signing_public, key.encryption_public
    peer.added_by = session.info.get("actor", "")
    session.flush()
    audit.append(session, action, table_name=SyncPeer.__tablename__, row_id=key.node_id, detail=detail)
    return peer_view(session, peer)


def add_peer_by_fingerprint(session: Session, key: PeerKey, typed: str, *, replace_key: bool = False) -> PeerView:
    """Trust ``key``'s node only if ``typed``, the fingerprint the other node read out (all of it or
    the first half), is its key's: for a key from a file or a bundle (``bundle_manifest.peek_sender``)."""
    if not fingerprint_matches(key.signing_public, typed):
        raise ValidationError("fingerprint", _("The key in this file has another fingerprint ({fp}); do not add "
                                               "it before checking with the other node.").format(
            fp=fingerprint(key.signing_public)))
    return add_peer(session, key, replace_key=replace_key)


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


def missing_sequences(received: list[int], covered: int = 0) -> tuple[int, ...]:
    """The sequence numbers below the highest received that never arrived, but for those up to ``covered``
    (``last_full``)."""
    have = set(received)
    return tuple(n for n in range(covered + 1, max(have, default=0)) if n not in have)


def last_full(session: Session, peer_id: str) -> int:
    """The sequence of the last full data bundle received from the peer (0: none): it held every record, so
    the bundles numbered before it that never arrived are no longer missing.

    A bundle received before this was recorded (its ``detail`` has no ``full``) counts as one: whether it was
    full is not known, but it held every change its sender had not heard this node acknowledge, and a missing
    bundle's changes were never acknowledged here, so the first bundle received after it carried them too."""
    full = or_(SyncBundleLog.detail.contains(FULL_MARK, autoescape=True),
               SyncBundleLog.detail.contains(RESENT_MARK, autoescape=True),
               ~SyncBundleLog.detail.contains(FULL_KEY, autoescape=True))
    return session.scalar(select(func.max(SyncBundleLog.sequence)).where(
        SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == RECEIVED, SyncBundleLog.kind == DATA,
        full)) or 0


def gaps(session: Session, peer_id: str) -> tuple[int, ...]:
    """The peer's data bundles not received here and not covered by a later full bundle, recomputed from
    what has arrived."""
    return missing_sequences(received_sequences(session, peer_id), last_full(session, peer_id))


def acked_sequence(session: Session, peer_id: str) -> int:
    """The highest of our data bundles the peer says it has received, as its latest bundles here say (0: none
    says): after this node restored a backup, its numbering goes on after that rather than repeat one."""
    details = session.scalars(select(SyncBundleLog.detail).where(
        SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == RECEIVED)
        .order_by(SyncBundleLog.at.desc()).limit(20))
    found = (json.loads(detail).get("acked_sequence") if detail else None for detail in details)
    return max((n for n in found if type(n) is int), default=0)


def sent_through(session: Session, peer_id: str, sequence: int | None = None) -> int:
    """How far our change log reached the peer in data bundles with their sealed fields (0: none), in those
    numbered up to ``sequence`` when given: the most its acknowledgement can say. One that says more was written
    before this node restored a backup, of bundles it no longer counts as sent and of change-log numbers it is
    now giving to new changes."""
    return session.scalar(select(func.max(SyncBundleLog.change_seq_to)).where(
        SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == SENT, SyncBundleLog.kind == DATA,
        SyncBundleLog.sensitive != "left_out",
        *(() if sequence is None else (SyncBundleLog.sequence <= sequence,)))) or 0


def acks_went_down(session: Session, peer_id: str, said: int, clock_ms: int) -> bool:
    """Whether the peer's bundle written at ``clock_ms`` (its clock) says it received fewer of our data bundles
    (``said``) than the last bundle it wrote before that one: it lost some, having restored a backup. A bundle
    that merely arrives late was written before those that said more, and follows one that said no more."""
    details = session.scalars(select(SyncBundleLog.detail).where(
        SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == RECEIVED,
        SyncBundleLog.detail.contains('"clock_ms":', autoescape=True)).order_by(SyncBundleLog.at.desc()).limit(50))
    written = (json.loads(detail) for detail in details)
    before = max(((found["clock_ms"], found.get("acked_sequence", 0)) for found in written
                  if type(found.get("clock_ms")) is int and found["clock_ms"] < clock_ms), default=None)
    return before is not None and type(before[1]) is int and before[1] > said


def resends(session: Session, peer_id: str) -> bool:
    """Whether a bundle of the peer showed it restored a backup after our last data bundle to it: the next one
    carries again what it lost, and says so (``RESENT_MARK``)."""
    noticed = session.scalar(select(func.max(SyncBundleLog.at)).where(
        SyncBundleLog.peer_id == peer_id, SyncBundleLog.direction == RECEIVED,
        SyncBundleLog.detail.contains(RESTORED_MARK, autoescape=True)))
    last = last_sent(session, peer_id)
    return noticed is not None and (last is None or last.at < noticed)


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
    return PeerView(
        peer.node_id, peer.name, peer.kind, label(NODE_KINDS, peer.kind), fingerprint(peer.signing_public),
        peer.added_at, by_direction.get(SENT, (0, None))[0], by_direction.get(RECEIVED, (0, None))[0],
        by_direction.get(SENT, (0, None))[1], by_direction.get(RECEIVED, (0, None))[1],
        max(received, default=0), missing_sequences(received, last_full(session, peer.node_id)),
        peer.acked_change_seq, None, conflicts, _clock_ahead(peer.node_id, last), resends(session, peer.node_id))


def _clock_ahead(peer_id: str, detail: str | None) -> int:
    """How far the stamps of the peer's last data bundle were ahead of our clock, when its clock put them
    there (``clock_skew``): not when they were this node's own, or a third node's."""
    outcome = json.loads(detail) if detail else {}
    return outcome.get("skew_ms", 0) if outcome.get("clock_ahead") in (None, "", peer_id) else 0


def list_peers(session: Session) -> list[PeerView]:
    require(session, Action.VIEW)
    return [peer_view(session, peer) for peer in session.scalars(select(SyncPeer).order_by(SyncPeer.name))]


def waiting_counts(session: Session, node_ids: Collection[str] | None = None) -> dict[str, int]:
    """For each peer (or those of ``node_ids``), how many records the next bundle to it would carry."""
    require(session, Action.VIEW)
    query = select(SyncPeer) if node_ids is None else select(SyncPeer).where(SyncPeer.node_id.in_(node_ids))
    return {peer.node_id: unsent_changes(session, peer) for peer in session.scalars(query)}


def counted(view: PeerView, waiting: Mapping[str, int]) -> PeerView:
    """``view`` with its count from ``waiting_counts`` (None still when the peer was not counted)."""
    return replace(view, unacked_changes=waiting.get(view.node_id))


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
    """How this node and its exchange with each peer stand, the peers not yet counted (``with_waiting``)."""
    require(session, Action.VIEW)
    key = my_key(session)
    return SyncStatus(
        key.node_id, key.name, key.kind, fingerprint(key.signing_public),
        session.scalar(select(func.max(ChangeLogEntry.seq))) or 0,
        session.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))) or 0,
        list_peers(session))


def with_waiting(state: SyncStatus, waiting: Mapping[str, int]) -> SyncStatus:
    """``state`` with each peer's count from ``waiting_counts``."""
    return replace(state, peers=[counted(p, waiting) for p in state.peers])
