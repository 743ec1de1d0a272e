"""The chart of person-times by month that the papers print (the final report's 二、产出完成情况, the
statistics report's 三、by month, quarter or year), drawn with ReportLab's graphics, which are imported only
when a chart is drawn (the app starts without ReportLab).

However many bars, no two labels overlap: the labels under the bars stand upright while they fit, then
slant, and past that only every second (third…) is written; the figures over the bars get smaller to fit
their bar's width, and stand on end when even the smallest does not fit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.i18n import _, babel_locale, format_number
from desktop.services.project_papers import MonthLine

if TYPE_CHECKING:
    from desktop.reports.project_paper import ProjectPaper

MM = 72 / 25.4  # points per millimetre
CHART_HEIGHT = 66 * MM
CHART_LEAST = 40 * MM  # the chart shrinks to end a page down to this, rather than leave the page half empty
LABEL_SIZE = 8  # points: the chart's labels
LABEL_GAP = 4  # points at least between the month labels standing under the chart's bars
SLANT = 40  # degrees: the month labels of a long period
LEAST_VALUE_SIZE = 5.5  # points: the figures over narrow bars shrink to this, then stand on end
BAR = "#4a6fa5"  # a blue that prints as a mid grey
GRID = "#dddddd"


def _month(line: MonthLine, first: bool, upright: bool) -> str:
    """"3月", with the year on the first bar and on January: under the month where the labels stand upright
    ("1月\n2027年", so a label is no wider than its bar and the first keeps clear of the scale), before it
    where they slant ("2027年1月")."""
    from babel.dates import format_skeleton

    def shown(skeleton: str) -> str:
        return str(format_skeleton(skeleton, date(line.year, line.month, 1), locale=babel_locale()))

    if not (first or line.month == 1):
        return shown("MMM")
    return f"{shown('MMM')}\n{shown('y')}" if upright else shown("yMMM")


def month_chart(paper: ProjectPaper, months: Sequence[MonthLine], height: float = CHART_HEIGHT) -> Any:
    """A bar a month, its count over it, in the bundled face throughout (a label without a font would
    name Helvetica, which the PDF does not embed). The month labels stand upright under their bars while
    they fit there, and slant under a long period's narrow bars, with room below for them."""
    return bar_chart(paper, [_month(m, n == 0, upright=True) for n, m in enumerate(months)],
                     [_month(m, n == 0, upright=False) for n, m in enumerate(months)],
                     [m.person_times for m in months], height)


def bar_chart(paper: ProjectPaper, upright: Sequence[str], slanted: Sequence[str], values: Sequence[int],
              height: float = CHART_HEIGHT) -> Any:
    """A bar a value, labelled ``upright`` while those labels fit under their bars, else ``slanted``."""
    from math import ceil, cos, radians, sin

    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.reports.case_paper import TEXT_WIDTH

    def widest(names: list[str]) -> float:
        return max(stringWidth(part, paper.font, LABEL_SIZE) for name in names for part in name.splitlines())

    drawing = Drawing(TEXT_WIDTH, height, initialFontName=paper.font)
    chart = VerticalBarChart()
    chart.x, chart.width = 14 * MM, TEXT_WIDTH - 18 * MM
    axis = chart.categoryAxis
    axis.categoryNames = list(upright)
    axis.labels.fontName = paper.font
    axis.labels.fontSize = LABEL_SIZE
    axis.labels.dy = -2
    axis.labels.textAnchor = "middle"  # the year centred under its month
    slot = chart.width / max(len(values), 1)
    if widest(axis.categoryNames) + LABEL_GAP > slot:
        # Slanted labels are parallel lines slot × sin(SLANT) apart: closer than a line, every step-th is written.
        step = ceil((LABEL_SIZE + 1) / (slot * sin(radians(SLANT))))
        axis.categoryNames = [name if n % step == 0 else "" for n, name in enumerate(slanted)]
        axis.labels.angle, axis.labels.boxAnchor, axis.labels.textAnchor = SLANT, "ne", "end"
        drop = widest(axis.categoryNames) * sin(radians(SLANT)) + LABEL_SIZE * cos(radians(SLANT))
        chart.y = max(9 * MM, drop + 4)
    else:
        chart.y = 9 * MM
    chart.height = height - chart.y - 10 * MM
    chart.data = [values]
    chart.bars[0].fillColor = HexColor(BAR)
    chart.bars[0].strokeColor = None
    chart.barSpacing = 2
    chart.groupSpacing = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.rangeRound = "ceiling"  # the scale ends on a labelled tick above the tallest bar
    if not any(values):
        chart.valueAxis.valueMax = 10  # an empty chart still needs a scale
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = HexColor(GRID)
    chart.valueAxis.labels.fontName = paper.font
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.barLabelFormat = lambda value: format_number(value) if value else ""
    chart.barLabels.fontName = paper.font
    shown = max((stringWidth(format_number(v), paper.font, LABEL_SIZE) for v in values), default=0)
    size = min(LABEL_SIZE, LABEL_SIZE * (slot - 1) / shown) if shown else LABEL_SIZE
    if size < LEAST_VALUE_SIZE:  # on end over the bar, read from below, as narrow as a line
        size = LABEL_SIZE if slot - 1 >= LABEL_SIZE else LEAST_VALUE_SIZE
        chart.barLabels.angle, chart.barLabels.boxAnchor = 90, "w"
        chart.height -= shown * size / LABEL_SIZE  # the tallest bar's figure stays under the top
    chart.barLabels.fontSize = size
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(chart.x - 12 * MM, chart.y + chart.height + 4 * MM, _("Person-times"), fontName=paper.font,
                       fontSize=LABEL_SIZE))
    return drawing
