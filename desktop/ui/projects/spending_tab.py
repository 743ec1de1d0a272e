"""支出: the budget against what was spent, per category with its lines under it and in total (an
overspent line in the error colour, with why it matters), and every expense under that. Expenses are
append-only: "Reverse…" undoes a mistaken one with a negated row, both kept (the reversed one struck
through, the pair dimmed, as neither counts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QGroupBox, QHeaderView, QLabel, QSplitter, QVBoxLayout

from desktop.domain.codes import BUDGET_CATEGORIES, label
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import RUNNING
from desktop.i18n import N_, _
from desktop.services import project_spending
from desktop.services.project_spending import BudgetVsActual, ExpenseView, Spending
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.list_view import list_view
from desktop.ui.projects.expense_dialog import ExpenseDialog
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import published
from desktop.ui.projects.running_figures import percent_text, spending_summary
from desktop.ui.projects.running_tab import RunningTab
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.fields import ReasonDialog
from desktop.ui.volunteers.rows_model import RowsModel

INDENT = "    "  # a line's item under its category


@dataclass(frozen=True)
class BudgetRow:
    """A row of the budget table: a category's sums, one of its lines, or the whole budget."""

    number: str  # the line's number in the budget table; "" for a category or the total
    text: str
    spending: Spending
    summed: bool  # a category or the total: shown in bold
    warning: str = ""  # why an overspent line matters


def budget_rows(found: BudgetVsActual) -> list[BudgetRow]:
    """Each category's sums with its lines under it, in the budget's order, then the total."""
    warnings = dict(zip((line.line_id for line in found.lines if line.spending.overspent), found.warnings,
                        strict=True))
    rows = []
    for category, spending in found.categories:
        rows.append(BudgetRow("", label(BUDGET_CATEGORIES, category), spending, True))
        rows += [BudgetRow(str(line.number), INDENT + line.item, line.spending, False, warnings.get(line.line_id, ""))
                 for line in found.lines if line.category == category]
    rows.append(BudgetRow("", _("Total"), found.total, True))
    return rows


BUDGET_COLUMNS: list[Column[BudgetRow]] = [
    Column(N_("No."), None, lambda r: r.number, RIGHT),
    Column(N_("Category and item"), None, lambda r: r.text),
    Column(N_("Budget (yuan)"), None, lambda r: yuan(r.spending.budgeted_fen), RIGHT),
    Column(N_("May be spent (yuan)"), None, lambda r: yuan(r.spending.available_fen), RIGHT),
    Column(N_("Spent (yuan)"), None, lambda r: yuan(r.spending.spent_fen), RIGHT),
    Column(N_("Left (yuan)"), None, lambda r: yuan(r.spending.left_fen), RIGHT),
    Column(N_("Used"), None, lambda r: percent_text(r.spending.percent_used), RIGHT),
]
AVAILABLE_TIP = N_("The line's share of the approved amount (立项金额) and its matching funds (配套资金).")


def _budget_look(row: BudgetRow, column: int, role: int) -> Any:
    """Sums in bold; an overspent row in the error colour, saying why in its tooltip."""
    if role == Qt.ItemDataRole.FontRole and row.summed:
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.ForegroundRole and row.spending.overspent:
        return QColor(ERROR_COLOR)
    if role == Qt.ItemDataRole.ToolTipRole:
        if row.spending.overspent:
            return row.warning or _("Overspent by {amount} yuan.").format(amount=yuan(-row.spending.left_fen))
        return _(AVAILABLE_TIP) if column == 3 else None
    return None


def _note(row: ExpenseView) -> str:
    return _("Reversal: {reason}").format(reason=row.note) if row.reverses_id else row.note


EXPENSE_COLUMNS: list[Column[ExpenseView]] = [
    Column(N_("Date"), None, lambda e: e.spent_on.isoformat()),
    Column(N_("Budget line"), None, lambda e: e.item),
    Column(N_("Amount (yuan)"), None, lambda e: yuan(e.amount_fen), RIGHT),
    Column(N_("Paid to"), None, lambda e: e.payee),
    Column(N_("Voucher no."), None, lambda e: e.voucher_no),
    Column(N_("Note"), None, _note),
    Column(N_("Recorded by"), None, lambda e: e.by_name),
]


