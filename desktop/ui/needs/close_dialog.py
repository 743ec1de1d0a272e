"""Closing a need (solved, or cannot be solved) or a match (done, or did not work): how it ended is
required, since the lists and the station's reports count on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from desktop.domain.codes import MATCH_STATUSES, NEED_STATUSES
from desktop.i18n import _
from desktop.services import matching, needs
from desktop.services.forms import required_text
from desktop.services.matching import MatchRow
from desktop.services.needs import NeedRow
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.registers.choices import labelled
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day, day_edit

OUTCOME_LIMIT = 500
Work = Callable[[str, str, date], Any]  # (status, outcome, on) → the service call, run on the worker


class CloseDialog(FormDialog):
    def __init__(self, ctx: AppContext, *, title: str, ok_text: str, intro: str, statuses: dict[str, str], hint: str,
                 work: Work, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=title, ok_text=ok_text, intro=intro, parent=parent)
        self._work = work
        self.status = QComboBox()
        fill_combo(self.status, statuses)
        self.outcome_text = QPlainTextEdit()
        self.outcome_text.setPlaceholderText(hint)
        self.outcome_text.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.closed_on = day_edit()
        self.form.add_row("status", _("How it ended"), self.status)
        self.form.add_row("outcome", _("What came of it"), self.outcome_text)
        self.form.add_row("on", _("Closed on"), self.closed_on)
        self.update_button()
        self.outcome_text.setFocus()

    def checked(self) -> tuple[str, str, date]:
        return (combo_value(self.status), required_text(self.outcome_text.toPlainText(), "outcome", OUTCOME_LIMIT),
                day(self.closed_on))

    def job(self, values: tuple[str, str, date]) -> Job:
        work = self._work
        return lambda _progress: work(*values)


def close_need_dialog(ctx: AppContext, need: NeedRow, parent: QWidget | None = None) -> CloseDialog:
    gateway = ctx.gateway
    statuses = labelled({code: NEED_STATUSES[code] for code in ("solved", "unsolvable")})
    intro = _("Close “{title}” ({community}).").format(title=need.title, community=need.community)
    if need.matches:
        intro += " " + _("Its matches under way are closed with it, with the same outcome.")
    return CloseDialog(
        ctx, title=_("Close a need"), ok_text=_("Close the need"), intro=intro, statuses=statuses, parent=parent,
        hint=_("How it was solved, or why it cannot be"),
        work=lambda status, outcome, on: gateway.write(needs.close_need, need.id, status, outcome, on))


def close_match_dialog(ctx: AppContext, match: MatchRow, parent: QWidget | None = None) -> CloseDialog:
    gateway = ctx.gateway
    statuses = labelled({code: MATCH_STATUSES[code] for code in ("done", "failed")})
    return CloseDialog(
        ctx, title=_("Close a match"), ok_text=_("End the match"), statuses=statuses, parent=parent,
        intro=_("Close the match of “{need}” with {target}. When the last match of a need did not work, the need "
                "goes back to waiting for a match.").format(need=match.need_title, target=match.target_name),
        hint=_("What was done, or why it did not work"),
        work=lambda status, outcome, on: gateway.write(matching.close_match, match.id, status, outcome, on))
