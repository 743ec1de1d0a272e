"""The versions that lost a merge to a concurrent edit (数据同步 → 冲突): listed, compared side by side,
and resolved by a person, who keeps the winner or takes the other version back as a new edit.

Conflict records travel between nodes like any record: the node whose edit lost is told as well as the
one that found it, and a resolution made on any of them settles it on all of them, the record too.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _
from desktop.services.guard import require, vault
from desktop.services.privacy import as_screens_show
from desktop.services.received import NOT_RECEIVED
from desktop.storage import audit
from desktop.storage.base import utcnow
from desktop.storage.withheld import DERIVED, is_withheld
from desktop.storage.models import SyncConflict
from desktop.sync.registry import SyncedTable, table_of

KEEP, TAKE_OTHER = "kept", "took_loser"
RESOLUTIONS = {KEEP: N_("Kept the current version"), TAKE_OTHER: N_("Took the other version")}
_IDS = uuid.UUID("6f1d3c52-8a0e-4b7a-9d43-2c5e8f1a7b90")  # the namespace of conflict ids
# Stamps and times differ between any two versions; they are not what a person compares.
NOT_COMPARED = ("created_at", "updated_at", "created_by")
# Columns made from another one (a name's search and sort keys, a blind index, the ID number's last four, ``DERIVED``):
# the field they are made from is compared instead.
DERIVED_SUFFIXES = ("_search", "_sort", "_blind")
# The columns that name a record to a person, in the order tried; a form begins with them.
NAMING = ("name", "title", "number", "activity", "memo")


@dataclass(frozen=True)
class FieldDifference:
    field: str
    current: Any  # the winning version's value (``versions``: the record's now while the conflict is open)
    other: Any  # the losing version's value


@dataclass(frozen=True)
class ConflictView:
    id: str
    table_name: str
    row_id: str
    bundle_id: str
    detected_at: datetime
    winner_origin: str
    loser_origin: str
    differences: tuple[FieldDifference, ...]
    # The sealed fields whose values differ, by field name (``phone``), each value as the screens show it to
    # the signed-in role (``privacy.as_screens_show``: an ID number masked, say).
    sealed: tuple[FieldDifference, ...]
    resolved_at: datetime | None
    resolved_by: str
    resolution: str
    resolved_on: str  # the node the conflict was resolved on ("" while open): where ``resolved_by`` signs in

    @property
    def sealed_differ(self) -> tuple[str, ...]:
        return tuple(d.field for d in self.sealed)


def conflict_id(table_name: str, row_id: str, loser_hlc: int, loser_origin: str) -> str:
    """The id of the conflict a losing version makes: the same on every node that finds it."""
    return str(uuid.uuid5(_IDS, f"{table_name}/{row_id}/{loser_hlc}/{loser_origin}"))


def _secrets(session: Session, row: SyncConflict, side: str) -> dict[str, str | None]:
    """One version's sealed fields in plaintext, by column: ``side`` is "winner" or "loser"."""
    sealed = getattr(row, f"{side}_secrets_sealed")
    return {} if sealed is None else json.loads(vault(session).open(SyncConflict.__tablename__, row.id,
                                                                     f"{side}_secrets", sealed))


def _current_secrets(session: Session, row: SyncConflict) -> dict[str, str | None]:
    """The winning version's sealed fields, by column: while the conflict is open the record's as they are now,
    read live and opened with this node's data key (None: withheld here, ``storage.withheld``); the winner's as
    kept when the conflict is resolved or the record is not here (``versions``)."""
    table = table_of(row.table_name)
    columns = [table.table.c[column] for column in table.sealed]
    live = None if row.resolved_at is not None else session.execute(
        select(*columns).where(table.table.c.id == row.row_id)).mappings().first()
    if live is None:
        return {column: plain or "" for column, plain in _secrets(session, row, "winner").items()}
    return {column: None if is_withheld(live[column]) else vault(session).open(
        table.name, row.row_id, table.sealed[column], live[column]) for column in table.sealed}


def _sealed_differences(session: Session, row: SyncConflict) -> tuple[FieldDifference, ...]:
    """The sealed fields the winning version (``_current_secrets``) and the other one disagree on, by field name,
    each value as the screens show it to the signed-in role; none while the data key is locked, nor a field the
    other version came without (a bundle that left it out). A field withheld here shows the mark of one
    (``received``)."""
    table = table_of(row.table_name)
    if session.info.get("vault") is None or not table.sealed:
        return ()
    current, loser = _current_secrets(session, row), _secrets(session, row, "loser")
    found = []
    for column in form_order(row.table_name, loser):
        now, other, field = current.get(column, ""), loser[column] or "", table.sealed.get(column)
        if field is None or now == other or (now is None and not other):
            continue
        found.append(FieldDifference(field, _(NOT_RECEIVED) if now is None else as_screens_show(session, field, now),
                                     as_screens_show(session, field, other)))
    return tuple(found)


def form_order(table_name: str, names: Iterable[str]) -> list[str]:
    """Fields as the register's form lists them: what names the record first (``NAMING``, declared with the
    mixins), then in the order the register declares its columns; unknown ones last."""
    order = {name: n for n, name in enumerate(table_of(table_name).columns)}
    return sorted(names, key=lambda name: (name not in NAMING, order.get(name, len(order)), name))


def compared(name: str) -> bool:
    """Whether a person compares the column (``NOT_COMPARED``, ``DERIVED_SUFFIXES``)."""
    return name not in NOT_COMPARED and name not in DERIVED and not name.endswith(DERIVED_SUFFIXES)


