"""The work statistics report for a period (工作统计报表) as a printed PDF: the period and the day the figures
were read, 一、the main figures with how each is counted, 二、the figures by village or community, 三、by
month with a chart of person-times served, 四、(when a policy profile is given) the indicators against
their targets, and lines for 制表人, 审核人 and 站长 with the station's seal, as a statistics form is
signed and sealed (FORMS.md). A4 with the micro-venture papers' page ("第 N 页 共 M 页").

A long table (a county's many villages) runs on over the pages under its header, repeated; a short one, and
the first and last lines of a long one, stay together (``table_breaks.kept``). The chart shrinks to end a
page rather than leave it half empty, and an indicator that many villages fall short of lists them in a row
of their own under it, across the page, rather than in a narrow column a page tall.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.i18n import _, format_date, format_number
from desktop.reports.table_breaks import kept
from desktop.services.activity_stats import (
    CHARTED, MONTH, QUARTER, YEAR, PeriodStats, bucket_heading, chart_title, figure_text, measure, month_text,
)
from desktop.services.indicator_texts import (
    bound_text, met_text, profile_title, short_heading, target_text, value_text,
)
from desktop.services.indicators import IndicatorReport, IndicatorResult
from desktop.services.period_heading import heading_lines
from desktop.services.project_papers import MonthLine

if TYPE_CHECKING:
    from desktop.reports.project_paper import ProjectPaper

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
# The figures split three ways, so a table of a community's or a month's figures fits the text block.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("people_visited", "needs_collected", "needs_solved", "cases_opened", "cases_closed", "service_records"),
    ("projects_running", "activities", "person_times_served", "person_times_trained"),
    ("volunteers_serving", "volunteer_hours", "money_raised_fen", "donations_reversed_fen", "money_granted_fen"),
)
LISTED_IN_CELL = 6  # villages short of an indicator, at most, named in its column; more get rows of their own
LISTED_IN_ROW = 40  # villages named in one such row: some five lines
LEAST_NAME = 30 * MM  # the indicator's name column, at the least: some five characters a line


def report_title(stats: PeriodStats, station_name: str) -> str:
    """青山镇社工站 工作统计报表（2026年1月1日—2026年6月30日）: the document's title and running head."""
    return _("{station} Work Statistics Report ({start} – {end})").format(
        station=station_name, start=format_date(stats.start, "long"), end=format_date(stats.end, "long"))


def write_period_report(path: Path, stats: PeriodStats, indicators: IndicatorReport | None, station_name: str) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from desktop.reports.project_paper import build

    title = report_title(stats, station_name)
    return build(path, period_story(stats, indicators, station_name), title=title, author=station_name,
                 subject=_("Work Statistics Report"), running=title)


def period_story(stats: PeriodStats, indicators: IndicatorReport | None, station_name: str) -> list[Any]:
    """The report's flowables, in the order printed."""
    from desktop.reports.charts import CHART_HEIGHT, CHART_LEAST, bar_chart, month_chart
    from desktop.reports.ending import EndsWith
    from desktop.reports.fitted_title import FittedTitle
    from desktop.reports.project_paper import FittedDrawing, ProjectPaper, keep_headings, signing

    doc = ProjectPaper()
    months = tuple(MonthLine(int(m.month[:4]), int(m.month[5:]), m.values[CHARTED]) for m in stats.by_month)
    buckets = [month_text(m.month, stats.bucket) for m in stats.by_month]

    def chart(height: float) -> Any:
        if stats.bucket == MONTH:
            return month_chart(doc, months, height)
        return bar_chart(doc, buckets, buckets, [m.person_times for m in months], height)

    title, period, as_of = heading_lines(stats, station_name)
    story = [
        FittedTitle(doc, title, station_name), *doc.masthead("", period, as_of)[1:],
        *doc.heading(_("1. Main figures")), _figures(doc, stats),
        *doc.heading(_("2. By village or community")),
        *_split(doc, _("Village or community"), [(c.name, c.values) for c in stats.by_community], stats),
        *doc.heading({MONTH: _("3. By month"), QUARTER: _("3. By quarter"), YEAR: _("3. By year")}[stats.bucket]), *doc.subheading(chart_title(stats.bucket)),
        FittedDrawing(chart, CHART_HEIGHT, CHART_LEAST),
        *_split(doc, bucket_heading(stats.bucket), list(zip(buckets, (m.values for m in stats.by_month),
                                                             strict=True)), stats),
    ]
    if indicators is not None:
        source = doc.text(_("{name}: {source}. Registers as of {date}.").format(
            name=profile_title(indicators.profile_name, indicators.from_county), source=indicators.source,
            date=format_date(indicators.as_of, "long")), "note")
        source.keepWithNext = 1  # with the heading, kept to the table's first lines (keep_headings)
        story += [*doc.heading(_("4. Indicators against the policy's targets")), source,
                  _indicators(doc, indicators.results)]
    closing = signing(doc, [(_("Prepared by"), False), (_("Checked by"), False), (_("Station head"), False),
                            (_("Seal of the station"), True)],
                      lead=[doc.text(_("Printed on {date}.").format(date=format_date(date.today(), "long")), "note")])
    story[-1] = EndsWith(story[-1], closing)  # never alone on the last page
    return keep_headings(story)


