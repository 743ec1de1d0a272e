"""The donation receipt (捐赠收据) as a printed PDF: one A4 sheet holding two copies, each on half of it (an
A5 landscape area), the donor's (收执) above and the counterfoil the fund keeps (存根) below, with a line to
cut along. A station prints on the office's A4 printer (FORMS.md, document layout), and a receipt that is
voided is taken back and kept with its counterfoil, so both copies come from one print.

Each copy carries the number, the fund and its host charity, donor, purpose, dates, the amount in
figures and in Chinese upper case, goods in kind by name and quantity, the issuer and a box for the host
charity's seal (a fund has no seal of its own), and says that it is not the official 公益事业捐赠票据,
whose code and number it shows once the host charity has issued one. A voided receipt is stamped
"作废" across both copies and gives the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.i18n import _, format_date
from desktop.services.ledger_papers import ReceiptPaper, quantity_text

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
HALF = 297 * MM / 2  # each copy's half of the sheet
MARGIN = 9 * MM  # between a copy and the sheet's edge or the cut line
VOID_RED = "#c62828"
SEAL_HEIGHT = 30 * MM
STAMP_SIZE = 84  # points: the void stamp's letters at most
STAMP_WIDTH = 110 * MM  # and its text's width at most


def write_receipt(paper: ReceiptPaper, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate

    from desktop.reports.case_paper import LEFT, RIGHT
    from desktop.reports.project_paper import ProjectPaper

    base = ProjectPaper()
    width, height = A4
    frames = [Frame(LEFT, HALF + MARGIN, width - LEFT - RIGHT, HALF - 2 * MARGIN, id="donor", leftPadding=0,
                    rightPadding=0, topPadding=0, bottomPadding=0),
              Frame(LEFT, MARGIN, width - LEFT - RIGHT, HALF - 2 * MARGIN, id="stub", leftPadding=0, rightPadding=0,
                    topPadding=0, bottomPadding=0)]

    def furniture(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setDash(4, 3)
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor("#888888")
        canvas.line(12 * MM, HALF, width - 12 * MM, HALF)
        canvas.setFont(base.font, 8)
        canvas.setFillColor("#666666")
        canvas.drawRightString(width - 12 * MM, HALF + 1.5 * MM, _("Cut along this line"))
        canvas.restoreState()
        if paper.voided:
            for middle in (HALF * 1.5, HALF * 0.5):
                _void_stamp(canvas, base.font, width / 2, middle)

    doc = BaseDocTemplate(str(out), pagesize=A4, initialFontName=base.font, title=_("Donation Receipt"),
                          author=paper.head.name, subject=paper.number,
                          pageTemplates=[PageTemplate("receipt", frames=frames, onPage=furniture)])
    copies = (_("Copy 1: for the donor (收执)"), _("Copy 2: counterfoil kept by the fund (存根)"))
    doc.build([_copy(base, paper, copies[0]), FrameBreak(), _copy(base, paper, copies[1])])
    return out


def _void_stamp(canvas: Any, font: str, x: float, y: float) -> None:
    """"作废" in red across a copy, under its text's ink but clear to the eye."""
    canvas.saveState()
    canvas.setFillColor(VOID_RED, alpha=0.35)
    canvas.setStrokeColor(VOID_RED, alpha=0.6)
    canvas.translate(x, y)
    canvas.rotate(18)
    text = _("VOID (作废)")
    size = min(STAMP_SIZE, STAMP_WIDTH / canvas.stringWidth(text, font, 1))  # "作废" large, "VOID (作废)" as wide
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -size * 0.35, text)
    half = canvas.stringWidth(text, font, size) / 2 + 6 * MM
    canvas.setLineWidth(3)
    canvas.roundRect(-half, -size * 0.6, 2 * half, size * 1.3, 10)
    canvas.restoreState()


