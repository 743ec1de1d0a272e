"""What the micro-venture papers (申报书, 结项报告) share on top of the case papers' page and styles: "第 N
页 共 M 页" under the text block (an unnumbered cover may come first), narrative sections that flow
across pages, amounts in yuan, tick boxes, and boxes to sign, give an opinion and seal.

Imported only from inside a report's write function, so ReportLab loads when a PDF is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from babel.numbers import format_decimal
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import _listWrapOn

from desktop.domain.money import from_fen
from desktop.i18n import _, babel_locale, format_date
from desktop.reports.case_paper import CJK, BOTTOM, LEFT, PAD, RIGHT, SHADE, TEXT_WIDTH, TOP, Paper, running_head
from desktop.reports.fonts import register_fonts
from desktop.reports.pages import counting_canvas, page_of_pages
from desktop.services import project_access

GAP = "\xa0" * 6  # room to write a figure by hand; a no-break space is kept where spaces would collapse
SIGN_LABEL = 37 * mm  # "法定代表人（签字）" on one line
TICK = "✓"  # the bundled face has no ☑/☐: the box is drawn and the tick is this glyph, which stays in the text
# What a line may not break inside: a run of anything but CJK and spaces; a CJK character stands alone.
_WORD = re.compile(rf"{CJK.pattern}|(?:(?!{CJK.pattern})\S)+")


def _glossed(text: str) -> bool:
    """Whether ``text`` is English with its Chinese term after it, as the English labels of codes are:
    "Group activity (小组活动)"."""
    head, gloss, _term = text.rpartition(" (")
    return bool(gloss) and text.endswith(")") and "\n" not in text and not CJK.search(head)


def _unbroken(text: str) -> list[str]:
    """The parts of ``text`` that a line does not break inside, as ``ProjectPaper.text`` wraps it."""
    return text.split() if _glossed(text) else _WORD.findall(text)


def yuan(fen: int) -> str:
    """An amount in yuan with two places and grouping, for a column headed "(yuan)": 30,000.00."""
    return format_decimal(from_fen(fen), format="#,##0.00", locale=babel_locale())


def rate(value: Decimal | None) -> str:
    """A percentage as the services work it out (87.5 for 87.5 %), or a dash when there is nothing to
    measure by: the paper prints the figure the screens show."""
    return "—" if value is None else f"{value}%"


def percent(part: int, whole: int) -> str:
    """``part`` as a share of ``whole`` with one decimal (87.5%), rounded as the screens round it."""
    return rate(project_access.percent(part, whole))


def period(starts_on: date, ends_on: date) -> str:
    return _("{start} to {end}").format(start=format_date(starts_on, "long"), end=format_date(ends_on, "long"))


class ProjectPaper(Paper):
    """The case papers' styles, and body text for the narratives, the cover's, and a note under a table."""

    def __init__(self) -> None:
        super().__init__()
        title, cell = self.styles["title"], self.styles["cell"]
        extra = {
            # A heading stays with the start of what follows it (``keep_headings``).
            "heading": ParagraphStyle("heading", self.styles["heading"], keepWithNext=1),
            "subheading": ParagraphStyle("subheading", self.styles["subheading"], keepWithNext=1),
            # 小四 body text, two characters' indent, as the templates ask for the narratives.
            "body": ParagraphStyle("body", cell, fontSize=12, leading=21, firstLineIndent=24, alignment=TA_JUSTIFY,
                                   spaceAfter=1.5 * mm),
            "note": ParagraphStyle("note", cell, fontSize=10.5, leading=16, spaceBefore=1.5 * mm),
            # A mark under the title saying the paper is not final yet (未结项（草稿）): a red that prints dark grey.
            "draft_mark": ParagraphStyle("draft_mark", title, fontSize=16, leading=22, textColor="#b22222",
                                         spaceBefore=-3 * mm, spaceAfter=3 * mm),
            "cover_round": ParagraphStyle("cover_round", title, fontSize=16, leading=24, spaceAfter=4 * mm),
            "cover_title": ParagraphStyle("cover_title", title, fontSize=26, leading=38, spaceAfter=0),
            "cover_label": ParagraphStyle("cover_label", cell, fontSize=15, leading=22, alignment=TA_CENTER),
            "cover_value": ParagraphStyle("cover_value", cell, fontSize=15, leading=22),
            "cover_foot": ParagraphStyle("cover_foot", cell, fontSize=14, leading=22, alignment=TA_CENTER),
        }
        self.styles.update(extra)
        self.latin.update({name: ParagraphStyle(f"{name}_latin", style, wordWrap=None)
                           for name, style in extra.items()})

    def text(self, value: str, style: str = "cell") -> Paragraph:
        """As the case papers print text, but a glossed English label wraps at its spaces: ReportLab's CJK
        wrapping looks back only half a line for a space, so it would print "Group activit" and "y (小组活动)"."""
        if _glossed(value):
            return Paragraph(escape(value), self.latin[style])
        return super().text(value, style)

    # Without the case papers' conditional page break: ``keep_headings`` keeps a heading with the start of what
    # follows, however much room that needs.
    def heading(self, value: str) -> list[Flowable]:
        return [self.text(value, "heading")]

    def subheading(self, value: str) -> list[Flowable]:
        return [self.text(value, "subheading")]

    def widths(self, columns: Sequence[Sequence[str]], room: float) -> list[float]:
        """Widths for the columns of a table (each given as its header, then its cells) sharing ``room``.
        A column is at least as wide as its longest word, so an English word is never broken, and at most as
        its longest text on one line; when the room is short of that, a header of several words first takes
        two lines, then the narrow columns get all they need and the wide ones share what is left equally,
        so a short label is not wrapped to make room for a long one. A room too narrow even for the words
        narrows them all alike; one with more than all need widens them all alike."""
        size = self.styles["cell"].fontSize

        def width(text: str) -> float:  # on one line, with the cell's padding and a point against rounding
            return max((stringWidth(line, self.font, size) for line in text.splitlines()), default=0) + 2 * PAD + 1

        def two_lines(header: str) -> float:
            words = header.split(" ")
            return min((max(width(" ".join(words[:n])), width(" ".join(words[n:]))) for n in range(1, len(words))),
                       default=width(header))

        least = [max(width(part) for text in column for part in [*_unbroken(text), ""]) for column in columns]
        whole = [max(map(width, column)) for column in columns]
        if sum(whole) > room:
            whole = [max([two_lines(header), *map(width, cells)]) for header, *cells in columns]
        most = [max(pair) for pair in zip(least, whole, strict=True)]
        if sum(most) <= room:
            return [high * room / sum(most) for high in most]
        if sum(least) >= room:
            return [low * room / sum(least) for low in least]

        def fitted(cap: float) -> list[float]:
            return [max(low, min(high, cap)) for low, high in zip(least, most, strict=True)]

        low, high = 0.0, max(most)
        for _halving in range(40):  # the widest a column may be, to a hair
            cap = (low + high) / 2
            low, high = (cap, high) if sum(fitted(cap)) <= room else (low, cap)
        return fitted(low)

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


class KeepWithStart(KeepTogether):
    """Headings and the flowable after them (``keep_headings``): the headings go to the next page only when
    the space left cannot hold them and the start of what follows (a paragraph's first lines, a table's
    header and first row). ReportLab binds a ``keepWithNext`` paragraph to what follows in a KeepTogether,
    which moves them whenever the whole of it does not fit, so a long table would leave most of a page
    blank."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's names)
        return aW, 0xFFFFFF  # never placed whole: the frame asks ``split`` where the headings go

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        *heads, rest = self._content
        for head in heads:  # laid out as plain paragraphs from here, lest ReportLab bind them once more
            head.keepWithNext = 0
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:
            return list(self._content)  # nothing to gain on a new page
        height = _listWrapOn(heads, aW, self.canv)[1] + max(heads[-1].getSpaceAfter(), rest.getSpaceBefore())
        fits = _starts_in(rest, self.canv, aW, aH - height)
        return list(self._content) if fits else [self.FrameBreak(), *self._content]


