"""Villages and urban communities: list, add, edit, tombstone and restore."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import COMMUNITY_SETTINGS
from desktop.domain.division import normalize_division_code
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import records
from desktop.services.guard import require
from desktop.services.listing import IdPage, id_page, listed_count
from desktop.services.forms import count as typed_count, one_of, optional_text, required_text
from desktop.storage.models import Community
from desktop.storage.naming import name_matches


@dataclass(frozen=True)
class CommunityInput:
    name: str
    setting: str
    population: int | str | None = None
    division_code: str = ""
    notes: str = ""
    volunteer_point: bool = False  # a volunteer service point (志愿服务站/点) is there
    volunteer_point_note: str = ""  # where it is, who keeps it

    def validated(self) -> CommunityInput:
        return replace(
            self,
            name=required_text(self.name, "name", 100),
            setting=one_of(self.setting, COMMUNITY_SETTINGS, "setting"),
            population=typed_count(self.population, "population"),
            division_code=normalize_division_code(self.division_code, required=False),
            notes=optional_text(self.notes, "notes", 500),
            volunteer_point=bool(self.volunteer_point),
            volunteer_point_note=optional_text(self.volunteer_point_note, "volunteer_point_note", 100)
            if self.volunteer_point else "",
        )


@dataclass(frozen=True)
class CommunityView:
    id: str
    name: str
    setting: str
    population: int | None
    division_code: str
    notes: str
    deleted: bool
    updated_at: datetime
    volunteer_point: bool = False
    volunteer_point_note: str = ""

    def as_input(self) -> CommunityInput:
        return CommunityInput(self.name, self.setting, self.population, self.division_code, self.notes,
                              self.volunteer_point, self.volunteer_point_note)


@dataclass(frozen=True)
class CommunityQuery:
    text: str = ""
    setting: str = ""  # "" for all
    include_deleted: bool = False
    order_by: str = "name"  # a column of COLUMNS
    descending: bool = False


SORTABLE = {
    "name": Community.name_sort,
    "setting": Community.setting,
    "population": Community.population,
    "division_code": Community.division_code,
    "volunteer_point": Community.volunteer_point,
    "updated_at": Community.updated_at,
}


def _view(row: Community) -> CommunityView:
    return CommunityView(row.id, row.name, row.setting, row.population, row.division_code, row.notes,
                         row.deleted_at is not None, row.updated_at, row.volunteer_point, row.volunteer_point_note)


def list_ids(session: Session, query: CommunityQuery = CommunityQuery()) -> list[str]:
    """Ids in display order; filtering and sorting happen in SQL."""
    return list(session.scalars(_select(query)))


def list_page(session: Session, query: CommunityQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of ``list_ids`` (and how many it lists, when asked), for a paged table."""
    return id_page(session, _select(query), offset, limit, with_total)


def count(session: Session, query: CommunityQuery = CommunityQuery()) -> int:
    """How many ``list_ids`` lists."""
    return listed_count(session, _select(query))


def _select(query: CommunityQuery) -> Select[Any]:
    stmt = select(Community.id)
    if not query.include_deleted:
        stmt = stmt.where(Community.deleted_at.is_(None))
    if query.setting:
        stmt = stmt.where(Community.setting == query.setting)
    if query.text.strip():
        stmt = stmt.where(name_matches(Community, query.text))
    column = SORTABLE.get(query.order_by, Community.name_sort)
    return stmt.order_by(column.desc() if query.descending else column, Community.id)


def get_many(session: Session, ids: Sequence[str]) -> list[CommunityView]:
    """Rows for ``ids`` in the same order (missing ids are skipped)."""
    rows = {r.id: r for r in session.scalars(select(Community).where(Community.id.in_(ids)))}
    return [_view(rows[i]) for i in ids if i in rows]


def get(session: Session, community_id: str) -> CommunityView:
    return _view(_load(session, community_id))


def list_all(session: Session, query: CommunityQuery = CommunityQuery()) -> list[CommunityView]:
    return get_many(session, list_ids(session, query))


def _load(session: Session, community_id: str) -> Community:
    return records.load(session, Community, community_id, _("No such community."))


def _check_unique(session: Session, name: str, exclude_id: str | None) -> None:
    stmt = select(func.count()).select_from(Community).where(
        Community.name == name, Community.deleted_at.is_(None), Community.station_id == session.info["node_id"]
    )
    if exclude_id:
        stmt = stmt.where(Community.id != exclude_id)
    if session.scalar(stmt):
        raise ValidationError("name", _("A community named {name} already exists.").format(name=name))


def add(session: Session, data: CommunityInput) -> CommunityView:
    require(session, Action.EDIT_COMMUNITIES)
    data = data.validated()
    _check_unique(session, data.name, None)
    row = Community(station_id=session.info["node_id"], **_fields(data))
    session.add(row)
    session.flush()
    return _view(row)


def update(session: Session, community_id: str, data: CommunityInput) -> CommunityView:
    require(session, Action.EDIT_COMMUNITIES)
    data = data.validated()
    row = _load(session, community_id)
    if row.deleted_at is not None:
        raise ValidationError("name", _("This community was deleted; restore it before editing."))
    _check_unique(session, data.name, community_id)
    for key, value in _fields(data).items():
        setattr(row, key, value)
    session.flush()
    return _view(row)


def delete(session: Session, community_id: str) -> None:
    """Tombstone: the row stays (and syncs as deleted); ``restore`` brings it back."""
    require(session, Action.EDIT_COMMUNITIES)
    records.tombstone(session, _load(session, community_id))


def restore(session: Session, community_id: str) -> CommunityView:
    require(session, Action.EDIT_COMMUNITIES)
    row = _load(session, community_id)
    if row.deleted_at is not None:
        _check_unique(session, row.name, community_id)
    records.untombstone(session, row)
    return _view(row)


def _fields(data: CommunityInput) -> dict[str, object]:
    return {"name": data.name, "setting": data.setting, "population": data.population,
            "division_code": data.division_code, "notes": data.notes, "volunteer_point": data.volunteer_point,
            "volunteer_point_note": data.volunteer_point_note}
