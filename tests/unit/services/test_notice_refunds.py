"""A refund's payee is the donor it pays back: the public notice names them as it names the donation,
so a donor who asked not to be named, or every donor when the notice is anonymised, is not named in
the spending section (nor in a correction undoing the refund) either."""

from __future__ import annotations

from datetime import timedelta

from desktop.domain.ledger import EntryKind
from desktop.i18n import _
from desktop.services import ledger
from desktop.services.disbursements import DisbursementInput
from desktop.services.fund_notice_paper import ANONYMOUS, notice_paper
from desktop.storage.database import Database
from ledger_testing import TODAY, donate, head, make_fund, pay  # noqa: F401 (fixture)

DAY = TODAY - timedelta(days=20)


def test_a_refund_to_a_donor_who_asked_not_to_be_named_does_not_name_them(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        hidden = donate(session, fund.id, 20_000, DAY, counterparty="匿名李女士", anonymous=True)
        named = donate(session, fund.id, 30_000, DAY, counterparty="王小明")
        for donation, amount in ((hidden, 5_000), (named, 4_000)):
            pay(session, fund.id, DisbursementInput(EntryKind.REFUND, amount, "多捐退回", refund_of_id=donation.id),
                DAY + timedelta(days=1))
    with head.read() as session:
        paper = notice_paper(session, fund.id, DAY, DAY + timedelta(days=1))
        everyone = notice_paper(session, fund.id, DAY, DAY + timedelta(days=1), anonymise_all=True)
    refunds = [(use.recipient, use.amount_fen) for use in paper.uses]
    assert refunds == [(_(ANONYMOUS), 5_000), ("王小明", 4_000)]
    assert [use.recipient for use in everyone.uses] == [_(ANONYMOUS)] * 2
    assert "匿名李女士" not in repr(paper) and "王小明" not in repr(everyone)


def test_a_correction_undoing_a_refund_does_not_name_an_anonymous_donor(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        hidden = donate(session, fund.id, 20_000, DAY, counterparty="匿名李女士", anonymous=True)
        refund = pay(session, fund.id, DisbursementInput(EntryKind.REFUND, 5_000, "多捐退回", refund_of_id=hidden.id),
                     DAY)
        ledger.reverse(session, refund.id, "退错了", on=DAY + timedelta(days=2))
    with head.read() as session:
        paper = notice_paper(session, fund.id, DAY + timedelta(days=1), DAY + timedelta(days=2))
    [correction] = paper.corrections
    assert correction.item == f"多捐退回 {_(ANONYMOUS)}" and "匿名李女士" not in repr(paper)
