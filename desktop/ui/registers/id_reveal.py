"""The ID number of a stored record in its dialog: masked as the field's hint, shown in full only after an
audited reveal."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.domain import identity
from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services import privacy
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm


class WithIdNumber(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def id_masked(self) -> str: ...


def kept_number_hint(masked: str) -> str:
    """The ID number field's placeholder while it keeps the stored number (shown masked)."""
    return _("{masked} (type a new number to change it)").format(masked=masked) if masked else ""


class IdReveal(QWidget):
    """A Reveal button and, once pressed, the number beside it (``privacy.reveal`` writes the audit entry)."""

    def __init__(self, ctx: AppContext, table: str, record_id: str) -> None:
        super().__init__()
        self._ctx, self._table, self._record_id = ctx, table, record_id
        self.button = QPushButton(_("Reveal"))
        self.button.setToolTip(_("Show the full number here; the audit log records who looked."))
        self.button.clicked.connect(self.reveal)
        self.number = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.number, 1)

    def reveal(self) -> None:
        gateway, table, record_id = self._ctx.gateway, self._table, self._record_id
        self._ctx.tasks.run(lambda _p: gateway.write(privacy.reveal, table, record_id, identity.FIELD),
                            parent=self, label=_("Revealing…"), on_success=self._show)

    def _show(self, number: str) -> None:
        self.number.setText(number)
        self.button.setEnabled(False)


def add_reveal_row(form: FieldForm, ctx: AppContext, table: str, existing: WithIdNumber | None) -> IdReveal | None:
    """The reveal row under a stored record's ID number (none for a new record), shown only when a number
    is stored and the user may reveal it."""
    if existing is None:
        return None
    reveal = IdReveal(ctx, table, existing.id)
    form.add_row("revealed", "", reveal)
    form.layout.setRowVisible(reveal, bool(existing.id_masked) and ctx.gateway.may(Action.REVEAL_ID))
    return reveal
