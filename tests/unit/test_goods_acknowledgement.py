"""The acknowledgement of goods that cannot be valued (捐赠物资接收确认书): the donor of goods recorded by name
and quantity only gets a paper with the goods and no amount that says it is neither a receipt nor the
official ticket, numbered by the record itself; valued goods are sent to their entry's receipt; a record a
correction replaced prints stamped superseded, naming what replaced it."""

from __future__ import annotations

import shutil
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.errors import NotFoundError, ValidationError
from desktop.reports.goods_acknowledgement import write_acknowledgement
from desktop.services import goods_corrections, ledger, receipts
from desktop.services.goods_acknowledgement import acknowledgement_number, acknowledgement_paper
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.storage.database import Database
from ledger_testing import TODAY, head, make_fund, post  # noqa: F401 (fixture)
from project_paper_testing import squeezed, text_of
from test_ledger_papers import assert_a4

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

DAY = TODAY - timedelta(days=5)
CLOTHES = GoodsInput("旧衣物", Decimal("35"), "件", "冬衣，已清洗")


def unvalued(session, fund_id: str, goods: GoodsInput = CLOTHES) -> str:
    posted = ledger.post(session, fund_id, PostingInput("donation_goods", None, DAY, counterparty="王秀英",
                                                        goods=goods))
    assert posted.entry is None and posted.goods_id is not None
    return posted.goods_id


def test_goods_that_cannot_be_valued_are_acknowledged_by_name_and_quantity_with_no_amount(
        head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        goods_id = unvalued(session, fund.id)
    with head.read() as session:
        paper = acknowledgement_paper(session, goods_id)
        assert paper.number == "1"  # the fund's first record of goods: a number to read out, not an id (#6)
        assert acknowledgement_paper(session, "1", fund.id) == paper
        assert acknowledgement_paper(session, "No. 1", fund.id) == paper  # as typed from paper
    assert (paper.number, paper.donor, paper.received_on, paper.recorded_by, paper.superseded) == (
        "1", "王秀英", DAY, "周建国", None)
    pdf = write_acknowledgement(paper, tmp_path / "goods.pdf")
    assert_a4(pdf, pages=1)
    text = text_of(pdf)
    flat = squeezed(text)
    assert flat.count(squeezed(f"{fund.name} Acknowledgement of Goods")) == 2
    assert flat.index("Copy1:forthedonor(收执)") < flat.index("Copy2:counterfoilkeptbythefund(存根)")
    for fact in (f"No. {paper.number}", "Donor 王秀英", "Goods 旧衣物 Quantity 35件", "Note 冬衣，已清洗",
                 "The fund acknowledges receiving these goods: 旧衣物 35件 (冬衣，已清洗).",
                 "None: the goods could not be valued, so they are not counted as income and no amount is stated.",
                 "This is not a donation receipt and states no amount.",
                 "It is not the official donation ticket (公益事业捐赠票据) and cannot be used for tax deduction."):
        assert flat.count(squeezed(fact)) == 2, fact  # on both copies
    assert "¥" not in text and "元" not in text and "yuan" not in text  # no amount anywhere
    assert "SUPERSEDED" not in text


def test_valued_goods_are_acknowledged_by_their_receipt_and_unknown_numbers_are_refused(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        other = make_fund(session, name="清河县慈善会青山社区慈善基金", receipt_prefix="青山二收")
        valued = ledger.post(session, fund.id, PostingInput("donation_goods", 360_000, DAY, counterparty="好又多超市",
                                                            goods=GoodsInput("米面油礼包", Decimal(120), "份")))
        goods_id = unvalued(session, fund.id)
    assert valued.goods_id is not None and valued.entry is not None
    with head.read() as session:
        with pytest.raises(ValidationError, match=f"entry {valued.entry.number}") as caught:
            acknowledgement_paper(session, valued.goods_id, fund.id)
        assert caught.value.field == "goods"
        for wanted, fund_id in (("00000000", ""), (goods_id[-7:], ""), (goods_id[-8:], other.id), (" ", "")):
            with pytest.raises((NotFoundError, ValidationError)):
                acknowledgement_paper(session, wanted, fund_id)


def test_a_corrected_record_prints_superseded_by_the_record_or_the_entry_that_replaced_it(
        head: Database, tmp_path: Path) -> None:
    with head.write() as session:
        fund = make_fund(session)
        first = unvalued(session, fund.id)
        recounted = goods_corrections.correct_goods(session, first, GoodsInput("旧衣物", Decimal(53), "件"), None,
                                                    "数量点错").goods_id
        later = unvalued(session, fund.id, GoodsInput("书包", Decimal(12), "个"))
        valued = goods_corrections.correct_goods(session, later, GoodsInput("书包", Decimal(12), "个"), 96_000,
                                                 "补充发票估值").entry
    assert recounted is not None and valued is not None
    with head.read() as session:
        replaced, standing = acknowledgement_paper(session, first), acknowledgement_paper(session, recounted)
        now_income = acknowledgement_paper(session, later)
        recounted_number = acknowledgement_number(session, recounted)
    assert replaced.superseded is not None and standing.superseded is None and standing.goods[0].quantity == 53
    assert (replaced.superseded.by_number, replaced.superseded.reason) == (recounted_number, "数量点错")
    assert now_income.superseded is not None and now_income.superseded.entry_number == valued.number
    flat = squeezed(text_of(write_acknowledgement(replaced, tmp_path / "replaced.pdf"), mode="-raw"))
    assert flat.count("SUPERSEDED(已更正)") == 2
    assert flat.count(squeezed(f"by the acknowledgement no. {recounted_number}: 数量点错")) == 2
    flat = squeezed(text_of(write_acknowledgement(now_income, tmp_path / "valued.pdf"), mode="-raw"))
    assert flat.count(squeezed(f"posted as entry {valued.number}, whose donation receipt acknowledges them")) == 2
    with head.write() as session:  # and that receipt can be issued: the valuation is a donation entry
        assert receipts.issue(session, valued.id).amount_fen == 96_000
