"""When a donation receipt may be dated: never before the receipt numbered before it in its fund and year
(a voided one included), so the numbers follow the dates; and into books a confirmed bank balance closed
only with the reason an entry dated that day would need, kept in the audit log. Goods are recorded with a
quantity in a unit."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.services import ledger, reconciliation, receipts
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, DonationReceipt
from ledger_testing import OPENED, TODAY, donate, head, make_fund  # noqa: F401 (fixture)
from wushe_testing import refusal

DAY = OPENED + timedelta(days=10)
CLOSED = DAY + timedelta(days=30)  # the day of a bank statement that agrees with the ledger


def test_a_receipt_dated_into_closed_books_needs_the_reason_an_entry_dated_that_day_needs(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        entry = donate(session, fund.id, 100_000, DAY)
        reconciliation.assert_balance(session, fund.id, "bank", CLOSED, 100_000, "银行对账单")
    for day in (DAY, CLOSED):
        posting = refusal(head, lambda s, d=day: ledger.post(s, fund.id, PostingInput(
            "donation_money", 666, d, counterparty="周德明")))
        receipt = refusal(head, lambda s, d=day: receipts.issue(s, entry.id, issued_on=d))
        assert (receipt.field, receipt.message) == (posting.field, posting.message) == (
            "backdate_reason", posting.message)
        assert CLOSED.isoformat() in receipt.message and day.isoformat() in receipt.message
    with head.read() as session:
        assert session.scalar(select(DonationReceipt.id).where(DonationReceipt.entry_id == entry.id)) is None
    with head.write() as session:
        issued = receipts.issue(session, entry.id, issued_on=DAY + timedelta(days=3), backdate_reason=" 补开收据 ")
        detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == receipts.BACKDATED,
                                                                AuditEntry.row_id == issued.id))
        later = donate(session, fund.id, 500, CLOSED + timedelta(days=1))
        open_ = receipts.issue(session, later.id, issued_on=CLOSED + timedelta(days=1))  # after the statement
        unaudited = session.scalar(select(AuditEntry.id).where(AuditEntry.action == receipts.BACKDATED,
                                                               AuditEntry.row_id == open_.id))
    assert issued.issued_on == DAY + timedelta(days=3)
    assert json.loads(detail or "{}") == {"reason": "补开收据", "closed_through": CLOSED.isoformat()}
    assert unaudited is None


def test_a_receipt_is_never_dated_before_the_one_numbered_before_it(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        first, second, third = (donate(session, fund.id, 1_000 * n, DAY) for n in (1, 2, 3))
        late = receipts.issue(session, first.id, issued_on=DAY + timedelta(days=20))
    found = refusal(head, lambda s: receipts.issue(s, second.id, issued_on=DAY + timedelta(days=5)))
    assert found.field == "issued_on"
    assert found.message == (f"Receipt {late.number}, the one before in the numbering, is dated "
                             f"{late.issued_on.isoformat()}: a receipt may not be dated before the one before it. "
                             f"Date it {late.issued_on.isoformat()} or later.")
    with head.write() as session:
        same_day = receipts.issue(session, second.id, issued_on=late.issued_on)
        receipts.void(session, same_day.id, "金额写错", today=TODAY)
    # A voided receipt keeps its number and its day in the sequence.
    found = refusal(head, lambda s: receipts.issue(s, third.id, issued_on=DAY + timedelta(days=19)))
    assert found.field == "issued_on" and same_day.number in found.message
    with head.write() as session:
        in_order = receipts.issue(session, third.id, issued_on=DAY + timedelta(days=21))
        last = receipts.last_receipts(session, fund.id)
    assert (in_order.serial, same_day.serial) == (late.serial + 2, late.serial + 1)
    assert last[in_order.year] == receipts.LastReceipt(in_order.number, in_order.issued_on)


def test_each_year_numbers_its_own_receipts_in_date_order(head: Database) -> None:
    this_year = date(TODAY.year, 1, 1)
    last_december = this_year - timedelta(days=11)
    with head.write() as session:
        fund = make_fund(session, opened_on=this_year - timedelta(days=60))
        december = donate(session, fund.id, 1_000, last_december)
        january = donate(session, fund.id, 2_000, this_year)
        new_year = receipts.issue(session, january.id, issued_on=this_year)
        # Dated before the new year's first receipt, but in the old year's numbering, where it is the last.
        old_year = receipts.issue(session, december.id, issued_on=last_december + timedelta(days=1))
    assert (new_year.year, new_year.serial, old_year.year, old_year.serial) == (TODAY.year, 1, TODAY.year - 1, 1)


@pytest.mark.parametrize(("goods", "field"), [
    (GoodsInput("书", Decimal(3), ""), "unit"),
    (GoodsInput("书", Decimal(3), "  "), "unit"),
    (GoodsInput("书", Decimal(0), "本"), "quantity"),
    (GoodsInput(" ", Decimal(3), "本"), "goods"),
])
def test_goods_are_recorded_by_name_and_a_quantity_in_a_unit(head: Database, goods: GoodsInput, field: str) -> None:
    with head.write() as session:
        fund = make_fund(session)
    for valued in (None, 5_000):
        found = refusal(head, lambda s, v=valued: ledger.post(s, fund.id, PostingInput(
            "donation_goods", v, TODAY, counterparty="谭秀兰", goods=goods)))
        assert found.field == field
    assert refusal(head, lambda s: ledger.post(s, fund.id, PostingInput(
        "donation_goods", None, TODAY, counterparty="谭秀兰", goods=GoodsInput("书", Decimal(3), "")))).message == \
        "Give the unit the goods are counted in, like 份, 件 or 袋."
    with head.write() as session:
        kept = ledger.post(session, fund.id, PostingInput("donation_goods", None, TODAY, counterparty="谭秀兰",
                                                          goods=GoodsInput("书", Decimal(3), " 本 ")))
    assert kept.entry is None and kept.goods_id is not None
