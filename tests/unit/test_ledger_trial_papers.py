"""The fund papers as a trial of issue 7 found them: the receipt's amount in words and fund name each on one
line (pdftotext gives each as one string), the statement's dates on one line and its kinds unbroken, the
English statement no longer than the Chinese, and the notice naming the host once when the fund's name
begins with it."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.i18n import set_locale
from desktop.reports.donation_receipt import write_receipt
from desktop.reports.fund_notice import write_notice
from desktop.reports.fund_statement import write_statement
from desktop.services import receipts
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.fund_notice_paper import notice_paper
from desktop.services.ledger_papers import find_fund, receipt_paper, statement_paper
from desktop.storage.database import Database
from ledger_testing import TODAY, donate, head, make_fund  # noqa: F401 (fixture)
from project_paper_testing import pdf_info, squeezed, text_of

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
DAY = TODAY - timedelta(days=20)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_receipt_prints_the_amount_in_words_and_the_fund_on_one_line(head: Database, tmp_path: Path,
                                                                          locale: str) -> None:
    with head.write() as session:
        fund = make_fund(session)  # 清河县慈善会河滨社区慈善基金
        issued = receipts.issue(session, donate(session, fund.id, 888_888, DAY).id)
    with head.read() as session:
        paper = receipt_paper(session, issued.id)
    set_locale(locale)
    lines = text_of(write_receipt(paper, tmp_path / "receipt.pdf"), mode="-layout").splitlines()
    words = "人民币捌仟捌佰捌拾捌元捌角捌分" if locale == "zh_CN" else "RMB 捌仟捌佰捌拾捌元捌角捌分"
    assert sum(words in line for line in lines) == 2, lines  # whole, on each copy
    assert sum(line.split()[-1:] == [fund.name] for line in lines) == 2, lines  # its row holds it alone


def test_the_statement_dates_and_kinds_stay_on_one_line(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        for n in range(28):
            donate(session, fund.id, 99_999_999 + n, DAY + timedelta(days=n % 15), memo=f"第{n + 1}笔社区公益捐款")
    set_locale("zh_CN")
    with head.read() as session:
        paper = statement_paper(session, fund.id, DAY, TODAY)
    pdf = write_statement(paper, tmp_path / "statement.pdf")
    lines = text_of(pdf, mode="-layout").splitlines()
    day = DAY.strftime("%m-%d") if DAY.year == TODAY.year else DAY.isoformat()  # the year in the header
    rows = [line for line in lines if line.lstrip().startswith(day)]
    assert rows and all("货币捐赠" in line for line in rows[1:]), rows  # the date and the kind whole
    assert "1,000,000.26" in squeezed(text_of(pdf))


def test_the_notice_names_the_host_once(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)  # its name begins with its host's, 清河县慈善会
        donate(session, fund.id, 10_000, DAY)
        other = make_fund(session, name="河滨社区慈善基金", receipt_prefix="河滨二收")
        donate(session, other.id, 10_000, DAY)
    with head.read() as session:
        own, held = (notice_paper(session, f, DAY, TODAY) for f in (fund.id, other.id))
    flat = squeezed(text_of(write_notice(own, tmp_path / "own.pdf")))
    assert squeezed(f"we post what {fund.name} received and used") in flat and "heldby" not in flat
    flat = squeezed(text_of(write_notice(held, tmp_path / "held.pdf")))
    assert squeezed("we post what 河滨社区慈善基金, held by 清河县慈善会, received") in flat


def test_the_english_statement_is_laid_out_as_tightly_as_the_chinese(head: Database, tmp_path: Path) -> None:
    """The demo fund's year: the English head's labels each on one line, the opening and closing rows across
    the journal's middle columns, a period of one year with its year in the header, and no more pages than
    the Chinese statement of the same year."""
    with head.read() as session:
        fund_id = find_fund(session, DEMO_FUND)
        spanning = statement_paper(session, fund_id, TODAY - timedelta(days=365), TODAY)
        year = spanning.lines[-1].posted_on.year
        one_year = statement_paper(session, fund_id, date(year, 1, 1), date(year, 12, 31))
    pages = {}
    for locale in ("zh_CN", "en"):
        set_locale(locale)
        pdf = write_statement(spanning, tmp_path / f"statement-{locale}.pdf")
        pages[locale] = int(pdf_info(pdf)["Pages"])
    lines = text_of(pdf, mode="-layout").splitlines()
    for label in ("Accounting period", "Opening balance", "Closing balance", "Total in"):
        assert any(label in line for line in lines), label  # not broken over two lines
    assert any("Closing balance, and the totals of the period" in line for line in lines)
    assert pages["en"] <= pages["zh_CN"], pages
    flat = squeezed(text_of(write_statement(one_year, tmp_path / "one-year.pdf")))
    first = one_year.lines[0].posted_on
    assert squeezed(f"Date ({year})") in flat and f"{first:%m-%d}{one_year.lines[0].number}" in flat
    assert first.isoformat() not in flat
