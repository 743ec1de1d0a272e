"""SQL sent through the app's own engine, inside a unit of work, cannot change or remove a posted entry,
a line or a reversal's link to what it undoes: the trigger refuses, and the whole unit of work, with
the donation posted in it before, is rolled back (test_ledger_append_only does the same on a bare
sqlite3 connection)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import exc, select, text

from desktop.services import communities, funds, ledger
from desktop.services.communities import CommunityInput
from desktop.services.funds import FundInput
from desktop.services.ledger import PostingInput
from desktop.storage.database import Database
from desktop.storage.models import LedgerEntry, LedgerLine

DAY = date(2025, 3, 1)


@pytest.fixture
def books(initialized_db: Database) -> Database:
    """A fund with a donation (entry 1) and its reversal (entry 2)."""
    with initialized_db.write() as session:
        community = communities.add(session, CommunityInput("青山社区", "urban", 8650, "500110108001")).id
        fund = funds.add(session, FundInput("青山社区慈善基金", community, "清河县慈善会", date(2025, 1, 1))).id
        posted = ledger.post(session, fund, PostingInput("donation_money", 500_000, DAY, counterparty="周德明"))
        assert posted.entry is not None
        ledger.reverse(session, posted.entry.id, "录错", on=DAY)
    return initialized_db


def snapshot(db: Database) -> tuple[list[tuple], list[tuple]]:
    with db.read() as session:
        return ([tuple(row) for row in session.execute(select(LedgerEntry.__table__).order_by(LedgerEntry.id))],
                [tuple(row) for row in session.execute(select(LedgerLine.__table__).order_by(LedgerLine.id))])


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entry SET amount_fen = 1 WHERE number = 1",
    "UPDATE ledger_entry SET reverses_id = NULL WHERE number = 2",  # cut the reversal loose
    "UPDATE ledger_entry SET reason = '' WHERE reverses_id IS NOT NULL",
    "UPDATE ledger_line SET side = CASE side WHEN 'debit' THEN 'credit' ELSE 'debit' END",
    "UPDATE ledger_line SET amount_fen = amount_fen + 1 WHERE account = 'bank'",
    "DELETE FROM ledger_line WHERE account = 'bank'",
    "DELETE FROM ledger_entry WHERE number = 2",
    "INSERT OR REPLACE INTO ledger_line SELECT * FROM ledger_line",
])
def test_sql_through_the_app_is_refused_and_the_unit_of_work_undone(books: Database, statement: str) -> None:
    before = snapshot(books)
    with pytest.raises(exc.IntegrityError, match="is append-only"), books.write() as session:
        fund = session.scalars(select(LedgerEntry.fund_id)).first()
        assert fund is not None
        ledger.post(session, fund, PostingInput("donation_money", 100, DAY, counterparty="同一单元"))
        session.execute(text(statement))
    assert snapshot(books) == before  # the donation posted first went too
