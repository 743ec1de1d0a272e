"""Issue a volunteer service certificate for a period; the PDF is written on the database worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.domain.certificates import check_period
from desktop.i18n import _
from desktop.services import certificates
from desktop.services.certificates import CertificateView
from desktop.services.forms import required_text
from desktop.services.volunteers import VolunteerView
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job
from desktop.ui.volunteers.certificate_files import write_pdf
from desktop.ui.volunteers.fields import day, day_edit

IssueValues = tuple[date, date, str]


class IssueDialog(FormDialog):
    """``outcome`` is ``(certificate, pdf path)``."""

    def __init__(self, ctx: AppContext, volunteer: VolunteerView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Issue a service certificate"), ok_text=_("Issue"), parent=parent,
                         intro=_("For {name}: the service recorded in the period, net of reversals. You are the "
                                 "handler (经办人).").format(name=volunteer.name))
        self._volunteer = volunteer
        self.period_from = day_edit(volunteer.registered_on)
        self.period_to = day_edit()
        self.in_charge = QLineEdit()
        self.in_charge.setMaxLength(50)
        self.form.add_row("period_from", _("From"), self.period_from)
        self.form.add_row("period_to", _("To"), self.period_to)
        self.form.add_row("person_in_charge", _("Person in charge"), self.in_charge)
        for edit in (self.period_from, self.period_to):
            edit.dateChanged.connect(lambda _d: self.update_button())
        self.update_button()
        self.in_charge.setFocus()

    def progress_text(self) -> str:
        return _("Issuing the certificate…")

    def checked(self) -> IssueValues:
        start, end = day(self.period_from), day(self.period_to)
        check_period(start, end, date.today())
        return start, end, required_text(self.in_charge.text(), "person_in_charge", 50)

    def job(self, values: IssueValues) -> Job:
        gateway, volunteer_id = self._ctx.gateway, self._volunteer.id
        start, end, in_charge = values

        def issue(_progress: object) -> tuple[CertificateView, Path]:
            cert = gateway.write(certificates.issue, volunteer_id, start, end, in_charge)
            return cert, write_pdf(cert)

        return issue
