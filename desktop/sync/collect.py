"""Export: the current version of every row a peer has not acknowledged, as wire rows.

Incremental collection reads the change log after the peer's acknowledged seq; a full one reads every
synced table. Either way a row goes out as it is now (a row changed three times travels once), tables
parents first and rows in HLC order, so the receiver can insert them as they come.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.paths import attachments_dir
from desktop.services.attachments import stored_file
from desktop.services.guard import vault
from desktop.storage.models import Attachment, ChangeLogEntry
from desktop.sync.registry import SyncedTable, synced, tables_in

CHUNK = 500  # ids per IN (...) query: well under SQLite's 999 bound parameters


@dataclass(frozen=True)
class Collected:
    changes: list[dict[str, Any]]  # wire rows, parents first
    change_seq_to: int  # our change log up to here is covered
    counts: dict[str, int] = field(default_factory=dict)
    attachments: dict[str, bytes] = field(default_factory=dict)  # sha256 -> content, for the rows sent
    hlc_min: int = 0
    hlc_max: int = 0


def _opened(session: Session, table: SyncedTable, row: Any) -> dict[str, str | None]:
    keys = vault(session)
    return {column: (keys.open(table.name, row.id, field_name, getattr(row, column)) or None)
            for column, field_name in table.sealed.items()}


def wire_rows(session: Session, table: SyncedTable, rows: Any, *, sensitive: bool) -> Iterator[dict[str, Any]]:
    for row in rows:
        opened = _opened(session, table, row) if sensitive and table.sealed else ({} if sensitive else None)
        yield table.to_wire(row._mapping, opened=opened)


def _rows_by_id(session: Session, table: SyncedTable, ids: list[str]) -> Iterator[Any]:
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        yield from session.execute(select(table.table).where(table.table.c.id.in_(chunk)))


def collect(session: Session, *, since_change_seq: int = 0, full: bool = False, sensitive: bool = True,
            skip_origin: str | None = None, db_path: Path | None = None) -> Collected:
    """Wire rows of what changed after ``since_change_seq`` in our change log (every row when ``full``).
    ``sensitive`` opens sealed columns into the rows (this needs the data key); ``skip_origin`` leaves out
    rows whose current version that node wrote (the peer has them already); ``db_path`` finds the
    files of attachment rows."""
    upto = session.scalar(select(func.max(ChangeLogEntry.seq))) or 0
    changes: list[dict[str, Any]] = []
    if full:
        per_table = {name: None for name in synced()}
    else:
        per_table = {}
        for name, row_id in session.execute(
                select(ChangeLogEntry.table_name, ChangeLogEntry.row_id).where(
                    ChangeLogEntry.seq > since_change_seq, ChangeLogEntry.seq <= upto).distinct()):
            per_table.setdefault(name, set()).add(row_id)
    for table in tables_in(per_table):
        ids = per_table[table.name]
        if ids is None:
            rows: Any = session.execute(select(table.table).order_by(table.table.c.hlc, table.table.c.id))
        else:
            rows = sorted(_rows_by_id(session, table, sorted(ids)), key=lambda r: (r.hlc, r.id))
        changes.extend(wire for wire in wire_rows(session, table, rows, sensitive=sensitive)
                       if full or wire["origin"] != skip_origin)
    counts: dict[str, int] = {}
    for wire in changes:
        counts[wire["table"]] = counts.get(wire["table"], 0) + 1
    stamps = [wire["hlc"] for wire in changes]
    return Collected(changes, upto, counts, _attachment_files(changes, db_path),
                     min(stamps, default=0), max(stamps, default=0))


def _attachment_files(changes: list[dict[str, Any]], db_path: Path | None) -> dict[str, bytes]:
    """The stored files of the attachment rows among ``changes``; one still missing here (it came in a
    bundle without its file) is left out, and the receiver shows it as missing too."""
    if db_path is None:
        return {}
    found = {}
    for wire in changes:
        if wire["table"] == Attachment.__tablename__ and not wire["deleted"]:
            digest = wire["fields"]["sha256"]
            path = stored_file(attachments_dir(db_path), digest)
            if path.is_file():
                found[digest] = path.read_bytes()
    return found


def canonical_dump(session: Session) -> str:
    """Every synced row as one JSON line, sealed columns opened and blind indexes left out, sorted by
    table and id: equal on two nodes exactly when they hold the same data (each under its own key)."""
    lines = []
    for table in synced().values():
        for wire in wire_rows(session, table, session.execute(select(table.table)), sensitive=True):
            lines.append(json.dumps(wire, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    return "\n".join(sorted(lines)) + "\n"