def _expense_look(row: ExpenseView, _column: int, role: int) -> Any:
    """A reversed expense struck through; it and its reversal dimmed, as together they count for nothing."""
    if role == Qt.ItemDataRole.FontRole and row.reversed:
        font = QFont()
        font.setStrikeOut(True)
        return font
    if role == Qt.ItemDataRole.ForegroundRole and (row.reversed or row.reverses_id):
        return QApplication.palette().placeholderText()
    if role == Qt.ItemDataRole.ToolTipRole and row.reversed:
        return _("Reversed by a later row; both stay on file and neither counts.")
    return None


class SpendingTab(RunningTab[ExpenseView]):
    def __init__(self, ctx: AppContext, project_id: str) -> None:
        super().__init__(ctx, project_id, EXPENSE_COLUMNS, lambda p: ctx.gateway.read(project_spending.expenses, p),
                         Action.RECORD_SPENDING, RUNNING, _expense_look)
        self.budget: BudgetVsActual | None = None
        self.budget_model: RowsModel[BudgetRow] = RowsModel(BUDGET_COLUMNS, _budget_look)
        self.budget_view = list_view(self.budget_model)
        header = self.budget_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(f"color: {ERROR_COLOR};")
        budget_box = QGroupBox(_("Budget against spending"))
        budget_column = QVBoxLayout(budget_box)
        budget_column.addWidget(self.budget_view, 1)
        budget_column.addWidget(self.warnings)
        expenses_box = QGroupBox(_("Expenses"))
        self.column.removeWidget(self.view)
        QVBoxLayout(expenses_box).addWidget(self.view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(budget_box)
        splitter.addWidget(expenses_box)
        self.column.insertWidget(0, splitter, 1)
        self.add_button = self.action(_("Record an expense…"), self.record)
        self.reverse_button = self.action(_("Reverse…"), self.reverse)
        self.totals.show()
        self.load()

    def load(self) -> None:
        self.budget = self._ctx.gateway.read(project_spending.budget_vs_actual, self.project_id)
        self.budget_model.set_rows(budget_rows(self.budget))
        self.warnings.setText("\n".join(self.budget.warnings))
        self.warnings.setVisible(bool(self.budget.warnings))
        super().load()
        self.totals.setText(spending_summary(self.budget.total) if self.model.rowCount() else
                            _("Nothing spent yet. Record an expense… adds one against a line of the budget."))

    def update_actions(self) -> None:
        row = self.selected()
        self.allow(self.add_button, bool(self.budget and self.budget.lines), _("The project has no budget line."))
        reversible = row is not None and not row.reversed and not row.reverses_id
        self.allow(self.reverse_button, reversible,
                   _("Select an expense that stands.") if row is None or reversible else
                   _("A reversal and a reversed expense are not reversed again."))

    def record(self) -> None:
        if self.may_edit and self.takes_entries() and self.budget is not None:
            published(self._ctx, ExpenseDialog(self._ctx, self.project, self.budget.lines, self))

    def reverse(self) -> None:
        row = self.selected()
        if row is None or row.reversed or row.reverses_id or not self.may_edit or not self.takes_entries():
            return
        gateway = self._ctx.gateway
        published(self._ctx, ReasonDialog(
            self._ctx, title=_("Reverse an expense"), ok_text=_("Reverse"), parent=self,
            intro=_("{amount} yuan paid to {payee} on {date} (voucher {voucher}) is undone by a row of −{amount} "
                    "yuan; both stay on file.").format(amount=yuan(row.amount_fen), payee=row.payee or "—",
                                                       date=row.spent_on.isoformat(), voucher=row.voucher_no),
            work=lambda reason: gateway.write(project_spending.reverse_expense, row.id, reason)))
