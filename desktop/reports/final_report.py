"""The micro-venture final report (公益创投项目结项报告) as a printed PDF: 一、项目基本情况 (the head
table with the money: the budget, what may be spent, received, spent and the spending rate), 二、产出完成
情况 (planned against achieved, and a chart of person-times by month), 三、活动开展情况 (every activity),
四、经费使用情况 (budget against actual by category, with the evaluation's reasons for the variances),
五、结项评估 (the final evaluation's sections and its conclusion), and the boxes for the leader's signature
and the seal. The money is the spending tab's (``project_spending.budget_vs_actual``), on the same base.

A terminated project's report is titled 公益创投项目终止报告, not 结项报告: 结项 says the project was
completed and accepted, which a county officer files apart from one that was stopped; its first table
gives the date and the reason of the termination and what of the grant went back to the pool.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.durations import hours_text
from desktop.i18n import _, format_date, format_number, ngettext
from desktop.services.project_papers import FROM_EVALUATION, FinalPaper
from desktop.services.project_spending import Spending

if TYPE_CHECKING:
    from desktop.reports.project_paper import ProjectPaper

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
NUMBER = 11 * MM  # a "No." column: 序号 on one line
COUNT = 16.5 * MM  # a column of counts under a four-character header, with narrow padding
VOLUNTEERS = 19.5 * MM  # the same, wide enough for "Volunteers"
NARROW = 2  # points of padding left and right in a count column


def write_final_report(report: FinalPaper, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from desktop.reports.project_paper import build

    head = report.head
    title = _title(report)
    running = _("{title} {number} · {project}").format(title=title, number=head.number, project=head.title)
    if _unfinished(report):  # first: a long title is cut short at the page's width
        running = f"{_draft_mark()} · {running}"
    return build(out, final_story(report), title=title, author=head.org, subject=head.number, running=running)


def final_story(report: FinalPaper) -> list[Any]:
    """The final report's flowables, in the order printed."""
    from desktop.reports.project_paper import ProjectPaper, keep_headings

    paper = ProjectPaper()
    head = report.head
    masthead = paper.masthead(_title(report), _("Project no. {number}").format(number=head.number), head.round_name)
    if _unfinished(report):  # under the title, before anyone reads the figures as final
        masthead.insert(1, paper.text(_draft_mark(), "draft_mark"))
    *evaluation, last = _evaluation(paper, report)
    # The seal block never stands alone on the last page: the end of the evaluation goes with it.
    ending = [*evaluation[-1:], last] if evaluation and evaluation[-1].getKeepWithNext() else [last]
    evaluation = evaluation[:len(evaluation) + 1 - len(ending)]
    return keep_headings([
        *masthead, *_basic(paper, report), *_outputs(paper, report), *_activities(paper, report),
        *_spending(paper, report), *evaluation, _signatures(paper, ending),
    ])


def _unfinished(report: FinalPaper) -> bool:
    """A report printed before the project is closed: no final evaluation yet, and not terminated."""
    return report.evaluation is None and report.termination is None


def _draft_mark() -> str:
    return _("Not closed (draft)")


def _title(report: FinalPaper) -> str:
    if report.termination is not None:
        return _("Charity Venture Project Termination Report")
    return _("Charity Venture Project Final Report")


