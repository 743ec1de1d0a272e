"""Balance assertions (对账): "the bank statement says X on day D", checked against the ledger.

An assertion is compared with the ledger every time it is shown, so an entry posted later for that
day (a bank charge that was missing) makes it match. A difference stays on show until it matches, or
until a person explains it (未达账项: a deposit the bank had not credited yet) and marks it reconciled.
The row keeps its reconciliation once: who, when, why and the difference explained (``reconciled_fen``,
0022 and 0026 fix them). When an entry posted later changes the difference, the assertion differs again
until the new difference is reconciled; that reconciliation, and any after it, is an audit entry
(``RECONCILED``, written for the first too) holding the difference, the reason and who gave it.

A mistyped assertion is withdrawn, never deleted or changed (0028: a ``BalanceAssertionWithdrawal`` row, why
and who): it stays listed, greyed, but is no longer compared and closes no books. One fund, account and day
has one standing assertion: recording another withdraws the older, with the reason, as replaced by it.
A standing assertion, whether it agrees or not, closes the books of its own account up to its day: an entry
that moves that account dated then or before needs a reason (``check_open``); the other accounts stay open.
Assertions are numbered 1, 2, 3… per fund as recorded, as people quote them: the number is taken when one is
recorded and kept (0030), so one synced in with an older clock stamp renumbers none.
A fund's statement or public notice saved or printed after its period ended closes that period's books the same
way (``publications``): an entry dated in or before a published period needs a reason too; one printed while
its period ran (through today, to check the figures) closes nothing.
Recording and withdrawing need RECORD_LEDGER; reading, VIEW.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.ledger import ACCOUNT_LABELS, ASSETS, check_held
from desktop.domain.money import from_fen
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import ledger, publications
from desktop.services.case_access import local_day, written
from desktop.services.forms import optional_text, required_text
from desktop.services.funds import fund_day, load_fund
from desktop.services.guard import require
from desktop.services.numbering import next_in_fund
from desktop.storage import audit
from desktop.storage.base import utcnow
from desktop.storage.models import AuditEntry, BalanceAssertion, BalanceAssertionWithdrawal, Fund

RECONCILED = "balance_assertion.reconciled"  # audit action: {"difference_fen", "explanation", "by"}
# The document an account's balance is usually read from: what recording one proposes (a cash count for cash).
SOURCES = {"bank": "银行对账单", "cash": "库存现金盘点", "goods": "实物盘点"}


@dataclass(frozen=True)
class Withdrawal:
    """Why and by whom an assertion was withdrawn; ``replaced_by`` the number of the one recorded instead."""

    reason: str
    by: str
    on: date
    replaced_by: int | None  # None when withdrawn alone


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
    withdrawal: Withdrawal | None = None
    number: int = 0  # from 1 in the fund, in the order recorded (``_numbers``)

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
        """Standing, and matches or a person explained the difference."""
        return self.withdrawal is None and (self.matches or self.explained)

    @property
    def state(self) -> str:
        """withdrawn, agrees, reconciled (a person explained this very difference) or differs."""
        if self.withdrawal is not None:
            return "withdrawn"
        if self.matches:
            return "agrees"
        return "reconciled" if self.explained else "differs"

    @property
    def account_label(self) -> str:
        return label(ACCOUNT_LABELS, self.account)


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


def _standing() -> ColumnElement[bool]:
    """The condition on ``BalanceAssertion`` of one not withdrawn."""
    return ~select(BalanceAssertionWithdrawal.id).where(
        BalanceAssertionWithdrawal.assertion_id == BalanceAssertion.id).exists()


def _withdrawals(session: Session, ids: Sequence[str], numbers: dict[str, int]) -> dict[str, Withdrawal]:
    """The withdrawal of each withdrawn assertion: the first, when two nodes withdrew one and synced."""
    found: dict[str, Withdrawal] = {}
    if not ids:
        return found
    for row in session.scalars(select(BalanceAssertionWithdrawal).where(
            BalanceAssertionWithdrawal.assertion_id.in_(ids)).order_by(BalanceAssertionWithdrawal.hlc)):
        found.setdefault(row.assertion_id, Withdrawal(row.reason, row.by_name, local_day(row.created_at),
                                                      numbers.get(row.replaced_by_id or "")))
    return found


def _numbers(session: Session, fund_ids: set[str]) -> dict[str, int]:
    """Each assertion's number, as people quote it: from 1 in its fund, taken when recorded (``assert_balance``)
    and kept, as entries and disbursements are numbered (an id is no number to read out)."""
    return {found: number for found, number in session.execute(select(BalanceAssertion.id, BalanceAssertion.number)
            .where(BalanceAssertion.fund_id.in_(fund_ids), BalanceAssertion.deleted_at.is_(None),
                   BalanceAssertion.number.is_not(None)))}


def _views(session: Session, rows: Sequence[BalanceAssertion]) -> list[Reconciliation]:
    held = {row.id: ledger.balances(session, row.fund_id, row.on_date).accounts[row.account] for row in rows}
    changed = [row.id for row in rows
               if row.reconciled_fen is not None and row.reconciled_fen != row.amount_fen - held[row.id]]
    again = _reconciled_again(session, changed)
    numbers = _numbers(session, {row.fund_id for row in rows})
    withdrawn = _withdrawals(session, [row.id for row in rows], numbers)
    found = []
    for row in rows:
        last = again.get(row.id, {})
        difference = last.get("difference_fen", row.reconciled_fen)
        found.append(Reconciliation(row.id, row.account, row.on_date, row.source, row.amount_fen, held[row.id],
                                    row.note, difference if isinstance(difference, int) else None,
                                    str(last.get("explanation", row.reconciled_note)),
                                    str(last.get("by", row.reconciled_by)), withdrawn.get(row.id),
                                    numbers.get(row.id, 0)))
    return found


def _view(session: Session, row: BalanceAssertion) -> Reconciliation:
    return _views(session, [row])[0]


def _standing_on(session: Session, fund_id: str, account: str, on_date: date) -> list[BalanceAssertion]:
    return list(session.scalars(select(BalanceAssertion).where(
        BalanceAssertion.fund_id == fund_id, BalanceAssertion.account == account, BalanceAssertion.on_date == on_date,
        BalanceAssertion.deleted_at.is_(None), _standing()).order_by(BalanceAssertion.hlc)))


def standing_on(session: Session, fund_id: str, account: str, on_date: date) -> Reconciliation | None:
    """The assertion standing for the fund's ``account`` at the end of ``on_date``, which recording another
    would replace; None when there is none."""
    require(session, Action.VIEW)
    rows = _standing_on(session, fund_id, account, on_date)
    return _view(session, rows[-1]) if rows else None


def assert_balance(session: Session, fund_id: str, account: str, on_date: date, amount_fen: int, source: str,
                   note: str = "", today: date | None = None, replace_reason: str = "") -> Reconciliation:
    """Record what ``source`` says ``account`` held at the end of ``on_date``, and how the ledger compares.
    Where an assertion stands for that account and day, only with ``replace_reason``, which withdraws it."""
    who = require(session, Action.RECORD_LEDGER)
    fund = load_fund(session, fund_id)
    if account not in ASSETS:
        raise ValidationError("account", _("Choose the bank, cash or goods."))
    fund_day(fund, on_date, "on_date", today or date.today())
    row = BalanceAssertion(fund_id=fund.id, account=account, on_date=on_date, amount_fen=check_held(amount_fen),
                           source=required_text(source, "source", 50), note=optional_text(note, "note", 200),
                           number=next_in_fund(session, BalanceAssertion.number, BalanceAssertion.fund_id, fund.id),
                           **written(today))
    stood = _standing_on(session, fund.id, account, on_date)
    if stood and not replace_reason.strip():
        old = _view(session, stood[-1])
        raise ValidationError("replace", _(
            "{source} says {amount} yuan for {account} at the end of {date} already (No. {number}). Recording "
            "another withdraws it: give the reason.").format(
            source=old.source, amount=from_fen(old.expected_fen), account=old.account_label,
            date=on_date.isoformat(), number=old.number))
    if replace_reason.strip() and not stood:
        raise ValidationError("replace", _("No balance of {date} stands for this account: there is nothing to "
                                           "replace.").format(date=on_date.isoformat()))
    session.add(row)
    session.flush()
    for old_row in stood:
        _withdraw(session, old_row, replace_reason, who.display_name, row.id)
    session.flush()
    return _view(session, row)


def _withdraw(session: Session, row: BalanceAssertion, reason: str, by: str, replaced_by: str | None) -> None:
    session.add(BalanceAssertionWithdrawal(assertion_id=row.id, replaced_by_id=replaced_by,
                                           reason=required_text(reason, "reason", 200), by_name=by))


def withdraw(session: Session, assertion_id: str, reason: str) -> Reconciliation:
    """Withdraw a mistyped assertion, saying why: it stays listed, no longer compared with the ledger."""
    who = require(session, Action.RECORD_LEDGER)
    row = _load(session, assertion_id)
    now = _view(session, row)
    if now.withdrawal is not None:
        raise ValidationError("assertion_id", _("This balance was withdrawn already: {reason}").format(
            reason=now.withdrawal.reason))
    _withdraw(session, row, reason, who.display_name, None)
    session.flush()
    return _view(session, row)


def _load(session: Session, assertion_id: str) -> BalanceAssertion:
    row = session.get(BalanceAssertion, assertion_id) if assertion_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such balance assertion."))
    return row


def find_assertion(session: Session, number_or_id: str, fund_id: str) -> str:
    """The id of the fund's assertion a person named by its number (``Reconciliation.number``) or id."""
    require(session, Action.VIEW)
    wanted = number_or_id.strip().lower().removeprefix("no.").strip()
    numbers = _numbers(session, {load_fund(session, fund_id).id})
    found = [row_id for row_id, number in numbers.items() if wanted == str(number) or wanted == row_id]
    if found:
        return found[0]
    raise NotFoundError(_("No balance was recorded with the number {number}.").format(number=number_or_id.strip()))


