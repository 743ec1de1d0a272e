"""对账: what the bank statement (or a cash count, a stock-take) says an account held at the end of a day,
against what the ledger says for that day. A difference is shown in the error colour until an entry
posted later makes them agree, or a person explains it (未达账项) and marks it reconciled. A mistyped balance
is withdrawn with the reason, or replaced by recording another for its account and day (which asks why);
it stays listed, greyed, and is no longer compared."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.domain.ledger import ASSETS, check_held
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import N_, _, format_date, ngettext
from desktop.services import ledger, reconciliation
from desktop.services.forms import optional_text, required_text
from desktop.services.funds import FundView
from desktop.services.reconciliation import SOURCES, Reconciliation, state_note, state_text
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import ERROR_COLOR, combo_value
from desktop.ui.layouts import button_row
from desktop.ui.ledger.ledger_fields import TOPIC, account_combo, fund_day_edit
from desktop.ui.list_view import ListOrEmpty, list_view
from desktop.ui.projects.money_field import fen_of, money_edit, yuan
from desktop.ui.projects.project_fields import published
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import ReasonDialog, day
from desktop.ui.volunteers.rows_model import RowsModel


COLUMNS: list[Column[Reconciliation]] = [
    Column(N_("No."), None, lambda r: r.number),  # what `wushe ledger reconcile --assertion` takes
    Column(N_("Balance date"), None, lambda r: format_date(r.on_date)),
    Column(N_("Account"), None, lambda r: r.account_label),
    Column(N_("Source document"), None, lambda r: r.source),
    Column(N_("Source says (yuan)"), None, lambda r: yuan(r.expected_fen), RIGHT),
    Column(N_("Ledger says (yuan)"), None, lambda r: yuan(r.ledger_fen), RIGHT),
    Column(N_("Difference (yuan)"), None, lambda r: yuan(r.difference_fen) if r.difference_fen else "", RIGHT),
    Column(N_("State"), None, lambda r: state_text(r, yuan)),
    Column(N_("Note"), None, lambda r: r.note),
]
STATE = 7  # the column of ``state_text``


def _look(row: Reconciliation, column: int, role: int) -> Any:
    """A withdrawn balance greyed; a difference nobody explained yet in the error colour; what the state leaves
    out (the explanation, who withdrew it) as the state's tooltip."""
    if role == Qt.ItemDataRole.ForegroundRole and row.withdrawal is not None:
        return QApplication.palette().placeholderText()
    if role == Qt.ItemDataRole.ForegroundRole and row.state == "differs":
        return QColor(ERROR_COLOR)
    if role == Qt.ItemDataRole.ToolTipRole and column == STATE:
        return state_note(row) or row.explanation or None
    return None


