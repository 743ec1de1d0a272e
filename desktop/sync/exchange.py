"""Export to a peer and import from one: the database side of bundle files (``bundle.py``).

A data bundle carries every row the peer has not acknowledged (all rows when ``full``) and may receive
(``routing.py``: a county passes no station's records to another), numbered in a
sequence per sender and recipient and chained by the hash of the previous one's signed manifest
(``chain_link``); each bundle also
acknowledges what we merged of the peer's change log, so two nodes that trade data bundles need no
separate acknowledgements; after each import the change log is pruned of what every peer has
(``pruning.py``), and a peer that acknowledged less than was pruned is sent a full bundle. Import
verifies the file, then stages and merges its rows a chunk at a time, records the bundle and updates
the peer in one transaction: a bundle is wholly applied or not at all. Audit entries travel after the rows
and are checked as they pass (``audit_chains.py``); the acknowledgements also name the head of every audit
chain held here.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.domain.ids import new_id
from desktop.domain.permissions import Action
from desktop.errors import StorageError, ValidationError, WusheError
from desktop.i18n import _
from desktop.paths import attachments_dir
from desktop.services.attachments import keep_file
from desktop.services.guard import require, require_on
from desktop.services.late_decisions import LateDecision, late_decisions, late_ids
from desktop.services.spreadsheet import Progress
from desktop.services.station import ensure_keys_sealed
from desktop.storage import audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.digest import GENESIS, file_sha256
from desktop.storage.models import AuditEntry, SyncBundleLog, SyncPeer
from desktop.storage.schema import SCHEMA_HEAD
from desktop.sync import audit_chains
from desktop.sync.bundle import SENDER_KEY
from desktop.sync.bundle_read import OpenBundle, open_bundle
from desktop.sync.bundle_write import write_bundle
from desktop.sync.chain_link import Follows, follows, manifest_link, written_link
from desktop.sync.clock_skew import clock_ahead_node
from desktop.sync.collect import collect_stream, derived_left_out
from desktop.sync.home_node import node_name
from desktop.sync.merge import MergeResult, merge_chunks
from desktop.sync.staging import stage_chunks
from desktop.sync.peer_keys import PeerKey
from desktop.sync.peers import ACK, DATA, RECEIVED, SENT, acked_sequence, acks_went_down, encryption_key, find_peer, \
    gaps, identity, last_sent, my_key, peer_label, received_sequences, resends, sent_through, signing_key
from desktop.sync.pruning import needs_full, prune
from desktop.sync.refusals import BundleRefused
from desktop.sync.registry import WireError
from desktop.sync.routing import Route, route_to

SENSITIVE_MODES = ("encrypted", "included", "left_out")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    peer_id: str
    peer_name: str
    kind: str
    sequence: int
    rows: int
    counts: dict[str, int]
    attachments: int
    sensitive: str
    full: bool
    sha256: str
    audit_entries: int = 0  # of the audit chains it carries (``audit_chains``)


@dataclass(frozen=True)
class ImportResult:
    bundle_id: str
    sender_id: str
    sender_name: str
    kind: str
    sequence: int
    inserted: int
    updated: int
    unchanged: int
    older: int
    conflicts: int
    attachments: int
    missing_sequences: tuple[int, ...]  # the sender's data bundles not received yet
    chain_broken: bool  # the previous bundle we hold is not the one this bundle follows, and no restore explains it
    skew_ms: int
    skewed: bool  # the newest stamp is far ahead of our clock
    clock_ahead: str  # then the node whose clock is or was ahead (``clock_skew``): the sender, this node or another
    clock_ahead_name: str
    clock_ahead_here: bool  # this node's own: its clock was set ahead when it wrote the records
    ack: ExportResult | None
    audit_entries: int = 0  # audit entries of other nodes' chains added here
    audit_unlinked: int = 0  # those that did not continue their chain here, not kept (``audit_chains``)
    filled: int = 0  # records here given sealed fields an earlier bundle left out (``storage.withheld``)
    # Committee decisions the bundle made late: a member's vote or the end of their membership came in
    # (``services.late_decisions``).
    late: tuple[LateDecision, ...] = ()
    refused: int = 0  # versions not merged: another node's change to a record the county office owns, say
    # A data bundle of the sender with this sequence number was received before, with other content: the
    # sender restored a backup, most likely. Both are kept on record.
    sequence_reused: bool = False
    # It follows the sender's bundle of this earlier number, not the one numbered before it (0: no): the sender
    # restored a backup and then heard it had sent more (``chain_link.follows``).
    follows_earlier: int = 0
    # The sender acknowledged less of what we sent it than before, having restored a backup: the next bundle to it
    # carries that again.
    peer_restored: bool = False


def _audit_head(session: Session, node_id: str) -> str:
    return session.scalar(select(AuditEntry.hash).where(AuditEntry.node_id == node_id)
                          .order_by(AuditEntry.seq.desc()).limit(1)) or GENESIS


def _acks(session: Session, peer: SyncPeer, route: Route | None) -> dict[str, Any]:
    """What we tell the peer we have of it: its change log merged, its data bundles received, and the
    heads of the audit chains it may send us."""
    return {"change_seq": peer.applied_change_seq, "sequence": max(received_sequences(session, peer.node_id),
                                                                   default=0),
            "audit": audit_chains.heads(session, peer.node_id, route=route)}


def export_to_peer(db: Database, peer_ref: str, out: Path, *, full: bool = False, sensitive: str = "encrypted",
                   kind: str = DATA, progress: Progress | None = None) -> ExportResult:
    """Write a bundle for the peer to ``out``: a data bundle (what it has not acknowledged, or everything
    when ``full``) or an acknowledgement (``kind`` "ack", no rows). ``sensitive``: "encrypted" seals the
    whole payload to the peer; "included" writes a plain bundle with the sealed fields in it; "left_out"
    a plain bundle without them. ``progress`` hears how many rows have been read; raising from it cancels
    the export while the rows are read, before any file is written, and the transaction then records no
    bundle (the next one takes the same sequence number)."""
    if sensitive not in SENSITIVE_MODES:
        raise ValidationError("sensitive", _("Choose how sensitive fields travel."))
    ensure_keys_sealed(db)
    with db.write() as session:
        require(session, Action.SYNC)
        peer = find_peer(session, peer_ref)
        me = identity(session)
        full = full or (kind == DATA and needs_full(session, peer))  # what it lacks was pruned from our log
        since = 0 if full else peer.acked_change_seq
        route = route_to(session, peer.node_id, peer.kind)
        # A peer that restored a backup lost rows it wrote itself too: they go back to it with the rest.
        skip_origin = None if resends(session, peer.node_id) else peer.node_id
        collected = collect_stream(session, since_change_seq=since, full=full, sensitive=sensitive != "left_out",
                                   skip_origin=skip_origin, route=route, db_path=db.path, progress=progress) \
            if kind == DATA else None
        chains = audit_chains.outgoing(session, peer.node_id, route=route, full=full,
                                       acked=audit_chains.acked_by(session, peer.node_id)) if kind == DATA else None
        previous = last_sent(session, peer.node_id)
        # After a restored backup our log may end before the bundles the peer says it received: go on after them.
        sequence = (max(previous.sequence if previous else 0, acked_sequence(session, peer.node_id)) + 1) \
            if kind == DATA else 0
        header: dict[str, Any] = {
            "bundle_id": new_id(), "sender": me.node_id, "recipient": peer.node_id, "schema": SCHEMA_HEAD,
            "kind": kind, "sequence": sequence, "previous_hash": previous.sha256 if previous and kind == DATA else "",
            "created_at": utcnow().isoformat(), "sensitive": sensitive if collected else "left_out",
            # Left out with the sensitive fields: what is worked out from them (an ID number's last four).
            **({"derived_left_out": derived_left_out()} if sensitive == "left_out" and collected else {}),
            # Again what the peer lost restoring a backup: the bundles numbered before this one hold nothing more.
            **({"resent": True} if collected and resends(session, peer.node_id) else {}),
            "clock_ms": session.info["clock"].wall(),  # the sender's clock, against the receiver's (``clock_skew``)
            "full": full, "acks": _acks(session, peer, route), "audit_head": _audit_head(session, me.node_id),
            "audit": {"entries": chains.entries if chains else {}, "details": audit_chains.DETAILS},
            SENDER_KEY: _introduction(my_key(session)),
            "change_seq": {"from": since, "to": collected.change_seq_to if collected else 0},
            "counts": collected.counts if collected else {},
            "hlc_min": collected.hlc_min if collected else 0, "hlc_max": collected.hlc_max if collected else 0,
        }
        try:
            write_bundle(out, header, chain(collected.rows, chains.rows) if collected and chains else [],
                         collected.attachments if collected else {},
                         signer=signing_key(session),
                         encrypt_to=X25519PublicKey.from_public_bytes(peer.encryption_public)
                         if sensitive == "encrypted" and collected else None)
        except OSError as exc:
            raise StorageError(_("Cannot write {file}: {reason}").format(file=out, reason=exc.strerror or exc)) from exc
        sha256 = file_sha256(out)
        rows = collected.total if collected else 0
        session.add(SyncBundleLog(
            bundle_id=header["bundle_id"], direction=SENT, peer_id=peer.node_id, kind=kind, sequence=sequence,
            sha256=written_link(out), previous_hash=header["previous_hash"], change_seq_to=header["change_seq"]["to"],
            rows=rows, sensitive=header["sensitive"], by=session.info.get("actor", ""),
            detail=json.dumps({"counts": header["counts"], "audit": header["audit"]["entries"], "full": full,
                               "file": out.name}, ensure_ascii=False)))
        audit.append(session, "sync.export", table_name=SyncBundleLog.__tablename__, row_id=header["bundle_id"],
                     detail={"peer": peer.node_id, "kind": kind, "sequence": sequence, "rows": rows,
                             "sensitive": header["sensitive"], "full": full})
        return ExportResult(out, header["bundle_id"], peer.node_id, peer.name, kind, sequence, rows,
                            header["counts"], len(collected.attachments) if collected else 0, header["sensitive"],
                            full, sha256, chains.total if chains else 0)


def _introduction(key: PeerKey) -> dict[str, str]:
    """How a bundle introduces its sender to a node that may add it by typed fingerprint."""
    return {"name": key.name, "kind": key.kind, "signing_public": key.signing_public.hex(),
            "encryption_public": key.encryption_public.hex()}


def _keys(db: Database) -> tuple[str, X25519PrivateKey, dict[str, Ed25519PublicKey], dict[str, str]]:
    """This node's id and private encryption key; its peers' signing keys, and their names with kinds."""
    with db.read() as session:
        me = identity(session)
        found = list(session.scalars(select(SyncPeer)))
        return me.node_id, encryption_key(session), \
            {peer.node_id: Ed25519PublicKey.from_public_bytes(peer.signing_public) for peer in found}, \
            {peer.node_id: peer_label(peer.name, peer.kind) for peer in found}


def _int(manifest: dict[str, Any], *path: str) -> int:
    value: Any = manifest
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value if type(value) is int and value >= 0 else 0


def import_file(db: Database, path: Path, *, ack_out: Path | None = None,
                progress: Progress | None = None) -> ImportResult:
    """Verify, stage and merge a bundle from a trusted peer; with ``ack_out``, then write an
    acknowledgement for it there. Raises BundleRefused (nothing changed) for a file that is not imported.
    ``progress`` hears how the merge goes and may cancel it by raising (nothing is then written)."""
    require_on(db, Action.SYNC)
    ensure_keys_sealed(db)
    my_id, my_key, peer_keys, peer_names = _keys(db)
    with ExitStack() as opened:
        try:
            bundle = opened.enter_context(open_bundle(path, sender_key=peer_keys.get, my_node_id=my_id,
                                                      my_encryption_key=my_key, schema=SCHEMA_HEAD,
                                                      peer_name=peer_names.get))
        except OSError as exc:
            raise StorageError(_("Cannot read {file}: {reason}").format(file=path, reason=exc.strerror or exc)) \
                from exc
        result, sender_name, link_to, missing, (ahead, ahead_name), chains, late, peer_restored = _merged(
            db, path, bundle, progress)
        manifest = bundle.manifest
    ack = export_to_peer(db, manifest["sender"], ack_out, kind=ACK) if ack_out is not None else None
    return ImportResult(manifest["bundle_id"], manifest["sender"], sender_name, manifest.get("kind", DATA),
                        _int(manifest, "sequence"), result.inserted, result.updated, result.unchanged, result.older,
                        result.conflicts, len(bundle.attachments), missing, link_to.broken, result.skew_ms,
                        result.skewed, ahead, ahead_name, bool(ahead) and ahead == my_id, ack,
                        sum(chains.kept.values()), sum(chains.unlinked.values()), result.filled, late,
                        result.refused, bool(link_to.reused), link_to.earlier, peer_restored)


def _merged(db: Database, path: Path, bundle: OpenBundle, progress: Progress | None
            ) -> tuple[MergeResult, str, Follows, tuple[int, ...], tuple[str, str], audit_chains.Incoming,
                       tuple[LateDecision, ...], bool]:
    """Merge a verified bundle, a chunk of rows at a time, in one transaction that also records it and
    updates its sender: the merge result, the sender's name, where it fits the sender's chain, the gaps, the
    node whose clock is ahead with its name (both "" unless the stamps are far ahead), the audit
    entries taken, the committee decisions that were not late before the merge and are now, and whether the
    sender showed it restored a backup and lost some of what we sent it."""
    manifest = bundle.manifest
    bundle_id, sender, kind = manifest["bundle_id"], manifest["sender"], manifest.get("kind", DATA)
    if kind not in (DATA, ACK):
        raise BundleRefused("damaged", detail=f"kind {kind!r}")
    with db.read() as session:
        if session.get(SyncBundleLog, bundle_id) is not None:
            raise BundleRefused("replayed", detail=bundle_id)
    if db.path is not None:  # files first: a row never names a file that is not there
        for digest, content in bundle.attachments.items():
            keep_file(attachments_dir(db.path), digest, content)
    link, sequence = manifest_link(manifest), _int(manifest, "sequence")
    try:
        with db.write() as session:
            require(session, Action.SYNC)
            if session.get(SyncBundleLog, bundle_id) is not None:  # imported meanwhile by another window
                raise BundleRefused("replayed", detail=bundle_id)
            peer = session.get(SyncPeer, sender)
            assert peer is not None  # open_bundle trusted its key
            seen = min(_int(manifest, "acks", "change_seq"), sent_through(session, sender))
            # Where it fits the sender's chain: the same number again with other content (a replay was refused
            # above) or a link to an earlier bundle is a restored sender, kept and flagged.
            link_to = follows(session, sender, sequence, manifest) if kind == DATA else Follows("", 0, False)
            clock_ms = manifest.get("clock_ms")
            clock_ms = clock_ms if type(clock_ms) is int else None
            # It acknowledges less than it did, and not for being late: its chain shows a restore, it says it
            # received fewer of our bundles than the last one it wrote before, or less than the bundles it says
            # it has carried. What it lost goes again, in full if our change log no longer holds it.
            said = _int(manifest, "acks", "sequence")
            peer_restored = seen < peer.acked_change_seq and (
                link_to.restored or sent_through(session, sender, said) > seen
                or (clock_ms is not None and acks_went_down(session, sender, said, clock_ms)))
            chains = audit_chains.Incoming(session, session.info["node_id"], sender, node_name)
            late_before = late_ids(session)
            result = merge_chunks(session, stage_chunks(chains.divert(bundle.changes())),
                                  total=max(0, bundle.rows - _audit_count(manifest)), bundle_id=bundle_id,
                                  seen_change_seq=seen, progress=progress)
            chains.finish(manifest.get("audit_head"))
            late = tuple(late_decisions(session, late_ids(session) - late_before))
            peer.acked_change_seq = seen if peer_restored else max(peer.acked_change_seq, seen)
            # A sender that restored a backup numbers its changes again from the backup's: what we acknowledged
            # of its lost ones would make it skip its new ones. We have its log up to where this bundle starts.
            if link_to.restored:
                peer.applied_change_seq = min(peer.applied_change_seq, _int(manifest, "change_seq", "from"))
            # Rows sent without their sealed fields are not acknowledged: the next bundle brings them again. Nor
            # is a bundle that starts after what we have of the sender's log (we restored a backup): saying we
            # have it would hide the rest from the sender.
            if kind == DATA and manifest.get("sensitive") != "left_out" \
                    and _int(manifest, "change_seq", "from") <= peer.applied_change_seq:
                peer.applied_change_seq = max(peer.applied_change_seq, _int(manifest, "change_seq", "to"))
            ahead = clock_ahead_node(session, result, sender, clock_ms)
            session.add(SyncBundleLog(
                bundle_id=bundle_id, direction=RECEIVED, peer_id=sender, kind=kind, sequence=sequence,
                sha256=link, previous_hash=str(manifest.get("previous_hash") or ""),
                change_seq_to=_int(manifest, "change_seq", "to"), rows=bundle.rows - chains.seen,
                sensitive=str(manifest.get("sensitive") or ""), by=session.info.get("actor", ""),
                detail=json.dumps({**_outcome(result, link_to, ahead, chains),
                                   "audit_acks": audit_chains.acks_in(manifest),
                                   "full": kind == DATA and manifest.get("full") is True,
                                   "acked_sequence": said, "clock_ms": clock_ms, "peer_restored": peer_restored,
                                   "resent": kind == DATA and manifest.get("resent") is True},
                                  ensure_ascii=False, sort_keys=True)))
            session.flush()
            missing = gaps(session, sender)
            audit.append(session, "sync.import", table_name=SyncBundleLog.__tablename__, row_id=bundle_id,
                         detail={"peer": sender, "kind": kind, "sequence": sequence, "peer_restored": peer_restored,
                                 **_outcome(result, link_to, ahead, chains)})
            prune(session)  # the acknowledgement may let the change log shed what every peer has
            return (result, peer.name, link_to, missing, (ahead, node_name(session, ahead) if ahead else ""),
                    chains, late, peer_restored)
    except WireError as exc:  # a row that does not fit our tables: the transaction wrote nothing
        raise BundleRefused("damaged", detail=str(exc)) from exc
    except IntegrityError as exc:
        raise WusheError(_("This bundle refers to records this node does not have; import the sender's earlier "
                           "bundles first. Nothing was changed.")) from exc


def _outcome(result: MergeResult, link_to: Follows, clock_ahead: str, chains: audit_chains.Incoming
             ) -> dict[str, Any]:
    return {"inserted": result.inserted, "updated": result.updated, "unchanged": result.unchanged,
            "older": result.older, "conflicts": result.conflicts, "per_table": result.per_table,
            "skew_ms": result.skew_ms, "clock_ahead": clock_ahead, "chain_broken": link_to.broken,
            "sequence_reused": link_to.reused, "follows_earlier": link_to.earlier,
            "audit": chains.outcome(), "filled": result.filled, "refused": result.refused}


def _audit_count(manifest: dict[str, Any]) -> int:
    """How many of the bundle's lines its manifest says are audit entries (the rest are rows)."""
    entries = manifest.get("audit", {}).get("entries") if isinstance(manifest.get("audit"), dict) else None
    return sum(n for n in entries.values() if type(n) is int and n > 0) if isinstance(entries, dict) else 0
