"""Posting to a fund's journal what a person picks: a donation of money or of goods (money going out,
a grant, an expense, a transfer or a refund, is paid through a disbursement the committee approved, on
the 拨付 tab). The form asks only what that kind needs; the services turn it into balanced debit and
credit lines. Donated goods with a valuation are income, entered at that
value; goods that cannot be valued are recorded by name and quantity only, with no entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from desktop.domain.codes import label
from desktop.domain.ledger import ENTRY_KIND_LABELS, RULES, EntryKind
from desktop.i18n import N_, _
from desktop.services import ledger, ledger_lists
from desktop.services.funds import FundView
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, make_searchable
from desktop.ui.gateway import Gateway
from desktop.ui.ledger.backdate_field import BackdateField
from desktop.ui.ledger.ledger_fields import account_combo, fund_day_edit
from desktop.ui.projects.money_field import fen_of, money_edit, plain_decimal
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day

INTROS = {
    EntryKind.DONATION_MONEY: N_("Money received for the fund into the host charity's account, or as cash. A donor "
                                "of the register is linked to the donation; any other name is recorded as typed."),
    EntryKind.DONATION_GOODS: N_("Goods with a valuation (an invoice, a market price) are income at that value. "
                                "Goods that cannot be valued are recorded by name and quantity only, not as income."),
}


class DonorField(QComboBox):
    """The donor: one of the register, typed to find, or any name typed (``donor_id()`` is then "")."""

    def __init__(self, gateway: Gateway) -> None:
        super().__init__()
        make_searchable(self)
        self.setMinimumContentsLength(20)
        for donor_id, name in gateway.read(ledger_lists.donor_names).items():
            self.addItem(name, donor_id)
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText(_("A donor of the register, or any name"))

    def donor_id(self) -> str:
        index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchExactly)
        data = self.itemData(index) if index >= 0 else None
        return data if isinstance(data, str) else ""

    def name(self) -> str:
        return self.currentText().strip()


class PostingDialog(FormDialog):
    """``kind`` is a donation (``domain.ledger.DONATIONS``); ``outcome`` is the ``ledger.Posted``."""

    def __init__(self, ctx: AppContext, fund: FundView, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=label(ENTRY_KIND_LABELS, kind), ok_text=_("Post"), parent=parent,
                         intro=_(INTROS[EntryKind(kind)]))
        self._fund, self._kind = fund, EntryKind(kind)
        self.posted_on = fund_day_edit(fund)
        self.amount = money_edit()
        self.valued = QCheckBox(_("The goods have a valuation"))
        self.valued.setChecked(True)
        self.party = DonorField(ctx.gateway)
        self.account = account_combo(RULES[self._kind].assets)
        self.memo = line_edit(200)
        self.memo.setPlaceholderText(_("What it is for, as the statement will say (摘要)"))
        self.anonymous = QCheckBox(_("Not to be named in public notices"))
        self.goods = line_edit(100)
        self.goods.setPlaceholderText(_("e.g. 米面油爱心礼包"))
        self.quantity = QLineEdit()
        self.quantity.setMaximumWidth(120)
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.unit = line_edit(20)
        self.unit.setPlaceholderText(_("Unit, e.g. 份"))
        self.unit.setMaximumWidth(140)
        self.note = line_edit(200)
        self.not_income = QLabel(_("Recorded by name and quantity only: no entry, and no income."))
        self.not_income.setWordWrap(True)
        self.not_income.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form = self.form
        form.add_row("posted_on", _("Date"), self.posted_on)
        form.watch("posted_on", self.posted_on.dateChanged)
        goods = self._kind == EntryKind.DONATION_GOODS
        form.add_row("counterparty", _("Donor"), self.party)
        form.watch("counterparty", self.party.editTextChanged)
        if goods:
            form.add_row("goods", _("Goods"), self.goods)
            form.add_row("quantity", _("Quantity"), self.quantity)
            form.add_row("unit", _("Unit"), self.unit)
            form.add_row("valued", "", self.valued)
            form.watch("valued", self.valued.toggled)
            self.valued.toggled.connect(self._show_valued)
        form.add_row("amount", _("Valuation (yuan)") if goods else _("Amount (yuan)"), self.amount)
        if goods:
            form.layout.addRow("", self.not_income)
            form.add_row("note", _("Note"), self.note)
        else:
            form.add_row("account", _("Received into"), self.account)
        form.add_row("memo", _("Summary (摘要)"), self.memo)
        form.add_row("anonymous", "", self.anonymous)
        self.backdate = BackdateField(ctx.gateway, fund.id, form, self.posted_on)
        self._show_valued(True)
        self.setMinimumWidth(620)
        self.update_button()
        self.party.setFocus()

    def _show_valued(self, valued: bool) -> None:
        self.amount.setEnabled(valued)
        self.not_income.setVisible(self._kind == EntryKind.DONATION_GOODS and not valued)
        self.update_button()

    def _goods(self) -> GoodsInput | None:
        if self._kind != EntryKind.DONATION_GOODS:
            return None
        quantity = plain_decimal(self.quantity.text() or "0", "quantity",
                                 _("Enter a quantity above zero, with at most two decimal places."))
        return GoodsInput(self.goods.text(), quantity, self.unit.text(), self.note.text())

    def checked(self) -> PostingInput:
        goods = self._goods()
        if goods is not None:
            goods = goods.validated()
        valued = self._kind != EntryKind.DONATION_GOODS or self.valued.isChecked()
        amount = fen_of(self.amount.text(), "amount") if valued else None
        donor_id = self.party.donor_id()
        counterparty = "" if donor_id else self.party.name()
        return PostingInput(self._kind, amount, day(self.posted_on), combo_value(self.account), self.memo.text(),
                            counterparty, donor_id or None, goods, self.anonymous.isChecked(),
                            self.backdate.reason()).validated()

    def job(self, values: PostingInput) -> Job:
        gateway, fund_id = self._ctx.gateway, self._fund.id
        return lambda _progress: gateway.write(ledger.post, fund_id, values)
