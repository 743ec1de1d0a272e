"""First start: set up the station (profile, villages and communities, the station head's account)
and keep its recovery code; or load the demo data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QRadioButton, QScrollArea, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop.domain.codes import COMMUNITY_SETTINGS, NODE_KINDS, label
from desktop.domain.permissions import Role, role_labels
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _, format_number
from desktop.reports.recovery_sheet import RecoverySheet
from desktop.services.demo import load_demo
from desktop.services.station import SetupResult, initialize
from desktop.ui.community_rows import CommunityRows
from desktop.ui.context import AppContext
from desktop.ui.setup_account_pages import AccountPage, DemoPage, RecoveryPage
from desktop.ui.station_form import StationForm
from desktop.ui.tasks import Progress, show_error

WELCOME, STATION, COMMUNITIES, ACCOUNT, SUMMARY, RECOVERY, DEMO = range(7)


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Welcome to Wushe Desk"))
        self.setSubTitle(_("Your data stays on this computer. Nothing here needs a network."))
        self.set_up = QRadioButton(_("Set up my station"))
        self.demo = QRadioButton(_("Load demo data to look around"))
        self.set_up.setChecked(True)
        set_up_hint = QLabel(_("Enter your station's profile and the villages and communities it serves. "
                               "Everything can be changed later under Settings."))
        demo_hint = QLabel(_("A fictitious township with ten villages and communities, to try every "
                             "screen. Use a separate database for real work."))
        layout = QVBoxLayout(self)
        for button, hint in ((self.set_up, set_up_hint), (self.demo, demo_hint)):
            hint.setWordWrap(True)
            hint.setContentsMargins(24, 0, 0, 12)
            layout.addWidget(button)
            layout.addWidget(hint)
        layout.addStretch(1)

    def nextId(self) -> int:
        return DEMO if self.demo.isChecked() else STATION


class StationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your station"))
        self.setSubTitle(_("The administrative-division code identifies the station to the county."))
        self.form = StationForm(kind_editable=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self.form.validity_changed.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.form.name.setFocus()

    def isComplete(self) -> bool:
        return self.form.is_valid()


class CommunitiesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Villages and communities"))
        self.setSubTitle(_("List the villages and urban communities the station serves. Empty rows are "
                           "skipped; you can add more later."))
        self.rows = CommunityRows()
        self.rows.add_row(focus=False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rows)
        self.rows.changed.connect(self.completeChanged)

    def initializePage(self) -> None:
        if self.rows.rows:
            self.rows.rows[0].name.setFocus()
        else:
            self.rows.add_button.setFocus()

    def isComplete(self) -> bool:
        return self.rows.validated() is not None


class SummaryPage(QWizardPage):
    """The last look before saving: a commit page, so there is no going back once it is saved."""

    def __init__(self, station: StationPage, rows: CommunityRows, account: AccountPage) -> None:
        super().__init__()
        self.setTitle(_("Ready to save"))
        self.setSubTitle(_("Press Save to set up the station. Everything but the kind of node can be changed "
                           "later under Settings."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Save"))
        self._station, self._rows, self._account = station, rows, account
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()  # a township may list dozens of villages
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

    def initializePage(self) -> None:
        station = self._station.form.validated()
        rows = self._rows.validated() or []
        head = self._account.validated()
        if station is None or head is None:
            return
        facts = [
            (_("Station name"), station.name), (_("Kind of node"), label(NODE_KINDS, station.kind)),
            (_("Township or street"), station.township), (_("County or district"), station.county),
            (_("Administrative-division code"), station.division_code), (_("Address"), station.address),
            (_("Phone"), station.phone),
            (label(role_labels(station.kind), Role.ADMIN), _("{name} (user name {user})").format(name=head.display_name, user=head.username)),
        ]
        lines = [f"<tr><td>{escape(k)}</td><td>&nbsp;&nbsp;{escape(v or '—')}</td></tr>" for k, v in facts]
        listed = "".join(
            f"<li>{escape(r.name)} · {escape(label(COMMUNITY_SETTINGS, r.setting))}"
            + (f" · {escape(format_number(r.population))}" if r.population is not None else "") + "</li>"
            for r in rows)
        count = _("Villages and communities: {n}").format(n=format_number(len(rows)))
        self.text.setText(f"<table>{''.join(lines)}</table><p><b>{escape(count)}</b></p><ul>{listed}</ul>")


class SetupWizard(QWizard):
    """Accepted once the station (or the demo) is saved, with its head signed in; the database is
    untouched when cancelled before saving. After saving there is no cancelling: the recovery
    code is shown only once."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._saving = False
        self._saved = False
        self.setWindowTitle(_("Set up Wushe Desk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.welcome = WelcomePage()
        self.station = StationPage()
        self.communities = CommunitiesPage()
        self.account = AccountPage(lambda: self.station.form.value().kind)
        self.recovery = RecoveryPage(ctx.tasks)
        self.demo = DemoPage()
        self.setPage(WELCOME, self.welcome)
        self.setPage(STATION, self.station)
        self.setPage(COMMUNITIES, self.communities)
        self.setPage(ACCOUNT, self.account)
        self.setPage(SUMMARY, SummaryPage(self.station, self.communities.rows, self.account))
        self.setPage(RECOVERY, self.recovery)
        self.setPage(DEMO, self.demo)
        self.resize(760, 600)

    # --- saving the station when leaving the summary page -----------------------------------
    def validateCurrentPage(self) -> bool:
        if self.currentId() != SUMMARY or self._saved:
            return super().validateCurrentPage()
        self._save_station()
        return False  # the wizard moves on once the worker has saved

    def _save_station(self) -> None:
        station, rows = self.station.form.validated(), self.communities.rows.validated()
        head = self.account.validated()
        if self._saving or station is None or rows is None or head is None:
            return
        db = self._ctx.gateway.db

        def job(_progress: Progress) -> SetupResult:
            # The node, its profile, its communities and the head's account: all or nothing.
            return initialize(db, station, communities=rows, head=head)

        self._run(job, _("Saving the station…"), self._on_station_saved)

    def _on_station_saved(self, result: SetupResult) -> None:
        self._saved = True
        assert result.recovery_code is not None
        self.recovery.set_sheet(RecoverySheet(result.profile.name, result.profile.node_id, result.recovery_code,
                                              datetime.now(UTC)))
        self.setOption(QWizard.WizardOption.NoCancelButton)  # the code is shown only now: keep it first
        self._ctx.events.publish("all")
        self.next()

    # --- finishing -----------------------------------------------------------------------------
    def accept(self) -> None:
        if self.currentId() != DEMO:
            if self.recovery.isComplete():
                super().accept()
            return
        password = self.demo.password()
        if self._saving or password is None:
            return
        db = self._ctx.gateway.db
        self._run(lambda _progress: load_demo(db, password), _("Loading the demo data…"), self._on_demo_loaded)

    def _on_demo_loaded(self, _result: object) -> None:
        self._ctx.events.publish("all")
        QWizard.accept(self)

    def reject(self) -> None:
        # Once saving has started it finishes (or fails) first; once saved, the recovery code comes first.
        if not self._saving and not self._saved:
            super().reject()

    def _run(self, job: Callable[[Progress], Any], label: str, on_success: Callable[[Any], None]) -> None:
        self._set_saving(True)

        def succeeded(result: object) -> None:
            self._set_saving(False)
            on_success(result)

        self._ctx.tasks.run(job, parent=self, label=label, on_success=succeeded, on_failure=self._on_failed)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.CommitButton,
                      QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not saving)

    def _on_failed(self, error: WusheError) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationError) and error.field in ("username", "display_name", "phone", "password"):
            self.back()  # a head account the service refused: show it at its field
            self.account.form.show_error(error)
        else:
            show_error(self, error)
