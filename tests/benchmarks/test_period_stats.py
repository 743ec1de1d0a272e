"""The activity statistics of a period (工作统计) at a busy station's scale, as a ratio to the raw SQL that
computes the same figures.

Run with ``make bench`` (one file: ``.venv/bin/pytest tests/benchmarks/test_period_stats.py -m bench -s
-p no:xdist``). The demo station gets 200,000 case service records, 200,000 volunteer service rows,
200,000 fund entries and 200,000 needs (``stats_bench_data``; generation is timed apart;
WUSHE_BENCH_SCALE=0.1 makes a tenth of them). Each figure is the median of RUNS runs after
one warm-up, the service and its SQL alternating so that a busy moment of the machine hits both. The
service side is ``period_stats`` in one read unit of work, as the 工作统计 tab's gateway runs it, signed in
as the station head. The SQL side is one sqlite3 connection on the same file running what a hand-written
program would: per table one GROUP BY of the community and the month (``substr`` of the ISO day), and
the people counted distinct per community, per month and in the period. Nothing is asserted about time,
only that the service's figures are the SQL's, in total, by community and by month.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from bench_ratios import Station, bench_station, timed
from desktop.i18n import set_locale
from desktop.services.activity_stats import KEY_NAMES, PeriodStats, period_stats
from desktop.storage.database import Database
from stats_bench_data import StatsData, generate

SCALE = float(os.environ.get("WUSHE_BENCH_SCALE", "1"))
RUNS = 5
GOAL_MS = 2000  # a year's statistics
TODAY = date.today()
PERIODS = {"half a year": TODAY - timedelta(days=182), "a year": TODAY - timedelta(days=365)}

MONTH = "substr({day}, 1, 7)"
DECLINED = ("SELECT case_id FROM case_stage_change WHERE action = 'decline' "
            "AND case_id NOT IN (SELECT case_id FROM case_stage_change WHERE action = 'reopen')")
RECORDS = ("FROM case_service_record r JOIN case_file f ON f.id = r.case_id WHERE r.deleted_at IS NULL "
           "AND f.deleted_at IS NULL AND r.served_on BETWEEN :start AND :end AND r.id NOT IN "
           "(SELECT corrects_id FROM case_service_record WHERE corrects_id IS NOT NULL AND deleted_at IS NULL)")
# ``+`` keeps SQLite off the index on reverses_id, which holds nearly every row.
SERVICE = ("FROM volunteer_service s JOIN volunteer v ON v.id = s.volunteer_id WHERE s.deleted_at IS NULL "
           "AND v.deleted_at IS NULL AND +s.reverses_id IS NULL AND s.served_on BETWEEN :start AND :end "
           "AND s.id NOT IN (SELECT reverses_id FROM volunteer_service WHERE reverses_id IS NOT NULL)")
RAISED, GRANTED = "('donation_money', 'donation_goods')", "('grant')"
# (figure keys, SQL giving the community, the month and those figures)
SUMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("needs_collected",), f"SELECT community_id, {MONTH.format(day='found_on')}, count(*) FROM need "
                           "WHERE deleted_at IS NULL AND found_on BETWEEN :start AND :end GROUP BY 1, 2"),
    (("needs_solved",), f"SELECT community_id, {MONTH.format(day='closed_on')}, count(*) FROM need WHERE "
                        "deleted_at IS NULL AND status = 'solved' AND closed_on BETWEEN :start AND :end GROUP BY 1, 2"),
    (("cases_opened",), f"SELECT community_id, {MONTH.format(day='opened_on')}, count(*) FROM case_file WHERE "
                        f"deleted_at IS NULL AND opened_on BETWEEN :start AND :end AND id NOT IN ({DECLINED}) "
                        "GROUP BY 1, 2"),
    (("cases_closed",), f"SELECT community_id, {MONTH.format(day='closed_on')}, count(*) FROM case_file WHERE "
                        "deleted_at IS NULL AND stage = 'closed' AND closed_on BETWEEN :start AND :end "
                        f"AND id NOT IN ({DECLINED}) GROUP BY 1, 2"),
    (("service_records", "person_times_served"),
     f"SELECT f.community_id, {MONTH.format(day='r.served_on')}, count(*), count(*) {RECORDS} GROUP BY 1, 2"),
    (("activities", "person_times_served", "person_times_trained"),
     f"SELECT p.community_id, {MONTH.format(day='a.held_on')}, count(*), sum(a.person_times), "
     "sum(CASE WHEN a.kind = 'training' THEN a.person_times ELSE 0 END) FROM project_activity a JOIN project p "
     "ON p.id = a.project_id WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL AND a.held_on BETWEEN :start "
     "AND :end GROUP BY 1, 2"),
    (("person_times_trained",),
     f"SELECT v.community_id, {MONTH.format(day='t.held_on')}, count(*) FROM volunteer_training t JOIN volunteer "
     "v ON v.id = t.volunteer_id WHERE t.deleted_at IS NULL AND v.deleted_at IS NULL AND t.held_on BETWEEN "
     ":start AND :end GROUP BY 1, 2"),
    (("volunteer_hours",), f"SELECT v.community_id, {MONTH.format(day='s.served_on')}, sum(s.minutes) {SERVICE} "
                           "GROUP BY 1, 2"),
    (("money_raised_fen", "money_granted_fen"),
     f"SELECT f.community_id, {MONTH.format(day='e.posted_on')}, "
     f"sum(CASE WHEN e.kind IN {RAISED} THEN e.amount_fen WHEN o.kind IN {RAISED} THEN -e.amount_fen ELSE 0 END), "
     f"sum(CASE WHEN e.kind IN {GRANTED} THEN e.amount_fen WHEN o.kind IN {GRANTED} THEN -e.amount_fen ELSE 0 END) "
     "FROM ledger_entry e JOIN fund f ON f.id = e.fund_id LEFT JOIN ledger_entry o ON o.id = e.reverses_id "
     "WHERE e.deleted_at IS NULL AND f.deleted_at IS NULL AND e.posted_on BETWEEN :start AND :end GROUP BY 1, 2"),
)
# The people: (key, SQL giving the person, the community and the day).
PEOPLE = (
    ("people_visited",
     f"SELECT f.client_id AS person, f.community_id AS community, r.served_on AS day {RECORDS} "
     "AND r.kind = 'home_visit'"),
    ("volunteers_serving", f"SELECT v.id AS person, v.community_id AS community, s.served_on AS day {SERVICE}"),
)
PEOPLE_BY_COMMUNITY = "SELECT community, count(DISTINCT person) FROM ({rows}) GROUP BY 1"
PEOPLE_BY_MONTH = "SELECT substr(day, 1, 7), count(DISTINCT person) FROM ({rows}) GROUP BY 1"
PEOPLE_IN_ALL = "SELECT count(DISTINCT person) FROM ({rows})"
RUNNING = ("SELECT community_id, count(*) FROM (SELECT p.community_id, "
           "min(CASE WHEN c.to_status = 'running' THEN c.changed_on END) AS started, "
           "max(CASE WHEN c.to_status IN ('closed', 'terminated') THEN c.changed_on END) AS stopped "
           "FROM project p JOIN project_status_change c ON c.project_id = p.id WHERE p.deleted_at IS NULL "
           "AND c.deleted_at IS NULL GROUP BY p.id HAVING started <= :end AND (stopped IS NULL OR stopped >= :start)) "
           "GROUP BY 1")


@dataclass
class Figures:
    """Each figure in total, by community id and by month ("2026-03")."""

    total: dict[str, int]
    by_community: dict[str, dict[str, int]]
    by_month: dict[str, dict[str, int]]


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station[StatsData]]:
    with bench_station(tmp_path_factory.mktemp("stats"), lambda path, vault: generate(path, vault, SCALE, TODAY),
                       lambda data: f"{data.service_records:,} case service records, {data.volunteer_service:,} "
                                    f"volunteer service rows, {data.ledger_entries:,} fund entries and "
                                    f"{data.needs:,} needs") as station:
        yield station


def _service(db: Database, start: date, end: date) -> PeriodStats:
    with db.read() as session:
        return period_stats(session, start, end)


def _raw(sql: sqlite3.Connection, start: date, end: date) -> Figures:
    found = Figures(defaultdict(int), defaultdict(lambda: defaultdict(int)), defaultdict(lambda: defaultdict(int)))
    period = {"start": start.isoformat(), "end": end.isoformat()}
    for keys, statement in SUMS:
        for community, month, *values in sql.execute(statement, period):
            for key, value in zip(keys, values, strict=True):
                found.total[key] += value or 0
                found.by_community[community][key] += value or 0
                found.by_month[month][key] += value or 0
    for key, rows in PEOPLE:
        for community, people in sql.execute(PEOPLE_BY_COMMUNITY.format(rows=rows), period):
            found.by_community[community][key] = people
        for month, people in sql.execute(PEOPLE_BY_MONTH.format(rows=rows), period):
            found.by_month[month][key] = people
        found.total[key] = sql.execute(PEOPLE_IN_ALL.format(rows=rows), period).fetchone()[0]
    for community, projects in sql.execute(RUNNING, period):
        found.total["projects_running"] += projects
        found.by_community[community]["projects_running"] = projects
    return found


def _figures(stats: PeriodStats) -> Figures:
    return Figures({f.key: f.value for f in stats.figures}, {c.community_id: c.values for c in stats.by_community},
                   {m.month: m.values for m in stats.by_month})


def _check(stats: PeriodStats, raw: Figures) -> None:
    """The service's figures are the raw SQL's: in total, in each community and in each month (projects
    running apart: the SQL does not lay them over the months)."""
    found = _figures(stats)
    assert found.total == {key: raw.total.get(key, 0) for key in KEY_NAMES}
    for community, values in found.by_community.items():
        assert values == {key: raw.by_community.get(community, {}).get(key, 0) for key in KEY_NAMES}, community
    assert not set(raw.by_community) - set(found.by_community)
    for month, values in found.by_month.items():
        assert {k: v for k, v in values.items() if k != "projects_running"} == {
            key: raw.by_month.get(month, {}).get(key, 0) for key in KEY_NAMES if key != "projects_running"}, month
    assert found.total["service_records"] > 0 and found.total["volunteers_serving"] > 0


@pytest.mark.bench
def test_period_stats_ratio_to_sql(station: Station) -> None:
    set_locale("zh_CN")  # as a station runs it (the fixture resets it)
    end = TODAY - timedelta(days=1)
    service: dict[str, list[float]] = {name: [] for name in PERIODS}
    sql: dict[str, list[float]] = {name: [] for name in PERIODS}
    for run in range(RUNS + 1):
        for name, start in PERIODS.items():
            service_ms, stats = timed(_service, station.db, start, end)
            sql_ms, raw = timed(_raw, station.sql, start, end)
            _check(stats, raw)
            if run:  # run 0 is the warm-up
                service[name].append(service_ms)
                sql[name].append(sql_ms)

    data = station.data
    print(f"\nperiod statistics, {data.service_records:,} case service records, {data.volunteer_service:,} volunteer "
          f"service rows, {data.ledger_entries:,} fund entries, {data.needs:,} needs; median of {RUNS} runs")
    print(f"{'':14}{'service ms':>11}{'min':>8}{'max':>8}{'SQL ms':>9}{'ratio':>8}")
    for name in PERIODS:
        median, baseline = statistics.median(service[name]), statistics.median(sql[name])
        print(f"{name:14}{median:11.0f}{min(service[name]):8.0f}{max(service[name]):8.0f}{baseline:9.0f}"
              f"{median / baseline:7.1f}x")
    year = statistics.median(service["a year"])
    print(f"a year: {year:.0f} ms; goal <= {GOAL_MS} ms: {'met' if year <= GOAL_MS else 'NOT met'}")
