"""The rules of a community fund's ledger (社区基金台账), as data: the chart of accounts, the entries a
person picks and the balanced lines each becomes, reversal, and the management committee (管委会).

Double entry underneath, simple forms on top: a person picks "donation received" or "expense", an
amount and the asset it moves (bank, cash or goods), and ``lines_for`` turns that into a debit and a
credit line that balance to the fen. Every fund keeps the same small chart. A balance is counted on
its account's normal side: assets and expenses grow with debits, income with credits. Assets must
never go below zero: a fund cannot spend money or goods it does not hold.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.money import WORDS_LIMIT_FEN
from desktop.errors import ValidationError
from desktop.i18n import N_, _


class Side(StrEnum):
    DEBIT = "debit"
    CREDIT = "credit"


class AccountKind(StrEnum):
    ASSET = "asset"
    INCOME = "income"
    EXPENSE = "expense"


@dataclass(frozen=True)
class Account:
    code: str
    label: str  # marked with N_, translated when shown
    kind: AccountKind
    normal: Side  # the side that makes the balance grow


CHART: tuple[Account, ...] = (
    Account("bank", N_("Bank deposits (银行存款)"), AccountKind.ASSET, Side.DEBIT),
    Account("cash", N_("Cash on hand (库存现金)"), AccountKind.ASSET, Side.DEBIT),
    Account("goods", N_("Goods in kind (实物资产)"), AccountKind.ASSET, Side.DEBIT),
    Account("donation_income", N_("Donation income (捐赠收入)"), AccountKind.INCOME, Side.CREDIT),
    Account("transfers_in", N_("Transfers from other funds (基金间调拨·调入)"), AccountKind.INCOME, Side.CREDIT),
    Account("grants_paid", N_("Grants to projects (项目资助支出)"), AccountKind.EXPENSE, Side.DEBIT),
    Account("expenses", N_("Other expenses (其他支出)"), AccountKind.EXPENSE, Side.DEBIT),
    Account("transfers_out", N_("Transfers to other funds (基金间调拨·调出)"), AccountKind.EXPENSE, Side.DEBIT),
    Account("refunds", N_("Refunds to donors (退款)"), AccountKind.EXPENSE, Side.DEBIT),
)
ACCOUNTS: dict[str, Account] = {account.code: account for account in CHART}
ACCOUNT_LABELS: dict[str, str] = {account.code: account.label for account in CHART}
ASSETS: tuple[str, ...] = tuple(account.code for account in CHART if account.kind is AccountKind.ASSET)
MONEY: tuple[str, ...] = ("bank", "cash")  # a fund's available money (可用资金)


class EntryKind(StrEnum):
    DONATION_MONEY = "donation_money"
    DONATION_GOODS = "donation_goods"  # goods with a valuation; goods that cannot be valued are no entry
    GRANT = "grant"  # to a funded project, only through an approved disbursement
    EXPENSE = "expense"
    TRANSFER_OUT = "transfer_out"  # a transfer, as the paying fund records it
    TRANSFER_IN = "transfer_in"  # its other half, written with it in the receiving fund
    REFUND = "refund"  # money given back to a donor
    REVERSAL = "reversal"  # undoes one entry: its lines with the sides swapped


ENTRY_KIND_LABELS: dict[str, str] = {
    EntryKind.DONATION_MONEY: N_("Donation of money (货币捐赠)"),
    EntryKind.DONATION_GOODS: N_("Donation of goods (物资捐赠)"),
    EntryKind.GRANT: N_("Grant to a project (项目资助)"),
    EntryKind.EXPENSE: N_("Expense (支出)"),
    EntryKind.TRANSFER_OUT: N_("Transfer to another fund (调出)"),
    EntryKind.TRANSFER_IN: N_("Transfer from another fund (调入)"),
    EntryKind.REFUND: N_("Refund to a donor (退款)"),
    EntryKind.REVERSAL: N_("Reversal (冲销)"),
}

# The kinds a person picks, in the order a form offers them (those of DISBURSED on a disbursement). A
# transfer is picked from the paying fund.
PICKED: tuple[EntryKind, ...] = (EntryKind.DONATION_MONEY, EntryKind.DONATION_GOODS, EntryKind.GRANT,
                                 EntryKind.EXPENSE, EntryKind.TRANSFER_OUT, EntryKind.REFUND)
DONATIONS = frozenset({EntryKind.DONATION_MONEY, EntryKind.DONATION_GOODS})

ASSET = "asset"  # in a Rule: the asset account the person names


@dataclass(frozen=True)
class Rule:
    """What an entry of one kind debits and credits; ``ASSET`` stands for the asset named."""

    debit: str
    credit: str
    assets: tuple[str, ...]  # the asset accounts it may move, the usual one first


RULES: dict[EntryKind, Rule] = {
    EntryKind.DONATION_MONEY: Rule(ASSET, "donation_income", MONEY),
    EntryKind.DONATION_GOODS: Rule(ASSET, "donation_income", ("goods",)),
    EntryKind.GRANT: Rule("grants_paid", ASSET, MONEY),
    EntryKind.EXPENSE: Rule("expenses", ASSET, (*MONEY, "goods")),  # goods given out are spent too (物资发放)
    EntryKind.TRANSFER_OUT: Rule("transfers_out", ASSET, MONEY),
    EntryKind.TRANSFER_IN: Rule(ASSET, "transfers_in", MONEY),
    EntryKind.REFUND: Rule("refunds", ASSET, MONEY),
}


@dataclass(frozen=True)
class Line:
    account: str  # a code of CHART
    side: Side
    amount_fen: int  # > 0

    @property
    def signed_fen(self) -> int:
        """What the line adds to its account's balance (negative when it takes away)."""
        return self.amount_fen if self.side == ACCOUNTS[self.account].normal else -self.amount_fen


