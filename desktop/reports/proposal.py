"""The micro-venture proposal (公益创投项目申报书) as a printed PDF, laid out after the templates in
FORMS.md: a cover with lines for the project, the applicant, the leader, the phone and the date;
then 一、基本信息表 (the applicant's address, inspection and rating, the 项目领域 tick boxes, the amount in
figures and in words, and the 单位简介 in a row of its own), 二、项目执行团队,
三、项目方案 (its seven sections, with the activity plan and the planned outputs), 四、项目预算 (lines
by category with subtotals, the total, and a line saying whether it equals the request), and 五、承诺
with the boxes to sign, give an opinion and seal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.i18n import _, format_date, format_number
from desktop.services.project_papers import ProposalPaper

if TYPE_CHECKING:
    from desktop.reports.project_paper import ProjectPaper

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
NUMBER = 11 * MM  # a "No." column: 序号 on one line
DATES = 26 * MM  # a column of periods: 2026/12/31 and "– 2026/12/31" under it
AMOUNT = 21.5 * MM  # a column of amounts up to 300,000.00
COVER_LINES = 142 * MM  # the cover's ruled lines, label and value, centred
TABLE_PADDING = 6  # points left and right in a cell of a Table with ReportLab's default padding
GROUP_SHADE = "#f6f6f6"  # a budget category's row: lighter than the header's


def write_proposal(proposal: ProposalPaper, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from desktop.reports.project_paper import build

    head = proposal.head
    title = _("Charity Venture Project Proposal")
    running = _("{title} {number} · {project}").format(title=title, number=head.number, project=head.title)
    return build(out, proposal_story(proposal), title=title, author=head.org, subject=head.number, running=running,
                 cover=True)


def proposal_story(proposal: ProposalPaper) -> list[Any]:
    """The proposal's flowables, cover first."""
    from reportlab.platypus import PageBreak

    from desktop.reports.project_paper import ProjectPaper, keep_headings

    paper = ProjectPaper()
    return keep_headings([*_cover(paper, proposal), PageBreak(), *_basic(paper, proposal), *_team(paper, proposal),
                          *_design(paper, proposal), *_budget(paper, proposal), _commitment(paper)])


