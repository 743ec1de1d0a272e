"""What the community-fund screens share: the topic their changes are published under, the day of
something done in a fund, and the asset accounts a form offers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit

from desktop.domain.ledger import ACCOUNT_LABELS
from desktop.i18n import _
from desktop.services.funds import FundView
from desktop.ui.forms import fill_combo
from desktop.ui.volunteers.fields import day_edit

TOPIC = "funds"  # published after every write to a fund, its committee, journal, receipts or disbursements
REFRESH_ON = (TOPIC, "communities", "donors", "projects", "all")  # changes that may touch what the screens show


def fund_day_edit(fund: FundView, value: date | None = None) -> QDateEdit:
    """A day something was done in the fund: from the day it opened to today, today to start with."""
    edit = day_edit(value)
    edit.setMinimumDate(QDate(fund.opened_on))
    return edit


def account_combo(codes: Iterable[str]) -> QComboBox:
    """The asset accounts ``codes`` by their labels, the first chosen (the usual one)."""
    combo = QComboBox()
    fill_combo(combo, {code: _(ACCOUNT_LABELS[code]) for code in codes})
    return combo


def quantity_text(quantity: Decimal, unit: str) -> str:
    """"120 份": a quantity without trailing zeros, with its unit."""
    return f"{quantity.normalize():f} {unit}".strip()
