"""A document title that names its unit (青山县石门镇社会工作服务站 工作统计报表) on one line: a long name
would otherwise wrap the last characters of the title alone onto a second line ("…工作统计" / "报表").

The title keeps the paper's 2号 while it fits the line; a longer one shrinks to fit, down to 三号; one
longer still keeps 2号 and breaks after the unit's name, so what the document is stays whole on a line.

Imported only from inside a report's write function, so ReportLab loads when a PDF is written.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from desktop.reports.case_paper import Paper

LEAST_SIZE = 16.0  # points, 三号: smaller than this, a title no longer reads as one


class FittedTitle(Flowable):
    """``title`` in ``paper``'s title style, fitted to the width it is given (see the module); ``lead`` is
    the part it starts with that a title too long to shrink ends its first line with."""

    def __init__(self, paper: Paper, title: str, lead: str) -> None:
        super().__init__()
        self.paper, self.title, self.lead = paper, title, lead
        self.style = paper.styles["title"]
        self.spaceBefore, self.spaceAfter = self.style.spaceBefore, self.style.spaceAfter
        self.paragraph: Paragraph | None = None

    def _made(self, width: float) -> Paragraph:
        size = self.style.fontSize
        needed = stringWidth(self.title, self.paper.font, size)
        if needed <= width:
            return self.paper.text(self.title, "title")
        fitted = math.floor(2 * size * width / needed) / 2  # half points, under the width by rounding down
        if fitted >= LEAST_SIZE:
            scale = fitted / size
            return Paragraph(escape(self.title), ParagraphStyle("title_fitted", self.style, fontSize=fitted,
                                                                leading=self.style.leading * scale))
        rest = self.title[len(self.lead):].strip() if self.title.startswith(self.lead) else ""
        return self.paper.text(f"{self.lead}\n{rest}" if self.lead and rest else self.title, "title")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's names)
        self.paragraph = self._made(availWidth)
        self.width, self.height = self.paragraph.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        assert self.paragraph is not None  # wrapped before drawn
        self.paragraph.drawOn(self.canv, 0, 0)
