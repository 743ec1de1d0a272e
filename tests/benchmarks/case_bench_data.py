"""A county's case files for the benchmark: the demo station plus 200,000 clients, 400,000 cases opened
over five years and 4,000,000 service records on them, in 4–7 minutes (``scale`` shrinks every count for
a quick run). What happens is decided in ``case_bench_plan``; this module writes the rows.

Rows go in with sqlite3 ``executemany`` (``bench_people``), not through the services (which would take
hours), so they carry no change-log or audit entries; everything the case and client lists read is as
the services write it: pinyin keys from ``domain.pinyin`` once per distinct name, ID numbers sealed with
the station's data key and blind-indexed with their last four characters kept (``id_tail``), numbers
个案-YYYY-NNNN per year of opening, the community the client's, narratives sealed to their rows. The
column lists are checked against the models' tables, the sealed ones found by their declaration
(``storage.sealed``), so a renamed or added column stops the load.

Clients: surnames as common as in a county (曾 单 欧阳 among them), target groups with ages that fit
them (guardians for the children), valid resident ID numbers with their birth dates (5 % have none),
some households, spread over the demo communities; 3 % of those who never had a case are deleted.
Each has 0–5 cases, one after another, so at most the last is open; the demo's caseworkers and head
hold them. A case that ended went through every stage to closed (4 % declined at intake, 6 % referred
out from the service), one that is still open stands where its planned length puts it today, with a
stage change row per stage reached. Open cases have a follow-up due (30 % overdue), some cases done ones.
The needs assessments, plans, evaluations and referral rows behind the stages are not made: no list
reads them.

Service records are about ten per case, more on long cases and some cases far busier (a Pareto weight),
inserted in the order they were recorded so one case's records are scattered over the table; 0.2 % are
corrected by a later record. Sealing 8,000,000 texts would cost 80 s, so their content and next step
come from POOL texts sealed once and reused: those ciphertexts are bound to no record and do not open,
which no measured path tries (every other narrative is sealed to its own row). A fixed seed makes every
run the same data.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from bench_people import CHUNK, Days, bulk_load, columns, insert, mobile, names, resident_id, serials
from case_bench_plan import (CLOSED, CORRECTED, CORRECTION, OPEN, POOL, REFER, WORKERS, YEARS, Case, Draft,
                             case_plan, cases_per_client, client_drafts, record_of, record_plan, records_per_case,
                             stage_steps, weighted)
from desktop.domain.case_workflow import Stage
from desktop.domain.id_documents import blind_key
from desktop.domain.pinyin import pinyin_keys
from desktop.security.vault import Vault
from desktop.services.cases import NUMBER_PREFIX
from desktop.services.clients import BLIND, TABLE
from desktop.services.demo_cases import STORIES
from desktop.services.tags import tags_column
from desktop.storage.base import Base
from desktop.storage.models import CaseFile, CaseFollowUp, CaseServiceRecord, CaseStageChange, Client, ClientMember
from desktop.storage.sealed import find

CLIENTS = 200_000
CASES = 400_000
RECORDS = 4_000_000  # service records, corrections included
CORRECTIONS = 8_000
SOURCES = {"outreach": 35, "self": 25, "community": 25, "department": 15}
RISKS = {"high": 20, "medium": 50, "low": 30}
OVERDUE, CASE_DELETED, CLIENT_DELETED = 0.3, 0.002, 0.03
REASONS = {"decline": "经评估不符合接案条件，已告知其他求助渠道", "refer": "需要专业康复和医疗服务，超出本站服务范围"}
RECEIVERS = ("清河县民政局", "清河县残疾人联合会", "青山镇卫生院", "清河县妇女联合会", "清河县未成年人保护工作站")
PLACES = {"home_visit": "服务对象家中", "interview": "社工站面谈室", "accompany": "镇卫生院", "group": "社区活动室"}
PURPOSES = ("入户回访，了解服务落实情况", "电话回访，确认服务对象近况", "回访学校，了解孩子在校情况")
OUTCOMES = ("服务对象情况稳定，生活能自理", "家属反映情况好转", "服务对象对服务表示满意")
NOTES = ("独自居住", "患高血压，需定期随访", "行动不便", "子女在外务工", "听力较差，入户需大声交谈")
GUARDIANS = ("祖母", "祖父", "母亲", "父亲", "伯父", "姑姑")


class ClientEntry(NamedTuple):
    """A client as the client list and the case list's text search see one."""

    id: str
    name: str
    name_sort: str
    name_search: str
    community_id: str
    id_tail: str
    deleted: bool


