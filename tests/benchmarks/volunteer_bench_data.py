"""A county's volunteer register for the benchmark: the demo station plus 200,000 volunteers,
2,000,000 service records over three years and their 2,000,000 time-bank lines, in about a minute.

Rows go in with sqlite3 ``executemany``, not through the services (which would take hours), so they
carry no change-log or audit entries; everything a query reads is as the services write it:
pinyin sort and search keys from ``domain.pinyin`` (once per distinct name), ID numbers and phones
sealed with the station's data key and ID numbers blind-indexed, numbers V-YYYY-NNNN, points at the
station's rate. Service rows are inserted in the order they were recorded, interleaving volunteers
as a real file does, so one volunteer's rows are scattered over the table. 0.5 % of the records are
reversed (with their deposits). The secondary indexes are dropped during the load and rebuilt from
their own DDL, as a bulk load does. A fixed seed makes every run the same data.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from bench_people import CHUNK, Days, bulk_load, insert, mobile, names, resident_id, serials
from desktop.domain.codes import SERVICE_CATEGORIES
from desktop.domain.id_documents import blind_key
from desktop.domain.pinyin import search_key, sort_key
from desktop.domain.timebank import points_for
from desktop.domain.workdays import is_late
from desktop.security.vault import Vault
from desktop.services.tags import tags_column
from desktop.services.volunteers import BLIND, TABLE

VOLUNTEERS = 200_000
SERVICES = 2_000_000  # reversing rows included
REVERSALS = 10_000
YEARS = 3
CERTIFICATE_ROWS = 200  # the volunteer a certificate is issued for
CERTIFICATE_REVERSED = 2  # of those, reversed
POOL = 1 << 16  # a record's details come from this many random draws made once
STANDS, REVERSED, REVERSAL = range(3)  # a record as planned

# (activity, category, content) as sign-in sheets name them.
ACTIVITIES = (
    ("重阳节敬老活动", "elderly_disabled", "为辖区高龄老人理发、测血压、陪伴聊天"),
    ("助老送餐", "elderly_disabled", "为独居和失能老人送午餐到家"),
    ("独居老人探访", "elderly_disabled", "上门探访独居老人，检查用电用气安全"),
    ("残疾人康复陪护", "elderly_disabled", "陪同残疾人到康复站训练"),
    ("四点半课堂", "children", "放学后辅导小学生完成作业"),
    ("留守儿童课业辅导", "children", "为留守儿童辅导功课、开展亲情视频通话"),
    ("暑期托管班", "children", "组织暑期托管班的阅读和手工活动"),
    ("社区议事会", "governance", "协助召开居民议事会，记录居民意见"),
    ("网格巡查", "governance", "协助网格员巡查楼栋，登记安全隐患"),
    ("矛盾纠纷调解", "governance", "协助调解邻里纠纷"),
    ("垃圾分类宣传", "environment", "在小区门口宣传垃圾分类，指导居民投放"),
    ("河道清洁", "environment", "清理河道两岸垃圾"),
    ("植树活动", "environment", "参加春季义务植树"),
    ("广场舞展演", "culture_sports", "组织社区广场舞展演"),
    ("全民健身日", "culture_sports", "协助开展全民健身日趣味运动会"),
    ("防汛巡查", "emergency", "汛期巡查河堤和地质灾害隐患点"),
    ("消防安全演练", "emergency", "协助开展社区消防疏散演练"),
    ("普法宣传", "legal", "发放普法宣传资料，解答法律咨询"),
    ("义诊", "health", "协助医生为居民义诊、测量血压血糖"),
    ("健康讲座", "health", "组织慢性病防治健康讲座"),
    ("爱心超市值守", "other", "在爱心超市登记积分兑换"),
)
MINUTES = (30, 45, 60, 60, 90, 90, 120, 120, 120, 150, 180, 180, 240)
STATUS_CODES, STATUS_WEIGHTS = ("active", "paused", "left"), (85, 10, 5)
CERTIFICATE_NAME = "解文静"  # 解 reads xiè as a surname
POLYPHONIC_NAME = "曾佳慧"  # 曾 reads zēng as a surname, céng elsewhere

# The columns whose values vary from row to row; the others are given to insert as the same for all.
VOLUNTEER_COLUMNS = (
    "id", "created_at", "updated_at", "hlc", "deleted_at", "name", "name_sort", "name_search", "number", "gender",
    "birth_date", "id_number_sealed", "id_blind", "phone_sealed", "residence", "community_id", "categories",
    "registered_on", "status", "consent_on")
SERVICE_COLUMNS = (
    "id", "created_at", "updated_at", "hlc", "volunteer_id", "activity", "served_on", "content", "category",
    "minutes", "recorded_on", "late", "reverses_id", "reason")
ENTRY_COLUMNS = (
    "id", "created_at", "updated_at", "hlc", "volunteer_id", "batch", "kind", "amount", "entry_on", "service_id",
    "reverses_id", "note")
AMOUNT, MINUTES_COLUMN = ENTRY_COLUMNS.index("amount"), SERVICE_COLUMNS.index("minutes")


class Person(NamedTuple):
    """A volunteer as the register lists it, for working out what a query must return."""

    id: str
    name: str
    name_sort: str
    name_search: str
    community_id: str
    status: str
    deleted: bool


@dataclass
class BenchData:
    path: Path
    people: list[Person]  # every volunteer in the file, the demo's included
    id_numbers: dict[str, str] = field(default_factory=dict)  # generated volunteer id → ID number
    certificate_volunteer: str = ""
    polyphonic_volunteer: str = ""
    service_rows: int = 0
    entries: int = 0
    # The certificate volunteer's standing minutes by category, and the passbook they leave.
    certificate_minutes: Counter[str] = field(default_factory=Counter)
    passbook_lines: int = 0
    passbook_balance: int = 0


@dataclass(frozen=True)
class _Station:
    node: str
    communities: list[tuple[str, str]]  # (id, name)
    confirmer: tuple[str, str]  # (user id, display name)
    organiser: str
    rate: int


def _station(conn: sqlite3.Connection) -> _Station:
    node = conn.execute("SELECT node_id FROM node_identity").fetchone()[0]
    communities = conn.execute("SELECT id, name FROM community WHERE deleted_at IS NULL ORDER BY name_sort").fetchall()
    confirmer = conn.execute("SELECT id, display_name FROM user_account WHERE username = 'lixia'").fetchone()
    organiser = conn.execute("SELECT name FROM station").fetchone()[0]
    rate = conn.execute("SELECT value FROM app_setting WHERE key = 'timebank_points_per_hour'").fetchone()
    return _Station(node, communities, confirmer, organiser, int(rate[0]) if rate else 100)


def _demo_people(conn: sqlite3.Connection) -> list[Person]:
    return [Person(i, n, s, k, c, st, d is not None) for i, n, s, k, c, st, d in conn.execute(
        "SELECT id, name, name_sort, name_search, community_id, status, deleted_at FROM volunteer")]


def _volunteer_rows(conn: sqlite3.Connection, rng: random.Random, station: _Station, vault: Vault, days: Days,
                    today: date, data: BenchData) -> tuple[list[tuple], list[int]]:
    """The volunteers in the order they registered, and the day each did (an ordinal); the planted
    two last. ``data`` learns who they are."""
    named = names(rng, VOLUNTEERS - 2) + [CERTIFICATE_NAME, POLYPHONIC_NAME]
    keys = {name: (sort_key(name), search_key(name)) for name in set(named)}
    window = (today - timedelta(days=365 * YEARS)).toordinal()
    registered = sorted(window - rng.randrange(1, 365 * 5) if rng.random() < 0.65 else
                        window + rng.randrange(365 * YEARS - 60) for _ in named[:-2]) + [window - 30] * 2
    serial = serials(number for (number,) in conn.execute("SELECT number FROM volunteer"))
    used: set[str] = set()
    rows = []
    for index, (name, on) in enumerate(zip(named, registered, strict=True)):
        planted = index >= VOLUNTEERS - 2
        day = days[on]
        row_id, hlc = day.next()
        male = rng.random() < 0.45
        birth = date.fromordinal(on - rng.randrange(18 * 365, 70 * 365))
        number = resident_id(rng, birth, male, used)
        community_id, community = rng.choice(station.communities)
        status = "active" if planted else rng.choices(STATUS_CODES, STATUS_WEIGHTS)[0]
        deleted = not planted and rng.random() < 0.01
        year = int(day.iso[:4])
        serial[year] += 1
        chosen = {rng.choice(ACTIVITIES)[1] for _ in range(2)}
        rows.append((
            row_id, day.stamp, day.stamp, hlc, days[today.toordinal()].stamp if deleted else None, name, *keys[name],
            f"V-{year}-{serial[year]:04d}", "male" if male else "female", birth.isoformat(),
            vault.seal(TABLE, row_id, "id_number", number), vault.blind(BLIND, blind_key("resident_id", number)),
            vault.seal(TABLE, row_id, "phone", mobile(rng)), f"青山镇{community}", community_id,
            tags_column(c for c in SERVICE_CATEGORIES if c in chosen), day.iso, status, day.iso))
        data.people.append(Person(row_id, name, *keys[name], community_id, status, deleted))
        data.id_numbers[row_id] = number
    data.certificate_volunteer, data.polyphonic_volunteer = rows[-2][0], rows[-1][0]
    return rows, registered


def _pool(rng: random.Random) -> list[tuple[int, int, int]]:
    """(days until recorded, minutes, activity): mostly within a few days, 3 % after two weeks or more."""
    return [(rng.choice((0, 0, 1, 1, 2, 3, 5)) if rng.random() < 0.97 else rng.randrange(11, 40),
             rng.choice(MINUTES), rng.randrange(len(ACTIVITIES))) for _ in range(POOL)]


def _counts(rng: random.Random, room: list[int]) -> list[int]:
    """Records per volunteer: some far busier than others (a Pareto weight), more for those registered
    longer; the planted two last, the certificate volunteer with exactly CERTIFICATE_ROWS."""
    weights = [min(rng.paretovariate(1.8), 25.0) * r for r in room[:-2]]
    total, wanted = sum(weights), SERVICES - REVERSALS - CERTIFICATE_ROWS
    counts, running, given = [], 0.0, 0
    for weight, days in zip(weights, room, strict=False):  # shares rounded so they add up exactly
        running += weight
        share = round(running * wanted / total) - given
        given += share
        counts.append(min(share, days))  # nobody serves twice on a day, so nobody passes the daily cap
    while sum(counts) < wanted:
        busy = rng.randrange(len(counts))
        counts[busy] += counts[busy] < room[busy]
    return [*counts, CERTIFICATE_ROWS, 0]


def _service_plan(rng: random.Random, registered: list[int], pool: list[tuple[int, int, int]],
                  today: date) -> list[list[tuple[int, int, int, int]]]:
    """Per day of the three years, what was recorded that day: (served, volunteer, pool index, STANDS,
    REVERSED or REVERSAL). REVERSALS records are reversed 1–20 days later, CERTIFICATE_REVERSED of
    them the certificate volunteer's."""
    last = today.toordinal()
    first = last - 365 * YEARS
    start = [max(first, on) for on in registered]
    room = [last - s + 1 for s in start]
    counts = _counts(rng, room)
    reversed_ = set(rng.sample(range(sum(counts[:-2])), REVERSALS - CERTIFICATE_REVERSED))
    plan: list[list[tuple[int, int, int, int]]] = [[] for _ in range(last - first + 1)]
    made = 0
    for volunteer, n in enumerate(counts):
        for k, offset in enumerate(rng.sample(range(room[volunteer]), n)):
            served, draw = start[volunteer] + offset, rng.getrandbits(16)
            recorded = min(last, served + pool[draw][0])
            if made in reversed_ or (volunteer == VOLUNTEERS - 2 and k < CERTIFICATE_REVERSED):
                plan[recorded - first].append((served, volunteer, draw, REVERSED))
                plan[min(last, recorded + rng.randint(1, 20)) - first].append((served, volunteer, draw, REVERSAL))
            else:
                plan[recorded - first].append((served, volunteer, draw, STANDS))
            made += 1
    return plan


