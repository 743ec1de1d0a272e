"""The station profile fields, shared by the setup wizard and the 设置 page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.codes import NODE_KINDS, label
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.station import StationInput
from desktop.ui.forms import FieldForm, combo_value, fill_combo


class StationForm(QWidget):
    """Name, kind, township, county, division code, address, phone; validated as you type.

    The kind of node is chosen once, at set-up; afterwards it is shown read-only.
    """

    validity_changed = Signal(bool)
    edited = Signal()

    def __init__(self, *, kind_editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = FieldForm(self)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self._kind_code = "station"
        self.kind_combo: QComboBox | None = None
        self.kind_text: QLineEdit | None = None
        if kind_editable:
            self.kind_combo = QComboBox()
            fill_combo(self.kind_combo, {code: _(text) for code, text in NODE_KINDS.items()}, self._kind_code)
            kind_widget: QWidget = self.kind_combo
        else:
            self.kind_text = QLineEdit()
            self.kind_text.setReadOnly(True)
            self.kind_text.setStyleSheet("background: palette(window);")  # looks as fixed as it is
            self.kind_text.setToolTip(_("The kind of node is chosen at set-up and cannot be changed."))
            kind_widget = self.kind_text
        self.township = QLineEdit()
        self.county = QLineEdit()
        self.division_code = QLineEdit()
        self.division_code.setPlaceholderText(_("6, 9 or 12 digits, e.g. 500110108"))
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.form.add_row("name", _("Station name"), self.name)
        self.form.add_row("kind", _("Kind of node"), kind_widget)
        self.form.add_row("township", _("Township or street"), self.township)
        self.form.add_row("county", _("County or district"), self.county)
        self.form.add_row("division_code", _("Administrative-division code"), self.division_code)
        self.form.add_row("address", _("Address"), self.address)
        self.form.add_row("phone", _("Phone"), self.phone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form.layout)
        self._valid = False
        self.form.edited.connect(self._on_edited)

    def value(self) -> StationInput:
        """What is typed, unvalidated."""
        kind = combo_value(self.kind_combo) if self.kind_combo is not None else self._kind_code
        return StationInput(
            name=self.name.text(), kind=kind, division_code=self.division_code.text(),
            township=self.township.text(), county=self.county.text(), address=self.address.text(),
            phone=self.phone.text(),
        )

    def set_value(self, data: StationInput) -> None:
        self._kind_code = data.kind
        self.name.setText(data.name)
        if self.kind_combo is not None:
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(data.kind), 0))
        if self.kind_text is not None:
            self.kind_text.setText(label(NODE_KINDS, data.kind))
        self.township.setText(data.township)
        self.county.setText(data.county)
        self.division_code.setText(data.division_code)
        self.address.setText(data.address)
        self.phone.setText(data.phone)
        self.revalidate()

    def validated(self) -> StationInput | None:
        return self.form.check(lambda: self.value().validated())

    def is_valid(self) -> bool:
        return self._valid

    def revalidate(self) -> bool:
        valid = self.validated() is not None
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        return valid

    def show_error(self, error: ValidationError) -> None:
        self.form.show_error(error)

    def _on_edited(self, _field: str) -> None:
        self.revalidate()
        self.edited.emit()
