"""First start: set up the station (profile, villages and communities), or load the demo data."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QRadioButton, QScrollArea, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop.domain.codes import COMMUNITY_SETTINGS, NODE_KINDS, label
from desktop.errors import WusheError
from desktop.i18n import _, format_number
from desktop.services.demo import load_demo
from desktop.services.station import initialize
from desktop.ui.community_rows import CommunityRows
from desktop.ui.context import AppContext
from desktop.ui.station_form import StationForm
from desktop.ui.tasks import Job, show_error

WELCOME, STATION, COMMUNITIES, SUMMARY = range(4)


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
        return -1 if self.demo.isChecked() else STATION

    def isFinalPage(self) -> bool:
        return self.demo.isChecked()


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
    def __init__(self, station: StationPage, rows: CommunityRows) -> None:
        super().__init__()
        self.setTitle(_("Ready to save"))
        self.setSubTitle(_("Press Finish to save. Everything can be changed later under Settings."))
        self._station, self._rows = station, rows
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
        if station is None:
            return
        facts = [
            (_("Station name"), station.name), (_("Kind of node"), label(NODE_KINDS, station.kind)),
            (_("Township or street"), station.township), (_("County or district"), station.county),
            (_("Administrative-division code"), station.division_code), (_("Address"), station.address),
            (_("Phone"), station.phone),
        ]
        lines = [f"<tr><td>{escape(k)}</td><td>&nbsp;&nbsp;{escape(v or '—')}</td></tr>" for k, v in facts]
        listed = "".join(
            f"<li>{escape(r.name)} · {escape(label(COMMUNITY_SETTINGS, r.setting))}"
            + (f" · {escape(format_number(r.population))}" if r.population is not None else "") + "</li>"
            for r in rows)
        count = _("Villages and communities: {n}").format(n=format_number(len(rows)))
        self.text.setText(f"<table>{''.join(lines)}</table><p><b>{escape(count)}</b></p><ul>{listed}</ul>")


class SetupWizard(QWizard):
    """Accepted once the station (or the demo) is saved; the database is untouched when cancelled."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._saving = False
        self.setWindowTitle(_("Set up Wushe Desk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.welcome = WelcomePage()
        self.station = StationPage()
        self.communities = CommunitiesPage()
        self.setPage(WELCOME, self.welcome)
        self.setPage(STATION, self.station)
        self.setPage(COMMUNITIES, self.communities)
        self.setPage(SUMMARY, SummaryPage(self.station, self.communities.rows))
        # QWizard decides between Next and Finish only when it enters a page; re-entering the
        # start page (which keeps the radio buttons) makes the demo choice show Finish at once.
        self.welcome.demo.toggled.connect(lambda _on: self.restart())
        self.resize(760, 560)

    def accept(self) -> None:
        work = None if self._saving else self._work()
        if work is None:
            return
        job, text = work
        self._set_saving(True)
        self._ctx.tasks.run(job, parent=self, label=text, on_success=self._on_saved, on_failure=self._on_failed)

    def _work(self) -> tuple[Job, str] | None:
        """The job Finish starts and what the progress dialog says; None while a page is invalid."""
        gateway = self._ctx.gateway
        if self.welcome.demo.isChecked():
            return (lambda _progress: load_demo(gateway.db, gateway.actor)), _("Loading the demo data…")
        station, rows = self.station.form.validated(), self.communities.rows.validated()
        if station is None or rows is None:
            return None
        # The node, its profile and its communities in one unit of work: all or nothing.
        return ((lambda _progress: initialize(gateway.db, station, communities=rows, actor=gateway.actor)),
                _("Saving the station…"))

    def reject(self) -> None:
        if not self._saving:  # once saving has started, it finishes (or fails) before closing
            super().reject()

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not saving)

    def _on_saved(self, _result: object) -> None:
        self._set_saving(False)
        self._ctx.events.publish("all")
        QWizard.accept(self)

    def _on_failed(self, error: WusheError) -> None:
        self._set_saving(False)
        show_error(self, error)
