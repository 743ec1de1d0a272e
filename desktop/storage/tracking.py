"""The session hook that keeps the record conventions: stamps, change log and audit in one flush.

Every write to a ``Synced`` table gets a fresh HLC stamp, ``updated_at`` and ``origin_node``, one
change-log row and one audit entry with before/after digests, inside the same transaction as the
change itself. Hard deletes of synced rows and updates of append-only rows are refused.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Mapper, Session

from desktop.storage.audit import append, forget_heads
from desktop.storage.base import Synced, utcnow
from desktop.domain.ids import new_id
from desktop.storage.digest import canonical_json, row_digest, row_state, sha256_hex
from desktop.storage.models import ChangeLogEntry

# Set on a session by the merge of an incoming bundle: it keeps the stamps the rows arrived with.
PRESERVE_STAMPS = "preserve_stamps"


class RecordRuleError(RuntimeError):
    """A programming error: code tried to break a record convention (hard delete, edit append-only)."""


def stamps(session: Session, op: str, created_by: str | None) -> dict[str, Any]:
    """The stamps of a row version being written here: a fresh HLC, this node, the time, and on
    insert who created it (``created_by`` when the row names someone, else the acting user)."""
    values = {"hlc": session.info["clock"].now(), "origin_node": session.info["node_id"], "updated_at": utcnow()}
    if op == "insert":
        values["created_by"] = created_by or session.info.get("actor")
    return values


def _stamp(session: Session, obj: Synced, op: str) -> None:
    if not session.info.get(PRESERVE_STAMPS):
        for key, value in stamps(session, op, obj.created_by).items():
            setattr(obj, key, value)
    session.add(
        ChangeLogEntry(
            table_name=type(obj).__tablename__, row_id=obj.id, hlc=obj.hlc, origin_node=obj.origin_node, op=op
        )
    )


def python_defaults(mapper: Mapper[Any]) -> dict[str, Any]:
    """Attribute key → the Python-side default (a value or a callable) of each column that has one."""
    return {attr.key: attr.columns[0].default for attr in mapper.column_attrs
            if attr.columns[0].default is not None
            and (attr.columns[0].default.is_scalar or attr.columns[0].default.is_callable)}


def default_value(default: Any) -> Any:
    """What a column default from ``python_defaults`` gives a new row."""
    return default.arg if default.is_scalar else default.arg(None)


def _fill_defaults(obj: Synced) -> None:
    """Apply the Python-side column defaults now, so the insert's after-digest is the row as stored."""
    state = inspect(obj)
    for key, default in python_defaults(state.mapper).items():
        if key not in state.dict:
            setattr(obj, key, default_value(default))


def catch_up(session: Session) -> None:
    """Take the write lock (BEGIN IMMEDIATE) before stamping, and move the clock past every stamp
    already committed, also by another handle on the file: stamps then follow commit order."""
    with session.no_autoflush:
        latest = session.scalar(select(func.max(ChangeLogEntry.hlc)))
    session.info["clock"].observe(latest or 0)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.deleted):
        if isinstance(obj, Synced):
            raise RecordRuleError(f"{type(obj).__tablename__} rows are tombstoned, never deleted")
    if not session.info.get(PRESERVE_STAMPS) and any(
        isinstance(obj, Synced) for obj in (*session.new, *session.dirty)
    ):
        catch_up(session)
    for obj in list(session.new):
        if isinstance(obj, Synced):
            if obj.id is None:
                obj.id = new_id()
            _fill_defaults(obj)
            _stamp(session, obj, "insert")
            append(session, "insert", table_name=type(obj).__tablename__, row_id=obj.id,
                   after_digest=row_digest(obj))
    for obj in list(session.dirty):
        if not isinstance(obj, Synced) or not session.is_modified(obj, include_collections=False):
            continue
        if type(obj).__append_only__:
            raise RecordRuleError(f"{type(obj).__tablename__} is append-only; add a correcting row")
        before = row_state(obj, before=True)
        op = "delete" if obj.deleted_at is not None else "update"
        action = "restore" if before["deleted_at"] is not None and op == "update" else op
        _stamp(session, obj, op)
        append(session, action, table_name=type(obj).__tablename__, row_id=obj.id,
               before_digest=sha256_hex(canonical_json(before)), after_digest=row_digest(obj))


def _after_end(session: Session, _transaction: Any) -> None:
    forget_heads(session)


def install(session_factory: Any) -> None:
    """Attach the hooks to a ``sessionmaker``."""
    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "after_transaction_end", _after_end)
