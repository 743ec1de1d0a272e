"""Correcting goods recorded with no valuation: a new record replaces the earlier one, with the reason,
and a valuation found later is posted as income today (``services.goods_corrections``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from desktop.i18n import _, format_date
from desktop.services import goods_corrections
from desktop.services.forms import required_text
from desktop.services.ledger import GoodsInput
from desktop.services.ledger_lists import GoodsView
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.projects.money_field import fen_of, money_edit, plain_decimal
from desktop.ui.tasks import Job


@dataclass(frozen=True)
class Correction:
    goods: GoodsInput
    valued_fen: int | None
    reason: str


class GoodsCorrectionDialog(FormDialog):
    """Correct or value the record ``row``; ``outcome`` is the ``ledger.Posted``."""

    def __init__(self, ctx: AppContext, row: GoodsView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Correct or value goods"), ok_text=_("Record the correction"), parent=parent,
                         intro=_("The goods received on {date} from {donor} were recorded with no valuation. A new "
                                 "record replaces that one, which stays, shown as corrected. A valuation makes them "
                                 "income, posted today.").format(date=format_date(row.received_on),
                                                                 donor=row.counterparty or "—"))
        self._id = row.id
        self.goods = line_edit(100, row.name)
        self.quantity = QLineEdit(f"{row.quantity.normalize():f}")
        self.quantity.setMaximumWidth(120)
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.unit = line_edit(20, row.unit)
        self.unit.setMaximumWidth(140)
        self.note = line_edit(200, row.note)
        self.valued = QCheckBox(_("A valuation has been found (an invoice, a market price)"))
        self.amount = money_edit()
        self.reason = line_edit(200)
        self.reason.setPlaceholderText(_("e.g. 补充发票估值；数量点错"))
        form = self.form
        form.add_row("goods", _("Goods"), self.goods)
        form.add_row("quantity", _("Quantity"), self.quantity)
        form.add_row("unit", _("Unit"), self.unit)
        form.add_row("note", _("Note"), self.note)
        form.add_row("valued", "", self.valued)
        form.watch("valued", self.valued.toggled)
        form.add_row("amount", _("Valuation (yuan)"), self.amount)
        form.add_row("reason", _("Reason for correction"), self.reason)
        self.valued.toggled.connect(self._show_valued)
        self._show_valued(False)
        self.setMinimumWidth(620)
        self.reason.setFocus()

    def _show_valued(self, valued: bool) -> None:
        self.amount.setEnabled(valued)
        self.update_button()

    def checked(self) -> Correction:
        quantity = plain_decimal(self.quantity.text() or "0", "quantity",
                                 _("Enter a quantity above zero, with at most two decimal places."))
        goods = GoodsInput(self.goods.text(), quantity, self.unit.text(), self.note.text()).validated()
        valued = fen_of(self.amount.text(), "amount") if self.valued.isChecked() else None
        return Correction(goods, valued, required_text(self.reason.text(), "reason", 200))

    def job(self, values: Correction) -> Job:
        gateway, goods_id = self._ctx.gateway, self._id
        return lambda _progress: gateway.write(goods_corrections.correct_goods, goods_id, values.goods,
                                               values.valued_fen, values.reason)
