"""One shape for background work: an operation run on the single database worker.

A job is a plain function ``job(progress) -> result`` run off the GUI thread. Its outcome comes
back through queued signals, so ``on_success`` / ``on_failure`` always run on the GUI thread.
One worker thread serialises every write, the way a single SQLite writer wants it.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.errors import WusheError
from desktop.i18n import _

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 300  # quick jobs finish before any dialog flashes up

Progress = Callable[[int, int, str], None]
Job = Callable[[Progress], Any]
CrashHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class Cancelled(Exception):
    """Raised inside a job by its ``progress`` callable once the user has pressed Cancel."""


def show_error(parent: QWidget | None, error: WusheError) -> None:
    QMessageBox.warning(_alive(parent), _("Wushe Desk"), error.message)


def _alive(widget: QWidget | None) -> QWidget | None:
    """``widget``, or None once Qt has deleted it (a page rebuilt while its job was running)."""
    return widget if widget is not None and shiboken6.isValid(widget) else None


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, job: Job, progress: Progress, signals: _Signals) -> None:
        super().__init__()
        self._job, self._progress, self._signals = job, progress, signals

    def run(self) -> None:
        try:
            result = self._job(self._progress)
        except BaseException as exc:  # noqa: BLE001 - every outcome must reach the GUI thread
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class _ProgressDialog(QProgressDialog):
    """A progress dialog that cannot be dismissed while a job that cannot stop is still running."""

    def __init__(self, label: str, cancellable: bool, parent: QWidget | None) -> None:
        super().__init__(label, _("Cancel") if cancellable else "", 0, 0, parent)
        self._cancellable = cancellable
        if not cancellable:
            self.setCancelButton(None)
        self.setWindowTitle(_("Wushe Desk"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(360)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self._cancellable:
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._cancellable:
            super().closeEvent(event)
        else:
            event.ignore()


class Operation(QObject):
    """One job: its cancel flag, its progress dialog, and the callbacks for its outcome."""

    done = Signal()

    def __init__(self, job: Job, *, parent: QWidget | None, label: str, cancellable: bool,
                 show_progress: bool, on_success: Callable[[Any], Any] | None,
                 on_failure: Callable[[WusheError], Any] | None, on_crash: CrashHook | None) -> None:
        super().__init__()
        self._job = job
        self._parent, self._label, self._cancellable = parent, label, cancellable
        self._on_success, self._on_failure, self._on_crash = on_success, on_failure, on_crash
        self._cancel = threading.Event()
        self._dialog: _ProgressDialog | None = None
        self._last: tuple[int, int, str] = (0, 0, "")
        self._finished = False
        self._signals = _Signals()
        connection = Qt.ConnectionType.QueuedConnection
        self._signals.progressed.connect(self._on_progress, connection)
        self._signals.succeeded.connect(self._succeeded, connection)
        self._signals.failed.connect(self._failed, connection)
        if show_progress:
            QTimer.singleShot(PROGRESS_DELAY_MS, self, self._show_dialog)

    def runnable(self) -> QRunnable:
        return _Runnable(self._job, self._progress, self._signals)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, text: str = "") -> None:
        """Called by the job on the worker: reports progress, or stops the job once cancelled."""
        if self._cancel.is_set():
            raise Cancelled
        self._signals.progressed.emit(done, total, text)

    def _show_dialog(self) -> None:
        if self._finished or self._cancel.is_set():
            return
        self._dialog = _ProgressDialog(self._label, self._cancellable, _alive(self._parent))
        self._dialog.canceled.connect(self.cancel)
        self._apply_progress()
        self._dialog.show()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._last = (done, total, text)
        self._apply_progress()

    def _apply_progress(self) -> None:
        if self._dialog is None or self._cancel.is_set():
            return
        done, total, text = self._last
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total else 0)
        if text:
            self._dialog.setLabelText(text)

    def _finish(self) -> None:
        self._finished = True
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        self.done.emit()

    def _asker_gone(self) -> bool:
        """Whether the widget that asked was deleted meanwhile (a page rebuilt, a window closed): its
        callbacks would reach a deleted C++ object, so its result is dropped."""
        return self._parent is not None and _alive(self._parent) is None

    def _succeeded(self, result: object) -> None:
        self._finish()
        if self._asker_gone():
            log.info("%s: done after its window closed", self._label)
        elif self._on_success is not None:
            self._on_success(result)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, Cancelled):
            log.info("%s: cancelled", self._label)
        elif isinstance(error, WusheError) and self._asker_gone():
            log.info("%s: %s (after its window closed)", self._label, error)
        elif isinstance(error, WusheError):
            log.info("%s: %s", self._label, error)
            if self._on_failure is not None:
                self._on_failure(error)
            else:
                show_error(self._parent, error)
        else:
            hook = self._on_crash or sys.excepthook  # the crash handler, once installed
            hook(type(error), error, error.__traceback__)


class TaskRunner(QObject):
    """The database worker: a pool of exactly one thread, and the operations it is running."""

    def __init__(self, on_crash: CrashHook | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setObjectName("database worker")
        self._pool.setMaxThreadCount(1)
        self._on_crash = on_crash
        self._running: set[Operation] = set()  # keeps each operation alive until it reports back

    def run(self, job: Job, *, parent: QWidget | None = None, label: str = "", cancellable: bool = False,
            show_progress: bool = True, on_success: Callable[[Any], Any] | None = None,
            on_failure: Callable[[WusheError], Any] | None = None) -> Operation:
        """Queue ``job``; a progress dialog over ``parent`` appears if it runs for a while.

        ``cancellable`` adds a Cancel button; only jobs that call ``progress`` can honour it.
        """
        op = Operation(job, parent=parent, label=label or _("Working…"), cancellable=cancellable,
                       show_progress=show_progress, on_success=on_success, on_failure=on_failure,
                       on_crash=self._on_crash)
        self._running.add(op)
        op.done.connect(lambda: self._running.discard(op))
        self._pool.start(op.runnable())
        return op

    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (for shutdown and tests); results still arrive as events."""
        return self._pool.waitForDone(msecs)
