"""Codes in the order their labels are listed (registered before filed), not alphabetically: an order by
an expression, which an index on the same expression serves (``case_file.STAGE_ORDER``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, case, literal


def in_listed_order(column: ColumnElement[str], codes: Iterable[str]) -> ColumnElement[int]:
    """The position of ``column``'s code among ``codes`` (after them: one not listed). Written with literals,
    not parameters: SQLite walks an index on an expression only for a query with the same expression, and
    a parameter is no constant to it."""
    codes = list(codes)
    return case({literal(str(code), literal_execute=True): literal(n, literal_execute=True)
                 for n, code in enumerate(codes)}, value=column, else_=literal(len(codes), literal_execute=True))
