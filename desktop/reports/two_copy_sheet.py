"""One A4 sheet holding two copies of a slip, each on half of it (an A5 landscape area): the donor's (收执)
above and the counterfoil the fund keeps (存根) below, with a line to cut along. A station prints on the
office's A4 printer (FORMS.md, document layout), and a slip taken back is kept with its counterfoil, so
both copies come from one print. The donation receipt and the acknowledgement of goods that cannot be
valued are such slips; what each copy says is theirs, the sheet, its stamp and the signing row are here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.i18n import _

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
HALF = 297 * MM / 2  # each copy's half of the sheet
MARGIN = 9 * MM  # between a copy and the sheet's edge or the cut line
STAMP_RED = "#c62828"
SEAL_HEIGHT = 30 * MM
STAMP_SIZE = 84  # points: the stamp's letters at most
STAMP_WIDTH = 110 * MM  # and its text's width at most


def write_two_copies(out: Path, copy: Callable[[Any, str], list[Any]], *, title: str, author: str, subject: str,
                     stamp: str = "") -> Path:
    """The sheet, ``copy(paper_styles, which)`` giving each copy's flowables; ``stamp`` (作废…) across both
    copies when given."""
    # ReportLab is imported here, not with the module: the app starts without it.
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, KeepInFrame, PageTemplate

    from desktop.reports.case_paper import LEFT, RIGHT, TEXT_WIDTH
    from desktop.reports.project_paper import ProjectPaper

    base = ProjectPaper()
    _slip_styles(base)
    width, _height = A4
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
        if stamp:
            for middle in (HALF * 1.5, HALF * 0.5):
                _stamp(canvas, base.font, width / 2, middle, stamp)

    def fitted(which: str) -> Any:
        """One copy, shrunk to its half of the sheet should a long purpose or list of goods need more."""
        return KeepInFrame(TEXT_WIDTH, HALF - 2 * MARGIN, copy(base, which), mode="shrink")

    doc = BaseDocTemplate(str(out), pagesize=A4, initialFontName=base.font, title=title, author=author,
                          subject=subject, pageTemplates=[PageTemplate("slip", frames=frames, onPage=furniture)])
    copies = (_("Copy 1: for the donor (收执)"), _("Copy 2: counterfoil kept by the fund (存根)"))
    doc.build([fitted(copies[0]), FrameBreak(), fitted(copies[1])])
    return out


def _slip_styles(base: Any) -> None:
    """The slip's title, and red text for why a copy is stamped."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    title = ParagraphStyle("slip_title", base.styles["title"], fontSize=18, leading=24, spaceAfter=1 * MM)
    base.styles["slip_title"] = title
    base.latin["slip_title"] = ParagraphStyle("slip_title_latin", title, wordWrap=None)
    base.styles["red"] = ParagraphStyle("red", base.styles["cell"], textColor=STAMP_RED, alignment=TA_CENTER)
    base.latin["red"] = ParagraphStyle("red_latin", base.styles["red"], wordWrap=None)


def _stamp(canvas: Any, font: str, x: float, y: float, text: str) -> None:
    """``text`` ("作废") in red across a copy, under its text's ink but clear to the eye."""
    canvas.saveState()
    canvas.setFillColor(STAMP_RED, alpha=0.35)
    canvas.setStrokeColor(STAMP_RED, alpha=0.6)
    canvas.translate(x, y)
    canvas.rotate(18)
    size = min(STAMP_SIZE, STAMP_WIDTH / canvas.stringWidth(text, font, 1))  # "作废" large, "VOID (作废)" as wide
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -size * 0.35, text)
    half = canvas.stringWidth(text, font, size) / 2 + 6 * MM
    canvas.setLineWidth(3)
    canvas.roundRect(-half, -size * 0.6, 2 * half, size * 1.3, 10)
    canvas.restoreState()


def signing_row(base: Any, who: str, when: str) -> Any:
    """Who issued the slip and when, beside a box for the host charity's seal (a fund has no seal of its
    own); the box is left blank for the stamp: its label already says what goes there."""
    from desktop.reports.case_paper import LABEL_WIDTH, SHADE, TEXT_WIDTH

    value = (TEXT_WIDTH - 2 * LABEL_WIDTH) / 2
    return base.table([[base.label(_("Issued by")), base.text(f"{who}\n{when}"), base.label(_("Host charity (seal)")),
                        ""]], [LABEL_WIDTH, value, LABEL_WIDTH, value],
                      ("BACKGROUND", (0, 0), (0, 0), SHADE), ("BACKGROUND", (2, 0), (2, 0), SHADE),
                      header=False, heights=[SEAL_HEIGHT])
