"""Several codes or names kept in one column as ",a,b,": the stored form, the items, the SQL filter."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

SEPARATOR = ","


def tags_column(items: Iterable[str]) -> str:
    """("a", "b") → ",a,b,"; no items → ","."""
    return SEPARATOR + "".join(f"{item}{SEPARATOR}" for item in items)


def tags_of(column: str) -> tuple[str, ...]:
    return tuple(item for item in column.split(SEPARATOR) if item)


def has_tag(column: InstrumentedAttribute[Any], item: str) -> ColumnElement[bool]:
    return column.contains(f"{SEPARATOR}{item}{SEPARATOR}", autoescape=True)