class CaseEntry(NamedTuple):
    """A case as the case list sees one."""

    id: str
    opened_on: str  # ISO, as stored
    client: int  # index in BenchData.clients
    community_id: str
    worker_user_id: str
    stage: str
    deleted: bool
    worker_name: str  # the list's orders by the worker and the risk
    risk: str
    number: str  # 个案-2024-5123: four digits find the serial as they find the ID number's end


@dataclass
class BenchData:
    path: Path
    clients: list[ClientEntry]  # every client in the file, the demo's included
    cases: list[CaseEntry]  # the same
    workers: dict[str, str]  # username → account id
    polyphonic_client: str = ""
    polyphonic_case: str = ""
    stage_changes: int = 0
    service_rows: int = 0
    corrections: int = 0
    followups: int = 0


@dataclass(frozen=True)
class _Worker:
    id: str
    username: str
    name: str


# A service record's details: days until recorded, kind, minutes, place, sealed content and next step.
_Detail = tuple[int, str, int, str, bytes | None, bytes | None]


class _Sealed:
    """A sealed narrative column of ``model``: its name, and ``field`` sealed to a row for it."""

    def __init__(self, model: type[Base], field: str, vault: Vault) -> None:
        found = find(model.__tablename__, field)
        if found is None:
            raise AssertionError(f"{model.__tablename__} keeps no sealed {field}")
        self.column = found.column.name
        self._table, self._field, self._vault = found.table, field, vault

    def __call__(self, row_id: str, text: str) -> bytes | None:
        return self._vault.seal(self._table, row_id, self._field, text)


def _workers(conn: sqlite3.Connection) -> list[_Worker]:
    found = {u: _Worker(i, u, n) for i, u, n in conn.execute("SELECT id, username, display_name FROM user_account")}
    return [found[username] for username in WORKERS]


def _record_pool(rng: random.Random, vault: Vault) -> list[_Detail]:
    """What a service record may be, the texts sealed once each."""
    content, next_step = _Sealed(CaseServiceRecord, "content", vault), _Sealed(CaseServiceRecord, "next_step", vault)
    told = [record for story in STORIES.values() for record in story.records]
    pool: list[_Detail] = []
    for n in range(POOL):
        kind, minutes, said, then = rng.choice(told)
        pool.append((rng.choice((0, 0, 0, 1, 1, 2, 3)), kind, minutes, PLACES.get(kind, ""),
                     content(f"pool-{n}", said), next_step(f"pool-{n}", then)))
    return pool


class _Load:
    """The generation's state: the file, the rng, the days, the station and what the data says."""

    def __init__(self, conn: sqlite3.Connection, vault: Vault, today: date, data: BenchData) -> None:
        self.conn, self.vault, self.today, self.data = conn, vault, today, data
        self.rng = random.Random(2027)
        self.days = Days(self.rng)
        self.node = conn.execute("SELECT node_id FROM node_identity").fetchone()[0]
        self.communities = conn.execute(
            "SELECT id, name FROM community WHERE deleted_at IS NULL ORDER BY name_sort").fetchall()
        self.workers = _workers(conn)