def keep_headings(story: Sequence[Flowable]) -> list[Flowable]:
    """``story`` with each run of headings (``keepWithNext``) bound to the flowable after it in a
    ``KeepWithStart``, so the story keeps them together on any document template."""
    kept: list[Flowable] = []
    heads: list[Flowable] = []
    for flowable in story:
        if flowable.getKeepWithNext():
            heads.append(flowable)
        elif heads:
            kept.append(KeepWithStart([*heads, flowable]))
            heads = []
        else:
            kept.append(flowable)
    return [*kept, *heads]


def _starts_in(flowable: Flowable, canvas: Canvas, width: float, height: float) -> bool:
    """Whether ``flowable`` fits in ``height``, or a first piece of it does (one that stays: a KeepTogether
    that would move on splits into a break first)."""
    if height <= 0:
        return False
    if flowable.wrapOn(canvas, width, height)[1] <= height:
        return True
    pieces = flowable.splitOn(canvas, width, height)
    return bool(pieces) and not isinstance(pieces[0], ActionFlowable)


class FittedDrawing(Flowable):
    """A drawing as tall as ``height``, or as the room left on the page when that is less but at least
    ``least``: a chart a little short of room shrinks to end the page rather than move on and leave a
    half-empty page behind it. ``draw_at(height)`` makes the drawing for a height."""

    def __init__(self, draw_at: Callable[[float], Flowable], height: float, least: float) -> None:
        super().__init__()
        self.draw_at, self.tallest, self.least = draw_at, height, least
        self.drawing: Flowable | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's names)
        height = self.tallest if not self.least <= availHeight < self.tallest else availHeight
        self.drawing = self.draw_at(height)
        self.width, self.height = self.drawing.wrap(availWidth, height)
        return self.width, self.height

    def draw(self) -> None:
        assert self.drawing is not None  # wrapped before drawn
        self.drawing.drawOn(self.canv, 0, 0)


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
    page_width = A4[0]
    skipped = 1 if cover else 0
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                            bottomMargin=BOTTOM, initialFontName=font, title=title, author=author, subject=subject)

    def later_page(canvas: Canvas, _doc: Any) -> None:
        running_head(canvas, font, running)

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        if page > skipped:
            canvas.setFont(font, 10.5)
            canvas.drawCentredString(page_width / 2, BOTTOM - 12 * mm, page_of_pages(page - skipped, pages - skipped))

    doc.build(story, onLaterPages=later_page, canvasmaker=counting_canvas(footer))
    return out

