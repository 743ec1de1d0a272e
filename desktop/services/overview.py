"""Live figures for the 工作台 (home) page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.storage.models import Community


@dataclass(frozen=True)
class CommunityCounts:
    total: int
    urban: int
    rural: int
    population: int  # sum of the recorded resident populations
    population_missing: int  # communities with no population recorded


def community_counts(session: Session) -> CommunityCounts:
    rows = session.execute(
        select(Community.setting, func.count(), func.coalesce(func.sum(Community.population), 0),
               func.count(Community.population))
        .where(Community.deleted_at.is_(None)).group_by(Community.setting)
    ).all()
    by_setting = {setting: (n, pop, known) for setting, n, pop, known in rows}
    total = sum(n for n, _, _ in by_setting.values())
    return CommunityCounts(
        total=total,
        urban=by_setting.get("urban", (0, 0, 0))[0],
        rural=by_setting.get("rural", (0, 0, 0))[0],
        population=sum(int(pop) for _, pop, _ in by_setting.values()),
        population_missing=total - sum(known for _, _, known in by_setting.values()),
    )
