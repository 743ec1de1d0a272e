"""The app's date fields: ``DateEdit`` for any date, ``PastDateEdit`` for one that may be unknown and is never
in the future (founded, born)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from desktop.i18n import _

UNKNOWN = QDate(1900, 1, 1)  # the lowest date, shown as "not known"


class DateEdit(QDateEdit):
    """A yyyy-MM-dd date with a calendar to pick from, ``value`` (today when not given) to start with. Keyboard
    entry: Tab and Shift+Tab go to the next or previous field (Qt's date edit first steps through the year, month
    and day, and never leaves a field showing its special value such as 不详); the arrow keys move between the
    parts, and typing fills them in, over a special value too."""

    def __init__(self, value: date | None = None) -> None:
        super().__init__(QDate(value or date.today()))
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)  # the window's next field, not the date's next part
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text().isdigit() and self.specialValueText() and self.date() == self.minimumDate():
            # Qt refuses digits typed over the special value: start from today (within the range), typing its year.
            self.setDate(min(max(QDate.currentDate(), self.minimumDate()), self.maximumDate()))
            self.setSelectedSection(QDateTimeEdit.Section.YearSection)
        super().keyPressEvent(event)


class PastDateEdit(DateEdit):
    """``value()`` is a ``date`` or None."""

    def __init__(self) -> None:
        super().__init__()
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