def check_amount(amount_fen: object, field: str = "amount") -> int:
    """A posted amount: whole fen above zero and below 一万亿元, the most a receipt can write in words
    (anything else, None included, is refused); so every amount prints, and sums stay far from overflow."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationError(field, _("Enter an amount above zero."))
    return _below_limit(amount_fen, field)


def check_held(amount_fen: object, field: str = "amount") -> int:
    """A balance a bank statement or a count states: whole fen, zero or more, below 一万亿元 as posted
    amounts are, so it prints and its difference from the ledger cannot overflow."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen < 0:
        raise ValidationError(field, _("Enter an amount of 0 or more."))
    return _below_limit(amount_fen, field)


def _below_limit(amount_fen: int, field: str) -> int:
    if amount_fen >= WORDS_LIMIT_FEN:
        raise ValidationError(field, _("Enter an amount below {limit} yuan (一万亿元).").format(
            limit=f"{WORDS_LIMIT_FEN // 100:,}"))
    return amount_fen


def lines_for(kind: str, amount_fen: int, asset: str = "") -> tuple[Line, Line]:
    """The debit and credit lines of an entry of ``kind`` moving ``amount_fen`` of ``asset`` (the
    kind's usual asset when empty: the bank, or goods for donated goods)."""
    if kind not in RULES:
        raise ValidationError("kind", _("Choose a kind of entry."))
    rule = RULES[EntryKind(kind)]
    asset = asset or rule.assets[0]
    if asset not in rule.assets:
        raise ValidationError("account", _("“{kind}” cannot move {account}.").format(
            kind=_(ENTRY_KIND_LABELS[kind]), account=_(ACCOUNT_LABELS[asset]) if asset in ACCOUNTS else asset))
    amount_fen = check_amount(amount_fen)
    debit = asset if rule.debit == ASSET else rule.debit
    credit = asset if rule.credit == ASSET else rule.credit
    return Line(debit, Side.DEBIT, amount_fen), Line(credit, Side.CREDIT, amount_fen)


