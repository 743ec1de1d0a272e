"""The station profile form: validated as you type, saved with the button or Ctrl+S."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.permissions import Action
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.services.station import StationInput, StationProfile, get_profile, update_profile
from desktop.ui.context import AppContext
from desktop.ui.settings.profile_box import ProfileBox
from desktop.ui.station_form import StationForm
from desktop.ui.tasks import Progress, show_error

FORM_MAX_WIDTH = 720


class StationTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._saved: StationInput | None = None
        self._saving = False
        self.form = StationForm(kind_editable=False)
        self._may_edit = ctx.gateway.may(Action.EDIT_STATION)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(ctx.gateway.refusal(Action.EDIT_STATION) or _("Save the profile (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        # The form and its Save button share one column, so the button sits under the fields.
        column = QWidget()
        column.setMaximumWidth(FORM_MAX_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(self.form)
        column_layout.addLayout(buttons)
        self.policy = ProfileBox(ctx)
        column_layout.addSpacing(12)
        column_layout.addWidget(self.policy)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.addWidget(column)
        outer.addStretch(1)
        self.form.edited.connect(self._on_edited)
        self.form.validity_changed.connect(lambda _valid: self._update_button())
        ctx.events.changed.connect(self._on_data_changed)
        self.load()

    def load(self) -> None:
        profile = self._ctx.gateway.read(get_profile)
        self._saved = profile.as_input()
        self.form.set_value(self._saved)
        self._update_button()

    def is_dirty(self) -> bool:
        return self._saved is not None and self.form.value() != self._saved

    def save(self) -> None:
        if self._saving or not self._may_edit or not self.is_dirty():
            return
        self.form.form.touch_all()
        data = self.form.validated()
        if data is None:
            return
        self._saving = True
        self._update_button()
        gateway = self._ctx.gateway

        def job(_progress: Progress) -> StationProfile:
            return gateway.write(update_profile, data)

        self._ctx.tasks.run(job, parent=self, label=_("Saving the station profile…"),
                            on_success=self._on_saved, on_failure=self._on_failed)

    def _on_saved(self, _profile: StationProfile) -> None:
        self._saving = False
        self.status.setText(_("Saved."))
        self._ctx.events.publish("station")

    def _on_failed(self, error: WusheError) -> None:
        self._saving = False
        self._update_button()
        if isinstance(error, ValidationError):
            self.form.show_error(error)
        else:
            show_error(self, error)

    def _on_edited(self) -> None:
        self.status.clear()
        self._update_button()

    def _on_data_changed(self, topic: str) -> None:
        if topic in ("station", "all") and not self._saving:
            self.load()

    def _update_button(self) -> None:
        self.save_button.setEnabled(self._may_edit and not self._saving and self.form.is_valid() and self.is_dirty())