def current_version(session: Session, row: SyncConflict) -> dict[str, Any]:
    """The record's version as it is now, read live (it may have changed since the conflict was found), as a
    wire row without its sealed fields; the winner as stored when the record is not here."""
    table = table_of(row.table_name)
    live = session.execute(select(table.table).where(table.table.c.id == row.row_id)).mappings().first()
    return json.loads(row.winner) if live is None else table.to_wire(live, opened=None)


def versions(session: Session, row: SyncConflict) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two versions a person compares, as wire rows: while the conflict is open the record as it is now
    (``current_version``) and the other version; once resolved, both as the conflict record keeps them, what was
    kept and what was set aside, not the record now (the resolution is itself a new version of it). Resolving
    changes neither (``resolve``)."""
    loser = json.loads(row.loser)
    return (current_version(session, row) if row.resolved_at is None else json.loads(row.winner)), loser


def _view(session: Session, row: SyncConflict) -> ConflictView:
    winner, loser = versions(session, row)
    names = form_order(row.table_name, set(winner["fields"]) | set(loser["fields"]))
    differences = tuple(FieldDifference(name, winner["fields"].get(name), loser["fields"].get(name))
                        for name in names if compared(name) and winner["fields"].get(name) != loser["fields"].get(name))
    return ConflictView(row.id, row.table_name, row.row_id, row.bundle_id, row.detected_at, winner["origin"],
                        loser["origin"], differences, _sealed_differences(session, row), row.resolved_at,
                        row.resolved_by, row.resolution, row.origin_node if row.resolved_at is not None else "")


def list_conflicts(session: Session, *, include_resolved: bool = False) -> list[ConflictView]:
    require(session, Action.VIEW)
    query = select(SyncConflict).order_by(SyncConflict.detected_at, SyncConflict.id)
    if not include_resolved:
        query = query.where(SyncConflict.resolved_at.is_(None))
    return [_view(session, row) for row in session.scalars(query)]


def _find(session: Session, conflict_id: str) -> SyncConflict:
    row = session.get(SyncConflict, conflict_id)
    if row is None and len(conflict_id) >= 8:
        matches = list(session.scalars(select(SyncConflict).where(
            SyncConflict.id.startswith(conflict_id, autoescape=True)).limit(2)))
        row = matches[0] if len(matches) == 1 else None
    if row is None:
        raise NotFoundError(_("No conflict {id}.").format(id=conflict_id))
    return row


def get_conflict(session: Session, conflict_id: str) -> ConflictView:
    require(session, Action.VIEW)
    return _view(session, _find(session, conflict_id))


def resolve(session: Session, conflict_id: str, choice: str) -> ConflictView:
    """``KEEP`` the current version or ``TAKE_OTHER``, the losing one. Either way the chosen values are
    written as a new version of the record here, with a fresh stamp and a change-log entry: it then wins
    by ``(hlc, origin)`` on every node it reaches, also on one that still holds the other version (a
    station whose edit lost at the county never held the county's winner), so every node ends the same.

    At a county this writes a station's record, read-only there for ordinary edits: settling a conflict
    is the sync layer's own write (``home_node``: ``Action.SYNC`` is not watched), and the version goes
    back down to the stations that wrote the record (``routing``)."""
    require(session, Action.SYNC)
    if choice not in (KEEP, TAKE_OTHER):
        raise ValidationError("choice", _("Keep the current version or take the other one."))
    row = _find(session, conflict_id)
    if row.resolved_at is not None:
        raise ValidationError("choice", _("This conflict was already resolved."))
    table = table_of(row.table_name)
    target = session.get(table.model, row.row_id)
    if target is None:
        raise NotFoundError(_("The record of this conflict no longer exists."))
    # What the other version replaces, field by field: [the value now, the other version's].
    replaced = {d.field: [d.current, d.other] for d in _view(session, row).differences} if choice == TAKE_OTHER else {}
    if choice == TAKE_OTHER:
        _take_other(session, row, table, target)
    else:
        target.updated_at = utcnow()  # the same values as a new version: the flush stamps it like any edit
    row.resolved_at, row.resolved_by, row.resolution = utcnow(), session.info.get("actor", ""), choice
    session.flush()
    audit.append(session, "sync.conflict", table_name=row.table_name, row_id=row.row_id,
                 detail={"conflict": row.id, "resolution": choice, "replaced": replaced})
    return _view(session, row)


def _take_other(session: Session, row: SyncConflict, table: SyncedTable, target: Any) -> None:
    """Write the losing version's values, its sealed ones included, onto the record."""
    loser = json.loads(row.loser)
    values, _plain = table.from_wire({**loser, "fields": {k: v for k, v in loser["fields"].items()
                                                         if k not in table.sealed}})
    rule = table.monotonic
    current = {rule.column: getattr(target, rule.column)} if rule is not None else {}
    if rule is not None and (rule.final(current) or rule.rank(values) < rule.rank(current)):
        raise ValidationError("choice", _("This record has moved on to a state it cannot leave (a voided "
                                          "receipt stays voided); keep the current version."))
    for name, value in values.items():
        if name not in ("id", "hlc", "origin_node", *NOT_COMPARED):
            setattr(target, name, value)
    secrets = _secrets(session, row, "loser") if table.sealed else {}
    for column, plain in secrets.items():
        setattr(target, column, vault(session).seal(table.name, target.id, table.sealed[column], plain))
    for index in table.blind:  # the blind index follows the sealed value it is made from
        if index.sealed_column in secrets:
            setattr(target, index.column, index.compute(vault(session), {c.key: getattr(target, c.key)
                                                                         for c in table.table.c},
                                                        secrets[index.sealed_column] or None))
