"""This installation's identity (local, never synced) and the station profile (synced)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced, UtcDateTime


class NodeIdentity(Base):
    """Exactly one row: who this node is and its Ed25519 signing key pair, made at ``init``."""

    __tablename__ = "node_identity"

    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # domain.codes.NODE_KINDS
    signing_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    # The private keys are sealed under the data key (sync.key_storage): some 93 bytes, not the raw 32,
    # so no length is declared. BLOB and BYTEA have none either: the tables need no migration.
    signing_private: Mapped[bytes] = mapped_column(LargeBinary)
    # X25519: bundles to this node are encrypted to the public key (migration 0015 made it for older nodes).
    encryption_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    encryption_private: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Station(Base, Synced):
    """The profile of a node's station (or room, or county office); its id is the node id."""

    __tablename__ = "station"

    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    township: Mapped[str] = mapped_column(String(100), default="")
    county: Mapped[str] = mapped_column(String(100), default="")
    division_code: Mapped[str] = mapped_column(String(12))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
