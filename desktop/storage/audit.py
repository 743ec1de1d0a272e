"""Appending to and verifying the hash-chained audit log (one chain per node)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.ids import new_id
from desktop.storage.base import utcnow
from desktop.storage.digest import GENESIS, canonical_json_of, sha256_hex
from desktop.storage.models import AuditEntry

_HEADS = "audit_heads"  # session.info key: node id -> last hash written in this transaction

HASHED_FIELDS = (
    "id", "node_id", "at", "actor", "action", "table_name", "row_id",
    "before_digest", "after_digest", "detail", "prev_hash",
)


def entry_hash(entry: AuditEntry) -> str:
    return fields_hash({f: getattr(entry, f) for f in HASHED_FIELDS})


_HASHED_JSON = canonical_json_of(HASHED_FIELDS)


def fields_hash(values: Mapping[str, Any]) -> str:
    """The hash of an entry given as its column values (a bulk insert's rows)."""
    return sha256_hex(_HASHED_JSON(values))


def _head(session: Session, node_id: str) -> str:
    heads: dict[str, str] = session.info.setdefault(_HEADS, {})
    if node_id not in heads:
        with session.no_autoflush:
            last = session.scalar(
                select(AuditEntry.hash).where(AuditEntry.node_id == node_id)
                .order_by(AuditEntry.seq.desc()).limit(1)
            )
        heads[node_id] = last or GENESIS
    return heads[node_id]


def forget_heads(session: Session) -> None:
    """Called when a transaction ends: the cached heads are only valid inside it."""
    session.info.pop(_HEADS, None)


def append(session: Session, action: str, **fields: Any) -> AuditEntry:
    """Add one audit entry to the session, chained to the node's last entry; ``fields`` as ``entry_values``."""
    entry = AuditEntry(**chained(session, entry_values(session, action, **fields)))
    session.add(entry)
    return entry


def entry_values(
    session: Session,
    action: str,
    *,
    table_name: str = "",
    row_id: str = "",
    before_digest: str = "",
    after_digest: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The column values of a new entry by the session's node and actor at ``at`` (else now), not yet chained."""
    return {
        "id": new_id(),
        "node_id": session.info["node_id"],
        "at": at or utcnow(),
        "actor": session.info.get("actor", "system"),
        "action": action,
        "table_name": table_name,
        "row_id": row_id,
        "before_digest": before_digest,
        "after_digest": after_digest,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else "",
    }


def chained(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` linked to its node's chain (``prev_hash`` and ``hash`` set), which it now heads.

    Entries must reach the table in the order they were chained: the verifier walks them by ``seq``.
    """
    node_id: str = values["node_id"]
    values["prev_hash"] = _head(session, node_id)
    values["hash"] = fields_hash(values)
    session.info[_HEADS][node_id] = values["hash"]
    return values


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_seq: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def verify_chain(session: Session) -> ChainReport:
    """Recompute every hash and link in order; name the first entry that does not match."""
    heads: dict[str, str] = {}
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(2000):
        count += 1
        expected_prev = heads.get(entry.node_id, GENESIS)
        if entry.prev_hash != expected_prev:
            return ChainReport(count, entry.seq, "link")
        if entry_hash(entry) != entry.hash:
            return ChainReport(count, entry.seq, "hash")
        heads[entry.node_id] = entry.hash
    return ChainReport(count, None, "")
