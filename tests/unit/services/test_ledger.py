"""A fund's journal through the services: each kind of entry, numbering, cover on every later day,
reversal rules, grants only through approved disbursements and within the approved amount, balances
and reconciliation with a bank statement; and, for any sequence of postings and reversals in a real
database, every entry balanced, balances equal to the sum of the lines, and no asset below zero."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from itertools import count
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from desktop.domain.ledger import ACCOUNTS, ASSETS, Line, Side
from desktop.errors import ValidationError
from desktop.services import disbursements, funds, grant_room, ledger, projects, receipts, reconciliation
from desktop.services.disbursements import DisbursementInput
from desktop.services.funds import MemberInput
from desktop.services.guard import PermissionDenied
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.storage.database import Database
from desktop.storage.models import Donor, GoodsInKind, LedgerEntry, LedgerLine, UserAccount
from ledger_testing import OPENED, TODAY, donate, head, make_fund, post, running_projects  # noqa: F401 (fixture)
from project_testing import acting
from wushe_testing import DemoTemplate, open_copy, refusal

D, C = Side.DEBIT, Side.CREDIT
DAY = OPENED + timedelta(days=10)


def entry_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(LedgerEntry)) or 0


def test_a_donation_of_money_is_entry_one_and_names_its_donor(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donor = session.scalar(select(Donor).where(Donor.name == "周德明"))
        assert donor is not None
        entry = post(session, fund.id, "donation_money", 200_050, DAY, donor_id=donor.id, memo="助学")
        second = donate(session, fund.id, 1_000, DAY, account="cash")
        held = ledger.balances(session, fund.id)
    assert (entry.number, second.number, entry.counterparty, entry.memo, entry.by_name) == (1, 2, "周德明", "助学",
                                                                                              "周建国")
    assert entry.lines == (Line("bank", D, 200_050), Line("donation_income", C, 200_050))
    assert (held.accounts["bank"], held.accounts["cash"], held.accounts["donation_income"]) == (200_050, 1_000, 201_050)
    assert held.available_fen == 201_050


def test_valued_goods_are_income_and_goods_that_cannot_be_valued_are_recorded_only(head: Database) -> None:
    rice = GoodsInput("米面油爱心礼包", Decimal(120), "份")
    clothes = GoodsInput("旧衣物", Decimal("46"), "件", "无法估值")
    with head.write() as session:
        fund = make_fund(session)
        valued = ledger.post(session, fund.id, PostingInput("donation_goods", 360_000, DAY, goods=rice,
                                                            counterparty="青山镇好又多超市"))
        unvalued = ledger.post(session, fund.id, PostingInput("donation_goods", None, DAY, goods=clothes,
                                                              counterparty="谭秀兰"))
        held = ledger.balances(session, fund.id)
        rows = {row.name: row for row in session.scalars(select(GoodsInKind).where(GoodsInKind.fund_id == fund.id))}
    assert valued.entry is not None and unvalued.entry is None
    assert valued.entry.lines == (Line("goods", D, 360_000), Line("donation_income", C, 360_000))
    assert (held.accounts["goods"], held.accounts["donation_income"], held.available_fen) == (360_000, 360_000, 0)
    assert (rows["米面油爱心礼包"].entry_id, rows["米面油爱心礼包"].valued_fen) == (valued.entry.id, 360_000)
    assert (rows["旧衣物"].entry_id, rows["旧衣物"].valued_fen, rows["旧衣物"].quantity_centi) == (None, None, 4600)
    assert unvalued.goods_id == rows["旧衣物"].id


DONOR = "周德明"


@pytest.mark.parametrize(("data", "field"), [
    (PostingInput("grant", 10_000, DAY), "kind"),  # through a disbursement only
    (PostingInput("expense", 10_000, DAY, counterparty="青山超市"), "kind"),  # 募用分离: likewise
    (PostingInput("reversal", 10_000, DAY), "kind"),
    (PostingInput("donation_goods", 10_000, DAY, counterparty=DONOR), "goods"),  # what are they?
    (PostingInput("donation_money", None, DAY, counterparty=DONOR), "amount"),
    (PostingInput("donation_goods", 0, DAY, counterparty=DONOR, goods=GoodsInput("米", Decimal(1), "袋")), "amount"),
    (PostingInput("donation_money", 10**14, DAY, counterparty=DONOR), "amount"),  # beyond 仟亿: no receipt prints
    (PostingInput("donation_goods", None, DAY, goods=GoodsInput("米", Decimal("0.001"), "袋")), "quantity"),
    (PostingInput("transfer_out", 10_000, DAY), "kind"),  # 募用分离: a transfer and a refund too
    (PostingInput("refund", 10_000, DAY, counterparty=DONOR), "kind"),
    (PostingInput("donation_money", 10_000, DAY), "counterparty"),  # who gave?
    (PostingInput("donation_money", 10_000, TODAY + timedelta(days=1), counterparty=DONOR), "posted_on"),
    (PostingInput("donation_money", 10_000, OPENED - timedelta(days=1), counterparty=DONOR), "posted_on"),
    (PostingInput("donation_money", 10_000, DAY, account="goods", counterparty=DONOR), "account"),
    (PostingInput("donation_money", 10_000, DAY, donor_id="no-such-donor"), "donor_id"),
])
def test_postings_that_break_a_rule_are_refused_and_write_nothing(head: Database, data: PostingInput,
                                                                  field: str) -> None:
    with head.write() as session:
        fund = make_fund(session)
    before = entry_count(head)
    assert refusal(head, lambda s: ledger.post(s, fund.id, data)).field == field
    assert entry_count(head) == before


def test_nothing_is_spent_that_the_fund_does_not_hold_on_that_day_or_any_later_one(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 100_000, DAY)
        post(session, fund.id, "expense", 80_000, DAY + timedelta(days=10), counterparty="青山超市")
    # 200 yuan are left, but 1,000 were there before the expense: a back-dated 300 would overdraw it.
    message = refusal(head, lambda s: post(s, fund.id, "expense", 30_000, DAY + timedelta(days=5))).message
    assert "below zero" in message and "200.00 yuan on " + (DAY + timedelta(days=10)).isoformat() in message
    assert refusal(head, lambda s: post(s, fund.id, "expense", 1, DAY - timedelta(days=1))).field == "amount"
    assert refusal(head, lambda s: post(s, fund.id, "refund", 1, DAY, account="cash",
                                         refund_of_id=ledger.entries(s, fund.id)[0].id)).field == "amount"
    with head.write() as session:
        post(session, fund.id, "expense", 20_000, DAY + timedelta(days=5))
        # A donation and an expense on the same day: what counts is the end of the day.
        donate(session, fund.id, 5_000, DAY + timedelta(days=20))
        post(session, fund.id, "expense", 5_000, DAY + timedelta(days=20))
        assert ledger.balances(session, fund.id).available_fen == 0
        assert ledger.balances(session, fund.id, DAY + timedelta(days=9)).available_fen == 80_000


def test_a_transfer_is_an_entry_in_each_fund_and_is_reversed_whole(head: Database) -> None:
    with head.write() as session:
        paying, receiving = make_fund(session), make_fund(session, name="青山社区慈善基金二")
        donate(session, paying.id, 50_000, DAY)
        out = post(session, paying.id, "transfer_out", 30_000, DAY, to_fund_id=receiving.id, memo="调剂助学款")
        [incoming] = ledger.entries(session, receiving.id)
        assert (out.counterparty, incoming.counterparty) == (receiving.name, paying.name)
        assert out.lines == (Line("transfers_out", D, 30_000), Line("bank", C, 30_000))
        assert incoming.lines == (Line("bank", D, 30_000), Line("transfers_in", C, 30_000))
        assert (out.linked_id, incoming.linked_id, incoming.kind) == (incoming.id, out.id, "transfer_in")
        assert ledger.balances(session, receiving.id).available_fen == 30_000
        undo = ledger.reverse(session, incoming.id, "调错基金")
        assert undo.reverses_id == incoming.id
        assert ledger.balances(session, receiving.id).available_fen == 0
        assert ledger.balances(session, paying.id).available_fen == 50_000
        [_donation, _out, back] = ledger.entries(session, paying.id)
        assert (back.reverses_id, back.kind, ledger.entry(session, undo.id).linked_id) == (out.id, "reversal", back.id)
    assert refusal(head, lambda s: post(s, paying.id, "transfer_out", 1, DAY, to_fund_id=paying.id)).field == \
        "to_fund_id"


def test_a_refund_goes_back_to_the_donor(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 50_000, DAY)
        donation = ledger.entries(session, fund.id)[0]
        refund = post(session, fund.id, "refund", 20_000, DAY + timedelta(days=1), refund_of_id=donation.id,
                      memo="多捐退回")
        held = ledger.balances(session, fund.id)
    assert refund.lines == (Line("refunds", D, 20_000), Line("bank", C, 20_000))
    assert (refund.counterparty, held.accounts["refunds"], held.available_fen) == ("周德明", 20_000, 30_000)


def test_a_reversal_undoes_an_entry_once_and_is_never_reversed(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 50_000, DAY)
        expense = post(session, fund.id, "expense", 8_000, DAY, memo="公示栏")
        undo = ledger.reverse(session, expense.id, "重复录入", on=DAY + timedelta(days=1))
        assert (undo.number, undo.kind, undo.posted_on, undo.reason, undo.memo) == (
            3, "reversal", DAY + timedelta(days=1), "重复录入", "公示栏")
        assert undo.lines == (Line("bank", D, 8_000), Line("expenses", C, 8_000))
        assert ledger.entry(session, expense.id).reversed_by == undo.id
        assert ledger.balances(session, fund.id).accounts["expenses"] == 0
    assert "reversed already" in refusal(head, lambda s: ledger.reverse(s, expense.id, "再冲")).message
    assert "cannot be reversed" in refusal(head, lambda s: ledger.reverse(s, undo.id, "冲销冲销")).message
    with head.write() as session:
        gift = donate(session, fund.id, 10_000, DAY)
    assert refusal(head, lambda s: ledger.reverse(s, gift.id, " ")).field == "reason"
    assert refusal(head, lambda s: ledger.reverse(s, gift.id, "错", on=DAY - timedelta(days=1))).field == "posted_on"


def test_a_donation_already_spent_or_with_a_receipt_cannot_be_reversed(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        gift = donate(session, fund.id, 10_000, DAY)
        post(session, fund.id, "expense", 6_000, DAY + timedelta(days=1))
    assert "below zero" in refusal(head, lambda s: ledger.reverse(s, gift.id, "捐赠人撤回")).message
    with head.write() as session:
        second = donate(session, fund.id, 10_000, DAY)
        receipt = receipts.issue(session, second.id)
    assert receipt.number in refusal(head, lambda s: ledger.reverse(s, second.id, "录错金额")).message
    with head.write() as session:
        receipts.void(session, receipt.id, "录错金额，收回作废")
        assert ledger.reverse(session, second.id, "录错金额").reverses_id == second.id


def test_entries_are_numbered_per_fund_and_a_closed_fund_takes_none(head: Database) -> None:
    with head.write() as session:
        first, second = make_fund(session), make_fund(session, name="青山社区慈善基金二")
        numbers = [donate(session, fund.id, 100, DAY).number for fund in (first, second, first, first, second)]
        funds.update(session, second.id, funds.FundInput(second.name, second.community_id, second.host_charity,
                                                         second.opened_on, status="closed"))
    assert numbers == [1, 1, 2, 3, 2]
    assert "closed" in refusal(head, lambda s: donate(s, second.id, 100, DAY)).message


def proposed_grant(db: Database, fund_id: str, project_id: str, amount_fen: int) -> str:
    with db.write() as session:
        return disbursements.propose_disbursement(session, fund_id, DisbursementInput(
            "grant", amount_fen, "第二期资助款", project_id)).id


def approve(db: Database, fund_id: str, disbursement_id: str, voters: int = 3, decision: str = "approve") -> str:
    """The decisions of ``voters`` of the committee, recorded by the finance officer as its clerk."""
    with acting(db, "wangfang"), db.write() as session:
        members = funds.committee(session, fund_id)
        for member in members[:voters]:
            status = disbursements.approve_disbursement(session, disbursement_id, member.id, decision).status
    return status


def test_a_grant_is_proposed_approved_by_the_committee_then_posted_by_finance(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 5_000_000, DAY)
        project = running_projects(session)[0]
    waiting = proposed_grant(head, fund.id, project.id, 1_000_000)
    with head.read() as session:
        view = disbursements.disbursement(session, waiting)
    assert (view.status, view.payee, view.project_number, view.proposed_by) == (
        "proposed", "新华社区老年协会", project.number, "周建国")
    assert refusal(head, lambda s: disbursements.post_disbursement(s, waiting)).field == "disbursement_id"
    assert approve(head, fund.id, waiting, voters=2) == "proposed"
    with head.read() as session:
        chair = funds.committee(session, fund.id)[0]
    with acting(head, "wangfang"):
        assert "decided" in refusal(head, lambda s: disbursements.approve_disbursement(
            s, waiting, chair.id, "approve")).message
    with head.read() as session:
        third = funds.committee(session, fund.id)[2]
    with acting(head, "wangfang"), head.write() as session:
        assert disbursements.approve_disbursement(session, waiting, third.id, "approve", "同意").status == "approved"
    with acting(head, "lixia"), pytest.raises(PermissionDenied), head.write() as session:
        disbursements.post_disbursement(session, waiting)  # a social worker does not pay
    with acting(head, "wangfang"), head.write() as session:
        entry = disbursements.post_disbursement(session, waiting, TODAY)
        paid = disbursements.disbursement(session, waiting)
        assert ledger.granted_fen(session, project.id) == project.approved_fen // 2 + 1_000_000
    assert (entry.kind, entry.project_id, entry.by_name, entry.counterparty) == (
        "grant", project.id, "王芳", "新华社区老年协会")
    assert entry.lines == (Line("grants_paid", D, 1_000_000), Line("bank", C, 1_000_000))
    assert (paid.status, paid.posted_entry_id, len(paid.decisions)) == ("posted", entry.id, 3)


def test_grants_never_exceed_the_approved_amount_over_every_fund(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 5_000_000, DAY)
        project = running_projects(session)[0]
    left = project.approved_fen - project.approved_fen // 2  # the demo fund paid the first half
    first = proposed_grant(head, fund.id, project.id, left - 100)
    # What awaits approval counts when another is proposed.
    message = refusal(head, lambda s: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
        "grant", 200, "尾款", project.id))).message
    assert "above its approved amount of 28000.00 yuan" in message and "13999.00 yuan awaiting" in message
    approve(head, fund.id, first)
    with acting(head, "wangfang"), head.write() as session:
        entry = disbursements.post_disbursement(session, first)
        ledger.reverse(session, entry.id, "拨付金额有误")
        assert ledger.granted_fen(session, project.id) == project.approved_fen // 2
    again = proposed_grant(head, fund.id, project.id, left)  # the reversal freed the money again
    approve(head, fund.id, again)
    with acting(head, "wangfang"), head.write() as session:
        disbursements.post_disbursement(session, again)
        assert ledger.granted_fen(session, project.id) == project.approved_fen


def test_a_grant_goes_to_a_funded_project_only(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        in_review = session.execute(text("SELECT id FROM project WHERE status = 'in_review' LIMIT 1")).scalar_one()
    for project_id, field in ((in_review, "project_id"), (None, "project_id")):
        assert refusal(head, lambda s: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
            "grant", 100, "资助", project_id))).field == field
    assert refusal(head, lambda s: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
        "expense", 100, "物资", in_review))).field == "project_id"



def test_a_terminated_project_gets_no_more_grants_not_even_one_approved_before(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 5_000_000, DAY)
        project = running_projects(session)[0]
    approved = proposed_grant(head, fund.id, project.id, 1_000)
    approve(head, fund.id, approved)
    with head.write() as session:
        projects.move(session, project.id, "terminate", reason="申报单位无法继续执行")
        assert project.id not in {room.project_id for room in grant_room.grant_rooms(session)}
    for attempt in (lambda s: disbursements.propose_disbursement(s, fund.id, DisbursementInput(
            "grant", 100, "尾款", project.id)), lambda s: disbursements.post_disbursement(s, approved)):
        with acting(head, "wangfang"):
            assert "was terminated" in refusal(head, attempt).message

def test_the_committee_rejects_once_too_few_are_left_to_approve(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        waiting = disbursements.propose_disbursement(session, fund.id, DisbursementInput(
            "expense", 30_000, "慰问品", payee="青山超市")).id
    assert approve(head, fund.id, waiting, voters=3, decision="reject") == "rejected"
    assert refusal(head, lambda s: disbursements.post_disbursement(s, waiting)).field == "disbursement_id"


def test_only_a_serving_committee_that_meets_the_rules_decides(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        other = make_fund(session, name="青山社区慈善基金二")
        waiting = disbursements.propose_disbursement(session, fund.id, DisbursementInput(
            "expense", 30_000, "慰问品", payee="青山超市")).id
        outsider = funds.committee(session, other.id)[0]
        chenjun = session.scalar(select(UserAccount.id).where(UserAccount.username == "chenjun"))
    assert refusal(head, lambda s: disbursements.approve_disbursement(
        s, waiting, outsider.id, "approve")).field == "member_id"
    with head.write() as session:
        member = funds.add_member(session, fund.id, MemberInput("陈俊", "member", OPENED, user_id=chenjun))
    # Six members: an even number may not decide.
    assert refusal(head, lambda s: disbursements.approve_disbursement(
        s, waiting, member.id, "approve")).field == "committee"
    with head.write() as session:
        funds.add_member(session, fund.id, MemberInput("冉晓梅", "member", OPENED))
    assert "records their own" in refusal(head, lambda s: disbursements.approve_disbursement(
        s, waiting, member.id, "approve")).message
    with acting(head, "chenjun"), head.write() as session:
        view = disbursements.approve_disbursement(session, waiting, member.id, "approve", "同意")
    assert [(d.member_name, d.by_name) for d in view.decisions] == [("陈俊", "陈俊")]
    with acting(head, "zhaolei"), pytest.raises(PermissionDenied), head.write() as session:
        disbursements.approve_disbursement(session, waiting, funds.committee(session, fund.id)[0].id, "approve")


def test_a_bank_statement_is_checked_until_it_matches_or_is_explained(head: Database) -> None:
    with head.write() as session:
        fund = make_fund(session)
        donate(session, fund.id, 100_000, DAY)
        matching = reconciliation.assert_balance(session, fund.id, "bank", DAY, 100_000, "银行对账单")
        short = reconciliation.assert_balance(session, fund.id, "bank", DAY + timedelta(days=30), 99_500, "银行对账单")
    assert (matching.matches, matching.reconciled) == (True, True)
    assert (short.ledger_fen, short.difference_fen, short.reconciled) == (100_000, -500, False)
    # The bank's charge was not posted: dated into the statement's day, it says why (issue 7 #3)...
    assert refusal(head, lambda s: post(s, fund.id, "expense", 500, DAY + timedelta(days=30), memo="银行手续费")
                   ).field == "backdate_reason"
    with head.write() as session:  # ...and once it is posted, the statement agrees
        post(session, fund.id, "expense", 500, DAY + timedelta(days=30), memo="银行手续费",
             backdate_reason="对账单列有手续费")
        [later, first] = reconciliation.reconciliation(session, fund.id)
        assert (later.matches, first.matches) == (True, True)
        odd = reconciliation.assert_balance(session, fund.id, "cash", DAY + timedelta(days=30), 1_000, "现金盘点")
    assert refusal(head, lambda s: reconciliation.reconcile(s, matching.id, "无")).field == "assertion_id"
    with head.write() as session:
        explained = reconciliation.reconcile(session, odd.id, "义卖现金尚未入账")
    assert (explained.matches, explained.reconciled, explained.reconciled_by) == (False, True, "周建国")
    assert refusal(head, lambda s: reconciliation.assert_balance(s, fund.id, "expenses", DAY, 1, "账簿")).field == \
        "account"


# Any sequence of postings and reversals, on any days, in a real database.
STEP = st.one_of(
    st.tuples(st.sampled_from(["donation_money", "expense", "refund", "donation_goods"]),
              st.integers(min_value=1, max_value=50_000), st.integers(min_value=0, max_value=60),
              st.sampled_from(["bank", "cash", "goods"])),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=60),
              st.just("")),
)


@pytest.fixture(scope="module")
def property_db(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One station for every example: each makes a fund of its own."""
    db = open_copy(demo_template.path, tmp_path_factory.mktemp("ledger-property"))
    with acting(db, "admin"):
        yield db
    db.close()


