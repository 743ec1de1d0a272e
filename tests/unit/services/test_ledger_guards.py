"""What a fresh-clone trial of the ledger found: money goes out only through a disbursement the
committee approved, whose decisions and committee are checked again on the payment day; a reversed
payment says so on its disbursement; goods that cannot be valued keep the donor's anonymity; receipt
prefixes are unique and a number is found with [ ] too; the official ticket is corrected only with a
reason; the database lets a receipt only be voided and keeps receipts and disbursements; ``wushe check``
finds receipt-number gaps and payments short of approvals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import exc, select, text

from desktop.domain.ledger import EntryKind, default_receipt_prefix
from desktop.errors import NotFoundError
from desktop.services import disbursements, funds, grant_room, ledger, maintenance, receipts
from desktop.services.acting import acting_as
from desktop.services.disbursements import DisbursementInput
from desktop.services.funds import MemberInput
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, GoodsInKind
from ledger_testing import OPENED, TODAY, decide, donate, head, make_fund, pay, running_projects  # noqa: F401 (fixture)
from wushe_testing import refusal

DAY = OPENED + timedelta(days=10)


def proposed(db: Database, fund_id: str, voters: int = 3, **more: object) -> str:
    """An expense of 300 yuan to 青山超市 proposed and decided by ``voters`` of the committee; its id."""
    data = DisbursementInput(**{"kind": EntryKind.EXPENSE, "amount_fen": 30_000, "purpose": "慰问品",
                                "payee": "青山超市", **more})  # type: ignore[arg-type]
    with db.write() as session, acting_as(session, "lixia"):  # the head pays it: 募用分离
        view = disbursements.propose_disbursement(session, fund_id, data, today=DAY)
        decide(session, view.id, DAY, voters)
        return view.id


def test_an_expense_is_paid_only_through_a_disbursement(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 100_000, DAY)
    message = refusal(head, lambda s: ledger.post(s, fund.id, PostingInput(
        "expense", 1_000, DAY, counterparty="青山超市"))).message
    assert "disbursement" in message and "拨付" in message
    assert refusal(head, lambda s: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
        "expense", 1_000, "茶水"))).field == "payee"  # who is paid
    waiting = proposed(head, fund.id)
    with head.write() as session:
        paid = disbursements.post_disbursement(session, waiting, DAY, today=DAY)
    assert (paid.kind, paid.counterparty, paid.memo, paid.amount_fen) == ("expense", "青山超市", "慰问品", 30_000)


def test_the_payment_day_checks_the_decisions_and_the_committee_again(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 1_000_000, DAY)
    waiting = proposed(head, fund.id)
    # The stored status alone is not trusted: a row marked approved with no decisions is not paid.
    unapproved = proposed(head, fund.id, voters=0)
    with head.write() as session:
        session.execute(text("UPDATE disbursement SET status = 'approved' WHERE id = :id"), {"id": unapproved})
    message = refusal(head, lambda s: disbursements.post_disbursement(s, unapproved, DAY, today=DAY)).message
    assert "0 approved, and a committee of 5 needs 3" in message
    # The fund's rule became "the whole committee" after three approved: three are no longer enough.
    with head.write() as session:
        view = funds.get(session, fund.id)
        funds.update(session, fund.id, funds.FundInput(view.name, view.community_id, view.host_charity,
                                                       view.opened_on, view.purpose, "all", view.receipt_prefix))
    assert "3 approved, and a committee of 5 needs 5" in refusal(
        head, lambda s: disbursements.post_disbursement(s, waiting, DAY, today=DAY)).message
    with head.write() as session:
        view = funds.get(session, fund.id)
        funds.update(session, fund.id, funds.FundInput(view.name, view.community_id, view.host_charity,
                                                       view.opened_on, view.purpose, "majority", view.receipt_prefix))
        # A sixth member joins before the payment day: an even committee may not pay.
        funds.add_member(session, fund.id, MemberInput("冉晓梅", "member", DAY + timedelta(days=1)))
    later = DAY + timedelta(days=2)
    assert "odd number" in refusal(
        head, lambda s: disbursements.post_disbursement(s, waiting, later, today=later)).message
    with head.write() as session:  # paid on the day the committee of five approved
        assert disbursements.post_disbursement(session, waiting, DAY, today=later).amount_fen == 30_000


def test_a_reversed_payment_says_so_and_frees_the_grant_room(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 5_000_000, DAY)
        project = running_projects(session)[0]
        left = next(r.left_fen for r in grant_room.grant_rooms(session) if r.project_id == project.id)
        paid = pay(session, fund.id, DisbursementInput("grant", 100_000, "二期", project.id), DAY)
        [view] = [d for d in disbursements.disbursements(session, fund.id) if d.posted_entry_id == paid.id]
        assert (view.status_label, view.posted_number, view.reversed_by_number) == (
            "Paid and posted (已拨付)", paid.number, None)
        reversal = ledger.reverse(session, paid.id, "付错账户")
        view = disbursements.disbursement(session, view.id)
        room = next(r for r in grant_room.grant_rooms(session) if r.project_id == project.id)
    assert view.reversed_by_number == reversal.number
    assert view.status_label == f"Paid, reversed by entry No. {reversal.number}"
    assert room.left_fen == left  # the grant reversed counts for nothing


def test_goods_that_cannot_be_valued_keep_the_donors_anonymity(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        for anonymous in (True, False):
            ledger.post(session, fund.id, PostingInput("donation_goods", None, DAY, counterparty="谭秀兰",
                                                       goods=GoodsInput(f"旧衣物{anonymous}", Decimal(3), "件"),
                                                       anonymous=anonymous))
        kept = dict(session.execute(select(GoodsInKind.name, GoodsInKind.anonymous).where(
            GoodsInKind.fund_id == fund.id)).tuples().all())
    assert kept == {"旧衣物True": True, "旧衣物False": False}


def test_receipt_prefixes_are_unique_and_made_from_the_name(head: Database) -> None:
    assert default_receipt_prefix("清河县慈善会青山社区慈善基金", "清河县慈善会") == "青山基金收"
    assert default_receipt_prefix("河滨社区治理专项基金") == "河滨基金收"
    assert default_receipt_prefix("青山社区慈善基金", "", {"青山基金收"}) == "青山基金收2"
    with head.write() as session:
        first = make_fund(session)
        second = make_fund(session, name="河滨社区治理专项基金")  # the same word: a numbered prefix
    assert (first.receipt_prefix, second.receipt_prefix) == ("河滨基金收", "河滨基金收2")
    assert "河滨基金收" in refusal(head, lambda s: make_fund(s, name="另一个基金", receipt_prefix="河滨基金收")).message


def test_a_receipt_number_is_found_with_square_brackets_and_by_fund(head: Database) -> None:
    with head.write() as session:
        first, second = make_fund(session), make_fund(session, name="河滨社区治理专项基金")
        # Funds from before prefixes were unique: both number their receipts 河滨基金收〔year〕0001号.
        session.execute(text("UPDATE fund SET receipt_prefix = '河滨基金收' WHERE id = :id"), {"id": second.id})
        one = receipts.issue(session, donate(session, first.id, 1_000, DAY).id)
        two = receipts.issue(session, donate(session, second.id, 1_000, DAY).id)
    assert one.number == two.number
    typed = one.number.replace("〔", "[").replace("〕", "]")
    assert "name the fund" in refusal(head, lambda s: receipts.find(s, typed)).message
    with head.read() as session:
        assert (receipts.find(session, typed, first.id), receipts.find(session, two.number, second.id)) == (
            one.id, two.id)
        assert receipts.find(session, one.id) == one.id
    with pytest.raises(NotFoundError, match="No receipt has the number"), head.read() as session:
        receipts.find(session, "没有〔2020〕0001号")


def test_the_official_ticket_is_corrected_only_with_a_reason_kept_in_the_audit_log(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        receipt = receipts.issue(session, donate(session, fund.id, 5_000, DAY).id)
        receipts.record_official_ticket(session, receipt.id, "50010125", "0000123456")
    assert refusal(head, lambda s: receipts.record_official_ticket(s, receipt.id, "50010125", "0000999999")
                   ).field == "correction"
    with head.write() as session:
        fixed = receipts.record_official_ticket(session, receipt.id, "50010125", "0000999999", "号码抄错")
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "receipt.ticket_corrected",
                                                          AuditEntry.row_id == receipt.id)).one()
    assert fixed.official_ticket_number == "0000999999"
    assert "0000123456" in str(logged.detail) and "号码抄错" in str(logged.detail)


@pytest.mark.parametrize("statement", [
    "UPDATE donation_receipt SET amount_fen = 1",
    "UPDATE donation_receipt SET status = 'issued' WHERE status = 'voided'",  # un-voided
    "UPDATE donation_receipt SET void_reason = '改' WHERE status = 'voided'",
    "UPDATE donation_receipt SET status = 'lost'",
    "DELETE FROM donation_receipt",
    "DELETE FROM disbursement",
])
def test_sql_may_only_void_a_receipt_and_keeps_receipts_and_disbursements(head: Database, statement: str) -> None:
    with head.write() as session:
        fund = make_fund(session)
        kept = receipts.issue(session, donate(session, fund.id, 5_000, DAY).id)
        receipts.void(session, receipts.issue(session, donate(session, fund.id, 6_000, DAY).id).id, "作废")
    proposed(head, fund.id, voters=0)
    with pytest.raises(exc.IntegrityError, match="never"), head.write() as session:
        session.execute(text(statement))
    with head.write() as session:  # voiding, the ticket while issued, and sync's stamps still go through
        session.execute(text("UPDATE donation_receipt SET hlc = hlc + 1 WHERE status = 'voided'"))
        session.execute(text("UPDATE donation_receipt SET official_ticket_code = '1' WHERE id = :id"), {"id": kept.id})
        session.execute(text("UPDATE donation_receipt SET status = 'voided', void_reason = '退回' WHERE id = :id"),
                        {"id": kept.id})


def test_check_reports_receipt_gaps_and_payments_short_of_approvals(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        receipt = receipts.issue(session, donate(session, fund.id, 5_000, DAY).id)
        donate(session, fund.id, 100_000, DAY)
    assert maintenance.check(head).faults == []
    short = proposed(head, fund.id, voters=1)
    with head.write() as session:
        expense = pay(session, fund.id, DisbursementInput("expense", 100, "茶水", payee="青山超市"), DAY)
        # Rows from outside the program: a serial skipped, and a payment only one member approved.
        session.execute(text(
            "INSERT INTO donation_receipt (id, created_at, updated_at, origin_node, hlc, created_by, fund_id, year, "
            "serial, number, entry_id, donor_name, amount_fen, purpose, issued_on, issuer, status, void_reason, "
            "official_ticket_code, official_ticket_number) "
            "SELECT 'gap', created_at, updated_at, origin_node, hlc, created_by, fund_id, year, 3, 'x', entry_id, "
            "donor_name, amount_fen, purpose, issued_on, issuer, 'voided', '', '', '' "
            "FROM donation_receipt WHERE id = :id"), {"id": receipt.id})
        session.execute(text("UPDATE disbursement SET status = 'approved' WHERE id = :id"), {"id": short})
        session.execute(text("UPDATE disbursement SET status = 'posted', posted_entry_id = :entry WHERE id = :id"),
                        {"entry": expense.id, "id": short})
    faults = maintenance.check(head).faults
    assert any(f"in {TODAY.year}: 1 number up to 3 is missing" in fault for fault in faults), faults
    assert any("1 of the committee approved; 3 were needed" in fault for fault in faults), faults
