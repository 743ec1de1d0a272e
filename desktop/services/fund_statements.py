"""The fund statement as the CLI and the fund window ask for it: for a period that has begun (a statement of
days to come would print balances nobody has seen), and as a workbook (.xlsx) whose sheets carry the same
head as the PDF's, so that a file sent on its own (to the county, to an auditor) says which fund, whose
account and which period it covers, its opening and closing book balances and when it was written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from desktop.domain.fund_balances import CLOSING_BOOK_BALANCE, OPENING_BOOK_BALANCE
from sqlalchemy.orm import Session

from desktop.domain.money import from_fen
from desktop.errors import ValidationError
from desktop.i18n import _, format_date
from desktop.services.activity_stats import period_text
from desktop.services.ledger_papers import StatementPaper, check_period, statement_paper, statement_sheets
from desktop.services.spreadsheet import SheetData


def check_statement_period(start: date, end: date, today: date | None = None) -> None:
    """A statement's period ends on or after its start, and begins by today."""
    check_period(start, end)
    day = today or date.today()
    if start > day:
        raise ValidationError("start", _("The period has not begun: a statement covers days up to today, {date}.")
                              .format(date=format_date(day)))


def statement(session: Session, fund_id: str, start: date, end: date, today: date | None = None) -> StatementPaper:
    """The fund's statement from ``start`` to ``end``, for a period that has begun."""
    check_statement_period(start, end, today)
    return statement_paper(session, fund_id, start, end)


def _fact(name: str, value: str) -> str:
    return _("{label}: {value}").format(label=name, value=value)


def _yuan(fen: int) -> str:
    return _("{amount} yuan").format(amount=f"{from_fen(fen):,}")


def statement_heading(paper: StatementPaper, written_on: date) -> tuple[str, ...]:
    """The lines over every sheet: the title and fund, the host charity and community, the period, the
    opening and closing book balances (with the closing balance of each account), and the day written."""
    head = paper.head
    accounts = _(", ").join(f"{line.account} {_yuan(line.closing_fen)}" for line in paper.accounts)
    return (
        _("{title}: {fund}").format(title=_("Fund Statement"), fund=head.name),
        _("; ").join((_fact(_("Host charity"), head.host_charity), _fact(_("Community"), head.community))),
        _fact(_("Accounting period"), period_text(paper.start, paper.end)),
        _("; ").join((_fact(_(OPENING_BOOK_BALANCE), _yuan(paper.opening_fen)),
                      _fact(_(CLOSING_BOOK_BALANCE), _yuan(paper.closing_fen)))),
        _fact(_("Closing balances by account"), accounts),
        _("Written on {date} by {station}").format(date=format_date(written_on, "long"), station=head.station),
    )


def statement_workbook(paper: StatementPaper, written_on: date | None = None) -> list[SheetData]:
    """The statement's sheets, each under the statement's heading."""
    heading = statement_heading(paper, written_on or date.today())
    return [replace(sheet, heading=heading) for sheet in statement_sheets(paper)]
