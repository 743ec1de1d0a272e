"""The micro-venture final report (公益创投项目结项报告) as a printed PDF: 一、项目基本情况 (the head
table with the money: total, received, spent), 二、产出完成情况 (planned against achieved, and a chart
of person-times by month), 三、活动开展情况 (every activity), 四、经费使用情况 (budget against actual
by category, with the evaluation's reasons for the variances), 五、结项评估 (the final evaluation's
sections and its conclusion), and the boxes for the leader's signature and the seal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.durations import hours_text
from desktop.i18n import _, babel_locale, format_date, format_number, ngettext
from desktop.services.project_papers import FinalPaper, MonthLine

if TYPE_CHECKING:
    from desktop.reports.project_paper import ProjectPaper

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
DATE = 22 * MM  # a date column: 2026/12/31
AMOUNT = 25 * MM  # a column of amounts under a header like 实际支出（元）
COUNT = 16.5 * MM  # a column of counts under a four-character header, with narrow padding
VOLUNTEERS = 19.5 * MM  # the same, wide enough for "Volunteers"
NARROW = 2  # points of padding left and right in a count column
CHART_HEIGHT = 66 * MM
BAR = "#4a6fa5"  # a blue that prints as a mid grey
GRID = "#dddddd"


def write_final_report(report: FinalPaper, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from desktop.reports.project_paper import build

    head = report.head
    title = _("Charity Venture Project Final Report")
    running = _("{title} {number} · {project}").format(title=title, number=head.number, project=head.title)
    return build(out, final_story(report), title=title, author=head.org, subject=head.number, running=running)


def final_story(report: FinalPaper) -> list[Any]:
    """The final report's flowables, in the order printed."""
    from desktop.reports.project_paper import ProjectPaper

    paper = ProjectPaper()
    head = report.head
    return [
        *paper.masthead(_("Charity Venture Project Final Report"),
                        _("Project no. {number}").format(number=head.number), head.round_name),
        *_basic(paper, report), *_outputs(paper, report), *_activities(paper, report), *_spending(paper, report),
        *_evaluation(paper, report), _signatures(paper),
    ]


