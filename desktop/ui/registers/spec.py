"""What a register page needs to know about one register: its service calls, columns, filters and words."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.ui.table_model import Column

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy.orm import Session

    from desktop.services.listing import IdPage
    from desktop.ui.context import AppContext
    from desktop.ui.gateway import Gateway
    from desktop.ui.registers.record_dialog import RecordDialog


class Record(Protocol):
    """What every register's view dataclass has."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def deleted(self) -> bool: ...


R = TypeVar("R", bound=Record)
R_co = TypeVar("R_co", bound=Record, covariant=True)


class RegisterService(Protocol[R_co]):
    """What a register's service module offers (``desktop.services.orgs`` is one)."""

    def list_page(self, session: Session, query: Any, offset: int, limit: int,
                  with_total: bool, /) -> IdPage[str]: ...

    def count(self, session: Session, query: Any, /) -> int: ...

    def get_many(self, session: Session, ids: Sequence[str], /) -> list[R_co]: ...

    def delete(self, session: Session, record_id: str, /) -> object: ...

    def restore(self, session: Session, record_id: str, /) -> object: ...


@dataclass(frozen=True)
class Filters:
    """What the filter bar says: the search text, each choice's code ("" for any), and "show deleted"."""

    text: str
    choices: Mapping[str, str]
    include_deleted: bool


@dataclass(frozen=True)
class Choice:
    """A drop-down filter; ``options(gateway)`` maps code → translated label, its first item "" for any."""

    key: str
    options: Callable[[Gateway], dict[str, str]]

    @classmethod
    def of_codes(cls, key: str, codes: dict[str, str], any_label: str) -> Choice:
        """A filter over stable codes (``domain.codes``); ``any_label`` is marked with N_."""
        return cls(key, lambda _gateway: {"": _(any_label)} | {code: _(text) for code, text in codes.items()})


@dataclass(frozen=True)
class RegisterSpec(Generic[R]):
    topic: str  # what its changes are published as (``DataEvents``)
    table: str  # the table of its records: whose a record is (``sync.home_node``) is asked by it
    edit_action: Action  # who may add, edit, delete and restore
    columns: Sequence[Column[R]]
    query: Callable[[Filters], Any]  # the service's query dataclass; it has ``order_by`` and ``descending``
    service: RegisterService[R]
    dialog: Callable[[AppContext, R | None, QWidget | None], RecordDialog[R]]  # None adds a record
    counted: Callable[[int], str]  # "12 organisations", through ngettext
    listed_so_far: Callable[[int], str]  # "200+ organisations": a long list's first windows, until it is counted
    search_hint: str  # marked with N_, like the texts below
    empty: str  # said while the register has no records at all
    choices: Sequence[Choice] = ()
    refresh_on: tuple[str, ...] = ()  # other topics whose changes show here (a renamed community, say)
    # Its id in ``services.register_io.REGISTERS`` for Import… and Export…; an import publishes it: it is the topic.
    io: str | None = None
