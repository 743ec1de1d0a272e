"""The 供需对接 lists at county scale, each figure as a ratio to the raw SQL that gives the same rows.

Run with ``make bench``. The demo station gets 200,000 needs over three years, 5,000 resources and the
160,000 matches that took the needs through their statuses (``needs_bench_data``; generation is timed apart
and counts for no figure; WUSHE_BENCH_SCALE=0.1 makes a tenth of the needs). Each figure is the median of
RUNS runs after one warm-up, the service and its SQL alternating. The service side goes the way the app
goes: one read unit of work per call as the UI's gateway makes them, signed in; a list's first page is
what its table model does on a reload: the first window of ids, then that window's rows (the count follows
on the database worker, a figure of its own). The SQL side is one sqlite3 connection on the same file
running the queries a hand-written program would. Nothing is asserted about time, only that every result
is right (the ids the generated data says, in order, and how many).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bench_ratios import Figure, Station, bench_station, measure, print_ratios, read
from desktop.domain.codes import NEED_URGENCIES
from desktop.services import matching, needs, resources
from desktop.services.needs import NeedQuery
from desktop.services.resources import ResourceQuery
from desktop.ui.table_model import BATCH
from needs_bench_data import MATCHED_CATEGORY, SEARCHED, Listed, NeedsData, generate

SCALE = float(os.environ.get("WUSHE_BENCH_SCALE", "1"))
RUNS = 7
PAGE = BATCH

URGENCY = "CASE urgency WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END"
LIST = ("SELECT id FROM need WHERE deleted_at IS NULL AND status IN ('open', 'matched') {where} "
        f"ORDER BY {URGENCY}, found_on, title, id LIMIT {PAGE}")
COUNT = "SELECT count(*) FROM need WHERE deleted_at IS NULL AND status IN ('open', 'matched')"
# Each row's matches under way by the index on the need (or the resource), not the status's, which SQLite
# would choose for want of statistics and which holds every match under way of the station.
ROWS = ("SELECT n.*, c.name, l.name, (SELECT count(*) FROM need_match m INDEXED BY ix_need_match_need_id "
        "WHERE m.need_id = n.id "
        "AND m.status = 'active' AND m.deleted_at IS NULL) FROM need n JOIN community c ON c.id = n.community_id "
        "LEFT JOIN client l ON l.id = n.client_id WHERE n.id IN ({marks})")
RESOURCES = "SELECT id FROM resource WHERE deleted_at IS NULL ORDER BY name_sort, id LIMIT {PAGE}"
RESOURCE_ROWS = ("SELECT r.*, c.name, (SELECT count(*) FROM need_match m INDEXED BY ix_need_match_resource_id "
                 "WHERE m.resource_id = r.id "
                 "AND m.status = 'active' AND m.deleted_at IS NULL) FROM resource r "
                 "LEFT JOIN community c ON c.id = r.community_id WHERE r.id IN ({marks})")
CANDIDATES = ("SELECT r.*, c.name FROM resource r LEFT JOIN community c ON c.id = r.community_id "
              "WHERE r.deleted_at IS NULL AND r.status = 'available' AND r.categories LIKE ? AND r.id NOT IN "
              "(SELECT resource_id FROM need_match WHERE need_id = ? AND status = 'active' "
              "AND resource_id IS NOT NULL)")
IN_USE = ("SELECT resource_id, count(*) FROM need_match WHERE status = 'active' AND deleted_at IS NULL "
          "AND resource_id IS NOT NULL GROUP BY resource_id")
HISTORY = ("SELECT resource_id, status, count(*) FROM need_match WHERE resource_id IS NOT NULL AND deleted_at IS NULL "
           "AND status IN ('done', 'failed') GROUP BY resource_id, status")


County = Station[NeedsData]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    with bench_station(tmp_path_factory.mktemp("needs"), lambda path, _vault: generate(path, SCALE),
                       lambda data: f"{len(data.needs):,} needs, {data.resources:,} resources and "
                                    f"{data.matches:,} matches") as station:
        yield station


def _page(county: County, service: Any, query: Any) -> tuple[list[str], list[Any]]:
    """What a list's table does on a reload: the first window (counted later, on the worker), then its rows."""
    page = read(county.db, service.list_page, query, 0, PAGE, False)
    return page.ids, read(county.db, service.get_many, page.ids)


