"""The work statistics report as a workbook (工作统计报表.xlsx): sheets 汇总 (the figures with their units and
how each is counted), 分村社区 and 分月 (a column a figure; 分月 with a native chart of person-times served by
month under it, as the printed report has; by quarter or year over a long period, as ``bucket_of`` says), and
指标 (the indicators against a policy's targets, when a profile is given). Every sheet opens with the
printed report's heading (station, period, 数据截至), so a sheet copied out of the book still says whose it is. Counts are whole numbers, hours and yuan numbers with two places, so the county office can
add stations' sheets up; dates and months are written as the rest of the app writes them in this language."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop.domain.money import from_fen
from desktop.i18n import _, format_date
from desktop.services.activity_stats import (
    CHARTED, FEN, MINUTES, PeriodStats, bucket_heading, chart_title, measure, month_text,
)
from desktop.services.indicator_texts import bound_text, deadline_heading, met_text, profile_title, short_heading
from desktop.services.indicators import IndicatorReport
from desktop.services.period_heading import heading_lines
from desktop.services.spreadsheet import ColumnChart, SheetData, Value, write_workbook

SHEETS = ("汇总", "分村社区", "分月", "指标")  # the names the county's templates use, in every language


def write_period_workbook(path: Path, stats: PeriodStats, indicators: IndicatorReport | None, station: str) -> Path:
    """``station``: the station as the heading names it (``period_heading.station_heading``)."""
    heading = heading_lines(stats, station)
    units = {f.key: f.unit for f in stats.figures}
    keys = [f.key for f in stats.figures]
    headers = [_("{label} ({unit})").format(label=f.label, unit=measure(f.key)) for f in stats.figures]

    def cells(values: dict[str, int]) -> list[Value]:
        return [_cell(units[k], values[k]) for k in keys]

    totals = {f.key: f.value for f in stats.figures}
    summary: list[list[Value]] = [[f.label, _cell(f.unit, f.value), measure(f.key), f.note] for f in stats.figures]
    if indicators is not None:
        summary.append([_("Policy profile"), profile_title(indicators.profile_name, indicators.from_county),
                        indicators.source, ""])
    months = [month_text(m.month, stats.bucket) for m in stats.by_month]
    charted = ColumnChart(chart_title(stats.bucket), keys.index(CHARTED) + 1, months,
                          [m.values[CHARTED] for m in stats.by_month], bucket_heading(stats.bucket), _("Person-times"))
    sheets = [
        SheetData(SHEETS[0], [_("Statistic"), _("Figure"), _("Unit"), _("How it is counted")], summary,
                  heading=heading),
        SheetData(SHEETS[1], [_("Village or community"), *headers],
                  [*([c.name, *cells(c.values)] for c in stats.by_community), [_("Whole period"), *cells(totals)]],
                  heading=heading),
        SheetData(SHEETS[2], [bucket_heading(stats.bucket), *headers],
                  [*([month, *cells(m.values)] for month, m in zip(months, stats.by_month, strict=True)),
                   [_("Whole period"), *cells(totals)]], charted, heading),
    ]
    if indicators is not None:
        sheets.append(SheetData(SHEETS[3], [_("Indicator"), _("Value"), _("Unit"), _("Target"), deadline_heading(),
                                            _("Met"), short_heading()], [
            [r.label, r.value, r.unit_label, bound_text(r),
             format_date(r.target_by) if r.target_by else "", met_text(r.met, r.applies),
             _(", ").join(c.name for c in r.falling_short)] for r in indicators.results], heading=heading))
    write_workbook(path, sheets)
    return path


def _cell(unit: str, value: int) -> Value:
    """Minutes as hours and fen as yuan (Decimals, written with two places); the rest as they are."""
    if unit == MINUTES:
        return (Decimal(value) / 60).quantize(Decimal("0.01"))
    if unit == FEN:
        return from_fen(value)
    return value
