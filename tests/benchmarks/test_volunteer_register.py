"""The volunteer register at county scale, each figure as a ratio to the raw SQL that gives the same rows.

Run with ``make bench``. The demo station gets 200,000 volunteers, 2,000,000 service records over
three years and their 2,000,000 time-bank lines (``volunteer_bench_data``; generation is timed apart
and counts for no figure). Each figure is the median of RUNS runs after one warm-up, the service and
its SQL alternating so that a busy moment of the machine hits both. The service side goes the way the
app goes: one read unit of work per call as the UI's gateway makes them, signed in (ID numbers and
phones opened and masked), rows as frozen views; a list goes the way its table model goes: the first
window of ids with the count of the whole list, then that window's rows. The SQL side is one sqlite3
connection on the same file running the queries a hand-written program would: for a list, the first
window of ids in pinyin order (LIMIT), the count, and the window's rows with their community; nothing
is decrypted. Nothing is asserted about time, only that every result is right (the ids the generated
data says, in order, and how many; the planted volunteers found where they belong).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench_ratios import Figure, bench_station, measure, print_ratios, read
from desktop.domain.id_documents import blind_key
from desktop.i18n import set_locale
from desktop.reports.volunteer_certificate import write_certificate
from desktop.services import certificates, timebank, volunteer_hours, volunteers
from desktop.services.listing import IdPage
from desktop.services.volunteers import BLIND, VolunteerQuery
from desktop.storage.database import Database
from desktop.ui.table_model import BATCH
from volunteer_bench_data import CERTIFICATE_REVERSED, CERTIFICATE_ROWS, YEARS, BenchData, Person, generate

RUNS = 7
PAGE = BATCH  # the table model's first window: ids and their rows
SURNAME = "欧阳"
INITIALS = "zjh"

LIST = "SELECT id FROM volunteer WHERE deleted_at IS NULL {where} ORDER BY name_sort, id LIMIT {limit}"
COUNT = "SELECT count(*) FROM volunteer WHERE deleted_at IS NULL {where}"
ROWS = ("SELECT v.*, c.name FROM volunteer v JOIN community c ON c.id = v.community_id "
        "WHERE v.id IN ({marks})")
# A page shows each volunteer's hours and points too.
TOTALS = tuple(f"SELECT volunteer_id, sum({column}) FROM {table} WHERE volunteer_id IN ({{marks}}) GROUP BY volunteer_id"
               for table, column in (("volunteer_service", "minutes"), ("timebank_entry", "amount")))
SUMMARY = ("SELECT category, count(*), sum(minutes), sum(late) FROM volunteer_service s "
           "WHERE volunteer_id = ? AND reverses_id IS NULL AND served_on BETWEEN ? AND ? "
           "AND NOT EXISTS (SELECT 1 FROM volunteer_service r WHERE r.reverses_id = s.id) GROUP BY category")
PASSBOOK = ("SELECT e.*, s.activity, s.served_on, s.minutes, w.name, o.name FROM timebank_entry e "
            "LEFT JOIN volunteer_service s ON s.id = e.service_id LEFT JOIN timebank_reward w ON w.id = e.reward_id "
            "LEFT JOIN volunteer o ON o.id = e.counterpart_id WHERE e.volunteer_id = ? ORDER BY e.hlc, e.id")
COUNTED = ("SELECT * FROM volunteer_service WHERE volunteer_id = ? AND served_on BETWEEN ? AND ? "
           "AND reverses_id IS NULL AND deleted_at IS NULL AND id NOT IN (SELECT reverses_id FROM volunteer_service "
           "WHERE volunteer_id = ? AND reverses_id IS NOT NULL) ORDER BY served_on, hlc")


@dataclass(frozen=True)
class County:
    db: Database
    data: BenchData
    sql: sqlite3.Connection
    out: Path  # where certificates are printed


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    folder = tmp_path_factory.mktemp("county")
    with bench_station(folder, generate, lambda data: f"{len(data.people):,} volunteers, {data.service_rows:,} "
                       f"service records and {data.entries:,} time-bank lines") as station:
        yield County(station.db, station.data, station.sql, folder)


def _page(county: County, query: VolunteerQuery) -> tuple[IdPage[str], list[volunteers.VolunteerView]]:
    """What the register's table does on a reload: the first window with the count, then its rows."""
    page = read(county.db, volunteers.list_page, query, 0, PAGE, True)
    return page, read(county.db, volunteers.get_many, page.ids)


def _sql_page(sql: sqlite3.Connection, where: str = "", *args: Any) -> tuple[list[str], int, list[list[tuple]]]:
    first = [row[0] for row in sql.execute(LIST.format(where=where, limit=PAGE), args)]
    total = sql.execute(COUNT.format(where=where), args).fetchone()[0]
    marks = ", ".join("?" * len(first))
    return first, total, [sql.execute(query.format(marks=marks), first).fetchall() for query in (ROWS, *TOTALS)]


def _listed(people: list[Person], keep: Callable[[Person], bool]) -> list[str]:
    """The ids the register must list: live, kept by the filter, in pinyin order."""
    return [p.id for p in sorted((p for p in people if not p.deleted and keep(p)), key=lambda p: (p.name_sort, p.id))]


