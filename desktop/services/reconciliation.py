"""Balance assertions (对账): "the bank statement says X on day D", checked against the ledger.

An assertion is compared with the ledger every time it is shown, so an entry posted later for that
day (a bank charge that was missing) makes it match. A difference stays on show until it matches, or
until a person explains it (未达账项: a deposit the bank had not credited yet) and marks it reconciled.
The row keeps its reconciliation once: who, when, why and the difference explained (``reconciled_fen``,
0022 and 0026 fix them). When an entry posted later changes the difference, the assertion differs again
until the new difference is reconciled; that reconciliation, and any after it, is an audit entry
(``RECONCILED``, written for the first too) holding the difference, the reason and who gave it.
Recording needs RECORD_LEDGER; reading, VIEW.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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
from desktop.storage import audit
from desktop.storage.base import utcnow
from desktop.storage.models import AuditEntry, BalanceAssertion, Fund

RECONCILED = "balance_assertion.reconciled"  # audit action: {"difference_fen", "explanation", "by"}
# The characters of an assertion's id it is numbered by where a person types it (the command line), as
# goods acknowledgements and clients are: the end of the id, random where the start (the time) is not.
NUMBER_LENGTH = 8


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
    explained_fen: int | None  # the difference a person last reconciled, None when none was
    explanation: str  # why
    reconciled_by: str

    @property
    def explained(self) -> bool:
        """A person accepted this very difference."""
        return self.explained_fen is not None and self.explained_fen == self.difference_fen and not self.matches

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

    @property
    def number(self) -> str:
        return self.id[-NUMBER_LENGTH:]


def _reconciled_again(session: Session, ids: Sequence[str]) -> dict[str, dict[str, object]]:
    """The latest reconciliation of each assertion, as its audit entry holds it: read only for assertions
    whose difference changed since the row's reconciliation, which may have been reconciled again."""
    latest: dict[str, dict[str, object]] = {}
    if not ids:
        return latest
    for row_id, detail in session.execute(select(AuditEntry.row_id, AuditEntry.detail).where(
            AuditEntry.action == RECONCILED, AuditEntry.table_name == BalanceAssertion.__tablename__,
            AuditEntry.row_id.in_(ids)).order_by(AuditEntry.seq)):
        latest[row_id] = json.loads(detail)
    return latest


def _views(session: Session, rows: Sequence[BalanceAssertion]) -> list[Reconciliation]:
    held = {row.id: ledger.balances(session, row.fund_id, row.on_date).accounts[row.account] for row in rows}
    changed = [row.id for row in rows
               if row.reconciled_fen is not None and row.reconciled_fen != row.amount_fen - held[row.id]]
    again = _reconciled_again(session, changed)
    found = []
    for row in rows:
        last = again.get(row.id, {})
        difference = last.get("difference_fen", row.reconciled_fen)
        found.append(Reconciliation(row.id, row.account, row.on_date, row.source, row.amount_fen, held[row.id],
                                    row.note, difference if isinstance(difference, int) else None,
                                    str(last.get("explanation", row.reconciled_note)),
                                    str(last.get("by", row.reconciled_by))))
    return found


def _view(session: Session, row: BalanceAssertion) -> Reconciliation:
    return _views(session, [row])[0]


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


def find_assertion(session: Session, number_or_id: str) -> str:
    """The id of the assertion a person named by its number (``Reconciliation.number``) or id."""
    require(session, Action.VIEW)
    wanted = number_or_id.strip().lower()
    match = BalanceAssertion.id.endswith(wanted, autoescape=True) if len(wanted) == NUMBER_LENGTH else \
        BalanceAssertion.id == wanted
    found = list(session.scalars(select(BalanceAssertion.id).where(match, BalanceAssertion.deleted_at.is_(None))))
    if not found:
        raise NotFoundError(_("No balance was recorded with the number {number}.").format(number=number_or_id.strip()))
    if len(found) > 1:
        raise ValidationError("assertion_id", _("{count} balances have the number {number}: give the id.").format(
            count=len(found), number=wanted))
    return found[0]


def reconcile(session: Session, assertion_id: str, explanation: str) -> Reconciliation:
    """Accept the difference as it stands with the reason for it; a matching assertion needs no
    reconciling. Reconciled again once an entry posted later changed the difference."""
    who = require(session, Action.RECORD_LEDGER)
    row = session.get(BalanceAssertion, assertion_id) if assertion_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such balance assertion."))
    explanation = required_text(explanation, "explanation", 200)
    now = _view(session, row)
    if now.matches:
        raise ValidationError("assertion_id", _("The ledger agrees with this balance; there is nothing to reconcile."))
    if now.explained:
        raise ValidationError("assertion_id", _("This difference was reconciled already."))
    if row.reconciled_at is None:  # the first reconciliation stays on the row (set once: 0022, 0026)
        row.reconciled_at, row.reconciled_note, row.reconciled_by = utcnow(), explanation, who.display_name
        row.reconciled_fen = now.difference_fen
    audit.append(session, RECONCILED, table_name=BalanceAssertion.__tablename__, row_id=row.id,
                 detail={"difference_fen": now.difference_fen, "explanation": explanation, "by": who.display_name})
    session.flush()
    return _view(session, row)


def reconciliation(session: Session, fund_id: str) -> list[Reconciliation]:
    """Every assertion of the fund against the ledger, the latest day first."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    rows = session.scalars(select(BalanceAssertion).where(
        BalanceAssertion.fund_id == fund_id, BalanceAssertion.deleted_at.is_(None))
        .order_by(BalanceAssertion.on_date.desc(), BalanceAssertion.account, BalanceAssertion.hlc))
    return _views(session, list(rows))


def _confirmed(session: Session, fund_id: str, since: date | None) -> Reconciliation | None:
    """The latest balance of the fund, dated ``since`` or later, that agrees with the ledger or was
    reconciled: the books are closed up to its day."""
    where = [BalanceAssertion.fund_id == fund_id, BalanceAssertion.deleted_at.is_(None)]
    if since is not None:
        where.append(BalanceAssertion.on_date >= since)
    rows = session.scalars(select(BalanceAssertion).where(*where).order_by(BalanceAssertion.on_date.desc()))
    return next((found for found in _views(session, list(rows)) if found.reconciled), None)


def closed_through(session: Session, fund_id: str) -> date | None:
    """The day the fund's books are closed up to (``check_open``), None while no balance is confirmed."""
    require(session, Action.VIEW)
    confirmed = _confirmed(session, load_fund(session, fund_id).id, None)
    return confirmed.on_date if confirmed else None


def check_open(session: Session, fund: Fund, day: date, backdate_reason: str) -> date | None:
    """An entry of ``fund`` dated ``day`` may be written: refused when a balance dated that day or later
    agrees with the ledger or was reconciled (the books are closed up to it: the entry would change what
    was confirmed, and papers printed for the period), unless ``backdate_reason`` says why. Returns the
    day the books are closed through when a reason lets the entry in, else None."""
    confirmed = _confirmed(session, fund.id, day)
    if confirmed is None:
        return None
    if not backdate_reason.strip():
        raise ValidationError("backdate_reason", _(
            "The books of {fund} are closed up to {date}: {source} of that day agrees with the ledger or was "
            "reconciled, and an entry dated {day} would change it and the papers printed for the period. Date it "
            "after {date}, or give the reason for back-dating it.").format(
            fund=fund.name, date=confirmed.on_date.isoformat(), source=confirmed.source, day=day.isoformat()))
    optional_text(backdate_reason, "backdate_reason", 200)
    return confirmed.on_date
