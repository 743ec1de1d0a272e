"""Tables only one kind of node may write. A county's policy profile (issue 9) is the county office's: a
station that edited one, or stored one under the id of the county's, must not overwrite the county's
profile on its way up, nor pass it on to the other stations. Such rows are left out of the merge, each
with an audit entry saying whose it was, and the version here stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage import audit
from desktop.storage.models import Station, SyncPeer

if TYPE_CHECKING:
    from desktop.sync.merge import Staged

# Table -> the kinds of node whose rows of it are merged (domain.codes.NODE_KINDS).
WRITERS = {"policy_profile": ("county",)}
REFUSED_ACTION = "sync.refuse_origin"


def _node_kinds(session: Session, node_ids: set[str]) -> dict[str, str]:
    """The kind of each node known here: a trusted peer's as it was added (the keys a person checked),
    else its station profile as it travelled, and this node's own."""
    kinds = {node: kind for node, kind in session.execute(
        select(Station.id, Station.kind).where(Station.id.in_(node_ids)))}
    kinds.update((node, kind) for node, kind in session.execute(
        select(SyncPeer.node_id, SyncPeer.kind).where(SyncPeer.node_id.in_(node_ids))))
    return kinds


def refuse_foreign(session: Session, table_name: str, rows: list[Staged], bundle_id: str) -> list[Staged]:
    """``rows`` without those whose origin may not write ``table_name``; each left out is audited here
    (and flushed, so that the audit chain stays in order with the merge's own entries)."""
    writers = WRITERS.get(table_name)
    if writers is None or not rows:
        return rows
    kinds = _node_kinds(session, {row.values["origin_node"] for row in rows})
    kept = []
    for row in rows:
        origin = row.values["origin_node"]
        if kinds.get(origin) in writers:
            kept.append(row)
            continue
        audit.append(session, REFUSED_ACTION, table_name=table_name, row_id=row.values["id"],
                     detail={"bundle": bundle_id, "origin": origin, "origin_kind": kinds.get(origin, "")})
    if len(kept) < len(rows):
        session.flush()
    return kept
