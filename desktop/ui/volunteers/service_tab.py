"""The service block of a volunteer's record: every row, reversals marked, late entries flagged, totals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle

from desktop.domain.codes import SERVICE_CATEGORIES, label
from desktop.domain.durations import hours_text
from desktop.i18n import N_, _
from desktop.services import volunteer_hours
from desktop.services.volunteer_hours import ServiceView
from desktop.services.volunteers import VolunteerView
from desktop.ui.context import AppContext
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.entry_dialogs import EvaluationDialog
from desktop.ui.volunteers.fields import ReasonDialog
from desktop.ui.volunteers.record_tab import RecordTab
from desktop.ui.volunteers.signin_sheet import SignInSheetDialog

TOPIC = "volunteers"


def _note(row: ServiceView) -> str:
    if row.reverses_id is not None:
        return _("Reversal: {reason}").format(reason=row.reason)
    return _("Reversed") if row.reversed else ""


COLUMNS: list[Column[ServiceView]] = [
    Column(N_("Date"), None, lambda r: r.served_on.isoformat()),
    Column(N_("Activity"), None, lambda r: r.activity),
    Column(N_("Place"), None, lambda r: r.place),
    Column(N_("Content"), None, lambda r: r.content),
    Column(N_("Category"), None, lambda r: label(SERVICE_CATEGORIES, r.category)),
    Column(N_("Hours"), None, lambda r: hours_text(r.minutes), RIGHT),
    Column(N_("Organiser"), None, lambda r: r.organiser),
    Column(N_("Person in charge"), None, lambda r: r.in_charge),
    Column(N_("Confirmed by"), None, lambda r: r.confirmed_by),
    Column(N_("Entered"), None, lambda r: r.recorded_on.isoformat()),
    Column(N_("Reversal"), None, _note),
]


def late_tip(recorded_on: str) -> str:
    return _("Entered on {date}, more than 10 working days after the activity.").format(date=recorded_on)


def _decoration(row: ServiceView, column: int, role: int) -> Any:
    """Late entries carry a warning icon; a reversed row is struck through, its reversal dimmed."""
    if column == 0 and row.late and role == Qt.ItemDataRole.DecorationRole:
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    if role == Qt.ItemDataRole.ToolTipRole:
        if row.reversed:
            return _("Reversed by a later row; it no longer counts.")
        if row.late:
            return late_tip(row.recorded_on.isoformat())
    if role == Qt.ItemDataRole.FontRole and row.reversed:
        font = QFont()
        font.setStrikeOut(True)
        return font
    if role == Qt.ItemDataRole.ForegroundRole and (row.reversed or row.reverses_id):
        return QApplication.palette().placeholderText()
    return None


def _stands(row: ServiceView | None) -> bool:
    return row is not None and row.reverses_id is None and not row.reversed


class ServiceTab(RecordTab[ServiceView]):
    def __init__(self, ctx: AppContext, volunteer: VolunteerView) -> None:
        gateway = ctx.gateway
        super().__init__(ctx, COLUMNS, lambda: gateway.read(volunteer_hours.list_services, volunteer.id), _decoration)
        self._volunteer = volunteer
        self.record_button = self.action(_("Record service…"), self.record_service)
        self.reverse_button = self.action(_("Reverse…"), self.reverse)
        self.evaluate_button = self.action(_("Evaluate…"), self.evaluate)
        self.totals.show()

    def load(self) -> None:
        super().load()
        total = self._ctx.gateway.read(volunteer_hours.summary, self._volunteer.id)
        parts = [_("{category} {hours} h").format(category=label(SERVICE_CATEGORIES, code), hours=hours_text(m))
                 for code, m in sorted(total.by_category.items(), key=lambda item: -item[1])]
        self.totals.setText(_("Confirmed: {hours} h in {records} records ({late} entered late). {by_category}").format(
            hours=hours_text(total.minutes), records=total.records, late=total.late, by_category=" · ".join(parts)))

    def update_actions(self) -> None:
        stands = _stands(self.selected())
        self.reverse_button.setEnabled(stands)
        self.evaluate_button.setEnabled(stands)

    def record_service(self) -> None:
        SignInSheetDialog(self._ctx, [self._volunteer], self).exec()

    def reverse(self) -> None:
        row, gateway = self.selected(), self._ctx.gateway
        if not _stands(row):
            return
        assert row is not None
        dialog = ReasonDialog(
            self._ctx, title=_("Reverse a service record"), ok_text=_("Reverse"),
            intro=_("{activity} on {date}, {hours} h. The record stays, struck through; a reversing row takes its "
                    "hours and points back out.").format(activity=row.activity, date=row.served_on.isoformat(),
                                                          hours=hours_text(row.minutes)),
            work=lambda reason: gateway.write(volunteer_hours.reverse_service, row.id, reason), parent=self)
        if dialog.exec():
            self._ctx.events.publish(TOPIC)

    def evaluate(self) -> None:
        row = self.selected()
        if _stands(row):
            assert row is not None
            if EvaluationDialog(self._ctx, row, self).exec():
                self._ctx.events.publish(TOPIC)