def _sql_page(sql: sqlite3.Connection, listing: str, rows: str, *args: Any) -> list[tuple]:
    first = [row[0] for row in sql.execute(listing, args)]
    return sql.execute(rows.format(marks=", ".join("?" * len(first))), first).fetchall()


def _unclosed(data: NeedsData, keep: Callable[[Listed], bool]) -> list[str]:
    """The ids the needs list must show by default: not closed, kept by the filter, most urgent first."""
    rank = {code: n for n, code in enumerate(reversed(NEED_URGENCIES))}
    kept = (n for n in data.needs if n.status in ("open", "matched") and keep(n))
    return [n.id for n in sorted(kept, key=lambda n: (rank[n.urgency], n.found_on, n.title, n.id))]


def _checks_page(expected: list[str]) -> Callable[[Any], None]:
    def check(result: tuple[list[str], list[Any]]) -> None:
        ids, rows = result
        assert ids == expected[:PAGE] and [row.id for row in rows] == ids

    return check


def _figures(county: County) -> list[Figure]:
    data, sql = county.data, county.sql
    community = data.communities[0]
    waiting, here, searched = (NeedQuery(status="unclosed"), NeedQuery(community_id=community, status="unclosed"),
                               NeedQuery(text=SEARCHED, status="unclosed"))
    like = f"%{SEARCHED}%"
    search_sql = "AND (title LIKE ? OR details LIKE ? OR group_label LIKE ?)"
    every = _unclosed(data, lambda n: True)

    def check_count(total: int) -> None:
        assert total == len(every)

    def check_candidates(found: list[matching.Candidate]) -> None:
        serving = {row[0] for row in sql.execute(CANDIDATES, (f"%,{MATCHED_CATEGORY},%", data.matched_need))}
        resources_found = [c for c in found if c.kind == "resource"]
        assert len(found) == 20 and {c.id for c in resources_found} <= serving
        assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)

    def check_resources(result: tuple[list[str], list[Any]]) -> None:
        ids, rows = result
        assert ids == [row[0] for row in sql.execute(RESOURCES.format(PAGE=PAGE))] and len(rows) == PAGE

    return [
        Figure("needs, first page (not closed, most urgent first)", lambda: _page(county, needs, waiting),
               lambda: _sql_page(sql, LIST.format(where=""), ROWS), _checks_page(every)),
        Figure("filter: one community", lambda: _page(county, needs, here),
               lambda: _sql_page(sql, LIST.format(where="AND community_id = ?"), ROWS, community),
               _checks_page(_unclosed(data, lambda n: n.community_id == community))),
        Figure(f"search: {SEARCHED}", lambda: _page(county, needs, searched),
               lambda: _sql_page(sql, LIST.format(where=search_sql), ROWS, like, like, like),
               _checks_page(_unclosed(data, lambda n: SEARCHED in n.title))),
        Figure("count (database worker)", lambda: read(county.db, needs.count, waiting),
               lambda: sql.execute(COUNT).fetchone(), check_count, goal_ms=None),
        Figure("resources, first page", lambda: _page(county, resources, ResourceQuery()),
               lambda: _sql_page(sql, RESOURCES.format(PAGE=PAGE), RESOURCE_ROWS), check_resources),
        Figure(f"match candidates of one need ({data.resources:,} resources)",
               lambda: read(county.db, matching.candidates, data.matched_need),
               lambda: (sql.execute(CANDIDATES, (f"%,{MATCHED_CATEGORY},%", data.matched_need)).fetchall(),
                        sql.execute(IN_USE).fetchall(), sql.execute(HISTORY).fetchall()), check_candidates),
    ]


@pytest.mark.bench
def test_needs_lists_ratio_to_sql(county: County) -> None:
    figures = _figures(county)
    print_ratios(f"needs lists, {len(county.data.needs):,} needs, {county.data.resources:,} resources, "
                 f"{county.data.matches:,} matches; median of {RUNS} runs", figures, measure(figures, RUNS))
