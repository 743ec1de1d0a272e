"""Adding many records of a register at once (an import): the inputs checked as ``add`` checks one,
with lookups shared across the batch, and a refusal that says which input it is about."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import TypeVar

from desktop.errors import ValidationError

T = TypeVar("T")
U = TypeVar("U")

# Values per ``IN (...)`` list: far inside the bound-parameter limit of SQLite and PostgreSQL.
QUERY_CHUNK = 500


class ItemRefused(ValidationError):
    """One input of a batch is refused, so the batch is: ``index`` says which (0-based, as given)."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.field, error.message)
        self.index = index


def each(items: Sequence[T], check: Callable[[T], U]) -> list[U]:
    """``check(item)`` for every item, in order."""
    return [_about(index, check, item) for index, item in enumerate(items)]


def once_per(items: Sequence[T], key: Callable[[T], Hashable], check: Callable[[T], object]) -> None:
    """``check`` the first item of each distinct ``key``: a link that many items share is looked up once."""
    firsts: dict[Hashable, int] = {}
    for index, item in enumerate(items):
        firsts.setdefault(key(item), index)
    for index in firsts.values():
        _about(index, check, items[index])


def in_chunks(values: Sequence[T], size: int = QUERY_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _about(index: int, check: Callable[[T], U], item: T) -> U:
    try:
        return check(item)
    except ValidationError as exc:
        raise ItemRefused(index, exc) from exc
