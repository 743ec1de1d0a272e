"""The links an imported row makes by name: the station's villages and communities, loaded once per run."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.simplified import simplified
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.spreadsheet import fold
from desktop.storage.models import Community


def community_ids(session: Session) -> dict[str, str]:
    """Folded name → id of the live villages and communities."""
    rows = session.execute(select(Community.name, Community.id).where(Community.deleted_at.is_(None)))
    return {fold(name): id_ for name, id_ in rows}


def community_id(communities: dict[str, str], name: str, field: str) -> str:
    """The id of the village or community called ``name``; refused when the station has none by that name,
    naming the one it has in the other script (traditional or simplified characters)."""
    if not name:
        raise ValidationError(field, _("This field is required."))
    found = communities.get(fold(name))
    if found is None:
        refused = _("There is no village or community named {name} in the station's list.").format(name=name)
        written = simplified(fold(name))  # 龍泉村 in an old register, 龙泉村 in the list
        close = [listed for listed in communities if simplified(listed) == written]
        if close:
            refused = _("{refused} The list has {listed}: write the name as the list does.").format(
                refused=refused, listed=_(", ").join(close))
        raise ValidationError(field, refused)
    return found
