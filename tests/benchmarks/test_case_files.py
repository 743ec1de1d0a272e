"""The case files at county scale, each figure as a ratio to the raw SQL that gives the same rows, and the
memory of the app with the case list open.

Run with ``make bench``. The demo station gets 200,000 clients, 400,000 cases and 4,000,000 service
records (``case_bench_data``; generation is timed apart and counts for no figure; WUSHE_BENCH_SCALE=0.01
makes a hundredth of it, for a quick run). Each figure is the median of RUNS runs after one warm-up, the
service and its SQL alternating so that a busy moment of the machine hits both. The service side goes
the way the app goes, in Chinese: one read unit of work per call as the UI's gateway makes them,
signed in as the station head (who sees every case) or as the social worker lixia (her cases only);
a list goes the way its table model goes. The case list shows its first window of ids and that
window's rows, which is what the person waits for, also in the order of the worker, the stage and the
risk either way round (``SORTS``, ties newest first); its count runs apart on the database worker and is
a figure of its own ("count: …"). So are the client register's first window (clients with their ID
numbers opened and masked and their households) and its count. The SQL side is one
sqlite3 connection on the same file running the queries a hand-written program would: the first window
of ids in the list's order (LIMIT; in the clients' name order, walking the clients with SQLite's CROSS
JOIN, which keeps the join in the order written, or for one community's open cases sorting them), the
count, and the window's rows with what the list
shows beside them; nothing is decrypted. Nothing is asserted about time, only that every result is right
(the ids the generated data says, in order, and how many; the planted client found where she belongs).

Memory: the resident set of a fresh process (``case_list_probe.py``) showing the page 服务对象与个案
with the case list scrolled through SCROLLED rows, against a bare QApplication's, median of MEMORY_RUNS
each, signed in as the head; it waits for the count before it measures.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench_ratios import Figure, bench_station, measure, print_ratios, read
from case_bench_data import BenchData, CaseEntry, ClientEntry, generate
from desktop.domain.case_workflow import OPEN_STAGES, STAGE_LABELS
from desktop.domain.codes import RISK_LEVELS
from desktop.i18n import set_locale
from desktop.services import case_list, clients, signin
from desktop.services.case_list import CaseQuery, CaseRow
from desktop.services.cases import NUMBER_PREFIX
from desktop.services.clients import ClientQuery, ClientView
from desktop.services.listing import IdPage
from desktop.storage.database import Database
from desktop.storage.opening import open_database
from desktop.ui.table_model import BATCH
from wushe_testing import DEMO_PASSWORD

SCALE = float(os.environ.get("WUSHE_BENCH_SCALE", "1"))
RUNS = 7
PAGE = BATCH  # the table model's first window: ids and their rows
SURNAME = "欧阳"
INITIALS = "zjh"
FIRST_PAGE_MS, SEARCH_MS, MEMORY_MB = 100, 150, 400  # the goals
SORT_MS = 300  # the case list in its clients' name order, or that column is not worth sorting by
COUNT_MS = 1_000  # off the GUI thread: the list is on screen meanwhile, "200+ cases" beside it
SCROLLED = 2_000  # rows of the case list the memory probe scrolls through
MEMORY_RUNS = 3
PROBE = Path(__file__).with_name("case_list_probe.py")
TIMEOUT = 300
BARE, PAGE_OPEN = "bare QApplication", "cases page, list scrolled"

CASE_LIST = ("SELECT id FROM case_file f WHERE deleted_at IS NULL {where} ORDER BY opened_on DESC, id DESC "
             "LIMIT {limit}")
# Each client's cases newest first, the clients in name order; ``+`` keeps SQLite off the worker's index there.
CASE_BY_CLIENT = ("SELECT f.id FROM client c CROSS JOIN case_file f ON f.client_id = c.id WHERE f.deleted_at IS NULL "
                  "{where} ORDER BY c.name_sort, c.id, f.opened_on DESC, f.id DESC LIMIT {limit}")
# The same for a few thousand cases a filter on the case finds through an index (one community's open ones):
# read them and sort them, SQLite choosing the way.
CASE_BY_CLIENT_SORTED = ("SELECT f.id FROM case_file f JOIN client c ON c.id = f.client_id WHERE f.deleted_at IS NULL "
                         "{where} ORDER BY c.name_sort, c.id, f.opened_on DESC, f.id DESC LIMIT {limit}")
CASE_COUNT = "SELECT count(*) FROM case_file f WHERE deleted_at IS NULL {where}"
# The list in another column's order, ties newest first; codes sort as their labels are listed.
CASE_SORTED = ("SELECT id FROM case_file f WHERE deleted_at IS NULL {{where}} ORDER BY {column} {direction}, "
               "opened_on DESC, id DESC LIMIT {limit}")


def _listed(column: str, codes: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{code}' THEN {n}" for n, code in enumerate(codes))
    return f"CASE {column} {whens} ELSE {len(codes)} END"


# CaseQuery.order_by → the SQL's sort key and the generated cases' (the worker's name compares as SQLite's
# BINARY collation does: UTF-8 bytes order as code points).
SORTS: dict[str, tuple[str, Callable[[CaseEntry], Any]]] = {
    "worker": ("worker_name", lambda c: c.worker_name),
    "stage": (_listed("stage", STAGE_LABELS), lambda c: list(STAGE_LABELS).index(c.stage)),
    "risk": (_listed("risk", RISK_LEVELS), lambda c: list(RISK_LEVELS).index(c.risk)),
}
# A case row shows the client, the community and the soonest follow-up not done.
CASE_ROWS = ("SELECT f.id, f.number, c.name, c.id_number_sealed, m.name, f.worker_name, f.stage, f.risk, f.opened_on "
             "FROM case_file f JOIN client c ON c.id = f.client_id JOIN community m ON m.id = f.community_id "
             "WHERE f.id IN ({marks})",
             "SELECT case_id, min(due_on) FROM case_followup WHERE case_id IN ({marks}) AND done_on IS NULL "
             "AND deleted_at IS NULL GROUP BY case_id")
CLIENT_LIST = "SELECT id FROM client WHERE deleted_at IS NULL {where} ORDER BY name_sort, id LIMIT {limit}"
CLIENT_COUNT = "SELECT count(*) FROM client WHERE deleted_at IS NULL {where}"
CLIENT_ROWS = ("SELECT c.*, m.name FROM client c JOIN community m ON m.id = c.community_id WHERE c.id IN ({marks})",
               "SELECT * FROM client_member WHERE client_id IN ({marks}) AND deleted_at IS NULL "
               "ORDER BY created_at, id")
# The clients a case search finds, as a sub-query of the case list.
CLIENTS_WHERE = "AND f.client_id IN (SELECT id FROM client WHERE {where})"


@dataclass(frozen=True)
class County:
    head: Database  # the station head signed in
    worker: Database  # the same file, the social worker lixia signed in
    data: BenchData
    sql: sqlite3.Connection


def _described(data: BenchData) -> str:
    return (f"{len(data.clients):,} clients, {len(data.cases):,} cases, {data.stage_changes:,} stage changes, "
            f"{data.service_rows:,} service records ({data.corrections:,} corrections) and {data.followups:,} "
            "follow-ups")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    with bench_station(tmp_path_factory.mktemp("county"), lambda path, vault: generate(path, vault, SCALE),
                       _described) as station:
        worker = open_database(station.data.path)
        signin.sign_in(worker, "lixia", DEMO_PASSWORD)
        yield County(station.db, worker, station.data, station.sql)
        worker.close()


def _case_page(db: Database, query: CaseQuery) -> tuple[IdPage[str], list[CaseRow]]:
    """What the case table does on a reload before anything waits for it: the first window, then its rows."""
    page = read(db, case_list.list_page, query, 0, PAGE, False)
    return page, read(db, case_list.rows, page.ids)


def _client_page(db: Database, query: ClientQuery) -> tuple[IdPage[str], list[ClientView]]:
    """What the client register does on a reload, as the case list does: the first window, then its rows."""
    page = read(db, clients.list_page, query, 0, PAGE, False)
    return page, read(db, clients.get_many, page.ids)


def _sql_page(sql: sqlite3.Connection, listing: str, counting: str | None, rows: tuple[str, ...], where: str = "",
              *args: Any) -> tuple[list[str], int | None, list[list[tuple]]]:
    """The first window of ids, the count when ``counting`` is given, and the window's rows."""
    first = [row[0] for row in sql.execute(listing.format(where=where, limit=PAGE), args)]
    total = sql.execute(counting.format(where=where), args).fetchone()[0] if counting else None
    marks = ", ".join("?" * len(first))
    return first, total, [sql.execute(query.format(marks=marks), first).fetchall() for query in rows]


