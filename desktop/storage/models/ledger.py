"""Community funds (社区基金) and their ledgers: the fund and its management committee, the journal of
balanced entries, disbursements and the committee's decisions on them, goods received in kind, balance
assertions from bank statements, and donation receipts.

The journal is append-only in the database too (migration 0013's triggers): an entry and its lines are
never changed or deleted, and a mistake is undone by a reversing entry. Migration 0018's triggers let a
receipt change only from issued to voided and keep receipts and disbursements from being deleted; 0022's
keep a disbursement as proposed (only its status moves on, the workflow's way), a committee member but
for leaving, and a balance assertion but for its reconciling, once. A line repeats its entry's fund
and day, so a balance is a sum over one index of lines with no join. Amounts are integer fen. Accounts
are local to a node, so a committee member's account is kept by id only, with no foreign key.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, false, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced, UtcDateTime


class Fund(Base, Synced):
    """A community fund (社区慈善基金) held in the account of its host charity (托管慈善组织)."""

    __tablename__ = "fund"

    name: Mapped[str] = mapped_column(String(100), index=True)
    community_id: Mapped[str] = mapped_column(ForeignKey("community.id"), index=True)
    host_charity: Mapped[str] = mapped_column(String(100))
    opened_on: Mapped[date] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")  # domain.ledger.FUND_STATUS_LABELS
    approval_rule: Mapped[str] = mapped_column(String(16), default="majority")  # domain.ledger.ApprovalRule
    receipt_prefix: Mapped[str] = mapped_column(String(20), default="")  # the word before 〔year〕 on receipts


class FundMember(Base, Synced):
    """A member of the fund's management committee (管委会) from ``joined_on`` until ``left_on``."""

    __tablename__ = "fund_member"

    fund_id: Mapped[str] = mapped_column(ForeignKey("fund.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))  # domain.ledger.MemberRole
    affiliation: Mapped[str] = mapped_column(String(100), default="")  # 居民代表, 辖区企业代表…
    unpaid: Mapped[bool] = mapped_column(Boolean, default=True)
    user_id: Mapped[str | None] = mapped_column(String(36), default=None)  # their account, if they have one
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date, default=None)


class LedgerEntry(Base, Synced):
    """Append-only: one journal entry (记账凭证) of a fund, numbered from 1 in the fund. Its lines
    balance; ``amount_fen`` is what it moved, as lists show it."""

    __tablename__ = "ledger_entry"
    __append_only__: ClassVar[bool] = True
    # By day too: a period's entries (statements, notices) are a range, not a scan of the fund's numbers.
    __table_args__ = (Index("ix_ledger_entry_fund_number", "fund_id", "number"),
                      Index("ix_ledger_entry_fund_day", "fund_id", "posted_on"),
                      Index("ix_ledger_entry_fund_kind", "fund_id", "kind", "number"),
                      # A period's entries for the statistics (0021).
                      Index("ix_ledger_entry_day", "posted_on", "kind", "fund_id", "amount_fen", "reverses_id",
                            "deleted_at"))

    fund_id: Mapped[str] = mapped_column(ForeignKey("fund.id"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # domain.ledger.EntryKind
    posted_on: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    memo: Mapped[str] = mapped_column(String(200), default="")  # 摘要
    counterparty: Mapped[str] = mapped_column(String(100), default="")  # the donor or payee as named
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)  # the donor asked not to be named in public
    donor_id: Mapped[str | None] = mapped_column(ForeignKey("donor.id"), index=True, default=None)
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), index=True, default=None)
    # On the receiving half of a transfer: the paying half, in the other fund.
    linked_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_entry.id"), index=True, default=None)
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_entry.id"), index=True, default=None)
    reason: Mapped[str] = mapped_column(String(200), default="")  # why a reversal (or a later valuation) was made
    by_name: Mapped[str] = mapped_column(String(50), default="")


