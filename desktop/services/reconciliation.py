"""Balance assertions (对账): "the bank statement says X on day D", checked against the ledger.

An assertion is compared with the ledger every time it is shown, so an entry posted later for that
day (a bank charge that was missing) makes it match. A difference stays on show until it matches, or
until a person explains it (未达账项: a deposit the bank had not credited yet) and marks it reconciled.
Recording needs RECORD_LEDGER; reading, VIEW.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.ledger import ACCOUNT_LABELS, ASSETS, check_held
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import ledger
from desktop.services.case_access import written
from desktop.services.forms import optional_text, required_text
from desktop.services.funds import fund_day, load_fund
from desktop.services.guard import require
from desktop.storage.base import utcnow
from desktop.storage.models import BalanceAssertion


@dataclass(frozen=True)
class Reconciliation:
    """One assertion against the ledger."""

    id: str
    account: str  # an asset of domain.ledger.CHART
    on_date: date
    source: str  # 银行对账单…
    expected_fen: int  # what the source says
    ledger_fen: int  # what the ledger says for the end of ``on_date``
    note: str
    explained: bool  # a person accepted the difference
    explanation: str  # why
    reconciled_by: str

    @property
    def difference_fen(self) -> int:
        """The source less the ledger."""
        return self.expected_fen - self.ledger_fen

    @property
    def matches(self) -> bool:
        return self.difference_fen == 0

    @property
    def reconciled(self) -> bool:
        """Matches, or a person explained the difference."""
        return self.matches or self.explained

    @property
    def account_label(self) -> str:
        return label(ACCOUNT_LABELS, self.account)


def _view(session: Session, row: BalanceAssertion) -> Reconciliation:
    held = ledger.balances(session, row.fund_id, row.on_date).accounts[row.account]
    return Reconciliation(row.id, row.account, row.on_date, row.source, row.amount_fen, held, row.note,
                          row.reconciled_at is not None, row.reconciled_note, row.reconciled_by)


def assert_balance(session: Session, fund_id: str, account: str, on_date: date, amount_fen: int, source: str,
                   note: str = "", today: date | None = None) -> Reconciliation:
    """Record what ``source`` says ``account`` held at the end of ``on_date``, and how the ledger compares."""
    require(session, Action.RECORD_LEDGER)
    fund = load_fund(session, fund_id)
    if account not in ASSETS:
        raise ValidationError("account", _("Choose the bank, cash or goods."))
    fund_day(fund, on_date, "on_date", today or date.today())
    row = BalanceAssertion(fund_id=fund.id, account=account, on_date=on_date, amount_fen=check_held(amount_fen),
                           source=required_text(source, "source", 50), note=optional_text(note, "note", 200),
                           **written(today))
    session.add(row)
    session.flush()
    return _view(session, row)


def reconcile(session: Session, assertion_id: str, explanation: str) -> Reconciliation:
    """Accept a difference with the reason for it; a matching assertion needs no reconciling."""
    who = require(session, Action.RECORD_LEDGER)
    row = session.get(BalanceAssertion, assertion_id) if assertion_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such balance assertion."))
    explanation = required_text(explanation, "explanation", 200)
    if _view(session, row).matches:
        raise ValidationError("assertion_id", _("The ledger agrees with this balance; there is nothing to reconcile."))
    if row.reconciled_at is not None:
        raise ValidationError("assertion_id", _("This difference was reconciled already."))
    row.reconciled_at, row.reconciled_note, row.reconciled_by = utcnow(), explanation, who.display_name
    session.flush()
    return _view(session, row)


def reconciliation(session: Session, fund_id: str) -> list[Reconciliation]:
    """Every assertion of the fund against the ledger, the latest day first."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    rows = session.scalars(select(BalanceAssertion).where(
        BalanceAssertion.fund_id == fund_id, BalanceAssertion.deleted_at.is_(None))
        .order_by(BalanceAssertion.on_date.desc(), BalanceAssertion.account, BalanceAssertion.hlc))
    return [_view(session, row) for row in rows]
