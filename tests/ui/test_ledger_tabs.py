"""The 拨付 and 收据 tabs of the demo fund, driven as the station's staff would: a grant proposed (refused at
the amount while above what is left of the project's approved amount), approved by enough of the
committee, then paid, and the fund's money drops by it; a receipt issued for a donation that had none,
voided with a reason (its number kept), and the official ticket recorded on another; what each role
sees; a receipt printed; enough rejections; a closed fund; and how both tabs look in Chinese at 1366×768."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from desktop.domain.ledger import Decision, DisbursementStatus, EntryKind
from desktop.i18n import set_locale
from desktop.services import disbursements, funds, grant_room, ledger, receipts
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.funds import FundInput
from desktop.services.receipts import ISSUED, VOIDED
from desktop.services.ledger import GoodsInput, PostingInput
from desktop.ui import pdf_preview
from desktop.ui.context import AppContext
from desktop.ui.fonts import register_font
from desktop.ui.ledger.disbursement_dialogs import DecisionDialog, PayDialog, ProposeDialog
from desktop.ui.ledger.disbursements_tab import DisbursementsTab
from desktop.ui.ledger.overview_tab import GOODS_COLUMNS, VALUATION, OverviewTab
from desktop.ui.ledger.receipt_dialogs import IssueReceiptDialog, OfficialTicketDialog
from desktop.ui.ledger.receipts_tab import ReceiptsTab
from desktop.ui.projects.money_field import yuan
from desktop.ui.volunteers.fields import ReasonDialog
from project_testing import acting
from dialog_testing import errors
from wushe_testing import shown

SIZE = (1366, 768)


def demo_fund(ctx: AppContext) -> str:
    return next(f.id for f in ctx.gateway.read(funds.list_all) if f.name == DEMO_FUND)


@pytest.fixture
def drive(qtbot, when_shown, settle, ctx) -> Callable[..., list[str] | None]:
    """``drive(kind, fill, button)``: click ``button`` (or call it), fill the dialog of ``kind`` it opens (``fill``
    ends by saving); None when it saved and closed, else the errors it showed (then it is cancelled)."""
    def run(kind: type, fill: Callable[[QWidget], object], button: QWidget | Callable[[], object]) -> list[str] | None:
        seen: list[list[str]] = []

        def act(dialog: QWidget) -> None:
            fill(dialog)
            settle(ctx)
            if dialog.isVisible():
                seen.append(errors(dialog))
                dialog.reject()  # type: ignore[attr-defined]

        when_shown(kind, act)
        if isinstance(button, QWidget):
            assert button.isVisible() and button.isEnabled(), button.toolTip()
            button.click()  # type: ignore[attr-defined]
        else:
            button()
        settle(ctx)
        return seen[0] if seen else None

    return run


def test_a_grant_is_proposed_approved_by_enough_members_and_paid(qtbot, ctx, drive, type_text):
    fund_id = demo_fund(ctx)
    tab = shown(qtbot, DisbursementsTab(ctx, fund_id), size=SIZE)
    changes: list[None] = []
    tab.changed.connect(lambda: changes.append(None))
    room = next(r for r in ctx.gateway.read(grant_room.grant_rooms) if r.left_fen > 0)
    before = ctx.gateway.read(ledger.balances, fund_id).accounts["bank"]
    amount = room.left_fen // 2

    def propose(too_much: bool) -> Callable[[ProposeDialog], None]:
        def fill(dialog: ProposeDialog) -> None:
            assert dialog.kind.currentData() == EntryKind.GRANT and not dialog.ok_button.isEnabled()
            dialog.project.setCurrentIndex(dialog.project.findData(room.project_id))
            dialog.project.activated.emit(dialog.project.currentIndex())
            assert yuan(room.left_fen) in dialog.room.text()  # what is left of the approved amount, shown
            qtbot.keyClicks(dialog.amount, str((room.left_fen + 1 if too_much else amount) / 100))
            type_text(dialog.purpose, "第二期资助款")
            dialog.save()
        return fill

    found = drive(ProposeDialog, propose(True), tab.propose_button)
    assert found == [f"Project {room.number} has {yuan(room.left_fen)} yuan of its approved amount left."]
    assert drive(ProposeDialog, propose(False), tab.propose_button) is None
    row = tab.selected()
    assert row is not None and row.status == DisbursementStatus.PROPOSED and row.amount_fen == amount
    assert row.project_id == room.project_id and row.payee == room.org_name
    assert not tab.pay_button.isEnabled()

    def approve(dialog: DecisionDialog) -> None:
        dialog.member.setCurrentIndex(0)
        dialog.decision.setCurrentIndex(dialog.decision.findData(Decision.APPROVE))
        type_text(dialog.note, "同意")
        dialog.save()

    # 募用分离: the head proposed it, so the finance officer records the decisions as the committee's clerk.
    assert not tab.decide_button.isEnabled() and "clerk" in tab.decide_button.toolTip()
    with acting(ctx.gateway.db, "wangfang"):
        tab.refresh()
        for _member in range(tab.fund.approvals_needed):
            assert tab.selected().status == DisbursementStatus.PROPOSED  # type: ignore[union-attr]
            assert drive(DecisionDialog, approve, tab.decide_button) is None
    tab.refresh()
    row = tab.selected()
    assert row is not None and row.status == DisbursementStatus.APPROVED
    assert [d.member_name for d in row.decisions] == [m.name for m in tab.fund.committee[:3]]
    assert tab.decisions.rowCount() == 3 and not tab.decide_button.isEnabled()
    assert tab.model.index(0, 7).data() == f"3 / {tab.fund.approvals_needed}"
    # 募用分离: the head proposed it, so the head may not pay it; the finance officer does.
    assert drive(PayDialog, lambda dialog: dialog.save(), tab.pay_button) == [
        "You proposed this disbursement: another account pays it, so no one person both asks for the money and pays "
        "it out (募用分离)."]

    def pay(dialog: PayDialog) -> None:
        assert dialog.account.currentData() == "bank"
        dialog.posted_on.setDate(QDate.currentDate())
        dialog.save()

    with acting(ctx.gateway.db, "wangfang"):
        assert tab.pay_button.isEnabled()
        assert drive(PayDialog, pay, lambda: qtbot.keyClick(tab.view, Qt.Key.Key_Return)) is None  # its next step
    row = tab.selected()
    assert row is not None and row.status == DisbursementStatus.POSTED and row.posted_entry_id
    assert ctx.gateway.read(ledger.balances, fund_id).accounts["bank"] == before - amount
    assert len(changes) == 2 + tab.fund.approvals_needed


def test_a_receipt_is_issued_voided_and_matched_to_the_official_ticket(qtbot, ctx, drive, type_text):
    fund_id = demo_fund(ctx)
    tab = shown(qtbot, ReceiptsTab(ctx, fund_id), size=SIZE)
    before = {r.number for r in ctx.gateway.read(receipts.receipts, fund_id)}
    assert tab.waiting == 1 and "1 donation has no receipt yet." in tab.summary.text()

    def issue(dialog: IssueReceiptDialog) -> None:
        assert not dialog.ok_button.isEnabled()
        dialog.entry.setCurrentIndex(0)
        assert dialog.donor_name.text() == "青山社区居民（现场捐款）"  # the entry's counterparty
        dialog.donor_name.clear()
        type_text(dialog.donor_name, "青山社区居民")
        dialog.save()

    assert drive(IssueReceiptDialog, issue, tab.issue_button) is None
    issued = tab.selected()
    assert issued is not None and issued.number not in before and issued.donor_name == "青山社区居民"
    assert issued.amount_fen == 128_650 and issued.status == ISSUED
    assert tab.waiting == 0 and not tab.issue_button.isEnabled()

    def void(dialog: ReasonDialog) -> None:
        type_text(dialog.reason, "捐赠人名称写错")
        dialog.save()

    assert drive(ReasonDialog, void, tab.void_button) is None
    voided = tab.selected()
    assert voided is not None and voided.number == issued.number and voided.status == VOIDED
    assert voided.void_reason == "捐赠人名称写错" and tab.waiting == 1
    assert not tab.void_button.isEnabled() and not tab.ticket_button.isEnabled()
    assert drive(IssueReceiptDialog, issue, tab.issue_button) is None
    again = tab.selected()
    assert again is not None and again.serial == issued.serial + 1  # the next number; the voided one stays

    def ticket(dialog: OfficialTicketDialog) -> None:
        qtbot.keyClicks(dialog.code, "50001")
        dialog.save()  # the number is missing

    assert drive(OfficialTicketDialog, ticket, tab.ticket_button) == ["This field is required."]

    def both(dialog: OfficialTicketDialog) -> None:
        qtbot.keyClicks(dialog.code, "50001")
        qtbot.keyClicks(dialog.number, "0012345678")
        dialog.save()

    assert drive(OfficialTicketDialog, both, tab.ticket_button) is None
    row = ctx.gateway.read(receipts.get, again.id)
    assert (row.official_ticket_code, row.official_ticket_number) == ("50001", "0012345678")
    assert tab.model.index(tab.model.rowCount() - 1, 6).data() == "50001"


def visible_buttons(tab: QWidget, *names: str) -> set[str]:
    return {name for name in names if getattr(tab, name).isVisibleTo(tab)}


@pytest.mark.parametrize(("username", "disbursing", "receipting"), [
    ("wangfang", {"propose_button", "decide_button", "pay_button"},
     {"issue_button", "void_button", "ticket_button", "print_button"}),
    ("lixia", {"propose_button", "decide_button"}, {"print_button"}),
    ("zhaolei", set(), {"print_button"}),
])
def test_each_role_sees_the_buttons_it_may_use(qtbot, ctx, username, disbursing, receipting):
    fund_id = demo_fund(ctx)
    with acting(ctx.gateway.db, username):
        disbursing_tab = shown(qtbot, DisbursementsTab(ctx, fund_id))
        receipts_tab = shown(qtbot, ReceiptsTab(ctx, fund_id))
    assert visible_buttons(disbursing_tab, "propose_button", "decide_button", "pay_button") == disbursing
    assert visible_buttons(receipts_tab, "issue_button", "void_button", "ticket_button", "print_button") == receipting


def test_the_awaiting_disbursement_lists_the_chairs_decision(qtbot, ctx):
    tab = shown(qtbot, DisbursementsTab(ctx, demo_fund(ctx)))
    waiting = next(n for n, r in enumerate(tab.model.rows()) if r.status == DisbursementStatus.PROPOSED)
    tab.view.selectRow(waiting)
    assert tab.decisions.rowCount() == 1 and tab.decisions.index(0, 0).data() == "刘桂芳"
    assert tab.decide_button.isEnabled() and not tab.pay_button.isEnabled()
    assert "needs 3 approvals" in tab.summary.text()


def test_both_tabs_in_chinese_at_1366_by_768(qapp, qtbot, ctx, tmp_path):
    """Written to $WUSHE_SHOTS when set, to look at."""
    set_locale("zh_CN")
    register_font(qapp)
    fund_id = demo_fund(ctx)
    folder = Path(os.environ.get("WUSHE_SHOTS") or tmp_path)
    for name, kind in (("disbursements", DisbursementsTab), ("receipts", ReceiptsTab)):
        window = QMainWindow()
        tabs = QTabWidget()
        tab = kind(ctx, fund_id)
        tabs.addTab(tab, name)
        window.setCentralWidget(tabs)
        shown(qtbot, window, size=SIZE)
        if name == "disbursements":
            tab.view.selectRow(0)
        qtbot.wait(50)
        path = folder / f"ledger-{name}-zh_CN.png"
        window.grab().save(str(path))
        assert not QImage(str(path)).isNull()
        assert tab.summary.text() and tab.model.rowCount() > 0


def test_print_previews_the_selected_receipt(qtbot, ctx, monkeypatch, settle):
    opened: list[str] = []
    monkeypatch.setattr(pdf_preview, "can_preview", lambda: False)
    monkeypatch.setattr(pdf_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    tab = shown(qtbot, ReceiptsTab(ctx, demo_fund(ctx)))
    assert not tab.print_button.isEnabled()
    voided = next(n for n, r in enumerate(tab.model.rows()) if r.status == VOIDED)
    tab.view.selectRow(voided)  # a voided receipt prints too, marked void
    tab.print_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert Path(opened[0]).read_bytes()[:5] == b"%PDF-"


def test_enough_rejections_reject_a_disbursement_and_dim_it(qtbot, ctx, drive):
    tab = shown(qtbot, DisbursementsTab(ctx, demo_fund(ctx)))
    waiting = next(n for n, r in enumerate(tab.model.rows()) if r.status == DisbursementStatus.PROPOSED)
    tab.view.selectRow(waiting)
    offered: list[int] = []

    def reject(dialog: DecisionDialog) -> None:
        offered.append(dialog.member.count())
        dialog.member.setCurrentIndex(0)
        dialog.decision.setCurrentIndex(dialog.decision.findData(Decision.REJECT))
        dialog.save()

    for _member in range(3):  # with 1 approval of 5, three against leave too few to approve
        assert drive(DecisionDialog, reject, tab.decide_button) is None
    assert offered == [4, 3, 2]  # the chair decided already; each member decides once
    row = tab.selected()
    assert row is not None and row.status == DisbursementStatus.REJECTED
    assert tab.model.index(waiting, 7).data() == f"1 / {tab.fund.approvals_needed}, 3 against"
    assert tab.model.index(waiting, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert not tab.decide_button.isEnabled() and not tab.pay_button.isEnabled()


def test_a_closed_fund_takes_no_new_disbursement_payment_or_receipt(qtbot, ctx):
    fund_id = demo_fund(ctx)
    fund = ctx.gateway.read(funds.get, fund_id)
    ctx.gateway.write(funds.update, fund_id, FundInput(
        fund.name, fund.community_id, fund.host_charity, fund.opened_on, fund.purpose, fund.approval_rule,
        fund.receipt_prefix, "closed"))
    disbursing = shown(qtbot, DisbursementsTab(ctx, fund_id))
    receipting = shown(qtbot, ReceiptsTab(ctx, fund_id))
    closed = f"The fund {fund.name} is closed."
    assert not disbursing.propose_button.isEnabled() and disbursing.propose_button.toolTip() == closed
    assert not receipting.issue_button.isEnabled() and receipting.issue_button.toolTip() == closed
    receipting.view.selectRow(0)
    assert receipting.ticket_button.isEnabled() and receipting.print_button.isEnabled()  # the papers stay


def test_a_payment_the_fund_cannot_cover_is_refused_at_the_amount(qtbot, ctx, drive, type_text):
    fund_id = demo_fund(ctx)
    tab = shown(qtbot, DisbursementsTab(ctx, fund_id))
    available = ctx.gateway.read(ledger.balances, fund_id).available_fen
    amount = available + 100_000

    def propose(dialog: ProposeDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(EntryKind.EXPENSE))
        assert not dialog.form.layout.isRowVisible(dialog.form.widget("project_id"))  # only a grant names one
        qtbot.keyClicks(dialog.amount, str(amount / 100))
        assert dialog.short.isVisibleTo(dialog) and "1,000.00 yuan more than the fund has" in dialog.short.text()
        type_text(dialog.purpose, "活动室修缮")
        type_text(dialog.payee, "青山建筑队")
        dialog.save()  # proposed all the same: it is paid once the fund holds the money

    assert drive(ProposeDialog, propose, tab.propose_button) is None
    row = tab.selected()
    assert row is not None and row.amount_fen == amount
    with acting(ctx.gateway.db, "wangfang"), ctx.gateway.db.write() as session:  # the clerk, not the proposer
        for member in tab.fund.committee[:tab.fund.approvals_needed]:
            disbursements.approve_disbursement(session, row.id, member.id, Decision.APPROVE)
    tab.refresh()

    def pay(dialog: PayDialog) -> None:
        dialog.save()

    with acting(ctx.gateway.db, "wangfang"):  # not the head, who proposed it
        found = drive(PayDialog, pay, tab.pay_button)
    assert found and len(found) == 1 and "would go below zero" in found[0]
    assert tab.selected().status == DisbursementStatus.APPROVED  # type: ignore[union-attr]
    assert ctx.gateway.read(ledger.balances, fund_id).available_fen == available


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_proposal_grows_to_show_what_is_left_of_the_project(qapp, qtbot, ctx, tmp_path, locale):
    """Written to $WUSHE_SHOTS when set, to look at."""
    set_locale(locale)
    register_font(qapp)
    fund_id = demo_fund(ctx)
    fund = ctx.gateway.read(funds.get, fund_id)
    rooms = ctx.gateway.read(grant_room.grant_rooms)
    dialog = shown(qtbot, ProposeDialog(ctx, fund, 10_000, rooms, {}, []))
    qtbot.wait(20)
    dialog.project.setCurrentIndex(dialog.project.findData(next(r for r in rooms if r.left_fen > 0).project_id))
    qtbot.keyClicks(dialog.amount, "99999")  # more than the fund has: a second note
    qtbot.wait(20)
    assert dialog.room.isVisible() and dialog.short.isVisible()
    for widget in (dialog.project, dialog.amount, dialog.purpose, dialog.payee):
        assert widget.height() >= widget.sizeHint().height(), widget  # no row squeezed by the notes
    for note in (dialog.room, dialog.short):
        assert note.height() >= note.heightForWidth(note.width()), note.text()
    dialog.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / f"ledger-propose-{locale}.png"))


def test_the_disbursement_status_is_in_view_in_english_at_1366_by_768(qapp, qtbot, ctx, tmp_path):
    """Written to $WUSHE_SHOTS when set, to look at."""
    set_locale("en")
    register_font(qapp)
    window = QMainWindow()
    tab = DisbursementsTab(ctx, demo_fund(ctx))
    window.setCentralWidget(tab)
    shown(qtbot, window, size=SIZE)
    qtbot.wait(50)
    header = tab.view.horizontalHeader()
    status = next(n for n in range(header.count()) if tab.model.headerData(n, Qt.Orientation.Horizontal) == "Status")
    assert header.sectionViewportPosition(status) + header.sectionSize(status) <= tab.view.viewport().width()
    assert header.sectionSize(status) >= tab.view.sizeHintForColumn(status)  # the status itself is whole
    window.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / "ledger-disbursements-en.png"))


def test_goods_whose_donation_was_reversed_are_marked_in_the_overview(qapp, qtbot, ctx, tmp_path):
    """Written to $WUSHE_SHOTS when set, to look at."""
    register_font(qapp)
    fund_id = demo_fund(ctx)
    gift = ctx.gateway.write(ledger.post, fund_id, PostingInput(
        "donation_goods", 36_000, date.today(), counterparty="青山镇好又多超市", goods=GoodsInput("大米", Decimal(10), "袋")))
    number = gift.entry.number
    reversal = ctx.gateway.write(ledger.reverse, gift.entry.id, "估值有误")
    tab = shown(qtbot, OverviewTab(ctx, ctx.gateway.read(funds.get, fund_id)), size=SIZE)
    rows = {g.entry_number: n for n, g in enumerate(tab.goods.rows())}
    row = rows[number]
    entry = tab.goods.index(row, next(n for n, c in enumerate(GOODS_COLUMNS) if c.header == "Entry"))
    assert entry.data() == f"No. {number}, reversed by no. {reversal.number}"
    valuation = tab.goods.index(row, VALUATION)
    assert valuation.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "not counted" in valuation.data(Qt.ItemDataRole.ToolTipRole)
    others = [n for entry_number, n in rows.items() if entry_number not in (number, None)]
    assert all(tab.goods.index(n, VALUATION).data(Qt.ItemDataRole.FontRole) is None for n in others)
    tab.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / "ledger-overview-reversed-goods.png"))
