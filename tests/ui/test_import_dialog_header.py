"""The import dialog on a client register with a row of group cells above its header: the real header
found, the header row chosen in a spin box (mapping, preview and check read again), the columns left
out named under the tabs, and the rows sharing an ID number both in the problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.services import signin
from desktop.ui.registers.import_dialog import ImportDialog
from grouped_register import BAD, GOOD, HEADER_ROW, grouped_workbook
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def ctx(demo, make_ctx):  # type: ignore[no-untyped-def]
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    return make_ctx(demo)


def cells(model, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_the_header_row_is_found_and_can_be_chosen(qtbot, ctx, settle, tmp_path):
    dialog = shown(qtbot, ImportDialog(ctx, "clients"), (900, 640))
    assert not dialog.header_spin.isEnabled()
    dialog.open_file(grouped_workbook(tmp_path))
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.header_spin.isEnabled() and dialog.header_spin.value() == HEADER_ROW
    assert dialog.mapping_combos["name"].currentText() == "A 姓名"
    assert dialog.mapping_combos["birth_date"].currentText() == "D 出生年月"
    assert dialog.unread.isVisible() and dialog.unread.text() == "Columns not imported: K 民族"
    assert cells(dialog.preview_model, 0) == [str(n) for n in sorted([*GOOD, *BAD])]
    assert (dialog.report.valid, dialog.report.invalid) == (len(GOOD), len(BAD))
    assert ("8", "Repeats row 7 of this sheet.") in zip(cells(dialog.problem_model, 1), cells(dialog.problem_model, 3))

    dialog.header_spin.setFocus()
    qtbot.keyClick(dialog.header_spin, Qt.Key.Key_Down)  # the group row above
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("No sheet column is read for"))
    assert dialog.report is None and not dialog.import_button.isEnabled()
    assert dialog.mapping_combos["name"].currentText() == "(not read)"
    assert dialog.mapping_combos["phone"].currentText() == "E 联系方式"
    assert cells(dialog.preview_model, 0)[0] == str(HEADER_ROW)  # the real header, read as a row of data

    dialog.set_header_row(HEADER_ROW)
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.mapping_combos["name"].currentText() == "A 姓名" and dialog.report.valid == len(GOOD)