def _cases(data: BenchData, keep: Callable[[CaseEntry, ClientEntry], bool], by_client: bool = False,
           sort_key: Callable[[CaseEntry], Any] | None = None, descending: bool = False) -> list[str]:
    """The ids the case list must show: live, kept by the filter, newest opened first (in the clients'
    name order first, ``by_client``; in the order of ``sort_key`` first, that way round when ``descending``)."""
    kept = sorted((c for c in data.cases if not c.deleted and keep(c, data.clients[c.client])),
                  key=lambda c: (c.opened_on, c.id), reverse=True)
    if by_client:  # a stable sort keeps each client's cases newest first
        kept.sort(key=lambda c: (data.clients[c.client].name_sort, data.clients[c.client].id))
    if sort_key is not None:  # stable either way round
        kept.sort(key=sort_key, reverse=descending)
    return [c.id for c in kept]


def _clients(data: BenchData, keep: Callable[[ClientEntry], bool]) -> list[str]:
    """The ids the client list must show: live, kept by the filter, in pinyin order."""
    return [c.id for c in sorted((c for c in data.clients if not c.deleted and keep(c)),
                                 key=lambda c: (c.name_sort, c.id))]


def _checks(db: Database, list_page: Callable[..., IdPage[str]], query: Any, expected: list[str],
            planted: str = "", counted: bool = True) -> Callable[[Any], None]:
    def check(result: tuple[IdPage[str], list[CaseRow] | list[ClientView]]) -> None:
        page, rows = result
        assert page.ids == expected[:PAGE] and page.total == (len(expected) if counted else None)
        assert [row.id for row in rows] == expected[:PAGE]
        if planted:  # found where the table would show it when scrolled to (untimed)
            assert read(db, list_page, query, expected.index(planted), 1, False).ids == [planted]

    return check


