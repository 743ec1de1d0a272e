"""A statement or public notice saved or printed is a publication (issue 7): its period's books are closed, so
an entry dated in it (or before it) needs a reason for back-dating, audited and shown with the entry; a
reversal made today of an entry of that period is not back-dated; a receipt is on no paper and is not held up;
and ``wushe check`` reports a publication whose totals its period's entries no longer give, until a corrected
one is printed."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from desktop.reports.fund_notice import write_notice
from desktop.services import ledger, ledger_check, ledger_lists, publications, receipts, reconciliation
from desktop.services.fund_notice_paper import notice_paper
from desktop.services.fund_statements import statement
from desktop.services.ledger import PostingInput
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry
from desktop.storage.digest import file_sha256
from ledger_testing import OPENED, TODAY, donate, head, make_fund  # noqa: F401 (fixture)
from wushe_testing import refusal

START, END = OPENED + timedelta(days=1), OPENED + timedelta(days=30)
WHY = "漏记的义卖款"


def published_notice(db: Database, tmp_path: Path) -> tuple[str, publications.Publication, str]:
    """A fund with a donation in the period, whose notice was written and printed; the fund, the publication and
    the donation's id."""
    with db.write() as session:
        fund = make_fund(session)
        gift = donate(session, fund.id, 100_000, START + timedelta(days=5))
        paper = notice_paper(session, fund.id, START, END)
    path = write_notice(paper, tmp_path / "notice.pdf")
    with db.write() as session:
        return fund.id, publications.record(session, paper, path), gift.id


def test_a_printed_notice_is_recorded_with_its_totals_and_the_files_digest(head: Database, tmp_path: Path) -> None:
    fund_id, printed, _gift = published_notice(head, tmp_path)
    assert (printed.kind, printed.start, printed.end, printed.by) == ("notice", START, END, "周建国")
    assert printed.totals == publications.Totals(0, 100_000, 0, 100_000)
    assert printed.sha256 == file_sha256(tmp_path / "notice.pdf") and len(printed.sha256) == 64
    with head.read() as session:  # a statement only read (as the preview does) publishes nothing
        statement(session, fund_id, START, END)
        assert publications.publications(session, fund_id) == [printed]


def test_an_entry_dated_into_a_published_period_needs_a_reason_audited_and_shown(head: Database,
                                                                                 tmp_path: Path) -> None:
    fund_id, _printed, _gift = published_notice(head, tmp_path)
    for day in (START, END, OPENED):  # in the period, or before it (its opening balance would change)
        found = refusal(head, lambda s, d=day: ledger.post(s, fund_id, PostingInput(
            "donation_money", 666, d, counterparty="周德明", account="cash")))
        assert found.field == "backdate_reason"
        assert found.message.startswith(f"Public notice of 清河县慈善会河滨社区慈善基金 for {START.isoformat()} – "
                                        f"{END.isoformat()} was printed on {TODAY.isoformat()} by 周建国")
    with head.write() as session:
        donate(session, fund_id, 500, END + timedelta(days=1))  # after the period: open
        late = donate(session, fund_id, 666, END, backdate_reason=WHY, account="cash")
        detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == ledger.BACKDATED,
                                                                AuditEntry.row_id == late.id))
        shown = ledger_lists.backdate_reasons(session, [late.id])
    assert json.loads(detail or "{}") == {"reason": WHY, "closed_through": END.isoformat()}
    assert shown == {late.id: WHY}


def test_a_reversal_made_today_leaves_the_published_period_as_printed(head: Database, tmp_path: Path) -> None:
    fund_id, printed, gift = published_notice(head, tmp_path)
    assert refusal(head, lambda s: ledger.reverse(s, gift, "重复记账", on=END)).field == "backdate_reason"
    with head.write() as session:
        ledger.reverse(session, gift, "重复记账")  # dated today, after the period: a correction in the next one
        assert ledger_check.changed_publications(session) == []
        assert notice_paper(session, fund_id, START, END).totals == printed.totals


def test_a_receipt_is_on_no_paper_and_a_period_closes_the_form_row(head: Database, tmp_path: Path) -> None:
    fund_id, _printed, gift = published_notice(head, tmp_path)
    with head.write() as session:
        issued = receipts.issue(session, gift, issued_on=START + timedelta(days=6))
        assert issued.issued_on == START + timedelta(days=6)
        assert reconciliation.closed_through(session, fund_id) == END
        assert reconciliation.closed_through(session, fund_id, None, False) is None


def test_the_check_reports_a_publication_whose_totals_changed(head: Database, tmp_path: Path) -> None:
    fund_id, _printed, _gift = published_notice(head, tmp_path)
    with head.write() as session:
        donate(session, fund_id, 666, START, backdate_reason=WHY)
    with head.read() as session:
        session.info.pop("principal", None)  # as ``wushe check`` reads: nobody signed in
        assert ledger_check.changed_publications(session) == [
            f"Public notice of 清河县慈善会河滨社区慈善基金 for {START.isoformat()} – {END.isoformat()}, printed on "
            f"{TODAY.isoformat()}, no longer matches its entries: it closed at 1000.00 yuan, they now close at "
            "1006.66 yuan. Post a corrected one."]
        assert "principal" not in session.info
    with head.write() as session:  # the corrected notice printed: the check is satisfied
        paper = notice_paper(session, fund_id, START, END)
        publications.record(session, paper, write_notice(paper, tmp_path / "corrected.pdf"))
        assert ledger_check.changed_publications(session) == []
