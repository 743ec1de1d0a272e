"""What a running project spent (实际支出), against the lines of its budget.

Expenses are append-only, as a ledger is: a mistake is undone by a reversing row with the negated
amount, dated like the expense it reverses, so the pair counts for nothing on any day. A line may be
overspent: the money is gone and the record must say so, so it is recorded and flagged, and the
evaluation explains the variance (经费使用 and reasons for variances).

The approved amount (立项金额) may be below the request; each line's share of it is its requested part
scaled down, the fen left by rounding going to the lines with the largest remainders, so the shares
sum to the approved amount exactly. What a line may spend is its approved share plus its matching part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.codes import BUDGET_CATEGORIES, label
from desktop.domain.money import MAX_FEN, from_fen
from desktop.domain.permissions import Action
from desktop.domain.project_budget import category_rank
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.forms import optional_text, required_text
from desktop.services.guard import require
from desktop.services.project_access import load_project, percent, project_day, project_in
from desktop.storage.models import Project, ProjectBudgetLine, ProjectExpense


@dataclass(frozen=True)
class ExpenseInput:
    budget_line_id: str
    spent_on: date
    amount_fen: int
    voucher_no: str  # 凭证号, which a finance reviewer checks
    payee: str = ""
    note: str = ""

    def validated(self) -> ExpenseInput:
        if isinstance(self.amount_fen, bool) or not isinstance(self.amount_fen, int) \
                or not 0 < self.amount_fen <= MAX_FEN:
            raise ValidationError("amount", _("Enter an amount above zero."))
        return replace(self, voucher_no=required_text(self.voucher_no, "voucher_no", 50),
                       payee=optional_text(self.payee, "payee", 100), note=optional_text(self.note, "note", 200))


@dataclass(frozen=True)
class ExpenseView:
    id: str
    budget_line_id: str
    category: str
    item: str
    spent_on: date
    amount_fen: int  # negative on a reversing row
    payee: str
    voucher_no: str
    note: str  # on a reversing row, the reason
    reverses_id: str | None
    reversed: bool  # a later row reverses this one
    by_name: str


@dataclass(frozen=True)
class Spending:
    """Budget against actual for one line, one category, or the whole project."""

    budgeted_fen: int  # 预算: requested + matching
    matching_fen: int  # 配套资金
    approved_fen: int  # the share of the approved amount (立项金额)
    spent_fen: int

    @property
    def available_fen(self) -> int:
        """What may be spent: the approved share and the matching funds."""
        return self.approved_fen + self.matching_fen

    @property
    def left_fen(self) -> int:
        return self.available_fen - self.spent_fen

    @property
    def percent_used(self) -> Decimal | None:
        """Spent as a percentage of what may be spent, to one place; None when nothing may be."""
        return percent(self.spent_fen, self.available_fen)

    @property
    def overspent(self) -> bool:
        return self.spent_fen > self.available_fen

    def __add__(self, other: Spending) -> Spending:
        return Spending(self.budgeted_fen + other.budgeted_fen, self.matching_fen + other.matching_fen,
                        self.approved_fen + other.approved_fen, self.spent_fen + other.spent_fen)


NOTHING = Spending(0, 0, 0, 0)


@dataclass(frozen=True)
class LineSpending:
    line_id: str
    number: int  # as the budget table numbers its rows, from 1
    category: str  # domain.codes.BUDGET_CATEGORIES
    item: str
    spending: Spending


@dataclass(frozen=True)
class BudgetVsActual:
    lines: tuple[LineSpending, ...]  # in the budget table's order
    categories: tuple[tuple[str, Spending], ...]  # category code → its lines' sums, in BUDGET_CATEGORIES order
    total: Spending
    warnings: tuple[str, ...]  # one per overspent line: allowed, but to be explained


def _yuan(fen: int) -> str:
    return str(from_fen(fen))


def _line_of(session: Session, project: Project, line_id: str) -> ProjectBudgetLine:
    row = session.get(ProjectBudgetLine, line_id) if line_id else None
    if row is None or row.deleted_at is not None or row.project_id != project.id:
        raise ValidationError("budget_line_id", _("Choose a line of this project's budget."))
    return row


def record_expense(session: Session, project_id: str, data: ExpenseInput, today: date | None = None) -> ExpenseView:
    """Money the running project spent against one of its budget lines; overspending is recorded
    (``budget_vs_actual`` flags it)."""
    who = require(session, Action.RECORD_SPENDING)
    project = project_in(session, project_id, Action.RECORD_SPENDING)
    data = data.validated()
    line = _line_of(session, project, data.budget_line_id)
    row = ProjectExpense(project_id=project.id, budget_line_id=line.id,
                         spent_on=project_day(project, data.spent_on, "spent_on", today or date.today()),
                         amount_fen=data.amount_fen, payee=data.payee, voucher_no=data.voucher_no, note=data.note,
                         by_name=who.display_name)
    session.add(row)
    session.flush()
    return _views(session, [row.id])[0]


def reverse_expense(session: Session, expense_id: str, reason: str) -> ExpenseView:
    """Undo a mistaken expense with a reversing row, dated like it, ``reason`` as its note."""
    who = require(session, Action.RECORD_SPENDING)
    row = session.get(ProjectExpense, expense_id) if expense_id else None
    if row is None:
        raise NotFoundError(_("No such expense."))
    project_in(session, row.project_id, Action.RECORD_SPENDING)
    reason = required_text(reason, "reason", 200)
    if row.reverses_id is not None:
        raise ValidationError("expense_id", _("A reversal cannot be reversed; record the expense again."))
    if session.scalar(select(ProjectExpense.id).where(ProjectExpense.reverses_id == row.id)):
        raise ValidationError("expense_id", _("This expense has already been reversed."))
    reversal = ProjectExpense(project_id=row.project_id, budget_line_id=row.budget_line_id, spent_on=row.spent_on,
                              amount_fen=-row.amount_fen, payee=row.payee, voucher_no=row.voucher_no, note=reason,
                              reverses_id=row.id, by_name=who.display_name)
    session.add(reversal)
    session.flush()
    return _views(session, [reversal.id])[0]


_later = aliased(ProjectExpense)
_REVERSED = exists().where(_later.reverses_id == ProjectExpense.id)


def _views(session: Session, ids: Sequence[str]) -> list[ExpenseView]:
    rows = session.execute(select(ProjectExpense, ProjectBudgetLine, _REVERSED)
                           .join(ProjectBudgetLine, ProjectExpense.budget_line_id == ProjectBudgetLine.id)
                           .where(ProjectExpense.id.in_(ids))).all()
    found = {row.id: ExpenseView(row.id, row.budget_line_id, line.category, line.item, row.spent_on,
                                 row.amount_fen, row.payee, row.voucher_no, row.note, row.reverses_id, bool(flag),
                                 row.by_name)
             for row, line, flag in rows}
    return [found[i] for i in ids if i in found]


def expenses(session: Session, project_id: str) -> list[ExpenseView]:
    """Every row of the project's spending, reversals included, by date."""
    require(session, Action.VIEW)
    load_project(session, project_id)
    return _views(session, list(session.scalars(
        select(ProjectExpense.id).where(ProjectExpense.project_id == project_id)
        .order_by(ProjectExpense.spent_on, ProjectExpense.hlc))))