def _cover(paper: ProjectPaper, proposal: ProposalPaper) -> list[Any]:
    """A cover as the templates have it: the number at the top, the round and the title, and the
    essentials on ruled lines (the applicant's seal goes over its name)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import KeepInFrame, Spacer, Table, TableStyle

    from desktop.reports.case_paper import BODY_HEIGHT, TEXT_WIDTH

    head = proposal.head
    fields = [(_("Project title"), head.title), (_("Applicant (seal)"), head.org), (_("Project leader"), head.leader),
              (_("Contact phone"), proposal.leader_phone),
              (_("Date of application"), format_date(proposal.submitted_on, "long") if proposal.submitted_on else "")]
    # The label column as wide as the longest label on one line ("申请机构（盖章）" broke inside its brackets).
    style = paper.styles["cover_label"]
    label = max(stringWidth(name, style.fontName, style.fontSize) for name, _value in fields) + 2 * TABLE_PADDING + 1
    lines = Table([[paper.text(name, "cover_label"), paper.text(value, "cover_value")] for name, value in fields],
                  colWidths=[label, COVER_LINES - label], hAlign="CENTER", style=TableStyle([
                      ("FONTNAME", (0, 0), (-1, -1), paper.font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                      ("LINEBELOW", (1, 0), (1, -1), 0.8, "black"), ("TOPPADDING", (0, 0), (-1, -1), 5 * MM),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * MM)]))
    issued = _("Issued by {organiser}").format(organiser=head.organiser) if head.organiser else ""
    # Shrunk to the page should a long title and long labels need more than it has: a cover is one page.
    return [KeepInFrame(TEXT_WIDTH, BODY_HEIGHT, mode="shrink", content=[
        paper.text(_("Project no. {number}").format(number=head.number), "meta_right"),
        Spacer(1, 24 * MM),
        paper.text(head.round_name, "cover_round"),
        paper.text(_("Charity Venture Project Proposal"), "cover_title"),
        Spacer(1, 26 * MM),
        lines,
        Spacer(1, 28 * MM),
        paper.text(issued, "cover_foot"),
    ])]


def _basic(paper: ProjectPaper, proposal: ProposalPaper) -> list[Any]:
    """一、基本信息表: one ruled table, the tick boxes in a row of their own."""
    from desktop.reports.case_paper import LABEL_WIDTH, SHADE, TEXT_WIDTH
    from desktop.reports.project_paper import TickBoxes, period, yuan

    head = proposal.head
    first = [
        [(_("Applicant"), head.org)],
        [(_("Registration no. (credit code)"), proposal.credit_code),
         (_("Founded on"), format_date(proposal.founded_on, "long") if proposal.founded_on else "")],
        [(_("Mailing address"), proposal.org_address), (_("Postcode"), proposal.org_postcode)],
        [(_("Annual inspection"), proposal.org_inspection), (_("Evaluation rating"), proposal.org_rating)],
        [(_("Head of the organisation"), proposal.org_leader), (_("Community served"), head.community)],
        [(_("Project title"), head.title)],
    ]
    areas = paper.table([[paper.label(_("Project areas")), TickBoxes(proposal.areas, paper.font)]],
                        [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH], ("BACKGROUND", (0, 0), (0, 0), SHADE),
                        ("TOPPADDING", (1, 0), (1, 0), 5), header=False)
    rest = [
        [(_("Amount requested"), _("{amount} yuan").format(amount=yuan(proposal.requested_fen))),
         (_("In words"), proposal.requested_in_words)],
        [(_("Matching funds"), _("{amount} yuan").format(amount=yuan(proposal.matching_fen))),
         (_("Project budget"), _("{amount} yuan").format(amount=yuan(proposal.requested_fen + proposal.matching_fen)))],
        [(_("Project period"), period(head.starts_on, head.ends_on))],
        [(_("Project leader"), head.leader), (_("Contact phone"), proposal.leader_phone)],
        [(_("Contact person"), proposal.contact_name), (_("Contact phone"), proposal.contact_phone)],
        [(_("E-mail"), proposal.contact_email)],
        [(_("Target group"), proposal.target_group),
         (_("Beneficiaries"), _("{n} people").format(n=format_number(proposal.beneficiaries)))],
        [(_("Organisation profile"), proposal.org_profile)],
    ]
    # Three tables, one under the other with no space: their rules meet, so they read as one.
    return [*paper.heading(_("1. Basic information")), paper.form(first), areas, paper.form(rest)]


def _team(paper: ProjectPaper, proposal: ProposalPaper) -> list[Any]:
    from desktop.reports.project_paper import together

    rows = [[paper.text(m.name), paper.text(m.education), paper.text(m.qualification), paper.text(m.role),
             paper.text(m.phone)] for m in proposal.team]
    # A team fits on a page: kept whole under its heading rather than leaving a member on the next.
    return [together([*paper.heading(_("2. Project team")), paper.listing(
        [_("Full name"), _("Education and field"), _("Social work qualification"), _("Role in the team"),
         _("Contact phone")], rows, [20 * MM, None, 32 * MM, None, 28 * MM])])]


def _design(paper: ProjectPaper, proposal: ProposalPaper) -> list[Any]:
    """三、项目方案: the narratives in the templates' order, the plan and the outputs where they belong."""
    from reportlab.platypus import Spacer

    plan = [[paper.text(str(n), "number"), paper.text(p.name),
             paper.text(f"{paper.day(p.starts_on)}\n– {paper.day(p.ends_on)}"), paper.text(p.content),
             paper.text(format_number(p.sessions), "number"), paper.text(format_number(p.person_times), "number")]
            for n, p in enumerate(proposal.plan, start=1)]
    outputs = paper.form([
        [(_("Sessions"), format_number(proposal.planned_sessions)),
         (_("Person-times served"), format_number(proposal.planned_person_times))],
        [(_("Volunteer person-times"), format_number(proposal.planned_volunteer_times)),
         (_("Beneficiaries"), format_number(proposal.beneficiaries))],
    ])
    return [
        *paper.heading(_("3. Project design")),
        *paper.subheading(_("(1) Summary")), *paper.narrative(proposal.summary),
        *paper.subheading(_("(2) Need and necessity")), *paper.narrative(proposal.needs),
        *paper.subheading(_("(3) Objectives")), *paper.narrative(proposal.objectives),
        *paper.subheading(_("(4) Plan and schedule")), *paper.narrative(proposal.approach),
        paper.listing([_("No."), _("Activity"), _("Dates"), _("Activity content"), _("Sessions"), _("Served")],
                      plan, [NUMBER, 30 * MM, DATES, None, 18 * MM, 21 * MM]),
        *paper.subheading(_("(5) Expected outcomes and evaluation")), outputs, Spacer(1, 2 * MM),
        *paper.narrative(proposal.outcomes),
        *paper.subheading(_("(6) Risks and responses")), *paper.narrative(proposal.risks),
        *paper.subheading(_("(7) Sustainability")), *paper.narrative(proposal.sustainability),
    ]


