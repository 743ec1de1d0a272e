"""Adding or editing one village or community; Enter saves, errors appear at their field."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from desktop.domain.codes import COMMUNITY_SETTINGS
from desktop.i18n import _
from desktop.services import communities
from desktop.services.communities import CommunityInput, CommunityView
from desktop.ui.context import AppContext
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.registers.record_dialog import RecordDialog
from desktop.ui.tasks import Job


class CommunityDialog(RecordDialog[CommunityView]):
    def __init__(self, ctx: AppContext, existing: CommunityView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, existing, topic="communities", new_title=_("New village or community"), parent=parent)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.setting = QComboBox()
        fill_combo(self.setting, {code: _(text) for code, text in COMMUNITY_SETTINGS.items()})
        self.population = QLineEdit()
        self.population.setPlaceholderText(_("Leave empty if not known"))
        self.division_code = QLineEdit()
        self.division_code.setPlaceholderText(_("12 digits, optional"))
        self.notes = QLineEdit()
        self.notes.setMaxLength(500)
        self.volunteer_point = QCheckBox(_("Has a volunteer service point"))
        self.volunteer_point_note = QLineEdit()
        self.volunteer_point_note.setMaxLength(100)
        self.volunteer_point_note.setPlaceholderText(_("Where it is, who keeps it"))
        self.volunteer_point.toggled.connect(self.volunteer_point_note.setEnabled)
        self.volunteer_point_note.setEnabled(False)
        self.form.add_row("name", _("Name"), self.name)
        self.form.add_row("setting", _("Urban or rural"), self.setting)
        self.form.add_row("population", _("Resident population"), self.population)
        self.form.add_row("division_code", _("Village division code"), self.division_code)
        self.form.add_row("volunteer_point", _("Volunteer service point"), self.volunteer_point)
        self.form.add_row("volunteer_point_note", _("About the point"), self.volunteer_point_note)
        self.form.watch("volunteer_point", self.volunteer_point.clicked)
        self.form.add_row("notes", _("Notes"), self.notes)
        if existing is not None:
            self._fill(existing.as_input())
        self.update_button()
        self.name.setFocus()

    def _fill(self, data: CommunityInput) -> None:
        self.name.setText(data.name)
        self.setting.setCurrentIndex(max(self.setting.findData(data.setting), 0))
        self.population.setText("" if data.population is None else str(data.population))
        self.division_code.setText(data.division_code)
        self.notes.setText(data.notes)
        self.volunteer_point.setChecked(data.volunteer_point)
        self.volunteer_point_note.setText(data.volunteer_point_note)

    def checked(self) -> CommunityInput:
        return CommunityInput(self.name.text(), combo_value(self.setting), self.population.text(),
                              self.division_code.text(), self.notes.text(), self.volunteer_point.isChecked(),
                              self.volunteer_point_note.text()).validated()

    def job(self, values: CommunityInput) -> Job:
        return self.add_or_update(communities.add, communities.update, values)
