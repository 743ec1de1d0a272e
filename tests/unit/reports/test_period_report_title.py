"""The 统计报表's title with a long station name: on one line at 2号 while it fits, shrunk to fit down to 三号,
and past that broken after the station's name, never leaving the end of 工作统计报表 alone on a line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.i18n import set_locale
from desktop.reports.period_report import write_period_report
from project_paper_testing import rows_of, words_of
from test_period_report import stats

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

REPORT = "工作统计报表"


def _title_lines(tmp_path: Path, station: str) -> tuple[list[str], float]:
    """The lines above the period (统计期间…), squeezed, and the height of the first one's words in points."""
    set_locale("zh_CN")
    pdf = write_period_report(tmp_path / "stats.pdf", stats(), None, station)
    rows = rows_of(pdf)
    period = next(n for n, row in enumerate(rows) if row.startswith("统计期间"))
    first = next(w for w in words_of(pdf, 1) if w.text.startswith(station[:4]))
    return rows[:period], first.bottom - first.top


def test_a_short_title_keeps_its_size(tmp_path: Path) -> None:
    lines, height = _title_lines(tmp_path, "青山镇社会工作服务站")
    assert lines == ["青山镇社会工作服务站" + REPORT]
    assert height == pytest.approx(22, abs=1.5)  # 2号


def test_a_long_title_shrinks_to_stay_on_one_line(tmp_path: Path) -> None:
    station = "石门镇社会工作服务站（青山县石门镇）"  # at 2号 "报表" went onto a line of its own
    lines, height = _title_lines(tmp_path, station)
    assert lines == [station + REPORT]
    assert 16 <= height < 21


def test_a_title_too_long_to_shrink_breaks_after_the_station(tmp_path: Path) -> None:
    station = "重庆市綦江区石门镇人民政府社会工作服务站（綦江区石门镇）"
    lines, height = _title_lines(tmp_path, station)
    assert "".join(lines[:-1]) == station and lines[-1] == REPORT
    assert height == pytest.approx(22, abs=1.5)
