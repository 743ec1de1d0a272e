"""Realistic demo data for a fictitious township, so a new user can try every screen at once.

Later areas add their own fillers to ``FILLERS``; each is idempotent, so ``wushe demo`` can run
again on a database that already has some of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from desktop.domain.permissions import Action, Role
from desktop.domain.credit_code import make_credit_code
from desktop.services import accounts, communities, indicators, orgs
from desktop.services.accounts import AccountInput
from desktop.services.communities import CommunityInput
from desktop.services.demo_cases import fill_cases
from desktop.services.demo_certificates import fill_certificates
from desktop.services.demo_clients import fill_clients
from desktop.services.demo_ledger import fill_ledger
from desktop.services.demo_needs import fill_needs
from desktop.services.demo_people import fill_donors, fill_workers
from desktop.services.demo_projects import fill_projects
from desktop.services.demo_volunteers import fill_volunteers
from desktop.services.orgs import OrgInput
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
# 志愿服务站（点）: where the demo communities have one
DEMO_VOLUNTEER_POINTS: dict[str, str] = {"青山社区": "社区党群服务中心一楼", "河滨社区": "滨江广场志愿驿站",
                                         "桂花村": "村委会便民服务室"}


# username, name, role, mobile (fictitious numbers); they share the head's password in the demo
DEMO_USERS: list[tuple[str, str, Role, str]] = [
    ("lixia", "李霞", Role.CASEWORKER, "13983451276"),
    ("chenjun", "陈俊", Role.CASEWORKER, "15823907714"),
    ("wangfang", "王芳", Role.FINANCE, "18716520938"),
    ("zhaolei", "赵磊", Role.VIEWER, "13658792041"),
]
DEMO_HEAD = ("admin", "周建国", "13908317265")


DEMO_PROFILE = "chongqing-2022"  # the demo station's division code is in Chongqing (綦江)


def fill_communities(db: Database, password: str) -> int:
    with db.write() as session:
        existing = set(session.scalars(select(Community.name).where(Community.deleted_at.is_(None))))
        added = 0
        for name, setting, population, code in DEMO_COMMUNITIES:
            if name not in existing:
                point = DEMO_VOLUNTEER_POINTS.get(name)
                communities.add(session, CommunityInput(name, setting, population, code, volunteer_point=bool(point),
                                                        volunteer_point_note=point or ""))
                added += 1
        if indicators.chosen_profile_id(session) is None:  # the 统计 page shows the station's targets at once
            indicators.choose_profile(session, DEMO_PROFILE)
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


# name, community, category, status, credit-code body (17 chars) or "", founded, leader, mobile, members, brand
DEMO_ORGS: list[tuple[str, str, str, str, str, date, str, str, int, bool]] = [
    ("青山镇社区社会组织联合会", "青山社区", "governance", "registered", "51500110MJP123456", date(2019, 6, 18),
     "刘桂芳", "13996231108", 23, True),
    ("青山社区夕阳红志愿服务队", "青山社区", "service", "filed", "", date(2016, 3, 5), "何明德", "13527780931", 46, True),
    ("青山社区广场舞队", "青山社区", "culture_sports", "filed", "", date(2018, 9, 1), "陈淑华", "15102349876", 32, False),
    ("青山社区邻里互助会", "青山社区", "mutual_aid", "incubating", "", date(2024, 4, 12), "杨晓东", "18983054412", 15,
     False),
    ("河滨社区爱心妈妈服务队", "河滨社区", "charity", "filed", "", date(2017, 5, 14), "罗丽", "13608341275", 28, True),
    ("新华社区老年协会", "新华社区", "mutual_aid", "registered", "51500110MJP654321", date(2012, 10, 9), "黄国平",
     "13883476520", 120, False),
    ("石桥村红白理事会", "石桥村", "governance", "filed", "", date(2015, 1, 20), "石大勇", "15923104487", 9, False),
    ("双河村农技互助社", "双河村", "mutual_aid", "incubating", "", date(2025, 3, 2), "周永福", "13752209813", 18, False),
    ("桂花村留守儿童关爱服务队", "桂花村", "charity", "filed", "", date(2020, 7, 1), "唐小燕", "18725036691", 21, True),
    ("龙泉村文艺宣传队", "龙泉村", "culture_sports", "filed", "", date(2019, 2, 16), "龙德华", "13340218876", 14,
     False),
]

DEMO_POSTCODE = "401420"  # the township's
# What a proposal asks of the applicant, by name: 通讯地址, 年检结论, 评估等级 (only the registered ones are
# inspected and rated), 单位简介.
DEMO_ORG_DETAILS: dict[str, tuple[str, str, str, str]] = {
    "青山镇社区社会组织联合会": (
        "清河县青山镇人民路 18 号便民服务中心三楼", "qualified", "3A",
        "青山镇社区社会组织联合会成立于2019年，是经县民政局登记的枢纽型社会组织，现有会员单位23家。联合会承担全镇社区社会组织的"
        "孵化培育、能力建设和项目督导，每年组织社区公益微创投路演，协助各村（社区）开展邻里互助、为老服务和志愿服务。"),
    "青山社区夕阳红志愿服务队": (
        "清河县青山镇青山路 36 号青山社区居委会", "", "",
        "服务队由社区退休党员和热心居民自发组建，现有队员46名，常年开展独居老人探访、政策宣传和环境整治志愿服务，累计服务时长逾万小时。"),
    "青山社区广场舞队": ("清河县青山镇青山路 36 号青山社区居委会", "", "", ""),
    "青山社区邻里互助会": ("清河县青山镇青山路 36 号青山社区居委会", "", "", ""),
    "河滨社区爱心妈妈服务队": (
        "清河县青山镇滨江路 102 号河滨社区党群服务中心", "", "",
        "服务队由社区热心妈妈组成，结对关爱困境儿童和留守儿童，开展课后陪伴、亲子阅读和安全教育。"),
    "新华社区老年协会": (
        "清河县青山镇新华街 57 号新华社区老年活动中心", "qualified", "4A",
        "新华社区老年协会成立于2012年，现有会员120名，以“老有所为、老有所乐”为宗旨，组织低龄老人结对帮扶高龄、独居老人，常年开展"
        "助餐送餐、健康讲座、文体活动和邻里调解。协会设有助老服务队和文艺队，年度检查连续合格，2023年评为4A级社会组织。"),
    "石桥村红白理事会": ("清河县青山镇石桥村村民委员会", "", "", ""),
    "双河村农技互助社": ("清河县青山镇双河村村民委员会", "", "", ""),
    "桂花村留守儿童关爱服务队": (
        "清河县青山镇桂花村儿童之家", "", "",
        "服务队依托村儿童之家，组织返乡大学生和村民志愿者为留守儿童提供周末托管、作业辅导和心理陪伴。"),
    "龙泉村文艺宣传队": ("清河县青山镇龙泉村文化室", "", "", ""),
}


def fill_orgs(db: Database, password: str) -> int:
    with db.write() as session:
        by_name = {c.name: c.id for c in communities.list_all(session)}
        existing = {o.name for o in orgs.list_all(session)}
        federation = next((o.id for o in orgs.list_all(session) if o.is_federation), None)
        added = 0
        for name, community, category, status, body, founded, leader, phone, members, brand in DEMO_ORGS:
            if name in existing or community not in by_name:
                continue
            is_federation = name.endswith("联合会")
            address, inspection, rating, profile = DEMO_ORG_DETAILS[name]
            view = orgs.add(session, OrgInput(
                name, by_name[community], category, status, make_credit_code(body) if body else "", founded, leader,
                phone, members, party_branch=members >= 20, brand=brand, is_federation=is_federation,
                federation_id=None if is_federation or status == "registered" else federation, address=address,
                postcode=DEMO_POSTCODE, inspection=inspection, rating=rating, profile=profile))
            federation = view.id if is_federation else federation
            added += 1
    return added


FILLERS: list[Callable[[Database, str], int]] = [fill_communities, fill_users, fill_orgs, fill_workers, fill_donors,
                                                 fill_volunteers, fill_clients, fill_cases,
                                                 fill_certificates, fill_projects, fill_ledger, fill_needs]


def load_demo(db: Database, password: str) -> dict[str, int]:
    """Set up the demo station and its head ``admin`` with ``password`` if the database is new,
    then run every filler (demo users get the same password). Returns rows added per filler."""
    if not is_initialized(db):
        username, name, phone = DEMO_HEAD
        initialize(db, DEMO_STATION, head=AccountInput(username, name, Role.ADMIN, password, phone))
    require_on(db, Action.LOAD_DEMO)
    return {filler.__name__.removeprefix("fill_"): filler(db, password) for filler in FILLERS}
