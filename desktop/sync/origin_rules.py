"""Tables only one kind of node may write. A county's policy profile (issue 9) is the county office's: a
station that edited one, or stored one under the id of the county's, must not overwrite the county's
profile on its way up, nor pass it on to the other stations. So are the rows a county office owns
(``home_node.COUNTY_OWNED``: a round it runs, with its rubric and reviewers): another node's version of
one, or a new criterion or reviewer under its round, is not merged (issue 8 trial #4). Such rows are left
out of the merge, each with an audit entry saying whose it was, and the version here stays; the import
counts them (``MergeResult.refused``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desktop.storage import audit
from desktop.sync.home_node import COUNTY_OWNED, county_of, node_kinds

if TYPE_CHECKING:
    from desktop.sync.staging import Staged

# Table -> the kinds of node whose rows of it are merged (domain.codes.NODE_KINDS).
WRITERS = {"policy_profile": ("county",)}
REFUSED_ACTION = "sync.refuse_origin"


def refuse_foreign(session: Session, table_name: str, rows: list[Staged], bundle_id: str) -> list[Staged]:
    """``rows`` without those whose origin may not write ``table_name``; each left out is audited here
    (and flushed, so that the audit chain stays in order with the merge's own entries)."""
    writers = WRITERS.get(table_name)
    if (writers is None and table_name not in COUNTY_OWNED) or not rows:
        return rows
    kinds = node_kinds(session, {row.values["origin_node"] for row in rows})
    kept = []
    for row in rows:
        origin = row.values["origin_node"]
        link = COUNTY_OWNED.get(table_name)
        county = county_of(session, table_name, row.values["id"], row.values[link] if link else None)
        if (writers is None or kinds.get(origin) in writers) and county in (None, origin):
            kept.append(row)
            continue
        audit.append(session, REFUSED_ACTION, table_name=table_name, row_id=row.values["id"],
                     detail={"bundle": bundle_id, "origin": origin, "origin_kind": kinds.get(origin, ""),
                             **({"owner": county} if county else {})})
    if len(kept) < len(rows):
        session.flush()
    return kept
