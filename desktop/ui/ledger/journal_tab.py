"""流水: a fund's journal, the latest entry first, a window at a time (a fund may hold hundreds of thousands
of entries), filtered by kind and searched by 摘要, party or number in SQL. Each entry shows the accounts
it debits and credits. Entries are never changed: Reverse… undoes one with an entry that points at it,
with the reason; both stay, dimmed, and each says which entry it reverses or is reversed by."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QPushButton, QWidget

from desktop.domain.codes import label
from desktop.domain.ledger import ACCOUNT_LABELS, DISBURSED, ENTRY_KIND_LABELS, PICKED, Line, Side
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date, format_number, ngettext
from desktop.services import ledger, ledger_lists
from desktop.services.funds import ACTIVE, FundView
from desktop.services.ledger_lists import EntryQuery, EntryRow
from desktop.services.listing import IdPage
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.ledger.ledger_fields import TOPIC
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import published
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.paged_list import PagedListPage
from desktop.ui.registers.spec import Choice
from desktop.ui.sort_arrows import arrows_follow_order
from desktop.ui.table_model import RIGHT, Column, Counting, PagedTableModel
from desktop.ui.volunteers.fields import ReasonDialog

WIDEST_COLUMN = 280  # pixels; longer text is cut, and shown whole in the entry's dialog (double-click)
SUMMARY_COLUMN = 3


def _accounts(lines: Sequence[Line], side: Side) -> str:
    return "、".join(label(ACCOUNT_LABELS, line.account) for line in lines if line.side == side)


def note_of(row: EntryRow) -> str:
    """What points at what: the entry a reversal undoes and why, or the entry that undid this one; why goods
    recorded with no valuation were valued later; and why an entry was dated into books a balance had closed."""
    entry = row.entry
    if entry.reverses_id is not None:
        said = [_("Reverses No. {number}: {reason}").format(number=row.reverses_number, reason=entry.reason)]
    elif entry.reversed_by is not None:
        said = [_("Reversed by No. {number}").format(number=row.reversed_by_number)]
    else:
        said = [_("Valued later: {reason}").format(reason=entry.reason)] if entry.reason else []
    if row.backdate_reason is not None:
        said.append(_("back-dated: {reason}").format(reason=row.backdate_reason))
    return _("; ").join(said)


COLUMNS: list[Column[EntryRow]] = [
    Column(N_("No."), "number", lambda r: str(r.entry.number), RIGHT),
    Column(N_("Date"), None, lambda r: format_date(r.entry.posted_on)),
    Column(N_("Kind"), None, lambda r: r.entry.kind_label),
    Column(N_("Summary (摘要)"), None, lambda r: r.entry.memo),
    Column(N_("Party"), None, lambda r: r.entry.counterparty),
    Column(N_("Amount (yuan)"), None, lambda r: yuan(r.entry.amount_fen), RIGHT),
    Column(N_("Note"), None, note_of),  # a reversal's pairing, a late valuation, a back-dating
    Column(N_("Debit"), None, lambda r: _accounts(r.entry.lines, Side.DEBIT)),
    Column(N_("Credit"), None, lambda r: _accounts(r.entry.lines, Side.CREDIT)),
]  # who recorded an entry, and its lines in full, are in its dialog (double-click)


def _paired(row: EntryRow) -> bool:
    """A reversal, or an entry reversed: the two count for nothing together."""
    return row.entry.reverses_id is not None or row.entry.reversed_by is not None


# The kinds a person posts here, in the order a form offers them: donations. Money going out is paid
# through disbursements the committee approved (募用分离), on the 拨付 tab.
POSTED_HERE = tuple(kind for kind in PICKED if kind not in DISBURSED)


class JournalTab(PagedListPage[EntryRow]):
    def __init__(self, ctx: AppContext, fund: FundView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.fund = ctx, fund
        self.may_record = ctx.gateway.may(Action.RECORD_LEDGER)
        self.filters = FilterBar(ctx.gateway, [Choice.of_codes("kind", ENTRY_KIND_LABELS, N_("All kinds"))],
                                 N_("Summary, party or number (Ctrl+F)"))
        self.filters.show_deleted.hide()  # entries are never deleted
        self._init_list(PagedTableModel(COLUMNS, self._fetch_page,
                                        lambda ids: ctx.gateway.read(ledger_lists.entry_rows, ids),
                                        row_id=lambda r: r.id, dimmed=_paired,
                                        dimmed_tip=N_("Reversed, or a reversal: together the pair counts for nothing."),
                                        counting=Counting(ctx.tasks, self._count_job)),
                        0, Qt.SortOrder.DescendingOrder)
        header = self.view.horizontalHeader()
        arrows_follow_order(header)  # the latest entry first: ▼ on 序号
        header.setMaximumSectionSize(WIDEST_COLUMN)
        # The summary takes the room the other columns leave, so the accounts stay in sight at 1366×768.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SUMMARY_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.post_button = QPushButton(_("Post an entry"))
        menu = QMenu(self.post_button)
        for kind in POSTED_HERE:
            menu.addAction(label(ENTRY_KIND_LABELS, kind) + "…").triggered.connect(
                lambda _checked=False, kind=kind: self.post(kind))
        menu.addSeparator()
        menu.addAction(_("Grants, expenses, transfers and refunds: propose them on the Disbursements (拨付) tab")
                       ).setEnabled(False)
        self.post_button.setMenu(menu)
        self.reverse_button = QPushButton(_("Reverse…"))
        self.reverse_button.clicked.connect(self._reverse_selected)
        for button in (self.post_button, self.reverse_button):
            button.setVisible(self.may_record)
        status_line = button_row(self.post_button, self.reverse_button)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, ())  # the fund window refreshes its tabs

    def set_fund(self, fund: FundView) -> None:
        """The fund as read again (closed, say), and its journal with it."""
        self.fund = fund
        self.reload()

    def query(self, descending: bool = True) -> EntryQuery:
        filters = self.filters.value()
        return EntryQuery(self.fund.id, filters.choices["kind"], filters.text, descending=descending)

    def _fetch_page(self, _order_by: str, descending: bool, offset: int, limit: int,
                    with_total: bool) -> IdPage[str]:
        return self._ctx.gateway.read(ledger_lists.entry_page, self.query(descending), offset, limit, with_total)

    def _count_job(self) -> Callable[[], int]:
        """The count of the journal as filtered now, for the database worker."""
        gateway, query = self._ctx.gateway, self.query()
        return lambda: gateway.read(ledger_lists.entry_count, query)

    def _counted(self, total: int) -> str:
        return ngettext("{n} entry", "{n} entries", total).format(n=format_number(total))

    def _listed_so_far(self, listed: int) -> str:
        return ngettext("{n}+ entry", "{n}+ entries", listed).format(n=format_number(listed))

    def _empty_text(self) -> str:
        if self.filters.narrowed():
            return _("Nothing matches the search and filters.")
        if self.may_record:
            return _("Nothing posted yet.\n\nPost an entry records a donation; grants, expenses, transfers and "
                     "refunds are paid on the Disbursements (拨付) tab once the committee approves them.")
        return _("Nothing posted yet.")

    def _update_buttons(self) -> None:
        active = self.fund.status == ACTIVE
        self.post_button.setEnabled(active)
        self.post_button.setToolTip("" if active else _("The fund is closed: nothing more is posted to it."))
        row = self.selected()
        reversible = active and row is not None and not _paired(row)
        self.reverse_button.setEnabled(reversible)
        if reversible:
            why = ""
        elif not active:
            why = _("The fund is closed: nothing more is posted to it.")
        elif row is None:
            why = _("Select an entry that stands.")
        else:
            why = _("A reversal and a reversed entry are not reversed again.")
        self.reverse_button.setToolTip(why)

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            from desktop.ui.ledger.entry_dialog import EntryDialog  # loaded when first used

            dialog = EntryDialog(row, self)
            dialog.exec()
            dialog.deleteLater()

    def post(self, kind: str) -> bool:
        """The form for an entry of ``kind``; True when it was posted."""
        from desktop.ui.ledger.posting_dialog import PostingDialog  # loaded when first used

        if not self.may_record or self.fund.status != ACTIVE or kind not in POSTED_HERE:
            return False
        return published(self._ctx, PostingDialog(self._ctx, self.fund, kind, self), TOPIC)

    def _reverse_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.reverse(row)

    def reverse(self, row: EntryRow) -> bool:
        """Ask why, then undo ``row`` with a reversing entry dated today; True when it was reversed."""
        entry = row.entry
        if not self.may_record or _paired(row):
            return False
        intro = _("Entry No. {number} of {date}, {kind} of {amount} yuan ({memo}), is undone by a reversing entry "
                  "dated today that points at it. Both stay in the journal.").format(
            number=entry.number, date=format_date(entry.posted_on), kind=entry.kind_label, amount=yuan(entry.amount_fen),
            memo=entry.memo or "—")
        if entry.linked_id is not None:
            intro += " " + _("It is half of a transfer: the other fund's half is reversed with it.")
        gateway = self._ctx.gateway
        return published(self._ctx, ReasonDialog(self._ctx, title=_("Reverse an entry"), ok_text=_("Reverse"),
                                                 intro=intro, parent=self,
                                                 work=lambda reason: gateway.write(ledger.reverse, entry.id, reason)),
                         TOPIC)
