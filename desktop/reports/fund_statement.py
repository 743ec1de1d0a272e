"""A fund's statement for a period (社区基金收支明细表) as a printed PDF: the fund and the period with the
opening and closing balances, 一、every entry (date, number, kind, counterparty, 摘要, in, out and the
running balance; a reversal in red, negative, in the column of the entry it undoes, and says which and
why), 二、the balances by account, 三、income and spending by category, 四、grants by project, and lines to
sign for who prepared and who checked it, with the host charity's seal. A4 with the micro-venture papers'
page (``project_paper.build``: "第 N 页 共 M 页", the fund and period at the head of later pages).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.fund_balances import CLOSING_BOOK_BALANCE, OPENING_BOOK_BALANCE
from desktop.i18n import _, format_date
from desktop.services.ledger_papers import StatementLine, StatementPaper, statement_note

if TYPE_CHECKING:
    from desktop.reports.project_paper import ProjectPaper

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early
RED = "#c62828"  # 红字: a reversal's figures, as a ledger writes them
TABLE_SIZE = 9  # points (小五): the journal's eight columns across the GB/T 9704 text block
MOST_LABEL = 40 * MM  # the head's labels at most, so its values keep 38 mm for "9,999,999,999.99 yuan"


def ledger_day(value: date | None) -> str:
    """A date in a table of the fund's papers, in the locale's medium form (2026年1月16日, Jan 16, 2026): the
    short one (1/16/26) is ambiguous to a reader of a posted sheet."""
    return format_date(value) if value else ""


def write_statement(paper: StatementPaper, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from desktop.reports.project_paper import build

    title = _("Fund Statement")
    running = f"{title} · {paper.head.name} · {_period(paper)}"
    return build(out, statement_story(paper), title=title, author=paper.head.host_charity, subject=paper.head.name,
                 running=running)


def _period(paper: StatementPaper) -> str:
    from desktop.reports.project_paper import period

    return period(paper.start, paper.end)


def statement_story(paper: StatementPaper) -> list[Any]:
    """The statement's flowables, in the order printed."""
    from desktop.reports.case_paper import LABEL_WIDTH
    from desktop.reports.project_paper import ProjectPaper, keep_headings, signing, yuan

    doc = ProjectPaper()
    head = paper.head

    def amount(fen: int) -> str:
        return _("{amount} yuan").format(amount=yuan(fen))

    facts = [
        [(_("Fund"), head.name)],
        [(_("Community"), head.community), (_("Host charity"), head.host_charity)],
        [(_("Accounting period"), _period(paper))],
        [(_(OPENING_BOOK_BALANCE), amount(paper.opening_fen)), (_(CLOSING_BOOK_BALANCE), amount(paper.closing_fen))],
        [(_("Total in"), amount(paper.in_fen)), (_("Total out"), amount(paper.out_fen))],
    ]
    # Each label on one line (Accounting period, Opening balance), the values keeping room for the amounts.
    labels = max(one_line(doc, name) for row in facts for name, _value in row)
    return keep_headings([
        *doc.masthead(_("Fund Statement"), head.name, head.station),
        doc.form(facts, min(max(labels, LABEL_WIDTH), MOST_LABEL)),
        doc.text(_("The balance is what the fund holds: bank deposits, cash and goods at the value given when "
                   "they were donated. A reversal (冲销) is printed in red, negative, in the column of the entry it "
                   "undoes."), "note"),
        *doc.heading(_("1. Entries")), _journal(paper),
        *doc.heading(_("2. Balances by account")), _accounts(doc, paper),
        *doc.heading(_("3. Income and spending by category")), _categories(doc, paper),
        *doc.heading(_("4. Grants by project")), _grants(doc, paper),
        signing(doc, [(_("Prepared by"), False), (_("Checked by (supervisor)"), False),
                      (_("Seal of the host charity"), True)],
                lead=[doc.text(_("Printed on {date}.").format(date=format_date(date.today(), "long")), "note")]),
    ])


