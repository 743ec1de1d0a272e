"""The recovery-code sheet printed at set-up: the one way back in when every password is lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from desktop.i18n import _, format_datetime


@dataclass(frozen=True)
class RecoverySheet:
    station: str
    node_id: str
    code: str
    made_at: datetime


def write_recovery_sheet(sheet: RecoverySheet, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app shows this sheet's data at start-up
    # (setup wizard) but writes the PDF only when asked.
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from desktop.reports.fonts import register_fonts

    font = register_fonts()
    title = ParagraphStyle("title", fontName=font, fontSize=20, leading=28, alignment=1, spaceAfter=6 * mm)
    # CJK wrapping keeps closing punctuation (。，) off the start of a line.
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, wordWrap="CJK")
    code = ParagraphStyle("code", fontName=font, fontSize=22, leading=32, alignment=1)
    doc = SimpleDocTemplate(str(out), pagesize=A4, initialFontName=font, leftMargin=28 * mm, rightMargin=26 * mm,
                            topMargin=30 * mm, bottomMargin=25 * mm, title=_("Data recovery code"),
                            author=sheet.station)
    details = Table(
        [[_("Station"), sheet.station], [_("Node"), sheet.node_id],
         [_("Made"), format_datetime(sheet.made_at.astimezone(), "long")]],
        colWidths=[32 * mm, None],
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 11),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]),
    )
    # Three groups a line: 22-point groups do not fit on one line, and a break is put between groups,
    # never inside one, where ReportLab's wrapping would put it.
    groups = sheet.code.split("-")
    half = (len(groups) + 1) // 2
    lines = [escape("-".join(part)) for part in (groups[:half], groups[half:]) if part]
    boxed = Table([[Paragraph("<br/>".join(lines), code)]], style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),  # else the table names Helvetica, unembedded
        ("BOX", (0, 0), (-1, -1), 1.2, "black"), ("TOPPADDING", (0, 0), (-1, -1), 8 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8 * mm)]))
    signatures = Table([[_("Kept by (signature)"), "", _("Date"), ""]], colWidths=[34 * mm, 56 * mm, 16 * mm, 44 * mm],
                       style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 11),
                                         ("LINEBELOW", (1, 0), (1, 0), 0.6, "black"),
                                         ("LINEBELOW", (3, 0), (3, 0), 0.6, "black")]))
    doc.build([
        Paragraph(_("Wushe Desk data recovery code"), title),
        details,
        Spacer(1, 8 * mm),
        boxed,
        Spacer(1, 8 * mm),
        Paragraph(_("This code unlocks the station's protected data (ID card numbers, phone numbers, case notes) "
                    "when every password has been lost. With it, the station head sets a new password at the "
                    "sign-in window under “Forgot all passwords?”."), body),
        Spacer(1, 4 * mm),
        Paragraph(_("Keep this sheet locked away, apart from the computer, like the station's seal. Do not photograph "
                    "it or keep it in a file. Whoever has the code and a copy of the database can read the protected "
                    "data. If the sheet is lost, the station head makes a new code under Settings → Users, which "
                    "makes this one useless."), body),
        Spacer(1, 16 * mm),
        signatures,
    ])
    return out
