"""The volunteer service certificate (志愿服务记录证明) as a printed PDF.

Laid out after GB/T 9704-2012 as far as one bundled face allows: A4, a 156 × 225 mm text block
(top 37 mm, left 28 mm), a 2号 title, 3号 body text, 四号 signature lines and 五号 tables. The
certificate states what the 2015 and 2020 rules name (number, volunteer with a masked ID, period,
service time and content, recording unit, person in charge and handler, contact, issue date, room
for the seal), then lists the records it is based on; every page carries the number and the
verification code, so a detached page still says which certificate it belongs to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from desktop.domain.certificates import format_code, qr_payload
from desktop.domain.codes import ID_TYPES, label
from desktop.domain.durations import hours_text
from desktop.i18n import _, format_date, ngettext
from desktop.services.certificates import CertificateView

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
TOP, LEFT, RIGHT, BOTTOM = 37 * MM, 28 * MM, 26 * MM, 35 * MM
TEXT_WIDTH = 156 * MM
SEAL = 40 * MM
QR = 30 * MM


def write_certificate(cert: CertificateView, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    from desktop.reports.fonts import register_fonts
    from desktop.reports.pages import counting_canvas, page_of_pages

    font = register_fonts()
    styles = _styles(font)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                            bottomMargin=BOTTOM, initialFontName=font, title=_("Volunteer Service Record Certificate"),
                            author=cert.unit, subject=cert.official_number)
    story: list[Any] = [
        Paragraph(escape(_("No. {number}").format(number=cert.official_number)), styles["number"]),
        Paragraph(escape(_("Volunteer Service Record Certificate")), styles["title"]),
        Paragraph(escape(_body(cert)), styles["body"]),
        Paragraph(escape(_("Hereby certified.")), styles["body"]),
        Spacer(1, 6 * MM),
        _signatures(cert, font, styles),
        Spacer(1, 6 * MM),
        _verification(cert, font, styles),
        # The certificate stands on its own page; the records it rests on follow as an attachment.
        PageBreak(),
        Paragraph(escape(ngettext("Attachment: the service record ({n} entry)",
                                  "Attachment: the service records ({n} entries)", len(cert.lines))
                         .format(n=len(cert.lines))), styles["heading"]),
        _records(cert, font, styles),
    ]
    page_width, page_height = A4

    def running_header(canvas: Any, _doc: Any) -> None:
        canvas.setFont(font, 9)
        canvas.drawString(LEFT, page_height - TOP + 8 * MM,
                          _("Certificate {number}, continued").format(number=cert.official_number))
        canvas.drawRightString(page_width - RIGHT, page_height - TOP + 8 * MM,
                               _("Verification code: {code}").format(code=format_code(cert.code)))

    def footer(canvas: Any, page: int, pages: int) -> None:
        canvas.setFont(font, 10.5)
        canvas.drawCentredString(page_width / 2, BOTTOM - 12 * MM, page_of_pages(page, pages))

    doc.build(story, onLaterPages=running_header, canvasmaker=counting_canvas(footer))
    return out


def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    # CJK wrapping keeps closing punctuation (。，）) off the start of a line.
    base = ParagraphStyle("base", fontName=font, fontSize=14, leading=24, wordWrap="CJK")
    return {
        "number": ParagraphStyle("number", base, fontSize=12, leading=18, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", base, fontSize=22, leading=32, alignment=TA_CENTER, spaceBefore=4 * MM,
                                spaceAfter=8 * MM),
        # 3号 body, two characters' indent, about 28 characters a line as GB/T 9704 has it.
        "body": ParagraphStyle("body", base, fontSize=16, leading=29, firstLineIndent=32, alignment=TA_JUSTIFY),
        "sign": base,
        "seal": ParagraphStyle("seal", base, fontSize=12, leading=18, alignment=TA_CENTER, textColor="#888888"),
        "small": ParagraphStyle("small", base, fontSize=9.5, leading=14),
        "code": ParagraphStyle("code", base, fontSize=14, leading=20),
        "heading": ParagraphStyle("heading", base, fontSize=14, leading=22, spaceAfter=3 * MM),
        "cell": ParagraphStyle("cell", base, fontSize=10.5, leading=14),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=10.5, leading=14, alignment=TA_RIGHT),
    }


def _body(cert: CertificateView) -> str:
    return _("This is to certify that {name} ({id_type} {id_number}, volunteer no. {volunteer_number}) served as a "
             "volunteer with our unit from {start} to {end}, {hours} hours of service in total. Main service: "
             "{content}.").format(
        name=cert.volunteer_name, id_type=label(ID_TYPES, cert.id_type), id_number=cert.id_masked,
        volunteer_number=cert.volunteer_number, start=format_date(cert.period_from, "long"),
        end=format_date(cert.period_to, "long"), hours=hours_text(cert.minutes), content=cert.content)


def _table(rows: list[list[Any]], font: str, widths: list[float | None], *commands: tuple[Any, ...],
           **options: Any) -> Any:
    """A table in the bundled font: ReportLab names Helvetica for any cell without one, even a blank
    cell, and the PDF would then list a font it does not embed."""
    from reportlab.platypus import Table, TableStyle

    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *commands])
    return Table(rows, colWidths=widths, style=style, **options)


def _signatures(cert: CertificateView, font: str, styles: dict[str, Any]) -> Any:
    """The unit's lines on the right, as on any official letter, and a framed space for the seal."""
    from reportlab.platypus import Paragraph

    lines = [
        _("Recording unit: {unit}").format(unit=cert.unit),
        _("Person in charge: {name}").format(name=cert.person_in_charge),
        _("Handled by: {name}").format(name=cert.handler),
        _("Contact phone: {phone}").format(phone=cert.unit_phone),
        _("Date of issue: {date}").format(date=format_date(cert.issued_on, "long")),
    ]
    text = [Paragraph(escape(line), styles["sign"]) for line in lines]
    seal = _table([[Paragraph(escape(_("(Seal)")), styles["seal"])]], font, [SEAL],
                  ("BOX", (0, 0), (-1, -1), 0.6, "#888888", None, (3, 3)), rowHeights=[SEAL])
    return _table([["", text, seal]], font, [TEXT_WIDTH - 82 * MM - SEAL - 4 * MM, 82 * MM, SEAL + 4 * MM],
                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0))