def _checks_page(county: County, query: VolunteerQuery, expected: list[str],
                 planted: str = "") -> Callable[[Any], None]:
    def check(result: tuple[IdPage[str], list[volunteers.VolunteerView]]) -> None:
        page, rows = result
        assert page.ids == expected[:PAGE] and page.total == len(expected)
        assert [row.id for row in rows] == expected[:PAGE]
        assert all(row.id_masked for row in rows), "ID numbers are opened and masked"
        if planted:  # found where the table would show it when scrolled to (untimed)
            place = expected.index(planted)
            assert read(county.db, volunteers.list_page, query, place, 1, False).ids == [planted]

    return check


def _list_figures(county: County) -> list[Figure]:
    people, data, sql = county.data.people, county.data, county.sql
    community = people[-1].community_id
    number = data.id_numbers[data.polyphonic_volunteer]
    assert county.db.vault is not None
    blind = county.db.vault.blind(BLIND, blind_key("resident_id", number))
    everyone = VolunteerQuery()
    filtered = VolunteerQuery(community_id=community, status="active")
    surname, initials, id_number = (VolunteerQuery(text=SURNAME), VolunteerQuery(text=INITIALS),
                                    VolunteerQuery(id_number=number))
    return [
        Figure("list, first window + count", lambda: _page(county, everyone), lambda: _sql_page(sql),
               _checks_page(county, everyone, _listed(people, lambda p: True))),
        Figure("filter: community + status", lambda: _page(county, filtered),
               lambda: _sql_page(sql, "AND community_id = ? AND status = ?", community, "active"),
               _checks_page(county, filtered,
                            _listed(people, lambda p: p.community_id == community and p.status == "active"))),
        Figure(f"search: surname {SURNAME}", lambda: _page(county, surname),
               lambda: _sql_page(sql, "AND name LIKE ?", f"%{SURNAME}%"),
               _checks_page(county, surname, _listed(people, lambda p: SURNAME in p.name))),
        Figure(f"search: pinyin initials {INITIALS}", lambda: _page(county, initials),
               lambda: _sql_page(sql, "AND (name LIKE ? OR name_search LIKE ?)", f"%{INITIALS}%", f"%{INITIALS}%"),
               _checks_page(county, initials, _listed(people, lambda p: INITIALS in p.name_search),
                            data.polyphonic_volunteer)),
        Figure("exact ID number (blind index)", lambda: _page(county, id_number),
               lambda: _sql_page(sql, "AND id_blind = ?", blind),
               _checks_page(county, id_number, [data.polyphonic_volunteer])),
    ]


def _record_figures(county: County) -> list[Figure]:
    data, db, sql = county.data, county.db, county.sql
    volunteer = data.certificate_volunteer
    today = date.today()
    since = today - timedelta(days=365 * YEARS)
    period = (since.isoformat(), today.isoformat())

    def record() -> tuple[volunteer_hours.ServiceSummary, list[timebank.PassbookLine]]:
        return (read(db, volunteer_hours.summary, volunteer, since, today),
                read(db, timebank.passbook, volunteer))

    def check_record(result: tuple[volunteer_hours.ServiceSummary, list[timebank.PassbookLine]]) -> None:
        summary, passbook = result
        assert summary.by_category == {c: m for c, m in data.certificate_minutes.items() if m}
        assert len(passbook) == data.passbook_lines and passbook[-1].balance == data.passbook_balance

    def issue() -> certificates.CertificateView:
        with db.write() as session:
            return certificates.issue(session, volunteer, since, today, "周建国")

    def issue_and_print() -> Path:
        cert = issue()
        return write_certificate(cert, county.out / f"{cert.number}.pdf")

    def counted() -> list[tuple]:
        return [*sql.execute("SELECT * FROM volunteer WHERE id = ?", (volunteer,)),
                *sql.execute(COUNTED, (volunteer, *period, volunteer))]

    def check_certificate(cert: certificates.CertificateView) -> None:
        assert cert.minutes == sum(data.certificate_minutes.values())
        assert len(cert.lines) == CERTIFICATE_ROWS - CERTIFICATE_REVERSED, "reversed records are left out"

    def check_pdf(pdf: Path) -> None:
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000

    return [
        Figure("record: hours by category + passbook", record,
               lambda: (sql.execute(SUMMARY, (volunteer, *period)).fetchall(),
                        sql.execute(PASSBOOK, (volunteer,)).fetchall()), check_record, goal_ms=None),
        Figure(f"certificate, {CERTIFICATE_ROWS - CERTIFICATE_REVERSED} records: issue", issue, counted,
               check_certificate, goal_ms=None),
        Figure("certificate: issue + PDF on disk", issue_and_print, counted, check_pdf, goal_ms=None),
    ]


@pytest.mark.bench
def test_volunteer_register_ratio_to_sql(county: County) -> None:
    set_locale("zh_CN")  # as a station runs it: Chinese dates and wrapping in the PDF (the fixture resets it)
    figures = _list_figures(county) + _record_figures(county)
    print_ratios(f"volunteer register, {len(county.data.people):,} volunteers, {county.data.service_rows:,} service "
                 f"records; median of {RUNS} runs", figures, measure(figures, RUNS))
