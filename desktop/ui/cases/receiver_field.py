"""Who a client is referred or linked to: a social organisation or donor picked from our registers,
or a department or service named in words (``services.case_referrals.Receiver``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QStackedWidget, QWidget

from desktop.domain.codes import REFERRAL_TARGETS
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import donors, orgs
from desktop.services.case_referrals import REGISTERS, Receiver
from desktop.services.forms import required_text
from desktop.ui.forms import FieldForm, combo_value, fill_combo, make_searchable
from desktop.ui.gateway import Gateway
from desktop.ui.registers.choices import labelled

FIELD = "receiver"  # the services' field name for the receiver


class ReceiverField(QWidget):
    def __init__(self, gateway: Gateway) -> None:
        super().__init__()
        self._gateway = gateway
        self.kind = QComboBox()
        fill_combo(self.kind, labelled(REFERRAL_TARGETS), "department")
        self.register = QComboBox()  # type to find: the registers may be long
        make_searchable(self.register)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(_("Name of the department, institution or service"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.name)
        self.stack.addWidget(self.register)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.stack, 1)
        self.kind.currentIndexChanged.connect(lambda _index: self._switch())
        self._switch()

    def add_to(self, form: FieldForm, label: str) -> None:
        form.add_row(FIELD, label, self)
        form.watch(FIELD, self.kind.activated, self.register.currentTextChanged, self.name.textEdited)

    def _switch(self) -> None:
        kind = combo_value(self.kind)
        if kind not in REGISTERS:
            self.stack.setCurrentWidget(self.name)
            return
        rows = self._gateway.read(orgs.list_all) if kind == "social_org" else self._gateway.read(donors.list_all)
        self.register.clear()
        for row in rows:
            self.register.addItem(row.name, row.id)
        self.register.setCurrentIndex(-1)
        self.register.setPlaceholderText(_("Type to find in the register"))
        self.stack.setCurrentWidget(self.register)

    def choose(self, kind: str, name: str) -> None:
        """Set the field as a user would: the kind, then the name typed or picked from the register."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        if kind in REGISTERS:
            self.register.setCurrentIndex(self.register.findText(name))
        else:
            self.name.setText(name)

    def value(self) -> Receiver:
        kind = combo_value(self.kind)
        if kind not in REGISTERS:
            return Receiver(required_text(self.name.text(), FIELD, 100), kind)
        # What is typed must be an entry of the register, not only the start of one.
        index = self.register.findText(self.register.currentText(), Qt.MatchFlag.MatchExactly)
        target = self.register.itemData(index) if index >= 0 else None
        if not isinstance(target, str):
            raise ValidationError(FIELD, _("Choose a social organisation or donor from the registers."))
        return Receiver(self.register.itemText(index), kind, target)