class LedgerLine(Base, Synced):
    """Append-only: one debit or credit of an entry, with the entry's fund and day."""

    __tablename__ = "ledger_line"
    __append_only__: ClassVar[bool] = True
    # The second index holds everything a balance sums, so a balance (and the cover check of one account
    # from a day on) reads the index alone: a fund of 10,000 lines in a table of 2,000,000 in 6 ms, not 27.
    __table_args__ = (Index("ix_ledger_line_fund_day", "fund_id", "posted_on"),
                      Index("ix_ledger_line_fund_account", "fund_id", "account", "posted_on", "side", "amount_fen"))

    entry_id: Mapped[str] = mapped_column(ForeignKey("ledger_entry.id"), index=True)
    fund_id: Mapped[str] = mapped_column(ForeignKey("fund.id"))
    posted_on: Mapped[date] = mapped_column(Date)
    account: Mapped[str] = mapped_column(String(16))  # domain.ledger.CHART
    side: Mapped[str] = mapped_column(String(6))  # domain.ledger.Side
    amount_fen: Mapped[int] = mapped_column(BigInteger)


class Disbursement(Base, Synced):
    """Money the fund means to pay out (拨付): a grant, an expense, a transfer to another fund or a refund
    of a donation; proposed, decided by the committee, then posted by the finance officer as an entry
    (``posted_entry_id``), unless withdrawn or cancelled first (``closed_*``). ``status``:
    domain.ledger.DisbursementStatus."""

    __tablename__ = "disbursement"
    __table_args__ = (Index("ix_disbursement_fund_number", "fund_id", "number", unique=True),)

    fund_id: Mapped[str] = mapped_column(ForeignKey("fund.id"), index=True)
    # Its number in the fund (1, 2, 3…), taken when proposed and never changed (0024; sync.registry.NUMBERED).
    number: Mapped[int | None] = mapped_column(Integer, default=None)
    kind: Mapped[str] = mapped_column(String(16))  # domain.ledger.DISBURSED
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), index=True, default=None)
    payee: Mapped[str] = mapped_column(String(100), default="")
    to_fund_id: Mapped[str | None] = mapped_column(ForeignKey("fund.id"), index=True, default=None)  # a transfer's
    refund_of_id: Mapped[str | None] = mapped_column(  # a refund's: the donation entry refunded
        ForeignKey("ledger_entry.id"), index=True, default=None)
    purpose: Mapped[str] = mapped_column(String(200))
    proposed_on: Mapped[date] = mapped_column(Date)
    proposed_by: Mapped[str] = mapped_column(String(50), default="")
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    decided_on: Mapped[date | None] = mapped_column(Date, default=None)
    posted_entry_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_entry.id"), default=None)
    # Withdrawn by its proposer or the head, or cancelled by the head once approved: when, who, why.
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    closed_by: Mapped[str] = mapped_column(String(50), default="", server_default=text("''"))
    close_reason: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))


class DisbursementApproval(Base, Synced):
    """Append-only: one committee member's decision on a disbursement, the amount decided on, and who
    recorded it. A payment needs every approval to name the amount paid (approvals written before 0022
    name none)."""

    __tablename__ = "disbursement_approval"
    __append_only__: ClassVar[bool] = True

    disbursement_id: Mapped[str] = mapped_column(ForeignKey("disbursement.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("fund_member.id"), index=True)
    decision: Mapped[str] = mapped_column(String(8))  # domain.ledger.Decision
    amount_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    decided_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    by_name: Mapped[str] = mapped_column(String(50), default="")


class GoodsInKind(Base, Synced):
    """Append-only: goods received (捐赠物资). Valued goods have the donation entry that counts them as
    income; goods that cannot be valued are recorded by name and quantity only, with no entry. A record
    with no entry is corrected, or valued later, by a new record that replaces it (``replaces_id``),
    saying why; the replaced one stays."""

    __tablename__ = "goods_in_kind"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (Index("ix_goods_in_kind_fund_ack_number", "fund_id", "ack_number", unique=True),)

    fund_id: Mapped[str] = mapped_column(ForeignKey("fund.id"), index=True)
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("ledger_entry.id"), index=True, default=None)
    donor_id: Mapped[str | None] = mapped_column(ForeignKey("donor.id"), default=None)
    counterparty: Mapped[str] = mapped_column(String(100), default="")
    received_on: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(100))
    quantity_centi: Mapped[int] = mapped_column(BigInteger)  # the quantity in hundredths
    unit: Mapped[str] = mapped_column(String(20), default="")
    valued_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)
    note: Mapped[str] = mapped_column(String(200), default="")
    by_name: Mapped[str] = mapped_column(String(50), default="")
    # The donor asked not to be named in public notices; goods that cannot be valued have no entry to say it.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    replaces_id: Mapped[str | None] = mapped_column(ForeignKey("goods_in_kind.id"), index=True, default=None)
    reason: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))  # why it replaces
    # A record with no entry: its acknowledgement's number in the fund (1, 2, 3…), taken when recorded and never
    # changed (0030; sync.registry.NUMBERED); valued goods have their entry's receipt instead.
    ack_number: Mapped[int | None] = mapped_column(Integer, default=None)