def _copy(base: Any, paper: ReceiptPaper, which: str) -> Any:
    """One copy, shrunk to its half of the sheet should a long purpose or list of goods need more."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepInFrame, Spacer

    from desktop.reports.case_paper import LABEL_WIDTH, SHADE, TEXT_WIDTH
    from desktop.reports.project_paper import yuan

    title = ParagraphStyle("receipt_title", base.styles["title"], fontSize=18, leading=24, spaceAfter=1 * MM)
    base.styles["receipt_title"] = title
    base.latin["receipt_title"] = ParagraphStyle("receipt_title_latin", title, wordWrap=None)
    base.styles["red"] = ParagraphStyle("red", base.styles["cell"], textColor=VOID_RED, alignment=TA_CENTER)
    base.latin["red"] = ParagraphStyle("red_latin", base.styles["red"], wordWrap=None)
    head = paper.head
    if paper.official_ticket_code:
        ticket = _("Code {code}, number {number}").format(code=paper.official_ticket_code,
                                                        number=paper.official_ticket_number)
    else:
        ticket = _("Not issued yet; the host charity {host} issues it.").format(host=head.host_charity)
    # The fund's name and the amount in words each have a row of their own, so each reads on one line (the
    # longest amount, 人民币玖仟玖佰…玖角玖分, fits): broken mid-amount, the words misread and do not copy
    # out as one string.
    rows: list[list[tuple[str, str]]] = [
        [(_("Donor"), paper.donor), (_("Date of donation"), format_date(paper.donated_on, "long"))],
        [(_("Fund"), head.name)],
        [(_("Host charity"), head.host_charity), (_("Kind of donation"), paper.kind)],
        [(_("Purpose of the donation"), paper.purpose), (_("Amount in figures"), f"¥{yuan(paper.amount_fen)}")],
        [(_("Amount in words"), _("RMB {words}").format(words=paper.amount_in_words))],
    ]
    if paper.goods:
        rows.append([(_("Goods in kind"), _("; ").join(_goods(g) for g in paper.goods))])
    # The label's full name, 公益事业捐赠票据, would wrap in the label column leaving 据 alone; the note below
    # names it in full.
    rows.append([(_("Official ticket (捐赠票据)"), ticket)])
    flow: list[Any] = [
        base.text(_("{fund} Donation Receipt").format(fund=head.name), "receipt_title"),
        *base.masthead("", _("No. {number}").format(number=paper.number), which)[1:],
        base.form(rows),
    ]
    if paper.voided:
        flow.append(base.text(_("Voided on {date}: {reason}").format(
            date=format_date(paper.voided_on, "long") if paper.voided_on else "", reason=paper.void_reason), "red"))
    flow.append(Spacer(1, 1 * MM))
    flow.append(base.text(_("This receipt is the fund's own acknowledgement of the donation. It is not the "
                            "official donation ticket (公益事业捐赠票据) and cannot be used for tax deduction; the "
                            "host charity {host} issues that ticket.").format(host=head.host_charity), "meta"))
    value = (TEXT_WIDTH - 2 * LABEL_WIDTH) / 2
    issued = f"{paper.issuer}\n{format_date(paper.issued_on, 'long')}"
    # The seal's cell is left blank for the stamp: its label already says what goes there.
    sign = base.table([[base.label(_("Issued by")), base.text(issued), base.label(_("Host charity (seal)")), ""]],
                      [LABEL_WIDTH, value, LABEL_WIDTH, value],
                      ("BACKGROUND", (0, 0), (0, 0), SHADE), ("BACKGROUND", (2, 0), (2, 0), SHADE),
                      header=False, heights=[SEAL_HEIGHT])
    return KeepInFrame(TEXT_WIDTH, HALF - 2 * MARGIN, [*flow, Spacer(1, 1.5 * MM), sign], mode="shrink")


def _goods(line: Any) -> str:
    text = f"{line.name} {quantity_text(line.quantity, line.unit)}"
    return _("{goods} ({note})").format(goods=text, note=line.note) if line.note else text
