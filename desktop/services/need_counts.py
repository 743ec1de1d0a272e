"""Clients' assessed needs as counts, for a proposal's need section (项目申报书 · 必要性与需求分析): how
many clients of each community have an open case whose needs assessment finds a need in each area, and
how many of those a moderate or severe one.

Only counts leave the case files: no name, no case and no note, and under ``FEWEST_SHOWN`` clients
only "fewer than", so whoever writes proposals may use them without seeing or singling out anyone. A client's need in an area is the level of the latest assessment that rated
that area (a re-assessment may rate only some); a client with two open cases counts once, at the more
pressing level. The text a proposal takes is dated, since the counts change as cases go on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import Stage
from desktop.domain.codes import ASSESSMENT_AREAS, NEED_LEVELS, label
from desktop.domain.permissions import Action
from desktop.i18n import _, format_date, format_number
from desktop.services.guard import require
from desktop.storage.models import CaseAssessment, CaseAssessmentArea, CaseFile, Community

NO_NEED = "none"
PRESSING = frozenset({"moderate", "severe"})
LEVEL_ORDER = list(NEED_LEVELS)  # least to most pressing
ENDED = (Stage.CLOSED, Stage.REFERRED)  # a case at these stages no longer speaks for a need
FEWEST_SHOWN = 3  # fewer clients than this are not counted exactly: in a village one could be recognised


@dataclass(frozen=True)
class NeedCount:
    community_id: str
    community: str
    area: str  # domain.codes.ASSESSMENT_AREAS
    clients: int  # clients with a need in the area
    pressing: int  # of them, with a moderate or severe one

    @property
    def area_label(self) -> str:
        return label(ASSESSMENT_AREAS, self.area)


def need_counts(session: Session) -> list[NeedCount]:
    """Every community's assessed needs by area, communities in name order and areas in the order of
    the assessment form; areas where no client has a need are left out."""
    require(session, Action.EDIT_PROJECTS)
    rows = session.execute(
        select(CaseFile.id, CaseFile.client_id, CaseFile.community_id, CaseAssessmentArea.area,
               CaseAssessmentArea.level)
        .join(CaseAssessment, CaseAssessment.case_id == CaseFile.id)
        .join(CaseAssessmentArea, CaseAssessmentArea.assessment_id == CaseAssessment.id)
        .where(CaseFile.deleted_at.is_(None), CaseFile.stage.not_in(ENDED), CaseAssessment.deleted_at.is_(None),
               CaseAssessmentArea.deleted_at.is_(None))
        .order_by(CaseAssessment.assessed_on, CaseAssessment.hlc))
    latest: dict[tuple[str, str], tuple[str, str, str]] = {}  # (case, area) -> (client, community, level)
    for case_id, client_id, community_id, area, level in rows:
        latest[case_id, area] = (client_id, community_id, level)
    worst: dict[tuple[str, str, str], str] = {}  # (community, area, client) -> most pressing level
    for (_case, area), (client_id, community_id, level) in latest.items():
        key = (community_id, area, client_id)
        if level in LEVEL_ORDER and LEVEL_ORDER.index(level) > LEVEL_ORDER.index(worst.get(key, NO_NEED)):
            worst[key] = level
    clients: dict[tuple[str, str], int] = defaultdict(int)
    pressing: dict[tuple[str, str], int] = defaultdict(int)
    for (community_id, area, _client), level in worst.items():
        clients[community_id, area] += 1
        pressing[community_id, area] += level in PRESSING
    names = dict(session.execute(select(Community.id, Community.name)
                                 .where(Community.id.in_({community for community, _area in clients}))
                                 .order_by(Community.name_sort)).all())
    order = {community_id: n for n, community_id in enumerate(names)}
    areas = {area: n for n, area in enumerate(ASSESSMENT_AREAS)}
    return [NeedCount(community_id, names.get(community_id, ""), area, clients[community_id, area],
                      pressing[community_id, area])
            for community_id, area in sorted(clients, key=lambda key: (order.get(key[0], len(order)),
                                                                         areas.get(key[1], len(areas))))]


def shown_count(n: int) -> str:
    """A count as a proposal may show it: exact from ``FEWEST_SHOWN`` on (and at none), else only that it
    is fewer."""
    if n == 0 or n >= FEWEST_SHOWN:
        return format_number(n)
    return _("fewer than {n}").format(n=format_number(FEWEST_SHOWN))


def need_text(counts: Sequence[NeedCount], as_of: date) -> str:
    """The counts chosen as the paragraph a proposal's need section takes: one line per community."""
    by_community: dict[str, list[NeedCount]] = defaultdict(list)
    for count in counts:
        by_community[count.community].append(count)
    lines = [_("Clients' needs assessments at the station, as of {date} (counts of clients with an open case; "
               "no names):").format(date=format_date(as_of, "long"))]
    for community, found in by_community.items():
        lines.append(_("{community}: {areas}.").format(community=community, areas=_("; ").join(
            _("{area} {n} (moderate or severe {pressing})").format(
                area=count.area_label, n=shown_count(count.clients), pressing=shown_count(count.pressing))
            for count in found)))
    return "\n".join(lines)
