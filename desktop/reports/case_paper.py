"""What the case-work papers share: the GB/T 9704 page, styles, grid tables, the client's basic
information and the household, page numbers "— 1 —".

Imported only from inside a report's write function, so ReportLab loads when a PDF is written.
Body text is 小四 (12 pt), tables 五号 (10.5 pt), section headings 四号 (14 pt), the title 2号 (22 pt).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak, Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from desktop.i18n import _, format_date
from desktop.reports.fonts import register_fonts
from desktop.reports.line_breaking import CJKParagraph
from desktop.services.case_summary import ClientDetails, MemberLine
from desktop.services.client_input import ADULT_AGE

TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
TEXT_WIDTH = 156 * mm
BODY_HEIGHT = 225 * mm - 12  # the text block less the frame's padding
LABEL_WIDTH = 30 * mm  # a label cell of a form table: seven Chinese characters at 五号
PAD = 4  # points of padding left and right in a cell
RULE = 0.5
SHADE = "#eeeeee"
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")  # CJK ideographs, punctuation, full-width forms
BLANK = "—"  # a field with nothing recorded, so a reader sees it was not left out by mistake


class Paper:
    """The styles of one document, in the bundled face (registered on first use)."""

    def __init__(self) -> None:
        self.font = register_fonts()
        # CJK wrapping, by the rules of line_breaking: no closing mark (，。）”) starts a line, no opening
        # one (（“) ends one, and Latin words stay whole.
        base = ParagraphStyle("base", fontName=self.font, fontSize=12, leading=20, wordWrap="CJK")
        self.styles = {
            "title": ParagraphStyle("title", base, fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=5 * mm),
            "meta": ParagraphStyle("meta", base, fontSize=10.5, leading=16),
            "meta_right": ParagraphStyle("meta_right", base, fontSize=10.5, leading=16, alignment=TA_RIGHT),
            "heading": ParagraphStyle("heading", base, fontSize=14, leading=22, spaceBefore=5 * mm,
                                      spaceAfter=2 * mm),
            "subheading": ParagraphStyle("subheading", base, fontSize=12, leading=18, spaceBefore=3 * mm,
                                         spaceAfter=1.5 * mm),
            "cell": ParagraphStyle("cell", base, fontSize=10.5, leading=15),
            "label": ParagraphStyle("label", base, fontSize=10.5, leading=15, alignment=TA_CENTER),
            "number": ParagraphStyle("number", base, fontSize=10.5, leading=15, alignment=TA_RIGHT),
            "empty": ParagraphStyle("empty", base, fontSize=10.5, leading=15, textColor="#555555"),
        }
        # ReportLab's CJK wrapping may break a Latin word when a narrow line has no space in its second
        # half ("addres-s"); text with no CJK character wraps at spaces instead.
        self.latin = {name: ParagraphStyle(f"{name}_latin", style, wordWrap=None)
                      for name, style in self.styles.items()}

    def text(self, value: str, style: str = "cell") -> Paragraph:
        """A paragraph of plain text; the writer's line breaks are kept."""
        if CJK.search(value):
            return CJKParagraph(escape(value).replace("\n", "<br/>"), self.styles[style])
        return Paragraph(escape(value).replace("\n", "<br/>"), self.latin[style])

    @staticmethod
    def day(value: date | None) -> str:
        """A date in a narrow table column (2026/1/5), or "" for none."""
        return format_date(value, "short") if value else ""

    def label(self, value: str) -> Paragraph:
        return self.text(value, "label")

    # A heading starts a new page when the space left could not hold a few lines under it. (keepWithNext
    # would move a whole long table to the next page with it, leaving most of a page blank.)
    def heading(self, value: str) -> list[Flowable]:
        return [CondPageBreak(40 * mm), self.text(value, "heading")]

    def subheading(self, value: str) -> list[Flowable]:
        return [CondPageBreak(30 * mm), self.text(value, "subheading")]

    def nothing(self) -> Paragraph:
        return self.text(_("None recorded."), "empty")

    def table(self, rows: list[list[Any]], widths: Sequence[float | None], *commands: tuple[Any, ...],
              header: bool = True, heights: Sequence[float] | None = None) -> Table:
        """A ruled table in the bundled face (a cell without FONTNAME would name Helvetica, which the PDF
        does not embed); a header row repeats on every page and a tall row may split between pages."""
        style = [("FONTNAME", (0, 0), (-1, -1), self.font), ("GRID", (0, 0), (-1, -1), RULE, "black"),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5), ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                 ("RIGHTPADDING", (0, 0), (-1, -1), PAD)]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
        return _Table(rows, colWidths=_filled(widths), style=TableStyle([*style, *commands]), rowHeights=heights,
                      repeatRows=1 if header else 0)

    def listing(self, headers: Sequence[str], rows: list[list[Any]], widths: Sequence[float | None],
                *commands: tuple[Any, ...]) -> Flowable:
        """A table of records under its header, or a line saying there are none."""
        if not rows:
            return self.nothing()
        return self.table([[self.label(h) for h in headers], *rows], widths, ("VALIGN", (0, 1), (-1, -1), "TOP"),
                          *commands)

    def form(self, rows: Sequence[Sequence[tuple[str, str]]], label_width: float = LABEL_WIDTH) -> Table:
        """A form of label/value cells: a row holds two pairs, or one pair whose value spans the row."""
        value_width = (TEXT_WIDTH - 2 * label_width) / 2
        data: list[list[Any]] = []
        commands: list[tuple[Any, ...]] = []
        for y, pairs in enumerate(rows):
            cells: list[Any] = []
            for x, (name, value) in enumerate(pairs):
                cells += [self.label(name), self.text(value or BLANK)]
                commands.append(("BACKGROUND", (2 * x, y), (2 * x, y), SHADE))
            if len(pairs) == 1:
                cells += ["", ""]
                commands.append(("SPAN", (1, y), (3, y)))
            data.append(cells)
        return self.table(data, [label_width, value_width, label_width, value_width], *commands, header=False)

    def masthead(self, title: str, left: str, right: str) -> list[Flowable]:
        """The title, and a line under it with the document's number on the left and the unit on the right."""
        line = Table([[self.text(left, "meta"), self.text(right, "meta_right")]], colWidths=[TEXT_WIDTH / 2] * 2,
                     style=TableStyle([("FONTNAME", (0, 0), (-1, -1), self.font),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [self.text(title, "title"), line, Spacer(1, 1.5 * mm)]

    def signatures(self, rows: Sequence[str | tuple[str, str]], boxes: Collection[str] = (),
                   above: Sequence[Flowable] = ()) -> Flowable:
        """Lines to sign and date by hand, kept on one page with the flowables ``above`` them (the end of
        what is signed for: lines alone on a last page prove nothing); a row named in ``boxes`` is a tall
        box for a written opinion instead, and a pair of names two people signing side by side (the client
        and their guardian), in the room of the date: the sheet keeps to one page."""
        value_width = (TEXT_WIDTH - 2 * LABEL_WIDTH) / 2
        data: list[list[Any]] = []
        commands: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), SHADE)]
        for y, name in enumerate(rows):
            if isinstance(name, tuple):
                data.append([self.label(name[0]), "", self.label(name[1]), ""])
                commands.append(("BACKGROUND", (2, y), (2, y), SHADE))
            elif name in boxes:
                data.append([self.label(name), "", "", ""])
                commands.append(("SPAN", (1, y), (3, y)))
            else:
                data.append([self.label(name), "", self.label(_("Date")), ""])
                commands.append(("BACKGROUND", (2, y), (2, y), SHADE))
        heights = [28 * mm if name in boxes else 11 * mm for name in rows]  # room to write by hand
        table = self.table(data, [LABEL_WIDTH, value_width, LABEL_WIDTH, value_width], *commands, header=False,
                           heights=heights)
        return KeepTogether([*above, Spacer(1, 4 * mm), table])


