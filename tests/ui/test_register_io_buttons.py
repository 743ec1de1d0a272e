"""Import… and Export… on the register pages: who gets them, and what Export writes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog
from python_calamine import CalamineWorkbook

from desktop.ui.donors.page import DonorsPage
from desktop.ui.orgs.page import OrgsPage
from desktop.ui.registers.import_dialog import ImportDialog
from desktop.ui.workers.page import WorkersPage
from register_testing import page_as, pick, pick_text

PAGES = {"orgs": OrgsPage, "workers": WorkersPage, "donors": DonorsPage}


@pytest.mark.parametrize("register", PAGES)
def test_import_is_for_those_who_edit_and_export_for_everyone(qtbot, demo, make_ctx, monkeypatch, register):
    imported: list[str] = []
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: imported.append(dialog._register) or 0)
    keeper = page_as(qtbot, demo, make_ctx, PAGES[register], "lixia")
    assert keeper.import_button.isVisible() and keeper.export_button.isVisible()
    keeper.import_button.click()
    assert imported == [register]

    for username in ("wangfang", "zhaolei"):  # finance and the viewer may look, and take a copy
        page = page_as(qtbot, demo, make_ctx, PAGES[register], username)
        assert not page.import_button.isVisible() and page.export_button.isVisible()
        page.import_rows()  # as a shortcut would: nothing opens
    assert imported == [register]


def narrow_orgs(page: OrgsPage) -> None:
    pick(page.filters.combos["status"], "registered")


def narrow_workers(page: WorkersPage) -> None:
    pick_text(page.filters.combos["community"], "双河村")


def narrow_donors(page: DonorsPage) -> None:
    pick(page.filters.combos["kind"], "individual")


@pytest.mark.parametrize(("register", "narrow", "phone", "expected"), [
    ("orgs", narrow_orgs, "Leader's phone", {"青山镇社区社会组织联合会", "新华社区老年协会"}),
    ("workers", narrow_workers, "Phone", {"陈俊", "曾德华"}),
    ("donors", narrow_donors, "Phone", {"周德明", "谭秀兰"}),
])
def test_export_writes_what_the_page_lists_with_phones_masked(qtbot, demo, make_ctx, settle, tmp_path, monkeypatch,
                                                                register, narrow, phone, expected):
    chosen = tmp_path / "名册"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), ""))
    page = page_as(qtbot, demo, make_ctx, PAGES[register], "wangfang")  # finance may not reveal phones
    narrow(page)
    page.export_button.click()
    settle(page._ctx)
    header, *rows = CalamineWorkbook.from_path(str(tmp_path / "名册.xlsx")).get_sheet_by_index(0).to_python()
    assert {row[0] for row in rows} == expected
    phones = [row[header.index(phone)] for row in rows]
    assert all("****" in number for number in phones)
