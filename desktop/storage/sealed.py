"""Which columns hold sealed (encrypted) values, found by declaration: ``info={"sealed": FIELD}``.

Privacy (reveal), the plaintext checks and sync all read this, so a new sensitive column only
needs the ``info`` on its ``mapped_column`` (``sealed_column`` declares one so).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, LargeBinary
from sqlalchemy.orm import MappedColumn, mapped_column

from desktop.storage.base import Base


@dataclass(frozen=True)
class SealedColumn:
    model: type[Base]
    column: Column  # type: ignore[type-arg]
    field: str  # the name bound into the ciphertext's associated data

    @property
    def table(self) -> str:
        return self.model.__tablename__


def sealed_column(field: str) -> MappedColumn[bytes | None]:
    """The column of a sealed value, named ``<field>_sealed``; ``field`` is bound into each ciphertext
    (services.sealing writes and reads it)."""
    return mapped_column(LargeBinary, default=None, info={"sealed": field})


def sealed_columns() -> list[SealedColumn]:
    found = []
    for mapper in Base.registry.mappers:
        for column in mapper.columns:
            if "sealed" in column.info:
                found.append(SealedColumn(mapper.class_, column, column.info["sealed"]))
    return sorted(found, key=lambda c: (c.table, c.field))


def find(table: str, field: str) -> SealedColumn | None:
    return next((c for c in sealed_columns() if c.table == table and c.field == field), None)
