"""Any sequence of what a finance officer does to two funds, through the services on a real station:
donations; expenses, refunds, transfers between the funds and grants the committee approved; reversals
of any of them, receipts issued and voided. Whatever was refused wrote nothing, and afterwards the
books hold: every entry balanced and numbered without gaps in its fund, the lines on their entry's fund
and day, each fund's balances the sum of its lines, no bank, cash or goods below zero on any day, a
transfer's halves equal and the funds' transfers out equal to their transfers in, a reversal the mirror
of the one entry it undoes, grants to a project within its approved amount, and receipt numbers per
fund and year from 1 with no gaps, one standing receipt at most per donation and none on a reversed
one. Amounts a person types in yuan come back in the same figures, to the fen."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.cli.projects import yuan
from desktop.domain.ledger import ACCOUNTS, ASSETS, DONATIONS, EntryKind, Side
from desktop.domain.money import to_fen
from desktop.errors import ValidationError
from desktop.services import disbursements, ledger, receipts
from desktop.services.acting import acting_as
from desktop.services.demo_ledger import PAYER
from desktop.services.disbursements import DisbursementInput
from desktop.services.ledger import PostingInput
from desktop.storage.database import Database
from desktop.storage.models import DonationReceipt, LedgerEntry, LedgerLine, Project
from ledger_testing import OPENED, decide, make_fund, pay, running_projects
from project_testing import acting
from wushe_testing import DemoTemplate, open_copy

FUNDS = 2
AMOUNT = st.integers(min_value=1, max_value=2_000_000)
DAY = st.integers(min_value=0, max_value=90)  # days after the funds opened
PICK = st.integers(min_value=0, max_value=10**6)
STEP = st.one_of(
    st.tuples(st.just("donate"), st.integers(0, FUNDS - 1), AMOUNT, DAY, st.sampled_from(["bank", "cash"])),
    st.tuples(st.just("goods"), st.integers(0, FUNDS - 1), AMOUNT, DAY, st.just("goods")),
    st.tuples(st.just("expense"), st.integers(0, FUNDS - 1), AMOUNT, DAY, st.sampled_from(["bank", "cash", "goods"])),
    st.tuples(st.just("refund"), st.integers(0, FUNDS - 1), AMOUNT, DAY, st.sampled_from(["bank", "cash"])),
    st.tuples(st.just("transfer"), st.integers(0, FUNDS - 1), AMOUNT, DAY, st.sampled_from(["bank", "cash"])),
    st.tuples(st.just("grant"), st.integers(0, FUNDS - 1), AMOUNT, DAY, st.integers(0, 1)),
    st.tuples(st.just("reverse"), st.integers(0, FUNDS - 1), PICK, DAY, st.just("")),
    st.tuples(st.just("receipt"), st.integers(0, FUNDS - 1), PICK, DAY, st.just("")),
    st.tuples(st.just("void"), st.integers(0, FUNDS - 1), PICK, DAY, st.just("")),
)


@contextmanager
def _station(template: DemoTemplate) -> Iterator[Database]:
    """A fresh copy of the demo station for one example, the head acting."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_copy(template.path, Path(folder))
        try:
            with acting(db, "admin"):
                yield db
        finally:
            db.close()


def _pick(items: list[str], pick: int) -> str | None:
    return items[pick % len(items)] if items else None


def _step(session: Session, fund_ids: list[str], step: tuple) -> None:
    action, index, number, days, extra = step
    fund_id, other = fund_ids[index], fund_ids[1 - index]
    day = OPENED + timedelta(days=days)
    # Money going out goes through a disbursement the committee approved (募用分离).
    if action == "expense":
        pay(session, fund_id, DisbursementInput(EntryKind.EXPENSE, number, "性质测试支出", payee="收款人"), day, extra)
    elif action == "transfer":
        pay(session, fund_id, DisbursementInput(EntryKind.TRANSFER_OUT, number, "性质测试调拨", to_fund_id=other),
            day, extra)
    elif action == "refund":  # of the fund's first donation of money, if it has one
        donation = next((e.id for e in ledger.entries(session, fund_id) if e.kind == EntryKind.DONATION_MONEY), None)
        pay(session, fund_id, DisbursementInput(EntryKind.REFUND, number, "性质测试退款", refund_of_id=donation),
            day, extra)
    elif action in ("donate", "goods"):
        kind = EntryKind.DONATION_MONEY if action == "donate" else EntryKind.DONATION_GOODS
        goods = ledger.GoodsInput("物资", Decimal(2), "批") if action == "goods" else None
        ledger.post(session, fund_id, PostingInput(kind, number, day, "" if goods else extra, "性质测试", "捐赠人",
                                                   goods=goods))
    elif action == "grant":
        project = running_projects(session)[extra]
        view = disbursements.propose_disbursement(session, fund_id, DisbursementInput(
            EntryKind.GRANT, number, "性质测试资助", project.id), today=day)
        decide(session, view.id, day)
        with acting_as(session, PAYER):
            disbursements.post_disbursement(session, view.id, day, today=day)
    elif action == "reverse":
        standing = [e for e in ledger.entries(session, fund_id) if e.reverses_id is None and e.reversed_by is None]
        chosen = _pick([e.id for e in standing], number)
        if chosen is not None:
            ledger.reverse(session, chosen, "性质测试冲销", on=max(day, ledger.entry(session, chosen).posted_on))
    elif action == "receipt":
        donations = [e for e in ledger.entries(session, fund_id) if e.kind in DONATIONS]
        chosen = _pick([e.id for e in donations], number)
        if chosen is not None:
            receipts.issue(session, chosen, issued_on=max(day, ledger.entry(session, chosen).posted_on))
    else:
        chosen = _pick([r.id for r in receipts.receipts(session, fund_id) if r.status == "issued"], number)
        if chosen is not None:
            receipts.void(session, chosen, "打印错误")


