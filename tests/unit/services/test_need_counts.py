"""Clients' assessed needs counted for a proposal: by community and area, the latest rating of each area
counting, closed cases left out, and in the text a proposal takes only figures, small ones not exact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from case_testing import as_user, open_case, walk
from desktop.domain.case_workflow import Stage
from desktop.services import case_record, need_counts
from desktop.services.case_record import AreaInput, AssessmentInput
from desktop.services.guard import PermissionDenied
from desktop.services.need_counts import NeedCount
from desktop.storage.database import Database
from running_testing import head, projects_template  # noqa: F401 (fixtures)

TODAY = date.today()
VILLAGE = "石桥村"


def counted(db: Database) -> dict[str, tuple[int, int]]:
    """The village's counts by area: (clients with a need, of them moderate or severe)."""
    with db.read() as session:
        return {c.area: (c.clients, c.pressing) for c in need_counts.need_counts(session) if c.community == VILLAGE}


def assess(db: Database, case_id: str, days_ago: int, **levels: str) -> None:
    with db.write() as session:
        case_record.add_assessment(session, case_id, AssessmentInput(
            TODAY - timedelta(days=days_ago), tuple(AreaInput(area, level) for area, level in levels.items())))


def test_the_latest_rating_of_each_area_counts_and_closed_cases_do_not(head: Database) -> None:
    before = counted(head)
    first, second, closed = (open_case(head).id for _n in range(3))
    for case_id in (first, second):
        walk(head, case_id, Stage.ASSESSMENT, ready=False)
    assess(head, first, 10, economic="severe", mental="mild")
    assess(head, first, 5, economic="none")  # re-assessed: no longer a need; mental stays as rated before
    assess(head, second, 8, economic="moderate", mental="severe", family="none")
    walk(head, closed, Stage.CLOSED)  # assessed on the way, then closed
    after = counted(head)
    grew = {area: (after[area][0] - before.get(area, (0, 0))[0], after[area][1] - before.get(area, (0, 0))[1])
            for area in after if after[area] != before.get(area)}
    assert grew == {"economic": (1, 1), "mental": (2, 1)}


def test_the_text_has_figures_dated_and_small_counts_not_exact() -> None:
    counts = [NeedCount("c1", "石桥村", "economic", 12, 5), NeedCount("c1", "石桥村", "mental", 2, 0),
              NeedCount("c2", "河滨社区", "daily_care", 3, 1)]
    assert need_counts.need_text(counts, date(2026, 12, 2)).splitlines() == [
        "Clients' needs assessments at the station, as of December 2, 2026 (counts of clients with an open case; "
        "no names):",
        "石桥村: Economic situation (经济状况) 12 (moderate or severe 5); Mood and mental health (心理情绪) fewer "
        "than 3 (moderate or severe 0).",
        "河滨社区: Daily care (生活照料) 3 (moderate or severe fewer than 3).",
    ]


def test_a_viewer_may_not_count(head: Database) -> None:
    with pytest.raises(PermissionDenied), as_user(head, "zhaolei").read() as session:
        need_counts.need_counts(session)
