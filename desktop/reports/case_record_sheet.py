"""The case service record (个案服务记录表) as a printed PDF, for the worker and the file cabinet.

The stages of FORMS.md "Case work" in order: basic information, then 一、接案 二、需求评估 三、服务计划
四、服务记录 五、转介与资源链接 六、评估 七、结案 (or how the case was referred out), and lines for the
worker, the supervisor and the client to sign, kept with the follow-ups above them. Every assessment
and plan version is printed (the one in force first); a corrected service record is shown by its
correction, marked, in the place of the record it corrects.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.durations import hours_text
from desktop.i18n import _, format_date, ngettext
from desktop.services.case_summary import AssessmentLine, CaseSummary, PlanVersion

if TYPE_CHECKING:
    from desktop.reports.case_paper import Paper

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
DATE = 22 * MM  # a date column: 2026/12/31


def write_case_record(summary: CaseSummary, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from desktop.reports.case_paper import Paper, build, client_rows, members_table

    paper = Paper()
    title = _("Case Service Record")
    story: list[Any] = [
        *paper.masthead(title, _("Case no. {number}").format(number=summary.number),
                        _("Unit: {station}").format(station=summary.station)),
        *paper.heading(_("Basic information")),
        paper.form([*client_rows(summary.client), *_case_rows(summary)]),
        *paper.subheading(_("Household members")),
        members_table(paper, summary.client.members),
        *_intake(paper, summary),
        *_assessments(paper, summary.assessments),
        *_plans(paper, summary),
        *_records(paper, summary),
        *_referrals(paper, summary),
        *_evaluations(paper, summary),
        *_closing(paper, summary),
    ]
    running = _("{title} {number} · {station}").format(title=title, number=summary.number, station=summary.station)
    return build(out, story, title=title, author=summary.station, subject=summary.number, running=running)


def _case_rows(summary: CaseSummary) -> list[list[tuple[str, str]]]:
    return [
        [(_("Social worker"), summary.worker), (_("Opened on"), format_date(summary.opened_on))],
        [(_("Source"), summary.source), (_("Risk level"), summary.risk)],
        [(_("Current stage"), summary.stage),
         (_("Closed on"), format_date(summary.closed_on) if summary.closed_on else "")],
    ]


def _intake(paper: Paper, summary: CaseSummary) -> list[Any]:
    rows = [[paper.text(paper.day(h.on)), paper.text(h.step),
             paper.text(_("{old} → {new}").format(old=h.from_stage, new=h.to_stage) if h.from_stage else h.to_stage),
             paper.text(h.reason), paper.text(h.by)] for h in summary.history]
    return [
        *paper.heading(_("1. Intake")),
        paper.form([[(_("Presenting problem"), summary.problem)]]),
        *paper.subheading(_("Course of the case")),
        paper.listing([_("Date"), _("Step"), _("Stage"), _("Reason"), _("By")], rows,
                      [DATE, 32 * MM, 42 * MM, None, 17 * MM]),
    ]


def _assessments(paper: Paper, assessments: tuple[AssessmentLine, ...]) -> list[Any]:
    flow: list[Any] = [*paper.heading(_("2. Needs assessment"))]
    if not assessments:
        return [*flow, paper.nothing()]
    for n, found in enumerate(assessments):
        heading = _("Assessment of {date} by {name}").format(date=format_date(found.assessed_on), name=found.by)
        flow += paper.subheading(_("{heading} (latest)").format(heading=heading) if n == 0 else heading)
        rows = [[paper.text(a.area), paper.text(a.level), paper.text(a.notes)] for a in found.areas]
        flow += [paper.listing([_("Area"), _("Level of need"), _("Notes")], rows, [46 * MM, 22 * MM, None]),
                 paper.form([[(_("Strengths and resources"), found.strengths)],
                             [(_("Needs in order"), found.summary)]])]
    return flow


def _plans(paper: Paper, summary: CaseSummary) -> list[Any]:
    flow: list[Any] = [*paper.heading(_("3. Service plan"))]
    if summary.plan:
        flow += _plan(paper, summary.plan, _("Plan in force: version {version}, from {date}"))
    elif not summary.other_plans:
        flow.append(paper.nothing())
    for plan in summary.other_plans:
        flow += _plan(paper, plan, _("Other version {version}, from {date}"))
    return flow


def _plan(paper: Paper, plan: PlanVersion, heading: str) -> list[Any]:
    goals = [[paper.text(str(n), "number"), paper.text(g.goal), paper.text(g.indicator),
              paper.text(paper.day(g.target_on)), paper.text(g.status)] for n, g in enumerate(plan.goals, start=1)]
    return [
        *paper.subheading(heading.format(version=plan.version, date=format_date(plan.effective_on))),
        paper.form([[(_("Strategies and methods"), plan.strategies)],
                    [(_("Drawn up by"), plan.by),
                     (_("Client agreed"), _("Yes, signed") if plan.client_agreed else _("Not signed"))]]),
        paper.listing([_("No."), _("Goal"), _("Indicator"), _("Target date"), _("Status")], goals,
                      [12 * MM, None, 46 * MM, DATE, 21 * MM]),
    ]


def _records(paper: Paper, summary: CaseSummary) -> list[Any]:
    rows = []
    for n, record in enumerate(summary.records, start=1):
        content = record.content
        if record.corrected:
            content = (_("[Corrected: {reason}] {content}").format(reason=record.correction_reason, content=content)
                       if record.correction_reason else _("[Corrected] {content}").format(content=content))
        if record.next_step:
            content += "\n" + _("Next step: {step}").format(step=record.next_step)
        when = (paper.day(record.served_on), record.kind, _("{hours} h").format(hours=hours_text(record.minutes)),
                record.place)
        rows.append([paper.text(str(n), "number"), paper.text("\n".join(part for part in when if part)),
                     paper.text(content), paper.text(record.by)])
    flow: list[Any] = [*paper.heading(_("4. Service records"))]
    if not rows:
        return [*flow, paper.nothing()]
    total = ngettext("{n} record, {hours} hours in all", "{n} records, {hours} hours in all", len(rows)).format(
        n=len(rows), hours=hours_text(summary.minutes))
    rows.append([paper.text(total), "", "", ""])
    return [*flow, paper.listing([_("No."), _("Date, kind, time, place"), _("What was done"), _("By")], rows,
                                 [12 * MM, 32 * MM, None, 17 * MM], ("SPAN", (0, -1), (-1, -1)))]


def _referrals(paper: Paper, summary: CaseSummary) -> list[Any]:
    """A line for every status each referral took, in order; its receiver and reason span its lines."""
    rows: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    for r in summary.referrals:
        first = len(rows) + 1  # the header is row 0
        for n, step in enumerate(r.steps):
            status = f"{step.status}\n{step.by}" if step.by else step.status
            rows.append([paper.text(paper.day(step.on)),
                         paper.text(f"{r.target_name}\n{r.target_kind}") if n == 0 else "",
                         paper.text(r.reason) if n == 0 else "", paper.text(status), paper.text(step.feedback)])
        if len(r.steps) > 1:
            spans += [("SPAN", (column, first), (column, len(rows))) for column in (1, 2)]
    return [*paper.heading(_("5. Referrals and resource links")),
            paper.listing([_("Date"), _("Receiver"), _("Reason"), _("Status"), _("Feedback")], rows,
                          [DATE, 36 * MM, None, 26 * MM, 40 * MM], *spans)]


def _evaluations(paper: Paper, summary: CaseSummary) -> list[Any]:
    rows = [[paper.text(paper.day(e.evaluated_on)), paper.text(e.goals_met), paper.text(e.client_feedback),
             paper.text(e.worker_view), paper.text(e.by)] for e in summary.evaluations]
    return [*paper.heading(_("6. Evaluation")),
            paper.listing([_("Date"), _("Goals met"), _("Client's feedback"), _("Worker's evaluation"), _("By")],
                          rows, [DATE, 26 * MM, None, None, 17 * MM])]


def _closing(paper: Paper, summary: CaseSummary) -> list[Any]:
    """How the case last ended (closed, not taken on, or referred out), its follow-ups, and the lines to
    sign, kept on the page of the follow-ups."""
    from desktop.reports.case_paper import client_signer

    earlier = [(_("Summary of an earlier closing"), summary.closing_summary)] if summary.closing_summary else []
    if summary.referred_to:  # the latest ending is the referral; a summary on file is of a closing before it
        referral = next((r for r in reversed(summary.referrals) if r.target_name == summary.referred_to), None)
        form = [[(_("Referred out on"), format_date(referral.referred_on) if referral else ""),
                 (_("Referred to"), summary.referred_to)],
                [(_("Reason for the referral"), referral.reason if referral else "")]]
        form += [earlier] if earlier else []
    elif summary.closed_on:
        ending = ((_("Reason for not taking on"), summary.declined_reason) if summary.declined_reason
                  else (_("Closing summary"), summary.closing_summary))  # 不接案 closes with a reason, not a summary
        form = [[(_("Closed on"), format_date(summary.closed_on))], [ending]]
    else:
        form = [[(_("Closed on"), _("The case is open."))]] + ([earlier] if earlier else [])
    rows = [[paper.text(paper.day(f.due_on)), paper.text(f.purpose), paper.text(paper.day(f.done_on)),
             paper.text(f.outcome)] for f in summary.follow_ups]
    opinion = _("Supervisor's opinion")
    # The subheading alone: inside the signatures' KeepTogether its CondPageBreak would count as a page.
    follow_ups = [paper.text(_("Follow-up visits"), "subheading"),
                  paper.listing([_("Due"), _("Purpose"), _("Done on"), _("Outcome")], rows, [DATE, None, DATE, None])]
    return [*paper.heading(_("7. Closing")), paper.form(form), paper.signatures(
        [_("Social worker's signature"), opinion, _("Supervisor's signature"), client_signer(summary.client)],
        boxes={opinion}, above=follow_ups)]