def _check_books(session: Session, fund_ids: list[str]) -> None:
    entries = {e.id: e for fund_id in fund_ids for e in ledger.entries(session, fund_id)}
    rows = list(session.execute(select(LedgerLine.entry_id, LedgerLine.fund_id, LedgerLine.posted_on,
                                       LedgerLine.account, LedgerLine.side, LedgerLine.amount_fen)
                                .where(LedgerLine.fund_id.in_(fund_ids))))
    assert {row.entry_id for row in rows} == set(entries)
    for fund_id in fund_ids:
        assert sorted(e.number for e in entries.values() if e.fund_id == fund_id) == \
            list(range(1, sum(e.fund_id == fund_id for e in entries.values()) + 1))
    for view in entries.values():
        mine = [row for row in rows if row.entry_id == view.id]
        assert all((row.fund_id, row.posted_on) == (view.fund_id, view.posted_on) for row in mine)
        debits = sum(row.amount_fen for row in mine if row.side == Side.DEBIT)
        assert len(mine) >= 2 and debits == sum(row.amount_fen for row in mine if row.side == Side.CREDIT)
        assert debits == view.amount_fen > 0
    for fund_id in fund_ids:
        signed = dict.fromkeys(ACCOUNTS, 0)
        for row in rows:
            if row.fund_id == fund_id:
                signed[row.account] += row.amount_fen if row.side == ACCOUNTS[row.account].normal else -row.amount_fen
        assert ledger.balances(session, fund_id).accounts == signed
        for day in sorted({row.posted_on for row in rows if row.fund_id == fund_id}):
            held = ledger.balances(session, fund_id, day).accounts
            assert all(held[code] >= 0 for code in ASSETS), (day, held)
    _check_links(session, fund_ids, entries)


def _check_links(session: Session, fund_ids: list[str], entries: dict[str, ledger.EntryView]) -> None:
    totals = [ledger.balances(session, fund_id).accounts for fund_id in fund_ids]
    assert sum(t["transfers_out"] for t in totals) == sum(t["transfers_in"] for t in totals)
    for view in entries.values():
        if view.kind == EntryKind.TRANSFER_IN:
            paying = entries[view.linked_id or ""]
            assert (paying.kind, paying.amount_fen, paying.posted_on) == (EntryKind.TRANSFER_OUT, view.amount_fen,
                                                                          view.posted_on)
            assert paying.fund_id != view.fund_id
        if view.reverses_id is not None:
            undone = entries[view.reverses_id]
            assert view.kind == EntryKind.REVERSAL and undone.reversed_by == view.id and view.reversed_by is None
            swapped = [(line.account, Side.CREDIT if line.side == Side.DEBIT else Side.DEBIT, line.amount_fen)
                       for line in undone.lines]
            assert sorted((line.account, line.side, line.amount_fen) for line in view.lines) == sorted(swapped)
            assert view.posted_on >= undone.posted_on and view.reason
    for project in session.scalars(select(Project).where(Project.id.in_([p.id for p in running_projects(session)]))):
        assert 0 <= ledger.granted_fen(session, project.id) <= (project.approved_fen or 0)
    serials: dict[tuple[str, int], list[int]] = defaultdict(list)
    standing: dict[str, int] = defaultdict(int)
    for row in session.scalars(select(DonationReceipt).where(DonationReceipt.fund_id.in_(fund_ids))):
        serials[(row.fund_id, row.year)].append(row.serial)
        entry = entries[row.entry_id]
        assert entry.kind in DONATIONS and row.amount_fen == entry.amount_fen
        if row.status == "issued":
            standing[row.entry_id] += 1
            assert entry.reversed_by is None
        else:
            assert row.void_reason and row.voided_on is not None
    assert all(sorted(found) == list(range(1, len(found) + 1)) for found in serials.values())
    assert all(count == 1 for count in standing.values())


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=16))
def test_any_work_on_two_funds_leaves_the_books_whole(demo_template: DemoTemplate, steps: list[tuple]) -> None:
    with _station(demo_template) as db:
        with db.write() as session:
            fund_ids = [make_fund(session, name=f"性质测试基金{n}").id for n in range(FUNDS)]
            for fund_id in fund_ids:  # money to work with, so the steps do more than be refused
                ledger.post(session, fund_id, PostingInput(EntryKind.DONATION_MONEY, 3_000_000, OPENED, "bank",
                                                           counterparty="清河县慈善会"))
        for step in steps:
            with db.read() as session:
                before = session.scalars(select(LedgerEntry.id)).all()
            try:
                with db.write() as session:
                    _step(session, fund_ids, step)
            except ValidationError:
                with db.read() as session:  # refused: the unit of work wrote nothing
                    assert session.scalars(select(LedgerEntry.id)).all() == before
        with db.read() as session:
            _check_books(session, fund_ids)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999999.99"), places=2))
def test_an_amount_typed_in_yuan_is_printed_back_to_the_fen(amount: Decimal) -> None:
    typed = f"{amount:f}"
    assert yuan(to_fen(typed)) == f"{amount:.2f}"
    assert to_fen(yuan(to_fen(typed)) or "") == to_fen(amount)
