"""What a trial user of the community-foundation ledger found (issue 7), through the services on a copy of the
demo station (``ledger_testing``): a balance fixes its own account only; a paper of days before the fund
opened is refused; an empty notice says nothing of anonymous donors; funds are listed in pinyin order; a
refusal names the role needed; a grant to a project still in review says it is not approved yet."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.ledger import EntryKind
from desktop.domain.project_workflow import Status
from desktop.errors import ValidationError
from desktop.reports.fund_notice import write_notice
from desktop.services import disbursements, fund_statements, funds, ledger, ledger_lists, reconciliation
from desktop.services.disbursements import DisbursementInput
from desktop.services.fund_notice_paper import notice_paper
from desktop.services.guard import PermissionDenied
from desktop.services.ledger import PostingInput
from desktop.storage.database import Database
from desktop.storage.models import Project
from ledger_testing import OPENED, TODAY, donate, head, make_fund  # noqa: F401 (fixture)
from project_paper_testing import squeezed, text_of
from project_testing import acting
from wushe_testing import refusal

DAY = OPENED + timedelta(days=10)


def test_a_balance_fixes_the_day_of_its_own_account_only(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 100_000, DAY)
        reconciliation.assert_balance(session, fund.id, "bank", DAY, 100_000, "银行对账单")
        cash = donate(session, fund.id, 500, DAY, account="cash")  # the bank's balance of that day is unchanged
        assert reconciliation.closed_through(session, fund.id, ["cash"]) is None
        assert reconciliation.closed_through(session, fund.id, ["bank"]) == DAY
    found = refusal(head, lambda s: donate(s, fund.id, 500, DAY))
    assert found.field == "backdate_reason" and "withdraw it and record it again after them" in found.message
    assert f"Date the entry after {DAY.isoformat()}" in found.message
    with head.read() as session:
        assert ledger_lists.backdate_reasons(session, [cash.id]) == {}
    with head.write() as session:  # a balance of today: no later day to offer, as a future date is refused
        reconciliation.assert_balance(session, fund.id, "bank", date.today(), 100_000, "银行对账单")
    today = refusal(head, lambda s: donate(s, fund.id, 500, date.today()))
    assert "at the end of today" in today.message and "Date the entry after" not in today.message


def test_a_paper_of_days_before_the_fund_opened_is_refused(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
    before = (OPENED - timedelta(days=60), OPENED - timedelta(days=1))
    for paper in (fund_statements.statement, notice_paper):
        found = refusal(head, lambda s, p=paper: p(s, fund.id, *before))
        assert (found.field, found.message) == ("end", f"{fund.name} opened on {OPENED.isoformat()}: this period ends "
                                                       f"before it, so there is nothing to show. End the period on "
                                                       f"{OPENED.isoformat()} or later.")
    with head.read() as session:  # a period that reaches the opening day is printed
        assert fund_statements.statement(session, fund.id, before[0], OPENED).opening_fen == 0


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_anonymous_donors_note_is_printed_only_under_an_anonymous_donor(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 10_000, DAY)
        donate(session, fund.id, 20_000, DAY + timedelta(days=20), anonymous=True)
    with head.read() as session:
        empty = notice_paper(session, fund.id, DAY + timedelta(days=1), DAY + timedelta(days=10), posted_on=TODAY)
        named = notice_paper(session, fund.id, DAY, DAY + timedelta(days=10), posted_on=TODAY)
        hidden = notice_paper(session, fund.id, DAY, DAY + timedelta(days=20), posted_on=TODAY)
    assert (empty.donations, empty.names_hidden, named.names_hidden, hidden.names_hidden) == ((), False, False, True)
    note = squeezed("Donors who asked not to be named are shown as")
    for paper, shown in ((empty, False), (named, False), (hidden, True)):
        assert (note in squeezed(text_of(write_notice(paper, tmp_path / "notice.pdf")))) is shown


def test_funds_are_listed_in_pinyin_order_of_their_names(head: Database) -> None:
    with head.write() as session:
        make_fund(session)  # 清河县慈善会河滨社区慈善基金: qing he
        make_fund(session, name="白云社区慈善基金", receipt_prefix="白云收")  # bai: first, though 白 > 清 by code
        names = [view.name for view in funds.list_all(session)]
    assert names == ["白云社区慈善基金", "清河县慈善会河滨社区慈善基金", "青山社区慈善基金"]


def test_a_refusal_names_the_role_needed_and_a_grant_waits_for_approval(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
    with acting(head, "lixia"), pytest.raises(PermissionDenied) as caught, head.write() as session:  # a social worker
        ledger.post(session, fund.id, PostingInput("donation_money", 100, TODAY, counterparty="周德明"))
    assert caught.value.message == ("As Social worker you may not post to the fund ledgers and issue donation "
                                    "receipts; it needs the role of Station head or Finance officer.")
    with head.read() as session:
        project = session.scalars(select(Project).where(Project.status == Status.IN_REVIEW)).first()
        assert project is not None
        number, project_id = project.number, project.id
    found = refusal(head, lambda s: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
        EntryKind.GRANT, 100_000, "首期资助", project_id=project_id)))
    assert (found.field, found.message) == ("project_id", f"Project {number} is not approved yet (未立项): it is In "
                                                          "review (评审中). A grant is paid only once it is approved, "
                                                          "up to its approved amount.")
    assert isinstance(found, ValidationError)
