"""Preview, save and print a PDF the app wrote, from inside the app (DESIGN.md §5 "Printing").

Qt's print preview shows our own PDF's pages, rendered by PDFium (pypdfium2), so what is previewed,
what is printed and the file saved are the same pages. Pages are rendered only when needed: on
screen when the preview paints one, at the size it is shown; on paper one at a time, at the printer's
resolution. A PDF that PDFium cannot open goes to the system's viewer instead. A paper whose printing
counts (a fund's statement or notice closes its period) is told when it is printed or a copy saved
(``issued``); previewing alone tells nothing.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QImage, QPageLayout, QPageSize, QPainter, QPaintEngine
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (QFileDialog, QGraphicsItem, QGraphicsView, QStyleOptionGraphicsItem, QToolBar,
                               QWidget)

from desktop.errors import WusheError
from desktop.i18n import _
from desktop.ui.tasks import show_error

MAX_DPI = 300  # sharp text on paper; a page at a 1200-dpi printer's own resolution would take 500 MB
POINTS_PER_INCH = 72
# Rendered pages kept for repainting as the preview scrolls: every page small, or three at the largest
# (an A4 page at MAX_DPI takes 35 MB).
KEPT_BYTES = 128 * 1024 * 1024


def can_preview() -> bool:
    """Whether PDFium is installed; checked without importing it, which only a preview needs."""
    return importlib.util.find_spec("pypdfium2") is not None


def fitted(page: QSizeF, area: QRect) -> QRect:
    """The largest rectangle of ``page``'s proportions centred in ``area`` (other paper than the PDF's)."""
    scale = min(area.width() / page.width(), area.height() / page.height())
    width, height = round(page.width() * scale), round(page.height() * scale)
    return QRect(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2, width, height)


class PdfPages:
    """A PDF's pages, rendered by PDFium into images when asked."""

    def __init__(self, path: Path) -> None:
        import pypdfium2  # here, not at start-up: only a preview needs PDFium

        try:  # from bytes, so no file stays open (and locked, on Windows) while the preview is up
            self._pdf = pypdfium2.PdfDocument(path.read_bytes())
        except (OSError, pypdfium2.PdfiumError) as exc:
            raise WusheError(_("Could not read {file}.").format(file=path.name)) from exc
        self.sizes = [QSizeF(*self._pdf.get_page_size(page)) for page in range(len(self._pdf))]  # in points
        self._kept: OrderedDict[tuple[int, int], QImage] = OrderedDict()

    def render(self, page: int, width: int) -> QImage:
        """Page ``page`` (from 0), ``width`` pixels wide."""
        # RGB in byte order is QImage's RGB888 whatever the machine's endianness (PDFium's default is BGR).
        bitmap = self._pdf[page].render(scale=width / self.sizes[page].width(), rev_byteorder=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
        return image.convertToFormat(QImage.Format.Format_RGB32)  # a copy that outlives the bitmap; fast to paint

    def kept(self, page: int, width: int) -> QImage:
        """``render(page, width)``, kept for the next paint while the images kept fit in ``KEPT_BYTES``."""
        key = (page, width)
        image = self._kept.pop(key, None)
        if image is None:
            image = self.render(page, width)
        self._kept[key] = image  # the newest, evicted last
        while len(self._kept) > 1 and sum(kept.sizeInBytes() for kept in self._kept.values()) > KEPT_BYTES:
            self._kept.popitem(last=False)
        return image

    def close(self) -> None:
        self._kept.clear()
        self._pdf.close()


class PreviewPage(QGraphicsItem):
    """A PDF page drawn over one of the preview's paper sheets, rendered at the size it is shown when
    painted (the preview records blank sheets: recording every page as an image would render them all
    up front and hold them all)."""

    def __init__(self, pages: PdfPages, page: int, paper: QRect, sheet: QGraphicsItem) -> None:
        super().__init__(sheet)
        self._pages, self._page = pages, page
        self._area = QRectF(fitted(pages.sizes[page], paper))  # where paint_pages puts it on paper

    def boundingRect(self) -> QRectF:
        return self._area

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        shown = painter.worldTransform().mapRect(self._area).width() * painter.device().devicePixelRatioF()
        largest = self._pages.sizes[self._page].width() * MAX_DPI / POINTS_PER_INCH  # zoomed far in
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self._area, self._pages.kept(self._page, max(1, round(min(shown, largest)))))


