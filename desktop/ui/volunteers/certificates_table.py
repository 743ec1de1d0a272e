"""The register of certificates issued (all, or one volunteer's), with Revoke… and Print again…"""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter
from pathlib import Path

from PySide6.QtWidgets import QHeaderView, QPushButton, QVBoxLayout, QWidget

from desktop.domain.durations import hours_text
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date
from desktop.services import certificates
from desktop.services.certificates import CertificateQuery, CertificateView
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.table_model import RIGHT, Column, PagedTableModel
from desktop.ui.volunteers.certificate_files import offer_pdf, write_pdf
from desktop.ui.volunteers.fields import ReasonDialog

TOPIC = "certificates"


def status(cert: CertificateView) -> str:
    if cert.revoked_on is None:
        return _("Valid")
    return _("Revoked on {date}: {reason}").format(date=format_date(cert.revoked_on), reason=cert.revoked_reason)


COLUMNS: list[Column[CertificateView]] = [
    Column(N_("Certificate no."), None, attrgetter("official_number")),
    Column(N_("Volunteer"), None, lambda c: f"{c.volunteer_name} ({c.volunteer_number})"),
    Column(N_("Period"), None, lambda c: f"{c.period_from.isoformat()} – {c.period_to.isoformat()}"),
    Column(N_("Hours"), None, lambda c: hours_text(c.minutes), RIGHT),
    Column(N_("Issued"), None, lambda c: c.issued_on.isoformat()),
    Column(N_("Handler"), None, attrgetter("handler")),
    Column(N_("Status"), None, status),
]


class CertificatesTable(QWidget):
    def __init__(self, ctx: AppContext, volunteer_id: str = "") -> None:
        super().__init__()
        self._ctx = ctx
        self.query = CertificateQuery(volunteer_id=volunteer_id)
        gateway = ctx.gateway
        self.model: PagedTableModel[CertificateView] = PagedTableModel(
            COLUMNS, lambda _order, _descending, offset, limit, with_total: gateway.read(
                certificates.list_page, self.query, offset, limit, with_total),
            lambda ids: gateway.read(certificates.get_many, ids), row_id=attrgetter("id"),
            dimmed=lambda c: c.revoked_on is not None)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update())
        self.revoke_button = QPushButton(_("Revoke…"))
        self.revoke_button.clicked.connect(self.revoke)
        self.revoke_button.setVisible(gateway.may(Action.EDIT_REGISTERS))
        self.print_button = QPushButton(_("Print again…"))
        self.print_button.clicked.connect(self.print_again)
        self.actions = button_row(self.print_button, self.revoke_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.actions)
        ctx.events.changed.connect(lambda topic: self.reload() if topic in (TOPIC, "all") else None)
        self.reload()

    def search(self, text: str) -> None:
        self.query = replace(self.query, text=text)
        self.reload()

    def reload(self) -> None:
        self.model.reload()
        self._update()

    def selected(self) -> CertificateView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _update(self) -> None:
        cert = self.selected()
        self.print_button.setEnabled(cert is not None and cert.revoked_on is None)
        self.revoke_button.setEnabled(cert is not None and cert.revoked_on is None)

    def revoke(self) -> None:
        cert, gateway = self.selected(), self._ctx.gateway
        if cert is None or cert.revoked_on is not None:
            return
        dialog = ReasonDialog(
            self._ctx, title=_("Revoke certificate {number}").format(number=cert.official_number),
            ok_text=_("Revoke"), intro=_("A revoked certificate no longer verifies; the register keeps it."),
            work=lambda reason: gateway.write(certificates.revoke, cert.id, reason), parent=self)
        if dialog.exec():
            self._ctx.events.publish(TOPIC)

    def print_again(self) -> None:
        cert, gateway = self.selected(), self._ctx.gateway
        if cert is None:
            return

        def job(_progress: object) -> tuple[CertificateView, Path]:
            issued = gateway.read(certificates.for_reprint, cert.number)
            return issued, write_pdf(issued)

        self._ctx.tasks.run(job, parent=self, label=_("Printing the certificate…"),
                            on_success=lambda result: offer_pdf(self, *result))