def _basic(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    from desktop.reports.project_paper import percent, period, yuan

    head, evaluation = report.head, report.evaluation

    def amount(fen: int | None) -> str:
        return "" if fen is None else _("{amount} yuan").format(amount=yuan(fen))

    grant = report.requested_fen if report.approved_fen is None else report.approved_fen
    return [*paper.heading(_("1. Project overview")), paper.form([
        [(_("Project title"), head.title)],
        [(_("Project no."), head.number), (_("Status"), head.status)],
        [(_("Implementing organisation"), head.org), (_("Community served"), head.community)],
        [(_("Project leader"), head.leader), (_("Round"), head.round_name)],
        [(_("Project period"), period(head.starts_on, head.ends_on))],
        [(_("Total funds"), amount(report.total_fen)),
         (_("Grant and matching"), _("{grant} + {matching} yuan").format(grant=yuan(grant),
                                                                          matching=yuan(report.matching_fen)))],
        [(_("Funds received"), amount(report.funds_received_fen)), (_("Actual spending"), amount(report.spent_fen))],
        [(_("Spending rate"), percent(report.spent_fen, report.total_fen)),
         (_("Conclusion"), evaluation.conclusion if evaluation else "")],
    ])]


def _outputs(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    """二、产出完成情况: each output planned against achieved, then the chart."""
    from desktop.reports.project_paper import percent, together

    def row(name: str, planned: int | None, achieved: int, shown: str | None = None) -> list[Any]:
        return [paper.text(name), paper.text(format_number(planned) if planned is not None else "—", "number"),
                paper.text(shown or format_number(achieved), "number"),
                paper.text(percent(achieved, planned or 0), "number")]

    rows = [
        row(_("Sessions"), report.planned_sessions, len(report.activities)),
        row(_("Person-times served"), report.planned_person_times, report.person_times),
        row(_("Volunteer person-times"), report.planned_volunteer_times, report.volunteer_times),
        # No hours are planned on a proposal; the hours served go to the volunteers' records.
        row(_("Volunteer service hours"), None, report.volunteer_minutes, hours_text(report.volunteer_minutes)),
    ]
    return [
        *paper.heading(_("2. Outputs against the plan")),
        paper.listing([_("Output"), _("Planned"), _("Achieved"), _("Completion")], rows,
                      [None, 30 * MM, 30 * MM, 26 * MM]),
        together([*paper.subheading(_("Person-times served by month")), _chart(paper, report.by_month)]),
    ]


def _month(line: MonthLine, first: bool) -> str:
    """"3月", with the year on the first bar and on January ("2027年1月")."""
    from babel.dates import format_skeleton

    skeleton = "yMMM" if first or line.month == 1 else "MMM"
    return str(format_skeleton(skeleton, date(line.year, line.month, 1), locale=babel_locale()))


def _chart(paper: ProjectPaper, months: tuple[MonthLine, ...]) -> Any:
    """A bar a month, its count over it, in the bundled face throughout (a label without a font would
    name Helvetica, which the PDF does not embed)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.colors import HexColor

    from desktop.reports.case_paper import TEXT_WIDTH

    values = [m.person_times for m in months]
    drawing = Drawing(TEXT_WIDTH, CHART_HEIGHT, initialFontName=paper.font)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * MM, 9 * MM
    chart.width, chart.height = TEXT_WIDTH - 18 * MM, CHART_HEIGHT - 19 * MM
    chart.data = [values]
    chart.bars[0].fillColor = HexColor(BAR)
    chart.bars[0].strokeColor = None
    chart.barSpacing = 2
    chart.groupSpacing = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.rangeRound = "ceiling"  # the scale ends on a labelled tick above the tallest bar
    if not any(values):
        chart.valueAxis.valueMax = 10  # an empty chart still needs a scale
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = HexColor(GRID)
    chart.valueAxis.labels.fontName = paper.font
    chart.valueAxis.labels.fontSize = 8
    axis = chart.categoryAxis
    axis.categoryNames = [_month(m, n == 0) for n, m in enumerate(months)]
    axis.labels.fontName = paper.font
    axis.labels.fontSize = 8
    axis.labels.dy = -2
    if len(months) > 12:  # slanted, so long projects' labels do not run into each other
        axis.labels.angle, axis.labels.boxAnchor = 40, "ne"
    chart.barLabelFormat = lambda value: format_number(value) if value else ""
    chart.barLabels.fontName = paper.font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(chart.x - 12 * MM, chart.y + chart.height + 4 * MM, _("Person-times"), fontName=paper.font,
                       fontSize=8))
    return drawing


def _activities(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    """三、活动开展情况: every activity in date order, and the totals."""
    rows = [[paper.text(str(n), "number"), paper.text(paper.day(a.held_on)), paper.text(a.title), paper.text(a.kind),
             paper.text(a.place), paper.text(format_number(a.attendance), "number"),
             paper.text(format_number(a.person_times), "number"), paper.text(format_number(a.volunteers), "number")]
            for n, a in enumerate(report.activities, start=1)]
    if rows:
        total = ngettext("{n} activity in all", "{n} activities in all", len(rows)).format(n=len(rows))
        rows.append([paper.label(total), "", "", "", "",
                     paper.text(format_number(sum(a.attendance for a in report.activities)), "number"),
                     paper.text(format_number(report.person_times), "number"),
                     paper.text(format_number(report.volunteer_times), "number")])
    return [*paper.heading(_("3. Activities held")),
            paper.listing([_("No."), _("Date"), _("Activity"), _("Kind"), _("Place"), _("Turnout"), _("Served"),
                           _("Volunteers")], rows,
                          [11 * MM, DATE, None, 18 * MM, 19 * MM, COUNT, COUNT, VOLUNTEERS],
                          ("SPAN", (0, -1), (4, -1)), ("NOSPLIT", (0, -2), (-1, -1)),  # the total with a row
                          ("LEFTPADDING", (5, 0), (7, -1), NARROW), ("RIGHTPADDING", (5, 0), (7, -1), NARROW))]


def _spending(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    """四、经费使用情况: budget against actual by category, the total, and the reasons for the variances."""
    from desktop.reports.project_paper import percent

    rows = [[paper.text(s.category), paper.money(s.budgeted_fen), paper.money(s.spent_fen), paper.money(s.variance_fen),
             paper.text(percent(s.spent_fen, s.budgeted_fen), "number")] for s in report.spending]
    if rows:
        budgeted = sum(s.budgeted_fen for s in report.spending)
        rows.append([paper.label(_("Total")), paper.money(budgeted), paper.money(report.spent_fen),
                     paper.money(report.spent_fen - budgeted),
                     paper.text(percent(report.spent_fen, budgeted), "number")])
    evaluation = report.evaluation
    return [
        *paper.heading(_("4. Use of funds")),
        paper.listing([_("Budget category"), _("Budgeted (yuan)"), _("Spent (yuan)"), _("Variance (yuan)"),
                       _("Spending rate")], rows, [None, AMOUNT, AMOUNT, AMOUNT, 20 * MM]),
        *paper.subheading(_("Use of funds and reasons for variances")),
        *paper.narrative(evaluation.spending if evaluation else ""),
    ]


def _evaluation(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    """五、结项评估: who assessed and when, the conclusion, and the sections in the form's order."""
    evaluation = report.evaluation
    flow: list[Any] = [*paper.heading(_("5. Final evaluation"))]
    if evaluation is None:
        return [*flow, paper.nothing()]
    return [
        *flow,
        paper.form([[(_("Date of evaluation"), format_date(evaluation.evaluated_on, "long")),
                     (_("Evaluating body"), evaluation.evaluator)],
                    [(_("Conclusion"), evaluation.conclusion), (_("Written by"), evaluation.by)]]),
        *paper.subheading(_("(1) Implementation")), *paper.narrative(evaluation.progress),
        *paper.subheading(_("(2) Goals achieved and social benefit")), *paper.narrative(evaluation.outcomes),
        *paper.subheading(_("(3) Organisation and management")), *paper.narrative(evaluation.management),
        *paper.subheading(_("(4) Problems and next steps")), *paper.narrative(evaluation.next_steps),
    ]


def _signatures(paper: ProjectPaper) -> Any:
    from desktop.reports.project_paper import signing

    return signing(paper, [(_("Project leader (signature)"), False), (_("Implementing organisation (seal)"), True),
                           (_("Opinion of the funder"), True)],
                   lead=[paper.text(_("We confirm that this report and the figures in it are true and accurate."),
                                    "note")])
