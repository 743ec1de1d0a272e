"""Record numbers people quote (个案-2026-0001, 创投-2026-0001): per node and year, never keys.

Each node numbers its own records, so two nodes' files merged at the county may share a number; the
number is what paper and talk use, the id what the database joins on.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session


def next_number(session: Session, number: InstrumentedAttribute[str], origin: InstrumentedAttribute[str],
                word: str, year: int) -> str:
    """One more than this node's highest serial of ``word`` and ``year`` in the ``number`` column.
    Serials are digits, which sort before ":", so the year's numbers are a range the number's index
    serves (LIKE on SQLite would scan)."""
    prefix = f"{word}-{year}-"
    latest = session.scalar(select(number).where(number >= prefix, number < prefix + ":",
                                                 origin == session.info["node_id"])
                            .order_by(func.length(number).desc(), number.desc()).limit(1))
    return f"{prefix}{(int(latest.removeprefix(prefix)) + 1 if latest else 1):04d}"


def next_in_fund(session: Session, number: InstrumentedAttribute[int | None], fund: InstrumentedAttribute[str],
                 fund_id: str) -> int:
    """One more than the highest ``number`` of the fund's rows (1 for its first): a number people quote (an
    entry's, a disbursement's, a balance's), taken inside the write transaction that stores it, the fund
    locked (``funds.open_fund``; on SQLite the transaction holds the file), and kept after (``sync.registry.NUMBERED``)."""
    return (session.scalar(select(func.max(number)).where(fund == fund_id)) or 0) + 1
