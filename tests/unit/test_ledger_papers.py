"""A fund's papers: the donation receipt (two copies on one A4 sheet, the amount in upper case, not the
official ticket, a voided one stamped 作废 with its reason), the statement for a period (opening + in −
out = closing to the fen across reversals, by category and by project, its workbook) and the public
notice (anonymous donors as 爱心人士, or every donor hidden; goods that cannot be valued by name and
quantity). PDFs: text extracts, every font embedded, A4, "Page N of M", headers repeated on long lists."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from itertools import count
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli.main import main
from desktop.domain.ledger import ASSETS
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import format_date
from desktop.reports.donation_receipt import write_receipt
from desktop.reports.fund_notice import write_notice
from desktop.reports.fund_statement import write_statement
from desktop.services import ledger, receipts
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.services.fund_notice_paper import ANONYMOUS, notice_paper
from desktop.services.ledger_papers import (
    CategoryLine, FundHead, StatementLine, StatementPaper, find_fund, receipt_paper, statement_paper, statement_sheets,
)
from desktop.services.spreadsheet import read_sheet, write_workbook
from desktop.services.station import get_profile
from desktop.storage.database import Database
from ledger_testing import TODAY, donate, head, make_fund, post  # noqa: F401 (fixture)
from project_paper_testing import footers, pages_of, pdf_info, squeezed, text_of
from wushe_testing import DEMO_PASSWORD, unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

YEAR_AGO = TODAY - timedelta(days=365)


def demo_fund(db: Database) -> str:
    with db.read() as session:
        return find_fund(session, DEMO_FUND)


def assert_a4(pdf: Path, pages: int | None = None) -> int:
    info = pdf_info(pdf)
    assert info["Page size"].startswith("595.276 x 841.89"), info["Page size"]
    assert unembedded_fonts(pdf) == []
    if pages is not None:
        assert int(info["Pages"]) == pages
    return int(info["Pages"])


# --- the receipt ----------------------------------------------------------------------------------

def test_a_receipt_prints_two_copies_with_the_amount_in_words_and_says_it_is_no_tax_voucher(
        head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session, receipt_prefix="河滨基金收")
        gift = donate(session, fund.id, 140_950, TODAY - timedelta(days=3), memo="助学捐款")
        issued = receipts.issue(session, gift.id)
    with head.read() as session:
        paper = receipt_paper(session, issued.number)
        assert receipt_paper(session, issued.id) == paper
    assert (paper.number, paper.donor, paper.purpose, paper.amount_fen, paper.amount_in_words) == (
        f"河滨基金收〔{TODAY.year}〕0001号", "周德明", "助学捐款", 140_950, "壹仟肆佰零玖元伍角")
    assert (paper.head.name, paper.head.host_charity, paper.issuer, paper.voided) == (
        fund.name, "清河县慈善会", "周建国", False)
    pdf = write_receipt(paper, tmp_path / "receipt.pdf")
    assert_a4(pdf, pages=1)
    text = text_of(pdf)
    assert "壹仟肆佰零玖元伍角" in text and "RMB 壹仟肆佰零玖元伍角" in text  # the upper case, exactly
    flat = squeezed(text)
    assert flat.count(squeezed(f"{fund.name} Donation Receipt")) == 2 and "清河县慈善会" in flat
    assert flat.index("Copy1:forthedonor(收执)") < flat.index("Copy2:counterfoilkeptbythefund(存根)")
    assert "(Seal)" not in flat  # the seal's box is left for the stamp; its label says what goes there
    for fact in (paper.number, "周德明", "助学捐款", "¥1,409.50", "周建国",
                 "Itisnottheofficialdonationticket(公益事业捐赠票据)andcannotbeusedfortaxdeduction",
                 "Notissuedyet;thehostcharity清河县慈善会issuesit.", "Hostcharity(seal)", "Officialticket(捐赠票据)"):
        assert flat.count(squeezed(fact)) == 2, fact  # on both copies
    assert "VOID" not in text and "作废" not in text


def test_a_receipt_shows_the_official_ticket_goods_in_kind_and_a_void_stamp_with_the_reason(
        head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        goods = post(session, fund.id, "donation_goods", 360_000, TODAY - timedelta(days=2), counterparty="好又多超市",
                     memo="慰问物资", goods=GoodsInput("米面油礼包", Decimal("120.5"), "份", "每份大米 10 斤"))
        ticketed = receipts.record_official_ticket(session, receipts.issue(session, goods.id).id, "皖财0301", "00012345")
        spoilt = receipts.void(session, receipts.issue(session, donate(session, fund.id, 5_000_000).id).id,
                               "打印时卡纸损毁")
    with head.read() as session:
        with_goods, voided = receipt_paper(session, ticketed.id), receipt_paper(session, spoilt.id)
    assert with_goods.goods[0].quantity == Decimal("120.5") and with_goods.kind == "Goods (物资)"
    flat = squeezed(text_of(write_receipt(with_goods, tmp_path / "goods.pdf")))
    assert flat.count("米面油礼包120.5份(每份大米10斤)") == 2
    assert flat.count(squeezed("Code 皖财0301, number 00012345")) == 2 and "叁仟陆佰元整" in flat
    pdf = write_receipt(voided, tmp_path / "void.pdf")
    assert_a4(pdf, pages=1)
    flat = squeezed(text_of(pdf, mode="-raw"))  # the stamp is set at a slant: read in the order drawn
    assert voided.voided and "伍万元整" in flat
    assert flat.count("VOID(作废)") == 2 and flat.count(squeezed(f"Voided on {_long(TODAY)}: 打印时卡纸损毁")) == 2


def test_an_unknown_receipt_or_fund_is_refused(head: Database) -> None:
    with head.read() as session, pytest.raises(NotFoundError, match="No receipt has the number 无此号"):
        receipt_paper(session, "无此号")
    with head.read() as session, pytest.raises(NotFoundError, match="No fund is named 无此基金"):
        find_fund(session, "无此基金")


def _long(day: date) -> str:
    return format_date(day, "long")


# --- the statement --------------------------------------------------------------------------------

def _statement_fund(db: Database) -> tuple[str, str]:
    """A fund with entries before and in the period, a reversal in it of an entry from before, a reversal
    of one in it, goods, a transfer out and a grant-free expense; and the fund that receives the transfer."""
    d = TODAY - timedelta(days=40)
    with db.write() as session:
        fund = make_fund(session)
        other = make_fund(session, name="清河县慈善会河滨社区慈善基金二")
        donate(session, fund.id, 1_000_000, d, memo="启动资金")
        early = post(session, fund.id, "expense", 20_000, d + timedelta(days=1), counterparty="印刷厂", memo="宣传单")
        ledger.reverse(session, early.id, "重复录入", on=d + timedelta(days=12))
        donate(session, fund.id, 50_050, d + timedelta(days=13), account="cash")
        post(session, fund.id, "donation_goods", 30_000, d + timedelta(days=14), counterparty="超市",
             goods=GoodsInput("大米", Decimal(10), "袋"))
        late = post(session, fund.id, "expense", 7_700, d + timedelta(days=15), counterparty="超市", memo="茶水")
        ledger.reverse(session, late.id, "记错金额", on=d + timedelta(days=16))
        post(session, fund.id, "expense", 6_600, d + timedelta(days=16), counterparty="超市", memo="茶水")
        post(session, fund.id, "transfer_out", 100_000, d + timedelta(days=17), to_fund_id=other.id, memo="调剂")
        donate(session, fund.id, 9_999, d + timedelta(days=30), memo="期后捐款")
    return fund.id, other.id


def test_the_statement_adds_up_across_reversals(head: Database) -> None:
    fund_id, _other = _statement_fund(head)
    start, end = TODAY - timedelta(days=30), TODAY - timedelta(days=15)
    with head.read() as session:
        paper = statement_paper(session, fund_id, start, end)
        held = ledger.balances(session, fund_id, end).accounts
    # Before the period: 10,000.00 given, 200.00 spent.
    assert paper.opening_fen == 1_000_000 - 20_000
    assert paper.closing_fen == sum(held[code] for code in ASSETS) == \
        980_000 + 20_000 + 50_050 + 30_000 - 6_600 - 100_000
    assert paper.opening_fen + paper.in_fen - paper.out_fen == paper.closing_fen
    assert paper.income_fen - paper.spending_fen == paper.closing_fen - paper.opening_fen
    assert paper.lines[-1].balance_fen == paper.closing_fen
    lines = {line.number: line for line in paper.lines}
    assert [line.number for line in paper.lines] == [3, 4, 5, 6, 7, 8, 9]
    # The reversal of the expense from before the period: in its column, negative, naming it and why.
    assert (lines[3].in_fen, lines[3].out_fen, lines[3].reverses, lines[3].reason) == (0, -20_000, 2, "重复录入")
    assert (lines[6].out_fen, lines[6].reversed_by, lines[7].out_fen, lines[7].reverses) == (7_700, 7, -7_700, 6)
    assert (lines[4].in_fen, lines[5].in_fen, lines[9].out_fen) == (50_050, 30_000, 100_000)
    assert lines[9].counterparty == "清河县慈善会河滨社区慈善基金二"
    income = {line.category: line.amount_fen for line in paper.income}
    spending = {line.category: line.amount_fen for line in paper.spending}
    assert income["Donation income (捐赠收入)"] == 80_050
    assert spending["Other expenses (其他支出)"] == 6_600 - 20_000  # the earlier expense reversed in the period
    assert spending["Transfers to other funds (基金间调拨·调出)"] == 100_000 and paper.grants == ()
    accounts = {a.account: (a.opening_fen, a.closing_fen) for a in paper.accounts}
    assert accounts["Cash on hand (库存现金)"] == (0, 50_050) and accounts["Goods in kind (实物资产)"] == (0, 30_000)


OPS = st.lists(st.tuples(st.sampled_from(["donation_money", "donation_goods", "expense", "reverse"]),
                          st.integers(1, 500_000), st.integers(0, 150), st.integers(0, 20)), min_size=1, max_size=14)


EXAMPLES = count(1)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS, period=st.tuples(st.integers(0, 160), st.integers(0, 160)))
def test_any_postings_and_reversals_add_up_on_the_statement_and_the_notice(
        head: Database, ops: list[tuple[str, int, int, int]], period: tuple[int, int]) -> None:
    with head.write() as session:  # one database for every example, and two live funds may not share a name
        fund_id = make_fund(session, name=f"清河县慈善会河滨社区慈善基金{next(EXAMPLES)}").id
    posted: list[str] = []
    for kind, amount, ago, later in ops:
        day = TODAY - timedelta(days=ago)
        try:  # a posting the ledger refuses (overdrawn, reversed twice) is simply not made
            with head.write() as session:
                if kind == "reverse" and posted:
                    original = ledger.entry(session, posted[amount % len(posted)])
                    ledger.reverse(session, original.id, "更正", on=min(TODAY, original.posted_on + timedelta(days=later)))
                elif kind != "reverse":
                    goods = GoodsInput("物资", Decimal(1), "批") if kind == "donation_goods" else None
                    posted.append(post(session, fund_id, kind, amount, day, goods=goods, counterparty="捐赠人").id)
        except ValidationError:
            pass
    start, end = sorted(TODAY - timedelta(days=n) for n in period)
    with head.read() as session:
        paper = statement_paper(session, fund_id, start, end)
        notice = notice_paper(session, fund_id, start, end)
        held = ledger.balances(session, fund_id, end).accounts
    assert paper.closing_fen == sum(held[code] for code in ASSETS) == notice.closing_fen
    assert paper.opening_fen + paper.in_fen - paper.out_fen == paper.closing_fen
    assert paper.income_fen - paper.spending_fen == paper.closing_fen - paper.opening_fen
    assert [line.balance_fen for line in paper.lines][-1:] in ([paper.closing_fen], [])
    assert notice.opening_fen + notice.received_fen - notice.used_fen + notice.corrected_fen == notice.closing_fen
    assert notice.used_fen >= 0 and notice.received_fen >= 0  # a correction never reads as negative giving


def test_a_period_that_ends_before_it_starts_is_refused(head: Database) -> None:
    fund_id = demo_fund(head)
    with head.read() as session, pytest.raises(ValidationError) as caught:
        statement_paper(session, fund_id, TODAY, TODAY - timedelta(days=1))
    assert caught.value.field == "end"


def test_the_demo_statement_pdf_has_every_entry_the_reversal_in_red_and_grants_by_project(
        head: Database, tmp_path: Path) -> None:
    fund_id = demo_fund(head)
    with head.read() as session:
        paper = statement_paper(session, fund_id, YEAR_AGO, TODAY)
    assert paper.opening_fen + paper.in_fen - paper.out_fen == paper.closing_fen
    assert [g.project_number for g in paper.grants] == ["创投-2026-0001", "创投-2026-0002"]
    assert all(g.amount_fen == g.to_date_fen == g.approved_fen // 2 for g in paper.grants if g.approved_fen)
    pdf = write_statement(paper, tmp_path / "statement.pdf")
    pages = assert_a4(pdf)
    assert footers(pdf) == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    flat = squeezed(text_of(pdf))
    for fact in ("Fund Statement", DEMO_FUND, "Opening balance", "Closing balance", "-800.00",
                 "Reverses no. 4: 重复录入，冲销", "Reversed by no. 5", "1. Entries", "2. Balances by account", "3. Income and spending by category",
                 "4. Grants by project", "创投-2026-0001", "Checked by (supervisor)"):
        assert squeezed(fact) in flat, fact


def test_a_long_statement_repeats_its_header_on_every_page(head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        for n in range(90):
            donate(session, fund.id, 10_000 + n, TODAY - timedelta(days=90 - n), memo=f"第{n + 1}笔小额捐款")
    with head.read() as session:
        paper = statement_paper(session, fund.id, TODAY - timedelta(days=100), TODAY)
    pdf = write_statement(paper, tmp_path / "long.pdf")
    pages = assert_a4(pdf)
    assert pages >= 4 and footers(pdf) == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    listing = [page for page in pages_of(pdf) if "小额捐款" in page]
    assert len(listing) >= 3 and all("Balance" in page and "Counterparty" in page for page in listing)
    flat = squeezed(text_of(pdf))
    assert all(f"第{n}笔小额捐款" in flat for n in range(1, 91))


def test_the_statement_workbook(head: Database, tmp_path: Path) -> None:
    fund_id, _other = _statement_fund(head)
    with head.read() as session:
        paper = statement_paper(session, fund_id, TODAY - timedelta(days=30), TODAY - timedelta(days=15))
    path = tmp_path / "statement.xlsx"
    assert write_workbook(path, statement_sheets(paper)) == [len(paper.lines) + 2, 4, 9, 0]
    journal = read_sheet(path, "Journal").rows
    assert journal[0] == ["Date", "Entry no.", "Kind", "Counterparty", "Memo", "In (yuan)", "Out (yuan)",
                          "Balance (yuan)", "Note"]
    assert journal[1][2:] == ["Opening balance", "", "", "", "", 9_800.0, ""]
    assert journal[2][1:] == [3.0, "Reversal (冲销)", "印刷厂", "宣传单", "", -200.0, 9_800.0 + 200.0,
                              "Reverses no. 2: 重复录入"]
    # In: 500.50 cash and 300.00 of goods; out: 66.00, 1,000.00 transferred, the two reversals net.
    assert journal[-1][2:8] == ["Closing balance", "", "", 800.5, 866.0, 9_734.5]
    categories = read_sheet(path, "By category").rows
    assert ["Income", "Total", 800.5] in categories and ["Spending", "Total", 866.0] in categories
    assert ["Spending", "Other expenses (其他支出)", -134.0] in categories
    assert categories[-1] == ["Income less spending", "", 800.5 - 866.0]  # 收支结余, as the PDF has it (#13)
    accounts = read_sheet(path, "Balances by account").rows  # 分科目余额, as the PDF's part 2
    assert accounts[0] == ["Account", "Opening (yuan)", "Closing (yuan)"]
    assert [row[0] for row in accounts[1:]] == [line.account for line in paper.accounts] + ["Total"]
    assert accounts[-1] == ["Total", 9_800.0, 9_734.5]
    assert read_sheet(path, "Grants by project").rows == [["Project no.", "Project title", "Organisation",
                                                          "Granted in the period (yuan)", "Granted to date (yuan)",
                                                          "Approved amount (yuan)"]]


def test_large_amounts_print_on_one_line(tmp_path: Path) -> None:
    big = 1_234_567_890_123  # 12,345,678,901.23 yuan in, out and in the totals, beside long English words
    paper = StatementPaper(
        FundHead("青山社区服务站", "", "f", "青山社区慈善基金", "青山社区", "清河县慈善会"), TODAY, TODAY, 0, 0,
        (StatementLine(TODAY, 1, "Goods donation", "Qinghe Construction Materials Company",
                       "Reimbursement documentation", big, 0, big, None, None, ""),
         StatementLine(TODAY, 2, "Transfer out", "清河县宏达建材有限公司", "退还误捐款项", 0, big, 0, None, None, "")),
        (), (CategoryLine("捐赠收入", big),), (CategoryLine("项目资助支出", big),), ())
    words = text_of(write_statement(paper, tmp_path / "big.pdf"), mode="-raw").split()
    assert words.count("12,345,678,901.23") >= 4  # each whole: in, out and both totals


@pytest.mark.slow
def test_the_summary_by_category_is_never_split_from_its_last_row(tmp_path: Path) -> None:
    head_ = FundHead("青山社区服务站", "", "f", "青山社区慈善基金", "青山社区", "清河县慈善会")
    income = tuple(CategoryLine(f"收入{n}", 1) for n in range(3))
    spending = tuple(CategoryLine(f"支出{n}", 1) for n in range(5))
    for entries in range(22, 32):  # some of these put the page break inside the summary
        lines = tuple(StatementLine(TODAY, n, "Expense", "超市", "茶水", 0, 1, 0, None, None, "")
                      for n in range(1, entries + 1))
        paper = StatementPaper(head_, TODAY, TODAY, 0, 0, lines, (), income, spending, ())
        page = next(p for p in pages_of(write_statement(paper, tmp_path / "s.pdf")) if "Income less spending" in p)
        assert "Total spending" in page and "收入0" in page, entries


# --- the notice -----------------------------------------------------------------------------------

def test_the_notice_hides_anonymous_donors_and_lists_goods_that_cannot_be_valued(
        head: Database, tmp_path: Path) -> None:
    fund_id = demo_fund(head)
    with head.read() as session:
        paper = notice_paper(session, fund_id, YEAR_AGO, TODAY, posted_on=TODAY, days=7)
        phone = get_profile(session).phone
    assert paper.opening_fen + paper.received_fen - paper.used_fen == paper.closing_fen
    donors = [d.donor for d in paper.donations]
    assert donors.count("周德明") == 1 and donors.count(ANONYMOUS) == 1  # one gift of two asked for it
    clothes = next(d for d in paper.donations if d.amount_fen is None)
    assert (clothes.donor, clothes.what) == ("谭秀兰", "旧衣物（八成新） 46件")
    # The expense posted twice and its reversal are left out; each project's grants together.
    assert [u.amount_fen for u in paper.uses if u.item == "基金公示栏制作"] == [80_000]
    assert [u.item.split()[0] for u in paper.uses if u.kind == "Grant"] == ["创投-2026-0001", "创投-2026-0002"]
    pdf = write_notice(paper, tmp_path / "notice.pdf")
    pages = assert_a4(pdf)
    assert footers(pdf) == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    flat = squeezed(text_of(pdf))
    for fact in ("Public Notice of the Fund's Donations and Spending", "1. Donations received", "2. Use of the money",
                 "Anonymous well-wisher (爱心人士)", "Not valued", "旧衣物（八成新） 46件",
                 f"Notice period: {_long(TODAY)} to {_long(TODAY + timedelta(days=6))}.", f"phone {phone}",
                 "supervisor: 陈淑华", f"Management committee of {DEMO_FUND}", "清河县宏达建材有限公司"):
        assert squeezed(fact) in flat, fact


def test_the_notice_can_hide_every_donor(head: Database, tmp_path: Path) -> None:
    fund_id = demo_fund(head)
    with head.read() as session:
        paper = notice_paper(session, fund_id, YEAR_AGO, TODAY, anonymise_all=True)
    assert {d.donor for d in paper.donations if d.kind != "Transfer in"} == {ANONYMOUS}
    flat = squeezed(text_of(write_notice(paper, tmp_path / "notice.pdf")))
    for name in ("周德明", "谭秀兰", "清河县宏达建材有限公司", "青山镇好又多超市", "清河农商银行青山支行"):
        assert name not in [d.donor for d in paper.donations]
    assert "周德明" not in flat and "谭秀兰" not in flat and "宏达建材" not in flat
    assert squeezed("no donor is named in this notice") in flat


def test_a_reversal_of_an_earlier_entry_is_a_correction_that_says_what_it_undoes_and_why(
        head: Database, tmp_path: Path) -> None:
    fund_id, _other = _statement_fund(head)
    start, end = TODAY - timedelta(days=30), TODAY - timedelta(days=15)
    with head.read() as session:
        paper = notice_paper(session, fund_id, start, end, posted_on=TODAY)
    # The 200.00 spent before the period and reversed in it is no negative spending of this period.
    assert all(u.amount_fen > 0 for u in paper.uses) and paper.used_fen == 6_600 + 100_000
    [correction] = paper.corrections
    assert (correction.number, correction.original_number, correction.original_posted_on, correction.kind,
            correction.item, correction.reason, correction.amount_fen) == (
        3, 2, TODAY - timedelta(days=39), "Expense", "宣传单 印刷厂", "重复录入", 20_000)
    assert paper.opening_fen + paper.received_fen - paper.used_fen + paper.corrected_fen == paper.closing_fen
    flat = squeezed(text_of(write_notice(paper, tmp_path / "notice.pdf")))
    for fact in ("3. Corrections of earlier periods", "4. Book balance (with goods)",
                 f"Reversal (冲销) no. 3 of entry no. 2 of {format_date(TODAY - timedelta(days=39))}, Expense: 宣传单 印刷厂",
                 "重复录入", "200.00 yuan back in the fund", "Used in the period", "1,066.00 yuan"):
        assert squeezed(fact) in flat, fact
    assert "-200.00" not in flat and "−200.00" not in flat


def test_a_reversed_donation_from_before_the_period_hides_an_anonymous_donor(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        gift = donate(session, fund.id, 50_000, TODAY - timedelta(days=20), memo="助学", anonymous=True)
        ledger.reverse(session, gift.id, "误记", on=TODAY - timedelta(days=2))
    with head.read() as session:
        paper = notice_paper(session, fund.id, TODAY - timedelta(days=5), TODAY)
    assert paper.donations == () and paper.received_fen == 0
    assert [(c.item, c.amount_fen) for c in paper.corrections] == [(f"{ANONYMOUS}: 助学", -50_000)]


@pytest.mark.parametrize(("posted_on", "days", "field"), [
    (TODAY - timedelta(days=1), 7, "posted_on"), (TODAY, 0, "days"), (TODAY, 91, "days")])
def test_a_notice_is_posted_after_its_period_for_1_to_90_days(
        head: Database, posted_on: date, days: int, field: str) -> None:
    fund_id = demo_fund(head)
    with head.read() as session:
        with pytest.raises(ValidationError) as caught:
            notice_paper(session, fund_id, YEAR_AGO, TODAY, posted_on=posted_on, days=days)
        assert caught.value.field == field
        assert notice_paper(session, fund_id, YEAR_AGO, TODAY, posted_on=TODAY, days=90).posted_until == \
            TODAY + timedelta(days=89)


def test_notice_dates_are_the_locale_s_medium_form(head: Database, tmp_path: Path) -> None:
    fund_id = demo_fund(head)
    with head.read() as session:
        paper = notice_paper(session, fund_id, YEAR_AGO, TODAY)
    day = paper.donations[0].received_on
    flat = squeezed(text_of(write_notice(paper, tmp_path / "notice.pdf")))
    assert squeezed(format_date(day)) in flat and format_date(day, "short") not in flat


def test_goods_that_cannot_be_valued_from_a_donor_who_asked_are_anonymous(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        for donor, goods, anonymous in (("谭秀兰", GoodsInput("旧书", Decimal(30), "本"), True),
                                        ("周德明", GoodsInput("旧衣物", Decimal(5), "件"), False)):
            ledger.post(session, fund.id, PostingInput("donation_goods", None, TODAY - timedelta(days=1),
                                                       counterparty=donor, goods=goods, anonymous=anonymous))
    with head.read() as session:
        paper = notice_paper(session, fund.id, TODAY - timedelta(days=5), TODAY)
    assert sorted((d.donor, d.what, d.amount_fen) for d in paper.donations) == [
        (ANONYMOUS, "旧书 30本", None), ("周德明", "旧衣物 5件", None)]


@pytest.mark.parametrize(("flags", "flag"), [(["--posted-on", (TODAY - timedelta(days=1)).isoformat()], "--posted-on"),
                                             (["--days", "91"], "--days")])
def test_the_cli_names_the_flag_of_a_refused_posting(head: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], flags: list[str],
                                                     flag: str) -> None:
    for name, value in (("WUSHE_LOCALE", "en"), ("WUSHE_USER", "zhaolei"), ("WUSHE_PASSWORD", DEMO_PASSWORD)):
        monkeypatch.setenv(name, value)
    assert main(["--db", str(head.path), "ledger", "notice", "--fund", DEMO_FUND, "--from", YEAR_AGO.isoformat(),
                 "--to", TODAY.isoformat(), "--out", str(tmp_path / "notice.pdf"), *flags]) == 2
    assert capsys.readouterr().err.startswith(f"Error: {flag}: A notice is posted")
    assert not (tmp_path / "notice.pdf").exists()
