"""``wushe stats --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--out FILE.pdf|FILE.xlsx] [--profile ID]``: the
activity statistics of a period (工作统计), printed, as JSON, or as the 统计报表 in PDF or .xlsx; the
indicators against a policy profile's targets go into the file (and the JSON) too: the one named with
``--profile`` (the county's, where it sent one of that id), else the one chosen in 设置, if any."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.indicators import _row as indicator_row
from desktop.cli.output import print_json, print_table
from desktop.cli.reports import out_suffix, report_written, write_pdf
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.reports.period_report import write_period_report
from desktop.services import indicators
from desktop.services.activity_stats import (
    PeriodStats, check_period, figure_text, measure, period_stats, period_text,
)
from desktop.services.indicator_texts import profile_title, short_heading
from desktop.services.period_heading import heading_lines, station_heading
from desktop.services.period_workbook import write_period_workbook
from desktop.services.station import get_profile


def register(commands: Any) -> None:
    p = commands.add_parser("stats", help=_("the activity statistics of a period (工作统计报表)"))
    p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD", help=_("the first day of the period"))
    p.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD", help=_("the last day of the period"))
    p.add_argument("--out", type=Path, default=None, help=_("file to write: .pdf, or .xlsx for a workbook"))
    p.add_argument("--profile", default=None,
                   help=_("add the indicators against this policy profile (default: the one chosen in the "
                          "settings, if any): {ids}").format(
                       ids=", ".join(indicators.profile_ids())))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_stats, field_flags={"start": "--from", "end": "--to", "out": "--out",
                                                   "profile": "--profile"})


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field, _("Enter a date as YYYY-MM-DD, like 2026-01-31.")) from None


def cmd_stats(args: argparse.Namespace) -> int:
    start, end = _day(args.start, "start"), _day(args.end, "end")
    check_period(start, end)
    suffix = out_suffix(args.out, workbook=True) if args.out else ""
    db = open_signed_in(args)
    try:
        with db.read() as session:
            stats = period_stats(session, start, end)
            chosen = args.profile or indicators.chosen_profile_id(session)
            report = indicators.evaluate(session, indicators.find_profile(session, chosen)) if chosen else None
            station = station_heading(get_profile(session))
    finally:
        db.close()
    if suffix == ".xlsx":
        write_period_workbook(args.out, stats, report, station)
    elif suffix == ".pdf":
        write_pdf(lambda s, out: write_period_report(out, s, report, station), stats, args.out)
    if args.out:
        return report_written(args, "stats", stats, [
            (_("Statistics period"), period_text(start, end)),
            *((f.label, f"{figure_text(f.unit, f.value)} {measure(f.key)}") for f in stats.figures)])
    if args.json:
        print_json({"stats": stats, "indicators": report})
        return 0
    _print(stats, station)
    if report is not None:
        print()
        print(_("{name}: {source}").format(name=profile_title(report.profile_name, report.from_county),
                                           source=report.source))
        print_table([_("Indicator"), _("Value"), _("Target"), _("Met"), short_heading()],
                    [indicator_row(r) for r in report.results])
    return 0


def _print(stats: PeriodStats, station: str) -> None:
    for line in heading_lines(stats, station)[1:]:  # the period and 数据截至, worded as on the paper
        print(line)
    print()
    print_table([_("Statistic"), _("Figure"), _("Unit")],
                [(f.label, figure_text(f.unit, f.value), measure(f.key)) for f in stats.figures])
