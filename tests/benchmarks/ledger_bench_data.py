"""A county's community funds for the ledger benchmark: 200 funds and 1,000,000 journal entries (two lines
each) over three years, added to the demo station in about a minute (``scale`` shrinks the entries).

Rows go in with sqlite3 ``executemany`` (``bench_people``), not through the services, so they carry no
change-log or audit entries; they are what ``services.ledger`` writes and what the append-only triggers
let through (inserts only): each entry's lines balance, entries are numbered from 1 in each fund in the
order they were posted, a transfer is a paying entry and a receiving one linked to it in another fund,
a reversal points at the entry it undoes with a reason and swaps its lines' sides, and no bank, cash or
goods balance goes below zero on any day. The column lists are checked against the models' tables.
A fixed seed makes every run the same data; ``LedgerData`` keeps each fund's lines for the checks.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench_people import CHUNK, Days, bulk_load, columns, insert
from desktop.domain.ledger import EntryKind, Line, Side, lines_for, reversal_of
from desktop.storage.models import Fund, LedgerEntry, LedgerLine

FUNDS = 200
ENTRIES = 1_000_000
YEARS = 3
TABLES = ("fund", "ledger_entry", "ledger_line")
# Once funded, bank stays above this (expenses take at most half of it): the benchmark's own postings fit.
RESERVE = 10_000
HOSTS = ("清河县慈善会", "清河县慈善总会", "青山镇慈善分会")
MEMOS = {EntryKind.DONATION_MONEY: ("居民爱心捐款", "辖区企业捐赠", "邻里节义卖善款", "重阳敬老专项捐赠"),
         EntryKind.DONATION_GOODS: ("米面油慰问物资", "爱心书包", "冬衣被褥"),
         EntryKind.EXPENSE: ("慰问困难家庭", "社区活动物资", "公示栏制作", "助学金发放"),
         EntryKind.REFUND: ("重复捐款退回",), EntryKind.TRANSFER_OUT: ("支援兄弟社区基金",)}
DONORS = ("周德明", "青山镇好又多超市", "清河农商银行青山支行", "清河县宏达建材有限公司", "社区居民（现场捐款）")


@dataclass
class LedgerData:
    path: Path
    fund_ids: list[str]  # the generated funds, in the order made
    first_day: date
    entries: int = 0
    lines: int = 0
    transfers: int = 0
    reversals: int = 0
    # The first fund's lines, for the checks: (posted_on ordinal, account, signed on the account's normal side).
    watched: list[tuple[int, str, int]] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # each fund's last entry number


@dataclass
class _Fund:
    id: str
    name: str
    held: dict[str, int]  # bank, cash, goods
    recent: list[tuple[str, str, tuple[Line, ...]]]  # (entry id, memo, lines) that may still be reversed
    number: int = 0


class _Writer:
    """Entries and their lines, written in chunks as they are made."""

    def __init__(self, conn: sqlite3.Connection, node: str, data: LedgerData) -> None:
        self.conn, self.data = conn, data
        self.same = {"origin_node": node, "created_by": "admin", "deleted_at": None}
        self.entry_columns = columns(LedgerEntry, (
            "id", "created_at", "updated_at", "hlc", "fund_id", "number", "kind", "posted_on", "amount_fen", "memo",
            "counterparty", "anonymous", "donor_id", "project_id", "linked_id", "reverses_id", "reason", "by_name"),
            self.same)
        self.line_columns = columns(LedgerLine, (
            "id", "created_at", "updated_at", "hlc", "entry_id", "fund_id", "posted_on", "account", "side",
            "amount_fen"), self.same)
        self.entries: list[tuple] = []
        self.lines: list[tuple] = []

    def entry(self, days: Days, ordinal: int, fund: _Fund, kind: str, lines: tuple[Line, ...], memo: str,
              counterparty: str = "", linked: str | None = None, reverses: str | None = None,
              reason: str = "") -> str:
        day = days[ordinal]
        entry_id, hlc = day.next()
        fund.number += 1
        amount = sum(line.amount_fen for line in lines if line.side == Side.DEBIT)
        self.entries.append((entry_id, day.stamp, day.stamp, hlc, fund.id, fund.number, kind, day.iso, amount, memo,
                             counterparty, 0, None, None, linked, reverses, reason, "周建国"))
        watched = fund.id == self.data.fund_ids[0]
        for line in lines:
            line_id, line_hlc = day.next()
            self.lines.append((line_id, day.stamp, day.stamp, line_hlc, entry_id, fund.id, day.iso, line.account,
                               line.side.value, line.amount_fen))
            if watched:
                self.data.watched.append((ordinal, line.account, line.signed_fen))
            if line.account in fund.held:
                fund.held[line.account] += line.signed_fen
        self.data.entries += 1
        self.data.lines += len(lines)
        if len(self.lines) >= CHUNK:
            self.flush()
        return entry_id

    def flush(self) -> None:
        insert(self.conn, "ledger_entry", self.entry_columns, self.entries, **self.same)
        insert(self.conn, "ledger_line", self.line_columns, self.lines, **self.same)
        self.entries, self.lines = [], []


def _funds(conn: sqlite3.Connection, days: Days, node: str, opened: date) -> list[_Fund]:
    communities = [row[0] for row in conn.execute("SELECT id FROM community WHERE deleted_at IS NULL ORDER BY id")]
    same = {"origin_node": node, "created_by": "admin", "deleted_at": None, "status": "active",
            "approval_rule": "majority", "receipt_prefix": "", "opened_on": opened.isoformat()}
    varying = columns(Fund, ("id", "created_at", "updated_at", "hlc", "name", "community_id", "host_charity",
                             "purpose"), same)
    made, rows = [], []
    day = days[opened.toordinal()]
    for n in range(FUNDS):
        fund_id, hlc = day.next()
        host = HOSTS[n % len(HOSTS)]
        name = f"{host}第{n + 1:03d}号社区慈善基金"
        rows.append((fund_id, day.stamp, day.stamp, hlc, name, communities[n % len(communities)], host,
                     "扶老助幼、邻里互助"))
        made.append(_Fund(fund_id, name, {"bank": 0, "cash": 0, "goods": 0}, []))
    insert(conn, "fund", varying, rows, **same)
    return made


def _slots(rng: random.Random, funds: int, total: int, first: int, last: int) -> Iterator[tuple[int, int]]:
    """(day ordinal, fund index) of each entry to make, in the order they are posted (by day)."""
    slots = sorted((rng.randint(first, last), rng.randrange(funds)) for _ in range(total))
    yield from slots


def _pick(rng: random.Random, fund: _Fund) -> tuple[str, str, int]:
    """What the fund posts next: a kind, the asset it moves and an amount it can cover."""
    roll = rng.random()
    if roll < 0.40 or fund.held["bank"] < 50_000:
        return EntryKind.DONATION_MONEY, "bank", rng.randint(1_000, 500_000)
    if roll < 0.48:
        return EntryKind.DONATION_MONEY, "cash", rng.randint(100, 50_000)
    if roll < 0.52:
        return EntryKind.DONATION_GOODS, "goods", rng.randint(10_000, 300_000)
    if roll < 0.80:
        return EntryKind.EXPENSE, "bank", rng.randint(1_000, fund.held["bank"] // 2)
    if roll < 0.86:
        if fund.held["cash"] >= 200:
            return EntryKind.EXPENSE, "cash", rng.randint(100, fund.held["cash"] // 2)
        return EntryKind.DONATION_MONEY, "cash", rng.randint(100, 50_000)
    if roll < 0.89:
        if fund.held["goods"] >= 200:
            return EntryKind.EXPENSE, "goods", rng.randint(100, fund.held["goods"] // 2)
        return EntryKind.DONATION_GOODS, "goods", rng.randint(10_000, 300_000)
    if roll < 0.92:
        return EntryKind.REFUND, "bank", rng.randint(100, min(50_000, fund.held["bank"] // 2))
    if roll < 0.97:
        return EntryKind.TRANSFER_OUT, "bank", rng.randint(1_000, fund.held["bank"] // 4)
    return EntryKind.REVERSAL, "", 0


def generate(path: Path, scale: float = 1.0, today: date | None = None) -> LedgerData:
    """Add FUNDS funds and ENTRIES times ``scale`` entries to the closed station file at ``path``."""
    today = today or date.today()
    rng = random.Random(2028)
    days = Days(rng)
    first = today - timedelta(days=365 * YEARS)
    with bulk_load(path, TABLES) as conn:
        node = conn.execute("SELECT node_id FROM node_identity").fetchone()[0]
        funds = _funds(conn, days, node, first)
        data = LedgerData(path, [f.id for f in funds], first)
        writer = _Writer(conn, node, data)
        total = round(ENTRIES * scale)
        skipped = 0  # a transfer's receiving half takes the place of the next slot, so the total holds
        for ordinal, index in _slots(rng, len(funds), total, first.toordinal(), today.toordinal()):
            if skipped:
                skipped -= 1
                continue
            fund = funds[index]
            kind, asset, amount = _pick(rng, fund)
            if kind == EntryKind.REVERSAL:
                undone = _reversible(rng, fund)
                if undone is None:
                    kind, asset, amount = EntryKind.DONATION_MONEY, "bank", rng.randint(1_000, 500_000)
                else:
                    entry_id, memo, lines = undone
                    writer.entry(days, ordinal, fund, kind, reversal_of(lines), memo, reverses=entry_id,
                                 reason="金额录错，冲销")
                    data.reversals += 1
                    continue
            memo = rng.choice(MEMOS[EntryKind(kind)])
            lines = lines_for(kind, amount, asset)
            if kind == EntryKind.TRANSFER_OUT:
                other = funds[(index + 1 + rng.randrange(len(funds) - 1)) % len(funds)]
                paid = writer.entry(days, ordinal, fund, kind, lines, memo, other.name)
                writer.entry(days, ordinal, other, EntryKind.TRANSFER_IN, lines_for(EntryKind.TRANSFER_IN, amount),
                             memo, fund.name, linked=paid)
                data.transfers += 1
                skipped = 1
                continue
            counterparty = rng.choice(DONORS) if kind != EntryKind.EXPENSE else "青山镇好又多超市"
            entry_id = writer.entry(days, ordinal, fund, kind, lines, memo, counterparty)
            if kind in (EntryKind.DONATION_MONEY, EntryKind.EXPENSE):
                fund.recent = [*fund.recent[-19:], (entry_id, memo, lines)]
        writer.flush()
    data.numbers = {f.id: f.number for f in funds}
    return data


def _reversible(rng: random.Random, fund: _Fund) -> tuple[str, str, tuple[Line, ...]] | None:
    """A recent donation or expense whose reversal leaves every asset above the reserve (it is then forgotten)."""
    for pick in rng.sample(range(len(fund.recent)), len(fund.recent)):
        entry_id, memo, lines = fund.recent[pick]
        if all(fund.held.get(line.account, 0) + line.signed_fen >= RESERVE
               for line in reversal_of(lines) if line.account in fund.held):
            fund.recent.pop(pick)
            return entry_id, memo, lines
    return None