def reconcile(session: Session, assertion_id: str, explanation: str) -> Reconciliation:
    """Accept the difference as it stands with the reason for it; a matching assertion needs no
    reconciling. Reconciled again once an entry posted later changed the difference."""
    who = require(session, Action.RECORD_LEDGER)
    row = _load(session, assertion_id)
    explanation = required_text(explanation, "explanation", 200)
    now = _view(session, row)
    if now.withdrawal is not None:
        raise ValidationError("assertion_id", _("This balance was withdrawn ({reason}); there is nothing to "
                                                "reconcile.").format(reason=now.withdrawal.reason))
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


def reconciliation(session: Session, fund_id: str, withdrawn: bool = False) -> list[Reconciliation]:
    """Every standing assertion of the fund against the ledger (and with ``withdrawn`` the withdrawn ones),
    the latest day first."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    shown = () if withdrawn else (_standing(),)
    rows = session.scalars(select(BalanceAssertion).where(
        BalanceAssertion.fund_id == fund_id, BalanceAssertion.deleted_at.is_(None), *shown)
        .order_by(BalanceAssertion.on_date.desc(), BalanceAssertion.account, BalanceAssertion.hlc))
    return _views(session, list(rows))


def _latest_standing(session: Session, fund_id: str, since: date | None,
                     accounts: Collection[str] | None) -> Reconciliation | None:
    """The latest standing balance of the fund, dated ``since`` or later, of one of ``accounts`` (any when
    None): the day whose closing balance it fixes, on that account, would change under an entry dated into it."""
    where = [BalanceAssertion.fund_id == fund_id, BalanceAssertion.deleted_at.is_(None), _standing()]
    if since is not None:
        where.append(BalanceAssertion.on_date >= since)
    if accounts is not None:
        where.append(BalanceAssertion.account.in_(accounts))
    row = session.scalars(select(BalanceAssertion).where(*where).order_by(BalanceAssertion.on_date.desc(),
                                                                           BalanceAssertion.hlc.desc())).first()
    return _view(session, row) if row is not None else None


def closed_through(session: Session, fund_id: str, accounts: Collection[str] | None = None,
                   published: bool = True) -> date | None:
    """The day the fund's books (of ``accounts``, any when None) are closed up to (``check_open``), by a balance
    recorded or, with ``published``, a statement or notice printed; None while neither closes any."""
    require(session, Action.VIEW)
    found = _latest_standing(session, load_fund(session, fund_id).id, None, accounts)
    days = [found.on_date] if found else []
    paper = publications.closed_through(session, fund_id) if published else None
    return max([*days, paper]) if paper is not None else (days[0] if days else None)


def check_open(session: Session, fund: Fund, day: date, backdate_reason: str, accounts: Collection[str],
               published: bool = True) -> date | None:
    """Something of ``fund`` dated ``day`` that moves ``accounts`` (an entry; a receipt, its donation's) may be
    written: refused when a balance of one of those accounts, dated that day or later, stands (recorded from a
    bank statement, a cash count: the entry would change what it compares, and the papers printed for the
    period), or, with ``published``, when a statement or notice of a period ending that day or later was saved
    or printed once that period had ended (``publications.closing``: the entry would change what it said; a
    snapshot of a running period closes nothing), unless ``backdate_reason`` says
    why. Balances of other accounts do not matter: a cash donation leaves the bank's balance as it was. Returns
    the day the books are closed through when a reason lets it in, else None."""
    found = _latest_standing(session, fund.id, day, [account for account in accounts if account in ASSETS])
    paper = publications.closing(session, fund.id, day) if published else None
    if found is None and paper is None:
        return None
    if found is None and paper is not None:
        if not backdate_reason.strip():
            raise ValidationError("backdate_reason", _published_advice(paper, fund, day))
        optional_text(backdate_reason, "backdate_reason", 200)
        return paper.end
    assert found is not None
    if not backdate_reason.strip():
        # A balance of today leaves no later day to date the entry on (a future date is refused).
        advice = _(
            "Balance No. {number} ({source}) fixes what {account} of {fund} held at the end of {date}, and an "
            "entry dated {day} would change it. Date the entry after {date}; or, if that balance was recorded "
            "before the day's entries were all in, withdraw it and record it again after them; or give the reason "
            "for back-dating the entry.") if found.on_date < date.today() else _(
            "Balance No. {number} ({source}) fixes what {account} of {fund} held at the end of today, {date}, and "
            "an entry dated {day} would change it. If that balance was recorded before the day's entries were all "
            "in, withdraw it and record it again after them; or give the reason for entering this one after it.")
        raise ValidationError("backdate_reason", advice.format(
            number=found.number, source=found.source, account=found.account_label, fund=fund.name,
            date=found.on_date.isoformat(), day=day.isoformat()))
    optional_text(backdate_reason, "backdate_reason", 200)
    return max(found.on_date, paper.end) if paper is not None else found.on_date


def _published_advice(paper: publications.Publication, fund: Fund, day: date) -> str:
    """Why an entry dated ``day`` is refused: ``paper`` printed what the fund's books said for its period."""
    said = {"start": paper.start.isoformat(), "end": paper.end.isoformat(), "paper": paper.kind_label,
            "on": local_day(paper.at).isoformat(), "by": paper.by, "fund": fund.name, "day": day.isoformat()}
    # Only a paper printed after its period ended closes it: there is always a later day to date the entry on.
    return _("{paper} of {fund} for {start} – {end} was printed on {on} by {by}, and an entry dated {day} "
             "would change what it says. Date the entry after that period; or give the reason for back-dating it, "
             "and post a corrected one.").format(**said)


def state_label(found: Reconciliation, amount: Callable[[int], str]) -> str:
    """The state alone, with no reason (the 状态 column of ``wushe ledger assertions``; ``amount`` writes fen as
    yuan, each its own way); the reason is ``state_reason``."""
    if found.withdrawal is not None:
        if found.withdrawal.replaced_by:
            return _("Replaced by No. {number}").format(number=found.withdrawal.replaced_by)
        return _("Withdrawn (no longer compared)")
    if found.matches:
        return _("Agrees")
    if found.explained:
        return _("Reconciled")
    if found.explained_fen is not None:  # an entry posted since changed the difference reconciled
        return _("Differs: now {difference} yuan ({amount} yuan was reconciled)").format(
            amount=amount(found.explained_fen), difference=amount(found.difference_fen))
    return _("Differs")


def state_reason(found: Reconciliation) -> str:
    """Why: the reason a balance was withdrawn, or the explanation of the difference reconciled; "" otherwise."""
    if found.withdrawal is not None:
        return found.withdrawal.reason
    return found.explanation if found.explained_fen is not None else ""


def state_text(found: Reconciliation, amount: Callable[[int], str]) -> str:
    """The short state the 对账 tab shows: ``state_label``, with the reason of a withdrawn or reconciled balance;
    what it leaves out is ``state_note``."""
    if found.withdrawal is not None:
        if found.withdrawal.replaced_by:
            return _("Replaced by No. {number}: {reason}").format(number=found.withdrawal.replaced_by,
                                                                  reason=found.withdrawal.reason)
        return _("Withdrawn: {reason}").format(reason=found.withdrawal.reason)
    if found.explained:
        return _("Reconciled: {explanation}").format(explanation=found.explanation)
    # Short, so the notes stay in view: a re-opened reconciliation's explanation is ``state_note``.
    return state_label(found, amount)


def state_note(found: Reconciliation) -> str:
    """What the short state leaves out: who withdrew an assertion and when, or the explanation of a difference
    reconciled before an entry changed it; "" otherwise."""
    if found.withdrawal is not None:
        return _("Withdrawn by {by} on {date}.").format(by=found.withdrawal.by, date=found.withdrawal.on.isoformat())
    if found.explained_fen is not None and not found.reconciled:
        return found.explanation
    return ""
