"""A statement through today printed from the fund window is recorded as published, and the window is told
its period has not ended, so the books stay open (``ledger_print.Issue``); the entry form then asks no reason."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.services import publications, reconciliation
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.fund_statements import statement
from desktop.services.ledger_papers import find_fund
from desktop.ui.ledger.ledger_print import Issue
from desktop.storage.digest import file_sha256

TODAY = date.today()


def test_a_statement_through_today_is_told_as_a_snapshot(ctx, qtbot, settle, tmp_path: Path):
    parent = QWidget()
    qtbot.addWidget(parent)
    fund_id = ctx.gateway.read(find_fund, DEMO_FUND)
    told: list[str] = []
    ctx.events.notice.connect(told.append)
    issue = Issue(ctx, parent)
    start = TODAY - timedelta(days=30)
    issue.paper = ctx.gateway.read(statement, fund_id, start, TODAY)
    printed = tmp_path / "today.pdf"
    printed.write_bytes(b"%PDF-1.7 printed")
    issue.issued(printed)
    settle(ctx)
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert told == [f"Fund statement for {start.isoformat()} – {TODAY.isoformat()} is recorded as published; the "
                    "period has not ended, so its books stay open."]
    [published] = ctx.gateway.read(publications.publications, fund_id)
    assert published.period_open and published.sha256 == file_sha256(printed)
    assert ctx.gateway.read(reconciliation.closed_through, fund_id, ["cash"]) is None
