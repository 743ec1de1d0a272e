"""The bundled font embeds as a subset and keeps Chinese text extractable (pdffonts, pdftotext)."""

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from desktop.reports.fonts import register_fonts
from desktop.reports.recovery_sheet import RecoverySheet, write_recovery_sheet
from wushe_testing import unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is not installed")


def test_chinese_text_is_embedded_and_extractable(tmp_path: Path) -> None:
    font = register_fonts()
    pdf = tmp_path / "sample.pdf"
    style = ParagraphStyle("body", fontName=font, fontSize=12, leading=18)
    text = "五社联动工作台：壹仟肆佰零玖元伍角"
    SimpleDocTemplate(str(pdf), pagesize=A4, initialFontName=font).build([Paragraph(text, style), Paragraph("<b>青山社区</b>", style)])

    assert unembedded_fonts(pdf) == []
    extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text in extracted and "青山社区" in extracted


def test_the_recovery_sheet_names_no_font_it_does_not_embed(tmp_path: Path) -> None:
    sheet = RecoverySheet("青山镇社会工作服务站", "0190a1b2-0000-7000-8000-000000000001",
                          "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789", datetime(2026, 11, 22, 9, 30, tzinfo=UTC))
    pdf = write_recovery_sheet(sheet, tmp_path / "recovery.pdf")
    assert unembedded_fonts(pdf) == []