def check_balanced(lines: Sequence[Line]) -> None:
    """An entry's lines: at least two, each on a known account and above zero, debits equal to credits."""
    if len(lines) < 2:
        raise ValidationError("lines", _("An entry has at least two lines."))
    for line in lines:
        if line.account not in ACCOUNTS or line.side not in (Side.DEBIT, Side.CREDIT):
            raise ValidationError("lines", _("A line names an account that is not in the chart."))
        check_amount(line.amount_fen, "lines")
    debits = sum(line.amount_fen for line in lines if line.side == Side.DEBIT)
    credits = sum(line.amount_fen for line in lines if line.side == Side.CREDIT)
    if debits != credits:
        raise ValidationError("lines", _("Debits of {debits} fen do not equal credits of {credits} fen.").format(
            debits=debits, credits=credits))


def reversal_of(lines: Iterable[Line]) -> tuple[Line, ...]:
    """The lines that undo ``lines``: the same accounts and amounts on the other side."""
    return tuple(Line(line.account, Side.CREDIT if line.side == Side.DEBIT else Side.DEBIT, line.amount_fen)
                 for line in lines)


def balances(lines: Iterable[Line]) -> dict[str, int]:
    """Every account of the chart with the balance ``lines`` leave on its normal side."""
    found = dict.fromkeys(ACCOUNTS, 0)
    for line in lines:
        found[line.account] += line.signed_fen
    return found


def overdrawn(held: dict[str, int], lines: Iterable[Line]) -> str | None:
    """The first asset account (in chart order) that ``lines`` would take below zero from ``held``."""
    after = dict(held)
    for line in lines:
        after[line.account] = after.get(line.account, 0) + line.signed_fen
    return next((code for code in ASSETS if after.get(code, 0) < 0), None)


# The management committee (管委会): FORMS.md, "Donations and community funds".
MIN_COMMITTEE = 5


