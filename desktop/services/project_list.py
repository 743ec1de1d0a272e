"""The projects list (项目清单) of 五社联动: the micro-venture projects from their approval on, and the other
service projects a station keeps as resources of kind ``service_project``, each with the needs its matches
answer: under way, done, or closed with its need when the need was solved (services.needs.WITH_NEED); one
that did not work, or that closed with a need that could not be solved, answers nothing. Re-exported by
services.matching.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from desktop.domain.codes import PROJECT_AREAS, RESOURCE_STATUSES, label
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import FUNDED, STATUS_LABELS
from desktop.services.cell_parsers import listing
from desktop.services.guard import require
from desktop.services.needs import WITH_NEED
from desktop.services.resources import categories_label, list_resources
from desktop.services.tags import tags_of
from desktop.storage.models import Community, Need, NeedMatch, Project, Resource, SocialOrg


@dataclass(frozen=True)
class ProjectListRow:
    kind: str  # "micro_venture" or "service_project"
    id: str  # the project's, or the resource's
    number: str  # a micro-venture project's number; "" for a service project
    name: str
    org_or_provider: str
    status_label: str
    areas_label: str  # a project's areas, a service project's need categories
    needs: tuple[str, ...]  # titles of the needs its matches answer
    communities: str  # where it runs (a service project may serve the whole township)


def _answered(session: Session, column: object, listed: Select[tuple[str]]) -> dict[str, tuple[str, ...]]:
    """The titles of the needs answered by each project or resource ``listed`` (ids; ``column`` of NeedMatch):
    only theirs, since the resources' other matches may be a county's hundreds of thousands."""
    rows = session.execute(
        select(column, Need.title).join(Need, Need.id == NeedMatch.need_id)
        .where(column.in_(listed),  # type: ignore[attr-defined]
               or_(NeedMatch.status.in_(("active", "done")),
                   and_(NeedMatch.status == WITH_NEED, Need.status == "solved")),
               NeedMatch.deleted_at.is_(None), Need.deleted_at.is_(None))
        .order_by(NeedMatch.matched_on, Need.title))
    found: dict[str, list[str]] = defaultdict(list)
    for target, title in rows:
        if title not in found[target]:
            found[target].append(title)
    return {target: tuple(titles) for target, titles in found.items()}


def projects_list(session: Session) -> list[ProjectListRow]:
    """Micro-venture projects approved or later by number, then the service projects by name."""
    require(session, Action.VIEW)
    funded = (Project.deleted_at.is_(None), Project.status.in_(FUNDED))
    by_project = _answered(session, NeedMatch.project_id, select(Project.id).where(*funded))
    rows = session.execute(
        select(Project, SocialOrg.name, Community.name).join(SocialOrg, SocialOrg.id == Project.org_id)
        .join(Community, Community.id == Project.community_id)
        .where(*funded).order_by(Project.number, Project.id))
    found = [ProjectListRow("micro_venture", p.id, p.number, p.title, org, label(STATUS_LABELS, p.status),
                            listing(label(PROJECT_AREAS, area) for area in tags_of(p.areas)),
                            by_project.get(p.id, ()), community)
             for p, org, community in rows]
    by_resource = _answered(session, NeedMatch.resource_id, select(Resource.id).where(
        Resource.kind == "service_project", Resource.deleted_at.is_(None)))
    found += [ProjectListRow("service_project", r.id, "", r.name, r.provider, label(RESOURCE_STATUSES, r.status),
                             categories_label(r.categories), by_resource.get(r.id, ()), r.community)
              for r in list_resources(session, kind="service_project")]
    return found
