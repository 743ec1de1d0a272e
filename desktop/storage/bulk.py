"""Many new rows of one synced table at once: one executemany per table instead of the unit of work.

The rows get exactly what the flush hook (``storage.tracking``) gives a row added through the ORM:
an id, the Python-side defaults, the pinyin keys of a name, a fresh and strictly increasing HLC,
this node, the time and who created it, one change-log row and one audit entry whose after-digest is
the row as stored, chained to the node's audit chain as ``audit.append`` chains. Only the statements
differ: Core ``insert()`` with a list of rows (SQLAlchemy's "insertmanyvalues" where the driver
needs it), no per-row flush, no identity map. Nothing here is SQLite-specific.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import inspect, insert
from sqlalchemy.orm import Session

from desktop.domain.ids import new_id
from desktop.storage.audit import chained, entry_values
from desktop.storage.base import Synced
from desktop.storage.digest import canonical_json, sha256_hex
from desktop.storage.models import AuditEntry, ChangeLogEntry
from desktop.storage.naming import PinyinNamed, name_columns
from desktop.storage.tracking import PRESERVE_STAMPS, catch_up, default_value, python_defaults, stamps


def insert_many(session: Session, model: type[Synced], rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Insert ``rows`` (column values by attribute name; a column left out takes its default, or
    None) as new rows of ``model`` in the session's transaction; their ids, in order."""
    if not rows:
        return []
    if session.info.get(PRESERVE_STAMPS):
        raise RuntimeError("a bulk insert stamps its rows; a merge keeps the stamps rows arrived with")
    # What the session holds is written first, so stamps and the audit chain keep the order of the calls.
    session.flush()
    catch_up(session)
    mapper = inspect(model)
    keys = [attr.key for attr in mapper.column_attrs]
    # Core would drop an unknown key without a word, and the digest would then describe another row.
    unknown = {key for row in rows for key in row} - set(keys)
    if unknown or set(keys) != set(model.__table__.c.keys()):
        raise ValueError(f"{model.__tablename__} has no column {sorted(unknown)} (or renames an attribute)")
    defaults = python_defaults(mapper)
    blank = dict.fromkeys(keys)  # a column with neither a value nor a default is NULL, as its digest says
    blank.update((key, default_value(default)) for key, default in defaults.items() if default.is_scalar)
    made = {key: default for key, default in defaults.items() if not default.is_scalar}  # a fresh id, the time
    table = model.__tablename__
    records, changes, entries = [], [], []
    named = issubclass(model, PinyinNamed)
    for given in rows:
        row = blank | given
        row.update((key, default_value(default)) for key, default in made.items() if key not in given)
        if named:
            row.update(name_columns(row["name"], getattr(model, "__person_name__", False)))  # as the model's validator does
        row["id"] = row["id"] or new_id()
        row.update(stamps(session, "insert", row["created_by"]))
        records.append(row)
        changes.append({"table_name": table, "row_id": row["id"], "hlc": row["hlc"],
                        "origin_node": row["origin_node"], "op": "insert"})
        entries.append(chained(session, entry_values(session, "insert", table_name=table, row_id=row["id"],
                                                     after_digest=sha256_hex(canonical_json(row)))))
    for target, values in ((model, records), (ChangeLogEntry, changes), (AuditEntry, entries)):
        session.execute(insert(target.__table__), values)
    return [row["id"] for row in records]
