"""``wushe ledger entries``: a fund's journal entries (记账凭证), with the numbers ``reverse --entry`` and
``receipt-issue --entry`` take, for a period and of one kind when asked. The same service as the 流水 tab,
so the same right: anyone who may look at the data."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.ledger_common import fund_of, only_fund
from desktop.cli.output import print_json, print_table
from desktop.cli.projects import yuan
from desktop.domain.codes import label
from desktop.domain.ledger import ACCOUNT_LABELS, ASSETS, EntryKind
from desktop.i18n import _
from desktop.services import ledger, ledger_lists
from desktop.services.ledger import EntryView
from desktop.services.ledger_papers import check_period

# --kind takes an entry's kind, or the word ``post --kind`` uses for both kinds of a donation or a transfer.
KIND_WORDS = {**{kind.value: {kind} for kind in EntryKind},
              "donation": {EntryKind.DONATION_MONEY, EntryKind.DONATION_GOODS},
              "transfer": {EntryKind.TRANSFER_OUT, EntryKind.TRANSFER_IN}}


def register(commands: Any) -> None:
    """Add ``entries`` to the ``wushe ledger`` group's subparsers."""
    q = commands.add_parser("entries", help=_("a fund's journal entries, with their numbers (for reverse --entry)"))
    q.add_argument("--fund", default="", metavar="NAME_OR_ID",
                   help=_("the fund's name or id (needed when the station has several)"))
    q.add_argument("--from", dest="start", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=_("only entries posted on or after this day"))
    q.add_argument("--to", dest="end", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=_("only entries posted on or before this day"))
    q.add_argument("--kind", default="", choices=list(KIND_WORDS), help=_("only entries of this kind"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_entries, field_flags={"start": "--from", "end": "--to", "fund": "--fund"})


def _accounts(view: EntryView) -> list[str]:
    """The fund's bank, cash or goods the entry moved (what a person calls its account), once each."""
    return list(dict.fromkeys(line.account for line in view.lines if line.account in ASSETS))


def _entries(args: argparse.Namespace) -> int:
    if args.start and args.end:
        check_period(args.start, args.end)
    db = open_signed_in(args)
    with db.read() as session:
        fund_id = fund_of(session, args.fund) if args.fund.strip() else only_fund(
            session, _("Entry numbers run per fund: name the fund with --fund ({funds})."))
        views = [v for v in ledger.entries(session, fund_id, args.start, args.end)
                 if not args.kind or v.kind in KIND_WORDS[args.kind]]
        # The entries a listed one reverses, or is reversed by, may lie outside the period.
        others = {i for v in views for i in (v.reverses_id, v.reversed_by) if i} - {v.id for v in views}
        numbers = {v.id: v.number for v in (*views, *ledger.entry_views(session, sorted(others)))}
        backdated = ledger_lists.backdate_reasons(session, [v.id for v in views])
    if args.json:
        print_json([{"number": v.number, "id": v.id, "posted_on": v.posted_on, "kind": v.kind,
                     "amount": yuan(v.amount_fen), "accounts": _accounts(v), "counterparty": v.counterparty,
                     "anonymous": v.anonymous, "memo": v.memo, "reason": v.reason,
                     "backdate_reason": backdated.get(v.id, ""),
                     "reverses": numbers.get(v.reverses_id or ""), "reversed_by": numbers.get(v.reversed_by or "")}
                    for v in views])
        return 0
    print_table([_("No."), _("Date"), _("Kind"), _("Amount"), _("Account"), _("Counterparty"), _("Memo"),
                 _("Reverses"), _("Reversed by"), _("Reason")],
                [(str(v.number), v.posted_on.isoformat(), v.kind_label, yuan(v.amount_fen),
                  _(", ").join(label(ACCOUNT_LABELS, code) for code in _accounts(v)), v.counterparty, v.memo,
                  str(numbers[v.reverses_id]) if v.reverses_id else "",
                  str(numbers[v.reversed_by]) if v.reversed_by else "", _reasons(v, backdated.get(v.id)))
                 for v in views],
                empty=_("No entries."))
    return 0


def _reasons(view: EntryView, backdated: str | None) -> str:
    """Why a reversal undoes its entry, and why an entry was dated into closed books, as JSON's two fields."""
    said = [view.reason] if view.reason else []
    if backdated is not None:
        said.append(_("back-dated: {reason}").format(reason=backdated))
    return _("; ").join(said)
