"""Follow-up notes of a match under way: the visits, calls and what was delivered, kept as one text the
worker adds to."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from desktop.i18n import _, format_date
from desktop.services import matching
from desktop.services.forms import optional_text
from desktop.services.matching import MatchRow
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job

NOTES_LIMIT = 1000


class FollowUpDialog(FormDialog):
    def __init__(self, ctx: AppContext, match: MatchRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Follow-up notes"), ok_text=_("Save"), parent=parent,
                         intro=_("“{need}”, matched with {target} on {date}.").format(
                             need=match.need_title, target=match.target_name,
                             date=format_date(match.matched_on, "medium")))
        self.match = match
        self.notes = QPlainTextEdit()
        self.notes.setPlainText(match.follow_up)
        self.notes.setPlaceholderText(_("e.g. called on 5 March: meals delivered for two weeks, she is pleased"))
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.form.add_row("follow_up", _("Notes"), self.notes)
        self.update_button()
        self.notes.setFocus()
        self.notes.moveCursor(self.notes.textCursor().MoveOperation.End)

    def checked(self) -> str:
        return optional_text(self.notes.toPlainText(), "follow_up", NOTES_LIMIT)

    def job(self, values: str) -> Job:
        gateway, match_id = self._ctx.gateway, self.match.id
        return lambda _progress: gateway.write(matching.update_match, match_id, values)
