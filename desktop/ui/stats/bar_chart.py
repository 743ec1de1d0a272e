"""A small bar chart drawn with QPainter: one bar a month, its figure over it. QtCharts is not part of the
PySide6 wheels the app ships with, and a chart of a dozen bars needs nothing more."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.reports.charts import BAR

BAR_COLOR = QColor(BAR)  # the printed charts' colour
MARGIN = 8


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
        plot = area.adjusted(0, line + 2, 0, -(line + 4))  # room for the figures above and the captions below
        slot = plot.width() / len(self.bars)
        width = min(slot * 0.7, 64)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for n, (caption, value, shown) in enumerate(self.bars):
            centre = plot.left() + slot * (n + 0.5)
            height = plot.height() * value / top if value > 0 else 0
            bar = QRectF(centre - width / 2, plot.bottom() - height, width, height)
            painter.fillRect(bar, BAR_COLOR)
            over = QRectF(centre - slot / 2, bar.top() - line - 2, slot, line)
            under = QRectF(centre - slot / 2, plot.bottom() + 4, slot, line)
            painter.drawText(over, Qt.AlignmentFlag.AlignCenter, shown)
            painter.drawText(under, Qt.AlignmentFlag.AlignCenter, caption)
