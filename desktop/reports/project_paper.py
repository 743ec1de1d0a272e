"""What the micro-venture papers (申报书, 结项报告) share on top of the case papers' page and styles: "第 N
页 共 M 页" under the text block (an unnumbered cover may come first), narrative sections that flow
across pages, amounts in yuan, tick boxes, and boxes to sign, give an opinion and seal.

Imported only from inside a report's write function, so ReportLab loads when a PDF is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from desktop.domain.money import from_fen
from desktop.i18n import _, babel_locale, format_date
from desktop.reports.case_paper import BOTTOM, LEFT, PAD, RIGHT, SHADE, TEXT_WIDTH, TOP, Paper
from desktop.reports.fonts import register_fonts
from desktop.reports.pages import counting_canvas, page_of_pages

GAP = "\xa0" * 6  # room to write a figure by hand; a no-break space is kept where spaces would collapse
SIGN_LABEL = 37 * mm  # "法定代表人（签字）" on one line
TICK = "✓"  # the bundled face has no ☑/☐: the box is drawn and the tick is this glyph, which stays in the text


def yuan(fen: int) -> str:
    """An amount in yuan with two places and grouping, for a column headed "(yuan)": 30,000.00."""
    return format_decimal(from_fen(fen), format="#,##0.00", locale=babel_locale())


def percent(part: int, whole: int) -> str:
    """``part`` as a share of ``whole`` with one decimal (87.5%), or a dash when there is no whole."""
    if whole <= 0:
        return "—"
    return f"{(Decimal(part * 100) / whole).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def period(starts_on: date, ends_on: date) -> str:
    return _("{start} to {end}").format(start=format_date(starts_on, "long"), end=format_date(ends_on, "long"))


class ProjectPaper(Paper):
    """The case papers' styles, and body text for the narratives, the cover's, and a note under a table."""

    def __init__(self) -> None:
        super().__init__()
        title, cell = self.styles["title"], self.styles["cell"]
        extra = {
            # 小四 body text, two characters' indent, as the templates ask for the narratives.
            "body": ParagraphStyle("body", cell, fontSize=12, leading=21, firstLineIndent=24, alignment=TA_JUSTIFY,
                                   spaceAfter=1.5 * mm),
            "note": ParagraphStyle("note", cell, fontSize=10.5, leading=16, spaceBefore=1.5 * mm),
            "cover_round": ParagraphStyle("cover_round", title, fontSize=16, leading=24, spaceAfter=4 * mm),
            "cover_title": ParagraphStyle("cover_title", title, fontSize=26, leading=38, spaceAfter=0),
            "cover_label": ParagraphStyle("cover_label", cell, fontSize=15, leading=22, alignment=TA_CENTER),
            "cover_value": ParagraphStyle("cover_value", cell, fontSize=15, leading=22),
            "cover_foot": ParagraphStyle("cover_foot", cell, fontSize=14, leading=22, alignment=TA_CENTER),
        }
        self.styles.update(extra)
        self.latin.update({name: ParagraphStyle(f"{name}_latin", style, wordWrap=None)
                           for name, style in extra.items()})

    def narrative(self, text: str) -> list[Flowable]:
        """A section the applicant wrote: one indented paragraph per paragraph typed, each free to run on
        to the next page."""
        paragraphs = [part.strip() for part in text.splitlines() if part.strip()]
        return [self.text(part, "body") for part in paragraphs] or [self.nothing()]

    def money(self, fen: int) -> Paragraph:
        return self.text(yuan(fen), "number")


class TickBoxes(Flowable):
    """Every choice with a box before it, ticked where chosen, in as many equal columns as fit."""

    BOX = 9.0  # points
    LEADING = 17.0

    def __init__(self, choices: Sequence[tuple[str, bool]], font: str, size: float = 10.5) -> None:
        super().__init__()
        self.choices, self.font, self.size = list(choices), font, size
        self.columns = 1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's names)
        widest = max((stringWidth(name, self.font, self.size) for name, _ticked in self.choices), default=0)
        self.columns = max(1, min(len(self.choices), int(availWidth // (widest + self.BOX + 12))))
        rows = -(-len(self.choices) // self.columns)
        self.width, self.height = availWidth, rows * self.LEADING
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        step = self.width / self.columns
        canvas.setLineWidth(0.6)
        for n, (name, ticked) in enumerate(self.choices):
            row, column = divmod(n, self.columns)
            x, y = column * step, self.height - (row + 1) * self.LEADING + 4.5
            canvas.rect(x, y - 1, self.BOX, self.BOX)
            if ticked:  # a size smaller, so the tick stays inside its box
                canvas.setFont(self.font, self.BOX)
                canvas.drawCentredString(x + self.BOX / 2, y, TICK)
            canvas.setFont(self.font, self.size)
            canvas.drawString(x + self.BOX + 4, y, name)


def together(flowables: Sequence[Flowable]) -> KeepTogether:
    """``flowables`` kept on one page. ReportLab measures a KeepTogether without the space above its first
    flowable, yet lays that space out on a page already begun, so a block that just fitted ran over;
    a hairline spacer first makes the space count."""
    return KeepTogether([Spacer(1, 0.01), *flowables])


def signing(paper: ProjectPaper, rows: Sequence[tuple[str, bool]], *, lead: Sequence[Flowable] = ()) -> Flowable:
    """Rows to sign and date by hand (``False``), or tall boxes for an opinion with "(Seal) Year Month
    Day" at their foot (``True``), kept on one page with the ``lead`` text above them."""
    stamp = paper.text(_("(Seal)") + GAP * 2 + _("Year") + GAP + _("Month") + GAP + _("Day"), "meta_right")
    data: list[list[Any]] = []
    heights: list[float] = []
    commands: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), SHADE)]
    for y, (name, sealed) in enumerate(rows):
        label = paper.label(name)
        # Room to write and stamp by hand, and never less than the label needs.
        heights.append(max(34 * mm if sealed else 12 * mm, label.wrap(SIGN_LABEL - 2 * PAD, TEXT_WIDTH)[1] + 6 * mm))
        if sealed:
            data.append([label, stamp, "", ""])
            commands += [("SPAN", (1, y), (3, y)), ("VALIGN", (1, y), (1, y), "BOTTOM"),
                         ("BOTTOMPADDING", (1, y), (1, y), 3 * mm), ("RIGHTPADDING", (1, y), (1, y), 6 * mm)]
        else:
            data.append([label, "", paper.label(_("Date")), ""])
            commands.append(("BACKGROUND", (2, y), (2, y), SHADE))
    table = paper.table(data, [SIGN_LABEL, None, 18 * mm, 38 * mm], *commands, header=False, heights=heights)
    return together([*lead, Spacer(1, 3 * mm), table])


def build(out: Path, story: list[Flowable], *, title: str, author: str, subject: str, running: str,
          cover: bool = False) -> Path:
    """Write ``story`` on A4 with the GB/T 9704 text block, "第 N 页 共 M 页" centred under it and
    ``running`` at the head of every page after the first, so a detached page still says what it
    belongs to. A ``cover`` (the first page) carries neither, and the numbering starts after it."""
    font = register_fonts()
    page_width, page_height = A4
    skipped = 1 if cover else 0
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                            bottomMargin=BOTTOM, initialFontName=font, title=title, author=author, subject=subject)

    def running_head(canvas: Canvas, _doc: Any) -> None:
        canvas.setFont(font, 9)
        canvas.setFillColor("#555555")
        canvas.drawString(LEFT, page_height - TOP + 8 * mm, running)
        canvas.setFillColor("black")

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        if page > skipped:
            canvas.setFont(font, 10.5)
            canvas.drawCentredString(page_width / 2, BOTTOM - 12 * mm, page_of_pages(page - skipped, pages - skipped))

    doc.build(story, onLaterPages=running_head, canvasmaker=counting_canvas(footer))
    return out

