"""时间线: everything that happened on the case, newest first, with a find box (Ctrl+F in the window)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle

from desktop.domain.codes import label
from desktop.i18n import N_, _, format_date
from desktop.services import case_timeline
from desktop.services.case_timeline import EVENT_KINDS, TimelineEvent
from desktop.services.cases import CaseView
from desktop.ui.cases.case_fields import CaseTab
from desktop.ui.context import AppContext
from desktop.ui.table_model import Column

SP = QStyle.StandardPixmap
# An icon per kind of event, so the eye finds the steps and the records in a long history.
ICONS: dict[str, QStyle.StandardPixmap] = {
    "opened": SP.SP_FileDialogNewFolder,
    "step": SP.SP_ArrowForward,
    "handover": SP.SP_MediaSeekForward,  # the case passes on, its stage unchanged
    "assessment": SP.SP_FileDialogDetailedView,
    "plan": SP.SP_FileDialogListView,
    "record": SP.SP_FileIcon,
    "correction": SP.SP_BrowserReload,
    "evaluation": SP.SP_DialogApplyButton,
    "referral": SP.SP_DirLinkIcon,
    "referral_status": SP.SP_DirLinkIcon,
    "follow_up": SP.SP_MessageBoxInformation,
    "follow_up_done": SP.SP_DialogYesButton,
}

COLUMNS: list[Column[TimelineEvent]] = [
    Column(N_("Date"), None, lambda e: format_date(e.on)),
    Column(N_("What"), None, lambda e: label(EVENT_KINDS, e.kind)),
    Column(N_("Who"), None, lambda e: e.who),
    Column(N_("Summary"), None, lambda e: e.summary),
]


def _icon(event: TimelineEvent, column: int, role: int) -> Any:
    if column == 1 and role == Qt.ItemDataRole.DecorationRole and event.kind in ICONS:
        return QApplication.style().standardIcon(ICONS[event.kind])
    return None


class TimelineTab(CaseTab[TimelineEvent]):
    def __init__(self, ctx: AppContext, case: CaseView) -> None:
        super().__init__(ctx, case, COLUMNS, lambda c: ctx.gateway.read(case_timeline.timeline, c.id), _icon)
        self._events: list[TimelineEvent] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Find in the timeline (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._show())
        self.column.insertWidget(0, self.search)
        self.view.setWordWrap(False)

    def load(self) -> None:
        self._events = list(self._load())
        self._show()

    def _show(self) -> None:
        words = self.search.text().strip().lower()
        self.model.set_rows([e for e in self._events if not words or words in " ".join(
            (e.summary, e.who, format_date(e.on), e.on.isoformat(), label(EVENT_KINDS, e.kind))).lower()])
        self.totals.setText(_("{shown} of {total} events").format(shown=self.model.rowCount(),
                                                                 total=len(self._events)) if words else "")
        self.totals.setVisible(bool(words))
