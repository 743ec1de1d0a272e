"""Staging a bundle's changes for the merge: each row decoded and checked against this node's tables, by
table (parents first), each id once with its greatest version, a chunk at a time as the bundle is read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from desktop.sync.registry import WireError, base_of, synced, table_of

STAGE_CHUNK = 5000  # rows of a bundle decoded and merged at a time (``stage_chunks``)


@dataclass(frozen=True)
class Staged:
    values: dict[str, Any]  # column values, sealed and blind columns not among them
    plain: dict[str, str | None]  # plaintext of the sealed columns the row carries
    base: tuple[int, str] | None = None  # the version it replaced at the sender

    @property
    def key(self) -> tuple[int, str]:
        return version_key(self.values)


def version_key(row: Mapping[str, Any]) -> tuple[int, str]:
    """A row's version: ``(hlc, origin_node)``."""
    return row["hlc"], row["origin_node"]


def stage(changes: Iterable[Mapping[str, Any]]) -> dict[str, list[Staged]]:
    """The rows decoded and checked, by table (parents first), each id once (its greatest version).
    Raises WireError on a row that does not fit this node's tables: nothing has been written yet."""
    by_table: dict[str, dict[str, Staged]] = {}
    for wire in changes:
        if not isinstance(wire, Mapping):
            raise WireError("a change that is not an object")
        table = table_of(str(wire.get("table")))
        values, plain = table.from_wire(wire)
        staged = Staged(values, plain, base_of(wire))
        rows = by_table.setdefault(table.name, {})
        if values["id"] not in rows or rows[values["id"]].key < staged.key:
            rows[values["id"]] = staged
    return {name: sorted(by_table[name].values(), key=lambda s: (s.key, s.values["id"]))
            for name in synced() if name in by_table}


def stage_chunks(changes: Iterable[Mapping[str, Any]], size: int = STAGE_CHUNK) -> Iterator[dict[str, list[Staged]]]:
    """``stage`` ``size`` rows at a time, as they are read: an import merges a chunk before it reads the
    next, so it holds one chunk, not the bundle. A row that does not fit raises WireError when its chunk
    is reached, within the merge's transaction, which then writes nothing."""
    rows = iter(changes)
    while chunk := list(islice(rows, size)):
        yield stage(chunk)
