"""What the micro-venture screens share: the topics their changes are published under, a date input for
planned dates, fields that lock once a proposal is submitted, and a dialog run that tells every view."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QDateEdit, QDialog, QFrame, QLayout,
                               QLineEdit, QPlainTextEdit, QScrollArea, QWidget)

from desktop.ui.context import AppContext
from desktop.ui.forms import set_read_only
from desktop.ui.registers.date_field import DateEdit

TOPIC = "projects"  # published after every change to a proposal or project
ROUNDS_TOPIC = "rounds"  # published after a round (its rules, rubric or reviewers) changed


def date_edit(value: date | None = None) -> QDateEdit:
    """A planned date, past or future (a project's period, an application window), today by default."""
    return DateEdit(value)


def scrolled(layout: QLayout) -> QScrollArea:
    """``layout`` in a frameless area that scrolls when the window is shorter than the form (1366×768)."""
    body = QWidget()
    body.setLayout(layout)
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(body)
    return area


def set_editable(container: QWidget, editable: bool) -> None:
    """Every input inside ``container`` editable or not: text stays readable and selectable when not (on the
    window's colour); choices and tick boxes are greyed out."""
    for widget in container.findChildren(QWidget):
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            set_read_only(widget, not editable)
        elif isinstance(widget, (QComboBox, QAbstractSpinBox)) or (
                isinstance(widget, QAbstractButton) and widget.isCheckable()):
            widget.setEnabled(editable)


def published(ctx: AppContext, dialog: QDialog, topic: str = TOPIC) -> bool:
    """Run ``dialog``; when it saved, tell every view of ``topic``. The dialog is dropped after."""
    accepted = bool(dialog.exec())
    dialog.deleteLater()
    if accepted:
        ctx.events.publish(topic)
    return accepted
