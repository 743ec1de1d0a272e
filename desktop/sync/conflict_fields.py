"""Both versions of a conflicting record, every field side by side, for the 冲突 comparison: the
conflict view (``conflicts.ConflictView``) names only the fields that differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.services.guard import require
from desktop.storage.models import SyncConflict
from desktop.sync.conflicts import compared, form_order, versions


@dataclass(frozen=True)
class FieldPair:
    field: str
    current: Any  # the winning version's value (``conflicts.versions``: the record's now while open)
    other: Any  # the losing version's value
    differs: bool


def field_pairs(session: Session, conflict_id: str) -> tuple[FieldPair, ...]:
    """Every compared field (``conflicts.compared``) of the two versions (``conflicts.versions``), in the form's
    order (``form_order``); sealed fields are not among them (the conflict view's ``sealed_differ`` names those that
    differ)."""
    require(session, Action.VIEW)
    row = session.get(SyncConflict, conflict_id)
    if row is None:
        raise NotFoundError(_("No conflict {id}.").format(id=conflict_id))
    winner, loser = (version["fields"] for version in versions(session, row))
    return tuple(FieldPair(name, winner.get(name), loser.get(name), winner.get(name) != loser.get(name))
                 for name in form_order(row.table_name, set(winner) | set(loser)) if compared(name))
