"""The donation receipt (捐赠收据) as a printed PDF: the donor's copy and the counterfoil on one A4 sheet
(``two_copy_sheet``); a receipt that is voided is taken back and kept with its counterfoil.

Each copy carries the number, the fund and its host charity, donor, purpose, dates, the amount in
figures and in Chinese upper case, goods in kind by name and quantity, the issuer and a box for the host
charity's seal (a fund has no seal of its own), and says that it is not the official 公益事业捐赠票据,
whose code and number it shows once the host charity has issued one. A voided receipt is stamped
"作废" across both copies and gives the reason; one whose donation was given back, in full or in part, is
stamped "已全额退款" or "已退款" with the amount, and says how much of the donation was refunded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.i18n import _, format_date
from desktop.reports.two_copy_sheet import MM, signing_row, write_two_copies
from desktop.services.ledger_papers import GoodsLine, ReceiptPaper, quantity_text


def write_receipt(paper: ReceiptPaper, out: Path) -> Path:
    return write_two_copies(out, lambda base, which: _copy(base, paper, which), title=_("Donation Receipt"),
                            author=paper.head.name, subject=paper.number, stamp=_stamp(paper))


def _fully_refunded(paper: ReceiptPaper) -> bool:
    return paper.refunded_fen >= paper.amount_fen


def _stamp(paper: ReceiptPaper) -> str:
    """What is stamped across both copies: a voided receipt, or a donation given back (the 收据 tab's
    status), so whoever holds either copy sees at once that it no longer stands for the whole amount."""
    from desktop.reports.project_paper import yuan

    if paper.voided:
        return _("VOID (作废)")
    if not paper.refunded_fen:
        return ""
    if _fully_refunded(paper):
        return _("FULLY REFUNDED (已全额退款)")
    return _("REFUNDED ¥{amount} (已退款)").format(amount=yuan(paper.refunded_fen))


def _refund_text(paper: ReceiptPaper) -> str:
    from desktop.reports.project_paper import yuan

    if _fully_refunded(paper):
        return _("Fully refunded (已全额退款): the whole {amount} yuan was given back to the donor.").format(
            amount=yuan(paper.amount_fen))
    return _("Refunded (已退款): {refunded} yuan of the {amount} yuan was given back to the donor.").format(
        refunded=yuan(paper.refunded_fen), amount=yuan(paper.amount_fen))


def _copy(base: Any, paper: ReceiptPaper, which: str) -> list[Any]:
    from reportlab.platypus import Spacer

    from desktop.reports.project_paper import yuan

    head = paper.head
    if paper.official_ticket_code:
        ticket = _("Code {code}, number {number}").format(code=paper.official_ticket_code,
                                                        number=paper.official_ticket_number)
    else:
        ticket = _("Not issued yet; the host charity {host} issues it.").format(host=head.host_charity)
    # The fund's name and the amount in words each have a row of their own, so each reads on one line (the
    # longest amount, 人民币玖仟玖佰…玖角玖分, fits): broken mid-amount, the words misread and do not copy
    # out as one string.
    rows: list[list[tuple[str, str]]] = [
        [(_("Donor"), paper.donor), (_("Date of donation"), format_date(paper.donated_on, "long"))],
        [(_("Fund"), head.name)],
        [(_("Host charity"), head.host_charity), (_("Kind of donation"), paper.kind)],
        [(_("Purpose of the donation"), paper.purpose), (_("Amount in figures"), f"¥{yuan(paper.amount_fen)}")],
        [(_("Amount in words"), _("RMB {words}").format(words=paper.amount_in_words))],
    ]
    if paper.goods:
        rows.append([(_("Goods in kind"), _("; ").join(goods_text(g) for g in paper.goods))])
    # The label's full name, 公益事业捐赠票据, would wrap in the label column leaving 据 alone; the note below
    # names it in full.
    rows.append([(_("Official ticket (捐赠票据)"), ticket)])
    flow: list[Any] = [
        base.text(_("{fund} Donation Receipt").format(fund=head.name), "slip_title"),
        *base.masthead("", _("No. {number}").format(number=paper.number), which)[1:],
        base.form(rows),
    ]
    if paper.voided:
        flow.append(base.text(_("Voided on {date}: {reason}").format(
            date=format_date(paper.voided_on, "long") if paper.voided_on else "", reason=paper.void_reason), "red"))
    elif paper.refunded_fen:
        flow.append(base.text(_refund_text(paper), "red"))
    flow.append(Spacer(1, 1 * MM))
    flow.append(base.text(_("This receipt is the fund's own acknowledgement of the donation. It is not the "
                            "official donation ticket (公益事业捐赠票据) and cannot be used for tax deduction; the "
                            "host charity {host} issues that ticket.").format(host=head.host_charity), "meta"))
    return [*flow, Spacer(1, 1.5 * MM), signing_row(base, paper.issuer, format_date(paper.issued_on, "long"))]


def goods_text(line: GoodsLine) -> str:
    """Goods as a slip names them: 大米 20 袋 (新米)."""
    text = f"{line.name} {quantity_text(line.quantity, line.unit)}"
    return _("{goods} ({note})").format(goods=text, note=line.note) if line.note else text
