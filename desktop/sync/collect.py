"""Export: the current version of every row a peer has not acknowledged, as wire rows.

Incremental collection reads the change log after the peer's acknowledged seq; a full one reads every
synced table. Either way a row goes out as it is now (a row changed three times travels once), tables
parents first and rows in HLC order, so the receiver can insert them as they come. Each row names its base
(``registry.BASE``): the newest version before it in our change log that another node wrote, one this node
held and replaced, so a receiver holding that very version takes the row as an edit of it (``merge``). A
row whose earlier versions were pruned from the log (``pruning``), or that has none, names no base.

``collect_stream`` counts first, in SQL, and reads the rows only as they are written out, so an export
of a million rows holds one chunk of them at a time, and can tell how far it has gone (and be stopped);
``collect`` is the same as a list.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from desktop.i18n import _, format_number
from desktop.paths import attachments_dir
from desktop.services.attachments import stored_file
from desktop.services.guard import vault
from desktop.services.spreadsheet import Progress
from desktop.storage.models import Attachment, ChangeLogEntry
from desktop.storage.withheld import derived_columns, is_withheld
from desktop.sync.registry import BASE, SyncedTable, synced, tables_in
from desktop.sync.routing import Route

CHUNK = 500  # rows fetched from the database at a time while an export writes them


@dataclass(frozen=True)
class Stream:
    """What an export will carry: counted ahead, the rows read from the session as ``rows`` is iterated
    (once, inside the unit of work that collected it)."""

    rows: Iterator[dict[str, Any]]  # wire rows, parents first
    change_seq_to: int
    counts: dict[str, int]
    attachments: dict[str, bytes]
    hlc_min: int
    hlc_max: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Collected:
    changes: list[dict[str, Any]]  # wire rows, parents first
    change_seq_to: int  # our change log up to here is covered
    counts: dict[str, int] = field(default_factory=dict)
    attachments: dict[str, bytes] = field(default_factory=dict)  # sha256 -> content, for the rows sent
    hlc_min: int = 0
    hlc_max: int = 0


def _opened(session: Session, table: SyncedTable, row: Any) -> dict[str, str | None]:
    """The plaintext of the row's sealed columns, but those withheld from this node: they are left out of the
    row sent, so the receiver keeps what it has rather than take the unknown for empty (``storage.withheld``)."""
    keys = vault(session)
    return {column: (keys.open(table.name, row.id, field_name, getattr(row, column)) or None)
            for column, field_name in table.sealed.items() if not is_withheld(getattr(row, column))}


def derived_left_out() -> list[str]:
    """The columns a bundle without the sensitive fields leaves out too (``table.column``, as its manifest
    names them): those worked out from a sealed value (``storage.withheld.derived_columns``). A client's last four ID
    digits, with the birth date and the village's area code, would rebuild the whole number."""
    return sorted(f"{name}.{derived}" for name, table in synced().items() for derived in derived_columns(table.columns))


def wire_row(session: Session, table: SyncedTable, row: Any, *, sensitive: bool) -> dict[str, Any]:
    opened = _opened(session, table, row) if sensitive and table.sealed else ({} if sensitive else None)
    wire = table.to_wire(row._mapping, opened=opened)
    if opened is None:  # the sensitive fields left out: what is worked out from them goes out empty
        wire["fields"].update((derived, "") for derived in derived_columns(table.columns))
    return wire


def wire_rows(session: Session, table: SyncedTable, rows: Any, *, sensitive: bool) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield wire_row(session, table, row, sensitive=sensitive)


def _chosen(table: SyncedTable, since: int, upto: int, skip_origin: str | None) -> list[Any]:
    """The conditions that pick a table's rows to send incrementally: changed in that range of our
    change log, and not last written by the peer."""
    t = table.table
    changed = select(ChangeLogEntry.row_id).where(
        ChangeLogEntry.table_name == table.name, ChangeLogEntry.seq > since, ChangeLogEntry.seq <= upto)
    return [t.c.id.in_(changed), *([] if skip_origin is None else [t.c.origin_node != skip_origin])]


_BASE_HLC, _BASE_ORIGIN = "sync_base_hlc", "sync_base_origin"  # the base's columns beside a row's own