class ReconcileTab(QWidget):
    def __init__(self, ctx: AppContext, fund: FundView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.fund = ctx, fund
        self.may_record = ctx.gateway.may(Action.RECORD_LEDGER)
        self.model: RowsModel[Reconciliation] = RowsModel(COLUMNS, _look)
        self.view = list_view(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.record_button = QPushButton(_("Record a balance…"))
        self.record_button.setToolTip(_("What a bank statement, a cash count or a stock-take says on a day"))
        self.record_button.clicked.connect(self.record)
        self.reconcile_button = QPushButton(_("Reconcile…"))
        self.reconcile_button.clicked.connect(self._reconcile_selected)
        self.withdraw_button = QPushButton(_("Withdraw…"))
        self.withdraw_button.clicked.connect(self._withdraw_selected)
        for button in (self.record_button, self.reconcile_button, self.withdraw_button):
            button.setVisible(self.may_record)
        self.body = ListOrEmpty(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.summary)
        layout.addLayout(button_row(self.record_button, self.reconcile_button, self.withdraw_button))
        self.refresh()

    def set_fund(self, fund: FundView) -> None:
        self.fund = fund
        self.refresh()

    def refresh(self) -> None:
        found = self._ctx.gateway.read(reconciliation.reconciliation, self.fund.id, withdrawn=True)
        self.model.set_rows(found)
        open_differences = [r for r in found if r.state == "differs"]
        self.body.show_rows(len(found), _("No balance recorded yet. Record a balance… compares a bank statement with "
                                          "the ledger."))
        self.summary.setVisible(bool(found))
        if open_differences:
            self.summary.setText(ngettext(
                "{n} balance differs from the ledger: post what is missing, or reconcile it with the reason.",
                "{n} balances differ from the ledger: post what is missing, or reconcile them with the reason.",
                len(open_differences)).format(n=len(open_differences)))
        else:
            self.summary.setText(_("Every balance standing agrees with the ledger or is reconciled."))
        self.summary.setStyleSheet(f"color: {ERROR_COLOR};" if open_differences else "")
        self._update_buttons()

    def selected(self) -> Reconciliation | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.reconcile_button.setEnabled(row is not None and row.state == "differs")
        self.reconcile_button.setToolTip("" if self.reconcile_button.isEnabled()
                                         else _("Select a balance that differs from the ledger."))
        self.withdraw_button.setEnabled(row is not None and row.withdrawal is None)
        self.withdraw_button.setToolTip("" if self.withdraw_button.isEnabled()
                                        else _("Select a balance that was mistyped."))

    def record(self) -> bool:
        return self.may_record and published(self._ctx, BalanceDialog(self._ctx, self.fund, self), TOPIC)

    def _reconcile_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.reconcile(row)

    def _withdraw_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.withdraw(row)

    def withdraw(self, row: Reconciliation) -> bool:
        if not self.may_record or row.withdrawal is not None:
            return False
        gateway = self._ctx.gateway
        intro = _("{source} of {date}, {expected} yuan, is withdrawn: it stays listed with the reason, and is no "
                  "longer compared with the ledger.").format(source=row.source, date=format_date(row.on_date),
                                                             expected=yuan(row.expected_fen))
        return published(self._ctx, ReasonDialog(
            self._ctx, title=_("Withdraw a balance"), ok_text=_("Withdraw"), intro=intro, parent=self,
            work=lambda reason: gateway.write(reconciliation.withdraw, row.id, reason)), TOPIC)

    def reconcile(self, row: Reconciliation) -> bool:
        if not self.may_record or row.state != "differs":
            return False
        gateway = self._ctx.gateway
        intro = _("On {date} {source} says {expected} yuan and the ledger {held} yuan, a difference of {difference} "
                  "yuan. Say why (a deposit the bank had not credited yet, say); the difference stays on file with "
                  "the reason.").format(date=format_date(row.on_date), source=row.source,
                                        expected=yuan(row.expected_fen), held=yuan(row.ledger_fen),
                                        difference=yuan(row.difference_fen))
        return published(self._ctx, ReasonDialog(
            self._ctx, title=_("Reconcile a difference"), ok_text=_("Reconcile"), intro=intro, parent=self,
            work=lambda reason: gateway.write(reconciliation.reconcile, row.id, reason)), TOPIC)


class BalanceDialog(FormDialog):
    """Record what a source says an account held at the end of a day; the ledger's figure for that day is
    shown beside it as it is typed, and so is a balance recorded already for that account and day, which
    saving replaces after asking why. The source follows the account until one is typed. ``outcome`` is the
    ``Reconciliation``."""

    def __init__(self, ctx: AppContext, fund: FundView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Record a balance"), ok_text=_("Record"), parent=parent)
        self._fund = fund
        self.standing: Reconciliation | None = None
        self.account = account_combo(ASSETS)
        self.on_date = fund_day_edit(fund)
        self.amount = money_edit()
        self.ledger_says = QLabel()
        self.ledger_says.setWordWrap(True)
        self.source = line_edit(50, SOURCES[combo_value(self.account)])
        self._source_typed = False
        self.source.textEdited.connect(lambda _text: setattr(self, "_source_typed", True))
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        form = self.form
        form.add_row("account", _("Account"), self.account)
        form.add_row("on_date", _("At the end of"), self.on_date)
        form.watch("on_date", self.on_date.dateChanged)
        form.add_row("amount", _("Source says (yuan)"), self.amount)
        form.layout.addRow("", self.ledger_says)
        form.add_row("source", _("Source document"), self.source)
        form.add_row("note", _("Note"), self.note)
        self.account.currentIndexChanged.connect(lambda _index: self._account_chosen())
        self.update_button()
        self.amount.setFocus()

    def _account_chosen(self) -> None:
        if not self._source_typed:
            self.source.setText(SOURCES[combo_value(self.account)])
        self.update_button()

    def update_button(self) -> None:
        """The ledger's balance for the day chosen, how the amount typed compares, and a balance it replaces."""
        account, on_date = combo_value(self.account), day(self.on_date)
        held = self._ctx.gateway.read(ledger.balances, self._fund.id, on_date).accounts[account]
        self.standing = self._ctx.gateway.read(reconciliation.standing_on, self._fund.id, account, on_date)
        try:
            difference = fen_of(self.amount.text(), "amount") - held
        except ValidationError:
            difference = 0
        text = _("The ledger says {amount} yuan.").format(amount=yuan(held))
        if difference:
            text += " " + _("A difference of {amount} yuan: it is shown until reconciled.").format(
                amount=yuan(difference))
        if self.standing is not None:
            text += " " + _("{source} of that day, {amount} yuan (No. {number}), is recorded already: this one "
                            "replaces it, and you are asked why.").format(
                source=self.standing.source, amount=yuan(self.standing.expected_fen), number=self.standing.number)
        self.ledger_says.setText(text)
        self.ledger_says.setStyleSheet(f"color: {ERROR_COLOR};" if difference or self.standing else "")
        self.ok_button.setText(_("Replace…") if self.standing is not None else _("Record"))
        super().update_button()

    def checked(self) -> tuple[str, date, int, str, str]:
        amount = check_held(fen_of(self.amount.text(), "amount"))
        return (combo_value(self.account), day(self.on_date), amount, required_text(self.source.text(), "source", 50),
                optional_text(self.note.text(), "note", 200))

    def save(self) -> None:
        """A balance standing for the account and day is replaced only once the user says why: the confirmation
        records this one and withdraws that one in one write."""
        values = self.form.check(self.checked) if self.standing is not None else None
        if values is None:
            super().save()
            return
        gateway, fund_id, old = self._ctx.gateway, self._fund.id, self.standing
        confirm = ReasonDialog(
            self._ctx, title=_("Replace a recorded balance"), ok_text=_("Replace"), parent=self,
            intro=_("{source} of {date} says {old} yuan (No. {number}). Recording {new} yuan withdraws it: it stays "
                    "listed, greyed, with the reason.").format(
                source=old.source, date=format_date(old.on_date), old=yuan(old.expected_fen), number=old.number,
                new=yuan(values[2])),
            work=lambda reason: gateway.write(reconciliation.assert_balance, fund_id, *values, replace_reason=reason))
        if confirm.exec():
            self.outcome = confirm.outcome
            self.accept()
        confirm.deleteLater()

    def job(self, values: tuple[str, date, int, str, str]) -> Job:
        gateway, fund_id = self._ctx.gateway, self._fund.id
        return lambda _progress: gateway.write(reconciliation.assert_balance, fund_id, *values)
