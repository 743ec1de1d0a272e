"""The import dialog driven on a generated station workbook, and the export action."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from python_calamine import CalamineWorkbook

from desktop.services import orgs, signin
from desktop.services.orgs import OrgQuery
from desktop.ui.registers.export_action import export_register
from desktop.ui.registers.import_dialog import NOT_READ, ImportDialog
from messy_workbooks import GOOD_ROWS, org_workbook
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def ctx(demo, make_ctx):  # type: ignore[no-untyped-def]
    """A copy of the demo station (quicker than building one) with its head signed in."""
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    return make_ctx(demo)


def opened(qtbot, ctx, settle, path: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot, ImportDialog(ctx, "orgs"))
    assert not dialog.import_button.isEnabled()
    dialog.open_file(path)
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.report is not None)
    return dialog


def cells(model, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_the_report_names_each_row_and_only_the_valid_rows_arrive(qtbot, ctx, settle, tmp_path):
    dialog = opened(qtbot, ctx, settle, org_workbook(tmp_path))
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == ["填表说明", "社会组织"]
    assert dialog.sheet_combo.currentText() == "社会组织"
    assert dialog.mapping_combos["community"].currentText() == "C 村（社区）"
    assert cells(dialog.preview_model, 0)[:3] == ["5", "6", "8"]
    assert cells(dialog.preview_model, 2)[:2] == ["石桥村", "石桥村"]  # the merged cell, filled down
    assert cells(dialog.problem_model, 1) == ["9", "10", "11", "12", "13", "14"]
    assert cells(dialog.problem_model, 2)[:3] == ["Founded", "Credit code", "Community"]
    assert dialog.tabs.tabText(2) == "Problems (6)" and dialog.tabs.currentIndex() == 2
    assert dialog.summary.text() == "Sheet 社会组织, header on row 4: 11 rows, 5 valid, 6 with problems."
    assert not dialog.import_button.isEnabled() and "Import only the valid rows" in dialog.import_button.toolTip()

    assert not dialog.valid_only.isChecked()
    dialog.valid_only.setChecked(True)
    changed: list[str] = []
    ctx.events.changed.connect(changed.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    settle(ctx)
    assert dialog.result is not None and (dialog.result.added, dialog.result.skipped) == (5, 6)
    names = {o.name for o in ctx.gateway.read(orgs.list_all)}
    assert set(GOOD_ROWS.values()) <= names and "河滨社区读书会" not in names
    # the dialog stays open on the rows left out, their report kept, and it can be saved
    assert changed == ["orgs"] and dialog.isVisible() and dialog.tabs.currentIndex() == 2
    assert dialog.summary.text() == "Imported 5 rows. Left out 6 rows with problems: see Problems, or save the report."
    assert cells(dialog.problem_model, 1) == ["9", "10", "11", "12", "13", "14"]
    assert not dialog.import_button.isEnabled() and dialog.save_button.isEnabled()
    dialog.save_report(tmp_path / "problems.xlsx")
    settle(ctx)
    saved = CalamineWorkbook.from_path(str(tmp_path / "problems.xlsx")).get_sheet_by_index(0).to_python()
    assert saved[0] == ["Place in the sheet", "Column", "Severity", "Problem"] and len(saved) == 7
    assert saved[1][:3] == ["社会组织!9", "Founded", "Error"]
    assert dialog.problems.detail.text() == f"社会组织!9 Founded: {saved[1][3]}"  # the whole message, wrapped


def test_changing_the_mapping_checks_again(qtbot, ctx, settle, tmp_path):
    dialog = opened(qtbot, ctx, settle, org_workbook(tmp_path, ".ods"))
    dialog.set_mapping("name", NOT_READ)
    assert dialog.summary.text() == "No sheet column is read for: Name." and dialog.report is None
    assert dialog.tabs.tabText(2) == "Problems"
    assert not dialog.import_button.isEnabled()
    dialog.set_mapping("name", 1)
    dialog.set_mapping("founded_on", NOT_READ)  # the bad date is no longer read
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.report.valid == 6 and cells(dialog.problem_model, 1) == ["10", "11", "12", "13", "14"]


def test_a_sheet_without_a_header_says_so(qtbot, ctx, settle, tmp_path, when_shown):
    dialog = opened(qtbot, ctx, settle, org_workbook(tmp_path, ".xls"))
    warnings: list[str] = []
    when_shown(QMessageBox, lambda box: (warnings.append(box.text()), box.accept()))
    dialog.sheet_combo.setCurrentIndex(0)
    dialog.sheet_combo.activated.emit(0)
    settle(ctx)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "found in the sheet 填表说明" in warnings[0] and dialog.summary.text() == warnings[0]
    assert dialog.mapping_combos["name"].count() == 1 and not dialog.import_button.isEnabled()


def test_a_viewer_may_check_but_not_import(qtbot, ctx, settle, tmp_path):
    signin.sign_in(ctx.gateway.db, "zhaolei", DEMO_PASSWORD)
    dialog = opened(qtbot, ctx, settle, org_workbook(tmp_path))
    dialog.valid_only.setChecked(True)
    assert not dialog.import_button.isEnabled()
    assert dialog.import_button.toolTip() == (
        "As Viewer (read only) you may not edit the registers; it needs the role of Station head or Social worker.")


def test_export_asks_for_a_file_and_writes_it_on_the_worker(qtbot, ctx, settle, tmp_path, monkeypatch):
    chosen = tmp_path / "登记组织"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), ""))
    notices: list[str] = []
    ctx.events.notice.connect(notices.append)
    page = shown(qtbot, ImportDialog(ctx, "orgs"))  # any widget will do as the parent
    export_register(ctx, "orgs", OrgQuery(status="registered"), page)
    settle(ctx)
    rows = CalamineWorkbook.from_path(str(tmp_path / "登记组织.xlsx")).get_sheet_by_index(0).to_python()
    assert [row[0] for row in rows] == ["Name", "青山镇社区社会组织联合会", "新华社区老年协会"]
    assert notices == ["Exported 2 rows to 登记组织.xlsx."]