def _qr(code: str, font: str) -> Any:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(qr_payload(code), barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    # A drawing starts in Helvetica even when it writes no text; the PDF would name a font it lacks.
    drawing = Drawing(QR, QR, transform=[QR / (x1 - x0), 0, 0, QR / (y1 - y0), 0, 0], initialFontName=font)
    drawing.add(widget)
    return drawing


def _verification(cert: CertificateView, font: str, styles: dict[str, Any]) -> Any:
    """The code in words and as a QR code, with how a reader checks it."""
    from reportlab.platypus import Paragraph

    code = format_code(cert.code)
    text = [
        Paragraph(escape(_("Verification code: {code}").format(code=code)), styles["code"]),
        Paragraph(escape(_("To check this certificate, ask the recording unit ({phone}) to verify the code; in "
                           "Wushe Desk it runs “wushe verify-cert {code}” or scans the QR code. The unit confirms "
                           "the number, the masked name and ID, the period and the hours, and whether the "
                           "certificate still stands.").format(phone=cert.unit_phone, code=code)), styles["small"]),
    ]
    return _table([[_qr(cert.code, font), text]], font, [QR + 6 * MM, TEXT_WIDTH - QR - 6 * MM],
                  ("LINEABOVE", (0, 0), (-1, 0), 0.5, "#999999"), ("LINEBELOW", (0, 0), (-1, -1), 0.5, "#999999"),
                  ("LEFTPADDING", (0, 0), (0, 0), 0), ("TOPPADDING", (0, 0), (-1, -1), 3 * MM),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * MM))


def _records(cert: CertificateView, font: str, styles: dict[str, Any]) -> Any:
    """The records the certificate rests on; splits across pages with its header repeated."""
    from reportlab.platypus import Paragraph

    def cell(text: str, style: str = "cell") -> Any:
        return Paragraph(escape(text), styles[style])

    header = [cell(h) for h in (_("No."), _("Date"), _("Activity"), _("Service content"), _("Hours served"))]
    rows = [[cell(str(i)), cell(format_date(line.served_on, "short")), cell(line.activity), cell(line.content),
             cell(hours_text(line.minutes), "cell_right")] for i, line in enumerate(cert.lines, start=1)]
    total = [cell(_("Total")), "", "", "", cell(hours_text(cert.minutes), "cell_right")]
    return _table([header, *rows, total], font, [12 * MM, 24 * MM, 40 * MM, None, 27 * MM],
                  ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                  ("SPAN", (0, -1), (3, -1)), repeatRows=1)
