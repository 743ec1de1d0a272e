"""Which tables travel in bundles, and how a row is written on the wire and read back.

Every ``Synced`` class travels unless it declares ``__sync__ = False``, so a new table joins sync by
declaration. A row on the wire is ``{"table", "id", "hlc", "origin", "deleted", "fields"}``, with its
``base`` when known (``base_of``); ``fields`` holds every other column as JSON (dates and times in ISO
8601). Sealed columns (``storage.sealed``)
carry their plaintext under the column's name, and only when the bundle may hold it; blind indexes
are keyed by each node's own data key, so they never travel and are recomputed from the plaintext.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, String, Table, Text, inspect

from desktop.security.vault import Vault
from desktop.services.id_numbers import blind_of
from desktop.storage.base import Base, Synced, UtcDateTime, synced_tables
from desktop.storage.sealed import sealed_columns

# The columns a wire row carries outside ``fields``.
STAMP_COLUMNS = ("id", "hlc", "origin_node")
# A wire row's ``[hlc, origin]`` of the version it replaced at the node that sent it (bundle format 2, ``collect``).
BASE = "base"


@dataclass(frozen=True)
class BlindIndex:
    """A column that is a keyed digest of a sealed field, recomputed by the node that stores it."""

    column: str
    sealed_column: str
    compute: Callable[[Vault, Mapping[str, Any], str | None], str | None]  # (keys, row values, plaintext)


def _id_number_blind(keys: Vault, row: Mapping[str, Any], number: str | None) -> str | None:
    return blind_of(keys, row["id_type"], number)


# Blind indexes by column name: the registers of people keep ``id_blind`` of ``id_type`` and the
# sealed ``id_number`` (services.id_numbers), whichever table they are in.
BLIND_INDEXES = {"id_blind": BlindIndex("id_blind", "id_number_sealed", _id_number_blind)}


@dataclass(frozen=True)
class Monotonic:
    """A column whose value only moves forward through ``states`` (the database refuses a step back);
    a row in the last state is final and keeps its content (DESIGN.md §7, ledgers)."""

    column: str
    states: tuple[str, ...]
    # state → the states it may move to (in one step or several); None: onward along ``states``
    moves: Mapping[str, tuple[str, ...]] | None = None

    def rank(self, row: Mapping[str, Any]) -> int:
        value = row[self.column]
        return self.states.index(value) if value in self.states else 0

    def final(self, row: Mapping[str, Any]) -> bool:
        if self.moves is None:
            return self.rank(row) == len(self.states) - 1
        return not self.moves.get(row[self.column])

    def reaches(self, here: Mapping[str, Any], incoming: Mapping[str, Any]) -> bool:
        """Whether the row here may move to the incoming row's state (the database refuses other moves)."""
        old, new = here[self.column], incoming[self.column]
        if old == new or self.moves is None:
            return True
        return new in self.moves.get(old, ())


# Tables whose rows move one way, by name: a receipt is issued, then perhaps voided, never issued again
# (migration 0018's trigger); a disbursement moves along its workflow (0022's).
MONOTONIC = {
    "donation_receipt": Monotonic("status", ("issued", "voided")),
    # 0022's: proposed → approved, rejected or withdrawn; approved → paid or cancelled. Two nodes that took
    # different branches (one approved, one rejected) each keep theirs, and the conflict tells.
    "disbursement": Monotonic("status", ("proposed", "approved", "rejected", "withdrawn", "cancelled", "posted"), {
        "proposed": ("approved", "rejected", "withdrawn", "posted", "cancelled"), "approved": ("posted", "cancelled")}),
}


@dataclass(frozen=True)
class Numbered:
    """A number a row takes once, unique among the rows of the same ``scope`` (a disbursement's in its
    fund): a merge never changes a number set here. An arriving row takes the number it was given where it
    was written, unless another row here holds it (two nodes gave one number in one fund between two
    exchanges); then it takes the next number here. The numbers people saw here stay put, and the two nodes
    show those two rows under different numbers, as human numbers are each node's (DESIGN.md §3); they are
    not part of a version either, so they never make a conflict."""

    column: str
    scope: str
    optional: bool = False  # a row given no number where it was written keeps none (valued goods)


# Tables with a number of their own, by name (migration 0024: a disbursement's; 0030: a balance assertion's and
# an acknowledgement's of goods with no valuation; the database refuses a change).
NUMBERED = {"disbursement": Numbered("number", "fund_id"), "balance_assertion": Numbered("number", "fund_id"),
            "goods_in_kind": Numbered("ack_number", "fund_id", optional=True)}


class WireError(ValueError):
    """A wire row that does not fit this node's tables (unknown table or column, wrong value type)."""


def _encoder(column: Column) -> Callable[[Any], Any]:  # type: ignore[type-arg]
    if isinstance(column.type, UtcDateTime | Date):
        return lambda value: None if value is None else value.isoformat()
    return lambda value: value


def _decoder(column: Column) -> Callable[[Any], Any]:  # type: ignore[type-arg]
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return lambda value: None if value is None else datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return lambda value: None if value is None else date.fromisoformat(value)
    expected: type
    if isinstance(kind, Boolean):
        expected = bool
    elif isinstance(kind, Integer):  # BigInteger too
        expected = int
    elif isinstance(kind, String | Text):
        expected = str
    else:
        return lambda value: value

    def checked(value: Any) -> Any:
        if value is not None and type(value) is not expected:  # exact: JSON true is no integer here
            raise WireError(f"{column.table.name}.{column.name}: {type(value).__name__} given")
        return value

    return checked