def _clients(load: _Load, drafts: list[Draft], counts: list[int]) -> None:
    """Write the clients (``counts`` their cases) and their households; ``load.data`` learns them."""
    rng, days, vault, today = load.rng, load.days, load.vault, load.today
    notes, member_notes = _Sealed(Client, "notes", vault), _Sealed(ClientMember, "notes", vault)
    same = {"origin_node": load.node, "created_by": "lixia", "id_type": "resident_id"}
    varying = columns(Client, (
        "id", "created_at", "updated_at", "hlc", "deleted_at", "name", "name_sort", "name_search", "gender",
        "birth_date", "id_number_sealed", "id_blind", "id_tail", "phone_sealed", "address_sealed", "community_id",
        "target_groups", "registered_on", "guardian_name", "guardian_relation", "guardian_phone_sealed",
        "consent_on", "consent_method", "consent_by", notes.column), same)
    member_same = {"origin_node": load.node, "created_by": "lixia", "deleted_at": None}
    member_columns = columns(ClientMember, (
        "id", "created_at", "updated_at", "hlc", "client_id", "name", "relation", "birth_year", "lives_with",
        member_notes.column), member_same)
    keys = {name: pinyin_keys(name) for name in {d.name for d in drafts}}
    used: set[str] = set()
    rows, members = [], []
    for index, (draft, cases) in enumerate(zip(drafts, counts)):
        planted = index == len(drafts) - 1
        day = days[draft.registered]
        row_id, hlc = day.next()
        birth = date.fromordinal(draft.birth)
        number = resident_id(rng, birth, draft.male, used) if planted or rng.random() < 0.95 else ""
        community_id, community = rng.choice(load.communities)
        minor = (today - birth).days < 18 * 365
        guardian = (names(rng, 1)[0], rng.choice(GUARDIANS), mobile(rng)) if minor else ("", "", "")
        deleted = not cases and rng.random() < CLIENT_DELETED
        rows.append((
            row_id, day.stamp, day.stamp, hlc, days[today.toordinal()].stamp if deleted else None, draft.name,
            *keys[draft.name], "male" if draft.male else "female", birth.isoformat(),
            vault.seal(TABLE, row_id, "id_number", number),
            vault.blind(BLIND, blind_key("resident_id", number)) if number else None, number[-4:],
            vault.seal(TABLE, row_id, "phone", mobile(rng) if rng.random() < 0.75 else ""),
            vault.seal(TABLE, row_id, "address", f"青山镇{community}{rng.randint(1, 12)}组{rng.randint(1, 80)}号"),
            community_id, tags_column(draft.groups), day.iso, guardian[0], guardian[1],
            vault.seal(TABLE, row_id, "guardian_phone", guardian[2]), day.iso, "written",
            "guardian" if minor else "self", notes(row_id, rng.choice(NOTES) if rng.random() < 0.3 else "")))
        load.data.clients.append(ClientEntry(row_id, draft.name, *keys[draft.name], community_id, number[-4:], deleted))
        # A child lives with the guardian, a grandparent; an adult with a spouse, perhaps a grown child away.
        household = [("grandparent", rng.randint(55, 75))] if minor else \
            [("spouse", (today - birth).days // 365), ("child", rng.randint(20, 50))][:rng.randrange(3)]
        for relation, age in household:
            member_id, member_hlc = day.next()
            members.append((member_id, day.stamp, day.stamp, member_hlc, row_id, guardian[0] or names(rng, 1)[0],
                            relation, today.year - age, relation != "child", None))
    load.data.polyphonic_client = rows[-1][0]
    insert(load.conn, "client", varying, rows, **same)
    insert(load.conn, "client_member", member_columns, members, **member_same)


def _followups(load: _Load, case: Case, case_id: str, worker: _Worker, steps: list[tuple[str, str, str, int]],
               purpose: _Sealed, outcome: _Sealed) -> Iterator[tuple]:
    """An open case's follow-up due (some overdue) and, once in service, perhaps one done; a closed case's
    visit a month after closing for a quarter of them (still due if the month is not over)."""
    rng, days, today = load.rng, load.days, load.today.toordinal()
    wanted = []  # (set on, due, done on)
    if case.ending == OPEN:
        set_on = steps[-1][3]
        due = max(set_on, today - rng.randint(1, 40)) if rng.random() < OVERDUE else today + rng.randint(0, 30)
        wanted.append((set_on, due, None))
        if len(steps) > 3 and rng.random() < 0.3 and steps[3][3] + 7 < today:
            due = rng.randint(steps[3][3] + 7, today - 1)
            wanted.append((steps[3][3], due, min(today, due + rng.randint(0, 3))))
    elif case.ending == CLOSED and rng.random() < 0.25:
        set_on = steps[-1][3]
        due = set_on + 30
        wanted.append((set_on, due, min(today, due + rng.randint(0, 5)) if due <= today else None))
    for set_on, due, done in wanted:
        row_id, hlc = days[set_on].next()
        version = days[done] if done else days[set_on]
        yield (row_id, days[set_on].stamp, version.stamp, version.next()[1] if done else hlc, worker.username,
               case_id, worker.id, days[due].iso, purpose(row_id, rng.choice(PURPOSES)), version.iso if done else None,
               outcome(row_id, rng.choice(OUTCOMES) if done else ""))


def _case_rows(load: _Load, plan: list[Case], drafts: list[Draft]
               ) -> Iterator[tuple[str, tuple[str, ...], dict[str, object], list[tuple]]]:
    """(table, columns, same, rows) of the cases with their stage changes and follow-ups, a chunk at a time.
    ``load.data`` learns the cases."""
    rng, days, vault, data, today = load.rng, load.days, load.vault, load.data, load.today.toordinal()
    problem, summary = _Sealed(CaseFile, "problem", vault), _Sealed(CaseFile, "closing_summary", vault)
    reason = _Sealed(CaseStageChange, "reason", vault)
    purpose, outcome = _Sealed(CaseFollowUp, "purpose", vault), _Sealed(CaseFollowUp, "outcome", vault)
    node: dict[str, object] = {"origin_node": load.node}
    live = {**node, "deleted_at": None}
    tables = {
        "case_file": (columns(CaseFile, (
            "id", "created_at", "updated_at", "hlc", "created_by", "deleted_at", "number", "client_id",
            "community_id", "worker_user_id", "worker_name", "opened_on", "source", problem.column, "risk", "stage",
            "closed_on", summary.column, "referred_to"), node), node),
        "case_stage_change": (columns(CaseStageChange, (
            "id", "created_at", "updated_at", "hlc", "created_by", "case_id", "action", "from_stage", "to_stage",
            reason.column, "by_name"), live), live),
        "case_followup": (columns(CaseFollowUp, (
            "id", "created_at", "updated_at", "hlc", "created_by", "case_id", "worker_user_id", "due_on",
            purpose.column, "done_on", outcome.column), live), live),
    }
    serial = serials(number for (number,) in load.conn.execute("SELECT number FROM case_file"))
    sources, risks = weighted(rng, SOURCES, len(plan)), weighted(rng, RISKS, len(plan))
    first_client = len(data.clients) - len(drafts)
    made: dict[str, list[tuple]] = {table: [] for table in tables}
    for index, case in enumerate(plan):
        day = days[case.opened]
        case_id, _hlc = day.next()
        worker = load.workers[case.worker]
        client = data.clients[first_client + case.client]
        story = STORIES[drafts[case.client].groups[0]]
        steps = stage_steps(case, today)
        for action, before, after, on in steps:
            change_id, hlc = days[on].next()
            made["case_stage_change"].append((
                change_id, days[on].stamp, days[on].stamp, hlc, worker.username, case_id, action, before, after,
                reason(change_id, REASONS.get(action, "")), worker.name))
        stage, last = steps[-1][2], days[steps[-1][3]]
        deleted = case.ending != OPEN and rng.random() < CASE_DELETED
        year = int(day.iso[:4])
        serial[year] += 1
        number = f"{NUMBER_PREFIX}-{year}-{serial[year]:04d}"
        made["case_file"].append((
            case_id, day.stamp, last.stamp, last.next()[1], worker.username, days[today].stamp if deleted else None,
            number, client.id, client.community_id, worker.id, worker.name,
            day.iso, sources[index], problem(case_id, story.problem), risks[index], stage,
            last.iso if stage == Stage.CLOSED else None,
            summary(case_id, story.summary if case.ending == CLOSED else ""),
            rng.choice(RECEIVERS) if case.ending == REFER else ""))
        made["case_followup"].extend(_followups(load, case, case_id, worker, steps, purpose, outcome))
        data.cases.append(CaseEntry(case_id, day.iso, first_client + case.client, client.community_id, worker.id,
                                    stage, deleted, worker.name, risks[index], number))
        if case.client == len(drafts) - 1:
            data.polyphonic_case = case_id
        if len(made["case_stage_change"]) >= CHUNK or index == len(plan) - 1:
            for table, (varying, same) in tables.items():
                yield table, varying, same, made[table]
            made = {table: [] for table in tables}


def _record_rows(load: _Load, keys: list[int], plan: list[Case], case_ids: list[str], pool: list[_Detail]
                 ) -> Iterator[list[tuple]]:
    """The service records in the order they were recorded, a chunk at a time."""
    days, start = load.days, load.today.toordinal() - 365 * YEARS
    corrected: dict[tuple[int, int, int], list[str]] = {}  # (case, served, draw) → records awaiting correction
    rows = []
    for key in keys:
        recorded, case, served, draw, kind = record_of(key)
        day = days[start + recorded]
        row_id, hlc = day.next()
        corrects = None
        if kind == CORRECTED:
            corrected.setdefault((case, served, draw), []).append(row_id)
        elif kind == CORRECTION:
            corrects = corrected[case, served, draw].pop(0)
        worker = load.workers[plan[case].worker]
        _delay, record_kind, minutes, place, content, next_step = pool[draw]
        rows.append((row_id, day.stamp, day.stamp, hlc, worker.username, case_ids[case], days[start + served].iso,
                     record_kind, minutes, place, content, next_step, worker.name, corrects))
        if len(rows) >= CHUNK:
            yield rows
            rows = []
    yield rows


def _demo(conn: sqlite3.Connection) -> tuple[list[ClientEntry], list[CaseEntry]]:
    """The demo's clients and cases, as the lists see them."""
    clients = [ClientEntry(i, n, s, k, c, t, d is not None) for i, n, s, k, c, t, d in conn.execute(
        "SELECT id, name, name_sort, name_search, community_id, id_tail, deleted_at FROM client")]
    index = {client.id: n for n, client in enumerate(clients)}
    cases = [CaseEntry(i, o, index[c], m, w, s, d is not None, n, r, u)
             for i, o, c, m, w, s, d, n, r, u in conn.execute(
        "SELECT id, opened_on, client_id, community_id, worker_user_id, stage, deleted_at, worker_name, risk, number "
        "FROM case_file")]
    return clients, cases


TABLES = ("client", "client_member", "case_file", "case_stage_change", "case_followup", "case_service_record")


def generate(path: Path, vault: Vault, scale: float = 1.0, today: date | None = None) -> BenchData:
    """Add the county's clients and case files to the demo station at ``path`` (closed): CLIENTS, CASES
    and RECORDS times ``scale`` (CORRECTIONS too)."""
    today = today or date.today()
    with bulk_load(path, TABLES) as conn:
        data = BenchData(path, *_demo(conn), workers=dict(conn.execute("SELECT username, id FROM user_account")))
        load = _Load(conn, vault, today, data)
        rng = load.rng
        drafts = client_drafts(rng, round(CLIENTS * scale), today)
        counts = cases_per_client(rng, drafts, round(CASES * scale), today)
        _clients(load, drafts, counts)
        plan = case_plan(rng, drafts, counts, today)
        for table, varying, same, rows in _case_rows(load, plan, drafts):
            insert(conn, table, varying, rows, **same)
            data.stage_changes += len(rows) if table == "case_stage_change" else 0
            data.followups += len(rows) if table == "case_followup" else 0
        data.corrections = round(CORRECTIONS * scale)
        pool = _record_pool(rng, vault)
        counts = records_per_case(rng, plan, round(RECORDS * scale) - data.corrections, today.toordinal())
        keys = record_plan(rng, plan, counts, [detail[0] for detail in pool], data.corrections, today.toordinal())
        case_ids = [case.id for case in data.cases[-len(plan):]]
        same = {"origin_node": load.node, "deleted_at": None}
        varying = columns(CaseServiceRecord, (
            "id", "created_at", "updated_at", "hlc", "created_by", "case_id", "served_on", "kind", "minutes", "place",
            *(_Sealed(CaseServiceRecord, text, vault).column for text in ("content", "next_step")), "by_name",
            "corrects_id"), same)
        for rows in _record_rows(load, keys, plan, case_ids, pool):
            insert(conn, "case_service_record", varying, rows, **same)
            data.service_rows += len(rows)
    return data
