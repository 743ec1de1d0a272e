"""Record an expense of the running project against one of its budget lines. Spending more than a line has
left is allowed — the money is gone and the record must say so — but the dialog says so before saving,
and the line is flagged as overspent after."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.codes import BUDGET_CATEGORIES, label
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import project_spending
from desktop.services.project_spending import ExpenseInput, LineSpending
from desktop.services.projects import ProjectView
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value
from desktop.ui.projects.money_field import fen_of, money_edit, yuan
from desktop.ui.projects.running_tab import project_day_edit
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day


def line_text(line: LineSpending) -> str:
    """"3. Training (培训费) · 志愿者培训": a budget line as the budget table numbers it."""
    return _("{number}. {category} · {item}").format(number=line.number, category=label(BUDGET_CATEGORIES,
                                                                                          line.category),
                                                     item=line.item)


class ExpenseDialog(FormDialog):
    """``outcome`` is the ``ExpenseView`` recorded."""

    def __init__(self, ctx: AppContext, project: ProjectView, lines: Sequence[LineSpending],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Record an expense"), ok_text=_("Record"), parent=parent,
                         intro=_("Expenses are never changed or deleted: a mistake is undone with Reverse…, which "
                                 "keeps both rows on file."))
        self._project_id = project.id
        self._lines = {line.line_id: line for line in lines}
        self.line: QComboBox = QComboBox()
        self.line.setPlaceholderText(_("Choose…"))
        for line in lines:
            self.line.addItem(_("{line} — {left} yuan left").format(line=line_text(line),
                                                                    left=yuan(line.spending.left_fen)), line.line_id)
        self.line.setCurrentIndex(-1)
        self.spent_on = project_day_edit(project)
        self.amount = money_edit()
        self.over = QLabel()
        self.over.setWordWrap(True)
        self.over.hide()
        amount = QWidget()
        column = QVBoxLayout(amount)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.amount)
        column.addWidget(self.over)
        amount.setFocusProxy(self.amount)
        self.voucher_no = line_edit(50)
        self.voucher_no.setPlaceholderText(_("As written on the voucher, e.g. 记-202611-007"))
        self.payee = line_edit(100)
        self.note = line_edit(200)
        form = self.form
        form.add_row("budget_line_id", _("Budget line"), self.line)
        form.add_row("spent_on", _("Date"), self.spent_on)
        form.add_row("amount", _("Amount (yuan)"), amount)
        form.watch("amount", self.amount.textEdited)
        form.add_row("voucher_no", _("Voucher no. (凭证号)"), self.voucher_no)
        form.add_row("payee", _("Paid to"), self.payee)
        form.add_row("note", _("Note"), self.note)
        self.setMinimumWidth(640)
        self.update_button()
        self.line.setFocus()

    def update_button(self) -> None:
        self._show_over()
        super().update_button()

    def _show_over(self) -> None:
        """Say, before saving, that the amount is more than the line has left."""
        line = self._lines.get(combo_value(self.line))
        try:
            amount = fen_of(self.amount.text(), "amount")
        except ValidationError:
            amount = 0
        over = amount - line.spending.left_fen if line is not None else 0
        self.over.setText(_("{amount} yuan more than the line has left: it is recorded, and the line shows as "
                            "overspent until the evaluation explains it.").format(amount=yuan(over))
                          if over > 0 else "")
        self.over.setVisible(over > 0)

    def checked(self) -> ExpenseInput:
        line_id = combo_value(self.line)
        if not line_id:
            raise ValidationError("budget_line_id", _("Choose the budget line it was spent on."))
        return ExpenseInput(line_id, day(self.spent_on), fen_of(self.amount.text(), "amount"), self.voucher_no.text(),
                            self.payee.text(), self.note.text()).validated()

    def job(self, values: ExpenseInput) -> Job:
        gateway, project_id = self._ctx.gateway, self._project_id
        return lambda _progress: gateway.write(project_spending.record_expense, project_id, values)
