"""A county's 供需对接 lists for the benchmark: the demo station plus NEEDS needs over three years in its
villages and communities, RESOURCES resources, and the matches that took the needs through their statuses,
in seconds.

Rows go in with sqlite3 ``executemany`` (``bench_people.insert``), as the services would leave them: a
need's status agrees with its matches (matched: one under way; solved: one done; unsolvable: one that
failed), pinyin keys of the resources' names from ``domain.pinyin``, categories as ``services.tags``
writes them. A few needs are planted: the one matched in the figure (in the first community, of the
category most resources serve) and the ones the search finds. A fixed seed makes every run the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from bench_people import Days, bulk_load, columns, insert
from desktop.domain.codes import NEED_CATEGORIES, NEED_SOURCES, RESOURCE_KINDS
from desktop.domain.pinyin import search_key, sort_key
from desktop.services.tags import tags_column
from desktop.storage.models import Need, NeedMatch, Resource

NEEDS = 200_000
RESOURCES = 5_000
YEARS = 3
SEARCHED = "助浴"  # in the title of SEARCH_HITS needs only
SEARCH_HITS = 150
MATCHED_CATEGORY = "elderly"  # the category of the need matched in the figure; every third resource serves it

STATUS_CODES, STATUS_WEIGHTS = ("open", "matched", "solved", "unsolvable"), (20, 10, 60, 10)
MATCH_OF = {"matched": "active", "solved": "done", "unsolvable": "failed"}
URGENCY_CODES, URGENCY_WEIGHTS = ("low", "medium", "high"), (50, 35, 15)
TITLES = ("上门送餐", "居家照料", "陪同就医", "课后托管", "心理疏导", "就业培训", "纠纷调解", "楼道清理",
          "文体活动场地", "助残康复", "临时救助", "慢病随访", "政策咨询", "垃圾分类指导", "适老化改造")
GROUPS = ("留守儿童", "独居老人", "残疾人家庭", "低保户", "失业青年", "")
RESOURCE_WORDS = ("爱心", "助老", "阳光", "邻里", "康复", "书香", "青山", "同心", "暖心", "互助")
RESOURCE_ENDS = ("服务队", "志愿队", "活动室", "基金", "工作坊", "服务中心", "食堂")

NEED_COLUMNS = ("id", "created_at", "updated_at", "hlc", "community_id", "category", "title", "details", "holder",
                "group_label", "people", "urgency", "source", "found_on", "status", "outcome", "closed_on")
RESOURCE_COLUMNS = ("id", "created_at", "updated_at", "hlc", "name", "name_sort", "name_search", "kind",
                    "categories", "community_id", "capacity", "status")
MATCH_COLUMNS = ("id", "created_at", "updated_at", "hlc", "need_id", "resource_id", "matched_on", "status",
                 "outcome", "closed_on")


class Listed(NamedTuple):
    """A need as the list shows and sorts it, for working out what a query must return."""

    id: str
    community_id: str
    category: str
    title: str
    urgency: str
    found_on: str
    status: str


@dataclass
class NeedsData:
    needs: list[Listed] = field(default_factory=list)  # every need in the file, the demo's included
    communities: list[str] = field(default_factory=list)  # ids, in pinyin order of the name
    matched_need: str = ""  # an open need of MATCHED_CATEGORY in the first community, with no match
    resources: int = 0
    matches: int = 0


def _found_days(rng: random.Random, today: date, count: int) -> list[int]:
    first = today.toordinal() - 365 * YEARS
    return sorted(first + rng.randrange(365 * YEARS) for _ in range(count))


def _need_rows(rng: random.Random, days: Days, communities: list[str], today: date, count: int,
               data: NeedsData) -> tuple[list[tuple], list[tuple[str, int, str]]]:
    """``count`` needs in the order they were found, and (need id, the day its match was made or closed,
    match status) for each one with a match."""
    searched = set(rng.sample(range(count - 1), SEARCH_HITS))
    rows, matched = [], []
    categories = list(NEED_CATEGORIES)
    for index, found in enumerate(_found_days(rng, today, count)):
        day = days[found]
        row_id, hlc = day.next()
        planted = index == count - 1
        community = communities[0] if planted else rng.choice(communities)
        category = MATCHED_CATEGORY if planted else rng.choice(categories)
        status = "open" if planted else rng.choices(STATUS_CODES, STATUS_WEIGHTS)[0]
        urgency = rng.choices(URGENCY_CODES, URGENCY_WEIGHTS)[0]
        title = rng.choice(TITLES) + (SEARCHED if index in searched else "")
        group = rng.choice(GROUPS)
        closed = min(today.toordinal(), found + rng.randrange(1, 90)) if status in ("solved", "unsolvable") else None
        rows.append((row_id, day.stamp, day.stamp, hlc, community, category, title, f"{title}，走访时居民提出",
                     "group" if group else "community", group, rng.randrange(1, 40), urgency,
                     rng.choice(list(NEED_SOURCES)), day.iso, status, "已办结" if closed else "",
                     days[closed].iso if closed else None))
        data.needs.append(Listed(row_id, community, category, title, urgency, day.iso, status))
        if status in MATCH_OF:
            matched.append((row_id, closed or found, MATCH_OF[status]))
        if planted:
            data.matched_need = row_id
    return rows, matched


def _resource_rows(rng: random.Random, days: Days, communities: list[str], today: date) -> list[tuple]:
    rows = []
    kinds = list(RESOURCE_KINDS)
    for index in range(RESOURCES):
        name = f"{rng.choice(RESOURCE_WORDS)}{rng.choice(RESOURCE_ENDS)}{index:04d}"
        day = days[today.toordinal() - rng.randrange(365 * YEARS)]
        row_id, hlc = day.next()
        serves = {MATCHED_CATEGORY} if index % 3 == 0 else set(rng.sample(list(NEED_CATEGORIES), 2))
        rows.append((row_id, day.stamp, day.stamp, hlc, name, sort_key(name), search_key(name),
                     kinds[index % len(kinds)],
                     tags_column(c for c in NEED_CATEGORIES if c in serves),
                     None if rng.random() < 0.3 else rng.choice(communities),
                     None if rng.random() < 0.4 else rng.randrange(1, 30),
                     rng.choices(("available", "paused", "ended"), (85, 10, 5))[0]))
    return rows


def generate(path: Path, scale: float = 1.0, today: date | None = None) -> NeedsData:
    """Add the county's needs (NEEDS × ``scale``), resources and matches to the demo station at ``path`` (closed)."""
    today = today or date.today()
    rng = random.Random(2026)
    days = Days(rng)
    data = NeedsData()
    with bulk_load(path, ("need", "resource", "need_match")) as conn:
        node = conn.execute("SELECT node_id FROM node_identity").fetchone()[0]
        data.communities = [c for (c,) in conn.execute(
            "SELECT id FROM community WHERE deleted_at IS NULL ORDER BY name_sort")]
        data.needs = [Listed(*row) for row in conn.execute(
            "SELECT id, community_id, category, title, urgency, found_on, status FROM need WHERE deleted_at IS NULL")]
        stamps = {"origin_node": node, "created_by": "lixia", "deleted_at": None}
        needs, matched = _need_rows(rng, days, data.communities, today, max(1_000, round(NEEDS * scale)), data)
        insert(conn, "need", columns(Need, NEED_COLUMNS, {**stamps, "client_id": None, "recorded_by": "李霞"}),
               needs, **stamps, client_id=None, recorded_by="李霞")
        resources = _resource_rows(rng, days, data.communities, today)
        same = {**stamps, "donor_id": None, "org_id": None, "volunteer_id": None, "provider_name": "青山镇民政办",
                "capacity_note": "", "available_from": None, "available_until": None, "availability": "",
                "contact": "", "notes": ""}
        insert(conn, "resource", columns(Resource, RESOURCE_COLUMNS, same), resources, **same)
        data.resources = len(resources)
        serving = [row[0] for row in resources]
        match_rows = []
        for need_id, on, status in matched:
            day = days[on]
            row_id, hlc = day.next()
            match_rows.append((row_id, day.stamp, day.stamp, hlc, need_id, rng.choice(serving), day.iso, status,
                               "" if status == "active" else "已办结", None if status == "active" else day.iso))
        same = {**stamps, "project_id": None, "reason": "", "follow_up": "", "handled_by": "李霞"}
        insert(conn, "need_match", columns(NeedMatch, MATCH_COLUMNS, same), match_rows, **same)
        data.matches = len(match_rows)
    return data
