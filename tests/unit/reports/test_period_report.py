"""The work statistics report (工作统计报表) as PDF and .xlsx, from figures made by hand: the title with the
station and the period, every figure with its unit and how it is counted, the tables by community and
by month with the period's totals, the chart of person-times by month, the indicators when a profile is
given, and the lines to sign and seal; the bundled face embedded, A4, "Page N of M" on every page. The
workbook is read back with python-calamine."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.i18n import set_locale
from desktop.reports.period_report import write_period_report
from desktop.services.activity_stats import KEYS, CommunityStats, Figure, MonthStats, PeriodStats
from desktop.services.indicators import CommunityFigure, Explanation, IndicatorReport, IndicatorResult
from desktop.services.period_workbook import SHEETS, write_period_workbook
from desktop.services.spreadsheet import read_sheet, sheet_names
from project_paper_testing import footers, pdf_info, rows_of, text_of
from wushe_testing import unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

STATION = "青山镇社会工作服务站"
# March and April, by community A (青山社区) and B (石桥村); totals are the two months' sums except people.
MARCH = {"people_visited": 120, "person_times_served": 900, "volunteer_hours": 90, "money_raised_fen": 100_000}
APRIL = {"people_visited": 200, "person_times_served": 858, "volunteer_hours": 75, "money_raised_fen": 25_050}
TOTALS = {"people_visited": 300, "person_times_served": 1_758, "volunteer_hours": 165, "money_raised_fen": 125_050,
          "needs_collected": 394, "person_times_trained": 374}


def _values(given: dict[str, int]) -> dict[str, int]:
    return {k.key: given.get(k.key, 0) for k in KEYS}


def stats() -> PeriodStats:
    figures = tuple(Figure(k.key, k.label, TOTALS.get(k.key, 0), k.unit, k.note) for k in KEYS)
    return PeriodStats(date(2026, 3, 1), date(2026, 4, 30), date(2026, 5, 10), figures,
                       (CommunityStats("a", "青山社区", _values(MARCH)), CommunityStats("b", "石桥村", _values(APRIL))),
                       (MonthStats("2026-03", _values(MARCH)), MonthStats("2026-04", _values(APRIL))))


def indicators() -> IndicatorReport:
    result = IndicatorResult(
        "volunteers_share", "Registered volunteers as a share of the resident population", "percent", "%",
        Decimal("12.5"), ">=", Decimal("22"), date(2025, 12, 31), "", False,
        (CommunityFigure("b", "石桥村", Decimal("4")),), (), Explanation("a / b", (), date(2026, 5, 10)))
    return IndicatorReport("hubei-2021", "Hubei 2021", "鄂民政发〔2021〕47号", date(2026, 5, 10), (result,))


def test_the_report_in_english(tmp_path: Path) -> None:
    pdf = write_period_report(tmp_path / "stats.pdf", stats(), indicators(), STATION)
    info = pdf_info(pdf)
    assert info["Title"] == f"{STATION} Work Statistics Report (March 1, 2026 – April 30, 2026)"
    assert info["Page size"].startswith("595.") and "A4" in info["Page size"]
    assert unembedded_fonts(pdf) == []
    pages = int(info["Pages"])
    assert footers(pdf) == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    text = text_of(pdf)
    for fact in (f"{STATION} Work Statistics Report", "Period: March 1, 2026 to April 30, 2026",
                 "Figures as of May 10, 2026", "1. Main figures", "2. By village or community", "3. By month",
                 "Person-times served by month", "4. Indicators against the policy's targets", "Hubei 2021",
                 "Prepared by", "Checked by", "Station head", "Seal of the station", "Whole period"):
        assert fact in text, fact
    rows = rows_of(pdf)
    # A figure, its value as the unit shows it, its measure word; hours from minutes, yuan from fen.
    for row in ("Peoplevisitedathome300people", "Needscollected394needs", "Person-timesserved1,758person-times",
                "Person-timestrained374person-times", "Volunteerservicetime2.75hours", "Moneyraised1,250.50yuan",
                "青山社区120", "石桥村200", "Mar2026120", "Apr2026200", "Wholeperiod300"):
        assert any(r.startswith(row) for r in rows), row
    # The name wraps at words; the value and the target's bound and unit each on one line, its date under them.
    assert any(r.startswith("Registeredvolunteersasashareofthe12.5%≥22%no石桥村") for r in rows)
    assert "≥ 22 %" in text and "石桥村" in text


def test_the_report_in_chinese_without_indicators(tmp_path: Path) -> None:
    set_locale("zh_CN")
    pdf = write_period_report(tmp_path / "stats.pdf", stats(), None, STATION)
    title = pdf_info(pdf)["Title"]
    assert title.startswith(STATION) and "2026年3月1日" in title and "2026年4月30日" in title
    assert unembedded_fonts(pdf) == []
    text = text_of(pdf)
    assert "2026年3月" in text and "2026年4月" in text and "1,758" in text
    assert "Indicators against" not in text and "指标" not in text


HEADING = 4  # rows over each sheet's table: the station, the period, 数据截至, an empty row


def table(out: Path, sheet: str) -> list[list[object]]:
    return read_sheet(out, sheet).rows[HEADING:]


def test_the_workbook_read_back(tmp_path: Path) -> None:
    out = write_period_workbook(tmp_path / "stats.xlsx", stats(), indicators(), STATION)
    # Every sheet says whose report it is and for which period, in the PDF's words (a county gathers ten).
    for sheet in SHEETS:
        assert [row[0] for row in read_sheet(out, sheet).rows[:HEADING]] == [
            f"{STATION} Work Statistics Report", "Period: March 1, 2026 to April 30, 2026",
            "Figures as of May 10, 2026", ""], sheet
    summary = table(out, SHEETS[0])
    assert summary[0] == ["Statistic", "Figure", "Unit", "How it is counted"]
    by_label = {row[0]: row[1:] for row in summary[1:]}
    assert by_label["People visited at home"][:2] == [300, "people"]
    assert by_label["Volunteer service time"][:2] == [2.75, "hours"]
    assert by_label["Money raised"][:2] == [1250.5, "yuan"]
    places = table(out, SHEETS[1])
    assert places[0][:2] == ["Village or community", "People visited at home (people)"]
    assert [row[0] for row in places[1:]] == ["青山社区", "石桥村", "Whole period"]
    assert [row[1] for row in places[1:]] == [120, 200, 300]
    months = table(out, SHEETS[2])
    assert [row[0] for row in months[1:]] == ["Mar 2026", "Apr 2026", "Whole period"]
    hours = months[0].index("Volunteer service time (hours)")
    assert [row[hours] for row in months[1:]] == [1.5, 1.25, 2.75]
    targets = table(out, SHEETS[3])
    assert targets[1][:4] == ["Registered volunteers as a share of the resident population", 12.5, "%", "≥ 22"]
    assert targets[1][5:] == ["no", "石桥村"]


def test_no_indicator_sheet_without_a_profile(tmp_path: Path) -> None:
    out = write_period_workbook(tmp_path / "stats.xlsx", stats(), None, STATION)
    assert sheet_names(out) == list(SHEETS[:3])


def test_a_county_profile_is_named_as_the_county_s(tmp_path: Path) -> None:
    county = replace(indicators(), profile_name="County 2026", from_county=True)
    text = text_of(write_period_report(tmp_path / "stats.pdf", stats(), county, STATION))
    assert "County 2026 (from the county): 鄂民政发〔2021〕47号" in " ".join(text.split())
    summary = table(write_period_workbook(tmp_path / "stats.xlsx", stats(), county, STATION), SHEETS[0])
    assert ["Policy profile", "County 2026 (from the county)", "鄂民政发〔2021〕47号", ""] in summary
