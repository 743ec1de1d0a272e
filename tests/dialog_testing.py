"""Driving the app's form dialogs in UI tests: what a dialog shows as errors, and a dialog opened,
filled and saved in one call."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget


def errors(dialog: QWidget) -> list[str]:
    """The error lines the dialog shows (under a field, or under the form for what has no field)."""
    return [label.text() for label in dialog.findChildren(QLabel, "fieldError") if not label.isHidden()]


def run_dialog(when_shown, settle, ctx, kind: type, fill: Callable[[object], object],  # type: ignore[no-untyped-def]
               open_it: Callable[[], object]) -> list[str]:
    """Open a dialog with ``open_it``, fill it and save; returns what the dialog showed as errors
    when it stayed open (and was then cancelled), else []."""
    seen: list[list[str]] = []

    def act(dialog) -> None:  # type: ignore[no-untyped-def]
        fill(dialog)
        dialog.save()
        settle(ctx)
        if dialog.isVisible():  # refused: keep what it said, then cancel
            seen.append(errors(dialog))
            dialog.reject()

    when_shown(kind, act)
    open_it()
    settle(ctx)
    return seen[0] if seen else []
