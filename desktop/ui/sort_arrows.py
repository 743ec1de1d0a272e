"""Sort arrows that point the way the list runs: ▼ over a list sorted from the highest (newest number
first), ▲ over one sorted from the lowest. Qt draws the reverse in its Fusion style (a descending order
as SortUp), which reads as "oldest first" over a list showing the newest at the top."""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

_FLIPPED = {QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
            QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp}


class _ArrowsWithOrder(QProxyStyle):
    """The application's style (no base given: it follows the application's), the header arrow turned."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            turned = QStyleOptionHeader(option)
            turned.sortIndicator = _FLIPPED.get(option.sortIndicator, option.sortIndicator)
            option = turned
        super().drawPrimitive(element, option, painter, widget)


def arrows_follow_order(header: QHeaderView) -> None:
    """Draw ``header``'s sort arrow pointing the way its list is sorted."""
    style = _ArrowsWithOrder()
    style.setParent(header)  # kept as long as the header
    header.setStyle(style)
