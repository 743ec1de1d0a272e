"""The ids of a register of named records, filtered in SQL and in pinyin order of the name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, case, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop.domain.permissions import Action
from desktop.services.guard import require
from desktop.storage.naming import name_matches


def named_ids(session: Session, model: type[Any], *, text: str = "", include_deleted: bool = False,
              equal: Iterable[tuple[InstrumentedAttribute[Any], str]] = (),
              where: Iterable[ColumnElement[bool]] = (), order: Iterable[ColumnElement[Any]] = ()) -> list[str]:
    """``model`` is a ``Synced`` and ``PinyinNamed`` table; ``equal`` pairs a column with a filter value ("" for
    any); ``where`` adds conditions of the register's own; ``order`` sorts before the name does."""
    require(session, Action.VIEW)
    stmt = select(model.id)
    if not include_deleted:
        stmt = stmt.where(model.deleted_at.is_(None))
    for column, value in equal:
        if value:
            stmt = stmt.where(column == value)
    for clause in where:
        stmt = stmt.where(clause)
    if text.strip():
        stmt = stmt.where(name_matches(model, text))
    return list(session.scalars(stmt.order_by(*order, model.name_sort, model.id)))


def in_listed_order(column: ColumnElement[str], codes: dict[str, str]) -> ColumnElement[int]:
    """Codes sort as their labels are listed (registered before filed), not alphabetically."""
    return case({code: n for n, code in enumerate(codes)}, value=column, else_=len(codes))


def ordered(orders: dict[str, ColumnElement[Any]], order_by: str, descending: bool) -> tuple[ColumnElement[Any]]:
    """The sort key a query names (the name when it names none of ``orders``), in its direction."""
    key = orders.get(order_by, orders["name"])
    return (key.desc() if descending else key,)