class PdfPreviewDialog(QPrintPreviewDialog):
    """The PDF at ``path`` in Qt's print preview (zoom, page setup, Print…), with "Save a copy…";
    shown once (its PDF is closed when it is done)."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None,
                 issued: Callable[[Path], object] | None = None) -> None:
        pages = PdfPages(path)  # before the dialog exists: a PDF that cannot be read makes none
        self.issued = issued  # told the PDF once it is printed, or a copy of it saved
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # outlives the dialog's use of it
        super().__init__(self._printer, parent)
        self.path = path
        self.pages = pages
        self._printer.setDocName(title)
        if pages.sizes:
            self._printer.setPageLayout(QPageLayout(
                QPageSize(pages.sizes[0], QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch),
                QPageLayout.Orientation.Portrait, QMarginsF()))
        self.setWindowTitle(title)
        self.paintRequested.connect(self.paint_pages)
        self.finished.connect(pages.close)
        self.preview.previewChanged.connect(self.show_pages)
        self.save_action = QAction(_("Save a copy…"), self)
        self.save_action.triggered.connect(self.save_copy)
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.save_action)
        self.resize(900, 960)

    @property
    def preview(self) -> QPrintPreviewWidget:
        widget = self.findChild(QPrintPreviewWidget)
        assert widget is not None
        return widget

    def paint_pages(self, printer: QPrinter) -> None:
        """Each page over the whole paper, as an image at the printer's resolution (at most ``MAX_DPI``);
        for the preview, blank sheets that ``show_pages`` covers."""
        dpi = min(printer.resolution(), MAX_DPI)
        printer.setFullPage(True)  # the PDF has its own margins
        painter = QPainter()
        if not painter.begin(printer):
            return
        try:
            previewing = painter.paintEngine().type() == QPaintEngine.Type.Picture  # Qt's preview records pictures
            for page, points in enumerate(self.pages.sizes):
                if page and not printer.newPage():
                    return
                if not previewing:
                    image = self.pages.render(page, round(points.width() * dpi / POINTS_PER_INCH))
                    painter.drawImage(fitted(points, painter.viewport()), image)
        finally:
            painter.end()
        if not previewing and self.issued is not None:
            self.issued(self.path)

    def show_pages(self) -> None:
        """Cover each of the preview's sheets with its page of the PDF, once: a new paper size or
        orientation makes new sheets, zooming and the view modes only move them."""
        view = self.preview.findChild(QGraphicsView)
        assert view is not None
        paper = self._printer.pageLayout().fullRectPixels(self._printer.resolution())
        # Qt's preview adds a sheet item per page, in page order. Not parentItem(): on one of our pages it
        # makes PySide's wrappers of the sheet and the page own each other, and Qt's sheet is then freed twice.
        items = view.scene().items(Qt.SortOrder.AscendingOrder)
        sheets = [item for item in items if not isinstance(item, PreviewPage)]
        for page, sheet in enumerate(sheets[:len(self.pages.sizes)]):
            if not any(isinstance(item, PreviewPage) for item in sheet.childItems()):
                PreviewPage(self.pages, page, paper, sheet)

    def save_copy(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(self, _("Save a copy"), self.path.name, _("PDF files (*.pdf)"))
        if not target:
            return
        destination = Path(target) if target.lower().endswith(".pdf") else Path(target + ".pdf")
        try:
            shutil.copyfile(self.path, destination)
        except OSError as exc:
            show_error(self, WusheError(_("Could not save {file}: {reason}").format(file=destination,
                                                                                   reason=exc.strerror or exc)))
            return
        if self.issued is not None:
            self.issued(destination)


def preview_pdf(path: Path, title: str, parent: QWidget | None,
                issued: Callable[[Path], object] | None = None) -> None:
    """Show the preview until the user closes it; a PDF that cannot be previewed opens in the system's viewer
    (where what is done with it is not known: ``issued`` is told nothing)."""
    try:
        dialog = PdfPreviewDialog(path, title, parent, issued) if can_preview() else None
    except WusheError:  # PDFium cannot open it: the system's viewer may, or says why not
        dialog = None
    if dialog is None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return
    dialog.exec()
    dialog.deleteLater()
