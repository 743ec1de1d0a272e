"""The public notice (收支公示) as posted: each project's grants dated with the days they were paid in the
period, the small balance table never split from its heading nor over two pages, and no table's total
left alone on a page, however many donations push it down."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.ledger import EntryKind
from desktop.reports.fund_notice import write_notice
from desktop.reports.fund_statement import ledger_day
from desktop.services.fund_notice_paper import NoticeDonation, NoticePaper, NoticeUse, notice_paper
from desktop.services.ledger_papers import FundHead, find_fund
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.disbursements import DisbursementInput
from desktop.storage.database import Database
from desktop.storage.models import LedgerEntry
from ledger_testing import TODAY, donate, head, make_fund, pay, running_projects  # noqa: F401 (fixture)
from project_paper_testing import pages_of, rows_of, squeezed

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

HEAD = FundHead("青山镇社会工作服务站", "023-48612345", "f", "青山社区慈善基金", "青山社区", "清河县慈善会")
START = TODAY - timedelta(days=200)


def paper_of(donations: int) -> NoticePaper:
    """A notice of ``donations`` gifts and three uses, one a project paid in two tranches."""
    gifts = tuple(NoticeDonation(START + timedelta(days=n), f"Donor{n}", "Money", "助学", 10_000 + n)
                  for n in range(donations))
    uses = (NoticeUse((START, START + timedelta(days=40)), "创投-2026-0001 幸福食堂", "新华社区老年协会", "Grant",
                      1_400_000),
            NoticeUse((START + timedelta(days=3),), "茶水", "青山超市", "Expense", 1_000),
            NoticeUse((START + timedelta(days=9),), "宣传单", "印刷厂", "Expense", 2_000))
    received = sum(g.amount_fen or 0 for g in gifts)
    return NoticePaper(HEAD, START, TODAY, TODAY, TODAY + timedelta(days=6), gifts, uses, (), 2_000_000,
                       2_000_000 + received - sum(u.amount_fen for u in uses), ("陈淑华",), False)


def page_with(pages: list[str], text: str) -> int:
    [found] = [n for n, page in enumerate(pages) if squeezed(text) in squeezed(page)]
    return found


def check_kept_together(pdf: Path, donations: int) -> None:
    pages = pages_of(pdf)
    balances = page_with(pages, "Book balance (with goods)")
    assert page_with(pages, "Balance at the start") == page_with(pages, "Balance at the end") == balances, donations
    # Neither total alone under a header repeated on a new page: each with the last row above it.
    assert page_with(pages, f"Donor{donations - 1}") == page_with(pages, "in all"), donations
    assert page_with(pages, "宣传单") == page_with(pages, "Total"), donations


def test_the_balances_and_totals_stay_together_where_the_first_page_ends(tmp_path: Path) -> None:
    for donations in range(1, 6):  # two of these split the balance table over the first two pages
        check_kept_together(write_notice(paper_of(donations), tmp_path / f"notice{donations}.pdf"), donations)


@pytest.mark.slow
def test_the_balances_and_totals_stay_together_however_long_the_notice(tmp_path: Path) -> None:
    for donations in range(1, 80):
        check_kept_together(write_notice(paper_of(donations), tmp_path / "notice.pdf"), donations)


def test_a_project_s_grants_are_dated_with_each_payment_in_the_period(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund_id = find_fund(session, DEMO_FUND)
        project = running_projects(session)[0]
        pay(session, fund_id, DisbursementInput(EntryKind.GRANT, 100_000, "第二期资助款", project.id),
            TODAY - timedelta(days=1))
        paid = sorted(session.scalars(select(LedgerEntry.posted_on).where(LedgerEntry.project_id == project.id,
                                                                          LedgerEntry.kind == EntryKind.GRANT)))
    with head.read() as session:
        paper = notice_paper(session, fund_id, TODAY - timedelta(days=365), TODAY)
    [row] = [u for u in paper.uses if u.item.startswith(project.number)]
    assert len(paid) == 2 and row.paid_on == tuple(paid)
    assert all(len(u.paid_on) == 1 for u in paper.uses if u is not row)  # every other use is one payment
    rows = rows_of(write_notice(paper, tmp_path / "notice.pdf"))
    [first_line] = [line for line in rows if project.number.split("-")[0] in line and squeezed(ledger_day(paid[0]))
                    in line]
    assert first_line.startswith(f"1{squeezed(ledger_day(paid[0]))}")  # numbered 1, dated, then the project
    assert squeezed(ledger_day(paid[1])) in rows[rows.index(first_line) + 1]  # the second day under the first


def test_a_fund_with_one_donation_posts_its_tables_on_the_first_page(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 50_000, TODAY - timedelta(days=3), memo="助学")
    with head.read() as session:
        paper = notice_paper(session, fund.id, TODAY - timedelta(days=30), TODAY)
    pages = pages_of(write_notice(paper, tmp_path / "notice.pdf"))
    for fact in ("1. Donations received", "周德明", "1 donation in all", "2. Use of the money", "None recorded.",
                 "3. Book balance (with goods)", "Balance at the start", "Balance at the end", "500.00 yuan"):
        assert squeezed(fact) in squeezed(pages[0]), fact
    assert page_with(pages, "Notice period") == page_with(pages, "Management committee of") == len(pages) - 1