class _Table(Table):
    """A table that splits between rows, and inside a row only when some row is taller than a whole page
    (a very long record). Splitting inside rows always would also fill the last lines of a page with a
    repeated header and a sliver of the next row."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab's names)
        self._calc(availWidth, availHeight)
        header = sum(self._rowHeights[:self.repeatRows])
        giant = max(self._rowHeights[self.repeatRows:], default=0) > BODY_HEIGHT - header
        # With a giant row, split inside rows straight away: trying between rows first would leave a piece
        # for the rest of this page, drawn under a second copy of the header.
        self.splitInRow, self.splitByRow = (1, 0) if giant else (0, 1)
        return super().split(availWidth, availHeight)  # type: ignore[no-any-return]


def _filled(widths: Sequence[float | None]) -> list[float]:
    """Column widths with the free ones (None) sharing what the others leave of the text width."""
    free = TEXT_WIDTH - sum(w for w in widths if w is not None)
    share = free / max(1, sum(w is None for w in widths))
    return [share if w is None else w for w in widths]


def client_signer(client: ClientDetails) -> str | tuple[str, str]:
    """The client's signature line, with the guardian's beside it for a minor or a client with a guardian
    on file (``Paper.signatures``): a minor's word alone does not bind."""
    minor = client.age is not None and client.age < ADULT_AGE
    return (_("Client's signature"), _("Guardian's signature")) if minor or client.guardian_name \
        else _("Client's signature")


