"""The ids of a register of named records, filtered in SQL and in pinyin order of the name, whole or a
window at a time (a list of 400,000 shows its first page without fetching every id)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop.domain.permissions import Action
from desktop.services.guard import require
# Re-exported: the registers' services order their codes with it.
from desktop.storage.listed_order import in_listed_order as in_listed_order
from desktop.storage.naming import name_matches


K = TypeVar("K")


@dataclass(frozen=True)
class IdPage(Generic[K]):
    """A window of a list's ids in display order; ``total`` counts the whole list when it was asked for."""

    ids: list[K]
    total: int | None


def id_page(session: Session, stmt: Select[Any], offset: int, limit: int, with_total: bool) -> IdPage[Any]:
    """The ids ``stmt`` (an ordered select of one id column) lists from ``offset``; the count of all it
    lists only ``with_total``, since a list counts once per reload rather than once per window."""
    ids = list(session.scalars(stmt.offset(offset).limit(limit)))
    return IdPage(ids, listed_count(session, stmt) if with_total else None)


def listed_count(session: Session, stmt: Select[Any]) -> int:
    """How many ids ``stmt`` (as given to ``id_page``) lists: a register's ``count``, which its page asks on the
    database worker while the first window is already on screen."""
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def named_ids(session: Session, model: type[Any], **filters: Any) -> list[str]:
    """Every id ``named_select`` lists, in its order."""
    return list(session.scalars(named_select(session, model, **filters)))


def named_select(session: Session, model: type[Any], *, text: str = "", include_deleted: bool = False,
                 equal: Iterable[tuple[InstrumentedAttribute[Any], str]] = (),
                 where: Iterable[ColumnElement[bool]] = (), order: Iterable[ColumnElement[Any]] = ()) -> Select[Any]:
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
    order = tuple(order)
    name = model.name_sort.expression
    # Ordered by the name already: naming it twice would make SQLite sort again what its index has in order.
    by_name = any(key.compare(name) or key.compare(name.desc()) for key in order)
    return stmt.order_by(*order, *(() if by_name else (name,)), model.id)


def ordered(orders: dict[str, ColumnElement[Any]], order_by: str, descending: bool) -> tuple[ColumnElement[Any]]:
    """The sort key a query names (the name when it names none of ``orders``), in its direction."""
    key = orders.get(order_by, orders["name"])
    return (key.desc() if descending else key,)