def approved_shares(requested: Sequence[int], approved_fen: int) -> list[int]:
    """Each requested part's share of ``approved_fen``, in whole fen summing to it exactly (largest
    remainders get the fen left over; ties to the earlier line). Shares of a full approval are the
    requests themselves."""
    total = sum(requested)
    if not total:
        return [0] * len(requested)
    floors = [part * approved_fen // total for part in requested]
    remainders = sorted(range(len(requested)), key=lambda i: (-(requested[i] * approved_fen % total), i))
    for i in remainders[:approved_fen - sum(floors)]:
        floors[i] += 1
    return floors


def budget_vs_actual(session: Session, project_id: str, as_of: date | None = None) -> BudgetVsActual:
    """The budget against what was spent by ``as_of`` (everything when None), per line, per category
    and in total, with a warning for each overspent line."""
    require(session, Action.VIEW)
    project = load_project(session, project_id)
    lines = list(session.scalars(select(ProjectBudgetLine).where(
        ProjectBudgetLine.project_id == project.id, ProjectBudgetLine.deleted_at.is_(None))
        .order_by(ProjectBudgetLine.position)))
    spent_on = [ProjectExpense.spent_on <= as_of] if as_of is not None else []
    spent: dict[str, int] = {}
    for line_id, amount in session.execute(select(ProjectExpense.budget_line_id, ProjectExpense.amount_fen)
                                           .where(ProjectExpense.project_id == project.id, *spent_on)):
        spent[line_id] = spent.get(line_id, 0) + amount
    requested = [line.amount_fen - line.matching_fen for line in lines]
    approved = project.approved_fen if project.approved_fen is not None else sum(requested)
    per_line = tuple(LineSpending(line.id, number, line.category, line.item,
                                  Spending(line.amount_fen, line.matching_fen, share, spent.get(line.id, 0)))
                     for number, (line, share) in enumerate(zip(lines, approved_shares(requested, approved),
                                                                strict=True), 1))
    by_category: dict[str, Spending] = {}
    for entry in per_line:
        by_category[entry.category] = by_category.get(entry.category, NOTHING) + entry.spending
    categories = tuple(sorted(by_category.items(), key=lambda item: category_rank(item[0])))
    total = sum((entry.spending for entry in per_line), NOTHING)
    warnings = tuple(_("Line {line} ({category}, {item}) is overspent by {amount} yuan: recorded, but explain the "
                       "variance in the evaluation.").format(
        line=entry.number, category=label(BUDGET_CATEGORIES, entry.category), item=entry.item,
        amount=_yuan(-entry.spending.left_fen)) for entry in per_line if entry.spending.overspent)
    return BudgetVsActual(per_line, categories, total, warnings)