class FundPublication(Base, Synced):
    """Append-only: a fund's statement or public notice (``kind``) for a period, saved or printed: when
    (``created_at``), by whom, the SHA-256 of the file, and the totals it printed (a notice's in and out are
    what it received and used). Its period's books are closed from then on (``reconciliation.check_open``)."""

    __tablename__ = "fund_publication"
    __append_only__: ClassVar[bool] = True

    fund_id: Mapped[str] = mapped_column(ForeignKey("fund.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # services.publications.KIND_LABELS
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    by_name: Mapped[str] = mapped_column(String(50), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    opening_fen: Mapped[int] = mapped_column(BigInteger)
    in_fen: Mapped[int] = mapped_column(BigInteger)
    out_fen: Mapped[int] = mapped_column(BigInteger)
    closing_fen: Mapped[int] = mapped_column(BigInteger)


class BalanceAssertion(Base, Synced):
    """"The bank statement says X on day D" (``source``: 银行对账单…), checked against the ledger; a
    difference a person has explained is marked reconciled with their note and that difference, once (0022,
    0026)."""

    __tablename__ = "balance_assertion"
    __table_args__ = (Index("ix_balance_assertion_fund_number", "fund_id", "number", unique=True),)

    fund_id: Mapped[str] = mapped_column(ForeignKey("fund.id"), index=True)
    account: Mapped[str] = mapped_column(String(16))  # an asset of domain.ledger.CHART
    on_date: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(50))
    note: Mapped[str] = mapped_column(String(200), default="")
    reconciled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    reconciled_note: Mapped[str] = mapped_column(String(200), default="")
    reconciled_by: Mapped[str] = mapped_column(String(50), default="")
    reconciled_fen: Mapped[int | None] = mapped_column(BigInteger, default=None)  # the source less the ledger then
    # Its number in the fund (1, 2, 3…), taken when recorded and never changed (0030; sync.registry.NUMBERED).
    number: Mapped[int | None] = mapped_column(Integer, default=None)


class BalanceAssertionWithdrawal(Base, Synced):
    """Append-only: a balance assertion withdrawn (a mistyped figure), saying why and by whom, and the assertion
    recorded for the same account and day instead when it was replaced. The assertion stays, is no longer
    compared with the ledger and closes no books (0028)."""

    __tablename__ = "balance_assertion_withdrawal"
    __append_only__: ClassVar[bool] = True

    assertion_id: Mapped[str] = mapped_column(ForeignKey("balance_assertion.id"), index=True)
    replaced_by_id: Mapped[str | None] = mapped_column(ForeignKey("balance_assertion.id"), default=None)
    reason: Mapped[str] = mapped_column(String(200))
    by_name: Mapped[str] = mapped_column(String(50), default="")


class DonationReceipt(Base, Synced):
    """A donation receipt (捐赠收据): the fund's own acknowledgement, not the official 公益事业捐赠票据,
    whose code and number are recorded once the host charity issues it. Serials run per fund and year
    with no gaps; a voided receipt keeps its number and says why."""

    __tablename__ = "donation_receipt"
    __table_args__ = (Index("ix_donation_receipt_serial", "fund_id", "year", "serial"),)

    fund_id: Mapped[str] = mapped_column(ForeignKey("fund.id"))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), index=True)  # 社区基金收〔2026〕0001号
    entry_id: Mapped[str] = mapped_column(ForeignKey("ledger_entry.id"), index=True)
    donor_id: Mapped[str | None] = mapped_column(ForeignKey("donor.id"), default=None)
    donor_name: Mapped[str] = mapped_column(String(100))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[date] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(16), default="issued")  # domain.ledger.RECEIPT_STATUS_LABELS
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    voided_on: Mapped[date | None] = mapped_column(Date, default=None)
    official_ticket_code: Mapped[str] = mapped_column(String(20), default="")  # 票据代码
    official_ticket_number: Mapped[str] = mapped_column(String(20), default="")  # 票据号码
    # Why the ticket recorded last replaced an earlier one (the audit log keeps the earlier values).
    ticket_correction: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
