"""The links an imported row makes by name: the station's villages and communities, loaded once per run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.simplified import simplified
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.spreadsheet import fold
from desktop.storage.models import Community


@dataclass(frozen=True)
class Communities:
    """The live villages and communities by folded name, and by that name in simplified characters: an old
    register writes 龍泉村 where the station's list has 龙泉村 (or the other way round)."""

    ids: dict[str, str]  # folded name → id
    names: dict[str, str]  # folded name → the name as listed
    by_simplified: dict[str, tuple[str, ...]]  # folded name in simplified characters → folded names listed

    def listed(self, name: str) -> str | None:
        """The folded name of the listed village ``name`` stands for: its own, or the one listed name written in
        the other script; None when there is none, or several."""
        folded = fold(name)
        if folded in self.ids:
            return folded
        close = self.by_simplified.get(simplified(folded), ())
        return close[0] if len(close) == 1 else None


def community_ids(session: Session) -> Communities:
    rows = session.execute(select(Community.name, Community.id).where(Community.deleted_at.is_(None))).all()
    names = {fold(name): name for name, _id in rows}
    by_simplified: dict[str, tuple[str, ...]] = {}
    for folded in names:
        by_simplified[simplified(folded)] = (*by_simplified.get(simplified(folded), ()), folded)
    return Communities({fold(name): id_ for name, id_ in rows}, names, by_simplified)


def community_id(communities: Communities, name: str, field: str) -> str:
    """The id of the village or community called ``name``, or of the one listed name it writes in the other
    script (traditional or simplified characters; ``script_warnings`` tells of it); refused when the station
    has none by that name, naming those it has in the other script."""
    if not name:
        raise ValidationError(field, _("This field is required."))
    listed = communities.listed(name)
    if listed is not None:
        return communities.ids[listed]
    refused = _("There is no village or community named {name} in the station's list.").format(name=name)
    close = communities.by_simplified.get(simplified(fold(name)), ())
    if close:  # several listed names read alike in simplified characters: the row must say which
        refused = _("{refused} The list has {listed}: write the name as the list does.").format(
            refused=refused, listed=_(", ").join(communities.names[folded] for folded in close))
    raise ValidationError(field, refused)


def script_warnings(communities: Communities, values: dict[str, Any], key: str) -> list[tuple[str, str]]:
    """A warning for each village in the row's ``key`` column (one name, or several) recorded as the listed
    name it writes in the other script."""
    given = values.get(key)
    written: Iterable[str] = (given,) if isinstance(given, str) else given or ()
    warned = []
    for name in written:
        listed = communities.listed(name) if name else None
        if listed is not None and listed != fold(name):
            warned.append((key, _("“{written}” is recorded as the station's {listed}: the same name in traditional "
                                  "or simplified characters.").format(written=name, listed=communities.names[listed])))
    return warned