def _basic(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    """一、项目基本情况: the money as the 支出 tab counts it, the rate of what may be spent."""
    from desktop.reports.project_paper import period, rate, yuan

    head, evaluation, total = report.head, report.evaluation, report.total

    def amount(fen: int | None) -> str:
        return "" if fen is None else _("{amount} yuan").format(amount=yuan(fen))

    ended = report.termination
    termination = [] if ended is None else [
        [(_("Terminated on"), format_date(ended.on, "long")), (_("Grant paid or spent"), amount(ended.paid_fen))],
        [(_("Reason for termination"), ended.reason)],
        [(_("Returned to the round's pool"), _("{returned} of the approved {approved} yuan").format(
            returned=yuan(ended.returned_fen), approved=yuan(ended.approved_fen)))],
    ]
    return [*paper.heading(_("1. Project overview")), paper.form([
        [(_("Project title"), head.title)],
        [(_("Project no."), head.number), (_("Status"), head.status)],
        *termination,
        [(_("Implementing organisation"), head.org), (_("Community served"), head.community)],
        [(_("Project leader"), head.leader), (_("Round"), head.round_name)],
        [(_("Project period"), period(head.starts_on, head.ends_on))],
        [(_("Project budget"), amount(total.budgeted_fen)), (_("Funds received"), _received(report))],
        [(_("May be spent"), amount(total.available_fen)),
         (_("Grant and matching"), _("{grant} + {matching} yuan").format(grant=yuan(total.approved_fen),
                                                                          matching=yuan(total.matching_fen)))],
        [(_("Actual spending"), amount(total.spent_fen)), (_("Spending rate"), rate(total.percent_used))],
        [(_("Conclusion"), evaluation.conclusion if evaluation else "")],
    ])]


def _received(report: FinalPaper) -> str:
    """到位资金 with where the figure comes from: a county officer checks an evaluation's count against the
    ledger, and a ledger's payments against the vouchers."""
    from desktop.reports.project_paper import yuan

    if report.funds_received_fen is None:
        return ""
    source = (_("per the evaluation") if report.funds_received_from == FROM_EVALUATION
              else _("per the fund ledger"))
    return _("{amount} yuan ({source})").format(amount=yuan(report.funds_received_fen), source=source)


def _outputs(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    """二、产出完成情况: each output planned against achieved, then the chart."""
    from desktop.reports.charts import CHART_HEIGHT, CHART_LEAST, month_chart
    from desktop.reports.project_paper import FittedDrawing, percent

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
        # The caption stays with the chart (keep_headings); the table before them flows on its own, and the
        # chart shrinks to end a page rather than leave it half empty.
        *paper.subheading(_("Person-times served by month")),
        FittedDrawing(lambda height: month_chart(paper, report.by_month, height), CHART_HEIGHT, CHART_LEAST),
    ]


def _activities(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    """三、活动开展情况: every activity in date order, and the totals. The date, title, kind and place share
    what the number and the counts leave, each as its longest entry needs in this language."""
    from desktop.reports.case_paper import TEXT_WIDTH

    activities = report.activities
    rows = [[paper.text(str(n), "number"), paper.text(paper.day(a.held_on)), paper.text(a.title), paper.text(a.kind),
             paper.text(a.place), paper.text(format_number(a.attendance), "number"),
             paper.text(format_number(a.person_times), "number"), paper.text(format_number(a.volunteers), "number")]
            for n, a in enumerate(activities, start=1)]
    if rows:
        total = ngettext("{n} activity in all", "{n} activities in all", len(rows)).format(n=len(rows))
        rows.append([paper.label(total), "", "", "", "",
                     paper.text(format_number(sum(a.attendance for a in activities)), "number"),
                     paper.text(format_number(report.person_times), "number"),
                     paper.text(format_number(report.volunteer_times), "number")])
    headers = [_("No."), _("Date"), _("Activity"), _("Kind"), _("Place"), _("Turnout"), _("Served"), _("Volunteers")]
    texts = [[headers[1], *(paper.day(a.held_on) for a in activities)], [headers[2], *(a.title for a in activities)],
             [headers[3], *(a.kind for a in activities)], [headers[4], *(a.place for a in activities)]]
    day, title, kind, place = paper.widths(texts, TEXT_WIDTH - NUMBER - 2 * COUNT - VOLUNTEERS)
    return [*paper.heading(_("3. Activities held")),
            paper.listing(headers, rows, [NUMBER, day, title, kind, place, COUNT, COUNT, VOLUNTEERS],
                          ("SPAN", (0, -1), (4, -1)), ("NOSPLIT", (0, -2), (-1, -1)),  # the total with a row
                          ("LEFTPADDING", (5, 0), (7, -1), NARROW), ("RIGHTPADDING", (5, 0), (7, -1), NARROW))]


def _spending(paper: ProjectPaper, report: FinalPaper) -> list[Any]:
    """四、经费使用情况: budget against actual by category and in total, as the 支出 tab shows them (the rate
    is of what may be spent), and the reasons for the variances."""
    from desktop.reports.case_paper import TEXT_WIDTH
    from desktop.reports.project_paper import rate, yuan

    def figures(spending: Spending) -> list[str]:
        used = rate(spending.percent_used)
        if spending.left_fen < 0:  # spent beyond what the line may spend: said, not only shown as above 100 %
            used = _("{rate} overspent").format(rate=used)
        return [yuan(spending.budgeted_fen), yuan(spending.available_fen), yuan(spending.spent_fen),
                yuan(spending.left_fen), used]

    evaluation = report.evaluation
    reasons = [*paper.subheading(_("Use of funds and reasons for variances")),
               *paper.narrative(evaluation.spending if evaluation else "")]
    if not report.spending:
        return [*paper.heading(_("4. Use of funds")), paper.nothing(), *reasons]
    names = [*(line.category for line in report.spending), _("Total")]
    table = [*(figures(line.spending) for line in report.spending), figures(report.total)]
    headers = [_("Budget category"), _("Budget (yuan)"), _("May be spent (yuan)"), _("Spent (yuan)"),
               _("Left (yuan)"), _("Spending rate")]
    rows = [[cell, *(paper.text(figure, "number") for figure in line)]
            for cell, line in zip([*map(paper.text, names[:-1]), paper.label(names[-1])], table, strict=True)]
    columns = [[headers[0], *names], *([header, *column] for header, column in zip(headers[1:], zip(*table),
                                                                                  strict=True))]
    return [
        *paper.heading(_("4. Use of funds")),
        paper.listing(headers, rows, paper.widths(columns, TEXT_WIDTH)),
        paper.text(_("May be spent: each line's share of the approved amount and its matching funds. The spending "
                     "rate is the share of that spent."), "note"),
        *reasons,
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


def _signatures(paper: ProjectPaper, ending: list[Any]) -> Any:
    """The boxes to sign and seal, kept on one page with ``ending``, the last of the section before them."""
    from desktop.reports.project_paper import signing

    return signing(paper, [(_("Project leader (signature)"), False), (_("Implementing organisation (seal)"), True),
                           (_("Opinion of the funder"), True)],
                   lead=[*ending, paper.text(_("We confirm that this report and the figures in it are true and "
                                               "accurate."), "note")])
