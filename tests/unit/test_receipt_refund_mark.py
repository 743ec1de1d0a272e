"""The donation receipt (捐赠收据) of a donation given back: stamped across both copies 已退款 with the amount,
then 已全额退款 once the whole donation is refunded, with a red line saying how much; the mark goes when the
refund is reversed. Read from the PDF's text, as a reader (or a search) finds it."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.reports.donation_receipt import write_receipt
from desktop.services import ledger, receipts
from desktop.services.ledger_papers import receipt_paper
from desktop.storage.database import Database
from ledger_testing import TODAY, donate, head, make_fund, post  # noqa: F401 (fixture)
from project_paper_testing import squeezed, text_of
from wushe_testing import unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


def printed(db: Database, number: str, out: Path) -> str:
    """The receipt's PDF text in the order drawn (the stamp is set at a slant), without white space."""
    with db.read() as session:
        pdf = write_receipt(receipt_paper(session, number), out)
    assert unembedded_fonts(pdf) == []
    return squeezed(text_of(pdf, mode="-raw"))


def test_a_refunded_donation_s_receipt_is_stamped_with_what_was_given_back(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        gift = donate(session, fund.id, 100_000, TODAY - timedelta(days=5), memo="助学捐款")
        issued = receipts.issue(session, gift.id)
    before = printed(head, issued.number, tmp_path / "issued.pdf")
    assert "REFUNDED" not in before and "退款" not in before and "壹仟元整" in before

    with head.write() as session:
        part = post(session, fund.id, "refund", 30_000, TODAY - timedelta(days=2), refund_of_id=gift.id)
    with head.read() as session:
        assert receipt_paper(session, issued.number).status_label == "Issued (已开具), 300.00 yuan refunded (已退款)"
    flat = printed(head, issued.number, tmp_path / "part.pdf")
    assert flat.count("REFUNDED¥300.00(已退款)") == 2  # the stamp, on the donor's copy and the counterfoil
    assert flat.count(squeezed("Refunded (已退款): 300.00 yuan of the 1,000.00 yuan was given back to the donor.")) == 2
    assert "FULLYREFUNDED" not in flat and "壹仟元整" in flat  # the receipt still says what was given

    with head.write() as session:
        post(session, fund.id, "refund", 70_000, TODAY - timedelta(days=1), refund_of_id=gift.id)
    flat = printed(head, issued.number, tmp_path / "full.pdf")
    assert flat.count("FULLYREFUNDED(已全额退款)") == 2
    assert flat.count(squeezed("Fully refunded (已全额退款): the whole 1,000.00 yuan was given back to the donor.")) == 2

    with head.write() as session:  # the first refund undone: 700.00 of it stays given back
        ledger.reverse(session, part.id, "退款登记有误")
    flat = printed(head, issued.number, tmp_path / "reversed.pdf")
    assert flat.count("REFUNDED¥700.00(已退款)") == 2 and "FULLYREFUNDED" not in flat


def test_a_voided_receipt_is_stamped_void_not_refunded(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        gift = donate(session, fund.id, 50_000, TODAY - timedelta(days=5))
        voided = receipts.void(session, receipts.issue(session, gift.id).id, "金额填错")
        post(session, fund.id, "refund", 50_000, TODAY - timedelta(days=1), refund_of_id=gift.id)
    flat = printed(head, voided.number, tmp_path / "void.pdf")
    assert flat.count("VOID(作废)") == 2 and "REFUNDED" not in flat and "退款" not in flat