def _figures(doc: ProjectPaper, stats: PeriodStats) -> Any:
    """Each figure with its value and measure word on one line, and how it is counted in what is left."""
    from desktop.reports.fund_statement import one_line

    headers = [_("Statistic"), _("Figure"), _("Unit"), _("How it is counted")]
    texts = [[f.label, figure_text(f.unit, f.value), measure(f.key), f.note] for f in stats.figures]
    value, unit = (max(one_line(doc, text) for text in [headers[n], *(row[n] for row in texts)]) for n in (1, 2))
    rows = [[doc.text(label), doc.text(figure, "number"), doc.text(word, "label"), doc.text(note)]
            for label, figure, word, note in texts]
    return doc.listing(headers, rows, [42 * MM, value, unit, None], *kept(len(rows)))


def _split(doc: ProjectPaper, first: str, lines: Sequence[tuple[str, dict[str, int]]],
           stats: PeriodStats) -> list[Any]:
    """The figures of each line (a community, a month) in GROUPS' three tables, with the period's totals last;
    a count of people in the totals counts each person once, so it may be less than the lines' sum."""
    from reportlab.platypus import Spacer

    from desktop.reports.case_paper import LABEL_WIDTH, TEXT_WIDTH

    units = {f.key: f.unit for f in stats.figures}
    totals = {f.key: f.value for f in stats.figures}
    labels = {f.key: f.label for f in stats.figures}
    flowables: list[Any] = []
    for keys in GROUPS:
        headers = [first, *(_("{label} ({unit})").format(label=labels[k], unit=measure(k)) for k in keys)]
        rows = [[doc.text(name), *(doc.text(figure_text(units[k], values[k]), "number") for k in keys)]
                for name, values in lines]
        rows.append([doc.label(_("Whole period")),
                     *(doc.text(figure_text(units[k], totals[k]), "number") for k in keys)])
        columns = [[header, *(figure_text(units[k], values[k]) for _name, values in lines)]
                   for header, k in zip(headers[1:], keys, strict=True)]
        # The totals row stays on the page of the lines above it: never a lone total over the next page.
        flowables += [doc.listing(headers, rows, [LABEL_WIDTH, *doc.widths(columns, TEXT_WIDTH - LABEL_WIDTH)],
                                  ("BACKGROUND", (0, -1), (-1, -1), "#f6f6f6"), *kept(len(rows))),
                      Spacer(1, 3 * MM)]
    flowables.append(doc.text(_("People visited and volunteers serving count each person once in a line and once "
                                "in the whole period, so the lines may add up to more."), "note"))
    return flowables


def _indicators(doc: ProjectPaper, results: Sequence[IndicatorResult]) -> Any:
    """An indicator a line, with the villages short of it in the last column; when more than LISTED_IN_CELL
    fall short, the column counts them and they are named under it in rows across the page, LISTED_IN_ROW a
    row (ReportLab lays the part of a spanned row split over pages into its first column), the first row kept
    with the indicator."""
    from desktop.reports.case_paper import BODY_HEIGHT, PAD, TEXT_WIDTH

    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    for r in results:
        short = [c.name for c in r.falling_short]
        many = len(short) > LISTED_IN_CELL
        rows.append([doc.text(r.label), doc.text(value_text(r.value, r.unit_label), "number"),
                     doc.text(target_text(r)), doc.text(met_text(r.met, r.applies), "label"),
                     doc.text(_("{n}, listed below").format(n=format_number(len(short))) if many
                              else _(", ").join(short) or "—")])
        for first in range(0, len(short) if many else 0, LISTED_IN_ROW):
            y = len(rows) + 1  # the header is row 0
            listed = doc.text(_(", ").join(short[first:first + LISTED_IN_ROW]))
            rows.append([listed, "", "", "", ""])
            commands.append(("SPAN", (0, y), (-1, y)))
            # A row kept with another cannot split inside, and ReportLab tries for ever to place one taller
            # than a page: only names of a length no village has would make one so tall.
            if not first and listed.wrap(TEXT_WIDTH - 2 * PAD, BODY_HEIGHT)[1] < BODY_HEIGHT / 2:
                commands.append(("NOSPLIT", (0, y - 1), (-1, y)))
    headers = [_("Indicator"), _("Value"), _("Target"), _("Met"), short_heading()]
    return doc.listing(headers, rows, _indicator_widths(doc, headers, results), *commands)


def _indicator_widths(doc: ProjectPaper, headers: Sequence[str], results: Sequence[IndicatorResult]) -> list[Any]:
    """A value and its unit ("0.49 人/万常住人口"), a target's bound and unit, the met word and the heading over
    the villages each on one line, so no header or figure breaks before its last character; the indicator's
    name takes what is left (at least LEAST_NAME), wrapping at words, and the target's date wraps under it."""
    from desktop.reports.case_paper import TEXT_WIDTH
    from desktop.reports.fund_statement import one_line

    value = max(one_line(doc, text) for text in [headers[1], *(value_text(r.value, r.unit_label) for r in results)])
    target = max(one_line(doc, text) for text in [headers[2], *(f"{bound_text(r)} {r.unit_label}" for r in results)])
    met = max(one_line(doc, text) for text in [headers[3], *(met_text(r.met, r.applies) for r in results)])
    short = min(max(one_line(doc, headers[4]), 30 * MM), 42 * MM)  # a long English heading wraps at its words
    name = TEXT_WIDTH - value - target - met - short
    if name < LEAST_NAME:  # the target's unit may break rather than the indicator's name be squeezed
        target, name = target - (LEAST_NAME - name), LEAST_NAME
    return [name, value, target, met, short]
