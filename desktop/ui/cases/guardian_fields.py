"""The consent block of a client, whose guardian is one person with the client's guardian.

``ClientInput`` keeps a single guardian: the one who gave the consent, when the guardian gave it, is
the client's guardian. So the volunteers' consent rows are reused with their guardian rows standing
for the client's guardian, shown also for a minor (who must have one), with the guardian's phone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop.domain.consent import Consent
from desktop.i18n import _
from desktop.ui.forms import FieldForm, combo_value
from desktop.ui.volunteers.consent_fields import ConsentFields

GUARDIAN = "guardian"  # CONSENT_GIVERS: the guardian gave the consent


class GuardianConsentFields(ConsentFields):
    """``minor()`` says whether the client, as the form stands, is under 18, ``child()`` whether under 14:
    a child's consent is the guardian's (PIPL art. 31), so 同意人 turns to 监护人 until the user picks one."""

    def __init__(self, form: FieldForm, minor: Callable[[], bool], child: Callable[[], bool]) -> None:
        self._minor, self._child = minor, child
        self._chosen = False  # who gave the consent was picked by the user or filled from the record
        self._kept = False  # a stored guardian stays in view
        self._more: list[QWidget] = []  # guardian rows besides the consent's own; update() runs before they exist
        super().__init__(form)
        relation = form.layout.labelForField(self.guardian_relation)
        if isinstance(relation, QLabel):
            relation.setText(_("Relation to the client"))
        self.guardian_relation.setPlaceholderText(_("e.g. grandmother"))
        self.guardian_phone = QLineEdit()
        self.guardian_phone.setPlaceholderText(_("Mobile or landline (023-48612345), optional"))
        form.add_row("guardian_phone", _("Guardian's phone"), self.guardian_phone)
        self._more.append(self.guardian_phone)
        self.given_by.activated.connect(self._picked)
        self.age_changed()

    def _picked(self, _index: int) -> None:
        self._chosen = True

    def fill(self, consent: Consent | None) -> None:
        self._chosen = consent is not None  # before the combo changes, which runs update()
        super().fill(consent)

    def fill_guardian(self, name: str, relation: str, phone: str) -> None:
        self.guardian_name.setText(name)
        self.guardian_relation.setText(relation)
        self.guardian_phone.setText(phone)
        self._kept = bool(name or phone)
        self.update()

    def age_changed(self) -> None:
        """The birth or registration date changed: a child's consent turns to the guardian's, unless the
        user picked who gave it; the guardian's rows show or hide."""
        if not self._chosen and self._child():
            self.given_by.setCurrentIndex(self.given_by.findData(GUARDIAN))
        self.update()

    def update(self) -> None:
        """The guardian's rows show for a minor, when the guardian consented, or when one is on file."""
        shown = combo_value(self.given_by) == GUARDIAN or self._kept or self._minor()
        for widget in (self.guardian_name, self.guardian_relation, *self._more):
            row, _role = self._form.layout.getWidgetPosition(widget)
            self._form.layout.setRowVisible(row, shown)
