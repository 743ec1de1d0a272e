"""The two reads the 拨付 and 收据 tabs need beyond the ledger's own: what is left of each funded project's
approved amount for grants (granted and awaiting counted), and the donations still owed a receipt."""

from __future__ import annotations

from datetime import timedelta

from desktop.services import disbursements, grant_room, ledger, receipts
from desktop.services.disbursements import DisbursementInput
from desktop.services.receipt_queue import count_without_receipt, donations_without_receipt
from desktop.storage.database import Database
from ledger_testing import OPENED, donate, head, make_fund, post, running_projects  # noqa: F401 (fixture)

DAY = OPENED + timedelta(days=10)


def test_a_grant_room_counts_what_was_granted_and_what_awaits(head: Database) -> None:
    with head.write() as session:
        project = running_projects(session)[0]
        assert project.approved_fen is not None
        before = next(r for r in grant_room.grant_rooms(session) if r.project_id == project.id)
        fund = make_fund(session)
        donate(session, fund.id, 1_000_000, DAY)
        disbursements.propose_disbursement(session, fund.id, DisbursementInput("grant", 50_000, "第二期", project.id))
        after = next(r for r in grant_room.grant_rooms(session) if r.project_id == project.id)
        numbers = [r.number for r in grant_room.grant_rooms(session)]
    assert (before.approved_fen, before.granted_fen, before.waiting_fen) == (
        project.approved_fen, project.approved_fen // 2, 0)  # the demo fund paid half
    assert before.left_fen == project.approved_fen - project.approved_fen // 2 and before.org_name
    assert (after.waiting_fen, after.left_fen) == (50_000, before.left_fen - 50_000)
    assert numbers == sorted(numbers)


def test_donations_without_receipt_leave_out_reversed_and_receipted_ones(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        kept = donate(session, fund.id, 10_000, DAY)
        receipted = donate(session, fund.id, 20_000, DAY)
        mistaken = donate(session, fund.id, 30_000, DAY)
        post(session, fund.id, "expense", 5_000, DAY)
        receipt = receipts.issue(session, receipted.id)
        ledger.reverse(session, mistaken.id, "重复录入")
        owed = [e.id for e in donations_without_receipt(session, fund.id)]
        receipts.void(session, receipt.id, "写错捐赠人")
        owed_after_void = [e.id for e in donations_without_receipt(session, fund.id)]
    assert owed == [kept.id]
    assert owed_after_void == [receipted.id, kept.id]  # a voided receipt's donation is owed one again, newest first


def test_the_issue_dialog_is_offered_the_newest_donations_and_the_one_asked_for(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        oldest, middle, newest = (donate(session, fund.id, amount, DAY) for amount in (10_000, 20_000, 30_000))
        offered = [e.id for e in donations_without_receipt(session, fund.id, limit=1)]
        asked = [e.id for e in donations_without_receipt(session, fund.id, oldest.id, limit=1)]
        receipts.issue(session, middle.id)
        not_owed = [e.id for e in donations_without_receipt(session, fund.id, middle.id, limit=1)]
        count = count_without_receipt(session, fund.id)
    assert offered == [newest.id]
    assert asked == [oldest.id, newest.id]
    assert not_owed == [newest.id]  # a receipted donation is not offered, even when asked for
    assert count == 2
