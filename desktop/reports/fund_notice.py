"""A fund's public notice for a period (社区基金收支公示) as a printed PDF for the community's notice board:
what it received (donors who asked not to be named as 爱心人士; goods that cannot be valued by name and
quantity) and what it used, each project's grants together, the corrections of earlier periods (a reversal
of an earlier entry: what it undoes, when and why, never a negative figure among the period's), then the
balances, the notice period (公示期) and whom to tell of an objection, signed by the committee and the host
charity. A4 with the micro-venture papers' page (``project_paper.build``), body text in 四号 so it reads
from a step away. A short table, and the balances with their heading, never break over pages; a long one
keeps its header with its first rows and its total with its last (``table_breaks.kept``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.i18n import _, format_date, ngettext
from desktop.reports.fund_statement import ledger_day, one_line
from desktop.reports.table_breaks import kept
from desktop.services.fund_notice_paper import ANONYMOUS, NoticePaper

if TYPE_CHECKING:
    from desktop.reports.project_paper import ProjectPaper

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
NUMBER = 11 * MM  # a "No." column
AMOUNT = 27 * MM  # "Amount (yuan)" over 1,234,567.89


def write_notice(paper: NoticePaper, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from desktop.reports.project_paper import build, period

    title = _("Public Notice of the Fund's Donations and Spending")
    # The short name over later pages, so the fund and the whole period fit in English as in Chinese (no "…").
    running = f"{paper.head.name} · {_('Public notice')} · {period(paper.start, paper.end)}"
    return build(out, notice_story(paper), title=title, author=paper.head.host_charity, subject=paper.head.name,
                 running=running)


def notice_story(paper: NoticePaper) -> list[Any]:
    """The notice's flowables, in the order printed."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Spacer

    from desktop.reports.project_paper import ProjectPaper, keep_headings, period, together, yuan

    doc = ProjectPaper()
    body = ParagraphStyle("notice_body", doc.styles["body"], fontSize=14, leading=24, firstLineIndent=28)
    doc.styles["notice_body"], doc.latin["notice_body"] = body, ParagraphStyle("notice_body_latin", body, wordWrap=None)
    sign = ParagraphStyle("notice_sign", body, firstLineIndent=0, alignment=TA_RIGHT)
    doc.styles["notice_sign"], doc.latin["notice_sign"] = sign, ParagraphStyle("notice_sign_latin", sign, wordWrap=None)
    head = paper.head
    when = period(paper.start, paper.end)
    contact = _("If you have a question or an objection, please tell {station} during the notice period (phone "
                "{phone}).").format(station=head.station, phone=head.station_phone or "—")
    if paper.supervisors:
        contact += _(" You may also write to the committee's supervisor: {names}.").format(
            names=_(", ").join(paper.supervisors))
    hidden = _("At the donors' request, and to protect their privacy, no donor is named in this notice.") \
        if paper.anonymised_all else _("Donors who asked not to be named are shown as “{name}”.").format(
            name=_(ANONYMOUS))
    balance = [[(_("Balance at the start"), _("{amount} yuan").format(amount=yuan(paper.opening_fen))),
                (_("Received in the period"), _("{amount} yuan").format(amount=yuan(paper.received_fen)))],
               [(_("Used in the period"), _("{amount} yuan").format(amount=yuan(paper.used_fen))),
                (_("Balance at the end"), _("{amount} yuan").format(amount=yuan(paper.closing_fen)))]]
    if paper.corrections:
        balance.insert(1, [(_("Corrections of earlier periods"), _correction_text(paper.corrected_fen))])
    return keep_headings([
        doc.text(head.name, "cover_round"),
        doc.text(_("Public Notice of the Fund's Donations and Spending"), "title"),
        doc.text(_opening(head.name, head.host_charity, when), "notice_body"),
        *doc.heading(_("1. Donations received")), _donations(doc, paper),
        *([doc.text(hidden, "note")] if paper.names_hidden else []),
        *doc.heading(_("2. Use of the money")), _uses(doc, paper),
        *_corrections(doc, paper),
        # The balance counts the goods at their valuation, as the statement's does (domain.fund_balances);
        # its few lines, their heading and note on one page.
        *doc.heading(_("4. Book balance (with goods)") if paper.corrections else _("3. Book balance (with goods)")),
        together([
            doc.form(balance),
            *([doc.text(_("Balance at the start + received − used + corrections of earlier periods = balance at "
                          "the end."), "note")] if paper.corrections else []),
        ]),
        Spacer(1, 4 * MM),
        together([
            doc.text(_("Notice period: {start} to {end}.").format(start=format_date(paper.posted_on, "long"),
                                                                  end=format_date(paper.posted_until, "long")),
                     "notice_body"),
            doc.text(contact, "notice_body"),
            Spacer(1, 8 * MM),
            doc.text(_("Management committee of {fund}").format(fund=head.name), "notice_sign"),
            doc.text(head.host_charity, "notice_sign"),
            doc.text(format_date(paper.posted_on, "long"), "notice_sign"),
        ]),
    ])


