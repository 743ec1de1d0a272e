"""The last rules of the ledger through the services: transfers and refunds leave a fund only through a
disbursement the committee approved (募用分离) and are never posted directly; a refund gives back no
more than is left of its donation; goods recorded with no valuation are corrected, or valued later, by
a new record that replaces the earlier one; a stated bank balance is bounded like every amount; and a
correction of the official ticket keeps its reason on the receipt."""

from __future__ import annotations

import shutil
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.domain.ledger import DisbursementStatus, EntryKind, Line, Side
from desktop.errors import ValidationError
from desktop.services import disbursements, goods_corrections, ledger, ledger_lists, outflows, reconciliation, receipts
from desktop.services.disbursements import DisbursementInput
from desktop.services.fund_notice_paper import notice_paper
from desktop.reports.fund_statement import write_statement
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.services.ledger_papers import statement_note, statement_paper
from desktop.storage.database import Database
from desktop.storage.models import GoodsInKind
from ledger_testing import OPENED, TODAY, donate, head, make_fund, pay  # noqa: F401 (fixture)
from project_paper_testing import squeezed, text_of
from wushe_testing import refusal

D, C = Side.DEBIT, Side.CREDIT
DAY = OPENED + timedelta(days=10)


@pytest.mark.parametrize("kind", [EntryKind.TRANSFER_OUT, EntryKind.REFUND])
def test_a_transfer_or_a_refund_is_never_posted_directly(head: Database, kind: EntryKind) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 50_000, DAY)
    found = refusal(head, lambda s: ledger.post(s, fund.id, PostingInput(kind, 1_000, DAY, counterparty="周德明")))
    assert found.field == "kind" and "disbursement the committee approved" in found.message
    assert "Disbursements (拨付)" in found.message


def test_a_transfer_is_proposed_decided_and_paid_as_an_entry_in_each_fund(head: Database) -> None:
    with head.write() as session:
        paying, receiving = make_fund(session), make_fund(session, name="青山社区慈善基金二")
        donate(session, paying.id, 50_000, DAY)
        view = disbursements.propose_disbursement(session, paying.id, DisbursementInput(
            EntryKind.TRANSFER_OUT, 30_000, "调剂助学款", to_fund_id=receiving.id), today=DAY)
        assert (view.payee, view.to_fund_id, view.status) == (receiving.name, receiving.id, DisbursementStatus.PROPOSED)
    with head.write() as session:
        out = pay(session, paying.id, DisbursementInput(EntryKind.TRANSFER_OUT, 30_000, "调剂助学款",
                                                        to_fund_id=receiving.id), DAY)
        [incoming] = ledger.entries(session, receiving.id)
        assert (out.kind, out.counterparty, out.memo, incoming.kind, incoming.counterparty) == (
            EntryKind.TRANSFER_OUT, receiving.name, "调剂助学款", EntryKind.TRANSFER_IN, paying.name)
        assert (out.linked_id, incoming.linked_id) == (incoming.id, out.id)
        assert ledger.balances(session, receiving.id).available_fen == 30_000
    for data, field in ((DisbursementInput(EntryKind.TRANSFER_OUT, 1, "调拨"), "to_fund_id"),
                        (DisbursementInput(EntryKind.TRANSFER_OUT, 1, "调拨", to_fund_id=paying.id), "to_fund_id"),
                        (DisbursementInput(EntryKind.EXPENSE, 1, "支出", payee="某店", to_fund_id=receiving.id),
                         "to_fund_id")):
        assert refusal(head, lambda s, data=data: disbursements.propose_disbursement(s, paying.id, data)).field == field


def test_a_refund_gives_back_no_more_than_is_left_of_its_donation(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donation = donate(session, fund.id, 50_000, DAY)
        donate(session, fund.id, 10_000, DAY, counterparty="李四")
        goods = ledger.post(session, fund.id, PostingInput(EntryKind.DONATION_GOODS, 1_000, DAY, counterparty="王五",
                                                           goods=GoodsInput("米", Decimal(1), "袋"))).entry
        assert goods is not None
        refund = pay(session, fund.id, DisbursementInput(EntryKind.REFUND, 20_000, "多捐退回",
                                                         refund_of_id=donation.id), DAY + timedelta(days=1))
        waiting = disbursements.propose_disbursement(session, fund.id, DisbursementInput(
            EntryKind.REFUND, 25_000, "再退", refund_of_id=donation.id), today=DAY + timedelta(days=2))
        assert [(r.number, r.left_fen) for r in outflows.refundable(session, fund.id)] == [(2, 10_000),
                                                                                           (1, 5_000)]
    assert refund.lines == (Line("refunds", D, 20_000), Line("bank", C, 20_000))
    assert (refund.counterparty, waiting.payee, waiting.refund_of_number) == ("周德明", "周德明", donation.number)
    too_much = refusal(head, lambda s: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
        EntryKind.REFUND, 5_001, "三退", refund_of_id=donation.id), today=DAY + timedelta(days=2)))
    assert too_much.field == "amount" and "at most 50.00 yuan is left to refund" in too_much.message
    for named, field in ((None, "refund_of_id"), (goods.id, "refund_of_id"), (refund.id, "refund_of_id")):
        assert refusal(head, lambda s, named=named: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
            EntryKind.REFUND, 1, "退", refund_of_id=named))).field == field
    with head.write() as session:  # the refund reversed: its amount may be refunded again
        ledger.reverse(session, refund.id, "退错了")
        assert outflows.refunded_fen(session, donation.id, with_open=False) == 0
        assert outflows.refunded_fen(session, donation.id, with_open=True) == 25_000


