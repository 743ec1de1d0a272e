"""The bundled CJK font for PDFs: TrueType outlines, embedded as a subset, text extractable.

WenQuanYi Micro Hei (Apache-2.0) ships as a TrueType collection; ReportLab reads face 0 of it.
The same file is registered with Qt by ``desktop.ui.fonts``, so screen and paper match.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.paths import resources_dir

FONT_FILE = "wqy-microhei.ttc"
BODY_FONT = "WenQuanYiMicroHei"


def font_path() -> str:
    return str(resources_dir() / "fonts" / FONT_FILE)


@cache
def register_fonts() -> str:
    """Register the body font once per process; returns its ReportLab name."""
    pdfmetrics.registerFont(TTFont(BODY_FONT, font_path(), subfontIndex=0))
    # One face only: bold and italic map to it, so <b> in a Paragraph never falls back to Helvetica.
    pdfmetrics.registerFontFamily(BODY_FONT, normal=BODY_FONT, bold=BODY_FONT, italic=BODY_FONT,
                                  boldItalic=BODY_FONT)
    return BODY_FONT
