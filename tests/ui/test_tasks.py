from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QPushButton

from desktop.errors import ValidationError
from desktop.ui.tasks import Cancelled, TaskRunner


@pytest.fixture
def crashes():
    return []


@pytest.fixture
def runner(qtbot, crashes):
    runner = TaskRunner(on_crash=lambda kind, error, tb: crashes.append(error))
    yield runner
    runner.wait()


def test_success_arrives_on_the_gui_thread(qtbot, runner):
    seen: list[tuple[object, bool]] = []
    gui = threading.current_thread()
    runner.run(lambda progress: threading.current_thread() is not gui,
               on_success=lambda result: seen.append((result, threading.current_thread() is gui)))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(True, True)]  # ran on the worker, reported on the GUI thread


def test_domain_errors_go_to_on_failure_and_others_to_the_crash_handler(qtbot, runner, crashes):
    failures: list[Exception] = []

    def invalid(_progress):
        raise ValidationError("name", "bad name")

    def broken(_progress):
        raise KeyError("bug")

    runner.run(invalid, on_failure=failures.append)
    runner.run(broken, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures and crashes))
    assert isinstance(failures[0], ValidationError) and failures[0].field == "name"
    assert isinstance(crashes[0], KeyError)
    assert not runner.busy()


def test_cancel_stops_a_job_that_reports_progress(qtbot, runner):
    started, release = threading.Event(), threading.Event()
    reached: list[int] = []
    outcome: list[str] = []

    def job(progress):
        started.set()
        release.wait(5)
        for step in range(100):
            progress(step, 100, "working")
            reached.append(step)

    op = runner.run(job, cancellable=True, on_success=lambda _r: outcome.append("done"))
    started.wait(5)
    op.cancel()
    release.set()
    runner.wait()
    qtbot.waitUntil(lambda: not runner.busy())
    assert reached == [] and outcome == []
    assert op.cancelled


def test_a_slow_job_shows_a_progress_dialog(qtbot, runner):
    release = threading.Event()
    op = runner.run(lambda progress: release.wait(5), label="Slow work", cancellable=True)
    qtbot.waitUntil(lambda: op._dialog is not None and op._dialog.isVisible(), timeout=3000)
    assert op._dialog.labelText() == "Slow work"
    op._dialog.findChild(QPushButton).click()  # Cancel
    assert op.cancelled
    release.set()
    qtbot.waitUntil(lambda: not runner.busy())
    assert op._dialog is None


def test_cancelled_is_an_exception_jobs_may_raise(qtbot, runner, crashes):
    failures: list[Exception] = []

    def job(_progress):
        raise Cancelled

    runner.run(job, on_failure=failures.append)
    qtbot.waitUntil(lambda: not runner.busy())
    assert failures == [] and crashes == []


def test_a_result_for_a_deleted_widget_is_dropped(qtbot, runner, crashes):
    """A page rebuilt while its count ran: the callback bound to it would touch a deleted widget."""
    release = threading.Event()
    page = QPushButton()
    shown: list[object] = []
    runner.run(lambda _progress: release.wait(5), parent=page, show_progress=False,
               on_success=lambda result: page.setText(str(result)) or shown.append(result))
    kept = QPushButton()
    runner.run(lambda _progress: 7, parent=kept, show_progress=False, on_success=shown.append)
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page))
    release.set()
    qtbot.waitUntil(lambda: not runner.busy())
    assert shown == [7] and not crashes