def test_goods_recorded_with_no_valuation_are_corrected_then_valued_by_new_records(head: Database,
                                                                                     tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        first = ledger.post(session, fund.id, PostingInput(EntryKind.DONATION_GOODS, None, DAY, counterparty="谭秀兰",
                                                           goods=GoodsInput("旧衣物", Decimal(46), "件"),
                                                           anonymous=True)).goods_id
        assert first is not None
        fixed = goods_corrections.correct_goods(session, first, GoodsInput("旧衣物", Decimal(64), "件"), None,
                                                "数量点错", today=DAY + timedelta(days=1))
        assert fixed.entry is None and fixed.goods_id is not None
        valued = goods_corrections.correct_goods(session, fixed.goods_id, GoodsInput("旧衣物", Decimal(64), "件"),
                                                 32_000, "补充估值：二手市场价", today=DAY + timedelta(days=5))
        entry = valued.entry
        assert entry is not None
        assert (entry.kind, entry.posted_on, entry.amount_fen, entry.counterparty, entry.anonymous, entry.reason) == (
            EntryKind.DONATION_GOODS, DAY + timedelta(days=5), 32_000, "谭秀兰", True, "补充估值：二手市场价")
        assert ledger.balances(session, fund.id).accounts["goods"] == 32_000
        listed = {g.id: g for g in ledger_lists.goods_received(session, fund.id)}
        assert [(listed[i].replaced, listed[i].reason, listed[i].correctable) for i in (first, fixed.goods_id)] == [
            (True, "", False), (True, "数量点错", False)]
        assert (listed[valued.goods_id].entry_number, listed[valued.goods_id].reason) == (1, "补充估值：二手市场价")
        # The public notice of the month counts the goods once, as the last record says.
        notice = notice_paper(session, fund.id, DAY, DAY + timedelta(days=10), posted_on=TODAY)
        assert [(d.what, d.amount_fen) for d in notice.donations] == [("旧衣物 64件", 32_000)]
        # Every record stays: the table is append-only.
        assert len(session.scalars(select(GoodsInKind).where(GoodsInKind.fund_id == fund.id)).all()) == 3
        statement = statement_paper(session, fund.id, DAY, DAY + timedelta(days=10))
    # The statement says why the goods came in late, on paper too.
    assert [statement_note(line) for line in statement.lines] == ["Valued later: 补充估值：二手市场价"]
    if shutil.which("pdftotext"):
        assert "Valuedlater:补充估值：二手市场价" in squeezed(text_of(
            write_statement(statement, tmp_path / "statement.pdf"), mode="-raw"))
    assert refusal(head, lambda s: goods_corrections.correct_goods(
        s, first, GoodsInput("旧衣物", Decimal(1), "件"), None, "再改")).field == "goods_id"  # corrected already
    assert refusal(head, lambda s: goods_corrections.correct_goods(
        s, valued.goods_id, GoodsInput("旧衣物", Decimal(1), "件"), None, "再改")).field == "goods_id"  # reverse it instead
    with head.write() as session:
        other = ledger.post(session, fund.id, PostingInput(EntryKind.DONATION_GOODS, None, DAY, counterparty="某人",
                                                           goods=GoodsInput("书", Decimal(3), "本"))).goods_id
    assert other is not None
    for valued_fen, reason, field in ((None, " ", "reason"), (0, "估值", "amount"), (10**14, "估值", "amount")):
        assert refusal(head, lambda s, v=valued_fen, r=reason: goods_corrections.correct_goods(
            s, other, GoodsInput("书", Decimal(3), "本"), v, r)).field == field
    with pytest.raises(Exception, match="append-only"), head.write() as session:
        session.execute(text("UPDATE goods_in_kind SET reason = '改' WHERE id = :id"), {"id": other})


def test_a_stated_balance_is_bounded_like_every_amount(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        zero = reconciliation.assert_balance(session, fund.id, "bank", DAY, 0, "银行对账单")
    assert zero.matches
    for amount in (10**14, 2**63 - 1, -1):
        found = refusal(head, lambda s, a=amount: reconciliation.assert_balance(s, fund.id, "bank", DAY, a, "对账单"))
        assert found.field == "amount"
    assert "below 1,000,000,000,000 yuan" in refusal(
        head, lambda s: reconciliation.assert_balance(s, fund.id, "bank", DAY, 10**14, "对账单")).message


def test_a_ticket_correction_keeps_its_reason_on_the_receipt(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        receipt = receipts.issue(session, donate(session, fund.id, 10_000, DAY).id)
        receipts.record_official_ticket(session, receipt.id, "50010125", "0000123456")
    assert refusal(head, lambda s: receipts.record_official_ticket(s, receipt.id, "50010125", "0000123465")).field == \
        "correction"
    with head.write() as session:
        fixed = receipts.record_official_ticket(session, receipt.id, "50010125", "0000123465", "票据号码抄错")
    assert (fixed.official_ticket_number, fixed.ticket_correction) == ("0000123465", "票据号码抄错")
    with pytest.raises(ValidationError):
        with head.write() as session:
            receipts.record_official_ticket(session, receipt.id, "50010125", "1", " ")


def test_a_donation_with_a_refund_paid_is_reversed_only_after_the_refund(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donation = donate(session, fund.id, 50_000, DAY)
        refund = pay(session, fund.id, DisbursementInput(EntryKind.REFUND, 20_000, "退回", refund_of_id=donation.id),
                     DAY)
    found = refusal(head, lambda s: ledger.reverse(s, donation.id, "录错"))
    assert found.field == "entry_id" and "200.00 yuan of entry 1 was refunded" in found.message
    with head.write() as session:
        ledger.reverse(session, refund.id, "退错")
        assert ledger.reverse(session, donation.id, "录错").reverses_id == donation.id