def _small() -> ProjectPaper:
    """The papers' styles with tables in 小五, so eight columns fit the text block."""
    from reportlab.lib.styles import ParagraphStyle

    from desktop.reports.project_paper import ProjectPaper

    doc = ProjectPaper()
    for name in ("cell", "label", "number", "empty"):
        doc.styles[name] = ParagraphStyle(name, doc.styles[name], fontSize=TABLE_SIZE, leading=12)
        doc.latin[name] = ParagraphStyle(f"{name}_latin", doc.styles[name], wordWrap=None)
    doc.styles["red"] = ParagraphStyle("red", doc.styles["number"], textColor=RED)
    doc.latin["red"] = ParagraphStyle("red_latin", doc.styles["red"], wordWrap=None)
    return doc


def _journal(paper: StatementPaper) -> Any:
    """Every entry by day then number between the opening and the closing rows, its header on every page."""
    from desktop.reports.case_paper import TEXT_WIDTH
    from desktop.reports.project_paper import yuan

    doc = _small()

    def figure(fen: int) -> str:
        return yuan(fen) if fen else ""

    def memo(line: StatementLine) -> str:
        note = statement_note(line)
        return f"{line.memo}\n{note}" if note and line.memo else line.memo or note

    # A period within one year prints the year once, in the header, and the day as 01-16 (as a journal
    # book has its year above the month and day columns); a period over a new year, 2026-01-16.
    one_year = paper.start.year == paper.end.year
    headers = [_("Date ({year})").format(year=paper.start.year) if one_year else _("Date"), _("No."), _("Kind"),
               _("Counterparty"), _("Memo"), _("In (yuan)"), _("Out (yuan)"), _("Balance (yuan)")]

    def day(value: date) -> str:
        return value.strftime("%m-%d") if one_year else value.isoformat()

    body = [[day(line.posted_on), str(line.number), line.kind, line.counterparty, memo(line), figure(line.in_fen),
             figure(line.out_fen), yuan(line.balance_fen)] for line in paper.lines]
    # The opening and closing rows name themselves across the number, kind, counterparty and 摘要 columns.
    opening = [day(paper.start), _("Opening balance"), "", "", "", "", "", yuan(paper.opening_fen)]
    closing = [day(paper.end), _("Closing balance, and the totals of the period"), "", "", "", yuan(paper.in_fen),
               yuan(paper.out_fen), yuan(paper.closing_fen)]
    widths = _journal_widths(doc, headers, [opening, *body, closing], body, TEXT_WIDTH)
    red = {n + 1 for n, line in enumerate(paper.lines) if line.reverses is not None}

    def cells(y: int, row: list[str]) -> list[Any]:
        style = "red" if y in red else "number"
        return [*(doc.text(value) for value in row[:5]), *(doc.text(value, style) for value in row[5:7]),
                doc.text(row[7], "number")]

    rows = [cells(y, row) for y, row in enumerate([opening, *body, closing])]
    return doc.listing(headers, rows, widths, ("BACKGROUND", (0, 1), (-1, 1), "#f6f6f6"),
                       ("BACKGROUND", (0, -1), (-1, -1), "#f6f6f6"), ("SPAN", (1, 1), (4, 1)),
                       ("SPAN", (1, -1), (4, -1)))


def _journal_widths(doc: ProjectPaper, headers: list[str], every: list[list[str]], body: list[list[str]],
                    room: float) -> list[float]:
    """The journal's column widths. The date, the number and the amounts on one line, however large (a
    wrapped figure misreads, and a date on two lines doubles every row); the headers of the amounts
    break between words (收入 / （元）), so a header sets no width beyond its longest word. The kind
    is on one line when that costs the counterparty and 摘要, which share what is left, no more lines than
    it saves (Money donation), else broken between its words (Money / donation; never 货币 / 捐赠)."""
    fixed = {n: max(one_line(doc, row[n]) for row in every) for n in (0, 5, 6, 7)}
    fixed[1] = max(one_line(doc, row[1]) for row in body) if body else 0
    fixed = {n: max(width, *(one_line(doc, word) for word in _header_words(headers[n]))) for n, width in fixed.items()}
    kinds = [row[2] for row in body] or [""]
    choices = {max(one_line(doc, word) for kind in kinds for word in [*kind.split(), headers[2]]),
               max(one_line(doc, kind) for kind in [*kinds, headers[2]])}

    def laid_out(kind: float) -> tuple[int, list[float]]:
        shared = doc.widths([[headers[n], *(row[n].split("\n")[0] if n == 4 else row[n] for row in body)]
                             for n in (3, 4)], room - sum(fixed.values()) - kind)
        widths = [fixed[0], fixed[1], kind, *shared, fixed[5], fixed[6], fixed[7]]
        return sum(max(_lines(doc, row[n], widths[n]) for n in (2, 3, 4)) for row in body), widths

    # The one-line kind first: it is kept when the lines tie.
    return min((laid_out(kind) for kind in sorted(choices, reverse=True)), key=lambda laid: laid[0])[1]


