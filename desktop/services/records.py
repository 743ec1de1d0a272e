"""What every register's records share: loading one by id, and the tombstone (never a DELETE)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.storage.base import Synced, utcnow

R = TypeVar("R", bound=Synced)


def load(session: Session, model: type[R], row_id: str, missing: str) -> R:
    """The row, or NotFoundError with the register's own ``missing`` message."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(missing)
    return row


def tombstone(session: Session, row: Synced) -> None:
    """Mark deleted: the row stays, is left out of lists and counts, and syncs as deleted."""
    if row.deleted_at is None:
        row.deleted_at = utcnow()
        session.flush()


def untombstone(session: Session, row: Synced) -> None:
    if row.deleted_at is not None:
        row.deleted_at = None
        session.flush()