def _figures(county: County) -> list[Figure]:
    data, sql, head, worker = county.data, county.sql, county.head, county.worker
    planted = next(c for c in data.clients if c.id == data.polyphonic_client)
    tail, community, lixia = planted.id_tail, planted.community_id, data.workers["lixia"]
    open_stages = sorted(OPEN_STAGES)
    # four digits are also a case's serial, of any year since the first case opened (个案-2024-5123)
    serials = [f"{NUMBER_PREFIX}-{year}-{tail}" for year in range(int(min(c.opened_on for c in data.cases)[:4]),
                                                                   date.today().year + 1)]

    def cases(name: str, db: Database, query: CaseQuery, where: str, args: tuple[Any, ...],
              keep: Callable[[CaseEntry, ClientEntry], bool], goal: int, found: str = "",
              listing: str = "") -> Figure:
        by_client = query.order_by == "client"
        listing = listing or (CASE_BY_CLIENT if by_client else CASE_LIST)
        return Figure(name, lambda: _case_page(db, query),
                      lambda: _sql_page(sql, listing, None, CASE_ROWS, where, *args),
                      _checks(db, case_list.list_page, query, _cases(data, keep, by_client), found, counted=False),
                      goal)

    def sort(order_by: str, descending: bool, db: Database = head) -> Figure:
        """The whole list (the head's, or lixia's: her cases) in the order of a column other than the opening
        day, ties newest first."""
        column, key = SORTS[order_by]
        query = CaseQuery(order_by=order_by, descending=descending)
        listing = CASE_SORTED.format(column=column, direction="DESC" if descending else "ASC", limit=PAGE)
        keep, where, args = ((hers, "AND f.worker_user_id = ?", (lixia,)) if db is worker
                             else (lambda c, p: True, "", ()))
        name = f"cases, sorted by {order_by}{' desc' if descending else ''}{': lixia' if db is worker else ''}"
        return Figure(name, lambda: _case_page(db, query), lambda: _sql_page(sql, listing, None, CASE_ROWS, where, *args),
                      _checks(db, case_list.list_page, query, _cases(data, keep, sort_key=key, descending=descending),
                              counted=False),
                      FIRST_PAGE_MS)

    def count(name: str, db: Database, query: CaseQuery, where: str, args: tuple[Any, ...],
              keep: Callable[[CaseEntry, ClientEntry], bool]) -> Figure:
        """What the database worker does after the first window is shown: count the list."""
        expected = len(_cases(data, keep))

        def check(total: int) -> None:
            assert total == expected

        return Figure(name, lambda: read(db, case_list.count, query),
                      lambda: sql.execute(CASE_COUNT.format(where=where), args).fetchone()[0], check, COUNT_MS)

    def people(name: str, query: ClientQuery, where: str, args: tuple[Any, ...], keep: Callable[[ClientEntry], bool],
               found: str = "") -> Figure:
        return Figure(name, lambda: _client_page(head, query),
                      lambda: _sql_page(sql, CLIENT_LIST, None, CLIENT_ROWS, where, *args),
                      _checks(head, clients.list_page, query, _clients(data, keep), found, counted=False),
                      FIRST_PAGE_MS if not query.text else SEARCH_MS)

    def people_count(name: str, query: ClientQuery, where: str, args: tuple[Any, ...],
                     keep: Callable[[ClientEntry], bool]) -> Figure:
        """The client register's count, on the database worker after its first window is shown."""
        expected = len(_clients(data, keep))

        def check(total: int) -> None:
            assert total == expected

        return Figure(name, lambda: read(head, clients.count, query),
                      lambda: sql.execute(CLIENT_COUNT.format(where=where), args).fetchone()[0], check, COUNT_MS)

    surname, initials = f"%{SURNAME}%", f"%{INITIALS}%"
    by_initials = "name LIKE ? OR name_search LIKE ?"
    open_here = (f"AND f.stage IN ({', '.join('?' * len(open_stages))}) AND f.community_id = ?",
                 (*open_stages, community))

    def is_open_here(case: CaseEntry, _client: ClientEntry) -> bool:
        return case.stage in OPEN_STAGES and case.community_id == community

    def hers(case: CaseEntry, _client: ClientEntry) -> bool:
        return case.worker_user_id == lixia

    by_client = CaseQuery(order_by="client", descending=False)
    return [
        cases("cases, first page: head", head, CaseQuery(), "", (), lambda c, p: True, FIRST_PAGE_MS),
        cases("cases, first page: lixia", worker, CaseQuery(), "AND f.worker_user_id = ?", (lixia,), hers,
              FIRST_PAGE_MS),
        cases("cases, filter: open + community", head, CaseQuery(stage="open", community_id=community), *open_here,
              is_open_here, FIRST_PAGE_MS),
        cases("cases by client: head", head, by_client, "", (), lambda c, p: True, SORT_MS),
        cases("cases by client: lixia", worker, by_client, "AND +f.worker_user_id = ?", (lixia,), hers, SORT_MS),
        cases("cases by client: open + community", head, replace(by_client, stage="open", community_id=community),
              *open_here, is_open_here, SORT_MS, listing=CASE_BY_CLIENT_SORTED),
        cases("cases by client: community", head, replace(by_client, community_id=community),
              "AND +f.community_id = ?", (community,), lambda c, p: c.community_id == community, SORT_MS),
        cases(f"cases by client: search {SURNAME}", head, replace(by_client, text=SURNAME), "AND c.name LIKE ?",
              (surname,), lambda c, p: SURNAME in p.name, SORT_MS),
        cases(f"cases, search: surname {SURNAME}", head, CaseQuery(text=SURNAME),
              CLIENTS_WHERE.format(where="name LIKE ?"), (surname,), lambda c, p: SURNAME in p.name, SEARCH_MS),
        cases(f"cases, search: pinyin {INITIALS}", head, CaseQuery(text=INITIALS), CLIENTS_WHERE.format(
            where=by_initials), (initials, initials), lambda c, p: INITIALS in p.name_search, SEARCH_MS,
              data.polyphonic_case),
        cases(f"cases, search: ID ending {tail}", head, CaseQuery(text=tail),
              "AND (f.client_id IN (SELECT id FROM client WHERE id_tail = ?) "
              f"OR f.number IN ({', '.join('?' * len(serials))}))",
              (tail, *serials), lambda c, p: p.id_tail == tail or c.number in serials
              or c.number.startswith(f"{NUMBER_PREFIX}-{tail}-"), SEARCH_MS),  # 2025: the cases opened then
        *(sort(order_by, descending) for order_by in SORTS for descending in (False, True)),
        sort("stage", False, worker),
        count("count: head", head, CaseQuery(), "", (), lambda c, p: True),
        count("count: lixia", worker, CaseQuery(), "AND f.worker_user_id = ?", (lixia,), hers),
        count("count: open + community", head, CaseQuery(stage="open", community_id=community), *open_here,
              is_open_here),
        count(f"count: search pinyin {INITIALS}", head, CaseQuery(text=INITIALS),
              CLIENTS_WHERE.format(where=by_initials), (initials, initials), lambda c, p: INITIALS in p.name_search),
        people("clients, first page", ClientQuery(), "", (), lambda p: True),
        people(f"clients, search: surname {SURNAME}", ClientQuery(text=SURNAME), "AND name LIKE ?", (surname,),
               lambda p: SURNAME in p.name),
        people(f"clients, search: pinyin {INITIALS}", ClientQuery(text=INITIALS), f"AND ({by_initials})",
               (initials, initials), lambda p: INITIALS in p.name_search, data.polyphonic_client),
        people(f"clients, search: ID ending {tail}", ClientQuery(text=tail), "AND id_tail = ?", (tail,),
               lambda p: p.id_tail == tail),
        people_count("count: clients", ClientQuery(), "", (), lambda p: True),
        people_count(f"count: clients, pinyin {INITIALS}", ClientQuery(text=INITIALS), f"AND ({by_initials})",
                     (initials, initials), lambda p: INITIALS in p.name_search),
    ]


