"""A small bar chart drawn with QPainter: one bar a month (quarter, year), its figure over it. QtCharts is not
part of the PySide6 wheels the app ships with, and a chart of a few dozen bars needs nothing more.

No text overlaps or is cut: the captions under the bars are written every second (third…) bar when they are
wider than a bar's slot, and the figures over the bars get a smaller font to fit their slot."""

from __future__ import annotations

from collections.abc import Sequence

from math import ceil

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.reports.charts import BAR

BAR_COLOR = QColor(BAR)  # the printed charts' colour
MARGIN = 8
GAP = 6  # pixels at least between two captions
LEAST_POINTS = 6.0  # the figures over the bars shrink to this at the smallest


class BarChart(QWidget):
    """``set_bars([(caption, value, shown), ...])``: bars scaled to the largest value, ``shown`` over each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, float, str]] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 120)

    def set_bars(self, bars: Sequence[tuple[str, float, str]], empty_text: str = "") -> None:
        self.bars, self.empty_text = list(bars), empty_text
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text)
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        top = max((value for _c, value, _s in self.bars), default=0)
        if not self.bars or top <= 0:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        line = self.fontMetrics().height()
        metrics = QFontMetricsF(self.font())
        captions = max(metrics.horizontalAdvance(c) for c, _v, _s in self.bars)
        # Room for the figures above and the captions below, and at the sides for half a caption wider than
        # its bar's slot, so the first and last stand whole under their bars.
        inset = max(0.0, captions / 2 - area.width() / len(self.bars) / 2)
        plot = area.adjusted(inset, line + 2, -inset, -(line + 4))
        slot = plot.width() / len(self.bars)
        width = min(slot * 0.7, 64)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        step = ceil((captions + GAP) / slot)
        figures = self.font()
        widest = max(metrics.horizontalAdvance(s) for _c, _v, s in self.bars)
        if widest > slot - 2:
            figures.setPointSizeF(max(LEAST_POINTS, figures.pointSizeF() * (slot - 2) / widest))
        for n, (caption, value, shown) in enumerate(self.bars):
            centre = plot.left() + slot * (n + 0.5)
            height = plot.height() * value / top if value > 0 else 0
            bar = QRectF(centre - width / 2, plot.bottom() - height, width, height)
            painter.fillRect(bar, BAR_COLOR)
            # Text rects as wide as the text (not the slot), so that nothing is clipped to a narrow slot.
            painter.setFont(figures)
            over = QRectF(centre - max(slot, widest) / 2, bar.top() - line - 2, max(slot, widest), line)
            painter.drawText(over, Qt.AlignmentFlag.AlignCenter, shown)
            painter.setFont(self.font())
            if n % step == 0:
                under = QRectF(centre - captions / 2, plot.bottom() + 4, captions, line)
                painter.drawText(under, Qt.AlignmentFlag.AlignCenter, caption)
