"""Verify a certificate: type or scan its code; the verdict and the facts a checker may see."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from desktop.domain.certificates import QR_PREFIX, VALID, VERDICTS
from desktop.domain.codes import ID_TYPES, label
from desktop.domain.durations import hours_text
from desktop.errors import ValidationError
from desktop.i18n import _, format_date
from desktop.services import certificates
from desktop.services.certificates import Verification
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.gateway import Gateway

VALID_COLOR = "#2e7d32"


class VerifyBox(QGroupBox):
    def __init__(self, gateway: Gateway) -> None:
        super().__init__(_("Verify a certificate"))
        self._gateway = gateway
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("Verification code, like 7K3M-Q9TX-2HDP, typed or scanned"))
        self.button = QPushButton(_("Verify"))
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.code.returnPressed.connect(self.verify)
        self.button.clicked.connect(self.verify)

    def verify(self) -> None:
        code = self.code.text().strip().removeprefix(QR_PREFIX)  # a scanner types the QR code's whole text
        try:
            found = self._gateway.read(certificates.verify, code)
        except ValidationError as exc:
            self.result.setText(f"<span style='color:{ERROR_COLOR}'>{escape(exc.message)}</span>")
            return
        self.result.setText(_verdict(found))


def _verdict(found: Verification) -> str:
    color = VALID_COLOR if found.verdict == VALID else ERROR_COLOR
    text = f"<p style='color:{color}'><b>{escape(label(VERDICTS, found.verdict))}</b></p>"
    facts = found.facts
    if facts is None:
        return text
    rows = [(_("Certificate no."), facts.official_number), (_("Volunteer"), facts.name),
            (label(ID_TYPES, facts.id_type), facts.id_masked),
            (_("Period"), f"{format_date(facts.period_from)} – {format_date(facts.period_to)}"),
            (_("Hours served"), hours_text(facts.minutes)), (_("Recording unit"), facts.unit),
            (_("Issued"), format_date(facts.issued_on))]
    if facts.revoked_on is not None:
        rows.append((_("Revoked"), f"{format_date(facts.revoked_on)}: {facts.revoked_reason}"))
    return text + "<table cellpadding='2'>" + "".join(
        f"<tr><td style='padding-right:12px'>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in rows) + "</table>"
