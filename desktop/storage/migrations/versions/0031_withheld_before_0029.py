"""Sealed fields a plain bundle left out before 0029 are marked withheld now, where what was received tells them
from fields that were empty at their origin (issue 8, T8a). Before 0029 such a field was stored NULL, as an
empty one is, so a county showed a blank where "(not in the bundles received)" belongs.

A field is marked (``storage.withheld.WITHHELD``, an empty value no seal produces) when all of these hold:

- the row was written by another node (``origin_node``) and the field is NULL here;
- the version held here came in a bundle that left sealed fields out: this node's audit entry of the merge
  (``sync.merge``, one per row version taken, naming its bundle) names a received data bundle whose
  ``sensitive`` is ``left_out`` — the bundle kind is recorded per import, and the audit entry ties each row
  version to its import;
- no bundle that carried sealed fields (encrypted, or plain with them included) came from that same peer
  after it. A plain bundle's rows are not acknowledged, so the peer's next such bundle brought the row again
  with its fields: a value would have filled the field, so a NULL left after one is an empty field.

A field empty at its origin that arrived in an encrypted bundle stays NULL. A field its sender itself had never
received (a county relaying a station's record it got in a plain bundle, before 0029) cannot be told from an
empty one and stays NULL too. The marks are this node's own: no stamp, change-log or audit entry changes, and
0029's guards let an append-only row's NULL become withheld. The downgrade keeps them (0029 writes them too).

Revision ID: 0031
Revises: 0030
"""

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from desktop.sync.registry import synced

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

WITHHELD = b""  # storage.withheld.WITHHELD at this revision
TAKEN = ("insert", "update", "delete")  # the merge's audit ops of a version taken (not a fill)
BATCH = 500


def _moment(value: Any) -> datetime | str:
    """A stored time as it compares (SQLite hands back text in one format, PostgreSQL a datetime)."""
    return value if isinstance(value, datetime) else str(value)


def left_out_rows(bind: sa.Connection, me: str) -> dict[str, list[str]]:
    """Table → ids of rows whose version here came in a plain bundle without sealed fields that no bundle of
    the same peer carrying them followed."""
    bundles = {bundle_id: (peer, sensitive, _moment(at)) for bundle_id, peer, sensitive, at in bind.execute(sa.text(
        "SELECT bundle_id, peer_id, sensitive, at FROM sync_bundle WHERE direction = 'received' AND kind = 'data'"))}
    carried: dict[str, Any] = {}  # peer → when its last bundle with sealed fields came
    for peer, sensitive, at in bundles.values():
        if sensitive != "left_out" and (peer not in carried or at > carried[peer]):
            carried[peer] = at
    came: dict[tuple[str, str], str] = {}  # (table, row id) → the bundle its version here came in
    for table, row_id, detail in bind.execute(sa.text(
            "SELECT table_name, row_id, detail FROM audit_log WHERE node_id = :me AND action = 'sync.merge' "
            "ORDER BY seq"), {"me": me}):
        said = json.loads(detail) if detail else {}
        if isinstance(said, dict) and said.get("op") in TAKEN:
            came[(table, row_id)] = str(said.get("bundle", ""))
    found: dict[str, list[str]] = defaultdict(list)
    for (table, row_id), bundle_id in came.items():
        peer, sensitive, at = bundles.get(bundle_id, ("", "", ""))
        if sensitive == "left_out" and not (peer in carried and carried[peer] > at):
            found[table].append(row_id)
    return found


def upgrade() -> None:
    bind = op.get_bind()
    me = bind.execute(sa.text("SELECT node_id FROM node_identity")).scalar()
    if me is None:
        return
    inspector = sa.inspect(bind)
    present = set(inspector.get_table_names())
    tables = synced()
    for name, ids in left_out_rows(bind, me).items():
        table = tables.get(name)
        if table is None or not table.sealed or name not in present:
            continue
        columns = {column["name"] for column in inspector.get_columns(name)}
        for column in (c for c in table.sealed if c in columns):
            mark = sa.text(f"UPDATE {name} SET {column} = :withheld WHERE {column} IS NULL AND origin_node <> :me "
                           "AND id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
            for start in range(0, len(ids), BATCH):
                bind.execute(mark, {"withheld": WITHHELD, "me": me, "ids": ids[start:start + BATCH]})


def downgrade() -> None:
    """The marks stay: 0029 and 0030 read and write them as well."""
