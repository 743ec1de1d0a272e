"""The printed chart of a long period (issue 9's trial: "2年月月5月…" and "465" cut to "l65"): quarters or
years under the bars, no two labels overlapping, and every figure over its bar in full."""

from __future__ import annotations

import shutil
from dataclasses import replace
from math import radians, sin
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.i18n import format_number, set_locale
from desktop.reports.charts import LABEL_SIZE, SLANT, bar_chart
from desktop.reports.period_report import write_period_report
from desktop.reports.project_paper import ProjectPaper
from desktop.services.activity_stats import QUARTER, MonthStats, month_text
from project_paper_testing import text_of
from test_period_report import STATION, _values, stats


def _chart(labels: list[str], values: list[int]):  # noqa: ANN202 (ReportLab's chart)
    drawing = bar_chart(ProjectPaper(), labels, labels, values)
    return drawing.contents[0]


@pytest.mark.parametrize("bars", [20, 32, 60])
def test_no_label_overlaps_and_no_figure_is_cut(bars: int) -> None:
    set_locale("zh_CN")
    labels = [f"{2000 + n // 4}年第{n % 4 + 1}季度" for n in range(bars)]
    values = [1465 + 1000 * n for n in range(bars)]
    chart = _chart(labels, values)
    slot = chart.width / bars
    written = [n for n, name in enumerate(chart.categoryAxis.categoryNames) if name]
    step = written[1] - written[0]
    # Slanted labels are parallel lines step × slot × sin(SLANT) apart: more than a line.
    assert chart.categoryAxis.labels.angle == SLANT and step * slot * sin(radians(SLANT)) > LABEL_SIZE
    assert written == list(range(0, bars, step))
    font, size = chart.barLabels.fontName, chart.barLabels.fontSize
    widest = max(stringWidth(format_number(v), font, size) for v in values)
    # Each figure fits over its own bar, or stands on end there, a line wide.
    assert widest <= slot - 1 + 1e-6 or (chart.barLabels.angle == 90 and size <= slot - 1)


def test_a_short_period_keeps_its_upright_month_labels() -> None:
    chart = _chart(["1月", "2月", "3月"], [465, 12, 0])
    assert chart.categoryAxis.labels.angle == 0 and chart.categoryAxis.categoryNames == ["1月", "2月", "3月"]
    assert chart.barLabels.fontSize == LABEL_SIZE and chart.barLabels.angle == 0


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_report_of_five_years_is_by_quarter(tmp_path: Path) -> None:
    quarters = tuple(MonthStats(f"{2022 + n // 4}-{n % 4 * 3 + 1:02d}", _values({"person_times_served": 465 + n}))
                     for n in range(20))
    long = replace(stats(), start=stats().start.replace(year=2022, month=1), by_month=quarters, bucket=QUARTER)
    text = text_of(write_period_report(tmp_path / "stats.pdf", long, None, STATION))
    assert "3. By quarter" in text and "Person-times served by quarter" in text
    assert month_text("2022-01", QUARTER) in text and "Q4 2026" in text
    assert all(format_number(465 + n) in text for n in range(20))
