"""Correcting goods recorded with no valuation (捐赠物资，无法估值), append-only like the rest of the ledger.

Goods that cannot be valued have no entry, so no reversal can undo them. They are corrected by a new
record that replaces the earlier one (``GoodsInKind.replaces_id``) and says why: the name, quantity,
unit or note put right, or a valuation found later (an invoice, a market price). A valuation makes the
goods income from then on: the new record comes with a donation-of-goods entry dated the day it is
made, like a reversal, never back in a period already reported. The replaced record stays, shown as
replaced; the donor and their wish not to be named carry over. Goods with a valuation are corrected by
reversing their donation entry instead. Needs RECORD_LEDGER.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.ledger import EntryKind, check_amount, lines_for
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.case_access import written
from desktop.services.forms import required_text
from desktop.services.funds import fund_day, open_fund
from desktop.services.guard import require
from desktop.services.ledger import Draft, GoodsInput, Posted, entry_views, goods_number, write_entry
from desktop.services.ledger_papers import quantity_text
from desktop.storage.models import GoodsInKind



def correct_goods(session: Session, goods_id: str, data: GoodsInput, valued_fen: int | None, reason: str,
                  on: date | None = None, today: date | None = None) -> Posted:
    """Replace the record of goods with no valuation by ``data``, valued at ``valued_fen`` (still not
    valued when None), ``reason`` saying why; a valuation is posted as income dated ``on`` (today when
    None). Returns the entry posted (None when still not valued) and the new record."""
    who = require(session, Action.RECORD_LEDGER)
    day_now = today or date.today()
    row = session.get(GoodsInKind, goods_id) if goods_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such record of goods."))
    if row.entry_id is not None:
        raise ValidationError("goods_id", _("These goods were valued and posted: reverse their donation entry to "
                                            "correct them."))
    if session.scalar(select(GoodsInKind.id).where(GoodsInKind.replaces_id == row.id)) is not None:
        raise ValidationError("goods_id", _("This record has been corrected already: correct the record that "
                                            "replaced it."))
    data = data.validated()
    reason = required_text(reason, "reason", 200)
    if valued_fen is not None:
        check_amount(valued_fen)
    fund = open_fund(session, row.fund_id)
    day = fund_day(fund, on or day_now, "posted_on", day_now)
    if day < row.received_on:
        raise ValidationError("posted_on", _("A valuation is dated on or after the goods were received ({date}).")
                              .format(date=row.received_on.isoformat()))
    entry = None
    if valued_fen is not None:
        memo = f"{data.name} {quantity_text(data.quantity, data.unit)}"
        entry = write_entry(session, fund, Draft(EntryKind.DONATION_GOODS, day,
                                                 lines_for(EntryKind.DONATION_GOODS, valued_fen), memo,
                                                 row.counterparty, row.anonymous, row.donor_id, reason=reason),
                            who, today)
    new = GoodsInKind(fund_id=fund.id, entry_id=entry.id if entry else None, donor_id=row.donor_id,
                      counterparty=row.counterparty, received_on=row.received_on, name=data.name,
                      quantity_centi=int(data.quantity.scaleb(2)), unit=data.unit, valued_fen=valued_fen,
                      note=data.note, anonymous=row.anonymous, replaces_id=row.id, reason=reason,
                      by_name=who.display_name, ack_number=goods_number(session, fund.id, entry.id if entry else None),
                      **written(today))
    session.add(new)
    session.flush()
    return Posted(entry_views(session, [entry.id])[0] if entry else None, new.id)
