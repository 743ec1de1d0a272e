"""A volunteer's record (民政部令第67号): personal details, then service, training, awards, evaluation,
the time-bank passbook and the certificates issued, one tab each."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from desktop.domain.codes import VOLUNTEER_STATUSES, label
from desktop.domain.durations import hours_text
from desktop.domain.permissions import Action
from desktop.domain.timebank import points_text
from desktop.i18n import _
from desktop.services import volunteers
from desktop.ui.context import AppContext
from desktop.ui.volunteers.certificate_files import offer_pdf
from desktop.ui.volunteers.certificate_issue import IssueDialog
from desktop.ui.volunteers.certificates_table import TOPIC as CERTIFICATES, CertificatesTable
from desktop.ui.volunteers.entry_tabs import awards_tab, evaluations_tab, training_tab
from desktop.ui.volunteers.record_tab import RecordTab
from desktop.ui.volunteers.service_tab import ServiceTab
from desktop.ui.volunteers.timebank_tab import TimebankTab
from desktop.ui.volunteers.volunteer_dialog import VolunteerDialog

TOPIC = "volunteers"


class RecordWindow(QDialog):
    def __init__(self, ctx: AppContext, volunteer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.volunteer = ctx.gateway.read(volunteers.get, volunteer_id)
        may_edit = ctx.gateway.may(Action.EDIT_REGISTERS)
        self.resize(960, 600)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.edit_button = QPushButton(_("Edit details…"))
        self.edit_button.setVisible(may_edit)
        self.edit_button.clicked.connect(self.edit)
        self.service = ServiceTab(ctx, self.volunteer)
        self.training = training_tab(ctx, volunteer_id)
        self.awards = awards_tab(ctx, volunteer_id)
        self.evaluations = evaluations_tab(ctx, volunteer_id)
        self.timebank = TimebankTab(ctx, self.volunteer)
        self.certificates = CertificatesTable(ctx, volunteer_id)
        self.issue_button = QPushButton(_("Issue certificate…"))
        self.issue_button.setVisible(may_edit)
        self.issue_button.clicked.connect(self.issue)
        self.certificates.actions.insertWidget(0, self.issue_button)
        self.tabs = QTabWidget()
        for widget, title in ((self.service, _("Service")), (self.training, _("Training")),
                              (self.awards, _("Awards")), (self.evaluations, _("Evaluation")),
                              (self.timebank, _("Time bank")), (self.certificates, _("Certificates"))):
            self.tabs.addTab(widget, title)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()

    def _blocks(self) -> tuple[RecordTab, ...]:  # type: ignore[type-arg]
        return self.service, self.training, self.awards, self.evaluations, self.timebank

    def reload(self) -> None:
        self.volunteer = v = self._ctx.gateway.read(volunteers.get, self.volunteer.id)
        self.setWindowTitle(_("Volunteer record: {name}").format(name=v.name))
        facts = [v.number, v.community, label(VOLUNTEER_STATUSES, v.status)]
        if v.id_masked:
            facts.append(v.id_masked)
        if v.phone:
            facts.append(v.phone)
        self.heading.setText(_("<b>{name}</b> · {facts}<br>Confirmed service {hours} h · time bank {points} points")
                             .format(name=v.name, facts=" · ".join(facts), hours=hours_text(v.minutes),
                                     points=points_text(v.balance)))
        for block in self._blocks():
            block.load()

    def _on_data_changed(self, topic: str) -> None:
        if topic in (TOPIC, "all"):
            self.reload()

    def edit(self) -> None:
        VolunteerDialog(self._ctx, self.volunteer, self).exec()

    def issue(self) -> None:
        dialog = IssueDialog(self._ctx, self.volunteer, self)
        if dialog.exec() and dialog.outcome is not None:
            self._ctx.events.publish(CERTIFICATES)
            offer_pdf(self, *dialog.outcome)
