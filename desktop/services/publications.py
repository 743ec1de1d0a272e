"""A fund's statement (收支明细) or public notice (收支公示) saved or printed is a publication: the fund, the kind,
the period, when and by whom, the SHA-256 of the file and the totals it printed (``FundPublication``). Once
published after its period ended, a period's books are closed: an entry dated in it, or before it (the opening
balance printed would change), needs a reason for back-dating, as one dated into a recorded balance does
(``reconciliation.check_open``). A paper printed before its period ended (its last day on or after the day
printed: today's figures, checked) is a snapshot of a running period (``Publication.period_open``): it is
recorded, but it closes no books and ``wushe check`` does not compare it. A reversal is dated the day it is made,
so undoing an entry of a published period leaves that period as printed and shows in the next one. ``wushe check`` reports a publication whose
totals no longer match its period's entries (one went in with a reason), so a corrected paper is posted.
Previewing publishes nothing; printing and saving are allowed to anyone who may look at the data, and so is
recording that they did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.permissions import Action
from desktop.i18n import N_
from desktop.services.case_access import local_day
from desktop.services.funds import load_fund
from desktop.services.guard import require
from desktop.storage.digest import file_sha256
from desktop.storage.models import FundPublication

if TYPE_CHECKING:
    from desktop.services.fund_notice_paper import NoticePaper
    from desktop.services.ledger_papers import StatementPaper

STATEMENT, NOTICE = "statement", "notice"
KIND_LABELS = {STATEMENT: N_("Fund statement"), NOTICE: N_("Public notice")}


@dataclass(frozen=True)
class Totals:
    """What a paper printed for its period: the fund's assets at its opening and close, and what came in and went
    out (a notice's: received and used; its corrections of earlier periods are in the closing balance)."""

    opening_fen: int
    in_fen: int
    out_fen: int
    closing_fen: int


@dataclass(frozen=True)
class Publication:
    id: str
    fund_id: str
    kind: str  # STATEMENT or NOTICE
    start: date
    end: date
    at: datetime  # when it was saved or printed (UTC)
    by: str
    sha256: str
    totals: Totals

    @property
    def kind_label(self) -> str:
        return label(KIND_LABELS, self.kind)

    @property
    def period_open(self) -> bool:
        """Printed before its period ended: a snapshot of a running period, which closes no books."""
        return self.end >= local_day(self.at)


def _view(row: FundPublication) -> Publication:
    return Publication(row.id, row.fund_id, row.kind, row.period_start, row.period_end, row.created_at, row.by_name,
                       row.sha256, Totals(row.opening_fen, row.in_fen, row.out_fen, row.closing_fen))


def record(session: Session, paper: StatementPaper | NoticePaper, path: Path) -> Publication:
    """Record that ``paper``, written to ``path`` (a PDF, or a statement's workbook), was saved or printed."""
    who = require(session, Action.VIEW)
    fund = load_fund(session, paper.head.fund_id)
    totals = paper.totals
    row = FundPublication(fund_id=fund.id, kind=paper.KIND, period_start=paper.start, period_end=paper.end,
                          by_name=who.display_name, sha256=file_sha256(path), opening_fen=totals.opening_fen,
                          in_fen=totals.in_fen, out_fen=totals.out_fen, closing_fen=totals.closing_fen)
    session.add(row)
    session.flush()
    return _view(row)


def publications(session: Session, fund_id: str) -> list[Publication]:
    """The fund's publications, the latest first."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    return [_view(row) for row in session.scalars(select(FundPublication).where(
        FundPublication.fund_id == fund_id, FundPublication.deleted_at.is_(None))
        .order_by(FundPublication.created_at.desc(), FundPublication.hlc.desc()))]


def every_publication(session: Session) -> list[Publication]:
    """Every fund's publications that closed their periods (snapshots of a running period are not compared), by
    fund and period, each period's in the order printed, for ``wushe check`` (read with nobody signed in)."""
    return [found for found in map(_view, session.scalars(select(FundPublication).where(
        FundPublication.deleted_at.is_(None)).order_by(FundPublication.fund_id, FundPublication.period_start,
                                                       FundPublication.period_end, FundPublication.created_at,
                                                       FundPublication.hlc))) if not found.period_open]


def _closing(session: Session, fund_id: str, since: date | None = None) -> list[Publication]:
    """The fund's publications that closed their periods, ending ``since`` or later (any when None), by the end
    of their period, then in the order printed. Which did is known only by the station's day each was printed
    on (``Publication.period_open``), so the few rows are sorted out here."""
    where = [FundPublication.fund_id == fund_id, FundPublication.deleted_at.is_(None)]
    if since is not None:
        where.append(FundPublication.period_end >= since)
    rows = session.scalars(select(FundPublication).where(*where).order_by(FundPublication.period_end,
                                                                           FundPublication.created_at))
    return [found for found in map(_view, rows) if not found.period_open]


def closing(session: Session, fund_id: str, day: date) -> Publication | None:
    """The publication whose period an entry of the fund dated ``day`` would change: the first that closed a
    period ending on or after it (the one holding the day, when one does), the earliest printed of those; None
    when none does."""
    return next(iter(_closing(session, fund_id, day)), None)


def closed_through(session: Session, fund_id: str) -> date | None:
    """The last day of the fund's periods closed by a publication, None while none is."""
    found = _closing(session, fund_id)
    return found[-1].end if found else None
