"""Sensitive personal information (PIPL): revealing a sealed value is an explicit, audited act."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.services.guard import principal, require, vault
from desktop.storage import audit
from desktop.storage.sealed import find


# What lists and forms show masked, and so may be revealed. Other sealed fields (case narratives, notes) are
# opened by the services that show them, each checking who may see that record, never through here.
REVEALABLE = frozenset({"id_number", "phone", "guardian_phone", "address"})


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