def _lines(doc: ProjectPaper, text: str, width: float) -> int:
    """About how many lines ``text`` takes in a journal cell ``width`` wide."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.reports.case_paper import PAD

    room = max(width - 2 * PAD, 1)
    return sum(max(1, math.ceil(stringWidth(part, doc.font, doc.styles["cell"].fontSize) / room))
               for part in text.split("\n"))


def _header_words(header: str) -> list[str]:
    """Where a header may break: between words, and before a unit in brackets (收入 / （元）)."""
    return header.replace("（", " （").replace("(", " (").split()


def one_line(doc: ProjectPaper, text: str) -> float:
    """The width of a table column holding ``text`` on one line, with the cell's padding."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.reports.case_paper import PAD

    return stringWidth(text, doc.font, doc.styles["cell"].fontSize) + 2 * PAD + 1


def _accounts(doc: ProjectPaper, paper: StatementPaper) -> Any:
    rows = [[doc.text(a.account), doc.money(a.opening_fen), doc.money(a.closing_fen)] for a in paper.accounts]
    rows.append([doc.label(_("Total")), doc.money(paper.opening_fen), doc.money(paper.closing_fen)])
    return doc.listing([_("Account"), _("Opening (yuan)"), _("Closing (yuan)")], rows, [None, 40 * MM, 40 * MM])


def _categories(doc: ProjectPaper, paper: StatementPaper) -> Any:
    """Income, then spending, each with its total, and what the period added to the fund. (No cell spans
    rows: ReportLab leaves the heights of a table with row spans unknown when it splits one over pages.)"""
    from desktop.reports.project_paper import together

    rows: list[list[Any]] = [[doc.text(_("Income")), doc.text(line.category), doc.money(line.amount_fen)]
                             for line in paper.income]
    rows.append(["", doc.label(_("Total income")), doc.money(paper.income_fen)])
    rows += [[doc.text(_("Spending")), doc.text(line.category), doc.money(line.amount_fen)] for line in paper.spending]
    rows.append(["", doc.label(_("Total spending")), doc.money(paper.spending_fen)])
    rows.append([doc.label(_("Income less spending")), "", doc.money(paper.income_fen - paper.spending_fen)])
    totals = [len(paper.income) + 1, len(paper.income) + len(paper.spending) + 2, -1]  # rows under the header
    # Kept on one page: a split may leave 收支结余 alone under a repeated header (the table is a dozen rows).
    return together([doc.listing([_("Income or spending"), _("Category"), _("Amount (yuan)")], rows,
                                 [30 * MM, None, 40 * MM], *(("BACKGROUND", (0, y), (-1, y), "#f6f6f6") for y in totals),
                                 ("SPAN", (0, -1), (1, -1)))])


def _grants(doc: ProjectPaper, paper: StatementPaper) -> Any:
    """Each project granted in the period; its number on one line (创投-2026-0001 would wrap like Chinese)."""
    from desktop.reports.case_paper import TEXT_WIDTH
    from desktop.reports.project_paper import yuan

    headers = [_("Project no."), _("Project"), _("Organisation"), _("In the period (yuan)"), _("To date (yuan)"),
               _("Approved (yuan)")]
    texts = [[g.project_number, g.project_title, g.org, yuan(g.amount_fen), yuan(g.to_date_fen),
              yuan(g.approved_fen) if g.approved_fen is not None else "—"] for g in paper.grants]
    rows = [[*(doc.text(v) for v in row[:3]), *(doc.text(v, "number") for v in row[3:])] for row in texts]
    number = max(one_line(doc, text) for text in [headers[0], *(row[0] for row in texts)])
    widths = doc.widths([[header, *(row[n] for row in texts)] for n, header in enumerate(headers) if n],
                        TEXT_WIDTH - number)
    return doc.listing(headers, rows, [number, *widths])
