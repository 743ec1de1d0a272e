"""What this node knows about its sync peers and the bundles it sent and received (local bookkeeping,
never travels), and the conflicts found while merging (they travel, so every node is told)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced, UtcDateTime, utcnow
from desktop.storage.sealed import sealed_column


class SyncPeer(Base):
    """A trusted node: its public keys, and how far each side has got with the other."""

    __tablename__ = "sync_peer"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # domain.codes.NODE_KINDS
    signing_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    encryption_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(64), default="")
    # Our change log up to this seq is known to have reached the peer (from its acknowledgements).
    acked_change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # The peer's change log up to this seq has been merged here (we acknowledge it to the peer).
    applied_change_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncBundleLog(Base):
    """One bundle sent to or received from a peer; a received bundle's id is never merged twice."""

    __tablename__ = "sync_bundle"
    __table_args__ = (Index("ix_sync_bundle_peer", "peer_id", "direction", "sequence"),)

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # sent | received
    peer_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(8))  # data | ack
    sequence: Mapped[int] = mapped_column(Integer)  # per sender and recipient, from 1
    sha256: Mapped[str] = mapped_column(String(64))  # of its signed manifest, the chain link (sync.chain_link)
    previous_hash: Mapped[str] = mapped_column(String(64), default="")
    change_seq_to: Mapped[int] = mapped_column(BigInteger, default=0)  # the sender's change log covered
    rows: Mapped[int] = mapped_column(Integer, default=0)
    sensitive: Mapped[str] = mapped_column(String(12), default="")  # encrypted | included | left_out
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON: counts, merge outcome, skew


class SyncConflict(Base, Synced):
    """A row changed on two nodes concurrently: the version that lost the merge, kept for a person.

    It travels like any record, so the node whose edit lost is told too and a resolution made on one
    node settles it everywhere; its id comes from the losing version (``sync.conflicts.conflict_id``),
    so nodes that find the same conflict keep one record."""

    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_open", "resolved_at", "detected_at"),)

    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    bundle_id: Mapped[str] = mapped_column(String(36))
    # Both versions as wire rows (sync.registry) without their sealed fields, which are kept as JSON
    # {column: plaintext} in the sealed columns below, so they travel and re-seal like any sealed value.
    winner: Mapped[str] = mapped_column(Text)
    loser: Mapped[str] = mapped_column(Text)
    winner_secrets_sealed: Mapped[bytes | None] = sealed_column("winner_secrets")
    loser_secrets_sealed: Mapped[bytes | None] = sealed_column("loser_secrets")
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
    resolution: Mapped[str] = mapped_column(String(16), default="")  # kept | took_loser