class MemberRole(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    SUPERVISOR = "supervisor"


MEMBER_ROLE_LABELS: dict[str, str] = {
    MemberRole.CHAIR: N_("Chair (主任)"),
    MemberRole.MEMBER: N_("Member (委员)"),
    MemberRole.SUPERVISOR: N_("Supervisor (监督)"),
}


@dataclass(frozen=True)
class Seat:
    """What the committee's rules look at of one member."""

    role: str
    unpaid: bool


def committee_problems(seats: Sequence[Seat]) -> list[str]:
    """Every rule the committee breaks: at least five members, an odd number, unpaid, at least one
    supervisor; and one chair at most."""
    found: list[str] = []
    size = len(seats)
    if size < MIN_COMMITTEE:
        found.append(_("A management committee has at least {min} members; this one has {n}.").format(
            min=MIN_COMMITTEE, n=size))
    if size % 2 == 0:
        found.append(_("A management committee has an odd number of members; this one has {n}.").format(n=size))
    if any(not seat.unpaid for seat in seats):
        found.append(_("Committee members serve unpaid."))
    if not any(seat.role == MemberRole.SUPERVISOR for seat in seats):
        found.append(_("A management committee needs at least one supervisor (监督)."))
    if sum(seat.role == MemberRole.CHAIR for seat in seats) > 1:
        found.append(_("A management committee has one chair."))
    return found


class ApprovalRule(StrEnum):
    """How many of the committee must approve a disbursement: a fund setting."""

    MAJORITY = "majority"
    TWO_THIRDS = "two_thirds"
    ALL = "all"


APPROVAL_RULE_LABELS: dict[str, str] = {
    ApprovalRule.MAJORITY: N_("More than half of the committee (过半数)"),
    ApprovalRule.TWO_THIRDS: N_("Two thirds of the committee (三分之二以上)"),
    ApprovalRule.ALL: N_("The whole committee (全体)"),
}


def approvals_needed(committee_size: int, rule: str = ApprovalRule.MAJORITY) -> int:
    """How many approvals a disbursement needs from a committee of ``committee_size``."""
    if rule == ApprovalRule.MAJORITY:
        return committee_size // 2 + 1
    if rule == ApprovalRule.TWO_THIRDS:
        return -(-2 * committee_size // 3)
    if rule == ApprovalRule.ALL:
        return committee_size
    raise ValidationError("approval_rule", _("Choose one of the listed options."))


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


DECISION_LABELS: dict[str, str] = {Decision.APPROVE: N_("Approve (同意)"), Decision.REJECT: N_("Reject (不同意)")}


class DisbursementStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    POSTED = "posted"
    WITHDRAWN = "withdrawn"  # by its proposer or the head, before the committee settled it
    CANCELLED = "cancelled"  # by the head, approved but not paid


DISBURSEMENT_STATUS_LABELS: dict[str, str] = {
    DisbursementStatus.PROPOSED: N_("Awaiting the committee (待审批)"),
    DisbursementStatus.APPROVED: N_("Approved, to be paid (已批准)"),
    DisbursementStatus.REJECTED: N_("Rejected (未批准)"),
    DisbursementStatus.POSTED: N_("Paid and posted (已拨付)"),
    DisbursementStatus.WITHDRAWN: N_("Withdrawn (已撤回)"),
    DisbursementStatus.CANCELLED: N_("Cancelled (已取消)"),
}
# A disbursement that takes no money and awaits nothing any more, short of being paid.
DROPPED = frozenset({DisbursementStatus.REJECTED, DisbursementStatus.WITHDRAWN, DisbursementStatus.CANCELLED})
# Money going out (募用分离): only through a disbursement the committee approved, never posted directly.
DISBURSED: tuple[EntryKind, ...] = (EntryKind.GRANT, EntryKind.EXPENSE, EntryKind.TRANSFER_OUT, EntryKind.REFUND)
# Why each is refused when posted directly.
NOT_POSTED_HERE: dict[EntryKind, str] = {
    EntryKind.GRANT: N_("A grant is paid through a disbursement the committee approved: propose it on the "
                        "Disbursements (拨付) tab."),
    EntryKind.EXPENSE: N_("An expense is paid through a disbursement the committee approved: propose it on the "
                          "Disbursements (拨付) tab."),
    EntryKind.TRANSFER_OUT: N_("A transfer to another fund is paid through a disbursement the committee approved: "
                               "propose it on the Disbursements (拨付) tab."),
    EntryKind.REFUND: N_("A refund is paid through a disbursement the committee approved: propose it on the "
                         "Disbursements (拨付) tab, naming the donation refunded."),
}


def outcome(committee_size: int, rule: str, approvals: int, rejections: int) -> DisbursementStatus | None:
    """Approved once enough approve, rejected once too few are left to approve; None while open."""
    needed = approvals_needed(committee_size, rule)
    if approvals >= needed:
        return DisbursementStatus.APPROVED
    if committee_size - rejections < needed:
        return DisbursementStatus.REJECTED
    return None


# The word before 〔year〕 on a fund's receipts (青山基金收〔2026〕0001号): required and unique among live
# funds, so no two funds issue the same number.
RECEIPT_PREFIX_MAX = 20
_PREFIX_END = "基金收"  # what a prefix made from a fund's name ends with
_FUND_WORDS = ("社区慈善基金", "社区治理专项基金", "慈善基金", "专项基金", "基金")


def default_receipt_prefix(name: str, host_charity: str = "", taken: Collection[str] = ()) -> str:
    """A prefix made from the fund's name: its host charity and the word 基金 left out, 基金收 added
    (清河县慈善会青山社区慈善基金 → 青山基金收), numbered (青山基金收2) when ``taken`` has it."""
    base = _prefix_of(name, host_charity)
    made, n = base, 2
    while made in taken:
        made = f"{base[:RECEIPT_PREFIX_MAX - len(str(n))]}{n}"
        n += 1
    return made


def _prefix_of(name: str, host_charity: str) -> str:
    core = name.strip()
    if host_charity.strip() and core.startswith(host_charity.strip()) and core != host_charity.strip():
        core = core[len(host_charity.strip()):]
    for word in _FUND_WORDS:
        if core.endswith(word) and core != word:
            core = core[:-len(word)]
            break
    return core[:RECEIPT_PREFIX_MAX - len(_PREFIX_END)] + _PREFIX_END


FUND_STATUS_LABELS: dict[str, str] = {"active": N_("Active (运行中)"), "closed": N_("Closed (已终止)")}
RECEIPT_STATUS_LABELS: dict[str, str] = {"issued": N_("Issued (已开具)"), "voided": N_("Voided (已作废)")}
