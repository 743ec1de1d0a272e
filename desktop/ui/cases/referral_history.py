"""Under the referrals of a case: every status the chosen one took, its making first, with the day, who
recorded it and what the receiving side said then (``ReferralView.steps``). The feedback wraps rather than
being cut: it is what the pane is for."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.domain.codes import REFERRAL_STATUSES, label
from desktop.i18n import N_, _, format_date
from desktop.services.case_referrals import ReferralStep, ReferralView
from desktop.ui.list_view import ListOrEmpty, list_view
from desktop.ui.table_model import Column
from desktop.ui.volunteers.rows_model import RowsModel

COLUMNS: list[Column[ReferralStep]] = [
    Column(N_("Date"), None, lambda s: format_date(s.on)),
    Column(N_("Status"), None, lambda s: label(REFERRAL_STATUSES, s.status)),
    Column(N_("Recorded by"), None, lambda s: s.by),
    Column(N_("Feedback"), None, lambda s: s.feedback),
]


class ReferralHistory(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.model: RowsModel[ReferralStep] = RowsModel(COLUMNS)
        self.view = list_view(self.model)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rows = ListOrEmpty(self.view)
        self.title = QLabel()  # Alt+H (its mnemonic) goes to the table
        self.title.setBuddy(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.rows, 1)
        self.show_referral(None)

    def show_referral(self, referral: ReferralView | None) -> None:
        """``referral``'s steps, or a line asking to choose one."""
        name = referral.target_name.replace("&", "&&") if referral else ""  # a lone & would be a mnemonic
        self.title.setText(_("&History of the referral to {name}").format(name=name) if referral else
                           _("&History of the referral"))
        self.model.set_rows(referral.steps if referral else [])
        self.rows.show_rows(self.model.rowCount(), _("Choose a referral above to see each status it took."))
