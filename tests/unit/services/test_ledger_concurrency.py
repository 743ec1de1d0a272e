"""Two workers on one station file at once, beyond test_receipts' two threads issuing receipts: two
processes (each its own engine and connection pool) posting donations with receipts; and two handles
sending transfers between the same two funds in opposite directions while receipts are voided and
issued again. Nothing is refused for being busy, no two writes take one number, and no number is
skipped: entries from 1 in each fund, receipt serials from 1 in each fund and year, voided ones kept."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from datetime import date, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.services import communities, funds, ledger, receipts
from desktop.services.communities import CommunityInput
from desktop.domain.ledger import EntryKind
from desktop.services.disbursements import DisbursementInput
from desktop.services.funds import FundInput, MemberInput
from desktop.services.ledger import PostingInput
from desktop.storage.database import Database
from desktop.storage.models import DonationReceipt, LedgerEntry
from ledger_testing import COMMITTEE, pay

TODAY = date.today()
OPENED = TODAY - timedelta(days=30)
UNITS = 12
TIMEOUT = 120


def make_funds(db: Database, names: tuple[str, ...]) -> list[str]:
    with db.write() as session:
        community = communities.add(session, CommunityInput("青山社区", "urban", 8650, "500110108001")).id
        made = [funds.add(session, FundInput(name, community, "清河县慈善会", OPENED)).id for name in names]
        for fund_id in made:  # a committee to approve transfers (募用分离)
            for name, role in COMMITTEE:
                funds.add_member(session, fund_id, MemberInput(name, role, OPENED))
        return made


def donations_with_receipts(path: str, fund_id: str, worker: int, start: Barrier) -> None:
    """One process's work: UNITS donations, each with its receipt, in a unit of work each."""
    db = Database.open_file(Path(path))
    try:
        start.wait()
        for unit in range(UNITS):
            with db.write() as session:
                posted = ledger.post(session, fund_id, PostingInput("donation_money", 100 + unit, TODAY,
                                                                    counterparty=f"捐赠人{worker}-{unit}"))
                assert posted.entry is not None
                receipts.issue(session, posted.entry.id)
    finally:
        db.close()


def numbers(db: Database, fund_id: str) -> tuple[list[int], list[int]]:
    """The fund's entry numbers and receipt serials, in order."""
    with db.read() as session:
        return (sorted(session.scalars(select(LedgerEntry.number).where(LedgerEntry.fund_id == fund_id))),
                sorted(session.scalars(select(DonationReceipt.serial).where(DonationReceipt.fund_id == fund_id))))


@pytest.mark.slow
def test_two_processes_issuing_receipts_at_once_leave_no_gap(initialized_db: Database) -> None:
    (fund,) = make_funds(initialized_db, ("青山社区慈善基金",))
    assert initialized_db.path is not None
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing shared but the file
    start = spawn.Barrier(2)
    workers = [spawn.Process(target=donations_with_receipts, args=(str(initialized_db.path), fund, n, start))
               for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(TIMEOUT)
    assert [worker.exitcode for worker in workers] == [0, 0]
    entries, serials = numbers(initialized_db, fund)
    assert entries == serials == list(range(1, 2 * UNITS + 1))
    with initialized_db.read() as session:
        assert len(set(session.scalars(select(DonationReceipt.number)))) == 2 * UNITS


def test_transfers_both_ways_and_receipts_voided_at_once_take_every_number_once(initialized_db: Database) -> None:
    db = initialized_db
    east, west = make_funds(db, ("东区社区慈善基金", "西区社区慈善基金"))
    with db.write() as session:
        for fund in (east, west):
            ledger.post(session, fund, PostingInput("donation_money", 1_000_000, OPENED, counterparty="启动资金"))
    assert db.path is not None
    handles = [db, Database.open_file(db.path)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(work: Callable[[Database], None], handle: Database) -> None:
        start.wait()
        try:
            work(handle)
        except BaseException as caught:  # noqa: BLE001  (reported by the test)
            errors.append(caught)

    def east_to_west(handle: Database) -> None:
        """Transfers east to west; each unit also takes a donation in the west and receipts it."""
        for unit in range(UNITS):
            with handle.write() as session:
                pay(session, east, DisbursementInput(EntryKind.TRANSFER_OUT, 1_000 + unit, "调拨", to_fund_id=west),
                    payer=None)
                posted = ledger.post(session, west, PostingInput("donation_money", 500, TODAY, counterparty="甲"))
                assert posted.entry is not None
                receipts.issue(session, posted.entry.id)

    def west_to_east(handle: Database) -> None:
        """Transfers west to east; each unit also voids the west's latest receipt and issues it again."""
        for unit in range(UNITS):
            with handle.write() as session:
                pay(session, west, DisbursementInput(EntryKind.TRANSFER_OUT, 2_000 + unit, "调拨", to_fund_id=east),
                    payer=None)
                standing = [r for r in receipts.receipts(session, west) if r.status == "issued"]
                if standing:
                    receipts.void(session, standing[-1].id, "重开")
                    receipts.issue(session, standing[-1].entry_id)

    threads = [threading.Thread(target=run, args=(work, handle))
               for work, handle in ((east_to_west, handles[0]), (west_to_east, handles[1]))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
    finally:
        handles[1].close()
    assert errors == []
    for fund, entries in ((east, 1 + 2 * UNITS), (west, 1 + 3 * UNITS)):
        numbered, serials = numbers(db, fund)
        assert numbered == list(range(1, entries + 1))
        assert serials == list(range(1, len(serials) + 1))
    with db.read() as session:
        west_receipts = receipts.receipts(session, west)
        held = [ledger.balances(session, fund).accounts for fund in (east, west)]
    # Every donation has exactly one standing receipt; the voided ones keep their numbers.
    assert sum(r.status == "issued" for r in west_receipts) == UNITS
    assert len({r.entry_id for r in west_receipts if r.status == "issued"}) == UNITS
    assert sum(h["transfers_out"] for h in held) == sum(h["transfers_in"] for h in held)
    assert sum(h["bank"] for h in held) == 2_000_000 + 500 * UNITS
