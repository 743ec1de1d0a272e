"""社区基金 on the demo station: the head opens a fund with its committee through the New fund dialog (the
committee's rules said as it is typed), posts a donation in the fund's window, reverses it with a reason
(the pair pointing at each other), records a bank balance that differs until it is reconciled, and each
role sees only the buttons it may use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.ledger import EntryKind
from desktop.services import disbursements, funds, ledger, ledger_lists, reconciliation
from desktop.ui.ledger.committee_box import EndMembershipDialog, MemberDialog
from desktop.ui.ledger.disbursement_dialogs import PayDialog, ProposeDialog
from desktop.ui.ledger.fund_dialog import FundDialog
from desktop.ui.ledger.fund_window import FundWindow, open_fund_window
from desktop.ui.ledger.journal_tab import note_of
from desktop.ui.ledger.page import LedgerPage
from desktop.ui.ledger.posting_dialog import PostingDialog
from desktop.ui.ledger.reconcile_tab import BalanceDialog
from desktop.ui.projects.money_field import yuan
from desktop.ui.volunteers.fields import ReasonDialog
from ledger_testing import make_fund
from project_testing import acting
from register_testing import column, pick, refused
from wushe_testing import community_ids, shown

TODAY = date.today()
DEMO_FUND = "青山社区慈善基金"


@pytest.fixture
def open_page(qtbot, ctx) -> Callable[[], LedgerPage]:
    def open_it() -> LedgerPage:
        return shown(qtbot, LedgerPage(ctx), (1366, 768))

    return open_it


def typed(type_text, edit: QWidget, text: str) -> None:
    """``text`` typed into a line edit as the user would (an input method, so Chinese works)."""
    type_text(edit, text)
    edit.textEdited.emit(edit.text())  # type: ignore[attr-defined]


def run_dialog(qtbot, when_shown, kind: type, fill: Callable[[QWidget], object]) -> None:
    """``fill`` the dialog of ``kind`` the test opens next, then save it."""
    def act(dialog: QWidget) -> None:
        fill(dialog)
        dialog.save()  # type: ignore[attr-defined]

    when_shown(kind, act)


def fund_window(qtbot, ctx, name: str) -> FundWindow:
    fund_id = next(f.id for f in ctx.gateway.read(funds.list_all) if f.name == name)
    window = open_fund_window(ctx, fund_id)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    return window


def test_the_page_lists_the_demo_fund_with_its_money(qtbot, ctx, open_page):
    page = open_page()
    assert column(page, "Fund") == [DEMO_FUND]
    row = page.model.row_object(page.model.index(0, 0))
    assert row is not None and row.available_fen > 0 and not row.fund.problems
    assert page.count.text() == "1 fund"
    assert page.new_button.isVisible()
    page.filters.search.setText("no such fund")
    page.reload()
    assert page.model.rowCount() == 0 and "Nothing matches" in page.empty.text()


def test_the_head_opens_a_fund_with_its_committee(qtbot, ctx, open_page, type_text, settle):
    page = open_page()
    dialog = shown(qtbot, FundDialog(ctx, None, page))
    pick(dialog.community, community_ids(ctx.gateway.db)["河滨社区"])
    dialog.community.activated.emit(dialog.community.currentIndex())
    typed(type_text, dialog.host_charity, "清河县慈善会")
    assert dialog.name.text() == "清河县慈善会河滨社区慈善基金"  # the name FORMS.md gives a fund
    dialog.opened_on.setDate(TODAY - timedelta(days=30))
    assert dialog.committee is not None
    editor = dialog.committee
    members = [("刘桂芳", "chair"), ("何明德", "member"), ("谢文强", "member"), ("吴春燕", "member")]
    editor.set_rows({"name": name, "role": role, "affiliation": ""} for name, role in members)
    editor.edited.emit()
    assert "at least 5 members" in dialog.warning.text() and "supervisor" in dialog.warning.text()
    assert dialog.ok_button.isEnabled()  # a committee may form after the fund opens
    editor.set_rows([*editor.rows(), {"name": "陈淑华", "role": "supervisor", "affiliation": "监督委员会"}])
    editor.edited.emit()
    assert dialog.warning.text() == ""  # five, odd, with a supervisor
    dialog.save()
    settle(ctx)
    assert dialog.outcome is not None
    saved = ctx.gateway.read(funds.get, dialog.outcome.id)
    assert saved.name == "清河县慈善会河滨社区慈善基金"
    assert len(saved.committee) == 5 and not saved.problems


def test_the_new_fund_dialog_says_what_is_wrong_at_the_field(qtbot, ctx, type_text):
    dialog = shown(qtbot, FundDialog(ctx, None))
    dialog.save()  # nothing typed
    refused(dialog, "community_id", "Choose the village or community.")
    pick(dialog.community, community_ids(ctx.gateway.db)["河滨社区"])
    dialog.community.activated.emit(dialog.community.currentIndex())
    refused(dialog, "name", "This field is required.")  # no host charity yet, so no name to suggest
    typed(type_text, dialog.host_charity, "清河县慈善会")
    assert dialog.ok_button.isEnabled()
    assert dialog.committee is not None
    dialog.committee.set_rows([{"name": "刘桂芳", "role": "chair", "affiliation": ""},
                               {"name": "何明德", "role": "chair", "affiliation": ""}])
    dialog.committee.edited.emit()
    refused(dialog, "committee", "one chair")
    dialog.committee.set_rows([{"name": "刘桂芳", "role": "chair", "affiliation": ""},
                               {"name": "", "role": "member", "affiliation": ""}])
    dialog.committee.edited.emit()
    refused(dialog, "committee", "This field is required.")
    assert dialog.committee.model.marks() == {(1, "name"): "This field is required."}  # at its cell


def test_post_a_donation_reverse_it_and_see_the_balance(qtbot, ctx, type_text, settle, when_shown):
    window = fund_window(qtbot, ctx, DEMO_FUND)
    fund_id = window.row.id
    before = ctx.gateway.read(ledger.balances, fund_id).available_fen
    window.tabs.setCurrentWidget(window.journal)
    journal = window.journal
    assert journal.post_button.isVisible() and journal.post_button.isEnabled()

    def fill_donation(dialog: QWidget) -> None:
        assert isinstance(dialog, PostingDialog)
        dialog.party.setEditText("周德明")
        typed(type_text, dialog.amount, "1234.50")
        typed(type_text, dialog.memo, "重阳节敬老")

    run_dialog(qtbot, when_shown, PostingDialog, fill_donation)
    assert journal.post(EntryKind.DONATION_MONEY)
    settle(ctx)
    assert ctx.gateway.read(ledger.balances, fund_id).available_fen == before + 123_450
    top = journal.model.row_object(journal.model.index(0, 0))  # the latest first
    assert top is not None and top.entry.memo == "重阳节敬老" and top.entry.amount_fen == 123_450
    assert top.entry.donor_id is not None  # 周德明 is a donor of the register
    # the window read the fund again
    assert f"Money balance (bank and cash) {yuan(before + 123_450)} yuan" in window.heading.text()

    journal.view.selectRow(0)
    assert journal.reverse_button.isEnabled()
    run_dialog(qtbot, when_shown, ReasonDialog, lambda dialog: typed(type_text, dialog.reason, "金额录错"))
    assert journal.reverse(top)
    settle(ctx)
    assert ctx.gateway.read(ledger.balances, fund_id).available_fen == before
    reversal, original = (journal.model.row_object(journal.model.index(n, 0)) for n in range(2))
    assert reversal is not None and original is not None
    assert note_of(reversal) == f"Reverses No. {top.entry.number}: 金额录错"
    assert note_of(original) == f"Reversed by No. {reversal.entry.number}"
    journal.view.selectRow(1)
    assert not journal.reverse_button.isEnabled()  # reversed once, never again


def test_goods_that_cannot_be_valued_are_no_income(qtbot, ctx, type_text, settle, when_shown):
    window = fund_window(qtbot, ctx, DEMO_FUND)
    before = ctx.gateway.read(ledger.balances, window.row.id)

    def fill_goods(dialog: QWidget) -> None:
        assert isinstance(dialog, PostingDialog)
        dialog.party.setEditText("青山社区居民")
        typed(type_text, dialog.goods, "图书")
        typed(type_text, dialog.quantity, "30")
        typed(type_text, dialog.unit, "本")
        dialog.valued.setChecked(False)
        assert not dialog.amount.isEnabled() and dialog.not_income.isVisible()

    run_dialog(qtbot, when_shown, PostingDialog, fill_goods)
    assert window.journal.post(EntryKind.DONATION_GOODS)
    settle(ctx)
    assert ctx.gateway.read(ledger.balances, window.row.id) == before
    goods = window.overview.goods.rows()[0]
    assert (goods.name, goods.valued_fen, window.overview.goods.index(0, 2).data()) == ("图书", None, "30 本")


def test_a_bank_balance_that_differs_shows_until_reconciled(qtbot, ctx, type_text, settle, when_shown):
    window = fund_window(qtbot, ctx, DEMO_FUND)
    tab = window.reconcile
    held = ctx.gateway.read(ledger.balances, window.row.id).accounts["bank"]

    def fill_balance(dialog: QWidget) -> None:
        assert isinstance(dialog, BalanceDialog)
        typed(type_text, dialog.amount, str((held + 5_000) / 100))
        assert "A difference of 50.00 yuan" in dialog.ledger_says.text()

    run_dialog(qtbot, when_shown, BalanceDialog, fill_balance)
    assert tab.record()
    settle(ctx)
    differing = next(r for r in tab.model.rows() if not r.reconciled)
    assert differing.difference_fen == 5_000 and "differs" in tab.summary.text()
    assert "differs from the ledger" in window.attention.text() and window.attention.isVisible()
    run_dialog(qtbot, when_shown, ReasonDialog,
               lambda dialog: typed(type_text, dialog.reason, "银行未入账的利息"))
    assert tab.reconcile(differing)
    settle(ctx)
    assert all(r.reconciled for r in ctx.gateway.read(reconciliation.reconciliation, window.row.id))
    assert not window.attention.isVisible()


@pytest.mark.parametrize(("username", "manage", "record"), [("wangfang", False, True), ("zhaolei", False, False),
                                                            ("lixia", False, False)])
def test_buttons_follow_the_role(qtbot, ctx, username, manage, record):
    with acting(ctx.gateway.db, username):
        page = LedgerPage(ctx)
        qtbot.addWidget(page)
        page.show()
        assert page.new_button.isVisible() is manage
        window = fund_window(qtbot, ctx, DEMO_FUND)
        window.show()
        assert window.edit_button.isVisible() is manage
        assert window.overview.committee.add_button.isVisible() is manage
        window.tabs.setCurrentWidget(window.journal)
        assert window.journal.post_button.isVisible() is record
        assert window.journal.reverse_button.isVisible() is record
        window.tabs.setCurrentWidget(window.reconcile)
        assert window.reconcile.record_button.isVisible() is record
        assert window.statement_button.isVisible() and window.notice_button.isVisible()
        window.close()
    QApplication.processEvents()


def test_the_journal_pages_a_long_ledger(qtbot, ctx):
    window = fund_window(qtbot, ctx, DEMO_FUND)
    total = window.journal.model.total()
    assert window.journal.count.text() == f"{total} entries"
    window.journal.filters.combos["kind"].setCurrentIndex(window.journal.filters.combos["kind"].findData("reversal"))
    window.journal.reload()
    assert window.journal.model.total() == 1
    assert ctx.gateway.read(ledger_lists.entry_page, ledger_lists.EntryQuery(window.row.id, text="公示栏"), 0, 10,
                            True).total == 3


def test_a_transfer_is_proposed_approved_paid_and_shows_in_both_funds(qtbot, ctx, type_text, settle, when_shown):
    other = ctx.gateway.write(make_fund)
    window = fund_window(qtbot, ctx, DEMO_FUND)
    receiving = open_fund_window(ctx, other.id)
    qtbot.addWidget(receiving)
    assert not window.journal.post(EntryKind.TRANSFER_OUT)  # 募用分离: not posted directly

    def fill_transfer(dialog: QWidget) -> None:
        assert isinstance(dialog, ProposeDialog)
        pick(dialog.kind, EntryKind.TRANSFER_OUT)
        assert dialog.to_fund.isVisibleTo(dialog) and not dialog.payee.isVisibleTo(dialog)
        assert not dialog.project.isVisibleTo(dialog) and not dialog.refund_of.isVisibleTo(dialog)
        pick(dialog.to_fund, other.id)
        typed(type_text, dialog.amount, "500")
        typed(type_text, dialog.purpose, "支持河滨社区助老")

    tab = window.disbursements
    run_dialog(qtbot, when_shown, ProposeDialog, fill_transfer)
    tab.propose()
    settle(ctx)
    proposed = tab.model.rows()[0]  # the latest first
    assert (proposed.kind, proposed.payee, proposed.to_fund_id) == (EntryKind.TRANSFER_OUT, other.name, other.id)
    with acting(ctx.gateway.db, "wangfang"):  # the committee's clerk, not the head who proposed it
        for member in ctx.gateway.read(funds.committee, window.row.id)[:3]:
            ctx.gateway.write(disbursements.approve_disbursement, proposed.id, member.id, "approve")
    tab.refresh()
    tab.view.selectRow(0)
    with acting(ctx.gateway.db, "wangfang"):  # 募用分离: not the head, who proposed it
        run_dialog(qtbot, when_shown, PayDialog, lambda dialog: None)
        tab.pay()
        settle(ctx)
    received = receiving.journal.model.row_object(receiving.journal.model.index(0, 0))
    assert received is not None and received.entry.kind == EntryKind.TRANSFER_IN
    assert received.entry.counterparty == DEMO_FUND and receiving.row.available_fen == 50_000  # it read again


def test_a_committee_short_of_a_supervisor_is_said_until_one_joins(qtbot, ctx, type_text, settle, when_shown):
    window = fund_window(qtbot, ctx, DEMO_FUND)
    box = window.overview.committee
    supervisor = next(n for n, m in enumerate(box.model.rows()) if m.role == "supervisor")
    box.view.selectRow(supervisor)
    run_dialog(qtbot, when_shown, EndMembershipDialog, lambda dialog: None)
    box.end_membership()
    settle(ctx)
    assert "supervisor" in box.state.text() and "odd number" in box.state.text()  # four left
    assert "cannot decide" in window.attention.text()

    def fill_member(dialog: QWidget) -> None:
        assert isinstance(dialog, MemberDialog)
        typed(type_text, dialog.name, "黄丽")
        pick(dialog.role, "supervisor")
        dialog.role.activated.emit(dialog.role.currentIndex())
        assert dialog.after.text() == ""  # with her the committee meets the rules

    run_dialog(qtbot, when_shown, MemberDialog, fill_member)
    box.add_member()
    settle(ctx)
    assert "5 members meet the rules" in box.state.text() and not window.attention.isVisible()


def test_a_closed_fund_takes_no_more_entries(qtbot, ctx, open_page, settle, when_shown):
    page = open_page()
    window = fund_window(qtbot, ctx, DEMO_FUND)
    run_dialog(qtbot, when_shown, FundDialog, lambda dialog: pick(dialog.status, "closed"))
    window.edit()
    settle(ctx)
    assert window.row.fund.status == "closed" and "Closed" in window.heading.text()
    assert not window.journal.post_button.isEnabled()
    assert "closed" in window.journal.post_button.toolTip()
    row = page.model.row_object(page.model.index(0, 0))
    assert row is not None and row.fund.status == "closed"  # the list read it again


def test_the_papers_are_asked_of_ledger_print_for_the_fund(qtbot, ctx, monkeypatch):
    from desktop.ui.ledger import ledger_print

    asked: list[tuple[str, object, str]] = []
    monkeypatch.setattr(ledger_print, "print_statement", lambda c, parent, fund_id: asked.append(("statement", parent,
                                                                                                  fund_id)))
    monkeypatch.setattr(ledger_print, "print_notice", lambda c, parent, fund_id: asked.append(("notice", parent,
                                                                                               fund_id)))
    window = fund_window(qtbot, ctx, DEMO_FUND)
    window.statement_button.click()
    window.notice_button.click()
    assert asked == [("statement", window, window.row.id), ("notice", window, window.row.id)]
