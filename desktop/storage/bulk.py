"""Many new rows of one synced table at once: one executemany per table instead of the unit of work.

The rows get exactly what the flush hook (``storage.tracking``) gives a row added through the ORM:
an id, the Python-side defaults, the pinyin keys of a name, a fresh and strictly increasing HLC,
this node, the time (one instant per row: created, stamped and audited) and who created it, one
change-log row and one audit entry whose after-digest is the row as stored, chained to the node's
audit chain as ``audit.append`` chains. Only the statements differ: the table's INSERT compiled once
and run by the driver's ``executemany`` over values bound as Core binds them (its type processors),
without Core's per-row work, no per-row flush, no identity map. Nothing here is SQLite-specific but
``roomy_cache``, which does nothing on other databases.

A write larger than its table (an import into a young register) may build the table's indexes once
instead of maintaining them row by row (``indexes_rebuilt``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, func, insert, inspect, select
from sqlalchemy.orm import Session

from desktop.domain.ids import new_id, new_ids
from desktop.storage.audit import chained, entry_values
from desktop.storage.base import Synced
from desktop.storage.digest import canonical_json_of, sha256_hex
from desktop.storage.models import AuditEntry, ChangeLogEntry
from desktop.storage.naming import PinyinNamed, name_columns
from desktop.storage.tracking import PRESERVE_STAMPS, catch_up, default_value, python_defaults, stamps

# SQLite's page cache while a bulk write runs. Its 2 MiB default holds a sliver of the indexes of a
# 200,000-row register, so pages changed by one batch are pushed out to the WAL and read back by the
# next, again and again: the inserts of 200,000 clients took 18 s of CPU with it, 10 s with this.
ROOMY_CACHE_KIB = 131_072
# Rows a write must add, at the least, before its table's indexes are rebuilt rather than maintained:
# below, either way takes a blink. Above, a rebuild pays when the rows added outnumber those there.
REBUILD_FROM_ROWS = 10_000
# session.info: callables (session, model, rows) that see each bulk insert's rows as given, before anything
# is stamped or written, and may refuse them all by raising: as a unit of work's before_flush hooks see
# rows added through the ORM (``sync.home_node.watch``: a county adds nothing under a station's record).
INSERT_CHECKS = "bulk.insert_checks"


@contextmanager
def roomy_cache(session: Session) -> Iterator[None]:
    """The session's connection with a page cache of ``ROOMY_CACHE_KIB`` inside the block (SQLite),
    then the size it had (which frees the pages beyond it)."""
    connection = session.connection()
    dbapi = connection.connection.dbapi_connection
    if connection.dialect.name != "sqlite" or dbapi is None:
        yield
        return
    # On the driver's connection: the size comes back also when the transaction failed.
    cursor = dbapi.cursor()
    cursor.execute("PRAGMA cache_size")
    size = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = -{ROOMY_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(size)}")
        cursor.close()


@contextmanager
def indexes_rebuilt(session: Session, model: type[Synced], rows: int,
                    kept: Collection[str] = ()) -> Iterator[None]:
    """Around a write that adds ``rows`` rows to ``model``'s table: when they outnumber the rows there
    (and ``REBUILD_FROM_ROWS``), its non-unique indexes are dropped and built again, as the model
    declares them, before the block ends. Building an index sorts its entries once; maintaining it puts
    each row's entry in its place among the others, a random page of a large index per entry (200,000
    clients, sqlite3 alone under ``roomy_cache``: 10 s of CPU maintaining them, 5.5–6.5 s rebuilding).
    Indexes led by a column named in ``kept`` stay: the write looks rows up by them. The block runs in a
    savepoint, so a failure or a cancel in it leaves the indexes as they were, even to a caller that
    goes on with the transaction; DDL is transactional in SQLite (and PostgreSQL)."""
    connection = session.connection()
    table = model.__table__
    if rows < REBUILD_FROM_ROWS or rows <= (session.scalar(select(func.count()).select_from(table)) or 0):
        yield
        return
    present = {index["name"] for index in inspect(connection).get_indexes(table.name)}  # as migrations made them
    rebuilt = sorted((index for index in table.indexes if index.name in present and not index.unique
                      and not any(column.name in kept for column in list(index.columns)[:1])),
                     key=lambda index: index.name)
    with session.begin_nested():
        connection = session.connection()  # the savepoint is begun when the nested transaction is first used
        for index in rebuilt:
            index.drop(connection)
        yield
        session.flush()
        for index in rebuilt:
            index.create(connection)


def insert_many(session: Session, model: type[Synced], rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Insert ``rows`` (column values by attribute name; a column left out takes its default, or
    None) as new rows of ``model`` in the session's transaction; their ids, in order."""
    if not rows:
        return []
    if session.info.get(PRESERVE_STAMPS):
        raise RuntimeError("a bulk insert stamps its rows; a merge keeps the stamps rows arrived with")
    # What the session holds is written first, so stamps and the audit chain keep the order of the calls.
    session.flush()
    for check in session.info.get(INSERT_CHECKS, ()):
        check(session, model, rows)
    catch_up(session)
    mapper = inspect(model)
    keys = [attr.key for attr in mapper.column_attrs]
    # An unknown key would be left out without a word, and the digest would then describe another row.
    unknown = {key for row in rows for key in row} - set(keys)
    if unknown or set(keys) != set(model.__table__.c.keys()):
        raise ValueError(f"{model.__tablename__} has no column {sorted(unknown)} (or renames an attribute)")
    defaults = python_defaults(mapper)
    blank = dict.fromkeys(keys)  # a column with neither a value nor a default is NULL, as its digest says
    blank.update((key, default_value(default)) for key, default in defaults.items() if default.is_scalar)
    # Made for each row (a fresh id) unless given or stamped; created_at is the row's time, as below.
    made = {key: default for key, default in defaults.items() if not default.is_scalar and key != "created_at"}
    table = model.__tablename__
    person = getattr(model, "__person_name__", False)
    row_json = canonical_json_of(keys)
    records, changes, entries = [], [], []
    named = issubclass(model, PinyinNamed)
    # What every row's audit entry shares (node, actor, action, table), made once; each row's entry
    # takes its own id, row, digest and time.
    audited = entry_values(session, "insert", table_name=table)
    entry_ids = iter(new_ids(len(rows)))
    for given in rows:
        row = blank | given
        stamped = stamps(session, "insert", row["created_by"])
        for key, default in made.items():
            if key not in given and key not in stamped:
                row[key] = default_value(default)
        if named:
            row.update(name_columns(row["name"], person))  # as the model's validator does
        row["id"] = row["id"] or new_id()
        row.update(stamped)
        at = stamped["updated_at"]  # the row's one time: created, stamped and audited at once
        if row["created_at"] is None:
            row["created_at"] = at
        records.append(row)
        changes.append({"table_name": table, "row_id": row["id"], "hlc": row["hlc"],
                        "origin_node": row["origin_node"], "op": "insert"})
        entries.append(chained(session, audited | {"id": next(entry_ids), "row_id": row["id"],
                                                   "after_digest": sha256_hex(row_json(row)), "at": at}))
    binds: dict[str, dict[Any, Any]] = {}
    for target, values in ((model, records), (ChangeLogEntry, changes), (AuditEntry, entries)):
        execute_many(session, target.__table__, values, binds)
    return [row["id"] for row in records]


def execute_many(session: Session, table: Table, rows: list[dict[str, Any]],
                 binds: dict[str, dict[Any, Any]]) -> None:
    """One INSERT of ``rows`` (each with the same columns, by key) through the driver's executemany,
    each value bound as Core binds it, once: ``binds`` keeps what a value became, by column type (its
    repr names its class and arguments, which make the bind), as the rows share dates and a row's times."""
    connection = session.connection()
    dialect = connection.dialect
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or ()) if compiled.positional else keys
    values = itemgetter(*order) if len(order) > 1 else lambda row: (row[order[0]],)
    processed = [(index, process, binds.setdefault(repr(table.c[key].type), {})) for index, key in enumerate(order)
                 if (process := table.c[key].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    bound: list[tuple[Any, ...]] = [values(row) for row in rows]
    if processed:
        for number, row_values in enumerate(bound):
            changed = list(row_values)
            for index, process, done in processed:
                value = changed[index]
                if value not in done:
                    done[value] = process(value)
                changed[index] = done[value]
            bound[number] = tuple(changed)
    parameters = bound if compiled.positional else [dict(zip(order, row_values)) for row_values in bound]
    connection.exec_driver_sql(compiled.string, parameters)
