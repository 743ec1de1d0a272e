"""Donation receipts: numbered per fund and year with no gaps and no repeats, also when two workers
post at once on the same file; a voided receipt keeps its number; the official ticket is recorded."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlalchemy import select

from desktop.services import communities, funds, ledger, receipts
from desktop.services.communities import CommunityInput
from desktop.services.funds import FundInput
from desktop.services.ledger import PostingInput
from desktop.storage.database import Database
from desktop.storage.models import DonationReceipt, LedgerEntry
from ledger_testing import OPENED, TODAY, donate, head, make_fund, post  # noqa: F401 (fixture)
from wushe_testing import refusal

DAY = TODAY - timedelta(days=3)


def test_a_receipt_names_the_donor_and_the_amount_in_figures_and_words(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session, receipt_prefix="河滨基金收")
        gift = donate(session, fund.id, 140_950, DAY, memo="助学捐款")
        receipt = receipts.issue(session, gift.id, today=DAY)
    assert receipt.number == f"河滨基金收〔{DAY.year}〕0001号"
    assert (receipt.donor_name, receipt.amount_fen, receipt.amount_in_words, receipt.purpose) == (
        "周德明", 140_950, "壹仟肆佰零玖元伍角", "助学捐款")
    assert (receipt.issuer, receipt.issued_on, receipt.status, receipt.entry_number) == ("周建国", DAY, "issued", 1)
    assert (receipt.official_ticket_code, receipt.official_ticket_number) == ("", "")


def test_numbers_run_per_fund_and_year_and_a_voided_receipt_keeps_its_number(head: Database) -> None:
    last_year = date(TODAY.year - 1, 12, 30)
    with head.write() as session:
        fund = make_fund(session, opened_on=last_year - timedelta(days=10))
        other = make_fund(session, name="青山社区慈善基金二")
        old = receipts.issue(session, donate(session, fund.id, 1_000, last_year).id, today=last_year)
        first = receipts.issue(session, donate(session, fund.id, 2_000, DAY).id)
        elsewhere = receipts.issue(session, donate(session, other.id, 3_000, DAY).id)
        voided = receipts.void(session, first.id, "卡纸损毁，原件留存作废")
        again = receipts.issue(session, first.entry_id)
        numbers = [r.number for r in receipts.receipts(session, fund.id)]
    assert (old.serial, first.serial, elsewhere.serial, again.serial) == (1, 1, 1, 2)
    assert numbers == [f"河滨基金收〔{last_year.year}〕0001号", f"河滨基金收〔{TODAY.year}〕0001号",
                       f"河滨基金收〔{TODAY.year}〕0002号"]
    assert (voided.status, voided.number, voided.void_reason, voided.voided_on) == (
        "voided", first.number, "卡纸损毁，原件留存作废", TODAY)
    assert "void already" in refusal(head, lambda s: receipts.void(s, first.id, "再作废")).message
    assert again.number in refusal(head, lambda s: receipts.issue(s, first.entry_id)).message  # one live receipt


def test_only_a_standing_donation_gets_a_receipt(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        gift = donate(session, fund.id, 5_000, DAY)
        spent = post(session, fund.id, "expense", 1_000, DAY)
        wrong = donate(session, fund.id, 5_000, DAY)
        ledger.reverse(session, wrong.id, "重复录入")
    assert "acknowledges a donation" in refusal(head, lambda s: receipts.issue(s, spent.id)).message
    assert "reversed" in refusal(head, lambda s: receipts.issue(s, wrong.id)).message
    for day in (DAY - timedelta(days=1), TODAY + timedelta(days=1)):
        assert refusal(head, lambda s: receipts.issue(s, gift.id, issued_on=day)).field == "issued_on"


def test_the_official_ticket_of_the_host_charity_is_recorded_on_a_standing_receipt(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        receipt = receipts.issue(session, donate(session, fund.id, 5_000, DAY).id)
        ticketed = receipts.record_official_ticket(session, receipt.id, "50010125", "0000123456")
        receipts.void(session, receipt.id, "捐赠人要求改开")
    assert (ticketed.official_ticket_code, ticketed.official_ticket_number) == ("50010125", "0000123456")
    assert refusal(head, lambda s: receipts.record_official_ticket(s, receipt.id, "1", "2")).field == "receipt_id"


WORKERS, UNITS = 2, 15


def test_two_workers_posting_at_once_leave_no_gap_and_no_repeat(initialized_db: Database) -> None:
    """Two handles on one file (two windows, or two processes), each posting donations with receipts."""
    db = initialized_db
    with db.write() as session:
        community = communities.add(session, CommunityInput("青山社区", "urban", 8650, "500110108001")).id
        fund = funds.add(session, FundInput("青山社区慈善基金", community, "清河县慈善会", OPENED)).id
    assert db.path is not None
    handles = [db, Database.open_file(db.path)]
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        start.wait()
        try:
            for unit in range(UNITS):
                with handles[worker].write() as session:
                    posted = ledger.post(session, fund, PostingInput("donation_money", 100 * (unit + 1), TODAY,
                                                                     counterparty=f"捐赠人{worker}-{unit}"))
                    assert posted.entry is not None
                    receipts.issue(session, posted.entry.id)
        except BaseException as exc:  # noqa: BLE001  (reported by the test)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(WORKERS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        handles[1].close()
    assert errors == []
    with db.read() as session:
        serials = sorted(session.scalars(select(DonationReceipt.serial)))
        numbers = set(session.scalars(select(DonationReceipt.number)))
        entries = sorted(session.scalars(select(LedgerEntry.number)))
        by_donor = {name for name in session.scalars(select(DonationReceipt.donor_name))}
    assert serials == entries == list(range(1, WORKERS * UNITS + 1))
    assert len(numbers) == WORKERS * UNITS
    assert len(by_donor) == WORKERS * UNITS  # each donation has its own receipt


def test_the_list_of_a_year_keeps_voided_receipts(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        kept = receipts.issue(session, donate(session, fund.id, 5_000, DAY).id)
        receipts.void(session, receipts.issue(session, donate(session, fund.id, 6_000, DAY).id).id, "作废")
        listed = receipts.receipts(session, fund.id, TODAY.year)
        assert receipts.receipts(session, fund.id, TODAY.year - 1) == []
    assert [(r.number, r.status) for r in listed] == [(kept.number, "issued"),
                                                      (f"河滨基金收〔{TODAY.year}〕0002号", "voided")]