def client_rows(client: ClientDetails) -> list[list[tuple[str, str]]]:
    """The client's identity and contact on a form: the same on the case record and the client sheet."""
    guardian = _("{name} ({relation})").format(name=client.guardian_name, relation=client.guardian_relation) \
        if client.guardian_relation else client.guardian_name
    return [
        [(_("Full name"), client.name), (_("Gender"), client.sex)],
        [(_("Date of birth"), format_date(client.birth_date) if client.birth_date else ""),
         (_("Age"), str(client.age) if client.age is not None else "")],
        [(_("ID type"), client.id_type), (_("ID number"), client.id_masked)],
        [(_("Phone"), client.phone), (_("Village or community"), client.community)],
        [(_("Home address"), client.address)],
        [(_("Target groups"), _(", ").join(client.target_groups))],
        [(_("Guardian"), guardian), (_("Guardian's phone"), client.guardian_phone)],
    ]


def members_table(paper: Paper, members: Sequence[MemberLine]) -> Flowable:
    rows = [[paper.text(m.name), paper.text(m.relation), paper.text(str(m.birth_year) if m.birth_year else ""),
             paper.text(_("Yes") if m.lives_with else _("No")), paper.text(m.notes)] for m in members]
    return paper.listing([_("Full name"), _("Relation"), _("Year of birth"), _("Lives with the client"), _("Notes")],
                         rows, [LABEL_WIDTH, 26 * mm, 22 * mm, 26 * mm, None])


def running_head(canvas: Canvas, font: str, running: str) -> None:
    """``running`` over the text block of a page after the first, in grey, shortened with "…" to the
    block's width: a long project title or name would run off the page."""
    size, page_height = 9, A4[1]
    if stringWidth(running, font, size) > TEXT_WIDTH:
        ellipsis = stringWidth("…", font, size)
        while running and stringWidth(running, font, size) + ellipsis > TEXT_WIDTH:
            running = running[:-1]
        running = running.rstrip(" ·") + "…"
    canvas.setFont(font, size)
    canvas.setFillColor("#555555")
    canvas.drawString(LEFT, page_height - TOP + 8 * mm, running)
    canvas.setFillColor("black")


def build(out: Path, story: list[Flowable], *, title: str, author: str, subject: str, running: str) -> Path:
    """Write ``story`` on A4 with the GB/T 9704 text block, "— N —" centred under it, and ``running``
    at the head of every page after the first, so a detached page still says what it belongs to."""
    font = register_fonts()
    page_width = A4[0]
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                            bottomMargin=BOTTOM, initialFontName=font, title=title, author=author, subject=subject)

    def page_number(canvas: Canvas, built: Any) -> None:
        canvas.setFont(font, 14)  # 4号
        canvas.drawCentredString(page_width / 2, BOTTOM - 12 * mm, f"— {built.page} —")

    def later_page(canvas: Canvas, built: Any) -> None:
        running_head(canvas, font, running)
        page_number(canvas, built)

    doc.build(story, onFirstPage=page_number, onLaterPages=later_page)
    return out
