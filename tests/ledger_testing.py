"""Funds and postings made through the services, for the ledger tests: on a copy of the demo station
(its head acting, no Argon2), a fund of the demo community opened 200 days ago with a committee of
five that meets every rule. The demo's own fund has granted half of each running project's grant."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.project_workflow import RUNNING
from desktop.domain.ledger import Decision, EntryKind
from desktop.services import disbursements, funds, ledger
from desktop.services.acting import acting_as
from desktop.services.demo_ledger import PAYER
from desktop.services.disbursements import DisbursementInput, DisbursementView
from desktop.services.funds import FundInput, FundView, MemberInput
from desktop.services.ledger import EntryView, PostingInput
from desktop.storage.database import Database
from desktop.storage.models import Community, LedgerEntry, Project
from desktop.storage.opening import open_database
from project_testing import acting
from wushe_testing import open_copy

TODAY = date.today()
OPENED = TODAY - timedelta(days=200)
# The kinds ``post`` pays through a disbursement, with the purpose each is given unless ``memo`` says.
OUTFLOWS = {EntryKind.EXPENSE: "支出", EntryKind.TRANSFER_OUT: "基金间调拨", EntryKind.REFUND: "退还捐赠"}
COMMITTEE = (("刘桂芳", "chair"), ("何明德", "member"), ("谢文强", "member"), ("吴春燕", "member"), ("陈淑华", "supervisor"))


@pytest.fixture
def head(demo: Database) -> Iterator[Database]:
    """A copy of the demo station, its head acting."""
    with acting(demo, "admin"):
        yield demo


def fund_input(session: Session, **overrides: Any) -> FundInput:
    community = session.scalar(select(Community.id).where(Community.name == "河滨社区"))
    assert community is not None
    return replace(FundInput("清河县慈善会河滨社区慈善基金", community, "清河县慈善会", OPENED, "扶老助幼"), **overrides)


def make_fund(session: Session, committee: tuple[tuple[str, str], ...] = COMMITTEE, **overrides: Any) -> FundView:
    """A fund (``overrides`` are FundInput fields) with ``committee`` serving since it opened."""
    view = funds.add(session, fund_input(session, **overrides))
    for name, role in committee:
        funds.add_member(session, view.id, MemberInput(name, role, view.opened_on))
    return funds.get(session, view.id)


def station_with_fund(template: Path, folder: Path) -> Path:
    """The file of a copy of the demo station ``template`` in ``folder``, with the fund of ``make_fund`` (no
    entries yet), closed: for the commands to open."""
    copy = open_copy(template, folder)
    with acting(copy, "admin"), copy.write() as session:
        make_fund(session)
    assert copy.path is not None
    copy.close()
    return copy.path


def entry_count(path: Path) -> int:
    """The ledger entries in the station file ``path``, of every fund."""
    opened = open_database(path)
    try:
        with opened.read() as session:
            return int(session.scalar(select(func.count()).select_from(LedgerEntry)) or 0)
    finally:
        opened.close()


def post(session: Session, fund_id: str, kind: str, amount_fen: int | None, day: date = TODAY,
         **more: Any) -> EntryView:
    """An entry posted on ``day``; an expense, a transfer (``to_fund_id``) or a refund (``refund_of_id``)
    is proposed, approved by three of the committee and paid that day (募用分离), ``counterparty`` its
    payee (青山超市 for an expense when not given) and ``memo`` its purpose."""
    if kind in OUTFLOWS:
        assert amount_fen is not None
        payee = more.get("counterparty") or ("青山超市" if kind == EntryKind.EXPENSE else "")
        return pay(session, fund_id, DisbursementInput(kind, amount_fen, more.get("memo") or OUTFLOWS[kind],
                                                       payee=payee, to_fund_id=more.get("to_fund_id"),
                                                       refund_of_id=more.get("refund_of_id")),
                   day, more.get("account", ""), backdate_reason=more.get("backdate_reason", ""))
    posted = ledger.post(session, fund_id, PostingInput(kind, amount_fen, day, **more))
    assert posted.entry is not None
    return posted.entry


def pay(session: Session, fund_id: str, data: DisbursementInput, day: date = TODAY, account: str = "",
        payer: str | None = PAYER, backdate_reason: str = "") -> EntryView:
    """A disbursement proposed, approved by three of the committee serving ``day`` (recorded by ``payer`` as
    the committee's clerk) and paid by ``payer`` (the finance officer, not its proposer; None on a station
    with no accounts yet), all that day."""
    view = disbursements.propose_disbursement(session, fund_id, data, today=day)
    with acting_as(session, payer) if payer else nullcontext():
        decide(session, view.id, day, clerk=None)
        return disbursements.post_disbursement(session, view.id, day, account, today=day,
                                               backdate_reason=backdate_reason)


def decide(session: Session, disbursement_id: str, day: date = TODAY, voters: int = 3,
           decision: str = Decision.APPROVE, clerk: str | None = "") -> DisbursementView:
    """The decisions of the first ``voters`` of the committee serving ``day``, recorded by ``clerk``: when
    empty, the finance officer, or the head when she proposed it (a proposer records none); when None,
    whoever acts."""
    view = disbursements.disbursement(session, disbursement_id)
    clerk = clerk if clerk != "" else ("admin" if view.proposer == PAYER else PAYER)
    with acting_as(session, clerk) if clerk else nullcontext():
        for member in funds.committee(session, view.fund_id, day)[:voters]:
            view = disbursements.approve_disbursement(session, disbursement_id, member.id, decision, today=day)
    return view


def donate(session: Session, fund_id: str, amount_fen: int, day: date = TODAY, **more: Any) -> EntryView:
    """Money given to the fund, by 周德明 unless ``more`` says."""
    return post(session, fund_id, "donation_money", amount_fen, day, **{"counterparty": "周德明", **more})


def running_projects(session: Session) -> list[Project]:
    """The demo's running projects: approved 28,000 and 24,700 yuan, half of each granted already."""
    return list(session.scalars(select(Project).where(Project.status.in_(RUNNING)).order_by(Project.number)))
