"""Sensitive personal information (PIPL): revealing a sealed value is an explicit, audited act."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.id_documents import mask_id_number
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.services.contacts import mask_address, masked_phone
from desktop.services.guard import principal, require, vault
from desktop.storage import audit
from desktop.storage.sealed import find


# What lists and forms show masked, and so may be revealed. Other sealed fields (case narratives, notes) are
# opened by the services that show them, each checking who may see that record, never through here.
REVEALABLE = frozenset({"id_number", "phone", "guardian_phone", "address"})


def as_screens_show(session: Session, field: str, value: str) -> str:
    """A sealed ``field``'s clear ``value`` as the screens show it to the signed-in role, for a view of any
    register's record (a sync conflict): an ID number masked, as every list and form shows it
    (``id_numbers.masked_number``); a phone or an address in full to a role that may reveal it, else masked
    (``contacts.shown``); notes and a case's narratives in full to a role that sees every case, else
    "(sensitive)". An empty value stays empty."""
    who = principal(session)
    if not value:
        return value
    if field == "id_number":
        return mask_id_number(value)
    if field.endswith("phone"):
        return value if who.may(Action.REVEAL_ID) else masked_phone(value)
    if field.endswith("address"):
        return value if who.may(Action.REVEAL_ID) else mask_address(value)
    return value if who.may(Action.VIEW_ALL_CASES) else _("(sensitive)")


def reveal(session: Session, table: str, row_id: str, field: str) -> str:
    """The clear value of one masked field, for a role that may see it; the audit log says who looked."""
    require(session, Action.REVEAL_ID)
    sealed = find(table, field) if field in REVEALABLE else None
    if sealed is None:
        raise NotFoundError(_("No such protected field."))
    model = sealed.model
    stored = session.execute(
        select(sealed.column).where(model.__table__.primary_key.columns.values()[0] == row_id)  # type: ignore[attr-defined]
    ).first()
    if stored is None:
        raise NotFoundError(_("No such record."))
    value = vault(session).open(table, row_id, field, stored[0])
    record_reveal(session, table, row_id, field)
    return value


def record_reveal(session: Session, table: str, row_id: str, field: str, paper: str = "") -> None:
    """Note in the audit log that the signed-in user saw ``field`` of the row in full: on screen, or
    on the ``paper`` printed (a proposal's phones), which outlives the screen."""
    detail = {"field": field, "paper": paper} if paper else {"field": field}
    audit.append(session, "reveal", table_name=table, row_id=row_id, detail=detail)


def printed(session: Session, table: str, row_id: str, field: str, value: str, paper: str) -> str:
    """``value`` of a masked field as the ``paper`` prints it (``contacts.shown``: in full only for a role
    that may reveal it); printed in full, it is noted as revealed, since the paper outlives the screen."""
    if value and principal(session).may(Action.REVEAL_ID):
        record_reveal(session, table, row_id, field, paper=paper)
    return value
