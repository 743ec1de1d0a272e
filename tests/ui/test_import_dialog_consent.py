"""The import dialog for volunteers: the consent stated for a whole file, in two fields that must go together."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from desktop.domain.consent import Consent
from desktop.services import signin, volunteers
from desktop.ui.registers.import_dialog import ImportDialog
from messy_workbooks import workbook
from people_workbooks import consentless_grid
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def ctx(demo, make_ctx):  # type: ignore[no-untyped-def]
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    return make_ctx(demo)


def checked(qtbot, ctx, settle, dialog: ImportDialog) -> None:  # type: ignore[no-untyped-def]
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.report is not None)


def test_only_the_volunteer_register_asks_for_a_consent(qtbot, ctx):
    assert shown(qtbot, ImportDialog(ctx, "orgs")).consent_box is None
    box = shown(qtbot, ImportDialog(ctx, "volunteers")).consent_box
    assert box is not None and box.consent() is None


def test_the_consent_stated_for_the_file_lets_its_rows_in(qtbot, ctx, settle, tmp_path):
    dialog = shown(qtbot, ImportDialog(ctx, "volunteers"))
    box = dialog.consent_box
    assert box is not None
    dialog.open_file(workbook(tmp_path, ".xlsx", {"志愿者": consentless_grid()}))
    checked(qtbot, ctx, settle, dialog)
    assert dialog.report.invalid == 2 and not dialog.import_button.isEnabled()

    box.method_combo.setCurrentIndex(box.method_combo.findData("written"))
    box.method_combo.activated.emit(box.method_combo.currentIndex())
    assert dialog.report is None and not dialog.import_button.isEnabled()
    assert dialog.summary.text() == "Give both the date and the method of the consent for the whole file, or neither."

    box.date_edit.setDate(QDate(2024, 5, 1))
    checked(qtbot, ctx, settle, dialog)
    assert (dialog.report.valid, dialog.report.problems) == (3, [])
    dialog.start_import()
    settle(ctx)
    assert dialog.result is not None and dialog.result.added == 3
    found = {v.name: v.consent for v in ctx.gateway.read(volunteers.list_all)}
    assert found["林晓"] == Consent(date(2024, 5, 1), "written") and found["郝红"] is None
