"""Sealed fields this node never received: a plain bundle leaves sealed fields out (``sync.collect``), and a
record first received that way stores each of them as ``WITHHELD``, an empty value no seal produces (an empty
field is NULL). So a screen can say "(not in the bundles received)" instead of showing a blank that looks like
"never recorded", and nothing here takes the absent value for an empty one:

- the merge keeps the mark until a bundle carries the field (its value, or that it is empty) and leaves a
  marked field out of the rows it sends on, so the node that has the value keeps it (``sync.merge``); the
  fill is logged (change-log op ``fill``, the version's own stamps), so the next bundle carries the field on
  to the nodes this one had passed the row to without it;
- an edit here that leaves such a field empty keeps the mark (``keep_withheld``, a flush hook), with the
  columns worked out from it (``DERIVED``): the person editing never saw the value, so saving the form must
  not send an empty one back.

Append-only rows are marked too (a service record's content): migration 0029 lets exactly a fill of a NULL
or withheld field through there, never another change. Rows received before 0029 held a NULL instead; 0031 marks
those its record of what was received tells apart from fields empty at their origin.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from desktop.storage.base import Synced
from desktop.storage.sealed import sealed_columns

WITHHELD = b""
# Columns kept in the clear but worked out from a sealed value: they travel with the row, so while the value
# is withheld here the one received is kept (a client's ID number's last four).
DERIVED = {"id_tail": "id_number_sealed"}


def derived_columns(columns: Collection[str]) -> dict[str, str]:
    """Of a table's columns (by name), those worked out from a sealed one of the same table: derived → source."""
    return {derived: source for derived, source in DERIVED.items() if derived in columns and source in columns}


def is_withheld(value: bytes | None) -> bool:
    return value is not None and len(value) == 0


def withheld_fields(row: Any) -> tuple[str, ...]:
    """The fields of ``row`` (a model instance) that did not come with the bundles received, by field name
    (``phone``, ``id_number``), sorted."""
    return tuple(column.field for column in _sealed_of(type(row)) if is_withheld(getattr(row, column.column.key)))


@cache
def _sealed_of(model: type) -> tuple[Any, ...]:
    return tuple(column for column in sealed_columns() if column.model is model)


def _history(obj: Synced, key: str) -> tuple[Any, Any] | None:
    """(value stored, value now) of a changed attribute, else None."""
    changed = inspect(obj).attrs[key].history
    if not changed.has_changes() or not changed.deleted:
        return None
    return changed.deleted[0], changed.added[0] if changed.added else None


def keep_withheld(session: Session, _context: Any = None, _instances: Any = None) -> None:
    """Before the flush (and before ``tracking`` stamps the rows): a withheld field an edit set to empty is
    withheld again, with its derived columns, so an edit that changed nothing else writes no new version."""
    for obj in session.dirty:
        if not isinstance(obj, Synced):
            continue
        kept: set[str] = set()
        for column in _sealed_of(type(obj)):
            key = column.column.key
            change = _history(obj, key)
            if change is not None and is_withheld(change[0]) and change[1] is None:
                setattr(obj, key, WITHHELD)
                kept.add(key)
        for derived, source in DERIVED.items():
            change = _history(obj, derived) if source in kept else None
            if change is not None and not change[1]:
                setattr(obj, derived, change[0])


def install(session_factory: Any) -> None:
    """Attach the hook to a ``sessionmaker``, ahead of the hooks already there (``tracking``'s)."""
    event.listen(session_factory, "before_flush", keep_withheld, insert=True)
