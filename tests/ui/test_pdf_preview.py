"""Our PDFs previewed page by page (rendered by PDFium only as the preview shows them), printed and
saved from inside the app; a PDF that cannot be previewed opens in the system's viewer."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSizeF
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from desktop.ui import pdf_preview
from desktop.ui.pdf_preview import PdfPages, PdfPreviewDialog, fitted, preview_pdf
from wushe_testing import shown

A4_WIDTH_POINTS = 595
RED_BLOCK = QRect(40, 42, 100, 100)  # from the top left of every page, in points


def pages_pdf(path: Path, pages: int) -> Path:
    """``pages`` A4 pages, each a red block at the top left (a wrong byte order would show it blue, an
    upside-down page at the bottom) over as many black bars as its number (shapes, not text: PDFium and
    poppler draw a font the PDF does not embed each in its own way)."""
    from reportlab.lib.pagesizes import A4 as REPORTLAB_A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=REPORTLAB_A4)
    height = REPORTLAB_A4[1]
    for page in range(pages):
        canvas.setFillColorRGB(1, 0, 0)
        canvas.rect(RED_BLOCK.x(), height - RED_BLOCK.bottom() - 1, RED_BLOCK.width(), RED_BLOCK.height(),
                    fill=1, stroke=0)
        canvas.setFillColorRGB(0, 0, 0)
        for bar in range(page + 1):
            canvas.rect(72 + bar * 60, 200, 30, 300, fill=1, stroke=0)
        canvas.showPage()
    canvas.save()
    return path


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def rasterized(pdf: Path, page: int, tmp_path: Path) -> QImage:
    """Page ``page`` (from 1) as poppler draws it, in grey at 20 dpi."""
    stem = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", "20", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(stem)], check=True)
    return QImage(str(stem) + ".pgm").convertToFormat(QImage.Format.Format_Grayscale8)


def differing_pixels(one: QImage, other: QImage) -> int:
    """Pixels inked on one page and bare on the other (not edges that two renderers smooth differently)."""
    assert one.size() == other.size()
    return sum(abs(a - b) > 160 for a, b in zip(grey_bytes(one), grey_bytes(other), strict=True))


def grey_bytes(image: QImage) -> bytes:
    rows = bytes(image.constBits())
    return b"".join(rows[y * image.bytesPerLine():y * image.bytesPerLine() + image.width()]
                    for y in range(image.height()))


@pytest.fixture
def renders(monkeypatch) -> list[tuple[int, int]]:
    """Every page PDFium renders, as (page from 0, width in pixels)."""
    seen: list[tuple[int, int]] = []
    render = PdfPages.render

    def spy(pages: PdfPages, page: int, width: int) -> QImage:
        seen.append((page, width))
        return render(pages, page, width)

    monkeypatch.setattr(PdfPages, "render", spy)
    return seen


def test_a_page_fits_other_paper_keeping_its_proportions() -> None:
    page = QSizeF(210, 297)  # A4 in millimetres
    assert fitted(page, QRect(0, 0, 2100, 2970)) == QRect(0, 0, 2100, 2970)  # the same paper, 10 px/mm
    assert fitted(page, QRect(10, 20, 3000, 2970)) == QRect(10 + 450, 20, 2100, 2970)  # wider: centred across
    assert fitted(page, QRect(0, 0, 2100, 3300)) == QRect(0, 165, 2100, 2970)  # taller (legal): centred down


def test_a_page_renders_upright_in_its_own_colours(tmp_path) -> None:
    image = PdfPages(pages_pdf(tmp_path / "one.pdf", 1)).render(0, A4_WIDTH_POINTS)  # 1 pixel a point
    assert image.width() == A4_WIDTH_POINTS and image.height() == 842
    assert image.pixelColor(RED_BLOCK.center()) == QColor(255, 0, 0)
    assert image.pixelColor(RED_BLOCK.center().x(), 842 - RED_BLOCK.center().y()) == QColor(255, 255, 255)


def test_the_preview_shows_every_page_of_the_pdf(qtbot, tmp_path) -> None:
    dialog = PdfPreviewDialog(pages_pdf(tmp_path / "three.pdf", 3), "Three pages")
    qtbot.addWidget(dialog)
    dialog.preview.updatePreview()
    assert dialog.preview.pageCount() == page_count(dialog.path) == 3
    assert dialog.windowTitle() == "Three pages"


def test_the_preview_renders_only_the_pages_it_shows_at_the_size_shown(qtbot, tmp_path, renders) -> None:
    dialog = PdfPreviewDialog(pages_pdf(tmp_path / "long.pdf", 15), "A long record")
    dialog.preview.updatePreview()
    assert dialog.preview.pageCount() == 15 and renders == []  # nothing rendered up front
    shown(qtbot, dialog, (900, 960))
    dialog.preview.fitToWidth()
    qtbot.waitUntil(lambda: bool(renders))
    screen = dialog.preview.grab().toImage()
    ratio = dialog.devicePixelRatioF()
    assert {page for page, _width in renders} <= {0, 1}  # the first page, and the top of the next
    assert all(width <= dialog.preview.width() * ratio for _page, width in renders)
    spots = [(y, screen.pixelColor(x, y).name())
             for x in range(0, screen.width(), 4) for y in range(0, screen.height(), 4)]
    red = [y for y, colour in spots if colour == "#ff0000"]
    assert red and max(red) < screen.height() / 3  # page 1's red block, at the top of the page shown
    assert all(colour != "#0000ff" for _y, colour in spots)  # not blue


def test_rendered_pages_are_kept_within_a_budget(tmp_path, renders, monkeypatch) -> None:
    pages = PdfPages(pages_pdf(tmp_path / "two.pdf", 2))
    monkeypatch.setattr(pdf_preview, "KEPT_BYTES", pages.render(0, 100).sizeInBytes())  # room for one
    renders.clear()
    pages.kept(0, 100)
    pages.kept(0, 100)
    pages.kept(1, 100)
    pages.kept(0, 100)
    assert renders == [(0, 100), (1, 100), (0, 100)]  # kept while it fit, rendered again once evicted


def test_printing_sends_every_page_to_the_printer_at_most_at_300_dpi(qtbot, tmp_path, renders) -> None:
    source = pages_pdf(tmp_path / "two.pdf", 2)
    dialog = PdfPreviewDialog(source, "Two pages")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1200 dpi
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer whose paper is a file
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    dialog.paint_pages(printer)
    assert page_count(printed) == 2
    assert renders == [(0, 2480), (1, 2480)]  # A4 at 300 dpi, one page at a time
    # The printed pages are pictures of the PDF's (no text to compare): page 1 looks like page 1.
    first = rasterized(printed, 1, tmp_path)
    assert differing_pixels(first, rasterized(source, 1, tmp_path)) * 20 < differing_pixels(
        first, rasterized(source, 2, tmp_path))


def test_save_a_copy_writes_the_same_file(qtbot, tmp_path, monkeypatch) -> None:
    source = pages_pdf(tmp_path / "source.pdf", 1)
    dialog = PdfPreviewDialog(source, "One page")
    qtbot.addWidget(dialog)
    target = tmp_path / "kept" / "copy"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    dialog.save_action.trigger()
    assert (tmp_path / "kept" / "copy.pdf").read_bytes() == source.read_bytes()


def test_a_pdf_that_cannot_be_read_opens_in_the_system_viewer(tmp_path, monkeypatch, qapp) -> None:
    opened: list[str] = []
    monkeypatch.setattr(pdf_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(pages_pdf(tmp_path / "one.pdf", 1).read_bytes()[:200])  # cut short
    preview_pdf(broken, "Broken", None)
    assert opened == [str(broken)]
