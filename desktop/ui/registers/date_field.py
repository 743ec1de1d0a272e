"""A date edit for a date that may be unknown and is never in the future (founded, born)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtWidgets import QDateEdit

from desktop.i18n import _

UNKNOWN = QDate(1900, 1, 1)  # the lowest date, shown as "not known"


class PastDateEdit(QDateEdit):
    """``value()`` is a ``date`` or None."""

    def __init__(self) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setDateRange(UNKNOWN, QDate.currentDate())
        self.setSpecialValueText(_("Not known"))
        self.setDate(UNKNOWN)
        self.calendarWidget().installEventFilter(self)

    def value(self) -> date | None:
        return None if self.date() == UNKNOWN else self.date().toPython()

    def set_value(self, value: date | None) -> None:
        self.setDate(UNKNOWN if value is None else QDate(value))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The calendar of an unknown date would open on January 1900; this month is where people start.
        if event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)
