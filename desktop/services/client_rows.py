"""A client's row as stored, from a checked input: the sensitive fields sealed to the row's id, the ID
number's blind index and last four characters, the name's pinyin keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain.ids import new_id
from desktop.security.vault import Vault
from desktop.services.client_input import ClientInput
from desktop.services.id_numbers import blind_of, tail_of
from desktop.services.sealing import sealed
from desktop.services.tags import tags_column
from desktop.storage.models import Client

TABLE = "client"


def row_columns(keys: Vault, row_id: str, data: ClientInput, blind: str | None) -> dict[str, Any]:
    """The row's column values for ``data``, the sensitive ones sealed to this row."""
    number = data.id_number or ""
    consent = data.consent
    values = {key: getattr(data, key) for key in (
        "name", "community_id", "id_type", "gender", "birth_date", "registered_on", "guardian_name",
        "guardian_relation")}
    values.update(
        id_blind=blind, id_tail=tail_of(number), target_groups=tags_column(data.target_groups),
        id_number_sealed=keys.seal(TABLE, row_id, "id_number", number),
        phone_sealed=keys.seal(TABLE, row_id, "phone", data.phone),
        address_sealed=keys.seal(TABLE, row_id, "address", data.address),
        guardian_phone_sealed=keys.seal(TABLE, row_id, "guardian_phone", data.guardian_phone),
        consent_on=consent.given_on if consent else None, consent_method=consent.method if consent else "",
        consent_by=consent.given_by if consent else "", **sealed(keys, Client, row_id, notes=data.notes))
    return values


@dataclass(frozen=True)
class NewClient:
    """A checked client on its way to ``clients.store_many``: its new id and the blind index of its ID
    number, made where the row is checked (an import's duplicate check reads the blind index; a large
    file's worker process makes both, so they are made once). Its row is sealed when it is stored
    (``row_columns``): a check that writes nothing seals nothing."""

    id: str
    data: ClientInput  # as ``ClientInput.validated`` returned it
    blind: str | None

    # What ``person_cells.person_key`` reads of an imported row.
    @property
    def name(self) -> str:
        return self.data.name

    @property
    def community_id(self) -> str:
        return self.data.community_id

    @property
    def birth_date(self) -> date | None:
        return self.data.birth_date

    @property
    def id_type(self) -> str:
        return self.data.id_type

    @property
    def id_number(self) -> str | None:
        return self.data.id_number


def new_client(keys: Vault, data: ClientInput) -> NewClient:
    """``data``, as ``ClientInput.validated`` returned it, on its way to being stored."""
    return NewClient(new_id(), data, blind_of(keys, data.id_type, data.id_number))

