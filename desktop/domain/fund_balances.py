"""The two balances of a fund, named alike wherever they show (lists, windows, CLI, papers): its money in
bank and cash, what it can pay out (资金余额), and its book balance (账面余额（含物资）), which counts the
goods donated at their valuation too and is what a statement's 期初/期末余额 and a notice's balance are."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.domain.ledger import ASSETS
from desktop.i18n import N_

MONEY_BALANCE = N_("Money balance (bank and cash)")
BOOK_BALANCE = N_("Book balance (with goods)")
MONEY_BALANCE_YUAN = N_("Money balance (yuan)")  # a column's header
BOOK_BALANCE_YUAN = N_("Book balance with goods (yuan)")
# A statement's, short enough for its head's label column (fund_statement.MOST_LABEL) on one line.
OPENING_BOOK_BALANCE = N_("Book balance at start")
CLOSING_BOOK_BALANCE = N_("Book balance at end")


def book_fen(accounts: Mapping[str, int]) -> int:
    """The book balance: every asset account (bank, cash and goods) of a fund's balances."""
    return sum(accounts[code] for code in ASSETS)
