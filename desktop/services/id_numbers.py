"""A person's ID number as the registers of people keep it (volunteers, clients): sealed to the row,
found and de-duplicated through a keyed blind index of its type and number, shown masked."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar, Protocol, TypeVar

from sqlalchemy.orm import Session

from desktop.domain.id_documents import blind_key, mask_id_number
from desktop.security.vault import Vault
from desktop.services.guard import vault

BLIND = "id_number"  # the blind index's purpose, one for every register: type and number are hashed together


class PersonRow(Protocol):
    """A stored person with a sealed ID number."""

    @property
    def id(self) -> str: ...

    @property
    def id_type(self) -> str: ...

    @property
    def id_number_sealed(self) -> bytes | None: ...


class PersonInput(Protocol):
    """What a form or an import gives (a dataclass): ``id_number`` None keeps the stored number on update."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def id_type(self) -> str: ...

    @property
    def id_number(self) -> str | None: ...


D = TypeVar("D", bound=PersonInput)


def blind_of(keys: Vault, id_type: str, number: str | None) -> str | None:
    """The blind index of a checked number; None when there is none."""
    return keys.blind(BLIND, blind_key(id_type, number)) if number else None


def stored_number(session: Session, table: str, row: PersonRow) -> str:
    return vault(session).open(table, row.id, "id_number", row.id_number_sealed)


def masked_number(session: Session, table: str, row: PersonRow) -> str:
    """The stored number masked; "" when none is stored or the data key is locked."""
    number = "" if session.info.get("vault") is None else stored_number(session, table, row)
    return mask_id_number(number) if number else ""


def keeping_stored(session: Session, table: str, row: PersonRow, data: D) -> D:
    """``data``, with the stored number and its type when it keeps them (``id_number`` None)."""
    if data.id_number is not None:
        return data
    return replace(data, id_type=row.id_type, id_number=stored_number(session, table, row))
