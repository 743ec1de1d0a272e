"""The consent a user states for a whole import file (volunteers): the day and the way every person in
it agreed to the processing of their ID number and phone, for the rows that record no consent of their own."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel

from desktop.domain.codes import CONSENT_METHODS
from desktop.domain.consent import Consent
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.ui.registers.date_field import PastDateEdit


class FileConsentBox(QGroupBox):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__(_("Consent for the whole file"))
        note = QLabel(_("Only if every person in the file agreed to the processing of their ID number and phone: "
                        "rows without a consent date of their own are recorded with this consent."))
        note.setWordWrap(True)
        self.date_edit = PastDateEdit()
        self.date_edit.setSpecialValueText(_("Not stated"))
        self.method_combo = QComboBox()
        self.method_combo.addItem(_("(not stated)"), "")
        for code, text in CONSENT_METHODS.items():
            self.method_combo.addItem(_(text), code)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(_("Consent date"), self.date_edit)
        form.addRow(_("Consent method"), self.method_combo)
        self.date_edit.dateChanged.connect(lambda _day: self.changed.emit())
        self.method_combo.activated.connect(lambda _index: self.changed.emit())

    def consent(self) -> Consent | None:
        """The consent stated, or None; refused when only one of its two fields is filled."""
        given_on, method = self.date_edit.value(), self.method_combo.currentData()
        if given_on is None and not method:
            return None
        if given_on is None or not method:
            raise ValidationError("consent", _("Give both the date and the method of the consent for the whole "
                                               "file, or neither."))
        return Consent(given_on, method)
