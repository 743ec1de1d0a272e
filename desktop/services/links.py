"""Checks that a record points at records that are there: a live village or community."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.storage.models import Community


def live_community(session: Session, community_id: str | None, field: str = "community_id") -> Community:
    community = session.get(Community, community_id) if community_id else None
    if community is None or community.deleted_at is not None:
        raise ValidationError(field, _("Choose a village or community from the list."))
    return community
