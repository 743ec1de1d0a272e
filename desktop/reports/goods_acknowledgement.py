"""The acknowledgement of goods that cannot be valued (捐赠物资接收确认书) as a printed PDF: the donor's
copy and the counterfoil on one A4 sheet, like the donation receipt (``two_copy_sheet``), but with no
amount anywhere. Each copy names the goods by name and quantity, the donor, the day received, the fund
and its host charity, says that the goods could not be valued and are not counted as income, and that
it is neither a donation receipt nor the official 公益事业捐赠票据. A record a correction replaced is
stamped "已更正" across both copies and says what replaced it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.i18n import _, format_date
from desktop.reports.donation_receipt import goods_text
from desktop.reports.two_copy_sheet import MM, signing_row, write_two_copies
from desktop.services.goods_acknowledgement import AcknowledgementPaper, Superseded
from desktop.services.ledger_papers import quantity_text


def write_acknowledgement(paper: AcknowledgementPaper, out: Path) -> Path:
    return write_two_copies(out, lambda base, which: _copy(base, paper, which),
                            title=_("Acknowledgement of Goods"), author=paper.head.name, subject=paper.number,
                            stamp=_("SUPERSEDED (已更正)") if paper.superseded else "")


def _copy(base: Any, paper: AcknowledgementPaper, which: str) -> list[Any]:
    from reportlab.platypus import Spacer

    head = paper.head
    rows: list[list[tuple[str, str]]] = [
        [(_("Donor"), paper.donor), (_("Date received"), format_date(paper.received_on, "long"))],
        [(_("Fund"), head.name)],
        [(_("Host charity"), head.host_charity), (_("Kind of donation"), _("Goods (物资)"))],
    ]
    for line in paper.goods:
        rows.append([(_("Goods"), line.name), (_("Quantity"), quantity_text(line.quantity, line.unit))])
        if line.note:
            rows.append([(_("Note"), line.note)])
    rows.append([(_("Valuation"), _("None: the goods could not be valued, so they are not counted as income and "
                                    "no amount is stated."))])
    flow: list[Any] = [
        base.text(_("{fund} Acknowledgement of Goods").format(fund=head.name), "slip_title"),
        *base.masthead("", _("No. {number}").format(number=paper.number), which)[1:],
        base.form(rows),
    ]
    if paper.superseded:
        flow.append(base.text(_superseded(paper.superseded), "red"))
    flow.append(Spacer(1, 1 * MM))
    flow.append(base.text(_("The fund acknowledges receiving these goods: {goods}. This is not a donation receipt "
                            "and states no amount. It is not the official donation ticket (公益事业捐赠票据) and "
                            "cannot be used for tax deduction.").format(
        goods=_("; ").join(goods_text(line) for line in paper.goods)), "meta"))
    return [*flow, Spacer(1, 1.5 * MM), signing_row(base, paper.recorded_by, format_date(paper.received_on, "long"))]


def _superseded(by: Superseded) -> str:
    day = format_date(by.on, "long")
    if by.entry_number is not None:
        return _("Superseded on {date}: the goods were valued and posted as entry {entry}, whose donation receipt "
                 "acknowledges them ({reason}).").format(date=day, entry=by.entry_number, reason=by.reason)
    return _("Superseded on {date} by the acknowledgement no. {number}: {reason}").format(
        date=day, number=by.by_number, reason=by.reason)
