"""Follow-up notes of a match under way: the visits, calls and what was delivered. The history so far is shown
as it stands; a new note is added after it, dated and signed (services.matching.update_match)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from desktop.i18n import _, format_date
from desktop.services import matching
from desktop.services.forms import required_text
from desktop.services.matching import MatchRow
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job

NOTE_LIMIT = 500


class FollowUpDialog(FormDialog):
    def __init__(self, ctx: AppContext, match: MatchRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Follow-up notes"), ok_text=_("Add the note"), parent=parent,
                         intro=_("“{need}”, matched with {target} on {date}.").format(
                             need=match.need_title, target=match.target_name,
                             date=format_date(match.matched_on, "medium")))
        self.match = match
        history = QLabel(match.follow_up or _("No notes yet."))
        history.setWordWrap(True)
        history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.add_row("history", _("Notes so far"), history)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(_("e.g. called on 5 March: meals delivered for two weeks, she is pleased"))
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.form.add_row("follow_up", _("New note"), self.notes)
        self.update_button()
        self.notes.setFocus()

    def checked(self) -> str:
        return required_text(self.notes.toPlainText(), "follow_up", NOTE_LIMIT)

    def job(self, values: str) -> Job:
        gateway, match_id = self._ctx.gateway, self.match.id
        return lambda _progress: gateway.write(matching.update_match, match_id, values)
