"""Free text written about a person (a client's notes, the narratives of a case) sealed onto its row
and opened from it, as ID numbers and phones are.

A model declares such a column ``<field>_sealed`` (``storage.sealed.sealed_column``); views and inputs
keep the plain ``<field>``. Each value is bound to its row (table/id/field), so a row's id is known
before its values are sealed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.ids import new_id
from desktop.security.vault import Vault
from desktop.services.guard import vault
from desktop.storage.base import Synced

SUFFIX = "_sealed"


def _table(model: type[Synced]) -> str:
    return str(model.__tablename__)  # type: ignore[attr-defined]  # every Synced class is a mapped table


def sealed(keys: Vault, model: type[Synced], row_id: str, **values: str) -> dict[str, Any]:
    """The ``<field>_sealed`` column values of the row ``row_id`` of ``model`` for ``values``: keyword
    arguments of the model or a row of a bulk insert. An empty value is stored as NULL."""
    table = _table(model)
    return {field + SUFFIX: keys.seal(table, row_id, field, value) for field, value in values.items()}


def seal_onto(session: Session, row: Synced, **values: str) -> None:
    """Seal ``values`` onto ``row``; a new row without an id gets it here, as the seal is bound to it.
    A value equal to the one stored keeps its ciphertext: a fresh nonce would make an edit that
    changes nothing a new version of the row."""
    keys = vault(session)
    if row.id is None:
        row.id = new_id()
    table = _table(type(row))
    for field, value in values.items():
        stored = getattr(row, field + SUFFIX)
        if stored is None or keys.open(table, row.id, field, stored) != value:
            setattr(row, field + SUFFIX, keys.seal(table, row.id, field, value))


def opened(session: Session, row: Synced, field: str) -> str:
    """The clear text of one sealed field of ``row``; "" when none is recorded or the data key is
    locked (as ``contacts.shown``)."""
    if session.info.get("vault") is None:
        return ""
    return vault(session).open(_table(type(row)), row.id, field, getattr(row, field + SUFFIX))
