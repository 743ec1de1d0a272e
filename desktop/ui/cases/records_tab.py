"""服务记录: every contact with the client, corrected ones kept and struck through, each correction
marked with the date of the record it replaces and why; a correction is a new record, pre-filled, with its
reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from desktop.domain.codes import SERVICE_RECORD_KINDS, label
from desktop.domain.durations import hours_text
from desktop.i18n import N_, _, format_date, ngettext
from desktop.services import case_service_records
from desktop.services.case_service_records import RecordInput, RecordView
from desktop.services.cases import CaseView
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.volunteer_hours import duration
from desktop.ui.cases.case_fields import (CaseTab, adding, case_day_edit, is_open, line_edit, saved,
                                         text_edit)
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.registers.choices import choice_combo, labelled
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day


class RecordsTab(CaseTab[RecordView]):
    def __init__(self, ctx: AppContext, case: CaseView) -> None:
        self._dates: dict[str, str] = {}  # record id → its date, for "in place of the record of …"
        columns: list[Column[RecordView]] = [
            Column(N_("Date"), None, lambda r: format_date(r.served_on)),
            Column(N_("Kind"), None, lambda r: label(SERVICE_RECORD_KINDS, r.kind)),
            Column(N_("Minutes"), None, lambda r: str(r.minutes), RIGHT),
            Column(N_("Content"), None, lambda r: r.content),
            Column(N_("Next step"), None, lambda r: r.next_step),
            Column(N_("Place"), None, lambda r: r.place),
            Column(N_("Recorded by"), None, lambda r: r.by_name),
            Column(N_("Correction"), None, self._note),
        ]
        super().__init__(ctx, case, columns, lambda c: ctx.gateway.read(
            case_service_records.service_records, c.id, include_corrected=True), _looks)
        self.add_button = self.action(_("Add a record…"), adding(ctx, lambda: RecordDialog(ctx, self.case, None, self)))
        self.correct_button = self.action(_("Correct…"), self.correct)
        self.totals.show()

    def _note(self, row: RecordView) -> str:
        if row.corrected:
            return _("Corrected by a later record")
        if row.corrects_id:
            note = _("In place of the record of {date}").format(date=self._dates.get(row.corrects_id, "?"))
            return _("{note}: {reason}").format(note=note, reason=row.correction_reason) \
                if row.correction_reason else note
        return ""

    def load(self) -> None:
        rows = list(self._load())
        self._dates = {r.id: format_date(r.served_on) for r in rows}
        self.model.set_rows(rows)
        standing = [r for r in rows if not r.corrected]
        self.totals.setText(ngettext("{n} record, {hours} h in all", "{n} records, {hours} h in all",
                                     len(standing)).format(n=len(standing),
                                                           hours=hours_text(sum(r.minutes for r in standing))))
        self.update_actions()

    def update_actions(self) -> None:
        self.add_button.setEnabled(is_open(self.case))
        row = self.selected()
        self.correct_button.setEnabled(row is not None and not row.corrected)  # a closed case's too

    def correct(self) -> None:
        row = self.selected()
        if row is not None and not row.corrected:
            saved(self._ctx, RecordDialog(self._ctx, self.case, row, self))


def _looks(row: RecordView, _column: int, role: int) -> Any:
    """A corrected record is struck through and greyed; the correction says so in its tooltip."""
    if role == Qt.ItemDataRole.FontRole and row.corrected:
        font = QFont()
        font.setStrikeOut(True)
        return font
    if role == Qt.ItemDataRole.ForegroundRole and row.corrected:
        return QApplication.palette().placeholderText()
    if role == Qt.ItemDataRole.ToolTipRole and row.corrected:
        return _("Corrected by a later record; it stays on file.")
    return None


class RecordDialog(FormDialog):
    """A new service record, or the correction of ``corrects`` (pre-filled with it)."""

    def __init__(self, ctx: AppContext, case: CaseView, corrects: RecordView | None,
                 parent: QWidget | None = None) -> None:
        if corrects is None:
            super().__init__(ctx, title=_("Add a service record"), ok_text=_("Add"), parent=parent)
        else:
            super().__init__(ctx, title=_("Correct a service record"), ok_text=_("Save the correction"),
                             parent=parent, intro=_("The record of {date} stays on file, struck through; this "
                                                    "one takes its place.").format(
                                 date=format_date(corrects.served_on)))
        self._case_id, self._corrects = case.id, corrects
        self.served_on = case_day_edit(case, corrects.served_on if corrects else None)
        self.kind: QComboBox = choice_combo(labelled(SERVICE_RECORD_KINDS))
        if corrects is not None:
            fill_combo(self.kind, labelled(SERVICE_RECORD_KINDS), corrects.kind)
        self.minutes = line_edit(4, str(corrects.minutes) if corrects else "")
        self.minutes.setPlaceholderText(_("Minutes, e.g. 45"))
        self.minutes.setMaximumWidth(160)
        self.place = line_edit(100, corrects.place if corrects else "")
        self.content_text = text_edit(corrects.content if corrects else "")
        self.next_step = line_edit(500, corrects.next_step if corrects else "")
        self.reason = line_edit(300) if corrects is not None else None
        self.form.add_row("served_on", _("Date"), self.served_on)
        self.form.add_row("kind", _("Kind"), self.kind)
        self.form.add_row("minutes", _("Minutes"), self.minutes)
        self.form.add_row("content", _("Content"), self.content_text)
        self.form.add_row("next_step", _("Next step"), self.next_step)
        self.form.add_row("place", _("Place"), self.place)
        if self.reason is not None:
            self.reason.setPlaceholderText(_("What was wrong in the record, e.g. the minutes were mistyped"))
            self.form.add_row("reason", _("Why the correction"), self.reason)
        self.served_on.dateChanged.connect(lambda _day: self.update_button())
        self.update_button()
        (self.minutes if corrects else self.kind).setFocus()

    def checked(self) -> tuple[RecordInput, str]:
        """The record, and the reason for a correction ("" for a new record)."""
        record = RecordInput(day(self.served_on), one_of(combo_value(self.kind), SERVICE_RECORD_KINDS, "kind"),
                             duration(self.minutes.text(), _("Enter how long the contact lasted, more than zero.")),
                             required_text(self.content_text.toPlainText(), "content", 2000),
                             optional_text(self.place.text(), "place", 100),
                             optional_text(self.next_step.text(), "next_step", 500))
        return record, required_text(self.reason.text(), "reason", 300) if self.reason is not None else ""

    def job(self, values: tuple[RecordInput, str]) -> Job:
        gateway, (record, reason) = self._ctx.gateway, values
        if self._corrects is None:
            case_id = self._case_id
            return lambda _progress: gateway.write(case_service_records.add_service_record, case_id, record)
        record_id = self._corrects.id
        return lambda _progress: gateway.write(case_service_records.correct_service_record, record_id, record,
                                               reason)
