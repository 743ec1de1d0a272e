"""The consent block of a client, whose guardian is one person with the client's guardian.

``ClientInput`` keeps a single guardian: the one who gave the consent, when the guardian gave it, is
the client's guardian. So the volunteers' consent rows are reused with their guardian rows standing
for the client's guardian, shown also for a minor (who must have one), with the guardian's phone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop.i18n import _
from desktop.ui.forms import FieldForm, combo_value
from desktop.ui.volunteers.consent_fields import ConsentFields


class GuardianConsentFields(ConsentFields):
    """``minor()`` says whether the client, as the form stands, is under 18."""

    def __init__(self, form: FieldForm, minor: Callable[[], bool]) -> None:
        self._minor = minor
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
        self.update()

    def fill_guardian(self, name: str, relation: str, phone: str) -> None:
        self.guardian_name.setText(name)
        self.guardian_relation.setText(relation)
        self.guardian_phone.setText(phone)
        self._kept = bool(name or phone)
        self.update()

    def update(self) -> None:
        """The guardian's rows show for a minor, when the guardian consented, or when one is on file."""
        shown = combo_value(self.given_by) == "guardian" or self._kept or self._minor()
        for widget in (self.guardian_name, self.guardian_relation, *self._more):
            row, _role = self._form.layout.getWidgetPosition(widget)
            self._form.layout.setRowVisible(row, shown)
