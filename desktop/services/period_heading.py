"""The words at the head of the 统计报表, the same on the PDF's first page and over every sheet of the
workbook, so that a county gathering ten stations' reports can tell whose and which period each is."""

from __future__ import annotations

from desktop.i18n import _, format_date
from desktop.services.activity_stats import PeriodStats, period_text
from desktop.services.station import StationProfile


def station_heading(station: StationProfile) -> str:
    """The station's name, with the county and township it is in where they are recorded and its name does
    not already say them: 青山镇社会工作服务站（綦江区 青山镇）."""
    where = [part for part in (station.county, station.township) if part and part not in station.name]
    return _("{station} ({where})").format(station=station.name, where=" ".join(where)) if where else station.name


def heading_lines(stats: PeriodStats, station: str) -> tuple[str, str, str]:
    """The title, the period, and the day the figures were read (数据截至)."""
    return (_("{station} Work Statistics Report").format(station=station),
            _("Period: {period}").format(period=period_text(stats.start, stats.end)),
            _("Figures as of {date}").format(date=format_date(stats.as_of, "long")))
