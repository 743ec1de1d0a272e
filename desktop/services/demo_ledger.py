"""A demo community fund (青山社区慈善基金, held by 清河县慈善会) and a year of its ledger.

A committee of five with a supervisor; donations from the demo donors (one of goods valued, one of
goods that cannot be valued), receipts for them (one voided and issued again), expenses paid through
disbursements the committee approved the same day, one expense paid twice and reversed, a first
tranche of the grant to each running demo project through a disbursement the committee approved, a
bank statement that agrees with the ledger, and a disbursement still awaiting the committee.
Everything goes through the services on the day it happened, counted back from today so the year
always looks current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.ledger import DISBURSED, Decision, EntryKind, MemberRole
from desktop.domain.project_workflow import RUNNING
from desktop.services import disbursements, funds, ledger, reconciliation, receipts
from desktop.services.acting import acting_as
from desktop.services.disbursements import DisbursementInput
from desktop.services.funds import FundInput, MemberInput
from desktop.services.ledger import EntryView, GoodsInput, PostingInput
from desktop.storage.database import Database
from desktop.storage.models import Community, Donor, Fund, Project

DEMO_FUND = "青山社区慈善基金"
HOST = "清河县慈善会"
OPENED_AGO = 360  # days before today
PAYER = "wangfang"  # 王芳, the demo's finance officer: the committee's clerk, pays what the head proposes
PROPOSER = "lixia"  # 李霞, the social worker who proposes the disbursement still awaiting the committee
# name, role, affiliation
COMMITTEE: tuple[tuple[str, MemberRole, str], ...] = (
    ("刘桂芳", MemberRole.CHAIR, "青山镇社区社会组织联合会"),
    ("何明德", MemberRole.MEMBER, "居民代表"),
    ("谢文强", MemberRole.MEMBER, "辖区企业代表（清河农商银行青山支行）"),
    ("吴春燕", MemberRole.MEMBER, "托管慈善组织代表（清河县慈善会）"),
    ("陈淑华", MemberRole.SUPERVISOR, "社区居务监督委员会"),
)


@dataclass(frozen=True)
class Posting:
    ago: int  # days before today
    kind: EntryKind
    amount_fen: int | None
    memo: str
    donor: str = ""  # a demo donor, by name
    counterparty: str = ""
    account: str = ""
    goods: GoodsInput | None = None
    receipt: bool = False
    anonymous: bool = False
    spoilt: str = ""  # why its first receipt was voided and issued again
    mistake: str = ""  # why it was reversed the next day


P = Posting
POSTINGS: tuple[Posting, ...] = (
    P(355, EntryKind.DONATION_MONEY, 5_000_000, "社区慈善基金启动配捐", donor=HOST, receipt=True),
    P(320, EntryKind.DONATION_MONEY, 3_000_000, "重阳敬老专项捐赠", donor="清河农商银行青山支行", receipt=True),
    P(300, EntryKind.EXPENSE, 80_000, "基金公示栏制作", counterparty="青山广告制作部"),
    P(299, EntryKind.EXPENSE, 80_000, "基金公示栏制作", counterparty="青山广告制作部", mistake="重复录入，冲销"),
    P(270, EntryKind.DONATION_MONEY, 200_000, "资助困难学生（上学期）", donor="周德明", receipt=True),
    P(210, EntryKind.DONATION_MONEY, 2_000_000, "支持社区公益微创投", donor="清河县宏达建材有限公司", receipt=True,
      spoilt="打印时卡纸损毁，原件留存作废"),
    P(160, EntryKind.DONATION_GOODS, 360_000, "困难家庭慰问物资", donor="青山镇好又多超市",
             goods=GoodsInput("米面油爱心礼包", Decimal(120), "份", "每份大米 10 斤、面条 5 斤、菜籽油 1 升"), receipt=True),
    P(150, EntryKind.DONATION_GOODS, None, "衣物捐赠", donor="谭秀兰",
             goods=GoodsInput("旧衣物（八成新）", Decimal(46), "件", "清洗消毒后发放，无法估值")),
    P(150, EntryKind.EXPENSE, 180_000, "慰问：向 60 户困难家庭发放米面油", account="goods",
             counterparty="青山社区困难家庭"),
    P(100, EntryKind.DONATION_MONEY, 128_650, "邻里节爱心义卖善款", counterparty="青山社区居民（现场捐款）",
             account="cash"),
    P(100, EntryKind.EXPENSE, 18_650, "邻里节活动茶水", counterparty="青山镇好又多超市", account="cash"),
    P(90, EntryKind.DONATION_MONEY, 200_000, "资助困难学生（下学期）", donor="周德明", receipt=True, anonymous=True),
)
STATEMENT_AGO = 31  # the bank statement's day


def fill_ledger(db: Database, _password: str) -> int:
    """The demo fund and its year, once: nothing is added when the fund is there already."""
    today = date.today()
    with db.write() as session:
        if session.scalar(select(Fund.id).where(Fund.name == DEMO_FUND)):
            return 0
        community = session.scalar(select(Community.id).where(Community.name == "青山社区",
                                                             Community.deleted_at.is_(None)))
        if community is None:
            return 0
        opened = today - timedelta(days=OPENED_AGO)
        fund = funds.add(session, FundInput(
            DEMO_FUND, community, HOST, opened, "扶老助幼、邻里互助和社区公益微创投项目资助", receipt_prefix="青山基金收"),
            today=opened)
        for name, role, affiliation in COMMITTEE:
            funds.add_member(session, fund.id, MemberInput(name, role, opened, affiliation), today=opened)
        donors = {d.name: d.id for d in session.scalars(select(Donor).where(Donor.deleted_at.is_(None)))}
        for posting in POSTINGS:
            _post(session, fund.id, posting, donors, today)
        _grant(session, fund.id, today)
        statement_day = today - timedelta(days=STATEMENT_AGO)
        bank = ledger.balances(session, fund.id, statement_day).accounts["bank"]
        reconciliation.assert_balance(session, fund.id, "bank", statement_day, bank, "银行对账单（清河县慈善会基金专户）",
                                      today=statement_day + timedelta(days=3))
        _awaiting(session, fund.id, today)
    return 1


def _post(session: Session, fund_id: str, posting: Posting, donors: dict[str, str], today: date) -> None:
    """The posting on its day, with its receipt (spoilt and issued again, if it was) or its reversal; an
    expense proposed, approved and paid that day."""
    day = today - timedelta(days=posting.ago)
    if posting.kind in DISBURSED:
        assert posting.amount_fen is not None
        entry: EntryView | None = _disburse(session, fund_id, DisbursementInput(
            posting.kind, posting.amount_fen, posting.memo, payee=posting.counterparty), day, day, day, posting.account)
    else:
        entry = ledger.post(session, fund_id, PostingInput(
            posting.kind, posting.amount_fen, day, posting.account, posting.memo, posting.counterparty,
            donors.get(posting.donor), goods=posting.goods, anonymous=posting.anonymous), today=day).entry
    if entry is None:
        return
    if posting.receipt:
        receipt = receipts.issue(session, entry.id, today=day)
        if posting.spoilt:
            receipts.void(session, receipt.id, posting.spoilt, today=day)
            receipts.issue(session, entry.id, today=day)
    if posting.mistake:
        ledger.reverse(session, entry.id, posting.mistake, today=day + timedelta(days=1))


def _disburse(session: Session, fund_id: str, data: DisbursementInput, proposed: date, decided: date, paid: date,
              account: str = "") -> EntryView:
    """A disbursement proposed, approved by three of the committee (recorded by the finance officer as its
    clerk) and paid by her (not its proposer), each on its day."""
    view = disbursements.propose_disbursement(session, fund_id, data, today=proposed)
    _decide(session, fund_id, view.id, 3, decided)
    with acting_as(session, PAYER):
        return disbursements.post_disbursement(session, view.id, paid, account, today=paid)


def _decide(session: Session, fund_id: str, disbursement_id: str, voters: int, day: date) -> None:
    with acting_as(session, PAYER):  # the clerk, never the proposer
        for member in funds.committee(session, fund_id, day)[:voters]:
            disbursements.approve_disbursement(session, disbursement_id, member.id, Decision.APPROVE, today=day)


def _grant(session: Session, fund_id: str, today: date) -> None:
    """Half of each running demo project's approved grant, paid once its project had started."""
    running = session.scalars(select(Project).where(Project.status.in_(RUNNING), Project.deleted_at.is_(None))
                              .order_by(Project.starts_on)).all()
    for project in running:
        if project.approved_fen is None:
            continue
        proposed = max(project.starts_on, today - timedelta(days=60))
        _disburse(session, fund_id, DisbursementInput(
            EntryKind.GRANT, project.approved_fen // 2, f"{project.title} 首期资助款", project.id), proposed,
            proposed + timedelta(days=2), proposed + timedelta(days=5))


def _awaiting(session: Session, fund_id: str, today: date) -> None:
    """The next disbursement, proposed by the social worker five days ago; the chair has approved it so far."""
    proposed = today - timedelta(days=5)
    with acting_as(session, PROPOSER):
        view = disbursements.propose_disbursement(session, fund_id, DisbursementInput(
            EntryKind.EXPENSE, 300_000, "重阳节敬老慰问活动物资", payee="青山镇好又多超市"), today=proposed)
    _decide(session, fund_id, view.id, 1, today - timedelta(days=3))