def _with_base(table: SyncedTable) -> Select[Any]:
    """The table's rows, each with its base (``_BASE_HLC``, ``_BASE_ORIGIN``; NULL for none): the newest entry
    of the row in our change log by another node than the one that wrote its current version. That writer's
    own versions, and fills of them, are passed over: a receiver holding one of them sees no conflict anyway
    (one writer's versions follow each other), and one holding the version they were made on sees none now.
    One index search per row, inside the query that reads the rows."""
    t = table.table
    entry, base = aliased(ChangeLogEntry), aliased(ChangeLogEntry)
    newest = select(func.max(entry.seq)).where(entry.row_id == t.c.id, entry.table_name == table.name,
                                               entry.origin_node != t.c.origin_node).scalar_subquery()
    return select(t, base.hlc.label(_BASE_HLC), base.origin_node.label(_BASE_ORIGIN)).outerjoin(
        base, base.seq == newest)


def _rows(session: Session, tables: list[tuple[SyncedTable, list[Any]]], sensitive: bool) -> Iterator[dict[str, Any]]:
    for table, where in tables:
        query = _with_base(table).where(*where).order_by(table.table.c.hlc, table.table.c.id)
        for row in session.execute(query.execution_options(yield_per=CHUNK)):
            wire = wire_row(session, table, row, sensitive=sensitive)
            base = row._mapping[_BASE_HLC], row._mapping[_BASE_ORIGIN]
            yield wire if base[0] is None else {**wire, BASE: list(base)}


def _told(rows: Iterator[dict[str, Any]], total: int, progress: Progress) -> Iterator[dict[str, Any]]:
    """``rows``, telling ``progress`` before the first, after each chunk and after the last; raising from
    it stops the iteration (and so the export reading it)."""
    def tell(done: int) -> None:
        progress(done, total, _("Collected {done} of {total} records…").format(
            done=format_number(done), total=format_number(total)))

    tell(0)
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % CHUNK == 0 and done < total:
            tell(done)
    tell(done)


def collect_stream(session: Session, *, since_change_seq: int = 0, full: bool = False, sensitive: bool = True,
                   skip_origin: str | None = None, route: Route | None = None,
                   db_path: Path | None = None, progress: Progress | None = None) -> Stream:
    """What changed after ``since_change_seq`` in our change log (every row when ``full``), as wire rows
    read while they are iterated. ``sensitive`` opens sealed columns into the rows (this needs the data
    key); ``skip_origin`` leaves out rows whose current version that node wrote (the peer has them
    already; not with ``full``); ``route``, when given, keeps only the rows it lets through, full or not
    (what a county passes down to a station); ``db_path`` finds the files of attachment rows; ``progress`` hears how
    many of the rows have been read, and may stop the reading by raising."""
    upto = session.scalar(select(func.max(ChangeLogEntry.seq))) or 0
    if full:
        names: Any = synced()
    else:
        names = set(session.scalars(select(ChangeLogEntry.table_name).where(
            ChangeLogEntry.seq > since_change_seq, ChangeLogEntry.seq <= upto).distinct()))
    if route is not None:
        route.withhold(session, names)
    tables, counts, stamps = [], {}, []
    for table in tables_in(names):
        where = [*([] if full else _chosen(table, since_change_seq, upto, skip_origin)),
                 *([] if route is None else route.conditions(table))]
        count, low, high = session.execute(select(func.count(), func.min(table.table.c.hlc),
                                                  func.max(table.table.c.hlc)).select_from(table.table)
                                           .where(*where)).one()
        if count:
            tables.append((table, where))
            counts[table.name] = count
            stamps += [low, high]
    rows = _rows(session, tables, sensitive)
    total = sum(counts.values())
    return Stream(rows if progress is None else _told(rows, total, progress), upto, counts,
                  _attachment_files(session, tables, db_path), min(stamps, default=0), max(stamps, default=0))


def collect(session: Session, *, since_change_seq: int = 0, full: bool = False, sensitive: bool = True,
            skip_origin: str | None = None, route: Route | None = None,
            db_path: Path | None = None) -> Collected:
    """``collect_stream`` with the rows in a list."""
    stream = collect_stream(session, since_change_seq=since_change_seq, full=full, sensitive=sensitive,
                            skip_origin=skip_origin, route=route, db_path=db_path)
    return Collected(list(stream.rows), stream.change_seq_to, stream.counts, stream.attachments, stream.hlc_min,
                     stream.hlc_max)


def _attachment_files(session: Session, tables: list[tuple[SyncedTable, list[Any]]],
                      db_path: Path | None) -> dict[str, bytes]:
    """The stored files of the attachment rows sent; one still missing here (it came in a bundle without
    its file) is left out, and the receiver shows it as missing too."""
    where = next((where for table, where in tables if table.name == Attachment.__tablename__), None)
    if db_path is None or where is None:
        return {}
    t = Attachment.__table__
    found = {}
    for digest in session.scalars(select(t.c.sha256).where(*where, t.c.deleted_at.is_(None)).distinct()):
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