@dataclass(frozen=True)
class SyncedTable:
    model: type[Base]
    name: str
    append_only: bool
    table: Table
    columns: tuple[str, ...]  # every column of the wire's ``fields``, sealed ones included
    sealed: dict[str, str]  # sealed column -> the field bound into its ciphertext
    blind: tuple[BlindIndex, ...]
    monotonic: Monotonic | None = None
    numbered: Numbered | None = None

    def to_wire(self, row: Mapping[str, Any], *, opened: Mapping[str, str | None] | None) -> dict[str, Any]:
        """The wire row of a stored row (column values by name). ``opened`` gives the plaintext of the
        sealed columns to carry (one it lacks is left out); None leaves the sealed columns out."""
        fields = {}
        for name in self.columns:
            if name in self.sealed:
                if opened is not None and name in opened:
                    fields[name] = opened[name]
            else:
                fields[name] = _ENCODERS[self.name][name](row[name])
        return {"table": self.name, "id": row["id"], "hlc": row["hlc"], "origin": row["origin_node"],
                "deleted": row["deleted_at"] is not None, "fields": fields}

    def from_wire(self, wire: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str | None]]:
        """Column values of a wire row (sealed and blind columns not among them) and the plaintext of
        each sealed column it carries. Raises WireError when it does not fit the table."""
        fields = wire.get("fields")
        if not isinstance(fields, dict) or not isinstance(wire.get("id"), str) or type(wire.get("hlc")) is not int \
                or not isinstance(wire.get("origin"), str):
            raise WireError(f"{self.name}: a row without id, hlc, origin or fields")
        unknown = set(fields) - set(self.columns)
        if unknown:
            raise WireError(f"{self.name} has no column {sorted(unknown)}")
        values: dict[str, Any] = {"id": wire["id"], "hlc": wire["hlc"], "origin_node": wire["origin"]}
        plain: dict[str, str | None] = {}
        decoders = _DECODERS[self.name]
        for name, value in fields.items():
            if name in self.sealed:
                if value is not None and not isinstance(value, str):
                    raise WireError(f"{self.name}.{name}: not text")
                plain[name] = value
            else:
                values[name] = decoders[name](value)
        missing = {name for name in self.columns if name not in self.sealed} - set(values)
        if missing:
            raise WireError(f"{self.name}: {sorted(missing)} missing")
        if (values["deleted_at"] is not None) != bool(wire.get("deleted")):
            raise WireError(f"{self.name}: deleted flag and deleted_at disagree")
        return values, plain


def base_of(wire: Mapping[str, Any]) -> tuple[int, str] | None:
    """The ``(hlc, origin_node)`` a wire row names as its base, or None when it names none. Raises WireError
    for a base of another shape."""
    base = wire.get(BASE)
    if base is None:
        return None
    if not isinstance(base, list) or len(base) != 2 or type(base[0]) is not int or not isinstance(base[1], str):
        raise WireError(f"{wire.get('table')!r}: a base that is not [hlc, origin]")
    return base[0], base[1]


_ENCODERS: dict[str, dict[str, Callable[[Any], Any]]] = {}
_DECODERS: dict[str, dict[str, Callable[[Any], Any]]] = {}


def _travels(model: type[Base]) -> bool:
    return getattr(model, "__sync__", True)


@cache
def synced() -> dict[str, SyncedTable]:
    """The tables that travel, by name, in the order their rows can be inserted (parents first)."""
    sealed_by_table: dict[str, dict[str, str]] = {}
    for column in sealed_columns():
        sealed_by_table.setdefault(column.table, {})[column.column.key] = column.field
    models = {m.__tablename__: m for m in synced_tables() if _travels(m)}
    found = {}
    for table in Base.metadata.sorted_tables:  # foreign-key order
        model = models.get(table.name)
        if model is None:
            continue
        names = tuple(attr.key for attr in inspect(model).column_attrs
                      if attr.key not in STAMP_COLUMNS and attr.key not in BLIND_INDEXES)
        _ENCODERS[table.name] = {name: _encoder(table.c[name]) for name in names}
        _DECODERS[table.name] = {name: _decoder(table.c[name]) for name in names}
        blind = tuple(index for name, index in BLIND_INDEXES.items() if name in table.c)
        found[table.name] = SyncedTable(model, table.name, bool(getattr(model, "__append_only__", False)), table,
                                        names, sealed_by_table.get(table.name, {}), blind,
                                        MONOTONIC.get(table.name), NUMBERED.get(table.name))
    return found


def table_of(name: str) -> SyncedTable:
    try:
        return synced()[name]
    except KeyError:
        raise WireError(f"no synced table {name!r}") from None


def is_synced(model: type[Synced]) -> bool:
    return model.__tablename__ in synced()  # type: ignore[attr-defined]


def tables_in(names: Iterable[str]) -> list[SyncedTable]:
    """The named tables, parents first."""
    wanted = set(names)
    return [table for name, table in synced().items() if name in wanted]