EXAMPLES = count(1)  # two live funds may not share a name


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(STEP, min_size=1, max_size=12))
def test_any_postings_and_reversals_keep_the_books_balanced_and_covered(property_db: Database,
                                                                        steps: list[tuple]) -> None:
    db = property_db
    with db.write() as session:
        fund = make_fund(session, name=f"性质测试基金{next(EXAMPLES)}")  # one database for every example
    for kind, amount, days, account in steps:
        day = OPENED + timedelta(days=days)
        try:
            with db.write() as session:
                if kind == "reverse":
                    ids = [e.id for e in ledger.entries(session, fund.id) if e.reverses_id is None and not e.reversed_by]
                    if ids:
                        ledger.reverse(session, ids[amount % len(ids)], "性质测试", on=max(
                            day, ledger.entry(session, ids[amount % len(ids)]).posted_on))
                else:
                    goods = GoodsInput("物资", Decimal(1), "批") if kind == "donation_goods" else None
                    # A refund gives back the first donation of money, if there is one.
                    party = {"refund_of_id": next((e.id for e in ledger.entries(session, fund.id)
                                                   if e.kind == "donation_money"), None)} \
                        if kind == "refund" else {"counterparty": "捐赠人"}
                    post(session, fund.id, kind, amount, day, account="" if goods else account, goods=goods, **party)
        except ValidationError:
            pass  # refused, and the unit of work wrote nothing
    with db.read() as session:
        sides = session.execute(select(LedgerLine.entry_id, LedgerLine.side, func.sum(LedgerLine.amount_fen))
                                .where(LedgerLine.fund_id == fund.id).group_by(LedgerLine.entry_id, LedgerLine.side))
        per_entry: dict[str, dict[str, int]] = {}
        for entry_id, side, total in sides:
            per_entry.setdefault(entry_id, {})[side] = total
        assert all(t.get("debit") == t.get("credit") and len(t) == 2 for t in per_entry.values())
        raw = session.execute(text(
            "SELECT account, SUM(CASE WHEN side = 'debit' THEN amount_fen ELSE -amount_fen END) FROM ledger_line "
            "WHERE fund_id = :fund GROUP BY account"), {"fund": fund.id}).all()
        held = ledger.balances(session, fund.id).accounts
        for account, debit_less_credit in raw:
            assert held[account] == (debit_less_credit if ACCOUNTS[account].normal == D else -debit_less_credit)
        days = sorted(set(session.scalars(select(LedgerLine.posted_on).where(LedgerLine.fund_id == fund.id))))
        for day in days:
            on_day = ledger.balances(session, fund.id, day).accounts
            assert all(on_day[code] >= 0 for code in ASSETS), (day, on_day)
