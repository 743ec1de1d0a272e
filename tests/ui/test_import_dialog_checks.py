"""The import dialog's checks on the worker: one at a time (a change of mapping cancels the running one and
starts another), Cancel stops a check, and a long problem is read in full."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from desktop.services import signin
from desktop.ui.registers.import_dialog import NOT_READ, ImportDialog
from messy_workbooks import org_workbook
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def ctx(demo, make_ctx):  # type: ignore[no-untyped-def]
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    return make_ctx(demo)


def held(ctx) -> threading.Event:  # type: ignore[no-untyped-def]
    """A job holding the database worker until the event is set: the checks asked meanwhile wait their turn."""
    release = threading.Event()
    ctx.tasks.run(lambda _progress: release.wait(10), show_progress=False)
    return release


def opened(qtbot, ctx, settle, tmp_path) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot, ImportDialog(ctx, "orgs"))
    dialog.open_file(org_workbook(tmp_path))
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.report is not None)
    return dialog


def test_a_new_mapping_replaces_the_running_check(qtbot, ctx, settle, tmp_path):
    dialog = opened(qtbot, ctx, settle, tmp_path)
    release = held(ctx)
    dialog.set_mapping("founded_on", NOT_READ)
    first = dialog._check
    dialog.set_mapping("credit_code", NOT_READ)  # before the first check could start
    second = dialog._check
    assert first is not None and second is not None and first is not second
    assert first.cancelled and not second.cancelled and dialog._running == 2
    release.set()
    settle(ctx)
    qtbot.waitUntil(lambda: dialog._running == 0)
    assert dialog._check is None and not dialog._replaced
    assert dialog.report is not None and not {"credit_code", "founded_on"} & set(dialog.mapping())
    assert dialog.summary.text() == dialog.report.summary()  # not "cancelled": the second check said how it went


def test_cancel_stops_the_check(qtbot, ctx, settle, tmp_path):
    dialog = opened(qtbot, ctx, settle, tmp_path)
    release = held(ctx)
    dialog.check_button.click()
    assert dialog.report is None and dialog._check is not None
    dialog._check.cancel()  # as the progress dialog's Cancel does
    release.set()
    settle(ctx)
    qtbot.waitUntil(lambda: dialog._running == 0)
    assert dialog.report is None and dialog.summary.text() == "The check was cancelled; choose Check again."
    assert dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()


def test_a_long_problem_is_read_in_full(qtbot, ctx, settle, tmp_path):
    dialog = opened(qtbot, ctx, settle, tmp_path)
    model = dialog.problem_model
    last = model.index(model.rowCount() - 1, 3)
    assert model.data(last, Qt.ItemDataRole.ToolTipRole) == model.data(last)
    dialog.problems.view.setCurrentIndex(last)
    problem = model.row_object(last)
    assert dialog.problems.detail.isVisible() and dialog.problems.detail.text() == str(problem)
    assert dialog.problems.detail.wordWrap()
