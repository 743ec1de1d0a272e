"""Adding or editing one record of a register: a ``FormDialog`` that tells every page when it saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic

from PySide6.QtWidgets import QLayout, QWidget

from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.registers.spec import R
from desktop.ui.tasks import Job

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class RecordDialog(FormDialog, Generic[R]):
    """``existing`` None adds a record; on success ``outcome`` is the saved view and ``topic`` is published."""

    outcome: R | None

    def __init__(self, ctx: AppContext, existing: R | None, *, topic: str, new_title: str,
                 parent: QWidget | None = None) -> None:
        title = _("Edit {name}").format(name=existing.name) if existing is not None else new_title
        super().__init__(ctx, title=title, ok_text=_("Save"), parent=parent)
        self.existing = existing
        self.content.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never cut its fields short
        self.accepted.connect(lambda: ctx.events.publish(topic))

    def add_or_update(self, add: Callable[[Session, Any], R], update: Callable[[Session, str, Any], R],
                      values: Any) -> Job:
        """The job for ``job()``: ``add`` the values as a new record, or ``update`` the record edited."""
        gateway, existing = self._ctx.gateway, self.existing
        if existing is None:
            return lambda _progress: gateway.write(add, values)
        return lambda _progress: gateway.write(update, existing.id, values)
