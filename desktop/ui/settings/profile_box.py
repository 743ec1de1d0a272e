"""设置 → 站点信息: the policy profile (政策指标方案) the station's indicators are measured against, saved as
soon as it is chosen; the shipped profiles and any the county sent down."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QVBoxLayout
from sqlalchemy.orm import Session

from desktop.domain.indicators import PolicyProfile
from desktop.domain.permissions import Action
from desktop.errors import WusheError
from desktop.i18n import _, current_locale
from desktop.services import indicators
from desktop.services.indicator_texts import profile_title
from desktop.ui.context import AppContext
from desktop.ui.tasks import Progress, show_error

TOPIC = "policy_profile"  # published when the choice changes: the statistics page follows it


def fill_profiles(combo: QComboBox, found: list[PolicyProfile], chosen: str | None, none_text: str) -> None:
    """``combo`` lists ``none_text`` (data None) and the profiles (data: the id), ``chosen`` selected."""
    combo.clear()
    combo.addItem(none_text, None)
    for policy in found:
        combo.addItem(profile_title(policy.name(current_locale()), policy.from_county), policy.id)
        combo.setItemData(combo.count() - 1, policy.source, Qt.ItemDataRole.ToolTipRole)  # the policy's document
    combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)


class ProfileBox(QGroupBox):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(_("Policy profile"))
        self._ctx = ctx
        self.combo = QComboBox()
        self.combo.setEnabled(ctx.gateway.may(Action.EDIT_STATION))
        self.combo.setToolTip(ctx.gateway.refusal(Action.EDIT_STATION))
        self.combo.activated.connect(lambda _index: self._choose())
        self._found: list[PolicyProfile] = []
        self.source = QLabel()
        self.source.setWordWrap(True)
        hint = QLabel(_("The statistics page measures the station's indicators against this policy's targets."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.combo)
        layout.addWidget(self.source)
        ctx.events.changed.connect(self._on_changed)
        self.load()

    def load(self) -> None:
        self._found, chosen = self._ctx.gateway.read(profiles_and_choice)
        fill_profiles(self.combo, self._found, chosen, _("None chosen"))
        self._show_source()

    def _show_source(self) -> None:
        policy = next((p for p in self._found if p.id == self.combo.currentData()), None)
        self.source.setText(_("Targets from: {source}").format(source=policy.source) if policy else "")

    def _choose(self) -> None:
        gateway, chosen = self._ctx.gateway, self.combo.currentData()

        def job(_progress: Progress) -> None:
            gateway.write(indicators.choose_profile, chosen)

        self._ctx.tasks.run(job, parent=self, label=_("Saving…"), on_success=lambda _r: self._saved(),
                            on_failure=self._failed)

    def _saved(self) -> None:
        self._show_source()
        self._ctx.events.publish(TOPIC)

    def _failed(self, error: WusheError) -> None:
        show_error(self, error)
        self.load()

    def _on_changed(self, topic: str) -> None:
        if topic in (TOPIC, "all"):  # "all": after a restore or an import, which may bring a county's
            self.load()


def profiles_and_choice(session: Session) -> tuple[list[PolicyProfile], str | None]:
    """The profiles to choose from, and the id of the one the station chose (None: none yet)."""
    return indicators.available_profiles(session), indicators.chosen_profile_id(session)
