"""Page furniture shared by reports: "第 N 页 共 M 页" footers, which need the page count at the end.

Imported only from inside a report's write function, so ReportLab loads when a PDF is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from desktop.i18n import _

FooterDrawer = Callable[[Canvas, int, int], None]


def page_of_pages(page: int, pages: int) -> str:
    return _("Page {page} of {pages}").format(page=page, pages=pages)


def counting_canvas(draw: FooterDrawer) -> type[Canvas]:
    """A canvas class for ``doc.build(canvasmaker=…)`` that holds every page until the document is
    complete, then calls ``draw(canvas, page, pages)`` on each before writing it."""

    class CountingCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw(self, number, len(self._pages))
                super().showPage()
            super().save()

    return CountingCanvas
