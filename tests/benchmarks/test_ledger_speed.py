"""Community-fund ledgers at county scale: a fund's balance and a year's statement, each as a ratio to
the raw SQL sum of the fund's lines in the same run (and to the raw SQL that fetches the same rows).

Run with ``make bench``. The demo station gets 200 funds and 1,000,000 entries over three years
(``ledger_bench_data``; generation is timed apart; WUSHE_BENCH_SCALE=0.1 makes a tenth of the entries).
The fund measured is the first one made, about 1/200 of the entries. Each figure is the median of RUNS
runs after one warm-up, the service and its SQL alternating; the service side is one read unit of work
per call, as the UI's gateway makes them, signed in as the station head. The SQL side is one sqlite3
connection on the same file. The raw SQL sum is the balance a hand-written program would take: every
account's debits less credits over the fund's lines. Nothing is asserted about time, only that every
result is right (balances equal to the generator's own sums; the year's entries all there, by number;
the statement's closing assets the generator's).
Posting is measured too: a refund dated a year back, whose cover is checked on every later day.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from desktop.domain.ledger import ACCOUNTS, ASSETS, EntryKind, lines_for
from desktop.domain.permissions import Action
from desktop.i18n import set_locale
from desktop.services import ledger, ledger_papers
from desktop.services.funds import open_fund
from desktop.services.guard import require
from desktop.services.ledger import Balances, Draft, EntryView
from desktop.storage.database import Database
from desktop.storage.opening import open_database
from ledger_bench_data import LedgerData, generate
from wushe_testing import signed_in_demo

SCALE = float(os.environ.get("WUSHE_BENCH_SCALE", "1"))
RUNS = 7
POOR_RATIO = 10
TODAY = date.today()
YEAR_START, YEAR_END = TODAY - timedelta(days=365), TODAY - timedelta(days=1)  # the last full year
HALF_WAY = TODAY - timedelta(days=548)  # a balance on a past day

SQL_SUM = ("SELECT account, sum(CASE WHEN side = 'debit' THEN amount_fen ELSE -amount_fen END) FROM ledger_line "
           "WHERE fund_id = ? {where} GROUP BY account")
SQL_ENTRIES = ("SELECT id, number, kind, posted_on, amount_fen, memo, counterparty, linked_id, reverses_id, reason "
               "FROM ledger_entry WHERE fund_id = ? AND posted_on BETWEEN ? AND ? ORDER BY number")
SQL_LINES = ("SELECT l.entry_id, l.account, l.side, l.amount_fen FROM ledger_entry e JOIN ledger_line l ON "
             "l.entry_id = e.id WHERE e.fund_id = ? AND e.posted_on BETWEEN ? AND ?")


@dataclass(frozen=True)
class Books:
    db: Database
    data: LedgerData
    sql: sqlite3.Connection


@dataclass(frozen=True)
class Figure:
    name: str
    service: Callable[[], Any]
    sql: Callable[[], Any]  # the raw SQL that gives the same rows
    check: Callable[[Any], None]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Books]:
    folder = tmp_path_factory.mktemp("funds")
    path = folder / "wushe.db"
    principal, vault = signed_in_demo(path)
    started = time.perf_counter()
    data = generate(path, SCALE, TODAY)
    print(f"\ngenerated {len(data.fund_ids)} funds, {data.entries:,} entries ({data.transfers:,} transfers, "
          f"{data.reversals:,} reversals) and {data.lines:,} lines in {time.perf_counter() - started:.0f} s "
          f"({path.stat().st_size / 2**20:,.0f} MiB)")
    db = open_database(path)
    db.sign_in(principal, vault)
    with closing(sqlite3.connect(path)) as sql:
        yield Books(db, data, sql)
    db.close()
    shutil.rmtree(folder)


def _read(db: Database, fn: Callable[..., Any], *args: Any) -> Any:
    """One read unit of work, as the UI's gateway runs a service call."""
    with db.read() as session:
        return fn(session, *args)


def _sum(sql: sqlite3.Connection, fund_id: str, as_of: date | None = None) -> dict[str, int]:
    where, args = ("AND posted_on <= ?", (fund_id, as_of.isoformat())) if as_of else ("", (fund_id,))
    return dict(sql.execute(SQL_SUM.format(where=where), args).fetchall())


def _expected(data: LedgerData, start: date | None = None, end: date | None = None) -> dict[str, int]:
    """The first fund's balances from the generator's own lines, between two days (both included)."""
    low, high = (start or date.min).toordinal(), (end or date.max).toordinal()
    found = dict.fromkeys(ACCOUNTS, 0)
    for day, account, signed in data.watched:
        if low <= day <= high:
            found[account] += signed
    return found


