"""Realistic demo data for a fictitious township, so a new user can try every screen at once.

Later areas add their own fillers to ``FILLERS``; each is idempotent, so ``wushe demo`` can run
again on a database that already has some of it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from desktop.services import communities
from desktop.services.communities import CommunityInput
from desktop.services.station import StationInput, initialize, is_initialized, profile_of
from desktop.storage.database import Database
from desktop.storage.models import Community

DEMO_STATION = StationInput(
    name="青山镇社会工作服务站",
    kind="station",
    division_code="500110108",
    township="青山镇",
    county="清河县",
    address="青山镇人民路 18 号便民服务中心二楼",
    phone="023-48612345",
)

# name, setting, resident population, village-level division code
DEMO_COMMUNITIES: list[tuple[str, str, int | None, str]] = [
    ("青山社区", "urban", 8650, "500110108001"),
    ("河滨社区", "urban", 6210, "500110108002"),
    ("新华社区", "urban", 5480, "500110108003"),
    ("石桥村", "rural", 2310, "500110108201"),
    ("双河村", "rural", 1875, "500110108202"),
    ("桂花村", "rural", 2640, "500110108203"),
    ("白云村", "rural", 1420, "500110108204"),
    ("龙泉村", "rural", 1968, "500110108205"),
    ("红岩村", "rural", 1153, "500110108206"),
    ("柏林村", "rural", None, "500110108207"),
]


def fill_communities(db: Database, actor: str) -> int:
    with db.write(actor) as session:
        existing = set(session.scalars(select(Community.name).where(Community.deleted_at.is_(None))))
        added = 0
        for name, setting, population, code in DEMO_COMMUNITIES:
            if name not in existing:
                communities.add(session, CommunityInput(name, setting, population, code))
                added += 1
    return added


FILLERS: list[Callable[[Database, str], int]] = [fill_communities]


def load_demo(db: Database, actor: str = "demo") -> dict[str, int]:
    """Set up the demo station if the database is new, then run every filler. Returns rows added."""
    if not is_initialized(db):
        initialize(db, DEMO_STATION, actor=actor)
    added = {filler.__name__.removeprefix("fill_"): filler(db, actor) for filler in FILLERS}
    added["station"] = 1 if profile_of(db).name == DEMO_STATION.name else 0
    return added
