"""Realistic demo data for a fictitious township, so a new user can try every screen at once.

Later areas add their own fillers to ``FILLERS``; each is idempotent, so ``wushe demo`` can run
again on a database that already has some of it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from desktop.domain.permissions import Action, Role
from desktop.services import accounts, communities
from desktop.services.accounts import AccountInput
from desktop.services.communities import CommunityInput
from desktop.services.guard import require_on
from desktop.services.station import StationInput, initialize, is_initialized
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


# username, name, role, mobile (fictitious numbers); they share the head's password in the demo
DEMO_USERS: list[tuple[str, str, Role, str]] = [
    ("lixia", "李霞", Role.CASEWORKER, "13983451276"),
    ("chenjun", "陈俊", Role.CASEWORKER, "15823907714"),
    ("wangfang", "王芳", Role.FINANCE, "18716520938"),
    ("zhaolei", "赵磊", Role.VIEWER, "13658792041"),
]
DEMO_HEAD = ("admin", "周建国", "13908317265")


def fill_communities(db: Database, password: str) -> int:
    with db.write() as session:
        existing = set(session.scalars(select(Community.name).where(Community.deleted_at.is_(None))))
        added = 0
        for name, setting, population, code in DEMO_COMMUNITIES:
            if name not in existing:
                communities.add(session, CommunityInput(name, setting, population, code))
                added += 1
    return added


def fill_users(db: Database, password: str) -> int:
    with db.write() as session:
        existing = {user.username for user in accounts.list_users(session)}
        added = 0
        for username, name, role, phone in DEMO_USERS:
            if username not in existing:
                accounts.add_user(session, AccountInput(username, name, role, password, phone),
                                  temporary_password=False)
                added += 1
    return added


FILLERS: list[Callable[[Database, str], int]] = [fill_communities, fill_users]


def load_demo(db: Database, password: str) -> dict[str, int]:
    """Set up the demo station and its head ``admin`` with ``password`` if the database is new,
    then run every filler (demo users get the same password). Returns rows added per filler."""
    if not is_initialized(db):
        username, name, phone = DEMO_HEAD
        initialize(db, DEMO_STATION, head=AccountInput(username, name, Role.ADMIN, password, phone))
    require_on(db, Action.LOAD_DEMO)
    return {filler.__name__.removeprefix("fill_"): filler(db, password) for filler in FILLERS}