def _figures(books: Books) -> list[Figure]:
    db, data, sql = books.db, books.data, books.sql
    fund = data.fund_ids[0]
    in_year = sum(1 for day, _account, _signed in data.watched
                  if YEAR_START.toordinal() <= day <= YEAR_END.toordinal()) // 2  # two lines an entry

    def balanced(as_of: date | None) -> Callable[[Balances], None]:
        expected = _expected(data, end=as_of)

        def check(view: Balances) -> None:
            assert view.accounts == expected and all(view.accounts[code] >= 0 for code in ASSETS)

        return check

    def year(views: list[EntryView]) -> None:
        assert len(views) == in_year and [v.number for v in views] == sorted(v.number for v in views)
        assert all(YEAR_START <= v.posted_on <= YEAR_END and len(v.lines) == 2 for v in views)

    def rows() -> tuple[list[tuple], list[tuple]]:
        args = (fund, YEAR_START.isoformat(), YEAR_END.isoformat())
        return sql.execute(SQL_ENTRIES, args).fetchall(), sql.execute(SQL_LINES, args).fetchall()

    closing = _expected(data, end=YEAR_END)

    def paper(found: ledger_papers.StatementPaper) -> None:
        assert len(found.lines) == in_year and found.closing_fen == sum(closing[code] for code in ASSETS)

    return [
        Figure("balance: everything posted", lambda: _read(db, ledger.balances, fund), lambda: _sum(sql, fund),
               balanced(None)),
        Figure("balance: on a day 18 months back", lambda: _read(db, ledger.balances, fund, HALF_WAY),
               lambda: _sum(sql, fund, HALF_WAY), balanced(HALF_WAY)),
        Figure("statement: a year's entries", lambda: _read(db, ledger.entries, fund, YEAR_START, YEAR_END), rows,
               year),
        Figure("statement: the year's paper", lambda: _read(
            db, ledger_papers.statement_paper, fund, YEAR_START, YEAR_END), rows, paper),
    ]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def _post_back(db: Database, fund_id: str) -> Callable[[], Any]:
    """A refund of one yuan dated a year back: its cover is checked on every day posted since. It is the
    entry a refund's approved disbursement writes once the committee's decisions are counted."""
    def post() -> Any:
        with db.write() as session:
            who = require(session, Action.RECORD_LEDGER)
            return ledger.write_entry(session, open_fund(session, fund_id), Draft(
                EntryKind.REFUND, YEAR_START, lines_for(EntryKind.REFUND, 100), "基准测试退款", "基准测试捐赠人"),
                who).number
    return post


@pytest.mark.bench
def test_ledger_ratio_to_the_raw_sql_sum(books: Books) -> None:
    set_locale("zh_CN")  # as a station runs it (the fixture resets it)
    figures = _figures(books)
    fund = books.data.fund_ids[0]
    posting = Figure("post: a refund a year back", _post_back(books.db, fund), lambda: _sum(books.sql, fund),
                     lambda posted: None)
    service: dict[str, list[float]] = {f.name: [] for f in [*figures, posting]}
    sql: dict[str, list[float]] = {f.name: [] for f in [*figures, posting]}
    sums: list[float] = []
    for run in range(RUNS + 1):
        for figure in figures:
            service_ms, result = _timed(figure.service)
            sql_ms, _rows = _timed(figure.sql)
            sum_ms, _sums = _timed(lambda: _sum(books.sql, fund))
            figure.check(result)
            if run:  # run 0 is the warm-up
                service[figure.name].append(service_ms)
                sql[figure.name].append(sql_ms)
                sums.append(sum_ms)
    for run in range(RUNS + 1):  # the writes last, so the figures above read the generated books
        service_ms, posted = _timed(posting.service)
        sql_ms, _rows = _timed(posting.sql)
        assert posted == books.data.numbers[fund] + run + 1
        if run:
            service[posting.name].append(service_ms)
            sql[posting.name].append(sql_ms)
    with books.db.read() as session:
        after = ledger.balances(session, fund).accounts
    assert after["refunds"] == _expected(books.data)["refunds"] + 100 * (RUNS + 1)

    data, raw_sum = books.data, statistics.median(sums)
    per_fund = data.entries / len(data.fund_ids)
    print(f"\nfund ledgers, {len(data.fund_ids)} funds, {data.entries:,} entries, {data.lines:,} lines; the fund "
          f"measured has {data.numbers[fund]:,} entries (~{per_fund:,.0f} a fund); median of {RUNS} runs")
    print(f"raw SQL sum of the fund's lines (the baseline): {raw_sum:.2f} ms")
    print(f"{'':36}{'service ms':>11}{'min':>8}{'max':>8}{'its SQL ms':>11}{'ratio':>8}{'to sum':>9}")
    for figure in [*figures, posting]:
        median, baseline = statistics.median(service[figure.name]), statistics.median(sql[figure.name])
        poor = median / baseline > POOR_RATIO
        print(f"{figure.name:36}{median:11.1f}{min(service[figure.name]):8.1f}{max(service[figure.name]):8.1f}"
              f"{baseline:11.2f}{median / baseline:7.1f}x{median / raw_sum:8.1f}x{'  <- poor' if poor else ''}")
