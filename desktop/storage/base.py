"""The declarative base and the record conventions every synced table shares (DESIGN.md §3)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import BigInteger, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.domain.ids import new_id

# Stable constraint names, so Alembic's batch mode can alter SQLite tables.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive text)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Mixin for rows that travel between nodes: UUIDv7 key, clocks, origin and tombstone.

    ``updated_at``, ``hlc`` and ``origin_node`` are stamped by the session hook in
    ``storage.tracking``, which also writes the change log and the audit record in the
    same flush, so a new table joins sync and audit just by using this mixin.
    """

    # Rows of an append-only table are never updated or deleted; corrections are new rows.
    __append_only__: ClassVar[bool] = False

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    origin_node: Mapped[str] = mapped_column(String(36), default="")
    hlc: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    created_by: Mapped[str | None] = mapped_column(String(64), default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def synced_tables() -> list[type[Base]]:
    """Every mapped class that uses the Synced mixin, in table-name order."""
    classes = [m.class_ for m in Base.registry.mappers if issubclass(m.class_, Synced)]
    return sorted(classes, key=lambda c: c.__tablename__)