def _record_rows(station: _Station, days: Days, volunteer_ids: list[str], pool: list[tuple[int, int, int]],
                 plan: list[list[tuple[int, int, int, int]]], today: date,
                 data: BenchData) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Service rows and their time-bank lines in the order they were recorded, a chunk at a time."""
    first = today.toordinal() - 365 * YEARS
    reversed_: dict[tuple[int, int], tuple[str, str, int]] = {}  # (volunteer, served) → service, deposit, amount
    certificate = VOLUNTEERS - 2
    services: list[tuple] = []
    entries: list[tuple] = []
    for recorded, items in enumerate(plan, start=first):
        day = days[recorded]
        for served, volunteer, draw, kind in items:
            _delay, minutes, activity = pool[draw]
            name, category, content = ACTIVITIES[activity]
            service_id, hlc = day.next()
            entry_id, entry_hlc = day.next()
            volunteer_id = volunteer_ids[volunteer]
            if kind != REVERSAL:
                late = recorded - served > 10 and is_late(date.fromordinal(served), date.fromordinal(recorded))
                amount = points_for(minutes, station.rate)
                services.append((service_id, day.stamp, day.stamp, hlc, volunteer_id, name, days[served].iso,
                                 content, category, minutes, day.iso, late, None, ""))
                entries.append((entry_id, day.stamp, day.stamp, entry_hlc, volunteer_id, entry_id, "deposit", amount,
                                day.iso, service_id, None, ""))
                if kind == REVERSED:
                    reversed_[volunteer, served] = (service_id, entry_id, amount)
            else:
                original, deposit, amount = reversed_.pop((volunteer, served))
                services.append((service_id, day.stamp, day.stamp, hlc, volunteer_id, name, days[served].iso,
                                 content, category, -minutes, day.iso, False, original, "录入错误"))
                entries.append((entry_id, day.stamp, day.stamp, entry_hlc, volunteer_id, entry_id, "reversal",
                                -amount, day.iso, original, deposit, "录入错误"))
            if volunteer == certificate:
                data.passbook_lines += 1
                data.passbook_balance += entries[-1][AMOUNT]
                data.certificate_minutes[category] += services[-1][MINUTES_COLUMN]
        if len(services) >= CHUNK:
            yield services, entries
            services, entries = [], []
    yield services, entries


def generate(path: Path, vault: Vault, today: date | None = None) -> BenchData:
    """Add the county's volunteers and records to the demo station at ``path`` (closed)."""
    today = today or date.today()
    rng = random.Random(2026)
    days = Days(rng)
    with bulk_load(path, ("volunteer", "volunteer_service", "timebank_entry")) as conn:
        station = _station(conn)
        data = BenchData(path, _demo_people(conn))
        volunteers, registered = _volunteer_rows(conn, rng, station, vault, days, today, data)
        pool = _pool(rng)
        plan = _service_plan(rng, registered, pool, today)
        stamps = {"origin_node": station.node, "created_by": "lixia"}
        insert(conn, "volunteer", VOLUNTEER_COLUMNS, volunteers, **stamps, id_type="resident_id", skills="",
               teams=",", consent_method="written", consent_by="self", guardian_name="", guardian_relation="",
               notes="")
        volunteer_ids = [row[0] for row in volunteers]
        confirmer_id, confirmer = station.confirmer
        for services, entries in _record_rows(station, days, volunteer_ids, pool, plan, today, data):
            insert(conn, "volunteer_service", SERVICE_COLUMNS, services, **stamps, deleted_at=None, place="",
                   organiser=station.organiser, in_charge="", confirmed_by_id=confirmer_id, confirmed_by=confirmer)
            insert(conn, "timebank_entry", ENTRY_COLUMNS, entries, **stamps, deleted_at=None, reward_id=None,
                   counterpart_id=None)
            data.service_rows += len(services)
            data.entries += len(entries)
    return data