def _memory(data: BenchData, env: dict[str, str], args: list[str]) -> dict[str, float]:
    """What one run of the probe printed: rss and peak in MiB, and for the app rows and total."""
    proc = subprocess.run([sys.executable, str(PROBE), *args], env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)
    assert proc.returncode == 0, f"{args[0]} probe failed ({proc.returncode}):\n{proc.stderr}"
    figures = {key: float(value) for key, value in (line.split() for line in proc.stdout.splitlines())}
    if args[0] == "app":
        assert figures["rows"] >= SCROLLED and figures["total"] == len([c for c in data.cases if not c.deleted])
    return figures


def _print_memory(county: County, folder: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("WUSHE_")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"), WUSHE_USER="admin",
               WUSHE_PASSWORD=DEMO_PASSWORD)
    kinds = {BARE: ["baseline"], PAGE_OPEN: ["app", str(county.data.path), str(SCROLLED)]}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in kinds}
    for _run in range(MEMORY_RUNS):
        for name, args in kinds.items():
            runs[name].append(_memory(county.data, env, args))
    print(f"\nmemory of a fresh process, offscreen, median of {MEMORY_RUNS}; the page's case list scrolled through "
          f"{SCROLLED:,} rows")
    print(f"{'':28}{'RSS MiB':>9}{'peak MiB':>10}")
    for name, figures in runs.items():
        print(f"{name:28}{statistics.median(f['rss'] for f in figures):9.0f}"
              f"{statistics.median(f['peak'] for f in figures):10.0f}")
    peak = statistics.median(f["peak"] for f in runs[PAGE_OPEN])
    print(f"page open: peak {peak:.0f} MiB; goal <= {MEMORY_MB} MB: {'met' if peak <= MEMORY_MB else 'NOT met'}")


@pytest.mark.bench
def test_case_files_ratio_to_sql(county: County, tmp_path: Path) -> None:
    set_locale("zh_CN")  # as a station runs it (the fixture resets it)
    figures = _figures(county)
    data = county.data
    print_ratios(f"case files, {len(data.clients):,} clients, {len(data.cases):,} cases, {data.service_rows:,} "
                 f"service records; median of {RUNS} runs", figures, measure(figures, RUNS))
    _print_memory(county, tmp_path)
