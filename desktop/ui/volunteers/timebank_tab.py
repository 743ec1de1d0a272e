"""The time-bank passbook (存折) of one volunteer: 日期, 摘要, 存入, 取出, 结余, and what can be done with it."""

from __future__ import annotations

from PySide6.QtGui import QFont

from desktop.domain.timebank import points_text
from desktop.i18n import N_, _
from desktop.services import timebank
from desktop.services.timebank import PassbookLine
from desktop.services.volunteers import VolunteerView
from desktop.ui.context import AppContext
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.fields import ReasonDialog
from desktop.ui.volunteers.record_tab import RecordTab
from desktop.ui.volunteers.timebank_dialogs import GiveDialog, RedeemDialog

TOPIC = "volunteers"
REVERSIBLE = ("redemption", "donation_out", "donation_in")  # deposits go with their service record


def _amount(hundredths: int) -> str:
    return points_text(hundredths) if hundredths else ""


COLUMNS: list[Column[PassbookLine]] = [
    Column(N_("Date"), None, lambda p: p.entry_on.isoformat()),
    Column(N_("Content"), None, lambda p: p.content),
    Column(N_("Deposited"), None, lambda p: _amount(p.deposit), RIGHT),
    Column(N_("Withdrawn"), None, lambda p: _amount(p.withdrawal), RIGHT),
    Column(N_("Balance"), None, lambda p: points_text(p.balance), RIGHT),
]


class TimebankTab(RecordTab[PassbookLine]):
    def __init__(self, ctx: AppContext, volunteer: VolunteerView) -> None:
        super().__init__(ctx, COLUMNS, lambda: ctx.gateway.read(timebank.passbook, volunteer.id))
        self._volunteer = volunteer
        font = QFont(self.totals.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.totals.setFont(font)
        self.totals.show()
        layout = self.layout()
        layout.removeWidget(self.totals)
        layout.insertWidget(0, self.totals)  # the balance first, as a passbook's cover says it
        self.action(_("Redeem…"), lambda: self._run(RedeemDialog(ctx, volunteer, self)))
        self.action(_("Give…"), lambda: self._run(GiveDialog(ctx, volunteer, self)))
        self.reverse_button = self.action(_("Reverse…"), self.reverse)

    def load(self) -> None:
        super().load()
        lines = self.model.rows()
        self.totals.setText(_("Balance: {points} points").format(points=points_text(lines[-1].balance if lines else 0)))

    def update_actions(self) -> None:
        line = self.selected()
        self.reverse_button.setEnabled(line is not None and line.kind in REVERSIBLE)

    def _run(self, dialog: RedeemDialog | GiveDialog | ReasonDialog) -> None:
        if dialog.exec():
            self._ctx.events.publish(TOPIC)

    def reverse(self) -> None:
        line, gateway = self.selected(), self._ctx.gateway
        if line is None or line.kind not in REVERSIBLE:
            return
        self._run(ReasonDialog(
            self._ctx, title=_("Reverse a passbook line"), ok_text=_("Reverse"),
            intro=_("{content}: the whole operation is reversed by new lines; nothing is erased.").format(
                content=line.content),
            work=lambda reason: gateway.write(timebank.reverse, line.entry_id, reason), parent=self))