def _opening(fund: str, host: str, when: str) -> str:
    """The notice's first sentence; the host is left out when the fund's name begins with it already
    (清河县慈善会河滨社区慈善基金), so it is not said twice."""
    if not host.strip() or fund.startswith(host.strip()):
        return _("To make the fund's money open to all, we post what {fund} received and used from {period}:").format(
            fund=fund, period=when)
    return _("To make the fund's money open to all, we post what {fund}, held by {host}, received and used from "
             "{period}:").format(fund=fund, host=host, period=when)


def _donations(doc: ProjectPaper, paper: NoticePaper) -> Any:
    from desktop.reports.case_paper import TEXT_WIDTH
    from desktop.reports.project_paper import yuan

    headers = [_("No."), _("Date"), _("Donor"), _("Money or goods"), _("Purpose or goods"), _("Amount (yuan)")]
    texts = [[str(n), ledger_day(d.received_on), d.donor, d.kind, d.what,
              yuan(d.amount_fen) if d.amount_fen is not None else _("Not valued")]
             for n, d in enumerate(paper.donations, start=1)]
    rows = [[*(doc.text(v) for v in row[:5]), doc.text(row[5], "number")] for row in texts]
    if rows:
        total = ngettext("{n} donation in all", "{n} donations in all", len(rows)).format(n=len(rows))
        rows.append([doc.label(total), "", "", "", "", doc.money(paper.received_fen)])
    amount = _amount_width(doc, [row[5] for row in texts] + [yuan(paper.received_fen)])
    day, donor, kind, what = doc.widths([[headers[n], *(row[n] for row in texts)] for n in range(1, 5)],
                                        TEXT_WIDTH - NUMBER - amount)
    return doc.listing(headers, rows, [NUMBER, day, donor, kind, what, amount], ("SPAN", (0, -1), (4, -1)),
                       *kept(len(rows)))


def _uses(doc: ProjectPaper, paper: NoticePaper) -> Any:
    from desktop.reports.case_paper import TEXT_WIDTH
    from desktop.reports.project_paper import yuan

    headers = [_("No."), _("Date"), _("Project or purpose"), _("Paid to"), _("Kind"), _("Amount (yuan)")]
    texts = [[str(n), "\n".join(map(ledger_day, u.paid_on)), u.item, u.recipient, u.kind, yuan(u.amount_fen)]
             for n, u in enumerate(paper.uses, start=1)]
    rows = [[*(doc.text(v) for v in row[:5]), doc.text(row[5], "number")] for row in texts]
    if rows:
        rows.append([doc.label(_("Total")), "", "", "", "", doc.money(paper.used_fen)])
    amount = _amount_width(doc, [row[5] for row in texts] + [yuan(paper.used_fen)])
    day, item, paid_to, kind = doc.widths([[headers[n], *(row[n] for row in texts)] for n in range(1, 5)],
                                          TEXT_WIDTH - NUMBER - amount)
    return doc.listing(headers, rows, [NUMBER, day, item, paid_to, kind, amount], ("SPAN", (0, -1), (4, -1)),
                       *kept(len(rows)))


def _amount_width(doc: ProjectPaper, amounts: list[str]) -> float:
    """The amount column: as wide as the largest figure on one line, and no narrower than usual."""
    return max(AMOUNT, *(one_line(doc, amount) for amount in amounts))


def _correction_text(fen: int) -> str:
    """A correction's change to the balance in words, so a sum of them never reads as negative spending."""
    from desktop.reports.project_paper import yuan

    if fen < 0:
        return _("{amount} yuan less in the fund").format(amount=yuan(-fen))
    return _("{amount} yuan back in the fund").format(amount=yuan(fen))


def _corrections(doc: ProjectPaper, paper: NoticePaper) -> list[Any]:
    """Reversals in the period of entries posted before it (冲销): what each undoes, when and why, and how
    much it put back in the fund or took out of it. None: no section."""
    from desktop.reports.case_paper import TEXT_WIDTH
    from desktop.reports.project_paper import together

    if not paper.corrections:
        return []
    headers = [_("No."), _("Date"), _("Corrects"), _("Reason"), _("Change to the balance")]
    texts = [[str(n), ledger_day(c.posted_on),
              _("Reversal (冲销) no. {number} of entry no. {original} of {date}, {kind}: {item}").format(
                  number=c.number, original=c.original_number, date=format_date(c.original_posted_on),
                  kind=c.kind, item=c.item),
              c.reason, _correction_text(c.amount_fen)]
             for n, c in enumerate(paper.corrections, start=1)]
    rows = [[*(doc.text(v) for v in row[:4]), doc.text(row[4], "number")] for row in texts]
    rows.append([doc.label(_("Total")), "", "", "", doc.text(_correction_text(paper.corrected_fen), "number")])
    change = max(one_line(doc, row[4]) for row in [*texts, ["", "", "", "", _correction_text(paper.corrected_fen)]])
    day, what, reason = doc.widths([[headers[n], *(row[n] for row in texts)] for n in range(1, 4)],
                                   TEXT_WIDTH - NUMBER - change)
    return [*doc.heading(_("3. Corrections of earlier periods")),
            together([doc.text(_("These entries of earlier periods were found wrong and reversed (冲销) in this "
                                 "period; the amounts above do not include them."), "note"),
                      doc.listing(headers, rows, [NUMBER, day, what, reason, change], ("SPAN", (0, -1), (3, -1)),
                                  *kept(len(rows)))])]
