"""The consent block of a personal record (PIPL): when and how it was given, by the person or a guardian."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop.domain.codes import CONSENT_GIVERS, CONSENT_METHODS
from desktop.domain.consent import Consent
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.ui.forms import FieldForm, combo_value, fill_combo
from desktop.ui.registers.date_field import PastDateEdit


class ConsentFields:
    """Rows added to a ``FieldForm``; ``value()`` is None while no date and no method are given."""

    def __init__(self, form: FieldForm) -> None:
        self.given_on = PastDateEdit()
        self.method = QComboBox()
        fill_combo(self.method, {"": _("Not given")} | {c: _(t) for c, t in CONSENT_METHODS.items()})
        self.given_by = QComboBox()
        fill_combo(self.given_by, {c: _(t) for c, t in CONSENT_GIVERS.items()})
        self.guardian_name = QLineEdit()
        self.guardian_name.setMaxLength(50)
        self.guardian_relation = QLineEdit()
        self.guardian_relation.setMaxLength(20)
        self.guardian_relation.setPlaceholderText(_("e.g. mother"))
        self._form = form
        form.add_row("consent_on", _("Consent given on"), self.given_on)
        form.add_row("consent_method", _("How it was given"), self.method)
        form.add_row("consent_by", _("Given by"), self.given_by)
        form.add_row("guardian_name", _("Guardian"), self.guardian_name)
        form.add_row("guardian_relation", _("Relation to the volunteer"), self.guardian_relation)
        self.given_by.currentIndexChanged.connect(lambda _index: self.update())
        self.update()

    def fill(self, consent: Consent | None) -> None:
        if consent is None:
            return
        self.given_on.set_value(consent.given_on)
        self.method.setCurrentIndex(self.method.findData(consent.method))
        self.given_by.setCurrentIndex(self.given_by.findData(consent.given_by))
        self.guardian_name.setText(consent.guardian_name)
        self.guardian_relation.setText(consent.guardian_relation)

    def update(self) -> None:
        """The guardian's rows show only when the guardian gave the consent."""
        guardian = combo_value(self.given_by) == "guardian"
        for widget in (self.guardian_name, self.guardian_relation):
            row, _role = self._form.layout.getWidgetPosition(widget)
            self._form.layout.setRowVisible(row, guardian)

    def value(self) -> Consent | None:
        given_on, method = self.given_on.value(), combo_value(self.method)
        if given_on is None and not method:
            return None
        if given_on is None:  # a method without a date: the service would not know when
            raise ValidationError("consent_on", _("Enter the date the consent was given."))
        return Consent(given_on, method, combo_value(self.given_by), self.guardian_name.text(),
                       self.guardian_relation.text())