def _budget(paper: ProjectPaper, proposal: ProposalPaper) -> list[Any]:
    """四、项目预算: each category's lines under its name and over its subtotal, then the total."""
    from desktop.reports.case_paper import SHADE
    from desktop.reports.project_paper import yuan

    money = paper.money
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    for group in proposal.budget:
        y = len(rows) + 1  # the header is row 0
        rows.append([paper.text(group.category), "", "", "", "", "", "", ""])
        commands += [("SPAN", (0, y), (-1, y)), ("BACKGROUND", (0, y), (-1, y), GROUP_SHADE)]
        rows += [[paper.text(str(line.number), "number"), paper.text(line.item), paper.text(line.unit),
                  money(line.unit_price_fen), paper.text(format_number(line.quantity), "number"),
                  money(line.amount_fen), money(line.requested_fen), money(line.matching_fen)] for line in group.lines]
        rows.append([paper.label(_("Subtotal")), "", "", "", "", money(group.amount_fen), money(group.requested_fen),
                     money(group.matching_fen)])
        # A category's name stays with its first line, and its subtotal with its last.
        commands += [("SPAN", (0, len(rows)), (4, len(rows))), ("NOSPLIT", (0, y), (-1, y + 1)),
                     ("NOSPLIT", (0, len(rows) - 1), (-1, len(rows)))]
    rows.append([paper.label(_("Total")), "", "", "", "", money(proposal.lines_total_fen),
                 money(proposal.lines_requested_fen), money(proposal.lines_matching_fen)])
    commands += [("SPAN", (0, len(rows)), (4, len(rows))), ("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE),
                 ("NOSPLIT", (0, len(rows) - 1), (-1, len(rows)))]
    headers = [_("No."), _("Item"), _("Unit"), _("Unit price (yuan)"), _("Quantity"), _("Amount (yuan)"),
               _("Requested"), _("Matching")]
    if proposal.lines_requested_fen == proposal.requested_fen:
        check = _("Check: the requested funds of the lines, {lines} yuan, equal the amount requested, {requested} "
                  "yuan ({words}).")
    else:
        check = _("Check: the requested funds of the lines sum to {lines} yuan, but the amount requested is "
                  "{requested} yuan ({words}): the budget does not balance.")
    return [
        *paper.heading(_("4. Budget")),
        paper.listing(headers, rows if proposal.budget else [],
                      [NUMBER, None, 12 * MM, 20 * MM, 17.5 * MM, AMOUNT, AMOUNT, AMOUNT], *commands),
        paper.text(check.format(lines=yuan(proposal.lines_requested_fen), requested=yuan(proposal.requested_fen),
                                words=proposal.requested_in_words), "note"),
    ]


def _commitment(paper: ProjectPaper) -> Any:
    """五、承诺: the applicant's undertaking, its signature and seal, and boxes for the community's and the
    supervising unit's opinions."""
    from desktop.reports.project_paper import signing

    text = _("We undertake that everything in this proposal and its attachments is true, accurate and complete. If "
             "the project is approved, we will carry it out as planned and budgeted, use the grant only for it, and "
             "accept the supervision, audit and evaluation of the organiser, the funder and the supervising unit.")
    return signing(paper, [(_("Legal representative (signature)"), False), (_("Applicant (seal)"), True),
                           (_("Opinion of the community"), True), (_("Opinion of the supervising unit"), True)],
                   lead=[*paper.heading(_("5. Commitment")), *paper.narrative(text)])
