"""The bundled font embeds as a subset and keeps Chinese text extractable (pdffonts, pdftotext)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from desktop.reports.fonts import register_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is not installed")


def test_chinese_text_is_embedded_and_extractable(tmp_path: Path) -> None:
    font = register_fonts()
    pdf = tmp_path / "sample.pdf"
    style = ParagraphStyle("body", fontName=font, fontSize=12, leading=18)
    text = "五社联动工作台：壹仟肆佰零玖元伍角"
    SimpleDocTemplate(str(pdf), pagesize=A4, initialFontName=font).build([Paragraph(text, style), Paragraph("<b>青山社区</b>", style)])

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows, fonts
    for row in rows:
        name, embedded, subset = row[0], row[-5], row[-4]
        assert "+" in name and embedded == "yes" and subset == "yes", fonts
    extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text in extracted and "青山社区" in extracted
