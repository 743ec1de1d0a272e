"""What the ``wushe ledger`` commands share: a record named by an option, an amount typed in yuan, and
an entry and a fund's balance as JSON (amounts in yuan with two places)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.projects import yuan
from desktop.domain.money import to_fen
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import funds, ledger
from desktop.services.ledger import Balances, EntryView
from desktop.services.ledger_papers import find_fund


BACKDATE_FLAG = "--backdate-reason"


def backdate_option(q: argparse.ArgumentParser) -> None:
    """The reason an entry may be dated into books a confirmed bank balance closed (``ledger.write_entry``)."""
    q.add_argument(BACKDATE_FLAG, dest="backdate_reason", default="", metavar="REASON",
                   help=_("why the entry is dated on or before a bank balance already confirmed (the books are "
                          "closed up to it); kept in the audit log"))


@contextmanager
def looked_up(flag: str) -> Iterator[None]:
    """A record looked up by an option that is not there is reported under that option."""
    try:
        yield
    except NotFoundError as exc:
        raise ValidationError(flag, exc.message) from exc


def fund_of(session: Session, name_or_id: str, flag: str = "--fund") -> str:
    """The id of the fund an option names by its name or id."""
    with looked_up(flag):
        return find_fund(session, name_or_id)


def entry_of(session: Session, entry: str, fund: str) -> EntryView:
    """The entry of --entry: a number in the fund of --fund (or of the station's only fund), or an id."""
    wanted = entry.strip()
    if not wanted.isdigit():
        with looked_up("--entry"):
            return ledger.entry(session, wanted)
    fund_id = fund_of(session, fund) if fund.strip() else only_fund(
        session, _("Entry numbers run per fund: name the fund with --fund ({funds})."))
    with looked_up("--entry"):
        return ledger.entry_by_number(session, fund_id, int(wanted))


def only_fund(session: Session, message: str) -> str:
    """The id of the station's one fund; with none or several, a refusal under --fund: ``message``, naming
    the funds in its {funds}."""
    every = funds.list_all(session)
    if not every:
        raise ValidationError("--fund", _("The station has no fund yet."))
    if len(every) > 1:
        raise ValidationError("--fund", message.format(funds=_(", ").join(view.name for view in every)))
    return every[0].id


def fen_typed(text: str | None) -> int | None:
    """Yuan as typed (12.34) in fen; errors are the amount's."""
    return None if text is None else to_fen(text.strip())


def balance_row(view: Balances) -> dict[str, Any]:
    return {"fund_id": view.fund_id, "on": view.as_of, "available": yuan(view.available_fen),
            "accounts": {code: yuan(fen) for code, fen in view.accounts.items()}}


def entry_row(view: EntryView) -> dict[str, Any]:
    return {"id": view.id, "fund_id": view.fund_id, "number": view.number, "kind": view.kind,
            "posted_on": view.posted_on, "amount": yuan(view.amount_fen), "memo": view.memo,
            "counterparty": view.counterparty, "anonymous": view.anonymous, "project_id": view.project_id,
            "linked_id": view.linked_id, "reverses_id": view.reverses_id, "reason": view.reason,
            "by": view.by_name, "lines": [{"account": line.account, "side": line.side.value,
                                           "amount": yuan(line.amount_fen)} for line in view.lines]}
