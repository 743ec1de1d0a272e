"""The time bank's reward catalogue (积分兑换目录): add, edit, take off the list and put back."""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.codes import REWARD_KINDS, label
from desktop.domain.timebank import points_text
from desktop.i18n import N_, _
from desktop.services import rewards
from desktop.services.rewards import RewardInput, RewardView
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.record_tab import RecordTab

TOPIC = "volunteers"  # a redemption dialog lists the catalogue as it stands

COLUMNS: list[Column[RewardView]] = [
    Column(N_("Reward"), None, attrgetter("name")),
    Column(N_("Kind"), None, lambda r: label(REWARD_KINDS, r.kind)),
    Column(N_("Points"), None, lambda r: points_text(r.cost), RIGHT),
    Column(N_("Offered"), None, lambda r: _("Yes") if r.active else _("No")),
    Column(N_("Notes"), None, attrgetter("notes")),
]


class RewardDialog(FormDialog):
    def __init__(self, ctx: AppContext, existing: RewardView | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Edit {name}").format(name=existing.name) if existing else _("New reward"),
                         ok_text=_("Save"), parent=parent)
        self.existing = existing
        self.name = QLineEdit(existing.name if existing else "")
        self.name.setMaxLength(100)
        self.kind = QComboBox()
        fill_combo(self.kind, {code: _(text) for code, text in REWARD_KINDS.items()}, existing.kind if existing else "")
        self.cost = QLineEdit(points_text(existing.cost) if existing else "")
        self.cost.setPlaceholderText(_("Points, e.g. 10 or 2.5"))
        self.active = QCheckBox(_("Offered for redemption"))
        self.active.setChecked(existing.active if existing else True)
        self.notes = QLineEdit(existing.notes if existing else "")
        self.notes.setMaxLength(200)
        self.form.add_row("name", _("Reward"), self.name)
        self.form.add_row("kind", _("Kind"), self.kind)
        self.form.add_row("cost", _("Points"), self.cost)
        self.form.add_row("active", "", self.active)
        self.form.add_row("notes", _("Notes"), self.notes)
        self.update_button()

    def checked(self) -> RewardInput:
        return RewardInput(self.name.text(), combo_value(self.kind), self.cost.text(), self.active.isChecked(),
                           self.notes.text()).validated()

    def job(self, values: RewardInput) -> Job:
        gateway, existing = self._ctx.gateway, self.existing
        if existing is None:
            return lambda _progress: gateway.write(rewards.add_reward, values)
        return lambda _progress: gateway.write(rewards.update_reward, existing.id, values)


class RewardsWindow(QDialog):
    """Everyone sees the catalogue; the roles that keep the registers change it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(_("Time-bank rewards"))
        self.resize(720, 480)
        self.table = RecordTab(ctx, COLUMNS, lambda: ctx.gateway.read(rewards.list_rewards, include_inactive=True))
        self.table.action(_("Add…"), lambda: self._edit(None))
        self.edit_button = self.table.action(_("Edit…"), lambda: self._edit(self.table.selected()))
        self.toggle_button = self.table.action(_("Take off the list"), self.toggle)
        self.table.view.selectionModel().selectionChanged.connect(lambda *_args: self._update())
        self.table.model.modelReset.connect(self._update)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.load()

    def _update(self) -> None:
        reward = self.table.selected()
        self.edit_button.setEnabled(reward is not None)
        self.toggle_button.setEnabled(reward is not None)
        self.toggle_button.setText(_("Put back on the list") if reward and not reward.active else _("Take off the list"))

    def _edit(self, reward: RewardView | None) -> None:
        if RewardDialog(self._ctx, reward, self).exec():
            self._changed()

    def toggle(self) -> None:
        reward, gateway = self.table.selected(), self._ctx.gateway
        if reward is None:
            return
        data = replace(RewardInput(reward.name, reward.kind, points_text(reward.cost), reward.active, reward.notes),
                       active=not reward.active)
        self._ctx.tasks.run(lambda _p: gateway.write(rewards.update_reward, reward.id, data), parent=self,
                            label=_("Saving…"), on_success=lambda _r: self._changed())

    def _changed(self) -> None:
        self.table.load()
        self._ctx.events.publish(TOPIC)
