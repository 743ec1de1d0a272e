"""A hand-made township for the needs, resources and matching service tests: two villages, no demo data."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from desktop.services import communities, matching, needs, resources
from desktop.services.communities import CommunityInput
from desktop.services.needs import NeedInput
from desktop.services.resources import ResourceInput
from desktop.storage.database import Database
from wushe_testing import acting_as, community_ids

TODAY = date.today()
VILLAGE, OTHER = "石桥村", "双河村"


def township(db: Database) -> dict[str, str]:
    """``db`` (initialised) with the two villages, the head acting; their ids by name."""
    acting_as(db, "周站长")
    with db.write() as session:
        communities.add(session, CommunityInput(VILLAGE, "rural", 2310, "500110108201"))
        communities.add(session, CommunityInput(OTHER, "rural", 1875, "500110108202"))
    return community_ids(db)


def need(session: Session, community_id: str, title: str, category: str = "elderly", urgency: str = "medium",
         days_ago: int = 10, **fields: object) -> str:
    return needs.add_need(session, NeedInput(  # type: ignore[arg-type]
        community_id, category, title, urgency=urgency, found_on=TODAY - timedelta(days=days_ago), **fields))


def resource(session: Session, name: str, community_id: str | None, categories: tuple[str, ...] = ("elderly",),
             **fields: object) -> str:
    return resources.add_resource(session, ResourceInput(name, "org", categories, community_id=community_id,
                                                         **fields))  # type: ignore[arg-type]


def history(session: Session, community_id: str, resource_id: str, *outcomes: str) -> None:
    """Past matches of the resource, each on a need of its own, closed done or failed."""
    for i, status in enumerate(outcomes):
        need_id = need(session, community_id, f"往期需求 {resource_id[-4:]}-{i}", days_ago=60)
        match = matching.record_match(session, need_id, resource_id=resource_id, on=TODAY - timedelta(days=50))
        matching.close_match(session, match, status, "已回访", on=TODAY - timedelta(days=40))
