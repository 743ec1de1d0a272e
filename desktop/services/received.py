"""How screens, papers and the command line show a sealed field this node never received (a plain bundle
left it out, ``storage.withheld``): a mark in place of the blank that would look like "never recorded".
Views carry the fields as a flag (``withheld``, field names), never the mark as a value, so a form built
from a view saves nothing it did not show."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.services.sealing import opened
from desktop.storage.withheld import withheld_fields

NOT_RECEIVED = N_("(not in the bundles received)")


def marked(value: str, field: str, withheld: Collection[str]) -> str:
    """``value``, or the mark when ``field`` is among ``withheld`` (a view's flag)."""
    return _(NOT_RECEIVED) if field in withheld else value


def marked_on(row: Any, field: str, value: str) -> str:
    """``value`` of ``row``'s sealed ``field`` (a model instance's), or the mark when it was withheld here."""
    return marked(value, field, withheld_fields(row))


def shown_sealed(session: Session, row: Any, field: str) -> str:
    """A sealed field of ``row`` as a view only shown reads it (an append-only record, the timeline, a paper,
    never a form that saves it back): its clear text, or the mark when a plain bundle left it out."""
    return marked_on(row, field, opened(session, row, field))
