"""Adding or editing one village or community; Enter saves, errors appear at their field."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.codes import COMMUNITY_SETTINGS
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.services import communities
from desktop.services.communities import CommunityInput, CommunityView
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm, combo_value, fill_combo
from desktop.ui.tasks import Progress, show_error


class CommunityDialog(QDialog):
    """``existing`` None adds a new record; on success ``result_view`` holds what was saved."""

    def __init__(self, ctx: AppContext, existing: CommunityView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._existing = existing
        self._saving = False
        self.result_view: CommunityView | None = None
        self.setWindowTitle(_("Edit {name}").format(name=existing.name) if existing
                            else _("New village or community"))
        self.setMinimumWidth(460)
        self.form = FieldForm(self)
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
        self.form.add_row("name", _("Name"), self.name)
        self.form.add_row("setting", _("Urban or rural"), self.setting)
        self.form.add_row("population", _("Resident population"), self.population)
        self.form.add_row("division_code", _("Village division code"), self.division_code)
        self.form.add_row("notes", _("Notes"), self.notes)
        if existing is not None:
            self._fill(existing.as_input())

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setDefault(True)  # Enter in any line edit saves
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.buttons)
        self.form.edited.connect(lambda _field: self._update_button())
        self._update_button()
        self.name.setFocus()

    def _fill(self, data: CommunityInput) -> None:
        self.name.setText(data.name)
        self.setting.setCurrentIndex(max(self.setting.findData(data.setting), 0))
        self.population.setText("" if data.population is None else str(data.population))
        self.division_code.setText(data.division_code)
        self.notes.setText(data.notes)

    def value(self) -> CommunityInput:
        return CommunityInput(self.name.text(), combo_value(self.setting), self.population.text(),
                              self.division_code.text(), self.notes.text())

    def _update_button(self) -> None:
        valid = self.form.check(lambda: self.value().validated()) is not None
        self.save_button.setEnabled(valid and not self._saving)

    def save(self) -> None:
        if self._saving:
            return
        self.form.touch_all()
        data = self.form.check(lambda: self.value().validated())
        if data is None:
            return
        self._saving = True
        self._update_button()
        gateway, existing = self._ctx.gateway, self._existing

        def job(_progress: Progress) -> CommunityView:
            if existing is None:
                return gateway.write(communities.add, data)
            return gateway.write(communities.update, existing.id, data)

        self._ctx.tasks.run(job, parent=self, label=_("Saving…"), on_success=self._on_saved,
                            on_failure=self._on_failed)

    def _on_saved(self, view: CommunityView) -> None:
        self._saving = False
        self.result_view = view
        self._ctx.events.publish("communities")
        self.accept()

    def _on_failed(self, error: WusheError) -> None:
        self._saving = False
        self._update_button()
        if isinstance(error, ValidationError):
            self.form.show_error(error)  # e.g. a duplicate name, found by the service
        else:
            show_error(self, error)
