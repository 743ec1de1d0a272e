"""Clients as a list shows them, wherever the list goes: the 服务对象 screen's rule (phones masked for every
role, the station head's included) is also the rule of ``wushe clients list`` (its table and ``--json``)
and of the export, so nothing leaves the station in fuller form than the screen's list shows it.

Phones (the guardian's too) and the address are masked for every role; the notes, on the client and on the
household, are left out, as the list shows none (free text cannot be masked; it is opened one client at a
time in the form). The ID number is masked already (``ClientView.id_masked``). A full value is one
client's form or ``privacy.reveal``, which the audit log records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from desktop.services import clients
from desktop.services.clients import ClientQuery, ClientView
from desktop.services.contacts import masked_address, masked_phone


def listed(view: ClientView) -> ClientView:
    """``view`` as lists and exports show it."""
    return replace(view, phone=masked_phone(view.phone), guardian_phone=masked_phone(view.guardian_phone),
                   address=masked_address(view.address), notes="",
                   members=tuple(replace(member, notes="") for member in view.members))


def get_many(session: Session, ids: Sequence[str]) -> list[ClientView]:
    """``clients.get_many``, as lists show the clients."""
    return [listed(view) for view in clients.get_many(session, ids)]


def list_all(session: Session, query: ClientQuery = ClientQuery()) -> list[ClientView]:
    """``clients.list_all``, as lists show the clients."""
    return get_many(session, clients.list_ids(session, query))
